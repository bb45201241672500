"""Images in and out: load any Pillow image as upright RGB, preprocess, draw delta.

Tensors are float32 RGB in [0, 1], shaped N x 3 x H x W (or 3 x H x W for one image).
"""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import torch
from PIL import Image, ImageFile, ImageOps, UnidentifiedImageError

from advgui.core.errors import ImageLoadError
from advgui.core.formats import DEFAULT_AMPLIFY, IMAGE_FILTER  # noqa: F401 (re-exported)

#: Largest image accepted, in pixels (Pillow's own default bomb limit is about 89 Mpx).
MAX_PIXELS = 89_478_485
#: Longest side / shorter side kept by ``preprocess``; the middle of a longer strip is used.
MAX_ASPECT = 4.0


def load_image(path: str | Path) -> Image.Image:
    """Open an image file as upright 8-bit RGB.

    EXIF orientation is applied; any mode becomes RGB (transparency over white); a
    multi-frame file gives its first frame; a decompression bomb, a truncated, empty or
    non-image file raises ImageLoadError with a one-line message naming the file.
    """
    path = Path(path)
    name = path.name or str(path)
    if not path.is_file():
        reason = "not a file" if path.exists() else "no such file"
        raise ImageLoadError(f"{name}: {reason}")
    if path.stat().st_size == 0:
        raise ImageLoadError(f"{name}: the file is empty")
    ImageFile.LOAD_TRUNCATED_IMAGES = False
    try:
        with warnings.catch_warnings():
            # Pillow warns (on stderr) about damaged metadata it skips; the image either
            # loads or fails with the one-line error below, which is all a user needs.
            warnings.simplefilter("ignore", UserWarning)
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path) as im:
                w, h = im.size
                if w * h > MAX_PIXELS:
                    raise ImageLoadError(
                        f"{name}: {w}x{h} pixels is too large (limit {MAX_PIXELS // 1_000_000} Mpx)"
                    )
                im.seek(0)
                im.load()
                im = ImageOps.exif_transpose(im) or im
                return to_rgb(im)
    except ImageLoadError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ImageLoadError(f"{name}: too many pixels (refused as a decompression bomb)") from None
    except UnidentifiedImageError:
        raise ImageLoadError(f"{name}: not an image file Pillow can read") from None
    except (OSError, SyntaxError, ValueError, EOFError, MemoryError, IndexError, TypeError) as exc:
        detail = str(exc).strip().splitlines()[0][:100] if str(exc).strip() else ""
        kind = "truncated or damaged image" if "truncat" in detail.lower() else "cannot read image"
        raise ImageLoadError(f"{name}: {kind}" + (f" ({detail})" if detail else "")) from None


def to_rgb(im: Image.Image) -> Image.Image:
    """Convert any Pillow mode to RGB; transparent pixels become white."""
    if im.mode in ("I;16", "I;16B", "I;16L", "I;16N", "I", "F"):
        arr = np.asarray(im, dtype=np.float64)
        lo, hi = (0.0, 65535.0) if im.mode.startswith("I;16") else _range(arr)
        arr = np.clip((arr - lo) / (hi - lo if hi > lo else 1.0), 0.0, 1.0)
        arr = np.nan_to_num(arr, nan=0.0)  # NaN pixels of a float image become black
        im = Image.fromarray((arr * 255.0 + 0.5).astype(np.uint8), mode="L")
    if im.mode == "P":
        im = im.convert("RGBA" if "transparency" in im.info else "RGB")
    if im.mode in ("LA", "La", "PA"):
        im = im.convert("RGBA")
    if im.mode in ("RGBA", "RGBa"):
        background = Image.new("RGBA", im.size, (255, 255, 255, 255))
        return Image.alpha_composite(background, im.convert("RGBA")).convert("RGB")
    return im.convert("RGB")


def _range(arr: np.ndarray) -> tuple[float, float]:
    finite = arr[np.isfinite(arr)]
    if finite.size == 0:
        return 0.0, 1.0
    lo, hi = float(finite.min()), float(finite.max())
    # 32-bit int images usually hold 16-bit data; float images usually [0, 1].
    if lo >= 0 and hi <= 1:
        return 0.0, 1.0
    if lo >= 0 and hi <= 65535:
        return 0.0, 65535.0 if hi > 255 else 255.0
    return lo, hi


def preprocess(image: Image.Image, size: int = 224, *, center_crop: bool = False) -> torch.Tensor:
    """Resize the shorter side to ``size`` (and optionally crop the centre square).

    Returns a 1 x 3 x H x W float tensor in [0, 1]. An image whose shorter side already
    is ``size`` is not resampled, so a saved adversarial PNG reads back bit-exactly.
    A strip longer than ``MAX_ASPECT`` times its width keeps only its middle part: a
    10000 x 10 image would otherwise become a 224 x 224000 input (600 MB, and far more
    for the model's activations).
    """
    if size < 8:
        raise ValueError(f"size must be at least 8, got {size}")
    w, h = image.size
    if max(w, h) > MAX_ASPECT * min(w, h):
        keep = max(1, int(MAX_ASPECT * min(w, h)))
        left, top = (w - keep) // 2 if w > h else 0, (h - keep) // 2 if h > w else 0
        image = image.crop((left, top, left + min(w, keep), top + min(h, keep)))
        w, h = image.size
    short = min(w, h)
    if short != size:
        if w <= h:
            nw, nh = size, max(1, round(h * size / w))
        else:
            nw, nh = max(1, round(w * size / h)), size
        image = image.resize((nw, nh), Image.Resampling.BICUBIC, reducing_gap=None)
        w, h = nw, nh
    if center_crop and w != h:
        left, top = (w - size) // 2, (h - size) // 2
        image = image.crop((left, top, left + size, top + size))
    return from_pil(image)


def from_pil(image: Image.Image) -> torch.Tensor:
    """8-bit RGB Pillow image to a 1 x 3 x H x W tensor in [0, 1] (exact: value / 255)."""
    arr = np.asarray(image.convert("RGB"), dtype=np.uint8)
    return torch.from_numpy(arr.copy()).permute(2, 0, 1).unsqueeze(0).float().div_(255.0)


def to_uint8(t: torch.Tensor) -> np.ndarray:
    """One image tensor (3 x H x W or 1 x 3 x H x W) in [0, 1] to an H x W x 3 uint8 array."""
    t = t.detach().float().cpu()
    if t.dim() == 4:
        if t.shape[0] != 1:
            raise ValueError("to_uint8 takes one image")
        t = t[0]
    return t.clamp(0, 1).mul(255).round().to(torch.uint8).permute(1, 2, 0).contiguous().numpy()


def to_pil(t: torch.Tensor) -> Image.Image:
    """One image tensor in [0, 1] to an 8-bit RGB Pillow image (rounded to nearest)."""
    return Image.fromarray(to_uint8(t), mode="RGB")


def quantize(t: torch.Tensor) -> torch.Tensor:
    """Round to the 8-bit grid, as saving to PNG does: round(255 t) / 255."""
    return t.clamp(0, 1).mul(255).round().div(255)


def amplify_delta(delta: torch.Tensor, k: float = DEFAULT_AMPLIFY) -> torch.Tensor:
    """The perturbation made visible: ``k * delta + 0.5``, clipped to [0, 1]."""
    return (delta * k + 0.5).clamp(0.0, 1.0)
