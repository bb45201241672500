"""Qt fixtures for the window tests: offscreen, settings in tmp_path, no leaked threads."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402
from PySide6.QtCore import QSettings  # noqa: E402

from advgui.core.settings import PRESETS  # noqa: E402
from advgui.gui.worker import live_threads  # noqa: E402

READY_MS = 60_000


@pytest.fixture(autouse=True)
def private_settings(tmp_path_factory):
    """QSettings go to a fresh temporary folder, never to the user's settings."""
    folder = tmp_path_factory.mktemp("qsettings")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder))
    return folder


@pytest.fixture(autouse=True)
def no_thread_leaks(qapp):
    """Fail a test that leaves a worker thread running (after its windows closed)."""
    yield
    left = live_threads()
    if left:
        names = [t.objectName() for t in left]
        for thread in left:
            thread.quit()
            thread.wait(30_000)
        pytest.fail(f"test left QThreads running: {names}")


@pytest.fixture
def make_window(qtbot):
    """Build the real window (create_app) and wait until Run is possible."""
    from advgui.gui import create_app

    def make(wait: bool = True):
        window = create_app(exec_app=False)
        qtbot.addWidget(window)
        if wait:
            qtbot.waitUntil(window.is_ready, timeout=READY_MS)
        return window

    return make


@pytest.fixture
def window(make_window):
    return make_window()


@pytest.fixture
def quick():
    """The tutorial's untargeted preset, with fewer steps: ``quick(6)``."""

    def settings(steps: int = 6, **changes):
        return PRESETS["tutorial-untargeted"].replace(steps=steps, **changes)

    return settings


@pytest.fixture
def run_and_wait(qtbot):
    """Start a run with ``settings`` and wait for ``run_finished``; returns the outcome."""

    def run(window, settings, timeout=60_000):
        window.form.set_settings(settings)
        with qtbot.waitSignal(window.run_finished, timeout=timeout) as blocker:
            assert window.run_attack()
        return blocker.args[0]

    return run
