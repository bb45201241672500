"""Behaviour behind the window: each controller holds the state and what it calls
(a job runner, the core's functions), never the window, and reports by signals."""

from advgui.gui.controllers.attack import AttackController
from advgui.gui.controllers.image import ImageController
from advgui.gui.controllers.models import ModelController
from advgui.gui.controllers.save import SaveController

__all__ = ["AttackController", "ImageController", "ModelController", "SaveController"]
