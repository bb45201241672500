"""Help ▸ Quick guide (F1): what advgui shows, the tutorial's story, and every shortcut.

One non-modal window (``guideWindow``), kept open beside the main window if the user
wants; opening it again raises the same one. The shortcuts are read from the menus'
own actions, so the list cannot drift from what the keys do.
"""

from __future__ import annotations

from collections.abc import Iterable
from html import escape

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget


def story_html() -> str:
    """The story and the how-to: one message per heading, paragraph and list item (the
    list's markup is kept out of them; their inline tags stay in)."""
    items = (
        QCoreApplication.translate(
            "QuickGuide",
            "Open an image (Ctrl+O) or drop one on the window; the cat is shown at start.",
        ),
        QCoreApplication.translate(
            "QuickGuide",
            "Pick a preset (the tutorial's recipes, PGD, APGD, DeepFool, FMN, Square…) or set "
            "the attack by hand. Under L∞, ε and step sizes are in 1/255.",
        ),
        QCoreApplication.translate(
            "QuickGuide",
            "Run (Ctrl+R) and watch the adversarial image, the amplified δ, both top-5 lists "
            "and the curves; Esc stops after the current step.",
        ),
        QCoreApplication.translate(
            "QuickGuide",
            "Drag the <b>Replay</b> slider to see any step again; earlier runs are listed under "
            "<b>Runs</b>: select one to see it, two to compare.",
        ),
        QCoreApplication.translate(
            "QuickGuide",
            "Save (Ctrl+S): the adversarial PNG, δ, the exact float δ and a JSON report, under "
            "a name of your choice (File ▸ Save at full resolution too: the photo's size); "
            "File ▸ Export figure… makes the tutorial's pictures for a slide or a paper.",
        ),
        QCoreApplication.translate(
            "QuickGuide",
            "The <b>Evaluate</b> tab measures robustness over a folder: robust accuracy "
            "against ε, the smallest ε per image, transfer to other models, JPEG.",
        ),
    )
    looking = QCoreApplication.translate("QuickGuide", "What you are looking at")
    story = QCoreApplication.translate(
        "QuickGuide",
        "A classifier that is right about a photo can be made wrong by a change too small "
        "to see. The classic tutorial attacks a pretrained ResNet50 shown a pig: it says "
        "<i>hog</i> with a loss of 0.0039. Gradient ascent on a perturbation δ, kept within "
        "|δ|∞ ≤ 2/255 (two of 255 brightness levels per pixel), makes it say <i>wombat</i> "
        "after 30 steps, with p(hog) near one in a million. A targeted version pushes it to "
        "<i>airliner</i> instead. The picture looks the same; 50·δ + 0.5 shows the noise.",
    )
    how_to = QCoreApplication.translate("QuickGuide", "How to")
    steps = "".join(f"<li>{item}</li>" for item in items)
    return f"<h2>{looking}</h2><p>{story}</p><h2>{how_to}</h2><ol>{steps}</ol>"


def shortcuts_html(actions: Iterable[QAction]) -> str:
    """A table of every action that has a shortcut: keys, then what it does."""
    rows = []
    seen = set()
    for action in actions:
        keys = action.shortcut()
        if keys.isEmpty() or action.text() in seen:
            continue
        seen.add(action.text())
        name = action.text().replace("&", "").rstrip("…").strip()
        text = keys.toString(QKeySequence.SequenceFormat.NativeText)
        rows.append((text, name))
    rows.append(
        (
            QCoreApplication.translate("QuickGuide", "Wheel, drag"),
            QCoreApplication.translate(
                "QuickGuide",
                "Over a picture: zoom and pan (a number field takes the wheel only when it has "
                "focus)",
            ),
        )
    )
    cells = "".join(
        f"<tr><td><b>{escape(keys)}</b></td><td>{escape(name)}</td></tr>" for keys, name in rows
    )
    return QCoreApplication.translate(
        "QuickGuide", "<h2>Shortcuts</h2><table cellspacing='0' cellpadding='3'>{rows}</table>"
    ).format(rows=cells)


class QuickGuide(QDialog):
    def __init__(self, parent: QWidget, actions: Iterable[QAction]) -> None:
        super().__init__(parent)
        self.setObjectName("guideWindow")
        self.setWindowTitle(QCoreApplication.translate("QuickGuide", "advgui: quick guide"))
        self.setWindowFlag(Qt.WindowType.WindowContextHelpButtonHint, False)
        self.browser = QTextBrowser(objectName="guideText")
        self.browser.setOpenExternalLinks(False)
        self.browser.setHtml(story_html() + shortcuts_html(actions))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        lay = QVBoxLayout(self)
        lay.addWidget(self.browser)
        lay.addWidget(buttons)
        self.resize(640, 620)


def show_quick_guide(parent: QWidget, actions: Iterable[QAction]) -> QuickGuide:
    """Open the guide (or raise the one open) beside ``parent``."""
    guide = parent.findChild(QuickGuide, "guideWindow")
    if guide is None:
        guide = QuickGuide(parent, actions)
    guide.show()
    guide.raise_()
    guide.activateWindow()
    return guide
