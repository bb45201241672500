"""Impossible parameters cannot be entered in the window (issue 5).

Typed into the real window's fields, as a user would: every value a field accepts, for
every update rule and norm, makes settings the core accepts; values out of range never
arrive; fields that do not apply are disabled; a target equal to the class the model
already sees is refused with a clear message before any run starts.
"""

from __future__ import annotations

import itertools

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractSpinBox

from advgui.core.settings import MAX_L2_EPS, Attack, Norm
from advgui.gui.widgets.attack_form import ATTACKS, NORMS

from .window_support import close_boxes, error_box

pytestmark = pytest.mark.usefixtures("fast_models")  # windows use the session's model


def choose(combo, value) -> None:
    row = combo.findData(value)
    assert row >= 0, value
    combo.setCurrentIndex(row)


def type_into(qtbot, spin: QAbstractSpinBox, text: str) -> None:
    """Select the field's text, type ``text`` and press Enter, as at the keyboard."""
    edit = spin.lineEdit()
    edit.selectAll()
    qtbot.keyClicks(edit, text)
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    spin.clearFocus()  # leaving the field: Qt fixes up or reverts what is not acceptable


HOSTILE_TEXT = ["0", "-1", "0.000001", "1e9", "99999999", "abc", "", "nan", "inf", "255", "1000"]


@pytest.mark.parametrize(
    "attack, norm", list(itertools.product([a.value for a in ATTACKS], [n.value for n in NORMS]))
)
def test_whatever_is_typed_the_settings_stay_valid(window, qtbot, attack, norm):
    form = window.form
    choose(form.attack_combo, attack)
    choose(form.norm_combo, norm)
    spins = [form.eps_spin, form.step_spin, form.steps_spin, form.decay_spin, form.seed_spin]
    for spin, text in itertools.product(spins, HOSTILE_TEXT):
        if not spin.isEnabled():
            continue
        type_into(qtbot, spin, "3")  # typing reaches the field
        assert spin.value() == pytest.approx(3)
        type_into(qtbot, spin, text)
        settings = form.settings()  # never raises
        settings.validate()
        assert settings.eps > 0 and settings.step_size > 0 and settings.steps >= 1
        assert spin.minimum() <= spin.value() <= spin.maximum()
    s = form.settings()
    if Norm(norm) is Norm.LINF:
        assert s.eps <= 1.0  # pixels are in [0, 1]
    else:
        assert s.eps <= MAX_L2_EPS


def test_the_lowest_and_highest_values_each_field_allows_are_valid(window):
    form = window.form
    for attack, norm in itertools.product(ATTACKS, NORMS):
        choose(form.attack_combo, attack.value)
        choose(form.norm_combo, norm.value)
        spins = (form.eps_spin, form.step_spin, form.steps_spin, form.decay_spin)
        assert form.eps_spin.minimum() > 0 and form.step_spin.minimum() > 0
        assert form.steps_spin.minimum() == 1
        for ends in itertools.product(("minimum", "maximum"), repeat=len(spins)):
            for spin, end in zip(spins, ends):
                spin.setValue(getattr(spin, end)())
            form.settings().validate()


def test_eps_units_are_shown_for_each_norm(window, qtbot):
    form = window.form
    form.set_preset("pgd-linf")
    assert form.eps_spin.suffix() == " /255" and form.eps_label.text() == "ε budget (L∞)"
    type_into(qtbot, form.eps_spin, "5")
    assert form.settings().eps == pytest.approx(5 / 255)  # 5 means 5/255 under L-inf

    choose(form.norm_combo, Norm.L2.value)
    assert "/255" not in form.eps_spin.suffix() and form.eps_label.text() == "ε radius (L2)"
    assert "not 1/255" in form.eps_spin.toolTip()
    type_into(qtbot, form.eps_spin, "8")
    assert form.settings().eps == pytest.approx(8.0)  # a radius in pixel units
    type_into(qtbot, form.eps_spin, "2040")  # 8/255 mistaken for 1/255 units, scaled
    assert form.settings().eps <= MAX_L2_EPS
    assert form.step_label.text() == "Step size (L2)" and "/255" not in form.step_spin.suffix()


def test_fields_that_do_not_apply_are_disabled_in_the_window(window):
    form = window.form
    choose(form.attack_combo, Attack.FGSM.value)
    assert not form.steps_spin.isEnabled() and not form.step_spin.isEnabled()
    assert form.settings().effective_steps == 1
    choose(form.attack_combo, Attack.PGD.value)
    assert form.steps_spin.isEnabled() and form.step_spin.isEnabled()

    choose(form.goal_combo, False)
    assert not form.target_combo.isEnabled()
    assert form.settings().target is None and window.state.settings.target is None
    choose(form.goal_combo, True)
    assert form.target_combo.isEnabled() and form.settings().target is not None


def test_an_unknown_or_ambiguous_target_name_is_not_accepted(window, qtbot):
    form = window.form
    choose(form.goal_combo, True)
    form.target_combo.set_class(404)
    for text in ("no such class", "1000", "-3", "cat", ""):
        edit = form.target_combo.lineEdit()
        edit.selectAll()
        qtbot.keyClicks(edit, text)
        qtbot.keyClick(edit, Qt.Key.Key_Return)
        assert form.settings().target == 404, text
        assert form.target_combo.currentText() == "404: airliner", text


def test_targeting_the_class_the_model_already_sees_is_refused(window, qtbot):
    form = window.form
    seen = window.state.label
    name = window.state.prediction[0].name
    choose(form.goal_combo, True)
    edit = form.target_combo.lineEdit()
    edit.selectAll()
    qtbot.keyClicks(edit, name)  # typed by name, as a user would
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert form.settings().target == seen

    qtbot.mouseClick(window.run_bar.run_button, Qt.MouseButton.LeftButton)

    assert not window.state.is_running() and window.state.steps_seen == 0
    box = error_box(window)
    assert box is not None and box.windowTitle() == "Cannot run"
    assert box.text() == (
        f"the target '{name}' ({seen}) is already what the model sees; choose another target class"
    )
    close_boxes(window)
    form.target_combo.set_class(404 if seen != 404 else 405)
    with qtbot.waitSignal(window.run_finished, timeout=30_000):
        form.steps_spin.setValue(1)
        assert window.run_attack()
