"""The perturbation's column in its several views (``delta_maps.DeltaMode``).

``DeltaViews`` puts a chooser (``deltaMode``) beside the delta view's title, a colour bar
under its picture (heat map and one-channel views) and a histogram in the picture's place;
``draw(delta, k)`` draws delta in the mode set last (``set_mode``) and returns the caption.
Choosing in the combo box only emits ``modeChosen``: the state changes and ``set_mode``
follows. Each mode computes only its own picture (a few milliseconds at 224 px).
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QObject, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QImage, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QComboBox, QSizePolicy, QWidget

from advgui.gui import delta_maps
from advgui.gui.delta_maps import DeltaMode
from advgui.gui.widgets.image_view import ImageView

CHANNEL_PENS = ((220, 50, 50), (40, 160, 60), (50, 90, 220))


#: ``DeltaMode.label``'s texts (``gui.delta_maps`` stays NumPy-only), for lupdate.
MODE_LABELS = (
    QT_TRANSLATE_NOOP("DeltaMode", "Amplified (k·δ + 0.5)"),
    QT_TRANSLATE_NOOP("DeltaMode", "|δ| heat map"),
    QT_TRANSLATE_NOOP("DeltaMode", "Red channel δ"),
    QT_TRANSLATE_NOOP("DeltaMode", "Green channel δ"),
    QT_TRANSLATE_NOOP("DeltaMode", "Blue channel δ"),
    QT_TRANSLATE_NOOP("DeltaMode", "Histogram of δ"),
)

#: The caption under one channel's δ, by channel (red, green, blue).
CHANNEL_CAPTIONS = (
    lambda: QCoreApplication.translate(
        "DeltaViews", "δ of the red channel: blue lowers it, red raises it (1/255)"
    ),
    lambda: QCoreApplication.translate(
        "DeltaViews", "δ of the green channel: blue lowers it, red raises it (1/255)"
    ),
    lambda: QCoreApplication.translate(
        "DeltaViews", "δ of the blue channel: blue lowers it, red raises it (1/255)"
    ),
)


class ColorBar(QWidget):
    """A horizontal colour scale with its two ends (and 0, when it spans it) written under it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._image: QImage | None = None
        self._low, self._high = 0.0, 0.0
        self._unit = ""
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        return QSize(200, 12 + self.fontMetrics().height())

    def set_scale(self, table: np.ndarray, low: float, high: float, unit: str) -> None:
        """Colours ``table`` (N x 3 uint8) from ``low`` to ``high`` (in ``unit``)."""
        row = np.ascontiguousarray(table[np.newaxis, :, :3], dtype=np.uint8)
        self._image = QImage(
            row.data, row.shape[1], 1, 3 * row.shape[1], QImage.Format.Format_RGB888
        ).copy()
        self._low, self._high, self._unit = low, high, unit
        self.update()

    def clear(self) -> None:
        self._image = None
        self._low, self._high = 0.0, 0.0
        self.update()

    def scale(self) -> tuple[float, float]:
        return self._low, self._high

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt override)
        if self._image is None:
            return
        p = QPainter(self)
        bar = QRectF(0, 0, self.width(), 10)
        p.drawImage(bar, self._image)
        p.setPen(self.palette().color(QPalette.ColorRole.WindowText))
        text = QRectF(0, 12, self.width(), self.height() - 12)
        left, right = Qt.AlignmentFlag.AlignLeft, Qt.AlignmentFlag.AlignRight
        p.drawText(text, left, f"{self._low:+.2f}" if self._low < 0 else f"{self._low:.2f}")
        p.drawText(text, right, f"{self._high:.2f} {self._unit}".rstrip())
        if self._low < 0 < self._high:
            p.drawText(text, Qt.AlignmentFlag.AlignHCenter, "0")


class DeltaHistogram(pg.PlotWidget):
    """The counts of delta's values per channel, as three stepped curves overlaid."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setBackground(None)
        text = self.palette().color(QPalette.ColorRole.WindowText)
        item = self.getPlotItem()
        item.setMenuEnabled(False)
        item.showGrid(x=True, y=True, alpha=0.25)
        item.setLabel("bottom", "δ (1/255)", color=text.name())
        item.setLabel(
            "left",
            QCoreApplication.translate("DeltaViews", "values"),
            color=text.name(),
        )
        for side in (
            "left",
            "bottom",
        ):
            item.getAxis(side).setTextPen(text)
        self.curves = [
            item.plot(stepMode="center", pen=pg.mkPen(color, width=1.5)) for color in CHANNEL_PENS
        ]
        self._edges = np.zeros(0)
        self._counts = np.zeros((3, 0), dtype=np.intp)

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        return QSize(336, 224)

    def show_delta(self, delta: np.ndarray | None) -> None:
        if delta is None:
            self._edges, self._counts = np.zeros(0), np.zeros((3, 0), dtype=np.intp)
            for curve in self.curves:
                curve.setData([], [])
            return
        self._edges, self._counts = delta_maps.histogram(delta)
        for curve, counts in zip(self.curves, self._counts):
            curve.setData(self._edges, counts)

    def counts(self) -> tuple[np.ndarray, np.ndarray]:
        """Bin edges (in 1/255 levels) and the counts, one row per channel (R, G, B)."""
        return self._edges, self._counts


class DeltaViews(QObject):
    """What the delta column shows; ``modeChosen(DeltaMode)`` is the user's choice."""

    modeChosen = Signal(object)

    def __init__(
        self, view: ImageView, beside: tuple[ImageView, ...] = (), parent: QObject | None = None
    ) -> None:
        """``beside``: the views next to this one, which keep room for the colour bar too,
        so that the three pictures stay the same size (and zoom alike)."""
        super().__init__(parent)
        self.view = view
        self.mode = DeltaMode.AMPLIFIED
        self.combo = QComboBox(objectName="deltaMode")
        for mode in DeltaMode:
            self.combo.addItem(QCoreApplication.translate("DeltaMode", mode.label), mode)
        self.combo.setToolTip(
            QCoreApplication.translate("DeltaViews", "How the perturbation δ is drawn")
        )
        # Whole names where there is room; in a narrow window, no wider than the others.
        # Narrow columns cut the combo's text (its list shows the names whole), not the title.
        self.combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.combo.setMinimumWidth(self.combo.fontMetrics().horizontalAdvance("x" * 6) + 30)
        self.color_bar = ColorBar()
        self.color_bar.setFixedHeight(self.color_bar.sizeHint().height())
        self.color_bar.setObjectName("deltaColorBar")
        self.histogram = DeltaHistogram()
        self.histogram.setObjectName("deltaHistogram")
        view.add_to_title(self.combo)
        view.title.setMinimumWidth(view.title.sizeHint().width())  # the combo gives way
        view.add_below_canvas(self.color_bar)
        view.add_below_canvas(self.histogram, 1)
        self._room: list[QWidget] = []
        for other in beside:
            room = QWidget()
            room.setFixedHeight(self.color_bar.sizeHint().height())
            other.add_below_canvas(room)
            self._room.append(room)
        self.combo.currentIndexChanged.connect(
            lambda i: self.modeChosen.emit(self.combo.itemData(i))
        )
        self._show_parts()

    def set_mode(self, mode: DeltaMode) -> None:
        self.mode = mode
        self.combo.blockSignals(True)
        self.combo.setCurrentIndex(self.combo.findData(mode))
        self.combo.blockSignals(False)
        self._show_parts()

    def clear(self) -> None:
        self.view.set_image(None)
        self.color_bar.clear()
        self.histogram.show_delta(None)

    def draw(self, delta: np.ndarray, k: float) -> str:
        """Draw ``delta`` (H x W x 3, pixel units) as the mode says; returns the caption."""
        mode, c = self.mode, self.mode.channel
        if mode is DeltaMode.HISTOGRAM:
            self.histogram.show_delta(delta)
            return QCoreApplication.translate(
                "DeltaViews", "Every pixel's δ in each channel (red, green, blue), in 1/255 levels"
            )
        if mode is DeltaMode.HEAT:
            rgb, top = delta_maps.heat(delta)
            self.color_bar.set_scale(delta_maps.lookup_table(delta_maps.HEAT_MAP), 0.0, top, "/255")
            caption = QCoreApplication.translate(
                "DeltaViews", "|δ| of each pixel: the largest of its R, G, B changes, in 1/255"
            )
        elif c is not None:
            rgb, m = delta_maps.channel(delta, c)
            table = delta_maps.lookup_table(delta_maps.DIVERGING_MAP)
            self.color_bar.set_scale(table, -m, m, "/255")
            caption = CHANNEL_CAPTIONS[c]()
        else:
            rgb = delta_maps.amplified(delta, k)
            caption = QCoreApplication.translate(
                "DeltaViews", "{k}·δ + 0.5, gray = unchanged"
            ).format(k=f"{k:g}")
        self.view.set_image(rgb)
        return caption

    def _show_parts(self) -> None:
        mode = self.mode
        histogram = mode is DeltaMode.HISTOGRAM
        self.view.canvas.setVisible(not histogram)
        self.histogram.setVisible(histogram)
        bar = mode is DeltaMode.HEAT or mode.channel is not None
        self.color_bar.setVisible(bar)
        for room in self._room:
            room.setVisible(bar)
