"""The left column: model, attack parameters, Run / Stop with progress.

The parameters scroll when the window is short; Run stays in view under them. (The how-to
that was here is in Help ▸ Quick guide, F1.)"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QSize, Qt
from PySide6.QtWidgets import QScrollArea, QVBoxLayout, QWidget

from advgui.gui.widgets.attack_form import AttackForm
from advgui.gui.widgets.model_box import ModelBox
from advgui.gui.widgets.run_bar import RunBar


class FitScroll(QScrollArea):
    """A scroll area as tall as its content when there is room, scrolling when not."""

    def setWidget(self, widget: QWidget) -> None:  # noqa: N802 (Qt override)
        super().setWidget(widget)
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.LayoutRequest:
            self.updateGeometry()  # the content's size changed: ask for a new height
        return False

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        return self.widget().sizeHint().grownBy(self.contentsMargins())


class LeftPanel(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model_box = ModelBox()
        self.form = AttackForm()
        self.run_bar = RunBar()
        controls = QWidget()
        col = QVBoxLayout(controls)
        col.setContentsMargins(0, 0, 6, 0)
        col.addWidget(self.model_box)
        col.addWidget(self.form)
        scroll = FitScroll()
        scroll.setWidget(controls)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(scroll)
        lay.addSpacing(6)
        lay.addWidget(self.run_bar)
        lay.addStretch(1)
        self.setMinimumWidth(330)
        self.setMaximumWidth(460)
