"""Exporting a run: File ▸ Export figure (PNG, SVG, PDF) and Export curves as CSV.

What is exported is ``figure_source(state)``; the core draws and writes it
(``core.run_figure``, through ``Services.write_figure`` / ``write_curves``).
``export_figure(path)`` and ``export_curves(path)`` write at once, for scripts and tests;
the ``*_interactively`` ones ask for a file through the injected ``prompts``. A figure is
drawn on a worker: measured on the tutorial's 224 x 336 cat (a 2-core machine, others
busy on it), a 300-dpi PNG took 0.9-1.5 s, an SVG or a PDF about 1 s, far past what the
GUI thread may take. The CSV (31 rows: 1.4 ms) is written on the GUI thread.
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from advgui.core.errors import AdvguiError
from advgui.core.stops import Stopped
from advgui.gui.backend import Services
from advgui.gui.controllers.base import Controller
from advgui.gui.error_text import user_text
from advgui.gui.figure_source import figure_source
from advgui.gui.jobs import FunctionWorker, JobRunner
from advgui.gui.state import AppState

BUSY = "figure"
NOTHING = QT_TRANSLATE_NOOP(
    "FigureController", "Nothing to export yet: run an attack first (Ctrl+R)."
)
#: What ``_write`` says: (the figure, the curves) -> (not written, written).
FIGURE = (
    QT_TRANSLATE_NOOP("FigureController", "Figure not exported: {why}"),
    QT_TRANSLATE_NOOP("FigureController", "Figure exported to {path}."),
)
CURVES = (
    QT_TRANSLATE_NOOP("FigureController", "Curves not exported: {why}"),
    QT_TRANSLATE_NOOP("FigureController", "Curves exported to {path}."),
)


class FigurePrompts(Protocol):
    def choose_figure_file(self, name: str) -> str: ...  # "" when cancelled
    def choose_curves_file(self, name: str) -> str: ...


class FigureController(Controller):
    def __init__(
        self, state: AppState, runner: JobRunner, services: Services, *, prompts: FigurePrompts
    ) -> None:
        super().__init__(state, runner, services)
        self.prompts = prompts

    # -- at once ------------------------------------------------------------------------
    def export_figure(self, path: str | Path) -> bool:
        """Write the figure to ``path`` now; False (and why, one line) when it cannot."""
        return self._write(self.services.write_figure, Path(path), FIGURE)

    def export_curves(self, path: str | Path) -> bool:
        """Write the curves' CSV to ``path`` now; False (and why, one line) when it cannot."""
        return self._write(self.services.write_curves, Path(path), CURVES)

    def _write(self, write, path: Path, lines: tuple[str, str]) -> bool:
        source = figure_source(self.state)
        if source is None:
            self.message.emit(QCoreApplication.translate("FigureController", NOTHING))
            return False
        try:
            written = write(path, source)
        except AdvguiError as exc:
            self.message.emit(
                QCoreApplication.translate("FigureController", lines[0]).format(why=user_text(exc))
            )
            return False
        self.message.emit(
            QCoreApplication.translate("FigureController", lines[1]).format(path=written)
        )
        return True

    # -- asking for a file --------------------------------------------------------------
    def export_figure_interactively(self) -> None:
        source = figure_source(self.state)
        if source is None:
            self.message.emit(QCoreApplication.translate("FigureController", NOTHING))
            return
        path = self.prompts.choose_figure_file(f"{source.name}-figure.png")
        if not path:
            return
        # On a worker; a wrong extension fails there at once, before any drawing.
        worker = FunctionWorker(self.services.write_figure, Path(path), source)
        worker.succeeded.connect(self._on_written)
        worker.failed.connect(self._on_failed)
        worker.finished.connect(self._on_finished)
        self.state.set_busy(
            BUSY, QCoreApplication.translate("FigureController", "Exporting the figure…")
        )
        self.message.emit(
            QCoreApplication.translate(
                "FigureController", "Exporting the figure to {path}…"
            ).format(path=path)
        )
        self.runner.start(worker)

    def export_curves_interactively(self) -> None:
        source = figure_source(self.state)
        if source is None:
            self.message.emit(QCoreApplication.translate("FigureController", NOTHING))
            return
        path = self.prompts.choose_curves_file(f"{source.name}-curves.csv")
        if not path:
            return
        try:
            written = self.services.write_curves(Path(path), source)
        except AdvguiError as exc:
            self.error.emit(
                QCoreApplication.translate("FigureController", "Cannot export the curves"), exc
            )
            return
        self.message.emit(
            QCoreApplication.translate("FigureController", CURVES[1]).format(path=written)
        )

    def _on_written(self, written: Path) -> None:
        self.message.emit(
            QCoreApplication.translate("FigureController", FIGURE[1]).format(path=written)
        )

    def _on_failed(self, exc: BaseException) -> None:
        if isinstance(exc, Stopped):  # the window is closing: nothing was written
            self.message.emit(
                QCoreApplication.translate(
                    "FigureController", "Figure not exported ({signal})."
                ).format(signal=exc.signal_name)
            )
            return
        self.error.emit(
            QCoreApplication.translate("FigureController", "Cannot export the figure"), exc
        )

    def _on_finished(self) -> None:
        self.state.set_busy(BUSY, None)
