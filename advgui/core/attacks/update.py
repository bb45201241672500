"""The interface every attack's update rule implements, and what it sees of each step.

The engine (``engine.AttackRun``) runs the loop: it asks the update to ``evaluate`` the
current delta, makes the step record from that evaluation, then asks it to ``step``.
Most updates need only the objective's gradient, which the default ``evaluate`` computes
(one forward and one backward pass). An attack that needs something else overrides it:
DeepFool takes the gradients of several classes, Square only queries the scores (and
reuses the scores of the point it accepted last, so a query is never spent twice).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import torch

from advgui.core.norms import BallNorm
from advgui.core.settings import AttackSettings

if TYPE_CHECKING:
    from advgui.core.attacks.engine import AttackRun


@dataclass
class Evaluation:
    """The model at ``x + delta``: what a step record and an update are made from.

    ``grad`` is the gradient of the objective's sum with respect to delta (None where no
    gradient was taken); ``extra`` holds whatever else an update computed for itself.
    """

    logits: torch.Tensor  # N x classes, detached, float32
    objective: torch.Tensor  # N, the quantity the attack increases (losses.objective)
    grad: torch.Tensor | None = None  # N x 3 x H x W
    met: torch.Tensor | None = None  # N bools: whether the point meets the run's goal
    extra: Any = None


class Update(ABC):
    """Changes ``delta`` in place from an evaluation of the current point.

    The engine projects onto the eps-ball (when there is one) and into the image box
    afterwards; an update that needs its own projection (a shrinking ball, say) does it
    itself, and never has to clip to the image box.

    Class attributes an update may change:
        counts_queries: the step record counts model queries per image (``queries``).
    """

    counts_queries = False

    def __init__(self, delta: torch.Tensor, settings: AttackSettings, norm: BallNorm) -> None:
        self.settings = settings
        self.norm = norm
        #: Model queries (forward passes) per image so far; see ``counts_queries``.
        self.queries = torch.zeros(delta.shape[0], dtype=torch.long)

    def evaluate(self, run: AttackRun, delta: torch.Tensor, *, grad: bool = True) -> Evaluation:
        """The model at ``run.x + delta``; with ``grad`` the objective's gradient too
        (False for the last state of a run, which is recorded but not updated from)."""
        self.queries += 1
        return run.evaluate(delta, grad=grad)

    @abstractmethod
    def step(self, delta: torch.Tensor, ev: Evaluation) -> None:
        """Move ``delta`` (in place, under no_grad) using ``ev``, its evaluation."""
