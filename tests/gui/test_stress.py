"""Threads under stress (issue 5): many runs started and stopped, windows closed mid-run,
runs asked for while a model loads, model and device changed mid-run, and a step that
throws. Nothing may crash, leave a QThread running, or make Qt complain about threads;
the window must stay usable, which each test proves with a final run.

Windows use the session's offline model (``fast_models``), so building one costs a
fraction of a second; runs are a few steps on the bundled cat.
"""

from __future__ import annotations

import sys
import threading

import pytest
from PySide6.QtCore import QObject, QTimer, Signal, qWarning
from shiboken6 import isValid

from advgui.core.models import OFFLINE_MODEL
from advgui.gui import create_app
from advgui.gui.jobs import live_threads

from .window_support import close_boxes, error_box, run_factory, thread_complaints

pytestmark = pytest.mark.usefixtures("fast_models")

WAIT_MS = 30_000


def assert_idle_and_usable(window) -> None:
    """No run, Run possible, every control that a run disables is enabled again."""
    assert not window.state.is_running()
    assert window.is_ready()
    assert window.run_bar.run_button.isEnabled()
    assert not window.run_bar.stop_button.isEnabled()
    assert window.actions.run.isEnabled() and not window.actions.stop.isEnabled()
    assert window.form.isEnabled() and window.model_box.isEnabled()


def final_run(window, run_and_wait, quick, steps: int = 3) -> None:
    """A run to the end: the proof that the window is still usable."""
    assert run_and_wait(window, quick(steps, early_stop=False), timeout=WAIT_MS) == "done"
    assert window.plot.point_count() == steps + 1
    assert window.state.result is not None and not window.state.result.stopped
    assert window.results.adversarial.image() is not None


def no_threads_left(qtbot) -> None:
    qtbot.waitUntil(lambda: live_threads() == [], timeout=WAIT_MS)


def test_the_message_capture_sees_qt_warnings(qt_messages):
    """The check every test below relies on can fail."""
    qWarning("QThread: a probe message")
    assert thread_complaints(qt_messages) == ["QThread: a probe message"]


class _Pinger(QObject):
    ping = Signal()


def test_qt_calls_give_back_the_references_they_take(qapp):
    """A long session makes millions of Qt calls; each must leave reference counts as they
    were. PySide6-Essentials 6.12.0 on CPython 3.10/3.11 drops a reference to None on every
    call that returns nothing and one to True on every emit (CPython 3.12+ makes both
    immortal), so a long session ends in "Fatal Python error: none_dealloc". Install
    another version: PySide6-Essentials != 6.12.0."""
    pinger, timer, seen = _Pinger(), QTimer(), []
    pinger.ping.connect(lambda: seen.append(1))
    before = sys.getrefcount(None), sys.getrefcount(True)
    for _ in range(1000):
        timer.setInterval(5)
        pinger.ping.emit()
    after = sys.getrefcount(None), sys.getrefcount(True)
    assert len(seen) == 1000
    assert abs(after[0] - before[0]) < 100, f"None lost {before[0] - after[0]} references"
    assert abs(after[1] - before[1]) < 100, f"True lost {before[1] - after[1]} references"


def test_fifty_start_stop_cycles(window, qtbot, run_and_wait, quick, qt_messages):
    window.form.set_settings(quick(3, early_stop=False))
    outcomes = []
    for cycle in range(50):
        after_a_step = cycle % 2 == 1
        with qtbot.waitSignal(window.run_finished, timeout=WAIT_MS) as blocker:
            assert window.run_attack()
            assert not window.run_attack()  # a second press while running starts nothing
            assert window.run_bar.stop_button.isEnabled()
            assert not window.form.isEnabled() and not window.model_box.isEnabled()
            if after_a_step:
                qtbot.waitUntil(lambda: window.state.steps_seen >= 1, timeout=WAIT_MS)
            window.stop_attack()
        outcome = blocker.args[0]
        outcomes.append(outcome)
        if after_a_step:
            assert outcome in ("stopped", "done"), (cycle, outcome)
        else:  # Stop right after Run: stopped before the first update
            assert outcome == "stopped", cycle
            assert window.state.result.final.step <= 1
        assert window.state.result is not None
        assert_idle_and_usable(window)
    assert outcomes.count("stopped") >= 25
    no_threads_left(qtbot)
    final_run(window, run_and_wait, quick)
    assert thread_complaints(qt_messages) == []


def test_twenty_windows_closed_while_running(qtbot, run_and_wait, quick, qt_messages):
    for cycle in range(20):
        window = create_app(exec_app=False)
        qtbot.addWidget(window)
        moment = cycle % 4
        if moment == 0:  # closed while PyTorch is still being imported / the model loads
            qtbot.wait(cycle)  # vary the moment a little
        else:
            qtbot.waitUntil(window.is_ready, timeout=WAIT_MS)
            window.form.set_settings(quick(1000))
            assert window.run_attack()
            thread = window.attack.job.thread
            if moment >= 2:
                qtbot.waitUntil(lambda w=window, n=moment: w.state.steps_seen >= n, timeout=WAIT_MS)
            assert thread.isRunning()
        window.close()
        assert not window.isVisible()
        assert live_threads() == [], cycle  # close waited for every worker
        if moment:
            assert not (isValid(thread) and thread.isRunning())
        qtbot.wait(1)  # deliver what the stopped workers queued: it must not raise
    assert thread_complaints(qt_messages) == []

    last = create_app(exec_app=False)
    qtbot.addWidget(last)
    qtbot.waitUntil(last.is_ready, timeout=WAIT_MS)
    final_run(last, run_and_wait, quick)


@pytest.fixture
def slow_loading(fast_models):
    """Model loads from now on wait until the test calls ``release()``."""
    fast_models.hold()
    return fast_models


def test_run_is_refused_while_a_model_loads(
    window, qtbot, run_and_wait, quick, fast_models, qt_messages
):
    slow_loading = fast_models
    slow_loading.hold()
    window.form.set_settings(quick(2))
    window.models.load(OFFLINE_MODEL)
    assert window.state.loading_model is not None
    assert not window.run_attack()
    assert not window.state.is_running()
    assert "Not ready" in window.statusBar().currentMessage()
    assert not window.run_bar.run_button.isEnabled() and not window.actions.run.isEnabled()
    assert not window.model_box.isEnabled() and not window.actions.weights.isEnabled()
    window.models.load(OFFLINE_MODEL)  # a second load while one runs is ignored
    slow_loading.release()
    qtbot.waitUntil(window.is_ready, timeout=WAIT_MS)
    assert slow_loading.calls == [OFFLINE_MODEL]
    final_run(window, run_and_wait, quick)
    assert thread_complaints(qt_messages) == []


def test_run_is_refused_before_the_first_model_has_loaded(
    make_window, qtbot, run_and_wait, quick, slow_loading, qt_messages
):
    window = make_window(wait=False)
    qtbot.waitUntil(lambda: window.state.loading_model is not None, timeout=WAIT_MS)
    assert not window.run_attack() and not window.state.is_running()
    assert not window.run_bar.run_button.isEnabled()
    slow_loading.release()
    qtbot.waitUntil(window.is_ready, timeout=WAIT_MS)
    final_run(window, run_and_wait, quick)


def test_closing_while_a_model_loads_waits_for_the_loader(
    make_window, qtbot, slow_loading, qt_messages
):
    window = make_window(wait=False)
    qtbot.waitUntil(lambda: window.state.loading_model is not None, timeout=WAIT_MS)
    threading.Timer(0.2, slow_loading.release).start()
    window.close()
    assert live_threads() == []
    assert window.state.model is None  # the late model was not taken by the closed window
    qtbot.wait(1)
    assert thread_complaints(qt_messages) == []


def _start_long_run(window, qtbot, quick) -> list[str]:
    outcomes: list[str] = []
    window.run_finished.connect(outcomes.append)
    window.form.set_settings(quick(1000))
    assert window.run_attack()
    qtbot.waitUntil(lambda: window.state.steps_seen >= 2, timeout=WAIT_MS)
    return outcomes


def test_model_and_device_cannot_be_changed_during_a_run(window, qtbot, quick, qt_messages):
    outcomes = _start_long_run(window, qtbot, quick)
    for widget in (window.model_box, window.model_box.model_combo, window.model_box.device_combo):
        assert not widget.isEnabled()
    for action in (window.actions.weights, window.actions.offline):
        assert not action.isEnabled()
    assert not window.form.isEnabled()
    with qtbot.waitSignal(window.run_finished, timeout=WAIT_MS):
        window.stop_attack()
    assert outcomes == ["stopped"]
    assert_idle_and_usable(window)


def test_switching_the_model_mid_run_stops_the_run_first(
    window, qtbot, run_and_wait, quick, qt_messages
):
    """Should a model change get through anyway (a signal, a script), the run stops
    cleanly before the load starts, and its result, made with the old model, is dropped."""
    outcomes = _start_long_run(window, qtbot, quick)
    window.model_box.modelChosen.emit(OFFLINE_MODEL)
    assert outcomes == ["stopped"]  # handled before the load began
    assert not window.state.is_running()
    assert window.state.loading_model is not None
    qtbot.waitUntil(window.is_ready, timeout=WAIT_MS)
    assert window.state.result is None and window.plot.point_count() == 0
    final_run(window, run_and_wait, quick)
    assert thread_complaints(qt_messages) == []


def test_switching_the_device_mid_run_stops_the_run_first(
    window, qtbot, run_and_wait, quick, qt_messages
):
    outcomes = _start_long_run(window, qtbot, quick)
    window.model_box.deviceChosen.emit("cpu")  # the device in use: nothing to do
    assert outcomes == [] and window.state.is_running()

    box = window.model_box
    box.device_combo.addItem("CUDA 3: unplugged", "cuda:3")  # a GPU that went away
    box.select_device("cuda:3")
    box.deviceChosen.emit("cuda:3")
    assert outcomes == ["stopped"]
    qtbot.waitUntil(window.is_ready, timeout=WAIT_MS)
    assert window.state.model.device == "cpu"
    assert "cuda:3 is not available" in box.status.text()
    assert box.device_name() == "cpu"  # the box shows the device really in use
    final_run(window, run_and_wait, quick)
    assert thread_complaints(qt_messages) == []


def test_an_exception_inside_a_step_reaches_the_user_and_the_next_run_works(
    make_window, run_and_wait, quick, qt_messages
):
    from advgui.core.attacks import AttackRun

    broken = [True]

    class BrokenRun(AttackRun):
        def __iter__(self):
            for record in super().__iter__():
                if record.step == 2 and broken[0]:
                    raise RuntimeError("simulated failure inside step 2")
                yield record

    window = make_window(make_run=run_factory(BrokenRun))
    assert run_and_wait(window, quick(5, early_stop=False), timeout=WAIT_MS) == "failed"
    box = error_box(window)
    assert box is not None and box.windowTitle() == "The attack failed"
    assert "RuntimeError: simulated failure inside step 2" == box.text()
    assert "Traceback" in box.detailedText()
    assert window.statusBar().currentMessage() == box.text()
    assert window.state.result is None and window.state.steps_seen == 2
    assert "failed" in window.run_bar.timing.text()
    close_boxes(window)
    assert_idle_and_usable(window)

    broken[0] = False  # the same window, the next run without the failure
    final_run(window, run_and_wait, quick)
    assert thread_complaints(qt_messages) == []
