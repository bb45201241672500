"""Surviving JPEG: the real round trip, its straight-through gradient, and attacks that
judge what the JPEG shows while reporting the plain verdict too."""

from __future__ import annotations

import io

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from PIL import Image, JpegImagePlugin

from advgui.core.attacks import AttackRun
from advgui.core.eot import SUBSAMPLING, JpegInput, jpeg_round_trip, straight_through_jpeg
from advgui.core.settings import AttackSettings

#: Pillow's code for the subsampling of a JPEG it opened (JpegImagePlugin.get_sampling).
PILLOW_SAMPLING = {0: "4:4:4", 1: "4:2:2", 2: "4:2:0"}


def pillow_jpeg(image: torch.Tensor, quality: int) -> tuple[np.ndarray, str]:
    """One 3 x H x W image rounded to 8 bits, saved and reopened by Pillow itself."""
    pixels = image.clamp(0, 1).mul(255).round().byte().permute(1, 2, 0).numpy()
    buf = io.BytesIO()
    Image.fromarray(pixels).save(buf, format="JPEG", quality=quality)
    with Image.open(io.BytesIO(buf.getvalue())) as im:
        sampling = PILLOW_SAMPLING[JpegImagePlugin.get_sampling(im)]
        return np.asarray(im.convert("RGB")), sampling


@pytest.fixture(scope="module")
def off_grid(small_cat, small_espresso) -> torch.Tensor:
    """Two images with a change of a fraction of a grey level, so that rounding matters."""
    x = torch.cat([small_cat, small_espresso])
    wave = torch.linspace(-0.7, 0.7, x.shape[-1]) / 255
    return (x + wave).clamp(0, 1)


@pytest.mark.parametrize("quality", [10, 75, 95])
def test_the_round_trip_is_pillows_own_jpeg_of_the_8_bit_image(off_grid, quality):
    got = jpeg_round_trip(off_grid, quality)
    assert got.shape == off_grid.shape and got.dtype == off_grid.dtype
    for i in range(off_grid.shape[0]):
        pixels, sampling = pillow_jpeg(off_grid[i], quality)
        assert sampling == SUBSAMPLING
        want = torch.from_numpy(pixels.copy()).permute(2, 0, 1).float() / 255
        assert torch.equal(got[i], want)
    # The round trip really changes the image (it is not the 8-bit rounding alone).
    assert not torch.equal(got, off_grid.mul(255).round().div(255))


def test_the_round_trip_keeps_dtype_and_refuses_a_quality_out_of_range(small_cat):
    wide = jpeg_round_trip(small_cat.double(), 75)
    assert wide.dtype == torch.float64
    assert torch.equal(wide.float(), jpeg_round_trip(small_cat, 75))
    for quality in (0, 101, 7.5, True):
        with pytest.raises(ValueError, match="JPEG quality must be a whole number"):
            jpeg_round_trip(small_cat, quality)


def test_straight_through_sees_the_jpeg_and_passes_the_models_gradient_there(
    offline_model, small_cat, cat_label
):
    jpeg = jpeg_round_trip(small_cat, 75)
    x = small_cat.clone().contiguous(memory_format=torch.channels_last).requires_grad_(True)
    y = straight_through_jpeg(x, 75)
    assert torch.equal(y.detach(), jpeg)  # the forward pass sees exactly the decoded JPEG
    assert y.is_contiguous(memory_format=torch.channels_last)
    (through,) = torch.autograd.grad(F.cross_entropy(offline_model(y), cat_label), x)

    z = jpeg.clone().contiguous(memory_format=torch.channels_last).requires_grad_(True)
    (at_jpeg,) = torch.autograd.grad(F.cross_entropy(offline_model(z), cat_label), z)
    assert torch.equal(through, at_jpeg)
    assert through.abs().sum() > 0

    wrapped = JpegInput(offline_model, 75)
    with torch.no_grad():
        assert torch.equal(wrapped(small_cat), offline_model(jpeg))


ATTACKS = {
    "pgd": AttackSettings(attack="pgd", eps=2 / 255, step_size=0.5 / 255, steps=3),
    "square": AttackSettings(attack="square", loss="margin", eps=4 / 255, steps=4),
    "deepfool": AttackSettings(
        attack="deepfool", loss="margin", norm="l2", eps=None, steps=2, candidates=3
    ),
    "fmn": AttackSettings(attack="fmn", loss="margin", norm="l2", eps=None, steps=2),
}


@pytest.mark.parametrize("name", list(ATTACKS))
def test_each_kind_of_attack_judges_the_jpeg_and_reports_the_plain_verdict(
    offline_model, small_cat, cat_label, name
):
    settings = ATTACKS[name].replace(eot_jpeg=75)
    run = AttackRun(offline_model, small_cat, cat_label, settings)
    assert run.classifier is offline_model and isinstance(run.model, JpegInput)
    result = run.run()
    with torch.no_grad():
        jpeg = offline_model(jpeg_round_trip(result.adversarial, 75)).softmax(dim=1)
        plain = offline_model(result.adversarial).softmax(dim=1)
    for record, probs in ((result.final, jpeg), (result.plain, plain)):
        assert record.top1[0] == int(probs.argmax())
        assert record.top1_prob[0] == pytest.approx(float(probs.max()), rel=1e-4)
        assert record.p_true[0] == pytest.approx(float(probs[0, cat_label[0]]), rel=1e-3, abs=1e-7)
        assert record.success[0] == (int(probs.argmax()) != int(cat_label[0]))
    assert result.untransformed is result.plain and result.success == result.plain.success
    assert result.plain.step == result.final.step and result.plain.linf == result.final.linf


def test_without_eot_the_result_has_one_verdict(offline_model, small_cat, cat_label):
    run = AttackRun(offline_model, small_cat, cat_label, ATTACKS["pgd"].replace(steps=1))
    assert run.model is offline_model
    result = run.run()
    assert result.plain is None and result.untransformed is result.final
