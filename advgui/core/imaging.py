"""Images in and out: load any Pillow image as upright RGB, preprocess, draw delta.

Tensors are float32 RGB in [0, 1], shaped N x 3 x H x W (or 3 x H x W for one image).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch
from PIL import Image

from advgui.core import image_file
from advgui.core.formats import DEFAULT_AMPLIFY, IMAGE_FILTER  # noqa: F401 (re-exported)
from advgui.core.image_file import MAX_PIXELS  # noqa: F401 (re-exported)

#: Longest side / shorter side kept by ``preprocess``; the middle of a longer strip is used.
MAX_ASPECT = 4.0
#: Pixels converted at a time when a deep (16-bit, 32-bit, float) image is scaled to 8 bits.
_CHUNK_PIXELS = 1 << 20


def load_image(path: str | Path) -> Image.Image:
    """Open an image file as upright 8-bit RGB.

    Only the formats in ``formats.READ_FORMATS`` are opened (see ``image_file`` for the
    limits on size and work). EXIF orientation is applied; any mode becomes RGB
    (transparency over white); a multi-frame file gives its first frame. A file that
    cannot be read, is too large or is not a supported image raises ImageLoadError with
    a one-line message naming the file. At most about two copies of the image are held
    at once (see README, "Limits and safety").
    """
    path = Path(path)
    with image_file.reading(image_file.display_name(path)):
        return to_rgb(image_file.decode(path), release=True)


def to_rgb(im: Image.Image, *, release: bool = False) -> Image.Image:
    """Convert any Pillow mode to RGB; transparent pixels become white.

    An RGB image is returned as it is. With ``release``, each intermediate image
    (``im`` included) is closed as soon as the next one exists, so a large image is
    not held in several copies.
    """

    def step(new: Image.Image) -> Image.Image:
        if release and new is not current:
            current.close()
        return new

    current = im
    if current.mode in ("I;16", "I;16B", "I;16L", "I;16N", "I", "F"):
        current = step(_deep_to_l(current))
    if current.mode == "P":
        current = step(_palette_over_white(current, copy=not release))
    if current.mode in ("PA", "La", "RGBa"):  # rare: let Pillow make plain LA or RGBA
        current = step(current.convert("RGBA" if current.mode != "La" else "LA"))
    if current.mode in ("LA", "RGBA"):
        current = step(_over_white(current))
    if current.mode != "RGB":
        current = step(current.convert("RGB"))
    return current


def _over_white(im: Image.Image) -> Image.Image:
    """An LA or RGBA image composited over white (as L or RGB), in one new image."""
    mode = "L" if im.mode == "LA" else "RGB"
    out = Image.new(mode, im.size, 255 if mode == "L" else (255, 255, 255))
    out.paste(im, mask=im)  # the alpha band is the mask
    return out


def _palette_over_white(im: Image.Image, *, copy: bool) -> Image.Image:
    """A palette image as RGB; transparent palette entries are blended with white in the
    palette itself, so no RGBA copy of the image is made. ``im`` is changed unless
    ``copy``."""
    transparency = im.info.get("transparency")
    if transparency is None:
        return im.convert("RGB")
    palette = np.asarray(im.getpalette("RGB") or [], dtype=np.float64).reshape(-1, 3)
    alpha = np.ones(len(palette))
    if isinstance(transparency, int) and 0 <= transparency < len(palette):
        alpha[transparency] = 0.0
    elif isinstance(transparency, bytes):
        values = np.frombuffer(transparency[: len(palette)], dtype=np.uint8) / 255.0
        alpha[: len(values)] = values
    blended = palette * alpha[:, None] + 255.0 * (1.0 - alpha[:, None])
    flat = im.copy() if copy else im
    flat.info.pop("transparency", None)
    flat.putpalette(np.floor(blended + 0.5).astype(np.uint8).tobytes(), "RGB")
    return flat.convert("RGB")


def _deep_to_l(im: Image.Image) -> Image.Image:
    """A 16-bit, 32-bit integer or float image scaled to 8-bit grey, a band of rows at a
    time (a float64 copy of a whole 89 Mpx image would take 700 MB)."""
    w, h = im.size
    rows = max(1, _CHUNK_PIXELS // max(1, w))
    bands = [(top, min(h, top + rows)) for top in range(0, h, rows)]

    def band(top: int, bottom: int) -> np.ndarray:
        return np.asarray(im.crop((0, top, w, bottom)))

    out = np.empty((h, w), dtype=np.uint8)
    if im.mode.startswith("I;16"):  # 0..65535 onto 0..255, by table
        table = (np.arange(65536, dtype=np.float64) / 65535.0 * 255.0 + 0.5).astype(np.uint8)
        for top, bottom in bands:
            out[top:bottom] = table[band(top, bottom)]
        return Image.fromarray(out, mode="L")
    lo, hi = _range(band(t, b) for t, b in bands)
    scale = 255.0 / (hi - lo if hi > lo else 1.0)
    for top, bottom in bands:
        part = band(top, bottom).astype(np.float64)
        part -= lo
        part *= scale
        np.clip(part, 0.0, 255.0, out=part)
        np.nan_to_num(part, copy=False, nan=0.0)  # NaN pixels of a float image become black
        part += 0.5
        out[top:bottom] = part
    return Image.fromarray(out, mode="L")


def _range(parts) -> tuple[float, float]:
    lo, hi = np.inf, -np.inf
    for arr in parts:
        finite = arr[np.isfinite(arr)]
        if finite.size:
            lo, hi = min(lo, float(finite.min())), max(hi, float(finite.max()))
    if lo > hi:  # no finite pixel at all
        return 0.0, 1.0
    # 32-bit int images usually hold 16-bit data; float images usually [0, 1].
    if lo >= 0 and hi <= 1:
        return 0.0, 1.0
    if lo >= 0 and hi <= 65535:
        return 0.0, 65535.0 if hi > 255 else 255.0
    return lo, hi


@dataclass(frozen=True)
class Geometry:
    """Where the model's input comes from in a photo, as ``preprocess`` makes it.

    Three stages, each a box in the previous stage's pixels, (left, top, right, bottom):
    ``strip`` is the part of the photo kept (all of it unless a strip longer than
    ``MAX_ASPECT``), which is resized to ``resized`` (w, h; the same size when its shorter
    side already is the input's), and ``crop`` is the part of that the model sees (the
    centre square with a centre crop, else all of it).
    """

    strip: tuple[int, int, int, int]
    resized: tuple[int, int]
    crop: tuple[int, int, int, int]

    @property
    def input_shape(self) -> tuple[int, int]:
        """The model input's (H, W)."""
        left, top, right, bottom = self.crop
        return bottom - top, right - left

    def photo_box(self) -> tuple[float, float, float, float]:
        """The model's input as a box in the photo's pixels (fractional edges)."""
        sl, st, sr, sb = self.strip
        sx, sy = (sr - sl) / self.resized[0], (sb - st) / self.resized[1]
        left, top, right, bottom = self.crop
        return sl + left * sx, st + top * sy, sl + right * sx, st + bottom * sy


def geometry(photo_size: tuple[int, int], size: int, *, center_crop: bool = False) -> Geometry:
    """How ``preprocess(image, size, center_crop=...)`` maps a photo of ``photo_size``
    (w, h) onto the model's input (see ``Geometry``)."""
    if size < 8:
        raise ValueError(f"size must be at least 8, got {size}")
    w, h = photo_size
    strip = (0, 0, w, h)
    if max(w, h) > MAX_ASPECT * min(w, h):
        keep = max(1, int(MAX_ASPECT * min(w, h)))
        left, top = (w - keep) // 2 if w > h else 0, (h - keep) // 2 if h > w else 0
        strip = (left, top, left + min(w, keep), top + min(h, keep))
        w, h = strip[2] - strip[0], strip[3] - strip[1]
    if min(w, h) != size:
        if w <= h:
            w, h = size, max(1, round(h * size / w))
        else:
            w, h = max(1, round(w * size / h)), size
    crop = (0, 0, w, h)
    if center_crop and w != h:
        left, top = (w - size) // 2, (h - size) // 2
        crop = (left, top, left + size, top + size)
    return Geometry(strip, (w, h), crop)


def preprocess(image: Image.Image, size: int = 224, *, center_crop: bool = False) -> torch.Tensor:
    """Resize the shorter side to ``size`` (and optionally crop the centre square).

    Returns a 1 x 3 x H x W float tensor in [0, 1]. An image whose shorter side already
    is ``size`` is not resampled, so a saved adversarial PNG reads back bit-exactly.
    A strip longer than ``MAX_ASPECT`` times its width keeps only its middle part: a
    10000 x 10 image would otherwise become a 224 x 224000 input (600 MB, and far more
    for the model's activations). ``geometry`` says which part of the image that is.
    """
    g = geometry(image.size, size, center_crop=center_crop)
    if g.strip != (0, 0, *image.size):
        image = image.crop(g.strip)
    if g.resized != image.size:
        image = image.resize(g.resized, Image.Resampling.BICUBIC, reducing_gap=None)
    if g.crop != (0, 0, *image.size):
        image = image.crop(g.crop)
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
