"""Errors a user can cause. Each carries a one-line message meant to be shown as is."""

from __future__ import annotations


class AdvguiError(Exception):
    """Base class: the message is one line, fit for a status bar or stderr."""

    exit_code = 2


class ImageLoadError(AdvguiError):
    """An image file could not be read."""


class SettingsError(AdvguiError):
    """Attack settings that are out of range or contradict each other."""


class UnknownClassError(SettingsError):
    """A class index or name that is not one of the model's classes."""


class UnknownModelError(AdvguiError):
    """A model name advgui does not know (bad usage, not missing weights)."""


class WeightsUnavailableError(AdvguiError):
    """Weights are not on disk and cannot be downloaded."""

    exit_code = 3


class WeightsFileError(AdvguiError):
    """A weights file that is not plain weights for the chosen model."""

    exit_code = 3


class SaveError(AdvguiError):
    """Results could not be written; nothing was left behind."""
