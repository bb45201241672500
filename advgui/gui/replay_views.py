"""How the replay slider, the run history and the comparison follow the state, and
where their intents go: like ``views``, functions that connect and keep nothing."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QStackedWidget

from advgui.core.replay import to_rgb8
from advgui.gui import present
from advgui.gui.history_present import caption, row
from advgui.gui.replay_view import StepView, finished_view, step_view
from advgui.gui.state import AppState, FinishedRun
from advgui.gui.views import reset_plot
from advgui.gui.widgets.attack_form import AttackForm
from advgui.gui.widgets.compare import CompareView
from advgui.gui.widgets.loss_plot import LossPlot
from advgui.gui.widgets.replay_bar import ReplayBar
from advgui.gui.widgets.results import ResultsPanel
from advgui.gui.widgets.run_history import RunHistory


def norms_line(record) -> str:
    return f"‖δ‖∞ = {record.linf[0] * 255:.2f}/255   ‖δ‖₂ = {record.l2[0]:.3f}"


def _label(run: FinishedRun) -> int | None:
    return run.clean[0].index if run.clean else None


def _marker(view: StepView) -> float | None:
    """Where the plots mark the step shown (None while following)."""
    if view.following or view.record is None:
        return None
    record = view.record
    if record.queries and not view.settings.attack.uses_gradient:
        return float(record.queries[0])
    return float(view.step)


def bind_replay(
    state: AppState,
    ticked,
    results: ResultsPanel,
    plot: LossPlot,
    bar: ReplayBar,
    stack: QStackedWidget,
    compare: CompareView,
) -> None:
    """The slider and the pictures, top-5 and plot marker of the step it shows; a chosen
    earlier run, or two compared, in place of the newest one."""

    def draw_step() -> None:
        view = step_view(state)
        if view is None:
            bar.clear()
            plot.mark_step(None)
            return
        bar.set_view(view.step, view.last, following=view.following, text=view.text)
        plot.mark_step(_marker(view))
        if (pair := state.compared()) is not None:
            draw_compare(pair)
            return
        if state.shows_live() and view.following:
            return  # the live frames and records are drawn as they come (views.bind_results)
        if view.frame is not None:
            results.show_adversarial(view.frame.adversarial, view.frame.delta)
        if view.record is not None:
            run = state.shown_run()
            label = _label(run) if run is not None else state.label
            results.show_step(
                view.record,
                state.categories,
                label=label,
                target=view.settings.target,
                jpeg=view.settings.eot_jpeg,
            )

    def draw_compare(pair: tuple[FinishedRun, FinishedRun]) -> None:
        names = state.categories
        for index, run in enumerate(pair):
            view = finished_view(run, state.replay_step)
            frame, record = view.frame, view.record
            verdict = ""
            if record is not None:
                top, prob = record.top1[0], record.top1_prob[0]
                name = state.class_name(top)
                verdict = present.verdict(
                    record, view.settings.targeted, name, top, prob, jpeg=view.settings.eot_jpeg
                )
            compare.show_run(
                index,
                caption(run, names),
                frame.adversarial if frame is not None else None,
                frame.delta if frame is not None else None,
                amplify=state.amplify,
                verdict=verdict,
                norms=norms_line(record) if record is not None else "",
            )

    def on_shown() -> None:
        pair = state.compared()
        stack.setCurrentWidget(compare if pair else results)
        plot.set_overlay(None)
        run = pair[0] if pair else state.shown_run()
        if state.selected and run is not None and run.tape is not None:
            results.set_original(to_rgb8(run.tape.x), caption(run, state.categories), x=run.tape.x)
            results.show_clean(list(run.clean), target=run.result.settings.target)
        elif state.input is not None:  # the image open now, and its prediction
            results.set_original(state.input.rgb, state.input.caption)
            if state.prediction is not None:
                results.show_clean(state.prediction, target=state.settings.target)
        if run is not None:
            reset_plot(plot, run.result.settings)
            plot.show_records(run.result.history)
        elif state.shows_live():
            reset_plot(plot, state.run_settings)
            plot.show_records(state.live_records)
            results.clear_adversarial(QCoreApplication.translate("Views", "Attacking…"))
        if pair:
            plot.set_overlay(pair[1].result.history, f"run {pair[1].number}")
        draw_step()

    def on_tick() -> None:
        if state.is_running():
            draw_step()  # the slider grows with the run

    state.shownChanged.connect(on_shown)
    state.replayChanged.connect(draw_step)
    state.optionsChanged.connect(lambda: state.compared() and draw_step())
    ticked.connect(on_tick)
    bar.stepChosen.connect(state.set_replay_step)
    bar.followRequested.connect(lambda: state.set_replay_step(None))
    bar.clear()


def bind_history(
    state: AppState,
    history: RunHistory,
    form: AttackForm,
    save: Callable[[], None],
) -> None:
    """The table of runs follows ``state.runs``; its buttons change the state."""

    def on_history() -> None:
        history.set_rows([(r.number, row(r, state.categories)) for r in state.runs])
        history.select(state.selected)

    def reapply(number: int) -> None:
        run = state.run(number)
        if run is not None:
            form.set_settings(run.result.settings)  # the form tells the state

    state.historyChanged.connect(on_history)
    state.shownChanged.connect(lambda: history.select(state.selected))
    state.enabledChanged.connect(lambda e: history.set_can_save(e.save))
    history.selectionRequested.connect(state.select_runs)
    history.removeRequested.connect(state.remove_run)
    history.reapplyRequested.connect(reapply)
    history.saveRequested.connect(save)
    history.set_can_save(state.enabled().save)
