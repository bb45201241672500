"""The one place for what the window shows, and what follows from it.

``AppState`` holds typed facts (the catalog, the loaded model, the image and the model's
input, the clean prediction, the attack settings, the run in progress and the last
result). They change only through its methods, each of which emits the signal for that
kind of change; ``enabled()`` derives, in one place, what the user may do now, and
``enabledChanged`` fires whenever that changes. Controllers change the state; views are
told by signals. Nothing here imports torch: tensors are only carried.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtCore import QCoreApplication, QObject, Signal

from advgui.core.formats import DEFAULT_AMPLIFY
from advgui.core.replay import shrink_history
from advgui.core.settings import DEFAULT_PRESET, PRESETS, AttackSettings
from advgui.gui.catalog import Catalog
from advgui.gui.delta_maps import DeltaMode

if TYPE_CHECKING:
    from PIL.Image import Image
    from torch import Tensor

    from advgui.core.attacks.record import AttackResult, StepRecord
    from advgui.core.models import Classifier
    from advgui.core.predict import Guess
    from advgui.core.replay import StepTape
    from advgui.gui.transfer_facts import Transfer


@dataclass(frozen=True)
class LoadedModel:
    classifier: Classifier
    device: str
    note: str | None  # e.g. "device cuda:1 is not available; using the CPU"
    weights_file: str | None

    @property
    def name(self) -> str:
        return self.classifier.name


@dataclass(frozen=True)
class ModelInput:
    """The image as the loaded model sees it."""

    x: Tensor  # 1 x 3 x H x W in [0, 1]
    rgb: np.ndarray  # the same, H x W x 3 uint8
    caption: str
    pixels: np.ndarray | None = None  # the same, H x W x 3 float32 (None: from rgb)

    def floats(self) -> np.ndarray:
        """The image as H x W x 3 float32 in [0, 1] (what the replay and inspector use)."""
        if self.pixels is not None:
            return self.pixels
        return self.rgb.astype(np.float32) / np.float32(255.0)


@dataclass(frozen=True)
class Frame:
    """An adversarial image and its perturbation, for drawing (the first image of a run)."""

    step: int
    adversarial: np.ndarray  # H x W x 3 uint8
    delta: np.ndarray  # H x W x 3 float32, pixel units


@dataclass(frozen=True)
class FinishedRun:
    """A run that ended with a result: what it attacked, with what, and how it went.

    ``number`` counts the session's runs from 1; ``tape`` holds every step's delta for
    replay, ``frame`` the result's own picture (exact), ``clean`` the clean prediction
    the run started from.
    """

    result: AttackResult
    model: Classifier
    source: Path | None
    outcome: str  # "done" or "stopped"
    number: int = 0
    tape: StepTape | None = None
    frame: Frame | None = None
    clean: tuple[Guess, ...] = ()

    @property
    def last_step(self) -> int:
        history = self.result.history
        return history[-1].step if history else 0

    def record_at(self, step: int) -> StepRecord | None:
        """The history's record of ``step`` (records are kept for every step)."""
        return record_at(self.result.history, step)


def record_at(records: list[StepRecord], step: int) -> StepRecord | None:
    """The record of ``step`` in a run's records (one per step, from step 0)."""
    if 0 <= step < len(records) and records[step].step == step:
        return records[step]
    return next((r for r in records if r.step == step), None)


@dataclass(frozen=True)
class Enabled:
    """What the user may do now; derived from the state, never stored."""

    run: bool
    stop: bool
    save: bool
    choose_model: bool
    edit_settings: bool
    export: bool  # a figure or curves of what ``figure_source`` exports


class AppState(QObject):
    catalogChanged = Signal()
    modelChanged = Signal()
    loadingChanged = Signal()  # a model load started or ended
    inputChanged = Signal()
    predictionChanged = Signal()
    settingsChanged = Signal()
    runStarted = Signal()
    runStepped = Signal(object)  # StepRecord
    runFinished = Signal(str)  # "done", "stopped" or "failed"
    resultChanged = Signal()
    optionsChanged = Signal()  # amplification, delta view, quantize, precision, threads
    busyChanged = Signal(str)  # the newest busy text, "" when idle
    savingChanged = Signal(bool)  # a save started (True) or ended (False)
    historyChanged = Signal()  # a run was added to or removed from ``runs``
    shownChanged = Signal()  # another run is shown (``shown_run``), or two compared
    replayChanged = Signal()  # the step shown (``replay_step``) changed
    transferChanged = Signal()  # other models' verdicts on the shown run (``transfer``)
    enabledChanged = Signal(object)  # Enabled

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.catalog: Catalog | None = None
        self.model: LoadedModel | None = None
        self.loading_model: str | None = None
        self.image_path: Path | None = None
        self.image: Image | None = None
        self.input: ModelInput | None = None
        self.prediction: list[Guess] | None = None
        self.settings: AttackSettings = PRESETS[DEFAULT_PRESET]
        self.settings_error: str | None = None
        self.run_settings: AttackSettings | None = None  # the run in progress
        self.steps_seen = 0
        self.last_record: StepRecord | None = None
        self.last_run: FinishedRun | None = None
        #: The run in progress: its records and its replay tape.
        self.live_records: list[StepRecord] = []
        self.live_tape: StepTape | None = None
        #: Every run of the session that left a result, oldest first.
        self.runs: list[FinishedRun] = []
        self.selected: tuple[int, ...] = ()  # run numbers chosen in the history
        self.replay_step: int | None = None  # None: the newest step (or the result)
        self.saved_runs: set[int] = set()  # numbers of the runs saved at least once
        self.saving = False
        self.evaluating = False  # an evaluation runs (the Evaluate tab's EvalState)
        #: Other models' top-1 on the shown run's adversarial image (TransferController).
        self.transfer: Transfer | None = None
        self.amplify = DEFAULT_AMPLIFY  # delta is drawn (and saved) as amplify * delta + 0.5
        self.delta_view = DeltaMode.AMPLIFIED  # how the window draws delta
        self.quantize = False  # save with the 8-bit PNG itself kept adversarial
        self.full_resolution = False  # save x + delta at the photo's own size too
        self.precision = "auto"  # the passes' number format (advgui.core.precision)
        self.threads: int | None = None  # CPU threads for a run; None: automatic
        self._busy: dict[str, str] = {}
        self._enabled = self.enabled()

    # -- derived facts ------------------------------------------------------------------
    @property
    def label(self) -> int | None:
        """The clean top-1: the class the attack moves away from."""
        return self.prediction[0].index if self.prediction else None

    @property
    def categories(self) -> list[str]:
        return self.catalog.categories if self.catalog is not None else []

    @property
    def result(self) -> AttackResult | None:
        return self.last_run.result if self.last_run is not None else None

    def run(self, number: int) -> FinishedRun | None:
        return next((r for r in self.runs if r.number == number), None)

    def shown_run(self) -> FinishedRun | None:
        """The finished run the views show: the one chosen in the history (the first of
        two compared), else the newest run's result (None once the image or model has
        changed, or while a run goes)."""
        if self.selected:
            return self.run(self.selected[0])
        return None if self.is_running() else self.last_run

    def compared(self) -> tuple[FinishedRun, FinishedRun] | None:
        """The two runs compared side by side, when two are chosen."""
        if len(self.selected) != 2:
            return None
        a, b = self.run(self.selected[0]), self.run(self.selected[1])
        return (a, b) if a is not None and b is not None else None

    def shows_live(self) -> bool:
        """Whether the views follow the run in progress (nothing chosen in the history)."""
        return self.is_running() and not self.selected

    def is_running(self) -> bool:
        return self.run_settings is not None

    def class_name(self, index: int) -> str:
        cats = self.categories
        return cats[index] if 0 <= index < len(cats) else str(index)

    def run_blocker(self) -> str | None:
        """Why Run cannot start now, in the window's words; None when it can."""
        return self.readiness_blocker() or self.settings_blocker()

    def readiness_blocker(self) -> str | None:
        """What Run is waiting for (a load, a prediction, a save), or None."""
        if self.is_running():
            return QCoreApplication.translate("AppState", "An attack is already running.")
        if self.evaluating:
            return QCoreApplication.translate(
                "AppState", "An evaluation is running: stop it in the Evaluate tab first."
            )
        if self.catalog is None or self.loading_model is not None:
            return QCoreApplication.translate(
                "AppState", "Not ready yet: wait for the model to load."
            )
        if self.model is None:
            return QCoreApplication.translate(
                "AppState", "No model is loaded: choose one in the Model box."
            )
        if self.input is None or self.prediction is None:
            return QCoreApplication.translate(
                "AppState", "Not ready yet: wait for the image to be classified."
            )
        if self.saving:
            return QCoreApplication.translate(
                "AppState", "Not ready yet: wait for the save to finish."
            )
        return None

    def settings_blocker(self) -> str | None:
        """Why the settings on screen cannot run (the user has to change them), or None."""
        if self.settings_error is not None:
            return self.settings_error
        target = self.settings.target
        if target is not None and target == self.label:
            return QCoreApplication.translate(
                "AppState",
                "the target '{name}' ({index}) is already what the model sees; "
                "choose another target class",
            ).format(name=self.class_name(target), index=target)
        return None

    def is_ready(self) -> bool:
        """Model loaded, image predicted, nothing running or loading (settings aside)."""
        return (
            self.model is not None
            and self.prediction is not None
            and self.input is not None
            and self.loading_model is None
            and not self.is_running()
            and not self.evaluating
        )

    def enabled(self) -> Enabled:
        running = self.is_running()
        idle = (
            self.catalog is not None
            and self.loading_model is None
            and not running
            and not self.evaluating
        )
        return Enabled(
            # Enabled for a target that equals the clean top-1: pressing Run says why not.
            run=self.readiness_blocker() is None and self.settings_error is None,
            stop=running,
            save=self.shown_run() is not None and not running and not self.saving,
            choose_model=idle,
            edit_settings=not running,
            export=self.shown_run() is not None and not running,
        )

    def busy_text(self) -> str:
        return next(reversed(self._busy.values()), "")

    # -- changes --------------------------------------------------------------------------
    def set_catalog(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self.catalogChanged.emit()
        self._changed()

    def set_loading(self, name: str | None) -> None:
        self.loading_model = name
        self.loadingChanged.emit()
        self._changed()

    def set_model(self, model: LoadedModel) -> None:
        """A new model: the input, prediction and result made with the old one go."""
        self.model = model
        self._clear_from_input()
        self.modelChanged.emit()
        self._changed()

    def set_image(self, path: Path, image: Image) -> None:
        self.image_path, self.image = path, image
        self._clear_from_input()
        self._changed()

    def set_input(self, model_input: ModelInput | None) -> None:
        self._clear_from_input(announce=False)
        self.input = model_input
        self.inputChanged.emit()
        self._changed()

    def set_prediction(self, guesses: list[Guess]) -> None:
        self.prediction = list(guesses)
        self.predictionChanged.emit()
        self._changed()

    def set_settings(self, settings: AttackSettings, error: str | None = None) -> None:
        """The settings on screen; ``error`` says why they cannot run as shown (e.g. a
        target name that matches several classes), and blocks Run until cleared."""
        if settings == self.settings and error == self.settings_error:
            return
        self.settings, self.settings_error = settings, error
        self.settingsChanged.emit()
        self._changed()

    def start_run(self, settings: AttackSettings, tape: StepTape | None = None) -> None:
        self.run_settings = settings
        self.steps_seen, self.last_record = 0, None
        self.live_records, self.live_tape = [], tape
        self.set_result(None)
        self._show((), None)  # the new run is what the views follow
        self.runStarted.emit()
        self._changed()

    def add_step(self, record: StepRecord) -> None:
        self.steps_seen += 1
        self.last_record = record
        self.live_records.append(record)
        self.runStepped.emit(record)

    def tape_step(self, step: int, delta: np.ndarray) -> None:
        """The run in progress's delta after ``step`` updates (before its record)."""
        if self.live_tape is not None:
            self.live_tape.add(step, delta)

    def finish_run(self, outcome: str, finished: FinishedRun | None) -> None:
        self.run_settings = None
        self.live_records, self.live_tape = [], None
        if finished is not None:
            self.runs.append(finished)
            shrink_history([r.tape for r in self.runs if r.tape is not None])
            self.historyChanged.emit()
            self.set_result(finished)
        if not self.selected:  # the views followed this run: now its result
            # A step chosen during the run stays chosen.
            self.replay_step = self.replay_step if finished is not None else None
            self.shownChanged.emit()
        self._changed()
        self.runFinished.emit(outcome)

    def next_run_number(self) -> int:
        return max((r.number for r in self.runs), default=0) + 1

    def select_runs(self, numbers: tuple[int, ...]) -> None:
        """Show the run chosen in the history (or compare two); () shows the newest."""
        numbers = tuple(n for n in numbers if self.run(n) is not None)[:2]
        if numbers != self.selected:
            self._show(numbers, None)
            self._changed()

    def remove_run(self, number: int) -> None:
        """Forget a run of the history (the newest run's result too, if it is that one)."""
        run = self.run(number)
        if run is None:
            return
        self.runs.remove(run)
        self.historyChanged.emit()
        if self.last_run is run:
            self.set_result(None)
        if number in self.selected:
            self._show(tuple(n for n in self.selected if n != number), None)
        self._changed()

    def mark_saved(self, number: int) -> None:
        self.saved_runs.add(number)

    def unsaved_runs(self) -> list[FinishedRun]:
        """The session's runs never saved (lost when the window closes)."""
        return [r for r in self.runs if r.number not in self.saved_runs]

    def set_replay_step(self, step: int | None) -> None:
        """Show the state after ``step`` updates (None: the newest step, or the result)."""
        if step != self.replay_step:
            self.replay_step = step
            self.replayChanged.emit()

    def set_result(self, finished: FinishedRun | None) -> None:
        if finished is None and self.last_run is None:
            return
        self.last_run = finished
        self.resultChanged.emit()
        self._changed()

    def set_saving(self, saving: bool) -> None:
        if saving == self.saving:
            return
        self.saving = saving
        self._changed()
        self.savingChanged.emit(saving)

    def set_transfer(self, transfer: Transfer | None) -> None:
        if transfer != self.transfer:
            self.transfer = transfer
            self.transferChanged.emit()

    def set_evaluating(self, evaluating: bool) -> None:
        """An evaluation started or ended: no attack and no model change meanwhile."""
        if evaluating != self.evaluating:
            self.evaluating = evaluating
            self._changed()

    def set_compute(self, *, precision: str | None = None, threads: int | None = -1) -> None:
        """How the next run computes: ``precision`` and CPU ``threads`` (None: automatic;
        -1 leaves them as they are)."""
        changed = False
        if precision is not None and precision != self.precision:
            self.precision, changed = precision, True
        if threads != -1 and threads != self.threads:
            self.threads, changed = threads, True
        if changed:
            self.optionsChanged.emit()

    def set_view_options(
        self,
        *,
        amplify: float | None = None,
        quantize: bool | None = None,
        delta_view: DeltaMode | None = None,
        full_resolution: bool | None = None,
    ) -> None:
        if amplify is not None and amplify != self.amplify:
            self.amplify = amplify
            self.optionsChanged.emit()
        if delta_view is not None and delta_view is not self.delta_view:
            self.delta_view = delta_view
            self.optionsChanged.emit()
        if quantize is not None and quantize != self.quantize:
            self.quantize = quantize
            self.optionsChanged.emit()
        if full_resolution is not None and full_resolution != self.full_resolution:
            self.full_resolution = full_resolution
            self.optionsChanged.emit()

    def set_busy(self, key: str, text: str | None) -> None:
        """Show ``text`` for the task ``key`` (a load, a save…), or end it (None)."""
        if text is None:
            self._busy.pop(key, None)
        else:
            self._busy.pop(key, None)
            self._busy[key] = text
        self.busyChanged.emit(self.busy_text())

    # -- internals ------------------------------------------------------------------------
    def _show(self, selected: tuple[int, ...], step: int | None) -> None:
        changed = selected != self.selected
        self.selected = selected
        if changed:
            self.replay_step = step
            self.shownChanged.emit()
        else:
            self.set_replay_step(step)

    def _clear_from_input(self, *, announce: bool = True) -> None:
        """Forget what was made from the previous image or model; ``announce`` tells
        the views at once (they must not go on showing the previous picture)."""
        had = self.input is not None or self.prediction is not None
        self.input, self.prediction = None, None
        self.steps_seen, self.last_record = 0, None
        self.set_result(None)
        self._show((), None)  # the new image is what the views show, not a run before it
        if had and announce:
            self.inputChanged.emit()
            self.predictionChanged.emit()

    def _changed(self) -> None:
        now = self.enabled()
        if now != self._enabled:
            self._enabled = now
            self.enabledChanged.emit(now)
