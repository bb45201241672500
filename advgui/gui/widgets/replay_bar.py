"""The replay slider under the pictures: any step of the run shown, live or finished."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSlider, QWidget


class ReplayBar(QWidget):
    """A step slider (``stepSlider``), what it shows, and a button back to the newest step.

    Emits ``stepChosen(step)`` when the user moves the slider, and ``followRequested``
    for the newest step (or the result) again. ``set_view`` moves it without a signal.
    """

    stepChosen = Signal(int)
    followRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.slider = QSlider(Qt.Orientation.Horizontal, objectName="stepSlider")
        self.slider.setToolTip(
            QCoreApplication.translate(
                "ReplayBar", "Replay: drag to see any step of the run (← → one step, PgUp PgDn ten)"
            )
        )
        self.slider.setPageStep(10)
        self.label = QLabel("", objectName="replayLabel")
        self.label.setMinimumWidth(self.label.fontMetrics().horizontalAdvance("M" * 22))
        self.latest = QPushButton(
            QCoreApplication.translate("ReplayBar", "Latest"), objectName="replayLatest"
        )
        self.latest.setToolTip(
            QCoreApplication.translate(
                "ReplayBar", "Back to the newest step (during a run) or the result"
            )
        )
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        title = QLabel(QCoreApplication.translate("ReplayBar", "Replay"))
        font = title.font()
        font.setBold(True)
        title.setFont(font)
        lay.addWidget(title)
        lay.addWidget(self.slider, 1)
        lay.addWidget(self.label)
        lay.addWidget(self.latest)
        self.slider.valueChanged.connect(self._moved)
        self.latest.clicked.connect(self.followRequested)
        self._quiet = False
        self.clear()

    def clear(self) -> None:
        """No run to replay."""
        self._set(0, 0)
        self.slider.setEnabled(False)
        self.latest.setEnabled(False)
        self.label.setText(QCoreApplication.translate("ReplayBar", "No run yet"))

    def set_view(self, step: int, last: int, *, following: bool, text: str) -> None:
        """Show ``step`` of steps 0 to ``last``; ``following``: the newest one, by itself."""
        self._set(step, last)
        self.slider.setEnabled(last > 0)
        self.latest.setEnabled(not following)
        self.label.setText(text)

    def _set(self, value: int, maximum: int) -> None:
        self._quiet = True
        try:
            self.slider.setRange(0, maximum)
            self.slider.setValue(value)
        finally:
            self._quiet = False

    def _moved(self, value: int) -> None:
        if not self._quiet:
            self.stepChosen.emit(value)
