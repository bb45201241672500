"""One line under the pictures: the adversarial image's top-1 on the other models.

Shows what it is told (``set_line``); muted while the models are still being checked. Its
tooltip says how the verdicts are judged.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QLabel, QWidget

from advgui.gui.transfer_facts import RULE
from advgui.gui.widgets.style import set_hint


class TransferLine(QLabel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("", parent, objectName="transferLine", wordWrap=True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.setToolTip(QCoreApplication.translate("TransferLine", RULE))
        self.setMinimumHeight(self.fontMetrics().height())  # the layout does not jump

    def set_line(self, text: str, *, checking: bool = False) -> None:
        self.setText(text)
        if checking:
            set_hint(self)
        else:
            self.setStyleSheet("")
