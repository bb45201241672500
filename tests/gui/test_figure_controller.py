"""The figure export's controller and ``figure_source`` on their own: a state, a real
job runner, fake writers, no window and no torch (the last test proves it)."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path
from types import SimpleNamespace

import pytest

from advgui.core.errors import SaveError
from advgui.core.settings import Norm
from advgui.gui.backend import Services
from advgui.gui.catalog import Catalog
from advgui.gui.controllers.figure import FigureController
from advgui.gui.figure_source import figure_source
from advgui.gui.jobs import JobRunner
from advgui.gui.state import AppState, FinishedRun

WAIT_MS = 10_000
ROOT = Path(__file__).resolve().parents[2]
NAMES = [f"class {i}" for i in range(10)]


def record(step: int, best_step: int | None = None) -> SimpleNamespace:
    return SimpleNamespace(step=step, best_step=None if best_step is None else (best_step,))


def finished(
    best_step: int | None = None, target: int | None = None, number: int = 0, clean=()
) -> FinishedRun:
    history = [record(s) for s in range(4)]
    settings = SimpleNamespace(
        attack=SimpleNamespace(value="pgd"),
        norm=Norm.LINF,
        eps=2 / 255,
        target=target,
        eot_jpeg=None,
    )
    final = record(3, best_step) if best_step is not None else history[-1]
    result = SimpleNamespace(x="x", delta="delta", history=history, final=final, settings=settings)
    model = SimpleNamespace(name="offline")
    return FinishedRun(result, model, Path("/pictures/cat.png"), "done", number, clean=clean)


class Writers:
    """Fake ``write_figure`` / ``write_curves``: note what they were given, and where."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, Path, object, threading.Thread]] = []
        self.fail: Exception | None = None

    def figure(self, path, source):
        self.calls.append(("figure", path, source, threading.current_thread()))
        if self.fail is not None:
            raise self.fail
        return path

    def curves(self, path, source):
        self.calls.append(("curves", path, source, threading.current_thread()))
        return path


@pytest.fixture
def parts(qapp):
    state = AppState()
    state.set_catalog(Catalog([], [("cpu", "CPU")], NAMES, "offline", "offline"))
    runner = JobRunner()
    writers = Writers()
    services = Services(write_figure=writers.figure, write_curves=writers.curves)
    prompts = SimpleNamespace(
        choose_figure_file=lambda name: "/out/fig.svg",
        choose_curves_file=lambda name: "/out/c.csv",
    )
    figures = FigureController(state, runner, services, prompts=prompts)
    messages: list[str] = []
    errors: list[tuple[str, object]] = []
    figures.message.connect(messages.append)
    figures.error.connect(lambda title, exc: errors.append((title, exc)))
    yield SimpleNamespace(
        state=state, runner=runner, figures=figures, writers=writers, messages=messages,
        errors=errors, prompts=prompts,
    )  # fmt: skip
    runner.shutdown()


def with_run(state: AppState, run: FinishedRun) -> None:
    state.set_prediction([SimpleNamespace(index=3, name="class 3", prob=0.9)])
    state.set_result(run)


def test_the_source_is_the_newest_result_with_what_the_window_shows(parts):
    state = parts.state
    assert figure_source(state) is None and not state.enabled().export
    with_run(state, finished(target=7))
    state.set_view_options(amplify=20.0)
    source = figure_source(state)
    assert state.enabled().export
    assert (source.x, source.delta) == ("x", "delta")
    assert source.record is state.last_run.result.final and source.step == 3
    assert source.clean.name == "class 3" and source.names == NAMES
    assert source.amplify == 20.0 and source.target == 7
    assert source.title == "cat.png · offline · pgd L∞ ε = 2/255 · 3 steps · target class 7"
    assert source.name == "cat"


def test_an_attack_that_keeps_its_best_marks_the_best_step(parts):
    with_run(parts.state, finished(best_step=1))
    assert figure_source(parts.state).step == 1


def test_a_run_chosen_in_the_history_is_exported_with_its_own_clean_prediction(parts):
    state = parts.state
    earlier = SimpleNamespace(index=5, name="class 5", prob=0.7)
    first = finished(number=1, clean=(earlier,))
    second = finished(number=2)
    with_run(state, second)  # the image's prediction now: class 3
    for run in (first, second):
        state.finish_run("done", run)
    assert figure_source(state).record is second.result.final
    assert figure_source(state).clean.name == "class 3"  # the run kept none: the image's
    state.select_runs((1,))
    source = figure_source(state)
    assert source.record is first.result.final and source.clean is earlier
    assert state.enabled().export


def test_exports_at_once_say_what_happened(parts):
    f, writers = parts.figures, parts.writers
    assert f.export_figure("/out/a.png") is False and f.export_curves("/out/a.csv") is False
    assert parts.messages[-1].startswith("Nothing to export yet") and writers.calls == []
    with_run(parts.state, finished())
    assert f.export_figure("/out/a.png") is True
    assert parts.messages[-1] == "Figure exported to /out/a.png."
    assert f.export_curves("/out/a.csv") is True
    assert [(c[0], c[1]) for c in writers.calls] == [
        ("figure", Path("/out/a.png")),
        ("curves", Path("/out/a.csv")),
    ]
    writers.fail = SaveError("/out: no such folder")
    assert f.export_figure("/out/b.png") is False
    assert parts.messages[-1] == "Figure not exported: /out: no such folder"
    assert parts.errors == []  # the scripting call reports in the status line only


def test_the_menu_draws_the_figure_on_a_worker(qtbot, parts):
    with_run(parts.state, finished())
    busy: list[str] = []
    parts.state.busyChanged.connect(busy.append)
    parts.figures.export_figure_interactively()
    qtbot.waitUntil(lambda: len(busy) == 2, timeout=WAIT_MS)
    (kind, path, source, thread), = parts.writers.calls  # fmt: skip
    assert (kind, path) == ("figure", Path("/out/fig.svg"))
    assert thread is not threading.main_thread()
    assert busy == ["Exporting the figure…", ""]
    assert parts.messages[-1] == "Figure exported to /out/fig.svg."


def test_a_failed_figure_is_an_error_dialog_and_a_cancel_writes_nothing(qtbot, parts):
    with_run(parts.state, finished())
    parts.writers.fail = SaveError("fig.gif: a figure is saved as .png, .svg, .pdf")
    parts.figures.export_figure_interactively()
    qtbot.waitUntil(lambda: bool(parts.errors), timeout=WAIT_MS)
    title, exc = parts.errors[0]
    assert title == "Cannot export the figure" and "fig.gif" in str(exc)
    parts.prompts.choose_figure_file = lambda name: ""
    parts.prompts.choose_curves_file = lambda name: ""
    calls = len(parts.writers.calls)
    parts.figures.export_figure_interactively()
    parts.figures.export_curves_interactively()
    assert len(parts.writers.calls) == calls


def test_these_tests_run_without_torch():
    """Run this module again with ``import torch`` made to fail."""
    env = {**os.environ, "ADVGUI_TESTS_WITHOUT_TORCH": "1", "QT_QPA_PLATFORM": "offscreen"}
    out = subprocess.run(
        [sys.executable, "-m", "pytest", __file__, "-q", "-p", "no:cacheprovider", "-k",
         "not without_torch"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert out.returncode == 0, out.stdout[-3000:] + out.stderr[-2000:]
