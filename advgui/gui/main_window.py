"""The main window: it builds the widgets and connects them to the state and controllers.

Two tabs. Attack: parameters on the left, pictures and predictions, the live plot below.
Evaluate: a folder of images attacked at several radii, its robust accuracy curve and a
table of images (``widgets.evaluate_tab``, ``evaluate_views``). What the window
shows lives in ``AppState``; what it does lives in the controllers (``controllers/``),
which get the state, a job runner and the core's functions (``backend.Services``)
injected. Nothing here reads data back out of a widget or decides what is enabled.
"""

from __future__ import annotations

import gc
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, Qt, Signal
from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from advgui.core.errors import ImageLoadError
from advgui.core.paths import sample
from advgui.gui import dialogs, i18n, replay_views, views
from advgui.gui.actions import build_menus
from advgui.gui.backend import Services
from advgui.gui.controllers import (
    AttackController,
    ImageController,
    ModelController,
    SaveController,
)
from advgui.gui.controllers.evaluate import EvaluateController
from advgui.gui.controllers.figure import FigureController
from advgui.gui.controllers.transfer import TransferController
from advgui.gui.delta_maps import DeltaMode
from advgui.gui.evaluate_dialogs import EvalDialogPrompts
from advgui.gui.evaluate_views import bind_evaluate
from advgui.gui.evaluation_backend import EvalServices
from advgui.gui.evaluation_state import EvalState
from advgui.gui.jobs import JobRunner
from advgui.gui.prefs import Prefs
from advgui.gui.quick_guide import show_quick_guide
from advgui.gui.state import AppState
from advgui.gui.widgets.busy_bar import BusyBar
from advgui.gui.widgets.compare import CompareView
from advgui.gui.widgets.curves_pane import CurvesPane
from advgui.gui.widgets.evaluate_tab import EvaluateTab
from advgui.gui.widgets.layout_barrier import LayoutBarrier
from advgui.gui.widgets.left_panel import LeftPanel
from advgui.gui.widgets.loss_plot import LossPlot
from advgui.gui.widgets.replay_bar import ReplayBar
from advgui.gui.widgets.results import ResultsPanel
from advgui.gui.widgets.run_history import RunHistory
from advgui.gui.widgets.transfer import TransferLine

DEFAULT_SIZE = (1400, 900)
ATTACK_TAB, EVALUATE_TAB = 0, 1


class MainWindow(QMainWindow):
    """The advgui window.

    For scripts and tests: ``open_image(path)``, ``run_attack()``, ``stop_attack()``,
    ``save_results(folder)``, ``export_figure(path)``, ``export_curves(path)``,
    ``is_ready()``, and the ``run_finished(outcome)`` signal, emitted when a run ends
    with ``"done"``, ``"stopped"`` or ``"failed"``; for the
    Evaluate tab ``evaluate_inputs(paths)``, ``run_evaluation()``, ``stop_evaluation()``,
    ``export_evaluation(folder)`` and ``evaluation_finished(outcome)``.
    """

    run_finished = Signal(str)
    evaluation_finished = Signal(str)

    def __init__(
        self,
        *,
        prefs: Prefs | None = None,
        image: str | None = None,
        services: Services | None = None,
        prompts: dialogs.DialogPrompts | None = None,
        eval_services: EvalServices | None = None,
    ) -> None:
        super().__init__()
        self.prefs = prefs or Prefs()
        self.setWindowTitle("advgui")
        self.setAcceptDrops(True)
        self.last_error: str | None = None
        self._started = False
        self.state = state = AppState(self)
        self.runner = JobRunner(self)
        services = services or Services()
        self.prompts = prompts or dialogs.DialogPrompts(self.prefs)
        self.attack = AttackController(state, self.runner, services)
        stop = self.attack.stop_and_wait
        self.models = ModelController(
            state, self.runner, services, stop_run=stop, prompts=self.prompts
        )
        self.images = ImageController(state, self.runner, services, stop_run=stop)
        self.saving = SaveController(state, self.runner, services, prompts=self.prompts)
        self.figures = FigureController(state, self.runner, services, prompts=self.prompts)
        self.evaluation = EvalState(state, self)
        self.evaluate = EvaluateController(
            state,
            self.evaluation,
            self.runner,
            services,
            eval_services or EvalServices(),
            prompts=prompts if prompts is not None else EvalDialogPrompts(self.prefs),
        )
        self.transfer = TransferController(
            state, self.runner, services, borrowed=self.evaluate.kept
        )
        if image:
            self.images.open(image)  # kept until PyTorch has loaded
        self._build()
        self._connect()
        self._restore()

    # -- layout and wiring ----------------------------------------------------------------
    def _build(self) -> None:
        left = LeftPanel()
        self.model_box, self.form, self.run_bar = left.model_box, left.form, left.run_bar
        self.results = ResultsPanel()
        self.compare = CompareView()
        self.pictures = QStackedWidget(objectName="pictures")  # one run, or two compared
        self.pictures.addWidget(self.results)
        self.pictures.addWidget(self.compare)
        self.replay_bar = ReplayBar()
        top = QWidget()
        top_lay = QVBoxLayout(top)
        top_lay.setContentsMargins(0, 0, 0, 0)
        top_lay.addWidget(self.pictures, 1)
        self.transfer_line = TransferLine()  # the other models' verdicts on the run shown
        top_lay.addWidget(self.transfer_line)
        top_lay.addWidget(self.replay_bar)
        self.plot = LossPlot()
        self.plot.setObjectName("lossPlot")
        self.history = RunHistory()
        # Side by side when there is room, else two tabs (widgets.curves_pane).
        self.curves = CurvesPane(self.plot, self.history)
        bottom = self.curves.split
        bottom.setSizes([660, 380])  # room for the table's columns; the user may drag it
        right = QSplitter(Qt.Orientation.Vertical)
        right.addWidget(top)
        right.addWidget(self.curves)
        right.setSizes([580, 300])
        main = QSplitter(Qt.Orientation.Horizontal)
        main.addWidget(left)
        main.addWidget(right)
        main.setStretchFactor(1, 1)
        for split in (main, right):
            split.setChildrenCollapsible(False)
            split.setHandleWidth(10)
        main.setContentsMargins(10, 8, 10, 4)
        self.main_split, self.right_split, self.bottom_split = main, right, bottom
        self.evaluate_tab = EvaluateTab()
        self.tabs = QTabWidget(objectName="tabs", documentMode=True)
        # A tab widget repaints itself whole at each layout request: the barriers keep
        # the labels that change every step from asking for one (widgets.layout_barrier).
        self.tabs.addTab(LayoutBarrier(main), QCoreApplication.translate("MainWindow", "Attack"))
        self.tabs.addTab(
            LayoutBarrier(self.evaluate_tab), QCoreApplication.translate("MainWindow", "Evaluate")
        )
        self.setCentralWidget(self.tabs)
        self.busy = BusyBar()
        self.model_label = QLabel("")
        self.statusBar().addPermanentWidget(self.busy)
        self.statusBar().addPermanentWidget(self.model_label)
        self.actions = build_menus(self)

    def _connect(self) -> None:
        s, a, box, res = self.state, self.actions, self.model_box, self.results
        controllers = (self.models, self.images, self.attack, self.saving, self.figures)
        for c in (*controllers, self.evaluate, self.transfer):
            c.message.connect(self.statusBar().showMessage)
            c.error.connect(self._show_error)
        views.bind_model_box(s, box, self.form, self.model_label)
        views.bind_results(s, self.attack, res, self.plot, self.run_bar)
        views.bind_enabled(s, a, self.run_bar, box, self.form)
        views.bind_compute(s, a)
        views.bind_transfer(s, self.transfer_line)
        replay_views.bind_replay(
            s, self.attack.ticked, res, self.plot, self.replay_bar, self.pictures, self.compare
        )
        replay_views.bind_history(s, self.history, self.form, self.saving.save_interactively)
        s.runFinished.connect(self.run_finished)
        bind_evaluate(s, self.evaluation, self.evaluate, self.evaluate_tab, self.models, a)
        self.evaluation.runFinished.connect(self.evaluation_finished)
        self.evaluate.openRequested.connect(self._open_in_attack_tab)
        a.evaluate_folder.triggered.connect(self._ask_evaluate_folder)
        a.evaluate_run.triggered.connect(lambda: self.run_evaluation(ask=True))
        a.evaluate_stop.triggered.connect(self.stop_evaluation)
        a.evaluate_export.triggered.connect(self.evaluate.export_interactively)
        s.busyChanged.connect(self.busy.show_busy)
        self.models.catalogLoaded.connect(lambda: self.images.open_pending(sample("cat")))
        # torch, the core and the widgets live as long as the window: keeping them out of
        # the cycle collector's scans makes each GUI-thread collection ~75 ms cheaper.
        self.models.catalogLoaded.connect(gc.freeze)
        self.models.progress.connect(self.busy.show_progress)
        self.models.weightsUnavailable.connect(self._offer_weights)
        self.images.opened.connect(lambda p: self.setWindowTitle(f"{Path(p).name} — advgui"))
        self.images.predictionFailed.connect(lambda: res.original_top5.clear(""))
        self.images.openFailed.connect(
            lambda _p, exc: self._show_error(
                QCoreApplication.translate("MainWindow", "Cannot open image"), exc
            )
        )
        self.saving.saved.connect(
            lambda report: dialogs.show_saved(self, report, self.prompts.open_folder)
        )
        self.form.settingsEdited.connect(s.set_settings)
        self.form.targetRejected.connect(
            lambda why: self.statusBar().showMessage(
                QCoreApplication.translate("MainWindow", "Target not changed: {why}").format(
                    why=why
                )
            )
        )
        box.modelChosen.connect(self.models.load)
        box.deviceChosen.connect(self.models.choose_device)
        box.weightsFileRequested.connect(self.models.ask_weights_file)
        res.amplifyChanged.connect(lambda k: s.set_view_options(amplify=k))
        res.deltaModeChanged.connect(lambda mode: s.set_view_options(delta_view=mode))
        a.zoom_fit.triggered.connect(res.zoom.fit)
        a.zoom_actual.triggered.connect(res.zoom.actual_size)
        a.zoom_in.triggered.connect(res.zoom.zoom_in)
        a.zoom_out.triggered.connect(res.zoom.zoom_out)
        a.quantize.toggled.connect(lambda on: s.set_view_options(quantize=on))
        a.full_resolution.toggled.connect(lambda on: s.set_view_options(full_resolution=on))
        a.open.triggered.connect(lambda: self.images.ask_and_open(self.prompts))
        for name, action in a.samples.items():
            action.triggered.connect(lambda _=False, n=name: self.open_reporting(sample(n)))
        a.quit.triggered.connect(self.request_quit)
        a.run.triggered.connect(self.run_attack)
        a.stop.triggered.connect(self.stop_attack)
        a.save.triggered.connect(self.saving.save_interactively)
        a.export_figure.triggered.connect(self.figures.export_figure_interactively)
        a.export_curves.triggered.connect(self.figures.export_curves_interactively)
        a.weights.triggered.connect(lambda: self.models.ask_weights_file())
        a.offline.triggered.connect(self.models.use_offline_model)
        a.about.triggered.connect(lambda: dialogs.show_about(self))
        a.quick_guide.triggered.connect(lambda: show_quick_guide(self, self.actions.all()))
        a.language[i18n.current()].setChecked(True)
        for code, action in a.language.items():
            action.triggered.connect(lambda _=False, c=code: self._on_language_chosen(c))
        self.run_bar.runRequested.connect(self.run_attack)
        self.run_bar.stopRequested.connect(self.stop_attack)
        self.form.set_settings(s.settings)

    def _restore(self) -> None:
        self.prefs.restore_layout(self, self._splitters(), DEFAULT_SIZE)
        if (saved := self.prefs.attack_settings()) is not None:
            self.form.set_settings(saved)
        self.results.set_amplify(self.prefs.number("view/amplify", self.state.amplify))
        delta_view = DeltaMode.parse(self.prefs.text("view/delta", DeltaMode.AMPLIFIED.value))
        self.state.set_view_options(delta_view=delta_view)
        self.actions.quantize.setChecked(self.prefs.number("save/quantize", 0.0) > 0)
        full = self.prefs.number("save/full_resolution", 0.0) > 0
        self.actions.full_resolution.setChecked(full)
        self.prefs.restore_compute(
            self.state, tuple(self.actions.precision), list(self.actions.threads)
        )
        if (request := self.prefs.eval_request()) is not None:
            self.evaluate_tab.form.set_request(request)
        if inputs := self.prefs.eval_inputs():
            self.evaluate.choose_inputs(inputs)

    def _splitters(self) -> dict:
        tab = self.evaluate_tab
        return {
            "main": self.main_split,
            "right": self.right_split,
            "bottom": self.bottom_split,
            "evaluate": tab.main_split,
            "evaluate_right": tab.right_split,
        }

    # -- start-up and closing -------------------------------------------------------------
    def showEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt override)
        super().showEvent(event)
        if not self._started:
            self._started = True
            model, device = self.prefs.text("model/name"), self.prefs.text("model/device", "cpu")
            self.models.start(model, device, delay_ms=50)

    def shutdown(self) -> None:
        """Stop every worker and wait for its thread (safe to call twice)."""
        self.attack.shutdown()
        self.evaluate.shutdown()
        self.runner.shutdown()

    def request_quit(self) -> bool:
        """File ▸ Quit: close the window, after asking when runs were never saved;
        False when the user chose to stay."""
        return self._may_close() and self.close()

    def _may_close(self) -> bool:
        unsaved = self.state.unsaved_runs()
        if not unsaved or self.runner.closing:
            return True
        return self.prompts.confirm_discard_runs(len(unsaved))

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt override)
        # The title bar's close button asks as Quit does (a script's close() does not).
        if event.spontaneous() and not self._may_close():
            event.ignore()
            return
        if not self.runner.closing:
            self.prefs.save_layout(self, self._splitters())
            self.prefs.save_state(self.state)
            self.prefs.save_evaluation(self.evaluation.request, self.evaluation.inputs)
            self.prefs.sync()
        self.shutdown()
        super().closeEvent(event)

    # -- the public API for scripts and tests ---------------------------------------------
    def open_image(self, path: str | Path) -> None:
        """Open ``path`` and wait until it is shown (its prediction follows on a worker).

        Raises ImageLoadError (one line) and keeps the previous image when the file
        cannot be read. A run in progress is stopped first. Before PyTorch has loaded,
        the path is kept and opened then.
        """
        self.images.open(path)
        if (failure := self.images.wait()) is not None:
            raise failure if isinstance(failure, ImageLoadError) else ImageLoadError(str(failure))

    def open_reporting(self, path: str | Path) -> None:
        """Open ``path`` in the background; an error dialog says if it cannot be read."""
        self.images.open(path)

    def is_ready(self) -> bool:
        """True when Run can start: model loaded, image predicted, no attack running."""
        return self.state.is_ready()

    def run_attack(self) -> bool:
        """Start the attack shown in the parameter panel; False (and why) when it cannot."""
        self.form.commit()  # what is typed but not entered counts, as on screen
        return self.attack.start()

    def stop_attack(self) -> None:
        """Stop the run after its current step; ``run_finished("stopped")`` follows."""
        self.attack.stop()

    def save_results(
        self,
        folder: str | Path,
        *,
        overwrite: bool = False,
        quantize: bool | None = None,
        stem: str | None = None,
        full_resolution: bool | None = None,
    ):
        """Write adversarial.png, delta.png, delta.npy and result.json into ``folder``, no dialogs.

        With ``stem`` S the files are S.png, S-delta.png, S-delta.npy and S.json.
        ``quantize`` (default: the File menu's choice) makes the 8-bit PNG itself
        adversarial; ``full_resolution`` (default: the File menu's choice) also writes
        x + delta at the photo's own size (adversarial-full.png, S-full.png). Returns the
        core's SaveReport (``.paths``, ``.saved_success``, ``.message``, ``.full``,
        ``.full_message``). Raises SaveError (one line, nothing written) when there is no
        result, when files would be replaced and ``overwrite`` is false, or when
        writing fails.
        """
        return self.saving.save(
            folder,
            overwrite=overwrite,
            quantize=quantize,
            stem=stem,
            full_resolution=full_resolution,
        )

    def export_figure(self, path: str | Path) -> bool:
        """Write the run's figure (File ▸ Export figure) to ``path``, no dialogs: PNG at
        300 dpi, SVG or PDF by the extension, a file there replaced. False, and why in
        the status bar, when there is no run yet or the file cannot be written."""
        return self.figures.export_figure(path)

    def export_curves(self, path: str | Path) -> bool:
        """Write the run's per-step numbers as CSV to ``path``, no dialogs; False as
        ``export_figure``."""
        return self.figures.export_curves(path)

    def evaluate_inputs(self, paths: list[str | Path]) -> None:
        """Choose the Evaluate tab's images (folders, files); they are counted on a worker."""
        self.evaluate.choose_inputs([str(p) for p in paths])

    def run_evaluation(self, *, ask: bool = False) -> bool:
        """Start the Evaluate tab's evaluation; False (and why, in the status bar) when it
        cannot. ``evaluation_finished(outcome)`` follows. With ``ask`` (the menu, the
        tab's Run), results shown that were not exported are replaced only if the user
        says so."""
        self.tabs.setCurrentIndex(EVALUATE_TAB)
        return self.evaluate.start_asking() if ask else self.evaluate.start()

    def stop_evaluation(self) -> None:
        """Stop within one attack step; the images finished are kept."""
        self.evaluate.stop()

    def export_evaluation(self, folder: str | Path, *, overwrite: bool = False) -> list[Path]:
        """Write the CLI's files (results.jsonl, run.json, summary.json, summary.csv,
        robust_accuracy.png) into ``folder``, no dialogs; SaveError (one line, nothing
        written) when it cannot. Returns the paths."""
        return self.evaluate.export(folder, overwrite=overwrite)

    def _ask_evaluate_folder(self) -> None:
        self.tabs.setCurrentIndex(EVALUATE_TAB)
        self.evaluate.ask_inputs()

    def _open_in_attack_tab(self, path: str, settings, model: str) -> None:
        """An image of the evaluation, in the Attack tab with the attack it was evaluated
        with (and its model, when another one is loaded now)."""
        self.tabs.setCurrentIndex(ATTACK_TAB)
        self.form.set_settings(settings)
        loaded = self.state.model
        if loaded is not None and loaded.name != model:
            self.models.load(model)
        self.images.open(path)

    # -- what the user is told -------------------------------------------------------------
    def _on_language_chosen(self, language: str) -> None:
        """View ▸ Language: remembered, used from the next start."""
        i18n.remember(language)
        self.statusBar().showMessage(i18n.RESTART_NOTICE)

    def _show_error(self, title: str, exc: BaseException | str) -> None:
        """An error in a (non-blocking) dialog and the status bar; the state is kept."""
        line, details = (exc, None) if isinstance(exc, str) else dialogs.describe_error(exc)
        self.last_error = line
        self.statusBar().showMessage(line)
        if not self.runner.closing:
            dialogs.show_message(self, title, line, details=details)

    # -- dialogs and drops ----------------------------------------------------------------
    def _offer_weights(self, name: str, message: str, bad_file: bool) -> None:
        self.last_error = message
        dialogs.offer_weights(
            self,
            name,
            message,
            bad_file=bad_file,
            on_file=lambda: self.models.ask_weights_file(name),
            on_offline=self.models.use_offline_model,
        )

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 (Qt override)
        urls = event.mimeData().urls()
        if urls and urls[0].isLocalFile():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 (Qt override)
        urls = event.mimeData().urls()
        if urls and urls[0].isLocalFile():
            event.acceptProposedAction()
            path = urls[0].toLocalFile()
            if Path(path).is_dir():  # a folder is for evaluating
                self.tabs.setCurrentIndex(EVALUATE_TAB)
                self.evaluate_inputs([u.toLocalFile() for u in urls if u.isLocalFile()])
            else:
                self.open_reporting(path)
