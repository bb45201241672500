"""Steepest-ascent steps: FGSM (one step of eps), BIM / PGD (many steps of step size).

Under L-inf the direction is the sign of the gradient; under L2 the gradient over its
norm. With ``random_start`` the iterative form is PGD (Madry et al.), without it BIM.
"""

from __future__ import annotations

import torch

from advgui.core.attacks.update import Evaluation, Update


class SignUpdate(Update):
    """``delta += step_size * direction(grad)``."""

    def step(self, delta: torch.Tensor, ev: Evaluation) -> None:
        delta.add_(self.norm.direction(ev.grad), alpha=self.settings.step_size)


class FGSMUpdate(Update):
    """One step of the full budget: ``delta += eps * direction(grad)``."""

    def step(self, delta: torch.Tensor, ev: Evaluation) -> None:
        delta.add_(self.norm.direction(ev.grad), alpha=self.settings.eps)
