"""The Evaluate tab end to end: a small folder evaluated live on the offline model.

The folder: the two bundled samples, a crop of the cat made here, a file that is not an
image and one that claims to be a PNG but is not. PGD with 4 steps at two radii.
"""

from __future__ import annotations

import json
import shutil

import pytest
from PIL import Image
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from advgui import cli
from advgui.core.errors import SaveError
from advgui.core.evaluation import results as res
from advgui.core.evaluation.summary import summarize, to_csv
from advgui.core.paths import sample
from advgui.core.settings import Attack, AttackSettings
from advgui.gui.dialogs import DialogPrompts
from advgui.gui.main_window import EVALUATE_TAB

from .window_support import error_box

pytestmark = pytest.mark.usefixtures("fast_models")

PGD4 = AttackSettings(attack=Attack.PGD, steps=4)  # 4 steps of 0.5/255
RUN_MS = 120_000


@pytest.fixture
def photos(tmp_path):
    folder = tmp_path / "photos"
    folder.mkdir()
    shutil.copy(sample("cat"), folder / "chelsea.png")
    shutil.copy(sample("espresso"), folder / "coffee.png")
    with Image.open(sample("cat")) as cat:
        cat.crop((100, 20, 400, 320)).save(folder / "crop.png")
    (folder / "broken.png").write_bytes(b"\x89PNG\r\n\x1a\n not a png at all")
    (folder / "notes.txt").write_text("not an image\n")
    return folder


def start(window, qtbot, folder, eps="0.5, 1", settings=PGD4):
    """Point the tab at ``folder`` with the Attack tab's ``settings`` at ``eps``: in fp32
    (the automatic choice would time bf16 first, ~20 s on 2 cores) on one CPU thread (two
    threads spin for each other when a program beside them keeps a core busy)."""
    window.state.set_compute(precision="fp32", threads=1)
    window.form.set_settings(settings)
    window.evaluate_tab.form.eps_edit.setText(eps)
    window.evaluate_inputs([folder])
    qtbot.waitUntil(lambda: window.evaluation.enabled().run, timeout=RUN_MS)


def run(window, qtbot):
    with qtbot.waitSignal(window.evaluation_finished, timeout=RUN_MS) as blocker:
        assert window.run_evaluation()
    return blocker.args[0]


def test_the_table_fills_in_live_and_the_curve_is_the_summary(window, qtbot, photos, tmp_path):
    start(window, qtbot, photos)
    table, ev = window.evaluate_tab.table, window.evaluation
    seen = []
    ev.imageAdded.connect(lambda i: seen.append((table.row_count(), ev.running, i)))

    assert run(window, qtbot) == "done"

    # One row per file, each shown while the run was still going.
    assert seen == [(n, True, n - 1) for n in range(1, 6)]
    ids = [image.id for image in ev.images]
    assert ids == [
        f"photos/{n}" for n in ("broken.png", "chelsea.png", "coffee.png", "crop.png", "notes.txt")
    ]
    model = table.images
    assert model.data(model.index(0, 1)).startswith("skipped: ")
    assert model.data(model.index(4, 1)) == "skipped: not an image file"
    assert error_box(window) is None  # a broken file is a row, not a dialog
    assert all(image.thumbnail.shape == (56, 56, 3) for image in ev.images[1:4])
    assert model.headerData(4, Qt.Orientation.Horizontal) == "ε 0.5/255"

    summary = summarize(ev.rows)
    assert ev.summary == summary and summary["images"] == 3 and summary["skipped"] == 2
    x, y = window.evaluate_tab.plot.points()
    assert x == pytest.approx([0.5, 1.0])  # one point per eps, in 1/255
    assert y == summary["robust_accuracy"]

    out = tmp_path / "export"
    out.mkdir()
    paths = window.export_evaluation(out)
    assert sorted(p.name for p in paths) == sorted(res.NAMES)
    rows = res.read_rows(out / res.RESULTS)
    assert rows == ev.rows
    written = json.loads((out / res.SUMMARY_JSON).read_text())
    assert written == json.loads(json.dumps(summarize(rows)))
    assert (out / res.SUMMARY_CSV).read_text() == to_csv(summarize(rows))
    assert (out / res.FIGURE).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    with pytest.raises(SaveError, match="already exist"):
        window.export_evaluation(out)

    # The CLI, on the same folder with the same attack: the same rows and run.json.
    cli_out = tmp_path / "cli"
    argv = ["evaluate", str(photos), "--out", str(cli_out), "--precision", "fp32", "--threads", "1"]
    assert cli.main([*argv, "--attack", "pgd", "--steps", "4", "--eps", "0.5/255,1/255"]) == 0
    timeless = [{k: v for k, v in r.items() if k != "time_s"} for r in rows]
    cli_rows = res.read_rows(cli_out / res.RESULTS)
    assert [{k: v for k, v in r.items() if k != "time_s"} for r in cli_rows] == timeless
    assert json.loads((cli_out / res.RUN).read_text()) == json.loads((out / res.RUN).read_text())
    assert cli.main(["summarize", str(out), "--json"]) == 0


def test_double_click_opens_the_image_in_the_attack_tab(window, qtbot, photos):
    start(window, qtbot, photos)
    assert run(window, qtbot) == "done"
    table = window.evaluate_tab.table
    row = [i.id for i in window.evaluation.images].index("photos/coffee.png")
    column = 5  # the second radius, 1/255
    assert table.images.headerData(column, Qt.Orientation.Horizontal) == "ε 1/255"
    where = table.visualRect(table.images.index(row, column)).center()
    # A press first, as a real double-click has: the view opens the row it was pressed on.
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=where)
    qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=where)

    assert window.tabs.currentIndex() == 0
    qtbot.waitUntil(lambda: window.state.image_path == photos / "coffee.png", timeout=RUN_MS)
    qtbot.waitUntil(window.is_ready, timeout=RUN_MS)
    assert window.state.settings == PGD4.replace(eps=1 / 255)


def test_stop_keeps_the_finished_images(window, qtbot, tmp_path):
    folder = tmp_path / "four"
    folder.mkdir()
    for k in range(4):
        shutil.copy(sample("cat" if k % 2 else "espresso"), folder / f"{k}.png")
    start(window, qtbot, folder)
    ev = window.evaluation
    ev.imageAdded.connect(lambda i: i == 1 and window.stop_evaluation())

    assert run(window, qtbot) == "stopped"
    assert 2 <= ev.done < 4  # the image in progress was dropped
    assert ev.rows == [r for image in ev.images for r in image.rows]
    assert window.evaluate_tab.table.row_count() == ev.done
    assert window.evaluation.enabled().export and window.is_ready()

    # Within an attack: a long run stops within one step (counted in forward passes of the
    # attacked model: at most the one begun as Stop was pressed).
    start(window, qtbot, folder, settings=PGD4.replace(steps=2000))
    passes = []
    hook = window.state.model.classifier.register_forward_pre_hook(lambda *_: passes.append(1))
    try:
        with qtbot.waitSignal(window.evaluation_finished, timeout=RUN_MS) as blocker:
            assert window.run_evaluation()
            qtbot.waitUntil(lambda: len(passes) > 5, timeout=RUN_MS)
            stop = window.findChild(QWidget, "evalStopButton")
            qtbot.mouseClick(stop, Qt.MouseButton.LeftButton)
            at_stop = len(passes)
    finally:
        hook.remove()
    assert blocker.args == ["stopped"] and ev.done == 0 and ev.rows == []
    assert len(passes) - at_stop <= 1


def test_bad_radii_are_said_beside_the_field_and_run_waits(window, qtbot, photos):
    start(window, qtbot, photos)
    window.tabs.setCurrentIndex(EVALUATE_TAB)
    form = window.evaluate_tab.form
    assert form.run_button.isEnabled()
    form.eps_edit.setText("0.5, abc")
    problem = window.findChild(QWidget, "evalEpsProblem")
    assert problem.isVisible() and "'abc' is not a number" in problem.text()
    assert "\n" not in problem.text() and "--" not in problem.text()
    assert not form.run_button.isEnabled() and not window.actions.evaluate_run.isEnabled()
    assert not window.run_evaluation()
    form.eps_edit.setText("0.5, 1/255")
    assert not problem.isVisible() and form.run_button.isEnabled()


def test_transfer_jpeg_and_smallest_eps_fill_their_columns(window, qtbot, fast_models, photos):
    for name in ("broken.png", "notes.txt", "crop.png", "chelsea.png"):
        (photos / name).unlink()  # the cat's smallest eps takes twelve halvings
    start(window, qtbot, photos)
    form = window.evaluate_tab.form
    offered = [form.transfer_list.item(i).text() for i in range(form.transfer_list.count())]
    assert "efficientnet_lite1" in offered and "efficientnet_lite0" not in offered
    form.set_transfer_checked("efficientnet_lite1")
    form.jpeg_check.setChecked(True)
    form.jpeg_edit.setText("75")
    form.min_eps_check.setChecked(True)
    fast_models.calls.clear()

    assert run(window, qtbot) == "done"
    assert fast_models.calls == ["efficientnet_lite1"]  # loaded by the run, on its worker
    model = window.evaluate_tab.table.images
    titles = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert titles[-2:] == ["→ efficientnet_lite1", "JPEG 75"]
    summary = window.evaluation.summary
    assert set(summary["transfer"]) == {"efficientnet_lite1"} and set(summary["jpeg"]) == {"75"}
    assert set(summary["min_eps"]["per_image"]) == {"photos/coffee.png"}
    cells = [model.data(model.index(0, c)) for c in range(model.columnCount())]
    assert cells[3].endswith("/255") and all(cells)  # the smallest eps found
    x, _ = window.evaluate_tab.plot.points()
    assert len(x) == 2

    fast_models.calls.clear()
    assert run(window, qtbot) == "done"
    assert fast_models.calls == []  # kept from the first run


def test_closing_mid_run_stops_the_evaluation(make_window, qtbot, photos):
    window = make_window()
    start(window, qtbot, photos, settings=PGD4.replace(steps=2000))
    assert window.run_evaluation()
    assert not window.actions.run.isEnabled() and not window.model_box.isEnabled()
    qtbot.waitUntil(lambda: window.evaluation.config is not None, timeout=RUN_MS)
    thread = window.evaluate.job.thread
    window.close()
    assert not thread.isRunning()


class Answers(DialogPrompts):
    """The window's questions answered as told: a labels file, and whether to replace
    results that were not exported."""

    def __init__(self, prefs=None, *, labels: str = "", replace: bool = False) -> None:
        super().__init__(prefs)
        self.labels, self.replace = labels, replace
        self.asked: list[int] = []

    def choose_labels_file(self) -> str:
        return self.labels

    def confirm_replace_results(self, files: int) -> bool:
        self.asked.append(files)
        return self.replace


def test_labels_from_a_csv_and_asking_before_results_are_replaced(make_window, qtbot, tmp_path):
    folder = tmp_path / "two"
    folder.mkdir()
    shutil.copy(sample("cat"), folder / "chelsea.png")
    shutil.copy(sample("espresso"), folder / "coffee.png")
    labels = tmp_path / "labels.csv"
    labels.write_text("file,class\nchelsea.png,tabby\n")  # the model sees 285 Egyptian cat
    answers = Answers(labels=str(labels))
    window = make_window(prompts=answers)
    start(window, qtbot, folder, eps="1")
    form = window.evaluate_tab.form
    qtbot.mouseClick(form.labels_button, Qt.MouseButton.LeftButton)
    assert form.labels_label.text() == "Labels: labels.csv" and form.labels_clear.isEnabled()

    window.tabs.setCurrentIndex(EVALUATE_TAB)
    with qtbot.waitSignal(window.evaluation_finished, timeout=RUN_MS):
        qtbot.mouseClick(form.run_button, Qt.MouseButton.LeftButton)
    ev = window.evaluation
    by_file = {r["file"]: r for r in ev.rows}
    assert by_file["two/chelsea.png"]["label"] == 281
    assert by_file["two/chelsea.png"]["label_source"] == "csv"
    assert by_file["two/coffee.png"]["label_source"] == "prediction"
    assert ev.run_info["labels"] == str(labels)  # as the CLI's run.json says --labels
    assert answers.asked == []  # nothing was there to replace
    rows = list(ev.rows)

    # Run again, answering No: the results are kept and nothing starts.
    qtbot.mouseClick(form.run_button, Qt.MouseButton.LeftButton)
    assert answers.asked == [2] and not ev.running and ev.rows == rows
    window.actions.evaluate_run.trigger()  # the menu asks too
    assert answers.asked == [2, 2] and ev.rows == rows and form.export_button.isEnabled()
    # Exported: a new run replaces them without asking.
    out = tmp_path / "out"
    out.mkdir()
    window.export_evaluation(out)
    qtbot.mouseClick(form.labels_clear, Qt.MouseButton.LeftButton)
    assert form.labels_label.text().startswith("Labels: folder names")
    with qtbot.waitSignal(window.evaluation_finished, timeout=RUN_MS):
        qtbot.mouseClick(form.run_button, Qt.MouseButton.LeftButton)
    assert answers.asked == [2, 2] and ev.run_info["labels"] is None
    assert {r["label_source"] for r in ev.rows} == {"prediction"}


def test_the_fields_are_remembered_across_a_restart(make_window, qtbot, photos, tmp_path):
    labels = tmp_path / "labels.csv"
    labels.write_text("chelsea.png,281\n")
    window = make_window()
    form = window.evaluate_tab.form
    form.attack_combo.setCurrentIndex(form.attack_combo.findData("fgsm"))
    form.eps_edit.setText("1, 3")
    form.set_transfer_checked("efficientnet_lite2")
    form.jpeg_check.setChecked(True)
    form.jpeg_edit.setText("90, 50")
    form.min_eps_check.setChecked(True)
    form.batch_spin.setValue(4)
    window.evaluate.set_labels(labels)
    window.evaluate_inputs([photos])
    before = window.evaluation.request
    assert before.transfer == ("efficientnet_lite2",) and before.labels == str(labels)
    window.close()

    again = make_window()
    assert again.evaluation.request == before
    assert again.evaluate_tab.form.request() == before
    assert again.evaluation.inputs == (str(photos),)
    qtbot.waitUntil(lambda: again.evaluation.count is not None, timeout=RUN_MS)
    assert again.evaluation.plan.eps == (1 / 255, 3 / 255)
    assert again.evaluate_tab.form.labels_label.text() == "Labels: labels.csv"
    again.close()

    labels.unlink()  # gone since: the next launch labels by folder names again
    shutil.rmtree(photos)
    third = make_window()
    assert third.evaluation.request.labels == "" and third.evaluation.inputs == ()
    assert third.evaluation.request.eps_text == "1, 3"
