"""The ways the window draws a perturbation, as pictures and counts (NumPy only).

``DeltaMode`` names them (the value is what the preferences keep). Every function takes
delta as H x W x 3 float in pixel units ([-1, 1]) and speaks of its size in 1/255 levels:

- ``amplified(delta, k)``: ``k * delta + 0.5`` as 8-bit RGB (gray is no change), the
  picture saved as delta.png;
- ``heat(delta)``: |delta| of each pixel, the largest of its three channels (the L-inf
  size of that pixel's change), through a sequential colour map from 0 to the largest;
- ``channel(delta, c)``: one channel's signed delta through a diverging map centred on 0,
  from minus to plus the largest |delta| of all channels (the channels share one scale);
- ``histogram(delta)``: counts of the values of every pixel and channel, per channel, in
  equal bins from minus to plus the largest |delta|.
"""

from __future__ import annotations

from enum import Enum
from functools import cache

import numpy as np

HEAT_MAP = "inferno"  # pyqtgraph's copy of matplotlib's map: black (0) to yellow (largest)
DIVERGING_MAP = "CET-D1"  # Kovesi's blue - light gray - red, centred on 0
HISTOGRAM_BINS = 61  # odd: one bin is centred on 0
CHANNELS = ("red", "green", "blue")


class DeltaMode(Enum):
    AMPLIFIED = "amplified"
    HEAT = "heat"
    RED = "red"
    GREEN = "green"
    BLUE = "blue"
    HISTOGRAM = "histogram"

    @classmethod
    def parse(cls, text: str) -> DeltaMode:
        """The mode named ``text`` (a remembered preference); amplified for anything else."""
        try:
            return cls(text)
        except ValueError:
            return cls.AMPLIFIED

    @property
    def label(self) -> str:
        return _LABELS[self]

    @property
    def channel(self) -> int | None:
        """0, 1 or 2 for the one-channel modes, else None."""
        return CHANNELS.index(self.value) if self.value in CHANNELS else None


_LABELS = {
    DeltaMode.AMPLIFIED: "Amplified (k·δ + 0.5)",
    DeltaMode.HEAT: "|δ| heat map",
    DeltaMode.RED: "Red channel δ",
    DeltaMode.GREEN: "Green channel δ",
    DeltaMode.BLUE: "Blue channel δ",
    DeltaMode.HISTOGRAM: "Histogram of δ",
}


def amplified(delta: np.ndarray, k: float) -> np.ndarray:
    """``k * delta + 0.5`` clipped to [0, 1], as 8-bit RGB (gray means no change).

    The same picture as the core's ``to_uint8(amplify_delta(delta, k))`` (delta.png).
    """
    scaled = np.clip(delta.astype(np.float32) * np.float32(k) + np.float32(0.5), 0.0, 1.0)
    return np.round(scaled * np.float32(255.0)).astype(np.uint8)


@cache
def lookup_table(name: str) -> np.ndarray:
    """256 x 3 uint8 colours of pyqtgraph's colour map ``name``, from its low end up."""
    import pyqtgraph as pg

    table = pg.colormap.get(name).getLookupTable(0.0, 1.0, 256, alpha=False)
    table = np.ascontiguousarray(table, dtype=np.uint8)
    table.setflags(write=False)
    return table


def largest_levels(delta: np.ndarray) -> float:
    """max |delta| over every pixel and channel, in 1/255 levels."""
    return float(np.abs(delta).max()) * 255.0 if delta.size else 0.0


def _colour(t: np.ndarray, name: str) -> np.ndarray:
    """Values in [0, 1] as 8-bit RGB through the colour map ``name``."""
    index = np.clip(np.rint(t * np.float32(255.0)), 0, 255).astype(np.intp)
    return lookup_table(name)[index]


def heat(delta: np.ndarray) -> tuple[np.ndarray, float]:
    """|delta| per pixel (the largest channel) as RGB, and the colour bar's top in levels."""
    a = np.abs(delta.astype(np.float32, copy=False))
    # Channel by channel: a reduction over the last, 3-long axis is ~10x slower.
    size = np.maximum(np.maximum(a[..., 0], a[..., 1]), a[..., 2]) * np.float32(255.0)
    top = float(size.max()) if size.size else 0.0
    return _colour(size / np.float32(top or 1.0), HEAT_MAP), top


def channel(delta: np.ndarray, c: int) -> tuple[np.ndarray, float]:
    """Channel ``c``'s delta as RGB (centred on 0), and the scale's end m: -m .. +m levels."""
    m = largest_levels(delta)
    values = delta[..., c].astype(np.float32) * np.float32(255.0)
    return _colour(values / np.float32(2 * (m or 1.0)) + np.float32(0.5), DIVERGING_MAP), m


def histogram(delta: np.ndarray, bins: int = HISTOGRAM_BINS) -> tuple[np.ndarray, np.ndarray]:
    """Bin edges (bins + 1, in levels, from -m to +m) and counts (3 x bins, one row per
    channel); every value is counted once, so the counts add up to 3 x H x W."""
    m = largest_levels(delta) or 1.0
    # The bin of value v is floor((v + m) / width); v >= -m, so truncating is flooring.
    position = delta.reshape(-1, 3).astype(np.float32) * np.float32(255.0 * bins / (2 * m))
    position += np.float32(bins / 2)
    index = position.astype(np.intp)
    np.minimum(index, bins - 1, out=index)  # +m itself: the last bin
    index += np.arange(3) * bins  # one count over all three channels, each its own bins
    counts = np.bincount(index.ravel(), minlength=3 * bins).reshape(3, bins)
    return np.linspace(-m, m, bins + 1), counts
