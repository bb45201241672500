"""Resolve paths of shipped resources, whether installed or run from a checkout."""

from __future__ import annotations

from pathlib import Path

_CHECKOUT = Path(__file__).resolve().parents[2] / "resources"


def resource_dir() -> Path:
    """The folder that holds advgui's icons and sample images."""
    try:
        import advgui.resources as pkg

        return Path(pkg.__file__).resolve().parent
    except ImportError:  # running from a checkout that is not installed
        return _CHECKOUT


def resource(name: str) -> Path:
    """Path of one shipped resource, e.g. ``resource("samples/chelsea.png")``."""
    return resource_dir() / name


SAMPLES = {"cat": "samples/chelsea.png", "espresso": "samples/coffee.png"}


def sample(name: str) -> Path:
    """Path of a bundled sample image: ``cat`` or ``espresso``."""
    return resource(SAMPLES[name])
