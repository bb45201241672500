"""What every controller shares: the state, a job runner, the core's functions, and two
signals to the user (a status line, an error with a title)."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from advgui.gui.backend import Services
from advgui.gui.jobs import JobRunner
from advgui.gui.state import AppState


class Controller(QObject):
    message = Signal(str)  # a line for the status bar
    error = Signal(str, object)  # a dialog title, and an exception or a line

    def __init__(self, state: AppState, runner: JobRunner, services: Services) -> None:
        super().__init__(state)
        self.state, self.runner, self.services = state, runner, services

    @property
    def closing(self) -> bool:
        return self.runner.closing
