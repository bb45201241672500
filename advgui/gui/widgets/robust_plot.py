"""The Evaluate tab's curve: robust accuracy against ε, with the attack's success rate
and each transfer model's accuracy on the adversarial images, fed whole from a summary."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QWidget

from advgui.gui.evaluate_present import axis_label, axis_values

ROBUST_COLOR = (40, 110, 200)
SUCCESS_COLOR = (200, 60, 60)
TRANSFER_COLORS = [(60, 160, 90), (200, 140, 30), (140, 80, 180), (30, 150, 160)]


def _values(values: list[float | None]) -> np.ndarray:
    return np.array([math.nan if v is None else v for v in values], dtype=float)


def _curve(x: np.ndarray, values: list[float | None]) -> tuple[np.ndarray, np.ndarray]:
    """The points of a curve; none when no value is known yet (a rate over no image):
    pyqtgraph would warn about bounds of nothing but NaN."""
    y = _values(values)
    return (x, y) if np.isfinite(y).any() else (x[:0], y[:0])


class RobustPlot(pg.GraphicsLayoutWidget):
    """``set_summary(summary)`` draws it; ``None`` empties it. The legend sits under
    the plot, in a row of its own, so that it never hides a curve."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setBackground(None)
        self.setMinimumHeight(200)
        text = self.palette().color(QPalette.ColorRole.WindowText)
        self._text = text.name()
        plot = self.plot_item = self.addPlot(row=0, col=0)
        plot.showGrid(x=True, y=True, alpha=0.25)
        plot.setMenuEnabled(False)
        plot.setMouseEnabled(x=False, y=False)
        plot.hideButtons()
        for side in (
            "left",
            "bottom",
        ):
            axis = plot.getAxis(side)
            axis.setTextPen(text)
            axis.enableAutoSIPrefix(False)  # 0.1/255 stays 0.1, not 100 (x0.001)
        plot.setLabel(
            "left",
            QCoreApplication.translate("RobustPlot", "images"),
            color=self._text,
        )
        left = plot.getAxis("left")
        left.setTicks([[(v / 4, f"{25 * v}%") for v in range(5)], []])
        plot.setYRange(-0.07, 1.07, padding=0)  # room for the 0% and 100% labels
        plot.enableAutoRange(y=False)
        self.legend = pg.LegendItem(colCount=4, labelTextColor=text)
        self.addItem(self.legend, row=1, col=0)
        self.robust = plot.plot(
            pen=pg.mkPen(ROBUST_COLOR, width=2),
            symbol="o",
            symbolBrush=ROBUST_COLOR,
            symbolPen=None,
            connect="finite",
        )
        self.success = plot.plot(
            pen=pg.mkPen(SUCCESS_COLOR, width=2, style=Qt.PenStyle.DashLine),
            symbol="t",
            symbolBrush=SUCCESS_COLOR,
            symbolPen=None,
            connect="finite",
        )
        self.legend.addItem(
            self.robust, QCoreApplication.translate("RobustPlot", "robust accuracy")
        )
        self.legend.addItem(
            self.success, QCoreApplication.translate("RobustPlot", "attack success rate")
        )
        self._transfer: dict[str, pg.PlotDataItem] = {}
        self.set_summary(None)

    def set_summary(self, summary: dict[str, Any] | None, norm: str | None = None) -> None:
        """Draw ``summary`` (``core.evaluation.summary``); ``norm`` names the x axis
        before any image is done."""
        norm = (summary or {}).get("norm") or norm
        self.plot_item.setLabel("bottom", axis_label(norm), color=self._text)
        if not summary or not summary["images"]:
            self.robust.setData([], [])
            self.success.setData([], [])
            self._set_transfer({})
            n = summary["skipped"] if summary else 0
            title = (
                QCoreApplication.translate(
                    "RobustPlot", "Robust accuracy: no image yet ({n} skipped)"
                ).format(n=n)
                if n
                else QCoreApplication.translate("RobustPlot", "Robust accuracy")
            )
            self.plot_item.setTitle(title, color=self._text)
            return
        x = np.array(axis_values(summary["eps"], norm), dtype=float)
        self.robust.setData(*_curve(x, summary["robust_accuracy"]))
        self.success.setData(*_curve(x, summary["attack_success_rate"]))
        transferred = summary["transfer_robust_accuracy"]
        self._set_transfer({m: _curve(x, v) for m, v in transferred.items()})
        n, skipped = summary["images"], summary["skipped"]
        model = summary["model"]
        if skipped:
            title = QCoreApplication.translate(
                "RobustPlot", "Robust accuracy of {model}, {n} images ({skipped} skipped)"
            ).format(model=model, n=n, skipped=skipped)
        elif n == 1:
            title = QCoreApplication.translate(
                "RobustPlot", "Robust accuracy of {model}, 1 image"
            ).format(model=model)
        else:
            title = QCoreApplication.translate(
                "RobustPlot", "Robust accuracy of {model}, {n} images"
            ).format(model=model, n=n)
        self.plot_item.setTitle(title, color=self._text)

    def _set_transfer(self, curves: dict[str, tuple[np.ndarray, np.ndarray]]) -> None:
        for name in [m for m in self._transfer if m not in curves]:
            item = self._transfer.pop(name)
            self.plot_item.removeItem(item)
            self.legend.removeItem(item)
        for k, (name, (x, y)) in enumerate(curves.items()):
            item = self._transfer.get(name)
            if item is None:
                color = TRANSFER_COLORS[k % len(TRANSFER_COLORS)]
                item = self._transfer[name] = self.plot_item.plot(
                    pen=pg.mkPen(color, width=2),
                    symbol="s",
                    symbolBrush=color,
                    symbolPen=None,
                    connect="finite",
                )
                self.legend.addItem(
                    item,
                    QCoreApplication.translate("RobustPlot", "{name}, transferred").format(
                        name=name
                    ),
                )
            item.setData(x, y)

    def points(self) -> tuple[list[float], list[float]]:
        """The robust accuracy curve as drawn (x in the axis's units), for tests."""
        x, y = self.robust.getData()
        return ([] if x is None else list(x)), ([] if y is None else list(y))
