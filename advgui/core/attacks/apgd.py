"""APGD, Auto-PGD (Croce & Hein, "Reliable evaluation of adversarial robustness with an
ensemble of diverse parameter-free attacks", ICML 2020, Section 3 and its Algorithm 1).

PGD with no step size to tune: the step size starts at ``eta = 2 * eps`` and is halved,
per image, at checkpoints where progress stalls; each halving restarts from the best
point found so far, and every step after the first carries momentum. Given about 30
steps or more it climbs the objective further than PGD with a fixed step.

What this module follows, in the paper's terms:

- The step with momentum (Section 3.1), with ``P`` the projection onto the eps-ball and
  the image box::

      z(k+1) = P(x(k) + eta(k) * d(k))
      x(k+1) = P(x(k) + alpha * (z(k+1) - x(k)) + (1 - alpha) * (x(k) - x(k-1)))

  with ``alpha = 0.75``; the first step is a plain one, ``x(1) = z(1)``. ``d`` is the
  norm's steepest-ascent direction from ``norms``: ``sign(g)`` for L-inf and
  ``g / ||g||_2`` for L2 (the paper's L2 version).
- The checkpoints (Section 3.2) ``w_j = ceil(p_j * N_iter)`` with ``p_0 = 0``,
  ``p_1 = 0.22`` and ``p_(j+1) = p_j + max(p_j - p_(j-1) - 0.03, 0.06)`` (``checkpoints``).
- At each checkpoint the step size is halved where (``halve``)

  Condition 1: the objective rose in fewer than ``rho = 0.75`` of the steps since the
  last checkpoint, ``#{i in [w_(j-1), w_j): f(x(i+1)) > f(x(i))} < rho * (w_j - w_(j-1))``;
  Condition 2: the step size was not halved at the last checkpoint and the best
  objective has not risen since;

  and there the next step starts from ``x_max``, the best point so far (by objective),
  with its gradient, kept from when it was evaluated, so a restart costs no pass.

Checkpoint ``w_j`` is judged once ``x(w_j)`` has been evaluated, when every term of
Condition 1 (the last is ``f(x(w_j)) > f(x(w_j - 1))``) is known, and the step from it
then starts at ``x_max`` instead. Algorithm 1 evaluates one more point, ``x(w_j + 1)``,
before replacing it by ``x_max``; skipping that wasted evaluation is what AutoAttack's
code does too. ``N_iter`` is ``settings.steps``; ``settings.step_size`` is not used.

AutoAttack's code (and torchattacks, which ports it) spaces the checkpoints with
integers, ``int(0.22 N)`` then gaps shrinking by ``int(0.03 N)`` to at least
``int(0.06 N)``, halves when exactly ``rho`` of the steps rose, and never applies
Condition 2 at the first checkpoint. For 100 steps (and multiples) its checkpoints are
the paper's; for 20 it checks at 4, 7, 9, 10, 11, ... where the paper says 5, 9, 12, 14,
16, 18, 19. This module follows the paper.

The engine keeps the run's result (``keep_best``: the goal met first, then the highest
objective); ``x_max`` here is the paper's, by objective alone, for the restarts only.
The loss is the engine's objective: ``ce``, ``dlr`` (with a target, the paper's targeted
DLR, which APGD-T uses) or ``margin``.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import torch

from advgui.core.attacks.update import Evaluation, Update
from advgui.core.norms import BallNorm, clip_to_image
from advgui.core.settings import AttackSettings

if TYPE_CHECKING:
    from advgui.core.attacks.engine import AttackRun

#: Momentum weight of Eq. 3 (the paper's alpha).
ALPHA = 0.75
#: Condition 1's threshold: the fraction of steps since the last checkpoint that must
#: raise the objective for the step size to be kept.
RHO = 0.75
#: The initial step size, as a multiple of eps (both norms).
INITIAL_STEP = 2.0
#: The checkpoint schedule's constants in hundredths (p_1 = 0.22, shrink 0.03, at least
#: 0.06), kept as integers so that ceil(p_j * N_iter) is exact.
_P1, _SHRINK, _MIN_GAP = 22, 3, 6


def checkpoints(n_iter: int) -> list[int]:
    """The paper's checkpoints ``w_j = ceil(p_j * n_iter)``, in increasing order and at
    most ``n_iter``, without repeats (0 is ``w_0``; for 100 steps 0, 22, 41, ..., 99)."""
    p_prev, p = 0, _P1
    out = [0]
    while p <= 100:
        w = -(-p * n_iter // 100)  # ceil, in integers
        if w > out[-1]:
            out.append(w)
        p_prev, p = p, p + max(p - p_prev - _SHRINK, _MIN_GAP)
    return out


def halve(
    increases: torch.Tensor,
    interval: int,
    halved_last: torch.Tensor,
    best: torch.Tensor,
    best_last: torch.Tensor,
    rho: float = RHO,
) -> torch.Tensor:
    """Which images halve their step size at a checkpoint (conditions 1 and 2).

    Args:
        increases: per image, how many of the ``interval`` steps since the last checkpoint
            raised the objective.
        interval: ``w_j - w_(j-1)``.
        halved_last: per image, whether the step size was halved at the last checkpoint.
        best, best_last: per image, the best objective now and at the last checkpoint.
    """
    condition_1 = increases.float() < rho * interval
    condition_2 = ~halved_last & (best <= best_last)
    return condition_1 | condition_2


class APGDUpdate(Update):
    """Auto-PGD's step, step-size schedule and restarts (see the module docstring).

    ``step_size`` holds each image's current eta (in pixel units), ``restarts`` how many
    times each image has halved it and gone back to its best point.
    """

    def __init__(self, delta: torch.Tensor, settings: AttackSettings, norm: BallNorm) -> None:
        super().__init__(delta, settings, norm)
        n = delta.shape[0]
        self.radius = settings.radius
        self.step_size = torch.full((n,), INITIAL_STEP * self.radius, device=delta.device)
        self.restarts = torch.zeros(n, dtype=torch.long)
        self.checkpoints = frozenset(checkpoints(settings.steps))
        self._k = 0  # the index of the point the next step starts from, x(k)
        self._x: torch.Tensor | None = None  # the clean images, for the box in P
        self._previous = delta.detach().clone()  # x(k-1)
        self._best = delta.detach().clone()  # x_max
        self._best_grad = torch.zeros_like(delta)
        self._best_objective = torch.full((n,), -math.inf, device=delta.device)
        self._last_objective = torch.full((n,), -math.inf, device=delta.device)
        self._increases = torch.zeros(n, dtype=torch.long, device=delta.device)
        self._last_check = 0
        self._best_at_check = torch.full((n,), -math.inf, device=delta.device)
        self._halved_at_check = torch.zeros(n, dtype=torch.bool, device=delta.device)

    def evaluate(self, run: AttackRun, delta: torch.Tensor, *, grad: bool = True) -> Evaluation:
        # The step projects onto the box too (P in Eq. 3), which needs the clean images.
        self._x = run.x
        return super().evaluate(run, delta, grad=grad)

    def _project(self, delta: torch.Tensor) -> torch.Tensor:
        if self._x is None:
            raise RuntimeError("APGDUpdate.step needs evaluate() first (it brings the images)")
        return clip_to_image(self._x, self.norm.project(delta, self.radius))

    def _per_image(self, t: torch.Tensor) -> torch.Tensor:
        return t.view(-1, *([1] * (self._best.dim() - 1)))

    def step(self, delta: torch.Tensor, ev: Evaluation) -> None:
        k, f, grad = self._k, ev.objective.detach().float(), ev.grad
        if k > 0:
            self._increases += f > self._last_objective
        self._last_objective = f
        better = f > self._best_objective
        if k == 0:
            self._best_at_check = f.clone()  # f_max at w_0 = 0
        if bool(better.any()):
            self._best[better] = delta[better]
            self._best_grad[better] = grad[better]
            self._best_objective = torch.where(better, f, self._best_objective)
        if k > 0 and k in self.checkpoints:
            grad = self._checkpoint(k, delta, grad)
        eta = self._per_image(self.step_size)
        z = self._project(delta + eta * self.norm.direction(grad))
        if k == 0:
            new = z
        else:
            new = self._project(
                delta + ALPHA * (z - delta) + (1 - ALPHA) * (delta - self._previous)
            )
        self._previous.copy_(delta)
        delta.copy_(new)
        self._k = k + 1

    def _checkpoint(self, k: int, delta: torch.Tensor, grad: torch.Tensor) -> torch.Tensor:
        """Halve the step size where conditions 1 or 2 hold and move those images back to
        their best point (in place in ``delta``); returns the gradient to step along."""
        flags = halve(
            self._increases,
            k - self._last_check,
            self._halved_at_check,
            self._best_objective,
            self._best_at_check,
        )
        self._last_check = k
        self._increases.zero_()
        self._halved_at_check = flags
        self._best_at_check = self._best_objective.clone()
        if not bool(flags.any()):
            return grad
        self.step_size = torch.where(flags, self.step_size / 2, self.step_size)
        self.restarts += flags.cpu().long()
        delta[flags] = self._best[flags]
        return torch.where(self._per_image(flags), self._best_grad, grad)
