"""The one iterative loop every attack shares.

    run = AttackRun(model, x, labels, settings)
    for record in run:          # one StepRecord per state of delta, steps + 1 in all
        if user_pressed_stop:
            run.stop()           # or simply stop iterating: delta matches the last record
    result = run.result()

Each iteration costs one forward pass and one backward pass to the input (parameters are
frozen and the gradient is taken with ``torch.autograd.grad``), plus one small transfer
of the step record to the CPU; nothing else waits for the device. Images are laid out
like the model (channels_last after ``advgui.core.perf.prepare``), and mixed precision
is available on request (``amp="bf16"`` or ``"fp16"``).

With ``settings.eot_jpeg`` the run attacks what a JPEG of the image shows: ``run.model``,
which every forward pass goes through (the engine's, and an update's own), is then the
classifier behind a straight-through JPEG round trip (``advgui.core.eot.JpegInput``), so
the objective, its gradient, the records and the best point all judge the JPEG. The
result's ``plain`` record judges x + delta itself, with ``run.classifier``.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, nullcontext

import torch
from torch import nn

from advgui.core.attacks.apgd import APGDUpdate
from advgui.core.attacks.best import BestPoint
from advgui.core.attacks.deepfool import DeepFoolUpdate
from advgui.core.attacks.fmn import FMNUpdate
from advgui.core.attacks.goal import Goal
from advgui.core.attacks.losses import objective
from advgui.core.attacks.mifgsm import MomentumUpdate
from advgui.core.attacks.optimizer import AdamUpdate, SGDUpdate
from advgui.core.attacks.record import AttackResult, StepRecord
from advgui.core.attacks.sign import FGSMUpdate, SignUpdate
from advgui.core.attacks.square import SquareUpdate
from advgui.core.attacks.update import Evaluation, Update
from advgui.core.devices import model_device  # also importable from here, as it once lived here
from advgui.core.eot import JpegInput
from advgui.core.errors import SettingsError
from advgui.core.norms import clip_to_image, get_norm
from advgui.core.perf import enable_cudnn_autotune, is_channels_last
from advgui.core.settings import Attack, AttackSettings, Loss, Norm
from advgui.core.threads import ThreadTuner, check_threads, tuned
from advgui.core.threads import apply as apply_threads

LINF, L2 = get_norm(Norm.LINF), get_norm(Norm.L2)

UPDATES: dict[Attack, type[Update]] = {
    Attack.SGD: SGDUpdate,
    Attack.ADAM: AdamUpdate,
    Attack.FGSM: FGSMUpdate,
    Attack.PGD: SignUpdate,
    Attack.MIFGSM: MomentumUpdate,
    Attack.DEEPFOOL: DeepFoolUpdate,
    Attack.FMN: FMNUpdate,
    Attack.SQUARE: SquareUpdate,
    Attack.APGD: APGDUpdate,
}

#: Mixed-precision choices for ``AttackRun(amp=...)``.
AMP_DTYPES: dict[str, torch.dtype] = {"bf16": torch.bfloat16, "fp16": torch.float16}
#: Under fp16 the small gradients of a confident model's loss would round to zero, so the
#: objective is multiplied by this before the backward pass and the gradient divided after.
FP16_LOSS_SCALE = 1024.0


class AttackRun:
    """One attack on a batch of images; iterate it to run the steps.

    Args:
        model: a Classifier (or any module) taking N x 3 x H x W in [0, 1].
        x: the clean images, N x 3 x H x W in [0, 1] (moved to the model's device).
        labels: the classes to move away from, shape N (usually the clean prediction).
        settings: the attack; ``settings.target`` must differ from every label.
        num_classes: to check ``settings.target`` (default 1000).
        amp: None (float32, the default), ``"bf16"`` or ``"fp16"``: run the forward and
            backward passes under ``torch.autocast`` in that type (meant for GPUs with tensor
            cores); delta, the update and the step record stay float32.
            ``"fp16"`` scales the loss by ``FP16_LOSS_SCALE`` and zeroes non-finite
            gradient entries so that nothing underflows or poisons delta.
        channels_last: lay the images out in NHWC; None follows the model's weights.
        threads: CPU threads for the steps (None: torch's default or the user's
            ``OMP_NUM_THREADS``); set on the thread that iterates the run, since OpenMP
            keeps the count per thread.
        seeds: one seed per image for the random start (None: ``settings.seed`` for the
            whole batch), so that an image starts from the same point whatever other
            images share its batch (evaluations batch and shard folders of images).
    """

    def __init__(
        self,
        model: nn.Module,
        x: torch.Tensor,
        labels: torch.Tensor,
        settings: AttackSettings,
        *,
        num_classes: int = 1000,
        amp: str | None = None,
        channels_last: bool | None = None,
        threads: int | None = None,
        seeds: Sequence[int] | None = None,
    ) -> None:
        if seeds is not None and len(seeds) != x.shape[0]:
            raise SettingsError("need one seed per image")
        if amp is not None and amp not in AMP_DTYPES:
            raise SettingsError(f"unknown mixed precision {amp!r}; choose bf16 or fp16")
        if x.dim() != 4 or x.shape[1] != 3:
            raise SettingsError(f"images must be N x 3 x H x W, got {tuple(x.shape)}")
        if labels.shape != (x.shape[0],):
            raise SettingsError("need one label per image")
        if settings.target is not None:
            if settings.target >= num_classes:
                raise SettingsError(
                    f"target class {settings.target} is out of range 0-{num_classes - 1}"
                )
            if bool((labels.cpu() == settings.target).any()):
                raise SettingsError(
                    f"target class {settings.target} is already the image's class; "
                    "choose another target"
                )
        if settings.attack not in UPDATES:
            raise SettingsError(f"the {settings.attack.value} attack is not available yet")
        #: The classifier as given; ``model`` is what the attack's forward passes see.
        self.classifier = model
        self.model = model if settings.eot_jpeg is None else JpegInput(model, settings.eot_jpeg)
        self.device = model_device(model)
        self.amp = amp
        self.threads = check_threads(threads)
        self.threads_used: int | None = None
        self._tuner: ThreadTuner | None = None
        if channels_last is None:
            channels_last = is_channels_last(model)
        self._format = torch.channels_last if channels_last else torch.contiguous_format
        self.x = x.detach().to(self.device, torch.float32).contiguous(memory_format=self._format)
        self.labels = labels.detach().to(self.device, torch.long)
        enable_cudnn_autotune(self.device)
        self.settings = settings
        self.seeds = None if seeds is None else [int(v) for v in seeds]
        self.norm = get_norm(settings.norm)
        self.target = (
            None if settings.target is None else torch.full_like(self.labels, settings.target)
        )
        self.goal = Goal.from_settings(settings, self.labels)
        self.radius = settings.radius  # infinity: no bound (minimal-norm attacks)
        self.delta = self._initial_delta()
        self.history: list[StepRecord] = []
        self.best: BestPoint | None = None
        self._best_record: StepRecord | None = None
        self._plain_record: StepRecord | None = None
        self._update: Update | None = None
        self._stop = False
        self._finished = False
        self._early = False

    def _initial_delta(self) -> torch.Tensor:
        s = self.settings
        if not s.random_start or s.attack is Attack.FGSM or s.eps is None:
            return torch.zeros_like(self.x)
        x = self.x.cpu()
        if self.seeds is None:
            gen = torch.Generator(device="cpu").manual_seed(s.seed)
            start = self.norm.random_start(x, s.eps, gen)
        else:
            start = torch.cat(
                [
                    self.norm.random_start(
                        x[i : i + 1], s.eps, torch.Generator(device="cpu").manual_seed(seed)
                    )
                    for i, seed in enumerate(self.seeds)
                ]
            )
        start = start.to(self.device)
        delta = clip_to_image(self.x, self.norm.project(start, s.eps))
        return delta.contiguous(memory_format=self._format)

    def _autocast(self) -> AbstractContextManager:
        if self.amp is None:
            return nullcontext()
        return torch.autocast(self.device.type, dtype=AMP_DTYPES[self.amp])

    def evaluate(
        self, delta: torch.Tensor, *, grad: bool = True, grad_loss: Loss | None = None
    ) -> Evaluation:
        """The model at ``x + delta``: logits, the objective, whether the goal is met and,
        with ``grad``, the gradient of the objective's sum with respect to delta (the
        default ``Update.evaluate``; an update may call it for points of its own).

        ``grad_loss`` differentiates another loss than the run's (FMN descends the margin
        whatever the records show); its values are then in ``extra``.
        """
        s = self.settings
        if not grad:
            return self._scores(self.model, delta)
        differentiated = s.loss if grad_loss is None else grad_loss
        scale = self.loss_scale
        delta_in = delta.detach().requires_grad_(True)
        with torch.enable_grad():
            with self._autocast():
                logits = self.model(self.x + delta_in)
            value = objective(logits.float(), self.labels, self.target, differentiated)
            (gradient,) = torch.autograd.grad(value.sum() * scale, delta_in)
        if scale != 1.0:
            gradient = torch.nan_to_num_(gradient.div_(scale), nan=0.0, posinf=0.0, neginf=0.0)
        logits = logits.detach().float()
        if differentiated is s.loss:
            return Evaluation(logits, value.detach(), gradient, self.goal.met(logits))
        obj = objective(logits, self.labels, self.target, s.loss)
        met = self.goal.met(logits)
        return Evaluation(logits, obj, gradient, met, extra=value.detach())

    def _scores(self, model: nn.Module, delta: torch.Tensor) -> Evaluation:
        """``model`` at ``x + delta`` without a gradient: logits, objective, goal met."""
        with torch.no_grad(), self._autocast():
            logits = model(self.x + delta).float()
        obj = objective(logits, self.labels, self.target, self.settings.loss)
        return Evaluation(logits, obj, None, self.goal.met(logits))

    @property
    def loss_scale(self) -> float:
        """What a loss is multiplied by before a backward pass (``FP16_LOSS_SCALE`` under
        fp16, else 1); the gradient is divided by it after."""
        return FP16_LOSS_SCALE if self.amp == "fp16" else 1.0

    def autocast(self) -> AbstractContextManager:
        """The run's mixed-precision context (for updates that call the model themselves)."""
        return self._autocast()

    def _thread_tuner(self) -> ThreadTuner | None:
        """On the CPU, set the thread count on the iterating thread (OpenMP keeps it per
        thread); a count nobody fixed is chosen by timing the steps (``ThreadTuner``)."""
        if self.device.type != "cpu":
            self.threads_used = None
            return None
        self.threads_used = apply_threads(self.threads)
        if not tuned(self.threads):
            return None
        self._tuner = ThreadTuner(self.threads_used, torch.set_num_threads)
        return self._tuner

    def stop(self) -> None:
        """Ask the run to end before its next update (safe to call from another thread).

        The current state is always recorded first, so a run stopped before it began
        still yields its start record (step 0) and ``result().final`` exists.
        """
        self._stop = True

    @property
    def stopped(self) -> bool:
        """True when the run ended (or was left) before its last step."""
        return not self._finished

    @property
    def precision(self) -> str:
        """``fp32``, ``bf16`` or ``fp16``: the format of the forward and backward passes."""
        return self.amp or "fp32"

    def __iter__(self) -> Iterator[StepRecord]:
        s = self.settings
        tuner = self._thread_tuner()
        steps = s.effective_steps
        update = self._update = UPDATES[s.attack](self.delta, s, self.norm)
        if s.keeps_best:
            order = "norm" if s.attack.minimal_norm else "objective"
            self.best = BestPoint(self.delta, self.norm, order)
        start = time.perf_counter()
        for k in range(steps):
            # No stop check here: the state delta is in now has no record yet (the start,
            # or an update that ran while stop() was called), and the run must not end
            # with a delta that its last record does not describe.
            began = time.perf_counter()
            ev = update.evaluate(self, self.delta)
            record = self._record(k, steps, ev, start)
            work = time.perf_counter() - began  # the engine's own time, not the consumer's
            yield record
            if s.early_stop and all(record.success):
                self._early = self._finished = True
                return
            if self._stop:
                return
            began = time.perf_counter()
            with torch.no_grad():
                update.step(self.delta, ev)
                self.delta.copy_(clip_to_image(self.x, self.norm.project(self.delta, self.radius)))
            if tuner is not None:
                tuner.step_done(work + time.perf_counter() - began)
        ev = update.evaluate(self, self.delta, grad=False)
        self._finished = True
        yield self._record(steps, steps, ev, start)

    def _record(
        self,
        step: int,
        total: int,
        ev: Evaluation,
        start: float,
        delta: torch.Tensor | None = None,
    ) -> StepRecord:
        """The record of ``delta`` (the run's own by default), evaluated as ``ev``; a
        recorded state of the run's own delta is offered to the best point too."""
        own = delta is None
        delta = self.delta if own else delta
        if own and self.best is not None:
            self.best.offer(step, delta, ev.objective, ev.met)
        logits, obj = ev.logits, ev.objective
        probs = logits.float().softmax(dim=1)
        k = min(5, probs.shape[1])
        top_p, top_i = probs.topk(k, dim=1)
        cols = [
            obj.float(),
            probs.gather(1, self.labels.view(-1, 1)).squeeze(1),
            top_i[:, 0].float(),
            top_p[:, 0],
            LINF.size(delta),
            L2.size(delta),
        ]
        cols.append(
            probs.gather(1, self.target.view(-1, 1)).squeeze(1)
            if self.target is not None
            else torch.zeros_like(top_p[:, 0])
        )
        # Judged from the recorded top-1 itself, so success and top1 always agree.
        cols.append(self.goal.met_by_top1(top_i[:, 0]).float())
        # The one host transfer per step: 8 numbers and the top-5 pairs per image.
        table = torch.cat([torch.stack(cols, dim=1), top_i.float(), top_p], dim=1).cpu().tolist()
        top1 = tuple(int(r[2]) for r in table)
        success = tuple(r[7] == 1.0 for r in table)
        update = self._update
        record = StepRecord(
            step=step,
            total_steps=total,
            loss=tuple(r[0] for r in table),
            p_true=tuple(r[1] for r in table),
            p_target=tuple(r[6] for r in table) if self.target is not None else None,
            top1=top1,
            top1_prob=tuple(r[3] for r in table),
            linf=tuple(r[4] for r in table),
            l2=tuple(r[5] for r in table),
            success=success,
            elapsed=time.perf_counter() - start,
            top5=tuple(tuple((int(r[8 + j]), r[8 + k + j]) for j in range(k)) for r in table),
            precision=self.precision,
            best_step=tuple(self.best.step.tolist()) if self.best is not None else None,
            best_norm=(
                tuple(self.best.adversarial_size())
                if self.best is not None and self.settings.attack.minimal_norm
                else None
            ),
            queries=(
                tuple(update.queries.tolist())
                if update is not None and update.counts_queries
                else None
            ),
        )
        if own:
            self.history.append(record)
        return record

    def best_record(self) -> StepRecord | None:
        """The record of the best point (``keep_best``): one more forward pass, made once.
        Its ``step`` is the last step run, ``best_step`` where each image's point came from."""
        if self.best is None or not self.history:
            return None
        if self._best_record is None:
            last = self.history[-1]
            with torch.no_grad():
                ev = self.evaluate(self.best.delta, grad=False)
            record = self._record(
                last.step, last.total_steps, ev, time.perf_counter(), self.best.delta
            )
            self._best_record = dataclasses.replace(
                record, elapsed=last.elapsed, queries=last.queries, best_norm=last.best_norm
            )
        return self._best_record

    def plain_record(self) -> StepRecord | None:
        """With ``settings.eot_jpeg``: the record of the result's delta as the classifier
        sees x + delta itself, without the JPEG (one more forward pass, made once); None
        without it, where the result's own record already judges x + delta."""
        if self.model is self.classifier or not self.history:
            return None
        if self._plain_record is None:
            judged = self.best_record() or self.history[-1]
            delta = self.best.delta if self.best is not None else self.delta
            ev = self._scores(self.classifier, delta)
            record = self._record(judged.step, judged.total_steps, ev, time.perf_counter(), delta)
            self._plain_record = dataclasses.replace(
                record, elapsed=judged.elapsed, queries=judged.queries, best_norm=judged.best_norm
            )
        return self._plain_record

    def run(self) -> AttackResult:
        """Run every step (or until stopped) and return the result."""
        for _ in self:
            pass
        return self.result()

    def result(self) -> AttackResult:
        """What the run leaves: with ``keep_best`` the best point found (``best``, its
        record), otherwise the last state of delta, which the last record describes."""
        best = self.best_record()
        delta = self.best.delta if best is not None else self.delta
        return AttackResult(
            x=self.x.cpu().contiguous(),
            delta=delta.detach().cpu().contiguous().clone(),
            labels=self.labels.cpu(),
            settings=self.settings,
            history=list(self.history),
            stopped=self.stopped,
            early_stopped=self._early,
            precision=self.precision,
            threads=self._tuner.most_used() if self._tuner is not None else self.threads_used,
            threads_tuned=self._tuner is not None,
            best=best,
            plain=self.plain_record(),
        )
