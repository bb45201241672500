"""The tutorial's update: a torch optimizer (SGD or Adam) takes a step on delta.

The tutorial minimises ``-objective`` with ``optimizer.step()``; here the gradient comes
from ``torch.autograd.grad`` on the input only, so no weight gradient is computed.
"""

from __future__ import annotations

import torch

from advgui.core.attacks.update import Evaluation, Update
from advgui.core.norms import BallNorm
from advgui.core.settings import AttackSettings


class OptimizerUpdate(Update):
    optimizer_class: type[torch.optim.Optimizer]

    def __init__(self, delta: torch.Tensor, settings: AttackSettings, norm: BallNorm) -> None:
        super().__init__(delta, settings, norm)
        self.optimizer = self.optimizer_class([delta], lr=settings.step_size)

    def step(self, delta: torch.Tensor, ev: Evaluation) -> None:
        delta.grad = -ev.grad  # the optimizer minimises; we increase the objective
        self.optimizer.step()
        delta.grad = None


class SGDUpdate(OptimizerUpdate):
    """Plain SGD on delta, learning rate = step size (the tutorial: 0.1 or 5e-3)."""

    optimizer_class = torch.optim.SGD


class AdamUpdate(OptimizerUpdate):
    """Adam on delta, learning rate = step size."""

    optimizer_class = torch.optim.Adam
