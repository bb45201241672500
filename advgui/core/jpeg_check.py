"""A JPEG's structure, read from its markers before it is decoded.

Two kinds of JPEG cost far more to decode than their size suggests, and libjpeg accepts
both: a progressive file with thousands of (empty) scans, each of which is a pass over
the whole image, and a header that declares many more pixels than the file holds data
for (the decoder pads the missing data and returns a grey image). ``inspect`` walks the
markers, counting the scans and the bytes of entropy-coded data, without decoding.
"""

from __future__ import annotations

import math
import mmap
import re
import struct
from dataclasses import dataclass

#: Start-of-frame markers with Huffman coding (baseline, extended, progressive, lossless).
_SOF_HUFFMAN = frozenset({0xC0, 0xC1, 0xC2, 0xC3})
#: Start-of-frame markers with arithmetic coding (and the hierarchical ones).
_SOF_OTHER = frozenset({0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF})
_SOS, _EOI = 0xDA, 0xD9
#: Markers without a length: TEM and the restart markers RST0-7 (SOI is the file's start).
_STANDALONE = frozenset({0x01, *range(0xD0, 0xD8)})
#: The end of a scan's entropy-coded data: 0xFF (and fill bytes) followed by a marker
#: that is not a stuffed zero or a restart marker.
_SCAN_END = re.compile(rb"\xff+[^\x00\xd0-\xd7\xff]")


@dataclass(frozen=True)
class JpegInfo:
    """What the markers of a JPEG say, up to its first EOI."""

    width: int = 0
    height: int = 0
    huffman: bool = True  # False: arithmetic-coded, whose data size has no lower bound
    scans: int = 0
    data_bytes: int = 0  # entropy-coded bytes over all scans
    blocks: int = 0  # 8 x 8 blocks of the largest component

    @property
    def short_of_data(self) -> bool:
        """Whether the file holds less data than its declared pixels need.

        A Huffman code is at least one bit long and every block of the largest component
        gets at least one code (its DC value), so a true file has at least one bit of
        entropy-coded data per block.
        """
        return self.huffman and self.blocks > 0 and self.data_bytes * 8 < self.blocks


def inspect(data: bytes | mmap.mmap) -> JpegInfo:
    """Walk the markers of the JPEG in ``data`` (bytes or an mmap) up to its first EOI.

    Damage is not reported here: the walk stops where the structure stops making sense
    and returns what it found; decoding reports the damage.
    """
    view = memoryview(data)
    size = len(view)
    pos = 2  # after SOI
    found: dict[str, int | bool] = {}
    scans = data_bytes = 0
    while pos + 1 < size:
        if view[pos] != 0xFF:
            break
        while pos < size and view[pos] == 0xFF:
            pos += 1
        if pos >= size:
            break
        marker = view[pos]
        pos += 1
        if marker == _EOI:
            break
        if marker in _STANDALONE:
            continue
        if pos + 2 > size:
            break
        (length,) = struct.unpack_from(">H", view, pos)
        if length < 2:
            break
        segment = view[pos + 2 : pos + length]
        pos += length
        if marker in _SOF_HUFFMAN or marker in _SOF_OTHER:
            found = _frame(segment, huffman=marker in _SOF_HUFFMAN) or found
        elif marker == _SOS:
            scans += 1
            end = _SCAN_END.search(data, pos)
            stop = end.start() if end else size
            data_bytes += stop - pos
            pos = stop
    return JpegInfo(scans=scans, data_bytes=data_bytes, **found)  # type: ignore[arg-type]


def _frame(segment: memoryview, *, huffman: bool) -> dict[str, int | bool]:
    """Width, height and the largest component's block count from a SOF segment."""
    if len(segment) < 6:
        return {}
    _, height, width, count = struct.unpack_from(">BHHB", segment)
    factors = [
        (segment[7 + 3 * i] >> 4, segment[7 + 3 * i] & 0x0F)
        for i in range(count)
        if 8 + 3 * i < len(segment)
    ]
    if not factors or not width or not height:
        return {"width": width, "height": height, "huffman": huffman}
    hmax = max(h for h, _ in factors) or 1
    vmax = max(v for _, v in factors) or 1
    blocks = max(
        math.ceil(math.ceil(width * h / hmax) / 8) * math.ceil(math.ceil(height * v / vmax) / 8)
        for h, v in factors
    )
    return {"width": width, "height": height, "huffman": huffman, "blocks": blocks}
