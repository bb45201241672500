"""Run and Stop, a progress bar showing step k/N, and the step time and time left."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import QGridLayout, QLabel, QProgressBar, QPushButton, QWidget

from advgui.gui.present import format_seconds
from advgui.gui.widgets.style import set_hint


class RunBar(QWidget):
    """Emits ``runRequested`` and ``stopRequested``."""

    runRequested = Signal()
    stopRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.run_button = QPushButton(
            QCoreApplication.translate("RunBar", "Run attack"), objectName="runButton"
        )
        self.run_button.setToolTip(QCoreApplication.translate("RunBar", "Run the attack (Ctrl+R)"))
        self.run_button.setDefault(True)
        self.stop_button = QPushButton(
            QCoreApplication.translate("RunBar", "Stop"), objectName="stopButton"
        )
        self.stop_button.setToolTip(
            QCoreApplication.translate("RunBar", "Stop after the current step (Esc)")
        )
        self.progress = QProgressBar(objectName="progressBar")
        self.progress.setTextVisible(True)
        self.timing = QLabel("", objectName="timingLabel")
        set_hint(self.timing)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.addWidget(self.run_button, 0, 0)
        grid.addWidget(self.stop_button, 0, 1)
        grid.addWidget(self.progress, 1, 0, 1, 2)
        grid.addWidget(self.timing, 2, 0, 1, 2)
        self.run_button.clicked.connect(self.runRequested)
        self.stop_button.clicked.connect(self.stopRequested)
        self.clear()
        self.set_running(False, can_run=False)

    def set_running(self, running: bool, *, can_run: bool = True) -> None:
        self.run_button.setEnabled(can_run and not running)
        self.stop_button.setEnabled(running)

    def reset(self, total_steps: int) -> None:
        self.progress.setRange(0, max(1, total_steps))
        self.progress.setValue(0)
        self.progress.setFormat(
            QCoreApplication.translate("RunBar", "step {step}/{total}").format(
                step=0, total=total_steps
            )
        )
        self.timing.setText("")

    def clear(self) -> None:
        """No run yet (for this image and model)."""
        self.reset(1)
        self.progress.setFormat(QCoreApplication.translate("RunBar", "no run yet"))

    def show_step(self, step: int, total: int, elapsed: float) -> None:
        """Step ``step`` of ``total`` reached after ``elapsed`` seconds."""
        self.progress.setRange(0, max(1, total))
        self.progress.setValue(step)
        self.progress.setFormat(
            QCoreApplication.translate("RunBar", "step {step}/{total}").format(
                step=step, total=total
            )
        )
        if step > 0:
            per_step = elapsed / step
            left = per_step * (total - step)
            self.timing.setText(
                QCoreApplication.translate("RunBar", "{per_step} per step · {left} left").format(
                    per_step=format_seconds(per_step), left=format_seconds(left)
                )
            )

    def show_done(self, text: str) -> None:
        self.timing.setText(text)
