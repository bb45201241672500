"""One attack at a time: start it on a worker, pace its drawing, keep its result.

Step records arrive as queued signals, one per step; each goes into the state at once
(``runStepped``: the plot stores its point), and a 10 fps timer (``ticked``) tells the
views to draw whatever arrived since the last tick, with the newest frame. So the GUI
thread does a bounded amount of drawing however fast the steps come.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QTimer, Signal

from advgui.core.errors import ErrorKind, classify
from advgui.core.replay import StepTape
from advgui.gui import present
from advgui.gui.backend import Services
from advgui.gui.controllers.base import RunController
from advgui.gui.jobs import Job, JobRunner
from advgui.gui.state import AppState, FinishedRun
from advgui.gui.workers import AttackWorker, Frame

#: 10 redraws a second: live to the eye, and the GUI thread's drawing stays far from
#: the attack's CPU time (at 30 a second it cost ~22 ms of CPU per 43 ms step, 2 cores).
REDRAW_MS = 100

#: The window's words for running out of memory during a run.
OUT_OF_MEMORY = {
    ErrorKind.OUT_OF_GPU_MEMORY: QT_TRANSLATE_NOOP(
        "AttackController",
        "out of GPU memory during the attack; choose the CPU as the device, or a smaller "
        "model or image",
    ),
    ErrorKind.OUT_OF_MEMORY: QT_TRANSLATE_NOOP(
        "AttackController", "out of memory during the attack; try a smaller model or image"
    ),
}


class AttackController(RunController):
    ticked = Signal()  # time to draw: the newest record and frame are in the state / below
    frameReady = Signal(object)  # Frame, at most one per tick
    summary = Signal(str)  # one line when a run ends

    def __init__(self, state: AppState, runner: JobRunner, services: Services) -> None:
        super().__init__(state, runner, services)
        self.job: Job | None = None
        self._frame: Frame | None = None
        self._last_frame: Frame | None = None  # the newest frame drawn: the result's, at the end
        self._clean: tuple = ()
        self._result = None
        self._failed = False
        self._model = None
        self.timer = QTimer(self)
        self.timer.setInterval(REDRAW_MS)
        self.timer.timeout.connect(self._on_tick)

    # -- control ------------------------------------------------------------------------
    def start(self) -> bool:
        """Start the state's settings on the state's input; False (and why) if it cannot."""
        state = self.state
        if self.job is not None:
            return False
        if (waiting := state.readiness_blocker()) is not None:
            self.message.emit(waiting)
            return False
        if (problem := state.settings_blocker()) is not None:
            self.error.emit(QCoreApplication.translate("AttackController", "Cannot run"), problem)
            return False
        settings, model = state.settings, state.model.classifier
        x, label, services = state.input.x, state.label, self.services
        precision, threads = state.precision, state.threads
        self._frame, self._result, self._failed, self._model = None, None, False, model
        self._last_frame = None

        def make_run():
            return services.make_run(model, x, label, settings, precision, threads)

        worker = AttackWorker(make_run, services.to_frame, snapshot=services.snapshot)
        worker.taped.connect(state.tape_step)
        worker.stepped.connect(self._on_stepped)
        worker.framed.connect(self._on_framed)
        worker.succeeded.connect(self._on_succeeded)
        worker.failed.connect(self._on_failed)
        worker.finished.connect(self._on_finished)
        services.release_cpu_threads()
        self._clean = tuple(state.prediction)
        state.start_run(settings, StepTape(state.input.floats()))
        self.job = self.runner.start(worker)
        if self.job is None:  # closing
            state.finish_run("stopped", None)
            return False
        self.timer.start()
        name = (
            state.image_path.name
            if state.image_path
            else QCoreApplication.translate("AttackController", "the image")
        )
        self.message.emit(present.run_started(name, settings))
        return True

    def stop(self) -> None:
        if self.job is not None:
            self.job.stop()
            self.message.emit(
                QCoreApplication.translate("AttackController", "Stopping after the current step…")
            )

    # -- signals from the worker (all to this object, so they are handled in order) ----------
    def _on_stepped(self, record) -> None:
        self.state.add_step(record)

    def _on_framed(self, frame: Frame) -> None:
        self._frame = self._last_frame = frame

    def _on_succeeded(self, result) -> None:
        self._result = result

    def _on_failed(self, exc: BaseException) -> None:
        self._failed = True
        kind = classify(exc)
        if kind in OUT_OF_MEMORY:
            # The worker stripped the traceback that held the run's tensors; collect now.
            self.services.release_memory()
            if not self.closing:
                self.error.emit(
                    QCoreApplication.translate("AttackController", "The attack failed"),
                    QCoreApplication.translate("AttackController", OUT_OF_MEMORY[kind]),
                )
        elif not self.closing:
            self.error.emit(
                QCoreApplication.translate("AttackController", "The attack failed"), exc
            )

    def _on_finished(self) -> None:
        self.timer.stop()
        self.job = None
        result, model = self._result, self._model
        self._result = self._model = None
        if result is not None:
            stopped = result.stopped and not result.early_stopped
            outcome = "stopped" if stopped else "done"
            finished = FinishedRun(
                result,
                model,
                self.state.image_path,
                outcome,
                number=self.state.next_run_number(),
                tape=self.state.live_tape,
                frame=self._last_frame,  # the worker's last frame is the result's
                clean=self._clean,
            )
        else:
            outcome, finished = ("failed" if self._failed else "stopped"), None
        self._on_tick()
        line = (
            present.run_summary(result)
            if result is not None
            else QCoreApplication.translate("AttackController", "The attack failed.")
        )
        self.summary.emit(line)
        if result is not None:
            self.message.emit(
                line
                + QCoreApplication.translate("AttackController", " Save the results with Ctrl+S.")
            )
        self.state.finish_run(outcome, finished)

    def _on_tick(self) -> None:
        frame, self._frame = self._frame, None
        if frame is not None:
            self.frameReady.emit(frame)
        self.ticked.emit()
