"""Constants and small models shared by the core tests."""

from __future__ import annotations

import torch
from torch import nn

#: ImageNet classes the offline model gives the bundled samples (measured, see issue 2).
CAT_CLASS = 285  # Egyptian cat
ESPRESSO_CLASS = 967  # espresso
AIRLINER_CLASS = 404

#: Side of the centre-cropped samples used where a full 224 x 336 run is not needed;
#: at 128 the offline model still calls them "Egyptian cat" and "espresso".
SMALL = 128

#: Float32 slack for comparisons after ``(x + d).clamp(0, 1) - x`` (a few ulps of 1).
ULP = 1e-6


class LinearClassifier(nn.Module):
    """Logits ``[0, w . x]`` over the flattened pixels of N x 3 x H x W input in [0, 1].

    For label 0 the cross-entropy is ``log(1 + exp(w . x))``, whose gradient with
    respect to x is ``p1 * w`` (p1 > 0): it points along ``w`` exactly, so one FGSM step
    moves each pixel by ``eps * sign(w)`` (L-inf) or ``eps * w / ||w||`` (L2).
    """

    def __init__(self, w: torch.Tensor) -> None:
        super().__init__()
        self.w = nn.Parameter(w.flatten().clone(), requires_grad=False)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        s = x.flatten(1) @ self.w
        return torch.stack([torch.zeros_like(s), s], dim=1)


def in_image_box(x: torch.Tensor, delta: torch.Tensor) -> bool:
    """Whether ``x + delta`` lies in [0, 1] exactly (no tolerance)."""
    adv = x + delta
    return bool(adv.min() >= 0) and bool(adv.max() <= 1)
