"""SIGINT, SIGTERM and SIGHUP end the window the way closing it does, and never cut a save.

Python runs a signal handler only when the main thread runs Python code, and a window
waiting in Qt's event loop runs none: ``signal.set_wakeup_fd`` makes the C-level handler
write to a socket that a ``QSocketNotifier`` watches, so the handler runs at once.

On a stop: with no save in progress the window closes (its layout and settings are
kept, a running attack is stopped) and the event loop exits with 128 + the signal's
number, as the CLI does. While a save runs on its worker, the core's writer sees the stop
(``stops.raise_if_requested``) and either finishes the complete set or puts the folder
back as it was; the window closes when that save has ended.
"""

from __future__ import annotations

import signal
import socket
import threading
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QObject, QSocketNotifier, Signal

from advgui.core import stops
from advgui.gui.state import AppState


class HardStop(QObject):
    """Handles ``stops.SIGNALS`` for one window; ``restore()`` puts the old handlers back.

    ``close`` closes the window; ``exit(code)`` ends the event loop (``app.exit``).
    ``stopping(line)`` says what happens meanwhile (the window shows it in its status bar).
    """

    stopping = Signal(str)

    def __init__(
        self,
        state: AppState,
        *,
        close: Callable[[], object],
        exit: Callable[[int], object],  # noqa: A002 (the name the caller knows)
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.state, self._close, self._exit = state, close, exit
        self.signum: int | None = None
        self._done = False
        self._notifier: QSocketNotifier | None = None
        self._previous_fd: int | None = None
        self._sockets: tuple[socket.socket, socket.socket] | None = None
        if threading.current_thread() is not threading.main_thread():
            self._restore_handlers: Callable[[], None] = lambda: None
            return
        self._restore_handlers = stops.install(on_stop=self._on_signal, raising=False)
        self._wake_on_signals()
        state.savingChanged.connect(self._maybe_finish)

    def _wake_on_signals(self) -> None:
        reader, writer = socket.socketpair()
        reader.setblocking(False)
        writer.setblocking(False)
        self._sockets = (reader, writer)
        self._previous_fd = signal.set_wakeup_fd(writer.fileno(), warn_on_full_buffer=False)
        self._notifier = QSocketNotifier(reader.fileno(), QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._drain)

    def _drain(self) -> None:
        # The Python handler (``_on_signal``) has run by now; only empty the socket.
        try:
            while self._sockets is not None and self._sockets[0].recv(64):
                pass
        except (BlockingIOError, InterruptedError):
            pass

    def _on_signal(self, signum: int) -> None:
        if self.signum is None:
            self.signum = signum
        if self.state.saving:
            self.stopping.emit(
                QCoreApplication.translate(
                    "HardStop",
                    "Stopping ({signal}): the save in progress is finished or undone first.",
                ).format(signal=stops.Stopped(signum).signal_name)
            )
        self._maybe_finish()

    def _maybe_finish(self, *_: object) -> None:
        if self.signum is None or self._done or self.state.saving:
            return
        self._done = True
        self._close()
        self._exit(stops.Stopped(self.signum).exit_code)

    def restore(self) -> None:
        """Put back the signal handlers and the wake-up descriptor that were there before."""
        self._restore_handlers()
        self._restore_handlers = lambda: None
        if self._sockets is not None:
            signal.set_wakeup_fd(-1 if self._previous_fd is None else self._previous_fd)
            if self._notifier is not None:
                self._notifier.setEnabled(False)
            for s in self._sockets:
                s.close()
            self._sockets = None
