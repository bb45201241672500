"""Predictions and device choice."""

from __future__ import annotations

import pytest
import torch

from advgui.core.devices import available_devices, describe, resolve_device
from advgui.core.predict import probabilities, top_k

from ._support import CAT_CLASS, ESPRESSO_CLASS


def test_probabilities_and_top_k(offline_model, small_cat, small_espresso):
    p = probabilities(offline_model, torch.cat([small_cat, small_espresso]))
    assert p.shape == (2, 1000) and p.device.type == "cpu"
    torch.testing.assert_close(p.sum(dim=1), torch.ones(2))
    guesses = top_k(p, 5)
    assert [g[0].index for g in guesses] == [CAT_CLASS, ESPRESSO_CLASS]
    assert guesses[0][0].name == "Egyptian cat" and guesses[1][0].name == "espresso"
    for row in guesses:
        assert len(row) == 5
        probs = [g.prob for g in row]
        assert probs == sorted(probs, reverse=True)
    assert guesses[0][0].to_dict() == {
        "index": CAT_CLASS,
        "name": "Egyptian cat",
        "prob": guesses[0][0].prob,
    }
    assert len(top_k(p, 0)[0]) == 1 and len(top_k(p, 5000)[0]) == 1000


def test_cpu_is_always_available():
    devices = available_devices()
    assert devices[0] == "cpu"
    assert describe("cpu") == "CPU"


@pytest.mark.parametrize("name", ["cpu", "CPU", " cpu "])
def test_resolve_cpu(name):
    assert resolve_device(name) == (torch.device("cpu"), None)


def test_resolve_auto_picks_an_available_device():
    device, message = resolve_device("auto")
    assert message is None
    assert str(device) in available_devices()
    assert resolve_device(None) == (device, None)


@pytest.mark.parametrize("name", ["cuda:99", "mps", "cuda"])
def test_absent_device_falls_back_to_cpu_with_a_message(name):
    if name == "cuda" and torch.cuda.is_available():
        assert resolve_device(name) == (torch.device("cuda:0"), None)
        return
    if name == "mps" and "mps" in available_devices():
        assert resolve_device(name) == (torch.device("mps"), None)
        return
    device, message = resolve_device(name)
    assert device == torch.device("cpu")
    assert message == f"device {name} is not available; using the CPU"


def test_unknown_device_name_falls_back_with_a_message():
    device, message = resolve_device("tpu")
    assert device == torch.device("cpu")
    assert message == "unknown device 'tpu'; using the CPU"
