"""The Evaluate tab's controls: images, model, attack, radii, checks, Run / Stop / Export.

Emits ``requestEdited(EvalRequest)`` with every field on each edit, and intents
(``chooseInputsRequested``, ``labelsRequested``, ``labelsCleared``, ``runRequested``,
``stopRequested``, ``exportRequested``); shows what it is told (``set_*``). A field's
problem is shown in one line under it. The labels file is chosen by the controller and
shown here (``set_labels``); transfer models asked for before the list of models is
known (a restored request) are ticked once it is.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from advgui.core.settings import PRESET_HELP, PRESETS
from advgui.gui.evaluation_plan import ATTACK_TAB, MAX_BATCH, EvalRequest
from advgui.gui.widgets.fields import IntSpin
from advgui.gui.widgets.model_box import ModelBox
from advgui.gui.widgets.style import set_hint

PROBLEM_STYLE = "color: #c0392b;"


def _muted(text: str = "", name: str = "") -> QLabel:
    label = QLabel(text, objectName=name, wordWrap=True)
    set_hint(label)
    return label


def _problem(name: str) -> QLabel:
    label = QLabel("", objectName=name, wordWrap=True)
    label.setStyleSheet(PROBLEM_STYLE)
    label.hide()
    return label


class EvaluateForm(QWidget):
    requestEdited = Signal(object)  # EvalRequest
    chooseInputsRequested = Signal()
    labelsRequested = Signal()
    labelsCleared = Signal()
    runRequested = Signal()
    stopRequested = Signal()
    exportRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._loading = False
        self._labels = ""
        self._transfer_wanted: tuple[str, ...] = ()  # until the models are listed
        self._build_inputs()
        self.model_box = ModelBox()
        for widget, name in (
            (
                self.model_box.model_combo,
                "evalModelCombo",
            ),
            (
                self.model_box.device_combo,
                "evalDeviceCombo",
            ),
            (
                self.model_box.weights_button,
                "evalWeightsButton",
            ),
            (
                self.model_box.status,
                "evalWeightsStatus",
            ),
        ):
            widget.setObjectName(name)
        self._build_attack()
        self._build_run()
        col = QVBoxLayout(self)
        col.setContentsMargins(0, 0, 6, 0)
        col.addWidget(self.inputs_box)
        col.addWidget(self.model_box)
        col.addWidget(self.attack_box)
        col.addWidget(self.run_box)
        col.addStretch(1)

    # -- building ---------------------------------------------------------------------------
    def _build_inputs(self) -> None:
        self.inputs_box = QGroupBox(QCoreApplication.translate("EvaluateForm", "Images"))
        self.inputs_label = QLabel("", objectName="evalInputsLabel", wordWrap=True)
        self.inputs_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.count_label = _muted(name="evalCountLabel")
        self.choose_button = QPushButton(
            QCoreApplication.translate("EvaluateForm", "Choose folder…"),
            objectName="evalChooseButton",
        )
        self.choose_button.setToolTip(
            QCoreApplication.translate(
                "EvaluateForm", "A folder of images (searched with its subfolders)"
            )
        )
        grid = QGridLayout(self.inputs_box)
        grid.addWidget(self.inputs_label, 0, 0)
        grid.addWidget(self.choose_button, 0, 1, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(self.count_label, 1, 0, 1, 2)
        self.labels_label = _muted(name="evalLabelsLabel")
        self.labels_button = QPushButton(
            QCoreApplication.translate("EvaluateForm", "Labels…"), objectName="evalLabelsButton"
        )
        self.labels_button.setToolTip(
            QCoreApplication.translate(
                "EvaluateForm",
                "A CSV file of file,class rows (the class as an index or a name; the file by "
                "its path in the folder or its bare name)",
            )
        )
        self.labels_clear = QPushButton(
            QCoreApplication.translate("EvaluateForm", "Clear"), objectName="evalLabelsClear"
        )
        self.labels_clear.setToolTip(
            QCoreApplication.translate(
                "EvaluateForm", "Label by folder names, else by the model's prediction"
            )
        )
        buttons = QHBoxLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        buttons.addWidget(self.labels_button)
        buttons.addWidget(self.labels_clear)
        grid.addWidget(self.labels_label, 2, 0)
        grid.addLayout(buttons, 2, 1, Qt.AlignmentFlag.AlignTop)
        grid.setColumnStretch(0, 1)
        self.choose_button.clicked.connect(self.chooseInputsRequested)
        self.labels_button.clicked.connect(self.labelsRequested)
        self.labels_clear.clicked.connect(self.labelsCleared)
        self.set_labels("")

    def _build_attack(self) -> None:
        self.attack_box = QGroupBox(QCoreApplication.translate("EvaluateForm", "Attack and checks"))
        self.attack_combo = QComboBox(objectName="evalAttackCombo")
        self.attack_combo.addItem(
            QCoreApplication.translate("EvaluateForm", "As set in the Attack tab"), ATTACK_TAB
        )
        for name in PRESETS:
            self.attack_combo.addItem(name, name)
            row = self.attack_combo.count() - 1
            tip = PRESET_HELP.get(name, "")
            self.attack_combo.setItemData(row, tip, Qt.ItemDataRole.ToolTipRole)
        self.attack_combo.setToolTip(
            QCoreApplication.translate(
                "EvaluateForm", "The attack run on every image: the Attack tab's, or a preset"
            )
        )
        self.attack_info = _muted(name="evalAttackInfo")
        self.attack_problem = _problem("evalAttackProblem")
        self.eps_edit = QLineEdit(objectName="evalEpsEdit")
        self.eps_edit.setPlaceholderText(
            QCoreApplication.translate("EvaluateForm", "e.g. 0.5, 1, 2, 4")
        )
        self.eps_edit.setToolTip(
            QCoreApplication.translate(
                "EvaluateForm",
                "The radii to attack at, separated by commas: robust accuracy is measured at each",
            )
        )
        self.eps_unit = _muted(name="evalEpsUnit")
        self.eps_problem = _problem("evalEpsProblem")
        self.transfer_list = QListWidget(objectName="evalTransferList")
        self.transfer_list.setToolTip(
            QCoreApplication.translate(
                "EvaluateForm",
                "Show the adversarial images to these models too (at this model's input size)",
            )
        )
        self.transfer_list.setMaximumHeight(78)
        self.jpeg_check = QCheckBox(
            QCoreApplication.translate("EvaluateForm", "JPEG at quality"),
            objectName="evalJpegCheck",
        )
        self.jpeg_check.setToolTip(
            QCoreApplication.translate(
                "EvaluateForm",
                "Show the adversarial images to the model again after a JPEG round trip",
            )
        )
        self.jpeg_edit = QLineEdit(objectName="evalJpegEdit")
        self.jpeg_edit.setPlaceholderText(QCoreApplication.translate("EvaluateForm", "e.g. 95, 75"))
        self.jpeg_edit.setToolTip(
            QCoreApplication.translate(
                "EvaluateForm", "JPEG qualities from 1 to 100, separated by commas"
            )
        )
        self.jpeg_problem = _problem("evalJpegProblem")
        self.min_eps_check = QCheckBox(
            QCoreApplication.translate("EvaluateForm", "Find each image's smallest ε"),
            objectName="evalMinEpsCheck",
        )
        self.min_eps_check.setToolTip(
            QCoreApplication.translate(
                "EvaluateForm",
                "Bisection between the radii that bracket it, to 1/16 of itself (more attacks)",
            )
        )
        self.batch_spin = IntSpin(objectName="evalBatchSpin", minimum=1, maximum=MAX_BATCH)
        self.batch_spin.setToolTip(
            QCoreApplication.translate("EvaluateForm", "Images attacked together (faster on a GPU)")
        )
        form = QFormLayout(self.attack_box)
        form.addRow(QCoreApplication.translate("EvaluateForm", "Attack"), self.attack_combo)
        form.addRow("", self.attack_info)
        form.addRow("", self.attack_problem)
        eps_row = QHBoxLayout()
        eps_row.addWidget(self.eps_edit, 1)
        eps_row.addWidget(self.eps_unit)
        form.addRow(QCoreApplication.translate("EvaluateForm", "Radii ε"), eps_row)
        form.addRow("", self.eps_problem)
        form.addRow(QCoreApplication.translate("EvaluateForm", "Transfer to"), self.transfer_list)
        jpeg_row = QHBoxLayout()
        jpeg_row.addWidget(self.jpeg_check)
        jpeg_row.addWidget(self.jpeg_edit, 1)
        form.addRow(QCoreApplication.translate("EvaluateForm", "Check"), jpeg_row)
        form.addRow("", self.jpeg_problem)
        form.addRow("", self.min_eps_check)
        form.addRow(QCoreApplication.translate("EvaluateForm", "Batch"), self.batch_spin)
        self.attack_combo.currentIndexChanged.connect(self._edited)
        self.eps_edit.textChanged.connect(self._edited)
        self.transfer_list.itemChanged.connect(self._edited)
        self.jpeg_check.toggled.connect(self._edited)
        self.jpeg_edit.textChanged.connect(self._edited)
        self.min_eps_check.toggled.connect(self._edited)
        self.batch_spin.valueChanged.connect(self._edited)

    def _build_run(self) -> None:
        self.run_box = QWidget()
        self.run_button = QPushButton(
            QCoreApplication.translate("EvaluateForm", "Run evaluation"), objectName="evalRunButton"
        )
        self.run_button.setToolTip(
            QCoreApplication.translate(
                "EvaluateForm", "Attack every image at every radius and tabulate the verdicts"
            )
        )
        self.stop_button = QPushButton(
            QCoreApplication.translate("EvaluateForm", "Stop"), objectName="evalStopButton"
        )
        self.stop_button.setToolTip(
            QCoreApplication.translate(
                "EvaluateForm", "Stop within one attack step; the images done are kept"
            )
        )
        self.export_button = QPushButton(
            QCoreApplication.translate("EvaluateForm", "Export…"), objectName="evalExportButton"
        )
        self.export_button.setToolTip(
            QCoreApplication.translate(
                "EvaluateForm",
                "Write results.jsonl, run.json, summary.json, summary.csv and robust_accuracy.png",
            )
        )
        self.progress = QProgressBar(objectName="evalProgress", textVisible=True)
        self.timing = _muted(name="evalTimingLabel")
        self.run_problem = _muted(name="evalRunProblem")
        grid = QGridLayout(self.run_box)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.addWidget(self.run_button, 0, 0)
        grid.addWidget(self.stop_button, 0, 1)
        grid.addWidget(self.export_button, 0, 2)
        grid.addWidget(self.progress, 1, 0, 1, 3)
        grid.addWidget(self.timing, 2, 0, 1, 3)
        grid.addWidget(self.run_problem, 3, 0, 1, 3)
        self.run_button.clicked.connect(self.runRequested)
        self.stop_button.clicked.connect(self.stopRequested)
        self.export_button.clicked.connect(self.exportRequested)
        self.clear_progress()

    # -- the fields -------------------------------------------------------------------------
    def request(self) -> EvalRequest:
        """The fields as they are now (what ``requestEdited`` carries)."""
        checked = []
        for row in range(self.transfer_list.count()):
            item = self.transfer_list.item(row)
            if item.checkState() == Qt.CheckState.Checked:
                checked.append(item.data(Qt.ItemDataRole.UserRole))
        if not self.transfer_list.count():
            checked = list(self._transfer_wanted)
        return EvalRequest(
            attack=self.attack_combo.currentData(),
            eps_text=self.eps_edit.text(),
            transfer=tuple(checked),
            jpeg=self.jpeg_check.isChecked(),
            jpeg_text=self.jpeg_edit.text(),
            min_eps=self.min_eps_check.isChecked(),
            batch=self.batch_spin.value(),
            labels=self._labels,
        )

    def set_request(self, request: EvalRequest) -> None:
        self._loading = True
        try:
            self.attack_combo.setCurrentIndex(max(0, self.attack_combo.findData(request.attack)))
            self.eps_edit.setText(request.eps_text)
            self.jpeg_check.setChecked(request.jpeg)
            self.jpeg_edit.setText(request.jpeg_text)
            self.min_eps_check.setChecked(request.min_eps)
            self.batch_spin.setValue(request.batch)
            self._transfer_wanted = tuple(request.transfer)
            self._check_transfer(set(request.transfer))
            self.set_labels(request.labels)
        finally:
            self._loading = False
        self._edited()

    def set_transfer_models(self, names: list[str]) -> None:
        """The models the attack can be shown to; those ticked before stay ticked."""
        ticked = set(self.request().transfer)
        self._loading = True
        try:
            self.transfer_list.clear()
            for name in names:
                item = QListWidgetItem(name)
                item.setData(Qt.ItemDataRole.UserRole, name)
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(Qt.CheckState.Unchecked)
                self.transfer_list.addItem(item)
            self._check_transfer(ticked)
            self._transfer_wanted = ()
        finally:
            self._loading = False
        self._edited()

    def set_labels(self, path: str) -> None:
        """Show the labels file chosen ("" for none); the next edit carries it."""
        self._labels = path
        if path:
            self.labels_label.setText(f"Labels: {Path(path).name}")
            self.labels_label.setToolTip(path)
        else:
            self.labels_label.setText(
                QCoreApplication.translate(
                    "EvaluateForm", "Labels: folder names, else the model's prediction"
                )
            )
            self.labels_label.setToolTip(
                QCoreApplication.translate(
                    "EvaluateForm",
                    "A folder named after a class (285/, Egyptian_cat/) labels the images in it; "
                    "other images are labelled with the model's clean prediction",
                )
            )
        self.labels_clear.setEnabled(bool(path))

    def set_transfer_checked(self, name: str, checked: bool = True) -> None:
        for row in range(self.transfer_list.count()):
            item = self.transfer_list.item(row)
            if item.data(Qt.ItemDataRole.UserRole) == name:
                item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)

    def _check_transfer(self, names: set[str]) -> None:
        for row in range(self.transfer_list.count()):
            item = self.transfer_list.item(row)
            on = item.data(Qt.ItemDataRole.UserRole) in names
            item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)

    def _edited(self, *_args: object) -> None:
        self.jpeg_edit.setEnabled(self.jpeg_check.isChecked() and self.jpeg_check.isEnabled())
        if not self._loading:
            self.requestEdited.emit(self.request())

    # -- what it shows ----------------------------------------------------------------------
    def set_inputs(self, shown: str, count: str) -> None:
        self.inputs_label.setText(shown)
        self.count_label.setText(count)

    def set_attack_info(self, text: str, unit: str) -> None:
        self.attack_info.setText(text)
        self.eps_unit.setText(unit)

    def set_problem(self, field: str | None, line: str = "") -> None:
        """Show ``line`` under ``field`` (``attack``, ``eps`` or ``jpeg``); None clears."""
        for name, label in (
            ("attack", self.attack_problem),
            ("eps", self.eps_problem),
            ("jpeg", self.jpeg_problem),
        ):
            label.setText(line if name == field else "")
            label.setVisible(name == field)

    def set_enabled(self, *, run: bool, stop: bool, export: bool, edit: bool, why: str) -> None:
        self.run_button.setEnabled(run)
        self.stop_button.setEnabled(stop)
        self.export_button.setEnabled(export)
        for w in (self.inputs_box, self.attack_box):
            w.setEnabled(edit)
        self.jpeg_edit.setEnabled(edit and self.jpeg_check.isChecked())
        self.run_problem.setText(why)
        self.run_problem.setVisible(bool(why))

    def clear_progress(self, text: str | None = None) -> None:
        if text is None:
            text = QCoreApplication.translate("EvaluateForm", "no evaluation yet")
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self.progress.setFormat(text)
        self.timing.setText("")

    def set_progress(self, done: int, total: int, line: str) -> None:
        self.progress.setRange(0, max(1, total))
        self.progress.setValue(done)
        self.progress.setFormat(f"{done}/{total} files")
        self.timing.setText(line)

    def show_busy(self, text: str) -> None:
        self.progress.setRange(0, 0)
        self.progress.setFormat(text)

    def show_done(self, text: str) -> None:
        self.timing.setText(text)
