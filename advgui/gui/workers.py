"""The window's long tasks as QObject workers: loading a model, running an attack.

Each gets what it calls injected (a load function, a run factory, a frame maker), so
that nothing here imports torch and tests hand in fakes. See ``jobs`` for the threads.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from typing import Any, Protocol

import numpy as np
from PySide6.QtCore import QObject, Signal, Slot

from advgui.core.errors import without_tensors
from advgui.gui.state import Frame, LoadedModel

Progress = Callable[[int, int], None]


class LoadCancelled(Exception):
    """The window closed while a model was loading."""


class ModelLoader(QObject):
    """Calls ``load(name, device, weights_file, progress)`` -> LoadedModel on its thread."""

    progress = Signal(int, int)  # bytes done, bytes in all (0 when unknown)
    succeeded = Signal(object)  # LoadedModel
    failed = Signal(object)
    finished = Signal()

    def __init__(
        self,
        load: Callable[[str, str, str | None, Progress], LoadedModel],
        name: str,
        *,
        device: str = "cpu",
        weights_file: str | None = None,
    ) -> None:
        super().__init__()
        self._load = load
        self.name, self.device, self.weights_file = name, device, weights_file
        self._stop = False
        self._last_progress = 0.0

    def stop(self) -> None:
        self._stop = True

    def _on_progress(self, done: int, total: int) -> None:
        if self._stop:
            raise LoadCancelled("cancelled")
        now = time.monotonic()
        if now - self._last_progress >= 0.1 or done == total:
            self._last_progress = now
            self.progress.emit(done, total)

    @Slot()
    def run(self) -> None:
        try:
            loaded = self._load(self.name, self.device, self.weights_file, self._on_progress)
            if self._stop:
                raise LoadCancelled("cancelled")
            self.succeeded.emit(loaded)
        except Exception as exc:
            self.failed.emit(exc)
        finally:
            self._load = None
            self.finished.emit()


class Run(Protocol):
    """What the worker needs of an attack run (``advgui.core.attacks.AttackRun``)."""

    x: Any
    delta: Any

    def __iter__(self) -> Iterable[Any]: ...
    def stop(self) -> None: ...
    def result(self) -> Any: ...


class AttackWorker(QObject):
    """Runs one attack: emits every step record, and image frames at most ~10 per second.

    ``make_run()`` builds the run on this thread; ``to_frame(step, x, delta)`` copies an
    image to the CPU; ``snapshot(delta)``, when given, copies every step's delta of the
    first image (H x W x 3) for replay, emitted as ``taped`` just before its record.
    ``stop()`` acts before the next step. When the run fails, every reference to its
    tensors is dropped before ``failed`` is emitted, so the GUI thread can give the
    memory back (see ``AttackController``).
    """

    stepped = Signal(object)  # StepRecord
    taped = Signal(int, object)  # step, delta of the first image (see ``snapshot``)
    framed = Signal(object)  # Frame
    succeeded = Signal(object)  # AttackResult
    failed = Signal(object)
    finished = Signal()

    def __init__(
        self,
        make_run: Callable[[], Run],
        to_frame: Callable[[int, Any, Any], Frame],
        *,
        frame_interval: float = 0.1,
        snapshot: Callable[[Any], np.ndarray] | None = None,
    ) -> None:
        super().__init__()
        self._make_run, self._to_frame = make_run, to_frame
        self._snapshot = snapshot
        self.frame_interval = frame_interval
        self._run: Run | None = None
        self._stop = False

    def stop(self) -> None:
        self._stop = True
        run = self._run  # read once: the worker thread clears it when the run ends
        if run is not None:
            run.stop()

    @Slot()
    def run(self) -> None:
        error: Exception | None = None
        try:
            self._attack()
        except Exception as exc:
            error = without_tensors(exc)  # an out-of-memory error keeps no tensors
        finally:
            self._run = self._make_run = self._snapshot = None
            if error is not None:
                self.failed.emit(error)
            del error
            self.finished.emit()

    def _attack(self) -> None:
        run = self._run = self._make_run()
        if self._stop:
            run.stop()
        next_frame = 0.0
        for record in run:
            if self._snapshot is not None:  # before ``stepped``: the record's delta is ready
                self.taped.emit(record.step, self._snapshot(run.delta))
            self.stepped.emit(record)
            now = time.perf_counter()
            if now >= next_frame and record.step < record.total_steps:
                self.framed.emit(self._to_frame(record.step, run.x, run.delta))
                next_frame = now + self.frame_interval
        result = run.result()
        last = result.history[-1].step if result.history else 0
        self.framed.emit(self._to_frame(last, result.x, result.delta))
        self.succeeded.emit(result)
