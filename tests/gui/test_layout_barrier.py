"""What changes each step is repainted, not the whole window (issue 13: a tab widget
repaints itself whole at every layout request a changing label sends up)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QLabel, QTabWidget, QVBoxLayout, QWidget

from advgui.gui.widgets.layout_barrier import LayoutBarrier

pytestmark = pytest.mark.usefixtures("fast_models")


class PaintCounter(QObject):
    """Counts the paint events each watched widget receives."""

    def __init__(self, *widgets: QWidget) -> None:
        super().__init__()
        self.counts = {w: 0 for w in widgets}
        for w in widgets:
            w.installEventFilter(self)

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.Paint and obj in self.counts:
            self.counts[obj] += 1
        return False


def _page(qtbot, barrier: bool):
    page = QWidget()
    lay = QVBoxLayout(page)
    still, ticking = QLabel("never changes"), QLabel("step 0")
    lay.addWidget(still)
    lay.addWidget(ticking)
    tabs = QTabWidget()
    tabs.addTab(LayoutBarrier(page) if barrier else page, "Attack")
    qtbot.addWidget(tabs)
    tabs.resize(400, 300)
    tabs.show()
    qtbot.waitExposed(tabs)
    qtbot.wait(50)
    return tabs, page, still, ticking


@pytest.mark.parametrize("barrier", [True, False])
def test_a_label_changing_text_repaints_the_tab_whole_only_without_a_barrier(qtbot, barrier):
    tabs, page, still, ticking = _page(qtbot, barrier)
    counter = PaintCounter(still)
    for step in range(1, 11):
        ticking.setText(f"step {step}")
        qtbot.wait(20)  # the layout request, then the paint
    if barrier:
        assert counter.counts[still] == 0
        assert ticking.text() == "step 10"
    else:  # what the barrier is for: Qt's own tab widget repaints everything each time
        assert counter.counts[still] >= 5


def test_a_real_change_of_size_still_reaches_the_parents(qtbot):
    tabs, page, still, ticking = _page(qtbot, True)
    barrier = tabs.widget(0)
    assert barrier.child() is page and still.parentWidget() is page
    before = barrier.minimumSizeHint().height()
    ticking.setMinimumHeight(before + 200)
    assert barrier.minimumSizeHint().height() >= before + 200
    qtbot.waitUntil(lambda: tabs.minimumSizeHint().height() >= before + 200, timeout=2_000)
    ticking.setText("a much longer text than before, on one line")
    qtbot.waitUntil(lambda: ticking.width() >= ticking.sizeHint().width(), timeout=2_000)
    assert page.geometry() == barrier.rect()


def test_a_run_repaints_what_changes_not_the_whole_window(window, qtbot, quick):
    qtbot.waitUntil(window.is_ready, timeout=30_000)
    window.resize(1400, 900)
    window.show()
    qtbot.waitExposed(window)
    qtbot.wait(100)
    still = [window.results.original.canvas, window.model_box, window.history]
    counter = PaintCounter(*still)
    window.form.set_settings(quick(20))
    with qtbot.waitSignal(window.run_finished, timeout=60_000):
        assert window.run_attack()
    ticks = window.state.steps_seen
    assert ticks >= 20
    # Before the barriers each of these was painted about once a step; now only when a
    # run starts or ends changes something near them.
    assert max(counter.counts.values()) <= 6, {
        w.objectName() or type(w).__name__: n for w, n in counter.counts.items()
    }
    assert window.tabs.widget(0).child() is window.main_split
