"""The files of issue 14 dropped on the window: an EPS that would start Ghostscript and
loop forever, a gzip-compressed FITS, a JPEG of a thousand scans, one whose header lies,
a TIFF that makes libtiff print. Each is refused in the one-line "Cannot open image"
dialog within seconds, starts no program, and leaves the window as it was, ready to run.
(The window decodes through ``imaging.load_image``, so it refuses what the CLI refuses.)
"""

from __future__ import annotations

import subprocess
import time

import pytest
from corpus.hostile import HOSTILE
from PySide6.QtCore import QMimeData, QPoint, Qt, QUrl
from PySide6.QtGui import QDropEvent

from .window_support import error_box

pytestmark = pytest.mark.usefixtures("fast_models")  # windows use the session's model


def _drop(window, path) -> None:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    event = QDropEvent(
        QPoint(50, 50).toPointF(),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    window.dropEvent(event)


@pytest.mark.parametrize("name", list(HOSTILE))
def test_a_hostile_dropped_file_gives_the_one_line_dialog(
    window, qtbot, monkeypatch, tmp_path, name
):
    started: list[object] = []

    class Refused(subprocess.Popen):
        def __init__(self, args, *a, **kw) -> None:
            started.append(args)
            raise PermissionError("starting programs is not allowed here")

    monkeypatch.setattr(subprocess, "Popen", Refused)
    make, words = HOSTILE[name]
    path = tmp_path / name
    path.write_bytes(make())
    before = window.state.image_path, window.state.input.x

    start = time.monotonic()
    _drop(window, path)
    assert time.monotonic() - start < 1.0  # the drop returns at once: decoding is elsewhere
    qtbot.waitUntil(lambda: error_box(window) is not None, timeout=10_000)

    box = error_box(window)
    assert box.windowTitle() == "Cannot open image"
    line, details = box.text(), box.detailedText()
    assert "\n" not in line and name in line, line
    # A library's own words (libtiff's "ZIPDecode") are under "Show details", not in the line.
    assert words in line + details, (line, details)
    assert "Traceback" not in details  # a known refusal: no traceback to show
    assert (window.state.image_path, window.state.input.x) == before
    assert window.is_ready()
    assert started == []
