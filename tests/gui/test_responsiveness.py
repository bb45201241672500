"""The event loop keeps running while an attack runs on the CPU."""

from __future__ import annotations

import time
from types import SimpleNamespace

import numpy as np
from PySide6.QtCore import Qt, QTimer

from advgui.gui.state import LoadedModel, ModelInput


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
    qtbot.waitUntil(lambda: window.state.steps_seen >= 2, timeout=30_000)
    steps_before = window.state.steps_seen
    last[0] = time.perf_counter()
    timer.start()
    qtbot.wait(3000)
    timer.stop()
    steps_during = window.state.steps_seen - steps_before
    with qtbot.waitSignal(window.run_finished, timeout=30_000):
        window.stop_attack()

    assert steps_during >= 5, "the attack should have been running meanwhile"
    assert len(gaps) > 100
    worst = max(gaps)
    assert worst - 0.010 < 0.100, f"the 10 ms timer was {1000 * (worst - 0.010):.0f} ms late"


class Tiny:
    """A linear 'classifier' on 8 x 8 inputs, loaded and fed through the window's
    Services: its steps take well under a millisecond."""

    def __init__(self) -> None:
        import torch

        torch.manual_seed(0)
        net = torch.nn.Sequential(torch.nn.Flatten(), torch.nn.Linear(3 * 8 * 8, 1000))
        net.eval().requires_grad_(False)
        net.name, net.weights_source = "tiny", "random"
        net.info = SimpleNamespace(offline=False, input_size=8, square_input=True)
        self.net = net

    def load_model(self, name, device, weights_file, progress):
        return LoadedModel(self.net, "cpu", None, None)

    def model_input(self, image, model, name):
        import torch

        x = torch.rand(1, 3, 8, 8, generator=torch.Generator().manual_seed(1))
        return ModelInput(x, np.zeros((8, 8, 3), np.uint8), f"{name}: random 8×8")


def test_thousands_of_fast_steps_are_drawn_at_timer_rate(make_window, qtbot, quick, monkeypatch):
    """A tiny model makes steps take well under a millisecond: every record still
    arrives, but the plot redraws at the timer's rate, not once per step."""
    from advgui.gui.widgets.loss_plot import LossPlot

    tiny = Tiny()
    window = make_window(load_model=tiny.load_model, model_input=tiny.model_input)
    assert window.state.model.name == "tiny" and window.state.input.x.shape == (1, 3, 8, 8)
    redraws = []
    real = LossPlot.refresh

    def counting(self, **throttle):
        drew = real(self, **throttle)
        if drew:
            redraws.append(time.perf_counter())
        return drew

    monkeypatch.setattr(LossPlot, "refresh", counting)
    steps = 3000
    window.form.set_settings(quick(steps))
    gaps, last = [], [time.perf_counter()]

    def tick() -> None:
        now = time.perf_counter()
        gaps.append(now - last[0])
        last[0] = now

    timer = QTimer()
    timer.setTimerType(Qt.TimerType.PreciseTimer)
    timer.setInterval(10)
    timer.timeout.connect(tick)
    timer.start()
    t0 = time.perf_counter()
    with qtbot.waitSignal(window.run_finished, timeout=120_000):
        assert window.run_attack()
    took = time.perf_counter() - t0
    timer.stop()

    assert window.state.steps_seen == steps + 1
    assert window.plot.point_count() == steps + 1
    assert len(redraws) < steps / 10  # coalesced: far fewer redraws than steps
    assert len(redraws) <= 1.2 * took / 0.033 + 5  # about one per 33 ms timer tick
    # During the run the curves are redrawn at most every PLOT_REDRAW_S (the pictures at
    # every tick); when it ends, its last points and then its result are drawn at once.
    from advgui.gui.views import PLOT_REDRAW_S

    apart = [round(b - a, 3) for a, b in zip(redraws, redraws[1:])]
    assert len(apart) >= 3 and min(apart[:-2]) >= 0.95 * PLOT_REDRAW_S, apart
    worst = max(gaps)
    assert worst - 0.010 < 0.100, (gaps.index(worst), len(gaps))
