"""The Evaluate tab: the controls on the left; the robust accuracy curve, its figures and
the table of images on the right. A folder or images dropped anywhere on it are chosen
(``inputsDropped``)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QLabel, QScrollArea, QSplitter, QVBoxLayout, QWidget

from advgui.gui.widgets.evaluate_form import EvaluateForm
from advgui.gui.widgets.evaluate_table import ImageTable
from advgui.gui.widgets.left_panel import FitScroll
from advgui.gui.widgets.robust_plot import RobustPlot


class EvaluateTab(QWidget):
    inputsDropped = Signal(list)  # local paths: folders and files

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, objectName="evaluateTab")
        self.setAcceptDrops(True)
        self.form = EvaluateForm()
        scroll = FitScroll()
        scroll.setWidget(self.form)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setMinimumWidth(340)
        scroll.setMaximumWidth(470)
        self.plot = RobustPlot()
        self.plot.setObjectName("robustPlot")
        self.figures = QLabel("", objectName="evalFigures", wordWrap=True)
        self.figures.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        top = QWidget()
        col = QVBoxLayout(top)
        col.setContentsMargins(0, 0, 0, 0)
        col.addWidget(self.plot, 1)
        col.addWidget(self.figures)
        self.table = ImageTable()
        right = QSplitter(Qt.Orientation.Vertical)
        right.addWidget(top)
        right.addWidget(self.table)
        right.setSizes([330, 470])
        main = QSplitter(Qt.Orientation.Horizontal)
        main.addWidget(scroll)
        main.addWidget(right)
        main.setStretchFactor(1, 1)
        for split in (main, right):
            split.setChildrenCollapsible(False)
            split.setHandleWidth(10)
        self.main_split, self.right_split = main, right
        lay = QVBoxLayout(self)
        lay.setContentsMargins(10, 8, 10, 4)
        lay.addWidget(main)

    def set_figures(self, text: str) -> None:
        self.figures.setText(text)
        self.figures.setVisible(bool(text))

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 (Qt override)
        if any(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 (Qt override)
        paths = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.inputsDropped.emit(paths)
