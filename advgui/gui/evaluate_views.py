"""How the Evaluate tab follows the state, and where its intents go: like ``views``, one
function that connects and keeps nothing. The window calls it once."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from advgui.gui import present
from advgui.gui.actions import Actions
from advgui.gui.catalog import MISSING
from advgui.gui.controllers import ModelController
from advgui.gui.controllers.evaluate import EvaluateController
from advgui.gui.evaluate_present import (
    Columns,
    describe_attack,
    inputs_line,
    progress_line,
    summary_line,
)
from advgui.gui.evaluation_plan import PlanError, base_settings
from advgui.gui.evaluation_state import EvalEnabled, EvalState
from advgui.gui.state import AppState, Enabled
from advgui.gui.widgets.evaluate_tab import EvaluateTab


def bind_evaluate(
    app: AppState,
    ev: EvalState,
    controller: EvaluateController,
    tab: EvaluateTab,
    models: ModelController,
    actions: Actions,
) -> None:
    """Connect the tab (and the Evaluate menu's ``actions``) to the states and controllers."""
    form, table, plot = tab.form, tab.table, tab.plot
    box = form.model_box

    # -- the model: the window's one model, chosen here or in the Attack tab ----------------
    def on_catalog() -> None:
        box.set_models(app.catalog.models)
        box.set_devices(app.catalog.devices)
        on_transfer_choices()

    def on_model() -> None:
        loaded = app.model
        if loaded is None:
            return
        box.select_model(loaded.name)
        box.select_device(loaded.device)
        box.set_status(present.model_status(loaded))
        on_transfer_choices()

    def on_transfer_choices() -> None:
        if app.catalog is None:
            return
        attacked = app.model.name if app.model else None
        form.set_transfer_models(
            [e.name for e in app.catalog.models if e.status != MISSING and e.name != attacked]
        )

    app.catalogChanged.connect(on_catalog)
    app.modelChanged.connect(on_model)
    app.loadingChanged.connect(on_model)
    box.modelChosen.connect(models.load)
    box.deviceChosen.connect(models.choose_device)
    box.weightsFileRequested.connect(models.ask_weights_file)

    # -- the fields ---------------------------------------------------------------------------
    def on_request() -> None:
        try:
            settings = base_settings(ev.request, app.settings)
        except PlanError:
            settings = app.settings
        linf = settings.norm.value == "linf"
        form.set_attack_info(
            describe_attack(settings),
            (
                QCoreApplication.translate("EvaluateViews", "in 1/255")
                if linf
                else QCoreApplication.translate("EvaluateViews", "L2, pixels")
            ),
        )
        problem = ev.problem
        form.set_problem(problem.field if problem else None, problem.line if problem else "")
        form.set_labels(ev.request.labels)

    def on_inputs() -> None:
        many = QCoreApplication.translate("EvaluateViews", "{count} files and folders").format(
            count=len(ev.inputs)
        )
        shown = "\n".join(ev.inputs) if len(ev.inputs) <= 3 else many
        form.set_inputs(shown, inputs_line(ev.inputs, ev.count, ev.count_error))

    form.set_request(ev.request)
    form.requestEdited.connect(ev.set_request)
    ev.requestChanged.connect(on_request)
    ev.inputsChanged.connect(on_inputs)
    form.chooseInputsRequested.connect(controller.ask_inputs)
    form.labelsRequested.connect(controller.ask_labels)
    form.labelsCleared.connect(lambda: controller.set_labels(None))
    tab.inputsDropped.connect(controller.choose_inputs)
    form.runRequested.connect(controller.start_asking)
    form.stopRequested.connect(controller.stop)
    form.exportRequested.connect(controller.export_interactively)
    table.imageActivated.connect(
        lambda row, eps: controller.open_image(row, None if eps < 0 else eps)
    )

    # -- a run ----------------------------------------------------------------------------
    def on_begun() -> None:
        table.reset_columns(Columns(()))
        plot.set_summary(None)
        tab.set_figures("")
        form.show_busy(QCoreApplication.translate("EvaluateViews", "starting…"))

    def on_started() -> None:
        table.reset_columns(Columns.of(ev.config))
        plot.set_summary(None, ev.config.settings.norm.value)
        form.set_progress(0, ev.total, "")

    def on_image(index: int) -> None:
        table.add_image(ev.images[index], app.categories)
        form.set_progress(ev.done, ev.total, progress_line(ev.done, ev.total, ev.elapsed))

    def on_summary() -> None:
        plot.set_summary(ev.summary, ev.config.settings.norm.value if ev.config else None)
        tab.set_figures(summary_line(ev.summary))

    def on_finished(outcome: str) -> None:
        if ev.config is None:
            form.clear_progress(
                QCoreApplication.translate("EvaluateViews", "stopped")
                if outcome == "stopped"
                else QCoreApplication.translate("EvaluateViews", "no evaluation yet")
            )
        took = present.format_seconds(ev.elapsed)
        if outcome == "stopped":
            line = QCoreApplication.translate(
                "EvaluateViews", "stopped: {done} of {total} files in {took}"
            )
        elif outcome == "failed":
            line = QCoreApplication.translate(
                "EvaluateViews", "failed: {done} of {total} files in {took}"
            )
        else:
            line = QCoreApplication.translate(
                "EvaluateViews", "done: {done} of {total} files in {took}"
            )
        form.show_done(line.format(done=ev.done, total=ev.total, took=took))

    ev.runBegun.connect(on_begun)
    ev.runStarted.connect(on_started)
    ev.imageAdded.connect(on_image)
    ev.summaryChanged.connect(on_summary)
    ev.runFinished.connect(on_finished)

    # -- what is enabled ----------------------------------------------------------------------
    def apply(_e: EvalEnabled | Enabled | None = None) -> None:
        e = ev.enabled()
        why = ev.run_blocker() or ""
        if ev.problem is not None and ev.problem.field != "inputs" or ev.running:
            why = ""  # said beside its field, or nothing to say while running
        form.set_enabled(run=e.run, stop=e.stop, export=e.export, edit=e.edit, why=why)
        box.setEnabled(app.enabled().choose_model)
        actions.evaluate_folder.setEnabled(e.choose_inputs)
        actions.evaluate_run.setEnabled(e.run)
        actions.evaluate_stop.setEnabled(e.stop)
        actions.evaluate_export.setEnabled(e.export)

    ev.enabledChanged.connect(apply)
    ev.requestChanged.connect(apply)
    ev.inputsChanged.connect(apply)
    app.enabledChanged.connect(apply)
    on_request()
    on_inputs()
    apply()
