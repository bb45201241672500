"""Attacking what a JPEG of the image shows, so that the saved result survives JPEG.

A perturbation of a few grey levels is often undone when the image is saved as a JPEG:
the encoder rounds away exactly the fine detail an attack adds. Expectation over
transformation (EOT; Athalye, Engstrom, Ilyas & Kwok 2018) attacks the model's view of
the transformed image instead; here the transformation is one deterministic JPEG round
trip, so the expectation is that single value.

``jpeg_round_trip`` is the real thing: each image rounded to 8-bit RGB as Save rounds it
(``imaging.to_pil``), encoded by Pillow as a baseline JPEG at ``quality`` with Pillow's
other defaults (4:2:0 chroma subsampling: colour at half resolution both ways; libjpeg's
standard tables scaled by the quality; no optimisation, not progressive), then decoded.

``straight_through_jpeg`` is the form an attack's forward pass uses. Its value is the
decoded JPEG, exactly; its gradient passes through as if the round trip were the
identity. The round trip has no useful gradient (it rounds, and its rounding of DCT
coefficients is flat almost everywhere), so this is BPDA, the Backward Pass
Differentiable Approximation of Athalye, Carlini & Wagner 2018 ("Obfuscated Gradients
Give a False Sense of Security"), with the identity as the approximation: the round trip
changes an image by a few grey levels, so the model's gradient at the JPEG'd image is a
good direction for the image itself. It is the gradient of ``x + (jpeg(x) - x).detach()``,
but with the JPEG's own values in the forward pass (that sum can differ from them by one
float32 rounding).

    y = straight_through_jpeg(x, 75)   # y == jpeg_round_trip(x, 75); dy/dx = identity
    logits = model(y)

``JpegInput(model, quality)`` is a model that sees its input that way; an attack run with
``AttackSettings.eot_jpeg`` makes every forward pass through one.
"""

from __future__ import annotations

import io

import torch
from PIL import Image
from torch import nn

from advgui.core.imaging import from_pil, to_pil

#: The chroma subsampling of Pillow's JPEG encoder when it is not told one.
SUBSAMPLING = "4:2:0"


def _check_quality(quality: int) -> None:
    if isinstance(quality, bool) or not isinstance(quality, int) or not 1 <= quality <= 100:
        raise ValueError(f"JPEG quality must be a whole number from 1 to 100, got {quality!r}")


def _round_trip_one(image: Image.Image, quality: int) -> Image.Image:
    buf = io.BytesIO()
    image.save(buf, format="JPEG", quality=quality)
    buf.seek(0)
    with Image.open(buf, formats=["JPEG"]) as decoded:
        decoded.load()
        return decoded.convert("RGB")


def jpeg_round_trip(x: torch.Tensor, quality: int) -> torch.Tensor:
    """The decoded JPEG at ``quality`` (1-100) of each image of ``x``, as Pillow makes it.

    Args:
        x: N x 3 x H x W in [0, 1], on any device (values outside [0, 1] are clipped).
        quality: the JPEG quality, 1 (smallest file) to 100; Pillow's default is 75.

    Returns:
        N x 3 x H x W in [0, 1], multiples of 1/255, on the device and in the dtype of ``x``.
        Not differentiable; see ``straight_through_jpeg``.
    """
    _check_quality(quality)
    if x.dim() != 4 or x.shape[1] != 3:
        raise ValueError(f"images must be N x 3 x H x W, got {tuple(x.shape)}")
    frames = [from_pil(_round_trip_one(to_pil(image), quality)) for image in x.detach()]
    return torch.cat(frames).to(device=x.device, dtype=x.dtype)


class _StraightThrough(torch.autograd.Function):
    """Forward: the JPEG round trip; backward: the identity (BPDA)."""

    @staticmethod
    def forward(ctx, x: torch.Tensor, quality: int) -> torch.Tensor:  # type: ignore[override]
        # empty_like keeps the input's memory format (channels_last stays channels_last).
        return torch.empty_like(x).copy_(jpeg_round_trip(x, quality))

    @staticmethod
    def backward(ctx, grad: torch.Tensor) -> tuple[torch.Tensor, None]:  # type: ignore[override]
        return grad, None


def straight_through_jpeg(x: torch.Tensor, quality: int) -> torch.Tensor:
    """``jpeg_round_trip(x, quality)`` in value, with the gradient passed straight through
    (as if the round trip were the identity): see the module's docstring."""
    return _StraightThrough.apply(x, quality)


class JpegInput(nn.Module):
    """``model`` applied to the JPEG at ``quality`` of its input, gradient straight through.

    The parameters are the model's own, so its device and memory layout are found as for
    the model itself.
    """

    def __init__(self, model: nn.Module, quality: int) -> None:
        super().__init__()
        _check_quality(quality)
        self.model = model
        self.quality = quality

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.model(straight_through_jpeg(x, self.quality))
