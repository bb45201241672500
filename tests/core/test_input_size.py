"""Input sizes a model takes, asked of the model itself (issue 14): EfficientNet-Lite0
fails below 32 x 32 with a convolution error, which must be a sentence instead."""

from __future__ import annotations

import pytest
import torchvision

from advgui.core.input_size import size_problem
from advgui.core.models import Classifier, model_info


@pytest.mark.parametrize("size", [8, 16, 24, 31])
def test_the_offline_model_below_32_pixels(offline_model, size):
    assert size_problem(offline_model, size) == "efficientnet_lite0 needs at least 32 x 32 pixels"


@pytest.mark.parametrize("size", [32, 33, 64, 224, 500])
def test_the_offline_model_from_32_pixels(offline_model, size):
    assert size_problem(offline_model, size) is None


def _random(name: str) -> Classifier:
    net = torchvision.models.get_model(name, weights=None)
    return Classifier(net, model_info(name), weights_source="random")


def test_models_differ_and_each_is_asked():
    alexnet, mobilenet, vit = _random("alexnet"), _random("mobilenet_v3_small"), _random("vit_b_32")
    assert size_problem(alexnet, 40) == "alexnet needs at least 63 x 63 pixels"
    assert size_problem(alexnet, 63) is None
    assert size_problem(mobilenet, 8) is None
    assert size_problem(vit, 224) is None
    assert size_problem(vit, 256) == "vit_b_32 does not take 256 x 256 pixels"
