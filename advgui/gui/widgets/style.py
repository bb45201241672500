"""Colours for secondary text that stay readable on the platform's own background.

``palette(mid)`` is a border colour: as text on Qt's light default window it reached a
contrast of 1.7:1 (plain grey 128 reached 3.4:1), below the 4.5:1 that WCAG asks of body
text. A hint is instead the window's text colour faded two fifths of the way towards its
background: 5.5:1 there (#606060 on #efefef), and as readable on a dark theme, since
both ends come from the palette.
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QWidget

#: How far a hint's colour moves from the text colour towards the background.
FADE = 0.4


def hint_color(palette: QPalette) -> QColor:
    text = palette.color(QPalette.ColorRole.WindowText)
    back = palette.color(QPalette.ColorRole.Window)
    mix = [round(t + (b - t) * FADE) for t, b in zip(text.getRgb()[:3], back.getRgb()[:3])]
    return QColor(*mix)


def set_hint(widget: QWidget) -> None:
    """Draw ``widget``'s text (a QLabel's) in the hint colour."""
    widget.setStyleSheet(f"color: {hint_color(widget.palette()).name()};")


def contrast(a: QColor, b: QColor) -> float:
    """WCAG 2 contrast ratio of two colours (1 to 21)."""

    def luminance(c: QColor) -> float:
        def channel(v: float) -> float:
            return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

        r, g, b_ = (channel(v) for v in (c.redF(), c.greenF(), c.blueF()))
        return 0.2126 * r + 0.7152 * g + 0.0722 * b_

    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)
