"""The left column: model, attack parameters, Run / Stop with progress, and a short how-to."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QSize, Qt
from PySide6.QtWidgets import QLabel, QScrollArea, QVBoxLayout, QWidget

from advgui.gui.widgets.attack_form import AttackForm
from advgui.gui.widgets.model_box import ModelBox
from advgui.gui.widgets.run_bar import RunBar
from advgui.gui.widgets.style import set_hint

HOW_TO = (
    "<b>How to</b><ol style='margin-left:-20px'>"
    "<li>Open an image (Ctrl+O), or drop one on the window.</li>"
    "<li>Pick a preset, or set the attack by hand.</li>"
    "<li>Run (Ctrl+R) and watch; Esc stops.</li>"
    "<li>Save the results (Ctrl+S).</li></ol>"
)


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
        how_to = QLabel(HOW_TO, objectName="howTo", wordWrap=True)
        set_hint(how_to)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(scroll)
        lay.addSpacing(6)
        lay.addWidget(self.run_bar)
        lay.addStretch(1)
        lay.addWidget(how_to)
        self.setMinimumWidth(330)
        self.setMaximumWidth(460)
