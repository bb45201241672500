"""Which number format the forward and backward passes run in: fp32, bf16 or fp16.

``auto`` measures rather than guesses: on a device that has the instructions for bf16
(CPUs with AVX512-BF16 / AMX, GPUs with bf16 support) it times a few attack steps in
fp32 and in bf16 on the actual model and input size, and keeps bf16 only when it is
clearly faster (ResNet50 on an AMX CPU: 96 -> 56 ms a step; EfficientNet-Lite0, whose
depthwise convolutions gain nothing: fp32). The answer is cached per model, device,
input size and torch version in ``$XDG_CACHE_HOME/advgui/precision.json``.

Whatever runs, delta, the update and the step record stay float32.
"""

from __future__ import annotations

import json
import os
import platform
import time
from collections.abc import Callable
from pathlib import Path

import torch
from torch import nn

from advgui.core.atomic import replace_file
from advgui.core.devices import model_device
from advgui.core.errors import SettingsError

PRECISIONS = ("auto", "fp32", "bf16", "fp16")
#: bf16 is kept by ``auto`` only when a step takes at most this share of fp32's time.
KEEP_IF_AT_MOST = 0.9
#: Steps timed per format by ``auto`` (after one untimed warm-up step).
TIMED_STEPS = 3


def amp_of(precision: str) -> str | None:
    """The engine's ``amp`` argument for a resolved precision (None for fp32)."""
    return None if precision == "fp32" else precision


def bf16_capable(device: torch.device) -> bool:
    """Whether ``device`` has native bf16 arithmetic (else autocast only emulates it)."""
    if device.type == "cuda":
        return torch.cuda.is_bf16_supported()
    if device.type == "cpu":
        check = getattr(torch.ops.mkldnn, "_is_mkldnn_bf16_supported", None)
        return bool(check is not None and check())
    return False


def device_key(device: torch.device) -> str:
    """The device, named precisely enough that a cached choice is for this hardware."""
    if device.type == "cuda":
        return f"cuda:{torch.cuda.get_device_name(device)}"
    return f"{device.type}:{cpu_name()}"


def cpu_name() -> str:
    """The CPU's model name (for caches and benchmark reports)."""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def cache_path() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "advgui" / "precision.json"


def step_seconds(model: nn.Module, x: torch.Tensor, amp: str | None) -> float:
    """Median seconds of one forward + backward pass to the input, as an attack step does."""
    device = model_device(model)
    x = x.detach().to(device, torch.float32)
    times = []
    for k in range(TIMED_STEPS + 1):
        delta = torch.zeros_like(x, requires_grad=True)
        t0 = time.perf_counter()
        with torch.enable_grad():
            if amp is None:
                logits = model(x + delta)
            else:
                with torch.autocast(device.type, dtype=getattr(torch, _DTYPES[amp])):
                    logits = model(x + delta)
            (grad,) = torch.autograd.grad(logits.float().logsumexp(1).sum(), delta)
        if device.type == "cuda":
            torch.cuda.synchronize(device)
        float(grad.abs().sum())  # the step is done only when its result is
        if k:
            times.append(time.perf_counter() - t0)
    return sorted(times)[len(times) // 2]


_DTYPES = {"bf16": "bfloat16", "fp16": "float16"}


def resolve(
    precision: str,
    model: nn.Module,
    x: torch.Tensor,
    *,
    measure: Callable[[nn.Module, torch.Tensor, str | None], float] = step_seconds,
    cache: Path | None = None,
) -> str:
    """The precision to run: ``fp32``, ``bf16`` or ``fp16`` (``auto`` decided, see above).

    SettingsError (one line) for an unknown name, or for bf16 / fp16 asked for on a
    device that cannot run them.
    """
    if precision not in PRECISIONS:
        raise SettingsError(
            f"unknown precision {precision!r}; choose one of {', '.join(PRECISIONS)}"
        )
    device = model_device(model)
    if precision == "fp16" and device.type == "cpu":
        raise SettingsError("fp16 needs a GPU; on the CPU choose bf16 or fp32")
    if precision != "auto":
        return precision
    if not bf16_capable(device):
        return "fp32"
    key = "|".join(
        (
            getattr(model, "name", type(model).__name__),
            device_key(device),
            torch.__version__,
            "x".join(str(d) for d in x.shape),
        )
    )
    path = cache or cache_path()
    known = _read(path)
    if key in known:
        return known[key]["precision"]
    fp32, bf16 = measure(model, x, None), measure(model, x, "bf16")
    choice = "bf16" if bf16 <= KEEP_IF_AT_MOST * fp32 else "fp32"
    known[key] = {"precision": choice, "fp32_s": fp32, "bf16_s": bf16}
    _write(path, known)
    return choice


def _read(path: Path) -> dict:
    try:
        data = json.loads(path.read_text())
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _write(path: Path, data: dict) -> None:
    """Best effort: a cache that cannot be written is measured again next time."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        replace_file(path, json.dumps(data, indent=1, sort_keys=True).encode())
    except OSError:
        pass
