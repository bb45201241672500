"""No English sentence in the window's code escapes translation (issue 12).

The window test (``test_translation``) sees what is on screen at a few moments; this one
reads every module of ``advgui.gui``: a string literal of two or more words must be an
argument of ``QCoreApplication.translate`` / ``tr`` / ``QT_TRANSLATE_NOOP`` (lupdate's
marks), or be listed in ``NOT_SHOWN`` with the reason it never reaches a window user.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

GUI = Path(__file__).resolve().parents[2] / "advgui" / "gui"
WORDS = re.compile(r"[A-Za-z]{2,}[^\sA-Za-z]*\s+[^\sA-Za-z]*[A-Za-z]{2,}")
MARKS = {"translate", "tr", "QT_TRANSLATE_NOOP", "QT_TR_NOOP"}
# Calls whose string arguments are names, not texts: Qt object names, settings keys, logs.
NAMES = {
    "setObjectName",
    "findChild",
    "findChildren",
    "getLogger",
    "debug",
    "info",
    "warning",
    "exception",
    "value",
    "setValue",
    "setProperty",
    "property",
    "setStyleSheet",
}

#: module -> literals (their start) that are not seen in the window, and why.
NOT_SHOWN: dict[str, tuple[str, ...]] = {
    # The launcher's --help and its start-up failures print to the terminal, in English
    # like the command line (advgui-cli).
    "app.py": (
        "Watch, step by step, how an ImageNet classifier is fooled.",
        "an image to open instead of the sample",
        "add advgui to the Linux application menu",
        "the window's language",
        "advgui: cannot install the desktop entry: ",
    ),
    # The desktop entry file's fields, read by the desktop, not shown by advgui.
    "desktop.py": ("[Desktop Entry]", "GenericName=", "Comment="),
    # Programming errors (a wrong array, a class index the caller did not check), never a
    # user's.
    "widgets/image_view.py": ("need an H x W x 3 uint8 array",),
    "widgets/class_combo.py": ("class index {} is out of range",),
    # Labels kept in Qt-free modules, marked for lupdate beside the widgets that show them
    # (test_translation checks that the lists agree).
    "catalog.py": ("offline, bundled", "weights on disk", "needs download"),
    "delta_maps.py": (
        "Amplified",
        "|δ| heat map",
        "Red channel",
        "Green channel",
        "Blue channel",
        "Histogram of δ",
    ),
    # The exported figure's title: the core draws the whole figure in English with
    # matplotlib, whose default font has no Chinese glyphs (they come out as boxes).
    "figure_source.py": ("judged through JPEG q",),
    # Both languages at once: shown before the new language is loaded.
    "i18n.py": ("The language takes effect when advgui starts again.",),
}


def _marked_or_named(node: ast.AST, parents: dict) -> bool:
    while node in parents:
        node = parents[node]
        if isinstance(node, ast.Call):
            f = node.func
            name = f.attr if isinstance(f, ast.Attribute) else getattr(f, "id", "")
            if name in MARKS or name in NAMES:
                return True
    return False


def untranslated(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
    found = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Constant) and isinstance(node.value, str)):
            continue
        text = node.value
        if isinstance(parents.get(node), ast.Expr):  # docstrings
            continue
        if isinstance(parents.get(node), ast.JoinedStr):
            text = "".join(
                v.value if isinstance(v, ast.Constant) else "{}" for v in parents[node].values
            )
        if not WORDS.search(re.sub(r"<[^>]*>", " ", text)):  # HTML tags are not words
            continue
        if not _marked_or_named(node, parents) and (node.lineno, text) not in found:
            found.append((node.lineno, text))
    return found


def test_every_sentence_in_the_window_code_is_marked_for_translation() -> None:
    left = []
    for path in sorted(GUI.rglob("*.py")):
        module = path.relative_to(GUI).as_posix()
        allowed = NOT_SHOWN.get(module, ())
        for line, text in untranslated(path):
            if not text.startswith(allowed):
                left.append(f"advgui/gui/{module}:{line}: {text[:80]!r}")
    assert left == [], f"{len(left)} literals not marked for translation:\n" + "\n".join(left)


def test_the_scan_sees_an_unmarked_sentence(tmp_path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text(
        "from PySide6.QtCore import QCoreApplication as Q\n"
        "a = Q.translate('Ctx', 'Open an image')\n"
        "b = 'Open an image'\n"
        "c = f'Saved in {a} folder'\n"
        "w.setObjectName('not a text')\n",
        encoding="utf-8",
    )
    assert [line for line, _ in untranslated(sample)] == [3, 4]
