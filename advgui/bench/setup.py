"""The models and images a benchmark group runs on.

Each model comes in three forms built from one network, so every variant times the
same weights:

- ``plain``: the core's ``Classifier`` around the network exactly as built (what
  ``load_model(prepare=False)`` returns);
- ``prepared``: the same after ``advgui.core.perf.prepare`` (what ``load_model`` returns
  and the window and the CLI attack);
- ``user``: ``nn.Sequential(Normalize, network)`` with trainable parameters, in eval
  mode: what a reader of the tutorial, or a torchattacks user, would attack.

ResNet50 gets random weights (its ImageNet weights may not be on disk; timing does not
depend on them); the offline model gets its bundled weights.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass

import torch
from torch import nn

from advgui.core import perf
from advgui.core.imaging import load_image, preprocess
from advgui.core.models import (
    OFFLINE_MODEL,
    Classifier,
    Normalize,
    load_model,
    model_info,
)
from advgui.core.paths import sample


@dataclass
class ModelSet:
    name: str
    plain: Classifier
    prepared: Classifier
    user: nn.Module
    weights: str  # "random" or where the weights came from
    prepare_seconds: float


def build_models(name: str, device: torch.device) -> ModelSet:
    """The three forms of one model, on ``device``."""
    import time

    if name == OFFLINE_MODEL:
        plain = load_model(name, download=False, prepare=False)
        weights = plain.weights_source
    else:
        import torchvision

        torch.manual_seed(0)
        net = torchvision.models.get_model(name, weights=None)
        plain = Classifier(net, model_info(name), weights_source="random")
        weights = "random"
    info = plain.info
    user = nn.Sequential(Normalize(info.mean, info.std), copy.deepcopy(plain.net))
    user.eval().requires_grad_(True)
    prepared = copy.deepcopy(plain)
    t0 = time.perf_counter()
    perf.prepare(prepared)
    prepare_seconds = time.perf_counter() - t0
    return ModelSet(
        name=name,
        plain=plain.to(device),
        prepared=prepared.to(device),
        user=user.to(device),
        weights=weights,
        prepare_seconds=prepare_seconds,
    )


def sample_batch(batch: int, size: int) -> torch.Tensor:
    """``batch`` centre crops of the bundled samples (cat, espresso, mirrored...), N x 3 x S x S."""
    images = [
        preprocess(load_image(sample(n)), size, center_crop=True) for n in ("cat", "espresso")
    ]
    out = []
    for i in range(batch):
        x = images[i % 2]
        out.append(x.flip(-1) if (i // 2) % 2 else x)
    return torch.cat(out)


@torch.no_grad()
def clean_labels(model: nn.Module, x: torch.Tensor) -> torch.Tensor:
    """The model's own prediction for each image: the class an attack moves away from."""
    device = next(model.parameters()).device
    return model(x.to(device)).argmax(dim=1).cpu()
