"""Two runs side by side: for each, its adversarial image and amplified delta, and what
the model says of the adversarial one. (Their curves are overlaid in the plot.)"""

from __future__ import annotations

import numpy as np
from PySide6.QtWidgets import QGridLayout, QLabel, QWidget

from advgui.gui.widgets.image_view import ImageView
from advgui.gui.widgets.results import amplified


class CompareView(QWidget):
    """Runs A and B in one row: A's x + δ and δ, then B's; ``show_run`` fills one."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("compareView")
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(16)
        self.runs: list[tuple[QLabel, ImageView, ImageView]] = []
        for r, name in enumerate(("A", "B")):
            title = QLabel("", objectName=f"compareTitle{name}")
            title.setWordWrap(True)
            font = title.font()
            font.setBold(True)
            title.setFont(font)
            adversarial = ImageView(f"{name}: adversarial (x + δ)")
            adversarial.setObjectName(f"compare{name}Adversarial")
            delta = ImageView(f"{name}: δ, amplified")
            delta.setObjectName(f"compare{name}Delta")
            for view in (adversarial, delta):
                view.canvas.setMinimumSize(110, 110)  # four across fit a 1024-px window
            grid.addWidget(title, 0, 2 * r, 1, 2)
            grid.addWidget(adversarial, 1, 2 * r)
            grid.addWidget(delta, 1, 2 * r + 1)
            self.runs.append((title, adversarial, delta))
        for c in range(4):
            grid.setColumnStretch(c, 1)
        grid.setRowStretch(1, 1)

    def show_run(
        self,
        index: int,
        title: str,
        adversarial: np.ndarray | None,
        delta: np.ndarray | None,
        *,
        amplify: float,
        verdict: str,
        norms: str,
    ) -> None:
        """Run ``index`` (0: A, 1: B): x + δ as 8-bit RGB, δ in pixel units."""
        label, adv, dview = self.runs[index]
        label.setText(title)
        adv.set_image(adversarial)
        adv.set_caption(verdict)
        dview.set_image(None if delta is None else amplified(delta, amplify))
        dview.set_caption(norms)
