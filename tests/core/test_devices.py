"""Where a model lives: ``model_device`` in ``advgui.core.devices``, still importable from
the attack package where it used to live."""

from __future__ import annotations

import torch
from torch import nn

import advgui.core.attacks
import advgui.core.attacks.engine
from advgui.core.devices import model_device


class BuffersOnly(nn.Module):
    def __init__(self, device: str) -> None:
        super().__init__()
        self.register_buffer("scale", torch.ones(3, device=device))


def test_the_device_of_the_parameters(offline_model):
    assert model_device(offline_model) == torch.device("cpu")
    assert model_device(nn.Linear(2, 2, device="meta")) == torch.device("meta")


def test_a_model_with_only_buffers_or_nothing():
    assert model_device(BuffersOnly("meta")) == torch.device("meta")
    assert model_device(nn.Identity()) == torch.device("cpu")


def test_the_old_import_paths_still_work():
    assert advgui.core.attacks.model_device is model_device
    assert advgui.core.attacks.engine.model_device is model_device
