"""Norm maths: exact FGSM steps on a linear model, projections, random starts, the image box."""

from __future__ import annotations

import math

import pytest
import torch

from advgui.core.attacks import AttackRun
from advgui.core.norms import L2Norm, LinfNorm, clip_to_image, get_norm
from advgui.core.settings import PRESETS, Attack, AttackSettings, Loss, Norm

from ._support import ULP, LinearClassifier, in_image_box

#: Relative rounding of a float32 norm over up to 3 x 224 x 224 values.
F32_SUM = 1e-5

SHAPES = [(1, 3, 1, 1), (1, 3, 8, 8), (2, 3, 5, 7), (4, 3, 32, 16), (3, 3, 224, 224)]


def _weights(shape: tuple[int, ...], seed: int = 0) -> torch.Tensor:
    """Random weights with no entry near zero, so every sign is well defined."""
    g = torch.Generator().manual_seed(seed)
    w = torch.randn(shape, generator=g)
    return w.sign() * (w.abs() + 0.1)


def _mid_image(shape: tuple[int, ...], seed: int = 1) -> torch.Tensor:
    """An image in [0.25, 0.75], far enough from 0 and 1 that clipping never acts."""
    g = torch.Generator().manual_seed(seed)
    return 0.25 + 0.5 * torch.rand(shape, generator=g)


def _fgsm(model, x, label, **kw) -> torch.Tensor:
    settings = AttackSettings(attack=Attack.FGSM, **kw)
    return AttackRun(model, x, torch.tensor([label] * x.shape[0]), settings).run().delta


# --- FGSM on a linear model ---------------------------------------------------------------


@pytest.mark.parametrize("label,direction", [(0, 1.0), (1, -1.0)])
@pytest.mark.parametrize("loss", [Loss.CE, Loss.MARGIN])
def test_fgsm_linf_moves_each_pixel_by_eps_sign_w(label, direction, loss):
    # Logits [0, w.x]: with true class 0 every loss rises along +w, with class 1 along -w.
    shape = (1, 3, 6, 5)
    w, x = _weights(shape), _mid_image(shape)
    eps = 8 / 255
    delta = _fgsm(LinearClassifier(w), x, label, norm=Norm.LINF, eps=eps, loss=loss)
    torch.testing.assert_close(delta, direction * eps * w.sign(), rtol=0, atol=ULP)


def test_fgsm_linf_step_is_exact_on_dyadic_numbers():
    # x = 0.5 and eps = 1/16 are exact in float32, so x + delta - x loses nothing.
    shape = (2, 3, 4, 4)
    w = _weights(shape)
    x = torch.full(shape, 0.5)
    delta = _fgsm(LinearClassifier(w[0]), x, 0, norm=Norm.LINF, eps=1 / 16)
    assert torch.equal(delta, (w[0].sign() / 16).expand(shape))


@pytest.mark.parametrize("target", [None, 1])
def test_fgsm_linf_targeted_moves_towards_the_target(target):
    # Targeted at class 1, the objective CE(0) - CE(1) has gradient exactly w.
    shape = (1, 3, 4, 4)
    w, x = _weights(shape, seed=3), _mid_image(shape)
    delta = _fgsm(LinearClassifier(w), x, 0, eps=4 / 255, target=target)
    torch.testing.assert_close(delta, 4 / 255 * w.sign(), rtol=0, atol=ULP)


@pytest.mark.parametrize("label,direction", [(0, 1.0), (1, -1.0)])
def test_fgsm_l2_moves_along_w_by_eps(label, direction):
    shape = (1, 3, 6, 5)
    w, x = _weights(shape), _mid_image(shape)
    eps = 0.5
    delta = _fgsm(LinearClassifier(w), x, label, norm=Norm.L2, eps=eps)
    torch.testing.assert_close(delta, direction * eps * w / w.norm(), rtol=0, atol=ULP)
    assert delta.norm().item() == pytest.approx(eps, rel=1e-5)


def test_pgd_linf_on_linear_model_reaches_the_corner_and_stays_there():
    # Each step adds alpha * sign(w); after ceil(eps / alpha) steps the clamp holds delta
    # at eps * sign(w), and no record ever reports a size above eps.
    shape = (1, 3, 4, 4)
    w, x = _weights(shape), _mid_image(shape)
    eps, alpha = 4 / 255, 1 / 255
    settings = AttackSettings(attack=Attack.PGD, eps=eps, step_size=alpha, steps=7)
    run = AttackRun(LinearClassifier(w), x, torch.tensor([0]), settings)
    sizes = [r.linf[0] for r in run]
    assert sizes[:5] == pytest.approx([0, alpha, 2 * alpha, 3 * alpha, eps], abs=ULP)
    assert max(sizes) <= eps + ULP
    torch.testing.assert_close(run.delta, eps * w.sign(), rtol=0, atol=ULP)


def test_sgd_step_is_the_learning_rate_times_the_gradient():
    # The tutorial's update: delta <- delta + lr * grad (the optimizer minimises -objective).
    shape = (1, 3, 4, 4)
    w, x = _weights(shape) * 1e-3, _mid_image(shape)
    lr = 0.1
    settings = AttackSettings(attack=Attack.SGD, eps=0.5, step_size=lr, steps=1)
    delta = AttackRun(LinearClassifier(w), x, torch.tensor([0]), settings).run().delta
    s = (x.flatten() @ w.flatten()).item()
    p1 = 1 / (1 + math.exp(-s))
    # atol: x + delta - x in float32 near 0.5 is exact to about 3e-8.
    torch.testing.assert_close(delta, lr * p1 * w, rtol=0, atol=1e-7)


# --- projections ---------------------------------------------------------------------------


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("scale", [1e-4, 0.1, 1.0, 30.0])
def test_l2_projection_never_exceeds_eps(shape, scale):
    g = torch.Generator().manual_seed(hash((shape, scale)) % 2**31)
    norm = L2Norm()
    for eps in (1e-3, 0.1, 0.5, 3.0):
        delta = torch.randn(shape, generator=g) * scale
        out = norm.project(delta, eps)
        # Measured in float64 (the true length of the float32 result). The projection
        # computes the norm in float32, whose rounding over 150k terms is ~1e-6 relative:
        # that, and nothing more, is the slack allowed.
        sizes, before = norm.size(out.double()), norm.size(delta.double())
        assert bool((sizes <= eps * (1 + F32_SUM)).all()), (sizes.max().item(), eps)
        inside = before <= eps
        # Points already inside are untouched; points outside land on the sphere,
        # in the same direction.
        assert torch.equal(out[inside], delta[inside])
        if (~inside).any():
            torch.testing.assert_close(
                sizes[~inside], torch.full_like(sizes[~inside], eps), rtol=F32_SUM, atol=0
            )
            cos = torch.nn.functional.cosine_similarity(
                out[~inside].flatten(1), delta[~inside].flatten(1)
            )
            torch.testing.assert_close(cos, torch.ones_like(cos))


def test_l2_projection_of_zero_is_zero():
    out = L2Norm().project(torch.zeros(2, 3, 4, 4), 0.5)
    assert torch.equal(out, torch.zeros(2, 3, 4, 4))


@pytest.mark.parametrize("shape", SHAPES)
def test_linf_projection_clamps_each_pixel(shape):
    g = torch.Generator().manual_seed(7)
    delta = torch.randn(shape, generator=g) * 0.05
    eps = 2 / 255
    out = LinfNorm().project(delta, eps)
    assert bool(out.abs().max() <= torch.tensor(eps, dtype=out.dtype))
    assert torch.equal(out, torch.where(delta.abs() <= eps, delta, eps * delta.sign()))


def test_l2_direction_has_unit_norm_and_linf_direction_is_the_sign():
    g = torch.Generator().manual_seed(0)
    grad = torch.randn(3, 3, 9, 9, generator=g)
    torch.testing.assert_close(L2Norm().size(L2Norm().direction(grad)), torch.ones(3))
    assert torch.equal(LinfNorm().direction(grad), grad.sign())
    # A zero gradient gives a zero (not NaN) step.
    assert torch.equal(L2Norm().direction(torch.zeros(1, 3, 2, 2)), torch.zeros(1, 3, 2, 2))


def test_clip_to_image_keeps_x_plus_delta_in_the_box():
    g = torch.Generator().manual_seed(0)
    x = torch.rand(2, 3, 16, 16, generator=g)
    delta = torch.randn(2, 3, 16, 16, generator=g)
    out = clip_to_image(x, delta)
    assert in_image_box(x, out)
    assert float((out.abs() - delta.abs()).max()) <= ULP  # clipping never enlarges delta


# --- random start --------------------------------------------------------------------------


@pytest.mark.parametrize("name", [Norm.LINF, Norm.L2])
def test_random_start_is_inside_the_ball_and_repeatable(name):
    norm = get_norm(name)
    like = torch.zeros(4, 3, 32, 32)
    eps = 8 / 255 if name is Norm.LINF else 0.5
    a = norm.random_start(like, eps, torch.Generator().manual_seed(1))
    b = norm.random_start(like, eps, torch.Generator().manual_seed(1))
    c = norm.random_start(like, eps, torch.Generator().manual_seed(2))
    assert a.shape == like.shape and a.dtype == like.dtype
    assert torch.equal(a, b)
    assert not torch.equal(a, c)
    assert bool((norm.size(a) <= eps * (1 + ULP)).all())
    assert bool((norm.size(a) > 0).all())
    # Each image of the batch gets its own start.
    assert not torch.equal(a[0], a[1])


def test_linf_random_start_fills_the_cube():
    eps = 0.1
    a = LinfNorm().random_start(torch.zeros(1, 3, 64, 64), eps, torch.Generator().manual_seed(0))
    assert float(a.min()) >= -eps and float(a.max()) <= eps
    assert float(a.max()) > 0.99 * eps and float(a.min()) < -0.99 * eps
    assert abs(float(a.mean())) < 0.01 * eps


def test_l2_random_start_is_uniform_in_the_ball():
    # In a disc (dimension 2) a uniform point has E[r] = 2/3 of the radius.
    a = L2Norm().random_start(torch.zeros(20000, 2), 1.0, torch.Generator().manual_seed(0))
    r = a.norm(dim=1)
    assert float(r.max()) <= 1.0 + ULP
    assert float(r.mean()) == pytest.approx(2 / 3, abs=0.01)
    # Directions are spread out: the mean point is near the centre.
    assert float(a.mean(dim=0).norm()) < 0.02


@pytest.mark.parametrize("name", ["pgd-linf", "pgd-l2"])
def test_engine_random_start_is_inside_ball_and_box(name, offline_model, small_cat, cat_label):
    settings = PRESETS[name].replace(steps=1)
    run = AttackRun(offline_model, small_cat, cat_label, settings)
    first = next(iter(run))
    norm = get_norm(settings.norm)
    assert first.step == 0
    assert 0 < norm.size(run.delta).item() <= settings.eps * (1 + ULP)
    assert in_image_box(run.x, run.delta)


# --- x + delta stays in [0, 1] for every preset -----------------------------------------------


@pytest.fixture(scope="module")
def extreme_images(small_cat):
    """Two images hugging the ends of the range: one near 0, one near 1."""
    return torch.cat([small_cat * 0.01, 1 - small_cat * 0.01])


@pytest.mark.parametrize("name", list(PRESETS))
def test_every_preset_keeps_x_plus_delta_in_the_box(name, offline_model, extreme_images):
    settings = PRESETS[name].replace(steps=3, early_stop=False)  # every step, even if fooled
    with torch.no_grad():
        labels = offline_model(extreme_images).argmax(dim=1)
    if settings.target is not None:
        assert settings.target not in labels.tolist()
    run = AttackRun(offline_model, extreme_images, labels, settings)
    norm = get_norm(settings.norm)
    records = 0
    for record in run:
        records += 1
        assert in_image_box(run.x, run.delta), f"step {record.step}"
        sizes = norm.size(run.delta)
        assert bool((sizes <= settings.radius * (1 + ULP)).all())
        reported = record.linf if settings.norm is Norm.LINF else record.l2
        assert reported == pytest.approx(sizes.tolist(), rel=1e-5, abs=1e-9)
    assert records == settings.effective_steps + 1
    result = run.result()
    assert in_image_box(result.x, result.delta)
    assert torch.equal(result.adversarial, result.x + result.delta)
