"""Preprocessing and the tensor <-> 8-bit image helpers."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from PIL import Image

from advgui.core.imaging import (
    DEFAULT_AMPLIFY,
    IMAGE_FILTER,
    MAX_ASPECT,
    amplify_delta,
    from_pil,
    preprocess,
    quantize,
    to_pil,
    to_uint8,
)


def _noise(w: int, h: int, seed: int = 0) -> Image.Image:
    rng = np.random.default_rng(seed)
    return Image.fromarray(rng.integers(0, 256, (h, w, 3), dtype=np.uint8), mode="RGB")


@pytest.mark.parametrize(
    "size,shape",
    [
        ((300, 400), (224, 299)),  # W x H in, H x W out: portrait
        ((451, 300), (337, 224)),  # landscape, like the cat sample
        ((224, 224), (224, 224)),
        ((1, 1), (224, 224)),
        ((100, 50), (448, 224)),  # upscaled
    ],
)
def test_preprocess_resizes_the_shorter_side_to_224(size, shape):
    x = preprocess(_noise(*size))
    assert x.shape == (1, 3, shape[1], shape[0])
    assert x.dtype == torch.float32
    assert float(x.min()) >= 0 and float(x.max()) <= 1


@pytest.mark.parametrize("size", [(300, 400), (451, 300), (224, 224), (1000, 230)])
def test_preprocess_centre_crop_is_square(size):
    assert preprocess(_noise(*size), center_crop=True).shape == (1, 3, 224, 224)


def test_centre_crop_takes_the_middle():
    # A 3 x 1 image of three colours: the crop of the resized image is the middle colour.
    image = Image.new("RGB", (3, 1))
    for i, c in enumerate([(255, 0, 0), (0, 255, 0), (0, 0, 255)]):
        image.putpixel((i, 0), c)
    x = preprocess(image, 30, center_crop=True)
    assert x.shape == (1, 3, 30, 30)
    middle = x[0, :, 15, 15]
    assert middle[1] > 0.9 and middle[0] < 0.1 and middle[2] < 0.1


def test_preprocess_size_is_configurable():
    assert preprocess(_noise(300, 400), 128).shape == (1, 3, 171, 128)
    assert preprocess(_noise(300, 400), 299, center_crop=True).shape == (1, 3, 299, 299)
    with pytest.raises(ValueError):
        preprocess(_noise(10, 10), 4)


@pytest.mark.parametrize("size", [(224, 300), (336, 224), (224, 224)])
def test_an_image_already_at_size_is_not_resampled(size):
    image = _noise(*size)
    x = preprocess(image)
    assert torch.equal(x, from_pil(image))
    assert np.array_equal(np.asarray(to_pil(x)), np.asarray(image))


def test_a_long_strip_is_cut_to_its_middle_not_blown_up():
    # 10000 x 10 resized to a shorter side of 224 would be 224 x 224000 (600 MB).
    strip = np.zeros((10, 10_000, 3), dtype=np.uint8)
    strip[:, 4_980:5_020] = 255  # a white bar in the middle
    x = preprocess(Image.fromarray(strip))
    assert x.shape == (1, 3, 224, int(224 * MAX_ASPECT))
    assert float(x[0, :, :, x.shape[-1] // 2].min()) > 0.9
    tall = preprocess(_noise(10, 10_000))
    assert tall.shape == (1, 3, int(224 * MAX_ASPECT), 224)
    # Up to the limit nothing is cut: a 4:1 panorama keeps its whole width.
    assert preprocess(_noise(896, 224)).shape == (1, 3, 224, 896)


def test_from_pil_is_value_over_255():
    image = Image.fromarray(np.arange(48, dtype=np.uint8).reshape(4, 4, 3) * 5, mode="RGB")
    x = from_pil(image)
    assert x.shape == (1, 3, 4, 4)
    expected = torch.from_numpy(np.asarray(image).astype(np.float32) / 255).permute(2, 0, 1)
    assert torch.equal(x[0], expected)


def test_to_uint8_rounds_to_nearest_and_clips():
    t = torch.tensor([-0.5, 0.0, 0.5 / 255, 0.49 / 255, 1.5 / 255, 0.5, 1.0, 2.0])
    t = t.view(1, 1, 8).expand(3, 1, 8)
    out = to_uint8(t)
    assert out.shape == (1, 8, 3) and out.dtype == np.uint8
    assert out[0, :, 0].tolist() == [0, 0, 0, 0, 2, 128, 255, 255]
    assert to_uint8(t.unsqueeze(0)).tolist() == out.tolist()
    with pytest.raises(ValueError):
        to_uint8(torch.zeros(2, 3, 4, 4))


def test_to_pil_from_pil_round_trip_is_exact():
    image = _noise(17, 9)
    assert np.array_equal(np.asarray(to_pil(from_pil(image))), np.asarray(image))
    g = torch.Generator().manual_seed(0)
    x = torch.rand(1, 3, 9, 17, generator=g)
    assert torch.equal(from_pil(to_pil(x)), quantize(x))


def test_quantize_is_the_8_bit_grid():
    g = torch.Generator().manual_seed(0)
    x = torch.rand(1, 3, 8, 8, generator=g) * 1.2 - 0.1
    q = quantize(x)
    assert float(q.min()) >= 0 and float(q.max()) <= 1
    assert torch.equal(q * 255, (q * 255).round())
    assert float((q - x.clamp(0, 1)).abs().max()) <= 0.5 / 255 + 1e-7
    assert torch.equal(quantize(q), q)


def test_amplify_delta_is_clipped_50_delta_plus_half():
    assert DEFAULT_AMPLIFY == 50
    d = torch.tensor([-1.0, -0.01, -2 / 255, 0.0, 1 / 255, 0.01, 1.0]).view(1, 1, 1, 7)
    expected = (50 * d + 0.5).clamp(0, 1)
    assert torch.equal(amplify_delta(d), expected)
    assert amplify_delta(d)[0, 0, 0, 3].item() == 0.5  # no change is mid-grey
    assert torch.equal(amplify_delta(d, 10), (10 * d + 0.5).clamp(0, 1))


def test_image_filter_names_the_formats_a_user_has():
    for ext in ("*.png", "*.jpg", "*.jpeg", "*.gif", "*.tif", "*.webp", "*.bmp"):
        assert ext in IMAGE_FILTER
