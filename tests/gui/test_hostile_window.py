"""Hostile input through the window (issue 5): the image corpus, weights files that are
malicious or wrong, and faults while saving.

Every refusal must reach the user as a dialog (non-blocking: ``open()``, never ``exec()``)
and the status bar, in one line that names the file; what was on screen before stays
(the same pixels, the same file name, the same model); nothing escapes as an exception
(pytest-qt fails a test on an exception raised in a Qt slot); and the window can still
run an attack afterwards.

The corpora are those the core and CLI tests use too: ``corpus.images.BROKEN`` (broken
images), ``corpus.weights.bad_weights`` and ``Payload`` (weights), and
``corpus.faults.FAULTS`` (saving faults).
"""

from __future__ import annotations

import pickle
import urllib.error
import urllib.request
from pathlib import Path

import numpy as np
import pytest
import torch
from corpus.faults import FAULTS, snapshot
from corpus.images import BROKEN, as_stored, noise, upright
from corpus.weights import Payload, bad_weights
from PIL import Image

from advgui.core.errors import SaveError
from advgui.core.export import NAMES, file_names
from advgui.core.imaging import load_image, preprocess, to_uint8
from advgui.core.models import OFFLINE_MODEL, model_info
from advgui.gui import dialogs

from .window_support import close_boxes, error_box, view_pixels, weights_box

pytestmark = pytest.mark.usefixtures("fast_models")  # windows use the session's model

WAIT_MS = 30_000


def quick_run(window, run_and_wait, quick) -> None:
    """One step to the end: the proof that the window can still run an attack."""
    assert run_and_wait(window, quick(1, early_stop=False), timeout=WAIT_MS) == "done"


def one_line(text: str) -> str:
    assert text and "\n" not in text and "Traceback" not in text, text
    return text


def on_screen(window) -> dict:
    """What the user sees of the current image and model, to compare before and after."""
    return {
        "path": window.state.image_path,
        "title": window.windowTitle(),
        "caption": window.results.original.caption.text(),
        "pixels": view_pixels(window.results.original).tobytes(),
        "top5": [(r.index, r.prob) for r in window.results.original_top5.rows()],
        "model": window.state.model.classifier,
        "x": window.state.input.x,
        "label": window.state.label,
    }


def open_from_menu(window, monkeypatch, path: Path) -> None:
    """File > Open image…, the file dialog answering ``path``; waits until the file,
    decoded on a worker, is shown or refused."""
    monkeypatch.setattr(dialogs, "choose_image", lambda *a: str(path))
    window.actions.open.trigger()
    window.images.wait()


# ---------------------------------------------------------------- images


@pytest.mark.parametrize("name", list(BROKEN))
def test_a_broken_image_is_refused_and_the_previous_one_kept(window, monkeypatch, tmp_path, name):
    make, word = BROKEN[name]
    path = tmp_path / name
    path.write_bytes(make())
    before = on_screen(window)

    open_from_menu(window, monkeypatch, path)

    box = error_box(window)
    assert box is not None and box.windowTitle() == "Cannot open image"
    line, details = one_line(box.text()), box.detailedText()
    assert name in line and word in line + details  # Pillow's words: under "Show details"
    assert "Traceback" not in details  # a known refusal: no traceback to show
    assert window.statusBar().currentMessage() == line
    assert on_screen(window) == before
    assert window.is_ready() and window.run_bar.run_button.isEnabled()


def test_after_every_broken_image_the_window_still_runs(window, run_and_wait, quick, tmp_path):
    before = on_screen(window)
    for name, (make, _word) in BROKEN.items():
        path = tmp_path / name
        path.write_bytes(make())
        window.open_reporting(path)  # what the menu and drag-and-drop call
        assert window.images.wait() is not None  # refused
        assert name in error_box(window).text()
    assert on_screen(window) == before
    close_boxes(window)
    quick_run(window, run_and_wait, quick)


def test_a_missing_file_or_a_folder_is_refused(window, tmp_path):
    before = on_screen(window)
    for path, words in ((tmp_path / "gone.png", "no such file"), (tmp_path, "not a file")):
        window.open_reporting(path)
        assert window.images.wait() is not None  # refused
        assert words in error_box(window).text()
        assert on_screen(window) == before


def _save(path: Path, image: Image.Image, **kw) -> Path:
    image.save(path, **kw)
    return path


def _exif(orientation: int) -> Image.Exif:
    exif = Image.Exif()
    exif[0x0112] = orientation
    return exif


def _exif_png(path: Path) -> Path:
    stored = np.ascontiguousarray(as_stored(upright(), 6))  # "turn 90 clockwise to view"
    return _save(path, Image.fromarray(stored, mode="RGB"), exif=_exif(6))


def _grey_alpha(path: Path) -> Path:
    la = np.zeros((30, 40, 2), dtype=np.uint8)
    la[..., 0], la[:, :20, 1] = 40, 255  # dark grey: opaque left half, transparent right
    return _save(path, Image.fromarray(la, mode="LA"))


def _palette(path: Path) -> Path:
    image = Image.new("P", (40, 30), 0)
    image.putpalette([0, 0, 255] + [0, 255, 0] + [0] * 762)
    image.paste(1, (0, 0, 20, 30))  # green left half; index 0 (blue) is transparent
    return _save(path, image, transparency=0)


def _animated(path: Path) -> Path:
    frames = [Image.new("RGB", (30, 20), c) for c in ((255, 0, 0), (0, 255, 0), (0, 0, 255))]
    return _save(path, frames[0], save_all=True, append_images=frames[1:], duration=50)


def _sixteen_bit(path: Path) -> Path:
    return _save(path, Image.fromarray((np.arange(2400, dtype=np.uint16) * 27).reshape(40, 60)))


#: Valid files of every awkward kind: how to write one, its upright size (w, h), and a
#: check of the RGB pixels the window took from it.
AWKWARD = {
    "exif-rotated.png": (_exif_png, (10, 6), lambda a: np.array_equal(a, upright())),
    "exif-rotated.jpg": (
        lambda p: _save(p, noise(60, 40), exif=_exif(6), quality=90),
        (40, 60),
        lambda a: True,
    ),
    "cmyk.jpg": (
        lambda p: _save(p, Image.new("CMYK", (24, 16), (0, 255, 255, 0)), quality=95),
        (24, 16),
        lambda a: a[8, 12, 0] > 240 and a[8, 12, 1] < 15 and a[8, 12, 2] < 15,  # red
    ),
    "sixteen-bit.png": (_sixteen_bit, (60, 40), lambda a: a[0, 0, 0] == 0 and a[-1, -1, 0] > 0),
    "grey-alpha.png": (
        _grey_alpha,
        (40, 30),
        lambda a: (a[:, :20] == 40).all() and (a[:, 20:] == 255).all(),
    ),
    "palette-transparent.png": (
        _palette,
        (40, 30),
        lambda a: (a[:, :20] == (0, 255, 0)).all() and (a[:, 20:] == 255).all(),  # not blue
    ),
    "one-pixel.png": (
        lambda p: _save(p, Image.new("RGB", (1, 1), (200, 30, 30))),
        (1, 1),
        lambda a: a.tolist() == [[[200, 30, 30]]],
    ),
    "strip.png": (lambda p: _save(p, noise(10_000, 10)), (10_000, 10), lambda a: True),
    "animated.gif": (_animated, (30, 20), lambda a: (a == (255, 0, 0)).all()),  # frame 1
}


@pytest.mark.parametrize("name", list(AWKWARD))
def test_an_awkward_valid_image_opens_and_is_shown(window, qtbot, monkeypatch, tmp_path, name):
    write, (w, h), check = AWKWARD[name]
    path = write(tmp_path / name)
    open_from_menu(window, monkeypatch, path)
    assert error_box(window) is None
    qtbot.waitUntil(window.is_ready, timeout=WAIT_MS)

    assert window.state.image_path == path and window.windowTitle().startswith(name)
    assert window.state.image.mode == "RGB" and window.state.image.size == (w, h)  # upright
    assert check(np.asarray(window.state.image))
    caption = window.results.original.caption.text()
    assert caption.startswith(f"{name}: {w}×{h}")
    # The view shows exactly what the model is given, at a sane size.
    info = window.state.model.classifier.info
    expected = to_uint8(preprocess(load_image(path), info.input_size))
    shown = view_pixels(window.results.original)
    assert shown.shape == expected.shape == (*window.state.input.x.shape[-2:], 3)
    assert np.array_equal(shown, expected)
    assert min(shown.shape[:2]) == info.input_size and max(shown.shape[:2]) <= 4 * 224
    assert len(window.results.original_top5.rows()) == 5


def test_the_long_strip_can_be_attacked(window, qtbot, run_and_wait, quick, monkeypatch, tmp_path):
    path = AWKWARD["strip.png"][0](tmp_path / "strip.png")
    open_from_menu(window, monkeypatch, path)
    qtbot.waitUntil(window.is_ready, timeout=WAIT_MS)
    quick_run(window, run_and_wait, quick)
    original, adversarial = window.results.original, window.results.adversarial
    assert view_pixels(adversarial).shape == view_pixels(original).shape


# ---------------------------------------------------------------- weights


def load_weights_from_menu(window, qtbot, monkeypatch, path: Path) -> None:
    """Model > Load weights file…, for the current model, the dialog answering ``path``."""
    monkeypatch.setattr(dialogs, "choose_weights_file", lambda *a: str(path))
    window.actions.weights.trigger()
    qtbot.waitUntil(lambda: window.state.loading_model is None, timeout=WAIT_MS)


def assert_refused_and_still_usable(
    window, run_and_wait, quick, before, path: Path, *words
) -> None:
    box = weights_box(window)
    assert box is not None
    assert box.text() == f"The weights file for {OFFLINE_MODEL} cannot be used."
    shown = box.informativeText()  # on screen, not only under "Show Details"
    line = shown.split("\n\n")[0]
    one_line(line)
    assert str(path) in line
    for word in words:
        assert word in line, line
    assert "offline model" in shown  # and what to do
    assert window.last_error == line
    assert (
        window.state.model.classifier is before["model"]
        and window.model_box.model_name() == OFFLINE_MODEL
    )
    assert on_screen(window) == before
    box.close()
    assert window.is_ready()
    quick_run(window, run_and_wait, quick)


@pytest.mark.parametrize("how", ["torch-save", "raw-pickle"])
def test_malicious_weights_are_refused_and_their_code_never_runs(
    window, qtbot, run_and_wait, quick, monkeypatch, tmp_path, how
):
    marker = tmp_path / "pwned"
    path = tmp_path / "evil.pth"
    if how == "torch-save":
        torch.save({"_fc.bias": torch.zeros(1000), "x": Payload(marker)}, path)
    else:
        path.write_bytes(pickle.dumps(Payload(marker)))
        pickle.loads(path.read_bytes()).close()  # the payload is live: unpickled, it runs
        assert marker.exists()
        marker.unlink()
    before = on_screen(window)

    load_weights_from_menu(window, qtbot, monkeypatch, path)

    assert not marker.exists()
    assert_refused_and_still_usable(window, run_and_wait, quick, before, path, "refused")
    assert not marker.exists()


@pytest.mark.parametrize(
    "kind", ["pickled-module", "wrong-architecture", "ten-classes", "truncated", "random"]
)
def test_wrong_weights_are_explained_and_the_model_kept(
    window, qtbot, run_and_wait, quick, monkeypatch, tmp_path, offline_state, kind
):
    path, words = bad_weights(kind, tmp_path, offline_state)
    files = snapshot(tmp_path)
    before = on_screen(window)

    load_weights_from_menu(window, qtbot, monkeypatch, path)

    assert_refused_and_still_usable(window, run_and_wait, quick, before, path, words)
    assert snapshot(tmp_path) == files  # nothing written next to it


def test_a_corrupt_file_in_the_weights_cache_says_delete_and_download_again(
    window, qtbot, run_and_wait, quick, monkeypatch, tmp_path
):
    def offline(*args, **kwargs):
        raise urllib.error.URLError("no network in the tests")

    monkeypatch.setattr(urllib.request, "urlopen", offline)
    monkeypatch.setenv("TORCH_HOME", str(tmp_path / "torch"))
    cached = model_info("resnet18").weights_path
    cached.parent.mkdir(parents=True)
    cached.write_bytes(b"PK\x03\x04 half a download")
    before = on_screen(window)

    window.model_box.modelChosen.emit("resnet18")
    qtbot.waitUntil(lambda: window.state.loading_model is None, timeout=WAIT_MS)

    box = weights_box(window)
    assert box is not None and box.text() == "The weights file for resnet18 cannot be used."
    line = one_line(box.informativeText().split("\n\n")[0])
    assert str(cached) in line and "delete it and download again" in line
    assert cached.read_bytes() == b"PK\x03\x04 half a download"  # not deleted behind our back
    assert window.state.model.classifier is before["model"]
    assert window.model_box.model_name() == OFFLINE_MODEL  # the box shows the model in use
    box.close()
    assert on_screen(window) == before
    quick_run(window, run_and_wait, quick)


# ---------------------------------------------------------------- saving


def _folder(tmp_path: Path, previous: bool, names=NAMES) -> Path:
    folder = tmp_path / "out"
    folder.mkdir()
    if previous:
        for name in names:
            (folder / name).write_bytes(f"previous {name}\n".encode())
    return folder


def _unchanged(tmp_path: Path, folder: Path, fault: str, before: dict) -> None:
    if fault.startswith("vanishes"):
        assert not folder.exists()  # not recreated, and nothing written elsewhere
        assert list(tmp_path.iterdir()) == []
    else:
        assert snapshot(folder) == before  # no temporaries; previous files byte for byte


@pytest.mark.parametrize("previous", [False, True], ids=["empty-folder", "over-previous-files"])
@pytest.mark.parametrize("fault", list(FAULTS))
def test_a_save_fault_through_save_results_leaves_the_folder_as_it_was(
    window, run_and_wait, quick, monkeypatch, tmp_path, fault, previous
):
    quick_run(window, run_and_wait, quick)
    folder = _folder(tmp_path, previous)
    before = snapshot(folder)
    with monkeypatch.context() as mp:
        reason = FAULTS[fault](mp, folder)
        with pytest.raises(SaveError) as err:
            window.save_results(folder, overwrite=previous)
    line = one_line(str(err.value))
    assert str(folder) in line and reason in line
    _unchanged(tmp_path, folder, fault, before)
    assert window.state.result is not None and window.actions.save.isEnabled()


@pytest.mark.parametrize("fault", list(FAULTS))
def test_a_save_fault_from_the_menu_is_reported_and_damages_nothing(
    window, qtbot, run_and_wait, quick, monkeypatch, tmp_path, fault
):
    quick_run(window, run_and_wait, quick)
    names = file_names(1, "run")  # File > Save results… as run.png
    folder = _folder(tmp_path, previous=True, names=names)
    before = snapshot(folder)
    asked = []
    monkeypatch.setattr(dialogs, "choose_results_file", lambda *a: str(folder / "run.png"))
    monkeypatch.setattr(dialogs, "ask_overwrite", lambda w, f, files: asked.append(files) or True)
    with monkeypatch.context() as mp:
        reason = FAULTS[fault](mp, folder)
        window.actions.save.trigger()  # File > Save results… (on a worker)
        assert window.state.saving and not window.actions.save.isEnabled()
        qtbot.waitUntil(lambda: not window.state.saving, timeout=WAIT_MS)
    assert len(asked) == 1 and sorted(asked[0]) == sorted(names)  # asked before replacing

    box = error_box(window)
    assert box is not None and box.windowTitle() == "Cannot save"
    line = one_line(box.text())
    # The system's own words (e.g. "Disk quota exceeded") are under "Show details".
    assert str(folder) in line and reason in line + box.detailedText()
    assert window.statusBar().currentMessage() == line
    assert not window.findChildren(type(box), "savedDialog")
    _unchanged(tmp_path, folder, fault, before)
    assert window.actions.save.isEnabled() and not window.busy.isVisible()
    close_boxes(window)

    # The result was kept: once the fault is gone, the same menu saves it.
    again = tmp_path / "again"
    again.mkdir()
    monkeypatch.setattr(dialogs, "choose_results_file", lambda *a: str(again / "run.png"))
    window.actions.save.trigger()
    qtbot.waitUntil(lambda: not window.state.saving, timeout=WAIT_MS)
    assert error_box(window) is None
    assert sorted(p.name for p in again.iterdir()) == sorted(names)
