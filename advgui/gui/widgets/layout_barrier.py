"""A wall that layout requests do not climb over unless a size hint really changed.

Every ``QLabel.setText`` asks its parents to lay themselves out again, up to the window.
Most of that is cheap, but a ``QTabWidget`` answers a layout request by repainting
itself whole: during an attack, with a label or two changing each step, the whole window
was painted two or three times per frame drawn (measured: 112 near-full repaints in two
30-step runs). ``LayoutBarrier`` holds one widget, fills itself with it, and passes a
layout request on to its own parent only when the widget's size hints, policy or limits
differ from what its parent last saw; the widget's own layout still follows every change.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSize
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QWidget

__all__ = ["LayoutBarrier"]


class LayoutBarrier(QWidget):
    """``LayoutBarrier(child)``: shows ``child`` filling it; ``child()`` gives it back.

    It has no layout of its own on purpose: with one, the child's requests would go to
    that layout and climb on as before."""

    def __init__(self, child: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._child = child
        child.setParent(self)
        self._seen = self._hints()
        self._mirror()

    def child(self) -> QWidget:
        return self._child

    def _hints(self) -> tuple:
        c = self._child
        policy = c.sizePolicy()
        return (
            c.sizeHint(),
            c.minimumSizeHint(),
            c.minimumSize(),
            c.maximumSize(),
            policy.horizontalPolicy(),
            policy.verticalPolicy(),
            c.hasHeightForWidth(),
            c.isHidden(),
        )

    def _mirror(self) -> None:
        c = self._child
        self.setSizePolicy(c.sizePolicy())
        self.setMinimumSize(c.minimumSize())
        self.setMaximumSize(c.maximumSize())

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        return self._child.sizeHint()

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        return self._child.minimumSizeHint()

    def hasHeightForWidth(self) -> bool:  # noqa: N802 (Qt override)
        return self._child.hasHeightForWidth()

    def heightForWidth(self, width: int) -> int:  # noqa: N802 (Qt override)
        return self._child.heightForWidth(width)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt override)
        super().resizeEvent(event)
        self._child.setGeometry(self.rect())

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.LayoutRequest:
            hints = self._hints()
            if hints != self._seen:
                self._seen = hints
                self._mirror()
                self.updateGeometry()
            return True  # the child's own layout has done the rest
        return super().event(event)
