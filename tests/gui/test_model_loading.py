"""Models load off the GUI thread; missing weights offer a local file or the offline model.

The windows here agree to each download they are asked about (test_model_list tests the
question itself).
"""

from __future__ import annotations

import socket
import urllib.error
import urllib.request

import pytest
from PySide6.QtWidgets import QMessageBox

from advgui.core.models import OFFLINE_MODEL

from .window_support import DownloadAnswers

OTHER = "squeezenet1_0"  # a small torchvision model, never on disk in the tests


def weights_box(window) -> QMessageBox | None:
    boxes = [b for b in window.findChildren(QMessageBox, "weightsDialog") if b.isVisible()]
    return boxes[-1] if boxes else None


def choose(window, qtbot, name):
    window.model_box.modelChosen.emit(name)
    qtbot.waitUntil(lambda: window.state.loading_model is None, timeout=60_000)


@pytest.fixture
def window(make_window):
    return make_window(prompts=DownloadAnswers(answer=True))


@pytest.fixture
def offline(monkeypatch):
    def refuse(*args, **kwargs):  # what urllib raises on a machine with no network
        raise urllib.error.URLError(socket.gaierror(-2, "Name or service not known"))

    monkeypatch.setattr(urllib.request, "urlopen", refuse)


@pytest.fixture(scope="module")
def squeezenet_file(tmp_path_factory):
    import torch
    import torchvision

    path = tmp_path_factory.mktemp("weights") / "my-squeezenet.pth"
    torch.manual_seed(0)
    torch.save(torchvision.models.squeezenet1_0(weights=None).state_dict(), path)
    return path


def test_missing_weights_offline_offers_the_offline_model(window, qtbot, offline):
    choose(window, qtbot, OTHER)
    box = weights_box(window)
    assert box is not None and OTHER in box.text() and "downloaded" in box.text()
    assert "could not be downloaded: no network connection" in box.detailedText()
    shown = box.text() + box.informativeText() + box.detailedText()
    assert "--weights" not in shown and "Errno" not in shown  # the window's own terms
    assert window.state.model.name == OFFLINE_MODEL  # the previous model is kept
    assert window.model_box.model_name() == OFFLINE_MODEL
    assert window.is_ready()
    box.offline_button.click()
    qtbot.waitUntil(
        lambda: window.state.loading_model is None and window.is_ready(), timeout=60_000
    )
    assert window.state.model.name == OFFLINE_MODEL


def test_missing_weights_can_come_from_a_local_file(
    window, qtbot, offline, squeezenet_file, monkeypatch
):
    from advgui.gui import dialogs

    monkeypatch.setattr(dialogs, "choose_weights_file", lambda *a: str(squeezenet_file))
    choose(window, qtbot, OTHER)
    weights_box(window).file_button.click()
    qtbot.waitUntil(lambda: window.state.model.name == OTHER, timeout=60_000)
    assert window.state.model.classifier.weights_source == str(squeezenet_file)
    assert str(squeezenet_file) in window.model_box.status.text()
    qtbot.waitUntil(window.is_ready, timeout=60_000)
    assert min(window.state.input.x.shape[-2:]) == 224  # the cat at this model's input size


def test_a_wrong_weights_file_is_explained(window, qtbot, offline, tmp_path, monkeypatch):
    from advgui.gui import dialogs

    junk = tmp_path / "junk.pth"
    junk.write_bytes(b"not weights at all")
    monkeypatch.setattr(dialogs, "choose_weights_file", lambda *a: str(junk))
    window.actions.weights.trigger()  # Model > Load weights file… for the current model
    qtbot.waitUntil(lambda: window.state.loading_model is None, timeout=60_000)
    box = weights_box(window)
    assert box is not None and "junk.pth" in box.detailedText()
    assert "cannot be used" in box.text()
    assert window.state.model.name == OFFLINE_MODEL and window.is_ready()


def test_download_progress_is_shown(window, qtbot, monkeypatch):
    chunks = [b"x" * 262144] * 4  # 1 MiB in all

    class FakeResponse:
        headers = {"Content-Length": str(sum(map(len, chunks)))}

        def __init__(self):
            self.left = list(chunks)

        def read(self, n):
            return self.left.pop(0) if self.left else b""

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

    monkeypatch.setattr(urllib.request, "urlopen", lambda *a, **k: FakeResponse())
    choose(window, qtbot, OTHER)
    assert window.busy.format() == "1.0 / 1.0 MB"  # what the status bar showed last
    assert window.busy.value() == window.busy.maximum()
    box = weights_box(window)  # the fake bytes fail the checksum
    assert box is not None and "checksum" in box.detailedText()
