"""Work that must not run on the GUI thread, one worker per QThread.

Each worker is a QObject moved to its own QThread (the Qt documentation's pattern):
``thread.started -> worker.run``, ``worker.finished -> thread.quit``. A :class:`Job`
holds the pair; the :class:`JobRunner` keeps every Job while it runs and, on shutdown,
asks each worker to stop, then waits for its thread. Workers emit ``succeeded`` or
``failed`` (with the exception), then always ``finished``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QThread, Signal, Slot
from shiboken6 import isValid

from advgui.core.stops import Stopped

#: Every thread a Job started, kept referenced until it has ended.
_THREADS: set[QThread] = set()


def live_threads() -> list[QThread]:
    """Threads started by a Job that are still running (tests check this is empty)."""
    for t in list(_THREADS):
        if not (isValid(t) and t.isRunning()):
            _THREADS.discard(t)
    return list(_THREADS)


class Job:
    """One worker on one QThread.

    Python owns both, and they are deleted when the Job is dropped after its thread has
    ended, on the GUI thread. Not with ``deleteLater``: Qt would delete the worker on its
    own thread, where PySide takes the GIL inside ``~QObject`` while Qt holds a
    signal-slot lock, and deadlock with a GUI thread that holds the GIL and waits for
    that lock (to connect or disconnect anything): the window froze in a test.
    """

    def __init__(self, worker: QObject) -> None:
        self.worker = worker
        self.thread = QThread()
        self.thread.setObjectName(type(worker).__name__)
        worker.moveToThread(self.thread)
        self.thread.started.connect(worker.run)
        worker.finished.connect(self.thread.quit)

    def start(self) -> Job:
        live_threads()  # forget the threads that have ended
        _THREADS.add(self.thread)
        self.thread.start()
        return self

    def is_running(self) -> bool:
        return isValid(self.thread) and self.thread.isRunning()

    def stop(self) -> None:
        """Ask the worker to end soon (thread-safe: it only sets flags)."""
        if isValid(self.worker) and hasattr(self.worker, "stop"):
            self.worker.stop()

    def wait(self, timeout_ms: int | None = None) -> bool:
        """Block until the thread has ended; True when it has."""
        if not isValid(self.thread):
            return True
        self.thread.quit()  # its event loop may not have seen the queued quit yet
        if timeout_ms is None:
            return self.thread.wait()
        return self.thread.wait(timeout_ms)


class JobRunner(QObject):
    """Starts workers on their own threads and keeps them until they end.

    After ``shutdown()`` it starts nothing more: ``start`` returns None, so a late
    request from a closing window is dropped rather than left running.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.closing = False
        self._jobs: list[Job] = []

    def start(self, worker: QObject) -> Job | None:
        if self.closing:
            return None
        self._jobs = [j for j in self._jobs if j.is_running()]
        job = Job(worker)
        self._jobs.append(job)
        return job.start()

    def shutdown(self) -> None:
        """Stop every worker and wait for its thread (safe to call twice)."""
        self.closing = True
        for job in self._jobs:
            job.stop()
        for job in self._jobs:
            job.wait()
        self._jobs.clear()


class FunctionWorker(QObject):
    """Calls ``fn(*args)`` on its thread and emits the return value or the exception
    (an Exception, or ``stops.Stopped`` when a stop signal ended the work).

    With a ``tag`` (say, which request this was), both signals carry ``(tag, value)``,
    so that the receiver can drop the answers to requests that a newer one replaced.
    """

    succeeded = Signal(object)
    failed = Signal(object)
    finished = Signal()

    def __init__(self, fn: Callable[..., Any], *args: Any, tag: object = None) -> None:
        super().__init__()
        self._fn, self._args, self._tag = fn, args, tag

    def _value(self, value: object) -> object:
        return value if self._tag is None else (self._tag, value)

    @Slot()
    def run(self) -> None:
        try:
            self.succeeded.emit(self._value(self._fn(*self._args)))
        except (Exception, Stopped) as exc:  # reported to the window, which shows it
            self.failed.emit(self._value(exc))
        finally:
            self._fn = self._args = None  # drop the arguments (tensors) on this thread
            self.finished.emit()
