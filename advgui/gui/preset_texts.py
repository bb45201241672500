"""The presets' one-line descriptions (``core.settings.PRESET_HELP``), marked for lupdate.

The core stays free of Qt, so its English lines are listed again here for the
translators; ``help_text`` translates one. A test checks the two lists agree.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from advgui.core.settings import PRESET_HELP

MARKED = (
    QT_TRANSLATE_NOOP("Presets", "the tutorial: SGD lr 0.1, 30 steps, L-inf 2/255"),
    QT_TRANSLATE_NOOP(
        "Presets", "the tutorial: SGD lr 5e-3, 100 steps, L-inf 2/255, target airliner"
    ),
    QT_TRANSLATE_NOOP("Presets", "one signed-gradient step of 4/255"),
    QT_TRANSLATE_NOOP("Presets", "PGD, L-inf 2/255, 20 steps of 0.5/255, random start"),
    QT_TRANSLATE_NOOP("Presets", "PGD, L2 0.5, 20 steps of 0.1, random start"),
    QT_TRANSLATE_NOOP("Presets", "momentum iterative FGSM, L-inf 2/255, 10 steps"),
    QT_TRANSLATE_NOOP("Presets", "PGD on the Carlini-Wagner logit margin, L-inf 2/255, 30 steps"),
    QT_TRANSLATE_NOOP(
        "Presets", "APGD on cross-entropy, L-inf 4/255, 100 steps, no step size to tune"
    ),
    QT_TRANSLATE_NOOP(
        "Presets", "APGD on the DLR loss (ignores the logits' scale), L-inf 4/255, 100 steps"
    ),
    QT_TRANSLATE_NOOP("Presets", "APGD, targeted DLR towards airliner, L-inf 4/255, 100 steps"),
    QT_TRANSLATE_NOOP("Presets", "DeepFool, smallest L2 change, top-10 classes, overshoot 0.02"),
    QT_TRANSLATE_NOOP("Presets", "Fast Minimum-Norm, smallest L2 change, 100 steps"),
    QT_TRANSLATE_NOOP("Presets", "Fast Minimum-Norm, smallest L-inf change, 100 steps"),
    QT_TRANSLATE_NOOP(
        "Presets", "Square Attack, scores only (no gradient), L-inf 4/255, 1000 queries"
    ),
)


def help_text(name: str) -> str:
    """Preset ``name``'s description in the window's language ("" when it has none)."""
    text = PRESET_HELP.get(name, "")
    return QCoreApplication.translate("Presets", text) if text else ""
