"""The window's calls into the core, each a plain function that a worker thread runs.

Every function imports the core (and so torch) when first called, never at import
time: the window starts, and is on screen, before PyTorch has loaded. ``Services``
bundles them so that the controllers get them injected, and tests hand in fakes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication

from advgui.gui.catalog import STATUSES, Catalog, ModelEntry
from advgui.gui.state import LoadedModel, ModelInput
from advgui.gui.transfer_backend import check_transfer
from advgui.gui.workers import Frame, Progress, Run

if TYPE_CHECKING:
    import numpy as np
    from PIL.Image import Image
    from torch import Tensor

    from advgui.core.export import SaveReport
    from advgui.core.models import Classifier
    from advgui.core.predict import Guess
    from advgui.core.settings import AttackSettings
    from advgui.gui.figure_source import FigureSource


def load_catalog() -> Catalog:
    """Import torch and the core, and list models, devices and class names."""
    import torch

    from advgui.core import devices, models
    from advgui.core.model_list import by_preference

    entries = [
        ModelEntry(i.name, _status(i), i.input_size, i.download_mb)
        for i in by_preference(models.list_models())
    ]
    devs = [(name, devices.describe(name)) for name in devices.available_devices()]
    return Catalog(
        models=entries,
        devices=devs,
        categories=models.imagenet_categories(),
        default_model=models.default_model_name(),
        offline_model=models.OFFLINE_MODEL,
        torch_version=torch.__version__,
        weights_folder=str(models.cache_dir()),
    )


def weights_status(name: str) -> str:
    """``name``'s weights status now: bundled, on disk, or to be downloaded."""
    from advgui.core import models

    return _status(models.model_info(name))


def _status(info: Any) -> str:
    """The catalog's status for the core's group of ``info``: "offline" is BUNDLED,
    "on disk" ON_DISK, "download" MISSING."""
    from advgui.core.model_list import GROUPS, group_of

    return dict(zip(GROUPS, STATUSES, strict=True))[group_of(info)]


def load_model(name: str, device: str, weights_file: str | None, progress: Progress) -> LoadedModel:
    """Load (downloading if needed) ``name``'s weights and move the model to ``device``,
    or to the CPU when that device is absent (the note says so)."""
    from advgui.core.devices import resolve_device
    from advgui.core.models import load_model as core_load

    model = core_load(name, weights_file=weights_file, download=True, progress=progress)
    resolved, note = resolve_device(device)
    return LoadedModel(model.to(resolved), str(resolved), note, weights_file)


def decode_image(path: Path) -> Image:
    """The image file as upright RGB (ImageLoadError, one line, when it cannot be read)."""
    from advgui.core.imaging import load_image

    image = load_image(path)
    image.load()
    return image


def model_input(image: Image, model: Classifier, name: str) -> ModelInput:
    """The tensor the model sees for ``image``, the same as 8-bit RGB, and a caption."""
    from advgui.core.imaging import preprocess, to_uint8

    info = model.info
    x = preprocess(image, info.input_size, center_crop=info.square_input)
    rgb = to_uint8(x)
    (h, w), (iw, ih) = rgb.shape[:2], image.size
    crop = QCoreApplication.translate("Backend", ", centre crop") if info.square_input else ""
    pixels = x[0].permute(1, 2, 0).contiguous().numpy()
    caption = QCoreApplication.translate("Backend", "{name}: {iw}×{ih}, model sees {w}×{h}{crop}")
    caption = caption.format(name=name, iw=iw, ih=ih, w=w, h=h, crop=crop)
    return ModelInput(x, rgb, caption, pixels)


def predict_top5(model: Classifier, x: Tensor) -> list[Guess]:
    from advgui.core.predict import probabilities, top_k

    return top_k(probabilities(model, x), 5)[0]


def make_run(
    model: Classifier,
    x: Tensor,
    label: int,
    settings: AttackSettings,
    precision: str = "fp32",
    threads: int | None = None,
) -> Run:
    """The run, built on the worker that iterates it (``auto`` precision measures here)."""
    import torch

    from advgui.core.attacks import AttackRun
    from advgui.core.precision import amp_of, resolve

    amp = amp_of(resolve(precision, model, x))
    return AttackRun(model, x, torch.tensor([label]), settings, amp=amp, threads=threads)


def to_frame(step: int, x: Tensor, delta: Tensor) -> Frame:
    """Copy the first image of a batch and its delta to the CPU as arrays."""
    import torch

    from advgui.core.imaging import to_uint8

    adversarial = (x[:1] + delta[:1]).detach().clamp(0, 1)
    # A copy: the run keeps updating its delta in place while the GUI draws this one.
    d = delta.detach()[0].permute(1, 2, 0).to("cpu", torch.float32, copy=True).numpy()
    return Frame(step, to_uint8(adversarial), d)


def snapshot(delta: Tensor) -> np.ndarray:
    """The first image's delta, H x W x 3 float16 on the CPU: one step of a replay tape."""
    import torch

    return delta.detach()[0].permute(1, 2, 0).to("cpu", torch.float16, copy=True).numpy()


def save(
    model: Classifier,
    result: Any,
    folder: Path,
    overwrite: bool,
    quantize: bool,
    amplify: float,
    source: str | None,
    *,
    stem: str | None = None,
    full_resolution: bool = False,
    create: bool = False,
) -> SaveReport:
    """The run's files in ``folder`` (made first with ``create``), named by ``stem``
    (None: the fixed names), with the full-resolution PNG if asked for."""
    from advgui.core.export import save_results

    return save_results(
        model,
        result,
        folder,
        force=overwrite,
        quantize=quantize,
        amplify=amplify,
        source=source,
        stem=stem,
        full_resolution=full_resolution,
        create=create,
    )


def write_figure(path: Path, source: FigureSource) -> Path:
    """``source`` as a figure at ``path`` (PNG, SVG or PDF by the extension)."""
    from advgui.core.run_figure import write_run_figure

    return write_run_figure(
        path,
        x=source.x,
        delta=source.delta,
        record=source.record,
        history=source.history,
        names=source.names,
        clean=source.clean,
        amplify=source.amplify,
        step=source.step,
        target=source.target,
        title=source.title,
    )


def write_curves(path: Path, source: FigureSource) -> Path:
    """``source``'s run, a CSV row per step, at ``path``."""
    from advgui.core.run_figure import write_curves_csv

    return write_curves_csv(path, source.history, source.names)


def existing_outputs(
    folder: Path, stem: str | None = None, full_resolution: bool = False
) -> list[Path]:
    """The files a save of one image under ``stem`` into ``folder`` would replace."""
    from advgui.core.save_names import existing_outputs as core_existing

    return core_existing(folder, 1, stem, full_resolution=full_resolution)


def release_cpu_threads() -> None:
    """The GUI thread's idle OpenMP helpers would slow a worker's steps by 30-40%."""
    from advgui.core.perf import release_cpu_threads as release

    release()


def release_memory() -> None:
    """Give memory a failed run held back to the system and the GPU (GUI thread only:
    the cycle collector must not run on a worker, see ``app``)."""
    import gc

    import torch

    gc.collect()
    torch.cuda.empty_cache()  # a no-op unless CUDA was initialised


@dataclass(frozen=True)
class Services:
    """Everything the controllers call in the core; replace any field in tests."""

    load_catalog: Callable[[], Catalog] = load_catalog
    weights_status: Callable[[str], str] = weights_status
    load_model: Callable[[str, str, str | None, Progress], LoadedModel] = load_model
    decode_image: Callable[[Path], Image] = decode_image
    model_input: Callable[[Image, Classifier, str], ModelInput] = model_input
    predict: Callable[[Classifier, Tensor], list[Guess]] = predict_top5
    make_run: Callable[..., Run] = make_run  # (model, x, label, settings, precision, threads)
    to_frame: Callable[[int, Tensor, Tensor], Frame] = to_frame
    snapshot: Callable[[Tensor], np.ndarray] = snapshot
    save: Callable[..., SaveReport] = save
    existing_outputs: Callable[..., list[Path]] = existing_outputs
    write_figure: Callable[[Path, FigureSource], Path] = write_figure
    write_curves: Callable[[Path, FigureSource], Path] = write_curves
    release_cpu_threads: Callable[[], None] = release_cpu_threads
    release_memory: Callable[[], None] = release_memory
    #: (TransferJob, stopping): other models' verdicts on a run (transfer_backend).
    check_transfer: Callable[..., Iterator[object]] = check_transfer
