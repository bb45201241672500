"""Precision: ``auto`` decides by measuring, and bf16 does not weaken attacks."""

from __future__ import annotations

import pytest
import torch
import torchvision

from advgui.core import precision
from advgui.core.attacks import AttackRun
from advgui.core.errors import SettingsError
from advgui.core.imaging import preprocess
from advgui.core.settings import PRESETS

from ._support import AIRLINER_CLASS, SMALL

#: bf16 against fp32, same settings and seed: the same verdict on every image, and the
#: final objective within 10% of fp32's plus 0.25. bf16 keeps 8 bits of mantissa: logits
#: between 8 and 16 are rounded to steps of 0.0625, so an objective made of two of them
#: moves in such steps (a targeted run on the cat: 0.59 in bf16, 0.42 in fp32).
OBJECTIVE_TOLERANCE = 0.10
OBJECTIVE_SLACK = 0.25
#: Where both runs pushed p(true) below this, the cross-entropy is far in its tail
#: (20 or 27 both mean "fooled beyond doubt") and only the verdicts are compared.
SATURATED = 1e-4


class Timings:
    """A ``measure`` that reports given seconds per format and counts its calls."""

    def __init__(self, fp32: float, bf16: float) -> None:
        self.seconds = {None: fp32, "bf16": bf16}
        self.calls: list[str | None] = []

    def __call__(self, model, x, amp):
        self.calls.append(amp)
        return self.seconds[amp]


needs_bf16 = pytest.mark.skipif(
    not precision.bf16_capable(torch.device("cpu")), reason="this CPU has no native bf16"
)


@needs_bf16
@pytest.mark.parametrize("bf16, expected", [(0.5, "bf16"), (0.95, "fp32")])
def test_auto_keeps_bf16_only_when_measured_faster(offline_model, cat_x, tmp_path, bf16, expected):
    timings = Timings(1.0, bf16)
    cache = tmp_path / "precision.json"
    assert precision.resolve("auto", offline_model, cat_x, measure=timings, cache=cache) == expected
    assert timings.calls == [None, "bf16"]
    # Cached per model, device, torch version and input size: not measured again ...
    again = Timings(1.0, 2.0)
    assert precision.resolve("auto", offline_model, cat_x, measure=again, cache=cache) == expected
    assert again.calls == []
    # ... but another input size is.
    other = cat_x[..., :200]
    precision.resolve("auto", offline_model, other, measure=again, cache=cache)
    assert again.calls == [None, "bf16"]


def test_a_broken_cache_is_measured_again(offline_model, cat_x, tmp_path):
    cache = tmp_path / "precision.json"
    cache.write_text("{ not json")
    timings = Timings(1.0, 0.5)
    got = precision.resolve("auto", offline_model, cat_x, measure=timings, cache=cache)
    assert got in ("bf16", "fp32")  # fp32 without measuring where the CPU has no bf16
    if precision.bf16_capable(torch.device("cpu")):
        assert timings.calls and got == "bf16"


def test_explicit_choices_and_refusals(offline_model, cat_x):
    for name in ("fp32", "bf16"):
        assert precision.resolve(name, offline_model, cat_x) == name
    with pytest.raises(SettingsError, match="fp16 needs a GPU"):
        precision.resolve("fp16", offline_model, cat_x)
    with pytest.raises(SettingsError, match="unknown precision 'fp8'"):
        precision.resolve("fp8", offline_model, cat_x)
    assert precision.amp_of("fp32") is None and precision.amp_of("bf16") == "bf16"


def test_the_real_measurement_times_a_step(offline_model, cat_x):
    small = cat_x[..., :64, :64]
    assert 0 < precision.step_seconds(offline_model, small, None) < 10


def _images(cat_image, espresso_image) -> torch.Tensor:
    cat = preprocess(cat_image, SMALL, center_crop=True)
    coffee = preprocess(espresso_image, SMALL, center_crop=True)
    return torch.cat([cat, coffee, cat.flip(-1), coffee.flip(-2)])


def _both(model, x, labels, settings) -> tuple:
    fp32 = AttackRun(model, x, labels, settings).run()
    bf16 = AttackRun(model, x, labels, settings, amp="bf16").run()
    return fp32, bf16


def _assert_as_strong(fp32, bf16) -> None:
    assert bf16.precision == "bf16" and bf16.final.precision == "bf16"
    assert fp32.precision == "fp32"
    assert bf16.success == fp32.success
    for i in range(len(fp32.success)):
        if max(fp32.final.p_true[i], bf16.final.p_true[i]) < SATURATED:
            continue
        end = fp32.final.loss[i]
        allowed = OBJECTIVE_TOLERANCE * abs(end) + OBJECTIVE_SLACK
        assert abs(bf16.final.loss[i] - end) <= allowed, (
            i,
            bf16.final.loss[i],
            end,
        )


@pytest.mark.parametrize(
    "preset, changes",
    [
        ("pgd-linf", {"steps": 10, "eps": 1 / 255}),
        ("tutorial-untargeted", {"steps": 10}),
        ("tutorial-targeted", {"steps": 12, "target": AIRLINER_CLASS}),
    ],
)
def test_bf16_attacks_the_offline_model_as_fp32_does(
    offline_model, cat_image, espresso_image, preset, changes
):
    x = _images(cat_image, espresso_image)
    labels = offline_model(x).argmax(1)
    settings = PRESETS[preset].replace(early_stop=False, **changes)
    _assert_as_strong(*_both(offline_model, x, labels, settings))


def test_bf16_attacks_resnet50_as_fp32_does():
    """Random weights (none can be downloaded here): the verdicts and objectives of a
    ResNet50 attacked in bf16 and in fp32 still have to agree."""
    torch.manual_seed(0)
    net = torchvision.models.resnet50(weights=None).eval().requires_grad_(False)
    x = torch.rand(2, 3, 48, 48, generator=torch.Generator().manual_seed(1))
    labels = net(x).argmax(1)
    settings = PRESETS["pgd-linf"].replace(steps=4, eps=1 / 255, early_stop=False)
    _assert_as_strong(*_both(net, x, labels, settings))
