"""Model and device choice, with the weights status of each model."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QWidget,
)

from advgui.gui.catalog import MISSING, STATUSES, ModelEntry, by_status, megabytes
from advgui.gui.widgets.style import hint_color, set_hint

#: ``catalog``'s weights statuses (that module stays Qt-free), for lupdate.
STATUS_LABELS = (
    QT_TRANSLATE_NOOP("ModelBox", "offline, bundled"),
    QT_TRANSLATE_NOOP("ModelBox", "weights on disk"),
    QT_TRANSLATE_NOOP("ModelBox", "needs download"),
)
#: The list's group headers, one per status in ``catalog.STATUSES`` order.
GROUP_HEADERS = (
    QT_TRANSLATE_NOOP("ModelBox", "Offline, no download"),
    QT_TRANSLATE_NOOP("ModelBox", "Weights on disk"),
    QT_TRANSLATE_NOOP("ModelBox", "To download"),
)


def _item_text(entry: ModelEntry) -> str:
    """The name, and for a model to download what it costs: "vgg16  (528 MB)"."""
    if entry.status != MISSING or entry.download_mb is None:
        return entry.name
    return QCoreApplication.translate("ModelBox", "{name}  ({size} MB)").format(
        name=entry.name, size=megabytes(entry.download_mb)
    )


class ModelBox(QGroupBox):
    """Emits ``modelChosen(name)``, ``deviceChosen(name)`` and ``weightsFileRequested()``."""

    modelChosen = Signal(str)
    deviceChosen = Signal(str)
    weightsFileRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(QCoreApplication.translate("ModelBox", "Model"), parent)
        self.model_combo = QComboBox(objectName="modelCombo")
        self.model_combo.setMaxVisibleItems(20)
        self.model_combo.setMinimumContentsLength(18)
        self.model_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.model_combo.addItem(QCoreApplication.translate("ModelBox", "Loading PyTorch…"))
        self.model_combo.setToolTip(
            QCoreApplication.translate(
                "ModelBox",
                "The classifier to attack. A model to download shows its size, and asks "
                "before downloading.",
            )
        )
        # The headers are the list's only disabled items: in the hint colour, readable,
        # not the faint disabled grey.
        view = self.model_combo.view()
        palette = view.palette()
        palette.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text, hint_color(palette))
        view.setPalette(palette)
        self.device_combo = QComboBox(objectName="deviceCombo")
        self.device_combo.addItem(
            QCoreApplication.translate("ModelBox", "CPU"),
            "cpu",
        )
        self.device_combo.setToolTip(
            QCoreApplication.translate("ModelBox", "Where the model runs: the CPU or a GPU")
        )
        self.weights_button = QPushButton(
            QCoreApplication.translate("ModelBox", "Weights file…"), objectName="weightsButton"
        )
        self.weights_button.setToolTip(
            QCoreApplication.translate(
                "ModelBox", "Load this model's weights from a local .pth / .safetensors"
            )
        )
        self.status = QLabel("", objectName="weightsStatus")
        self.status.setWordWrap(True)
        set_hint(self.status)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form = QFormLayout(self)
        form.addRow(QCoreApplication.translate("ModelBox", "Classifier"), self.model_combo)
        form.addRow("", self.status)
        row = QHBoxLayout()
        row.addWidget(self.device_combo, 1)
        row.addWidget(self.weights_button)
        form.addRow(QCoreApplication.translate("ModelBox", "Device"), row)
        self._model: str | None = None
        self.model_combo.activated.connect(self._on_model_activated)
        self.device_combo.activated.connect(self._on_device_activated)
        self.weights_button.clicked.connect(self.weightsFileRequested)
        self.model_combo.setEnabled(False)

    def set_models(self, entries: list[ModelEntry]) -> None:
        """Fill the list in ``entries``' order, under a header for each weights status
        (offline, on disk, to download); those to download say their size."""
        combo = self.model_combo
        combo.blockSignals(True)
        combo.clear()
        for status, members in by_status(entries):
            self._add_header(GROUP_HEADERS[STATUSES.index(status)])
            for e in members:
                combo.addItem(_item_text(e), e.name)
                tip = QCoreApplication.translate("ModelBox", "{name}: {status}").format(
                    name=e.name, status=QCoreApplication.translate("ModelBox", e.status)
                )
                combo.setItemData(combo.count() - 1, tip, Qt.ItemDataRole.ToolTipRole)
        if combo.count() > 1:
            combo.setCurrentIndex(1)  # the first model, not its header, until one loads
        combo.blockSignals(False)
        combo.setEnabled(True)
        if self._model is not None:
            self.select_model(self._model)

    def _add_header(self, text: str) -> None:
        """A group's title: shown in the list, never chosen (no flags: the keyboard and
        the mouse skip it)."""
        combo = self.model_combo
        combo.addItem(QCoreApplication.translate("ModelBox", text))
        item = combo.model().item(combo.count() - 1)
        item.setFlags(Qt.ItemFlag.NoItemFlags)
        font = item.font()
        font.setBold(True)
        item.setFont(font)

    def set_devices(self, devices: list[tuple[str, str]]) -> None:
        """``devices``: (name, label) pairs, e.g. ("cuda:0", "CUDA 0: NVIDIA H100")."""
        current = self.device_name()
        self.device_combo.clear()
        for name, label in devices:
            self.device_combo.addItem(label, name)
        self.select_device(current)

    def select_model(self, name: str) -> None:
        """Show ``name`` as the current model without emitting ``modelChosen``."""
        self._model = name
        row = self.model_combo.findData(name)
        if row >= 0:
            self.model_combo.setCurrentIndex(row)

    def select_device(self, name: str) -> None:
        row = self.device_combo.findData(name)
        self.device_combo.setCurrentIndex(max(row, 0))

    def model_name(self) -> str | None:
        """The model shown as current (for tests; the state holds the loaded one)."""
        return self._model

    def device_name(self) -> str:
        """The device shown as current (for tests; the state holds the one in use)."""
        return self.device_combo.currentData() or "cpu"

    def set_status(self, text: str) -> None:
        self.status.setText(text)

    def _on_model_activated(self, row: int) -> None:
        name = self.model_combo.itemData(row)
        if name and name != self._model:
            self.modelChosen.emit(name)
        # The model in use until the state says otherwise (a declined download, a load
        # refused, or one under way: the new name comes with the loaded model).
        if self._model is not None:
            self.select_model(self._model)

    def _on_device_activated(self, row: int) -> None:
        self.deviceChosen.emit(self.device_combo.itemData(row))
