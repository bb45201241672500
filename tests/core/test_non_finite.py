"""NaN and infinity are errors, not results (issue 14): a model whose logits are not
finite gives ModelOutputError (exit code 3), and every JSON advgui writes is strict."""

from __future__ import annotations

import copy
import dataclasses
import json

import pytest
import torch

from advgui.core.attacks import AttackRun
from advgui.core.errors import ErrorKind, ModelOutputError, SettingsError, classify
from advgui.core.export import SIDECAR, evaluate_saved
from advgui.core.predict import probabilities
from advgui.core.settings import MAX_SEED, MAX_STEP_SIZE, AttackSettings


def strict_json(text: str) -> object:
    """``json.loads`` that refuses NaN, Infinity and -Infinity, as strict parsers do."""

    def refuse(token: str) -> None:
        raise ValueError(f"not JSON: {token}")

    return json.loads(text, parse_constant=refuse)


@pytest.fixture(scope="module")
def overflowing_model(offline_model):
    """The offline model with finite but huge classifier weights: its logits overflow
    float32 to infinity (and softmax makes NaN of them)."""
    model = copy.deepcopy(offline_model)
    with torch.no_grad():
        w = model.net._fc.weight
        w.div_(w.abs().max()).mul_(3e38)  # the largest is just under float32's largest
    assert torch.isfinite(model.net._fc.weight).all()
    return model


def test_logits_that_overflow_are_an_error_not_a_prediction(overflowing_model, small_cat):
    with torch.no_grad():
        assert not torch.isfinite(overflowing_model(small_cat)).all()  # the premise
    with pytest.raises(ModelOutputError) as info:
        probabilities(overflowing_model, small_cat)
    message = str(info.value)
    assert "\n" not in message and "NaN or infinite" in message
    assert "efficientnet_lite0" in message and str(overflowing_model.weights_source) in message
    assert info.value.exit_code == 3 and classify(info.value) is ErrorKind.WEIGHTS


def test_the_sidecar_is_strict_json(offline_model, small_cat, cat_label):
    settings = AttackSettings(attack="pgd", eps=2 / 255, step_size=1 / 255, steps=1)
    result = AttackRun(offline_model, small_cat, cat_label, settings).run()
    saved = evaluate_saved(offline_model, result)
    assert strict_json(saved.files[SIDECAR].decode())["steps_run"] == 1


def test_a_run_whose_history_holds_nan_saves_nothing(offline_model, small_cat, cat_label):
    settings = AttackSettings(attack="pgd", eps=2 / 255, step_size=1 / 255, steps=1)
    result = AttackRun(offline_model, small_cat, cat_label, settings).run()
    last = result.history[-1]
    result.history[-1] = dataclasses.replace(last, loss=(float("nan"),))
    with pytest.raises(ModelOutputError, match="NaN or infinite"):
        evaluate_saved(offline_model, result)


def test_numbers_that_overflow_float32_are_refused():
    AttackSettings(attack="sgd", step_size=MAX_STEP_SIZE)  # the largest float32 is fine
    with pytest.raises(SettingsError, match="too large: attacks compute in float32"):
        AttackSettings(attack="sgd", step_size=1e300)


def test_seeds_beyond_the_generators_range_are_refused():
    settings = AttackSettings(seed=MAX_SEED, random_start=True)
    torch.Generator().manual_seed(settings.seed)  # torch takes it
    with pytest.raises(SettingsError, match="at most 2\\*\\*64 - 1"):
        AttackSettings(seed=MAX_SEED + 1, random_start=True)
    with pytest.raises(ValueError, match="Overflow"):  # what the unchecked value would do
        torch.Generator().manual_seed(MAX_SEED + 1)
