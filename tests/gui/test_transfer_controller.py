"""The attack view's transfer check on its own: AppState, the controller and a fake
``check_transfer``; no window and no torch (the last test proves it)."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path
from types import SimpleNamespace

import pytest

from advgui.core.settings import PRESETS
from advgui.gui.backend import Services
from advgui.gui.catalog import BUNDLED, MISSING, ON_DISK, Catalog, ModelEntry
from advgui.gui.controllers.transfer import MAX_OTHERS, TransferController, others
from advgui.gui.evaluation_backend import Loaded
from advgui.gui.jobs import JobRunner
from advgui.gui.state import AppState, FinishedRun, LoadedModel
from advgui.gui.transfer_facts import Transfer, Verdict, line

WAIT_MS = 10_000
ROOT = Path(__file__).resolve().parents[2]
NAMES = [f"class {i}" for i in range(10)]
SETTINGS = PRESETS["tutorial-untargeted"]


def catalog(*entries: tuple[str, str]) -> Catalog:
    return Catalog(
        models=[ModelEntry(n, s) for n, s in entries],
        devices=[("cpu", "CPU")],
        categories=NAMES,
        default_model=entries[0][0],
        offline_model=entries[0][0],
    )


def test_other_models_are_those_on_disk_offline_first_and_at_most_four():
    c = catalog(
        ("lite0", BUNDLED),
        ("resnet50", ON_DISK),
        ("vgg", MISSING),
        ("lite1", BUNDLED),
        ("alexnet", ON_DISK),
        ("lite2", BUNDLED),
        ("vit", ON_DISK),
    )
    assert others(c, "lite0") == ("lite1", "lite2", "resnet50", "alexnet")
    assert others(c, "resnet50") == ("lite0", "lite1", "lite2", "alexnet")
    assert len(others(c, "vgg")) == MAX_OTHERS and others(None, "lite0") == ()


class FakeCheck:
    """``check_transfer(job, stopping)``: per model, Loaded (when not kept) and a verdict
    (top-1 = the model's index in the list + 5). With ``hold``, it waits before each model
    until ``go`` is set (or it is stopped)."""

    def __init__(self) -> None:
        self.jobs = []
        self.hold = False
        self.go = threading.Event()

    def __call__(self, job, stopping):
        self.jobs.append(job)
        for k, name in enumerate(job.models):
            while self.hold and not self.go.is_set() and not stopping():
                self.go.wait(0.01)
            if stopping():
                return
            if name not in job.kept:
                yield Loaded(name, job.device, SimpleNamespace(name=name))
            yield Verdict(name, 5 + k, 0.5, clean_top1=3, correct=True, fooled=True)


@pytest.fixture
def parts(qtbot):
    state = AppState()
    state.set_catalog(catalog(("lite0", BUNDLED), ("lite1", BUNDLED), ("big", ON_DISK)))
    state.set_model(LoadedModel(SimpleNamespace(name="lite0"), "cpu", None, None))
    runner = JobRunner()
    check = FakeCheck()
    controller = TransferController(state, runner, Services(check_transfer=check))
    yield SimpleNamespace(state=state, c=controller, check=check, qtbot=qtbot)
    check.go.set()
    runner.shutdown()


def finish(p, number: int, target: int | None = None) -> FinishedRun:
    """A run on lite0 ending with a result (the label is class 3)."""
    settings = SETTINGS.replace(target=target)
    result = SimpleNamespace(x=["x"], adversarial=["adv"], labels=[3], settings=settings)
    run = FinishedRun(result, SimpleNamespace(name="lite0"), None, "done", number=number)
    p.state.start_run(settings)
    p.state.finish_run("done", run)
    return run


def wait_done(p) -> Transfer:
    p.qtbot.waitUntil(lambda: p.state.transfer and not p.state.transfer.checking, timeout=WAIT_MS)
    p.qtbot.waitUntil(lambda: p.c.job is None, timeout=WAIT_MS)
    return p.state.transfer


def test_a_finished_run_is_shown_to_the_other_models_and_they_are_kept(parts):
    p = parts
    finish(p, 1)
    assert p.state.transfer == Transfer(1, ("lite1", "big"))  # checking, at once
    assert line(p.state.transfer, NAMES) == "Other models: checking other models…"
    t = wait_done(p)
    assert [v.top1 for v in t.verdicts] == [5, 6]
    assert line(t, NAMES) == (
        "Other models: lite1: class 5 (50.0%) — fooled · big: class 6 (50.0%) — fooled"
    )
    (job,) = p.check.jobs
    assert (job.x, job.adversarial, job.label, job.target) == (["x"], ["adv"], 3, None)
    assert set(p.c.kept) == {("lite1", "cpu"), ("big", "cpu")}

    finish(p, 2)
    wait_done(p)
    assert set(p.check.jobs[1].kept) == {"lite1", "big"}  # loaded once


def test_models_the_evaluate_tab_loaded_are_used_and_other_devices_dropped(parts):
    p = parts
    evaluate_tab = {("lite1", "cpu"): SimpleNamespace(name="lite1")}
    p.c.borrowed = evaluate_tab
    p.c.kept[("big", "cuda:0")] = SimpleNamespace(name="big")  # from before a device change
    finish(p, 1)
    wait_done(p)
    assert p.check.jobs[0].kept == {"lite1": evaluate_tab[("lite1", "cpu")]}
    assert set(p.c.kept) == {("big", "cpu")} and evaluate_tab.keys() == {("lite1", "cpu")}


def test_a_new_run_clears_the_verdicts_and_stops_the_check(parts):
    p = parts
    p.check.hold = True
    finish(p, 1)
    assert p.c.job is not None and p.state.transfer.checking
    p.state.start_run(SETTINGS)  # Run again, before the check has answered
    assert p.state.transfer is None
    p.qtbot.waitUntil(lambda: p.c.job is None, timeout=WAIT_MS)  # it stopped by itself
    assert p.state.transfer is None  # and said nothing late
    p.check.hold = False
    run = SimpleNamespace(x=["x"], adversarial=["adv"], labels=[3], settings=SETTINGS)
    p.state.finish_run("done", FinishedRun(run, SimpleNamespace(name="lite0"), None, "done", 2))
    assert wait_done(p).run == 2


def test_a_run_chosen_in_the_history_gets_its_own_verdicts_once(parts):
    p = parts
    finish(p, 1)
    first = wait_done(p)
    p.check.hold = True
    finish(p, 2)
    p.state.select_runs((1,))  # while run 2 is being checked
    assert p.state.transfer == first  # kept: not checked again
    p.check.go.set()
    p.qtbot.waitUntil(lambda: p.c.job is None, timeout=WAIT_MS)
    p.state.select_runs(())
    assert wait_done(p).run == 2 and len(p.check.jobs) == 3  # run 2 again, after its stop


def test_a_targeted_run_and_the_words_for_each_verdict():
    t = Transfer(
        4,
        ("a", "b", "c", "d"),
        (
            Verdict("a", 1, 0.9, 3, True, True),
            Verdict("b", 3, 0.41, 3, True, False),
            Verdict("c", 2, 0.005, 2, False, False),
        ),
        targeted=True,
    )
    assert line(t, NAMES) == (
        "Other models: a: class 1 (90.0%) — target reached · b: class 3 (41.0%) — target not "
        "reached · c: class 2 (0.50%) — wrong on the clean image already (class 2) · "
        "checking d…"
    )
    problem = Transfer(1, ("v",), (Verdict("v", problem="v takes only 224 x 224 pixels"),))
    assert line(problem, NAMES) == "Other models: v: v takes only 224 x 224 pixels"
    assert line(Transfer(1, ()), NAMES) == "Other models: none has its weights on this computer."


def test_a_model_with_no_others_needs_no_check(parts):
    p = parts
    p.state.set_catalog(catalog(("lite0", BUNDLED), ("gone", MISSING)))
    finish(p, 1)
    assert p.c.job is None and p.check.jobs == []
    assert p.state.transfer == Transfer(1, ())


def test_these_tests_run_without_torch():
    """Run this module again with ``import torch`` made to fail."""
    env = {**os.environ, "ADVGUI_TESTS_WITHOUT_TORCH": "1", "QT_QPA_PLATFORM": "offscreen"}
    command = [sys.executable, "-m", "pytest", __file__, "-q", "-p", "no:cacheprovider"]
    out = subprocess.run(
        [*command, "-k", "not without_torch"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert out.returncode == 0, out.stdout[-3000:] + out.stderr[-2000:]
