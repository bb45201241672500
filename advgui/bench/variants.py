"""What is timed: each function does one measured run and returns its samples in seconds.

Where the steps of a run can be told apart on the CPU, each step is one sample, so a
burst of load on a shared machine spoils a few samples rather than a whole run:

- ``forward``: inference (``torch.inference_mode``), one sample per pass.
- ``advgui_step``: an ``AttackRun``; a step is the time between two consecutive step
  records (update, forward, input-gradient backward, the record's one host transfer),
  so the run's setup and its final evaluation pass are left out.
- ``tutorial_step``: the tutorial's loop on a trainable model: ``torch.optim.SGD`` on
  delta, ``loss.backward()`` (which also fills every weight's ``.grad``), the clamp.
  The first step, which allocates the weights' ``.grad``, is left out.
- ``torchattacks_step``: ``torchattacks.PGD`` with the same eps, step size and steps;
  a step is the time between two consecutive forward passes of the model.
- ``bare_run``: ``AttackRun(...).run()`` from start to end, divided by its steps (set
  against the GUI worker, see ``gui_worker``): one sample per run.

On CUDA, where the host runs ahead of the device, loops are timed whole (one sample,
the mean step) and synchronised only at their ends, except advgui's, whose step record
waits for the device anyway.
"""

from __future__ import annotations

import time

import torch
import torch.nn.functional as F
from torch import nn

from advgui.bench.timing import synchronize
from advgui.core.attacks import AttackRun
from advgui.core.devices import model_device
from advgui.core.settings import AttackSettings


def _intervals(stamps: list[float]) -> list[float]:
    return [b - a for a, b in zip(stamps, stamps[1:])]


def forward(model: nn.Module, x: torch.Tensor, n: int) -> list[float]:
    device = model_device(model)
    x = x.to(device)
    stamps = [time.perf_counter()]
    with torch.inference_mode():
        for _ in range(n):
            model(x)
            synchronize(device)
            stamps.append(time.perf_counter())
    return _intervals(stamps)


def advgui_step(
    model: nn.Module,
    x: torch.Tensor,
    labels: torch.Tensor,
    settings: AttackSettings,
    steps: int,
    **options: object,
) -> list[float]:
    """Seconds of each of the steps 1 .. steps-1 of an ``AttackRun`` (``steps`` >= 2)."""
    run = AttackRun(model, x, labels, settings.replace(steps=steps, early_stop=False), **options)
    stamps = [time.perf_counter() for _ in run]
    # stamps[k] follows step k's gradient; the last one follows the final evaluation.
    return _intervals(stamps[:steps])


def tutorial_step(
    user_model: nn.Module,
    x: torch.Tensor,
    labels: torch.Tensor,
    settings: AttackSettings,
    steps: int,
) -> list[float]:
    """The tutorial's loop, written as it is taught."""
    device = model_device(user_model)
    x, labels = x.to(device), labels.to(device)
    epsilon = settings.eps
    delta = torch.zeros_like(x, requires_grad=True)
    opt = torch.optim.SGD([delta], lr=settings.step_size)
    stamps = []
    for _ in range(steps):
        pred = user_model(x + delta)
        loss = -F.cross_entropy(pred, labels)
        opt.zero_grad()
        loss.backward()
        opt.step()
        delta.data.clamp_(-epsilon, epsilon)
        if device.type != "cuda" or len(stamps) == 0:
            synchronize(device)
            stamps.append(time.perf_counter())
    synchronize(device)
    user_model.zero_grad(set_to_none=True)  # each run starts as the tutorial does
    if device.type == "cuda":
        return [(time.perf_counter() - stamps[0]) / (steps - 1)]
    return _intervals(stamps)


def torchattacks_available() -> bool:
    try:
        import torchattacks  # noqa: F401
    except Exception:  # noqa: BLE001 - missing, or broken by its own dependencies
        return False
    return True


def torchattacks_step(
    user_model: nn.Module,
    x: torch.Tensor,
    labels: torch.Tensor,
    settings: AttackSettings,
    steps: int,
) -> list[float]:
    import torchattacks

    device = model_device(user_model)
    x, labels = x.to(device), labels.to(device)
    attack = torchattacks.PGD(
        user_model,
        eps=settings.eps,
        alpha=settings.step_size,
        steps=steps,
        random_start=settings.random_start,
    )
    stamps: list[float] = []
    hook = user_model.register_forward_pre_hook(lambda m, a: stamps.append(time.perf_counter()))
    try:
        synchronize(device)
        t0 = time.perf_counter()
        attack(x, labels)
        synchronize(device)
        total = time.perf_counter() - t0
    finally:
        hook.remove()
    if device.type == "cuda" or len(stamps) < 2:
        return [total / steps]
    return _intervals(stamps)


def bare_run(
    model: nn.Module, x: torch.Tensor, labels: torch.Tensor, settings: AttackSettings
) -> list[float]:
    """A whole run, as the window would start it: one sample, seconds per step."""
    t0 = time.perf_counter()
    AttackRun(model, x, labels, settings).run()
    return [(time.perf_counter() - t0) / settings.effective_steps]
