"""The Evaluate tab's table: one row per image, filled in as the run finishes each.

Columns: the image (thumbnail of what the model saw, and its name), its label, the clean
prediction, the smallest ε that fooled it, then one column per ε, transfer model and JPEG
quality (``evaluate_present`` writes the cells). A skipped file's reason spans the row.
Double-clicking a row emits ``imageActivated(row, eps_index)``, ``eps_index`` being the
radius of the column clicked, or -1 outside the ε columns.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, QSize, Qt, Signal
from PySide6.QtGui import QColor, QImage, QPalette, QPixmap
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from advgui.gui.evaluate_present import BAD, GOOD, MUTED, Cell, Columns, cells

THUMB_SIZE = 56
TONES = {GOOD: QColor(30, 130, 60), BAD: QColor(190, 40, 40)}


def _pixmap(rgb: np.ndarray | None) -> QPixmap | None:
    if rgb is None:
        return None
    rgb = np.ascontiguousarray(rgb)
    h, w = rgb.shape[:2]
    image = QImage(rgb.data, w, h, 3 * w, QImage.Format.Format_RGB888)
    return QPixmap.fromImage(image.copy())


class ImageTableModel(QAbstractTableModel):
    """The rows shown; ``reset(columns)`` empties it, ``add`` appends one image."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.columns = Columns(())
        self._titles, self._tips = self.columns.titles(), self.columns.tips()
        self._cells: list[list[Cell]] = []
        self._thumbs: list[QPixmap | None] = []
        self._muted = QColor(128, 128, 128)

    def reset(self, columns: Columns) -> None:
        self.beginResetModel()
        self.columns, self._titles, self._tips = columns, columns.titles(), columns.tips()
        self._cells, self._thumbs = [], []
        self.endResetModel()

    def add(
        self,
        image_id: str,
        rows: Sequence[dict[str, Any]],
        thumbnail: np.ndarray | None,
        names: Sequence[str] = (),
    ) -> int:
        """Append an image's row; returns its index."""
        n = len(self._cells)
        self.beginInsertRows(QModelIndex(), n, n)
        self._cells.append(cells(image_id, rows, self.columns, names))
        self._thumbs.append(_pixmap(thumbnail))
        self.endInsertRows()
        return n

    def is_skipped(self, row: int) -> bool:
        return len(self._cells[row]) == 2

    def set_muted_color(self, color: QColor) -> None:
        self._muted = color

    # -- QAbstractTableModel ----------------------------------------------------------------
    def rowCount(self, parent: QModelIndex | None = None) -> int:  # noqa: N802 (Qt override)
        return 0 if parent is not None and parent.isValid() else len(self._cells)

    def columnCount(self, parent: QModelIndex | None = None) -> int:  # noqa: N802
        return 0 if parent is not None and parent.isValid() else len(self._titles)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:  # noqa: N802
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self._titles):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._titles[section]
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tips[section]
        return None

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row, col = index.row(), index.column()
        if not index.isValid() or col >= len(self._cells[row]):
            return None
        cell = self._cells[row][col]
        if role == Qt.ItemDataRole.DisplayRole:
            return cell.text
        if role == Qt.ItemDataRole.ToolTipRole:
            return cell.tip or None
        if role == Qt.ItemDataRole.ForegroundRole:
            return self._muted if cell.tone == MUTED else TONES.get(cell.tone)
        if role == Qt.ItemDataRole.DecorationRole and col == 0:
            return self._thumbs[row]
        return None


class ImageTable(QTableView):
    """Emits ``imageActivated(row, eps_index)`` on a double-click (see the module)."""

    imageActivated = Signal(int, int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, objectName="evalTable")
        self.images = ImageTableModel(self)
        self.images.set_muted_color(self.palette().color(QPalette.ColorRole.PlaceholderText))
        self.setModel(self.images)
        self.setIconSize(QSize(THUMB_SIZE, THUMB_SIZE))
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        rows = self.verticalHeader()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(THUMB_SIZE + 6)
        rows.hide()
        header = self.horizontalHeader()
        header.setDefaultSectionSize(130)
        header.setMinimumSectionSize(60)
        header.setHighlightSections(False)
        self.setToolTip(
            QCoreApplication.translate(
                "EvaluateTable", "Double-click a row to open the image in the Attack tab"
            )
        )
        self.images.rowsInserted.connect(self._on_rows_inserted)
        self.images.modelReset.connect(self._on_reset)
        self.doubleClicked.connect(self._on_double_clicked)

    def reset_columns(self, columns: Columns) -> None:
        self.images.reset(columns)

    def add_image(self, image: Any, names: Sequence[str] = ()) -> None:
        """Append ``image`` (an ``EvalImage``), following the newest row when the view
        was showing the end."""
        bar = self.verticalScrollBar()
        at_end = bar.value() >= bar.maximum() - 2
        self.images.add(image.id, image.rows, image.thumbnail, names)
        if at_end:
            self.scrollToBottom()

    def row_count(self) -> int:
        return self.images.rowCount()

    def _on_reset(self) -> None:
        self.clearSpans()
        header = self.horizontalHeader()
        columns = self.images.columns
        radii = columns.EPS + len(columns.eps_text)
        widths = {0: 190, 1: 120, 2: 70, 3: 80}  # then the radii, models and qualities
        for col in range(self.images.columnCount()):
            header.resizeSection(col, widths.get(col, 85 if col < radii else 100))

    def _on_rows_inserted(self, _parent: QModelIndex, first: int, last: int) -> None:
        span = self.images.columnCount() - 1
        for row in range(first, last + 1):
            if self.images.is_skipped(row) and span > 1:
                self.setSpan(row, 1, 1, span)

    def _on_double_clicked(self, index: QModelIndex) -> None:
        eps = self.images.columns.eps_index(index.column())
        self.imageActivated.emit(index.row(), -1 if eps is None else eps)
