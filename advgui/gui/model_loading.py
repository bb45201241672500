"""Importing the core at start-up and loading models, both off the GUI thread.

Start-up: the window shows, then ``import_core`` imports torch on a worker and lists
models, devices and class names; then the default model loads, and the window opens
the bundled cat. One model loads at a time; the model box is disabled meanwhile. When
weights are missing (offline) or unusable, a dialog offers a local weights file or the
offline model, and the model loaded before stays in use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QMessageBox

from advgui.core.errors import AdvguiError
from advgui.core.paths import sample
from advgui.gui import dialogs
from advgui.gui.widgets.model_box import MISSING
from advgui.gui.worker import FunctionWorker, Job, LoadCancelled, ModelLoader

if TYPE_CHECKING:
    from advgui.gui.main_window import MainWindow


class ModelLoading(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.w = window
        self.job: Job | None = None
        self.name = ""  # the model being loaded
        box = window.model_box
        box.modelChosen.connect(self._on_model_chosen)
        box.deviceChosen.connect(self._on_device_chosen)
        box.weightsFileRequested.connect(self._on_weights_file_requested)
        window.actions.weights.triggered.connect(self._on_weights_file_requested)
        window.actions.offline.triggered.connect(self.use_offline_model)

    # -- start-up -------------------------------------------------------------------------
    def import_core(self) -> None:
        if self.w.closing:
            return
        from advgui.gui.backend import load_catalog

        worker = FunctionWorker(load_catalog)
        worker.succeeded.connect(self._on_catalog_loaded)
        worker.failed.connect(self._on_catalog_failed)
        self.w.start_job(worker)

    def _on_catalog_loaded(self, catalog: Any) -> None:
        w = self.w
        if w.closing:
            return
        w.catalog = catalog
        w.model_box.set_models(catalog.models)
        w.model_box.set_devices(catalog.devices)
        w.form.set_categories(catalog.categories)
        entries = {e.name: e for e in catalog.models}
        wanted = w.prefs.text("model/name")
        if wanted not in entries or entries[wanted].status == MISSING:
            wanted = catalog.default_model
        device = w.prefs.text("model/device", "cpu")
        w.model_box.select_device(device)
        # The saved device, even if it is gone: the loader falls back to the CPU and says so.
        self.load(wanted, device=device)
        path, w.pending_image = w.pending_image, None
        w.open_reporting(path or sample("cat"))

    def _on_catalog_failed(self, exc: BaseException) -> None:
        self.w.set_busy(None)
        self.w.report_error("Cannot start", exc, prefix="Loading PyTorch failed: ")

    # -- loading --------------------------------------------------------------------------
    def loading(self) -> bool:
        return self.job is not None and self.job.is_running()

    def load(
        self, name: str, *, weights_file: str | None = None, device: str | None = None
    ) -> None:
        """Load ``name`` in the background (one load at a time) on ``device``, by default
        the one chosen in the model box."""
        w = self.w
        if self.loading():
            return
        w.session.stop_and_flush()
        device = device or w.model_box.device_name()
        worker = ModelLoader(name, device=device, weights_file=weights_file)
        worker.progress.connect(self._on_progress)
        worker.succeeded.connect(self._on_loaded)
        worker.failed.connect(self._on_failed)
        worker.finished.connect(w.update_enabled)
        self.name = name
        w.set_busy(f"Loading {name}…")
        w.statusBar().showMessage(f"Loading model {name}…")
        self.job = w.start_job(worker)
        w.update_enabled()

    def _on_progress(self, done: int, total: int) -> None:
        busy, mb = self.w.busy, 1024 * 1024
        if total:
            busy.setRange(0, 1000)
            busy.setValue(int(1000 * done / total))
            busy.setFormat(f"{done / mb:.1f} / {total / mb:.1f} MB")
        else:
            busy.setFormat(f"{done / mb:.1f} MB")
        self.w.statusBar().showMessage(f"Downloading weights for {self.name}…")

    def _on_loaded(self, loaded: Any) -> None:
        w = self.w
        if w.closing:
            return
        w.set_busy(None)
        w.loaded = loaded
        name, info = loaded.model.name, loaded.model.info
        w.model_box.select_model(name)
        if w.catalog is not None:
            from advgui.gui.backend import refresh_entry

            w.model_box.set_models(refresh_entry(w.catalog.models, name))
        w.model_box.select_device(loaded.device)  # the device really used, after a fallback
        source = "bundled with advgui, no download" if info.offline else loaded.model.weights_source
        status = f"Input {info.input_size} px · weights: {source}"
        if loaded.note:  # e.g. the device asked for is absent: kept in view, not just flashed
            status += f"\n{loaded.note[:1].upper()}{loaded.note[1:]}."
        w.model_box.set_status(status)
        w.model_label.setText(f"{name} on {loaded.device}")
        w.statusBar().showMessage(loaded.note or f"Model {name} ready on {loaded.device}.")
        w.prefs.set_text("model/name", name)
        if w.image is not None:
            w.prepare_input()

    def _on_failed(self, exc: BaseException) -> None:
        w = self.w
        w.set_busy(None)
        if w.closing or isinstance(exc, LoadCancelled):
            return
        if w.loaded is not None:
            w.model_box.select_model(w.loaded.model.name)
        if isinstance(exc, AdvguiError) and exc.exit_code == 3:  # weights missing or unusable
            w.last_error = str(exc)
            w.statusBar().showMessage(f"No usable weights for {self.name}.")
            from advgui.core.errors import WeightsFileError

            bad = isinstance(exc, WeightsFileError)
            box = dialogs.weights_dialog(w, self.name, str(exc), bad_file=bad)
            box.finished.connect(lambda _r, b=box, n=self.name: self._on_dialog_done(b, n))
            box.open()
        else:
            w.report_error("Cannot load the model", exc)

    def _on_dialog_done(self, box: QMessageBox, name: str) -> None:
        clicked = box.clickedButton()
        if clicked is box.file_button:
            self.ask_weights_file(name)
        elif clicked is box.offline_button:
            self.use_offline_model()

    # -- user choices ---------------------------------------------------------------------
    def _on_model_chosen(self, name: str) -> None:
        self.load(name)

    def _on_device_chosen(self, device: str) -> None:
        loaded = self.w.loaded
        if loaded is not None and device != loaded.device:
            self.load(loaded.model.name, weights_file=loaded.weights_file)

    def _on_weights_file_requested(self) -> None:
        w = self.w
        name = w.model_box.model_name() or (w.catalog.default_model if w.catalog else "")
        if name:
            self.ask_weights_file(name)

    def ask_weights_file(self, name: str) -> None:
        w = self.w
        path = dialogs.choose_weights_file(w, w.prefs.folder("weights"), name)
        if path:
            w.prefs.set_folder("weights", path)
            self.load(name, weights_file=path)

    def use_offline_model(self) -> None:
        from advgui.core.models import OFFLINE_MODEL

        self.load(OFFLINE_MODEL)
