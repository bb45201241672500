"""Hard stops: SIGINT, SIGTERM and SIGHUP handled alike, and the moments they must wait.

``install()`` (in the main thread) makes each of those signals raise ``Stopped`` there: a
KeyboardInterrupt, so whatever cleans up after Ctrl+C cleans up after the others too,
that knows its signal and the exit status it calls for (128 + the signal's number).

Some steps must not be cut in half: creating a temporary file and noting its name,
renaming a set of files into place, removing temporaries. Inside ``deferred()`` a signal
only is recorded; code that can stop cleanly asks ``raise_if_requested()`` at the points
where it can, and the outermost ``deferred()`` block raises a recorded stop as it ends,
if nothing has raised it yet. Threads other than the main one never receive signals: for
them ``requested()`` tells that one arrived, and ``raise_if_requested()`` acts on it.

For a program with an event loop (the window), ``install(on_stop=..., raising=False)``
only records the signal and calls ``on_stop(signum)`` in the main thread.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Callable
from types import TracebackType

#: The signals handled: Ctrl+C, ``kill`` and a closed terminal (where the platform has it).
SIGNALS: tuple[int, ...] = tuple(
    getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name)
)


class Stopped(KeyboardInterrupt):
    """The program was told to stop by ``signum``; exit with ``exit_code``."""

    def __init__(self, signum: int, detail: str = "") -> None:
        super().__init__(signum)
        self.signum = signum
        self.detail = detail  # what had been done by then, if it matters to the user

    @property
    def exit_code(self) -> int:
        return 128 + self.signum

    @property
    def signal_name(self) -> str:
        try:
            return signal.Signals(self.signum).name
        except ValueError:
            return f"signal {self.signum}"

    def __str__(self) -> str:
        return f"stopped by {self.signal_name}" + (f"; {self.detail}" if self.detail else "")


class _State:
    def __init__(self) -> None:
        self.requested: int | None = None  # the last signal received
        self.raised = False  # whether Stopped has been raised for it
        self.depth = 0  # nesting of deferred() blocks in the main thread
        self.raising = False  # whether signals raise Stopped (install(raising=True))
        self.on_stop: Callable[[int], object] | None = None


_state = _State()


def _handle(signum: int, frame: object) -> None:
    _state.requested, _state.raised = signum, False
    if _state.on_stop is not None:
        _state.on_stop(signum)
    if _state.raising and _state.depth == 0:
        _state.raised = True
        raise Stopped(signum)


def install(
    *, on_stop: Callable[[int], object] | None = None, raising: bool = True
) -> Callable[[], None]:
    """Handle ``SIGNALS`` from now on; returns ``restore``, which puts the previous
    handlers back and forgets any recorded stop. Outside the main thread, where signal
    handlers cannot be set, it does nothing."""
    if threading.current_thread() is not threading.main_thread():
        return lambda: None
    previous = {s: signal.getsignal(s) for s in SIGNALS}
    _state.__init__()
    _state.raising, _state.on_stop = raising, on_stop
    for s in SIGNALS:
        signal.signal(s, _handle)

    def restore() -> None:
        for s, handler in previous.items():
            signal.signal(s, handler)
        _state.__init__()

    return restore


def ignore() -> None:
    """Ignore ``SIGNALS`` from now on (main thread): for a program whose work is done,
    so that a stop during its exit (which, with torch loaded, takes a while) neither
    kills it nor prints anything."""
    if threading.current_thread() is threading.main_thread():
        for s in SIGNALS:
            signal.signal(s, signal.SIG_IGN)


def requested() -> int | None:
    """The signal received since ``install``, if any."""
    return _state.requested


def raise_if_requested() -> None:
    """Raise Stopped if a signal was received and no Stopped has been raised for it."""
    if _state.requested is not None and not _state.raised:
        _state.raised = True
        raise Stopped(_state.requested)


def deferred() -> _Deferred:
    """A block that signals do not interrupt (in the main thread; see the module's
    docstring). In other threads it changes nothing: signals never interrupt them."""
    return _Deferred()


class _Deferred:
    def __enter__(self) -> _Deferred:
        self._main = threading.current_thread() is threading.main_thread()
        if self._main:
            _state.depth += 1
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if not self._main:
            return
        _state.depth -= 1
        if isinstance(exc, Stopped):
            _state.raised = True
        elif kind is None and _state.depth == 0 and _state.raising:
            raise_if_requested()
