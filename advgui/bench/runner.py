"""Builds the variants of each model and batch size, and runs them interleaved."""

from __future__ import annotations

import copy
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import torch

from advgui.bench import gui_worker, variants
from advgui.bench.setup import ModelSet, build_models, clean_labels, sample_batch
from advgui.bench.timing import Variant, interleave, measure_memory
from advgui.core import perf
from advgui.core.settings import PRESETS

PGD = PRESETS["pgd-linf"]
SGD = PRESETS["tutorial-untargeted"]


@dataclass(frozen=True)
class Config:
    models: tuple[str, ...] = ("resnet50", "efficientnet_lite0")
    batches: tuple[int, ...] = (1, 8)
    size: int = 224
    repeats: int = 5
    warmup: int = 1
    steps: int = 5  # steps per timed attack run (forward: steps - 1 passes)
    worker_steps: int = 20  # steps of the worker / bare runs (the pgd-linf preset's)
    startup_runs: int = 3
    amp: str | None = None  # also time advgui's PGD under this autocast type
    compile: bool = False  # also time advgui's PGD on a torch.compile'd model
    ablation: bool = False  # also time PGD with only one of perf.prepare's two changes

    def to_dict(self) -> dict:
        return {k: (list(v) if isinstance(v, tuple) else v) for k, v in self.__dict__.items()}


@dataclass
class Group:
    """One model at one batch size."""

    model: str
    batch: int
    variants: list[Variant] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def get(self, key: str) -> Variant | None:
        return next((v for v in self.variants if v.key == key), None)


def _group_variants(ms: ModelSet, batch: int, cfg: Config, device: torch.device) -> Group:
    group = Group(ms.name, batch)
    x = sample_batch(batch, cfg.size).to(device)
    labels = clean_labels(ms.prepared, x)
    n, steps = batch, cfg.steps
    add = group.variants.append
    add(
        Variant(
            "forward",
            "forward, plain model",
            lambda: variants.forward(ms.plain, x, steps - 1),
            n,
            "pass",
        )
    )
    add(
        Variant(
            "forward-prepared",
            "forward, prepared model",
            lambda: variants.forward(ms.prepared, x, steps - 1),
            n,
            "pass",
        )
    )
    add(
        Variant(
            "advgui-pgd",
            "advgui pgd-linf",
            lambda: variants.advgui_step(ms.prepared, x, labels, PGD, steps),
            n,
        )
    )
    add(
        Variant(
            "advgui-sgd",
            "advgui tutorial-untargeted",
            lambda: variants.advgui_step(ms.prepared, x, labels, SGD, steps),
            n,
        )
    )
    add(
        Variant(
            "advgui-pgd-plain",
            "advgui pgd-linf, plain model",
            lambda: variants.advgui_step(ms.plain, x, labels, PGD, steps),
            n,
        )
    )
    add(
        Variant(
            "tutorial",
            "tutorial loop (SGD + backward)",
            lambda: variants.tutorial_step(ms.user, x, labels, SGD, steps),
            n,
        )
    )
    if variants.torchattacks_available():
        add(
            Variant(
                "torchattacks",
                "torchattacks PGD",
                lambda: variants.torchattacks_step(ms.user, x, labels, PGD, steps),
                n,
            )
        )
    else:
        group.notes.append("torchattacks is not installed (pip install 'advgui[bench]')")
    if cfg.amp:
        add(
            Variant(
                "advgui-pgd-amp",
                f"advgui pgd-linf, amp {cfg.amp}",
                lambda: variants.advgui_step(ms.prepared, x, labels, PGD, steps, amp=cfg.amp),
                n,
            )
        )
    if batch == 1:
        run = PGD.replace(steps=cfg.worker_steps)
        add(
            Variant(
                "bare",
                f"bare engine, whole run ({cfg.worker_steps} steps)",
                lambda: variants.bare_run(ms.prepared, x, labels, run),
            )
        )
        if gui_worker.qt_available():
            label = int(labels[0])
            add(
                Variant(
                    "worker",
                    f"GUI worker, whole run ({cfg.worker_steps} steps)",
                    lambda: gui_worker.worker_run(ms.prepared, x, label, run),
                )
            )
        else:
            group.notes.append("PySide6 is not importable: no worker figures")
    return group


def _add_ablation(group: Group, ms: ModelSet, cfg: Config, device: torch.device) -> None:
    """PGD on models with only batch-norm folding, or only channels_last."""
    x = sample_batch(group.batch, cfg.size).to(device)
    labels = clean_labels(ms.prepared, x)
    for key, label, fold in (("fold", "folded only", True), ("cl", "channels_last only", False)):
        model = perf.prepare(copy.deepcopy(ms.plain), fold=fold, channels_last=not fold)
        group.variants.append(
            Variant(
                f"advgui-pgd-{key}",
                f"advgui pgd-linf, {label}",
                lambda m=model: variants.advgui_step(m, x, labels, PGD, cfg.steps),
                group.batch,
            )
        )


def _add_compiled(group: Group, ms: ModelSet, cfg: Config, device: torch.device) -> None:
    """Time torch.compile: its first step (the compilation) and its steady step."""
    x = sample_batch(group.batch, cfg.size).to(device)
    labels = clean_labels(ms.prepared, x)
    compiled = perf.compile_model(copy.deepcopy(ms.prepared))
    t0 = time.perf_counter()
    variants.advgui_step(compiled, x, labels, PGD, 2)
    group.notes.append(f"torch.compile: first run of 2 steps took {time.perf_counter() - t0:.1f} s")
    group.variants.append(
        Variant(
            "advgui-pgd-compiled",
            "advgui pgd-linf, torch.compile",
            lambda: variants.advgui_step(compiled, x, labels, PGD, cfg.steps),
            group.batch,
        )
    )


def run_model(
    name: str, cfg: Config, device: torch.device, log: Callable[[str], object]
) -> tuple[list[Group], dict]:
    """Every batch size of one model, interleaved together (so batch ratios share noise)."""
    t0 = time.perf_counter()
    ms = build_models(name, device)
    info = {
        "model": name,
        "weights": ms.weights,
        "build_s": time.perf_counter() - t0,
        "prepare_s": ms.prepare_seconds,
    }
    groups = [_group_variants(ms, b, cfg, device) for b in cfg.batches]
    for g in groups:
        if cfg.ablation:
            _add_ablation(g, ms, cfg, device)
        if cfg.compile:
            _add_compiled(g, ms, cfg, device)
    everything = [v for g in groups for v in g.variants]
    log(f"{name}: {len(everything)} variants, {cfg.warmup} warm-up + {cfg.repeats} rounds")
    for v in everything:  # the warm-up round, with memory sampled around each run
        v.memory = measure_memory(v.run, device)
    interleave(
        everything,
        repeats=cfg.repeats,
        warmup=cfg.warmup - 1,
        progress=lambda what: log(f"{name}: {what}"),
    )
    return groups, info
