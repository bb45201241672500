"""Which input sizes a model takes: asked of the model itself, before any image is read.

Networks differ: EfficientNet-Lite0 needs at least 32 x 32 pixels, AlexNet 63, Inception
v3 75, while MobileNets take anything, and ViTs only the size they were built for. Rather than a
table that goes stale with every torchvision release, ``size_problem`` runs the model on
a blank image of the size asked for (a fraction of one step's cost below the model's own
size) and, if it fails, finds the smallest size it takes.
"""

from __future__ import annotations

import torch
from torch import nn

from advgui.core.devices import model_device
from advgui.core.errors import ErrorKind, classify


def size_problem(model: nn.Module, size: int) -> str | None:
    """Why ``model`` cannot take inputs whose shorter side is ``size``, or None if it can.

    ``model`` is a ``models.Classifier`` (its ``info`` says its own size and whether it
    takes a centre crop). The answer reads as a sentence about the model, e.g.
    "efficientnet_lite0 needs at least 32 x 32 pixels".
    """
    info = model.info
    own = info.input_size
    if size >= own and not info.square_input:
        return None  # every network takes its own size, and convolutions anything larger
    if _runs(model, size):
        return None
    if size > own or not _runs(model, own):  # a model that takes only some sizes (ViT)
        return f"{info.name} does not take {size} x {size} pixels"
    low, high = size, own  # fails at low, runs at high
    while high - low > 1:
        mid = (low + high) // 2
        low, high = (low, mid) if _runs(model, mid) else (mid, high)
    return f"{info.name} needs at least {high} x {high} pixels"


@torch.no_grad()
def _runs(model: nn.Module, side: int) -> bool:
    """Whether a forward pass on a blank side x side image works."""
    x = torch.zeros(1, 3, side, side, device=model_device(model))
    try:
        model(x)
    except (RuntimeError, ValueError, AssertionError, IndexError) as exc:
        if classify(exc) in (ErrorKind.OUT_OF_GPU_MEMORY, ErrorKind.OUT_OF_MEMORY):
            raise  # no answer about the size: the caller reports the memory
        return False
    return True
