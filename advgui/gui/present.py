"""The window's sentences about runs and predictions: plain functions, no widgets, no torch.

Sentences go through ``QCoreApplication.translate`` (``gui.i18n``)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from advgui.core.settings import Attack, AttackSettings

ATTACKS = {
    Attack.SGD: QT_TRANSLATE_NOOP("AttackForm", "SGD on δ (the tutorial)"),
    Attack.ADAM: QT_TRANSLATE_NOOP("AttackForm", "Adam on δ"),
    Attack.FGSM: QT_TRANSLATE_NOOP("AttackForm", "FGSM (one step of ε)"),
    Attack.PGD: QT_TRANSLATE_NOOP("AttackForm", "PGD / BIM (signed steps)"),
    Attack.MIFGSM: QT_TRANSLATE_NOOP("AttackForm", "MI-FGSM (momentum)"),
    Attack.APGD: QT_TRANSLATE_NOOP("AttackForm", "APGD (Auto-PGD, no step size)"),
    Attack.DEEPFOOL: QT_TRANSLATE_NOOP("AttackForm", "DeepFool (smallest change)"),
    Attack.FMN: QT_TRANSLATE_NOOP("AttackForm", "FMN (fast minimum norm)"),
    Attack.SQUARE: QT_TRANSLATE_NOOP("AttackForm", "Square (scores only, no gradient)"),
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
    goal = (
        QCoreApplication.translate("Present", "untargeted")
        if settings.target is None
        else QCoreApplication.translate("Present", "target class {target}").format(
            target=settings.target
        )
    )
    return QCoreApplication.translate(
        "Present", "Attacking {image} with {attack}, {steps} steps, {goal}… Esc stops."
    ).format(
        image=image,
        attack=QCoreApplication.translate("AttackForm", ATTACKS[settings.attack]),
        steps=settings.effective_steps,
        goal=goal,
    )


def top5_pairs(record: Any) -> Sequence[tuple[int, float]]:
    """The first image's (class, probability) pairs of a step record."""
    return record.top5[0] if record.top5 else ((record.top1[0], record.top1_prob[0]),)


def verdict(
    record: Any,
    targeted: bool,
    top_name: str,
    top_index: int,
    top_prob: float,
    *,
    jpeg: int | None = None,
) -> str:
    """The caption of a step: whether it meets the goal and what the model sees. With
    ``jpeg`` (a run with "Survive JPEG at quality Q"), the record judged the image after
    a JPEG round trip at that quality, and the caption says so."""
    seen = f"'{top_name}' ({top_index}, {format_prob(top_prob)})"
    after = (
        QCoreApplication.translate("Present", " after JPEG q{quality}").format(quality=jpeg)
        if jpeg is not None
        else ""
    )
    if targeted:
        if record.success[0]:
            text = QCoreApplication.translate(
                "Present", "Step {step}: reached the target{after}, the model sees {seen}"
            )
        else:
            text = QCoreApplication.translate(
                "Present", "Step {step}: not at the target yet{after}, the model sees {seen}"
            )
    elif record.success[0]:
        text = QCoreApplication.translate(
            "Present", "Step {step}: fooled{after}, the model sees {seen}"
        )
    else:
        text = QCoreApplication.translate(
            "Present", "Step {step}: not fooled yet{after}, still {seen}"
        )
    return text.format(step=record.step, after=after, seen=seen)


def first_success(history: Sequence[Any]) -> int | None:
    for record in history:
        if record.success[0]:
            return record.step
    return None


def run_summary(result: Any) -> str:
    if result.settings.eot_jpeg is not None:
        return _eot_summary(result)
    last = result.final
    took = format_seconds(last.elapsed)
    first = first_success(result.history)
    targeted = result.settings.targeted
    numbers = {"step": last.step, "total": last.total_steps, "took": took, "first": first}
    if result.stopped and not result.early_stopped:
        if first is None:
            text = QCoreApplication.translate(
                "Present", "Stopped at step {step} of {total} ({took})."
            )
        elif targeted:
            text = QCoreApplication.translate(
                "Present",
                "Stopped at step {step} of {total} ({took}); reached the target at step {first}.",
            )
        else:
            text = QCoreApplication.translate(
                "Present",
                "Stopped at step {step} of {total} ({took}); fooled the model at step {first}.",
            )
    elif last.success[0]:
        if targeted:
            text = QCoreApplication.translate(
                "Present", "Done: reached the target at step {first} of {total} ({took})."
            )
        else:
            text = QCoreApplication.translate(
                "Present", "Done: fooled the model at step {first} of {total} ({took})."
            )
    else:
        text = QCoreApplication.translate(
            "Present", "Done: did not succeed in {total} steps ({took}); try a larger ε."
        )
    return text.format(**numbers)


def eot_verdicts(result: Any) -> str:
    """Both verdicts of a run made to survive JPEG, in the CLI's words: on x + delta
    itself (``result.plain``) and on its JPEG at the run's quality (``result.final``)."""
    plain, jpeg = result.untransformed.success[0], result.final.success[0]
    text = _EOT_VERDICTS[(result.settings.targeted, bool(plain), bool(jpeg))]
    return QCoreApplication.translate("Present", text).format(quality=result.settings.eot_jpeg)


#: (targeted, x + delta meets the goal, its JPEG meets it) -> the two verdicts, one sentence.
_EOT_VERDICTS = {
    (True, True, True): QT_TRANSLATE_NOOP(
        "Present",
        "x + δ reaches the target; the JPEG at quality {quality} still reaches the target",
    ),
    (True, True, False): QT_TRANSLATE_NOOP(
        "Present",
        "x + δ reaches the target; the JPEG at quality {quality} does not reach the target",
    ),
    (True, False, True): QT_TRANSLATE_NOOP(
        "Present",
        "x + δ does not reach the target; the JPEG at quality {quality} still reaches the target",
    ),
    (True, False, False): QT_TRANSLATE_NOOP(
        "Present",
        "x + δ does not reach the target; the JPEG at quality {quality} does not reach the target",
    ),
    (False, True, True): QT_TRANSLATE_NOOP(
        "Present", "x + δ fools the model; the JPEG at quality {quality} still fools the model"
    ),
    (False, True, False): QT_TRANSLATE_NOOP(
        "Present", "x + δ fools the model; the JPEG at quality {quality} does not fool the model"
    ),
    (False, False, True): QT_TRANSLATE_NOOP(
        "Present",
        "x + δ does not fool the model; the JPEG at quality {quality} still fools the model",
    ),
    (False, False, False): QT_TRANSLATE_NOOP(
        "Present",
        "x + δ does not fool the model; the JPEG at quality {quality} does not fool the model",
    ),
}


def _eot_summary(result: Any) -> str:
    last = result.final
    numbers = {
        "step": last.step,
        "total": last.total_steps,
        "took": format_seconds(last.elapsed),
        "verdicts": eot_verdicts(result),
    }
    if result.stopped and not result.early_stopped:
        text = QCoreApplication.translate(
            "Present", "Stopped at step {step} of {total} ({took}): {verdicts}."
        )
    elif last.success[0] or result.stopped:
        text = QCoreApplication.translate(
            "Present", "Done at step {step} of {total} ({took}): {verdicts}."
        )
    else:
        text = QCoreApplication.translate(
            "Present", "Done at step {step} of {total} ({took}): {verdicts}; try a larger ε."
        )
    return text.format(**numbers)


def model_status(loaded: Any) -> str:
    """The line under the model box: input size, where the weights came from, any note."""
    model = loaded.classifier
    source = (
        QCoreApplication.translate("Present", "bundled with advgui, no download")
        if model.info.offline
        else model.weights_source
    )
    status = QCoreApplication.translate("Present", "Input {size} px · weights: {source}").format(
        size=model.info.input_size, source=source
    )
    if loaded.note:  # e.g. the device asked for is absent: kept in view, not just flashed
        status += f"\n{loaded.note[:1].upper()}{loaded.note[1:]}."
    return status
