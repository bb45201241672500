"""Goals: "misclassified" and "reached class t" as one object, judged per image from logits,
and the same verdict the attack loop records, grid refinement stops on and the saved-PNG
check reports."""

from __future__ import annotations

import pytest
import torch

from advgui.core.attacks import AttackRun, Goal, Misclassified, ReachedClass
from advgui.core.attacks.quantize import goal_met
from advgui.core.settings import AttackSettings

from ._support import CAT_CLASS, ESPRESSO_CLASS


def logits_with_top1(*top1: int, classes: int = 5) -> torch.Tensor:
    """N x classes logits whose argmax per row is the given class (others lower)."""
    rows = torch.arange(classes, dtype=torch.float32).flip(0).repeat(len(top1), 1) * 0.1
    for i, c in enumerate(top1):
        rows[i, c] = 5.0
    return rows


# ---------------------------------------------------------------- exact cases


@pytest.mark.parametrize(("top1", "met"), [(3, True), (0, False), (1, False), (4, False)], ids=str)
def test_targeted_is_met_only_when_the_top1_is_the_target(top1, met):
    goal = ReachedClass(3)
    assert goal.met(logits_with_top1(top1)).tolist() == [met]


@pytest.mark.parametrize(("top1", "met"), [(2, False), (0, True), (4, True)], ids=str)
def test_untargeted_is_met_when_the_top1_differs_from_the_label(top1, met):
    goal = Misclassified(torch.tensor([2]))
    assert goal.met(logits_with_top1(top1)).tolist() == [met]


def test_a_batch_gets_one_verdict_per_image():
    logits = logits_with_top1(0, 1, 2, 3)
    labels = torch.tensor([0, 0, 2, 2])
    verdict = Misclassified(labels).met(logits)
    assert verdict.dtype == torch.bool and verdict.shape == (4,)
    assert verdict.tolist() == [False, True, False, True]
    # Targeted: the labels do not matter, only whether each top-1 is the target.
    assert ReachedClass(2).met(logits).tolist() == [False, False, True, False]


def test_probabilities_give_the_same_verdict_as_logits():
    logits = torch.randn(6, 10, generator=torch.Generator().manual_seed(0))
    labels = logits.argmax(dim=1).roll(1)
    for goal in (Misclassified(labels), ReachedClass(int(labels[0]))):
        assert torch.equal(goal.met(logits), goal.met(logits.softmax(dim=1)))


def test_met_by_top1_is_the_same_rule():
    top1 = torch.tensor([4, 2, 7])
    assert Misclassified(torch.tensor([4, 4, 4])).met_by_top1(top1).tolist() == [
        False,
        True,
        True,
    ]
    assert ReachedClass(7).met_by_top1(top1).tolist() == [False, False, True]


def test_from_settings_picks_the_goal():
    labels = torch.tensor([CAT_CLASS])
    untargeted = Goal.from_settings(AttackSettings(), labels)
    targeted = Goal.from_settings(AttackSettings(target=404), labels)
    assert isinstance(untargeted, Misclassified) and not untargeted.targeted
    assert torch.equal(untargeted.labels, labels)
    assert isinstance(targeted, ReachedClass) and targeted.targeted and targeted.target == 404


def test_goal_met_keeps_its_signature_and_answers():
    logits = logits_with_top1(1, 3)
    labels = torch.tensor([1, 1])
    assert goal_met(logits, labels, None).tolist() == [False, True]
    assert goal_met(logits, labels, 3).tolist() == [False, True]


def test_mismatched_shapes_are_refused():
    with pytest.raises(ValueError, match="2 predictions for 3 labels"):
        Misclassified(torch.tensor([0, 1, 2])).met(logits_with_top1(0, 1))
    with pytest.raises(ValueError, match="N x classes"):
        ReachedClass(1).met(torch.zeros(5))
    with pytest.raises(ValueError, match="shape N"):
        Misclassified(torch.tensor(3))
    with pytest.raises(ValueError, match="class index"):
        ReachedClass(-1)


# ---------------------------------------------------------------- the engine agrees


#: Tabby cat: one PGD step from 8/255 makes the cat a tabby, while the espresso goes elsewhere.
TABBY = 281


@pytest.mark.parametrize("target", [None, TABBY], ids=["untargeted", "targeted"])
def test_the_engine_records_what_the_goal_says(offline_model, small_cat, small_espresso, target):
    """At every step, ``record.success`` is the goal judged on the model's logits for the
    delta that record describes (the run yields before it updates delta)."""
    x = torch.cat([small_cat, small_espresso])
    labels = torch.tensor([CAT_CLASS, ESPRESSO_CLASS])
    settings = AttackSettings(attack="pgd", eps=8 / 255, step_size=2 / 255, steps=3, target=target)
    run = AttackRun(offline_model, x, labels, settings)
    goal = Goal.from_settings(settings, labels)
    seen = []
    for record in run:
        with torch.no_grad():
            logits = offline_model(run.x + run.delta)
        assert record.success == tuple(goal.met(logits).tolist())
        assert record.success == tuple(goal.met_by_top1(torch.tensor(record.top1)).tolist())
        seen.append(record.success)
    # Both verdicts are exercised: the clean start fails, a later step succeeds.
    assert seen[0] == (False, False)
    assert seen[-1] == ((True, True) if target is None else (True, False))
