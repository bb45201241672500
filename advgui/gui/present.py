"""The window's sentences about runs and predictions: plain functions, no Qt, no torch."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from advgui.core.settings import Attack, AttackSettings

ATTACKS = {
    Attack.SGD: "SGD on δ (the tutorial)",
    Attack.ADAM: "Adam on δ",
    Attack.FGSM: "FGSM (one step of ε)",
    Attack.PGD: "PGD / BIM (signed steps)",
    Attack.MIFGSM: "MI-FGSM (momentum)",
    Attack.APGD: "APGD (Auto-PGD, no step size)",
    Attack.DEEPFOOL: "DeepFool (smallest change)",
    Attack.FMN: "FMN (fast minimum norm)",
    Attack.SQUARE: "Square (scores only, no gradient)",
}


def sentence(text: str) -> str:
    """``text`` as a sentence: capital first letter, full stop."""
    return text[:1].upper() + text[1:] + ("" if text.endswith(".") else ".")


def format_seconds(s: float) -> str:
    if s < 1:
        return f"{s * 1000:.0f} ms"
    if s < 60:
        return f"{s:.1f} s"
    m, s = divmod(int(round(s)), 60)
    return f"{m} min {s:02d} s"


def format_prob(p: float) -> str:
    """``43.2%``, ``0.52%``, ``0.0031%``: always a few significant digits."""
    pct = 100.0 * p
    if pct >= 1:
        return f"{pct:.1f}%"
    if pct >= 0.01:
        return f"{pct:.2f}%"
    return f"{pct:.1g}%"


def run_started(image: str, settings: AttackSettings) -> str:
    goal = "untargeted" if settings.target is None else f"target class {settings.target}"
    return (
        f"Attacking {image} with {ATTACKS[settings.attack]}, {settings.effective_steps} "
        f"steps, {goal}… Esc stops."
    )


def top5_pairs(record: Any) -> Sequence[tuple[int, float]]:
    """The first image's (class, probability) pairs of a step record."""
    return record.top5[0] if record.top5 else ((record.top1[0], record.top1_prob[0]),)


def verdict(record: Any, targeted: bool, top_name: str, top_index: int, top_prob: float) -> str:
    seen = f"'{top_name}' ({top_index}, {format_prob(top_prob)})"
    step = f"Step {record.step}"
    if targeted:
        if record.success[0]:
            return f"{step}: reached the target, the model sees {seen}"
        return f"{step}: not at the target yet, the model sees {seen}"
    if record.success[0]:
        return f"{step}: fooled, the model sees {seen}"
    return f"{step}: not fooled yet, still {seen}"


def first_success(history: Sequence[Any]) -> int | None:
    for record in history:
        if record.success[0]:
            return record.step
    return None


def run_summary(result: Any) -> str:
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


def model_status(loaded: Any) -> str:
    """The line under the model box: input size, where the weights came from, any note."""
    model = loaded.classifier
    source = "bundled with advgui, no download" if model.info.offline else model.weights_source
    status = f"Input {model.info.input_size} px · weights: {source}"
    if loaded.note:  # e.g. the device asked for is absent: kept in view, not just flashed
        status += f"\n{loaded.note[:1].upper()}{loaded.note[1:]}."
    return status
