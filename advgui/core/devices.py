"""Which devices can run a model, where a model is, and falling back to the CPU."""

from __future__ import annotations

import torch
from torch import nn


def model_device(model: nn.Module) -> torch.device:
    """The device of the model's first parameter, else of its first buffer, else the CPU.

    A model is assumed to live on one device (as ``model.to(device)`` leaves it).
    """
    for t in model.parameters():
        return t.device
    for t in model.buffers():
        return t.device
    return torch.device("cpu")


def available_devices() -> list[str]:
    """``cpu``, then ``cuda:0``, ``cuda:1``, ... and ``mps`` where present."""
    names = ["cpu"]
    if torch.cuda.is_available():
        names += [f"cuda:{i}" for i in range(torch.cuda.device_count())]
    mps = getattr(torch.backends, "mps", None)
    if mps is not None and mps.is_available():
        names.append("mps")
    return names


def describe(name: str) -> str:
    """A label for a device menu, e.g. ``CUDA 0: NVIDIA H100``."""
    if name.startswith("cuda"):
        index = int(name.split(":", 1)[1]) if ":" in name else 0
        return f"CUDA {index}: {torch.cuda.get_device_name(index)}"
    if name == "mps":
        return "Apple GPU (MPS)"
    return "CPU"


def resolve_device(name: str | None) -> tuple[torch.device, str | None]:
    """The device to use for ``name`` (``auto``, ``cpu``, ``cuda``, ``cuda:N``, ``mps``).

    Returns the device and, when the request could not be met, a one-line message
    saying that the CPU is used instead.
    """
    want = (name or "auto").strip().lower()
    present = available_devices()
    if want == "auto":
        return torch.device(present[1] if len(present) > 1 else "cpu"), None
    if want == "cuda":
        want = "cuda:0"
    if want in present:
        return torch.device(want), None
    if want.startswith(("cuda", "mps")):
        return torch.device("cpu"), f"device {name} is not available; using the CPU"
    return torch.device("cpu"), f"unknown device {name!r}; using the CPU"
