"""Keeping the best point a run has found, per image: a choice any attack can make.

Two orders, both putting a point that meets the goal before one that does not:

- ``"objective"`` (APGD, or any attack with ``keep_best``): then the higher objective;
- ``"norm"`` (the minimal-norm attacks): then the smaller perturbation, in the run's norm
  (between two points that both miss the goal, the higher objective, as above).

``offer`` is called with every state of delta the run records; ``delta`` is the best
point so far, ``step`` the step it was recorded at, per image.
"""

from __future__ import annotations

import torch

from advgui.core.norms import BallNorm

ORDERS = ("objective", "norm")


class BestPoint:
    """The best delta seen so far for each image of a batch (see the module docstring)."""

    def __init__(self, delta: torch.Tensor, norm: BallNorm, order: str) -> None:
        if order not in ORDERS:
            raise ValueError(f"order must be one of {ORDERS}, got {order!r}")
        self.norm, self.order = norm, order
        n = delta.shape[0]
        self.delta = delta.detach().clone()
        self.step = torch.full((n,), -1, dtype=torch.long)
        self.met = torch.zeros(n, dtype=torch.bool, device=delta.device)
        self.objective = torch.full((n,), -torch.inf, device=delta.device)
        self.size = torch.full((n,), torch.inf, device=delta.device)

    def offer(
        self, step: int, delta: torch.Tensor, objective: torch.Tensor, met: torch.Tensor
    ) -> torch.Tensor:
        """Keep ``delta`` for the images where it beats the best so far; returns which."""
        met = met.to(self.met.device)
        objective = objective.detach().float()
        size = self.norm.size(delta.detach()).float()
        second = objective > self.objective
        if self.order == "norm":  # among adversarial points the smaller wins
            second = torch.where(met & self.met, size < self.size, second)
        better = (met & ~self.met) | ((met == self.met) & second)
        better |= self.step.to(better.device) < 0  # the first offer always counts
        if bool(better.any()):
            self.delta[better] = delta.detach()[better]
            self.met = torch.where(better, met, self.met)
            self.objective = torch.where(better, objective, self.objective)
            self.size = torch.where(better, size, self.size)
            self.step[better.cpu()] = step
        return better

    def adversarial_size(self) -> list[float | None]:
        """Per image, the norm of the best point if it meets the goal, else None."""
        return [s if m else None for s, m in zip(self.size.tolist(), self.met.tolist())]
