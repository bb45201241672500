"""What is timed: each function does one measured run and returns seconds per unit.

- ``forward``: inference (``torch.inference_mode``), ``n`` passes, seconds per pass.
- ``advgui_step``: an ``AttackRun`` of ``steps`` steps; a step is the time between two
  consecutive step records (update, forward, input-gradient backward, the record's one
  host transfer), so the run's setup and its final evaluation pass are left out.
- ``tutorial_step``: the tutorial's loop on a trainable model: ``torch.optim.SGD`` on
  delta, ``loss.backward()`` (which also fills every weight's ``.grad``), the clamp.
- ``torchattacks_step``: ``torchattacks.PGD`` with the same eps, step and steps, the
  whole call divided by its steps.
- ``bare_run``: ``AttackRun(...).run()`` start to end, per step (set against the GUI
  worker, see ``gui_worker``).
"""

from __future__ import annotations

import time

import torch
import torch.nn.functional as F
from torch import nn

from advgui.bench.timing import synchronize
from advgui.core.attacks import AttackRun
from advgui.core.attacks.engine import model_device
from advgui.core.settings import AttackSettings


def forward(model: nn.Module, x: torch.Tensor, n: int) -> float:
    device = model_device(model)
    x = x.to(device)
    synchronize(device)
    t0 = time.perf_counter()
    with torch.inference_mode():
        for _ in range(n):
            model(x)
    synchronize(device)
    return (time.perf_counter() - t0) / n


def advgui_step(
    model: nn.Module,
    x: torch.Tensor,
    labels: torch.Tensor,
    settings: AttackSettings,
    steps: int,
    **options: object,
) -> float:
    """Seconds per step of an ``AttackRun`` (``steps`` >= 2), from its step records."""
    run = AttackRun(model, x, labels, settings.replace(steps=steps, early_stop=False), **options)
    stamps = []
    for _ in run:
        stamps.append(time.perf_counter())
    # stamps[k] follows step k's gradient; the last one follows the final evaluation.
    return (stamps[steps - 1] - stamps[0]) / (steps - 1)


def tutorial_step(
    user_model: nn.Module,
    x: torch.Tensor,
    labels: torch.Tensor,
    settings: AttackSettings,
    steps: int,
) -> float:
    """The tutorial's loop, written as it is taught; seconds per step after the first."""
    device = model_device(user_model)
    x, labels = x.to(device), labels.to(device)
    epsilon = settings.eps
    delta = torch.zeros_like(x, requires_grad=True)
    opt = torch.optim.SGD([delta], lr=settings.step_size)
    t0 = 0.0
    for t in range(steps):
        if t == 1:  # the first step also allocates every weight's .grad
            synchronize(device)
            t0 = time.perf_counter()
        pred = user_model(x + delta)
        loss = -F.cross_entropy(pred, labels)
        opt.zero_grad()
        loss.backward()
        opt.step()
        delta.data.clamp_(-epsilon, epsilon)
    synchronize(device)
    elapsed = time.perf_counter() - t0
    user_model.zero_grad(set_to_none=True)  # each run starts as the tutorial does
    return elapsed / (steps - 1)


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
) -> float:
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
    synchronize(device)
    t0 = time.perf_counter()
    attack(x, labels)
    synchronize(device)
    return (time.perf_counter() - t0) / steps


def bare_run(
    model: nn.Module, x: torch.Tensor, labels: torch.Tensor, settings: AttackSettings
) -> float:
    """A whole run, as the window would start it, seconds per step."""
    t0 = time.perf_counter()
    AttackRun(model, x, labels, settings).run()
    return (time.perf_counter() - t0) / settings.effective_steps
