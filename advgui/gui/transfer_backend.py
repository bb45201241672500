"""The attack view's transfer check: a finished run's adversarial image shown to other models.

``check_transfer(job, stopping)`` is a generator, drained on a worker (``StreamWorker``):
per model, it loads the model when the job has none kept for it (``Loaded``, so the
controller keeps it for later runs; never downloading: a model whose weights are not on
disk is a verdict with its problem), then yields its ``Verdict``, judged by the
evaluation's rule (``core.evaluation.transfer.show_to``) on the image exactly as the
attacked model saw it. It asks ``stopping()`` before each model. Like ``backend``,
nothing imports torch before it is called.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication

from advgui.core.errors import AdvguiError
from advgui.gui.error_text import user_text
from advgui.gui.evaluation_backend import Loaded
from advgui.gui.transfer_facts import Verdict

if TYPE_CHECKING:
    from torch import Tensor

    from advgui.core.models import Classifier


@dataclass(frozen=True)
class TransferJob:
    """One run's adversarial image and the models to show it to."""

    x: Tensor  # 1 x 3 x H x W in [0, 1]: the clean image, as the attacked model saw it
    adversarial: Tensor  # the same shape: x + delta
    label: int  # the class the attack moved away from
    target: int | None
    models: tuple[str, ...]
    device: str
    kept: Mapping[str, Classifier] = field(default_factory=dict)  # loaded before, on device


def load_offline(name: str, device: str) -> Classifier:
    """``name`` with the weights already on this computer, on ``device`` (no download:
    WeightsUnavailableError, one line, when they are not there). Not prepared for
    attacks (``models.load_model(prepare=False)``): preparing traces the network with
    torch.fx, which would break an attack running beside it, and two predictions need no
    speed-up."""
    from advgui.core.devices import resolve_device
    from advgui.core.models import load_model

    resolved, _note = resolve_device(device)
    return load_model(name, download=False, prepare=False).to(resolved)


def check_transfer(
    job: TransferJob,
    stopping: Callable[[], bool],
    load: Callable[[str, str], Classifier] = load_offline,
) -> Iterator[object]:
    """``Loaded`` for each model it had to load, and a ``Verdict`` per model (see the module)."""
    for name in job.models:
        if stopping():
            return
        model = job.kept.get(name)
        if model is None:
            try:
                model = load(name, job.device)
            except AdvguiError as exc:  # weights gone or unusable: said in the line
                why = QCoreApplication.translate("TransferBackend", "not loaded ({why})")
                yield Verdict(name, problem=why.format(why=user_text(exc)))
                continue
            yield Loaded(name, job.device, model)
            if stopping():
                return
        yield _verdict(name, model, job)


def _verdict(name: str, model: Any, job: TransferJob) -> Verdict:
    from advgui.core.evaluation.transfer import input_problem, show_to

    if problem := input_problem(model, job.x):
        return Verdict(name, problem=problem)
    try:
        v = show_to(model, job.x, job.adversarial, job.label, job.target)
    except AdvguiError as exc:  # outputs that are not numbers: no verdict
        return Verdict(name, problem=user_text(exc))
    return Verdict(name, v["top1"], v["prob"], v["clean_top1"], v["correct"], v["fooled"])
