"""Saving at the photo's own resolution: the perturbation upscaled onto the part of the
photo the model saw, within eps, and judged as the saved file reads back."""

from __future__ import annotations

import json
from types import SimpleNamespace

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from corpus.faults import snapshot

from advgui.core.attacks import AttackRun
from advgui.core.errors import SaveError
from advgui.core.export import full_resolution_message, save_results
from advgui.core.full_resolution import FullResolution, upscale
from advgui.core.imaging import geometry, load_image, preprocess
from advgui.core.paths import sample
from advgui.core.predict import Guess, probabilities
from advgui.core.settings import AttackSettings

from ._support import SMALL

EPS = 2 / 255
PGD = AttackSettings(attack="pgd", eps=EPS, step_size=0.5 / 255, steps=4)


@pytest.fixture(scope="module")
def runs(offline_model, cat_image):
    """PGD on the cat (451 x 300) as the model sees it at 128: whole (128 x 192) and
    centre-cropped (128 x 128)."""
    made = {}
    for crop in (False, True):
        x = preprocess(cat_image, SMALL, center_crop=crop)
        label = probabilities(offline_model, x).argmax(dim=1)
        made[crop] = AttackRun(offline_model, x, label, PGD).run()
    return made


def _pixels(path) -> np.ndarray:
    return np.asarray(load_image(path), dtype=np.int16)


@pytest.mark.parametrize("crop", [False, True], ids=["whole", "centre-crop"])
def test_the_full_resolution_png_has_the_photos_size_and_stays_within_eps(
    offline_model, runs, tmp_path, crop
):
    report = save_results(
        offline_model, runs[crop], tmp_path, source=str(sample("cat")), full_resolution=True
    )
    assert [p.name for p in report.paths][2] == "adversarial-full.png"
    full = _pixels(tmp_path / "adversarial-full.png")
    photo = _pixels(sample("cat"))
    assert full.shape == photo.shape == (300, 451, 3)
    change = np.abs(full - photo).max()
    assert 0 < change <= EPS * 255 + 0.5  # bilinear keeps the bound; rounding adds half a level
    side = json.loads((tmp_path / "result.json").read_text())["images"][0]["full_resolution"]
    assert side["file"] == "adversarial-full.png" and side["size"] == [300, 451]
    assert side["linf_from_photo_255"] == pytest.approx(change)
    onto = "300 x 301 of the photo's" if crop else "the photo's"
    input_size = "128 x 128" if crop else "128 x 192"
    assert side["upscaled"] == f"from {input_size} to {onto} 300 x 451 (bilinear)"
    assert side["centre_crop"] is crop
    assert report.full is not None and "upscaled" in report.full_message
    assert "\n" not in report.full_message


@pytest.mark.parametrize("crop", [False, True], ids=["whole", "centre-crop"])
def test_the_reported_prediction_is_a_fresh_prediction_of_the_saved_file(
    offline_model, runs, tmp_path, crop
):
    report = save_results(
        offline_model, runs[crop], tmp_path, source=str(sample("cat")), full_resolution=True
    )
    again = preprocess(load_image(tmp_path / "adversarial-full.png"), SMALL, center_crop=crop)
    probs = probabilities(offline_model, again)[0]
    side = report.report["images"][0]["full_resolution"]
    top5 = probs.topk(5)
    assert [g["index"] for g in side["top5"]] == top5.indices.tolist()
    assert [g["prob"] for g in side["top5"]] == pytest.approx(top5.values.tolist(), abs=1e-6)
    fooled = int(probs.argmax()) != int(runs[crop].labels[0])
    assert side["still_adversarial"] is fooled and report.full.success is fooled


def test_a_centre_crop_perturbs_only_the_part_the_model_saw(offline_model, runs, tmp_path):
    result = runs[True]
    save_results(offline_model, result, tmp_path, source=str(sample("cat")), full_resolution=True)
    full, photo = _pixels(tmp_path / "adversarial-full.png"), _pixels(sample("cat"))
    # 451 x 300 -> 192 x 128, centre 128 x 128 from x = 32: x 75 to 376 of the photo.
    left, top, right, bottom = (
        round(v) for v in geometry((451, 300), SMALL, center_crop=True).photo_box()
    )
    assert (left, top, right, bottom) == (75, 0, 376, 300)
    changed = np.abs(full - photo).max(axis=2) > 0
    assert not changed[:, :left].any() and not changed[:, right:].any()  # the sides are the photo's
    assert changed[:, left:right].mean() > 0.5
    # Put back where it belongs: the model, shown the crop of the saved photo, sees about the
    # delta the attack made (blurred by the two resamplings), far closer than to no change.
    seen = preprocess(load_image(tmp_path / "adversarial-full.png"), SMALL, center_crop=True)
    error = (seen - result.x - result.delta).abs().mean().item()
    assert error < 0.5 * result.delta.abs().mean().item()


def test_a_whole_photo_gets_the_perturbation_everywhere(offline_model, runs, tmp_path):
    result = runs[False]
    save_results(offline_model, result, tmp_path, source=str(sample("cat")), full_resolution=True)
    changed = np.abs(_pixels(tmp_path / "adversarial-full.png") - _pixels(sample("cat"))) > 0
    assert changed.any(axis=2)[:, :20].mean() > 0.5 and changed.any(axis=2)[:, -20:].mean() > 0.5
    seen = preprocess(load_image(tmp_path / "adversarial-full.png"), SMALL)
    error = (seen - result.x - result.delta).abs().mean().item()
    assert error < 0.5 * result.delta.abs().mean().item()


@pytest.mark.parametrize("size", [(23, 15), (11, 7), (40, 3), (5, 3)])
def test_upscale_is_torchs_bilinear_interpolation(size):
    delta = torch.randn(3, 7, 11, generator=torch.Generator().manual_seed(0))
    w, h = size
    expected = F.interpolate(delta[None], size=(h, w), mode="bilinear", align_corners=False)
    got = upscale(delta, w, h)
    assert got.shape == (h, w, 3)
    assert np.abs(got - expected[0].permute(1, 2, 0).numpy()).max() < 1e-5
    assert np.abs(got).max() <= delta.abs().max().item() + 1e-6  # never beyond the delta's own


@pytest.mark.parametrize(
    "photo,size,crop,box",
    [
        ((451, 300), 224, False, (0, 0, 451, 300)),
        ((300, 451), 224, True, (0, 74.94, 300, 374.72)),
        ((1000, 100), 32, False, (300, 0, 700, 100)),  # a strip over MAX_ASPECT keeps its middle
        ((224, 224), 224, True, (0, 0, 224, 224)),
    ],
)
def test_the_input_maps_back_onto_the_photo(photo, size, crop, box):
    g = geometry(photo, size, center_crop=crop)
    assert g.photo_box() == pytest.approx(box, abs=0.1)
    x = preprocess(_noise(photo), size, center_crop=crop)
    assert tuple(x.shape[2:]) == g.input_shape


def _noise(size):
    from PIL import Image

    rng = np.random.default_rng(1)
    return Image.fromarray(rng.integers(0, 256, (size[1], size[0], 3), dtype=np.uint8))


def test_another_photo_or_none_is_refused_and_nothing_written(offline_model, runs, tmp_path):
    with pytest.raises(SaveError, match="has changed since the run"):
        save_results(
            offline_model,
            runs[False],
            tmp_path,
            source=str(sample("espresso")),
            full_resolution=True,
        )
    with pytest.raises(SaveError, match="needs the photo's file"):
        save_results(offline_model, runs[False], tmp_path, full_resolution=True)
    assert snapshot(tmp_path) == {}


def _full(success: bool) -> FullResolution:
    guess = Guess(285, "Egyptian cat", 0.48)
    return FullResolution(
        b"", (640, 427), (0, 0, 640, 427), (224, 336), False, [guess], success, 2 / 255, 3 / 255
    )


def test_the_message_says_honestly_when_the_upscaled_image_no_longer_fools():
    fooled, failed = SimpleNamespace(success=(True,)), SimpleNamespace(success=(False,))
    assert full_resolution_message(_full(False), fooled) == (
        "the full-resolution PNG (640 x 427, the perturbation upscaled) no longer fools the "
        "model: it reads as Egyptian cat (48.0%)"
    )
    assert full_resolution_message(_full(True), fooled).endswith(
        "still fools the model: Egyptian cat (48.0%)"
    )
    assert "did not succeed" in full_resolution_message(_full(False), failed)
    unsaved = full_resolution_message(_full(False), fooled, written=False)
    assert "not saved" in unsaved and "would no longer fool" in unsaved
