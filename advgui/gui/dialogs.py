"""Dialogs, each in one function so that tests can replace it.

Messages from the core are one line and are shown as they are; unexpected errors show
one line, with the traceback under "Show Details".
"""

from __future__ import annotations

import traceback

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from advgui.core.errors import AdvguiError

WEIGHTS_FILTER = "Weights (*.pth *.pt *.safetensors);;All files (*)"


def describe_error(exc: BaseException) -> tuple[str, str | None]:
    """One line for the user and, for unexpected errors, the traceback."""
    if isinstance(exc, AdvguiError):
        return str(exc), None
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    line = f"{type(exc).__name__}: {text}" if text else type(exc).__name__
    details = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    return line, details


def show_message(
    parent: QWidget,
    title: str,
    text: str,
    *,
    details: str | None = None,
    icon: QMessageBox.Icon = QMessageBox.Icon.Critical,
    name: str = "errorDialog",
) -> QMessageBox:
    """A window-modal message that does not block the caller (``open()``, not ``exec()``)."""
    for old in parent.findChildren(QMessageBox, name):
        old.close()
    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, parent)
    box.setObjectName(name)
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    if details:
        box.setDetailedText(details)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return box


def weights_dialog(
    parent: QWidget, model: str, message: str, *, bad_file: bool = False
) -> QMessageBox:
    """Offer a local weights file or the offline model; the caller connects the buttons.

    ``bad_file``: a weights file was found but could not be used (else: none on disk and
    the download failed)."""
    for old in parent.findChildren(QMessageBox, "weightsDialog"):
        old.close()
    box = QMessageBox(parent)
    box.setObjectName("weightsDialog")
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle("Weights not available")
    if bad_file:
        box.setText(f"The weights file for {model} cannot be used.")
    else:
        box.setText(
            f"The weights for {model} are not on this computer and could not be downloaded."
        )
    # The core's line names the file and the fix (e.g. "delete it and download again"),
    # so it is shown, not left behind "Show Details".
    box.setInformativeText(
        f"{message}\n\nLoad a weights file you have on disk (.pth or .safetensors), or use "
        "the offline model, whose weights come with advgui."
    )
    box.setDetailedText(message)
    box.file_button = box.addButton("Load weights file…", QMessageBox.ButtonRole.AcceptRole)
    box.offline_button = box.addButton("Use offline model", QMessageBox.ButtonRole.ActionRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(box.file_button)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    return box


def ask_overwrite(parent: QWidget, folder: str, files: list[str]) -> bool:
    names = "\n".join(files)
    answer = QMessageBox.question(
        parent,
        "Replace files?",
        f"{folder} already holds:\n{names}\n\nReplace them?",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
        QMessageBox.StandardButton.Cancel,
    )
    return answer == QMessageBox.StandardButton.Yes


def choose_image(parent: QWidget, folder: str, name_filter: str) -> str:
    path, _ = QFileDialog.getOpenFileName(parent, "Open image", folder, name_filter)
    return path


def choose_folder(parent: QWidget, folder: str) -> str:
    return QFileDialog.getExistingDirectory(parent, "Save results into folder", folder)


def choose_weights_file(parent: QWidget, folder: str, model: str) -> str:
    path, _ = QFileDialog.getOpenFileName(
        parent, f"Weights file for {model}", folder, WEIGHTS_FILTER
    )
    return path
