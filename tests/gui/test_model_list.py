"""The model list (issue 12): grouped under headers in the core's order, download sizes
shown, and a question before any download.

The windows get the session's offline model (``fast_models``); which weights are on disk
is decided per test with a weights cache of its own (``TORCH_HOME``), and the question
is answered through the injected prompts (``DownloadAnswers``), never a dialog.
"""

from __future__ import annotations

import dataclasses
import urllib.error
import urllib.request

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QMessageBox, QPushButton, QWidget

from advgui.core.models import OFFLINE_MODEL, cache_dir, model_info
from advgui.gui import backend, dialogs
from advgui.gui.backend import Services
from advgui.gui.catalog import BUNDLED, MISSING, ON_DISK, Catalog, ModelEntry, by_status
from advgui.gui.controllers import ModelController
from advgui.gui.jobs import JobRunner
from advgui.gui.state import AppState, LoadedModel
from advgui.gui.widgets.style import contrast

from .window_support import DownloadAnswers, weights_box

pytestmark = pytest.mark.usefixtures("fast_models")

WAIT_MS = 60_000
OFFLINE_GROUP = ["efficientnet_lite0", "efficientnet_lite1", "efficientnet_lite2"]
HEADERS = ("Offline, no download", "Weights on disk", "To download")


def rows(window) -> list[tuple[str, str | None, bool]]:
    """The list as the user sees it: (text, model name or None, can be chosen)."""
    combo = window.model_box.model_combo
    items = combo.model()
    return [
        (
            combo.itemText(r),
            combo.itemData(r),
            bool(items.item(r).flags() & Qt.ItemFlag.ItemIsSelectable),
        )
        for r in range(combo.count())
    ]


def groups(window) -> dict[str, list[str]]:
    """Each header's model names, in list order."""
    found: dict[str, list[str]] = {}
    for text, name, _ in rows(window):
        if name is None:
            found[text] = []
        else:
            found[list(found)[-1]].append(name)
    return found


def choose_in_list(window, name: str) -> None:
    """What a click on ``name`` in the open list does: it becomes current, then activated."""
    combo = window.model_box.model_combo
    row = combo.findData(name)
    assert row >= 0, name
    combo.setCurrentIndex(row)
    combo.activated.emit(row)


def offline_default() -> Catalog:
    """The real catalog, but starting on the offline model even with ResNet50's (empty,
    fake) weights on disk: the start-up load stays the session's model."""
    return dataclasses.replace(backend.load_catalog(), default_model=OFFLINE_MODEL)


@pytest.fixture
def weights_home(monkeypatch, tmp_path):
    """A weights cache of this test's own, holding (empty) files for a few models."""
    monkeypatch.setenv("TORCH_HOME", str(tmp_path / "torch"))

    def put(*names: str) -> None:
        for name in names:
            path = model_info(name).weights_path
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(b"")

    return put


def assert_still_on_the_offline_model(window, before) -> None:
    s, box = window.state, window.model_box
    assert s.model.classifier is before and s.loading_model is None
    assert box.model_name() == OFFLINE_MODEL
    assert box.model_combo.currentData() == OFFLINE_MODEL
    assert box.model_combo.currentText() == OFFLINE_MODEL
    assert window.is_ready()


# ---------------------------------------------------------------- the list


def test_the_list_is_grouped_offline_on_disk_download_the_tutorials_first(
    make_window, weights_home
):
    weights_home("alexnet", "vgg11", "resnet50")
    window = make_window(load_catalog=offline_default)
    found = groups(window)
    assert list(found) == list(HEADERS)
    assert found[HEADERS[0]] == OFFLINE_GROUP
    assert found[HEADERS[1]] == ["resnet50", "alexnet", "vgg11"]
    downloads = found[HEADERS[2]]
    assert downloads == sorted(downloads) and len(downloads) > 50
    assert not {"resnet50", "alexnet", "vgg11"} & set(downloads)


def test_with_nothing_on_disk_the_tutorials_model_heads_the_downloads(window):
    found = groups(window)  # the session's weights cache is empty
    assert list(found) == [HEADERS[0], HEADERS[2]]
    assert found[HEADERS[0]] == OFFLINE_GROUP
    assert found[HEADERS[2]][0] == "resnet50"
    assert found[HEADERS[2]][1:] == sorted(found[HEADERS[2]][1:])
    combo = window.model_box.model_combo
    assert combo.currentText() == OFFLINE_MODEL  # a model, not a header, is shown


def test_models_to_download_show_their_size(make_window, weights_home):
    weights_home("alexnet")
    window = make_window()
    text = {name: text for text, name, _ in rows(window) if name}
    assert text["vgg16"] == "vgg16  (528 MB)"
    assert text["squeezenet1_0"] == "squeezenet1_0  (4.8 MB)"
    assert text["alexnet"] == "alexnet"  # on disk: nothing to download
    assert text[OFFLINE_MODEL] == OFFLINE_MODEL
    combo = window.model_box.model_combo
    tip = combo.itemData(combo.findData("vgg16"), Qt.ItemDataRole.ToolTipRole)
    assert tip == "vgg16: needs download"


def test_headers_cannot_be_chosen(make_window, qtbot):
    answers = DownloadAnswers(answer=False)
    window = make_window(prompts=answers)
    combo = window.model_box.model_combo
    headers = [r for r, (text, name, _) in enumerate(rows(window)) if name is None]
    assert [combo.itemText(r) for r in headers] == [HEADERS[0], HEADERS[2]]
    for r in headers:
        assert combo.model().item(r).flags() == Qt.ItemFlag.NoItemFlags  # no click, no key
    palette = combo.view().palette()  # drawn readable all the same, not in faint grey
    header_text = palette.color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)
    assert contrast(header_text, palette.color(QPalette.ColorRole.Base)) >= 4.5
    combo.activated.emit(headers[1])  # even if one were activated: nothing is asked
    assert answers.asked == [] and combo.currentData() == OFFLINE_MODEL

    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_Up)  # above the first model is only its header
    assert combo.currentData() == OFFLINE_MODEL and answers.asked == []
    combo.setCurrentIndex(combo.findData(OFFLINE_GROUP[-1]))
    qtbot.keyClick(combo, Qt.Key.Key_Down)  # over "To download", to the model under it
    assert [model for model, _, _ in answers.asked] == ["resnet50"]
    assert combo.currentData() == OFFLINE_MODEL  # declined: back to the model in use


# ---------------------------------------------------------------- the question


def test_a_model_to_download_asks_first_and_cancel_changes_nothing(make_window, fast_models):
    answers = DownloadAnswers(answer=False)
    window = make_window(prompts=answers)
    before = window.state.model.classifier
    fast_models.calls.clear()
    choose_in_list(window, "vgg16")
    assert answers.asked == [("vgg16", pytest.approx(527.796), str(cache_dir()))]
    assert fast_models.calls == []  # no load, so no download
    assert_still_on_the_offline_model(window, before)
    message = window.statusBar().currentMessage()
    assert message == f"vgg16 not downloaded. Still using {OFFLINE_MODEL}."


def test_yes_downloads_the_weights(make_window, qtbot, monkeypatch, fast_models):
    """The network replaced as test_model_loading does: Yes fetches the weights from the
    model's address (the fake bytes then fail the checksum, and the model in use stays)."""
    fetched = []

    def refuse(request, *args, **kwargs):
        fetched.append(getattr(request, "full_url", request))
        raise urllib.error.URLError("no network in the tests")

    monkeypatch.setattr(urllib.request, "urlopen", refuse)
    answers = DownloadAnswers(answer=True)
    window = make_window(prompts=answers)
    before = window.state.model.classifier
    choose_in_list(window, "squeezenet1_0")
    qtbot.waitUntil(lambda: window.state.loading_model is None, timeout=WAIT_MS)
    assert [model for model, _, _ in answers.asked] == ["squeezenet1_0"]
    assert fast_models.calls[-1] == "squeezenet1_0"
    assert fetched == [model_info("squeezenet1_0").url]
    box = weights_box(window)
    assert box is not None and "squeezenet1_0" in box.text()
    box.close()
    assert_still_on_the_offline_model(window, before)


def test_yes_loads_the_model_and_it_moves_to_the_models_on_disk(
    make_window, qtbot, weights_home, offline_model, fast_models
):
    from advgui.core.models import Classifier

    def download(name, device, weights_file, progress):
        """For SqueezeNet a download that works: the file appears in the cache and the
        model loads (the offline model's network under SqueezeNet's name)."""
        if name != "squeezenet1_0":
            return fast_models(name, device, weights_file, progress)
        info = model_info(name)
        info.weights_path.write_bytes(b"")
        progress(1, 1)
        return LoadedModel(Classifier(offline_model.net, info, "test"), "cpu", None, None)

    weights_home("alexnet", "vgg11")
    answers = DownloadAnswers(answer=True)
    window = make_window(prompts=answers, load_model=download)
    choose_in_list(window, "squeezenet1_0")
    qtbot.waitUntil(lambda: window.state.model.name == "squeezenet1_0", timeout=WAIT_MS)
    qtbot.waitUntil(window.is_ready, timeout=WAIT_MS)
    assert [model for model, _, _ in answers.asked] == ["squeezenet1_0"]
    combo = window.model_box.model_combo
    assert combo.currentData() == "squeezenet1_0" and combo.currentText() == "squeezenet1_0"
    found = groups(window)
    assert found[HEADERS[1]] == ["alexnet", "squeezenet1_0", "vgg11"]  # in its place
    assert "squeezenet1_0" not in found[HEADERS[2]]


def test_offline_and_on_disk_models_load_without_asking(
    make_window, qtbot, weights_home, fast_models
):
    weights_home("alexnet")
    answers = DownloadAnswers(answer=False)
    window = make_window(prompts=answers)
    fast_models.calls.clear()
    choose_in_list(window, "efficientnet_lite1")
    qtbot.waitUntil(lambda: window.state.model.name == "efficientnet_lite1", timeout=WAIT_MS)
    choose_in_list(window, "alexnet")  # its (empty, fake) file is tried, not downloaded
    qtbot.waitUntil(lambda: weights_box(window) is not None, timeout=WAIT_MS)
    assert "cannot be used" in weights_box(window).text()
    weights_box(window).close()
    assert answers.asked == []
    assert fast_models.calls == ["efficientnet_lite1", "alexnet"]


def test_the_question_says_what_how_big_and_where(qtbot):
    parent = QWidget()
    qtbot.addWidget(parent)
    seen = {}

    def answer(button: str) -> None:
        box = parent.findChild(QMessageBox, "downloadDialog")
        try:
            seen.update(
                title=box.windowTitle(),
                text=box.text(),
                where=box.informativeText(),
                default=box.defaultButton() is box.button(QMessageBox.StandardButton.Cancel),
            )
            if button == "download":
                box.findChild(QPushButton, "downloadButton").click()
            else:
                box.button(QMessageBox.StandardButton.Cancel).click()
        finally:
            if box is not None and box.isVisible():
                box.reject()  # never leave the test waiting on the dialog

    QTimer.singleShot(0, lambda: answer("download"))
    assert dialogs.ask_download(parent, "vgg16", 527.796, "/home/me/.cache/torch/hub/checkpoints")
    assert seen["title"] == "Download weights?"
    assert seen["text"] == "Download the weights for vgg16 (528 MB)?"
    assert "/home/me/.cache/torch/hub/checkpoints" in seen["where"]
    assert seen["default"]  # Enter does not start a download
    QTimer.singleShot(0, lambda: answer("cancel"))
    assert not dialogs.ask_download(parent, "vgg16", None, "/tmp/cache")
    assert "size is not known" in seen["text"]


# ------------------------------------------------- the controller and catalog alone


class Asked:
    def __init__(self, answer: bool) -> None:
        self.answer, self.asked = answer, []

    def choose_weights_file(self, model: str) -> str:
        return ""

    def confirm_download(self, model, size_mb, folder) -> bool:
        self.asked.append((model, size_mb, folder))
        return self.answer


@pytest.fixture
def controller(qapp):
    """A ModelController over a two-model catalog, with fakes: ``make(answer, status)``."""
    made = []

    def make(answer: bool, status_now: str = MISSING):
        loads = []

        def load(name, device, weights_file, progress):
            loads.append(name)
            raise RuntimeError("not loaded in this test")

        state, runner, prompts = AppState(), JobRunner(), Asked(answer)
        state.set_catalog(
            Catalog(
                models=[ModelEntry("lite", BUNDLED), ModelEntry("big", MISSING, 224, 512.0)],
                devices=[("cpu", "CPU")],
                categories=["a", "b"],
                default_model="lite",
                offline_model="lite",
                weights_folder="/cache",
            )
        )
        services = Services(weights_status=lambda name: status_now, load_model=load)
        models = ModelController(state, runner, services, prompts=prompts)
        made.append(runner)
        return models, prompts, loads

    yield make
    for runner in made:
        runner.shutdown()


def test_the_controller_asks_before_a_download_only(controller, qtbot):
    models, prompts, _ = controller(answer=False)
    messages = []
    models.message.connect(messages.append)
    assert not models.load("big")  # declined: nothing started
    assert prompts.asked == [("big", 512.0, "/cache")]
    assert models.state.loading_model is None and messages == ["big not downloaded."]
    assert models.load("big", weights_file="/tmp/big.pth")  # a file of the user's: no download
    assert len(prompts.asked) == 1
    qtbot.waitUntil(lambda: models.state.loading_model is None, timeout=WAIT_MS)
    assert models.load("lite")  # bundled: no question
    assert len(prompts.asked) == 1
    qtbot.waitUntil(lambda: models.state.loading_model is None, timeout=WAIT_MS)


def test_weights_fetched_since_the_list_was_made_are_not_asked_about(controller, qtbot):
    models, prompts, loads = controller(answer=False, status_now=ON_DISK)
    assert models.load("big")
    qtbot.waitUntil(lambda: models.state.loading_model is None, timeout=WAIT_MS)
    assert prompts.asked == [] and loads == ["big"]


def test_a_status_change_moves_an_entry_to_its_group_in_list_order() -> None:
    catalog = Catalog(
        models=[
            ModelEntry("lite", BUNDLED),
            ModelEntry("resnet50", MISSING),
            ModelEntry("alexnet", ON_DISK),
            ModelEntry("squeezenet", MISSING),
            ModelEntry("vgg", ON_DISK),
        ],
        devices=[],
        categories=[],
        default_model="lite",
        offline_model="lite",
    )
    assert [(s, [e.name for e in es]) for s, es in by_status(catalog.models)] == [
        (BUNDLED, ["lite"]),
        (ON_DISK, ["alexnet", "vgg"]),
        (MISSING, ["resnet50", "squeezenet"]),
    ]
    after = by_status(catalog.with_status("squeezenet", ON_DISK).models)
    assert [(s, [e.name for e in es]) for s, es in after] == [
        (BUNDLED, ["lite"]),
        (ON_DISK, ["alexnet", "squeezenet", "vgg"]),
        (MISSING, ["resnet50"]),
    ]
