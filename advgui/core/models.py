"""Classifier registry and model construction.

Every model is wrapped in :class:`Classifier`: it takes RGB tensors in [0, 1], shaped
N x 3 x H x W, does its own normalisation (the tutorial's ``Normalize`` module), is in
``eval()`` mode and has frozen parameters, so attacks only ever see pixel space.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import lru_cache
from pathlib import Path

import torch
from torch import nn

from advgui.core import classes, perf
from advgui.core import weights as wfile
from advgui.core.errors import WeightsUnavailableError
from advgui.core.model_list import (  # noqa: F401 (re-exported: the registry's home)
    OFFLINE_MODEL,
    OFFLINE_MODELS,
    TUTORIAL_MODEL,
    ModelInfo,
    cache_dir,
    default_model_name,
    list_models,
    model_info,
)

ProgressFn = Callable[[int, int], object]


class Normalize(nn.Module):
    """Subtract a per-channel mean and divide by a per-channel std (inside the model)."""

    def __init__(self, mean: Sequence[float], std: Sequence[float]) -> None:
        super().__init__()
        self.register_buffer("mean", torch.tensor(mean, dtype=torch.float32).view(1, 3, 1, 1))
        self.register_buffer("std", torch.tensor(std, dtype=torch.float32).view(1, 3, 1, 1))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return (x - self.mean) / self.std


class Classifier(nn.Module):
    """A frozen ImageNet classifier on [0, 1] RGB input; returns logits, N x classes."""

    def __init__(self, net: nn.Module, info: ModelInfo, weights_source: str) -> None:
        super().__init__()
        self.normalize = Normalize(info.mean, info.std)
        self.net = net
        self.info = info
        self.weights_source = weights_source
        self.eval()
        self.requires_grad_(False)

    @property
    def name(self) -> str:
        return self.info.name

    @property
    def categories(self) -> list[str]:
        return imagenet_categories()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.net(self.normalize(x))

    def train(self, mode: bool = True) -> Classifier:
        # Attacks must see the deployed model: batch norm and dropout stay in eval mode.
        return super().train(False)


def _build_net(info: ModelInfo) -> nn.Module:
    if info.offline:
        from efficientnet_lite_pytorch import EfficientNet

        return EfficientNet.from_name(OFFLINE_MODELS[info.name].arch)
    import torchvision.models as tvm

    return tvm.get_model(info.name, weights=None)


def load_model(
    name: str | None = None,
    *,
    weights_file: str | Path | None = None,
    download: bool = True,
    progress: ProgressFn | None = None,
    prepare: bool = True,
) -> Classifier:
    """Build a model with its weights, ready for attacks (frozen, eval, on CPU).

    Weights come from ``weights_file`` when given, else the bundled file (offline models)
    or torchvision's cache, downloading into it when ``download`` is true.
    With ``prepare`` (the default) the network is made cheaper to attack without
    changing its outputs beyond float rounding: batch norms folded into convolutions,
    channels_last weights (see ``advgui.core.perf``); ``prepare=False`` keeps the
    network exactly as built.
    Raises WeightsUnavailableError or WeightsFileError with a one-line message.
    """
    info = model_info(name or default_model_name())
    if weights_file is not None:
        path, from_cache = Path(weights_file), False
    else:
        path, from_cache = info.weights_path, not info.offline
        if not path.is_file():
            if info.offline:
                package = OFFLINE_MODELS[info.name].package
                raise WeightsUnavailableError(f"{path} is missing; reinstall {package}")
            if not download:
                raise wfile.missing_error(info.filename, cache_dir())
            wfile.download(info.url, path, progress=progress)
    net = _build_net(info)
    state = wfile.read_state_dict(path, in_cache=from_cache)
    wfile.apply_state_dict(net, state, path, model_name=info.name)
    model = Classifier(net, info, weights_source=str(path))
    if prepare:
        perf.prepare(model)
    return model


@lru_cache(maxsize=1)
def imagenet_categories() -> list[str]:
    """The 1000 ImageNet class names, in index order (from torchvision's weights metadata)."""
    from torchvision.models import ResNet50_Weights

    return list(ResNet50_Weights.IMAGENET1K_V1.meta["categories"])


def class_name(index: int) -> str:
    return imagenet_categories()[index]


def find_class(query: str | int, categories: Sequence[str] | None = None) -> int:
    """Class index from an index or a name, among ImageNet's classes by default
    (see ``advgui.core.classes.find_class`` for the rules)."""
    return classes.find_class(query, imagenet_categories() if categories is None else categories)
