"""Peak memory of loading and preprocessing an image at the pixel limit (issue 14).

The README states the figures ("Limits and safety"); this measures them. One fresh
interpreter loads each file in turn (``load_image`` then ``preprocess``) and reports how
far its resident memory rose above where it stood before that file: Linux's peak-RSS
counter (VmHWM) is reset between files through ``/proc/self/clear_refs``.

Run with ``-s`` to see the table: ``python -m pytest tests/core/test_image_memory.py -s``.
"""

from __future__ import annotations

import json
import math
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from advgui.core.imaging import MAX_PIXELS

ROOT = Path(__file__).resolve().parents[2]
#: The README's promise: no image at the limit takes more than this to load.
PROMISED_MIB = 1536
#: One decoded 8-bit RGB image at the limit, as Pillow stores it (4 bytes a pixel).
RGB_MIB = MAX_PIXELS * 4 / 2**20

pytestmark = pytest.mark.skipif(
    not Path("/proc/self/clear_refs").exists(), reason="peak RSS can be reset only on Linux"
)

_MEASURE = r"""
import json, sys
sys.path.insert(0, sys.argv[1])
from advgui.core.imaging import load_image, preprocess

def kib(field):
    with open("/proc/self/status") as f:
        return next(int(l.split()[1]) for l in f if l.startswith(field + ":"))

load_image(sys.argv[2]); preprocess(load_image(sys.argv[2]), 224)  # warm every code path
peaks = {}
for path in sys.argv[3:]:
    before = kib("VmRSS")
    with open("/proc/self/clear_refs", "w") as f:
        f.write("5")
    preprocess(load_image(path), 224)
    peaks[path] = (kib("VmHWM") - before) / 1024
print(json.dumps(peaks))
"""


def _big(side: int) -> np.ndarray:
    """A side x side RGBA image of 16 x 16 blocks: compresses to a few MB."""
    rng = np.random.default_rng(0)
    blocks = rng.integers(0, 256, (side // 16 + 1, side // 16 + 1, 4), dtype=np.uint8)
    return np.repeat(np.repeat(blocks, 16, 0), 16, 1)[:side, :side]


def _files_at_the_limit(folder: Path, side: int) -> list[Path]:
    """One file of each kind that loads differently, side x side pixels."""
    a = _big(side)
    grey = a[..., 0]
    paths = [folder / n for n in ("rgb.png", "rgba.png", "16-bit.png", "float.tif")]
    Image.fromarray(a[..., :3]).save(paths[0], compress_level=1)
    Image.fromarray(a).save(paths[1], compress_level=1)
    Image.fromarray(grey.astype(np.uint16) * 257).save(paths[2])
    Image.fromarray(grey.astype(np.float32) / 255).save(paths[3], compression="tiff_adobe_deflate")
    paths.append(folder / "progressive-444.jpg")
    Image.fromarray(a[..., :3]).save(paths[-1], quality=90, progressive=True, subsampling=0)
    paths.append(folder / "rgba.webp")
    Image.fromarray(a).save(paths[-1], lossless=True, method=0)
    return paths


def test_peak_memory_at_the_pixel_limit(tmp_path):
    side = math.isqrt(MAX_PIXELS)
    paths = [str(p) for p in _files_at_the_limit(tmp_path, side)]
    warm = tmp_path / "warm.png"
    Image.new("RGBA", (64, 48), (1, 2, 3, 4)).save(warm)
    proc = subprocess.run(
        [sys.executable, "-c", _MEASURE, str(ROOT), str(warm), *paths],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stderr
    peaks = {Path(p).name: mib for p, mib in json.loads(proc.stdout).items()}
    print(f"\npeak memory above the baseline, {side} x {side} ({side * side / 1e6:.1f} Mpx):")
    for name, mib in peaks.items():
        print(f"  {name:<22} {mib:7.0f} MiB  ({mib / RGB_MIB:.1f} x one RGB copy)")
    assert max(peaks.values()) < PROMISED_MIB, peaks
    # An RGB file is decoded into the one image that is returned: no second copy.
    assert peaks["rgb.png"] < 1.3 * RGB_MIB, peaks
