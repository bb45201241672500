"""A combo box over the 1000 ImageNet classes, searchable by name or index."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QCompleter, QWidget


def class_label(index: int, name: str) -> str:
    return f"{index}: {name}"


def resolve_class(text: str, categories: Sequence[str]) -> int | None:
    """The class a user typed: ``404``, ``404: airliner``, ``airliner`` or a unique part."""
    text = text.strip()
    if not text:
        return None
    head = text.split(":", 1)[0].strip()
    if head.isdigit():
        index = int(head)
        return index if index < len(categories) else None
    low = text.lower()
    exact = [i for i, c in enumerate(categories) if c.lower() == low]
    if exact:
        return exact[0]
    partial = [i for i, c in enumerate(categories) if low in c.lower()]
    return partial[0] if len(partial) == 1 else None


class ClassCombo(QComboBox):
    """Editable combo: type part of a name or an index, pick from the filtered list.

    Emits ``classChanged(index)`` when the chosen class changes. Text that matches no
    single class is not accepted: the last valid class comes back.
    """

    classChanged = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.setMaxVisibleItems(15)
        self.setMinimumContentsLength(14)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        completer = QCompleter(self.model(), self)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        completer.setMaxVisibleItems(15)
        self.setCompleter(completer)
        self.lineEdit().setPlaceholderText("type a class name or index")
        self._categories: list[str] = []
        self._current: int | None = None
        self._pending: int | None = None
        self.activated.connect(self._on_activated)
        self.lineEdit().editingFinished.connect(self._on_editing_finished)

    def set_categories(self, categories: Sequence[str]) -> None:
        self._categories = list(categories)
        self.blockSignals(True)
        self.clear()
        self.addItems([class_label(i, c) for i, c in enumerate(self._categories)])
        self.blockSignals(False)
        want = self._pending if self._pending is not None else self._current
        self._current = None
        if want is not None and 0 <= want < len(self._categories):
            self.set_class(want)
        else:
            self.setCurrentIndex(-1)

    def categories(self) -> list[str]:
        return list(self._categories)

    def current_class(self) -> int | None:
        return self._current if self._categories else self._pending

    def set_class(self, index: int) -> None:
        """Choose class ``index`` (kept until the class names arrive)."""
        if not self._categories:
            self._pending = index
            return
        if not 0 <= index < len(self._categories):
            raise ValueError(f"class index {index} is out of range")
        self._pending = None
        self.setCurrentIndex(index)
        self.setEditText(class_label(index, self._categories[index]))
        if index != self._current:
            self._current = index
            self.classChanged.emit(index)

    def _on_activated(self, row: int) -> None:
        if 0 <= row < len(self._categories):
            self.set_class(row)

    def _on_editing_finished(self) -> None:
        index = resolve_class(self.currentText(), self._categories)
        if index is not None:
            self.set_class(index)
        elif self._current is not None:
            self.setEditText(class_label(self._current, self._categories[self._current]))
