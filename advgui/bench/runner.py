"""Builds the variants of each model and batch size, and runs them interleaved."""

from __future__ import annotations

import copy
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial

import torch

from advgui.bench import gui_worker, variants
from advgui.bench.setup import ModelSet, build_models, clean_labels, sample_batch
from advgui.bench.timing import Variant, interleave, measure_memory
from advgui.core import perf
from advgui.core.precision import amp_of
from advgui.core.precision import resolve as resolve_precision
from advgui.core.settings import PRESETS

PGD = PRESETS["pgd-linf"]
SGD = PRESETS["tutorial-untargeted"]
#: The stronger attacks of issue 9, a row each (Square's cost is per query).
STRONGER = ("apgd-ce", "deepfool-l2", "fmn-l2", "square-linf")


@dataclass(frozen=True)
class Config:
    models: tuple[str, ...] = ("resnet50", "efficientnet_lite0")
    batches: tuple[int, ...] = (1, 8)
    size: int = 224
    repeats: int = 5
    warmup: int = 1
    steps: int = 4  # steps per timed attack run, giving steps - 1 samples (forward: as many)
    worker_steps: int = 20  # steps of the worker / bare runs (the pgd-linf preset's)
    startup_runs: int = 3
    window_runs: int = 3  # attacks started from the real window (0: none)
    amp: str | None = None  # also time advgui's PGD under this autocast type
    compile: bool = False  # also time advgui's PGD on a torch.compile'd model
    ablation: bool = False  # also time PGD with only one of perf.prepare's two changes
    load_runs: int = 2  # rounds of the busy-desktop probes (advgui.bench.load; 0: none)
    eval_runs: int = 2  # rounds of evaluating a folder, batch 1 and 8 (bench.evaluate; 0: none)

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


#: What each variant's row says (the keys are the JSON's and the ratios').
LABELS = {
    "forward": "forward, plain model",
    "forward-prepared": "forward, prepared model",
    "advgui-pgd": "advgui pgd-linf",
    "advgui-sgd": "advgui tutorial-untargeted",
    "advgui-pgd-plain": "advgui pgd-linf, plain model",
    "tutorial": "tutorial loop (SGD + backward)",
    "torchattacks": "torchattacks PGD",
    "advgui-pgd-amp": "advgui pgd-linf, amp {amp}",
    "advgui-pgd-auto": "advgui pgd-linf, --precision auto",
    "advgui-sgd-auto": "advgui tutorial-untargeted, --precision auto",
    "advgui-pgd-fold": "advgui pgd-linf, folded only",
    "advgui-pgd-cl": "advgui pgd-linf, channels_last only",
    "advgui-pgd-compiled": "advgui pgd-linf, torch.compile",
    "advgui-apgd-ce": "advgui apgd-ce",
    "advgui-deepfool-l2": "advgui deepfool-l2 (10 classes' gradients)",
    "advgui-fmn-l2": "advgui fmn-l2",
    "advgui-square-linf": "advgui square-linf",
    "bare": "bare engine, whole run ({steps} steps)",
    "worker": "GUI worker, whole run ({steps} steps)",
    "worker-pool": "GUI worker beside main's OpenMP pool",
}


def _group_variants(ms: ModelSet, batch: int, cfg: Config, device: torch.device) -> Group:
    group = Group(ms.name, batch)

    def add(key: str, fn: Callable[..., list[float]], *args, unit: str = "step", **kw) -> None:
        label = LABELS[key].format(amp=cfg.amp, steps=cfg.worker_steps)
        group.variants.append(Variant(key, label, partial(fn, *args, **kw), batch, unit))

    x = sample_batch(batch, cfg.size).to(device)
    y = clean_labels(ms.prepared, x)
    n = cfg.steps
    add("forward", variants.forward, ms.plain, x, n - 1, unit="pass")
    add("forward-prepared", variants.forward, ms.prepared, x, n - 1, unit="pass")
    add("advgui-pgd", variants.advgui_step, ms.prepared, x, y, PGD, n)
    add("advgui-sgd", variants.advgui_step, ms.prepared, x, y, SGD, n)
    add("advgui-pgd-plain", variants.advgui_step, ms.plain, x, y, PGD, n)
    for name in STRONGER:
        unit = "query" if name.startswith("square") else "step"
        add(f"advgui-{name}", variants.advgui_step, ms.prepared, x, y, PRESETS[name], n, unit=unit)
    add("tutorial", variants.tutorial_step, ms.user, x, y, SGD, n)
    if variants.torchattacks_available():
        add("torchattacks", variants.torchattacks_step, ms.user, x, y, PGD, n)
    else:
        group.notes.append("torchattacks is not installed (pip install 'advgui[bench]')")
    if cfg.amp:
        add("advgui-pgd-amp", variants.advgui_step, ms.prepared, x, y, PGD, n, amp=cfg.amp)
    # What --precision auto runs for this model, input and device (measured, cached).
    auto = amp_of(resolve_precision("auto", ms.prepared, x))
    group.notes.append(f"--precision auto chose {auto or 'fp32'}")
    add("advgui-pgd-auto", variants.advgui_step, ms.prepared, x, y, PGD, n, amp=auto)
    add("advgui-sgd-auto", variants.advgui_step, ms.prepared, x, y, SGD, n, amp=auto)
    if cfg.ablation:  # each half of perf.prepare on its own
        fold_only = perf.prepare(copy.deepcopy(ms.plain), fold=True, channels_last=False)
        cl_only = perf.prepare(copy.deepcopy(ms.plain), fold=False, channels_last=True)
        add("advgui-pgd-fold", variants.advgui_step, fold_only, x, y, PGD, n)
        add("advgui-pgd-cl", variants.advgui_step, cl_only, x, y, PGD, n)
    if cfg.compile:
        compiled = perf.compile_model(copy.deepcopy(ms.prepared))
        t0 = time.perf_counter()
        variants.advgui_step(compiled, x, y, PGD, 2)
        spent = time.perf_counter() - t0
        group.notes.append(f"torch.compile: the first 2-step run took {spent:.1f} s")
        add("advgui-pgd-compiled", variants.advgui_step, compiled, x, y, PGD, n)
    if batch == 1:  # the window attacks one image
        run = PGD.replace(steps=cfg.worker_steps)
        add("bare", variants.bare_run, ms.prepared, x, y, run)
        if gui_worker.qt_available():
            label = int(y[0])
            add("worker", gui_worker.worker_run, ms.prepared, x, label, run,
                release_main_threads=True)  # fmt: skip
            add("worker-pool", gui_worker.worker_run, ms.prepared, x, label, run,
                release_main_threads=False)  # fmt: skip
        else:
            group.notes.append("PySide6 is not importable: no worker figures")
    return group


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
