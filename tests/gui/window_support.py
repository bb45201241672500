"""Helpers for the window's hostile-input and stress tests (issue 5). Importing this
module needs no torch (``test_controllers`` runs without it), so the conftest can offer
its fixtures to every window test.

- ``fast_models``: windows get the session's offline model instead of reading its
  weights again (about a second per window), and the attack view's transfer check gets
  the other offline models loaded once per session, so tests can build many windows;
  through ``Services``, injected, not patched. A module asks for it for all its windows with
  ``pytestmark = pytest.mark.usefixtures("fast_models")``. ``run_factory`` makes a
  ``Services.make_run``.
- ``error_box`` / ``weights_box``: the dialog the user would be looking at.
- ``DownloadAnswers``: the window's prompts with "download these weights?" answered.
- ``qt_messages``: every message Qt logs during a test (its own handler, so it works
  with ``-s`` too, where pytest-qt's ``qtlog`` captures nothing); ``thread_complaints``
  picks those about threads and timers.
"""

from __future__ import annotations

import threading

import numpy as np
import pytest
from PySide6.QtCore import qInstallMessageHandler
from PySide6.QtWidgets import QMessageBox

from advgui.gui.state import LoadedModel

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


class DownloadAnswers:
    """The window's prompts (``dialogs.DialogPrompts``), but "download the weights?" is
    answered ``answer``; ``asked`` lists each question's (model, size_mb, folder)."""

    def __init__(self, answer: bool = True) -> None:
        from advgui.gui.dialogs import DialogPrompts
        from advgui.gui.prefs import Prefs

        self._real = DialogPrompts(Prefs())
        self.answer = answer
        self.asked: list[tuple[str, float | None, str]] = []

    def __getattr__(self, name):
        return getattr(self._real, name)

    def confirm_download(self, model: str, size_mb: float | None, folder: str) -> bool:
        self.asked.append((model, size_mb, folder))
        return self.answer


class Loads:
    """A ``Services.load_model`` that gives the session's offline model (no weights
    file read: about a second saved per window) and the real load for anything else.
    ``hold()`` makes loads wait until ``release()``; ``calls`` lists the names asked for."""

    def __init__(self, model) -> None:
        self.model = model
        self.calls: list[str] = []
        self.gate = threading.Event()
        self.gate.set()

    def __call__(self, name, device, weights_file, progress):
        from advgui.core.devices import resolve_device
        from advgui.core.models import OFFLINE_MODEL
        from advgui.gui import backend

        self.calls.append(name)
        if not self.gate.wait(30):
            raise TimeoutError("the test never released the load")
        if name != OFFLINE_MODEL or weights_file is not None:
            return backend.load_model(name, device, weights_file, progress)
        resolved, note = resolve_device(device)
        return LoadedModel(self.model.to(resolved), str(resolved), note, None)

    def hold(self) -> None:
        self.calls.clear()
        self.gate.clear()

    def release(self) -> None:
        self.gate.set()


_OTHERS: dict[tuple[str, str], object] = {}  # (name, device): the other offline models
_OTHERS_LOCK = threading.Lock()


def session_check_transfer(job, stopping):
    """A ``Services.check_transfer`` that loads each other model once per test session
    (the real check and the real models, read from their bundled weights)."""
    from advgui.gui.transfer_backend import check_transfer, load_offline

    def load(name: str, device: str):
        with _OTHERS_LOCK:
            if (name, device) not in _OTHERS:
                _OTHERS[(name, device)] = load_offline(name, device)
            return _OTHERS[(name, device)]

    return check_transfer(job, stopping, load)


@pytest.fixture
def fast_models(services, offline_model):
    """Windows built in this test load the offline model from the session (``Loads``),
    and the other offline models for the transfer check too."""
    loads = Loads(offline_model)
    services.replace(load_model=loads, check_transfer=session_check_transfer)
    yield loads
    loads.release()  # never leave a loader blocked


def run_factory(run_class):
    """A ``Services.make_run`` that builds ``run_class`` (an AttackRun or a subclass)."""

    def make(model, x, label, settings, precision="fp32", threads=None):
        import torch

        from advgui.core.precision import amp_of, resolve

        amp = amp_of(resolve(precision, model, x))
        return run_class(model, x, torch.tensor([label]), settings, amp=amp, threads=threads)

    return make


def view_pixels(view) -> np.ndarray:
    """The H x W x 3 uint8 pixels an ImageView shows."""
    from PySide6.QtGui import QImage

    image = view.image().convertToFormat(QImage.Format.Format_RGB888)
    w, h, stride = image.width(), image.height(), image.bytesPerLine()
    rows = np.frombuffer(image.constBits(), np.uint8).reshape(h, stride)
    return rows[:, : 3 * w].reshape(h, w, 3).copy()


def send_wheel(widget, pos, notches: int) -> bool:
    """Turn the mouse wheel ``notches`` (positive: away from the user) at ``pos`` (a
    QPointF in ``widget``); whether the widget took the turn."""
    from PySide6.QtCore import QPoint, QPointF, Qt
    from PySide6.QtGui import QWheelEvent
    from PySide6.QtWidgets import QApplication

    event = QWheelEvent(
        pos,
        QPointF(widget.mapToGlobal(pos.toPoint())),
        QPoint(0, 0),
        QPoint(0, 120 * notches),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(widget, event)
    return event.isAccepted()
