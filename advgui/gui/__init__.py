"""The advgui desktop window (PySide6). Importing this package does not import torch."""

from advgui.gui.app import create_app, main

__all__ = ["create_app", "main"]
