"""Interleaved timing and peak-memory sampling.

A :class:`Variant` is one thing to time: a callable that does one measured run and
returns its samples, seconds per unit (per step, or per forward pass). :func:`interleave`
runs every variant once per round, rotating the order so that no variant always follows
the same neighbour, with warm-up rounds first that are not recorded. Machine noise then
hits all variants alike, which keeps their ratios meaningful on a busy machine.
"""

from __future__ import annotations

import ctypes
import resource
import statistics
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import torch

_STATM = Path("/proc/self/statm")
_PAGE = resource.getpagesize()


@dataclass
class Variant:
    """One timed thing.

    ``run()`` performs one measured run and returns its samples (seconds per unit);
    ``images`` is how many images one unit handles (the batch size), so per-image
    figures can be derived.
    """

    key: str
    label: str
    run: Callable[[], list[float]]
    images: int = 1
    unit: str = "step"
    samples: list[float] = field(default_factory=list)
    memory: dict[str, float] = field(default_factory=dict)

    @property
    def median(self) -> float:
        return statistics.median(self.samples) if self.samples else float("nan")

    @property
    def best(self) -> float:
        return min(self.samples) if self.samples else float("nan")


ProgressFn = Callable[[str], object]


def interleave(
    variants: list[Variant], *, repeats: int, warmup: int = 1, progress: ProgressFn | None = None
) -> None:
    """Fill each variant's ``samples`` from ``repeats`` runs of it, round-robin."""
    n = len(variants)
    for r in range(warmup + repeats):
        if progress is not None:
            what = "warm-up" if r < warmup else f"round {r - warmup + 1}/{repeats}"
            progress(what)
        for i in range(n):
            v = variants[(r + i) % n]
            samples = v.run()
            if r >= warmup:
                v.samples.extend(samples)


def synchronize(device: torch.device) -> None:
    if device.type == "cuda":
        torch.cuda.synchronize(device)


def current_rss() -> int:
    """Resident memory of this process in bytes (Linux), else the peak so far."""
    try:
        return int(_STATM.read_text().split()[1]) * _PAGE
    except (OSError, IndexError, ValueError):
        return peak_rss()


def peak_rss() -> int:
    """Largest resident memory this process has had, in bytes."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak if sys.platform == "darwin" else peak * 1024


def _release_free_memory() -> None:
    """Hand freed heap back to the OS (glibc), so the next run's growth is visible."""
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass


class _RssSampler:
    """Samples the resident set every ``interval`` seconds on a background thread."""

    def __init__(self, interval: float = 0.002) -> None:
        self.interval = interval
        self.peak = 0
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)

    def _loop(self) -> None:
        while not self._done.is_set():
            self.peak = max(self.peak, current_rss())
            self._done.wait(self.interval)

    def __enter__(self) -> _RssSampler:
        self.peak = current_rss()
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._done.set()
        self._thread.join()
        self.peak = max(self.peak, current_rss())


def measure_memory(run: Callable[[], object], device: torch.device) -> dict[str, float]:
    """Run once and report memory in MiB.

    ``extra_rss_mib``: how far the resident set rose above its level at the start
    (sampled every 2 ms, after returning freed heap to the OS); ``rss_mib``: the highest
    resident set seen; on CUDA also ``gpu_peak_mib`` (``max_memory_allocated``) and
    ``gpu_extra_mib`` (above what was allocated at the start).
    """
    mib = 1024 * 1024
    _release_free_memory()
    gpu_start = 0
    if device.type == "cuda":
        synchronize(device)
        torch.cuda.reset_peak_memory_stats(device)
        gpu_start = torch.cuda.memory_allocated(device)
    start = current_rss()
    with _RssSampler() as sampler:
        t0 = time.perf_counter()
        run()
        synchronize(device)
        elapsed = time.perf_counter() - t0
    out = {
        "extra_rss_mib": max(0, sampler.peak - start) / mib,
        "rss_mib": sampler.peak / mib,
        "seconds": elapsed,
    }
    if device.type == "cuda":
        peak = torch.cuda.max_memory_allocated(device)
        out["gpu_peak_mib"] = peak / mib
        out["gpu_extra_mib"] = (peak - gpu_start) / mib
    return out
