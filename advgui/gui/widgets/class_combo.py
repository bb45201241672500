"""A combo box over the 1000 ImageNet classes, searchable by name or index.

It commits a class only when its text names exactly one class (the rules of
``advgui.core.classes.find_class``, the same as the CLI's ``--target``): on Enter, on
leaving the field, or when ``commit()`` is called (Run does). Text that names no class
or several is never taken for a class: on Enter or focus-out the committed class comes
back (and ``rejected`` says why); while it is being typed, ``problemChanged`` carries
the CLI's message, so that Run can be blocked with it. The field thus always shows the
class that will be attacked, or a text that blocks Run.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import QComboBox, QCompleter, QWidget

from advgui.core.classes import class_label, find_class
from advgui.core.errors import UnknownClassError
from advgui.gui.error_text import user_text


class ClassCombo(QComboBox):
    """Emits ``classChanged(index)`` when the committed class changes,
    ``problemChanged(text)`` ("" when none) as the typed text stops or starts naming
    exactly one class, and ``rejected(text)`` when an uncommittable text was undone."""

    classChanged = Signal(int)
    problemChanged = Signal(str)
    rejected = Signal(str)

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
        self.lineEdit().setPlaceholderText(
            QCoreApplication.translate("ClassCombo", "type a class name or index")
        )
        self._categories: list[str] = []
        self._current: int | None = None  # committed (or, before the names came, wanted)
        self._problem = ""
        self.activated.connect(self._on_activated)
        self.lineEdit().textEdited.connect(self._on_text_edited)
        self.lineEdit().editingFinished.connect(self._on_editing_finished)

    def set_categories(self, categories: Sequence[str]) -> None:
        if list(categories) == self._categories:
            return  # the same names: keep the list, the text and the committed class
        self._categories = list(categories)
        self.blockSignals(True)
        self.clear()
        self.addItems([class_label(i, c) for i, c in enumerate(self._categories)])
        self.blockSignals(False)
        want, self._current = self._current, None
        if want is not None and 0 <= want < len(self._categories):
            self.set_class(want)
        else:
            self.setCurrentIndex(-1)

    def categories(self) -> list[str]:
        return list(self._categories)

    def current_class(self) -> int | None:
        """The committed class (what an attack would target)."""
        return self._current

    def problem(self) -> str:
        """Why the text shown names no single class; "" when it does (or is committed)."""
        return self._problem

    def set_class(self, index: int) -> None:
        """Commit class ``index`` (kept until the class names arrive)."""
        if not self._categories:
            self._current = index
            return
        if not 0 <= index < len(self._categories):
            raise ValueError(f"class index {index} is out of range")
        self.setCurrentIndex(index)
        self.setEditText(class_label(index, self._categories[index]))
        self.completer().popup().hide()  # chosen: no suggestions left to pick from
        self._set_problem("")
        if index != self._current:
            self._current = index
            self.classChanged.emit(index)

    def commit(self) -> bool:
        """Take the text shown as the class, if it names exactly one; False otherwise
        (the text stays, and ``problem()`` says why)."""
        if not self._categories:
            return self._current is not None
        try:
            index = find_class(self.currentText(), self._categories)
        except UnknownClassError as exc:
            self._set_problem(user_text(exc))
            return False
        self.set_class(index)
        return True

    def _set_problem(self, text: str) -> None:
        if text != self._problem:
            self._problem = text
            self.problemChanged.emit(text)

    def _on_activated(self, row: int) -> None:
        if 0 <= row < len(self._categories):
            self.set_class(row)

    def _on_text_edited(self, text: str) -> None:
        try:
            find_class(text, self._categories)
        except UnknownClassError as exc:
            self._set_problem(user_text(exc))
        else:
            self._set_problem("")

    def _on_editing_finished(self) -> None:
        if not self._categories or self.commit():
            return
        why = self._problem
        if self._current is not None:  # back to the committed class: what would be attacked
            self.set_class(self._current)
        self.rejected.emit(why)
