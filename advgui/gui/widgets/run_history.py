"""The session's runs in a table (``runHistory``), with what can be done to them.

Selecting one row asks to show that run; two rows, to compare them. The buttons ask
to save the run shown, put its settings back in the parameter panel, or remove it.
The table holds only text: the runs themselves live in the application state.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from advgui.gui.history_present import COLUMNS


class RunHistory(QWidget):
    """Emits ``selectionRequested(numbers)`` (run numbers, in the order of the table),
    ``saveRequested``, ``reapplyRequested(number)`` and ``removeRequested(number)``."""

    selectionRequested = Signal(tuple)
    saveRequested = Signal()
    reapplyRequested = Signal(int)
    removeRequested = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.table = QTableWidget(0, len(COLUMNS), objectName="runHistory")
        self.table.setHorizontalHeaderLabels(
            [QCoreApplication.translate("RunHistory", c) for c in COLUMNS]
        )
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.table.setToolTip(
            QCoreApplication.translate(
                "RunHistory", "Select a run to show it; select two (Ctrl+click) to compare"
            )
        )
        self.hint = QLabel(
            QCoreApplication.translate("RunHistory", "Runs appear here as they finish."),
            objectName="historyHint",
        )
        self.hint.setWordWrap(True)
        self.save_button = QPushButton(
            QCoreApplication.translate("RunHistory", "Save…"), objectName="historySave"
        )
        self.save_button.setToolTip(
            QCoreApplication.translate("RunHistory", "Save the run shown (Ctrl+S)")
        )
        self.reapply_button = QPushButton(
            QCoreApplication.translate("RunHistory", "Use its settings"),
            objectName="historyReapply",
        )
        self.reapply_button.setToolTip(
            QCoreApplication.translate(
                "RunHistory", "Put the selected run's settings in the parameter panel"
            )
        )
        self.remove_button = QPushButton(
            QCoreApplication.translate("RunHistory", "Remove"), objectName="historyRemove"
        )
        self.remove_button.setToolTip(
            QCoreApplication.translate("RunHistory", "Forget the selected run")
        )
        buttons = QHBoxLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        for b in (self.save_button, self.reapply_button, self.remove_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        title = QLabel(QCoreApplication.translate("RunHistory", "Runs"))
        font = title.font()
        font.setBold(True)
        title.setFont(font)
        lay.addWidget(title)
        lay.addWidget(self.table, 1)
        lay.addWidget(self.hint)
        lay.addLayout(buttons)
        self._quiet = False
        self._can_save = False
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.save_button.clicked.connect(self.saveRequested)
        self.reapply_button.clicked.connect(lambda: self._about_one(self.reapplyRequested))
        self.remove_button.clicked.connect(self._remove)
        self._buttons()

    # -- what it shows ---------------------------------------------------------------------
    def set_rows(self, rows: Sequence[tuple[int, list[str]]]) -> None:
        """One row per run: (number, cells), oldest first; the selection is kept."""
        chosen = self.selected()
        self._quiet = True
        try:
            self.table.setRowCount(len(rows))
            for r, (number, cells) in enumerate(rows):
                for c, text in enumerate(cells):
                    item = QTableWidgetItem(text)
                    item.setData(Qt.ItemDataRole.UserRole, number)
                    item.setToolTip(text)
                    self.table.setItem(r, c, item)
        finally:
            self._quiet = False
        self.select(tuple(n for n in chosen if any(n == number for number, _ in rows)))
        self.hint.setVisible(not rows)

    def select(self, numbers: Sequence[int]) -> None:
        """Select these runs' rows (none: no selection) without asking for anything."""
        self._quiet = True
        try:
            self.table.clearSelection()
            model = self.table.selectionModel()
            for r in range(self.table.rowCount()):
                if self._number(r) in numbers:
                    index = self.table.model().index(r, 0)
                    model.select(
                        index,
                        model.SelectionFlag.Select | model.SelectionFlag.Rows,
                    )
        finally:
            self._quiet = False
        self._buttons()

    def set_can_save(self, can: bool) -> None:
        self._can_save = can
        self._buttons()

    def selected(self) -> tuple[int, ...]:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        return tuple(self._number(r) for r in rows)

    # -- internals ------------------------------------------------------------------------
    def _number(self, row: int) -> int:
        item = self.table.item(row, 0)
        return int(item.data(Qt.ItemDataRole.UserRole)) if item is not None else -1

    def _buttons(self) -> None:
        one = len(self.selected()) == 1
        self.save_button.setEnabled(self._can_save)
        self.reapply_button.setEnabled(one)
        self.remove_button.setEnabled(bool(self.selected()))

    def _about_one(self, signal) -> None:
        chosen = self.selected()
        if len(chosen) == 1:
            signal.emit(chosen[0])

    def _remove(self) -> None:
        for number in self.selected():
            self.removeRequested.emit(number)

    def _selection_changed(self) -> None:
        self._buttons()
        if not self._quiet:
            self.selectionRequested.emit(self.selected())
