"""What the Evaluate tab asks for, checked: the fields as typed, and the plan they make.

``EvalRequest`` is what the tab's fields say (texts and choices, as the user left them);
``make_plan(request, attack_tab)`` turns it into what an evaluation runs (the attack, its
radii, the transfer models and JPEG qualities), or raises ``PlanError``: one line in the
window's words, with the field it is about, shown beside that field.

Radii are written as the Attack tab's ε is: under L∞ in 1/255, with or without the
``/255`` (``0.5, 1, 2`` is ``0.5/255, 1/255, 2/255``); under L2 as a Euclidean radius in
[0, 1] pixel units. The rows keep each radius's text as the CLI writes it (``1/255``),
so that a folder exported from the window reads like one the CLI wrote.

Imports no torch, and of Qt only ``QCoreApplication.translate`` (the lines are the
window's, in its language).
"""

from __future__ import annotations

import math
import re
from dataclasses import asdict, dataclass, fields

from PySide6.QtCore import QCoreApplication

from advgui.core.errors import SettingsError
from advgui.core.settings import PRESETS, AttackSettings, Norm, parse_number
from advgui.gui.error_text import user_text

#: The attack choice that means "the Attack tab's parameters, as they are".
ATTACK_TAB = ""
#: The most radii one evaluation takes (each is a full attack on every image).
MAX_RADII = 16
MAX_BATCH = 256
DEFAULT_EPS = "0.5, 1, 2, 4"
DEFAULT_JPEG = "75"

_PER_255 = re.compile(r"\s*/\s*255\s*$")


@dataclass(frozen=True)
class EvalRequest:
    """The Evaluate tab's fields (the images are chosen apart, see ``EvalState``)."""

    attack: str = ATTACK_TAB  # a preset's name, or ATTACK_TAB
    eps_text: str = DEFAULT_EPS
    transfer: tuple[str, ...] = ()
    jpeg: bool = False
    jpeg_text: str = DEFAULT_JPEG
    min_eps: bool = False
    batch: int = 1
    #: A CSV file of ``file,class`` rows ("" for none): as the CLI's ``--labels``.
    labels: str = ""

    def to_dict(self) -> dict:
        """The fields as JSON values (what the window remembers between launches)."""
        return {**asdict(self), "transfer": list(self.transfer)}

    @classmethod
    def from_dict(cls, d: dict) -> EvalRequest:
        """Fields saved by ``to_dict``; ones missing, of the wrong type or written by
        another version keep their defaults (the plan then checks the values)."""
        default = cls()
        kept = {}
        for f in fields(cls):
            value = d.get(f.name, getattr(default, f.name)) if isinstance(d, dict) else None
            if f.name == "transfer" and isinstance(value, list):
                value = tuple(v for v in value if isinstance(v, str))
            want = type(getattr(default, f.name))
            if isinstance(value, want) and (want is not int or not isinstance(value, bool)):
                kept[f.name] = value
        return cls(**kept)


@dataclass(frozen=True)
class EvalPlan:
    """What an evaluation runs, checked; the model and precision come when it starts."""

    settings: AttackSettings  # the attack, with eps set to the smallest radius
    preset: str  # the preset chosen, or ATTACK_TAB (see ``evaluation_backend.attack_name``)
    eps: tuple[float, ...]  # smallest first
    eps_text: tuple[str, ...]
    transfer: tuple[str, ...]
    jpeg: tuple[int, ...]
    min_eps: bool
    batch: int
    labels: str = ""  # a labels CSV file, or "" (see ``EvalRequest``)


class PlanError(SettingsError):
    """A field that cannot run as typed; ``field`` is ``"attack"``, ``"eps"`` or ``"jpeg"``."""

    def __init__(self, field: str, line: str) -> None:
        super().__init__(line)
        self.field = field


def base_settings(request: EvalRequest, attack_tab: AttackSettings) -> AttackSettings:
    """The attack the request names: a preset, or the Attack tab's settings."""
    if request.attack == ATTACK_TAB:
        return attack_tab
    try:
        return PRESETS[request.attack]
    except KeyError:
        line = QCoreApplication.translate("EvaluationPlan", "there is no attack called {name}")
        raise PlanError("attack", line.format(name=repr(request.attack))) from None


def make_plan(request: EvalRequest, attack_tab: AttackSettings) -> EvalPlan:
    """The plan for ``request``; PlanError (one line, naming its field) when it cannot run."""
    base = base_settings(request, attack_tab)
    eps, texts = parse_radii(request.eps_text, base.norm)
    settings = base.replace(eps=eps[0])
    for e, text in zip(eps, texts, strict=True):
        try:
            base.replace(eps=e)
        except SettingsError as exc:
            raise PlanError("eps", f"ε {text}: {user_text(exc)}") from None
    qualities = parse_qualities(request.jpeg_text) if request.jpeg else ()
    if not 1 <= request.batch <= MAX_BATCH:
        line = QCoreApplication.translate(
            "EvaluationPlan", "images per batch must be from 1 to {most}"
        )
        raise PlanError("attack", line.format(most=MAX_BATCH))
    return EvalPlan(
        settings=settings,
        preset=request.attack,
        eps=eps,
        eps_text=texts,
        transfer=tuple(dict.fromkeys(request.transfer)),
        jpeg=qualities,
        min_eps=request.min_eps,
        batch=request.batch,
        labels=request.labels,
    )


def parse_radii(text: str, norm: Norm) -> tuple[tuple[float, ...], tuple[str, ...]]:
    """The radii of ``text`` (see the module), smallest first, and their texts."""
    parts = [p.strip() for p in text.split(",")]
    example = (
        QCoreApplication.translate("EvaluationPlan", "0.5, 1, 2 (in 1/255)")
        if norm is Norm.LINF
        else "0.25, 0.5, 1"
    )
    if not text.strip():
        line = QCoreApplication.translate(
            "EvaluationPlan", "give the radii to evaluate at, e.g. {example}"
        )
        raise PlanError("eps", line.format(example=example))
    if not all(parts):
        line = QCoreApplication.translate(
            "EvaluationPlan", "a radius is missing between two commas; e.g. {example}"
        )
        raise PlanError("eps", line.format(example=example))
    if len(parts) > MAX_RADII:
        line = QCoreApplication.translate("EvaluationPlan", "at most {most} radii, got {count}")
        raise PlanError("eps", line.format(most=MAX_RADII, count=len(parts)))
    found: dict[float, str] = {}
    for part in parts:
        value, shown = _radius(part, norm)
        if value in found:
            raise PlanError(
                "eps",
                QCoreApplication.translate("EvaluationPlan", "{radius} is given twice").format(
                    radius=shown
                ),
            )
        found[value] = shown
    eps = tuple(sorted(found))
    return eps, tuple(found[e] for e in eps)


def _radius(part: str, norm: Norm) -> tuple[float, str]:
    per_255 = bool(_PER_255.search(part))
    number = _PER_255.sub("", part) if per_255 else part
    if norm is Norm.L2 and per_255:
        line = QCoreApplication.translate(
            "EvaluationPlan",
            "{radius}: under L2, ε is a Euclidean radius in [0, 1] pixel units "
            "(e.g. 0.25, 0.5, 1), not in 1/255",
        )
        raise PlanError("eps", line.format(radius=part))
    try:
        value = parse_number(number)
    except SettingsError:
        line = QCoreApplication.translate(
            "EvaluationPlan", "{radius} is not a number (e.g. 0.5 or 1/4)"
        )
        raise PlanError("eps", line.format(radius=repr(part))) from None
    if not value > 0:
        line = QCoreApplication.translate("EvaluationPlan", "{radius}: a radius must be above 0")
        raise PlanError("eps", line.format(radius=part))
    if norm is Norm.LINF:
        if value > 255:
            line = QCoreApplication.translate(
                "EvaluationPlan", "{radius}: L∞ radii are in 1/255, at most 255 (every pixel)"
            )
            raise PlanError("eps", line.format(radius=part))
        return value / 255, f"{value:g}/255" if not per_255 else f"{number.strip()}/255"
    if not math.isfinite(value):
        line = QCoreApplication.translate("EvaluationPlan", "{radius}: not a finite number")
        raise PlanError("eps", line.format(radius=part))
    return value, part


def parse_qualities(text: str) -> tuple[int, ...]:
    """``"95, 75"`` into JPEG qualities, each once, in the order given."""
    parts = [p.strip() for p in text.split(",") if p.strip()]
    if not parts:
        line = QCoreApplication.translate(
            "EvaluationPlan", "give a JPEG quality from 1 to 100, e.g. 75 (or 95, 75, 50)"
        )
        raise PlanError("jpeg", line)
    if any(not p.isdecimal() or not 1 <= int(p) <= 100 for p in parts):
        line = QCoreApplication.translate(
            "EvaluationPlan", "JPEG qualities are whole numbers from 1 to 100, e.g. 95, 75"
        )
        raise PlanError("jpeg", line)
    return tuple(dict.fromkeys(int(p) for p in parts))
