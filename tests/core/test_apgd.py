"""APGD (Croce & Hein 2020): the paper's checkpoints and halving conditions, restarts from
the best point, the best point as the result, and its strength against PGD and against
torchattacks' APGD / APGDT on the offline model, all measured in this run."""

from __future__ import annotations

import time

import pytest
import torch

from advgui.core.attacks import AttackRun
from advgui.core.attacks.apgd import APGDUpdate, checkpoints, halve
from advgui.core.attacks.losses import objective
from advgui.core.attacks.update import Evaluation
from advgui.core.imaging import preprocess
from advgui.core.norms import get_norm
from advgui.core.settings import Attack, AttackSettings, Loss, Norm

from ._support import CAT_CLASS, ESPRESSO_CLASS, SMALL, ULP

# --- the schedule and the halving rule, exactly -------------------------------------------


def test_checkpoints_for_100_steps_are_the_papers():
    # p_j = 0, .22, .41, .57, .70, .80, .87, .93, .99 (the next, 1.05, is past the end).
    assert checkpoints(100) == [0, 22, 41, 57, 70, 80, 87, 93, 99]


def test_checkpoints_round_up_and_never_repeat():
    # ceil(p_j * 10) = 3, 5, 6, 7, 8, 9, 10, 10: the second 10 is the same checkpoint.
    assert checkpoints(10) == [0, 3, 5, 6, 7, 8, 9, 10]
    assert checkpoints(20) == [0, 5, 9, 12, 14, 16, 18, 19, 20]
    assert checkpoints(1) == [0, 1]
    for n in range(1, 400):
        w = checkpoints(n)
        assert w[0] == 0 and w[-1] <= n
        assert all(a < b for a, b in zip(w, w[1:]))


def test_condition_1_is_a_strict_fraction_of_increases():
    no = torch.tensor([False])
    best, best_last = torch.tensor([2.0]), torch.tensor([1.0])  # condition 2 off: it rose
    # 22 steps since the last checkpoint: 0.75 * 22 = 16.5 increases are needed.
    assert halve(torch.tensor([16]), 22, no, best, best_last).tolist() == [True]
    assert halve(torch.tensor([17]), 22, no, best, best_last).tolist() == [False]
    # Exactly rho of the steps is enough (the paper's "<"; AutoAttack's code halves here).
    assert halve(torch.tensor([3]), 4, no, best, best_last).tolist() == [False]


def test_condition_2_needs_an_unchanged_step_size_and_an_unchanged_best():
    many = torch.tensor([22, 22, 22])  # condition 1 off
    halved_last = torch.tensor([False, True, False])
    best, best_last = torch.tensor([1.0, 1.0, 1.5]), torch.tensor([1.0, 1.0, 1.0])
    assert halve(many, 22, halved_last, best, best_last).tolist() == [True, False, False]


class ScriptedRun:
    """Stands in for an AttackRun: each evaluation returns the next scripted objective and
    a gradient of that sign everywhere; the points it was asked about are kept."""

    def __init__(self, x: torch.Tensor, objectives: list[float], signs: list[float]) -> None:
        self.x = x
        self._script = iter(zip(objectives, signs, strict=True))
        self.points: list[torch.Tensor] = []

    def evaluate(self, delta: torch.Tensor, *, grad: bool = True) -> Evaluation:
        f, sign = next(self._script)
        self.points.append(delta.clone())
        return Evaluation(
            logits=torch.zeros(1, 2),
            objective=torch.tensor([f]),
            grad=torch.full_like(delta, sign),
            met=torch.tensor([False]),
        )


E = 0.125  # a power of two: every iterate below is exact in float32


def _drive(objectives: list[float], signs: list[float]) -> tuple[APGDUpdate, ScriptedRun]:
    """Run APGDUpdate alone (10 steps, L-inf eps E) through the scripted evaluations; the
    image sits at 0.5, so the image box never binds."""
    settings = AttackSettings(attack=Attack.APGD, eps=E, steps=10)
    delta = torch.zeros(1, 3, 2, 2)
    run = ScriptedRun(torch.full_like(delta, 0.5), objectives, signs)
    update = APGDUpdate(delta, settings, get_norm(Norm.LINF))
    for _ in objectives:
        with torch.no_grad():
            update.step(delta, update.evaluate(run, delta))
    return update, run


def test_a_halving_restarts_from_the_best_point_with_its_gradient():
    # f: 0, 5, 1, 2, .: the best is x(1); since checkpoint 0, two of the three steps rose
    # (f1 > f0, f3 > f2) and 2 < 0.75 * 3, so at checkpoint 3 the step size halves.
    update, run = _drive([0.0, 5.0, 1.0, 2.0, 0.0], [1.0, -1.0, -1.0, 1.0, 1.0])
    x0, x1, x2, x3, x4 = (p.unique().item() for p in run.points)
    assert x0 == 0.0 and x1 == E  # a plain first step of 2 * eps, projected
    # x(k+1) = P(x(k) + 0.75 (z - x(k)) + 0.25 (x(k) - x(k-1))), z = P(x(k) + eta d(k))
    assert x2 == E + 0.75 * (-E - E) + 0.25 * (E - 0.0)  # z = P(E - 2E) = -E
    assert x3 == -E  # the same rule, projected onto the ball
    assert update.step_size.tolist() == [E] and update.restarts.tolist() == [1]
    # The step from checkpoint 3 starts at x_max = x(1), along ITS gradient (-1, where
    # x(3)'s is +1), with eta = E: z = P(E - E) = 0; momentum against x(2).
    assert x4 == E + 0.75 * (0.0 - E) + 0.25 * (E - x2)


def test_condition_2_halves_when_the_best_has_not_moved_since_a_checkpoint_that_kept_eta():
    # Checkpoint 3 halves (as above); at 5 both steps since rose and it halved at 3: kept;
    # at 6 the one step rose (condition 1 off) but the best is still f1 = 5, as at 5.
    objectives = [0.0, 5.0, 1.0, 2.0, 3.0, 4.0, 4.5]
    update, run = _drive(objectives, [1.0, -1.0, -1.0, 1.0, 1.0, 1.0, 1.0])
    assert update.step_size.tolist() == [E / 2]
    assert update.restarts.tolist() == [2]


# --- on the offline model ------------------------------------------------------------------


@pytest.fixture(scope="module")
def pair(small_cat, small_espresso):
    """Cat and espresso as one batch, with their labels."""
    return torch.cat([small_cat, small_espresso]), torch.tensor([CAT_CLASS, ESPRESSO_CLASS])


@pytest.fixture(scope="module")
def several(cat_image, espresso_image):
    """Six 128 x 128 views of the two samples: the centre and both ends of the long side,
    each (the model gives each view its sample's class)."""
    views = []
    for image in (cat_image, espresso_image):
        w, h = image.size
        s = min(w, h)
        views.append(preprocess(image, SMALL, center_crop=True))
        views += [
            preprocess(image.crop(box), SMALL) for box in [(0, 0, s, s), (w - s, h - s, w, h)]
        ]
    return torch.cat(views)


def _objective(model, x, delta, labels, target, loss) -> torch.Tensor:
    """One fresh forward pass at x + delta, scored with advgui's objective."""
    with torch.no_grad():
        return objective(model(x + delta), labels, target, loss)


def test_the_result_is_the_best_point_and_its_record_describes_it(offline_model, pair):
    x, labels = pair
    settings = AttackSettings(attack=Attack.APGD, eps=0.5 / 255, steps=10, random_start=True)
    result = AttackRun(offline_model, x, labels, settings).run()
    final = result.final
    assert final is result.best and final.best_step is not None
    fresh = _objective(offline_model, x, result.delta, labels, None, Loss.CE)
    assert fresh.tolist() == pytest.approx(final.loss, rel=1e-5)
    for i, step in enumerate(final.best_step):
        assert 0 <= step < len(result.history)
        assert result.history[step].loss[i] == pytest.approx(final.loss[i], rel=1e-5)
        met = [r.loss[i] for r in result.history if r.success[i]]
        assert final.success[i] == bool(met)
        assert final.loss[i] == pytest.approx(max(met or [r.loss[i] for r in result.history]))
    assert get_norm(Norm.LINF).size(result.delta).max() <= settings.eps + ULP


def test_apgd_takes_no_step_size(offline_model, small_cat, cat_label):
    """Parameter-free: ``settings.step_size`` changes nothing (eta starts at 2 * eps)."""
    runs = [
        AttackRun(
            offline_model,
            small_cat,
            cat_label,
            AttackSettings(attack=Attack.APGD, eps=0.5 / 255, steps=4, step_size=size),
        ).run()
        for size in (0.1 / 255, 8 / 255)
    ]
    assert torch.equal(runs[0].delta, runs[1].delta)


def test_l2_stays_in_the_ball_and_climbs(offline_model, pair):
    x, labels = pair
    settings = AttackSettings(attack=Attack.APGD, norm=Norm.L2, eps=0.1, steps=10)
    result = AttackRun(offline_model, x, labels, settings).run()
    assert all(max(r.l2) <= settings.eps + ULP for r in result.history)
    assert all(a > b for a, b in zip(result.final.loss, result.history[0].loss))
    assert all(result.final.success)


#: The budget of the comparison with PGD: small, but long enough for the schedule. At 10
#: steps PGD with a step of eps / 4 is ahead on most views (APGD spends them exploring with
#: eta = 2 eps), at 20-40 still on some now and then; at 50 APGD leads on every view by 2%
#: or more, also after changes of the input far below one 8-bit level (5 draws measured).
VS_PGD = {"eps": 0.5 / 255, "steps": 50}


def test_apgd_ce_climbs_higher_than_pgd_on_every_view(offline_model, several):
    x = several
    with torch.no_grad():
        labels = offline_model(x).argmax(dim=1)

    def final_objective(**kw) -> torch.Tensor:
        settings = AttackSettings(loss=Loss.CE, **VS_PGD, **kw)
        result = AttackRun(offline_model, x, labels, settings).run()
        return _objective(offline_model, x, result.delta, labels, None, Loss.CE)

    apgd = final_objective(attack=Attack.APGD, random_start=True)
    # PGD as its preset runs it (a step of eps / 4), with and without its random start;
    # per view the better of the two is the reference.
    step = VS_PGD["eps"] / 4
    pgd = torch.maximum(
        final_objective(attack=Attack.PGD, step_size=step),
        final_objective(attack=Attack.PGD, step_size=step, random_start=True),
    )
    print(f"\nCE after {VS_PGD['steps']} steps, L-inf {VS_PGD['eps'] * 255:g}/255")
    print("  APGD:", [round(v, 3) for v in apgd.tolist()])
    print("  PGD: ", [round(v, 3) for v in pgd.tolist()])
    assert bool((apgd > pgd).all()), (apgd.tolist(), pgd.tolist())


def _second_class(model, x: torch.Tensor) -> int:
    with torch.no_grad():
        return int(model(x).topk(2, dim=1).indices[0, 1])


@pytest.mark.parametrize("sample", ["small_cat", "small_espresso"])
def test_targeted_apgd_reaches_the_second_most_likely_class(offline_model, request, sample):
    """APGD-T's first target: the clean prediction's runner-up (tiger cat for the cat,
    cup for the espresso), on the paper's targeted DLR, within a small budget."""
    x = request.getfixturevalue(sample)
    with torch.no_grad():
        label = offline_model(x).argmax(dim=1)
    target = _second_class(offline_model, x)
    settings = AttackSettings(
        attack=Attack.APGD,
        loss=Loss.DLR,
        eps=0.5 / 255,
        steps=10,
        target=target,
        random_start=True,
    )
    result = AttackRun(offline_model, x, label, settings).run()
    assert not result.history[0].success[0]
    assert result.final.success == (True,) and result.final.top1 == (target,)
    with torch.no_grad():
        assert int(offline_model(x + result.delta).argmax(dim=1)) == target


# --- torchattacks' APGD and APGDT --------------------------------------------------------

#: The comparison's budget: the paper's 100 iterations, where its checkpoints and the
#: integer schedule of AutoAttack's code (which torchattacks ports) are the same
#: (22, 41, ..., 99); at other budgets they differ (20 steps: 5, 9, 12, ... against 4, 7,
#: 9, 10, 11, ...) and the two attacks are not the same algorithm. A small eps, where the
#: objective has one clear maximum to reach.
VS_TORCHATTACKS = {"eps": 0.1 / 255, "steps": 100}
#: Two runs of the same algorithm from different random starts (or after a change of the
#: input far below one 8-bit level) end up to this fraction of the objective apart, in
#: either direction: sign(gradient) and the halving decisions amplify float rounding.
#: Measured at this budget on 8 views x 2: 0.5% (ce), 0.4% (dlr), 0.1% (targeted dlr).
SAME_ALGORITHM = 0.01


def _torchattacks_best(model, x, labels, mode: str) -> torch.Tensor:
    """torchattacks' own best point (highest objective, its 'best_loss' result) after one
    run (n_restarts=1, seed 0), as x + delta. Its default result keeps only points that
    misclassify and returns the clean image elsewhere, which would compare nothing."""
    import torchattacks

    common = {"norm": "Linf", "n_restarts": 1, "seed": 0, **VS_TORCHATTACKS}
    with torch.random.fork_rng():  # it seeds torch's global generator
        if mode == "targeted":
            # n_classes=2: one target, the clean prediction's runner-up (its target_class
            # 2); attack_single_run returns the best point, perturb only the fooled ones.
            attack = torchattacks.APGDT(model, n_classes=2, **common)
            attack.target_class = 2
            torch.random.manual_seed(attack.seed)  # as its perturb() does
            best, _, _, _ = attack.attack_single_run(x, labels)
        else:
            attack = torchattacks.APGD(model, loss=mode, **common)
            _, best = attack.perturb(x, labels, best_loss=True)
    return best


@pytest.mark.parametrize("mode", ["ce", "dlr", "targeted"])
def test_as_strong_as_torchattacks(offline_model, pair, mode):
    x, labels = pair
    loss = Loss.CE if mode == "ce" else Loss.DLR
    targets = [_second_class(offline_model, x[i : i + 1]) for i in range(len(x))]
    target = torch.tensor(targets) if mode == "targeted" else None
    threads = torch.get_num_threads()  # the same count as torchattacks runs with

    began = time.perf_counter()
    groups = [[i] for i in range(len(x))] if mode == "targeted" else [list(range(len(x)))]
    ours_delta = torch.zeros_like(x)
    for idx in groups:
        settings = AttackSettings(
            attack=Attack.APGD,
            loss=loss,
            target=targets[idx[0]] if mode == "targeted" else None,
            random_start=True,
            **VS_TORCHATTACKS,
        )
        run = AttackRun(offline_model, x[idx], labels[idx], settings, threads=threads)
        ours_delta[idx] = run.run().delta
    ours_time = time.perf_counter() - began
    began = time.perf_counter()
    theirs_x = _torchattacks_best(offline_model, x, labels, mode)
    theirs_time = time.perf_counter() - began

    ours = _objective(offline_model, x, ours_delta, labels, target, loss)
    theirs = _objective(offline_model, x, theirs_x - x, labels, target, loss)
    with torch.no_grad():
        goal = (lambda top1: top1 == target) if target is not None else (lambda t: t != labels)
        ours_met = goal(offline_model(x + ours_delta).argmax(dim=1))
        theirs_met = goal(offline_model(theirs_x).argmax(dim=1))
    n = len(x)
    print(
        f"\nAPGD-{mode}, L-inf {VS_TORCHATTACKS['eps'] * 255:g}/255, "
        f"{VS_TORCHATTACKS['steps']} steps, {threads} threads: "
        f"advgui {ours_time / n:.2f} s/image, torchattacks {theirs_time / n:.2f} s/image"
    )
    print("  advgui:      ", [round(v, 4) for v in ours.tolist()], ours_met.tolist())
    print("  torchattacks:", [round(v, 4) for v in theirs.tolist()], theirs_met.tolist())
    assert bool((ours >= theirs - SAME_ALGORITHM * theirs.abs() - 1e-4).all())
    assert bool((ours_met | ~theirs_met).all())  # what torchattacks fooled, advgui fooled
