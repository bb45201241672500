"""The model registry, the default model, the Classifier wrapper and class lookup."""

from __future__ import annotations

import pytest
import torch

from advgui.core.errors import UnknownClassError, UnknownModelError
from advgui.core.models import (
    OFFLINE_MODEL,
    OFFLINE_MODELS,
    TUTORIAL_MODEL,
    Classifier,
    cache_dir,
    class_name,
    default_model_name,
    find_class,
    imagenet_categories,
    list_models,
    load_model,
    model_info,
)

from ._support import AIRLINER_CLASS, CAT_CLASS


def test_list_models_has_the_offline_models_first_and_the_torchvision_classics():
    infos = list_models()
    names = [i.name for i in infos]
    assert names[0] == OFFLINE_MODEL and infos[0].offline
    for name in (
        "resnet50",
        "resnet18",
        "vgg16",
        "mobilenet_v3_large",
        "efficientnet_b0",
        "convnext_tiny",
        "vit_b_16",
    ):
        assert name in names
    assert len(names) == len(set(names))
    assert [i.name for i in infos if i.offline] == names[: len(OFFLINE_MODELS)]
    # Only ImageNet-1k classifiers: no detection, video or quantized models.
    assert not any(n.startswith(("fasterrcnn", "r3d", "quantized", "raft")) for n in names)


def test_model_info_describes_the_weights():
    r50 = model_info(TUTORIAL_MODEL)
    assert "IMAGENET1K_V1" in r50.weights_name  # the tutorial's weights, not DEFAULT (V2)
    assert r50.url is not None and r50.url.endswith(r50.filename)
    assert r50.weights_path == cache_dir() / r50.filename
    assert r50.mean == pytest.approx((0.485, 0.456, 0.406))
    assert not r50.square_input and r50.input_size == 224
    vit = model_info("vit_b_16")
    assert vit.square_input and vit.input_size == 224
    assert model_info("inception_v3").input_size == 299
    lite = model_info(OFFLINE_MODEL)
    assert lite.offline and lite.url is None and lite.weights_on_disk()
    assert lite.mean == (0.5, 0.5, 0.5) and lite.std == (0.5, 0.5, 0.5)


def test_unknown_model_name_is_a_usage_error():
    with pytest.raises(UnknownModelError, match="unknown model 'resnet51'.*advgui-cli models") as e:
        model_info("resnet51")
    assert e.value.exit_code == 2  # bad usage; 3 is kept for weights that cannot be had
    with pytest.raises(UnknownModelError):
        load_model("resnet51")


def test_cache_dir_follows_torch_home(tmp_path, monkeypatch):
    monkeypatch.setenv("TORCH_HOME", str(tmp_path))
    assert cache_dir() == tmp_path / "hub" / "checkpoints"
    assert model_info("resnet18").weights_path.parent == tmp_path / "hub" / "checkpoints"


def test_default_model_is_offline_until_resnet50_weights_are_on_disk(tmp_path, monkeypatch):
    monkeypatch.setenv("TORCH_HOME", str(tmp_path))
    info = model_info(TUTORIAL_MODEL)
    assert not info.weights_on_disk()
    assert default_model_name() == OFFLINE_MODEL
    info.weights_path.parent.mkdir(parents=True)
    info.weights_path.write_bytes(b"weights")
    assert info.weights_on_disk()
    assert default_model_name() == TUTORIAL_MODEL
    # A folder where the file should be is not weights.
    info.weights_path.unlink()
    info.weights_path.mkdir()
    assert default_model_name() == OFFLINE_MODEL


def test_default_model_in_the_test_session_is_offline():
    # conftest points TORCH_HOME at an empty folder: no test sees a developer's cache.
    assert default_model_name() == OFFLINE_MODEL


def test_classifier_is_frozen_in_eval_mode_and_stays_there(offline_model):
    assert isinstance(offline_model, Classifier)
    assert offline_model.name == OFFLINE_MODEL
    assert offline_model.info is model_info(OFFLINE_MODEL)
    assert offline_model.weights_source == str(model_info(OFFLINE_MODEL).weights_path)
    params = list(offline_model.parameters())
    assert params and not any(p.requires_grad for p in params)
    offline_model.train()  # attacks must never see batch-norm statistics change
    assert not offline_model.training
    assert not any(m.training for m in offline_model.modules())


def test_classifier_takes_pixels_in_0_1_and_normalises_inside(offline_model, small_cat):
    # The offline model wants (x - 0.5) / 0.5: the wrapper does it, so [0, 1] in is right ...
    with torch.no_grad():
        logits = offline_model(small_cat)
        assert logits.shape == (1, 1000)
        assert logits.argmax().item() == CAT_CLASS
        # ... and the network itself sees the normalised image.
        inner = offline_model.net(small_cat * 2 - 1)
    torch.testing.assert_close(logits, inner, rtol=1e-4, atol=1e-4)
    # Gradients flow to the input even though no parameter wants one.
    x = small_cat.clone().requires_grad_(True)
    (g,) = torch.autograd.grad(offline_model(x)[0, CAT_CLASS], x)
    assert g.abs().sum() > 0


def test_classifier_outputs_do_not_depend_on_the_batch(offline_model, small_cat, small_espresso):
    with torch.no_grad():
        both = offline_model(torch.cat([small_cat, small_espresso]))
        alone = offline_model(small_espresso)
    torch.testing.assert_close(both[1:], alone, rtol=1e-4, atol=1e-4)


# --- class names ---------------------------------------------------------------------------


def test_categories():
    cats = imagenet_categories()
    assert len(cats) == 1000
    assert class_name(AIRLINER_CLASS) == "airliner"
    assert class_name(CAT_CLASS) == "Egyptian cat"


@pytest.mark.parametrize(
    "query,index",
    [
        ("airliner", 404),
        ("Airliner", 404),
        ("  AIRLINER ", 404),
        ("AIRL", 404),  # partial: "airl" is also inside "Mexican hairless", mid-word
        ("airlin", 404),
        ("404", 404),
        (" 404 ", 404),
        (404, 404),
        (0, 0),
        ("999", 999),
        ("Egyptian cat", 285),
        ("egyptian", 285),
        ("espresso", 967),
    ],
)
def test_find_class(query, index):
    assert find_class(query) == index


@pytest.mark.parametrize(
    "query,words",
    [
        ("1000", "class index 1000 is out of range 0-999"),
        (1000, "out of range 0-999"),
        ("-1", "out of range 0-999"),
        ("cat", "'cat' matches several classes: "),
        ("zzzqqq", "no ImageNet class matches 'zzzqqq'"),
        ("", "empty class name"),
        ("   ", "empty class name"),
        ("--5", "no ImageNet class matches"),
        ("\u00b2", "no ImageNet class matches"),  # a superscript 2: a digit, not a number
        ("4o4", "no ImageNet class matches"),
    ],
)
def test_find_class_refuses_with_a_clear_message(query, words):
    with pytest.raises(UnknownClassError) as info:
        find_class(query)
    assert words in str(info.value)
    assert "\n" not in str(info.value)


def test_ambiguous_names_list_the_candidates_with_indices():
    with pytest.raises(UnknownClassError) as info:
        find_class("cat")
    message = str(info.value)
    assert "tiger cat (282)" in message or "Egyptian cat (285)" in message
    assert "more" in message  # there are many: the list is cut short


def test_find_class_with_own_categories():
    cats = ["apple", "pineapple", "pear"]
    assert find_class("apple", cats) == 0  # exact beats partial
    assert find_class("pine", cats) == 1
    assert find_class("2", cats) == 2
    with pytest.raises(UnknownClassError, match="out of range 0-2"):
        find_class(3, cats)
