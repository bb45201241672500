"""The questions the Evaluate tab asks: a folder of images, a labels file, a folder to
export into, whether to replace files there, and whether a new run may replace results
that were not exported. Dialogs over the active window; the folders last used are
remembered in ``prefs``. Tests hand the controller a fake with the same methods."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox, QWidget

from advgui.gui.dialogs import ask_overwrite


class EvalDialogPrompts:
    def __init__(self, prefs) -> None:
        self.prefs = prefs

    @property
    def parent(self) -> QWidget | None:
        return QApplication.activeWindow()

    def _folder(self, key: str, title: str) -> str:
        folder = QFileDialog.getExistingDirectory(self.parent, title, self.prefs.folder(key))
        if folder:
            self.prefs.set_folder(key, folder)
        return folder

    def choose_image_folder(self) -> str:
        return self._folder(
            "evaluate",
            QCoreApplication.translate("EvaluateDialogs", "Folder of images to evaluate"),
        )

    def choose_labels_file(self) -> str:
        path, _ = QFileDialog.getOpenFileName(
            self.parent,
            QCoreApplication.translate("EvaluateDialogs", "Labels: a CSV file of file,class rows"),
            self.prefs.folder("labels"),
            QCoreApplication.translate("EvaluateDialogs", "CSV files (*.csv);;All files (*)"),
        )
        if path:
            self.prefs.set_folder("labels", path)
        return path

    def confirm_replace_results(self, files: int) -> bool:
        text = (
            QCoreApplication.translate(
                "EvaluateDialogs",
                "The results of 1 file were not exported; a new run replaces them.\n\nRun anyway?",
            )
            if files == 1
            else QCoreApplication.translate(
                "EvaluateDialogs",
                "The results of {files} files were not exported; a new run replaces them.\n\n"
                "Run anyway?",
            ).format(files=files)
        )
        answer = QMessageBox.question(
            self.parent,
            QCoreApplication.translate("EvaluateDialogs", "Replace the results?"),
            text,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    def choose_export_folder(self) -> str:
        return self._folder(
            "export",
            QCoreApplication.translate("EvaluateDialogs", "Export the evaluation into folder"),
        )

    def confirm_overwrite(self, folder: str, names: list[str]) -> bool:
        return ask_overwrite(self.parent, folder, names)
