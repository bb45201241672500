"""The attack engine: cancelling, seeds, early stop, batches, goals and every update rule."""

from __future__ import annotations

import threading

import pytest
import torch
from torch import nn

from advgui.core.attacks import AttackRun
from advgui.core.errors import SettingsError
from advgui.core.norms import get_norm
from advgui.core.settings import PRESETS, Attack, AttackSettings, Loss, Norm

from ._support import AIRLINER_CLASS, CAT_CLASS, ESPRESSO_CLASS

FAST = AttackSettings(attack=Attack.PGD, eps=2 / 255, step_size=0.5 / 255, steps=6)


class CountingModel(nn.Module):
    """Wraps a model and counts forward passes, to prove that a stopped run does no work."""

    def __init__(self, inner: nn.Module) -> None:
        super().__init__()
        self.inner = inner
        self.calls = 0

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        self.calls += 1
        return self.inner(x)


@pytest.fixture
def pair(small_cat, small_espresso):
    """Cat and espresso as one batch, with their labels."""
    return torch.cat([small_cat, small_espresso]), torch.tensor([CAT_CLASS, ESPRESSO_CLASS])


def _delta_size(run: AttackRun) -> list[float]:
    return get_norm(Norm.LINF).size(run.delta).tolist()


# --- records -----------------------------------------------------------------------------------


def test_records_count_and_contents(offline_model, small_cat, cat_label):
    run = AttackRun(offline_model, small_cat, cat_label, FAST)
    records = list(run)
    assert [r.step for r in records] == list(range(FAST.steps + 1))
    assert all(r.total_steps == FAST.steps for r in records)
    assert all(r.p_target is None for r in records)
    for r in records:
        assert len(r.loss) == len(r.p_true) == len(r.top1) == len(r.linf) == len(r.l2) == 1
        assert 0 <= r.p_true[0] <= r.top1_prob[0] <= 1
        assert isinstance(r.top1[0], int) and isinstance(r.success[0], bool)
    assert records[0].linf == (0.0,) and records[0].l2 == (0.0,)
    elapsed = [r.elapsed for r in records]
    assert elapsed == sorted(elapsed) and elapsed[0] >= 0
    assert run.result().history == records
    assert records[-1].linf[0] == pytest.approx(_delta_size(run)[0])


# --- cancelling -------------------------------------------------------------------------------


@pytest.mark.parametrize("at", [0, 2, FAST.steps - 1])
def test_stop_inside_the_loop_ends_before_the_next_step(offline_model, small_cat, cat_label, at):
    model = CountingModel(offline_model)
    run = AttackRun(model, small_cat, cat_label, FAST)
    seen = []
    for record in run:
        seen.append(record.step)
        if record.step == at:
            size_then = _delta_size(run)
            run.stop()
    assert seen == list(range(at + 1))  # nothing after the stop
    assert model.calls == at + 1  # and no forward pass was wasted
    result = run.result()
    assert result.stopped and not result.early_stopped
    assert len(result.history) == at + 1
    # delta is the one the last record describes.
    assert _delta_size(run) == size_then
    assert result.final.linf[0] == pytest.approx(result.delta.abs().max().item())


def test_stop_from_another_thread(offline_model, small_cat, cat_label):
    run = AttackRun(offline_model, small_cat, cat_label, FAST)
    steps = []
    for record in run:
        steps.append(record.step)
        if record.step == 1:
            t = threading.Thread(target=run.stop)
            t.start()
            t.join()
    assert steps == [0, 1]
    assert run.result().stopped


def test_breaking_out_of_the_loop_leaves_a_stopped_result(offline_model, small_cat, cat_label):
    model = CountingModel(offline_model)
    run = AttackRun(model, small_cat, cat_label, FAST)
    for record in run:
        if record.step == 2:
            break
    result = run.result()
    assert result.stopped
    assert [r.step for r in result.history] == [0, 1, 2]
    assert model.calls == 3
    assert result.final.linf[0] == pytest.approx(result.delta.abs().max().item())


def test_stop_before_the_first_step_records_only_the_start(offline_model, small_cat, cat_label):
    model = CountingModel(offline_model)
    run = AttackRun(model, small_cat, cat_label, FAST)
    run.stop()
    assert [r.step for r in run] == [0]  # the start state, so the result has a final record
    assert model.calls == 1
    result = run.result()
    assert result.stopped and result.final.step == 0
    assert result.final.top1 == (CAT_CLASS,) and result.success == (False,)
    assert torch.equal(result.delta, torch.zeros_like(small_cat))


def test_stop_during_an_update_still_records_the_new_delta(
    offline_model, small_cat, cat_label, monkeypatch
):
    # stop() from another thread can land after the check that follows a record, while
    # the update runs. The run must then record the updated delta before it ends.
    from advgui.core.attacks import engine

    runs: list[AttackRun] = []

    class StopDuringUpdate(engine.UPDATES[Attack.PGD]):
        def step(self, delta, ev):
            super().step(delta, ev)
            runs[0].stop()

    monkeypatch.setitem(engine.UPDATES, Attack.PGD, StopDuringUpdate)
    run = AttackRun(offline_model, small_cat, cat_label, FAST)
    runs.append(run)
    steps = [r.step for r in run]
    assert steps == [0, 1]
    result = run.result()
    assert result.stopped
    assert result.final.linf[0] == pytest.approx(result.delta.abs().max().item())
    assert result.final.linf[0] > 0


def test_a_finished_run_is_not_stopped(offline_model, small_cat, cat_label):
    run = AttackRun(offline_model, small_cat, cat_label, FAST.replace(steps=2))
    result = run.run()
    assert not result.stopped and not result.early_stopped
    assert len(result.history) == 3


# --- seeds -----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["pgd-linf", "pgd-l2"])
def test_same_seed_same_delta_and_other_seed_other_delta(offline_model, small_cat, cat_label, name):
    def run(seed: int):
        settings = PRESETS[name].replace(steps=3, seed=seed)
        assert settings.random_start
        return AttackRun(offline_model, small_cat, cat_label, settings).run()

    a, b, c = run(5), run(5), run(6)
    assert torch.equal(a.delta, b.delta)
    assert [r.loss for r in a.history] == [r.loss for r in b.history]
    assert not torch.equal(a.delta, c.delta)
    assert a.history[0].loss != c.history[0].loss  # different random starts


# --- early stop -----------------------------------------------------------------------------


def test_early_stop_ends_when_the_goal_is_met(offline_model, small_cat, cat_label):
    settings = AttackSettings(eps=8 / 255, step_size=1 / 255, steps=50, early_stop=True)
    model = CountingModel(offline_model)
    result = AttackRun(model, small_cat, cat_label, settings).run()
    assert result.early_stopped and not result.stopped
    assert result.final.success == (True,)
    assert not any(r.success[0] for r in result.history[:-1])
    n = len(result.history)
    assert 2 <= n < settings.steps + 1
    assert model.calls == n
    assert result.final.top1[0] != CAT_CLASS


def test_early_stop_waits_for_every_image_of_the_batch(offline_model, pair):
    x, labels = pair
    settings = AttackSettings(eps=8 / 255, step_size=1 / 255, steps=60, early_stop=True)
    result = AttackRun(offline_model, x, labels, settings).run()
    assert result.early_stopped
    assert result.final.success == (True, True)
    assert not any(all(r.success) for r in result.history[:-1])


def test_without_early_stop_every_step_runs(offline_model, small_cat, cat_label):
    settings = AttackSettings(eps=8 / 255, step_size=2 / 255, steps=8)
    result = AttackRun(offline_model, small_cat, cat_label, settings).run()
    assert result.history[4].success == (True,)  # goal met early ...
    assert len(result.history) == 9 and not result.early_stopped  # ... yet all steps ran


# --- batches -------------------------------------------------------------------------------


def test_batch_of_the_same_image_gives_the_same_result(offline_model, small_cat):
    x = torch.cat([small_cat] * 3)
    result = AttackRun(offline_model, x, torch.tensor([CAT_CLASS] * 3), FAST).run()
    for record in result.history:
        assert len(record.loss) == 3
        assert record.loss == pytest.approx([record.loss[0]] * 3, rel=1e-4)
        assert len(set(record.top1)) == 1
    torch.testing.assert_close(result.delta[1], result.delta[0], rtol=0, atol=1e-6)
    torch.testing.assert_close(result.delta[2], result.delta[0], rtol=0, atol=1e-6)


def test_batch_of_different_images_matches_single_runs(offline_model, small_cat, small_espresso):
    # SGD, a continuous update, so that float differences between batched and single
    # convolutions (~1e-6) do not flip signs. They can still cross a ReLU kink and change
    # the gradient of a few pixels, so deltas agree on average, not to the last bit.
    settings = PRESETS["tutorial-untargeted"].replace(steps=3)
    flipped = small_cat.flip(-1)
    x = torch.cat([small_cat, small_espresso, flipped])
    labels = torch.tensor([CAT_CLASS, ESPRESSO_CLASS, CAT_CLASS])
    batch = AttackRun(offline_model, x, labels, settings).run()
    for i in range(3):
        single = AttackRun(offline_model, x[i : i + 1], labels[i : i + 1], settings).run()
        for rb, rs in zip(batch.history, single.history, strict=True):
            assert rb.loss[i] == pytest.approx(rs.loss[0], rel=1e-3, abs=1e-5)
            assert rb.p_true[i] == pytest.approx(rs.p_true[0], rel=1e-3, abs=1e-6)
            assert rb.top1[i] == rs.top1[0]
        diff = (batch.delta[i : i + 1] - single.delta).abs()
        assert diff.mean().item() < 0.01 * settings.eps
        assert (diff > 1e-5).float().mean().item() < 0.05
    # The two images really were attacked separately.
    assert not torch.allclose(batch.delta[0], batch.delta[1])


def test_targeted_batch_reports_p_target_per_image(offline_model, pair):
    x, labels = pair
    settings = FAST.replace(target=AIRLINER_CLASS, steps=3)
    result = AttackRun(offline_model, x, labels, settings).run()
    for record in result.history:
        assert record.p_target is not None and len(record.p_target) == 2
        assert all(0 <= p <= 1 for p in record.p_target)
        assert record.success == tuple(t == AIRLINER_CLASS for t in record.top1)
    assert all(b > a for a, b in zip(result.history[0].p_target, result.final.p_target))


# --- refused runs -------------------------------------------------------------------------


def test_target_equal_to_the_true_class_is_refused(offline_model, small_cat, pair):
    with pytest.raises(SettingsError, match="already the image's class"):
        AttackRun(offline_model, small_cat, torch.tensor([CAT_CLASS]), FAST.replace(target=285))
    x, labels = pair  # one image of the batch is enough
    with pytest.raises(SettingsError, match=str(ESPRESSO_CLASS)):
        AttackRun(offline_model, x, labels, FAST.replace(target=ESPRESSO_CLASS))


def test_target_out_of_range_is_refused(offline_model, small_cat, cat_label):
    with pytest.raises(SettingsError, match="out of range 0-999"):
        AttackRun(offline_model, small_cat, cat_label, FAST.replace(target=1000))


@pytest.mark.parametrize(
    "shape,labels",
    [((3, 8, 8), [1]), ((1, 1, 8, 8), [1]), ((1, 4, 8, 8), [1]), ((2, 3, 8, 8), [1])],
)
def test_bad_shapes_are_refused(offline_model, shape, labels):
    with pytest.raises(SettingsError):
        AttackRun(offline_model, torch.rand(shape), torch.tensor(labels), FAST)


# --- every update rule climbs the objective --------------------------------------------------

STEP = {
    Attack.SGD: {Norm.LINF: 0.1, Norm.L2: 0.1},
    Attack.ADAM: {Norm.LINF: 0.5 / 255, Norm.L2: 0.5 / 255},
    Attack.FGSM: {Norm.LINF: 2 / 255, Norm.L2: 0.5},
    Attack.PGD: {Norm.LINF: 0.5 / 255, Norm.L2: 0.1},
    Attack.MIFGSM: {Norm.LINF: 0.5 / 255, Norm.L2: 0.1},
}
EPS = {Norm.LINF: 2 / 255, Norm.L2: 0.5}


@pytest.mark.parametrize("attack", list(STEP))  # the step-size attacks; the others: own tests
@pytest.mark.parametrize(
    "loss,norm,target",
    [
        (Loss.CE, Norm.LINF, None),
        (Loss.CE, Norm.LINF, AIRLINER_CLASS),
        (Loss.MARGIN, Norm.LINF, None),
        (Loss.MARGIN, Norm.LINF, AIRLINER_CLASS),
        (Loss.CE, Norm.L2, None),
    ],
)
def test_every_update_increases_the_objective(offline_model, pair, attack, loss, norm, target):
    x, labels = pair
    settings = AttackSettings(
        attack=attack,
        loss=loss,
        norm=norm,
        eps=EPS[norm],
        step_size=STEP[attack][norm],
        steps=4,
        target=target,
    )
    result = AttackRun(offline_model, x, labels, settings).run()
    first, final = result.history[0].loss, result.final.loss
    assert sum(final) / 2 > sum(first) / 2, (first, final)
    assert len(result.history) == settings.effective_steps + 1
