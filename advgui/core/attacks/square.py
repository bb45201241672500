"""Square Attack: random search over square-shaped changes, using only the model's scores.

Andriushchenko, Croce, Flammarion and Hein, "Square Attack: a query-efficient black-box
adversarial attack via random search", ECCV 2020 (arXiv:1912.00049). It never takes a
gradient, so it shows what a model that hides its gradients is still open to, and it is
AutoAttack's sanity check.

Algorithm 1 of the paper, one engine step per iteration: propose ``x_new`` (a square of the
current point changed), project it onto the eps-ball and the image box (the engine does),
query the model once, keep it if the objective rose (the paper minimises the margin
``z_y - max_{j != y} z_j``; the engine's ``margin`` objective is its negative, so it is
maximised) or the goal is met. An image that meets the goal is not queried again, so its
query count stops. ``settings.steps`` is the paper's N, the query budget per image: step 0
queries the initial point, steps 1 to N - 1 one candidate each, and the last record (the
engine's state after its last step) repeats step N - 1 without a query.

- Square size: the fraction p of the image a square covers starts at ``settings.p_init``
  and is halved after iterations 10, 50, 200, 500, 1000, 2000, 4000, 6000 and 8000 of a
  10000-query budget, rescaled to other budgets (the authors' schedule, Sec. 3.1 and
  their code); the side is ``h = round(sqrt(p * H * W))``.
- L-inf (Sec. 3.1, Algorithm 2): start from vertical stripes of width one, each column
  and channel at ``+eps`` or ``-eps``; each candidate sets one h x h square, per channel,
  to ``+eps`` or ``-eps`` (Algorithm 2 adds ``+-2 eps`` and projects: the same point).
  Signs that would leave the point unchanged are drawn again, as the authors' code does:
  that query would be wasted.
- L2 (Sec. 3.2, Algorithm 3 of the supplement): start from a 5 x 5 tiling of squares,
  each holding the centred "window" pattern eta with a random sign per channel, rescaled
  to norm eps. Each candidate picks two h x h windows W1 and W2 at random; per channel,
  the mass of delta in W1 and W2 (plus the budget the image box left unused, shared among
  the channels) moves into W1, along the old content of W1 plus a new +-eta (each of unit
  norm), and W2 is zeroed: the norm stays at eps while the perturbation moves.

Randomness comes from one ``torch.Generator`` seeded with ``settings.seed``: a run is
repeatable. ``settings.random_start`` and ``settings.step_size`` are not used. Only the
squares are touched between queries, so a step costs little beyond its forward pass.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import torch

from advgui.core.attacks.losses import objective
from advgui.core.attacks.update import Evaluation, Update
from advgui.core.norms import BallNorm
from advgui.core.settings import AttackSettings, Norm

if TYPE_CHECKING:
    from advgui.core.attacks.engine import AttackRun

#: Iterations of a 10000-query budget after which p is halved (rescaled to other budgets).
HALVINGS = (10, 50, 200, 500, 1000, 2000, 4000, 6000, 8000)
#: Tiles per side of the L2 starting point.
L2_TILES = 5
#: Smallest L2 window side (each half of the pattern keeps a row).
L2_MIN_SIDE = 3
#: Redraws of an L-inf square's signs that would leave the point unchanged.
REDRAWS = 8
#: A pixel change smaller than this counts as none (far below one 8-bit level).
_SAME = 1e-7
_TINY = 1e-12

#: Where a square lies in N x C x H x W: four broadcasting index tensors whose result is
#: N x C x side x side (read with ``delta[index]``, write with ``delta[index] = values``).
Index = tuple[torch.Tensor, torch.Tensor, torch.Tensor, torch.Tensor]
#: One write of a candidate: new contents for one square per image.
Write = tuple[Index, torch.Tensor]


def square_fraction(p_init: float, iteration: int, budget: int) -> float:
    """The paper's p at ``iteration`` (0-based) of ``budget`` queries: ``p_init`` halved once
    for each of ``HALVINGS`` passed, the checkpoints scaled from 10000 to ``budget``."""
    it = int(iteration / budget * 10000)
    return p_init / 2 ** sum(it > c for c in HALVINGS)


def square_side(p: float, height: int, width: int, *, minimum: int = 1) -> int:
    """Side of a square covering the fraction ``p`` of an image, within [minimum, min side]."""
    side = max(round(math.sqrt(p * height * width)), minimum)
    return min(side, height, width)


def window_pattern(side: int) -> torch.Tensor:
    """The paper's L2 update pattern for a ``side`` x ``side`` window, unit L2 norm.

    The top ``side // 2`` rows hold ``eta(side // 2, side)``, the others ``-eta(...)``, each
    half of unit norm before the whole is normalised (the paper's two halves of opposite
    sign). The random 90-degree turn is the caller's.
    """
    top = side // 2
    halves = [_eta(top, side), -_eta(side - top, side)]
    pattern = torch.cat([h for h in halves if h.numel()], dim=0)
    return pattern / pattern.norm()


def _eta(rows: int, cols: int) -> torch.Tensor:
    """The paper's eta^(h1,h2): concentric rings, heaviest at the centre.

    The element at Chebyshev distance d from the centre (``rows // 2``, ``cols // 2``)
    holds ``sum_{k=d+1}^{n+1} 1/k^2`` with ``n = max(rows // 2, cols // 2)``; taking the
    larger half-side for n (the paper's formula writes ``floor(h1/2)``) gives every element
    of a rectangle some mass. Unit L2 norm; empty for zero rows.
    """
    if rows == 0:
        return torch.zeros(0, cols)
    r = (torch.arange(rows) - rows // 2).abs().view(-1, 1)
    c = (torch.arange(cols) - cols // 2).abs().view(1, -1)
    n = max(rows // 2, cols // 2)
    weights = 1.0 / torch.arange(1, n + 2, dtype=torch.float64) ** 2
    tails = weights.flip(0).cumsum(0).flip(0)  # tails[d] = sum_{k=d+1}^{n+1} 1/k^2
    eta = tails[torch.maximum(r, c)]
    return (eta / eta.norm()).float()


def signs(shape: tuple[int, ...], gen: torch.Generator) -> torch.Tensor:
    """Independent +-1 (float32, on the generator's device)."""
    return torch.randint(0, 2, shape, generator=gen, device=gen.device).float().mul_(2).sub_(1)


def square_index(
    shape: torch.Size, side: int, gen: torch.Generator, device: torch.device
) -> tuple[Index, torch.Tensor, torch.Tensor]:
    """One ``side`` x ``side`` square per image, its corner uniform over the positions that
    fit; returns its index and its top and left corners (shape N, on ``device``)."""
    n, c, height, width = shape
    top = torch.randint(0, height - side + 1, (n,), generator=gen, device=gen.device)
    left = torch.randint(0, width - side + 1, (n,), generator=gen, device=gen.device)
    top, left = top.to(device), left.to(device)
    span = torch.arange(side, device=device)
    index = (
        torch.arange(n, device=device).view(-1, 1, 1, 1),
        torch.arange(c, device=device).view(1, -1, 1, 1),
        (top.view(-1, 1) + span).view(n, 1, side, 1),
        (left.view(-1, 1) + span).view(n, 1, 1, side),
    )
    return index, top, left


def linf_start(like: torch.Tensor, eps: float, gen: torch.Generator) -> torch.Tensor:
    """Vertical stripes of width one: each column of each channel at +eps or -eps."""
    n, c, height, width = like.shape
    stripes = eps * signs((n, c, 1, width), gen)
    return stripes.to(like).expand(n, c, height, width)


def l2_start(like: torch.Tensor, eps: float, gen: torch.Generator) -> torch.Tensor:
    """A centred grid of ``L2_TILES`` squares across the shorter side, each holding the
    window pattern (turned 90 degrees at random) with a random sign per channel; norm eps."""
    n, c, height, width = like.shape
    tile = max(min(height, width) // L2_TILES, 1)
    rows, cols = height // tile, width // tile
    eta = window_pattern(tile).to(gen.device)
    turned = torch.rand((n, 1, rows, cols, 1, 1), generator=gen, device=gen.device) < 0.5
    tiles = torch.where(turned, eta.t(), eta) * signs((n, c, rows, cols, 1, 1), gen)
    grid = tiles.permute(0, 1, 2, 4, 3, 5).reshape(n, c, rows * tile, cols * tile)
    start = torch.zeros(n, c, height, width, device=gen.device)
    top, left = (height - rows * tile) // 2, (width - cols * tile) // 2
    start[:, :, top : top + rows * tile, left : left + cols * tile] = grid
    start = start / start.flatten(1).norm(dim=1).clamp_min(_TINY).view(-1, 1, 1, 1)
    return (eps * start).to(like)


def linf_update(
    delta: torch.Tensor, x: torch.Tensor, eps: float, side: int, gen: torch.Generator
) -> list[Write]:
    """Algorithm 2: one square per image set to +-eps per channel (the values written are
    already in the image box). Signs that would change nothing are drawn again."""
    n, c = delta.shape[:2]
    index = square_index(delta.shape, side, gen, delta.device)[0]
    old, base = delta[index], x[index]
    draw = signs((n, c, 1, 1), gen).to(delta)
    for _ in range(REDRAWS + 1):
        new = (base + eps * draw).clamp(0.0, 1.0) - base
        same = (new - old).abs().flatten(1).amax(dim=1) <= _SAME
        if not bool(same.any()):
            break
        draw = torch.where(same.view(-1, 1, 1, 1), signs((n, c, 1, 1), gen).to(delta), draw)
    return [(index, new)]


def l2_update(delta: torch.Tensor, eps: float, side: int, gen: torch.Generator) -> list[Write]:
    """Algorithm 3: zero window W2 and move its mass, W1's, and the budget the box left
    unused into W1, along W1's old direction plus a new +-eta (per channel)."""
    n, c = delta.shape[:2]
    index_1 = square_index(delta.shape, side, gen, delta.device)[0]
    index_2, top_2, left_2 = square_index(delta.shape, side, gen, delta.device)
    old_1, old_2 = delta[index_1], delta[index_2]
    # W1's elements outside W2, so that an overlap is counted once.
    rows_out = _outside(index_1[2], top_2, side)
    cols_out = _outside(index_1[3], left_2, side)
    only_1 = old_1 * (rows_out | cols_out)
    mass = old_2.pow(2).sum(dim=(2, 3)) + only_1.pow(2).sum(dim=(2, 3))  # N x C
    unused = (eps**2 - delta.flatten(1).pow(2).sum(dim=1)).clamp_min(0.0)
    available = (mass + unused.view(-1, 1) / c).sqrt().view(n, c, 1, 1)
    eta = window_pattern(side).to(gen.device)
    turned = torch.rand((n, 1, 1, 1), generator=gen, device=gen.device) < 0.5
    fresh = (torch.where(turned, eta.t(), eta) * signs((n, c, 1, 1), gen)).to(delta)
    new = fresh + old_1 / _unit(old_1)
    new = new / _unit(new) * available
    return [(index_2, torch.zeros_like(old_2)), (index_1, new)]


def _outside(positions: torch.Tensor, start: torch.Tensor, side: int) -> torch.Tensor:
    """Whether each of an image's ``positions`` lies outside ``[start, start + side)``."""
    start = start.view(-1, *([1] * (positions.dim() - 1)))
    return (positions < start) | (positions >= start + side)


def _unit(window: torch.Tensor) -> torch.Tensor:
    """Per image and channel L2 norm of N x C x h x w contents, kept away from zero."""
    return window.pow(2).sum(dim=(2, 3), keepdim=True).sqrt().clamp_min(_TINY)


def _copy_rows(dst: torch.Tensor, src: torch.Tensor, rows: torch.Tensor) -> None:
    """``dst[rows] = src[rows]``, with one plain copy when every row is taken."""
    if bool(rows.all()):
        dst.copy_(src)
    elif bool(rows.any()):
        dst[rows] = src[rows]


class SquareUpdate(Update):
    """Square Attack's random search; see the module docstring. Forward passes only."""

    counts_queries = True

    def __init__(self, delta: torch.Tensor, settings: AttackSettings, norm: BallNorm) -> None:
        super().__init__(delta, settings, norm)
        self.gen = torch.Generator(device="cpu").manual_seed(settings.seed)
        #: Candidates proposed so far: the paper's iteration counter i, minus one.
        self.iteration = 0
        self._x: torch.Tensor | None = None
        self._accepted: torch.Tensor | None = None  # x_hat - x, per image
        self._scores: Evaluation | None = None  # the model at the accepted points
        self._pending: torch.Tensor | None = None  # images whose delta awaits its query

    def evaluate(self, run: AttackRun, delta: torch.Tensor, *, grad: bool = True) -> Evaluation:
        """Query the candidates (the starting point at step 0), keep the ones that did better
        and put the others' accepted points back into ``delta``; the evaluation is that of
        the accepted points, whose scores are kept, so no point is queried twice. ``grad``
        changes nothing: this attack never takes a gradient."""
        if self._scores is None:
            self._x = run.x
            start = linf_start if self.norm.name is Norm.LINF else l2_start
            delta.copy_((run.x + start(delta, self.settings.eps, self.gen)).clamp(0, 1) - run.x)
            self._pending = torch.ones(delta.shape[0], dtype=torch.bool, device=delta.device)
        ask = self._pending
        if not bool(ask.any()):
            return self._scores
        logits = self._query(run, delta, ask)
        if self._scores is not None:
            logits = torch.where(ask.view(-1, 1), logits, self._scores.logits)
        obj = objective(logits, run.labels, run.target, run.settings.loss)
        met = run.goal.met(logits)
        self.queries += ask.cpu().long()
        self._pending = torch.zeros_like(ask)
        if self._scores is None:
            self._accepted = delta.clone()
        else:
            old = self._scores
            keep = ask & ((obj > old.objective) | met)
            logits = torch.where(keep.view(-1, 1), logits, old.logits)
            obj = torch.where(keep, obj, old.objective)
            met = torch.where(keep, met, old.met)
            _copy_rows(self._accepted, delta, keep)
            _copy_rows(delta, self._accepted, ask & ~keep)
        self._scores = Evaluation(logits, obj, None, met)
        return self._scores

    def _query(self, run: AttackRun, delta: torch.Tensor, ask: torch.Tensor) -> torch.Tensor:
        """Logits at ``x + delta`` for the images in ``ask`` (the others' rows: zeros)."""
        every = bool(ask.all())
        index = None if every else ask.nonzero().squeeze(1)
        points = run.x + delta if every else run.x[index] + delta[index]
        with torch.no_grad(), run.autocast():
            out = run.model(points).float()
        if every:
            return out
        logits = out.new_zeros(delta.shape[0], out.shape[1])
        logits[index] = out
        return logits

    def step(self, delta: torch.Tensor, ev: Evaluation) -> None:
        """Turn ``delta`` (the accepted points) into the next candidates, for the images that
        have not met the goal; none after the budget's last query."""
        todo = ~ev.met
        i, budget = self.iteration, self.settings.steps
        self.iteration += 1
        if i >= budget - 1 or not bool(todo.any()):
            return
        p = square_fraction(self.settings.p_init, i, budget)
        height, width = delta.shape[2:]
        eps = self.settings.eps
        if self.norm.name is Norm.LINF:
            writes = linf_update(delta, self._x, eps, square_side(p, height, width), self.gen)
        else:
            side = square_side(p, height, width, minimum=L2_MIN_SIDE)
            side = min(side + 1 - side % 2, height, width)  # odd, as in the authors' code
            writes = l2_update(delta, eps, side, self.gen)
        keep = ~todo.view(-1, 1, 1, 1)
        for index, values in writes:
            delta[index] = torch.where(keep, delta[index], values)
        self._pending = todo
