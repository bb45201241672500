"""The tutorial's two recipes, in full, on the offline model and the bundled samples."""

from __future__ import annotations

import torch

from advgui.core.attacks import AttackRun
from advgui.core.predict import probabilities
from advgui.core.settings import PRESETS

from ._support import AIRLINER_CLASS, CAT_CLASS, ESPRESSO_CLASS, ULP, in_image_box


def test_offline_model_knows_the_samples(offline_model, cat_x, espresso_x):
    assert cat_x.shape[-2] == 224 and espresso_x.shape[-2] == 224
    assert probabilities(offline_model, cat_x).argmax().item() == CAT_CLASS
    assert probabilities(offline_model, espresso_x).argmax().item() == ESPRESSO_CLASS


def test_untargeted_recipe_fools_the_model_on_the_cat(offline_model, cat_x):
    settings = PRESETS["tutorial-untargeted"]
    result = AttackRun(offline_model, cat_x, torch.tensor([CAT_CLASS]), settings).run()
    first, final = result.history[0], result.final
    assert len(result.history) == 31 and not result.stopped
    assert first.top1 == (CAT_CLASS,) and first.p_true[0] > 0.3
    assert final.top1[0] != CAT_CLASS
    assert final.p_true[0] < 1e-3  # measured: about 1e-7
    assert final.success == (True,)
    # The records agree with the returned images.
    p = probabilities(offline_model, result.x + result.delta)
    assert p.argmax().item() == final.top1[0]
    assert abs(p[0, CAT_CLASS].item() - final.p_true[0]) < 1e-4
    assert result.delta.abs().max().item() <= 2 / 255 + ULP
    assert in_image_box(result.x, result.delta)


def test_targeted_recipe_turns_the_espresso_into_an_airliner(offline_model, espresso_x):
    settings = PRESETS["tutorial-targeted"]
    assert settings.target == AIRLINER_CLASS
    run = AttackRun(offline_model, espresso_x, torch.tensor([ESPRESSO_CLASS]), settings)
    result = run.run()
    final = result.final
    assert len(result.history) == 101
    assert result.history[0].p_target[0] < 1e-3
    assert final.top1 == (AIRLINER_CLASS,)  # measured: p(airliner) about 0.98
    assert final.p_target[0] == final.top1_prob[0] > 0.5
    assert final.success == (True,)
    p = probabilities(offline_model, result.adversarial)
    assert p.argmax().item() == AIRLINER_CLASS
    assert result.delta.abs().max().item() <= 2 / 255 + ULP
    assert in_image_box(result.x, result.delta)
