"""The window's menus, actions and shortcuts."""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QMainWindow

from advgui.core.paths import SAMPLES
from advgui.gui.i18n import LANGUAGES

# Translated where used (translate("Menus", ...)); QT_TRANSLATE_NOOP marks them for lupdate.
SAMPLE_LABELS = {
    "cat": QT_TRANSLATE_NOOP("Menus", "Cat (Chelsea)"),
    "espresso": QT_TRANSLATE_NOOP("Menus", "Espresso (coffee cup)"),
}
PRECISION_LABELS = {
    "auto": QT_TRANSLATE_NOOP("Menus", "&Automatic (bf16 where measured faster)"),
    "fp32": "fp&32",
    "bf16": "&bf16",
    "fp16": QT_TRANSLATE_NOOP("Menus", "fp&16 (GPU only)"),
}


def thread_choices() -> list[int]:
    """0 (automatic), then 1, 2, 4, … up to the number of CPUs."""
    cpus = os.cpu_count() or 1
    counts = sorted({1, cpus, *(2**k for k in range(1, 8) if 2**k < cpus)})
    return [0, *counts]


def _choices(window: QMainWindow, menu, labels: dict) -> dict:
    group = QActionGroup(window)
    group.setExclusive(True)
    actions = {}
    for key, text in labels.items():
        action = QAction(QCoreApplication.translate("Menus", text), window, checkable=True)
        action.setData(key)
        group.addAction(action)
        menu.addAction(action)
        actions[key] = action
    return actions


@dataclass
class Actions:
    open: QAction
    samples: dict[str, QAction]
    save: QAction
    quantize: QAction
    full_resolution: QAction
    export_figure: QAction
    export_curves: QAction
    quit: QAction
    run: QAction
    stop: QAction
    weights: QAction
    offline: QAction
    about: QAction
    quick_guide: QAction
    evaluate_folder: QAction
    evaluate_run: QAction
    evaluate_stop: QAction
    evaluate_export: QAction
    zoom_fit: QAction
    zoom_actual: QAction
    zoom_in: QAction
    zoom_out: QAction
    precision: dict[str, QAction] = field(default_factory=dict)  # "auto", "fp32", ...
    threads: dict[int, QAction] = field(default_factory=dict)  # 0: automatic
    language: dict[str, QAction] = field(default_factory=dict)  # "en", "zh_CN"

    def all(self) -> list[QAction]:
        """Every action, in the order of the fields (those in dicts included)."""
        found: list[QAction] = []
        for value in vars(self).values():
            found += list(value.values()) if isinstance(value, dict) else [value]
        return found


def _action(
    window: QMainWindow, text: str, shortcut: QKeySequence | str | None = None, tip: str = ""
) -> QAction:
    action = QAction(text, window)
    if shortcut is not None:
        action.setShortcut(QKeySequence(shortcut))
    if tip:
        action.setStatusTip(tip)
    return action


def build_menus(window: QMainWindow) -> Actions:
    """Create the menu bar; the caller connects each action's ``triggered``."""
    a = Actions(
        open=_action(
            window,
            QCoreApplication.translate("Menus", "&Open image…"),
            QKeySequence.StandardKey.Open,
            QCoreApplication.translate("Menus", "Open an image file (PNG, JPEG, …)"),
        ),
        samples={
            k: _action(window, QCoreApplication.translate("Menus", SAMPLE_LABELS.get(k, k)))
            for k in SAMPLES
        },
        save=_action(
            window,
            QCoreApplication.translate("Menus", "&Save results…"),
            QKeySequence.StandardKey.Save,
            QCoreApplication.translate(
                "Menus", "Save the adversarial PNG, the delta PNG and a JSON sidecar"
            ),
        ),
        quantize=_action(
            window,
            QCoreApplication.translate(
                "Menus", "Save with &quantize (keep the 8-bit PNG adversarial)"
            ),
            None,
            QCoreApplication.translate(
                "Menus",
                "Round to 8 bits while saving and take extra steps until the PNG still fools",
            ),
        ),
        full_resolution=_action(
            window,
            QCoreApplication.translate(
                "Menus", "Save at f&ull resolution too (the photo's own size)"
            ),
            None,
            QCoreApplication.translate(
                "Menus",
                "Also save the adversarial image at the photo's size, the perturbation upscaled, "
                "and check whether it still fools the model",
            ),
        ),
        export_figure=_action(
            window,
            QCoreApplication.translate("Menus", "Export &figure…"),
            None,
            QCoreApplication.translate(
                "Menus",
                "The original, adversarial and amplified delta with their classes, and the "
                "curves: PNG (300 dpi), SVG or PDF",
            ),
        ),
        export_curves=_action(
            window,
            QCoreApplication.translate("Menus", "Export &curves as CSV…"),
            None,
            QCoreApplication.translate(
                "Menus",
                "Loss, probabilities, top-1 and the size of delta at every step, as a table",
            ),
        ),
        quit=_action(
            window, QCoreApplication.translate("Menus", "&Quit"), QKeySequence.StandardKey.Quit
        ),
        run=_action(
            window,
            QCoreApplication.translate("Menus", "&Run attack"),
            "Ctrl+R",
            QCoreApplication.translate("Menus", "Run the attack on the image"),
        ),
        stop=_action(
            window,
            QCoreApplication.translate("Menus", "S&top"),
            "Esc",
            QCoreApplication.translate("Menus", "Stop the attack after the current step"),
        ),
        weights=_action(
            window,
            QCoreApplication.translate("Menus", "Load &weights file…"),
            None,
            QCoreApplication.translate(
                "Menus", "Load the chosen model's weights from a local file"
            ),
        ),
        offline=_action(
            window,
            QCoreApplication.translate("Menus", "Use the &offline model"),
            None,
            QCoreApplication.translate(
                "Menus", "EfficientNet-Lite0, whose weights come with advgui"
            ),
        ),
        about=_action(window, QCoreApplication.translate("Menus", "&About advgui")),
        quick_guide=_action(
            window,
            QCoreApplication.translate("Menus", "&Quick guide"),
            QKeySequence.StandardKey.HelpContents,
            QCoreApplication.translate(
                "Menus", "What advgui shows, the tutorial's story, and every shortcut"
            ),
        ),
        evaluate_folder=_action(
            window,
            QCoreApplication.translate("Menus", "Evaluate a &folder…"),
            None,
            QCoreApplication.translate(
                "Menus",
                "Measure the model's robust accuracy over a folder of images (the Evaluate tab)",
            ),
        ),
        evaluate_run=_action(
            window,
            QCoreApplication.translate("Menus", "&Run evaluation"),
            "Ctrl+Shift+R",
            QCoreApplication.translate("Menus", "Run the Evaluate tab's evaluation"),
        ),
        evaluate_stop=_action(
            window,
            QCoreApplication.translate("Menus", "S&top evaluation"),
            None,
            QCoreApplication.translate("Menus", "Stop the evaluation; the images done are kept"),
        ),
        evaluate_export=_action(
            window,
            QCoreApplication.translate("Menus", "&Export evaluation…"),
            "Ctrl+Shift+E",
            QCoreApplication.translate(
                "Menus",
                "Write the evaluation's results and summary files, as the command line does",
            ),
        ),
        zoom_fit=_action(
            window,
            QCoreApplication.translate("Menus", "&Fit pictures"),
            "Ctrl+0",
            QCoreApplication.translate("Menus", "Show the whole pictures"),
        ),
        zoom_actual=_action(
            window,
            QCoreApplication.translate("Menus", "&Actual size (1:1)"),
            "Ctrl+1",
            QCoreApplication.translate("Menus", "One image pixel per screen pixel"),
        ),
        zoom_in=_action(
            window,
            QCoreApplication.translate("Menus", "Zoom &in"),
            QKeySequence.StandardKey.ZoomIn,
            QCoreApplication.translate("Menus", "Zoom the pictures in"),
        ),
        zoom_out=_action(
            window,
            QCoreApplication.translate("Menus", "Zoom &out"),
            QKeySequence.StandardKey.ZoomOut,
            QCoreApplication.translate("Menus", "Zoom the pictures out"),
        ),
    )
    # Ctrl+= too: on most keyboards "+" needs Shift.
    a.zoom_in.setShortcuts([QKeySequence(QKeySequence.StandardKey.ZoomIn), QKeySequence("Ctrl+=")])
    if a.quit.shortcut().isEmpty():
        a.quit.setShortcut(QKeySequence("Ctrl+Q"))
    bar = window.menuBar()
    file_menu = bar.addMenu(QCoreApplication.translate("Menus", "&File"))
    file_menu.addAction(a.open)
    samples = file_menu.addMenu(QCoreApplication.translate("Menus", "Open &sample"))
    for action in a.samples.values():
        samples.addAction(action)
    file_menu.addAction(a.save)
    a.quantize.setCheckable(True)
    file_menu.addAction(a.quantize)
    a.full_resolution.setCheckable(True)
    file_menu.addAction(a.full_resolution)
    file_menu.addSeparator()
    file_menu.addAction(a.export_figure)
    file_menu.addAction(a.export_curves)
    file_menu.addSeparator()
    file_menu.addAction(a.quit)
    view_menu = bar.addMenu(QCoreApplication.translate("Menus", "&View"))
    for action in (a.zoom_fit, a.zoom_actual, a.zoom_in, a.zoom_out):
        view_menu.addAction(action)
    view_menu.addSeparator()
    # Each language's name in that language, so it is found whatever the window speaks.
    a.language = _choices(
        window, view_menu.addMenu(QCoreApplication.translate("Menus", "&Language")), LANGUAGES
    )
    attack_menu = bar.addMenu(QCoreApplication.translate("Menus", "&Attack"))
    attack_menu.addAction(a.run)
    attack_menu.addAction(a.stop)
    attack_menu.addSeparator()
    a.precision = _choices(
        window,
        attack_menu.addMenu(QCoreApplication.translate("Menus", "&Precision")),
        PRECISION_LABELS,
    )
    labels = {
        n: QCoreApplication.translate("Menus", "&Automatic (timed per run)") if n == 0 else f"{n}"
        for n in thread_choices()
    }
    a.threads = _choices(
        window, attack_menu.addMenu(QCoreApplication.translate("Menus", "CPU &threads")), labels
    )
    evaluate_menu = bar.addMenu(QCoreApplication.translate("Menus", "&Evaluate"))
    for action in (a.evaluate_folder, a.evaluate_run, a.evaluate_stop, a.evaluate_export):
        evaluate_menu.addAction(action)
    evaluate_menu.insertSeparator(a.evaluate_export)
    model_menu = bar.addMenu(QCoreApplication.translate("Menus", "&Model"))
    model_menu.addAction(a.weights)
    model_menu.addAction(a.offline)
    help_menu = bar.addMenu(QCoreApplication.translate("Menus", "&Help"))
    help_menu.addAction(a.quick_guide)
    help_menu.addSeparator()
    help_menu.addAction(a.about)
    return a
