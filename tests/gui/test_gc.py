"""Python's cycle collector must not run on worker threads (it would free QObjects there)."""

from __future__ import annotations

import gc
import threading


def test_cycle_collection_is_left_to_the_gui_thread(window, qtbot, monkeypatch) -> None:
    assert not gc.isenabled()
    # The GUI-thread timer still collects once generation 0 is past its threshold.
    on_main: list[bool] = []
    real_collect = gc.collect

    def collect(*args):
        on_main.append(threading.current_thread() is threading.main_thread())
        return real_collect(*args)

    monkeypatch.setattr(gc, "collect", collect)
    junk = [[] for _ in range(2 * gc.get_threshold()[0] + 10)]
    qtbot.waitUntil(lambda: bool(on_main), timeout=5000)
    del junk
    assert all(on_main)
