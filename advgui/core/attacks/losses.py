"""Attack objectives, per image, to be maximised."""

from __future__ import annotations

import torch
import torch.nn.functional as F

from advgui.core.settings import Loss


def _best_other(logits: torch.Tensor, exclude: torch.Tensor) -> torch.Tensor:
    """Largest logit of each row other than column ``exclude``."""
    masked = logits.scatter(1, exclude.view(-1, 1), float("-inf"))
    return masked.amax(dim=1)


def objective(
    logits: torch.Tensor,
    labels: torch.Tensor,
    target: torch.Tensor | None,
    loss: Loss,
) -> torch.Tensor:
    """The quantity each attack step increases, one value per image.

    - ``ce``, untargeted: CE(true) (the tutorial's ``-loss`` is minimised).
    - ``ce``, targeted: CE(true) - CE(target), as in the tutorial.
    - ``margin``, untargeted: max_{j != true} z_j - z_true (Carlini-Wagner).
    - ``margin``, targeted: z_target - max_{j != target} z_j.
    - ``dlr``, untargeted: -(z_true - max_{j != true} z_j) / (z_pi1 - z_pi3), the difference
      of logits ratio of Croce & Hein (2020), with z_pi the logits sorted in decreasing
      order; invariant to shifting and scaling the logits.
    - ``dlr``, targeted: -(z_true - z_target) / (z_pi1 - (z_pi3 + z_pi4) / 2), the paper's
      targeted form.
    The goal is met once a margin objective is above 0.
    """
    if loss is Loss.DLR:
        return _dlr(logits, labels, target)
    if loss is Loss.CE:
        value = F.cross_entropy(logits, labels, reduction="none")
        if target is not None:
            value = value - F.cross_entropy(logits, target, reduction="none")
        return value
    if target is None:
        return _best_other(logits, labels) - logits.gather(1, labels.view(-1, 1)).squeeze(1)
    return logits.gather(1, target.view(-1, 1)).squeeze(1) - _best_other(logits, target)


#: Keeps the DLR's denominator away from zero (the paper's 1e-12).
_DLR_TINY = 1e-12


def _dlr(logits: torch.Tensor, labels: torch.Tensor, target: torch.Tensor | None) -> torch.Tensor:
    top = logits.topk(min(4, logits.shape[1]), dim=1).values
    z_true = logits.gather(1, labels.view(-1, 1)).squeeze(1)
    if target is None:
        return -(z_true - _best_other(logits, labels)) / (top[:, 0] - top[:, 2] + _DLR_TINY)
    z_target = logits.gather(1, target.view(-1, 1)).squeeze(1)
    scale = top[:, 0] - (top[:, 2] + top[:, 3]) / 2
    return -(z_true - z_target) / (scale + _DLR_TINY)
