"""The three pictures side by side, with the predictions under them.

Columns: original | adversarial (x + delta) | delta, amplified. Under the first two, the
top-5 predictions; under the third, the amplification and the size of delta. The three
pictures zoom and pan together (one ``ViewTransform``, ``zoom``); under them, the zoom
buttons and the pixel inspector. Delta can be drawn other ways (``widgets.delta_views``).
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from advgui.core.formats import DEFAULT_AMPLIFY
from advgui.gui import present
from advgui.gui.delta_maps import DeltaMode, amplified
from advgui.gui.widgets.delta_views import DeltaViews
from advgui.gui.widgets.fields import FloatSpin
from advgui.gui.widgets.image_view import ImageView
from advgui.gui.widgets.inspector import PixelInspector
from advgui.gui.widgets.style import set_hint
from advgui.gui.widgets.top5 import TARGET_COLOR, TRUE_COLOR, Row, Top5Bars
from advgui.gui.widgets.zoom import ViewTransform, ZoomBar

__all__ = ["ResultsPanel", "amplified", "legend"]


def _header(text: str) -> QLabel:
    label = QLabel(text)
    font = label.font()
    font.setBold(True)
    label.setFont(font)
    return label


def legend() -> QLabel:
    """What the bar colours mean."""

    def swatch(color, text: str) -> str:
        return f'<span style="color:{color.name()}">&#9632;</span>&nbsp;{text}'

    label = QLabel(
        swatch(
            TRUE_COLOR,
            QCoreApplication.translate(
                "Results", "the class the attack moves away from (clean top-1)"
            ),
        )
        + "&nbsp;&nbsp;&nbsp;"
        + swatch(TARGET_COLOR, QCoreApplication.translate("Results", "the target class"))
    )
    set_hint(label)
    return label


class ResultsPanel(QWidget):
    """Emits ``amplifyChanged(k)`` when the user changes the amplification, and
    ``deltaModeChanged(DeltaMode)`` when they choose another view of delta (drawn once
    ``set_delta_mode`` follows)."""

    amplifyChanged = Signal(float)
    deltaModeChanged = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.original = ImageView(
            QCoreApplication.translate("Results", "Original"),
            QCoreApplication.translate("Results", "Open an image (Ctrl+O) or drop one here"),
        )
        self.original.setObjectName("originalView")
        self.adversarial = ImageView(
            QCoreApplication.translate("Results", "Adversarial  (x + δ)"),
            QCoreApplication.translate("Results", "Press Run (Ctrl+R) to attack this image"),
        )
        self.adversarial.setObjectName("adversarialView")
        self.delta = ImageView(
            QCoreApplication.translate("Results", "Perturbation δ"),
            QCoreApplication.translate("Results", "The change the attack makes"),
        )
        self.delta.setObjectName("deltaView")
        self.zoom = ViewTransform(self)
        self.delta_views = DeltaViews(self.delta, (self.original, self.adversarial), self)
        for view in (self.original, self.adversarial, self.delta):
            view.follow(self.zoom)
            view.title.setMinimumHeight(self.delta_views.combo.sizeHint().height())
        self.original.add_to_title(ZoomBar(self.zoom))
        self.inspector = PixelInspector(self.zoom)
        self.original_top5 = Top5Bars()
        self.original_top5.setObjectName("originalTop5")
        self.adversarial_top5 = Top5Bars()
        self.adversarial_top5.setObjectName("adversarialTop5")
        self.amplify_spin = FloatSpin(objectName="amplifySpin")
        self.amplify_spin.setRange(1.0, 1000.0)
        self.amplify_spin.setDecimals(0)
        self.amplify_spin.setSingleStep(10.0)
        self.amplify_spin.setPrefix("× ")
        self.amplify_spin.setValue(DEFAULT_AMPLIFY)
        self.amplify_spin.setToolTip(
            QCoreApplication.translate("Results", "Delta is drawn as k·δ + 0.5: gray is no change")
        )
        self.delta_info = QLabel("", objectName="deltaInfo")
        self.delta_info.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.delta_info.setWordWrap(True)

        amp_row = QHBoxLayout()
        amp_row.setContentsMargins(0, 0, 0, 0)
        amp_row.addWidget(_header(QCoreApplication.translate("Results", "Amplification")))
        amp_row.addStretch(1)
        amp_row.addWidget(self.amplify_spin)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(16)
        grid.setVerticalSpacing(6)
        for col, view in enumerate((self.original, self.adversarial, self.delta)):
            grid.addWidget(view, 0, col)
            grid.setColumnStretch(col, 1)
        grid.addWidget(self.inspector, 1, 0, 1, 3)
        grid.addWidget(_header(QCoreApplication.translate("Results", "Top-5, clean image")), 2, 0)
        grid.addWidget(
            _header(QCoreApplication.translate("Results", "Top-5, adversarial image")), 2, 1
        )
        grid.addLayout(amp_row, 2, 2)
        grid.addWidget(self.original_top5, 3, 0)
        grid.addWidget(self.adversarial_top5, 3, 1)
        # The bar colours' legend under delta's numbers, beside the bars: no row of its
        # own, which a small window's pictures need more.
        side = QVBoxLayout()
        side.setContentsMargins(0, 0, 0, 0)
        side.addWidget(self.delta_info)
        self.legend = legend()
        self.legend.setWordWrap(True)
        side.addWidget(self.legend)
        side.addStretch(1)
        grid.addLayout(side, 3, 2)
        grid.setRowStretch(0, 1)

        self._delta: np.ndarray | None = None
        self.amplify_spin.valueChanged.connect(self._draw_delta)
        self.amplify_spin.valueChanged.connect(self.amplifyChanged)
        self.delta_views.modeChosen.connect(self.deltaModeChanged)
        self.clear_adversarial()

    def amplify(self) -> float:
        return self.amplify_spin.value()

    def set_amplify(self, k: float) -> None:
        self.amplify_spin.setValue(k)

    def delta_mode(self) -> DeltaMode:
        return self.delta_views.mode

    def set_delta_mode(self, mode: DeltaMode) -> None:
        """Draw delta as ``mode`` says (the amplification applies to the amplified view)."""
        if mode is self.delta_views.mode:
            return
        self.delta_views.set_mode(mode)
        self.amplify_spin.setEnabled(mode is DeltaMode.AMPLIFIED)
        self._draw_delta()

    def set_original(
        self, rgb: np.ndarray | None, caption: str, x: np.ndarray | None = None
    ) -> None:
        """The clean picture (8-bit RGB) and, for the pixel inspector, ``x``: the model's
        input as H x W x 3 float32 in [0, 1] (default: ``rgb`` / 255). An image of
        another size than before shows whole (fit); one of the same size keeps the zoom."""
        self.original.set_image(rgb)
        self.original.set_caption(caption)
        if rgb is not None:
            self.zoom.set_image_size(rgb.shape[1], rgb.shape[0])
            x = x if x is not None else rgb.astype(np.float32) / np.float32(255.0)
        self.inspector.set_input(x)

    def set_original_top5(
        self, rows: list[Row], *, true_class: int | None, target: int | None = None
    ) -> None:
        self.original_top5.set_rows(rows, true_class=true_class, target=target)

    def clear_adversarial(self, top5_text: str | None = None) -> None:
        """No adversarial image: ``top5_text`` in place of its top-5 (default: a hint)."""
        self.adversarial.set_image(None)
        self.adversarial.set_caption("")
        self.adversarial_top5.clear(
            top5_text
            if top5_text is not None
            else QCoreApplication.translate("Results", "Run an attack to see how they change")
        )
        self._delta = None
        self.delta_views.clear()
        self.inspector.set_delta(None)
        self.delta.set_caption("")
        self.delta_info.setText(
            QCoreApplication.translate("Results", "Shown as k·δ + 0.5: gray is no change.")
        )

    def show_adversarial(self, rgb: np.ndarray, delta: np.ndarray) -> None:
        """Draw x + delta (8-bit RGB) and delta (H x W x 3 float32, pixel units, drawn
        as the delta view chosen says)."""
        self.adversarial.set_image(rgb)
        self._delta = delta
        self.inspector.set_delta(delta)
        self._draw_delta()

    def set_adversarial_top5(
        self, rows: list[Row], *, true_class: int | None, target: int | None, caption: str
    ) -> None:
        self.adversarial_top5.set_rows(rows, true_class=true_class, target=target)
        self.adversarial.set_caption(caption)

    def show_clean(self, guesses: list, *, target: int | None) -> None:
        """The clean prediction (``Guess`` list), marking its top-1 and the target."""
        rows = [Row(g.index, g.name, g.prob) for g in guesses]
        self.set_original_top5(rows, true_class=rows[0].index if rows else None, target=target)

    def show_step(
        self,
        record: object,
        names: list[str],
        *,
        label: int | None,
        target: int | None,
        jpeg: int | None = None,
    ) -> None:
        """A step record's top-5 and verdict under the adversarial image (``jpeg``: the
        quality the record judged a JPEG round trip at, see ``present.verdict``)."""
        rows = [
            Row(i, names[i] if 0 <= i < len(names) else str(i), p)
            for i, p in present.top5_pairs(record)
        ]
        top = rows[0]
        caption = present.verdict(
            record, target is not None, top.name, top.index, top.prob, jpeg=jpeg
        )
        self.set_adversarial_top5(rows, true_class=label, target=target, caption=caption)

    def delta_array(self) -> np.ndarray | None:
        return self._delta

    def _draw_delta(self) -> None:
        if self._delta is None:
            return
        k = self.amplify()
        self.delta.set_caption(self.delta_views.draw(self._delta, k))
        linf = float(np.abs(self._delta).max())
        l2 = float(np.sqrt(np.square(self._delta, dtype=np.float64).sum()))
        self.delta_info.setText(
            f"‖δ‖∞ = {linf * 255:.2f}/255   ‖δ‖₂ = {l2:.3f}\n"
            + QCoreApplication.translate(
                "Results", "Largest change of a pixel: {levels} of 255 levels."
            ).format(levels=f"{linf * 255:.2f}")
        )
