"""Constants the CLI and the window share, importable without torch or Qt."""

from __future__ import annotations

#: Default amplification for drawing delta (the tutorial's 50 * delta + 0.5).
DEFAULT_AMPLIFY = 50.0

#: Image file endings offered by the open dialogs.
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".bmp", ".gif", ".tif", ".tiff", ".webp", ".ppm", ".pgm")

#: A Qt file-dialog filter for those endings.
IMAGE_FILTER = "Images (" + " ".join(f"*{s}" for s in IMAGE_SUFFIXES) + ")"
