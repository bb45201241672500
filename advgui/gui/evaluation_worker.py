"""A worker that drains a generator on its thread and forwards each item as a signal.

The evaluation is such a generator (``evaluation_backend.evaluate``): one event per
model loaded and per image finished. ``stop()`` sets a ``StopFlag``, which the generator
asks (``stopping()``) wherever it can end cleanly, and which calls what the generator
registered with ``stopping.on_stop`` (the core's ``Evaluation.stop``) at once. See
``jobs`` for the thread.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator

from PySide6.QtCore import QObject, Signal, Slot

from advgui.core.errors import without_tensors


class StopFlag:
    """Whether Stop was pressed (call it to ask); thread-safe.

    ``on_stop(fn)`` has ``fn()`` called by ``set()``, on the thread that sets the flag
    (at once if it is set already); it returns a function that takes ``fn`` back, so that
    nothing the run used is kept once it has ended.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._set = False
        self._calls: list[Callable[[], object]] = []

    def __call__(self) -> bool:
        return self._set

    def set(self) -> None:
        with self._lock:
            self._set = True
            calls, self._calls = self._calls, []
        for fn in calls:
            fn()

    def on_stop(self, fn: Callable[[], object]) -> Callable[[], None]:
        with self._lock:
            if not self._set:
                self._calls.append(fn)
                return lambda: self._forget(fn)
        fn()
        return lambda: None

    def _forget(self, fn: Callable[[], object]) -> None:
        with self._lock:
            if fn in self._calls:
                self._calls.remove(fn)


class StreamWorker(QObject):
    """Runs ``make(stopping)`` and emits ``event`` for each item it yields, then
    ``failed`` (with the exception) if it raised, then always ``finished``."""

    event = Signal(object)
    failed = Signal(object)
    finished = Signal()

    def __init__(self, make: Callable[[StopFlag], Iterator[object]]) -> None:
        super().__init__()
        self._make = make
        self._stop = StopFlag()

    def stop(self) -> None:
        """Thread-safe: sets the flag (and calls what the run registered on it)."""
        self._stop.set()

    def stopping(self) -> bool:
        return self._stop()

    @Slot()
    def run(self) -> None:
        error: Exception | None = None
        try:
            for item in self._make(self._stop):
                self.event.emit(item)
        except Exception as exc:
            error = without_tensors(exc)  # an out-of-memory error keeps no tensors
        finally:
            self._make = None  # drop the job (the model, the tensors) on this thread
            if error is not None:
                self.failed.emit(error)
            del error
            self.finished.emit()
