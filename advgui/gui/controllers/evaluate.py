"""The Evaluate tab's behaviour: count the images, run an evaluation, export it, open one.

``start`` runs ``EvalServices.evaluate`` on a worker (the window's job runner, as attacks
are): transfer models load there, off the GUI thread, and are kept for later runs on the
same device. Each finished image goes into ``EvalState`` at once (the table adds its
row); the summary, which the curve draws, is recomputed from the rows on a timer, at
most a few times a second and never taking more than a tenth of the GUI thread.
``start_asking`` (the tab's Run) first asks before it replaces results that were not
exported; a No keeps them. ``stop`` ends the run within one attack step; the finished
images stay. ``ask_labels`` chooses a labels CSV file (as the CLI's ``--labels``).
``export`` writes the CLI's files; ``open_image`` asks the window to show an image of the
run in the Attack tab with the attack it was evaluated with (``openRequested``).
"""

from __future__ import annotations

import dataclasses
import time
from pathlib import Path
from typing import Any, Protocol

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QTimer, Signal

from advgui.core.errors import ErrorKind, SaveError, classify
from advgui.gui.backend import Services
from advgui.gui.controllers.base import RunController
from advgui.gui.error_text import user_text
from advgui.gui.evaluate_present import exported_line, finished_line
from advgui.gui.evaluation_backend import (
    Busy,
    EvalJob,
    EvalServices,
    Finished,
    Halted,
    Loaded,
    Started,
)
from advgui.gui.evaluation_state import EvalImage, EvalState
from advgui.gui.evaluation_worker import StreamWorker
from advgui.gui.jobs import FunctionWorker, Job, JobRunner
from advgui.gui.state import AppState

BUSY = "evaluate"
#: The curve and the figures are redrawn at most this often during a run.
SUMMARY_MS = 250

#: What a run that ran out of memory says (translated when said).
OUT_OF_MEMORY = {
    ErrorKind.OUT_OF_GPU_MEMORY: QT_TRANSLATE_NOOP(
        "EvaluateController",
        "out of GPU memory during the evaluation; choose the CPU as the device, or fewer "
        "images per batch",
    ),
    ErrorKind.OUT_OF_MEMORY: QT_TRANSLATE_NOOP(
        "EvaluateController", "out of memory during the evaluation; try fewer images per batch"
    ),
}


class EvalPrompts(Protocol):
    def choose_image_folder(self) -> str: ...  # "" when cancelled
    def choose_export_folder(self) -> str: ...
    def confirm_overwrite(self, folder: str, names: list[str]) -> bool: ...
    def choose_labels_file(self) -> str: ...  # "" when cancelled
    def confirm_replace_results(self, files: int) -> bool: ...


class EvaluateController(RunController):
    exported = Signal(object)  # the paths written, after an interactive export
    openRequested = Signal(str, object, str)  # image path, AttackSettings, model name

    def __init__(
        self,
        state: AppState,
        evaluation: EvalState,
        runner: JobRunner,
        services: Services,
        eval_services: EvalServices,
        *,
        prompts: EvalPrompts | None = None,
    ) -> None:
        super().__init__(state, runner, services)
        self.evaluation = evaluation
        self.eval_services = eval_services
        self.prompts = prompts
        self.job: Job | None = None
        #: Transfer models loaded by earlier runs, by (name, device) (the attack view's
        #: transfer check uses them too).
        self.kept: dict[tuple[str, str], Any] = {}
        self._count_token = 0
        self._halted = self._failed = False
        self._dirty = False
        self._summary_cost = 0.0
        self._next_summary = 0.0
        self.timer = QTimer(self)
        self.timer.setInterval(SUMMARY_MS)
        self.timer.timeout.connect(self._on_tick)

    # -- the images -----------------------------------------------------------------------
    def choose_inputs(self, paths: list[str] | tuple[str, ...]) -> None:
        """Evaluate ``paths`` (folders and image files); they are counted on a worker."""
        inputs = tuple(str(p) for p in paths if str(p).strip())
        if self.evaluation.running or self.closing:
            return
        self.evaluation.set_inputs(inputs)
        self._count_token += 1
        if not inputs:
            return
        worker = FunctionWorker(self.eval_services.collect, inputs, tag=self._count_token)
        worker.succeeded.connect(self._on_counted)
        worker.failed.connect(self._on_count_failed)
        self.runner.start(worker)

    def ask_inputs(self) -> None:
        """Ask for a folder of images (the tab's Choose button) and take it."""
        if self.prompts is not None and (folder := self.prompts.choose_image_folder()):
            self.choose_inputs([folder])

    def ask_labels(self) -> None:
        """Ask for a labels CSV file (the tab's Labels… button) and use it."""
        if self.prompts is not None and (path := self.prompts.choose_labels_file()):
            self.set_labels(path)

    def set_labels(self, path: str | Path | None) -> None:
        """Label the images from ``path`` (``file,class`` rows, as the CLI's ``--labels``);
        None or "" goes back to folder names, else the model's clean prediction."""
        ev = self.evaluation
        if not ev.running:
            ev.set_request(dataclasses.replace(ev.request, labels=str(path or "")))

    def _on_counted(self, tagged: tuple) -> None:
        token, (images, others) = tagged
        if token == self._count_token:
            self.evaluation.set_count(images, others)

    def _on_count_failed(self, tagged: tuple) -> None:
        token, exc = tagged
        if token == self._count_token:
            self.evaluation.set_count_error(user_text(exc))

    # -- a run ----------------------------------------------------------------------------
    def start(self) -> bool:
        """Run the tab's plan on its images; False (and why, in the status bar) if it cannot."""
        ev, app = self.evaluation, self.state
        if self.job is not None:
            return False
        if (why := ev.run_blocker()) is not None:
            self.message.emit(why)
            return False
        loaded = app.model
        job = EvalJob(
            plan=ev.plan,
            inputs=ev.inputs,
            model=loaded.classifier,
            device=loaded.device,
            precision=app.precision,
            threads=app.threads,
            transfer_models={n: m for (n, d), m in self.kept.items() if d == loaded.device},
        )
        evaluate, load = self.eval_services.evaluate, self.services.load_model
        worker = StreamWorker(lambda stopping: evaluate(job, stopping, load))
        worker.event.connect(self._on_event)
        worker.failed.connect(self._on_failed)
        worker.finished.connect(self._on_finished)
        self._halted = self._failed = self._dirty = False
        self._summary_cost, self._next_summary = 0.0, 0.0
        self.services.release_cpu_threads()
        ev.begin_run()
        self.job = self.runner.start(worker)
        if self.job is None:  # closing
            ev.finish_run("stopped")
            return False
        self.timer.start()
        self.message.emit(
            QCoreApplication.translate(
                "EvaluateController", "Starting the evaluation of {model}…"
            ).format(model=loaded.name)
        )
        return True

    def start_asking(self) -> bool:
        """``start``, after asking (``prompts``) whether to replace the results shown when
        they were not exported; a No keeps them and starts nothing."""
        ev = self.evaluation
        files = ev.unexported()
        if self.job is None and ev.run_blocker() is None and files and self.prompts is not None:
            if not self.prompts.confirm_replace_results(files):
                self.message.emit(
                    QCoreApplication.translate(
                        "EvaluateController",
                        "Not started: the results shown are kept. Export them first.",
                    )
                )
                return False
        return self.start()

    def stop(self) -> None:
        if self.job is not None:
            self.job.stop()
            self.message.emit(
                QCoreApplication.translate(
                    "EvaluateController", "Stopping: the images finished so far are kept…"
                )
            )

    def _on_event(self, event: object) -> None:
        ev = self.evaluation
        if isinstance(event, Finished):
            done = event.done
            ev.add_image(
                EvalImage(done.item.id, done.item.path, tuple(done.rows), event.thumbnail),
                done.elapsed,
            )
            self._dirty = True
        elif isinstance(event, Started):
            ev.start_run(event.config, event.run_info, event.total)
            self.state.set_busy(BUSY, None)
            count = ev.image_count()
            line = (
                QCoreApplication.translate(
                    "EvaluateController",
                    "Evaluating {model} on 1 image… Stop ends the run within one attack step.",
                )
                if count == 1
                else QCoreApplication.translate(
                    "EvaluateController",
                    "Evaluating {model} on {count} images… "
                    "Stop ends the run within one attack step.",
                )
            )
            self.message.emit(line.format(model=event.config.model, count=count))
        elif isinstance(event, Busy):
            self.state.set_busy(BUSY, event.text)
            self.message.emit(event.text)
        elif isinstance(event, Loaded):
            self.kept[(event.name, event.device)] = event.model
        elif isinstance(event, Halted):
            self._halted = True

    def _on_failed(self, exc: BaseException) -> None:
        self._failed = True
        kind = classify(exc)
        if kind in OUT_OF_MEMORY:
            self.services.release_memory()
            exc = QCoreApplication.translate("EvaluateController", OUT_OF_MEMORY[kind])
        if not self.closing:
            self.error.emit(
                QCoreApplication.translate("EvaluateController", "The evaluation failed"), exc
            )

    def _on_finished(self) -> None:
        self.timer.stop()
        self.job = None
        self.state.set_busy(BUSY, None)
        self._refresh()
        ev = self.evaluation
        outcome = "failed" if self._failed else "stopped" if self._halted else "done"
        self.message.emit(finished_line(outcome, ev.done, ev.total, ev.elapsed, ev.summary))
        ev.finish_run(outcome)

    def _on_tick(self) -> None:
        if self._dirty and time.perf_counter() >= self._next_summary:
            self._refresh()

    def _refresh(self) -> None:
        """The summary of the rows so far; the next one waits at least ten times as long
        as this one took, so a long run's summaries never crowd the GUI thread."""
        self._dirty = False
        rows = self.evaluation.rows
        began = time.perf_counter()
        summary = self.eval_services.summarize(rows) if rows else None
        cost = time.perf_counter() - began
        self._next_summary = began + 10 * cost
        self.evaluation.set_summary(summary)

    # -- export ---------------------------------------------------------------------------
    def _export_arguments(self, folder: str | Path, overwrite: bool) -> tuple:
        ev = self.evaluation
        if not ev.rows or ev.run_info is None:
            raise SaveError(
                QCoreApplication.translate(
                    "EvaluateController", "nothing to export yet: run an evaluation first"
                )
            )
        return Path(folder), list(ev.rows), dict(ev.run_info), overwrite

    def export(self, folder: str | Path, *, overwrite: bool = False) -> list[Path]:
        """Write the CLI's files for the rows so far into ``folder`` now; SaveError (one
        line, nothing written) when it cannot."""
        paths = self.eval_services.export(*self._export_arguments(folder, overwrite))
        self.evaluation.set_exported()
        self.message.emit(exported_line(paths))
        return paths

    def export_interactively(self) -> None:
        """Ask for a folder (and before replacing files), then export on a worker."""
        ev = self.evaluation
        if not ev.rows or self.prompts is None or ev.exporting:
            return
        folder = self.prompts.choose_export_folder()
        if not folder:
            return
        existing = self.eval_services.existing_exports(Path(folder))
        if existing and not self.prompts.confirm_overwrite(folder, existing):
            self.message.emit(
                QCoreApplication.translate(
                    "EvaluateController", "Not exported: the files there were kept."
                )
            )
            return
        worker = FunctionWorker(
            self.eval_services.export, *self._export_arguments(folder, bool(existing))
        )
        # Slots of this object, never lambdas: they then run on the GUI thread (queued).
        worker.succeeded.connect(self._on_exported)
        worker.failed.connect(self._on_export_failed)
        worker.finished.connect(self._on_export_finished)
        ev.set_exporting(True)
        self.message.emit(
            QCoreApplication.translate("EvaluateController", "Exporting into {folder}…").format(
                folder=folder
            )
        )
        self.runner.start(worker)

    def _on_exported(self, paths: list[Path]) -> None:
        self.evaluation.set_exported()
        self.message.emit(exported_line(paths))
        if not self.closing:
            self.exported.emit(paths)

    def _on_export_failed(self, exc: BaseException) -> None:
        self.error.emit(QCoreApplication.translate("EvaluateController", "Cannot export"), exc)

    def _on_export_finished(self) -> None:
        self.evaluation.set_exporting(False)

    # -- one image in the Attack tab --------------------------------------------------------
    def open_image(self, index: int, eps_index: int | None = None) -> bool:
        """Ask for image ``index`` of the run in the Attack tab, with the run's attack at
        the radius ``eps_index`` (default: the smallest that fooled it, else the largest)."""
        ev = self.evaluation
        if ev.config is None or not 0 <= index < len(ev.images):
            return False
        image = ev.images[index]
        if image.skipped is not None:
            line = QCoreApplication.translate("EvaluateController", "{image} was skipped: {reason}")
            self.message.emit(line.format(image=image.id, reason=image.skipped))
            return False
        config = ev.config
        if eps_index is None:
            fooled = [r["eps"] for r in image.rows if r.get("fooled")]
            eps = min(fooled) if fooled else config.eps[-1]
        else:
            eps = config.eps[eps_index]
        self.openRequested.emit(str(image.path), config.settings.replace(eps=eps), config.model)
        return True
