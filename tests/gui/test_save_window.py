"""File ▸ Save results in the real window, with its dialogs answered by a fake: a file
name whose stem the files share, in a folder that does not exist yet; Open folder; and
File ▸ Save at full resolution, which writes a PNG of the photo's own size."""

from __future__ import annotations

import json

import numpy as np
import pytest
from PIL import Image
from PySide6.QtWidgets import QMessageBox, QPushButton

from advgui.core.imaging import load_image, preprocess
from advgui.core.paths import sample
from advgui.core.predict import probabilities
from advgui.gui import dialogs

pytestmark = pytest.mark.usefixtures("fast_models")

WAIT_MS = 60_000


class SaveAnswers(dialogs.DialogPrompts):
    """The window's prompts, but the save dialog answers ``path``, "replace?" answers
    ``replace``, and Open folder only notes the folder (no file manager opens)."""

    def __init__(self, path, replace: bool = True) -> None:
        super().__init__(prefs=None)
        self.path, self.replace = str(path), replace
        self.offered: list[str] = []
        self.asked: list[list[str]] = []
        self.opened: list = []

    def choose_results_file(self, name: str) -> str:
        self.offered.append(name)
        return self.path

    def confirm_overwrite(self, folder: str, names: list[str]) -> bool:
        self.asked.append(names)
        return self.replace

    def open_folder(self, folder) -> None:
        self.opened.append(folder)


def saved_box(window, qtbot) -> QMessageBox:
    qtbot.waitUntil(lambda: not window.state.saving, timeout=WAIT_MS)
    boxes = [b for b in window.findChildren(QMessageBox, "savedDialog") if b.isVisible()]
    assert boxes, window.last_error
    return boxes[-1]


def test_save_under_a_new_name_into_a_new_folder_then_open_it(
    make_window, qtbot, quick, run_and_wait, tmp_path
):
    folder = tmp_path / "new folder" / "deeper"  # neither exists yet
    answers = SaveAnswers(folder / "cat-run.png")
    window = make_window(prompts=answers)
    assert run_and_wait(window, quick(3)) == "done"

    window.actions.save.trigger()
    assert answers.offered == ["chelsea-sgd-linf.png"]  # the photo, the attack, its norm
    box = saved_box(window, qtbot)
    names = ["cat-run.png", "cat-run-delta.png", "cat-run-delta.npy", "cat-run.json"]
    assert sorted(p.name for p in folder.iterdir()) == sorted(names)
    assert answers.asked == []  # a new folder: nothing to replace
    assert f"Saved 4 files in {folder}." in box.text() and "8-bit PNG" in box.text()
    side = json.loads((folder / "cat-run.json").read_text())
    assert side["images"][0]["files"] == {
        "adversarial": "cat-run.png",
        "delta": "cat-run-delta.png",
    }
    assert side["delta_array"]["file"] == "cat-run-delta.npy"
    assert window.statusBar().currentMessage().startswith(f"Saved in {folder}.")

    button = box.findChild(QPushButton, "openFolderButton")
    assert button is not None and button.text() == "Open folder"
    button.click()
    assert answers.opened == [folder]

    # Saved again under the same name: asked about exactly those four files, kept on "no".
    before = {n: (folder / n).read_bytes() for n in names}
    answers.replace = False
    window.actions.save.trigger()
    assert answers.asked == [names]
    assert {n: (folder / n).read_bytes() for n in names} == before
    assert window.statusBar().currentMessage() == "Not saved: the files there were kept."


def test_full_resolution_writes_the_photos_size_and_is_remembered(
    make_window, qtbot, quick, run_and_wait, tmp_path
):
    answers = SaveAnswers(tmp_path / "cat.png")
    window = make_window(prompts=answers)
    action = window.actions.full_resolution
    assert action.isCheckable() and not action.isChecked()
    assert action in window.menuBar().actions()[0].menu().actions()  # in the File menu
    assert run_and_wait(window, quick(3)) == "done"
    action.setChecked(True)

    window.actions.save.trigger()
    box = saved_box(window, qtbot)
    full = tmp_path / "cat-full.png"
    with Image.open(full) as png, Image.open(sample("cat")) as photo:
        assert png.size == photo.size == (451, 300)
    assert "Saved 5 files" in box.text()
    assert "full-resolution PNG (451 x 300, the perturbation upscaled)" in box.text()
    entry = json.loads((tmp_path / "cat.json").read_text())["images"][0]["full_resolution"]
    assert entry["file"] == "cat-full.png" and entry["size"] == [300, 451]
    # What the dialog says of it is what a fresh prediction of the saved file gives.
    probs = probabilities(window.state.model.classifier, preprocess(load_image(full), 224))
    assert entry["top5"][0]["index"] == int(probs.argmax())
    fooled = int(probs.argmax()) != int(window.state.last_run.result.labels[0])
    assert entry["still_adversarial"] is fooled
    assert ("still fools" in box.text().split("full-resolution")[1]) is fooled
    change = np.abs(
        np.asarray(load_image(full), np.int16) - np.asarray(load_image(sample("cat")), np.int16)
    )
    assert 0 < change.max() <= 2.5  # the preset's 2/255, and half a level of rounding

    window.close()
    again = make_window(prompts=answers)
    assert again.actions.full_resolution.isChecked() and again.state.full_resolution
