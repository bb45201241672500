"""DeepFool (Moosavi-Dezfooli, Fawzi & Frossard, "DeepFool: a simple and accurate method
to fool deep neural networks", CVPR 2016): the smallest step to the nearest linearised
decision boundary, repeated until the image is misclassified.

Each step (the paper's Algorithm 2, in its l_p form) linearises the logits at the current
point; for every candidate class k it takes ``f'_k = f_k - f_label`` and
``w'_k = grad f_k - grad f_label``, picks the nearest boundary (Eq. 8 for L2, Eq. 11 for
l_p)

    l = argmin_k |f'_k| / ||w'_k||_q,        q = p / (p - 1) (2 for L2, 1 for L-inf),

and steps onto it (Eq. 9 for L2, Eq. 12 for l_p)

    r = |f'_l| / ||w'_l||_q^q * |w'_l|^(q-1) * sign(w'_l)
      = |f'_l| / ||w'_l||_q * direction(w'_l),

where ``direction`` is the norm's steepest-ascent direction (``w / ||w||_2`` for L2,
``sign(w)`` for L-inf), so the step needs nothing from norms.py but the dual norm. The
total perturbation is multiplied by ``1 + overshoot`` (the paper's eta = 0.02) so that it
ends past the boundary rather than on it: delta grows by ``(1 + overshoot) r`` each
step, which is ``(1 + overshoot)`` times the sum of the r's as in the authors' code, and
each linearisation is made where the model is really evaluated (after the engine's
clipping to the image box).

Only the clean prediction's top ``settings.candidates`` classes are considered (the
label and the next ones; torchattacks differentiates all 1000 logits, its issue #74):
the ``candidates - 1`` gradient differences come from one forward pass and one batched
backward pass (``torch.autograd.grad(..., is_grads_batched=True)``). Measured on 2 CPU
cores with the offline model, per step at 224 x 224: 0.33-0.36 s batched, 0.35-0.44 s
with the input replicated per candidate in one batch (which pays 9 forward passes);
at 128 px the replicated batch was quicker for one image, the batched backward for four.
(Nine backward passes through one retained graph took 0.20-0.23 s: on a CPU the
batching does not pay.)

The attack is untargeted, as in the paper: aimed at one class (the target against the
currently strongest other one), the step was measured to creep towards a many-class tie
without crossing it (espresso to airliner, 50 steps), so a target is refused. Images that
meet the goal stop moving, and once all do no backward pass is made. ``settings.loss`` is
what the step records show; the result is the smallest adversarial point (``keep_best``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import torch

from advgui.core.attacks.losses import objective
from advgui.core.attacks.update import Evaluation, Update
from advgui.core.norms import BallNorm
from advgui.core.settings import AttackSettings, Norm

if TYPE_CHECKING:
    from advgui.core.attacks.engine import AttackRun

_TINY = 1e-12
#: The dual exponent q of each norm (1/p + 1/q = 1).
_DUAL = {Norm.L2: 2.0, Norm.LINF: 1.0}


def _dual_size(w: torch.Tensor, norm: Norm) -> torch.Tensor:
    """``||w||_q`` over all dimensions but the first (private: belongs in norms.py as
    ``BallNorm.dual_size``)."""
    return w.flatten(1).norm(p=_DUAL[norm], dim=1)


class DeepFoolUpdate(Update):
    """One DeepFool step per image that is not yet adversarial (see the module docstring).

    ``evaluate`` returns, besides the record's logits and objective, ``extra = (f, w)``:
    the logit differences ``f`` (N x C-1) to the candidate classes and their gradients
    ``w`` (C-1 x N x 3 x H x W); ``grad`` is None (the objective's gradient is not needed).
    """

    def __init__(self, delta: torch.Tensor, settings: AttackSettings, norm: BallNorm) -> None:
        super().__init__(delta, settings, norm)
        #: N x candidates (see ``_classes``), None until the first evaluation.
        self.classes: torch.Tensor | None = None

    def _classes(self, run: AttackRun, logits: torch.Tensor, delta: torch.Tensor) -> torch.Tensor:
        """N x candidates: column 0 the label, the others the clean prediction's next
        classes, whose boundaries may be the nearest (fixed at the first evaluation)."""
        if self.classes is None:
            clean = logits
            if bool(delta.any()):  # a random start: the candidates are the clean image's
                with torch.no_grad(), run.autocast():
                    clean = run.model(run.x).float()
            others = clean.scatter(1, run.labels.view(-1, 1), float("-inf"))
            k = min(self.settings.candidates, clean.shape[1]) - 1
            top = others.topk(k, dim=1).indices
            self.classes = torch.cat([run.labels.view(-1, 1), top], dim=1)
        return self.classes

    def evaluate(self, run: AttackRun, delta: torch.Tensor, *, grad: bool = True) -> Evaluation:
        if not grad:
            return super().evaluate(run, delta, grad=False)
        self.queries += 1
        s = self.settings
        delta_in = delta.detach().requires_grad_(True)
        with torch.enable_grad():
            with run.autocast():
                out = run.model(run.x + delta_in)
            logits = out.detach().float()
            met = run.goal.met(logits)
            obj = objective(logits, run.labels, run.target, s.loss)
            if bool(met.all()):  # nothing will move: skip the backward passes
                return Evaluation(logits, obj, None, met, extra=None)
            classes = self._classes(run, logits, delta)
            picked = out.float().gather(1, classes)  # N x C
            diffs = picked[:, 1:] - picked[:, :1]  # f'_k, N x C-1
            c = diffs.shape[1]
            # Backward pass k seeds the k-th difference of every image: C-1 passes, batched.
            seeds = torch.eye(c, device=diffs.device).unsqueeze(1).expand(c, *diffs.shape)
            scale = run.loss_scale
            (w,) = torch.autograd.grad(
                diffs, delta_in, grad_outputs=seeds * scale, is_grads_batched=True
            )
        if scale != 1.0:
            w = torch.nan_to_num_(w.div_(scale), nan=0.0, posinf=0.0, neginf=0.0)
        return Evaluation(logits, obj, None, met, extra=(diffs.detach(), w))

    def step(self, delta: torch.Tensor, ev: Evaluation) -> None:
        if ev.extra is None:
            return
        f, w = ev.extra  # N x C-1, C-1 x N x ...
        c, n = w.shape[:2]
        name = self.norm.name
        dual = _dual_size(w.reshape(c * n, *w.shape[2:]), name).view(c, n).T  # N x C-1
        distance = f.abs() / dual.clamp_min(_TINY)
        nearest = distance.argmin(dim=1)  # N
        rows = torch.arange(n, device=w.device)
        w_l = w[nearest, rows]  # N x 3 x H x W
        size = distance[rows, nearest]
        size = torch.where(ev.met.to(size.device), torch.zeros_like(size), size)
        r = self.norm.direction(w_l) * size.view(-1, *([1] * (w_l.dim() - 1)))
        delta.add_(r.to(delta.dtype), alpha=1.0 + self.settings.overshoot)
