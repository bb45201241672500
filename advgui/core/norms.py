"""Norm maths in one place: random start, steepest-ascent direction, projection, size.

Every attack works on a perturbation ``delta`` of shape N x C x H x W and calls only
these methods; no attack writes its own clipping code.
"""

from __future__ import annotations

from abc import ABC, abstractmethod

import torch

from advgui.core.settings import Norm

_TINY = 1e-12


def _flat_norm(t: torch.Tensor, p: float) -> torch.Tensor:
    """Per-sample p-norm, shaped N x 1 x 1 x 1 for broadcasting."""
    n = t.flatten(1).norm(p=p, dim=1)
    return n.view(-1, *([1] * (t.dim() - 1)))


class BallNorm(ABC):
    name: Norm

    @abstractmethod
    def random_start(self, like: torch.Tensor, eps: float, gen: torch.Generator) -> torch.Tensor:
        """A random point of the eps-ball, shaped like ``like``."""

    @abstractmethod
    def direction(self, grad: torch.Tensor) -> torch.Tensor:
        """Unit steepest-ascent direction for this norm (sign for L-inf)."""

    @abstractmethod
    def project(self, delta: torch.Tensor, eps: float) -> torch.Tensor:
        """Closest point of the eps-ball to ``delta``."""

    @abstractmethod
    def size(self, delta: torch.Tensor) -> torch.Tensor:
        """Per-sample norm of ``delta``, shape N."""


class LinfNorm(BallNorm):
    name = Norm.LINF

    def random_start(self, like, eps, gen):
        u = torch.rand(like.shape, generator=gen, dtype=like.dtype, device=gen.device)
        return ((2 * u - 1) * eps).to(like.device)

    def direction(self, grad):
        return grad.sign()

    def project(self, delta, eps):
        return delta.clamp(-eps, eps)

    def size(self, delta):
        return delta.flatten(1).abs().amax(dim=1)


class L2Norm(BallNorm):
    name = Norm.L2

    def random_start(self, like, eps, gen):
        # Uniform in the ball: a Gaussian direction and a radius eps * U^(1/d).
        g = torch.randn(like.shape, generator=gen, dtype=like.dtype, device=gen.device)
        d = g[0].numel()
        r = torch.rand((like.shape[0],), generator=gen, dtype=like.dtype, device=gen.device)
        r = (r ** (1.0 / d)).view(-1, *([1] * (like.dim() - 1)))
        return (g / _flat_norm(g, 2).clamp_min(_TINY) * r * eps).to(like.device)

    def direction(self, grad):
        return grad / _flat_norm(grad, 2).clamp_min(_TINY)

    def project(self, delta, eps):
        factor = (eps / _flat_norm(delta, 2).clamp_min(_TINY)).clamp(max=1.0)
        return delta * factor

    def size(self, delta):
        return delta.flatten(1).norm(p=2, dim=1)


NORMS: dict[Norm, BallNorm] = {Norm.LINF: LinfNorm(), Norm.L2: L2Norm()}


def get_norm(norm: Norm | str) -> BallNorm:
    return NORMS[Norm(norm)]


def clip_to_image(x: torch.Tensor, delta: torch.Tensor) -> torch.Tensor:
    """The delta that keeps ``x + delta`` in [0, 1] (the tutorial forgets this)."""
    return (x + delta).clamp(0.0, 1.0) - x


def l1_normalise(grad: torch.Tensor) -> torch.Tensor:
    """Gradient divided by its per-sample mean absolute value (MI-FGSM)."""
    return grad / grad.flatten(1).abs().mean(dim=1).clamp_min(_TINY).view(
        -1, *([1] * (grad.dim() - 1))
    )
