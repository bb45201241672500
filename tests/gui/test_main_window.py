"""The window end to end, on the offline model and the bundled samples."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, Qt, QUrl
from PySide6.QtGui import QDropEvent, QKeySequence
from PySide6.QtWidgets import QMessageBox, QWidget

from advgui.core.errors import ImageLoadError
from advgui.core.export import NAMES
from advgui.core.models import OFFLINE_MODEL
from advgui.core.paths import sample

OBJECT_NAMES = [
    "originalView",
    "adversarialView",
    "deltaView",
    "lossPlot",
    "modelCombo",
    "deviceCombo",
    "presetCombo",
    "epsSpin",
    "stepSizeSpin",
    "stepsSpin",
    "targetCombo",
    "runButton",
    "stopButton",
    "progressBar",
    "originalTop5",
    "adversarialTop5",
    "amplifySpin",
]


def error_box(window) -> QMessageBox | None:
    boxes = [b for b in window.findChildren(QMessageBox, "errorDialog") if b.isVisible()]
    return boxes[-1] if boxes else None


def test_starts_on_the_offline_model_with_the_cat_loaded(window):
    assert window.state.model.name == OFFLINE_MODEL
    assert window.state.image_path == sample("cat")
    assert window.results.original.image() is not None
    assert len(window.results.original_top5.rows()) == 5
    assert window.findChild(QWidget, "runButton").isEnabled()
    assert not window.findChild(QWidget, "stopButton").isEnabled()
    combo = window.findChild(QWidget, "modelCombo")
    names = [combo.itemData(i) for i in range(combo.count()) if combo.itemData(i)]
    assert names[0] == OFFLINE_MODEL and "resnet50" in names and len(names) > 50


def test_every_named_widget_exists(window):
    for name in OBJECT_NAMES:
        assert window.findChild(QWidget, name) is not None, name


def test_menus_have_the_shortcuts(window):
    a = window.actions
    assert a.open.shortcut() == QKeySequence("Ctrl+O")
    assert a.save.shortcut() == QKeySequence("Ctrl+S")
    assert a.run.shortcut() == QKeySequence("Ctrl+R")
    assert a.stop.shortcut() == QKeySequence("Esc")
    assert a.quit.shortcut() == QKeySequence("Ctrl+Q")
    assert set(a.samples) == {"cat", "espresso"}


def test_open_run_save(window, qtbot, quick, run_and_wait, tmp_path):
    window.open_image(sample("espresso"))
    qtbot.waitUntil(window.is_ready, timeout=30_000)
    assert window.state.image_path == sample("espresso")
    clean_top1 = window.results.original_top5.rows()[0].index
    steps = []
    window.attack.ticked.connect(lambda: steps.append(window.plot.point_count()))

    assert run_and_wait(window, quick(8)) == "done"

    assert window.state.steps_seen == 9  # step 0 (clean) and one per update
    assert window.plot.point_count() == 9
    assert window.plot.series()["step"] == list(range(9))
    bar = window.findChild(QWidget, "progressBar")
    assert bar.value() == 8 and bar.text() == "step 8/8"
    assert window.results.adversarial.image() is not None
    assert window.results.adversarial_top5.rows()[0].index != clean_top1
    assert window.results.delta_array().max() <= 2 / 255 + 1e-6

    report = window.save_results(tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(NAMES)
    assert len(report.saved_success) == 1 and report.message


def test_the_plot_grows_during_the_run(window, qtbot, quick):
    window.form.set_settings(quick(40))
    counts, deltas = [], []

    def look():
        counts.append(window.plot.point_count())
        if window.results.delta_array() is not None:
            deltas.append(float(abs(window.results.delta_array()).max()))

    window.attack.ticked.connect(look)
    with qtbot.waitSignal(window.run_finished, timeout=60_000):
        window.run_attack()
    during = sorted({c for c in counts if 0 < c < 41})
    assert len(during) >= 2  # drawn several times while the run went on
    assert window.plot.point_count() == 41
    assert deltas and max(deltas) <= 2 / 255 + 1e-6  # every frame drawn is inside the ball


def test_stop_acts_within_one_step(make_window, qtbot, quick):
    from advgui.gui.backend import make_run

    made = []
    window = make_window(make_run=lambda *args: made.append(make_run(*args)) or made[-1])
    window.form.set_settings(quick(1000))
    window.run_attack()
    qtbot.waitUntil(lambda: window.state.steps_seen >= 3, timeout=30_000)
    (worker_run,) = made
    with qtbot.waitSignal(window.run_finished, timeout=30_000) as blocker:
        qtbot.mouseClick(window.findChild(QWidget, "stopButton"), Qt.MouseButton.LeftButton)
        at_stop = len(worker_run.history)
    assert blocker.args == ["stopped"]
    result = window.state.result
    assert result.stopped
    assert len(result.history) <= at_stop + 1
    assert window.is_ready() and window.findChild(QWidget, "runButton").isEnabled()


def test_close_mid_run_stops_and_waits(make_window, qtbot, quick):
    window = make_window()
    window.form.set_settings(quick(1000))
    window.run_attack()
    qtbot.waitUntil(lambda: window.state.steps_seen >= 2, timeout=30_000)
    thread = window.attack.job.thread
    window.close()
    assert not thread.isRunning()
    from advgui.gui.jobs import live_threads

    assert live_threads() == []


def test_worker_error_is_shown_and_the_window_stays_usable(make_window, qtbot, quick, run_and_wait):
    from advgui.gui.backend import to_frame

    broken = [True]

    def frames(step, x, delta):
        if step >= 2 and broken[0]:
            raise RuntimeError("simulated failure in the worker")
        return to_frame(step, x, delta)

    window = make_window(to_frame=frames)
    assert run_and_wait(window, quick(30, early_stop=False)) == "failed"
    box = error_box(window)
    assert box is not None and "simulated failure" in box.text()
    assert "Traceback" in box.detailedText()
    box.close()

    broken[0] = False
    assert window.is_ready()
    assert run_and_wait(window, quick(3)) == "done"


def test_bad_image_shows_an_error_and_keeps_the_previous_one(window, tmp_path):
    bad = tmp_path / "broken.png"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n this is not really a png")
    before = window.state.image_path, window.state.input.x
    with pytest.raises(ImageLoadError, match="broken.png"):
        window.open_image(bad)
    assert (window.state.image_path, window.state.input.x) == before

    window.actions.open.setEnabled(True)
    window.open_reporting(bad)  # what the menu and drag-and-drop do
    box = error_box(window)
    assert box is not None and "broken.png" in box.text()
    assert window.state.image_path == before[0] and window.state.input.x is before[1]
    assert window.results.original.image() is not None
    assert window.is_ready()


def test_drop_an_image_file_opens_it(window, qtbot):
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(sample("espresso")))])
    event = QDropEvent(
        QPoint(50, 50).toPointF(),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    window.dropEvent(event)  # decoded on a worker: the window stays responsive
    qtbot.waitUntil(lambda: window.state.image_path == sample("espresso"), timeout=30_000)
    qtbot.waitUntil(window.is_ready, timeout=30_000)


def test_target_equal_to_the_true_class_is_refused(window):
    label = window.state.label
    window.form.set_settings(window.form.settings().replace(target=label))
    assert not window.run_attack()
    assert "already" in window.last_error
    assert not window.state.is_running()


def test_save_asks_before_overwriting_and_reports_errors(
    window, qtbot, quick, run_and_wait, tmp_path, monkeypatch
):
    from advgui.core.errors import SaveError
    from advgui.gui import dialogs

    with pytest.raises(SaveError, match="run an attack first"):
        window.save_results(tmp_path)
    run_and_wait(window, quick(3))
    window.save_results(tmp_path)
    first = (tmp_path / "result.json").read_bytes()
    first_inode = (tmp_path / "result.json").stat().st_ino
    with pytest.raises(SaveError):
        window.save_results(tmp_path)  # would overwrite
    assert (tmp_path / "result.json").read_bytes() == first

    asked = []
    window.save_results(tmp_path, stem="run")
    first = (tmp_path / "run.json").read_bytes()
    first_inode = (tmp_path / "run.json").stat().st_ino
    monkeypatch.setattr(dialogs, "choose_results_file", lambda *a: str(tmp_path / "run.png"))
    monkeypatch.setattr(dialogs, "ask_overwrite", lambda w, f, files: asked.append(files) or False)
    window.actions.save.trigger()
    assert asked == [["run.png", "run-delta.png", "run-delta.npy", "run.json"]]
    assert (tmp_path / "run.json").read_bytes() == first

    monkeypatch.setattr(dialogs, "ask_overwrite", lambda *a: True)
    window.actions.save.trigger()
    qtbot.waitUntil(lambda: bool(window.findChildren(QMessageBox, "savedDialog")), timeout=30_000)
    saved = window.findChildren(QMessageBox, "savedDialog")[-1]
    assert "8-bit PNG" in saved.text()
    assert (tmp_path / "run.json").stat().st_ino != first_inode  # replaced

    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the folder should be")
    monkeypatch.setattr(dialogs, "choose_results_file", lambda *a: str(blocker / "out" / "a.png"))
    window.actions.save.trigger()
    qtbot.waitUntil(lambda: error_box(window) is not None, timeout=30_000)
    assert "exists and is not a folder" in error_box(window).text()
    assert blocker.read_text() == "a file where the folder should be"
    assert not (blocker.parent / "out").exists()


def test_settings_persist_between_launches(make_window, qtbot):
    window = make_window()
    window.form.set_settings(window.form.settings().replace(steps=17, eps=3 / 255))
    window.results.amplify_spin.setValue(80)
    window.resize(1000, 600)  # the offscreen screen is 800 x 800: restoring clamps to it
    window.close()

    again = make_window(wait=False)
    assert again.findChild(QWidget, "stepsSpin").value() == 17
    assert again.findChild(QWidget, "epsSpin").value() == pytest.approx(3.0)
    assert again.findChild(QWidget, "amplifySpin").value() == 80
    assert again.height() == 600
    qtbot.waitUntil(again.is_ready, timeout=60_000)


def test_settings_go_to_the_temporary_folder(private_settings, make_window):
    window = make_window(wait=False)
    window.close()
    assert list(Path(private_settings).rglob("*.ini"))


def test_keyboard_run_and_stop(window, qtbot, quick):
    window.form.set_settings(quick(1000))
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5_000)
    qtbot.keyClick(window, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    assert window.state.is_running()
    qtbot.waitUntil(lambda: window.state.steps_seen >= 2, timeout=30_000)
    with qtbot.waitSignal(window.run_finished, timeout=30_000) as blocker:
        qtbot.keyClick(window, Qt.Key.Key_Escape)
    assert blocker.args == ["stopped"]


def test_quit_mid_run_stops_and_waits(make_window, qtbot, quick):
    window = make_window()
    window.form.set_settings(quick(1000))
    window.run_attack()
    qtbot.waitUntil(lambda: window.state.steps_seen >= 2, timeout=30_000)
    window.actions.quit.trigger()
    assert not window.isVisible()
    from advgui.gui.jobs import live_threads

    assert live_threads() == []


def test_opening_an_image_mid_run_stops_the_run_first(window, qtbot, quick):
    window.form.set_settings(quick(1000))
    outcomes = []
    window.run_finished.connect(outcomes.append)
    window.run_attack()
    qtbot.waitUntil(lambda: window.state.steps_seen >= 2, timeout=30_000)
    window.open_image(sample("espresso"))
    assert outcomes == ["stopped"]  # handled before the new image replaced the old
    assert not window.state.is_running()
    assert window.state.result is None  # the stopped run belonged to the cat
    assert window.results.adversarial.image() is None
    qtbot.waitUntil(window.is_ready, timeout=30_000)
    assert window.state.image_path == sample("espresso")


#: Issue 9's presets, shortened so that each runs live in a second or two.
STRONGER_PRESETS = {
    "apgd-ce": 6,
    "apgd-dlr": 6,
    "apgd-targeted": 6,
    "deepfool-l2": 6,
    "fmn-l2": 6,
    "fmn-linf": 6,
    "square-linf": 40,  # queries
}


@pytest.mark.parametrize("name", list(STRONGER_PRESETS))
def test_each_stronger_preset_runs_live(window, qtbot, run_and_wait, name):
    from advgui.core.settings import PRESETS

    settings = PRESETS[name].replace(steps=STRONGER_PRESETS[name], early_stop=False)
    ticks = []
    window.attack.ticked.connect(lambda: ticks.append(window.plot.point_count()))
    assert run_and_wait(window, settings) == "done"

    assert len(ticks) >= 2  # drawn while it ran, not only at the end
    series = window.plot.series()
    assert window.plot.point_count() == len(series["step"]) >= 2
    minimal = settings.attack.minimal_norm
    assert (window.plot.norm_plot in window.plot.ci.items) is minimal
    assert (len(series["best_norm"]) > 0) is minimal
    if name == "square-linf":  # plotted over the queries it made, one per step here
        assert series["step"][-1] == settings.steps
    delta = window.results.delta_array()
    assert delta is not None
    if settings.eps is not None:
        assert abs(delta).max() <= settings.eps + 1e-6
    if minimal:  # the view shows the kept (smallest adversarial or last) delta
        assert series["best_norm"][-1] > 0 or series["norm"][-1] > 0
    assert window.findChild(QWidget, "progressBar").value() == settings.steps
