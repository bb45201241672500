"""The small CPU-side record each attack step yields, and a run's result."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

import torch

from advgui.core.settings import AttackSettings


@dataclass(frozen=True)
class StepRecord:
    """State after ``step`` updates of delta, one tuple entry per image of the batch.

    ``loss`` is the objective being maximised (see ``losses.objective``); ``p_target``
    is None for an untargeted attack; ``elapsed`` is seconds since the run started;
    ``top5`` holds each image's five most probable (class, probability) pairs.
    """

    step: int
    total_steps: int
    loss: tuple[float, ...]
    p_true: tuple[float, ...]
    p_target: tuple[float, ...] | None
    top1: tuple[int, ...]
    top1_prob: tuple[float, ...]
    linf: tuple[float, ...]
    l2: tuple[float, ...]
    success: tuple[bool, ...]
    elapsed: float
    top5: tuple[tuple[tuple[int, float], ...], ...] = ()  # per image: (class, prob) x 5
    precision: str = "fp32"  # the forward and backward passes' format: fp32, bf16 or fp16
    #: With ``keep_best``: per image, the step the best point so far was recorded at.
    best_step: tuple[int, ...] | None = None
    #: Minimal-norm attacks: per image, the norm of the smallest adversarial delta found
    #: so far (in the run's norm), None while there is none.
    best_norm: tuple[float | None, ...] | None = None
    #: Score-only attacks: model queries per image so far.
    queries: tuple[int, ...] | None = None

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class AttackResult:
    """What a finished (or stopped) run leaves: tensors on the CPU, history, outcome."""

    x: torch.Tensor  # N x 3 x H x W, the clean input
    delta: torch.Tensor  # N x 3 x H x W, x + delta in [0, 1]
    labels: torch.Tensor  # N, the class the attack moves away from
    settings: AttackSettings
    history: list[StepRecord] = field(default_factory=list)
    stopped: bool = False  # cancelled before the last step
    early_stopped: bool = False
    precision: str = "fp32"  # fp32, bf16 or fp16 (see advgui.core.precision)
    threads: int | None = None  # CPU threads most steps ran on (None: not on the CPU)
    threads_tuned: bool = False  # whether the count was chosen by timing the steps
    #: With ``keep_best``: the record of ``delta``, the best point found (not in history).
    best: StepRecord | None = None
    #: With ``settings.eot_jpeg``: the record of ``delta`` judged on x + delta itself,
    #: without the JPEG that ``final`` and the history judge (what the attack saw).
    plain: StepRecord | None = None

    @property
    def adversarial(self) -> torch.Tensor:
        return (self.x + self.delta).clamp(0, 1)

    @property
    def final(self) -> StepRecord:
        """The record that describes ``delta`` as the attack judged it (through the JPEG
        with ``settings.eot_jpeg``): the best point's, or the last step's."""
        return self.best if self.best is not None else self.history[-1]

    @property
    def untransformed(self) -> StepRecord:
        """The record that judges x + delta itself: ``plain``, or ``final`` without EOT."""
        return self.plain if self.plain is not None else self.final

    @property
    def success(self) -> tuple[bool, ...]:
        """Per image, whether x + delta itself meets the goal (see ``untransformed``)."""
        return self.untransformed.success
