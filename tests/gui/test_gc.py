"""Python's cycle collector must not run on worker threads (it would free QObjects there)."""

from __future__ import annotations

import gc


def test_cycle_collection_is_left_to_the_gui_thread(window, qtbot) -> None:
    assert not gc.isenabled()
    # The GUI-thread timer still collects: a cycle made now is gone after a few ticks.
    import weakref

    class Node:
        pass

    a, b = Node(), Node()
    a.other, b.other = b, a
    ref = weakref.ref(a)
    for _ in range(gc.get_threshold()[0] + 10):  # push generation 0 past its threshold
        Node()
        [[] for _ in range(1)]
    del a, b
    qtbot.waitUntil(lambda: ref() is None, timeout=5000)
