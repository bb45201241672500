"""Data files shipped with advgui (icons, sample images). Installed as ``advgui.resources``."""
