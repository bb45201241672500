"""Two state bugs a new user found (issue 8), through the real window, as a user would.

1. Choosing a model whose weights cannot be had, then Cancel in the dialog (or Esc),
   left the model box, the Model menu and Run disabled. The same after a corrupt file.
2. The target field showed one class and the run attacked another; an ambiguous name
   silently attacked the previous class.
"""

from __future__ import annotations

import urllib.error
import urllib.request

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from advgui.core.models import OFFLINE_MODEL
from advgui.gui import dialogs

from .window_support import DownloadAnswers, close_boxes, error_box, weights_box

pytestmark = pytest.mark.usefixtures("fast_models")  # windows use the session's model

WAIT_MS = 60_000


@pytest.fixture
def offline(monkeypatch):
    def refuse(*args, **kwargs):
        raise urllib.error.URLError("no network in the tests")

    monkeypatch.setattr(urllib.request, "urlopen", refuse)


def assert_usable_with_the_offline_model(window) -> None:
    assert window.state.model.name == OFFLINE_MODEL
    assert window.model_box.model_name() == OFFLINE_MODEL
    assert window.model_box.isEnabled() and window.model_box.model_combo.isEnabled()
    assert window.model_box.weights_button.isEnabled()
    assert window.actions.weights.isEnabled() and window.actions.offline.isEnabled()
    assert window.actions.run.isEnabled() and window.run_bar.run_button.isEnabled()
    assert window.is_ready()


def cancel(box: QMessageBox, how: str) -> None:
    if how == "escape":
        box.reject()  # what Esc does in a message box
    else:
        box.button(QMessageBox.StandardButton.Cancel).click()


@pytest.mark.parametrize("how", ["cancel-button", "escape"])
def test_cancelling_the_weights_dialog_keeps_the_previous_model_usable(
    make_window, qtbot, offline, how
):
    window = make_window(prompts=DownloadAnswers(answer=True))  # yes, try the download
    row = window.model_box.model_combo.findData("resnet50")
    window.model_box.model_combo.activated.emit(row)  # chosen in the list
    qtbot.waitUntil(lambda: weights_box(window) is not None, timeout=WAIT_MS)
    assert "resnet50" in weights_box(window).text()
    cancel(weights_box(window), how)
    qtbot.waitUntil(lambda: weights_box(window) is None, timeout=5_000)
    assert_usable_with_the_offline_model(window)
    assert "Still using efficientnet_lite0" in window.statusBar().currentMessage()
    with qtbot.waitSignal(window.run_finished, timeout=WAIT_MS) as blocker:
        assert window.run_attack()
    assert blocker.args == ["done"]


class WeightsAnswer(dialogs.DialogPrompts):
    """The window's prompts, but the weights-file dialog answers ``path`` (injected)."""

    def __init__(self, path) -> None:
        super().__init__(prefs=None)
        self.path = path

    def choose_weights_file(self, model: str) -> str:
        return str(self.path)


def test_a_corrupt_weights_file_then_cancel_keeps_the_model(make_window, qtbot, tmp_path):
    junk = tmp_path / "corrupt.pth"
    junk.write_bytes(b"PK\x03\x04 not a real archive")
    window = make_window(prompts=WeightsAnswer(junk))
    qtbot.mouseClick(window.model_box.weights_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: weights_box(window) is not None, timeout=WAIT_MS)
    assert "corrupt.pth" in weights_box(window).informativeText()
    cancel(weights_box(window), "cancel-button")
    qtbot.waitUntil(lambda: weights_box(window) is None, timeout=5_000)
    assert_usable_with_the_offline_model(window)


def type_target(qtbot, window, text: str, key: Qt.Key | None) -> None:
    edit = window.form.target_combo.lineEdit()
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClicks(edit, text)
    if key is not None:
        qtbot.keyClick(edit, key)


def targeted(window) -> None:
    form = window.form
    form.set_settings(form.settings().replace(steps=2, target=1))  # "1: goldfish"
    assert form.target_combo.currentText() == "1: goldfish"


def test_the_class_attacked_is_the_class_shown_after_esc(window, qtbot):
    targeted(window)
    type_target(qtbot, window, "goldfinch", Qt.Key.Key_Escape)  # closes the pop-up only
    assert window.form.target_combo.currentText() == "goldfinch"
    with qtbot.waitSignal(window.run_finished, timeout=WAIT_MS):
        qtbot.keyClick(window, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)  # Ctrl+R
    assert window.state.result.settings.target == 11
    assert window.form.target_combo.currentText() == "11: goldfinch"


@pytest.mark.parametrize(
    "text, message",
    [
        ("goldf", "'goldf' matches several classes: goldfish (1), goldfinch (11)"),
        ("no such animal", "no ImageNet class matches 'no such animal'"),
    ],
)
def test_an_ambiguous_or_unknown_target_blocks_run_with_the_clis_message(
    window, qtbot, text, message
):
    targeted(window)
    type_target(qtbot, window, text, None)  # typed, not entered
    problem = window.findChild(type(window.form.target_problem), "targetProblem")
    assert problem.isVisible() and problem.text() == message  # said while typing
    assert not window.run_bar.run_button.isEnabled() and not window.actions.run.isEnabled()
    qtbot.keyClick(window, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    assert not window.state.is_running() and window.state.steps_seen == 0
    assert problem.isVisible() and problem.text() == message
    assert not window.run_attack()  # a script asking: refused, with the same line
    assert not window.state.is_running() and window.state.steps_seen == 0
    box = error_box(window)
    assert box is not None and box.text() == message and "\n" not in box.text()
    close_boxes(window)

    # Enter on the same text: not taken; the class that would be attacked comes back.
    type_target(qtbot, window, text, Qt.Key.Key_Return)
    assert window.form.target_combo.currentText() == "1: goldfish"
    assert not problem.isVisible()
    assert window.run_bar.run_button.isEnabled()
    assert message in window.statusBar().currentMessage()
