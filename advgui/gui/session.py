"""One attack at a time: start it on a worker, draw its steps, keep its result.

Step records arrive as queued signals, one per step, and are only stored; a 10 fps timer
draws whatever arrived since the last tick. So the GUI thread does a bounded amount of
work per frame however fast the steps come.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer

from advgui.core.errors import SettingsError
from advgui.gui.widgets.attack_form import ATTACKS
from advgui.gui.widgets.run_bar import format_seconds
from advgui.gui.widgets.top5 import Row, format_prob
from advgui.gui.worker import AttackWorker, Frame, Job

if TYPE_CHECKING:
    from advgui.gui.main_window import MainWindow

#: 10 redraws a second: live to the eye, and the GUI thread's drawing stays far from
#: the attack's CPU time (at 30 a second it cost ~22 ms of CPU per 43 ms step, 2 cores).
REDRAW_MS = 100


def first_success(history: list) -> int | None:
    for record in history:
        if record.success[0]:
            return record.step
    return None


class AttackSession(QObject):
    """Runs attacks for the window, one at a time; keeps the last result for saving."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.w = window
        self.job: Job | None = None
        self.settings: Any = None
        self.model: Any = None  # the model of the run in progress
        self.result: Any = None  # AttackResult of the last run that ended
        self.result_model: Any = None  # the model that result belongs to
        self.steps_seen = 0
        self._record: Any = None
        self._frame: Frame | None = None
        self._frame_drawn = True
        self._drawn_record: Any = None
        self._outcome = "done"
        self.timer = QTimer(self)
        self.timer.setInterval(REDRAW_MS)
        self.timer.timeout.connect(self._on_tick)

    def running(self) -> bool:
        return self.job is not None

    # -- control ------------------------------------------------------------------------
    def start(self) -> bool:
        w = self.w
        if self.job is not None:
            return False
        if not w.is_ready():
            w.statusBar().showMessage("Not ready yet: wait for the model and the image.")
            return False
        try:
            settings = w.form.settings()
        except SettingsError as exc:
            w.report_error("Cannot run", exc)
            return False
        if settings.target is not None and settings.target == w.label:
            name = w.form.target_combo.categories()[settings.target]
            w.report_error(
                "Cannot run",
                f"the target '{name}' ({settings.target}) is already what the model sees; "
                "choose another target class",
            )
            return False
        self.clear()
        self.settings, self.model = settings, w.loaded.model
        self._outcome = "done"
        w.plot.reset(settings.effective_steps, targeted=settings.targeted)
        w.run_bar.reset(settings.effective_steps)
        w.results.adversarial_top5.clear("Attacking…")
        worker = AttackWorker(self.model, w.x, w.label, settings)
        worker.stepped.connect(self._on_stepped)
        worker.framed.connect(self._on_framed)
        worker.succeeded.connect(self._on_succeeded)
        worker.failed.connect(self._on_failed)
        worker.finished.connect(self._on_finished)
        from advgui.core.perf import release_cpu_threads

        # The GUI thread's idle OpenMP helpers would slow the worker's steps by 30-40%.
        release_cpu_threads()
        self.job = w.start_job(worker)
        self.timer.start()
        goal = "untargeted" if settings.target is None else f"target class {settings.target}"
        w.statusBar().showMessage(
            f"Attacking {w.image_path.name if w.image_path else 'the image'} with "
            f"{ATTACKS[settings.attack]}, {settings.effective_steps} steps, {goal}… Esc stops."
        )
        w.update_enabled()
        return True

    def stop(self) -> None:
        if self.job is not None:
            self.job.stop()
            self.w.statusBar().showMessage("Stopping after the current step…")

    def stop_and_flush(self) -> None:
        """Stop a run, wait for its thread and handle its last signals now."""
        if self.job is None:
            return
        job = self.job
        job.stop()
        job.wait()
        QCoreApplication.sendPostedEvents(self, QEvent.Type.MetaCall)

    def clear(self) -> None:
        """Forget the last result (a new image or model makes it stale)."""
        self.result = self.result_model = None
        self._record = self._frame = self._drawn_record = None
        self.steps_seen = 0
        w = self.w
        w.results.clear_adversarial()
        try:
            settings = w.form.settings()
            w.plot.reset(settings.effective_steps, targeted=settings.targeted)
        except SettingsError:
            w.plot.reset(1, targeted=False)
        w.run_bar.clear()

    # -- signals from the worker ----------------------------------------------------------
    def _on_stepped(self, record: Any) -> None:
        self._record = record
        self.steps_seen += 1
        p_target = record.p_target[0] if record.p_target is not None else None
        self.w.plot.append(record.step, record.loss[0], record.p_true[0], p_target)

    def _on_framed(self, frame: Frame) -> None:
        self._frame, self._frame_drawn = frame, False

    def _on_succeeded(self, result: Any) -> None:
        self.result, self.result_model = result, self.model
        if result.stopped and not result.early_stopped:
            self._outcome = "stopped"

    def _on_failed(self, exc: BaseException) -> None:
        self._outcome = "failed"
        if not self.w.closing:
            self.w.report_error("The attack failed", exc)

    def _on_finished(self) -> None:
        self.timer.stop()
        self._on_tick()
        self.job = None
        self.model = None
        w = self.w
        if self.result is not None:
            summary = self._summary(self.result)
            w.run_bar.show_done(summary)
            w.statusBar().showMessage(summary + " Save the results with Ctrl+S.")
        elif self._outcome == "failed":
            w.run_bar.show_done("The attack failed.")
        w.update_enabled()
        w.run_finished.emit(self._outcome)

    # -- drawing --------------------------------------------------------------------------
    def _on_tick(self) -> None:
        w = self.w
        w.plot.refresh()
        record = self._record
        if record is None:
            return
        w.run_bar.show_step(record.step, record.total_steps, record.elapsed)
        frame = self._frame
        if frame is not None and not self._frame_drawn:
            self._frame_drawn = True
            w.results.show_adversarial(frame.adversarial, frame.delta)
        if record is not self._drawn_record:
            self._drawn_record = record
            target = self.settings.target if self.settings else None
            rows = self._rows(record)
            w.results.set_adversarial_top5(
                rows, true_class=w.label, target=target, caption=self._verdict(record, rows)
            )

    def _rows(self, record: Any) -> list[Row]:
        names = self.w.form.target_combo.categories()
        pairs = record.top5[0] if record.top5 else ((record.top1[0], record.top1_prob[0]),)
        return [Row(i, names[i] if i < len(names) else str(i), p) for i, p in pairs]

    def _verdict(self, record: Any, rows: list[Row]) -> str:
        top = rows[0]
        seen = f"'{top.name}' ({top.index}, {format_prob(top.prob)})"
        step = f"Step {record.step}"
        if self.settings is not None and self.settings.targeted:
            if record.success[0]:
                return f"{step}: reached the target, the model sees {seen}"
            return f"{step}: not at the target yet, the model sees {seen}"
        if record.success[0]:
            return f"{step}: fooled, the model sees {seen}"
        return f"{step}: not fooled yet, still {seen}"

    def _summary(self, result: Any) -> str:
        last = result.final
        took = format_seconds(last.elapsed)
        first = first_success(result.history)
        goal = "reached the target" if result.settings.targeted else "fooled the model"
        if result.stopped and not result.early_stopped:
            state = f"Stopped at step {last.step} of {last.total_steps} ({took})"
            return state + (f"; {goal} at step {first}." if first is not None else ".")
        if last.success[0]:
            return f"Done: {goal} at step {first} of {last.total_steps} ({took})."
        return f"Done: did not succeed in {last.total_steps} steps ({took}); try a larger ε."
