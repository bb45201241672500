"""Devices in the window (issue 5): running out of memory in a step, and a device that is
not there.

Out of memory is simulated (there is no GPU in the tests): a step raises
``torch.cuda.OutOfMemoryError`` (or ``MemoryError``) as PyTorch would. The user must get
one line with advice, the run's tensors must be dropped and the CUDA cache emptied, and
the next run must work.
"""

from __future__ import annotations

import contextlib
import gc
import weakref
from collections.abc import Callable

import pytest
import torch
from PySide6.QtCore import QSettings

from advgui.gui.jobs import live_threads

from .window_support import close_boxes, error_box, thread_complaints

#: Windows load the session's offline model and make their runs with ``Runs``.
pytestmark = pytest.mark.usefixtures("fast_models", "runs")

WAIT_MS = 30_000


@pytest.fixture
def empty_cache_calls(monkeypatch) -> list[int]:
    calls: list[int] = []
    monkeypatch.setattr(torch.cuda, "empty_cache", lambda: calls.append(1))
    return calls


class Runs:
    """The window's ``Services.make_run``: a real AttackRun, except inside
    ``failing(error)``, where the run raises ``error()`` at step 2 as if the device ran
    out. Keeps weak references to the runs it made."""

    def __init__(self) -> None:
        self.error: Callable[[], BaseException] | None = None
        self.made: list = []

    @contextlib.contextmanager
    def failing(self, error: Callable[[], BaseException]):
        self.error = error
        try:
            yield self.made
        finally:
            self.error = None

    def __call__(self, model, x, label, settings, precision="fp32", threads=None):
        from advgui.core.attacks import AttackRun

        error = self.error

        class Starved(AttackRun):
            def __iter__(self):
                for record in super().__iter__():
                    if record.step == 2 and error is not None:
                        raise error()
                    yield record

        run = Starved(model, x, torch.tensor([label]), settings, threads=threads)
        self.made.append(weakref.ref(run))
        return run


@pytest.fixture
def runs(services) -> Runs:
    """The ``Runs`` that windows built in this test make their runs with."""
    made = Runs()
    services.replace(make_run=made)
    return made


def _oom_in_the_model(monkeypatch, model, error: Callable[[], BaseException], runs: list):
    """The model's forward raises ``error()`` on its second pass with gradients; keeps weak
    refs to the tensors it is given."""
    calls = []
    real_forward = model.forward

    def forward(x):
        if torch.is_grad_enabled():
            calls.append(1)
            runs.append(weakref.ref(x))
            if len(calls) == 2:
                raise error()
        return real_forward(x)

    monkeypatch.setattr(model, "forward", forward)


def GPU_OOM() -> BaseException:  # noqa: N802 (reads like the exception it makes)
    return torch.cuda.OutOfMemoryError(
        "CUDA out of memory. Tried to allocate 2.00 GiB (GPU 0; 79.11 GiB total capacity)"
    )


@pytest.mark.parametrize("where", ["attack-loop", "model-forward"])
def test_gpu_out_of_memory_is_reported_with_advice_and_memory_released(
    window, qtbot, run_and_wait, quick, monkeypatch, empty_cache_calls, qt_messages, where, runs
):
    made: list = []
    with monkeypatch.context() as mp, contextlib.ExitStack() as stack:
        if where == "attack-loop":
            made = stack.enter_context(runs.failing(GPU_OOM))
        else:
            _oom_in_the_model(mp, window.state.model.classifier, GPU_OOM, made)
        assert run_and_wait(window, quick(20, early_stop=False), timeout=WAIT_MS) == "failed"

        box = error_box(window)
        assert box is not None and box.windowTitle() == "The attack failed"
        line = box.text()
        assert "\n" not in line and "out of GPU memory" in line
        assert "CPU" in line and "smaller" in line  # what to do
        assert not box.detailedText()  # no traceback for a known condition
        assert window.statusBar().currentMessage() == line
        assert "failed" in window.run_bar.timing.text()

        assert empty_cache_calls  # the cache was emptied once the run was dropped
        gc.collect()
        assert made and all(ref() is None for ref in made)  # nothing of the run is held
        assert window.state.result is None and not window.state.is_running()
        close_boxes(window)
        assert window.is_ready()

    # Usable again: the next run completes.
    assert run_and_wait(window, quick(3, early_stop=False), timeout=WAIT_MS) == "done"
    assert window.state.result.final.step == 3
    qtbot.waitUntil(lambda: live_threads() == [], timeout=WAIT_MS)
    assert thread_complaints(qt_messages) == []


def test_running_out_of_main_memory_is_reported_too(
    window, run_and_wait, quick, empty_cache_calls, runs
):
    with runs.failing(MemoryError):
        assert run_and_wait(window, quick(5), timeout=WAIT_MS) == "failed"
    line = error_box(window).text()
    assert line.startswith("out of memory") and "smaller" in line
    assert empty_cache_calls
    close_boxes(window)
    assert run_and_wait(window, quick(2), timeout=WAIT_MS) == "done"


def test_other_errors_are_not_called_out_of_memory(window, run_and_wait, quick, runs):
    with runs.failing(lambda: RuntimeError("shape mismatch in a step")):
        assert run_and_wait(window, quick(5), timeout=WAIT_MS) == "failed"
    box = error_box(window)
    assert box.text() == "RuntimeError: shape mismatch in a step"
    assert "Traceback" in box.detailedText()  # unexpected: the details are there for a report


@pytest.fixture
def saved_device(qapp):
    """Write the device the window will find in its saved settings (before it starts)."""

    def save(name: str) -> None:
        qapp.setOrganizationName("advgui")  # what create_app sets: the same settings file
        qapp.setApplicationName("advgui")
        store = QSettings()
        store.setValue("model/device", name)
        store.sync()

    return save


def test_a_saved_device_that_is_absent_falls_back_to_the_cpu_with_a_message(
    make_window, saved_device, run_and_wait, quick
):
    saved_device("cuda:3")
    window = make_window()
    box = window.model_box
    assert window.state.model.device == "cpu"
    assert "Device cuda:3 is not available; using the CPU." in box.status.text()
    assert box.device_name() == "cpu"  # the box shows the device in use
    assert window.model_label.text().endswith("on cpu")
    assert run_and_wait(window, quick(2), timeout=WAIT_MS) == "done"


def test_a_saved_device_that_is_present_gives_no_message(make_window, saved_device):
    saved_device("cpu")
    window = make_window()
    assert window.state.model.device == "cpu"
    assert "not available" not in window.model_box.status.text()
