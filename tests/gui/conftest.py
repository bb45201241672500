"""Qt fixtures for the window tests: offscreen, settings in tmp_path, no leaked threads."""

from __future__ import annotations

import dataclasses
import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import traceback  # noqa: E402

import pytest  # noqa: E402
from PySide6.QtCore import QObject, QSettings, QThread, QTimer  # noqa: E402
from shiboken6 import isValid  # noqa: E402

from advgui.core.settings import PRESETS  # noqa: E402
from advgui.gui.app import app_wide_timers  # noqa: E402
from advgui.gui.backend import Services  # noqa: E402
from advgui.gui.jobs import live_threads  # noqa: E402

from .window_support import fast_models, qt_messages  # noqa: E402, F401  (fixtures)

READY_MS = 60_000


@pytest.fixture(autouse=True)
def private_settings(tmp_path_factory):
    """QSettings go to a fresh temporary folder, never to the user's settings."""
    folder = tmp_path_factory.mktemp("qsettings")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder))
    return folder


def _where(stack: list[str]) -> str:
    """The innermost frames of ``stack`` that are advgui's or the tests' own."""
    ours = [f for f in stack if "/advgui/" in f or "/tests/" in f]
    return "".join(ours[-3:]).rstrip()


@pytest.fixture(autouse=True)
def no_thread_leaks(qapp, monkeypatch):
    """Fail a test that leaves a QThread running or a QTimer active after its windows
    closed, saying where each was started (napari's conftest does the same)."""
    started: list[tuple[QObject, list[str]]] = []
    real_thread_start, real_timer_start = QThread.start, QTimer.start

    def thread_start(self, *args):
        started.append((self, traceback.format_stack()))
        return real_thread_start(self, *args)

    def timer_start(self, *args):
        started.append((self, traceback.format_stack()))
        return real_timer_start(self, *args)

    monkeypatch.setattr(QThread, "start", thread_start)
    monkeypatch.setattr(QTimer, "start", timer_start)
    yield
    monkeypatch.undo()
    app_wide = app_wide_timers()
    leaks = []
    for obj, stack in started:
        if not isValid(obj) or obj in app_wide:
            continue
        if isinstance(obj, QThread) and obj.isRunning():
            obj.quit()
            obj.wait(30_000)
            leaks.append(f"QThread {obj.objectName()!r} still running, started at\n{_where(stack)}")
        elif isinstance(obj, QTimer) and obj.isActive():
            obj.stop()
            leaks.append(f"QTimer still active, started at\n{_where(stack)}")
    left = [t for t in live_threads() if all(t is not obj for obj, _ in started)]
    leaks += [f"QThread {t.objectName()!r} still running" for t in left]
    if leaks:
        pytest.fail("test left threads or timers behind:\n" + "\n".join(leaks))


class ServiceBox:
    """The core functions the windows of one test get (``Services``); fixtures replace
    fields before the window is built, e.g. ``services.replace(load_model=fake)``."""

    def __init__(self) -> None:
        self.services = Services()

    def replace(self, **changes) -> None:
        self.services = dataclasses.replace(self.services, **changes)


@pytest.fixture
def services() -> ServiceBox:
    return ServiceBox()


@pytest.fixture
def make_window(qtbot, services):
    """Build the real window (create_app) and wait until Run is possible.

    ``make_window(make_run=...)`` replaces Services fields for that window only, and
    ``make_window(prompts=...)`` the questions it asks the user.
    """
    from advgui.gui import create_app

    def make(wait: bool = True, prompts=None, **changes):
        chosen = dataclasses.replace(services.services, **changes)
        window = create_app(exec_app=False, services=chosen, prompts=prompts)
        qtbot.addWidget(window)
        if wait:
            qtbot.waitUntil(window.is_ready, timeout=READY_MS)
        return window

    return make


@pytest.fixture
def window(make_window):
    """The window, built with this test's ``services``: a module whose windows should use
    the session's offline model says ``pytestmark = pytest.mark.usefixtures("fast_models")``
    (fixtures named there are set up before those the test names, so before this one)."""
    return make_window()


@pytest.fixture
def quick():
    """The tutorial's untargeted preset, with fewer steps: ``quick(6)``."""

    def settings(steps: int = 6, **changes):
        return PRESETS["tutorial-untargeted"].replace(steps=steps, **changes)

    return settings


@pytest.fixture
def run_and_wait(qtbot):
    """Start a run with ``settings`` and wait for ``run_finished``; returns the outcome.
    The one helper for this: every GUI test that runs an attack to its end uses it."""

    def run(window, settings, timeout=60_000):
        window.form.set_settings(settings)
        with qtbot.waitSignal(window.run_finished, timeout=timeout) as blocker:
            assert window.run_attack()
        return blocker.args[0]

    return run
