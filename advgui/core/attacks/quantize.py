"""Make the 8-bit image itself adversarial.

Saving to PNG rounds every pixel to a multiple of 1/255; that can undo a perturbation
of 2/255. ``refine_on_grid`` rounds, checks the goal, and while it is not met takes
further steps whose results are again rounded onto the grid, inside the eps-ball.
"""

from __future__ import annotations

import torch
from torch import nn

from advgui.core.attacks.goal import Goal
from advgui.core.attacks.losses import objective
from advgui.core.norms import clip_to_image, get_norm
from advgui.core.settings import AttackSettings, Norm


def snap_to_grid(x: torch.Tensor, delta: torch.Tensor, settings: AttackSettings) -> torch.Tensor:
    """The 8-bit image nearest to ``x + delta``; under L-inf, kept inside the eps-ball
    wherever the ball contains a grid point (it does whenever eps >= 1/255)."""
    z = (x + delta).clamp(0, 1).mul(255).round()
    if settings.norm is Norm.LINF:
        lo = (x - settings.eps).mul(255).sub(1e-4).ceil().clamp(0, 255)
        hi = (x + settings.eps).mul(255).add(1e-4).floor().clamp(0, 255)
        ok = lo <= hi
        z = torch.where(ok, torch.minimum(torch.maximum(z, lo), hi), z)
    return z / 255


def goal_met(logits: torch.Tensor, labels: torch.Tensor, target: int | None) -> torch.Tensor:
    """``Goal.for_target(target, labels).met(logits)``: one bool per image."""
    return Goal.for_target(target, labels).met(logits)


def refine_on_grid(
    model: nn.Module,
    x: torch.Tensor,
    delta: torch.Tensor,
    labels: torch.Tensor,
    settings: AttackSettings,
    *,
    max_steps: int = 50,
) -> tuple[torch.Tensor, int]:
    """Return (8-bit adversarial image, extra steps taken), on the device of ``x``.

    Stops as soon as every image meets the goal after rounding, or after ``max_steps``.
    The step is one grey level (1/255) under L-inf and eps/10 under L2.
    """
    norm = get_norm(settings.norm)
    step = 1 / 255 if settings.norm is Norm.LINF else settings.eps / 10
    target_t = None if settings.target is None else torch.full_like(labels, settings.target)
    goal = Goal.from_settings(settings, labels)
    delta = delta.detach().clone()
    for k in range(max_steps + 1):
        xq = snap_to_grid(x, delta, settings).requires_grad_(True)
        with torch.enable_grad():
            logits = model(xq)
            if bool(goal.met(logits.detach()).all()) or k == max_steps:
                return xq.detach(), k
            obj = objective(logits, labels, target_t, settings.loss)
            (grad,) = torch.autograd.grad(obj.sum(), xq)
        with torch.no_grad():
            moved = xq.detach() - x + step * norm.direction(grad)
            delta = clip_to_image(x, norm.project(moved, settings.eps))
    raise AssertionError("unreachable")
