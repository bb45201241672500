"""The status bar's busy indicator: a moving bar with a text, or a download's progress."""

from __future__ import annotations

from PySide6.QtWidgets import QProgressBar, QWidget

MB = 1024 * 1024


class BusyBar(QProgressBar):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, objectName="busyBar", maximumWidth=220, textVisible=True)
        self.hide()

    def show_busy(self, text: str) -> None:
        """A moving bar with ``text``; hidden for "" (the last text stays readable)."""
        self.setVisible(bool(text))
        if text:
            self.setRange(0, 0)
            self.setFormat(text)

    def show_progress(self, done: int, total: int) -> None:
        """Bytes done of ``total`` (0: unknown)."""
        if total:
            self.setRange(0, 1000)
            self.setValue(int(1000 * done / total))
            self.setFormat(f"{done / MB:.1f} / {total / MB:.1f} MB")
        else:
            self.setFormat(f"{done / MB:.1f} MB")
