"""Live plots of the attack: the objective, p(true) / p(target) on a log scale and, for
the minimal-norm attacks, the size of delta with the smallest adversarial one so far.
Score-only attacks (Square) are plotted over their queries instead of steps."""

from __future__ import annotations

import math
import time

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtGui import QFontMetrics, QPalette
from PySide6.QtWidgets import QGraphicsItem, QWidget

from advgui.gui.widgets.top5 import TARGET_COLOR, TRUE_COLOR

#: Probabilities are clipped here before the log scale (float32 softmax reaches 0).
P_FLOOR = 1e-12

#: Shorter than this (px), the plots leave out their x axis's label.
COMPACT_BELOW = 230

#: The x axis's names (``x_label``), translated where shown.
X_LABELS = (QT_TRANSLATE_NOOP("LossPlot", "step"), QT_TRANSLATE_NOOP("LossPlot", "queries"))


class LossPlot(pg.GraphicsLayoutWidget):
    """Two plots side by side with a shared step axis, fed whole from growing arrays.

    ``append`` only stores a point; ``refresh`` redraws, so a caller can append at
    any rate and redraw on a timer.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setBackground(None)
        self.setMinimumHeight(140)  # the window, replay bar and inspector included, fits 1024 x 600
        text = self.palette().color(QPalette.ColorRole.WindowText)
        self.loss_plot = self.addPlot(row=0, col=0)
        self.prob_plot = self.addPlot(row=0, col=1)
        for plot in (self.loss_plot, self.prob_plot):
            plot.showGrid(x=True, y=True, alpha=0.25)
            plot.setMenuEnabled(False)
            plot.setDownsampling(auto=True, mode="peak")  # long runs stay cheap to draw
            plot.setClipToView(True)
            for side in (
                "left",
                "bottom",
            ):
                axis = plot.getAxis(side)
                axis.setTextPen(text)
                # Drawn from a pixmap until its range changes: repainting the tick labels
                # for every frame cost ~3 ms of the GUI thread's CPU per axis.
                axis.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
            plot.setLabel(
                "bottom",
                QCoreApplication.translate("LossPlot", "step"),
                color=text.name(),
            )
            # A fixed width: tick labels of another length would otherwise resize the
            # plot, and every axis would be drawn again.
            left = plot.getAxis("left")
            left.setWidth(QFontMetrics(left.font()).horizontalAdvance("0.0001") + 16)
        self.loss_plot.setTitle(
            QCoreApplication.translate("LossPlot", "Loss: the objective the attack increases"),
            color=text.name(),
        )
        self.prob_plot.setTitle(
            QCoreApplication.translate("LossPlot", "Probabilities (log scale)"), color=text.name()
        )
        self.prob_plot.setLogMode(x=False, y=True)
        # One legend, in a row under the plots, never over the curves (p near 1 at the
        # start of a run, and p(target) near 1 at the end of a targeted one).
        self.legend = pg.LegendItem(colCount=4, labelTextColor=text)
        self.ci.addItem(self.legend, row=1, col=0, colspan=3)
        self.loss_curve = self.loss_plot.plot(pen=pg.mkPen((200, 60, 60), width=2))
        self.true_curve = self.prob_plot.plot(
            pen=pg.mkPen(TRUE_COLOR, width=2),
            name=QCoreApplication.translate("LossPlot", "p(true class)"),
        )
        self.target_curve = self.prob_plot.plot(pen=pg.mkPen(TARGET_COLOR, width=2))
        self.norm_plot = pg.PlotItem()
        self.norm_plot.showGrid(x=True, y=True, alpha=0.25)
        self.norm_plot.setMenuEnabled(False)
        self.norm_plot.setClipToView(True)
        for side in (
            "left",
            "bottom",
        ):
            self.norm_plot.getAxis(side).setTextPen(text)
        left = self.norm_plot.getAxis("left")
        left.setWidth(QFontMetrics(left.font()).horizontalAdvance("0.0001") + 16)
        self.norm_curve = self.norm_plot.plot(
            pen=pg.mkPen((120, 120, 120), width=1),
            name=QCoreApplication.translate("LossPlot", "‖δ‖ now"),
        )
        self.best_curve = self.norm_plot.plot(
            pen=pg.mkPen((40, 110, 200), width=2),
            name=QCoreApplication.translate("LossPlot", "smallest adversarial ‖δ‖"),
        )
        self._text = text
        self._norm_shown = False
        self._norm: str | None = None
        self._x_label = "step"
        # rows: x (step or queries), loss, p(true), p(target), ||delta||, best ||delta||
        self._data = np.zeros((6, 0))
        self._count = 0
        self._dirty = False
        self._drawn_at = -math.inf  # time.monotonic() of the last redraw
        self._targeted = False
        # The replayed step, a vertical line on each plot (hidden while following).
        self.markers = []
        for plot in (self.loss_plot, self.prob_plot, self.norm_plot):
            line = pg.InfiniteLine(angle=90, movable=False, pen=pg.mkPen(text, width=1))
            line.setVisible(False)
            plot.addItem(line, ignoreBounds=True)
            self.markers.append(line)
        # A second run's curves, dashed, when two runs are compared.
        dash = Qt.PenStyle.DashLine
        self.overlay_loss = self.loss_plot.plot(pen=pg.mkPen((200, 60, 60), width=2, style=dash))
        self.overlay_true = self.prob_plot.plot(pen=pg.mkPen(TRUE_COLOR, width=2, style=dash))
        self.overlay_target = self.prob_plot.plot(pen=pg.mkPen(TARGET_COLOR, width=2, style=dash))
        self.legend.addItem(self.loss_curve, QCoreApplication.translate("LossPlot", "loss"))
        self.legend.addItem(self.true_curve, self.true_curve.name())
        self.ci.layout.setRowStretchFactor(0, 1)
        self.ci.layout.setRowStretchFactor(1, 0)
        for col in range(3):  # the room beyond the titles' widths, shared equally
            self.ci.layout.setColumnStretchFactor(col, 1)
        self.reset(30, targeted=False)

    def reset(
        self,
        total_steps: int,
        *,
        targeted: bool,
        norm: str | None = None,
        x_label: str = "step",
    ) -> None:
        """Empty the plots for a run of ``total_steps`` updates (steps 0 to total).

        ``norm`` ("linf" or "l2") shows the norm plot (minimal-norm attacks); ``x_label``
        "queries" plots over the model queries (score-only attacks).
        """
        self._data = np.zeros((6, total_steps + 1))
        self._count = 0
        self._norm = norm
        self._show_norm_plot(norm is not None)
        if norm is not None:
            name = "‖δ‖∞ ×255" if norm == "linf" else "‖δ‖₂"
            self.norm_plot.setTitle(
                QCoreApplication.translate("LossPlot", "Size of δ ({name})").format(name=name),
                color=self._text.name(),
            )
        self._x_label = x_label
        for plot in (self.loss_plot, self.prob_plot, self.norm_plot):
            plot.setLabel(
                "bottom", QCoreApplication.translate("LossPlot", x_label), color=self._text.name()
            )
        self._fit_labels()
        if targeted != self._targeted:
            if targeted:
                self.legend.addItem(
                    self.target_curve, QCoreApplication.translate("LossPlot", "p(target)")
                )
            else:
                self.legend.removeItem(self.target_curve)
        self._targeted = targeted
        for plot in (self.loss_plot, self.prob_plot, self.norm_plot):
            plot.setXRange(0, max(1, total_steps), padding=0.02)
        self._loss_range: tuple[float, float] | None = None
        self._prob_floor = -6  # log10: 1e-6 to 1 until data come
        self.prob_plot.setYRange(self._prob_floor, 0, padding=0.02)
        self.target_curve.setVisible(targeted)
        self._dirty = True
        self.refresh()

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt override)
        super().resizeEvent(event)
        # Short plots (a small window): the curves get the axis labels' room; the
        # legend under the plots still names them.
        if hasattr(self, "norm_plot"):  # pyqtgraph resizes it while it is being built
            self._fit_labels()

    def _fit_labels(self) -> None:
        roomy = self.height() >= COMPACT_BELOW
        for plot in (self.loss_plot, self.prob_plot, self.norm_plot):
            plot.showLabel("bottom", roomy)

    def _show_norm_plot(self, show: bool) -> None:
        if show != self._norm_shown:
            if show:
                self.ci.addItem(self.norm_plot, row=0, col=2)
                for curve in (self.norm_curve, self.best_curve):
                    self.legend.addItem(curve, curve.name())
            else:
                self.ci.removeItem(self.norm_plot)
                for curve in (self.norm_curve, self.best_curve):
                    self.legend.removeItem(curve)
            self._norm_shown = show

    def append(
        self,
        step: float,
        loss: float,
        p_true: float,
        p_target: float | None,
        size: float = np.nan,
        best: float | None = None,
    ) -> None:
        if self._count == self._data.shape[1]:  # more points than announced: grow
            self._data = np.concatenate([self._data, np.zeros_like(self._data)], axis=1)
        p_t = p_target if p_target is not None else 0.0
        row = (step, loss, max(p_true, P_FLOOR), max(p_t, P_FLOOR), size)
        self._data[:, self._count] = (*row, np.nan if best is None else best)
        self._count += 1
        self._dirty = True

    def add_record(self, record: object) -> None:
        """Store the first image's point of a step record (``StepRecord``)."""
        p_target = record.p_target[0] if record.p_target is not None else None
        x = record.queries[0] if self._x_label == "queries" and record.queries else record.step
        size, best = np.nan, None
        if self._norm is not None:
            scale = 255.0 if self._norm == "linf" else 1.0
            size = (record.linf[0] if self._norm == "linf" else record.l2[0]) * scale
            if record.best_norm is not None and record.best_norm[0] is not None:
                best = record.best_norm[0] * scale
        self.append(x, record.loss[0], record.p_true[0], p_target, size, best)

    def refresh(self, *, at_most_every: float = 0.0) -> bool:
        """Redraw if points arrived since the last redraw, and (``at_most_every``, in
        seconds) not sooner than that after it; True when it redrew."""
        now = time.monotonic()
        if not self._dirty or now - self._drawn_at < at_most_every:
            return False
        self._dirty, self._drawn_at = False, now
        step, loss, p_true, p_target, size, best = self._data[:, : self._count]
        if self._norm is not None:
            self.norm_curve.setData(step, size)
            self.best_curve.setData(step, best, connect="finite")
            if self._count:
                top = float(np.nanmax(size)) if np.isfinite(size).any() else 1.0
                self.norm_plot.setYRange(0, max(top, 1e-6) * 1.1, padding=0)
        self.loss_curve.setData(step, loss)
        self.true_curve.setData(step, p_true)
        if self._targeted:
            self.target_curve.setData(step, p_target)
        else:
            self.target_curve.setData([], [])
        if self._count:
            self._fit_y(loss, p_true, p_target if self._targeted else p_true)
        return True

    def _fit_y(self, loss: np.ndarray, p_true: np.ndarray, p_target: np.ndarray) -> None:
        """Y ranges that change in steps, not with every frame: each change redraws the
        axis and its tick labels (the biggest part of a frame's cost)."""
        lo, hi = float(loss.min()), float(loss.max())
        shown = self._loss_range
        if shown is None or lo < shown[0] or hi > shown[1]:
            # Half the span again on each side: a steadily rising loss moves the axis
            # a handful of times in a run, not at every frame.
            margin = 0.5 * max(hi - lo, abs(hi) * 0.1, 0.1)
            self._loss_range = (lo - margin, hi + margin)
            self.loss_plot.setYRange(*self._loss_range, padding=0)
        low = min(float(p_true.min()), float(p_target.min()))
        floor = min(-1, int(np.floor(np.log10(max(low, P_FLOOR)))))
        if floor != self._prob_floor:
            self._prob_floor = floor
            self.prob_plot.setYRange(floor, 0, padding=0.02)

    def mark_step(self, x: float | None) -> None:
        """A vertical line at ``x`` (a step, or queries) on every plot; None hides it."""
        for line in self.markers:
            if x is not None:
                line.setValue(x)
            line.setVisible(x is not None)

    def show_records(self, records: list) -> None:
        """Replace the points with a finished run's records (after ``reset``)."""
        for record in records:
            self.add_record(record)
        self.refresh()

    def set_overlay(self, records: list | None, name: str = "") -> None:
        """Another run's loss and probabilities, dashed, over these (None: none)."""
        for item in (self.overlay_loss, self.overlay_true, self.overlay_target):
            self.legend.removeItem(item)
        if not records:
            for curve in (self.overlay_loss, self.overlay_true, self.overlay_target):
                curve.setData([], [])
            return
        queries = self._x_label == "queries"
        step = [r.queries[0] if queries and r.queries else r.step for r in records]
        self.overlay_loss.setData(step, [r.loss[0] for r in records])
        self.overlay_true.setData(step, [max(r.p_true[0], P_FLOOR) for r in records])
        self.legend.addItem(
            self.overlay_loss,
            QCoreApplication.translate("LossPlot", "{name}: loss (dashed)").format(name=name),
        )
        self.legend.addItem(
            self.overlay_true,
            QCoreApplication.translate("LossPlot", "{name}: p(true class)").format(name=name),
        )
        if records[0].p_target is not None:
            self.overlay_target.setData(step, [max(r.p_target[0], P_FLOOR) for r in records])
            self.legend.addItem(
                self.overlay_target,
                QCoreApplication.translate("LossPlot", "{name}: p(target)").format(name=name),
            )
        else:
            self.overlay_target.setData([], [])
        loss = np.array([r.loss[0] for r in records])
        lo, hi = float(loss.min()), float(loss.max())
        if self._loss_range is not None:
            lo, hi = min(lo, self._loss_range[0]), max(hi, self._loss_range[1])
        self._loss_range = (lo, hi)
        self.loss_plot.setYRange(lo, hi, padding=0.05)
        floor = min(
            self._prob_floor,
            int(np.floor(np.log10(max(min(r.p_true[0] for r in records), P_FLOOR)))),
        )
        self._prob_floor = floor
        self.prob_plot.setYRange(floor, 0, padding=0.02)
        top = max(len(records) - 1, max(step))
        for plot in (self.loss_plot, self.prob_plot):
            lo_x, hi_x = plot.viewRange()[0]
            plot.setXRange(0, max(hi_x, top), padding=0.02)

    def point_count(self) -> int:
        """How many steps are drawn now (handed to the curve: pyqtgraph may show fewer
        points, downsampled to the plot's width in pixels)."""
        data = self.loss_curve.getOriginalDataset()[0]
        return 0 if data is None else len(data)

    def series(self) -> dict[str, list[float]]:
        """The stored points (drawn or not yet drawn)."""
        step, loss, p_true, p_target, size, best = self._data[:, : self._count].tolist()
        return {
            "step": [int(v) for v in step],
            "loss": loss,
            "p_true": p_true,
            "p_target": p_target if self._targeted else [],
            "norm": size if self._norm is not None else [],
            "best_norm": best if self._norm is not None else [],
        }
