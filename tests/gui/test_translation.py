"""The window in Simplified Chinese: the .ts is complete, the shipped .qm is built from
it, lupdate finds nothing new in the sources, and the real window shows no English
left (besides the few names listed in ``NOT_TRANSLATED``)."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale, QModelIndex, QSettings, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QGroupBox,
    QLabel,
    QMenu,
    QTableView,
    QTabWidget,
    QWidget,
)

from advgui.gui import i18n
from advgui.gui.app import APPLICATION, ORGANIZATION

pytestmark = pytest.mark.usefixtures("fast_models")

ROOT = Path(__file__).resolve().parents[2]
TS = ROOT / "resources" / "i18n" / "advgui_zh_CN.ts"
QM = ROOT / "resources" / "i18n" / "advgui_zh_CN.qm"
# The window's modules, and the core's that mark the error sentences the window shows
# (advgui.core.errors.QT_TRANSLATE_NOOP; translated by advgui.gui.error_text).
SOURCES = sorted(str(p) for p in (ROOT / "advgui" / "gui").rglob("*.py")) + sorted(
    str(p)
    for p in (ROOT / "advgui" / "core").rglob("*.py")
    if "QT_TRANSLATE_NOOP(" in p.read_text()
)
CJK = re.compile("[\u3400-\u9fff]")
# Texts with no words to translate: numbers, units, symbols, names of things.
NUMBERISH = re.compile(r"^[#\d\s.,:;%×x+\-−–/()·δε∞=<>|\[\]]*$")
NOT_TRANSLATED = {
    "advgui",  # the program's name
    "CPU",  # the device, as written in Chinese texts too
    "L∞",
    "L2",  # norm names
    "fp&32",
    "&bf16",  # number formats
    "English",  # View > Language offers each language in its own name
}


def tool(name: str) -> str:
    found = shutil.which(name) or str(Path(sys.executable).with_name(name))
    if not Path(found).exists():
        # PySide6-Essentials, a dependency, ships both tools: missing means a broken install.
        pytest.fail(f"{name} is not installed beside {sys.executable}")
    return found


def messages(ts: Path) -> list[tuple[str, str, ET.Element]]:
    tree = ET.parse(ts)
    return [
        (context.findtext("name"), message.findtext("source"), message.find("translation"))
        for context in tree.iter("context")
        for message in context.iter("message")
    ]


def test_every_message_is_translated() -> None:
    found = messages(TS)
    assert len(found) > 150
    left = [src for _, src, tr in found if tr.get("type") is not None or not (tr.text or "")]
    assert left == []
    # Mnemonics survive: a source with "&X" keeps an "&" in its translation.
    lost = [
        src
        for _, src, tr in found
        if re.search(r"&[^&\s]", src) and "&" not in tr.text and "C&W" not in src
    ]
    assert lost == []
    # Chinese sentences join without spaces: an English source that starts with one (to
    # follow another sentence) has a translation that does not.
    spaced = [src for _, src, tr in found if CJK.search(tr.text) and tr.text[0].isspace()]
    assert spaced == []


def test_shipped_qm_is_built_from_the_ts(tmp_path) -> None:
    built = tmp_path / "built.qm"
    subprocess.run(
        [tool("pyside6-lrelease"), str(TS), "-qm", str(built)], check=True, capture_output=True
    )
    assert built.read_bytes() == QM.read_bytes(), (
        "resources/i18n/advgui_zh_CN.qm is stale: run pyside6-lrelease on the .ts"
    )


def test_lupdate_finds_no_string_missing_from_the_ts(tmp_path) -> None:
    copy = tmp_path / "advgui_zh_CN.ts"
    shutil.copy(TS, copy)
    subprocess.run(
        [tool("pyside6-lupdate"), *SOURCES, "-ts", str(copy), "-no-obsolete", "-locations", "none"],
        check=True,
        capture_output=True,
    )
    now = {(ctx, src) for ctx, src, _ in messages(copy)}
    shipped = {(ctx, src) for ctx, src, _ in messages(TS)}
    assert now - shipped == set(), "new strings: run pyside6-lupdate and translate them"
    assert shipped - now == set(), "strings gone from the sources: run pyside6-lupdate"


def test_language_is_chosen_by_flag_then_preference_then_system(tmp_path) -> None:
    store = QSettings(str(tmp_path / "prefs.ini"), QSettings.Format.IniFormat)
    # The test environment's locale is C / English, so the window tests see English.
    assert QLocale.system().language() != QLocale.Language.Chinese
    assert i18n.chosen_language(None, store) == i18n.ENGLISH
    i18n.remember(i18n.CHINESE, store)
    assert i18n.chosen_language(None, store) == i18n.CHINESE
    assert i18n.chosen_language("en", store) == i18n.ENGLISH
    assert i18n.normalise("zh-CN") == i18n.CHINESE
    assert i18n.normalise("fr") is None


def test_labels_kept_outside_qt_are_marked_for_translation() -> None:
    from advgui.core.settings import PRESET_HELP
    from advgui.gui.preset_texts import MARKED

    assert sorted(MARKED) == sorted(PRESET_HELP.values())
    from advgui.gui.delta_maps import DeltaMode
    from advgui.gui.widgets.delta_views import MODE_LABELS

    assert sorted(MODE_LABELS) == sorted(m.label for m in DeltaMode)
    from advgui.gui import catalog
    from advgui.gui.widgets.model_box import STATUS_LABELS

    assert STATUS_LABELS == (catalog.BUNDLED, catalog.ON_DISK, catalog.MISSING)


def english_left(texts: list[tuple[str, str]]) -> list[tuple[str, str]]:
    def plain(text: str) -> str:
        return re.sub(r"<[^>]+>|&nbsp;|&#\d+;", " ", text).strip()

    return [
        (where, text)
        for where, text in texts
        if plain(text)
        and not CJK.search(text)
        and not NUMBERISH.match(plain(text))
        and text not in NOT_TRANSLATED
    ]


def window_texts(window) -> list[tuple[str, str]]:
    texts: list[tuple[str, str]] = []

    def menu_texts(menu: QMenu, where: str) -> None:
        texts.append((where, menu.title()))
        for action in menu.actions():
            if action.menu() is not None:
                menu_texts(action.menu(), f"{where} > {action.menu().title()}")
            elif not action.isSeparator():
                texts.append((where, action.text()))
                texts.append((f"{where} tip", action.statusTip()))

    for action in window.menuBar().actions():
        menu_texts(action.menu(), action.text())
    tabs = window.findChild(QTabWidget, "tabs")
    for index in range(tabs.count()):
        tabs.setCurrentIndex(index)
        texts.append(("tab", tabs.tabText(index)))
        for widget in window.findChildren(QWidget):
            # The top-5 lists show ImageNet class names, which stay English.
            if not widget.isVisibleTo(window) or type(widget).__name__ == "Top5Bars":
                continue
            name = f"{type(widget).__name__} {widget.objectName()}"
            texts.append((f"{name} tooltip", widget.toolTip()))
            if isinstance(widget, QLabel):
                texts.append((name, widget.text()))
            elif isinstance(widget, QAbstractButton):
                texts.append((name, widget.text()))
            elif isinstance(widget, QGroupBox):
                texts.append((name, widget.title()))
            elif isinstance(widget, QTableView) and widget.model() is not None:
                model = widget.model()
                for column in range(model.columnCount(QModelIndex())):
                    header = model.headerData(
                        column, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole
                    )
                    texts.append((f"{name} header", str(header or "")))
    tabs.setCurrentIndex(0)
    return texts


@pytest.fixture
def chinese_window(make_window):
    # As View > Language leaves it (the names create_app gives the application).
    scope = QSettings.Scope.UserScope
    store = QSettings(QSettings.Format.IniFormat, scope, ORGANIZATION, APPLICATION)
    store.setValue(i18n.SETTING, i18n.CHINESE)
    store.sync()
    try:
        yield make_window()
    finally:
        i18n.install(i18n.ENGLISH)


def test_the_window_speaks_chinese(chinese_window) -> None:
    assert i18n.current() == i18n.CHINESE
    texts = window_texts(chinese_window)
    assert len(texts) > 100
    left = english_left(texts)
    assert left == [], "left in English:\n" + "\n".join(map(repr, left))
    # Qt's own strings too (standard dialog buttons), from qtbase_zh_CN.qm.
    from PySide6.QtCore import QCoreApplication

    assert CJK.search(QCoreApplication.translate("QPlatformTheme", "Cancel"))
    # View > Language: checked as in use; a choice is kept for the next start.
    actions = chinese_window.actions.language
    assert actions[i18n.CHINESE].isChecked() and not actions[i18n.ENGLISH].isChecked()
    actions[i18n.ENGLISH].trigger()
    assert i18n.chosen_language(None) == i18n.ENGLISH
    assert chinese_window.statusBar().currentMessage() == i18n.RESTART_NOTICE


def test_the_window_speaks_chinese_after_a_run_too(chinese_window, qtbot, quick) -> None:
    window = chinese_window
    window.form.set_settings(quick(3))
    with qtbot.waitSignal(window.run_finished, timeout=60_000):
        assert window.run_attack()
    qtbot.waitUntil(
        lambda: not (window.state.transfer and window.state.transfer.checking), timeout=60_000
    )
    texts = window_texts(window)
    texts.append(("status bar", window.statusBar().currentMessage()))
    texts += [
        (f"plot legend {i}", label.text) for i, (_, label) in enumerate(window.plot.legend.items)
    ]
    texts.append(("plot title", window.plot.prob_plot.titleLabel.text))
    left = english_left(texts)
    # Lines that name ImageNet classes or models (which stay English) count as
    # translated by their Chinese words around the names; a line with none is flagged.
    assert left == [], "left in English after a run:\n" + "\n".join(map(repr, left))


def test_lang_flag_is_parsed() -> None:
    from advgui.gui.app import parse_args

    assert parse_args(["--lang", "zh_CN"]).lang == "zh_CN"
    assert parse_args([]).lang is None
    with pytest.raises(SystemExit):
        parse_args(["--lang", "xx"])
