"""The interface every update rule implements."""

from __future__ import annotations

from abc import ABC, abstractmethod

import torch

from advgui.core.norms import BallNorm
from advgui.core.settings import AttackSettings


class Update(ABC):
    """Changes ``delta`` in place from the gradient of the objective (to be increased).

    The engine projects onto the eps-ball and into the image box afterwards; an update
    never clips on its own.
    """

    def __init__(self, delta: torch.Tensor, settings: AttackSettings, norm: BallNorm) -> None:
        self.settings = settings
        self.norm = norm

    @abstractmethod
    def step(self, delta: torch.Tensor, grad: torch.Tensor) -> None:
        """Move ``delta`` (in place, under no_grad) along ``grad``."""
