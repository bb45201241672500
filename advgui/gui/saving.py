"""Save results: the core writes the files; this asks, reports, and keeps the window usable.

The menu's save runs on a worker (with quantize it may take extra attack steps); the
public ``MainWindow.save_results`` runs the same call directly and returns its report.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QMessageBox

from advgui.core.errors import SaveError
from advgui.gui import dialogs
from advgui.gui.worker import FunctionWorker

if TYPE_CHECKING:
    from advgui.gui.main_window import MainWindow


def write_results(
    model: Any,
    result: Any,
    folder: Path,
    overwrite: bool,
    quantize: bool,
    amplify: float,
    source: str | None,
) -> Any:
    """The core's save, as one call that a worker thread can run."""
    from advgui.core.export import save_results

    return save_results(
        model, result, folder, force=overwrite, quantize=quantize, amplify=amplify, source=source
    )


class Saving(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.w = window
        self.busy = False
        window.actions.save.triggered.connect(self._on_save_triggered)

    def save(self, folder: str | Path, *, overwrite: bool, quantize: bool | None) -> Any:
        report = write_results(*self._arguments(folder, overwrite, quantize))
        self._on_saved(report, dialog=False)
        return report

    def _arguments(self, folder: str | Path, overwrite: bool, quantize: bool | None) -> tuple:
        w = self.w
        if w.session.result is None:
            raise SaveError("nothing to save yet: run an attack first")
        if quantize is None:
            quantize = w.actions.quantize.isChecked()
        w.prefs.set_folder("save", folder)
        return (
            w.session.result_model,
            w.session.result,
            Path(folder),
            overwrite,
            quantize,
            w.results.amplify(),
            str(w.image_path) if w.image_path else None,
        )

    def _on_save_triggered(self) -> None:
        w = self.w
        if w.session.result is None:
            w.statusBar().showMessage("Nothing to save yet: run an attack first (Ctrl+R).")
            return
        folder = dialogs.choose_folder(w, w.prefs.folder("save"))
        if not folder:
            return
        from advgui.core.export import existing_outputs

        existing = [p.name for p in existing_outputs(folder)]
        if existing and not dialogs.ask_overwrite(w, folder, existing):
            w.statusBar().showMessage("Not saved: the files there were kept.")
            return
        worker = FunctionWorker(write_results, *self._arguments(folder, bool(existing), None))
        worker.succeeded.connect(self._on_saved)
        worker.failed.connect(self._on_failed)
        worker.finished.connect(self._on_finished)
        self.busy = True
        w.set_busy("Saving…")
        w.statusBar().showMessage(f"Saving into {folder}…")
        w.start_job(worker)
        w.update_enabled()

    def _on_saved(self, report: Any, dialog: bool = True) -> None:
        w = self.w
        text = report.message[:1].upper() + report.message[1:] + "."
        folder = report.paths[0].parent
        w.statusBar().showMessage(f"Saved in {folder}. {text}")
        if dialog and not w.closing:
            fooled = all(report.saved_success)
            dialogs.show_message(
                w,
                "Results saved",
                f"Saved {len(report.paths)} files in {folder}.\n\n{text}",
                details="\n".join(str(p) for p in report.paths),
                icon=QMessageBox.Icon.Information if fooled else QMessageBox.Icon.Warning,
                name="savedDialog",
            )

    def _on_failed(self, exc: BaseException) -> None:
        self.w.report_error("Cannot save", exc)

    def _on_finished(self) -> None:
        self.busy = False
        self.w.set_busy(None)
        self.w.update_enabled()
