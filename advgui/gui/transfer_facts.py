"""What the attack view says about other models: their top-1 on the adversarial image.

``Transfer`` is ``AppState.transfer``: for the run shown (by its number), the models it
is being shown to and each one's ``Verdict`` so far. ``line(transfer, names)`` is the
sentence under the pictures, e.g. "Other models: efficientnet_lite1: tabby (41%) — not
fooled · efficientnet_lite2: checking…". The verdicts follow the evaluation's transfer
rule (``core.evaluation.transfer``). No widgets and no torch here; the sentences go
through ``QCoreApplication.translate`` (``gui.i18n``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from advgui.gui.present import format_prob

#: What the line says about the rule (its tooltip).
RULE = QT_TRANSLATE_NOOP(
    "TransferLine",
    "Each other model is shown the adversarial image as the attacked model saw it (the "
    "same pixels and size). It counts as fooled when it had the clean image right (its "
    "top-1 was the class the attack moved away from) and its top-1 on the adversarial "
    "image meets the attack's goal: any other class, or the target class for a targeted "
    "attack. A model already wrong on the clean image cannot be fooled. The other models "
    "are those whose weights are on this computer; none is downloaded for this.",
)


@dataclass(frozen=True)
class Verdict:
    """One other model's answer (``problem`` says why there is none)."""

    model: str
    top1: int = -1
    prob: float = 0.0
    clean_top1: int = -1
    correct: bool = False
    fooled: bool = False
    problem: str | None = None  # e.g. "vit_b_16 takes only 224 x 224 pixels, not 224 x 298"


@dataclass(frozen=True)
class Transfer:
    """The other models' verdicts on run ``run``'s adversarial image, as they come."""

    run: int
    models: tuple[str, ...]  # in the order they are checked
    verdicts: tuple[Verdict, ...] = ()
    targeted: bool = False
    failed: str | None = None  # the check ended with this error; the models left are not known

    @property
    def checking(self) -> bool:
        return self.failed is None and len(self.verdicts) < len(self.models)

    def adding(self, verdict: Verdict) -> Transfer:
        return Transfer(self.run, self.models, (*self.verdicts, verdict), self.targeted)


def _name(index: int, names: Sequence[str]) -> str:
    return names[index] if 0 <= index < len(names) else str(index)


def verdict_text(v: Verdict, names: Sequence[str], *, targeted: bool) -> str:
    """``efficientnet_lite1: tabby (41%) — not fooled``."""
    if v.problem is not None:
        return f"{v.model}: {v.problem}"
    seen = f"{v.model}: {_name(v.top1, names)} ({format_prob(v.prob)})"
    if not v.correct:
        already = QCoreApplication.translate(
            "TransferLine", "wrong on the clean image already ({clean})"
        )
        return f"{seen} — " + already.format(clean=_name(v.clean_top1, names))
    if targeted:
        return f"{seen} — " + (
            QCoreApplication.translate("TransferLine", "target reached")
            if v.fooled
            else QCoreApplication.translate("TransferLine", "target not reached")
        )
    return f"{seen} — " + (
        QCoreApplication.translate("TransferLine", "fooled")
        if v.fooled
        else QCoreApplication.translate("TransferLine", "not fooled")
    )


def line(transfer: Transfer | None, names: Sequence[str]) -> str:
    """The sentence under the pictures ("" when there is nothing to say)."""
    if transfer is None:
        return ""
    if not transfer.models:
        return QCoreApplication.translate(
            "TransferLine", "Other models: none has its weights on this computer."
        )
    parts = [verdict_text(v, names, targeted=transfer.targeted) for v in transfer.verdicts]
    if transfer.failed is not None:
        parts.append(
            QCoreApplication.translate("TransferLine", "could not check the rest: {why}").format(
                why=transfer.failed
            )
        )
    elif transfer.checking:
        parts.append(
            QCoreApplication.translate("TransferLine", "checking other models…")
            if not transfer.verdicts
            else QCoreApplication.translate("TransferLine", "checking {model}…").format(
                model=transfer.models[len(transfer.verdicts)]
            )
        )
    return QCoreApplication.translate("TransferLine", "Other models: {verdicts}").format(
        verdicts=" · ".join(parts)
    )
