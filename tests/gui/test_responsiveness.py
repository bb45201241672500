"""The event loop keeps running while an attack runs on the CPU."""

from __future__ import annotations

import time

from PySide6.QtCore import Qt, QTimer


def test_a_10ms_timer_is_never_late_by_more_than_100ms(window, qtbot, quick):
    window.form.set_settings(quick(10_000))
    gaps: list[float] = []
    last = [0.0]

    def tick() -> None:
        now = time.perf_counter()
        gaps.append(now - last[0])
        last[0] = now

    timer = QTimer()
    timer.setTimerType(Qt.TimerType.PreciseTimer)
    timer.setInterval(10)
    timer.timeout.connect(tick)
    assert window.run_attack()
    qtbot.waitUntil(lambda: window.session.steps_seen >= 2, timeout=30_000)
    steps_before = window.session.steps_seen
    last[0] = time.perf_counter()
    timer.start()
    qtbot.wait(3000)
    timer.stop()
    steps_during = window.session.steps_seen - steps_before
    with qtbot.waitSignal(window.run_finished, timeout=30_000):
        window.stop_attack()

    assert steps_during >= 5, "the attack should have been running meanwhile"
    assert len(gaps) > 100
    worst = max(gaps)
    assert worst - 0.010 < 0.100, f"the 10 ms timer was {1000 * (worst - 0.010):.0f} ms late"
