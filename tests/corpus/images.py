"""Images, generated: noise, an asymmetric image and how a camera stores it under each EXIF
orientation, and ``BROKEN``, a corpus of files that must be refused."""

from __future__ import annotations

import io
import random
import struct
import zlib

import numpy as np
from PIL import Image


def noise(w: int, h: int, seed: int = 0) -> Image.Image:
    """An RGB image of noise (so compressed files are large enough to cut in half)."""
    rng = np.random.default_rng(seed)
    return Image.fromarray(rng.integers(0, 256, (h, w, 3), dtype=np.uint8), mode="RGB")


def encoded(image: Image.Image, fmt: str, **kw) -> bytes:
    buf = io.BytesIO()
    image.save(buf, format=fmt, **kw)
    return buf.getvalue()


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_header_only(w: int, h: int) -> bytes:
    """A well-formed PNG signature and IHDR declaring w x h RGB pixels, and no pixel data."""
    ihdr = struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", ihdr) + _png_chunk(b"IEND", b"")


#: Broken files: name -> (a function giving the file's bytes, a word the refusal must
#: contain, or "" for none in particular).
BROKEN = {
    "empty.png": (lambda: b"", "empty"),
    "random.png": (lambda: random.Random(1).randbytes(4096), "not an image"),
    "random.jpg": (lambda: random.Random(2).randbytes(100), "not an image"),
    "text.jpg": (lambda: b"Just some notes, not a photo.\n" * 20, "not an image"),
    "page.png": (lambda: b"<!DOCTYPE html><html><body>404</body></html>", "not an image"),
    "truncated.png": (lambda: encoded(noise(64, 64), "PNG")[:3000], ""),
    "truncated.jpg": (lambda: encoded(noise(64, 64), "JPEG", quality=95)[:2000], ""),
    "signature-only.png": (lambda: b"\x89PNG\r\n\x1a\n", ""),
    "header-only.gif": (lambda: b"GIF89a", ""),
    "bomb.png": (lambda: png_header_only(100_000, 100_000), "too many pixels"),
    "just-over-limit.png": (lambda: png_header_only(10_000, 9_000), ""),
    "zero-size.png": (lambda: png_header_only(0, 0), ""),
}


# --- EXIF orientation ----------------------------------------------------------------------


def upright() -> np.ndarray:
    """An asymmetric 6 x 10 image: every pixel differs, so any wrong turn shows."""
    a = np.zeros((6, 10, 3), dtype=np.uint8)
    a[..., 0] = np.arange(10)[None, :] * 25  # red grows to the right
    a[..., 1] = np.arange(6)[:, None] * 40  # green grows downwards
    a[0, 0] = (255, 255, 255)  # a white top-left corner
    return a


def as_stored(a: np.ndarray, orientation: int) -> np.ndarray:
    """How a camera stores the upright image ``a`` under an EXIF orientation (TIFF spec:
    where the stored 0th row and 0th column lie in the upright view)."""
    return {
        1: lambda: a,
        2: lambda: a[:, ::-1],  # row 0 top, column 0 right: mirrored
        3: lambda: a[::-1, ::-1],  # bottom, right: turned 180
        4: lambda: a[::-1, :],  # bottom, left: flipped
        5: lambda: a.transpose(1, 0, 2),  # left, top: transposed
        6: lambda: np.rot90(a, 1),  # right, top: needs 90 clockwise to view
        7: lambda: np.rot90(a, 2).transpose(1, 0, 2),  # right, bottom: transverse
        8: lambda: np.rot90(a, -1),  # left, bottom: needs 90 anticlockwise to view
    }[orientation]()
