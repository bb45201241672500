"""The window says a core error in the user's language, without the libraries' words.

A two-message catalogue is built here (lrelease on a .ts written by the test), so the
test does not depend on the shipped translation being complete.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
from pathlib import Path
from xml.sax.saxutils import escape

import numpy as np
import pytest
from PIL import Image
from PySide6.QtCore import QTranslator

from advgui.core.errors import ImageLoadError, SettingsError
from advgui.core.image_file import check_file
from advgui.core.imaging import load_image
from advgui.gui.error_text import user_text
from advgui.gui.widgets.class_combo import ClassCombo

CHINESE = {
    "{name}: no such file": "{name}：没有这个文件",
    "{name}: truncated or damaged image": "{name}：图像被截断或已损坏",
    "no ImageNet class matches {text}": "没有与 {text} 匹配的 ImageNet 类别",
}


def _tool(name: str) -> str:
    found = shutil.which(name) or str(Path(sys.executable).with_name(name))
    if not Path(found).exists():
        pytest.fail(f"{name} is not installed beside {sys.executable}")  # PySide6 ships it
    return found


@pytest.fixture
def chinese(qapp, tmp_path):
    """A translator for CHINESE's "Errors" messages, installed for the test only."""
    rows = "".join(
        f"<message><source>{escape(s)}</source><translation>{escape(t)}</translation></message>"
        for s, t in CHINESE.items()
    )
    ts = tmp_path / "errors_zh_CN.ts"
    ts.write_text(
        '<?xml version="1.0" encoding="utf-8"?><!DOCTYPE TS><TS version="2.1" language="zh_CN">'
        f"<context><name>Errors</name>{rows}</context></TS>",
        encoding="utf-8",
    )
    qm = tmp_path / "errors_zh_CN.qm"
    subprocess.run(
        [_tool("pyside6-lrelease"), str(ts), "-qm", str(qm)], check=True, capture_output=True
    )
    translator = QTranslator()
    assert translator.load(str(qm))
    qapp.installTranslator(translator)
    yield translator
    qapp.removeTranslator(translator)


def _truncated_png(folder: Path) -> Path:
    data = io.BytesIO()
    pixels = np.random.default_rng(0).integers(0, 256, (64, 64, 3), dtype=np.uint8)
    Image.fromarray(pixels).save(data, "PNG")
    path = folder / "cut.png"
    path.write_bytes(data.getvalue()[:100])
    return path


def test_a_missing_file_is_told_in_chinese(chinese, tmp_path) -> None:
    with pytest.raises(ImageLoadError) as info:
        check_file(tmp_path / "chelsea.png")
    assert user_text(info.value) == "chelsea.png：没有这个文件"
    assert str(info.value) == "chelsea.png: no such file"  # the command line's, unchanged


def test_pillows_words_stay_out_of_the_windows_line(chinese, tmp_path) -> None:
    with pytest.raises(ImageLoadError) as info:
        load_image(_truncated_png(tmp_path))
    exc = info.value
    assert user_text(exc) == "cut.png：图像被截断或已损坏"
    assert exc.detail and exc.detail in str(exc)  # still printed by the command line


def test_without_a_translator_the_window_says_the_english_sentence(qapp, tmp_path) -> None:
    with pytest.raises(ImageLoadError) as info:
        load_image(_truncated_png(tmp_path))
    assert user_text(info.value) == "cut.png: truncated or damaged image"


def test_an_error_without_a_template_is_shown_as_it_is(chinese) -> None:
    assert user_text(SettingsError("a line\nand more")) == "a line"
    assert user_text(ValueError("")) == "ValueError"


def test_the_class_field_says_its_problem_in_chinese(chinese, qtbot) -> None:
    combo = ClassCombo()
    qtbot.addWidget(combo)
    combo.set_categories(["tabby", "tiger cat", "airliner"])
    combo.setEditText("zebra")
    assert not combo.commit()
    assert combo.problem() == "没有与 'zebra' 匹配的 ImageNet 类别"
