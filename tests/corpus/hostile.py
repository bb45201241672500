"""Image files built to cost far more than their size, or to run a program (issue 14):
``HOSTILE``, name -> (a function giving the file's bytes, words its refusal must contain).

Each is a few hundred bytes to a few kilobytes: an EPS renamed ``.png`` (Pillow hands EPS
to Ghostscript), a gzip-compressed FITS file, a progressive JPEG with a thousand empty
scans, a JPEG whose header declares far more pixels than it holds data for, and a TIFF
whose deflate data is damaged (libtiff prints its own line about it).
"""

from __future__ import annotations

import gzip
import io
import struct

import numpy as np
from PIL import Image

from .images import encoded, noise

#: An EPS that loops forever once an interpreter runs it (58 bytes).
EPS_LOOP = b"%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 10 10\n{ } loop\n"
#: An EPS whose PostScript fails (Ghostscript prints a long error dump).
EPS_ERROR = b"%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 10 10\nnosuchcommand\n"


def _segment(marker: int, payload: bytes) -> bytes:
    return b"\xff" + bytes([marker]) + struct.pack(">H", len(payload) + 2) + payload


def jpeg_scans(width: int, height: int, scans: int) -> bytes:
    """A progressive grey JPEG of ``width`` x ``height`` made of ``scans`` empty DC scans:
    libjpeg pads each one and makes a pass over the whole image per scan."""
    quant = _segment(0xDB, b"\x00" + bytes([1] * 64))
    frame = _segment(0xC2, struct.pack(">BHHB", 8, height, width, 1) + b"\x01\x11\x00")
    huffman = _segment(0xC4, b"\x00" + bytes([1] + [0] * 15) + b"\x00")
    scan = _segment(0xDA, b"\x01\x01\x00\x00\x00\x00")
    return b"\xff\xd8" + quant + frame + huffman + scan * scans + b"\xff\xd9"


def jpeg_lying_header(width: int = 65500, height: int = 1366) -> bytes:
    """A real 64 x 48 grey JPEG whose frame header declares ``width`` x ``height``."""
    data = bytearray(encoded(noise(64, 48).convert("L"), "JPEG"))
    sof = data.find(b"\xff\xc0")
    struct.pack_into(">HH", data, sof + 5, height, width)
    return bytes(data)


def _fits_card(text: str) -> bytes:
    return text.ljust(80).encode("ascii")


def fits_gzip(width: int = 2000, height: int = 2000) -> bytes:
    """A tile-compressed FITS file whose gzip stream unpacks to ``width`` x ``height``
    pixels (Pillow decodes it in Python, pixel by pixel)."""
    primary = [
        "SIMPLE  =                    T",
        "BITPIX  =                    8",
        "NAXIS   =                    0",
        "END",
    ]
    table = [
        "XTENSION= 'BINTABLE'",
        "BITPIX  =                    8",
        "NAXIS   =                    2",
        "NAXIS1  =                    0",
        "NAXIS2  =                    0",
        "ZIMAGE  =                    T",
        "ZCMPTYPE= 'GZIP_1  '",
        "ZBITPIX =                    8",
        "ZNAXIS  =                    2",
        f"ZNAXIS1 = {width:>20}",
        f"ZNAXIS2 = {height:>20}",
        "END",
    ]

    def unit(cards: list[str]) -> bytes:
        raw = b"".join(_fits_card(c) for c in cards)
        return raw + b" " * (-len(raw) % 2880)

    return unit(primary) + unit(table) + gzip.compress(bytes(width * height * 4))


def tiff_damaged_deflate() -> bytes:
    """A deflate-compressed TIFF with bytes flipped inside its data: libtiff prints
    "ZIPDecode: Decoding error ..." on stderr before the decoder fails."""
    image = Image.fromarray(np.random.default_rng(0).integers(0, 256, (64, 64, 3), np.uint8))
    buf = io.BytesIO()
    image.save(buf, format="TIFF", compression="tiff_adobe_deflate")
    data = bytearray(buf.getvalue())
    for i in range(200, 2000, 7):
        data[i] ^= 0x5A
    return bytes(data)


#: name -> (bytes, words the refusal must contain)
HOSTILE = {
    "loop.eps.png": (lambda: EPS_LOOP, "not a supported image format"),
    "error.eps.png": (lambda: EPS_ERROR, "not a supported image format"),
    "fits.png": (fits_gzip, "not a supported image format"),
    "scans.jpg": (lambda: jpeg_scans(4096, 4096, 1000), "1000 scans"),
    "lying.jpg": (jpeg_lying_header, "65500x1366"),
    "damaged.tif": (tiff_damaged_deflate, "ZIPDecode"),
}
