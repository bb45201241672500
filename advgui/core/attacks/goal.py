"""What an attack is trying to achieve, as one object that can judge a batch of logits.

    goal = Goal.from_settings(settings, labels)
    goal.met(model(x + delta))   # tensor([True, False, ...]): one verdict per image

Two goals exist: ``Misclassified`` (untargeted: the top-1 class differs from the image's
label) and ``ReachedClass`` (targeted: the top-1 class is the target). The attack loop's
step records, grid refinement and the saved-PNG check all ask the same object, so they
can never disagree about what "success" means.
"""

from __future__ import annotations

from abc import ABC, abstractmethod

import torch

from advgui.core.settings import AttackSettings


class Goal(ABC):
    """A rule that says, per image, whether a prediction counts as a successful attack."""

    #: True when the goal names one class to reach.
    targeted: bool = False

    @staticmethod
    def from_settings(settings: AttackSettings, labels: torch.Tensor) -> Goal:
        """The goal of an attack with ``settings`` on images whose classes are ``labels``.

        Args:
            settings: ``settings.target`` None means untargeted, a class index targeted.
            labels: shape N, the classes the attack moves away from (any device).
        """
        return Goal.for_target(settings.target, labels)

    @staticmethod
    def for_target(target: int | None, labels: torch.Tensor) -> Goal:
        """``ReachedClass(target)`` for a class index, ``Misclassified(labels)`` for None."""
        if target is None:
            return Misclassified(labels)
        return ReachedClass(target)

    def met(self, logits: torch.Tensor) -> torch.Tensor:
        """One bool per image: whether its top-1 class meets the goal.

        Args:
            logits: N x classes, logits or probabilities (the top-1 is the same), any
                device; the verdict is a bool tensor of shape N on that device.
        """
        if logits.dim() != 2:
            raise ValueError(f"logits must be N x classes, got {tuple(logits.shape)}")
        return self.met_by_top1(logits.argmax(dim=1))

    @abstractmethod
    def met_by_top1(self, top1: torch.Tensor) -> torch.Tensor:
        """The same verdict from the top-1 class indices (shape N, integer) already known."""


class Misclassified(Goal):
    """Untargeted: met when the top-1 class is not the image's label."""

    def __init__(self, labels: torch.Tensor) -> None:
        if labels.dim() != 1:
            raise ValueError(f"labels must have shape N, got {tuple(labels.shape)}")
        self.labels = labels.detach().long()

    def met_by_top1(self, top1: torch.Tensor) -> torch.Tensor:
        if top1.shape != self.labels.shape:
            raise ValueError(
                f"{top1.shape[0] if top1.dim() else 1} predictions for "
                f"{self.labels.shape[0]} labels"
            )
        return top1 != self.labels.to(top1.device)

    def __repr__(self) -> str:
        return f"Misclassified(labels={self.labels.tolist()})"


class ReachedClass(Goal):
    """Targeted: met when the top-1 class is ``target``."""

    targeted = True

    def __init__(self, target: int) -> None:
        if isinstance(target, bool) or not isinstance(target, int) or target < 0:
            raise ValueError(f"target must be a class index, got {target!r}")
        self.target = target

    def met_by_top1(self, top1: torch.Tensor) -> torch.Tensor:
        return top1 == self.target

    def __repr__(self) -> str:
        return f"ReachedClass({self.target})"
