"""An evaluation: every image attacked at every eps, with verdicts, as a generator.

``Evaluation(...).run(items)`` yields one ``ImageDone`` per image (its rows for
``results.jsonl``, or a row saying why it was skipped) as soon as the batch it was in is
finished; the consumer (the CLI, the window's Evaluate tab) writes them. Per batch:

1. the images are read (a file that cannot be read becomes a skipped row, never the end
   of the run), resized so the shorter side is the model's input size and centre-cropped
   to a square (the usual ImageNet evaluation), and classified;
2. the images the model gets right are attacked at each eps, smallest first; the
   verdict is a fresh prediction on ``x + delta`` (not the attack's own record), and the
   same adversarial images are shown to each transfer model and, after a real JPEG
   round trip, to the model again;
3. with ``min_eps``, each image fooled within the largest eps gets its smallest
   successful eps by bisection between the radii that bracket it, to within
   ``MIN_EPS_PRECISION`` of itself.

Random starts are drawn per image from the seed and the image's id, so an image's rows
do not depend on which other images shared its batch (or its shard). Square draws its
squares for the whole batch and stays batch-dependent.

``Evaluation.stop()`` (from any thread) ends the run within one attack step: the attack
in progress is told to stop, the images of the batch in progress are dropped (their rows
would describe half an attack) and ``run`` returns; ``stopped`` then says so.
Another model's verdict on an adversarial image follows ``transfer.transfer_verdicts``.
"""

from __future__ import annotations

import hashlib
import json
import threading
import time
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

import torch
from torch import nn

from advgui.core.attacks import AttackRun, Goal
from advgui.core.errors import ImageLoadError
from advgui.core.evaluation.inputs import Item, Labels, folder_class, repeated_names
from advgui.core.evaluation.results import Row
from advgui.core.evaluation.transfer import transfer_verdicts
from advgui.core.settings import AttackSettings

#: The smallest eps is found to this fraction of itself: the bracket [lo, hi] around it
#: is halved until ``hi - lo <= MIN_EPS_PRECISION * hi`` (an image fooled even at the
#: smallest radius tried first has its bracket's lower end at 0, and halves down until
#: a radius fails) ...
MIN_EPS_PRECISION = 1 / 16
#: ... or for at most this many attacks per image (the bracket then is 4096x smaller).
MIN_EPS_STEPS = 12


@dataclass(frozen=True)
class EvalConfig:
    """What an evaluation does; ``run.json`` holds it so that ``--resume`` can check."""

    model: str
    settings: AttackSettings  # the attack; its eps is replaced by each of ``eps``
    attack: str  # the attack's name in the rows: a preset's name or the attack's own
    eps: tuple[float, ...]
    eps_text: tuple[str, ...] = ()
    transfer: tuple[str, ...] = ()
    jpeg: tuple[int, ...] = ()
    min_eps: bool = False
    min_eps_steps: int = MIN_EPS_STEPS
    size: int = 224
    precision: str = "fp32"

    def __post_init__(self) -> None:
        eps = tuple(sorted(float(e) for e in self.eps))
        text = dict(zip(self.eps, self.eps_text or (f"{e:g}" for e in self.eps), strict=True))
        object.__setattr__(self, "eps", eps)
        object.__setattr__(self, "eps_text", tuple(text[e] for e in eps))
        for e in eps:  # each radius must be a valid setting of the attack
            self.settings.replace(eps=e)

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["settings"] = self.settings.to_dict()
        d["settings"].pop("eps")
        for key in ("eps", "eps_text", "transfer", "jpeg"):
            d[key] = list(d[key])
        return d


@dataclass
class ImageDone:
    """One image finished (or skipped): its rows, and how far the run is."""

    item: Item
    rows: list[Row]
    done: int  # images finished so far in this run, this one included
    total: int
    elapsed: float  # seconds since the run started

    @property
    def skipped(self) -> bool:
        return bool(self.rows) and "skipped" in self.rows[0]


def attack_name(settings: AttackSettings, preset: str | None = None) -> str:
    """The attack's name in the rows: ``preset`` when ``settings`` are that preset's (eps
    aside), else the attack's with a short digest of its settings, so that two different
    attacks never share a name (a summary takes the worst case over names)."""
    from advgui.core.settings import PRESETS

    if preset and PRESETS[preset].replace(eps=settings.eps) == settings:
        return preset
    d = settings.to_dict()
    d.pop("eps")
    digest = hashlib.sha1(json.dumps(d, sort_keys=True).encode()).hexdigest()[:6]
    return f"{settings.attack.value}-{digest}"


def image_seed(seed: int, image_id: str) -> int:
    """A 63-bit seed of its own for each image, the same on every machine."""
    digest = hashlib.sha256(f"{seed}:{image_id}".encode()).digest()
    return int.from_bytes(digest[:8], "big") >> 1


class _Stop(Exception):
    """Raised inside the run when ``Evaluation.stop()`` was called."""


@dataclass
class _Image:
    item: Item
    x: torch.Tensor  # 1 x 3 x S x S
    label: int
    label_source: str
    rows: list[Row] = field(default_factory=list)


class Evaluation:
    """Evaluate ``model`` (a Classifier) as ``config`` says; see the module.

    ``transfer_models`` maps each name in ``config.transfer`` to its model (on the same
    device); ``labels`` (from a CSV file) wins over a folder's class name, which wins over
    the model's clean prediction. ``load`` reads one image as a 1 x 3 x S x S tensor
    (injected; the default reads the file with ``imaging``).
    """

    def __init__(
        self,
        model: nn.Module,
        config: EvalConfig,
        *,
        transfer_models: Mapping[str, nn.Module] | None = None,
        labels: Labels | None = None,
        batch: int = 1,
        amp: str | None = None,
        threads: int | None = None,
        load: Any = None,
    ) -> None:
        self.model = model
        self.config = config
        self.transfer_models = dict(transfer_models or {})
        self.labels = labels
        self.batch = max(1, int(batch))
        self.amp = amp
        self.threads = threads
        self.categories: list[str] = list(getattr(model, "categories", [])) or [
            str(i) for i in range(1000)
        ]
        self._load = load or self._read
        self.device = next(model.parameters()).device
        self._stop = threading.Event()
        self._lock = threading.Lock()  # guards ``_attacking`` between stop() and _attack
        self._attacking: AttackRun | None = None

    # -- stopping --------------------------------------------------------------------------
    def stop(self) -> None:
        """End the run within one attack step (thread-safe; see the module)."""
        with self._lock:
            self._stop.set()
            attacking = self._attacking
        if attacking is not None:
            attacking.stop()

    @property
    def stopped(self) -> bool:
        """Whether ``stop()`` was called."""
        return self._stop.is_set()

    # -- the run ---------------------------------------------------------------------------
    def run(self, items: Sequence[Item], done: frozenset[str] = frozenset()) -> Iterator[ImageDone]:
        """Yield an ``ImageDone`` per item not in ``done`` (ids already evaluated), until
        the items end or ``stop()`` is called."""
        try:
            yield from self._run(items, done)
        except _Stop:
            return

    def _run(self, items: Sequence[Item], done: frozenset[str]) -> Iterator[ImageDone]:
        todo = [i for i in items if i.id not in done]
        repeated = repeated_names(items)
        began = time.perf_counter()
        count = 0

        def finished(item: Item, rows: list[Row]) -> ImageDone:
            nonlocal count
            count += 1
            return ImageDone(item, rows, count, len(todo), time.perf_counter() - began)

        pending: list[_Image] = []
        for item in todo:
            if self._stop.is_set():
                return
            if not item.is_image:
                yield finished(item, [{"file": item.id, "skipped": "not an image file"}])
                continue
            try:
                x = self._load(item)
            except ImageLoadError as exc:
                yield finished(item, [{"file": item.id, "skipped": str(exc)}])
                continue
            label, source = self._label(item, repeated)
            pending.append(_Image(item, x, label, source))
            if len(pending) == self.batch:
                for img in self._evaluate(pending):
                    yield finished(img.item, img.rows)
                pending = []
        if pending:
            for img in self._evaluate(pending):
                yield finished(img.item, img.rows)

    def _read(self, item: Item) -> torch.Tensor:
        from advgui.core.imaging import load_image, preprocess

        image = load_image(item.path)
        try:
            return preprocess(image, self.config.size, center_crop=True)
        finally:
            image.close()

    def _label(self, item: Item, repeated: set[str]) -> tuple[int, str]:
        if self.labels is not None:
            found = self.labels.lookup(item, repeated)
            if found is not None:
                return found, "csv"
        found = folder_class(item.folder, self.categories)
        if found is not None:
            return found, "folder"
        return -1, "prediction"  # filled in from the clean prediction

    # -- one batch -------------------------------------------------------------------------
    def _predict(self, model: nn.Module, x: torch.Tensor) -> torch.Tensor:
        with torch.no_grad():
            return model(x.to(self.device)).float().softmax(dim=1).cpu()

    def _evaluate(self, images: list[_Image]) -> list[_Image]:
        cfg = self.config
        x = torch.cat([img.x for img in images])
        clean = self._predict(self.model, x)
        for img, p in zip(images, clean, strict=True):
            if img.label < 0:
                img.label = int(p.argmax())
        labels = torch.tensor([img.label for img in images])
        clean_top1 = clean.argmax(dim=1)
        target = cfg.settings.target
        keep = [i for i, img in enumerate(images) if target is None or img.label != target]
        out = [img for i, img in enumerate(images) if i not in keep]
        for img in out:
            img.rows = [{"file": img.item.id, "skipped": "its label is the attack's target class"}]
        images = [images[i] for i in keep]
        if not images:
            return out
        x, labels, clean, clean_top1 = x[keep], labels[keep], clean[keep], clean_top1[keep]
        correct = clean_top1 == labels
        attacked = [i for i in range(len(images)) if bool(correct[i])]
        transfer_clean = {m: self._predict(net, x) for m, net in self.transfer_models.items()}
        fooled_at: dict[int, list[bool]] = {i: [] for i in attacked}
        for e, text in zip(cfg.eps, cfg.eps_text, strict=True):
            adv, run_info = self._attack(x, labels, images, attacked, e)
            rows = self._verdicts(images, x, adv, labels, clean, transfer_clean, run_info, e, text)
            for i, row in enumerate(rows):
                images[i].rows.append(row)
                if i in fooled_at:
                    fooled_at[i].append(bool(row["fooled"]))
        if cfg.min_eps:
            found = self._min_eps(x, labels, images, fooled_at)
            for i, img in enumerate(images):
                for row in img.rows:
                    row["min_eps"] = found.get(i, 0.0 if i not in fooled_at else None)
        return out + images

    def _attack(
        self,
        x: torch.Tensor,
        labels: torch.Tensor,
        images: list[_Image],
        which: list[int],
        eps: float,
    ) -> tuple[torch.Tensor, dict[int, dict[str, Any]]]:
        """``x`` with the images in ``which`` attacked at ``eps``; per image: norms,
        steps and time."""
        adv = x.clone()
        info: dict[int, dict[str, Any]] = {}
        if not which:
            return adv, info
        settings = self.config.settings.replace(eps=eps)
        seeds = [image_seed(settings.seed, images[i].item.id) for i in which]
        began = time.perf_counter()
        run = AttackRun(
            self.model,
            x[which],
            labels[which],
            settings,
            amp=self.amp,
            threads=self.threads,
            seeds=seeds,
        )
        with self._lock:
            if self._stop.is_set():
                raise _Stop
            self._attacking = run
        try:
            result = run.run()
        finally:
            with self._lock:
                self._attacking = None
        if self._stop.is_set():
            raise _Stop  # cut short: its images' rows would describe half an attack
        seconds = (time.perf_counter() - began) / len(which)
        delta = result.delta
        adv[which] = result.adversarial
        steps = len(result.history) - 1
        for k, i in enumerate(which):
            d = delta[k].flatten()
            info[i] = {
                "linf": float(d.abs().max()),
                "l2": float(d.norm()),
                "steps": steps,
                "time_s": round(seconds, 4),
            }
        return adv, info

    def _fooled(self, top1: torch.Tensor, labels: torch.Tensor) -> torch.Tensor:
        return Goal.for_target(self.config.settings.target, labels).met_by_top1(top1)

    def _verdicts(
        self,
        images: list[_Image],
        x: torch.Tensor,
        adv: torch.Tensor,
        labels: torch.Tensor,
        clean: torch.Tensor,
        transfer_clean: dict[str, torch.Tensor],
        info: dict[int, dict[str, Any]],
        eps: float,
        eps_text: str,
    ) -> list[Row]:
        from advgui.core.eot import jpeg_round_trip

        cfg = self.config
        probs = self._predict(self.model, adv)
        top1 = probs.argmax(dim=1)
        fooled = self._fooled(top1, labels)
        target = cfg.settings.target
        transfer = {
            m: transfer_verdicts(
                transfer_clean[m].argmax(dim=1),
                self._predict(net, adv).argmax(dim=1),
                labels,
                target,
            )
            for m, net in self.transfer_models.items()
        }
        jpeg = {}
        for q in cfg.jpeg:
            jpeg[q] = self._predict(self.model, jpeg_round_trip(adv, q)).argmax(dim=1)
        rows = []
        for i, img in enumerate(images):
            label = int(labels[i])
            correct = bool(clean[i].argmax() == label)
            was_attacked = i in info
            row: Row = {
                "file": img.item.id,
                "model": cfg.model,
                "attack": cfg.attack,
                "norm": cfg.settings.norm.value,
                "eps": eps,
                "eps_text": eps_text,
                "label": label,
                "label_name": self._name(label),
                "label_source": img.label_source,
                "clean_top1": int(clean[i].argmax()),
                "clean_prob": round(float(clean[i].max()), 6),
                "correct": correct,
                "attacked": was_attacked,
                "fooled": bool(fooled[i]) if was_attacked else None,
                "robust": correct and not (was_attacked and bool(fooled[i])),
                "final_top1": int(top1[i]),
                "final_name": self._name(int(top1[i])),
                "final_prob": round(float(probs[i].max()), 6),
                **(info.get(i) or {"linf": 0.0, "l2": 0.0, "steps": 0, "time_s": 0.0}),
            }
            if transfer:
                row["transfer"] = {m: verdicts[i] for m, verdicts in transfer.items()}
            if jpeg:
                row["jpeg"] = {
                    str(q): {
                        "top1": int(j[i]),
                        "fooled": bool(self._fooled(j[i : i + 1], labels[i : i + 1])),
                    }
                    for q, j in jpeg.items()
                }
            rows.append(row)
        return rows

    def _name(self, index: int) -> str:
        return self.categories[index] if 0 <= index < len(self.categories) else str(index)

    # -- the smallest eps --------------------------------------------------------------------
    def _min_eps(
        self,
        x: torch.Tensor,
        labels: torch.Tensor,
        images: list[_Image],
        fooled_at: dict[int, list[bool]],
    ) -> dict[int, float | None]:
        """Per attacked image: its smallest successful eps found by bisection, or None
        when no eps tried fooled it. The bracket starts at the largest eps that failed
        below the smallest that succeeded (0 when the smallest eps succeeded)."""
        eps = self.config.eps
        bracket: dict[int, tuple[float, float]] = {}
        found: dict[int, float | None] = {}
        for i, verdicts in fooled_at.items():
            if not any(verdicts):
                found[i] = None
                continue
            first = verdicts.index(True)
            bracket[i] = (eps[first - 1] if first else 0.0, eps[first])
        for _ in range(self.config.min_eps_steps):
            groups: dict[tuple[float, float], list[int]] = {}
            for i, (lo, hi) in bracket.items():
                if hi - lo > MIN_EPS_PRECISION * hi:
                    groups.setdefault((lo, hi), []).append(i)
            if not groups:
                break
            for (lo, hi), which in sorted(groups.items()):
                mid = (lo + hi) / 2
                adv, _ = self._attack(x, labels, images, which, mid)
                fooled = self._fooled(self._predict(self.model, adv).argmax(dim=1), labels)
                for i in which:
                    bracket[i] = (lo, mid) if bool(fooled[i]) else (mid, hi)
        for i, (_, hi) in bracket.items():
            found[i] = hi
        return found
