"""What the replay shows: the step chosen on the slider, of the run the views show.

``step_view(state)`` derives it from the state alone (the run in progress or the run
shown, and ``replay_step``): the picture of that step from the run's replay tape, its
step record, and the slider's position. Nothing here draws or keeps anything.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication

from advgui.gui.state import AppState, FinishedRun, record_at
from advgui.gui.workers import Frame

if TYPE_CHECKING:
    from advgui.core.attacks.record import StepRecord
    from advgui.core.replay import StepTape
    from advgui.core.settings import AttackSettings


@dataclass(frozen=True)
class StepView:
    """One position of the replay."""

    step: int  # the step shown (the slider's value)
    last: int  # the newest step there is (the slider's maximum)
    frame: Frame | None  # the picture; None: the live run's newest frame, drawn as it comes
    record: StepRecord | None  # what the model says of that picture
    settings: AttackSettings
    following: bool  # the newest step (or the result), not a step the user chose
    text: str  # what the slider's label says


def step_view(state: AppState) -> StepView | None:
    """The replay's position now, or None when there is no run to replay."""
    if state.shows_live():
        return _live(state)
    run = state.shown_run()
    return None if run is None else finished_view(run, state.replay_step)


def _live(state: AppState) -> StepView | None:
    records, settings = state.live_records, state.run_settings
    if not records or settings is None:
        return None
    last = records[-1].step
    total = settings.effective_steps
    if state.replay_step is None:
        text = _step_of(last, total)
        return StepView(last, last, None, records[-1], settings, True, text)
    return _chosen(records, state.live_tape, state.replay_step, last, total, settings)


def finished_view(run: FinishedRun, chosen: int | None) -> StepView:
    result = run.result
    settings, last = result.settings, run.last_step
    total = settings.effective_steps
    if chosen is None:
        final = result.final
        if result.best is not None:
            text = QCoreApplication.translate(
                "ReplayView", "Result: the best point, from step {step} of {last}"
            ).format(step=best_step(final), last=last)
        else:
            text = (
                QCoreApplication.translate("ReplayView", "Result: step {last} of {total} (stopped)")
                if result.stopped
                else QCoreApplication.translate("ReplayView", "Result: step {last} of {total}")
            ).format(last=last, total=total)
        return StepView(last, last, run.frame, final, settings, True, text)
    return _chosen(result.history, run.tape, chosen, last, total, settings)


def _chosen(
    records: list[StepRecord],
    tape: StepTape | None,
    chosen: int,
    last: int,
    total: int,
    settings: AttackSettings,
) -> StepView:
    chosen = max(0, min(chosen, last))
    kept = tape.nearest(chosen) if tape is not None else None
    if kept is None:  # no pictures kept: the record alone
        record = record_at(records, chosen)
        return StepView(chosen, last, None, record, settings, False, _step_of(chosen, total))
    rgb, delta = tape.frame(kept)
    if kept != chosen:
        text = QCoreApplication.translate(
            "ReplayView",
            "Step {step} of {total} (one step in {stride} is kept: step {chosen} is not)",
        ).format(step=kept, total=total, stride=tape.stride, chosen=chosen)
    else:
        text = _step_of(kept, total)
    record = record_at(records, kept)
    return StepView(kept, last, Frame(kept, rgb, delta), record, settings, False, text)


def _step_of(step: int, total: int) -> str:
    return QCoreApplication.translate("ReplayView", "Step {step} of {total}").format(
        step=step, total=total
    )


def best_step(record: StepRecord) -> int:
    """The step a best-point record was found at (its own step otherwise)."""
    return record.best_step[0] if record.best_step else record.step
