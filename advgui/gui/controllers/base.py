"""What every controller shares: the state, a job runner, the core's functions, and two
signals to the user (a status line, an error with a title)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer, Signal

from advgui.gui.backend import Services
from advgui.gui.jobs import Job, JobRunner
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


class RunController(Controller):
    """A controller that runs one job at a time (``job``) and paces its views with a
    timer (``timer``); what the attack and the evaluation controllers share."""

    job: Job | None
    timer: QTimer

    def stop_and_wait(self) -> None:
        """Stop a run, wait for its thread and handle its last signals now."""
        job = self.job
        if job is None:
            return
        job.stop()
        job.wait()
        QCoreApplication.sendPostedEvents(self, QEvent.Type.MetaCall)

    def shutdown(self) -> None:
        self.timer.stop()
