"""Loading images: a corpus of awkward and broken files, EXIF orientation, and fuzzing.

Every file is generated (the broken ones in ``corpus.images.BROKEN``). Valid ones must
load as upright 8-bit RGB of the expected size; broken ones must raise ImageLoadError
with one line that names the file.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import numpy as np
import pytest
from corpus.images import BROKEN, as_stored, encoded, noise, png_header_only, upright
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from advgui.core.errors import ImageLoadError
from advgui.core.imaging import MAX_PIXELS, load_image


def _refused(path: Path, *words: str) -> str:
    with pytest.raises(ImageLoadError) as info:
        load_image(path)
    message = str(info.value)
    assert "\n" not in message and len(message) < 300, message
    assert path.name in message, message
    for w in words:
        assert w in message, message
    assert info.value.exit_code == 2
    return message


# --- broken files --------------------------------------------------------------------------


@pytest.mark.parametrize("name", list(BROKEN))
def test_broken_files_raise_a_one_line_error_naming_the_file(tmp_path, name):
    make, words = BROKEN[name]
    path = tmp_path / name
    path.write_bytes(make())
    _refused(path, *([words] if words else []))


def test_over_the_pixel_limit_says_so(tmp_path):
    assert 10_000 * 9_000 > MAX_PIXELS
    path = tmp_path / "big.png"
    path.write_bytes(png_header_only(10_000, 9_000))
    message = _refused(path)
    assert "too large" in message or "too many pixels" in message


def test_missing_file_and_folder(tmp_path):
    _refused(tmp_path / "nowhere.png", "no such file")
    folder = tmp_path / "photos.png"
    folder.mkdir()
    _refused(folder, "not a file")


def test_loading_a_broken_file_leaves_the_folder_as_it_was(tmp_path):
    path = tmp_path / "truncated.jpg"
    path.write_bytes(encoded(noise(64, 64), "JPEG")[:1500])
    before = {p: p.read_bytes() for p in tmp_path.iterdir()}
    _refused(path)
    assert {p: p.read_bytes() for p in tmp_path.iterdir()} == before


# --- valid files, every mode ---------------------------------------------------------------


def _pixels(image: Image.Image) -> np.ndarray:
    assert image.mode == "RGB"
    return np.asarray(image)


def _load(tmp_path: Path, image: Image.Image, name: str, **kw) -> Image.Image:
    path = tmp_path / name
    image.save(path, **kw)
    out = load_image(path)
    assert isinstance(out, Image.Image) and out.mode == "RGB"
    return out


def test_rgb_png_is_loaded_exactly(tmp_path):
    image = noise(33, 17)
    out = _load(tmp_path, image, "rgb.png")
    assert out.size == (33, 17)
    assert np.array_equal(_pixels(out), np.asarray(image))


@pytest.mark.parametrize("fmt", ["bmp", "tif", "webp", "ppm"])
def test_other_lossless_formats(tmp_path, fmt):
    image = noise(20, 12)
    kw = {"lossless": True} if fmt == "webp" else {}
    out = _load(tmp_path, image, f"rgb.{fmt}", **kw)
    assert out.size == (20, 12)
    assert np.array_equal(_pixels(out), np.asarray(image))


def test_grey_l(tmp_path):
    grey = Image.fromarray(np.arange(60, dtype=np.uint8).reshape(6, 10) * 4, mode="L")
    out = _pixels(_load(tmp_path, grey, "grey.png"))
    assert out.shape == (6, 10, 3)
    assert np.array_equal(out[..., 0], np.asarray(grey))
    assert np.array_equal(out[..., 0], out[..., 2])


def test_bilevel_1(tmp_path):
    image = Image.new("1", (8, 4), 0)
    image.putpixel((3, 2), 1)
    out = _pixels(_load(tmp_path, image, "bits.png"))
    assert out[2, 3].tolist() == [255, 255, 255] and out[0, 0].tolist() == [0, 0, 0]


def test_grey_with_alpha_la_goes_over_white(tmp_path):
    arr = np.zeros((4, 6, 2), dtype=np.uint8)
    arr[..., 0] = 40  # dark grey ...
    arr[:, :3, 1] = 255  # ... opaque on the left, transparent on the right
    out = _pixels(_load(tmp_path, Image.fromarray(arr, mode="LA"), "la.png"))
    assert out.shape == (4, 6, 3)
    assert (out[:, :3] == 40).all()
    assert (out[:, 3:] == 255).all()


def test_rgba_goes_over_white(tmp_path):
    arr = np.zeros((2, 3, 4), dtype=np.uint8)
    arr[..., :3] = (200, 0, 0)
    arr[:, 0, 3] = 255  # opaque red
    arr[:, 1, 3] = 0  # fully transparent: white
    arr[:, 2, 3] = 128  # half: pink
    out = _pixels(_load(tmp_path, Image.fromarray(arr, mode="RGBA"), "rgba.png"))
    assert out[0, 0].tolist() == [200, 0, 0]
    assert out[0, 1].tolist() == [255, 255, 255]
    r, g, b = out[0, 2].tolist()
    assert abs(r - 227) <= 1 and abs(g - 127) <= 1 and g == b


def test_palette_with_transparency(tmp_path):
    image = Image.new("P", (4, 4), 0)
    image.putpalette([0, 0, 255] + [0, 255, 0] + [0] * 762)
    image.putpixel((1, 1), 1)
    out = _pixels(_load(tmp_path, image, "pal.png", transparency=0))
    assert out[1, 1].tolist() == [0, 255, 0]  # opaque palette entry
    assert out[0, 0].tolist() == [255, 255, 255]  # transparent index: white, not blue


def test_palette_gif_without_transparency(tmp_path):
    image = Image.new("P", (5, 3), 1)
    image.putpalette([0, 0, 0] + [10, 20, 30] + [0] * 762)
    out = _pixels(_load(tmp_path, image, "pal.gif"))
    assert out.shape == (3, 5, 3) and (out == [10, 20, 30]).all()


def test_cmyk_jpeg(tmp_path):
    image = Image.new("CMYK", (24, 16), (0, 255, 255, 0))  # no cyan, full magenta and yellow
    out = _pixels(_load(tmp_path, image, "cmyk.jpg", quality=95))
    assert out.shape == (16, 24, 3)
    r, g, b = out[8, 12].tolist()
    assert r > 240 and g < 15 and b < 15  # red


def test_sixteen_bit_png_i16(tmp_path):
    values = (np.arange(256, dtype=np.uint16) * 257).reshape(8, 32)  # 0 .. 65535
    image = Image.fromarray(values)
    assert image.mode == "I;16"
    out = _pixels(_load(tmp_path, image, "deep.png"))
    assert out.shape == (8, 32, 3)
    assert np.array_equal(out[..., 1], np.arange(256, dtype=np.uint8).reshape(8, 32))


def test_float_tiff_f(tmp_path):
    values = np.linspace(0.0, 1.0, 256, dtype=np.float32).reshape(16, 16)
    out = _pixels(_load(tmp_path, Image.fromarray(values, mode="F"), "float.tif"))
    assert out.shape == (16, 16, 3)
    assert out[0, 0, 0] == 0 and out[-1, -1, 0] == 255
    assert np.abs(out[..., 0].astype(int) - np.round(values * 255)).max() <= 1


def test_float_tiff_with_nan_and_inf_loads(tmp_path):
    values = np.linspace(0.0, 1.0, 64, dtype=np.float32).reshape(8, 8)
    values[0, 0], values[0, 1], values[0, 2] = np.nan, np.inf, -np.inf
    out = _pixels(_load(tmp_path, Image.fromarray(values, mode="F"), "nan.tif"))
    assert out.shape == (8, 8, 3)
    assert out[-1, -1, 0] == 255


def test_thirty_two_bit_int_tiff(tmp_path):
    values = (np.arange(64, dtype=np.int32) * 1000).reshape(8, 8)
    out = _pixels(_load(tmp_path, Image.fromarray(values, mode="I"), "int.tif"))
    assert out.shape == (8, 8, 3)
    assert out[0, 0, 0] == 0 and out[-1, -1, 0] == round(63_000 / 65535 * 255)


def test_multi_frame_gif_gives_the_first_frame(tmp_path):
    frames = [Image.new("RGB", (10, 6), c) for c in ((255, 0, 0), (0, 255, 0), (0, 0, 255))]
    path = tmp_path / "anim.gif"
    frames[0].save(path, save_all=True, append_images=frames[1:], duration=100, loop=0)
    with Image.open(path) as im:
        assert im.n_frames == 3
    out = _pixels(load_image(path))
    assert out.shape == (6, 10, 3) and (out == [255, 0, 0]).all()


def test_one_pixel_and_a_long_strip(tmp_path):
    dot = load_image(_save(tmp_path, Image.new("RGB", (1, 1), (9, 8, 7)), "dot.png"))
    assert dot.size == (1, 1) and dot.getpixel((0, 0)) == (9, 8, 7)
    strip = load_image(_save(tmp_path, noise(10_000, 10), "strip.png"))
    assert strip.size == (10_000, 10) and strip.mode == "RGB"


def _save(folder: Path, image: Image.Image, name: str, **kw) -> Path:
    path = folder / name
    image.save(path, **kw)
    return path


def test_extension_does_not_matter(tmp_path):
    # A PNG named .jpg (common after renaming) is still read by its content.
    image = noise(7, 5)
    path = tmp_path / "really-a-png.jpg"
    image.save(path, format="PNG")
    assert np.array_equal(_pixels(load_image(path)), np.asarray(image))


# --- EXIF orientation ----------------------------------------------------------------------


@pytest.mark.parametrize("orientation", range(1, 9))
def test_exif_orientation_is_undone_png(tmp_path, orientation):
    a = upright()
    stored = Image.fromarray(np.ascontiguousarray(as_stored(a, orientation)), mode="RGB")
    exif = Image.Exif()
    exif[0x0112] = orientation
    path = _save(tmp_path, stored, f"o{orientation}.png", exif=exif)
    out = load_image(path)
    assert out.size == (10, 6)
    assert np.array_equal(_pixels(out), a)


def _blocks() -> np.ndarray:
    """A 32 x 48 image of four flat blocks, which survive JPEG compression."""
    a = np.zeros((32, 48, 3), dtype=np.uint8)
    a[:16, :24] = (250, 250, 250)
    a[:16, 24:] = (250, 0, 0)
    a[16:, :24] = (0, 250, 0)
    a[16:, 24:] = (0, 0, 250)
    return a


@pytest.mark.parametrize("orientation", range(2, 9))
def test_exif_orientation_is_undone_jpeg(tmp_path, orientation):
    a = _blocks()
    stored = Image.fromarray(np.ascontiguousarray(as_stored(a, orientation)), mode="RGB")
    exif = Image.Exif()
    exif[0x0112] = orientation
    path = _save(tmp_path, stored, f"o{orientation}.jpg", exif=exif, quality=95)
    out = _pixels(load_image(path)).astype(int)
    assert out.shape == a.shape
    for rows, cols in ((slice(2, 14), slice(2, 22)), (slice(18, 30), slice(26, 46))):
        assert np.abs(out[rows, cols] - a[rows, cols]).max() < 30


# --- fuzzing -------------------------------------------------------------------------------

_SMALL_FILES = [
    encoded(noise(6, 5), "PNG"),
    encoded(noise(6, 5), "JPEG"),
    encoded(noise(6, 5).convert("P"), "GIF"),
    encoded(noise(6, 5), "BMP"),
    encoded(noise(6, 5), "TIFF"),
    encoded(noise(6, 5), "WEBP", lossless=True),
    encoded(noise(6, 5).convert("L"), "PPM"),
    encoded(Image.new("F", (4, 3), 0.5), "TIFF"),
]
_MAGIC = [
    b"\x89PNG\r\n\x1a\n",
    b"\xff\xd8\xff",
    b"GIF89a",
    b"GIF87a",
    b"BM",
    b"II*\x00",
    b"MM\x00*",
    b"RIFF\x00\x00\x00\x00WEBPVP8 ",
    b"P6\n",
    b"\x00\x00\x01\x00",
]


@st.composite
def _mutated(draw) -> bytes:
    """A real small file with a few bytes changed, cut, or extended."""
    data = bytearray(draw(st.sampled_from(_SMALL_FILES)))
    for _ in range(draw(st.integers(0, 8))):
        i = draw(st.integers(0, len(data) - 1))
        data[i] = draw(st.integers(0, 255))
    cut = draw(st.integers(1, len(data)))
    return bytes(data[:cut]) + draw(st.binary(max_size=16))


_ANY_BYTES = st.one_of(
    st.binary(max_size=512),
    st.builds(lambda m, b: m + b, st.sampled_from(_MAGIC), st.binary(max_size=512)),
    _mutated(),
)


@settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(data=_ANY_BYTES, suffix=st.sampled_from([".png", ".jpg", ".gif", ".tif", ".bin"]))
def test_arbitrary_bytes_give_an_rgb_image_or_the_documented_error(data, suffix):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"fuzz{suffix}"
        path.write_bytes(data)
        try:
            image = load_image(path)
        except ImageLoadError as exc:
            message = str(exc)
            assert "\n" not in message and path.name in message
        else:
            assert image.mode == "RGB"
            assert image.size[0] >= 1 and image.size[1] >= 1
            assert image.size[0] * image.size[1] <= MAX_PIXELS
            image.tobytes()  # the pixels are really there
