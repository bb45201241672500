"""The whole window, drawing included: an attack started from it against the bare engine.

The worker rows time the thread and its signals; this times what a user waits for. The
real ``MainWindow`` is built offscreen (``create_app(exec_app=False)``, a fresh settings
folder), loads its default model and image, and runs the attack its panel shows; the
same attack on the same input then runs bare in this thread. Whole runs alternate, and
the main thread's CPU time during each window run is kept: on a small machine, drawing
takes cores away from the attack.
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from typing import Any


def _pump(app: Any, until: Any, timeout: float) -> bool:
    from PySide6.QtCore import QEventLoop

    deadline = time.monotonic() + timeout
    while not until():
        if time.monotonic() > deadline:
            return False
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
        time.sleep(0.002)
    return True


def _wait(win: Any, outcome: list, timeout: float) -> bool:
    """Run the event loop, as the application does, until the run has finished."""
    from PySide6.QtCore import QEventLoop, QTimer

    if outcome:
        return True
    loop = QEventLoop()
    win.run_finished.connect(loop.quit)
    limit = QTimer(singleShot=True, interval=int(timeout * 1000))
    limit.timeout.connect(loop.quit)
    limit.start()
    loop.exec()
    limit.stop()
    win.run_finished.disconnect(loop.quit)
    return bool(outcome)


def window_vs_bare(runs: int, log: Any) -> dict:
    """Alternate ``runs`` window runs with bare runs; seconds per step of each."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    home = tempfile.mkdtemp(prefix="advgui-bench-window-")
    old = os.environ.get("XDG_CONFIG_HOME")
    os.environ["XDG_CONFIG_HOME"] = home  # the user's remembered choices stay out of it
    try:
        return _measure(runs, log)
    finally:
        if old is None:
            os.environ.pop("XDG_CONFIG_HOME", None)
        else:
            os.environ["XDG_CONFIG_HOME"] = old


def _measure(runs: int, log: Any) -> dict:
    import torch
    from PySide6.QtWidgets import QApplication

    from advgui.core.attacks import AttackRun
    from advgui.gui.app import create_app

    win = create_app(exec_app=False)
    app = QApplication.instance()
    try:
        if not _pump(app, win.is_ready, 180):
            return {"note": "the window was not ready within 180 s"}
        state = win.state
        model, x, label = state.model.classifier, state.input.x, state.label
        settings = state.settings
        steps = settings.effective_steps
        log(f"window: {model.name}, {tuple(x.shape)}, {settings.attack.value} {steps} steps")
        outcome: list[str] = []
        win.run_finished.connect(outcome.append)
        bare, window, cpu = [], [], []
        for _ in range(runs + 1):  # the first pair is a warm-up
            t0 = time.perf_counter()
            AttackRun(model, x, torch.tensor([label]), settings).run()
            bare.append((time.perf_counter() - t0) / steps)
            outcome.clear()
            c0, t0 = time.thread_time(), time.perf_counter()
            if not win.run_attack():
                return {"note": "the window refused to start the attack"}
            if not _wait(win, outcome, 600) or outcome != ["done"]:
                return {"note": f"the window's attack ended with {outcome or 'no answer'}"}
            window.append((time.perf_counter() - t0) / steps)
            cpu.append(time.thread_time() - c0)
            # The other models' verdicts come after the run: let them finish before the
            # next bare run, which they would otherwise share the cores with.
            _pump(app, lambda: not (state.transfer and state.transfer.checking), 120)
        bare, window, cpu = bare[1:], window[1:], cpu[1:]
        return {
            "model": model.name,
            "input": list(x.shape),
            "settings": settings.to_dict(),
            "bare_s_per_step": bare,
            "window_s_per_step": window,
            "main_thread_cpu_s": cpu,
            "ratio": statistics.median(window) / statistics.median(bare),
        }
    finally:
        win.close()
        _pump(app, lambda: False, 0.5)
