"""One zoom and pan that the three pictures share, and the buttons that set it.

``ViewTransform`` says how an image of ``image_size`` (W x H pixels) is shown in a canvas:
``scale`` (screen pixels per image pixel; None: as large as fits) and ``center`` (the image
point at the canvas's centre, kept so that no empty margin shows once the image is larger
than the canvas). Each canvas maps with it for its own size; every change emits ``changed``
and the pixel under the mouse, in any of them, is shared as ``hovered`` (``hoverChanged``),
so all three follow. A new image of the same size keeps the view (live and replayed frames
do not reset it); one of another size goes back to fit.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QToolButton, QWidget

MAX_SCALE = 32.0  # screen pixels per image pixel at most
STEP = 2.0  # a button or key press zooms by this
WHEEL_STEP = 1.25  # one wheel notch zooms by this


class ViewTransform(QObject):
    changed = Signal()  # scale, centre or image size
    hoverChanged = Signal()  # ``hovered``

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.image_size: tuple[int, int] | None = None  # (W, H)
        self.scale: float | None = None  # None: fit
        self.center: tuple[float, float] = (0.0, 0.0)
        self.hovered: tuple[int, int] | None = None  # (column, row)
        #: The canvases' size and device pixel ratio (``set_viewport``), for the buttons.
        self.viewport: tuple[int, int] = (336, 224)
        self.pixel_ratio = 1.0

    # -- mapping --------------------------------------------------------------------------
    def fit_scale(self, width: int, height: int) -> float:
        w, h = self.image_size or (1, 1)
        return max(1e-6, min(width / w, height / h))

    def scale_for(self, width: int, height: int) -> float:
        return self.fit_scale(width, height) if self.scale is None else self.scale

    def origin_for(self, width: int, height: int) -> tuple[float, float]:
        """Where the image's top-left corner is drawn, in whole canvas pixels."""
        s = self.scale_for(width, height)
        cx, cy = self._clamped(self.center, s, width, height)
        return float(round(width / 2 - cx * s)), float(round(height / 2 - cy * s))

    def pixel_at(self, width: int, height: int, x: float, y: float) -> tuple[int, int] | None:
        """The image pixel (column, row) under canvas point (x, y), or None outside."""
        if self.image_size is None:
            return None
        s = self.scale_for(width, height)
        ox, oy = self.origin_for(width, height)
        col, row = math.floor((x - ox) / s), math.floor((y - oy) / s)
        w, h = self.image_size
        return (col, row) if 0 <= col < w and 0 <= row < h else None

    def set_viewport(self, width: int, height: int, pixel_ratio: float) -> None:
        """The canvases' size (they are the same size, side by side) and pixel ratio."""
        if ((width, height), pixel_ratio) != (self.viewport, self.pixel_ratio):
            self.viewport, self.pixel_ratio = (width, height), pixel_ratio
            self.changed.emit()

    def is_fit(self) -> bool:
        return self.scale is None

    def percent(self) -> float:
        """The zoom in screen (device) pixels per image pixel, as a percentage."""
        return 100.0 * self.scale_for(*self.viewport) * self.pixel_ratio

    # -- changes --------------------------------------------------------------------------
    def set_image_size(self, width: int, height: int) -> None:
        """The image the views show; another size than before goes back to fit."""
        if (width, height) == self.image_size:
            return
        self.image_size = (width, height)
        self.scale, self.center = None, (width / 2, height / 2)
        self.set_hovered(None)
        self.changed.emit()

    def fit(self) -> None:
        if self.image_size is None or self.scale is None:
            return
        w, h = self.image_size
        self.scale, self.center = None, (w / 2, h / 2)
        self.changed.emit()

    def actual_size(self) -> None:
        """One image pixel per screen pixel ("1:1"), about the point shown at the centre."""
        self._set(1.0 / self.pixel_ratio, self._visible_center(*self.viewport))

    def zoom_in(self) -> None:
        self.zoom(STEP)

    def zoom_out(self) -> None:
        self.zoom(1 / STEP)

    def zoom(
        self,
        factor: float,
        size: tuple[int, int] | None = None,
        anchor: tuple[float, float] | None = None,
    ) -> None:
        """Zoom by ``factor`` keeping the image point under ``anchor`` (canvas pixels;
        default its centre) where it is. Zooming out past fit comes back to fit."""
        if self.image_size is None:
            return
        width, height = size or self.viewport
        s, fit = self.scale_for(width, height), self.fit_scale(width, height)
        new = min(MAX_SCALE, max(s * factor, min(fit, 1.0 / self.pixel_ratio, s)))
        if factor < 1 and new <= fit * (1 + 1e-9) and s > fit * (1 + 1e-9):
            self.fit()  # crossing fit on the way out
            return
        ax, ay = anchor if anchor is not None else (width / 2, height / 2)
        ox, oy = self.origin_for(width, height)
        px, py = (ax - ox) / s, (ay - oy) / s  # the image point under the anchor
        center = (px - (ax - width / 2) / new, py - (ay - height / 2) / new)
        self._set(new, self._clamped(center, new, width, height))

    def pan(self, dx: float, dy: float, size: tuple[int, int]) -> None:
        """Move the picture by (dx, dy) canvas pixels (a drag)."""
        if self.image_size is None or self.scale is None:
            return
        width, height = size
        cx, cy = self._visible_center(width, height)
        center = (cx - dx / self.scale, cy - dy / self.scale)
        self._set(self.scale, self._clamped(center, self.scale, width, height))

    def set_hovered(self, pixel: tuple[int, int] | None) -> None:
        if pixel != self.hovered:
            self.hovered = pixel
            self.hoverChanged.emit()

    # -- internals ------------------------------------------------------------------------
    def _set(self, scale: float, center: tuple[float, float]) -> None:
        if self.image_size is None or (scale, center) == (self.scale, self.center):
            return
        self.scale, self.center = scale, center
        self.changed.emit()

    def _visible_center(self, width: int, height: int) -> tuple[float, float]:
        return self._clamped(self.center, self.scale_for(width, height), width, height)

    def _clamped(
        self, center: tuple[float, float], s: float, width: int, height: int
    ) -> tuple[float, float]:
        """``center`` moved so that the image covers the canvas where it can, and stays
        centred along a side where it is smaller than the canvas."""
        w, h = self.image_size or (0, 0)

        def axis(c: float, extent: int, room: int) -> float:
            half = room / (2 * s)
            return extent / 2 if extent * s <= room else min(max(c, half), extent - half)

        return axis(center[0], w, width), axis(center[1], h, height)


class ZoomBar(QWidget):
    """Fit (checked while fitting), 1:1 and the zoom in percent; the wheel (about the
    pointer) and the View menu's keys zoom in and out."""

    def __init__(self, transform: ViewTransform, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.transform = transform
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(0)
        buttons = (
            (
                "zoomFit",
                QCoreApplication.translate("Zoom", "Fit"),
                QCoreApplication.translate("Zoom", "Show the whole pictures (Ctrl+0)"),
                transform.fit,
            ),
            (
                "zoomActual",
                "1:1",
                QCoreApplication.translate("Zoom", "One image pixel per screen pixel (Ctrl+1)"),
                transform.actual_size,
            ),
        )
        self.buttons: dict[str, QToolButton] = {}
        for name, text, tip, slot in buttons:
            button = QToolButton(objectName=name, text=text, toolTip=tip, autoRaise=True)
            button.clicked.connect(slot)
            button.clicked.connect(self._show)  # Fit stays checked when clicked in fit
            lay.addWidget(button)
            self.buttons[name] = button
        self.buttons["zoomFit"].setCheckable(True)
        self.label = QLabel("", objectName="zoomLabel")
        self.label.setToolTip(
            QCoreApplication.translate(
                "Zoom",
                "Screen pixels per image pixel: the wheel zooms about the pointer, Ctrl+= and "
                "Ctrl+- about the centre, a drag pans",
            )
        )
        self.label.setMinimumWidth(self.label.fontMetrics().horizontalAdvance("3200%") + 6)
        self.label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        lay.addWidget(self.label)
        transform.changed.connect(self._show)
        self._show()

    def _show(self) -> None:
        t = self.transform
        self.buttons["zoomFit"].setChecked(t.is_fit())
        self.label.setText(f"{t.percent():.0f}%" if t.image_size is not None else "")
