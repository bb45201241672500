"""The main window: parameters on the left, pictures and predictions, the live plot below.

The window never imports torch itself at start-up: it appears first, then a worker
imports the core (see ``model_loading``), the default model loads on another worker,
the bundled cat is shown and predicted, and Run is enabled. The attack itself is
driven by ``session.AttackSession``; saving by ``saving.Saving``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QLabel, QMainWindow, QMessageBox, QProgressBar, QSplitter

from advgui.core.errors import ImageLoadError, SettingsError
from advgui.core.paths import sample
from advgui.gui import dialogs
from advgui.gui.actions import build_menus
from advgui.gui.model_loading import ModelLoading
from advgui.gui.prefs import Prefs
from advgui.gui.saving import Saving
from advgui.gui.session import AttackSession
from advgui.gui.widgets.left_panel import LeftPanel
from advgui.gui.widgets.loss_plot import LossPlot
from advgui.gui.widgets.results import ResultsPanel
from advgui.gui.worker import FunctionWorker, Job

DEFAULT_SIZE = (1400, 900)
IMAGE_FILTER = "Images (*.png *.jpg *.jpeg *.bmp *.gif *.tif *.tiff *.webp *.ppm *.pgm)"


class MainWindow(QMainWindow):
    """The advgui window.

    For scripts and tests: ``open_image(path)``, ``run_attack()``, ``stop_attack()``,
    ``save_results(folder)``, ``is_ready()``, and the ``run_finished(outcome)`` signal,
    emitted when a run ends with ``"done"``, ``"stopped"`` or ``"failed"``.
    """

    run_finished = Signal(str)

    def __init__(self, *, prefs: Prefs | None = None, image: str | None = None) -> None:
        super().__init__()
        self.prefs = prefs or Prefs()
        self.setWindowTitle("advgui")
        self.setAcceptDrops(True)
        self.catalog: Any = None  # backend.Catalog, once torch has loaded
        self.loaded: Any = None  # worker.LoadedModel
        self.image: Any = None  # the PIL image as loaded
        self.image_path: Path | None = None
        self.x: Any = None  # the model's input, 1 x 3 x H x W
        self.label: int | None = None  # the clean top-1: the class the attack moves from
        self.clean_top5: list | None = None
        self.last_error: str | None = None
        self.pending_image = image
        self.closing = False
        self._input_token = 0
        self._jobs: list[Job] = []
        self._started = False
        self._build()
        self.session = AttackSession(self)
        self.models = ModelLoading(self)
        self.saving = Saving(self)
        self._restore()
        self.update_enabled()

    # -- layout -------------------------------------------------------------------------
    def _build(self) -> None:
        left = LeftPanel()
        self.model_box, self.form, self.run_bar = left.model_box, left.form, left.run_bar
        self.results = ResultsPanel()
        self.plot = LossPlot()
        self.plot.setObjectName("lossPlot")
        self.right_split = QSplitter(Qt.Orientation.Vertical)
        self.right_split.addWidget(self.results)
        self.right_split.addWidget(self.plot)
        self.right_split.setSizes([560, 300])
        self.main_split = QSplitter(Qt.Orientation.Horizontal)
        self.main_split.addWidget(left)
        self.main_split.addWidget(self.right_split)
        self.main_split.setStretchFactor(1, 1)
        for split in (self.main_split, self.right_split):
            split.setChildrenCollapsible(False)
            split.setHandleWidth(10)
        self.main_split.setContentsMargins(10, 8, 10, 4)
        self.setCentralWidget(self.main_split)

        self.busy = QProgressBar(objectName="busyBar", maximumWidth=220, textVisible=True)
        self.busy.hide()
        self.model_label = QLabel("")
        self.statusBar().addPermanentWidget(self.busy)
        self.statusBar().addPermanentWidget(self.model_label)

        self.actions = a = build_menus(self)
        a.open.triggered.connect(self._on_open_triggered)
        for name, action in a.samples.items():
            action.triggered.connect(lambda _=False, n=name: self.open_reporting(sample(n)))
        a.quit.triggered.connect(self.close)
        a.run.triggered.connect(self.run_attack)
        a.stop.triggered.connect(self.stop_attack)
        a.about.triggered.connect(self._on_about_triggered)
        self.run_bar.runRequested.connect(self.run_attack)
        self.run_bar.stopRequested.connect(self.stop_attack)
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
            pass  # half-edited settings are not worth keeping
        self.prefs.set_number("view/amplify", self.results.amplify())
        self.prefs.set_number("save/quantize", float(self.actions.quantize.isChecked()))
        if self.loaded is not None:
            self.prefs.set_text("model/name", self.loaded.model.name)
            self.prefs.set_text("model/device", self.model_box.device_name())
        self.prefs.sync()

    # -- start-up, threads and closing --------------------------------------------------
    def showEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt override)
        super().showEvent(event)
        if not self._started:
            self._started = True
            self.set_busy("Loading PyTorch…")
            self.statusBar().showMessage("Loading PyTorch… (the window is usable meanwhile)")
            # Let the window paint before the import takes the interpreter for a while.
            QTimer.singleShot(50, self.models.import_core)

    def start_job(self, worker: Any) -> Job:
        """Run ``worker`` on its own thread; the window keeps it until it ends."""
        if self.closing:
            raise RuntimeError("the window is closing")
        self._jobs = [j for j in self._jobs if j.is_running()]
        job = Job(worker)
        self._jobs.append(job)
        return job.start()

    def shutdown(self) -> None:
        """Stop every worker and wait for its thread (safe to call twice)."""
        self.closing = True
        self.session.timer.stop()
        for job in self._jobs:
            job.stop()
        for job in self._jobs:
            job.wait()
        self._jobs.clear()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt override)
        if not self.closing:
            self._remember()
        self.shutdown()
        super().closeEvent(event)

    # -- image --------------------------------------------------------------------------
    def open_image(self, path: str | Path) -> None:
        """Show the image at ``path`` and predict it, without dialogs.

        Raises ImageLoadError (one line) and keeps the previous image when the file
        cannot be read. A run in progress is stopped first. Before PyTorch has loaded,
        the path is kept and opened then.
        """
        if self.catalog is None:
            self.pending_image = str(path)
            self.statusBar().showMessage(f"Will open {Path(path).name} once PyTorch has loaded.")
            return
        from advgui.core.imaging import load_image

        image = load_image(path)
        self.session.stop_and_flush()
        self.image, self.image_path = image, Path(path)
        self.prefs.set_folder("open", self.image_path)
        self.setWindowTitle(f"{self.image_path.name} — advgui")
        self.prepare_input()

    def open_reporting(self, path: str | Path) -> bool:
        """``open_image``, showing an error dialog when the file cannot be read."""
        try:
            self.open_image(path)
        except ImageLoadError as exc:
            self.report_error("Cannot open image", exc)
            return False
        return True

    def prepare_input(self) -> None:
        """Make the model's input from the image, show it, and predict it (on a worker)."""
        self.x = self.label = self.clean_top5 = None
        self.session.clear()
        if self.loaded is None:
            self.update_enabled()
            return
        from advgui.gui.backend import model_input, predict_top5

        info = self.loaded.model.info
        self.x, rgb = model_input(self.image, info)
        (h, w), (iw, ih) = rgb.shape[:2], self.image.size
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
        self.update_enabled()

    def _on_predicted(self, tagged: tuple) -> None:
        token, guesses = tagged
        if self.closing or token != self._input_token:
            return  # a newer image or model replaced this one meanwhile
        self.clean_top5, self.label = guesses, guesses[0].index
        self._on_settings_changed()
        top = guesses[0]
        self.statusBar().showMessage(
            f"Ready: {self.loaded.model.name} sees '{top.name}' ({top.index}) at "
            f"{top.prob:.0%}. Press Run attack (Ctrl+R)."
        )
        self.update_enabled()

    def _on_predict_failed(self, exc: BaseException) -> None:
        if not self.closing:
            self.results.original_top5.clear("")
            self.report_error("Cannot classify the image", exc)

    # -- model, attack, saving ------------------------------------------------------------
    def load_model(self, name: str, *, weights_file: str | None = None) -> None:
        """Load model ``name`` in the background (see ``model_loading``)."""
        self.models.load(name, weights_file=weights_file)

    def model_loading(self) -> bool:
        return self.models.loading()

    def is_ready(self) -> bool:
        """True when Run can start: model loaded, image predicted, no attack running."""
        return (
            self.loaded is not None
            and self.label is not None
            and not self.session.running()
            and not self.model_loading()
        )

    def run_attack(self) -> bool:
        """Start the attack shown in the parameter panel; False (and why) when it cannot."""
        return self.session.start()

    def stop_attack(self) -> None:
        """Stop the run after its current step; ``run_finished("stopped")`` follows."""
        self.session.stop()

    def save_results(
        self, folder: str | Path, *, overwrite: bool = False, quantize: bool | None = None
    ) -> Any:
        """Write adversarial.png, delta.png and result.json into ``folder``, without dialogs.

        ``quantize`` (default: the File menu's choice) makes the 8-bit PNG itself
        adversarial. Returns the core's SaveReport (``.paths``, ``.saved_success``,
        ``.message``). Raises SaveError (one line, nothing written) when there is no
        result, when files would be replaced and ``overwrite`` is false, or when
        writing fails.
        """
        return self.saving.save(folder, overwrite=overwrite, quantize=quantize)

    def target(self) -> int | None:
        """The target class chosen in the panel, or None for an untargeted attack."""
        if not self.form.goal_combo.currentData():
            return None
        return self.form.target_combo.current_class()

    def _on_settings_changed(self) -> None:
        """Mark the class attacked and the target among the clean top-5."""
        if self.clean_top5 is not None:
            self.results.set_original_top5(
                self.clean_top5, true_class=self.label, target=self.target()
            )

    # -- the rest of the window -----------------------------------------------------------
    def _on_open_triggered(self) -> None:
        path = dialogs.choose_image(self, self.prefs.folder("open"), IMAGE_FILTER)
        if path:
            self.open_reporting(path)

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
        line, details = (exc, None) if isinstance(exc, str) else dialogs.describe_error(exc)
        self.last_error = line = prefix + line
        self.statusBar().showMessage(line)
        if not self.closing:
            dialogs.show_message(self, title, line, details=details)

    def set_busy(self, text: str | None) -> None:
        """Show a busy bar with ``text`` in the status bar, or hide it (None)."""
        if text is None:
            self.busy.hide()
            return
        self.busy.setRange(0, 0)
        self.busy.setFormat(text)
        self.busy.show()

    def update_enabled(self) -> None:
        running, loading = self.session.running(), self.model_loading()
        ready = self.is_ready()
        can_choose = self.catalog is not None and not running and not loading
        self.run_bar.set_running(running, can_run=ready)
        self.actions.run.setEnabled(ready)
        self.actions.stop.setEnabled(running)
        self.actions.save.setEnabled(
            self.session.result is not None and not running and not self.saving.busy
        )
        self.model_box.setEnabled(can_choose)
        self.form.setEnabled(not running)
        self.actions.weights.setEnabled(can_choose)
        self.actions.offline.setEnabled(can_choose)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 (Qt override)
        urls = event.mimeData().urls()
        if urls and urls[0].isLocalFile():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 (Qt override)
        urls = event.mimeData().urls()
        if urls and urls[0].isLocalFile():
            event.acceptProposedAction()
            self.open_reporting(urls[0].toLocalFile())
