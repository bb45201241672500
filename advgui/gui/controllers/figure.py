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

from advgui.core.errors import AdvguiError
from advgui.core.stops import Stopped
from advgui.gui.backend import Services
from advgui.gui.controllers.base import Controller
from advgui.gui.figure_source import figure_source
from advgui.gui.jobs import FunctionWorker, JobRunner
from advgui.gui.state import AppState

BUSY = "figure"
NOTHING = "Nothing to export yet: run an attack first (Ctrl+R)."


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
        return self._write(self.services.write_figure, Path(path), "Figure")

    def export_curves(self, path: str | Path) -> bool:
        """Write the curves' CSV to ``path`` now; False (and why, one line) when it cannot."""
        return self._write(self.services.write_curves, Path(path), "Curves")

    def _write(self, write, path: Path, what: str) -> bool:
        source = figure_source(self.state)
        if source is None:
            self.message.emit(NOTHING)
            return False
        try:
            written = write(path, source)
        except AdvguiError as exc:
            self.message.emit(f"{what} not exported: {exc}")
            return False
        self.message.emit(f"{what} exported to {written}.")
        return True

    # -- asking for a file --------------------------------------------------------------
    def export_figure_interactively(self) -> None:
        source = figure_source(self.state)
        if source is None:
            self.message.emit(NOTHING)
            return
        path = self.prompts.choose_figure_file(f"{source.name}-figure.png")
        if not path:
            return
        # On a worker; a wrong extension fails there at once, before any drawing.
        worker = FunctionWorker(self.services.write_figure, Path(path), source)
        worker.succeeded.connect(self._on_written)
        worker.failed.connect(self._on_failed)
        worker.finished.connect(self._on_finished)
        self.state.set_busy(BUSY, "Exporting the figure…")
        self.message.emit(f"Exporting the figure to {path}…")
        self.runner.start(worker)

    def export_curves_interactively(self) -> None:
        source = figure_source(self.state)
        if source is None:
            self.message.emit(NOTHING)
            return
        path = self.prompts.choose_curves_file(f"{source.name}-curves.csv")
        if not path:
            return
        try:
            written = self.services.write_curves(Path(path), source)
        except AdvguiError as exc:
            self.error.emit("Cannot export the curves", exc)
            return
        self.message.emit(f"Curves exported to {written}.")

    def _on_written(self, written: Path) -> None:
        self.message.emit(f"Figure exported to {written}.")

    def _on_failed(self, exc: BaseException) -> None:
        if isinstance(exc, Stopped):  # the window is closing: nothing was written
            self.message.emit(f"Figure not exported ({exc.signal_name}).")
            return
        self.error.emit("Cannot export the figure", exc)

    def _on_finished(self) -> None:
        self.state.set_busy(BUSY, None)
