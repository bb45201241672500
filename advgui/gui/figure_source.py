"""What File ▸ Export figure and Export curves write: ``figure_source(state)``.

The one place that chooses the run, and the step of it, that an export shows: the run
the window shows (the newest, or the one chosen in the run history), at the step the
replay slider shows. Plain
data and functions: no Qt, no torch.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from advgui.gui.evaluate_present import radius
from advgui.gui.replay_view import step_view

if TYPE_CHECKING:
    from advgui.core.attacks.record import StepRecord
    from advgui.core.predict import Guess
    from advgui.gui.state import AppState, FinishedRun


@dataclass(frozen=True)
class FigureSource:
    """One picture of one run, and the run's curves: ``core.run_figure``'s arguments.

    ``x`` and ``delta`` are tensors (N x 3 x H x W, image 0 drawn) or H x W x 3 arrays;
    ``record`` describes ``x + delta``; ``step`` is the step it is from (marked on the
    curves); ``name`` is a file name stem to suggest (the image's).
    """

    x: Any
    delta: Any
    record: StepRecord
    history: list[StepRecord]
    clean: Guess
    names: list[str]
    amplify: float
    step: int | None
    target: int | None
    title: str
    name: str


def figure_source(state: AppState) -> FigureSource | None:
    """What an export shows now: the run shown at the step chosen on the replay slider,
    or at its result (marked at the best point's step for an attack that keeps its best,
    else at the last step), with the clean
    prediction it started from, the class names and the amplification on screen; None
    when there is none."""
    run = state.shown_run()
    clean = run.clean if run is not None and run.clean else state.prediction
    if run is None or not run.result.history or not clean:
        return None
    result = run.result
    x, delta, record = result.x, result.delta, result.final
    step = record.best_step[0] if record.best_step else record.step
    view = step_view(state) if state.replay_step is not None else None
    if view is not None and not view.following and view.frame is not None and view.record:
        # A step chosen on the replay slider: that step's picture, marked there.
        x, delta, record, step = run.tape.x, view.frame.delta, view.record, view.step
    return FigureSource(
        x=x,
        delta=delta,
        record=record,
        history=list(result.history),
        clean=clean[0],
        names=state.categories,
        amplify=state.amplify,
        step=step,
        target=result.settings.target,
        title=figure_title(run, state.categories),
        name=run.source.stem if run.source is not None else "run",
    )


def figure_title(run: FinishedRun, names: list[str]) -> str:
    """``chelsea.png · efficientnet_lite0 · sgd L∞ ε = 2/255 · 10 steps · target airliner``.

    In English whatever the window's language, like the rest of the figure (drawn by the
    core, ``core.run_figure``): matplotlib's default font (DejaVu Sans) has no CJK glyphs,
    so a Chinese title would come out as empty boxes."""
    s = run.result.settings
    norm = s.norm.value
    attack = f"{s.attack.value} {'L∞' if norm == 'linf' else 'L2'}"
    if s.eps is not None:
        attack += f" ε = {radius(s.eps, norm)}"
    steps = run.result.history[-1].step
    parts = [run.model.name, attack, f"{steps} step{'s' if steps != 1 else ''}"]
    if run.source is not None:
        parts.insert(0, Path(run.source).name)
    if s.target is not None:
        parts.append(f"target {names[s.target] if 0 <= s.target < len(names) else s.target}")
    if s.eot_jpeg is not None:
        parts.append(f"judged through JPEG q{s.eot_jpeg}")
    return " · ".join(parts)
