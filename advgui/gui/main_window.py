"""The main window: parameters on the left, pictures and predictions, the live plot below.

The window never imports torch itself at start-up: it appears first, then a worker
imports the core (``backend.load_catalog``), then the default model loads on another
worker, then the bundled cat is shown and predicted, and Run is enabled.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from advgui.core.errors import AdvguiError, ImageLoadError, SaveError, SettingsError
from advgui.core.paths import sample
from advgui.gui import dialogs
from advgui.gui.actions import build_menus
from advgui.gui.prefs import Prefs
from advgui.gui.session import AttackSession
from advgui.gui.widgets.attack_form import AttackForm
from advgui.gui.widgets.loss_plot import LossPlot
from advgui.gui.widgets.model_box import ModelBox
from advgui.gui.widgets.results import ResultsPanel
from advgui.gui.widgets.run_bar import RunBar
from advgui.gui.worker import FunctionWorker, Job, ModelLoader

DEFAULT_SIZE = (1400, 900)
IMAGE_FILTER = "Images (*.png *.jpg *.jpeg *.bmp *.gif *.tif *.tiff *.webp *.ppm *.pgm)"


class _FitScroll(QScrollArea):
    """A scroll area as tall as its content when there is room, scrolling when not."""

    def setWidget(self, widget: QWidget) -> None:  # noqa: N802 (Qt override)
        super().setWidget(widget)
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.LayoutRequest:
            self.updateGeometry()  # the content's size changed: ask for a new height
        return False

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        hint = self.widget().sizeHint()
        return hint.grownBy(self.contentsMargins())


def _getting_started() -> QLabel:
    label = QLabel(
        "<b>How to</b><ol style='margin-left:-20px'>"
        "<li>Open an image (Ctrl+O), or drop one on the window.</li>"
        "<li>Pick a preset, or set the attack by hand.</li>"
        "<li>Run (Ctrl+R) and watch; Esc stops.</li>"
        "<li>Save the results (Ctrl+S).</li></ol>"
    )
    label.setObjectName("howTo")
    label.setWordWrap(True)
    label.setStyleSheet("color: palette(mid);")
    return label


class MainWindow(QMainWindow):
    """Public API for scripts and tests: ``open_image``, ``run_attack``, ``stop_attack``,
    ``save_results``, ``is_ready`` and the ``run_finished(outcome)`` signal
    (outcome ``"done"``, ``"stopped"`` or ``"failed"``).
    """

    run_finished = Signal(str)
    ready_changed = Signal(bool)

    def __init__(self, *, prefs: Prefs | None = None, image: str | None = None) -> None:
        super().__init__()
        self.prefs = prefs or Prefs()
        self.setWindowTitle("advgui")
        self.setAcceptDrops(True)
        self.catalog = None
        self.loaded = None  # worker.LoadedModel
        self.image = None  # PIL image as loaded
        self.image_path: Path | None = None
        self.x = self.label = self.clean_top5 = None
        self.last_error: str | None = None
        self._pending_image = image
        self._input_token = 0
        self._jobs: list[Job] = []
        self._model_job: Job | None = None
        self._closing = False
        self._saving = False
        self._started = False
        self._build()
        self.session = AttackSession(self)
        self._restore()
        self._update_enabled()

    # -- layout -------------------------------------------------------------------------
    def _build(self) -> None:
        self.model_box = ModelBox()
        self.form = AttackForm()
        self.run_bar = RunBar()
        self.results = ResultsPanel()
        self.plot = LossPlot()
        self.plot.setObjectName("lossPlot")

        controls = QWidget()
        col = QVBoxLayout(controls)
        col.setContentsMargins(0, 0, 6, 0)
        col.addWidget(self.model_box)
        col.addWidget(self.form)
        scroll = _FitScroll()
        scroll.setWidget(controls)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        left = QWidget()
        left_col = QVBoxLayout(left)
        left_col.setContentsMargins(0, 0, 0, 0)
        left_col.addWidget(scroll)
        left_col.addSpacing(6)
        left_col.addWidget(self.run_bar)
        left_col.addStretch(1)
        left_col.addWidget(_getting_started())
        left.setMinimumWidth(330)
        left.setMaximumWidth(460)

        self.right_split = QSplitter(Qt.Orientation.Vertical)
        self.right_split.addWidget(self.results)
        self.right_split.addWidget(self.plot)
        self.right_split.setStretchFactor(0, 3)
        self.right_split.setStretchFactor(1, 2)
        self.right_split.setSizes([560, 300])
        self.right_split.setChildrenCollapsible(False)
        self.main_split = QSplitter(Qt.Orientation.Horizontal)
        self.main_split.addWidget(left)
        self.main_split.addWidget(self.right_split)
        self.main_split.setStretchFactor(1, 1)
        self.main_split.setChildrenCollapsible(False)
        self.main_split.setHandleWidth(10)
        self.right_split.setHandleWidth(10)
        outer = QWidget()
        lay = QVBoxLayout(outer)
        lay.setContentsMargins(10, 8, 10, 4)
        lay.addWidget(self.main_split)
        self.setCentralWidget(outer)

        self.busy = QProgressBar(objectName="busyBar")
        self.busy.setMaximumWidth(220)
        self.busy.setTextVisible(True)
        self.busy.hide()
        self.model_label = QLabel("")
        self.statusBar().addPermanentWidget(self.busy)
        self.statusBar().addPermanentWidget(self.model_label)

        self.actions = build_menus(self)
        a = self.actions
        a.open.triggered.connect(self._on_open_triggered)
        for name, action in a.samples.items():
            action.triggered.connect(lambda _=False, n=name: self._open_reporting(sample(n)))
        a.save.triggered.connect(self._on_save_triggered)
        a.quit.triggered.connect(self.close)
        a.run.triggered.connect(self.run_attack)
        a.stop.triggered.connect(self.stop_attack)
        a.weights.triggered.connect(self._on_weights_file_requested)
        a.offline.triggered.connect(self._use_offline_model)
        a.about.triggered.connect(self._on_about_triggered)
        self.run_bar.runRequested.connect(self.run_attack)
        self.run_bar.stopRequested.connect(self.stop_attack)
        self.model_box.modelChosen.connect(self._on_model_chosen)
        self.model_box.deviceChosen.connect(self._on_device_chosen)
        self.model_box.weightsFileRequested.connect(self._on_weights_file_requested)
        self.form.settingsChanged.connect(self._on_settings_changed)

    def _restore(self) -> None:
        geometry = self.prefs.blob("window/geometry")
        if geometry is None or not self.restoreGeometry(geometry):
            screen = self.screen().availableGeometry()
            self.resize(
                min(DEFAULT_SIZE[0], int(screen.width() * 0.95)),
                min(DEFAULT_SIZE[1], int(screen.height() * 0.92)),
            )
        for key, split in (("window/main", self.main_split), ("window/right", self.right_split)):
            state = self.prefs.blob(key)
            if state is not None:
                split.restoreState(state)
        saved = self.prefs.attack_settings()
        if saved is not None:
            self.form.set_settings(saved)
        self.results.amplify_spin.setValue(self.prefs.number("view/amplify", 50.0))
        self.actions.quantize.setChecked(self.prefs.number("save/quantize", 0.0) > 0)

    def _remember(self) -> None:
        self.prefs.set_blob("window/geometry", self.saveGeometry())
        self.prefs.set_blob("window/main", self.main_split.saveState())
        self.prefs.set_blob("window/right", self.right_split.saveState())
        try:
            self.prefs.set_attack_settings(self.form.settings())
        except SettingsError:
            pass
        self.prefs.set_number("view/amplify", self.results.amplify())
        self.prefs.set_number("save/quantize", float(self.actions.quantize.isChecked()))
        if self.loaded is not None:
            self.prefs.set_text("model/name", self.loaded.model.name)
            self.prefs.set_text("model/device", self.model_box.device_name())
        self.prefs.sync()

    # -- start-up -----------------------------------------------------------------------
    def showEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt override)
        super().showEvent(event)
        if not self._started:
            self._started = True
            self._set_busy("Loading PyTorch…")
            self.statusBar().showMessage("Loading PyTorch… (the window is usable meanwhile)")
            # Let the window paint before the import takes the interpreter for a while.
            QTimer.singleShot(50, self._start_core_import)

    def _start_core_import(self) -> None:
        if self._closing:
            return
        from advgui.gui.backend import load_catalog

        worker = FunctionWorker(load_catalog)
        worker.succeeded.connect(self._on_catalog_loaded)
        worker.failed.connect(self._on_catalog_failed)
        self.start_job(worker)

    def _on_catalog_loaded(self, catalog: object) -> None:
        if self._closing:
            return
        self.catalog = catalog
        self.model_box.set_models(catalog.models)
        self.model_box.set_devices(catalog.devices)
        self.form.set_categories(catalog.categories)
        names = {e.name: e for e in catalog.models}
        wanted = self.prefs.text("model/name")
        entry = names.get(wanted)
        if entry is None or entry.status == "needs download":
            wanted = catalog.default_model
        self.model_box.select_device(self.prefs.text("model/device", "cpu"))
        self.load_model(wanted)
        path, self._pending_image = self._pending_image, None
        self._open_reporting(path or sample("cat"))

    def _on_catalog_failed(self, exc: BaseException) -> None:
        self._set_busy(None)
        self.report_error("Cannot start", exc, prefix="Loading PyTorch failed: ")

    # -- jobs ---------------------------------------------------------------------------
    def start_job(self, worker: object) -> Job:
        """Run ``worker`` on its own thread; the window keeps it until it ends."""
        if self._closing:
            raise RuntimeError("the window is closing")
        self._jobs = [j for j in self._jobs if j.is_running()]
        job = Job(worker)
        self._jobs.append(job)
        return job.start()

    def shutdown(self) -> None:
        """Stop every worker and wait for its thread (idempotent)."""
        self._closing = True
        self.session.timer.stop()
        for job in self._jobs:
            job.stop()
        for job in self._jobs:
            job.wait()
        self._jobs.clear()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt override)
        if not self._closing:
            self._remember()
        self.shutdown()
        super().closeEvent(event)

    # -- model --------------------------------------------------------------------------
    def load_model(self, name: str, *, weights_file: str | None = None) -> None:
        """Load ``name`` on the chosen device in the background (one load at a time)."""
        if self._model_job is not None and self._model_job.is_running():
            return
        self.session.stop_and_flush()
        worker = ModelLoader(name, device=self.model_box.device_name(), weights_file=weights_file)
        worker.progress.connect(self._on_model_progress)
        worker.succeeded.connect(self._on_model_loaded)
        worker.failed.connect(self._on_model_failed)
        worker.finished.connect(self._update_enabled)
        self._loading_name = name
        self._set_busy(f"Loading {name}…")
        self.statusBar().showMessage(f"Loading model {name}…")
        self._model_job = self.start_job(worker)
        self._update_enabled()

    def model_loading(self) -> bool:
        return self._model_job is not None and self._model_job.is_running()

    def _on_model_progress(self, done: int, total: int) -> None:
        mb = 1024 * 1024
        if total:
            self.busy.setRange(0, 1000)
            self.busy.setValue(int(1000 * done / total))
            self.busy.setFormat(f"{done / mb:.1f} / {total / mb:.1f} MB")
        else:
            self.busy.setFormat(f"{done / mb:.1f} MB")
        self.statusBar().showMessage(f"Downloading weights for {self._loading_name}…")

    def _on_model_loaded(self, loaded: object) -> None:
        if self._closing:
            return
        self._set_busy(None)
        self.loaded = loaded
        name = loaded.model.name
        self.model_box.select_model(name)
        if self.catalog is not None:
            from advgui.gui.backend import refresh_entry

            self.model_box.set_models(refresh_entry(self.catalog.models, name))
        info = loaded.model.info
        source = "bundled with advgui, no download" if info.offline else loaded.model.weights_source
        self.model_box.set_status(f"Input {info.input_size} px · weights: {source}")
        self.model_label.setText(f"{name} on {loaded.device}")
        self.statusBar().showMessage(loaded.note or f"Model {name} ready on {loaded.device}.")
        self.prefs.set_text("model/name", name)
        if self.image is not None:
            self._prepare_input()

    def _on_model_failed(self, exc: BaseException) -> None:
        from advgui.gui.worker import LoadCancelled

        self._set_busy(None)
        if self._closing or isinstance(exc, LoadCancelled):
            return
        name = self._loading_name
        if self.loaded is not None:
            self.model_box.select_model(self.loaded.model.name)
        if isinstance(exc, AdvguiError) and exc.exit_code == 3:
            self.last_error = str(exc)
            self.statusBar().showMessage(f"No weights for {name}.")
            box = dialogs.weights_dialog(self, name, str(exc))
            box.finished.connect(lambda _r, b=box, n=name: self._on_weights_dialog_done(b, n))
            box.open()
        else:
            self.report_error("Cannot load the model", exc)

    def _on_weights_dialog_done(self, box: QMessageBox, name: str) -> None:
        clicked = box.clickedButton()
        if clicked is box.file_button:
            self._ask_weights_file(name)
        elif clicked is box.offline_button:
            self._use_offline_model()

    def _on_model_chosen(self, name: str) -> None:
        self.load_model(name)

    def _on_device_chosen(self, device: str) -> None:
        if self.loaded is not None and device != self.loaded.device:
            self.load_model(self.loaded.model.name, weights_file=self.loaded.weights_file)

    def _on_weights_file_requested(self) -> None:
        name = self.model_box.model_name() or (self.catalog.default_model if self.catalog else "")
        if name:
            self._ask_weights_file(name)

    def _ask_weights_file(self, name: str) -> None:
        path = dialogs.choose_weights_file(self, self.prefs.folder("weights"), name)
        if path:
            self.prefs.set_folder("weights", path)
            self.load_model(name, weights_file=path)

    def _use_offline_model(self) -> None:
        from advgui.core.models import OFFLINE_MODEL

        self.load_model(OFFLINE_MODEL)

    # -- image --------------------------------------------------------------------------
    def open_image(self, path: str | Path) -> None:
        """Show the image at ``path`` and predict it, without dialogs.

        Raises ImageLoadError (one line) and keeps the previous image when the file
        cannot be read. Before PyTorch has loaded, the path is kept and opened then.
        """
        if self.catalog is None:
            self._pending_image = str(path)
            self.statusBar().showMessage(f"Will open {Path(path).name} once PyTorch has loaded.")
            return
        from advgui.core.imaging import load_image

        image = load_image(path)
        self.session.stop_and_flush()
        self.image, self.image_path = image, Path(path)
        self.prefs.set_folder("open", self.image_path)
        self.setWindowTitle(f"{self.image_path.name} — advgui")
        self._prepare_input()

    def _open_reporting(self, path: str | Path) -> bool:
        try:
            self.open_image(path)
        except ImageLoadError as exc:
            self.report_error("Cannot open image", exc)
            return False
        return True

    def _prepare_input(self) -> None:
        """Make the model's input from the image, show it, and predict it."""
        self.x = self.label = self.clean_top5 = None
        self.session.clear()
        if self.loaded is None:
            self._update_enabled()
            return
        from advgui.gui.backend import model_input, predict_top5

        info = self.loaded.model.info
        self.x, rgb = model_input(self.image, info)
        h, w = rgb.shape[:2]
        iw, ih = self.image.size
        crop = ", centre crop" if info.square_input else ""
        self.results.set_original(
            rgb, f"{self.image_path.name}: {iw}×{ih}, model sees {w}×{h}{crop}"
        )
        self.results.original_top5.clear("Predicting…")
        self._input_token += 1
        worker = FunctionWorker(predict_top5, self.loaded.model, self.x, self._input_token)
        worker.succeeded.connect(self._on_predicted)
        worker.failed.connect(self._on_predict_failed)
        self.start_job(worker)
        self._update_enabled()

    def _on_predicted(self, tagged: tuple) -> None:
        token, guesses = tagged
        if self._closing or token != self._input_token:
            return
        self.clean_top5 = guesses
        self.label = guesses[0].index
        self.results.set_original_top5(guesses, true_class=self.label)
        top = guesses[0]
        self.statusBar().showMessage(
            f"Ready: {self.loaded.model.name} sees '{top.name}' ({top.index}) at "
            f"{top.prob:.0%}. Press Run attack (Ctrl+R)."
        )
        self._update_enabled()

    def _on_predict_failed(self, exc: BaseException) -> None:
        if not self._closing:
            self.results.original_top5.clear("")
            self.report_error("Cannot classify the image", exc)

    def is_ready(self) -> bool:
        """True when Run can start: model loaded, image predicted, no attack running."""
        return (
            self.loaded is not None
            and self.label is not None
            and not self.session.running()
            and not self.model_loading()
        )

    # -- attack -------------------------------------------------------------------------
    def run_attack(self) -> bool:
        """Start the attack shown in the parameter panel; False (and why) when it cannot."""
        return self.session.start()

    def stop_attack(self) -> None:
        self.session.stop()

    def _on_settings_changed(self) -> None:
        """Mark the target among the clean top-5 when it is there."""
        if self.clean_top5 is not None:
            self.results.original_top5.set_rows(
                self.clean_top5, true_class=self.label, target=self.target()
            )

    def target(self) -> int | None:
        """The target class chosen in the panel, or None for an untargeted attack."""
        if not self.form.goal_combo.currentData():
            return None
        return self.form.target_combo.current_class()

    # -- saving -------------------------------------------------------------------------
    def save_results(
        self, folder: str | Path, *, overwrite: bool = False, quantize: bool | None = None
    ) -> object:
        """Write adversarial.png, delta.png and result.json into ``folder``, without dialogs.

        ``quantize`` (default: the File menu's choice) makes the 8-bit PNG itself
        adversarial. Returns the core's SaveReport (``.paths``, ``.saved_success``,
        ``.message``). Raises SaveError (one line, nothing written) when there is no
        result, when files would be replaced and ``overwrite`` is false, or when
        writing fails.
        """
        report = write_results(*self._save_job_args(folder, overwrite, quantize))
        self._on_saved(report, dialog=False)
        return report

    def _save_job_args(self, folder: str | Path, overwrite: bool, quantize: bool | None) -> tuple:
        if self.session.result is None:
            raise SaveError("nothing to save yet: run an attack first")
        if quantize is None:
            quantize = self.actions.quantize.isChecked()
        self.prefs.set_folder("save", folder)
        return (
            self.session.result_model,
            self.session.result,
            Path(folder),
            overwrite,
            quantize,
            self.results.amplify(),
            str(self.image_path) if self.image_path else None,
        )

    def _on_save_triggered(self) -> None:
        if self.session.result is None:
            self.statusBar().showMessage("Nothing to save yet: run an attack first (Ctrl+R).")
            return
        folder = dialogs.choose_folder(self, self.prefs.folder("save"))
        if not folder:
            return
        from advgui.core.export import existing_outputs

        existing = [p.name for p in existing_outputs(folder)]
        if existing and not dialogs.ask_overwrite(self, folder, existing):
            self.statusBar().showMessage("Not saved: the files there were kept.")
            return
        worker = FunctionWorker(write_results, *self._save_job_args(folder, bool(existing), None))
        worker.succeeded.connect(self._on_saved)
        worker.failed.connect(self._on_save_failed)
        worker.finished.connect(self._on_save_finished)
        self._saving = True
        self._set_busy("Saving…")
        self.statusBar().showMessage(f"Saving into {folder}…")
        self.start_job(worker)
        self._update_enabled()

    def _on_saved(self, report: object, dialog: bool = True) -> None:
        text = report.message[:1].upper() + report.message[1:] + "."
        self.statusBar().showMessage(f"Saved in {report.paths[0].parent}. {text}")
        if dialog and not self._closing:
            dialogs.show_message(
                self,
                "Results saved",
                f"Saved {len(report.paths)} files in {report.paths[0].parent}.\n\n{text}",
                details="\n".join(str(p) for p in report.paths),
                icon=QMessageBox.Icon.Information
                if all(report.saved_success)
                else QMessageBox.Icon.Warning,
                name="savedDialog",
            )

    def _on_save_failed(self, exc: BaseException) -> None:
        self.report_error("Cannot save", exc)

    def _on_save_finished(self) -> None:
        self._saving = False
        self._set_busy(None)
        self._update_enabled()

    # -- misc -----------------------------------------------------------------------------
    def _on_open_triggered(self) -> None:
        path = dialogs.choose_image(self, self.prefs.folder("open"), IMAGE_FILTER)
        if path:
            self._open_reporting(path)

    def _on_about_triggered(self) -> None:
        from advgui import __version__

        QMessageBox.about(
            self,
            "About advgui",
            f"<b>advgui {__version__}</b><p>Watch, step by step, how an image classifier "
            "is fooled by a small perturbation.</p><p>Ctrl+O open · Ctrl+R run · Esc stop · "
            "Ctrl+S save · drop an image on the window to open it.</p>",
        )

    def report_error(self, title: str, exc: BaseException | str, *, prefix: str = "") -> None:
        """Show an error in a (non-blocking) dialog and the status bar; keep the state."""
        if isinstance(exc, str):
            line, details = exc, None
        else:
            line, details = dialogs.describe_error(exc)
        line = prefix + line
        self.last_error = line
        self.statusBar().showMessage(line)
        if not self._closing:
            dialogs.show_message(self, title, line, details=details)

    def _set_busy(self, text: str | None) -> None:
        if text is None:
            self.busy.hide()
            return
        self.busy.setRange(0, 0)
        self.busy.setFormat(text)
        self.busy.show()

    def _update_enabled(self) -> None:
        running = self.session.running()
        loading = self.model_loading()
        self.run_bar.set_running(running, can_run=self.is_ready())
        self.actions.run.setEnabled(self.is_ready())
        self.actions.stop.setEnabled(running)
        self.actions.save.setEnabled(
            self.session.result is not None and not running and not self._saving
        )
        self.model_box.setEnabled(self.catalog is not None and not running and not loading)
        self.form.setEnabled(not running)
        self.actions.weights.setEnabled(self.catalog is not None and not running and not loading)
        self.actions.offline.setEnabled(self.catalog is not None and not running and not loading)

    # -- drag and drop ------------------------------------------------------------------
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 (Qt override)
        urls = event.mimeData().urls()
        if urls and urls[0].isLocalFile():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 (Qt override)
        urls = event.mimeData().urls()
        if urls and urls[0].isLocalFile():
            event.acceptProposedAction()
            self._open_reporting(urls[0].toLocalFile())


def write_results(
    model: object,
    result: object,
    folder: Path,
    overwrite: bool,
    quantize: bool,
    amplify: float,
    source: str | None,
) -> object:
    """The core's save, as one call that a worker thread can run."""
    from advgui.core.export import save_results

    return save_results(
        model, result, folder, force=overwrite, quantize=quantize, amplify=amplify, source=source
    )
