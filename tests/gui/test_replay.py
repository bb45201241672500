"""Replay and run history in the real window (issue 11): the slider shows any step as a
shorter run with the same settings ends, earlier runs come back, two runs compare."""

from __future__ import annotations

import json

import numpy as np
import pytest
from PySide6.QtWidgets import QPushButton, QSlider, QTableWidget

from advgui.core.paths import sample

from .window_support import view_pixels

pytestmark = pytest.mark.usefixtures("fast_models")


def shown(window) -> dict:
    """What the Attack tab's pictures and adversarial top-5 show now."""
    rows = window.results.adversarial_top5.rows()
    return {
        "adversarial": view_pixels(window.results.adversarial),
        "delta": window.results.delta_array().copy(),
        "top5": [r.index for r in rows],
        "probs": [r.prob for r in rows],
        "original": view_pixels(window.results.original),
    }


def same_picture(a: dict, b: dict) -> None:
    # float16 replay deltas and a thread count that may differ between the runs: the
    # pictures agree to a level, delta to well under one.
    assert np.abs(a["adversarial"].astype(int) - b["adversarial"].astype(int)).max() <= 1
    assert (a["adversarial"] == b["adversarial"]).mean() > 0.99
    np.testing.assert_allclose(a["delta"], b["delta"], atol=0.05 / 255)
    assert a["top5"] == b["top5"]
    np.testing.assert_allclose(a["probs"], b["probs"], rtol=1e-2, atol=1e-4)


def slider(window) -> QSlider:
    return window.findChild(QSlider, "stepSlider")


def history(window) -> QTableWidget:
    return window.findChild(QTableWidget, "runHistory")


def select_rows(window, *rows: int) -> None:
    table = history(window)
    table.clearSelection()
    model, flags = table.selectionModel(), table.selectionModel().SelectionFlag
    for r in rows:
        model.select(table.model().index(r, 0), flags.Select | flags.Rows)


@pytest.fixture
def ready(window, qtbot):
    qtbot.waitUntil(window.is_ready, timeout=30_000)
    return window


def test_the_slider_shows_step_3_as_a_3_step_run_ends(ready, qtbot, quick, run_and_wait):
    window = ready
    assert run_and_wait(window, quick(3)) == "done"
    three = shown(window)
    assert run_and_wait(window, quick(8)) == "done"
    eight = shown(window)
    bar = slider(window)
    assert bar.isEnabled() and bar.maximum() == 8 and bar.value() == 8
    assert eight["top5"] != three["top5"] or not np.allclose(eight["delta"], three["delta"])

    bar.setValue(3)  # what dragging it does

    at3 = shown(window)
    same_picture(at3, three)
    assert window.state.replay_step == 3
    caption = window.results.adversarial.caption.text()
    assert caption.startswith("Step 3:")
    assert all(m.isVisible() and m.value() == 3 for m in window.plot.markers[:2])
    assert window.plot.point_count() == 9  # the curves stay whole, marked at the step

    window.findChild(QPushButton, "replayLatest").click()
    assert window.state.replay_step is None and bar.value() == 8
    same_picture(shown(window), eight)
    assert not window.plot.markers[0].isVisible()


def test_the_slider_follows_a_live_run_until_moved(ready, qtbot, quick):
    window = ready
    window.form.set_settings(quick(40))
    seen: list[tuple[int, int]] = []
    window.attack.ticked.connect(
        lambda: seen.append((slider(window).value(), window.state.steps_seen))
    )
    moved = []

    def move_once() -> None:
        if not moved and window.state.steps_seen >= 5:
            moved.append(True)
            slider(window).setValue(2)

    window.attack.ticked.connect(move_once)
    with qtbot.waitSignal(window.run_finished, timeout=60_000):
        assert window.run_attack()
    following = [(v, n) for v, n in seen[: len(seen) // 2] if not moved or v != 2]
    assert any(v > 0 and v == n - 1 for v, n in following)  # at the newest step
    # Once moved, the step stays chosen and the pictures show it while the run goes on.
    assert moved and window.state.replay_step == 2
    assert slider(window).value() == 2 and slider(window).maximum() == 40
    assert window.results.adversarial.caption.text().startswith("Step 2:")


def test_earlier_runs_come_back_and_two_compare(ready, qtbot, quick, run_and_wait):
    window = ready
    assert run_and_wait(window, quick(4)) == "done"
    first = shown(window)
    first_curve = window.plot.series()
    window.open_image(sample("espresso"))
    qtbot.waitUntil(window.is_ready, timeout=30_000)
    assert run_and_wait(window, quick(6, step_size=0.05)) == "done"
    second = shown(window)
    table = history(window)
    assert table.rowCount() == 2
    assert [table.item(r, 1).text() for r in range(2)] == [
        sample("cat").name,
        sample("espresso").name,
    ]
    assert "sgd L∞ 2/255" in table.item(0, 3).text()

    select_rows(window, 0)

    assert window.state.selected == (1,)
    again = shown(window)
    same_picture(again, first)
    assert (again["original"] == first["original"]).all()  # the cat, not the espresso
    assert window.plot.series() == first_curve
    assert slider(window).maximum() == 4
    slider(window).setValue(2)
    assert window.results.adversarial.caption.text().startswith("Step 2:")

    select_rows(window, 0, 1)

    assert window.state.compared() is not None
    assert window.pictures.currentWidget() is window.compare
    for name, run in (("A", first), ("B", second)):
        view = window.compare.findChild(
            type(window.results.adversarial), f"compare{name}Adversarial"
        )
        assert np.abs(view_pixels(view).astype(int) - run["adversarial"].astype(int)).max() <= 1
    curves = window.plot.overlay_loss.getData()
    assert len(curves[0]) == 7  # run 2's steps 0..6, dashed over run 1's
    assert window.plot.point_count() == 5

    select_rows(window)  # nothing chosen: the newest run again
    assert window.pictures.currentWidget() is window.results
    same_picture(shown(window), second)


def test_a_run_can_be_saved_reapplied_and_removed(ready, qtbot, quick, run_and_wait, tmp_path):
    window = ready
    assert run_and_wait(window, quick(3, step_size=0.07)) == "done"
    assert run_and_wait(window, quick(5)) == "done"
    select_rows(window, 0)
    report = window.save_results(tmp_path)  # the run shown: run 1
    assert len(report.saved_success) == 1
    sidecar = json.loads((tmp_path / "result.json").read_text())
    assert sidecar["settings"]["steps"] == 3

    window.findChild(QPushButton, "historyReapply").click()
    assert window.state.settings.steps == 3 and window.state.settings.step_size == 0.07

    window.findChild(QPushButton, "historyRemove").click()
    assert [r.number for r in window.state.runs] == [2]
    assert history(window).rowCount() == 1
    assert window.state.selected == ()
    assert history(window).item(0, 0).text() == "2"
    assert window.state.shown_run().number == 2


def test_the_replay_keeps_within_its_memory_bound(ready, qtbot, quick, run_and_wait):
    window = ready
    assert run_and_wait(window, quick(12)) == "done"
    run = window.state.runs[-1]
    assert run.tape.steps == list(range(13))  # every step of a short run
    one = run.tape.x.size * 2  # float16 bytes of one step
    assert run.tape.nbytes == 13 * one <= run.tape.max_bytes


def test_an_exported_figure_shows_the_step_on_the_slider(ready, quick, run_and_wait, tmp_path):
    from advgui.gui.figure_source import figure_source

    window = ready
    assert run_and_wait(window, quick(8)) == "done"
    at_end = figure_source(window.state)
    assert at_end.step == 8 and at_end.record.step == 8
    slider(window).setValue(3)
    source = figure_source(window.state)
    assert source.step == 3 and source.record.step == 3
    np.testing.assert_array_equal(source.delta, window.results.delta_array())
    assert len(source.history) == 9  # the curves stay whole
    assert window.export_figure(tmp_path / "step3.png")
    assert (tmp_path / "step3.png").stat().st_size > 10_000


def test_comparing_hides_the_other_models_line(ready, quick, run_and_wait):
    window = ready
    for steps in (2, 3):
        assert run_and_wait(window, quick(steps)) == "done"
    select_rows(window, 0, 1)
    assert not window.transfer_line.isVisible() or not window.isVisible()
    assert window.transfer_line.isHidden()
    select_rows(window, 1)
    assert not window.transfer_line.isHidden()
