"""advgui: watch, step by step, how an image classifier is fooled."""

__version__ = "0.1.0"
