"""Start-up timing for ``python -m advgui.bench``: when the window is shown, when Run is ready.

With ``ADVGUI_STARTUP_PROBE=1`` in the environment, ``create_app`` attaches this probe
to the main window. The probe
prints two lines to stdout, with ``time.time()`` stamps that the launching process
compares with its own clock, then quits the application:

    advgui-startup shown 1764051234.512
    advgui-startup ready 1764051238.901

"shown" is the window's first paint; "ready" is the first moment ``window.is_ready()``
is true (model loaded, image predicted). If it is not ready within ``TIMEOUT_S``, the
second line reads ``advgui-startup timeout <stamp>``.
"""

from __future__ import annotations

import os
import sys
import time

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer

ENV = "ADVGUI_STARTUP_PROBE"
PREFIX = "advgui-startup"
_POLL_MS = 20
TIMEOUT_S = 120.0


def enabled() -> bool:
    return bool(os.environ.get(ENV))


def _emit(what: str) -> None:
    sys.stdout.write(f"{PREFIX} {what} {time.time():.4f}\n")
    sys.stdout.flush()


class StartupProbe(QObject):
    """Watches one window; see the module docstring."""

    def __init__(self, window, timeout_s: float) -> None:
        super().__init__(window)
        self.window = window
        self.deadline = time.monotonic() + timeout_s
        self.shown = False
        window.installEventFilter(self)
        self.timer = QTimer(self)
        self.timer.setInterval(_POLL_MS)
        self.timer.timeout.connect(self._on_timer_timeout)
        self.timer.start()

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if not self.shown and obj is self.window and event.type() == QEvent.Type.Paint:
            self.shown = True
            _emit("shown")
        return False

    def _on_timer_timeout(self) -> None:
        if not self.shown:
            return
        if self.window.is_ready():
            self._finish("ready")
        elif time.monotonic() > self.deadline:
            self._finish("timeout")

    def _finish(self, what: str) -> None:
        self.timer.stop()
        self.window.removeEventFilter(self)
        _emit(what)
        QTimer.singleShot(0, QCoreApplication.quit)


_PROBES: list[StartupProbe] = []  # keeps each probe's Python side alive


def attach(window, timeout_s: float = TIMEOUT_S) -> StartupProbe:
    """Start timing ``window`` (call right after ``window.show()``)."""
    probe = StartupProbe(window, timeout_s)
    _PROBES.append(probe)
    return probe
