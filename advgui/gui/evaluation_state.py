"""What the Evaluate tab shows, and what follows from it: one QObject beside ``AppState``.

``EvalState`` holds the images chosen (and how many there are), the fields as typed
with the plan they make or the problem they have, the run in progress (its config, the
rows and thumbnails so far, how far it is, whether they were exported) and the summary
of the rows. It changes only
through its methods, each emitting the signal for that kind of change; ``enabled()``
derives, in one place, what the user may do in the tab, from this state and the
window's (``AppState``: the model, an attack running). An evaluation running is also
told to ``AppState``, which then keeps the Attack tab's Run and the model choice off.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from PySide6.QtCore import QCoreApplication, QObject, Signal

from advgui.gui.error_text import user_text
from advgui.gui.evaluation_plan import ATTACK_TAB, EvalPlan, EvalRequest, PlanError, make_plan
from advgui.gui.state import AppState

if TYPE_CHECKING:
    from advgui.core.evaluation.run import EvalConfig

Row = dict[str, Any]


@dataclass(frozen=True)
class EvalImage:
    """One file of the run as the table shows it: its rows (one per eps, or one saying
    why it was skipped) and a thumbnail of what the model saw."""

    id: str
    path: Path
    rows: tuple[Row, ...]
    thumbnail: np.ndarray | None = None

    @property
    def skipped(self) -> str | None:
        return self.rows[0].get("skipped") if self.rows else None


@dataclass(frozen=True)
class Problem:
    field: str  # "inputs", "attack", "eps" or "jpeg"
    line: str


@dataclass(frozen=True)
class EvalEnabled:
    """What the user may do in the Evaluate tab now; derived, never stored."""

    run: bool
    stop: bool
    export: bool
    edit: bool
    choose_inputs: bool


class EvalState(QObject):
    inputsChanged = Signal()  # the images chosen, or their count
    requestChanged = Signal()  # the fields, their plan or problem
    runBegun = Signal()  # Run pressed: the table empties
    runStarted = Signal()  # the config is known (transfer models loaded)
    imageAdded = Signal(int)  # the index in ``images`` of a file just finished
    summaryChanged = Signal()
    runFinished = Signal(str)  # "done", "stopped" or "failed"
    exportingChanged = Signal(bool)
    enabledChanged = Signal(object)  # EvalEnabled

    def __init__(self, app: AppState, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.app = app
        self.inputs: tuple[str, ...] = ()
        self.count: tuple[int, int] | None = None  # images, other files; None: counting
        self.count_error: str | None = None
        self.request = EvalRequest()
        self.plan: EvalPlan | None = None
        self.problem: Problem | None = None
        self.running = False
        self.config: EvalConfig | None = None
        self.run_info: dict[str, Any] | None = None
        self.images: list[EvalImage] = []
        self.rows: list[Row] = []
        self.total = 0
        self.elapsed = 0.0
        self.outcome: str | None = None  # how the last run ended
        self.summary: dict[str, Any] | None = None
        self.exporting = False
        self.exported = False  # the rows shown were written out since they were made
        self._replan(announce=False)
        self._enabled = self.enabled()
        app.settingsChanged.connect(self._on_attack_settings)
        app.enabledChanged.connect(lambda _e: self._changed())

    # -- derived facts --------------------------------------------------------------------
    @property
    def done(self) -> int:
        return len(self.images)

    def image_count(self) -> int:
        return self.count[0] if self.count else 0

    def unexported(self) -> int:
        """How many files' results a new run would replace without them being exported."""
        return self.done if self.rows and not self.exported else 0

    def run_blocker(self) -> str | None:
        """Why Run cannot start now, in the window's words; None when it can."""
        app = self.app
        if self.running:
            return QCoreApplication.translate("EvalState", "An evaluation is already running.")
        if app.is_running():
            return QCoreApplication.translate(
                "EvalState", "An attack is running in the Attack tab: stop it first."
            )
        if app.catalog is None or app.loading_model is not None:
            return QCoreApplication.translate(
                "EvalState", "Not ready yet: wait for the model to load."
            )
        if app.model is None:
            return QCoreApplication.translate(
                "EvalState", "No model is loaded: choose one in the Model box."
            )
        if not self.inputs:
            return QCoreApplication.translate(
                "EvalState", "Choose a folder of images first, or drop one on this tab."
            )
        if self.count_error is not None:
            return self.count_error
        if self.count is None:
            return QCoreApplication.translate("EvalState", "Not ready yet: counting the images…")
        if not self.count[0]:
            return QCoreApplication.translate(
                "EvalState", "There are no image files in the folder chosen."
            )
        if self.problem is not None:
            return self.problem.line
        if app.model.name in self.plan.transfer:
            return QCoreApplication.translate(
                "EvalState", "{model} is the model under attack; untick it under Transfer."
            ).format(model=app.model.name)
        return None

    def enabled(self) -> EvalEnabled:
        return EvalEnabled(
            run=self.run_blocker() is None,
            stop=self.running,
            export=bool(self.rows) and not self.running and not self.exporting,
            edit=not self.running,
            choose_inputs=not self.running,
        )

    # -- the fields -----------------------------------------------------------------------
    def set_inputs(self, inputs: tuple[str, ...]) -> None:
        """New images chosen: they are counted next (``set_count``)."""
        self.inputs, self.count, self.count_error = tuple(inputs), None, None
        self.inputsChanged.emit()
        self._changed()

    def set_count(self, images: int, others: int) -> None:
        self.count, self.count_error = (images, others), None
        self.inputsChanged.emit()
        self._changed()

    def set_count_error(self, line: str) -> None:
        self.count, self.count_error = None, line
        self.inputsChanged.emit()
        self._changed()

    def set_request(self, request: EvalRequest) -> None:
        if request == self.request:
            return
        self.request = request
        self._replan()

    def _on_attack_settings(self) -> None:
        if self.request.attack == ATTACK_TAB:
            self._replan()

    def _replan(self, *, announce: bool = True) -> None:
        try:
            plan, problem = make_plan(self.request, self.app.settings), None
        except PlanError as exc:
            plan, problem = None, Problem(exc.field, user_text(exc))
        if problem is None and self.request.attack == ATTACK_TAB and self.app.settings_error:
            line = QCoreApplication.translate("EvalState", "Attack tab: {problem}").format(
                problem=self.app.settings_error
            )
            plan, problem = None, Problem("attack", line)
        self.plan, self.problem = plan, problem
        if announce:
            self.requestChanged.emit()
            self._changed()

    # -- a run ----------------------------------------------------------------------------
    def begin_run(self) -> None:
        """Run pressed: the previous results go; the config follows (``start_run``)."""
        self.running, self.outcome, self.exported = True, None, False
        self.config, self.run_info, self.summary = None, None, None
        self.images, self.rows, self.total, self.elapsed = [], [], 0, 0.0
        self.app.set_evaluating(True)
        self.runBegun.emit()
        self.summaryChanged.emit()
        self._changed()

    def start_run(self, config: EvalConfig, run_info: dict[str, Any], total: int) -> None:
        self.config, self.run_info, self.total = config, run_info, total
        self.runStarted.emit()

    def add_image(self, image: EvalImage, elapsed: float) -> None:
        self.images.append(image)
        self.rows.extend(image.rows)
        self.elapsed = elapsed
        self.imageAdded.emit(len(self.images) - 1)
        self._changed()

    def set_summary(self, summary: dict[str, Any] | None) -> None:
        self.summary = summary
        self.summaryChanged.emit()

    def finish_run(self, outcome: str) -> None:
        self.running, self.outcome = False, outcome
        self.app.set_evaluating(False)
        self._changed()
        self.runFinished.emit(outcome)

    def set_exported(self) -> None:
        """The rows shown were written out (a new run may replace them without asking)."""
        self.exported = True

    def set_exporting(self, exporting: bool) -> None:
        if exporting != self.exporting:
            self.exporting = exporting
            self._changed()
            self.exportingChanged.emit(exporting)

    # -- internals ------------------------------------------------------------------------
    def _changed(self) -> None:
        now = self.enabled()
        if now != self._enabled:
            self._enabled = now
            self.enabledChanged.emit(now)
