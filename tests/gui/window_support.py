"""Helpers for the window's hostile-input and stress tests (issue 5).

- ``fast_models``: windows get the session's offline model instead of reading its
  weights again (about a second per window), so tests can build many windows.
- ``error_box`` / ``weights_box``: the dialog the user would be looking at.
- ``qt_messages``: every message Qt logs during a test (its own handler, so it works
  with ``-s`` too, where pytest-qt's ``qtlog`` captures nothing); ``thread_complaints``
  picks those about threads and timers.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import qInstallMessageHandler
from PySide6.QtWidgets import QMessageBox

from advgui.core.models import OFFLINE_MODEL

#: Words in Qt's messages that mean a thread or timer was misused or destroyed running.
THREAD_WORDS = (
    "QThread",
    "Destroyed while thread",
    "another thread",
    "different thread",
    "Timers cannot",
    "QBasicTimer",
)


def thread_complaints(messages: list[str]) -> list[str]:
    return [m for m in messages if any(w in m for w in THREAD_WORDS)]


@pytest.fixture
def qt_messages():
    """The text of every message Qt logs while the test runs (passed on as before)."""
    seen: list[str] = []
    previous = None

    def handler(kind, context, message) -> None:
        seen.append(message)
        if previous is not None:
            previous(kind, context, message)

    previous = qInstallMessageHandler(handler)
    yield seen
    qInstallMessageHandler(previous)


def visible_box(window, name: str) -> QMessageBox | None:
    boxes = [b for b in window.findChildren(QMessageBox, name) if b.isVisible()]
    return boxes[-1] if boxes else None


def error_box(window) -> QMessageBox | None:
    return visible_box(window, "errorDialog")


def weights_box(window) -> QMessageBox | None:
    return visible_box(window, "weightsDialog")


def close_boxes(window) -> None:
    for box in window.findChildren(QMessageBox):
        box.close()


@pytest.fixture
def fast_models(monkeypatch, offline_model):
    """The offline model without a weights file comes from the session, already loaded."""
    from advgui.core import models

    real = models.load_model

    def load(name=None, *, weights_file=None, **kwargs):
        if name in (None, OFFLINE_MODEL) and weights_file is None:
            return offline_model
        return real(name, weights_file=weights_file, **kwargs)

    monkeypatch.setattr(models, "load_model", load)
    return offline_model
