"""Start the window: ``advgui [IMAGE]``, ``python main.py``, ``python -m advgui.gui``.

Only PySide6 and pyqtgraph are imported here; torch loads in the background after the
window is on screen.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from advgui import __version__
from advgui.core.paths import resource
from advgui.core.threads import configure as configure_threads
from advgui.gui import i18n
from advgui.gui.backend import Services

ORGANIZATION = "advgui"
APPLICATION = "advgui"


def app_icon() -> QIcon:
    icon = QIcon()
    for name in ("advgui.svg", "advgui.png"):
        path = resource(name)
        if path.is_file():
            icon.addFile(str(path))
    return icon


def create_app(
    exec_app: bool = False,
    *,
    argv: Sequence[str] | None = None,
    image: str | None = None,
    services: Services | None = None,
    prompts: object | None = None,
    eval_services: object | None = None,
    language: str | None = None,
):
    """Create the QApplication (if there is none) and the main window, and show it.

    With ``exec_app=False`` (tests, scripts) return the window without entering the
    event loop; with ``exec_app=True`` run the loop and return its exit code.
    ``services`` replaces the core functions the window calls (``eval_services`` those of
    the Evaluate tab), ``prompts`` the questions it asks the user (``dialogs.DialogPrompts``'s
    methods, and ``evaluate_dialogs.EvalDialogPrompts``'s); tests pass fakes.
    ``language`` (``"en"``, ``"zh_CN"``) overrides View ▸ Language and the system locale.
    """
    from advgui.gui.main_window import MainWindow

    app = QApplication.instance()
    if app is None:
        app = QApplication(list(argv) if argv is not None else sys.argv[:1])
    app.setOrganizationName(ORGANIZATION)
    app.setApplicationName(APPLICATION)
    app.setApplicationDisplayName("advgui")
    app.setApplicationVersion(__version__)
    app.setDesktopFileName(APPLICATION)
    app.setWindowIcon(app_icon())
    _collect_garbage_on_gui_thread()
    i18n.install(i18n.chosen_language(language))
    window = MainWindow(
        image=image, services=services, prompts=prompts, eval_services=eval_services
    )
    app.aboutToQuit.connect(window.shutdown)
    window.show()
    _attach_startup_probe(window)
    if not exec_app:
        return window
    hard_stop = install_hard_stop(window, app)
    try:
        return app.exec()
    finally:
        hard_stop.restore()


def install_hard_stop(window, app):
    """SIGINT, SIGTERM and SIGHUP close ``window`` (after a save in progress has ended)
    and end ``app``'s event loop with 128 + the signal's number (``gui.hard_stop``)."""
    from advgui.gui.hard_stop import HardStop

    hard_stop = HardStop(window.state, close=window.close, exit=app.exit, parent=window)
    hard_stop.stopping.connect(window.statusBar().showMessage)
    return hard_stop


_GARBAGE_COLLECTOR = None


def _collect_garbage_on_gui_thread() -> None:
    """Run Python's cycle collector only on the GUI thread, from a timer.

    Left automatic, the collector can run on a worker thread (say, while torch loads
    weights) and free a QObject wrapper there; its C++ destructor then waits for the GIL
    while holding Qt's locks, and the GUI thread deadlocks (seen in the test suite).
    pyqtgraph's GarbageCollector disables automatic collection and collects on a timer.
    """
    global _GARBAGE_COLLECTOR
    if _GARBAGE_COLLECTOR is None:
        from pyqtgraph.util.garbage_collector import GarbageCollector

        _GARBAGE_COLLECTOR = GarbageCollector(interval=1.0)


def app_wide_timers() -> list:
    """Timers meant to run for the application's whole life (tests leave them be)."""
    return [_GARBAGE_COLLECTOR.timer] if _GARBAGE_COLLECTOR is not None else []


def _attach_startup_probe(window) -> None:
    """Print start-up time stamps for ``python -m advgui.bench`` (ADVGUI_STARTUP_PROBE=1)."""
    from advgui.gui import startup_probe

    if startup_probe.enabled():
        startup_probe.attach(window)


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="advgui",
        description="Watch, step by step, how an ImageNet classifier is fooled.",
    )
    parser.add_argument("image", nargs="?", help="an image to open instead of the sample")
    parser.add_argument(
        "--install-desktop-entry",
        action="store_true",
        help="add advgui to the Linux application menu (~/.local/share/applications) and exit",
    )
    parser.add_argument(
        "--lang",
        choices=sorted(i18n.LANGUAGES),
        help="the window's language (default: View > Language, else the system's)",
    )
    parser.add_argument("--version", action="version", version=f"advgui {__version__}")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    # Before torch loads (on a worker, after the window shows): OpenMP reads its settings
    # then. Each run chooses its thread count by timing its steps (core.threads).
    configure_threads()
    if args.install_desktop_entry:
        from advgui.gui.desktop import install_desktop_entry

        try:
            paths = install_desktop_entry()
        except OSError as exc:
            print(f"advgui: cannot install the desktop entry: {exc}", file=sys.stderr)
            return 1
        for path in paths:
            print(path)
        return 0
    return create_app(exec_app=True, image=args.image, language=args.lang)
