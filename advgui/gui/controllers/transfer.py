"""Transfer in the attack view: the shown run's adversarial image on the other models.

Whenever the run shown changes (a run ends, one is chosen in the history), the
adversarial image is shown to each other model whose weights are on this computer
(``others``: offline ones first, at most ``MAX_OTHERS``; never a download) on a worker
(``Services.check_transfer``). ``AppState.transfer`` holds the verdicts as they come;
a new run, image or model clears it (nothing is shown), and a check no longer wanted is
stopped before its next model. One check runs at a time; the models it loads are kept
(``kept``, on the device in use), models the Evaluate tab loaded for its transfer column
are used too (``borrowed``), and each run's verdicts are kept, so going back to a run
costs nothing. Nothing here blocks Run.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import QCoreApplication

from advgui.gui.backend import Services
from advgui.gui.catalog import BUNDLED, MISSING, Catalog
from advgui.gui.controllers.base import Controller
from advgui.gui.error_text import user_text
from advgui.gui.evaluation_backend import Loaded
from advgui.gui.evaluation_worker import StreamWorker
from advgui.gui.jobs import Job, JobRunner
from advgui.gui.state import AppState, FinishedRun
from advgui.gui.transfer_backend import TransferJob
from advgui.gui.transfer_facts import Transfer, Verdict

#: The most other models a run is shown to (and so kept loaded by this check): the
#: offline ones first, then those with weights on disk, in the models list's order.
MAX_OTHERS = 4


def others(catalog: Catalog | None, attacked: str) -> tuple[str, ...]:
    """The models a run on ``attacked`` is shown to (see ``MAX_OTHERS``)."""
    if catalog is None:
        return ()
    usable = [e for e in catalog.models if e.status != MISSING and e.name != attacked]
    usable.sort(key=lambda e: e.status != BUNDLED)  # stable: the list's order within each
    return tuple(e.name for e in usable[:MAX_OTHERS])


class TransferController(Controller):
    def __init__(
        self,
        state: AppState,
        runner: JobRunner,
        services: Services,
        *,
        borrowed: Mapping[tuple[str, str], Any] | None = None,
    ) -> None:
        super().__init__(state, runner, services)
        #: Models this check loaded, by (name, device): at most MAX_OTHERS, one device.
        self.kept: dict[tuple[str, str], Any] = {}
        #: Models loaded elsewhere (the Evaluate tab's transfer models), used as they are.
        self.borrowed: Mapping[tuple[str, str], Any] = borrowed if borrowed is not None else {}
        self.job: Job | None = None
        self._checking: FinishedRun | None = None  # the run the job is for
        self._done: dict[int, Transfer] = {}  # finished checks, by run number
        state.resultChanged.connect(self._refresh)
        state.shownChanged.connect(self._refresh)
        state.historyChanged.connect(self._forget_removed)

    # -- what is wanted -------------------------------------------------------------------
    def _wanted(self) -> FinishedRun | None:
        return self.state.shown_run()

    def _refresh(self) -> None:
        """Show the verdicts on the run shown: kept ones, or start (or queue) a check."""
        if self.closing:
            return
        run = self._wanted()
        if run is None:
            self.state.set_transfer(None)
            self._stop_job()
            return
        if (done := self._done.get(run.number)) is not None:
            self.state.set_transfer(done)
            self._stop_job()
            return
        if self.job is not None:
            if self._checking is not run:
                self._stop_job()  # the next check starts when this one has ended
            if self._current() is None or self._checking is not run:
                self.state.set_transfer(self._blank(run))
            return
        self._start(run)

    def _blank(self, run: FinishedRun) -> Transfer:
        return Transfer(
            run.number,
            others(self.state.catalog, run.model.name),
            targeted=run.result.settings.target is not None,
        )

    def _start(self, run: FinishedRun) -> None:
        transfer = self._blank(run)
        self.state.set_transfer(transfer)
        if not transfer.models:
            self._done[run.number] = transfer
            return
        device = self.state.model.device if self.state.model is not None else "cpu"
        for key in [k for k in self.kept if k[1] != device]:
            del self.kept[key]  # models on a device no longer used: their memory goes
        result = run.result
        job = TransferJob(
            x=result.x[:1],
            adversarial=result.adversarial[:1],
            label=int(result.labels[0]),
            target=result.settings.target,
            models=transfer.models,
            device=device,
            kept={
                n: m for (n, d), m in (*self.borrowed.items(), *self.kept.items()) if d == device
            },
        )
        check = self.services.check_transfer
        worker = StreamWorker(lambda stopping: check(job, stopping))
        worker.event.connect(self._on_event)
        worker.failed.connect(self._on_failed)
        worker.finished.connect(self._on_finished)
        self._checking = run
        self.job = self.runner.start(worker)
        if self.job is None:  # closing
            self._checking = None

    def _stop_job(self) -> None:
        if self.job is not None:
            self.job.stop()

    def _forget_removed(self) -> None:
        numbers = {r.number for r in self.state.runs}
        self._done = {n: t for n, t in self._done.items() if n in numbers}

    # -- signals from the worker ----------------------------------------------------------
    def _current(self) -> Transfer | None:
        """The transfer the job's answers go to: the state's, while it is for that run."""
        t, run = self.state.transfer, self._checking
        return t if t is not None and run is not None and t.run == run.number else None

    def _on_event(self, event: object) -> None:
        if isinstance(event, Loaded):
            self.kept[(event.name, event.device)] = event.model
        elif isinstance(event, Verdict) and (t := self._current()) is not None:
            self.state.set_transfer(t.adding(event))

    def _on_failed(self, exc: BaseException) -> None:
        if (t := self._current()) is not None:
            line = user_text(exc)
            failed = Transfer(t.run, t.models, t.verdicts, t.targeted, failed=line)
            self.state.set_transfer(failed)
            self.message.emit(
                QCoreApplication.translate(
                    "TransferController", "The other models could not all be checked: {why}"
                ).format(why=line)
            )

    def _on_finished(self) -> None:
        run, self._checking, self.job = self._checking, None, None
        t = self.state.transfer
        if run is not None and t is not None and t.run == run.number and not t.checking:
            self._done[run.number] = t  # complete, or ended by an error: not retried
        self._refresh()  # the run shown now may be another one
