"""How each part of the window follows the state: one function per group of views.

Each takes the state (and a controller where the views follow its signals) and the
widgets, and connects them; none keeps anything. The window calls them once.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication, QLabel

from advgui.gui import present, transfer_facts
from advgui.gui.actions import Actions
from advgui.gui.controllers import AttackController
from advgui.gui.state import AppState, Enabled
from advgui.gui.widgets.attack_form import AttackForm
from advgui.gui.widgets.loss_plot import LossPlot
from advgui.gui.widgets.model_box import ModelBox
from advgui.gui.widgets.results import ResultsPanel
from advgui.gui.widgets.run_bar import RunBar
from advgui.gui.widgets.transfer import TransferLine


def bind_model_box(state: AppState, box: ModelBox, form: AttackForm, label: QLabel) -> None:
    """The model list, the device list and the loaded model's status; the class names."""

    def on_catalog() -> None:
        box.set_models(state.catalog.models)
        box.set_devices(state.catalog.devices)
        form.set_categories(state.catalog.categories)

    def on_model() -> None:
        loaded = state.model
        if loaded is None:
            return
        box.select_model(loaded.name)  # after a failed load: the model still in use
        box.select_device(loaded.device)  # the device really used, after a fallback
        box.set_status(present.model_status(loaded))
        label.setText(
            QCoreApplication.translate("Views", "{name} on {device}").format(
                name=loaded.name, device=loaded.device
            )
        )

    state.catalogChanged.connect(on_catalog)
    state.modelChanged.connect(on_model)
    state.loadingChanged.connect(on_model)


#: During a run, the curves are redrawn at most this often (s); the pictures every tick.
PLOT_REDRAW_S = 0.2


def reset_plot(plot: LossPlot, settings: Any) -> None:
    """Empty the plot for a run with ``settings``: the norm plot for the minimal-norm
    attacks, queries on the x axis for score-only ones."""
    plot.reset(
        settings.effective_steps,
        targeted=settings.targeted,
        norm=settings.norm.value if settings.attack.minimal_norm else None,
        x_label="step" if settings.attack.uses_gradient else "queries",
    )


def bind_results(
    state: AppState,
    attack: AttackController,
    results: ResultsPanel,
    plot: LossPlot,
    run_bar: RunBar,
) -> None:
    """The pictures, the top-5 bars, the plot and the progress follow the image and runs."""

    def on_input() -> None:
        made = state.input
        results.clear_adversarial()
        results.original_top5.clear(
            QCoreApplication.translate("Views", "Predicting…") if made is not None else ""
        )
        results.set_original(
            made.rgb if made else None,
            made.caption if made else "",
            x=made.floats() if made else None,
        )
        reset_plot(plot, state.settings)
        run_bar.clear()

    def on_clean() -> None:
        if state.prediction is not None:
            results.show_clean(state.prediction, target=state.settings.target)

    def on_run_started() -> None:
        settings = state.run_settings
        results.clear_adversarial(QCoreApplication.translate("Views", "Attacking…"))
        reset_plot(plot, settings)
        run_bar.reset(settings.effective_steps)

    def on_result() -> None:
        if state.last_run is None and not state.is_running():
            results.clear_adversarial()  # a new image or model made it stale

    def following() -> bool:
        """The views draw the run in progress's newest step (no replay, no other run)."""
        return state.replay_step is None and not state.selected

    def on_tick() -> None:
        # The curves at 5 frames a second, the pictures at every tick: redrawing the
        # plots is half of the window's own work during a run.
        plot.refresh(at_most_every=PLOT_REDRAW_S)
        record = state.last_record
        if record is None:
            return
        run_bar.show_step(record.step, record.total_steps, record.elapsed)
        if not following():
            return
        run = state.last_run
        settings = state.run_settings or (run.result.settings if run else state.settings)
        results.show_step(
            record,
            state.categories,
            label=state.label,
            target=settings.target,
            jpeg=settings.eot_jpeg,
        )

    state.inputChanged.connect(on_input)
    state.predictionChanged.connect(on_clean)
    state.settingsChanged.connect(on_clean)
    state.runStarted.connect(on_run_started)
    # The plot holds the live run's points unless another run is shown.
    state.runStepped.connect(lambda r: state.selected or plot.add_record(r))
    state.resultChanged.connect(on_result)
    state.runFinished.connect(lambda _: plot.refresh())  # the last points, whatever the end
    state.optionsChanged.connect(lambda: results.set_amplify(state.amplify))
    state.optionsChanged.connect(lambda: results.set_delta_mode(state.delta_view))
    attack.ticked.connect(on_tick)
    attack.frameReady.connect(
        lambda f: following() and results.show_adversarial(f.adversarial, f.delta)
    )
    attack.summary.connect(run_bar.show_done)


def bind_enabled(
    state: AppState, actions: Actions, run_bar: RunBar, box: ModelBox, form: AttackForm
) -> None:
    """Every control's enabled state, from ``state.enabled()`` and nowhere else.

    A field that had keyboard focus when a run disabled it gets it back when the run
    ends; meanwhile focus waits on Stop (not on whatever Qt finds next: it used to land
    in the amplification field with its text selected)."""
    parked: list = []

    def apply(e: Enabled) -> None:
        stop = run_bar.stop_button
        focus = QApplication.focusWidget()
        _apply(e)
        if focus is not None and focus is not stop and not focus.isEnabled():
            parked[:] = [focus]
            if stop.isEnabled():
                stop.setFocus()
        elif parked and parked[0].isEnabled():
            if focus is None or focus is stop:
                parked.pop().setFocus()
            else:
                parked.clear()  # the user has moved on

    def _apply(e: Enabled) -> None:
        run_bar.set_running(e.stop, can_run=e.run)
        actions.run.setEnabled(e.run)
        actions.stop.setEnabled(e.stop)
        actions.save.setEnabled(e.save)
        actions.export_figure.setEnabled(e.export)
        actions.export_curves.setEnabled(e.export)
        box.setEnabled(e.choose_model)
        actions.weights.setEnabled(e.choose_model)
        actions.offline.setEnabled(e.choose_model)
        form.setEnabled(e.edit_settings)

    state.enabledChanged.connect(apply)
    apply(state.enabled())


def bind_compute(state: AppState, actions: Actions) -> None:
    """Attack ▸ Precision and CPU threads: checked as in the state, and choosing one
    changes the state (0 in the threads menu is "automatic")."""

    def show() -> None:
        actions.precision[state.precision].setChecked(True)
        actions.threads.get(state.threads or 0, actions.threads[0]).setChecked(True)

    for name, action in actions.precision.items():
        action.triggered.connect(lambda _=False, n=name: state.set_compute(precision=n))
    for count, action in actions.threads.items():
        action.triggered.connect(lambda _=False, n=count: state.set_compute(threads=n or None))
    state.optionsChanged.connect(show)
    show()


def bind_transfer(state: AppState, line: TransferLine) -> None:
    """The line under the pictures: the other models' verdicts on the run shown."""

    def show() -> None:
        t = state.transfer
        line.set_line(transfer_facts.line(t, state.categories), checking=bool(t and t.checking))

    state.transferChanged.connect(show)
    # Two runs compared: the line (about one run) would be read as about both.
    state.shownChanged.connect(lambda: line.setVisible(state.compared() is None))
    show()
