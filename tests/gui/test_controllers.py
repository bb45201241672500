"""The controllers on their own: no window, and no torch (the last test proves it).

Each controller gets an ``AppState``, a real ``JobRunner`` (so the work really runs on
QThreads) and ``Services`` made of fakes: a catalog of two models, a loader that can
refuse, images that are small arrays, runs that yield made-up step records.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest

from advgui.core.errors import ImageLoadError, SaveError, WeightsFileError, WeightsUnavailableError
from advgui.core.settings import PRESETS
from advgui.gui.backend import Services
from advgui.gui.catalog import BUNDLED, MISSING, Catalog, ModelEntry
from advgui.gui.controllers import (
    AttackController,
    ImageController,
    ModelController,
    SaveController,
)
from advgui.gui.jobs import JobRunner
from advgui.gui.state import AppState, FinishedRun, LoadedModel, ModelInput

WAIT_MS = 10_000
ROOT = Path(__file__).resolve().parents[2]
CATEGORIES = [f"class {i}" for i in range(10)]
CATALOG = Catalog(
    models=[ModelEntry("offline", BUNDLED), ModelEntry("big", MISSING)],
    devices=[("cpu", "CPU")],
    categories=CATEGORIES,
    default_model="offline",
    offline_model="offline",
)


def classifier(name: str) -> SimpleNamespace:
    info = SimpleNamespace(offline=name == "offline", input_size=4, square_input=False)
    return SimpleNamespace(name=name, info=info, weights_source="fake")


def guesses(top: int) -> list[SimpleNamespace]:
    order = [top] + [i for i in range(5) if i != top][:4]
    return [
        SimpleNamespace(index=i, name=CATEGORIES[i], prob=0.5 / (k + 1))
        for k, i in enumerate(order)
    ]


class Fakes:
    """Fake core functions; ``refuse[name]`` makes loading ``name`` raise that error."""

    def __init__(self) -> None:
        self.refuse: dict[str, Exception] = {}
        self.loads: list[tuple[str, str, str | None]] = []
        self.saves: list[tuple] = []
        self.released = 0
        self.decode_gate: dict[str, threading.Event] = {}
        self.input_gate: dict[str, threading.Event] = {}  # by model name
        self.run_error: Exception | None = None
        self.computes: list[tuple[str, int | None]] = []

    def load_model(self, name, device, weights_file, progress):
        self.loads.append((name, device, weights_file))
        progress(5, 10)
        if name in self.refuse:
            raise self.refuse[name]
        return LoadedModel(classifier(name), device, None, weights_file)

    def decode_image(self, path):
        gate = self.decode_gate.get(Path(path).name)
        if gate is not None:
            gate.wait(WAIT_MS / 1000)
        if "broken" in Path(path).name:
            raise ImageLoadError(f"{Path(path).name}: not an image file")
        return SimpleNamespace(name=Path(path).name, size=(8, 4))

    def model_input(self, image, model, name):
        gate = self.input_gate.get(model.name)
        if gate is not None:
            gate.wait(WAIT_MS / 1000)
        return ModelInput(
            f"x-of-{image.name}", np.zeros((4, 8, 3), np.uint8), f"{name} for {model.name}"
        )

    def predict(self, model, x):
        return guesses(3)

    def make_run(self, model, x, label, settings, precision="fp32", threads=None):
        self.computes.append((precision, threads))
        return FakeRun(settings, label, self.run_error)

    def to_frame(self, step, x, delta):
        return SimpleNamespace(
            step=step, adversarial=np.zeros((4, 8, 3), np.uint8), delta=np.zeros((4, 8, 3))
        )

    def save(self, model, result, folder, overwrite, quantize, amplify, source, **names):
        self.saves.append((model.name, folder, overwrite, quantize, amplify, source, names))
        return SimpleNamespace(
            paths=[folder / f"{names.get('stem') or 'adversarial'}.png"],
            saved_success=(True,),
            message="saved fine",
            full_message="",
        )

    def existing_outputs(self, folder, stem=None, full_resolution=False):
        names = [f"{stem}.png", f"{stem}.json"] + [f"{stem}-full.png"] * full_resolution
        return [folder / n for n in names if (folder / n).exists()]

    def release_memory(self):
        self.released += 1

    def services(self) -> Services:
        return Services(
            load_catalog=lambda: CATALOG,
            weights_status=lambda name: BUNDLED,
            load_model=self.load_model,
            decode_image=self.decode_image,
            model_input=self.model_input,
            predict=self.predict,
            make_run=self.make_run,
            to_frame=self.to_frame,
            snapshot=lambda delta: np.zeros((4, 8, 3), np.float16),
            save=self.save,
            existing_outputs=self.existing_outputs,
            release_cpu_threads=lambda: None,
            release_memory=self.release_memory,
        )


class FakeRun:
    """Yields ``steps + 1`` records; succeeds from step 1; raises ``error`` at step 2."""

    def __init__(self, settings, label, error) -> None:
        self.settings, self.label, self.error = settings, label, error
        self.history: list = []
        self.x = self.delta = None
        self._stop = False

    def stop(self) -> None:
        self._stop = True

    def __iter__(self):
        steps = self.settings.effective_steps
        for k in range(steps + 1):
            if self.error is not None and k == 2:
                raise self.error
            record = SimpleNamespace(
                step=k,
                total_steps=steps,
                loss=(float(k),),
                p_true=(0.5,),
                p_target=None,
                top1=(7 if k else self.label,),
                top1_prob=(0.4,),
                success=(k > 0,),
                elapsed=0.01 * k,
                top5=(((7 if k else self.label, 0.4),),),
            )
            self.history.append(record)
            yield record
            if self._stop:
                return

    def result(self):
        return SimpleNamespace(
            x=None,
            delta=None,
            history=self.history,
            final=self.history[-1],
            settings=self.settings,
            stopped=len(self.history) <= self.settings.effective_steps,
            early_stopped=False,
        )


@pytest.fixture
def fakes() -> Fakes:
    return Fakes()


@pytest.fixture
def parts(qapp, fakes):
    """A state, a runner and the four controllers wired as the window wires them."""
    state = AppState()
    runner = JobRunner()
    services = fakes.services()
    prompts = SimpleNamespace(
        choose_results_file=lambda name: "", confirm_overwrite=lambda f, n: False
    )
    attack = AttackController(state, runner, services)
    models = ModelController(state, runner, services, stop_run=attack.stop_and_wait)
    images = ImageController(state, runner, services, stop_run=attack.stop_and_wait)
    saving = SaveController(state, runner, services, prompts=prompts)
    yield SimpleNamespace(
        state=state,
        runner=runner,
        attack=attack,
        models=models,
        images=images,
        saving=saving,
        prompts=prompts,
    )
    runner.shutdown()
    attack.shutdown()


def ready(qtbot, parts) -> None:
    """Start up as the window does: catalog, default model, an image, its prediction."""
    parts.models.catalogLoaded.connect(lambda: parts.images.open_pending(Path("cat.png")))
    parts.models.start()
    qtbot.waitUntil(parts.state.is_ready, timeout=WAIT_MS)


# ------------------------------------------------------------------------- models


def test_start_up_loads_the_catalog_the_default_model_and_the_image(qtbot, parts, fakes):
    busy = []
    parts.state.busyChanged.connect(busy.append)
    ready(qtbot, parts)
    s = parts.state
    assert s.catalog == CATALOG and s.model.name == "offline"
    assert s.image_path == Path("cat.png") and s.input.x == "x-of-cat.png"
    assert s.label == 3 and s.run_blocker() is None
    assert s.enabled().run and s.enabled().choose_model and not s.enabled().save
    assert "Loading PyTorch…" in busy and busy[-1] == ""


@pytest.mark.parametrize(
    "error, bad_file",
    [
        (WeightsUnavailableError("big: cannot download the weights"), False),
        (WeightsFileError("/tmp/big.pth: not weights for big"), True),
    ],
)
def test_a_failed_load_keeps_the_previous_model_usable_and_says_so(
    qtbot, parts, fakes, error, bad_file
):
    ready(qtbot, parts)
    fakes.refuse["big"] = error
    offered, messages = [], []
    parts.models.weightsUnavailable.connect(lambda *a: offered.append(a))
    parts.models.message.connect(messages.append)
    assert parts.models.load("big", weights_file="/tmp/big.pth" if bad_file else None)
    assert not parts.state.enabled().choose_model and not parts.state.enabled().run
    qtbot.waitUntil(lambda: bool(offered), timeout=WAIT_MS)
    assert offered == [("big", str(error), bad_file)]
    s = parts.state
    assert s.loading_model is None and s.model.name == "offline"
    assert s.enabled().choose_model and s.enabled().run and s.is_ready()
    assert messages[-1] == "No usable weights for big. Still using offline."


def test_one_load_at_a_time_and_a_run_is_stopped_first(qtbot, parts, fakes):
    ready(qtbot, parts)
    stops = []
    models = ModelController(
        parts.state, parts.runner, fakes.services(), stop_run=lambda: stops.append(1)
    )
    assert models.load("offline")
    assert not models.load("big")  # refused while the first one loads
    assert stops == [1]
    qtbot.waitUntil(parts.state.is_ready, timeout=WAIT_MS)
    assert [name for name, _, _ in fakes.loads] == ["offline", "offline"]


def test_other_load_errors_are_reported_not_offered(qtbot, parts, fakes):
    ready(qtbot, parts)
    fakes.refuse["big"] = RuntimeError("disk on fire")
    errors = []
    parts.models.error.connect(lambda title, exc: errors.append((title, str(exc))))
    parts.models.load("big")
    qtbot.waitUntil(lambda: bool(errors), timeout=WAIT_MS)
    assert errors == [("Cannot load the model", "disk on fire")]
    assert parts.state.model.name == "offline" and parts.state.enabled().run


# ------------------------------------------------------------------------- images


def test_a_new_image_clears_what_the_views_show_at_once(qtbot, parts):
    ready(qtbot, parts)
    seen = []
    parts.state.inputChanged.connect(lambda: seen.append(parts.state.input))
    parts.images.open("other.png")
    parts.images.wait()
    assert seen[0] is None  # the old picture went before the new one was made
    qtbot.waitUntil(lambda: parts.state.input is not None, timeout=WAIT_MS)
    assert seen[-1].x == "x-of-other.png"


def test_an_input_for_a_replaced_model_is_dropped(qtbot, parts, fakes):
    ready(qtbot, parts)
    gate = fakes.input_gate["offline"] = threading.Event()
    parts.models.load("offline")  # the input for this load waits at the gate...
    qtbot.waitUntil(lambda: parts.state.loading_model is None, timeout=WAIT_MS)
    fakes.input_gate.pop("offline")
    parts.models.load("big")  # ... while another model replaces it
    qtbot.waitUntil(parts.state.is_ready, timeout=WAIT_MS)
    assert parts.state.model.name == "big"
    gate.set()
    qtbot.wait(200)  # the stale input arrives, and is dropped
    assert parts.state.input.caption == "cat.png for big"


def test_a_device_chosen_before_any_model_loaded_is_used_by_the_next_load(qtbot, parts, fakes):
    fakes.refuse["offline"] = WeightsUnavailableError("offline: gone")
    parts.models.start()
    qtbot.waitUntil(
        lambda: bool(fakes.loads) and parts.state.loading_model is None, timeout=WAIT_MS
    )
    assert parts.state.model is None
    parts.models.choose_device("cuda:1")
    del fakes.refuse["offline"]
    parts.models.load("offline")
    qtbot.waitUntil(lambda: parts.state.model is not None, timeout=WAIT_MS)
    assert fakes.loads[-1] == ("offline", "cuda:1", None)


def test_a_newer_image_wins_over_one_still_decoding(qtbot, parts, fakes):
    ready(qtbot, parts)
    gate = fakes.decode_gate["slow.png"] = threading.Event()
    parts.images.open("slow.png")
    parts.images.open("fast.png")
    qtbot.waitUntil(lambda: parts.state.image_path == Path("fast.png"), timeout=WAIT_MS)
    gate.set()
    qtbot.waitUntil(parts.state.is_ready, timeout=WAIT_MS)
    qtbot.wait(100)  # the slow answer arrives, and is dropped
    assert parts.state.image_path == Path("fast.png")
    assert parts.state.input.x == "x-of-fast.png"


def test_an_unreadable_image_keeps_everything_as_it_was(qtbot, parts):
    ready(qtbot, parts)
    before = (parts.state.image_path, parts.state.input, parts.state.prediction)
    failed = []
    parts.images.openFailed.connect(lambda path, exc: failed.append((path, str(exc))))
    parts.images.open("broken.png")
    error = parts.images.wait()
    assert isinstance(error, ImageLoadError)
    assert failed == [("broken.png", "broken.png: not an image file")]
    assert (parts.state.image_path, parts.state.input, parts.state.prediction) == before
    assert parts.state.is_ready()


def test_an_image_asked_for_before_the_core_loaded_is_opened_then(qtbot, parts):
    parts.images.open("early.png")
    assert parts.state.image_path is None
    ready(qtbot, parts)
    assert parts.state.image_path == Path("early.png")


# ------------------------------------------------------------------------- attack


def run_to_end(qtbot, parts) -> str:
    with qtbot.waitSignal(parts.state.runFinished, timeout=WAIT_MS) as blocker:
        assert parts.attack.start()
    return blocker.args[0]


def test_a_run_streams_its_steps_into_the_state_and_keeps_its_result(qtbot, parts):
    ready(qtbot, parts)
    parts.state.set_settings(PRESETS["pgd-linf"].replace(steps=4))
    stepped, summaries = [], []
    parts.state.runStepped.connect(lambda r: stepped.append(r.step))
    parts.attack.summary.connect(summaries.append)
    assert run_to_end(qtbot, parts) == "done"
    s = parts.state
    assert stepped == [0, 1, 2, 3, 4] and s.steps_seen == 5
    assert isinstance(s.last_run, FinishedRun) and s.last_run.outcome == "done"
    assert s.last_run.model.name == "offline" and s.last_run.source == Path("cat.png")
    assert summaries and summaries[-1].startswith("Done: fooled the model at step 1 of 4")
    assert s.enabled().save and s.enabled().run and not s.enabled().stop


def test_run_is_blocked_with_the_reason(qtbot, parts):
    errors = []
    parts.attack.error.connect(lambda title, text: errors.append((title, text)))
    messages = []
    parts.attack.message.connect(messages.append)
    assert not parts.attack.start()  # nothing loaded yet
    assert messages[-1].startswith("Not ready yet")
    ready(qtbot, parts)
    parts.state.set_settings(PRESETS["pgd-linf"], "'goldf' matches several classes")
    assert not parts.attack.start()
    assert errors[-1] == ("Cannot run", "'goldf' matches several classes")
    parts.state.set_settings(PRESETS["pgd-linf"].replace(target=3))  # what the model sees
    assert parts.state.enabled().run  # pressing Run says why not:
    assert not parts.attack.start()
    assert "is already what the model sees" in errors[-1][1]
    parts.state.set_settings(PRESETS["pgd-linf"])
    parts.state.set_saving(True)  # a save (with quantize: more steps) on the same model
    assert not parts.state.enabled().run and not parts.attack.start()
    assert messages[-1] == "Not ready yet: wait for the save to finish."
    assert not parts.state.is_running()


def test_out_of_memory_in_a_run_gives_memory_back_and_advice(qtbot, parts, fakes):
    ready(qtbot, parts)
    fakes.run_error = MemoryError()
    errors = []
    parts.attack.error.connect(lambda title, text: errors.append((title, text)))
    parts.state.set_settings(PRESETS["pgd-linf"].replace(steps=5))
    assert run_to_end(qtbot, parts) == "failed"
    assert fakes.released == 1
    assert errors == [
        ("The attack failed", "out of memory during the attack; try a smaller model or image")
    ]
    assert parts.state.last_run is None and parts.state.is_ready()


def test_a_new_image_makes_the_result_stale(qtbot, parts):
    ready(qtbot, parts)
    parts.state.set_settings(PRESETS["pgd-linf"].replace(steps=2))
    run_to_end(qtbot, parts)
    assert parts.state.last_run is not None
    parts.images.open("other.png")
    parts.images.wait()
    assert parts.state.last_run is None and not parts.state.enabled().save


# ------------------------------------------------------------------------- saving


def test_saving_asks_and_respects_the_answers(qtbot, parts, fakes, tmp_path):
    ready(qtbot, parts)
    with pytest.raises(SaveError, match="run an attack first"):
        parts.saving.save(tmp_path)
    parts.state.set_settings(PRESETS["pgd-linf"].replace(steps=2))
    run_to_end(qtbot, parts)
    parts.state.set_view_options(amplify=80.0, quantize=True)

    offered = []
    parts.prompts.choose_results_file = lambda name: offered.append(name) or ""
    parts.saving.save_interactively()  # the file dialog is cancelled
    assert fakes.saves == [] and offered == ["cat-pgd-linf.png"]  # the photo, attack, norm
    for name in ("run.json", "run-full.png", "other.png"):
        (tmp_path / name).write_bytes(b"old")
    parts.prompts.choose_results_file = lambda name: str(tmp_path / "run.png")
    asked = []
    parts.prompts.confirm_overwrite = lambda folder, names: asked.append(names) or False
    parts.saving.save_interactively()  # "replace?" answered no
    assert fakes.saves == [] and asked == [["run.json"]]  # only that save's own files

    parts.state.set_view_options(full_resolution=True)
    parts.prompts.confirm_overwrite = lambda folder, names: names == ["run.json", "run-full.png"]
    with qtbot.waitSignal(parts.saving.saved, timeout=WAIT_MS):
        parts.saving.save_interactively()
    names = {"stem": "run", "full_resolution": True, "create": True}
    assert fakes.saves == [("offline", tmp_path, True, True, 80.0, "cat.png", names)]
    qtbot.waitUntil(lambda: not parts.state.saving, timeout=WAIT_MS)
    assert parts.state.enabled().save

    parts.prompts.choose_results_file = lambda name: str(tmp_path / ".png")
    errors = []
    parts.saving.error.connect(lambda title, exc: errors.append(str(exc)))
    parts.saving.save_interactively()  # a name that names nothing: said, nothing saved
    assert len(fakes.saves) == 1 and "cannot name the saved files" in errors[0]


# ------------------------------------------------------------------------- no torch


def test_these_tests_run_without_torch():
    """Run this module again with ``import torch`` made to fail."""
    env = {**os.environ, "ADVGUI_TESTS_WITHOUT_TORCH": "1", "QT_QPA_PLATFORM": "offscreen"}
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            __file__,
            "-q",
            "-p",
            "no:cacheprovider",
            "-k",
            "not without_torch",
            "-W",
            "error::pytest.PytestUnraisableExceptionWarning",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert out.returncode == 0, out.stdout[-3000:] + out.stderr[-2000:]
    assert " passed" in out.stdout and "failed" not in out.stdout and "error" not in out.stdout
