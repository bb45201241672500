"""Constants the CLI and the window share, importable without torch or Qt."""

from __future__ import annotations

#: Default amplification for drawing delta (the tutorial's 50 * delta + 0.5).
DEFAULT_AMPLIFY = 50.0

#: The image formats advgui opens, by Pillow's names (``Image.open(..., formats=...)``).
#: Nothing else is ever tried: no EPS, PDF or PostScript (Pillow hands those to
#: Ghostscript, an interpreter), no FITS, no format that runs an external program. JPEG
#: covers the multi-picture JPEGs (MPO) of cameras, PPM the whole PBM/PGM/PPM/PNM family.
READ_FORMATS = ("PNG", "JPEG", "GIF", "BMP", "TIFF", "WEBP", "PPM")

#: Those formats in words, for messages.
READ_FORMATS_TEXT = "PNG, JPEG, GIF, BMP, TIFF, WebP, PPM/PGM/PBM"

#: Image file endings offered by the open dialogs.
IMAGE_SUFFIXES = (
    ".png",
    ".jpg",
    ".jpeg",
    ".bmp",
    ".gif",
    ".tif",
    ".tiff",
    ".webp",
    ".ppm",
    ".pgm",
    ".pbm",
    ".pnm",
)

#: A Qt file-dialog filter for those endings.
IMAGE_FILTER = "Images (" + " ".join(f"*{s}" for s in IMAGE_SUFFIXES) + ")"
