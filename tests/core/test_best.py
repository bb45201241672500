"""Keeping the best point (any attack, ``keep_best``) and the DLR loss."""

from __future__ import annotations

import pytest
import torch

from advgui.core.attacks import AttackRun
from advgui.core.attacks.best import BestPoint
from advgui.core.attacks.losses import objective
from advgui.core.norms import get_norm
from advgui.core.settings import PRESETS, Loss, Norm

L2 = get_norm(Norm.L2)


def _deltas(*scales: float) -> torch.Tensor:
    """One 1 x 3 x 2 x 2 delta per image, of L2 norm ``scale`` each."""
    return torch.stack([torch.full((3, 2, 2), s / 12**0.5) for s in scales])


def test_a_point_that_meets_the_goal_beats_any_that_does_not():
    best = BestPoint(_deltas(0, 0), L2, "objective")
    best.offer(0, _deltas(1, 1), torch.tensor([5.0, 5.0]), torch.tensor([False, True]))
    best.offer(1, _deltas(2, 2), torch.tensor([1.0, 9.0]), torch.tensor([True, False]))
    assert best.step.tolist() == [1, 0]
    assert best.met.tolist() == [True, True]
    best.offer(2, _deltas(3, 3), torch.tensor([2.0, 9.5]), torch.tensor([True, True]))
    assert best.step.tolist() == [2, 2]  # both met before: the higher objective wins


def test_the_norm_order_keeps_the_smallest_adversarial_point():
    best = BestPoint(_deltas(0, 0), L2, "norm")
    best.offer(0, _deltas(3, 3), torch.tensor([-1.0, 0.5]), torch.tensor([False, True]))
    best.offer(1, _deltas(2, 4), torch.tensor([-0.5, 0.2]), torch.tensor([False, True]))
    # image 0: neither meets the goal, the higher objective wins; image 1: the smaller norm
    assert best.step.tolist() == [1, 0]
    best.offer(2, _deltas(5, 1), torch.tensor([0.1, 0.1]), torch.tensor([True, True]))
    assert best.step.tolist() == [2, 2]
    assert best.adversarial_size() == pytest.approx([5.0, 1.0])
    assert torch.equal(best.delta, _deltas(5, 1))


def test_the_best_point_is_the_result_and_its_record_describes_it(offline_model, small_cat):
    labels = offline_model(small_cat).argmax(1)
    # A step size too large for the ball makes PGD's objective go up and down.
    settings = PRESETS["pgd-linf"].replace(
        steps=8, eps=1 / 255, step_size=1 / 255, random_start=True, keep_best=True
    )
    run = AttackRun(offline_model, small_cat, labels, settings)
    result = run.run()
    best = result.final
    assert best is result.best and best.step == result.history[-1].step
    (k,) = best.best_step
    assert 0 <= k <= settings.steps
    assert best.loss[0] == pytest.approx(result.history[k].loss[0], rel=1e-5)
    met = [r.success[0] for r in result.history]
    top = max(r.loss[0] for r, m in zip(result.history, met) if m == any(met))
    assert best.loss[0] == pytest.approx(top, rel=1e-5)  # goal met first, then the objective
    with torch.no_grad():
        fresh = objective(offline_model(result.adversarial), labels, None, settings.loss)
    assert fresh.item() == pytest.approx(best.loss[0], rel=1e-4, abs=1e-5)
    assert best.linf[0] == pytest.approx(result.delta.abs().max().item(), rel=1e-6)


def test_without_keep_best_the_result_is_the_last_point(offline_model, small_cat):
    labels = offline_model(small_cat).argmax(1)
    settings = PRESETS["pgd-linf"].replace(steps=3)
    result = AttackRun(offline_model, small_cat, labels, settings).run()
    assert result.best is None and result.final is result.history[-1]
    assert result.final.best_step is None


def _logits(*rows: list[float]) -> torch.Tensor:
    return torch.tensor(rows)


def test_dlr_is_the_papers_ratio_and_ignores_the_logits_scale():
    z = _logits([4.0, 1.0, 3.0, 0.0, -1.0])  # sorted: 4, 3, 1, 0
    y = torch.tensor([0])
    dlr = objective(z, y, None, Loss.DLR)
    assert dlr.item() == pytest.approx(-(4 - 3) / (4 - 1))
    assert objective(3 * z + 7, y, None, Loss.DLR).item() == pytest.approx(dlr.item())
    wrong = objective(z, torch.tensor([2]), None, Loss.DLR)  # class 2 is not the top-1
    assert wrong.item() == pytest.approx(-(3 - 4) / (4 - 1)) and wrong.item() > 0


def test_targeted_dlr_follows_the_paper():
    z = _logits([4.0, 1.0, 3.0, 0.0, -1.0])
    y, t = torch.tensor([0]), torch.tensor([2])
    value = objective(z, y, t, Loss.DLR)
    assert value.item() == pytest.approx(-(4 - 3) / (4 - (1 + 0) / 2))
    assert objective(2 * z - 5, y, t, Loss.DLR).item() == pytest.approx(value.item())
