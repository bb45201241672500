"""Images built to run a program, or to cost minutes or gigabytes from a few kilobytes
(issue 14): refused at once, in one line, with nothing printed by native code and no
program started. Every file is generated (``corpus.hostile``)."""

from __future__ import annotations

import subprocess
import tempfile
import time
from pathlib import Path

import numpy as np
import pytest
from corpus.hostile import HOSTILE, jpeg_lying_header, jpeg_scans
from corpus.images import encoded, noise
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from advgui.core import jpeg_check
from advgui.core.capture import native_stderr
from advgui.core.errors import ImageLoadError
from advgui.core.image_file import MAX_JPEG_SCANS
from advgui.core.imaging import MAX_PIXELS, load_image

#: Generous: each of these files is refused in milliseconds; before, they took seconds
#: to forever.
SECONDS = 5.0


@pytest.fixture
def no_programs(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """Every attempt to start a program from now on (each fails): stays empty while
    the code under test starts none."""
    started: list[object] = []

    class Refused(subprocess.Popen):
        def __init__(self, args, *a, **kw) -> None:
            started.append(args)
            raise PermissionError("starting programs is not allowed here")

    monkeypatch.setattr(subprocess, "Popen", Refused)
    return started


def _refused(path: Path, *words: str) -> str:
    with pytest.raises(ImageLoadError) as info:
        load_image(path)
    message = str(info.value)
    assert "\n" not in message and path.name in message, message
    for word in words:
        assert word in message, message
    return message


@pytest.mark.parametrize("name", list(HOSTILE))
def test_hostile_file_is_refused_quickly_quietly_and_runs_nothing(
    tmp_path, capfd, no_programs, name
):
    make, words = HOSTILE[name]
    path = tmp_path / name
    path.write_bytes(make())
    capfd.readouterr()
    start = time.monotonic()
    _refused(path, words)
    assert time.monotonic() - start < SECONDS
    assert capfd.readouterr() == ("", "")  # nothing from libtiff, libjpeg or Pillow
    assert no_programs == []


def test_an_eps_never_reaches_ghostscript_even_if_pillow_thinks_it_is_there(
    tmp_path, monkeypatch, no_programs
):
    from PIL import EpsImagePlugin

    monkeypatch.setattr(EpsImagePlugin, "gs_binary", "gs")  # "installed"
    path = tmp_path / "photo.png"
    path.write_bytes(HOSTILE["loop.eps.png"][0]())
    _refused(path, "PostScript", "PNG, JPEG")
    assert no_programs == []


@pytest.mark.parametrize("fmt", ["ICO", "TGA", "PCX", "SGI", "DDS", "QOI", "XBM"])
def test_formats_advgui_does_not_promise_are_refused_by_name(tmp_path, fmt):
    image = noise(16, 16).convert("1" if fmt == "XBM" else "RGB")
    path = tmp_path / "picture.png"
    path.write_bytes(encoded(image, fmt))
    with Image.open(path) as im:  # Pillow itself would read it
        assert im.format == fmt
    _refused(path, "not a supported image format", "PNG, JPEG, GIF, BMP, TIFF, WebP")


def test_the_scan_limit(tmp_path):
    path = tmp_path / "scans.jpg"
    path.write_bytes(jpeg_scans(64, 64, MAX_JPEG_SCANS + 1))
    _refused(path, f"{MAX_JPEG_SCANS + 1} scans")
    assert jpeg_check.inspect(jpeg_scans(64, 64, 37)).scans == 37


def test_a_header_that_lies_about_the_data_is_refused_before_decoding(tmp_path):
    info = jpeg_check.inspect(jpeg_lying_header())
    assert (info.width, info.height) == (65500, 1366) and info.short_of_data
    path = tmp_path / "lying.jpg"
    path.write_bytes(jpeg_lying_header())
    _refused(path, "truncated or damaged", "65500x1366")


def _flat(mode: str, size: tuple[int, int]) -> Image.Image:
    return Image.new(mode, size, 128 if mode == "L" else (128, 64, 200))


@pytest.mark.parametrize(
    "mode, options",
    [
        ("L", {}),
        ("RGB", {"subsampling": 2}),
        ("RGB", {"subsampling": 0, "optimize": True}),
        ("RGB", {"progressive": True}),
        ("L", {"progressive": True, "optimize": True}),
        ("CMYK", {}),
    ],
)
def test_true_jpegs_pass_the_checks_even_when_flat(tmp_path, mode, options):
    """A flat image is the least data a JPEG can hold for its size: it must pass."""
    image = _flat(mode, (2048, 1536))
    data = encoded(image, "JPEG", quality=50, **options)
    info = jpeg_check.inspect(data)
    assert not info.short_of_data and 1 <= info.scans <= 20, info
    path = tmp_path / "flat.jpg"
    path.write_bytes(data)
    assert load_image(path).size == (2048, 1536)


def test_a_real_progressive_photo_loads(tmp_path):
    y, x = np.mgrid[0:300, 0:400]
    smooth = np.stack([x * 255 // 400, y * 255 // 300, (x + y) * 255 // 700], axis=-1)
    image = Image.fromarray(smooth.astype(np.uint8))
    path = tmp_path / "photo.jpg"
    path.write_bytes(encoded(image, "JPEG", progressive=True, quality=90))
    assert jpeg_check.inspect(path.read_bytes()).scans > 1
    out = np.asarray(load_image(path)).astype(int)
    assert out.shape == (300, 400, 3)
    assert np.abs(out - np.asarray(image)).mean() < 3


def test_unreadable_and_unusual_paths_are_one_line(tmp_path, monkeypatch):
    import os

    fifo = tmp_path / "pipe.png"
    os.mkfifo(fifo)
    _refused(fifo, "not a file")  # never opened: reading a pipe could wait forever

    long_name = tmp_path / ("x" * 300 + ".png")
    with pytest.raises(ImageLoadError) as info:
        load_image(long_name)
    assert "too long" in str(info.value) and len(str(info.value)) < 300

    locked = tmp_path / "locked" / "photo.png"
    locked.parent.mkdir()
    locked.write_bytes(encoded(noise(4, 4), "PNG"))
    real_stat = Path.stat

    def denied(self, *a, **kw):
        if self.parent == locked.parent:
            raise PermissionError(13, "Permission denied", str(self))
        return real_stat(self, *a, **kw)

    monkeypatch.setattr(Path, "stat", denied)  # as root, chmod cannot lock a folder
    _refused(locked, "permission denied")


# --- fuzzing the hostile files -------------------------------------------------------------

_HOSTILE_SEEDS = [make() for make, _ in HOSTILE.values()] + [
    encoded(noise(12, 9), "JPEG", progressive=True),
    encoded(noise(12, 9), "TIFF", compression="tiff_adobe_deflate"),
    encoded(noise(12, 9), "PNG"),
]


@st.composite
def _hostile_mutant(draw) -> bytes:
    """A hostile or small real file with bytes changed, repeated, cut or extended."""
    data = bytearray(draw(st.sampled_from(_HOSTILE_SEEDS)))
    for _ in range(draw(st.integers(0, 6))):
        i = draw(st.integers(0, len(data) - 1))
        data[i] = draw(st.integers(0, 255))
    if draw(st.booleans()):  # repeat a slice: more scans, more chunks, more markers
        a = draw(st.integers(0, len(data) - 1))
        b = draw(st.integers(a, min(len(data), a + 64)))
        data[b:b] = data[a:b] * draw(st.integers(1, 50))
    cut = draw(st.integers(1, len(data)))
    return bytes(data[:cut]) + draw(st.binary(max_size=16))


@settings(
    max_examples=400,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(data=_hostile_mutant(), suffix=st.sampled_from([".png", ".jpg", ".tif", ".eps"]))
def test_mutated_hostile_files_are_quick_quiet_and_start_nothing(data, suffix):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"fuzz{suffix}"
        path.write_bytes(data)
        started: list[object] = []
        real_popen = subprocess.Popen

        class Refused(real_popen):
            def __init__(self, args, *a, **kw) -> None:
                started.append(args)
                raise PermissionError("starting programs is not allowed here")

        subprocess.Popen = Refused  # hypothesis runs many examples per test: no monkeypatch
        try:
            with native_stderr() as printed:
                start = time.monotonic()
                try:
                    image = load_image(path)
                except ImageLoadError as exc:
                    assert "\n" not in str(exc) and path.name in str(exc)
                else:
                    assert image.mode == "RGB" and image.size[0] * image.size[1] <= MAX_PIXELS
                took = time.monotonic() - start
        finally:
            subprocess.Popen = real_popen
        assert took < SECONDS, took
        assert printed.lines == []  # native messages, if any, were folded or dropped
        assert started == []
