"""A worker that drains a generator on its thread and forwards each item as a signal.

The evaluation is such a generator (``evaluation_backend.evaluate``): one event per
model loaded and per image finished. ``stop()`` only sets a flag, which the generator
asks (``stopping``) wherever it can end cleanly. See ``jobs`` for the thread.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from PySide6.QtCore import QObject, Signal, Slot

from advgui.core.errors import without_tensors


class StreamWorker(QObject):
    """Runs ``make(stopping)`` and emits ``event`` for each item it yields, then
    ``failed`` (with the exception) if it raised, then always ``finished``."""

    event = Signal(object)
    failed = Signal(object)
    finished = Signal()

    def __init__(self, make: Callable[[Callable[[], bool]], Iterator[object]]) -> None:
        super().__init__()
        self._make = make
        self._stop = False

    def stop(self) -> None:
        self._stop = True

    def stopping(self) -> bool:
        return self._stop

    @Slot()
    def run(self) -> None:
        error: Exception | None = None
        try:
            for item in self._make(self.stopping):
                self.event.emit(item)
        except Exception as exc:
            error = without_tensors(exc)  # an out-of-memory error keeps no tensors
        finally:
            self._make = None  # drop the job (the model, the tensors) on this thread
            if error is not None:
                self.failed.emit(error)
            del error
            self.finished.emit()
