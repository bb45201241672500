"""Dialogs, each in one function so that tests can replace it.

Messages from the core are one line and are shown as they are; unexpected errors show
one line, with the traceback under "Show Details".
"""

from __future__ import annotations

import re
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox, QWidget

from advgui.core.errors import AdvguiError
from advgui.gui import present
from advgui.gui.catalog import megabytes
from advgui.gui.error_text import user_text

# File dialogs' name filters, marked here and translated when a dialog opens (the words
# are translated, the patterns kept).
WEIGHTS_FILTERS = (
    QT_TRANSLATE_NOOP("Dialogs", "Weights (*.pth *.pt *.safetensors)"),
    QT_TRANSLATE_NOOP("Dialogs", "All files (*)"),
)
#: The figure's formats, as File ▸ Export figure offers them (the first is the default).
FIGURE_FILTERS = (
    QT_TRANSLATE_NOOP("Dialogs", "PNG image, 300 dpi (*.png)"),
    QT_TRANSLATE_NOOP("Dialogs", "SVG drawing (*.svg)"),
    QT_TRANSLATE_NOOP("Dialogs", "PDF document (*.pdf)"),
)
CSV_FILTER = QT_TRANSLATE_NOOP("Dialogs", "CSV table (*.csv)")
RESULTS_FILTER = QT_TRANSLATE_NOOP("Dialogs", "PNG image (*.png)")


def translated_filters(filters: Sequence[str]) -> str:
    """``filters`` in the user's language, as one QFileDialog filter string."""
    return ";;".join(QCoreApplication.translate("Dialogs", f) for f in filters)


def describe_error(exc: BaseException) -> tuple[str, str | None]:
    """One line for the user (in their language, the libraries' own words left out) and
    the details: those words for an advgui error, the traceback for an unexpected one."""
    if isinstance(exc, AdvguiError):
        return user_text(exc), getattr(exc, "detail", None)
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
    box.setWindowTitle(QCoreApplication.translate("Dialogs", "Weights not available"))
    if bad_file:
        text = QCoreApplication.translate("Dialogs", "The weights file for {model} cannot be used.")
    else:
        text = QCoreApplication.translate(
            "Dialogs",
            "The weights for {model} are not on this computer and could not be downloaded.",
        )
    box.setText(text.format(model=model))
    # The core's line names the file and the fix (e.g. "delete it and download again"),
    # so it is shown, not left behind "Show Details".
    remedy = QCoreApplication.translate(
        "Dialogs",
        "Load a weights file you have on disk (.pth or .safetensors), or use the offline "
        "model, whose weights come with advgui.",
    )
    box.setInformativeText(f"{message}\n\n{remedy}")
    box.setDetailedText(message)
    box.file_button = box.addButton(
        QCoreApplication.translate("Dialogs", "Load weights file…"),
        QMessageBox.ButtonRole.AcceptRole,
    )
    box.offline_button = box.addButton(
        QCoreApplication.translate("Dialogs", "Use offline model"),
        QMessageBox.ButtonRole.ActionRole,
    )
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(box.file_button)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    return box


def show_saved(
    parent: QWidget, report, open_folder: Callable[[Path], None] | None = None
) -> QMessageBox:
    """What was saved, and whether the saved 8-bit PNG (and the full-resolution one, when
    saved) still fools the model; an "Open folder" button calls ``open_folder(folder)``."""
    text = present.sentence(report.message)
    if report.full_message:
        text += f"\n\n{present.sentence(report.full_message)}"
    folder = report.paths[0].parent
    fooled = all(report.saved_success) and (report.full is None or report.full.success)
    saved = QCoreApplication.translate("Dialogs", "Saved {count} files in {folder}.").format(
        count=len(report.paths), folder=folder
    )
    box = show_message(
        parent,
        QCoreApplication.translate("Dialogs", "Results saved"),
        f"{saved}\n\n{text}",
        details="\n".join(str(p) for p in report.paths),
        icon=QMessageBox.Icon.Information if fooled else QMessageBox.Icon.Warning,
        name="savedDialog",
    )
    if open_folder is not None:
        button = box.addButton(
            QCoreApplication.translate("Dialogs", "Open folder"), QMessageBox.ButtonRole.ActionRole
        )
        button.setObjectName("openFolderButton")
        button.clicked.connect(lambda: open_folder(folder))
    return box


def open_folder(folder: Path) -> None:
    """Show ``folder`` in the system's file manager."""
    QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))


def show_about(parent: QWidget) -> None:
    from advgui import __version__

    intro = QCoreApplication.translate(
        "Dialogs",
        "Watch, step by step, how an image classifier is fooled by a small perturbation.",
    )
    keys = QCoreApplication.translate(
        "Dialogs",
        "Ctrl+O open · Ctrl+R run · Esc stop · Ctrl+S save · drop an image on the window "
        "to open it.",
    )
    QMessageBox.about(
        parent,
        QCoreApplication.translate("Dialogs", "About advgui"),
        f"<b>advgui {__version__}</b><p>{intro}</p><p>{keys}</p>",
    )


def offer_weights(
    parent: QWidget,
    model: str,
    message: str,
    *,
    bad_file: bool,
    on_file: Callable[[], None],
    on_offline: Callable[[], None],
) -> QMessageBox:
    """``weights_dialog``, opened; calls ``on_file`` or ``on_offline`` for those buttons
    (Cancel and Esc call neither: the model in use stays)."""
    box = weights_dialog(parent, model, message, bad_file=bad_file)

    def done(_result: int) -> None:
        if box.clickedButton() is box.file_button:
            on_file()
        elif box.clickedButton() is box.offline_button:
            on_offline()

    box.finished.connect(done)
    box.open()
    return box


def ask_download(parent: QWidget, model: str, size_mb: float | None, folder: str) -> bool:
    """Before downloading ``model``'s weights: what, how big and where; True to download.
    Cancel is the default, so an Enter meant for the list downloads nothing."""
    if size_mb is None:
        text = QCoreApplication.translate(
            "Dialogs", "Download the weights for {model}? Their size is not known."
        )
    else:
        text = QCoreApplication.translate(
            "Dialogs", "Download the weights for {model} ({size} MB)?"
        )
    where = QCoreApplication.translate(
        "Dialogs", "They will be stored in {folder}; from then on {model} loads without a download."
    )
    box = QMessageBox(
        QMessageBox.Icon.Question,
        QCoreApplication.translate("Dialogs", "Download weights?"),
        text.format(model=model, size=megabytes(size_mb) if size_mb is not None else ""),
        QMessageBox.StandardButton.Cancel,
        parent,
    )
    box.setObjectName("downloadDialog")
    box.setInformativeText(where.format(folder=folder, model=model))
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    download = box.addButton(
        QCoreApplication.translate("Dialogs", "Download"), QMessageBox.ButtonRole.AcceptRole
    )
    download.setObjectName("downloadButton")
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    box.exec()
    agreed = box.clickedButton() is download
    box.deleteLater()
    return agreed


def ask_overwrite(parent: QWidget, folder: str, files: list[str]) -> bool:
    names = "\n".join(files)
    question = QCoreApplication.translate(
        "Dialogs", "{folder} already holds:\n{names}\n\nReplace them?"
    )
    answer = QMessageBox.question(
        parent,
        QCoreApplication.translate("Dialogs", "Replace files?"),
        question.format(folder=folder, names=names),
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
        QMessageBox.StandardButton.Cancel,
    )
    return answer == QMessageBox.StandardButton.Yes


def ask_discard_runs(parent: QWidget, count: int) -> bool:
    """Before quitting with runs never saved: True to quit and lose them."""
    if count == 1:
        text = QCoreApplication.translate(
            "Dialogs",
            "The Runs list holds 1 run that was not saved; it is lost when advgui quits.",
        )
    else:
        text = QCoreApplication.translate(
            "Dialogs",
            "The Runs list holds {count} runs that were not saved; they are lost when "
            "advgui quits.",
        ).format(count=count)
    box = QMessageBox(
        QMessageBox.Icon.Question,
        QCoreApplication.translate("Dialogs", "Quit advgui?"),
        text,
        QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
        parent,
    )
    box.setObjectName("discardDialog")
    box.button(QMessageBox.StandardButton.Discard).setText(
        QCoreApplication.translate("Dialogs", "Quit without saving")
    )
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    return box.exec() == QMessageBox.StandardButton.Discard


def choose_image(parent: QWidget, folder: str, name_filter: str) -> str:
    title = QCoreApplication.translate("Dialogs", "Open image")
    path, _ = QFileDialog.getOpenFileName(parent, title, folder, name_filter)
    return path


def choose_results_file(parent: QWidget, suggested: str) -> str:
    """Where to save a run, and the name its files share; "" when cancelled.

    The folder may be one typed that does not exist yet (it is made when saving), and
    Qt's own dialog also offers "Create New Folder". The dialog does not ask about
    replacing the PNG alone: the save asks once about every file it would replace.
    """
    path, _ = QFileDialog.getSaveFileName(
        parent,
        QCoreApplication.translate("Dialogs", "Save results"),
        suggested,
        translated_filters((RESULTS_FILTER,)),
        "",
        QFileDialog.Option.DontConfirmOverwrite,
    )
    return path


def choose_save_file(parent: QWidget, title: str, suggested: str, filters: Sequence[str]) -> str:
    """A file name to write, "" when cancelled; a name typed without an extension gets the
    chosen filter's (``*.svg`` gives ``.svg``). Replacing a file is confirmed by the dialog.
    ``filters`` are the English ones (``FIGURE_FILTERS``): the dialog shows them translated."""
    path, chosen = QFileDialog.getSaveFileName(
        parent, title, suggested, translated_filters(filters)
    )
    if path and not Path(path).suffix:
        match = re.search(r"\*(\.\w+)", chosen or filters[0])
        path += match.group(1) if match else ""
    return path


def choose_weights_file(parent: QWidget, folder: str, model: str) -> str:
    title = QCoreApplication.translate("Dialogs", "Weights file for {model}").format(model=model)
    path, _ = QFileDialog.getOpenFileName(
        parent, title, folder, translated_filters(WEIGHTS_FILTERS)
    )
    return path


class DialogPrompts:
    """The questions controllers ask the user, as dialogs over the active window;
    remembers the folders last used in ``prefs``. Tests hand controllers a fake with the
    same methods."""

    def __init__(self, prefs) -> None:
        self.prefs = prefs

    @property
    def parent(self) -> QWidget | None:
        return QApplication.activeWindow()

    def choose_results_file(self, name: str) -> str:
        """A path for the results, ``name`` offered in the folder last saved into."""
        suggested = str(Path(self.prefs.folder("save")) / name)
        path = choose_results_file(self.parent, suggested)
        if path:
            self.prefs.set_folder("save", path)  # its folder, even one not made yet
        return path

    def open_folder(self, folder: Path) -> None:
        open_folder(folder)

    def confirm_overwrite(self, folder: str, names: list[str]) -> bool:
        return ask_overwrite(self.parent, folder, names)

    def confirm_discard_runs(self, count: int) -> bool:
        return ask_discard_runs(self.parent, count)

    def confirm_download(self, model: str, size_mb: float | None, folder: str) -> bool:
        """Whether to download ``model``'s weights (``size_mb``, None when not known) into
        ``folder``."""
        return ask_download(self.parent, model, size_mb, folder)

    def choose_weights_file(self, model: str) -> str:
        path = choose_weights_file(self.parent, self.prefs.folder("weights"), model)
        if path:
            self.prefs.set_folder("weights", path)
        return path

    def choose_figure_file(self, name: str) -> str:
        title = QCoreApplication.translate("Dialogs", "Export figure")
        return self._save_file(title, "figure", name, FIGURE_FILTERS)

    def choose_curves_file(self, name: str) -> str:
        title = QCoreApplication.translate("Dialogs", "Export curves as CSV")
        return self._save_file(title, "figure", name, (CSV_FILTER,))

    def _save_file(self, title: str, key: str, name: str, filters: Sequence[str]) -> str:
        suggested = str(Path(self.prefs.folder(key)) / name)
        path = choose_save_file(self.parent, title, suggested, filters)
        if path:
            self.prefs.set_folder(key, path)
        return path

    def choose_image(self, name_filter: str) -> str:
        path = choose_image(self.parent, self.prefs.folder("open"), name_filter)
        if path:
            self.prefs.set_folder("open", path)
        return path
