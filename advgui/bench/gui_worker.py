"""The same attack driven through the window's worker: a QThread, a signal per step.

``worker_run`` starts ``advgui.gui.workers.AttackWorker`` on its ``Job`` exactly as the
window does, receives every ``stepped`` and ``framed`` signal in a main-thread slot
(queued across threads, as the widgets receive them), and times the run from the
thread's start to the ``finished`` signal. Drawing is left out: this measures what the
worker and its signals add to the bare engine (``window`` times the whole window).
Runs offscreen; a ``QApplication`` is created when none exists yet.

With ``release_main_threads`` the main thread first lets its OpenMP helper threads go
(``advgui.core.perf.release_cpu_threads``), as a window should before it starts an
attack; without it the main thread first does a little parallel torch work (as a window
that prepares its image on the GUI thread does) and keeps its pool beside the worker's.
"""

from __future__ import annotations

import os
import time
from typing import Any

from advgui.core.settings import AttackSettings


def qt_available() -> bool:
    try:
        import PySide6.QtCore  # noqa: F401
    except Exception:  # noqa: BLE001 - no Qt: the worker rows are left out
        return False
    return True


def application() -> Any:
    """The Qt application: a QApplication, so that the window can be built later too."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    return QApplication.instance() or QApplication(["advgui-bench"])


def worker_run(
    model: Any, x: Any, label: int, settings: AttackSettings, *, release_main_threads: bool
) -> list[float]:
    """One run through ``AttackWorker``: one sample, seconds per step; raises if it failed."""
    from PySide6.QtCore import QEventLoop, QObject, QTimer, Slot

    from advgui.core.perf import release_cpu_threads
    from advgui.gui.backend import make_run, to_frame
    from advgui.gui.jobs import Job
    from advgui.gui.workers import AttackWorker

    application()

    class Receiver(QObject):
        def __init__(self) -> None:
            super().__init__()
            self.steps = self.frames = 0
            self.error: BaseException | None = None
            self.loop = QEventLoop()

        @Slot(object)
        def on_stepped(self, record: object) -> None:
            self.steps += 1

        @Slot(object)
        def on_framed(self, frame: object) -> None:
            self.frames += 1

        @Slot(object)
        def on_failed(self, exc: BaseException) -> None:
            self.error = exc

        @Slot()
        def on_finished(self) -> None:
            self.loop.quit()

    receiver = Receiver()
    worker = AttackWorker(lambda: make_run(model, x, label, settings), to_frame)
    worker.stepped.connect(receiver.on_stepped)
    worker.framed.connect(receiver.on_framed)
    worker.failed.connect(receiver.on_failed)
    worker.finished.connect(receiver.on_finished)
    job = Job(worker)
    limit = QTimer()
    limit.setSingleShot(True)
    limit.timeout.connect(receiver.loop.quit)
    limit.start(600_000)
    if release_main_threads:
        release_cpu_threads()
    else:  # as a window that prepared its image on the GUI thread: that thread has a pool
        import torch

        torch.ones(1 << 20).mul_(2)
    t0 = time.perf_counter()
    job.start()
    receiver.loop.exec()
    elapsed = time.perf_counter() - t0
    limit.stop()
    if not job.wait(60_000):
        raise RuntimeError("the attack worker's thread did not end")
    if receiver.error is not None:
        raise RuntimeError(f"the attack worker failed: {receiver.error}") from receiver.error
    expected = settings.effective_steps + 1
    if receiver.steps != expected:
        raise RuntimeError(f"the worker sent {receiver.steps} step records, expected {expected}")
    return [elapsed / settings.effective_steps]
