"""The curves and the run history: side by side when there is room, else two tabs.

At 1024 x 700 the pane under the pictures is about 620 px wide: the plots' two panels and
the Runs table cannot both be read there (the probability plot was squeezed out). Below
``NARROW`` px the pane shows them as tabs; wider, in a splitter the user can drag (its
sizes are kept while the tabs are shown, and remembered by the window as before).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QSplitter, QStackedLayout, QTabWidget, QWidget

__all__ = ["NARROW", "CurvesPane"]

#: Below this width (px) the curves and the runs are tabs.
NARROW = 820


class CurvesPane(QWidget):
    """``CurvesPane(plot, history)``; ``split`` is the splitter of the wide layout."""

    def __init__(self, plot: QWidget, history: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.plot, self.history = plot, history
        self.split = QSplitter(Qt.Orientation.Horizontal)
        self.split.setChildrenCollapsible(False)
        self.split.setHandleWidth(10)
        self.split.addWidget(plot)
        self.split.addWidget(history)
        self.split.setStretchFactor(0, 3)
        self.split.setStretchFactor(1, 2)
        self.tabs = QTabWidget(objectName="curvesTabs", documentMode=True)
        self._stack = QStackedLayout(self)
        self._stack.setContentsMargins(0, 0, 0, 0)
        self._stack.addWidget(self.split)
        self._stack.addWidget(self.tabs)
        self._sizes: list[int] = []
        self._narrow = False

    def is_narrow(self) -> bool:
        """Whether the curves and the runs are shown as tabs."""
        return self._narrow

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt override)
        super().resizeEvent(event)
        self._arrange(event.size().width() < NARROW)

    def _arrange(self, narrow: bool) -> None:
        if narrow == self._narrow:
            return
        self._narrow = narrow
        if narrow:
            self._sizes = self.split.sizes()
            self.tabs.addTab(self.plot, QCoreApplication.translate("CurvesPane", "Curves"))
            self.tabs.addTab(self.history, QCoreApplication.translate("CurvesPane", "Runs"))
            self._stack.setCurrentWidget(self.tabs)
        else:
            self.tabs.clear()
            self.split.addWidget(self.plot)
            self.split.addWidget(self.history)
            if self._sizes:
                self.split.setSizes(self._sizes)
            self._stack.setCurrentWidget(self.split)
        self.plot.show()
        self.history.show()

    def show_runs(self) -> None:
        """Bring the run history into view (the Runs tab when narrow)."""
        if self._narrow:
            self.tabs.setCurrentWidget(self.history)
