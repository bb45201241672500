"""Attacks: update rules (one per module) driven by one shared loop in ``engine``."""

from advgui.core.attacks.engine import UPDATES, AttackRun, model_device
from advgui.core.attacks.record import AttackResult, StepRecord

__all__ = ["UPDATES", "AttackResult", "AttackRun", "StepRecord", "model_device"]
