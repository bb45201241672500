"""Square Attack: its schedule and updates exactly, then on the offline model and real images:
it fools the bundled cat at L-inf 4/255 within its budget, never takes a gradient, counts
one query per image and step until that image succeeds, repeats itself for a seed, and
gains as much margin per query as torchattacks' Square, up to the chance of a random search
(measured in the same run).

``pytest -s`` prints the queries, the margins and the per-image times.
"""

from __future__ import annotations

import statistics
import time

import pytest
import torch
from torch import nn

from advgui.core.attacks import AttackRun
from advgui.core.attacks.losses import objective
from advgui.core.attacks.square import (
    HALVINGS,
    l2_start,
    l2_update,
    linf_start,
    linf_update,
    square_fraction,
    square_side,
    window_pattern,
)
from advgui.core.imaging import preprocess
from advgui.core.norms import get_norm
from advgui.core.settings import AttackSettings, Loss, Norm

from ._support import CAT_CLASS, ESPRESSO_CLASS, ULP

EPS = 4 / 255
#: The paper's ImageNet L-inf p_init, and a budget for a live window (the paper: 10000).
SQUARE = AttackSettings(
    attack="square", loss="margin", eps=EPS, steps=1000, p_init=0.05, early_stop=True
)
LINF, L2 = get_norm(Norm.LINF), get_norm(Norm.L2)


# --- the schedule and the updates, exactly ------------------------------------------------


def test_p_is_halved_at_the_papers_checkpoints_scaled_to_the_budget():
    p = 0.05
    assert square_fraction(p, 0, 10000) == square_fraction(p, 10, 10000) == p
    for halvings, checkpoint in enumerate(HALVINGS, start=1):
        assert square_fraction(p, checkpoint, 10000) == p / 2 ** (halvings - 1)
        assert square_fraction(p, checkpoint + 1, 10000) == p / 2**halvings
    # 1000 queries: the checkpoints fall at a tenth (iteration 1 -> 10, 2 -> 20 of 10000).
    assert square_fraction(p, 1, 1000) == p and square_fraction(p, 2, 1000) == p / 2
    assert square_fraction(p, 999, 1000) == p / 512


def test_square_side_covers_the_fraction_p_of_the_image():
    assert square_side(0.05, 224, 224) == 50  # sqrt(0.05 * 224 * 224) = 50.09
    assert square_side(0.05, 224, 337) == 61  # sqrt(0.05 * 224 * 337) = 61.4
    assert square_side(1e-6, 224, 224) == 1 and square_side(1e-6, 224, 224, minimum=3) == 3
    assert square_side(1.0, 100, 40) == 40  # never larger than the image


@pytest.mark.parametrize("side", [3, 8, 11])
def test_the_l2_window_pattern_has_two_opposite_halves_peaked_at_their_centres(side):
    eta = window_pattern(side)
    top = side // 2
    assert eta.shape == (side, side)
    assert float(eta.norm()) == pytest.approx(1.0, abs=1e-6)
    upper, lower = eta[:top], eta[top:]
    assert bool((upper > 0).all()) and bool((lower < 0).all())
    assert float(upper.norm()) == pytest.approx(float(lower.norm()), rel=1e-5)
    for half in (upper, -lower):
        peak = divmod(int(half.argmax()), side)
        assert peak == (half.shape[0] // 2, side // 2)
        assert torch.allclose(half, half.flip(1)) or side % 2 == 0


def test_linf_start_is_vertical_stripes_of_plus_minus_eps():
    gen = torch.Generator().manual_seed(0)
    start = linf_start(torch.zeros(2, 3, 20, 30), EPS, gen)
    assert bool((start.abs() == EPS).all())
    assert bool((start == start[:, :, :1]).all())  # constant down each column
    assert 0 < int((start[:, :, 0] > 0).sum()) < start[:, :, 0].numel()  # both signs


def test_linf_update_sets_one_square_per_image_and_always_changes_it():
    """Each update writes one h x h square of +-eps per channel; a draw that would change
    nothing (here: the square already holds those signs) is drawn again."""
    gen = torch.Generator().manual_seed(0)
    x = torch.full((4, 3, 16, 16), 0.5)
    delta = torch.full_like(x, EPS)  # every square already +eps: a plain draw is unchanged 1/8
    for _ in range(50):
        [(index, values)] = linf_update(delta, x, EPS, 5, gen)
        assert values.shape == (4, 3, 5, 5)
        assert bool(((values.abs() - EPS).abs() <= ULP).all())  # in the box: (x + d) - x
        assert bool((values == values[:, :, :1, :1]).all())  # one sign per image and channel
        assert bool((values != delta[index]).flatten(1).any(dim=1).all())
    # In the box: over white pixels +eps is clipped to 0.
    white = torch.ones_like(x)
    [(_, values)] = linf_update(torch.zeros_like(x), white, EPS, 5, gen)
    assert bool((white[0, 0, 0, 0] + values <= 1).all()) and bool((values <= 0).all())


def test_l2_update_keeps_the_norm_and_changes_only_its_two_windows():
    """Algorithm 3 moves mass: after each update the norm is eps again, also when the box had
    taken some of it (the unused budget goes into the new window)."""
    gen = torch.Generator().manual_seed(0)
    eps = 1.5
    delta = l2_start(torch.zeros(3, 3, 40, 48), eps, gen)
    assert L2.size(delta).tolist() == pytest.approx([eps] * 3, rel=1e-5)
    delta[:, :, :4] = 0  # as if the box had clipped some of it
    for side in (25, 13, 7, 3, 3):
        before = delta.clone()
        writes = l2_update(delta, eps, side, gen)
        for index, values in writes:
            delta[index] = values
        assert L2.size(delta).tolist() == pytest.approx([eps] * 3, rel=1e-4)
        touched = torch.zeros_like(delta, dtype=torch.bool)
        for index, _ in writes:
            touched[index] = True
        assert bool((delta[~touched] == before[~touched]).all())
        assert bool((delta != before).flatten(1).any(dim=1).all())


# --- the offline model ---------------------------------------------------------------------


class Counted(nn.Module):
    """Counts the images the model is asked about (queries) and refuses any gradient."""

    def __init__(self, inner: nn.Module) -> None:
        super().__init__()
        self.inner = inner
        self.rows = 0

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if torch.is_grad_enabled() or x.requires_grad:
            raise GradientTaken("the model was called with autograd on")
        self.rows += x.shape[0]
        return self.inner(x)


class GradientTaken(AssertionError):
    pass


def test_square_never_takes_a_gradient_and_the_check_catches_one_that_does(
    offline_model, small_cat, cat_label
):
    model = Counted(offline_model)
    with pytest.raises(GradientTaken):
        AttackRun(model, small_cat, cat_label, AttackSettings(attack="pgd", steps=1)).run()
    result = AttackRun(model, small_cat, cat_label, SQUARE.replace(steps=5)).run()
    assert result.history[-1].queries == (5,)


def test_square_fools_the_cat_within_its_budget_counting_queries_per_image(
    offline_model, cat_x, cat_label
):
    """The issue's check (224 x 337 cat, L-inf 4/255), on a batch of the cat twice (two
    random searches that succeed at different steps) and once labelled espresso (the goal,
    "not espresso", is met at the start: one query). Each image is queried once a step
    until it succeeds, then never again; the records' scores are those of the point."""
    x = cat_x.repeat(3, 1, 1, 1)
    labels = torch.tensor([CAT_CLASS, CAT_CLASS, ESPRESSO_CLASS])
    model = Counted(offline_model)
    run = AttackRun(model, x, labels, SQUARE)
    start = time.perf_counter()
    records = list(run)
    seconds = time.perf_counter() - start
    last = records[-1]
    print(
        f"\nSquare L-inf 4/255 on the cat: queries {last.queries} of {SQUARE.steps}, "
        f"{seconds:.1f} s ({seconds / model.rows * 1000:.0f} ms per query)"
    )
    assert all(last.success) and run.result().early_stopped
    assert last.queries[2] == 1
    assert all(1 < q <= SQUARE.steps for q in last.queries[:2])
    for i in range(3):
        done = next(k for k, r in enumerate(records) if r.success[i])
        counts = [r.queries[i] for r in records]
        assert counts[: done + 1] == list(range(1, done + 2))  # one per step until success
        assert set(counts[done:]) == {done + 1}  # and none after
    assert sum(last.queries) == model.rows  # each point queried once, records reuse scores
    delta = run.result().delta
    assert LINF.size(delta).max() <= EPS + ULP
    with torch.no_grad():
        logits = offline_model(x + delta)
    assert (logits.argmax(dim=1) != labels).all()
    assert objective(logits, labels, None, Loss.MARGIN).tolist() == pytest.approx(
        list(last.loss), abs=1e-4
    )


@pytest.mark.parametrize("norm", [Norm.LINF, Norm.L2])
def test_same_seed_same_delta_and_other_seed_other_delta(offline_model, small_cat, norm):
    settings = SQUARE.replace(norm=norm, eps=EPS if norm is Norm.LINF else 1.0, steps=12)
    labels = torch.tensor([CAT_CLASS])

    def delta(seed: int) -> torch.Tensor:
        return AttackRun(offline_model, small_cat, labels, settings.replace(seed=seed)).run()

    first, again, other = delta(3), delta(3), delta(4)
    assert torch.equal(first.delta, again.delta)
    assert [r.loss for r in first.history] == [r.loss for r in again.history]
    assert not torch.equal(first.delta, other.delta)


def test_l2_square_stays_on_its_sphere_and_only_climbs(offline_model, small_cat):
    """L2: every recorded point lies within eps and (the box aside) on it, and the margin
    never falls: a worse candidate is not kept."""
    eps = 2.0
    settings = SQUARE.replace(norm=Norm.L2, eps=eps, steps=30, p_init=0.1)
    records = list(AttackRun(offline_model, small_cat, torch.tensor([CAT_CLASS]), settings))
    sizes = [r.l2[0] for r in records]
    assert max(sizes) <= eps * (1 + 1e-5) and min(sizes) >= 0.99 * eps
    losses = [r.loss[0] for r in records]
    assert losses == sorted(losses) and losses[-1] > losses[0]


def test_targeted_square_climbs_the_targeted_margin(offline_model, small_cat):
    """Targeted: the objective is ``z_target - max_{j != target} z_j`` of the point recorded."""
    labels, target = torch.tensor([CAT_CLASS]), ESPRESSO_CLASS
    settings = SQUARE.replace(steps=10, target=target)
    run = AttackRun(offline_model, small_cat, labels, settings)
    losses = [r.loss[0] for r in run]
    assert losses == sorted(losses)
    with torch.no_grad():
        logits = offline_model(small_cat + run.result().delta)
    fresh = objective(logits, labels, torch.tensor([target]), Loss.MARGIN)
    assert float(fresh) == pytest.approx(losses[-1], abs=1e-4)


# --- torchattacks ---------------------------------------------------------------------------

#: Crops (left, top, right, bottom) of the samples at other places and scales.
CROPS = {
    "cat": [(0, 0, 300, 300), (151, 0, 451, 300), (90, 40, 330, 280)],
    "espresso": [(0, 0, 400, 400), (200, 0, 600, 400), (150, 80, 450, 380)],
}
COMPARE_SIZE, COMPARE_EPS, COMPARE_QUERIES = 128, 2 / 255, 100
#: advgui's margin gained per query may fall short of torchattacks' by this fraction. The two
#: are the same random search, so which gains more on one seed is chance: over seeds 0-9 the
#: ratio ranged 0.81-1.36 (means 0.335 / 0.346). Broken updates fall far below: squares of one
#: pixel gained 0.17 of torchattacks', p halved at every query 0.43.
GAIN_TOLERANCE = 0.4


@pytest.fixture(scope="module")
def compare_images(offline_model, cat_image, espresso_image):
    """8 images of COMPARE_SIZE px: each sample centre-cropped and three other crops; the
    labels are the model's clean predictions."""
    parts = []
    for image, crops in ((cat_image, CROPS["cat"]), (espresso_image, CROPS["espresso"])):
        parts.append(preprocess(image, COMPARE_SIZE, center_crop=True))
        parts += [preprocess(image.crop(c), COMPARE_SIZE, center_crop=True) for c in crops]
    x = torch.cat(parts)
    with torch.no_grad():
        labels = offline_model(x).argmax(dim=1)
    return x, labels


class ScoreLog(nn.Module):
    """Keeps the logits of every call, to follow torchattacks' search from outside."""

    def __init__(self, inner: nn.Module) -> None:
        super().__init__()
        self.inner = inner
        self.calls: list[torch.Tensor] = []

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        logits = self.inner(x)
        self.calls.append(logits.detach().clone())  # it writes -inf into its logits
        return logits


def torchattacks_search(model, x, labels, *, eps, queries, p_init, seed):
    """torchattacks' Square through its public call; returns (best margin objective after
    each query, N x queries; queries per image; seconds). Its calls are: the clean check,
    the starting point, one per iteration for the images with margin still > 0 (in order),
    and a last check of the result."""
    import torchattacks

    log = ScoreLog(model)
    attack = torchattacks.Square(
        log, norm="Linf", eps=eps, n_queries=queries - 1, n_restarts=1, p_init=p_init,
        loss="margin", seed=seed,
    )  # fmt: skip
    start = time.perf_counter()
    attack(x, labels)
    seconds = time.perf_counter() - start
    best = objective(log.calls[1], labels, None, Loss.MARGIN)
    counts = torch.ones(len(labels), dtype=torch.long)
    path = [best.clone()]
    for logits in log.calls[2:-1]:
        active = (best < 0).nonzero().squeeze(1)
        assert len(active) == logits.shape[0]  # the reconstruction follows its search
        best[active] = torch.maximum(
            best[active], objective(logits, labels[active], None, Loss.MARGIN)
        )
        counts[active] += 1
        path.append(best.clone())
    path += [best.clone()] * (queries - len(path))
    return torch.stack(path, dim=1), counts.tolist(), seconds


def advgui_search(model, x, labels, *, eps, queries, p_init, seed):
    """The same from advgui's records: (objective after each query, queries, seconds)."""
    settings = SQUARE.replace(eps=eps, steps=queries, p_init=p_init, seed=seed)
    start = time.perf_counter()
    records = list(AttackRun(model, x, labels, settings))
    seconds = time.perf_counter() - start
    path = [torch.tensor(r.loss) for r in records[:queries]]
    path += [path[-1]] * (queries - len(path))
    return torch.stack(path, dim=1), list(records[-1].queries), seconds


def test_square_gains_as_much_margin_per_query_as_torchattacks(offline_model, compare_images):
    """Same model, images, eps, query budget, p_init, margin loss, one restart and seed.
    The measure is the margin gained since the starting point, averaged over the images and
    the budget's queries (the starting points themselves are random draws of either
    library: their luck would dominate a comparison of margins); successes and their
    median queries are printed (at this eps and budget neither library succeeds)."""
    pytest.importorskip("torchattacks")
    x, labels = compare_images
    kw = dict(eps=COMPARE_EPS, queries=COMPARE_QUERIES, p_init=0.05, seed=0)
    ours, our_q, our_s = advgui_search(offline_model, x, labels, **kw)
    theirs, their_q, their_s = torchattacks_search(offline_model, x, labels, **kw)
    our_gain = float((ours - ours[:, :1]).mean())
    their_gain = float((theirs - theirs[:, :1]).mean())
    our_wins = [q for q, m in zip(our_q, ours[:, -1].tolist()) if m > 0]
    their_wins = [q for q, m in zip(their_q, theirs[:, -1].tolist()) if m > 0]
    n = len(labels)
    print(
        f"\nSquare, {n} images of {COMPARE_SIZE} px, L-inf {COMPARE_EPS * 255:g}/255, "
        f"{COMPARE_QUERIES} queries: margin gained per query, advgui {our_gain:.3f} / "
        f"torchattacks {their_gain:.3f}; final margins {ours[:, -1].mean():.3f} / "
        f"{theirs[:, -1].mean():.3f}; successes {len(our_wins)} / {len(their_wins)} "
        f"(median queries {statistics.median(our_wins) if our_wins else '-'} / "
        f"{statistics.median(their_wins) if their_wins else '-'}); "
        f"{our_s / n:.2f} / {their_s / n:.2f} s per image"
    )
    assert our_gain > 0
    assert our_gain >= (1 - GAIN_TOLERANCE) * their_gain
