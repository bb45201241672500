"""Importing the core at start-up and loading models, both off the GUI thread.

``start`` imports torch on a worker and lists models, devices and class names
(``catalogLoaded`` follows); ``load`` loads one model at a time, asking first when it
would download weights. When weights are missing (offline) or unusable,
``weightsUnavailable`` offers the user a choice, and the model loaded before stays loaded
and usable whatever the user chooses.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from PySide6.QtCore import QCoreApplication, QTimer, Signal

from advgui.core.errors import ErrorKind, WeightsFileError, classify
from advgui.gui.backend import Services
from advgui.gui.catalog import MISSING
from advgui.gui.controllers.base import Controller
from advgui.gui.error_text import user_text
from advgui.gui.jobs import FunctionWorker, JobRunner
from advgui.gui.state import AppState, LoadedModel
from advgui.gui.workers import LoadCancelled, ModelLoader

BUSY = "model"


class ModelPrompts(Protocol):
    """The questions loading a model may ask (``dialogs.DialogPrompts`` has them)."""

    def choose_weights_file(self, model: str) -> str: ...  # "" when cancelled

    def confirm_download(self, model: str, size_mb: float | None, folder: str) -> bool: ...


class ModelController(Controller):
    catalogLoaded = Signal()
    progress = Signal(int, int)  # bytes done, bytes in all (0 when unknown)
    weightsUnavailable = Signal(str, str, bool)  # model, the core's line, a bad file?

    def __init__(
        self,
        state: AppState,
        runner: JobRunner,
        services: Services,
        *,
        stop_run: Callable[[], None] = lambda: None,
        prompts: ModelPrompts | None = None,
    ) -> None:
        super().__init__(state, runner, services)
        self._stop_run = stop_run
        self.prompts = prompts
        self._preferred: tuple[str, str] = ("", "cpu")

    # -- start-up -------------------------------------------------------------------------
    def start(self, model: str = "", device: str = "cpu", *, delay_ms: int = 0) -> None:
        """Import the core on a worker, then load ``model`` (if it can be) on ``device``.

        ``delay_ms`` lets the window paint first: the import holds the interpreter a while.
        """
        self._preferred = (model, device)
        self.state.set_busy(
            "core", QCoreApplication.translate("ModelController", "Loading PyTorch…")
        )
        self.message.emit(
            QCoreApplication.translate(
                "ModelController", "Loading PyTorch… (the window is usable meanwhile)"
            )
        )
        QTimer.singleShot(delay_ms, self._import_core)

    def _import_core(self) -> None:
        if self.closing:
            return
        worker = FunctionWorker(self.services.load_catalog)
        worker.succeeded.connect(self._on_catalog_loaded)
        worker.failed.connect(self._on_catalog_failed)
        self.runner.start(worker)

    def _on_catalog_loaded(self, catalog) -> None:
        if self.closing:
            return
        self.state.set_busy("core", None)
        self.state.set_catalog(catalog)
        wanted, device = self._preferred
        entry = catalog.entry(wanted)
        if entry is None or entry.status == MISSING:
            wanted = catalog.default_model
        # The saved device, even if it is gone: the loader falls back to the CPU and says so.
        self.load(wanted, device=device)
        self.catalogLoaded.emit()

    def _on_catalog_failed(self, exc: BaseException) -> None:
        self.state.set_busy("core", None)
        self.error.emit(QCoreApplication.translate("ModelController", "Cannot start"), exc)

    # -- loading --------------------------------------------------------------------------
    def load(
        self, name: str, *, weights_file: str | None = None, device: str | None = None
    ) -> bool:
        """Load ``name`` in the background on ``device`` (default: the one in use, else the
        one asked for at start-up); False when a load is already going on, or the user
        declined the download it needs (then nothing changes). A run is stopped first."""
        if self.state.loading_model is not None or self.closing:
            return False
        if weights_file is None and not self._download_agreed(name):
            return False
        self._stop_run()
        worker = ModelLoader(
            self.services.load_model,
            name,
            device=device or self._device(),
            weights_file=weights_file,
        )
        worker.progress.connect(self._on_progress)
        worker.succeeded.connect(self._on_loaded)
        worker.failed.connect(self._on_failed)
        self.state.set_loading(name)
        self.state.set_busy(
            BUSY, QCoreApplication.translate("ModelController", "Loading {name}…").format(name=name)
        )
        self.message.emit(
            QCoreApplication.translate("ModelController", "Loading model {name}…").format(name=name)
        )
        self.runner.start(worker)
        return True

    def _on_progress(self, done: int, total: int) -> None:
        self.progress.emit(done, total)
        self.message.emit(
            QCoreApplication.translate("ModelController", "Downloading weights for {name}…").format(
                name=self.state.loading_model
            )
        )

    def _on_loaded(self, loaded: LoadedModel) -> None:
        if self.closing:
            return
        state = self.state
        if state.catalog is not None and state.catalog.entry(loaded.name) is not None:
            # A download puts the weights on disk: the list says so from now on.
            state.set_catalog(
                state.catalog.with_status(loaded.name, self.services.weights_status(loaded.name))
            )
        state.set_model(loaded)
        self._done_loading()  # after the new model is in: views never see the old one again
        ready = QCoreApplication.translate("ModelController", "Model {name} ready on {device}.")
        self.message.emit(loaded.note or ready.format(name=loaded.name, device=loaded.device))

    def _on_failed(self, exc: BaseException) -> None:
        name = self.state.loading_model or ""
        self._done_loading()
        if self.closing or isinstance(exc, LoadCancelled):
            return
        kept = self.state.model
        if classify(exc) is ErrorKind.WEIGHTS:
            if kept is not None:
                line = QCoreApplication.translate(
                    "ModelController", "No usable weights for {name}. Still using {kept}."
                )
            else:
                line = QCoreApplication.translate(
                    "ModelController", "No usable weights for {name}."
                )
            self.message.emit(line.format(name=name, kept=kept.name if kept else ""))
            bad_file = isinstance(exc, WeightsFileError)
            # What happened, in the window's terms (a WeightsUnavailableError's template is
            # its ``problem``, without the command line's remedy): the dialog offers remedies.
            self.weightsUnavailable.emit(name, user_text(exc), bad_file)
        else:
            self.error.emit(
                QCoreApplication.translate("ModelController", "Cannot load the model"), exc
            )

    def _download_agreed(self, name: str) -> bool:
        """Whether loading ``name`` may go on: yes unless it would download weights and
        the user, asked what and where, declines (the status bar then says so)."""
        catalog = self.state.catalog
        entry = catalog.entry(name) if catalog is not None else None
        if entry is None or entry.status != MISSING or self.prompts is None:
            return True
        if self.services.weights_status(name) != MISSING:  # fetched since, e.g. by the CLI
            return True
        if self.prompts.confirm_download(name, entry.download_mb, catalog.weights_folder):
            return True
        kept = self.state.model
        if kept is not None:
            line = QCoreApplication.translate(
                "ModelController", "{name} not downloaded. Still using {kept}."
            )
        else:
            line = QCoreApplication.translate("ModelController", "{name} not downloaded.")
        self.message.emit(line.format(name=name, kept=kept.name if kept else ""))
        return False

    def _done_loading(self) -> None:
        self.state.set_busy(BUSY, None)
        self.state.set_loading(None)

    # -- user choices ---------------------------------------------------------------------
    def choose_device(self, device: str) -> None:
        """Reload the current model on ``device`` (nothing to do if it is already there)."""
        loaded = self.state.model
        if loaded is None:  # nothing to move: the next load goes there
            self._preferred = (self._preferred[0], device)
        elif device != loaded.device:
            self.load(loaded.name, weights_file=loaded.weights_file, device=device)

    def _device(self) -> str:
        return self.state.model.device if self.state.model else self._preferred[1]

    def ask_weights_file(self, name: str = "") -> None:
        """Ask for a weights file for ``name`` (default: the model in use) and load it."""
        name = name or self.current_name()
        if name and self.prompts is not None and (path := self.prompts.choose_weights_file(name)):
            self.load(name, weights_file=path)

    def use_offline_model(self) -> None:
        if self.state.catalog is not None:
            self.load(self.state.catalog.offline_model)

    def current_name(self) -> str:
        """The model a weights file would be for: the one loaded, else the default."""
        if self.state.model is not None:
            return self.state.model.name
        return self.state.catalog.default_model if self.state.catalog else ""
