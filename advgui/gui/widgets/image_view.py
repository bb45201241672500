"""A titled picture that keeps its aspect ratio and scales with its panel; given a
``ViewTransform`` (``follow``), it zooms and pans with the views that share it."""

from __future__ import annotations

import math

import numpy as np
from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QImage,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
    QResizeEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from advgui.gui.widgets.style import hint_color
from advgui.gui.widgets.zoom import WHEEL_STEP, ViewTransform

#: From this many screen pixels per image pixel, the pixel under the mouse is outlined.
MARKER_SCALE = 4.0


def rgb_to_qimage(rgb: np.ndarray) -> QImage:
    """An H x W x 3 uint8 array as a QImage that owns a copy of the pixels."""
    if rgb.dtype != np.uint8 or rgb.ndim != 3 or rgb.shape[2] != 3:
        raise ValueError(f"need an H x W x 3 uint8 array, got {rgb.dtype} {rgb.shape}")
    rgb = np.ascontiguousarray(rgb)
    h, w, _ = rgb.shape
    return QImage(rgb.data, w, h, 3 * w, QImage.Format.Format_RGB888).copy()


class _Canvas(QWidget):
    """Draws the image as its ``ViewTransform`` says (fit when it follows none, or when
    the image is of another size), and turns the wheel, drags and hovers into changes of
    that transform. Only the visible pixels are drawn: nearest neighbour once an image
    pixel is larger than a screen pixel, smooth when scaled down."""

    def __init__(self, placeholder: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.image: QImage | None = None
        self.placeholder = placeholder
        self.transform: ViewTransform | None = None
        self._drag: QPointF | None = None
        self.setMinimumSize(160, 80)  # small windows: zoom in to see detail
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        return QSize(240, 160)  # a small window gives the room to the pictures last

    def follow(self, transform: ViewTransform) -> None:
        self.transform = transform
        self.setMouseTracking(True)
        transform.changed.connect(self.update)
        transform.hoverChanged.connect(self._on_transform_hover)

    def _follows(self) -> bool:
        t = self.transform
        if t is None or t.image_size is None:
            return False
        return self.image is None or (self.image.width(), self.image.height()) == t.image_size

    def mapping(self) -> tuple[float, float, float] | None:
        """(scale, left, top): the image's pixel (i, j) covers [left + i*scale, …)."""
        if self._follows():
            t = self.transform
            return (t.scale_for(self.width(), self.height()), *t.origin_for(*self._size()))
        if self.image is None or self.image.isNull():
            return None
        w, h = self.image.width(), self.image.height()
        s = min(self.width() / w, self.height() / h)
        return s, round((self.width() - w * s) / 2), round((self.height() - h * s) / 2)

    def image_rect(self) -> QRectF:
        """Where the whole picture is drawn (it may reach past the canvas when zoomed)."""
        m = self.mapping()
        if m is None or self.image is None:
            return QRectF()
        s, left, top = m
        return QRectF(left, top, self.image.width() * s, self.image.height() * s)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt override)
        p = QPainter(self)
        p.fillRect(self.rect(), self.palette().color(QPalette.ColorRole.AlternateBase))
        m = self.mapping()
        if self.image is None or m is None:
            p.setPen(hint_color(self.palette()))
            p.drawText(
                self.rect(),
                Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                self.placeholder,
            )
            return
        s, left, top = m
        w, h = self.image.width(), self.image.height()
        x0, y0 = max(0, math.floor(-left / s)), max(0, math.floor(-top / s))
        x1 = min(w, math.ceil((self.width() - left) / s))
        y1 = min(h, math.ceil((self.height() - top) / s))
        if x1 <= x0 or y1 <= y0:
            return
        smooth = s * self.devicePixelRatioF() < 1.0
        p.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, smooth)
        target = QRectF(left + x0 * s, top + y0 * s, (x1 - x0) * s, (y1 - y0) * s)
        p.drawImage(target, self.image, QRectF(x0, y0, x1 - x0, y1 - y0))
        self._draw_marker(p, s, left, top)

    def _draw_marker(self, p: QPainter, s: float, left: float, top: float) -> None:
        """A square around the pixel under the mouse (in any view), once pixels are large."""
        t = self.transform
        if s < MARKER_SCALE or t is None or t.hovered is None or not self._follows():
            return
        col, row = t.hovered
        square = QRectF(left + col * s, top + row * s, s, s).adjusted(-1, -1, 1, 1)
        p.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.setPen(QPen(QColor(0, 0, 0), 3))
        p.drawRect(square)
        p.setPen(QPen(QColor(255, 255, 255), 1))
        p.drawRect(square)

    # -- the mouse: zoom, pan, hover ------------------------------------------------------
    def _size(self) -> tuple[int, int]:
        return self.width(), self.height()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt override)
        super().resizeEvent(event)
        if self.transform is not None:
            self.transform.set_viewport(self.width(), self.height(), self.devicePixelRatioF())

    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802 (Qt override)
        if not self._follows():
            event.ignore()
            return
        notches = event.angleDelta().y() / 120 or event.pixelDelta().y() / 40
        if notches:
            pos = event.position()
            self.transform.zoom(WHEEL_STEP**notches, self._size(), (pos.x(), pos.y()))
        event.accept()

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt override)
        if event.button() == Qt.MouseButton.LeftButton and self._follows():
            self._drag = event.position()
            if not self.transform.is_fit():
                self.setCursor(Qt.CursorShape.ClosedHandCursor)
            event.accept()
            return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt override)
        if not self._follows():
            super().mouseMoveEvent(event)
            return
        pos = event.position()
        if self._drag is not None and event.buttons() & Qt.MouseButton.LeftButton:
            moved = pos - self._drag
            self._drag = pos
            self.transform.pan(moved.x(), moved.y(), self._size())
        self.transform.set_hovered(self.transform.pixel_at(*self._size(), pos.x(), pos.y()))

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt override)
        if self._drag is not None and event.button() == Qt.MouseButton.LeftButton:
            self._drag = None
            self.unsetCursor()
            event.accept()
            return
        super().mouseReleaseEvent(event)

    def leaveEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt override)
        if self.transform is not None:
            self.transform.set_hovered(None)
        super().leaveEvent(event)

    def _on_transform_hover(self) -> None:
        m = self.mapping()
        if m is not None and m[0] >= MARKER_SCALE:  # the marker moved
            self.update()


class ImageView(QWidget):
    """Title above (``add_to_title`` puts a control beside it), picture in the middle
    (``add_below_canvas`` puts more under it), a one-line caption below."""

    def __init__(self, title: str, placeholder: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = QLabel(title)
        font = self.title.font()
        font.setBold(True)
        self.title.setFont(font)
        self.canvas = _Canvas(placeholder, self)
        self.caption = QLabel("")
        self.caption.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.caption.setWordWrap(True)
        # Long captions wrap instead of widening the column (columns stay equal).
        self.caption.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.caption.setMinimumHeight(2 * self.caption.fontMetrics().lineSpacing())
        self.caption.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        # A title longer than its column is cut rather than widening the column.
        self.title.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.title.setMinimumWidth(40)
        self._title_row = QHBoxLayout()
        self._title_row.setContentsMargins(0, 0, 0, 0)
        self._title_row.addWidget(self.title, 1)
        self._lay = lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(4)
        lay.addLayout(self._title_row)
        lay.addWidget(self.canvas, 1)
        lay.addWidget(self.caption)

    def follow(self, transform: ViewTransform) -> None:
        """Zoom and pan as ``transform`` says, and report the wheel, drags and hovers to it."""
        self.canvas.follow(transform)

    def add_to_title(self, widget: QWidget) -> None:
        self._title_row.addWidget(widget)

    def add_below_canvas(self, widget: QWidget, stretch: int = 0) -> None:
        self._lay.insertWidget(self._lay.indexOf(self.caption), widget, stretch)

    def set_image(self, rgb: np.ndarray | None) -> None:
        """Show an H x W x 3 uint8 array, or the placeholder for None."""
        self.canvas.image = None if rgb is None else rgb_to_qimage(rgb)
        self.canvas.update()

    def image(self) -> QImage | None:
        return self.canvas.image

    def set_caption(self, text: str) -> None:
        self.caption.setText(text)
