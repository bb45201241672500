"""The window's calls into the core.

Everything here imports torch, so nothing imports this module at start-up: the first
call runs on a worker thread (``load_catalog``), and its result is plain data the GUI
thread can use freely. Later calls find torch already imported.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from advgui.gui.widgets.model_box import BUNDLED, MISSING, ON_DISK, ModelEntry


@dataclass(frozen=True)
class Catalog:
    models: list[ModelEntry]
    devices: list[tuple[str, str]]  # (name, label)
    categories: list[str]
    default_model: str
    torch_version: str


def load_catalog() -> Catalog:
    """Import torch and the core, and list models, devices and class names."""
    import torch

    from advgui.core import devices, models

    entries = [ModelEntry(i.name, _status(i), i.input_size) for i in models.list_models()]
    devs = [(name, devices.describe(name)) for name in devices.available_devices()]
    return Catalog(
        models=entries,
        devices=devs,
        categories=models.imagenet_categories(),
        default_model=models.default_model_name(),
        torch_version=torch.__version__,
    )


def refresh_entry(entries: list[ModelEntry], name: str) -> list[ModelEntry]:
    """The list with ``name``'s weights status checked again (a download changes it)."""
    from advgui.core import models

    status = _status(models.model_info(name))
    return [ModelEntry(e.name, status, e.input_size) if e.name == name else e for e in entries]


def _status(info: object) -> str:
    """Weights status of a ``ModelInfo``: bundled, on disk, or to be downloaded."""
    if info.offline:
        return BUNDLED
    return ON_DISK if info.weights_on_disk() else MISSING


def predict_top5(model: object, x: object, token: int) -> tuple[int, list]:
    """The clean image's top-5 (``Guess`` list), tagged with the caller's token."""
    from advgui.core.predict import probabilities, top_k

    return token, top_k(probabilities(model, x), 5)[0]


def model_input(image: object, info: object) -> tuple[object, np.ndarray]:
    """The tensor the model sees for a Pillow image, and the same as an 8-bit array."""
    from advgui.core.imaging import preprocess, to_uint8

    x = preprocess(image, info.input_size, center_crop=info.square_input)
    return x, to_uint8(x)
