"""The pixel under the mouse, in words: its coordinates and x, x + δ and δ per channel.

Values are in 0-255 levels: x is the model's float input (not the 8-bit picture), x + δ is
``clamp(x + δ, 0, 1)``, what the model is shown, and δ is signed. The label follows the
``hovered`` pixel of the views' ``ViewTransform``; with no pixel under the mouse it says
how to zoom.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget

from advgui.gui.widgets.zoom import ViewTransform

HINT = QT_TRANSLATE_NOOP(
    "Inspector",
    "Hover over a picture to read a pixel's values (0–255) · wheel: zoom · drag: pan · "
    "Ctrl+0: fit · Ctrl+1: 1:1",
)


def _signed(level: float) -> str:
    if abs(level) < 0.005:
        return "0.00"
    return f"{level:+.2f}".replace("-", "−")


def describe_pixel(col: int, row: int, x: np.ndarray | None, delta: np.ndarray | None) -> str:
    """One line for pixel (``col``, ``row``) of ``x`` and ``delta`` (H x W x 3 floats)."""
    parts = [f"pixel ({col}, {row})"]
    if x is None or not (0 <= row < x.shape[0] and 0 <= col < x.shape[1]):
        return parts[0]
    clean = x[row, col].astype(np.float64)
    parts.append("x = " + " ".join(f"{v * 255:.1f}" for v in clean))
    if delta is not None and delta.shape == x.shape:
        d = delta[row, col].astype(np.float64)
        shown = np.clip(clean + d, 0.0, 1.0)
        parts.append("x+δ = " + " ".join(f"{v * 255:.1f}" for v in shown))
        parts.append("δ = " + " ".join(_signed(v * 255) for v in d))
    return "   ".join(parts)


class PixelInspector(QLabel):
    def __init__(self, transform: ViewTransform, parent: QWidget | None = None) -> None:
        super().__init__(QCoreApplication.translate("Inspector", HINT), parent)
        self.setObjectName("pixelInspector")
        self.transform = transform
        self._x: np.ndarray | None = None
        self._delta: np.ndarray | None = None
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        # A long line is cut rather than widening the window.
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        transform.hoverChanged.connect(self.refresh)

    def set_input(self, x: np.ndarray | None) -> None:
        """The clean image, H x W x 3 float in [0, 1]."""
        self._x = x
        self.refresh()

    def set_delta(self, delta: np.ndarray | None) -> None:
        """The perturbation shown, H x W x 3 float in pixel units (None: none yet)."""
        self._delta = delta
        if self.transform.hovered is not None:
            self.refresh()

    def refresh(self) -> None:
        pixel = self.transform.hovered
        if pixel is None:
            text = QCoreApplication.translate("Inspector", HINT)
        else:
            text = describe_pixel(*pixel, self._x, self._delta)
        self.setText(text)
        self.setToolTip(text if pixel is not None else "")
