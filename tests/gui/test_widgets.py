"""The window's widgets on their own: units, disabled fields, presets, bars, plot."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QSize

from advgui.core.classes import find_class
from advgui.core.errors import SettingsError, UnknownClassError
from advgui.core.settings import PRESETS, Attack, Norm
from advgui.gui.present import format_prob
from advgui.gui.widgets.attack_form import CUSTOM, AttackForm
from advgui.gui.widgets.class_combo import ClassCombo
from advgui.gui.widgets.image_view import ImageView
from advgui.gui.widgets.loss_plot import LossPlot
from advgui.gui.widgets.results import amplified
from advgui.gui.widgets.top5 import Row, Top5Bars

NAMED = {
    1: "goldfish",
    2: "great white shark",
    282: "tiger cat",
    292: "tiger",
    404: "airliner",
    405: "airship",
}
CATS = [NAMED.get(i, f"class {i}") for i in range(1000)]


@pytest.fixture
def form(qtbot):
    f = AttackForm()
    qtbot.addWidget(f)
    f.set_categories(CATS)
    return f


@pytest.mark.parametrize("name", list(PRESETS))
def test_every_preset_round_trips_through_the_form(form, name):
    preset = PRESETS[name]
    form.set_preset(name)
    got = form.settings()
    assert got.to_dict().keys() == preset.to_dict().keys()
    for key, value in preset.to_dict().items():
        if key == "seed" and not preset.random_start:
            continue
        assert got.to_dict()[key] == pytest.approx(value), key
    assert form.preset_name() == name


def test_eps_is_shown_in_255ths_under_linf_and_plain_units_under_l2(form):
    form.set_preset("tutorial-untargeted")
    assert form.eps_spin.value() == pytest.approx(2.0)
    assert "/255" in form.eps_spin.suffix()
    form.set_preset("pgd-l2")
    assert form.eps_spin.value() == pytest.approx(0.5)
    assert "/255" not in form.eps_spin.suffix()
    assert "L2" in form.eps_label.text()
    assert form.settings().eps == pytest.approx(0.5)


def test_switching_norm_remembers_each_budget(form):
    form.set_preset("pgd-linf")
    form.eps_spin.setValue(3.0)
    form.norm_combo.setCurrentIndex(form.norm_combo.findData(Norm.L2.value))
    form.eps_spin.setValue(1.25)
    form.norm_combo.setCurrentIndex(form.norm_combo.findData(Norm.LINF.value))
    assert form.settings().eps == pytest.approx(3 / 255)
    form.norm_combo.setCurrentIndex(form.norm_combo.findData(Norm.L2.value))
    assert form.settings().eps == pytest.approx(1.25)


def test_fields_that_do_not_apply_are_disabled(form):
    form.set_preset("fgsm")
    assert not form.steps_spin.isEnabled() and not form.step_spin.isEnabled()
    assert not form.random_check.isEnabled() and not form.decay_spin.isEnabled()
    assert not form.target_combo.isEnabled()
    form.set_preset("mifgsm")
    assert form.steps_spin.isEnabled() and form.decay_spin.isEnabled()
    form.set_preset("pgd-linf")
    assert form.seed_spin.isEnabled()  # random start is on
    form.random_check.setChecked(False)
    assert not form.seed_spin.isEnabled()
    form.goal_combo.setCurrentIndex(1)
    assert form.target_combo.isEnabled()


def test_spin_ranges_keep_settings_valid(form):
    form.steps_spin.setValue(0)
    assert form.steps_spin.value() == 1
    form.eps_spin.setValue(10_000)
    assert form.settings().eps <= 1.0
    form.step_spin.setValue(-1)
    assert form.settings().step_size > 0


def test_editing_a_field_shows_custom_and_help(form):
    form.set_preset("tutorial-untargeted")
    assert "tutorial" in form.preset_help.text()
    form.steps_spin.setValue(12)
    assert form.preset_name() == CUSTOM
    form.steps_spin.setValue(30)
    assert form.preset_name() == "tutorial-untargeted"


def test_learning_rate_for_sgd_and_step_size_for_pgd(form):
    form.set_preset("tutorial-untargeted")
    assert form.step_label.text() == "Learning rate"
    assert form.step_spin.value() == pytest.approx(0.1)
    form.attack_combo.setCurrentIndex(form.attack_combo.findData(Attack.PGD.value))
    assert "/255" in form.step_spin.suffix()
    assert form.settings().attack is Attack.PGD


def test_targeted_goal_uses_the_combo_class(form):
    form.goal_combo.setCurrentIndex(1)
    form.target_combo.set_class(405)
    assert form.settings().target == 405
    assert form.settings().targeted


def test_targeted_without_a_committed_class_cannot_run(qtbot):
    f = AttackForm()
    qtbot.addWidget(f)
    f.set_categories(CATS)
    f.target_combo.set_categories([])  # no class names (so no class) yet
    f.target_combo.set_categories(CATS)
    f.goal_combo.setCurrentIndex(0)
    combo = ClassCombo()
    qtbot.addWidget(combo)
    assert combo.current_class() is None
    f.target_combo = combo  # a field that never had a class
    f.goal_combo.setCurrentIndex(1)
    with pytest.raises(SettingsError, match="target"):
        f.settings()
    settings, problem = f.edited()
    assert problem and "target" in problem


def test_class_combo_searches_by_name_or_index(qtbot):
    combo = ClassCombo()
    qtbot.addWidget(combo)
    combo.set_categories(CATS)
    assert find_class("airliner", CATS) == 404
    assert find_class("404", CATS) == 404
    assert find_class("404: airliner", CATS) == 404
    assert find_class("Gold", CATS) == 1
    assert find_class("tiger", CATS) == 292  # the exact name wins over "tiger cat"
    with pytest.raises(UnknownClassError, match="several classes: airliner .404., airship"):
        find_class("air", CATS)
    with pytest.raises(UnknownClassError, match="out of range"):
        find_class("1000", CATS)
    got = []
    combo.classChanged.connect(got.append)
    combo.setEditText("shark")
    combo.lineEdit().editingFinished.emit()
    assert combo.current_class() == 2 and got == [2]
    combo.setEditText("no such class")
    combo.lineEdit().editingFinished.emit()
    assert combo.current_class() == 2
    assert combo.currentText() == "2: great white shark"
    assert combo.completer().filterMode().name == "MatchContains"


def test_image_view_keeps_the_aspect_ratio(qtbot):
    view = ImageView("t")
    qtbot.addWidget(view)
    view.set_image(np.zeros((50, 100, 3), np.uint8))
    view.canvas.resize(QSize(400, 400))
    rect = view.canvas.image_rect()
    assert (rect.width(), rect.height()) == (400, 200)
    assert rect.y() == 100
    with pytest.raises(ValueError):
        view.set_image(np.zeros((5, 5), np.uint8))


def test_top5_bars_and_probabilities(qtbot):
    bars = Top5Bars()
    qtbot.addWidget(bars)
    rows = [Row(i, f"c{i}", p) for i, p in enumerate([0.6, 0.2, 0.1, 0.05, 0.05, 0.0])]
    bars.set_rows(rows, true_class=0, target=1)
    assert [r.index for r in bars.rows()] == [0, 1, 2, 3, 4]
    bars.grab()  # paints without error
    assert format_prob(0.4321) == "43.2%"
    assert format_prob(0.0052) == "0.52%"
    assert format_prob(3e-6) == "0.0003%"


def test_loss_plot_redraws_only_when_asked(qtbot):
    plot = LossPlot()
    qtbot.addWidget(plot)
    plot.reset(10, targeted=True)
    for step in range(4):
        plot.append(step, float(step), 10.0**-step, 0.0)
    assert plot.point_count() == 0  # stored, not drawn yet
    assert plot.refresh() and not plot.refresh()
    assert plot.point_count() == 4
    assert plot.prob_plot.ctrl.logYCheck.isChecked()
    assert min(plot.series()["p_target"]) > 0  # zero is clipped for the log scale


def _legend_names(legend) -> list[str]:
    return [label.text for _, label in legend.items]


def test_the_plot_legend_is_under_the_curves_and_the_axes_fit_probabilities(qtbot):
    plot = LossPlot()
    qtbot.addWidget(plot)
    plot.resize(760, 260)
    plot.show()
    qtbot.waitExposed(plot)
    plot.reset(10, targeted=True)
    for step in range(11):  # p(target) climbs to 1 at the right end, where legends sat
        plot.append(step, float(step), 10.0 ** -(step / 2), min(1.0, 10.0 ** (step - 10)))
    plot.refresh()
    qtbot.wait(50)
    legend = plot.legend.sceneBoundingRect()
    assert legend.height() > 0
    for view in (plot.loss_plot.vb, plot.prob_plot.vb):
        assert not legend.intersects(view.sceneBoundingRect())
    assert _legend_names(plot.legend) == ["loss", "p(true class)", "p(target)"]
    low, high = plot.prob_plot.viewRange()[1]  # log10 of the probabilities shown
    assert 0 < high <= 0.25  # 1 at the top (not 10^1, 10^2: probabilities end at 1)
    assert -10.5 < low < -10  # the smallest point (1e-10) shown, with little room below
    # A new run (or a new image) starts from the same range, not the previous run's.
    plot.reset(10, targeted=False)
    low, high = plot.prob_plot.viewRange()[1]
    assert -6.2 <= low <= -5.8 and 0 < high < 0.2
    assert _legend_names(plot.legend) == ["loss", "p(true class)"]
    plot.reset(10, targeted=False, norm="l2")
    assert _legend_names(plot.legend)[-2:] == ["‖δ‖ now", "smallest adversarial ‖δ‖"]
    plot.reset(10, targeted=False)
    assert _legend_names(plot.legend) == ["loss", "p(true class)"]


def test_amplified_delta_matches_the_saved_delta_png():
    import torch

    from advgui.core.imaging import amplify_delta, to_uint8

    rng = np.random.default_rng(0)
    delta = rng.uniform(-4 / 255, 4 / 255, size=(6, 5, 3)).astype(np.float32)
    delta[0, 0] = 0
    img = amplified(delta, 50)
    assert img[0, 0].tolist() == [128, 128, 128]
    core = to_uint8(amplify_delta(torch.from_numpy(delta).permute(2, 0, 1), 50))
    assert np.abs(img.astype(int) - core.astype(int)).max() <= 1


def test_the_form_offers_each_attacks_own_fields_only(form):
    form.set_preset("deepfool-l2")
    assert form.unbounded_check.isEnabled() and form.unbounded_check.isChecked()
    assert not form.eps_spin.isEnabled() and form.settings().eps is None
    assert form.overshoot_spin.isEnabled() and form.candidates_spin.isEnabled()
    assert not form.step_spin.isEnabled() and not form.best_check.isEnabled()
    form.unbounded_check.setChecked(False)  # an upper bound after all
    assert form.eps_spin.isEnabled() and form.settings().eps == pytest.approx(0.5)
    assert form.preset_name() == "custom"

    form.set_preset("square-linf")
    assert form.steps_label.text() == "Queries" and form.p_init_spin.isEnabled()
    assert not form.unbounded_check.isEnabled() and not form.overshoot_spin.isEnabled()
    assert form.seed_spin.isEnabled()  # Square's squares are drawn from the seed

    form.set_preset("fmn-linf")
    assert not form.overshoot_spin.isEnabled() and not form.p_init_spin.isEnabled()
    assert form.settings().keeps_best and form.preset_name() == "fmn-linf"

    form.set_preset("apgd-targeted")
    assert not form.step_spin.isEnabled() and form.random_check.isChecked()
    assert not form.best_check.isEnabled() and form.seed_spin.isEnabled()
    assert form.settings() == PRESETS["apgd-targeted"] and form.settings().keeps_best

    form.set_preset("pgd-linf")
    assert form.best_check.isEnabled() and form.steps_label.text() == "Steps"
    form.best_check.setChecked(True)
    assert form.settings().keep_best and form.preset_name() == "custom"


def _record(step, l2, best=None, queries=None):
    from advgui.core.attacks import StepRecord

    return StepRecord(
        step=step,
        total_steps=3,
        loss=(-1.0 + step,),
        p_true=(0.9,),
        p_target=None,
        top1=(1,),
        top1_prob=(0.9,),
        linf=(l2 / 10,),
        l2=(l2,),
        success=(best is not None,),
        elapsed=0.1 * step,
        best_norm=None if queries else (best,),
        queries=None if queries is None else (queries,),
    )


def test_the_norm_plot_shows_for_minimal_norm_runs_with_the_smallest_adversarial_size(qtbot):
    plot = LossPlot()
    qtbot.addWidget(plot)
    plot.reset(3, targeted=False, norm="l2")
    assert plot.norm_plot in plot.ci.items
    for step, l2, best in [(0, 0.0, None), (1, 0.8, 0.8), (2, 0.5, 0.5), (3, 0.9, 0.5)]:
        plot.add_record(_record(step, l2, best))
    assert plot.refresh()
    series = plot.series()
    assert series["norm"] == [0.0, 0.8, 0.5, 0.9]
    assert np.isnan(series["best_norm"][0]) and series["best_norm"][1:] == [0.8, 0.5, 0.5]
    plot.reset(3, targeted=False)  # a PGD run: no norm plot
    assert plot.norm_plot not in plot.ci.items and plot.series()["norm"] == []


def test_a_score_only_run_is_plotted_over_its_queries(qtbot):
    plot = LossPlot()
    qtbot.addWidget(plot)
    plot.reset(10, targeted=False, x_label="queries")
    for step in range(3):
        plot.add_record(_record(step, 0.1, queries=step * 2 + 1))
    plot.refresh()
    assert plot.series()["step"] == [1, 3, 5]
    assert plot.loss_plot.getAxis("bottom").labelText == "queries"


def test_survive_jpeg_round_trips_and_stays_through_a_change_of_preset(form):
    check, spin = form.eot_check, form.eot_spin
    assert form.findChild(type(check), "eotJpegCheck") is check
    assert form.findChild(type(spin), "eotJpegSpin") is spin
    assert not check.isChecked() and not spin.isEnabled() and form.settings().eot_jpeg is None
    check.setChecked(True)
    assert spin.isEnabled() and form.settings().eot_jpeg == 75
    spin.setValue(90)
    assert form.settings().eot_jpeg == 90
    assert form.preset_name() == "tutorial-untargeted"  # the recipe is still the preset's
    form.set_preset("pgd-linf")
    assert form.settings() == PRESETS["pgd-linf"].replace(eot_jpeg=90)
    form.steps_spin.setValue(7)
    assert form.preset_name() == CUSTOM

    form.set_settings(PRESETS["square-linf"].replace(eot_jpeg=40))
    assert check.isChecked() and spin.value() == 40 and form.preset_name() == "square-linf"
    assert form.settings() == PRESETS["square-linf"].replace(eot_jpeg=40)
    form.set_settings(PRESETS["fgsm"])
    assert not check.isChecked() and not spin.isEnabled()
    assert form.settings() == PRESETS["fgsm"]
    spin.setValue(0)
    assert spin.value() == 1  # the range keeps the quality valid
