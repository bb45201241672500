"""The replay tape: exact enough to redraw any step, and bounded in memory."""

from __future__ import annotations

import numpy as np
import pytest

from advgui.core.replay import StepTape, adversarial_rgb, shrink_history

H, W = 20, 30


def _delta(step: int) -> np.ndarray:
    rng = np.random.default_rng(step)
    return rng.uniform(-2 / 255, 2 / 255, size=(H, W, 3)).astype(np.float32)


def _image() -> np.ndarray:
    return np.random.default_rng(0).uniform(0, 1, size=(H, W, 3)).astype(np.float32)


def test_each_step_comes_back_within_float16_rounding():
    tape = StepTape(_image())
    for step in range(10):
        tape.add(step, _delta(step))
    assert tape.steps == list(range(10)) and tape.stride == 1
    for step in range(10):
        back = tape.delta(step)
        assert back.dtype == np.float32
        np.testing.assert_allclose(back, _delta(step), atol=0.002 / 255)  # docstring's bound
        rgb, delta = tape.frame(step)
        expected = adversarial_rgb(tape.x, _delta(step))
        assert np.abs(rgb.astype(int) - expected.astype(int)).max() <= 1
        assert (rgb == expected).mean() > 0.99


def test_a_long_run_stays_under_its_bound_and_keeps_the_newest_step():
    one = H * W * 3 * 2  # bytes of one float16 delta
    tape = StepTape(_image(), max_bytes=16 * one)
    for step in range(1001):
        tape.add(step, _delta(step % 7))
        assert tape.nbytes <= 16 * one
        assert tape.newest == step and step in tape.steps
    kept = tape.steps
    assert tape.stride == 128  # 1000 steps in 16 slots: every 128th and the newest
    assert kept[:-1] == list(range(0, 1001, 128)) and kept[-1] == 1000
    # A step no longer kept is shown as the nearest one kept.
    assert tape.nearest(300) == 256 and tape.nearest(1000) == 1000
    assert tape.nearest(320) == 256  # a tie goes to the earlier step


def test_the_newest_step_replaces_an_off_stride_newest():
    one = H * W * 3 * 2
    tape = StepTape(_image(), max_bytes=4 * one)
    for step in range(9):
        tape.add(step, _delta(step))
    assert tape.stride == 4 and tape.steps == [0, 4, 8]
    tape.add(9, _delta(9))
    tape.add(10, _delta(10))
    assert tape.steps == [0, 4, 8, 10]  # 9 went when 10 came


def test_a_bound_below_one_step_keeps_the_newest_only():
    tape = StepTape(_image(), max_bytes=10)
    for step in range(5):
        tape.add(step, _delta(step))
        assert tape.steps == [step]


def test_history_thins_the_oldest_tapes_first():
    one = H * W * 3 * 2
    tapes = [StepTape(_image()) for _ in range(3)]
    for tape in tapes:
        for step in range(32):
            tape.add(step, _delta(step))
    shrink_history(tapes, max_bytes=60 * one)
    assert sum(t.nbytes for t in tapes) <= 60 * one
    assert len(tapes[2]) == 32  # the newest run keeps every step
    assert len(tapes[0]) < 32
    for tape in tapes:
        assert tape.newest == 31 and 31 in tape.steps


def test_shapes_are_checked():
    tape = StepTape(_image())
    with pytest.raises(ValueError):
        tape.add(0, np.zeros((H, W + 1, 3), np.float32))
    with pytest.raises(ValueError):
        StepTape(np.zeros((H, W), np.float32))
