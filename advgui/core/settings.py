"""One settings object for an attack, shared by the CLI, the window and the JSON sidecar.

Units: pixel values are in [0, 1]. ``eps`` and ``step_size`` are in those units, so the
tutorial's budget is ``eps=2/255``. For the optimizer updates (``sgd``, ``adam``) the
step size is the learning rate; for the sign updates it is the size of one step.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass
from enum import Enum
from typing import Any

from advgui.core.errors import QT_TRANSLATE_NOOP, SettingsError


class Attack(str, Enum):
    """How delta is updated from the gradient each step."""

    SGD = "sgd"  # the tutorial: torch.optim.SGD on delta, then projection
    ADAM = "adam"  # the same with torch.optim.Adam
    FGSM = "fgsm"  # one step of size eps along the steepest-ascent direction
    PGD = "pgd"  # repeated steepest-ascent steps (BIM without random start)
    MIFGSM = "mifgsm"  # steepest ascent on an accumulated, L1-normalised gradient
    APGD = "apgd"  # Auto-PGD (Croce & Hein 2020): step-size schedule, momentum, restarts
    DEEPFOOL = "deepfool"  # DeepFool (Moosavi-Dezfooli et al. 2016): minimal-norm, linearised
    FMN = "fmn"  # Fast Minimum-Norm (Pintor et al. 2021): adaptive norm bound
    SQUARE = "square"  # Square Attack (Andriushchenko et al. 2020): scores only, no gradient

    @property
    def minimal_norm(self) -> bool:
        """True for attacks that look for the smallest perturbation (eps is an optional bound)."""
        return self in MINIMAL_NORM

    @property
    def keeps_best(self) -> bool:
        """True for attacks whose result is always the best point they found."""
        return self in KEEPS_BEST

    @property
    def uses_gradient(self) -> bool:
        """False for attacks that only query the model's scores."""
        return self is not Attack.SQUARE


#: Attacks whose result is the smallest adversarial perturbation they found.
MINIMAL_NORM = frozenset({Attack.DEEPFOOL, Attack.FMN})
#: Attacks that always keep their best point (APGD by its paper, the minimal-norm ones).
KEEPS_BEST = frozenset({Attack.APGD, *MINIMAL_NORM})


class Loss(str, Enum):
    CE = "ce"  # cross-entropy, as in the tutorial
    MARGIN = "margin"  # logit margin, Carlini-Wagner style
    DLR = "dlr"  # difference of logits ratio (Croce & Hein 2020), invariant to logit scale


class Norm(str, Enum):
    LINF = "linf"
    L2 = "l2"


#: Largest step size accepted: the largest float32 number. Attacks compute in float32,
#: where anything larger is infinity (and infinity times zero is NaN).
MAX_STEP_SIZE = 3.4028234663852886e38
#: Largest seed accepted: torch's generators take 64-bit unsigned seeds.
MAX_SEED = 2**64 - 1

#: Largest L2 radius accepted: the L2 norm of a full-range 3x224x224 change is about 388,
#: but a radius past this is no longer an "imperceptible" attack in any sense.
MAX_L2_EPS = 100.0


#: What an unknown attack, loss or norm is told (one sentence each, to translate).
_UNKNOWN_CHOICE = {
    "attack": QT_TRANSLATE_NOOP("Errors", "unknown attack {value}; choose one of: {choices}"),
    "loss": QT_TRANSLATE_NOOP("Errors", "unknown loss {value}; choose one of: {choices}"),
    "norm": QT_TRANSLATE_NOOP("Errors", "unknown norm {value}; choose one of: {choices}"),
}


def _is_number(value: object) -> bool:
    """A finite int or float; True and False are not numbers here."""
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


@dataclass(frozen=True, kw_only=True)
class AttackSettings:
    """Every choice an attack run makes.

    Args:
        attack: the update rule (``sgd``, ``adam``, ``fgsm``, ``pgd``, ``mifgsm``,
            ``apgd``, ``deepfool``, ``fmn``, ``square``).
        loss: ``ce``, ``margin`` or ``dlr``.
        norm: threat model, ``linf`` (clamp) or ``l2`` (projection onto the ball).
        eps: radius of the ball, in pixel units ([0, 1] scale). L-inf: at most 1.
        step_size: learning rate (``sgd``/``adam``) or step length (sign updates).
            ``fgsm`` steps eps; ``apgd``, ``deepfool``, ``fmn`` and ``square`` choose
            their own and ignore it.
        steps: number of updates; ``fgsm`` always makes exactly one.
        target: class index to reach, or None for an untargeted attack.
        random_start: start from a random point of the ball instead of zero.
        early_stop: stop as soon as every image meets the goal.
        seed: seeds the random start, so a run is repeatable.
        decay: momentum factor of ``mifgsm``.
        keep_best: the result is the best point the run found (per image: the goal met
            first, then the highest objective; for minimal-norm attacks the smallest
            adversarial perturbation) rather than the last one. ``apgd``, ``deepfool`` and
            ``fmn`` always keep the best; any other attack may.
        overshoot: ``deepfool``'s step past the linearised boundary (the paper's 0.02).
        candidates: ``deepfool``'s classes considered, the clean prediction's top ones.
        p_init: ``square``'s initial fraction of pixels a square covers (its schedule).
        eot_jpeg: a JPEG quality (1-100) for the result to survive: every forward pass of
            the attack sees the JPEG round trip of x + delta at that quality, with the
            gradient passed straight through (``advgui.core.eot``); None: x + delta itself.

    For the minimal-norm attacks (``deepfool``, ``fmn``) ``eps`` is an optional upper
    bound: None means no bound. ``square`` counts ``steps`` as queries per image.
    """

    attack: Attack = Attack.PGD
    loss: Loss = Loss.CE
    norm: Norm = Norm.LINF
    eps: float | None = 2 / 255
    step_size: float = 0.5 / 255
    steps: int = 20
    target: int | None = None
    random_start: bool = False
    early_stop: bool = False
    seed: int = 0
    decay: float = 1.0
    keep_best: bool = False
    overshoot: float = 0.02
    candidates: int = 10
    p_init: float = 0.05
    eot_jpeg: int | None = None

    def __post_init__(self) -> None:
        for name, enum in (("attack", Attack), ("loss", Loss), ("norm", Norm)):
            value = getattr(self, name)
            try:
                object.__setattr__(self, name, enum(value))
            except ValueError:
                choices = ", ".join(e.value for e in enum)
                raise SettingsError.of(
                    _UNKNOWN_CHOICE[name], value=repr(value), choices=choices
                ) from None
        self.validate()

    @property
    def targeted(self) -> bool:
        return self.target is not None

    @property
    def uses_optimizer(self) -> bool:
        return self.attack in (Attack.SGD, Attack.ADAM)

    @property
    def effective_steps(self) -> int:
        return 1 if self.attack is Attack.FGSM else self.steps

    @property
    def radius(self) -> float:
        """The ball's radius for projections: ``eps``, or infinity when there is no bound."""
        return math.inf if self.eps is None else self.eps

    @property
    def keeps_best(self) -> bool:
        """Whether the result is the best point found (see ``keep_best``)."""
        return self.keep_best or self.attack.keeps_best

    def validate(self) -> None:
        """Raise SettingsError with a one-line message for any impossible setting."""
        if self.eps is None and not self.attack.minimal_norm:
            raise SettingsError.of(
                QT_TRANSLATE_NOOP(
                    "Errors",
                    "{attack} needs eps; only the minimal-norm attacks "
                    "(deepfool, fmn) can run without a bound",
                ),
                attack=self.attack.value,
            )
        if self.attack is Attack.DEEPFOOL and self.target is not None:
            raise SettingsError.of(
                QT_TRANSLATE_NOOP(
                    "Errors",
                    "DeepFool is untargeted: to reach a chosen class, "
                    "use FMN or APGD with a target",
                )
            )
        if self.eps is not None:
            self._validate_eps()
        if not isinstance(self.keep_best, bool):
            raise SettingsError.of(
                QT_TRANSLATE_NOOP("Errors", "keep best must be true or false, got {value}"),
                value=repr(self.keep_best),
            )
        if not (_is_number(self.overshoot) and 0 <= self.overshoot <= 1):
            raise SettingsError.of(
                QT_TRANSLATE_NOOP("Errors", "overshoot must be in [0, 1], got {value}"),
                value=repr(self.overshoot),
            )
        if (
            isinstance(self.candidates, bool)
            or not isinstance(self.candidates, int)
            or not 2 <= self.candidates <= 1000
        ):
            raise SettingsError.of(
                QT_TRANSLATE_NOOP(
                    "Errors", "candidate classes must be a whole number from 2 to 1000, got {value}"
                ),
                value=repr(self.candidates),
            )
        if not (_is_number(self.p_init) and 0 < self.p_init <= 1):
            raise SettingsError.of(
                QT_TRANSLATE_NOOP(
                    "Errors", "initial square fraction must be in (0, 1], got {value}"
                ),
                value=repr(self.p_init),
            )
        if self.eot_jpeg is not None and (
            isinstance(self.eot_jpeg, bool)
            or not isinstance(self.eot_jpeg, int)
            or not 1 <= self.eot_jpeg <= 100
        ):
            raise SettingsError.of(
                QT_TRANSLATE_NOOP(
                    "Errors",
                    "the JPEG quality to survive must be a whole number from 1 to 100, got {value}",
                ),
                value=repr(self.eot_jpeg),
            )
        self._validate_steps()

    def _validate_eps(self) -> None:
        if not (_is_number(self.eps) and self.eps > 0):
            raise SettingsError.of(
                QT_TRANSLATE_NOOP("Errors", "eps must be a positive number, got {value}"),
                value=repr(self.eps),
            )
        if self.norm is Norm.LINF and self.eps > 1:
            raise SettingsError.of(
                QT_TRANSLATE_NOOP(
                    "Errors",
                    "L-inf eps {eps} is above 1 (pixels are in [0, 1]); "
                    "write it as a fraction such as 8/255",
                ),
                eps=f"{self.eps:g}",
            )
        if self.norm is Norm.L2 and self.eps > MAX_L2_EPS:
            raise SettingsError.of(
                QT_TRANSLATE_NOOP(
                    "Errors",
                    "L2 eps {eps} is too large (at most {most}); "
                    "L2 eps is a Euclidean radius in [0, 1] pixel units, not in 1/255 units",
                ),
                eps=f"{self.eps:g}",
                most=f"{MAX_L2_EPS:g}",
            )

    def _validate_steps(self) -> None:
        if not (_is_number(self.step_size) and self.step_size > 0):
            raise SettingsError.of(
                QT_TRANSLATE_NOOP("Errors", "step size must be a positive number, got {value}"),
                value=repr(self.step_size),
            )
        if self.step_size > MAX_STEP_SIZE:
            raise SettingsError.of(
                QT_TRANSLATE_NOOP(
                    "Errors",
                    "step size {size} is too large: attacks compute in float32, "
                    "whose largest number is {most}",
                ),
                size=f"{self.step_size:g}",
                most=f"{MAX_STEP_SIZE:.3g}",
            )
        if isinstance(self.steps, bool) or not isinstance(self.steps, int) or self.steps < 1:
            raise SettingsError.of(
                QT_TRANSLATE_NOOP(
                    "Errors", "steps must be a whole number of at least 1, got {value}"
                ),
                value=repr(self.steps),
            )
        if self.steps > 100_000:
            raise SettingsError.of(
                QT_TRANSLATE_NOOP("Errors", "steps must be at most 100000, got {steps}"),
                steps=self.steps,
            )
        if self.target is not None and (
            isinstance(self.target, bool) or not isinstance(self.target, int) or self.target < 0
        ):
            raise SettingsError.of(
                QT_TRANSLATE_NOOP("Errors", "target must be a class index, got {value}"),
                value=repr(self.target),
            )
        if not (_is_number(self.decay) and 0 <= self.decay <= 10):
            raise SettingsError.of(
                QT_TRANSLATE_NOOP("Errors", "momentum decay must be in [0, 10], got {value}"),
                value=repr(self.decay),
            )
        if isinstance(self.seed, bool) or not isinstance(self.seed, int) or self.seed < 0:
            raise SettingsError.of(
                QT_TRANSLATE_NOOP(
                    "Errors", "seed must be a non-negative whole number, got {value}"
                ),
                value=repr(self.seed),
            )
        if self.seed > MAX_SEED:
            raise SettingsError.of(
                QT_TRANSLATE_NOOP("Errors", "seed must be at most 2**64 - 1 = {most}, got {seed}"),
                most=MAX_SEED,
                seed=self.seed,
            )

    def replace(self, **changes: Any) -> AttackSettings:
        return dataclasses.replace(self, **changes)

    def to_dict(self) -> dict[str, Any]:
        d = dataclasses.asdict(self)
        for key in ("attack", "loss", "norm"):
            d[key] = getattr(self, key).value
        d["goal"] = "targeted" if self.targeted else "untargeted"
        return d

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> AttackSettings:
        names = {f.name for f in dataclasses.fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in names})


PRESETS: dict[str, AttackSettings] = {
    # The tutorial's recipes, exactly: SGD on delta, |delta|_inf <= 2/255.
    "tutorial-untargeted": AttackSettings(
        attack=Attack.SGD, loss=Loss.CE, norm=Norm.LINF, eps=2 / 255, step_size=0.1, steps=30
    ),
    "tutorial-targeted": AttackSettings(
        attack=Attack.SGD,
        loss=Loss.CE,
        norm=Norm.LINF,
        eps=2 / 255,
        step_size=5e-3,
        steps=100,
        target=404,  # airliner
    ),
    "fgsm": AttackSettings(attack=Attack.FGSM, eps=4 / 255, step_size=4 / 255, steps=1),
    "pgd-linf": AttackSettings(
        attack=Attack.PGD, eps=2 / 255, step_size=0.5 / 255, steps=20, random_start=True
    ),
    "pgd-l2": AttackSettings(
        attack=Attack.PGD, norm=Norm.L2, eps=0.5, step_size=0.1, steps=20, random_start=True
    ),
    "mifgsm": AttackSettings(
        attack=Attack.MIFGSM, eps=2 / 255, step_size=0.2 / 255, steps=10, decay=1.0
    ),
    "cw-margin-pgd": AttackSettings(
        attack=Attack.PGD, loss=Loss.MARGIN, eps=2 / 255, step_size=0.5 / 255, steps=30
    ),
    # Croce & Hein 2020 (AutoAttack's ImageNet budget): L-inf 4/255, 100 iterations, a
    # random start in the ball as AutoAttack's APGD makes; no step size (eta = 2 eps, halved
    # on the paper's schedule). The targeted form is APGD-T's targeted DLR, here towards
    # the tutorial's airliner rather than AutoAttack's nine runner-up classes.
    "apgd-ce": AttackSettings(
        attack=Attack.APGD, loss=Loss.CE, eps=4 / 255, steps=100, random_start=True
    ),
    "apgd-dlr": AttackSettings(
        attack=Attack.APGD, loss=Loss.DLR, eps=4 / 255, steps=100, random_start=True
    ),
    "apgd-targeted": AttackSettings(
        attack=Attack.APGD,
        loss=Loss.DLR,
        eps=4 / 255,
        steps=100,
        target=404,  # airliner
        random_start=True,
    ),
    # Moosavi-Dezfooli et al. 2016: overshoot 0.02, at most 50 iterations; the top-10
    # classes of the clean prediction as candidates; no bound, stops once fooled.
    "deepfool-l2": AttackSettings(
        attack=Attack.DEEPFOOL,
        loss=Loss.MARGIN,
        norm=Norm.L2,
        eps=None,
        step_size=0.1,  # not used (DeepFool's step is its own); what the window shows
        steps=50,
        overshoot=0.02,
        candidates=10,
        early_stop=True,
    ),
    # Pintor et al. 2021: 100 steps, gamma 0.05 -> 0.001 and the step alpha cosine-annealed
    # to alpha_0 / 100, the logit-difference loss, no bound. alpha_0 is fmn.py's own (0.1
    # for L2, 1 for L-inf: measured smaller norms than 1 and 10 on the offline model).
    "fmn-l2": AttackSettings(
        attack=Attack.FMN, loss=Loss.MARGIN, norm=Norm.L2, eps=None, step_size=0.1, steps=100
    ),
    "fmn-linf": AttackSettings(
        attack=Attack.FMN, loss=Loss.MARGIN, norm=Norm.LINF, eps=None, steps=100
    ),
    # Andriushchenko et al. 2020: margin loss, p_init 0.05 (their L-inf ImageNet value);
    # the paper's budget is 10000 queries, 1000 here so that a run is watchable live.
    "square-linf": AttackSettings(
        attack=Attack.SQUARE,
        loss=Loss.MARGIN,
        eps=4 / 255,
        steps=1000,
        p_init=0.05,
        early_stop=True,
    ),
}

PRESET_HELP: dict[str, str] = {
    "tutorial-untargeted": "the tutorial: SGD lr 0.1, 30 steps, L-inf 2/255",
    "tutorial-targeted": "the tutorial: SGD lr 5e-3, 100 steps, L-inf 2/255, target airliner",
    "fgsm": "one signed-gradient step of 4/255",
    "pgd-linf": "PGD, L-inf 2/255, 20 steps of 0.5/255, random start",
    "pgd-l2": "PGD, L2 0.5, 20 steps of 0.1, random start",
    "mifgsm": "momentum iterative FGSM, L-inf 2/255, 10 steps",
    "cw-margin-pgd": "PGD on the Carlini-Wagner logit margin, L-inf 2/255, 30 steps",
    "apgd-ce": "APGD on cross-entropy, L-inf 4/255, 100 steps, no step size to tune",
    "apgd-dlr": "APGD on the DLR loss (ignores the logits' scale), L-inf 4/255, 100 steps",
    "apgd-targeted": "APGD, targeted DLR towards airliner, L-inf 4/255, 100 steps",
    "deepfool-l2": "DeepFool, smallest L2 change, top-10 classes, overshoot 0.02",
    "fmn-l2": "Fast Minimum-Norm, smallest L2 change, 100 steps",
    "fmn-linf": "Fast Minimum-Norm, smallest L-inf change, 100 steps",
    "square-linf": "Square Attack, scores only (no gradient), L-inf 4/255, 1000 queries",
}


def preset(name: str) -> AttackSettings:
    try:
        return PRESETS[name]
    except KeyError:
        raise SettingsError.of(
            QT_TRANSLATE_NOOP("Errors", "unknown preset {name}; choose one of: {choices}"),
            name=repr(name),
            choices=", ".join(PRESETS),
        ) from None


def parse_number(text: str) -> float:
    """Parse ``0.01``, ``2/255`` or ``1e-3`` (no eval) into a float."""
    s = str(text).strip()
    try:
        if "/" in s:
            num, den = s.split("/", 1)
            value = float(num) / float(den)
        else:
            value = float(s)
    except (ValueError, ZeroDivisionError):
        raise SettingsError.of(
            QT_TRANSLATE_NOOP("Errors", "not a number: {text} (use e.g. 0.01 or 2/255)"),
            text=repr(text),
        ) from None
    if not math.isfinite(value):
        raise SettingsError.of(
            QT_TRANSLATE_NOOP("Errors", "not a finite number: {text}"), text=repr(text)
        )
    return value


#: The preset a new window and the CLI start from: the tutorial's untargeted recipe.
DEFAULT_PRESET = "tutorial-untargeted"
