"""The Evaluate tab's state and controller on their own: no window, and no torch (the
last test proves it). The evaluation is a fake generator of the backend's events; the
plan's checks are the real ones (they need neither Qt nor torch)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

from advgui.core.settings import PRESETS, Attack, AttackSettings, Norm
from advgui.gui.backend import Services
from advgui.gui.catalog import BUNDLED, Catalog, ModelEntry
from advgui.gui.controllers.evaluate import EvaluateController
from advgui.gui.evaluation_backend import EvalServices, Finished, Halted, Started
from advgui.gui.evaluation_plan import EvalRequest, PlanError, make_plan, parse_radii
from advgui.gui.evaluation_state import EvalState
from advgui.gui.jobs import JobRunner
from advgui.gui.state import AppState, LoadedModel

WAIT_MS = 10_000
ROOT = Path(__file__).resolve().parents[2]
PGD4 = AttackSettings(attack=Attack.PGD, steps=4)


def rows_of(name: str, fooled: list[bool]) -> list[dict]:
    eps = [0.5 / 255, 1 / 255]
    return [
        {"file": name, "eps": e, "eps_text": t, "fooled": f, "attacked": True}
        for e, t, f in zip(eps, ["0.5/255", "1/255"], fooled, strict=True)
    ]


def summary_of(rows: list[dict]) -> dict:
    """A summary's shape, counting rows (the real one is tested with the core)."""
    return {
        "rows": len(rows),
        "images": len({r["file"] for r in rows}),
        "eps_text": ["1/255"],
        "robust_accuracy": [0.0],
    }


class FakeEvaluation:
    """``evaluate(job, stopping, load)``: Started, then one image per entry of
    ``images`` (id, fooled per eps); with ``endless``, images until stopped."""

    def __init__(self, images, endless: bool = False) -> None:
        self.images, self.endless = images, endless
        self.jobs = []

    def __call__(self, job, stopping, load_model):
        self.jobs.append(job)
        config = SimpleNamespace(
            model=job.model.name, settings=job.plan.settings, eps=job.plan.eps, min_eps=False
        )
        yield Started(config, {"attack": "pgd-x"}, len(self.images))
        for k, (name, fooled) in enumerate(self.images):
            item = SimpleNamespace(id=name, path=Path("/data") / name)
            done = SimpleNamespace(item=item, rows=rows_of(name, fooled), elapsed=0.1 * (k + 1))
            yield Finished(done, None)
        while self.endless:
            if stopping():
                yield Halted()
                return


@pytest.fixture
def parts(qtbot):
    app = AppState()
    app.set_catalog(
        Catalog(
            models=[ModelEntry("offline", BUNDLED)],
            devices=[("cpu", "CPU")],
            categories=[f"class {i}" for i in range(10)],
            default_model="offline",
            offline_model="offline",
        )
    )
    app.set_model(LoadedModel(SimpleNamespace(name="offline"), "cpu", None, None))
    app.set_settings(PGD4)
    runner = JobRunner()
    exports = []
    evaluation = FakeEvaluation([("a.png", [False, True]), ("b.png", [True, True])])
    services = EvalServices(
        collect=lambda inputs: (2, 1),
        evaluate=evaluation,
        summarize=summary_of,
        existing_exports=lambda folder: [],
        export=lambda *args: exports.append(args) or [args[0] / "results.jsonl"],
    )
    state = EvalState(app)
    controller = EvaluateController(
        app, state, runner, Services(release_cpu_threads=lambda: None), services
    )
    yield SimpleNamespace(
        app=app, ev=state, c=controller, evaluation=evaluation, exports=exports, qtbot=qtbot
    )
    runner.shutdown()


def ready(p, eps="0.5, 1"):
    p.ev.set_request(EvalRequest(eps_text=eps))
    p.c.choose_inputs(["/data"])
    p.qtbot.waitUntil(lambda: p.ev.enabled().run, timeout=WAIT_MS)


def test_a_run_fills_the_state_and_keeps_the_window_from_attacking(parts):
    p = parts
    assert p.ev.run_blocker() == "Choose a folder of images first, or drop one on this tab."
    ready(p)
    assert p.ev.count == (2, 1)
    with p.qtbot.waitSignal(p.ev.runFinished, timeout=WAIT_MS) as done:
        assert p.c.start()
        assert p.app.evaluating and not p.app.enabled().choose_model
        assert p.app.readiness_blocker() == (
            "An evaluation is running: stop it in the Evaluate tab first."
        )
    assert done.args == ["done"]
    assert [i.id for i in p.ev.images] == ["a.png", "b.png"]
    assert p.ev.rows == rows_of("a.png", [False, True]) + rows_of("b.png", [True, True])
    assert p.ev.summary["rows"] == 4
    assert not p.app.evaluating and p.app.enabled().choose_model and p.ev.enabled().export
    (job,) = p.evaluation.jobs
    assert job.plan.eps == (0.5 / 255, 1 / 255) and job.plan.eps_text == ("0.5/255", "1/255")


def test_stop_keeps_what_was_finished(parts):
    p = parts
    p.evaluation.endless = True
    ready(p)
    with p.qtbot.waitSignal(p.ev.runFinished, timeout=WAIT_MS) as done:
        p.c.start()
        p.qtbot.waitUntil(lambda: p.ev.done == 2, timeout=WAIT_MS)
        p.c.stop()
    assert done.args == ["stopped"] and len(p.ev.rows) == 4


def test_open_image_asks_for_the_attack_at_the_radius_chosen(parts):
    p = parts
    ready(p)
    with p.qtbot.waitSignal(p.ev.runFinished, timeout=WAIT_MS):
        p.c.start()
    asked = []
    p.c.openRequested.connect(lambda *args: asked.append(args))
    p.c.open_image(0)  # fooled first at 1/255
    p.c.open_image(1, 0)
    assert asked == [
        ("/data/a.png", PGD4.replace(eps=1 / 255), "offline"),
        ("/data/b.png", PGD4.replace(eps=0.5 / 255), "offline"),
    ]
    p.c.export("/out")
    ((folder, rows, run_info, overwrite),) = p.exports
    assert (folder, rows, run_info, overwrite) == (
        Path("/out"),
        p.ev.rows,
        {"attack": "pgd-x"},
        False,
    )


def test_a_field_that_cannot_run_blocks_run_with_its_line(parts):
    p = parts
    ready(p)
    p.ev.set_request(EvalRequest(eps_text="1, 1"))
    assert p.ev.problem.field == "eps" and not p.ev.enabled().run
    assert p.ev.run_blocker() == "1/255 is given twice"
    p.ev.set_request(EvalRequest(jpeg=True, jpeg_text="101"))
    assert p.ev.problem.field == "jpeg"
    p.ev.set_request(EvalRequest())
    assert p.ev.problem is None and p.ev.enabled().run
    p.app.set_settings(PRESETS["pgd-l2"])  # the Attack tab's settings, now L2
    assert p.ev.problem is None and p.ev.plan.eps == (0.5, 1.0, 2.0, 4.0)


class Answers:
    """The questions the tab asks, answered as told; ``asked`` lists them."""

    def __init__(self, *, replace: bool = False, labels: str = "") -> None:
        self.replace, self.labels = replace, labels
        self.asked: list[tuple] = []

    def confirm_replace_results(self, files: int) -> bool:
        self.asked.append(("replace", files))
        return self.replace

    def choose_labels_file(self) -> str:
        self.asked.append(("labels",))
        return self.labels

    def choose_export_folder(self) -> str:
        return "/out"

    def confirm_overwrite(self, folder: str, names: list[str]) -> bool:
        return True


def run_once(p) -> None:
    with p.qtbot.waitSignal(p.ev.runFinished, timeout=WAIT_MS):
        assert p.c.start_asking()


def test_a_new_run_asks_before_it_replaces_results_not_exported(parts):
    p = parts
    p.c.prompts = answers = Answers(replace=False)
    ready(p)
    run_once(p)  # nothing to replace yet: no question
    assert answers.asked == []
    rows = list(p.ev.rows)

    assert not p.c.start_asking()  # "No": the results stay, nothing starts
    assert answers.asked == [("replace", 2)]
    assert p.ev.rows == rows and not p.ev.running and len(p.evaluation.jobs) == 1
    assert p.ev.enabled().export

    answers.replace = True
    run_once(p)  # "Yes": a new run
    assert len(p.evaluation.jobs) == 2 and answers.asked == [("replace", 2)] * 2

    p.c.export("/out")  # exported: the next run replaces them without asking
    run_once(p)
    assert len(answers.asked) == 2 and len(p.evaluation.jobs) == 3
    p.c.export_interactively()  # exported on a worker this time
    p.qtbot.waitUntil(lambda: p.ev.exported and not p.ev.exporting, timeout=WAIT_MS)
    run_once(p)
    assert len(answers.asked) == 2 and not p.ev.exported  # the new rows are not exported


def test_a_labels_file_goes_into_the_plan_and_can_be_cleared(parts):
    p = parts
    p.c.prompts = Answers(labels="/data/labels.csv")
    ready(p)
    p.c.ask_labels()
    assert p.ev.request.labels == "/data/labels.csv" and p.ev.plan.labels == "/data/labels.csv"
    run_once(p)
    assert p.evaluation.jobs[-1].plan.labels == "/data/labels.csv"
    p.c.set_labels(None)
    assert p.ev.request.labels == "" and p.ev.plan.labels == ""
    p.c.prompts = Answers(labels="")  # cancelled: the labels stay as they were
    p.c.set_labels("/data/other.csv")
    p.c.ask_labels()
    assert p.ev.plan.labels == "/data/other.csv"


def test_the_fields_survive_a_round_trip_through_json():
    request = EvalRequest(
        attack="fgsm",
        eps_text="1, 2",
        transfer=("lite1", "lite2"),
        jpeg=True,
        jpeg_text="95, 50",
        min_eps=True,
        batch=8,
        labels="/data/labels.csv",
    )
    assert EvalRequest.from_dict(json.loads(json.dumps(request.to_dict()))) == request
    # Written by another version, or by hand: what cannot be used keeps its default.
    odd = {"batch": "8", "min_eps": 1, "transfer": ["lite1", 3], "new_field": True}
    assert EvalRequest.from_dict(odd) == EvalRequest(transfer=("lite1",))
    assert EvalRequest.from_dict(["not", "a", "dict"]) == EvalRequest()


@pytest.mark.parametrize(
    ("text", "norm", "eps", "shown"),
    [
        ("0.5, 1, 2", Norm.LINF, (0.5 / 255, 1 / 255, 2 / 255), ("0.5/255", "1/255", "2/255")),
        ("2/255, 0.5 /255", Norm.LINF, (0.5 / 255, 2 / 255), ("0.5/255", "2/255")),
        ("0.25,1", Norm.L2, (0.25, 1.0), ("0.25", "1")),
    ],
)
def test_radii_are_read_as_the_attack_tab_writes_them(text, norm, eps, shown):
    assert parse_radii(text, norm) == (eps, shown)


@pytest.mark.parametrize(
    ("text", "norm", "says"),
    [
        ("", Norm.LINF, "give the radii"),
        ("1,,2", Norm.LINF, "missing between two commas"),
        ("1, x", Norm.LINF, "'x' is not a number"),
        ("300", Norm.LINF, "at most 255"),
        ("0", Norm.LINF, "above 0"),
        ("1/255", Norm.L2, "not in 1/255"),
    ],
)
def test_radii_that_cannot_run_say_why_in_one_line(text, norm, says):
    with pytest.raises(PlanError, match=says) as caught:
        parse_radii(text, norm)
    assert caught.value.field == "eps" and "--" not in str(caught.value)


def test_a_preset_is_planned_with_its_own_settings():
    plan = make_plan(EvalRequest(attack="fgsm", eps_text="1, 4"), PGD4)
    assert plan.settings == PRESETS["fgsm"].replace(eps=1 / 255) and plan.preset == "fgsm"


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
