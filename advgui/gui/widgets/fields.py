"""Number fields that leave the mouse wheel to the panel unless they have focus.

Over a scrolling panel, a wheel turn meant to scroll must not change the field under the
pointer (Learning rate 0.1 silently became 0.06). A field changes on the wheel only once
it has keyboard focus (clicked or tabbed into); otherwise the wheel scrolls the panel.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QAbstractSpinBox, QDoubleSpinBox, QSpinBox, QWidget


class FocusWheel:
    """Mixin for a QAbstractSpinBox: the wheel acts only with focus, and gives none."""

    def _init_wheel(self: QAbstractSpinBox) -> None:
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # not WheelFocus

    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802 (Qt override)
        if self.hasFocus():
            super().wheelEvent(event)
        else:
            event.ignore()  # on to the scroll area under it


class IntSpin(FocusWheel, QSpinBox):
    def __init__(self, parent: QWidget | None = None, **props: object) -> None:
        super().__init__(parent, **props)
        self._init_wheel()


class FloatSpin(FocusWheel, QDoubleSpinBox):
    def __init__(self, parent: QWidget | None = None, **props: object) -> None:
        super().__init__(parent, **props)
        self._init_wheel()
