"""Saving a result: the core writes the files; this asks, reports, and keeps the window usable.

``save_interactively`` (File ▸ Save) asks for a file name through the injected
``prompts`` (its folder may be a new one, made when saving; the files share its stem:
``cat.png``, ``cat-delta.png``, ``cat-delta.npy``, ``cat.json``), then whether to replace
the files of that set already there, then saves on a worker (with quantize it may take
extra attack steps; at full resolution the photo is read again). ``save`` runs the same
call directly for scripts and returns its report.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import Any, Protocol

from PySide6.QtCore import QCoreApplication, Signal

from advgui.core.errors import SaveError
from advgui.core.save_names import split_file_name
from advgui.core.stops import Stopped
from advgui.gui import present
from advgui.gui.backend import Services
from advgui.gui.controllers.base import Controller
from advgui.gui.jobs import FunctionWorker, JobRunner
from advgui.gui.state import AppState

BUSY = "save"


class SavePrompts(Protocol):
    def choose_results_file(self, name: str) -> str: ...  # a path, "" when cancelled
    def confirm_overwrite(self, folder: str, names: list[str]) -> bool: ...


class SaveController(Controller):
    saved = Signal(object)  # SaveReport, after an interactive save

    def __init__(
        self, state: AppState, runner: JobRunner, services: Services, *, prompts: SavePrompts
    ) -> None:
        super().__init__(state, runner, services)
        self.prompts = prompts

    def _arguments(self, folder: str | Path, overwrite: bool, quantize: bool | None) -> tuple:
        run = self.state.shown_run()  # the newest result, or a run chosen in the history
        if run is None:
            raise SaveError(
                QCoreApplication.translate(
                    "SaveController", "nothing to save yet: run an attack first"
                )
            )
        if quantize is None:
            quantize = self.state.quantize
        source = str(run.source) if run.source else None
        return (
            run.model,
            run.result,
            Path(folder),
            overwrite,
            quantize,
            self.state.amplify,
            source,
        )

    def _full_resolution(self, full_resolution: bool | None) -> bool:
        return self.state.full_resolution if full_resolution is None else full_resolution

    def save(
        self,
        folder: str | Path,
        *,
        overwrite: bool = False,
        quantize: bool | None = None,
        stem: str | None = None,
        full_resolution: bool | None = None,
    ) -> Any:
        """Write the run shown (the newest result, or one chosen in the history) into
        ``folder`` now, under ``stem`` (None: the fixed names); SaveError (one line) when
        it cannot."""
        run = self.state.shown_run()
        report = self.services.save(
            *self._arguments(folder, overwrite, quantize),
            stem=stem,
            full_resolution=self._full_resolution(full_resolution),
        )
        self.state.mark_saved(run.number)
        self.message.emit(saved_line(report))
        return report

    def save_interactively(self) -> None:
        if self.state.shown_run() is None:
            self.message.emit(
                QCoreApplication.translate(
                    "SaveController", "Nothing to save yet: run an attack first (Ctrl+R)."
                )
            )
            return
        chosen = self.prompts.choose_results_file(suggested_name(self.state.shown_run()))
        if not chosen:
            return
        try:
            folder, stem = split_file_name(chosen)
        except SaveError as exc:
            self.error.emit(QCoreApplication.translate("SaveController", "Cannot save"), exc)
            return
        full = self.state.full_resolution
        found = self.services.existing_outputs(folder, stem, full)
        existing = [p.name for p in found]
        if existing and not self.prompts.confirm_overwrite(str(folder), existing):
            self.message.emit(
                QCoreApplication.translate(
                    "SaveController", "Not saved: the files there were kept."
                )
            )
            return
        save = partial(self.services.save, stem=stem, full_resolution=full, create=True)
        worker = FunctionWorker(save, *self._arguments(folder, bool(existing), None))
        number = self.state.shown_run().number
        worker.succeeded.connect(lambda _report: self.state.mark_saved(number))
        worker.succeeded.connect(self._on_saved)
        worker.failed.connect(self._on_failed)
        worker.finished.connect(self._on_finished)
        self.state.set_saving(True)
        self.state.set_busy(BUSY, QCoreApplication.translate("SaveController", "Saving…"))
        self.message.emit(
            QCoreApplication.translate("SaveController", "Saving into {folder}…").format(
                folder=folder
            )
        )
        self.runner.start(worker)

    def _on_saved(self, report: Any) -> None:
        self.message.emit(saved_line(report))
        if not self.closing:
            self.saved.emit(report)

    def _on_failed(self, exc: BaseException) -> None:
        if isinstance(exc, Stopped):  # the window is closing: no dialog, the folder is kept
            self.message.emit(
                QCoreApplication.translate(
                    "SaveController", "Not saved ({signal}): the folder is as it was."
                ).format(signal=exc.signal_name)
            )
            return
        self.error.emit(QCoreApplication.translate("SaveController", "Cannot save"), exc)

    def _on_finished(self) -> None:
        self.state.set_busy(BUSY, None)
        self.state.set_saving(False)


def saved_line(report: Any) -> str:
    """The status line after a save: where, then the core's sentences about it."""
    said = present.sentence(report.message)
    if report.full_message:
        said += f" {present.sentence(report.full_message)}"
    return QCoreApplication.translate("SaveController", "Saved in {folder}. {said}").format(
        folder=report.paths[0].parent, said=said
    )


def suggested_name(run: Any) -> str:
    """The file name File ▸ Save offers: the photo's name, the attack and its norm, and
    the target class when there is one: ``chelsea-pgd-linf.png``, ``coffee-sgd-linf-to-404.png``."""
    settings = run.result.settings
    photo = Path(run.source).stem if run.source else "adversarial"
    target = f"-to-{settings.target}" if settings.target is not None else ""
    return f"{photo}-{settings.attack.value}-{settings.norm.value}{target}.png"
