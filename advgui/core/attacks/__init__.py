"""Attacks: update rules (one per module) driven by one shared loop in ``engine``."""

from advgui.core.attacks.engine import UPDATES, AttackRun
from advgui.core.attacks.goal import Goal, Misclassified, ReachedClass
from advgui.core.attacks.record import AttackResult, StepRecord
from advgui.core.devices import model_device

__all__ = [
    "UPDATES",
    "AttackResult",
    "AttackRun",
    "Goal",
    "Misclassified",
    "ReachedClass",
    "StepRecord",
    "model_device",
]
