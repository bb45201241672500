"""Transfer: an adversarial image made on one model, shown to another.

One rule for the verdict, used by the evaluation's rows (``run``), the window's attack
view and ``advgui-cli attack --transfer``: the other model is shown the adversarial
image exactly as the attacked model saw it (the same pixels, at the attacked model's
input size: convolutional networks take any size above their minimum), and

- it can be fooled only on an image it got right: its top-1 on the clean image is the
  label (the class the attack moved away from), else ``correct`` is false and so is
  ``fooled``;
- it is ``fooled`` when its top-1 on the adversarial image meets the attack's goal: not
  the label (untargeted), or the target class (targeted).
"""

from __future__ import annotations

from typing import Any

import torch
from torch import nn

from advgui.core.attacks import Goal


def transfer_verdicts(
    clean_top1: torch.Tensor, top1: torch.Tensor, labels: torch.Tensor, target: int | None
) -> list[dict[str, Any]]:
    """Per image (all shape N, on one device): the other model's ``clean_top1``, whether
    it was the label (``correct``), its ``top1`` on the adversarial image, and ``fooled``
    (see the module). ``target`` None means untargeted."""
    met = Goal.for_target(target, labels).met_by_top1(top1)
    correct = clean_top1 == labels
    return [
        {"clean_top1": int(c), "correct": bool(ok), "top1": int(t), "fooled": bool(ok and m)}
        for c, t, ok, m in zip(clean_top1, top1, correct, met, strict=True)
    ]


def input_problem(model: nn.Module, x: torch.Tensor) -> str | None:
    """Why ``model`` (a ``models.Classifier``) cannot be shown images shaped like ``x``
    (N x 3 x H x W), in a sentence about the model; None when it can."""
    from advgui.core.input_size import size_problem

    h, w = x.shape[-2:]
    info = model.info
    if info.square_input and (h, w) != (info.input_size, info.input_size):
        return f"{info.name} takes only {info.input_size} x {info.input_size} pixels, not {w} x {h}"
    return size_problem(model, min(h, w))


@torch.no_grad()
def show_to(
    model: nn.Module, x: torch.Tensor, adversarial: torch.Tensor, label: int, target: int | None
) -> dict[str, Any]:
    """``model``'s verdict on one adversarial image (1 x 3 x H x W in [0, 1], any device;
    ``x`` the clean image): ``transfer_verdicts``'s, with the probability of its top-1
    (``prob``). Raises ModelOutputError when its outputs are not finite. Safe beside a
    model being loaded on another thread (``perf.TRACING``)."""
    from advgui.core.perf import TRACING
    from advgui.core.predict import probabilities

    with TRACING:  # not beside a model load's trace (see perf.TRACING)
        clean = probabilities(model, x[:1])
        probs = probabilities(model, adversarial[:1])
    (verdict,) = transfer_verdicts(
        clean.argmax(dim=1), probs.argmax(dim=1), torch.tensor([int(label)]), target
    )
    return {**verdict, "prob": float(probs[0, verdict["top1"]])}
