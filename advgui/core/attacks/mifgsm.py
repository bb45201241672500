"""MI-FGSM (Dong et al. 2018): steepest ascent on a momentum of L1-normalised gradients."""

from __future__ import annotations

import torch

from advgui.core.attacks.update import Evaluation, Update
from advgui.core.norms import BallNorm, l1_normalise
from advgui.core.settings import AttackSettings


class MomentumUpdate(Update):
    """``g = decay * g + grad / mean|grad|``; ``delta += step_size * direction(g)``."""

    def __init__(self, delta: torch.Tensor, settings: AttackSettings, norm: BallNorm) -> None:
        super().__init__(delta, settings, norm)
        self.momentum = torch.zeros_like(delta)

    def step(self, delta: torch.Tensor, ev: Evaluation) -> None:
        self.momentum.mul_(self.settings.decay).add_(l1_normalise(ev.grad))
        delta.add_(self.norm.direction(self.momentum), alpha=self.settings.step_size)
