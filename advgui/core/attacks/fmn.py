"""FMN, the Fast Minimum-Norm attack (Pintor, Roli, Brendel & Biggio, "Fast Minimum-norm
Adversarial Attacks through Adaptive Norm Constraints", NeurIPS 2021): gradient steps
inside an L-p ball whose radius epsilon adapts, shrinking while the point is
adversarial and growing while it is not, so the search slides along the decision
boundary towards smaller perturbations.

One step, as in the paper's Algorithm 1, with the engine's margin objective
``m = max_{j != y} z_j - z_y`` (targeted: ``z_t - max_{j != t} z_j``; the paper's loss
is ``-m``, and ``m > 0`` means adversarial) and its gradient ``g``:

- epsilon: while no adversarial point has been found yet, the distance to
  the linearised boundary, ``||delta||_p + |m| / ||g||_q`` (q the dual exponent); once one
  has, ``epsilon * (1 - gamma_k)`` when the point is adversarial (but never above the
  smallest adversarial norm found) and ``epsilon * (1 + gamma_k)`` when it is not;
- delta: ``delta + alpha_k g / ||g||_2``, projected onto the epsilon-ball
  (the engine then clips to the image box and to the optional ``settings.eps``).

Both step sizes follow the paper's cosine annealing from step 0 to K = ``settings.steps``,
``h(a_0, a_K, k) = a_K + (a_0 - a_K) (1 + cos(k pi / K)) / 2``, with gamma_0 = 0.05,
gamma_K = 0.001 and alpha_K = alpha_0 / 100 (the authors' values). alpha_0 was measured
(100 steps, six 128 px crops of the two samples), not tuned per image. The authors' code
uses 1 for every norm: for L-inf 1 did better than 10 and as well as 0.1 (the
L2-normalised step is clipped to the epsilon-box anyway), but for L2 at ImageNet sizes,
where the smallest norms are 0.04-0.2, a step of 1 is 5-25 times epsilon and overwrites
delta with epsilon times the new gradient direction instead of refining it: it left three
of the six norms 20-30 % above those of alpha_0 = 0.1, the best of 1, 0.3, 0.1, 0.03 and
0.01. FMN ignores ``settings.step_size``, as APGD does. It always descends the logit
margin (that is the attack); ``settings.loss`` only chooses what the step records show.
The result is the smallest adversarial point recorded (``keep_best``, order "norm").
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import torch

from advgui.core.attacks.update import Evaluation, Update
from advgui.core.norms import BallNorm
from advgui.core.settings import AttackSettings, Loss, Norm

if TYPE_CHECKING:
    from advgui.core.attacks.engine import AttackRun

GAMMA_0, GAMMA_K = 0.05, 0.001
#: alpha_0, the first step's L2 length (see the module docstring).
ALPHA_0 = {Norm.L2: 0.1, Norm.LINF: 1.0}
#: alpha_K = alpha_0 / ALPHA_DECAY.
ALPHA_DECAY = 100.0

_TINY = 1e-12
_DUAL = {Norm.L2: 2.0, Norm.LINF: 1.0}


def _dual_size(g: torch.Tensor, norm: Norm) -> torch.Tensor:
    """``||g||_q`` per image (private: belongs in norms.py as ``BallNorm.dual_size``)."""
    return g.flatten(1).norm(p=_DUAL[norm], dim=1)


def cosine(start: float, end: float, k: int, total: int) -> float:
    """The paper's cosine annealing from ``start`` (k = 0) towards ``end`` (k = total)."""
    return end + (start - end) * (1 + math.cos(math.pi * k / total)) / 2


class FMNUpdate(Update):
    """The FMN step (see the module docstring); epsilon per image lives in ``epsilon``."""

    def __init__(self, delta: torch.Tensor, settings: AttackSettings, norm: BallNorm) -> None:
        super().__init__(delta, settings, norm)
        n = delta.shape[0]
        self.k = 0
        self.alpha_0 = ALPHA_0[norm.name]
        #: The adaptive bound epsilon_k of each image (0 until the first step sets it).
        self.epsilon = torch.zeros(n, device=delta.device)
        #: Per image: whether an adversarial point has been seen, and the smallest norm.
        self.found = torch.zeros(n, dtype=torch.bool, device=delta.device)
        self.best = torch.full((n,), math.inf, device=delta.device)

    def evaluate(self, run: AttackRun, delta: torch.Tensor, *, grad: bool = True) -> Evaluation:
        """With the margin loss, the engine's evaluation; with another loss, the margin's
        gradient and value (``extra``) besides the record's objective."""
        if not grad or self.settings.loss is Loss.MARGIN:
            return super().evaluate(run, delta, grad=grad)
        self.queries += 1
        return run.evaluate(delta, grad=True, grad_loss=Loss.MARGIN)

    def step(self, delta: torch.Tensor, ev: Evaluation) -> None:
        k, total = self.k, self.settings.steps
        self.k += 1
        gamma = cosine(GAMMA_0, GAMMA_K, k, total)
        alpha = cosine(self.alpha_0, self.alpha_0 / ALPHA_DECAY, k, total)
        margin = ev.objective if ev.extra is None else ev.extra
        met = ev.met.to(delta.device)
        g = ev.grad
        size = self.norm.size(delta)
        self.best = torch.where(met, torch.minimum(self.best, size), self.best)
        self.found |= met
        boundary = size + margin.abs() / _dual_size(g, self.norm.name).clamp_min(_TINY)
        self.epsilon = torch.where(
            met,
            torch.minimum(self.epsilon * (1 - gamma), self.best),
            torch.where(self.found, self.epsilon * (1 + gamma), boundary),
        )
        l2 = g.flatten(1).norm(p=2, dim=1).clamp_min(_TINY)
        delta.add_(g / l2.view(-1, *([1] * (g.dim() - 1))), alpha=alpha)
        # A radius per image: norms' projections broadcast an N x 1 x 1 x 1 radius.
        radius = self.epsilon.view(-1, *([1] * (delta.dim() - 1)))
        delta.copy_(self.norm.project(delta, radius))
