"""Top-5 predictions as labelled probability bars."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QSizePolicy, QWidget

from advgui.gui.present import format_prob
from advgui.gui.widgets.style import hint_color

#: Bar colours: the class the attack moves away from, the target, any other class.
TRUE_COLOR = QColor(52, 120, 220)
TARGET_COLOR = QColor(230, 130, 20)
OTHER_COLOR = QColor(130, 130, 140)


@dataclass(frozen=True)
class Row:
    index: int
    name: str
    prob: float


class Top5Bars(QWidget):
    """Five rows: class name and index over a bar as long as the probability."""

    ROW_HEIGHT = 22  # as tall as it likes
    MIN_ROW_HEIGHT = 17  # in a small window: the pictures need the room more

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows: list[Row] = []
        self._true: int | None = None
        self._target: int | None = None
        self.placeholder = ""
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Maximum)
        self.setMinimumHeight(5 * max(self.MIN_ROW_HEIGHT, self.fontMetrics().height() + 3))

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        return QSize(300, 5 * self.ROW_HEIGHT)

    def set_rows(
        self, rows: list[Row], *, true_class: int | None = None, target: int | None = None
    ) -> None:
        self._rows = list(rows)[:5]
        self._true, self._target = true_class, target
        self.setToolTip("\n".join(f"{r.index}  {r.name}: {format_prob(r.prob)}" for r in rows))
        self.update()

    def clear(self, placeholder: str = "") -> None:
        self.placeholder = placeholder
        self.set_rows([])

    def rows(self) -> list[Row]:
        return list(self._rows)

    def _color(self, index: int) -> QColor:
        if index == self._target:
            return TARGET_COLOR
        if index == self._true:
            return TRUE_COLOR
        return OTHER_COLOR

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt override)
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        pal = self.palette()
        text = pal.color(QPalette.ColorRole.WindowText)
        if not self._rows:
            p.setPen(hint_color(pal))
            p.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, self.placeholder)
            return
        h, w = min(self.ROW_HEIGHT, self.height() // 5), self.width()
        track = pal.color(QPalette.ColorRole.AlternateBase)
        for i, row in enumerate(self._rows):
            rect = QRectF(0, i * h + 1, w, h - 3)
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(track)
            p.drawRoundedRect(rect, 3, 3)
            fill = QColor(self._color(row.index))
            fill.setAlpha(150)
            p.setBrush(fill)
            p.drawRoundedRect(
                QRectF(rect.x(), rect.y(), rect.width() * row.prob, rect.height()), 3, 3
            )
            p.setPen(text)
            inner = rect.adjusted(6, 0, -6, 0)
            prob = format_prob(row.prob)
            prob_w = p.fontMetrics().horizontalAdvance(prob) + 8
            label = f"{row.name}  ({row.index})"
            label = p.fontMetrics().elidedText(
                label, Qt.TextElideMode.ElideRight, int(inner.width() - prob_w)
            )
            align_v = Qt.AlignmentFlag.AlignVCenter
            p.drawText(inner, align_v | Qt.AlignmentFlag.AlignLeft, label)
            p.drawText(inner, align_v | Qt.AlignmentFlag.AlignRight, prob)
