"""Weights files that must be refused: a live pickle payload, and wrong files of every kind
for the offline model."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import torch

from advgui.core.models import model_info


class Payload:
    """A pickle that, if unpickled unsafely, creates a file (the proof that code ran)."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):
        return (open, (str(self.marker), "w"))


def bad_weights(kind: str, folder: Path, offline_state) -> tuple[Path, str]:
    """Write a wrong weights file of ``kind`` into ``folder`` (``offline_state``: the
    offline model's state dict); returns its path and words its refusal must contain."""
    path = folder / f"{kind}.pth"
    if kind == "pickled-module":
        torch.save(torch.nn.Sequential(torch.nn.Linear(2, 2)), path)
        return path, "refused"
    if kind == "wrong-architecture":
        torch.save(torch.nn.Linear(2, 2).state_dict(), path)
        return path, "different architecture than efficientnet_lite0"
    if kind == "ten-classes":
        state = dict(offline_state)
        state["_fc.weight"], state["_fc.bias"] = state["_fc.weight"][:10], state["_fc.bias"][:10]
        torch.save(state, path)
        return path, "different number of classes"
    if kind == "truncated":
        good = model_info("efficientnet_lite0").weights_path.read_bytes()
        path.write_bytes(good[: len(good) // 2])
        return path, "not a readable weights file"
    if kind == "random":
        path.write_bytes(np.random.default_rng(0).bytes(20_000))
        return path, "not a readable weights file"
    if kind == "missing":
        return path, "no such weights file"
    raise ValueError(kind)
