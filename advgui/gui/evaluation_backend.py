"""The Evaluate tab's calls into the core: plain functions that a worker thread runs.

``evaluate(job, stopping)`` is a generator of events, drained by a worker (see
``evaluation_worker``): it loads the transfer models it lacks (``Busy``, ``Loaded``),
then yields ``Started`` and one ``Finished`` per image as the core's ``Evaluation``
finishes it. Stop (``stopping``, a ``StopFlag``) calls the core's ``Evaluation.stop``,
which ends the run within one attack step; the images in progress are dropped (their
rows would describe half an attack), the finished ones are kept, and ``Halted`` says so.
``export`` writes the files the CLI writes, all or none. Like ``backend``, nothing
imports torch before it is called; ``EvalServices`` bundles the functions so that the
controller gets them injected.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from PySide6.QtCore import QCoreApplication

from advgui.core.errors import SettingsError
from advgui.core.evaluation import results as res
from advgui.core.evaluation.summary import summarize, to_csv
from advgui.core.settings import PRESETS, AttackSettings
from advgui.gui.evaluation_plan import EvalPlan
from advgui.gui.evaluation_worker import StopFlag
from advgui.gui.state import LoadedModel
from advgui.gui.workers import Progress

if TYPE_CHECKING:
    from advgui.core.evaluation.inputs import Item, Labels
    from advgui.core.evaluation.run import EvalConfig, ImageDone
    from advgui.core.models import Classifier

#: The side of a table thumbnail, in pixels.
THUMB = 56
#: Images after this many get no thumbnail (each costs ~9 KB twice: array and pixmap).
MAX_THUMBNAILS = 5000


@dataclass(frozen=True)
class EvalJob:
    """One evaluation, as the window starts it: everything the worker needs."""

    plan: EvalPlan
    inputs: tuple[str, ...]
    model: Classifier
    device: str
    precision: str  # the Attack menu's choice: "auto", "fp32", "bf16" or "fp16"
    threads: int | None
    #: Transfer models loaded by earlier runs on this device, by name.
    transfer_models: Mapping[str, Classifier] = field(default_factory=dict)


@dataclass(frozen=True)
class Busy:
    text: str  # what the run is doing before its first image, e.g. loading a model


@dataclass(frozen=True)
class Loaded:
    name: str
    device: str
    model: Classifier


@dataclass(frozen=True)
class Started:
    config: EvalConfig
    run_info: dict[str, Any]  # run.json, as the CLI writes it
    total: int  # the files the run looks at (images and others)


@dataclass(frozen=True)
class Finished:
    done: ImageDone
    thumbnail: np.ndarray | None  # THUMB x THUMB x 3 uint8: what the model saw


@dataclass(frozen=True)
class Halted:
    """Stop was pressed: the images in progress were dropped."""


def collect(inputs: Sequence[str]) -> tuple[int, int]:
    """How many image files and other files ``inputs`` hold (SettingsError if one is gone)."""
    from advgui.core.evaluation.inputs import collect as core_collect

    items = core_collect(inputs)
    images = sum(1 for i in items if i.is_image)
    return images, len(items) - images


def evaluate(
    job: EvalJob,
    stopping: StopFlag,
    load_model: Callable[[str, str, str | None, Progress], LoadedModel],
) -> Iterator[object]:
    """The run's events (see the module); SettingsError (one line) when it cannot start."""
    from advgui.core.evaluation.inputs import Labels
    from advgui.core.evaluation.inputs import collect as core_collect

    plan, model = job.plan, job.model
    size = model.info.input_size
    items = core_collect(job.inputs)
    if not any(i.is_image for i in items):
        raise SettingsError(
            QCoreApplication.translate(
                "EvaluationBackend", "there are no image files in the folder chosen"
            )
        )
    if model.name in plan.transfer:
        line = QCoreApplication.translate(
            "EvaluationBackend", "{model} is the model under attack; untick it under Transfer"
        )
        raise SettingsError(line.format(model=model.name))
    labels = Labels.read(plan.labels, model.categories) if plan.labels else None
    others = {}
    for name in plan.transfer:
        if stopping():
            yield Halted()
            return
        net = job.transfer_models.get(name)
        if net is None:
            yield Busy(
                QCoreApplication.translate(
                    "EvaluationBackend", "Loading the transfer model {name}…"
                ).format(name=name)
            )
            net = load_model(name, job.device, None, lambda done, total: None).classifier
            yield Loaded(name, job.device, net)
        _check_size(net, name, size)
        others[name] = net
    if job.precision == "auto":
        yield Busy(
            QCoreApplication.translate(
                "EvaluationBackend", "Choosing the precision (bf16 where it is measured faster)…"
            )
        )
    thumbnails: dict[str, np.ndarray] = {}
    evaluation, config = _evaluation(job, others, labels, _loader(size, thumbnails))
    run_info = {**config.to_dict(), "shard": "0/1", "labels": plan.labels or None}
    yield Started(config, run_info, len(items))
    forget = stopping.on_stop(evaluation.stop)
    try:
        for done in evaluation.run(items):
            yield Finished(done, thumbnails.pop(done.item.id, None))
    finally:
        forget()
    if evaluation.stopped:
        yield Halted()


def _check_size(net: Classifier, name: str, size: int) -> None:
    from advgui.core.input_size import size_problem

    if problem := size_problem(net, size):
        line = QCoreApplication.translate(
            "EvaluationBackend",
            "{model} cannot be shown the images: {problem} (they are {size} x {size})",
        )
        raise SettingsError(line.format(model=name, problem=problem, size=size))


def _evaluation(
    job: EvalJob,
    others: dict[str, Classifier],
    labels: Labels | None,
    load: Callable[[Item], Any],
) -> tuple[Any, EvalConfig]:
    import torch

    from advgui.core.evaluation.run import EvalConfig, Evaluation
    from advgui.core.precision import amp_of, resolve

    plan, model = job.plan, job.model
    size = model.info.input_size
    precision = resolve(job.precision, model, torch.zeros(plan.batch, 3, size, size))
    config = EvalConfig(
        model=model.name,
        settings=plan.settings,
        attack=attack_name(plan.preset, plan.settings),
        eps=plan.eps,
        eps_text=plan.eps_text,
        transfer=plan.transfer,
        jpeg=plan.jpeg,
        min_eps=plan.min_eps,
        size=size,
        precision=precision,
    )
    evaluation = Evaluation(
        model,
        config,
        transfer_models=others,
        labels=labels,
        batch=plan.batch,
        amp=amp_of(precision),
        threads=job.threads,
        load=load,
    )
    return evaluation, config


def attack_name(choice: str, settings: AttackSettings) -> str:
    """The attack's name in the rows, as the CLI gives it for the same settings: the
    preset's (the Attack tab's settings count as a preset when they are one, eps aside),
    else the attack's with a digest of its settings."""
    from advgui.core.evaluation.run import attack_name as core_name

    preset = choice or next(
        (n for n, p in PRESETS.items() if p.replace(eps=settings.eps) == settings), None
    )
    return core_name(settings, preset)


def _loader(size: int, thumbnails: dict[str, np.ndarray]) -> Callable[[Item], Any]:
    """Read an image as the evaluation does (shorter side to ``size``, centre crop) and
    keep a thumbnail of what the model sees."""

    made = 0

    def load(item: Item):
        from advgui.core.imaging import load_image, preprocess

        nonlocal made
        image = load_image(item.path)
        try:
            x = preprocess(image, size, center_crop=True)
        finally:
            image.close()
        if made < MAX_THUMBNAILS:
            thumbnails[item.id] = thumbnail(x)
            made += 1
        return x

    return load


def thumbnail(x: Any) -> np.ndarray:
    """A 1 x 3 x H x W tensor in [0, 1] as a THUMB x THUMB x 3 uint8 array."""
    import torch.nn.functional as F  # noqa: N812 (torch's own name)

    small = F.interpolate(x[:1].float(), size=(THUMB, THUMB), mode="bilinear", antialias=True)
    return (small[0].clamp(0, 1) * 255).round().byte().permute(1, 2, 0).contiguous().numpy()


def existing_exports(folder: Path) -> list[str]:
    """The names of the files an export would replace in ``folder``."""
    return [n for n in res.NAMES if (folder / n).exists()]


def export(
    folder: Path, rows: Sequence[dict[str, Any]], run_info: dict[str, Any], overwrite: bool
) -> list[Path]:
    """Write results.jsonl, run.json, summary.json, summary.csv and robust_accuracy.png
    (when an image was evaluated) into ``folder``, as the CLI writes them: all or none.
    SaveError (one line) when it cannot, or when files exist and ``overwrite`` is false."""
    from advgui.core.atomic import write_files
    from advgui.core.evaluation import figure

    summary = summarize(rows)
    files = {
        res.RESULTS: "".join(
            json.dumps(r, ensure_ascii=False, allow_nan=False) + "\n" for r in rows
        ).encode(),
        res.RUN: (json.dumps(run_info, indent=1) + "\n").encode(),
        res.SUMMARY_JSON: (json.dumps(summary, indent=1, allow_nan=False) + "\n").encode(),
        res.SUMMARY_CSV: to_csv(summary).encode(),
    }
    if summary["images"]:
        files[res.FIGURE] = figure.render(summary)
    return write_files(folder, files, force=overwrite)


@dataclass(frozen=True)
class EvalServices:
    """Everything the Evaluate tab calls in the core; replace any field in tests."""

    collect: Callable[[Sequence[str]], tuple[int, int]] = collect
    evaluate: Callable[..., Iterator[object]] = evaluate  # (job, StopFlag, load_model)
    summarize: Callable[[Sequence[dict]], dict] = summarize
    existing_exports: Callable[[Path], list[str]] = existing_exports
    export: Callable[..., list[Path]] = export  # (folder, rows, run_info, overwrite)
