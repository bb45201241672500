"""Predictions: class probabilities and top-k lists."""

from __future__ import annotations

from dataclasses import dataclass

import torch
from torch import nn

from advgui.core.devices import model_device
from advgui.core.errors import ModelOutputError
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
    """Softmax over classes, N x classes, on the CPU.

    Raises ModelOutputError (one line) when the model's logits are NaN or infinite
    (damaged weights, or an input the model overflows on): those are no prediction.
    """
    logits = model(x.to(model_device(model), torch.float32))
    check_finite(model, logits)
    return logits.float().softmax(dim=1).cpu()


def check_finite(model: nn.Module, logits: torch.Tensor) -> None:
    """Raise ModelOutputError unless every one of ``logits`` is a finite number."""
    if not bool(torch.isfinite(logits).all()):
        raise non_finite_error(model)


def non_finite_error(model: nn.Module) -> ModelOutputError:
    """The one-line error for a model whose outputs are NaN or infinite."""
    name = getattr(model, "name", type(model).__name__)
    source = getattr(model, "weights_source", None)
    weights = f" with the weights {source}" if source else ""
    return ModelOutputError(
        f"{name}{weights} gives NaN or infinite outputs, so there is no prediction to report "
        "(damaged weights, or values too large for float32)"
    )


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
