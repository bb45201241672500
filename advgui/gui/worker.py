"""Work that must not run on the GUI thread: importing torch, loading models, attacking.

Each worker is a QObject moved to its own QThread (the Qt documentation's pattern):
``thread.started -> worker.run``, ``worker.finished -> thread.quit``. A :class:`Job`
holds the pair; its owner keeps the Job while it runs and, on close, calls ``stop()``
then ``wait()``; dropping a Job whose thread has ended deletes both. Workers emit
``succeeded`` or ``failed`` (with the exception), then always ``finished``.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
from PySide6.QtCore import QObject, QThread, Signal, Slot
from shiboken6 import isValid

from advgui.core.errors import AdvguiError

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


class FunctionWorker(QObject):
    """Calls ``fn(*args)`` on its thread and emits the return value."""

    succeeded = Signal(object)
    failed = Signal(object)
    finished = Signal()

    def __init__(self, fn: Callable[..., Any], *args: Any) -> None:
        super().__init__()
        self._fn, self._args = fn, args

    @Slot()
    def run(self) -> None:
        try:
            self.succeeded.emit(self._fn(*self._args))
        except Exception as exc:  # reported to the window, which shows it
            self.failed.emit(exc)
        finally:
            self.finished.emit()


class LoadCancelled(Exception):
    """The window closed while a model was loading."""


@dataclass(frozen=True)
class LoadedModel:
    model: Any  # advgui.core.models.Classifier
    device: str
    note: str | None  # e.g. "device cuda:1 is not available; using the CPU"
    weights_file: str | None


class ModelLoader(QObject):
    """Loads (downloading if needed) a model's weights and moves it to a device."""

    progress = Signal(int, int)  # bytes done, bytes in all (0 when unknown)
    succeeded = Signal(object)  # LoadedModel
    failed = Signal(object)
    finished = Signal()

    def __init__(self, name: str, *, device: str = "cpu", weights_file: str | None = None) -> None:
        super().__init__()
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
            from advgui.core.devices import resolve_device
            from advgui.core.models import load_model

            model = load_model(
                self.name, weights_file=self.weights_file, download=True, progress=self._on_progress
            )
            device, note = resolve_device(self.device)
            model = model.to(device)
            self.succeeded.emit(LoadedModel(model, str(device), note, self.weights_file))
        except Exception as exc:
            self.failed.emit(exc)
        finally:
            self.finished.emit()


class OutOfMemory(AdvguiError):
    """A step ran out of memory; the message says what to try instead."""


def out_of_memory(exc: BaseException) -> OutOfMemory | None:
    """The user's message for an out-of-memory error, or None for any other error."""
    import torch

    if isinstance(exc, torch.cuda.OutOfMemoryError) or (
        isinstance(exc, RuntimeError) and "out of memory" in str(exc)  # MPS, older torch
    ):
        return OutOfMemory(
            "out of GPU memory during the attack; choose the CPU as the device, "
            "or a smaller model or image"
        )
    if isinstance(exc, MemoryError):
        return OutOfMemory("out of memory during the attack; try a smaller model or image")
    return None


def release_memory() -> None:
    """Give memory the run held back to the system and the GPU (safe without CUDA)."""
    import torch

    gc.collect()
    torch.cuda.empty_cache()  # a no-op unless CUDA was initialised


@dataclass(frozen=True)
class Frame:
    """The current adversarial image and perturbation, for drawing."""

    step: int
    adversarial: np.ndarray  # H x W x 3 uint8
    delta: np.ndarray  # H x W x 3 float32, pixel units


class AttackWorker(QObject):
    """Runs one attack: emits every step record, and image frames at most ~10 per second.

    Records are small (the core moves a few numbers and the top-5 to the CPU per step);
    a frame copies the image to the CPU, so frames are spaced in time. ``stop()`` acts
    before the next step. Out of memory, the run's tensors are dropped and the cache
    emptied before ``failed`` carries a one-line message with advice.
    """

    stepped = Signal(object)  # StepRecord
    framed = Signal(object)  # Frame
    succeeded = Signal(object)  # AttackResult
    failed = Signal(object)
    finished = Signal()

    def __init__(
        self, model: Any, x: Any, label: int, settings: Any, *, frame_interval: float = 0.1
    ) -> None:
        super().__init__()
        self.model, self.x, self.label, self.settings = model, x, label, settings
        self.frame_interval = frame_interval
        self._run: Any = None
        self._stop = False

    def stop(self) -> None:
        self._stop = True
        if self._run is not None:
            self._run.stop()

    @Slot()
    def run(self) -> None:
        oom: OutOfMemory | None = None
        try:
            import torch

            from advgui.core.attacks import AttackRun

            labels = torch.tensor([self.label])
            self._run = AttackRun(self.model, self.x, labels, self.settings)
            if self._stop:
                self._run.stop()
            next_frame = 0.0
            for record in self._run:
                self.stepped.emit(record)
                now = time.perf_counter()
                if now >= next_frame and record.step < record.total_steps:
                    self.framed.emit(frame(record.step, self._run.x, self._run.delta))
                    next_frame = now + self.frame_interval
            result = self._run.result()
            last = result.history[-1].step if result.history else 0
            self.framed.emit(frame(last, result.x, result.delta))
            self.succeeded.emit(result)
        except Exception as exc:
            # Not the exception itself when out of memory: its traceback holds the run's tensors.
            oom = out_of_memory(exc)
            if oom is None:
                self.failed.emit(exc)
        finally:
            self.model = self.x = self._run = None
            if oom is not None:
                release_memory()
                self.failed.emit(oom)
            self.finished.emit()


def frame(step: int, x: Any, delta: Any) -> Frame:
    """Copy the first image of a batch and its delta to the CPU as arrays."""
    import torch

    from advgui.core.imaging import to_uint8

    adversarial = (x[:1] + delta[:1]).detach().clamp(0, 1)
    # A copy: the run keeps updating its delta in place while the GUI draws this one.
    d = delta.detach()[0].permute(1, 2, 0).to("cpu", torch.float32, copy=True).numpy()
    return Frame(step, to_uint8(adversarial), d)
