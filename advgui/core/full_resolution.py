"""The adversarial image at the photo's own resolution, and whether it still fools.

An attack works on the model's input (say 224 x 337 of a 300 x 451 photo). To save
x + delta at the photo's size, the perturbation is upscaled onto the part of the photo
the model saw (``imaging.Geometry.photo_box``; with a centre crop only the centre
square: the sides the model never saw are the photo's own pixels), added to the photo,
clipped to [0, 1] and rounded to 8 bits. That PNG is then decoded from its bytes,
preprocessed as the model's input is, and classified again: a later run that opens the
file sees exactly that. Upscaling blurs what the model sees of the perturbation once
the photo is shrunk again, so the verdict can differ from the input-size PNG's.

Bilinear, not nearest: each upscaled value is a convex combination of the delta's own
values, so the L-inf bound holds exactly (bicubic overshoots: 3.6/255 from a 2/255
delta); and at the usual non-integer factors nearest makes uneven 1- and 2-pixel
blocks. Measured on the cat sample (PGD, L-inf 2/255, 1.34x): the photo's PNG, shrunk
again, differs from the input + delta by 0.59/255 on average with bilinear and 0.85/255
with nearest; at an integer factor (2x) both give 0.57/255.

The photo is changed in bands of rows, so a large photo is held about twice (the photo
and its PNG bytes) besides the small delta stretched across.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import torch
from PIL import Image
from torch import nn

from advgui.core.attacks.goal import Goal
from advgui.core.errors import SaveError
from advgui.core.imaging import Geometry, geometry, preprocess
from advgui.core.predict import Guess, probabilities, top_k

INTERPOLATION = "bilinear"
#: Rows of the photo changed at a time (bounds the float32 working copy).
_BAND_PIXELS = 1 << 20

NOTE = (
    "x + delta at the photo's own size: the perturbation, made at the model's input size, "
    "upscaled (bilinear) onto the part of the photo the model sees ('box', in photo pixels; "
    "the rest of the photo is unchanged), clipped and rounded to 8 bits; 'top5' is the "
    "prediction on that PNG as re-read, preprocessed as the model's input"
)


@dataclass(frozen=True)
class FullResolution:
    """The full-resolution PNG (``png``, its bytes) and the model's verdict on it re-read.

    ``size`` is the photo's (w, h), ``box`` the part of it that carries the upscaled
    perturbation, ``linf`` the largest change from the photo (pixel units, 8-bit
    rounding included); ``seen_linf`` the largest difference between the re-read PNG as
    the model sees it and the clean input.
    """

    png: bytes = field(repr=False)
    size: tuple[int, int]
    box: tuple[int, int, int, int]
    input_shape: tuple[int, int]
    center_crop: bool
    top5: list[Guess]
    success: bool
    linf: float
    seen_linf: float

    def to_dict(self, file: str) -> dict[str, Any]:
        """The sidecar's entry for it (``file``: its name)."""
        (w, h), (ih, iw) = self.size, self.input_shape
        left, top, right, bottom = self.box
        onto = f"{bottom - top} x {right - left}"
        where = (
            "the photo's" if (right - left, bottom - top) == (w, h) else f"{onto} of the photo's"
        )
        return {
            "file": file,
            "size": [h, w],
            "upscaled": f"from {ih} x {iw} to {where} {h} x {w} ({INTERPOLATION})",
            "box": list(self.box),
            "centre_crop": self.center_crop,
            "top5": [g.to_dict() for g in self.top5],
            "still_adversarial": self.success,
            "linf_from_photo_255": self.linf * 255,
            "linf_as_seen_255": self.seen_linf * 255,
            "note": NOTE,
        }


def matching_geometry(photo: Image.Image, x: torch.Tensor) -> Geometry:
    """The geometry that made ``x`` (1 x 3 x H x W) from ``photo``: SaveError when none
    does, pixel for pixel (the photo changed since, or it is another photo)."""
    h, w = int(x.shape[-2]), int(x.shape[-1])
    for crop in (False, True):
        g = geometry(photo.size, min(h, w), center_crop=crop)
        if g.input_shape == (h, w) and torch.equal(
            preprocess(photo, min(h, w), center_crop=crop), x.detach().cpu().float()
        ):
            return g
    raise SaveError(
        "the photo's file has changed since the run, so it cannot be saved at full resolution"
    )


def _linear(n_in: int, n_out: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Bilinear weights along one axis, as ``torch.nn.functional.interpolate`` with
    ``align_corners=False``: output i samples the input at (i + 0.5) n_in / n_out - 0.5,
    held at the edge pixels."""
    src = np.clip((np.arange(n_out) + 0.5) * (n_in / n_out) - 0.5, 0, n_in - 1)
    low = np.floor(src).astype(np.intp)
    high = np.minimum(low + 1, n_in - 1)
    return low, high, (src - low).astype(np.float32)


def upscale(delta: torch.Tensor, width: int, height: int) -> np.ndarray:
    """``delta`` (3 x H x W) bilinearly resized to ``height`` x ``width`` x 3 (float32)."""
    d = delta.detach().float().cpu().permute(1, 2, 0).numpy()
    return _rows(_across(d, width), height, 0, height)


def _across(d: np.ndarray, width: int) -> np.ndarray:
    """H x W x 3 resized along the width: H x ``width`` x 3."""
    low, high, w = _linear(d.shape[1], width)
    return d[:, low] * (1 - w)[None, :, None] + d[:, high] * w[None, :, None]


def _rows(across: np.ndarray, height: int, first: int, last: int) -> np.ndarray:
    """Rows ``first``..``last`` of ``across`` resized to ``height`` rows."""
    low, high, w = (a[first:last] for a in _linear(across.shape[0], height))
    return across[low] * (1 - w)[:, None, None] + across[high] * w[:, None, None]


def perturb_photo(
    photo: Image.Image, delta: torch.Tensor, g: Geometry
) -> tuple[Image.Image, float]:
    """``photo`` + ``delta`` upscaled onto ``g``'s box, clipped, rounded to 8 bits; and
    the largest change made to a pixel (pixel units)."""
    left, top, right, bottom = (round(v) for v in g.photo_box())
    pixels = np.array(photo.convert("RGB"), dtype=np.uint8)  # a copy, changed in place
    across = _across(delta.detach().float().cpu().permute(1, 2, 0).numpy(), right - left)
    band = max(1, _BAND_PIXELS // max(1, right - left))
    changed = 0
    for first in range(0, bottom - top, band):
        last = min(bottom - top, first + band)
        region = pixels[top + first : top + last, left:right]
        values = region.astype(np.float32) / np.float32(255.0)
        values += _rows(across, bottom - top, first, last)
        np.clip(values, 0.0, 1.0, out=values)
        new = np.rint(values * np.float32(255.0)).astype(np.uint8)
        if new.size:
            changed = max(changed, int(np.abs(new.astype(np.int16) - region).max()))
        region[...] = new
    return Image.fromarray(pixels, mode="RGB"), changed / 255.0


def at_full_resolution(
    model: nn.Module,
    photo: Image.Image,
    x: torch.Tensor,
    delta: torch.Tensor,
    goal: Goal,
    decode: Callable[[bytes], Image.Image],
) -> FullResolution:
    """Make the full-resolution PNG of ``photo`` + ``delta`` and judge it re-read.

    Args:
        model: the model the run attacked.
        photo: the photo, upright 8-bit RGB, as ``imaging.load_image`` gives it.
        x: the clean input made from it, 1 x 3 x H x W (checked against the photo).
        delta: the perturbation to upscale, 1 x 3 x H x W or 3 x H x W.
        goal: the run's goal (one image).
        decode: PNG bytes -> image, as a later run would read the file.
    """
    g = matching_geometry(photo, x)
    cropped = g.crop != (0, 0, *g.resized)
    delta = delta[0] if delta.dim() == 4 else delta
    adversarial, changed = perturb_photo(photo, delta, g)
    buf = io.BytesIO()
    adversarial.save(buf, format="PNG")
    png = buf.getvalue()
    adversarial.close()
    size = min(g.input_shape)
    with decode(png) as reread_image:
        reread = preprocess(reread_image, size, center_crop=cropped)
    probs = probabilities(model, reread)
    return FullResolution(
        png=png,
        size=photo.size,
        box=tuple(round(v) for v in g.photo_box()),
        input_shape=g.input_shape,
        center_crop=cropped,
        top5=top_k(probs, 5)[0],
        success=bool(goal.met(probs)[0]),
        linf=changed,
        seen_linf=float((reread - x.detach().cpu().float()).abs().max()),
    )
