"""Predictions: class probabilities and top-k lists."""

from __future__ import annotations

from dataclasses import dataclass

import torch
from torch import nn

from advgui.core.devices import model_device
from advgui.core.models import imagenet_categories


@dataclass(frozen=True)
class Guess:
    index: int
    name: str
    prob: float

    def to_dict(self) -> dict:
        return {"index": self.index, "name": self.name, "prob": self.prob}


@torch.no_grad()
def probabilities(model: nn.Module, x: torch.Tensor) -> torch.Tensor:
    """Softmax over classes, N x classes, on the CPU."""
    logits = model(x.to(model_device(model), torch.float32))
    return logits.float().softmax(dim=1).cpu()


def top_k(probs: torch.Tensor, k: int = 5) -> list[list[Guess]]:
    """The k most probable classes of each image."""
    names = imagenet_categories()
    k = max(1, min(k, probs.shape[1]))
    values, indices = probs.topk(k, dim=1)
    return [
        [
            Guess(int(i), names[int(i)] if int(i) < len(names) else str(int(i)), float(v))
            for v, i in zip(vs, ids)
        ]
        for vs, ids in zip(values.tolist(), indices.tolist())
    ]
