"""The attack's parameters: preset, update rule, loss, norm, budget, steps, goal, JPEG.

Fields that do not apply are disabled (FGSM has no steps or step size; an untargeted
attack has no target), and every spin box has the range the core accepts, so an
invalid combination cannot be entered. Budgets are in 1/255 under L-inf and in pixel
units under L2; the suffix says which.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QWidget,
)

from advgui.core.errors import SettingsError
from advgui.core.settings import (
    DEFAULT_PRESET,
    MAX_L2_EPS,
    PRESET_HELP,
    PRESETS,
    Attack,
    AttackSettings,
    Loss,
    Norm,
)
from advgui.gui.error_text import user_text
from advgui.gui.present import ATTACKS
from advgui.gui.preset_texts import help_text
from advgui.gui.widgets.class_combo import ClassCombo
from advgui.gui.widgets.fields import IntSpin
from advgui.gui.widgets.style import set_hint
from advgui.gui.widgets.unit_spin import L2_RADIUS, PER_255, PER_255_FINE, PLAIN, Unit, UnitSpin

CUSTOM = "custom"
DEFAULT_TARGET = 404  # airliner, as in the tutorial
DEFAULT_JPEG_QUALITY = 75  # Pillow's own default quality

LOSSES = {
    Loss.CE: QT_TRANSLATE_NOOP("AttackForm", "Cross-entropy"),
    Loss.MARGIN: QT_TRANSLATE_NOOP("AttackForm", "C&W logit margin"),
    Loss.DLR: QT_TRANSLATE_NOOP("AttackForm", "DLR (difference of logits ratio)"),
}
#: Attacks with their own step-size schedule: the step size field does not apply.
OWN_STEP = {Attack.FGSM, Attack.APGD, Attack.DEEPFOOL, Attack.FMN, Attack.SQUARE}
#: Attacks that can start from a random point of the ball.
RANDOM_START = {Attack.SGD, Attack.ADAM, Attack.PGD, Attack.MIFGSM, Attack.APGD}
NORMS = {
    Norm.LINF: QT_TRANSLATE_NOOP("AttackForm", "L∞ (each pixel)"),
    Norm.L2: QT_TRANSLATE_NOOP("AttackForm", "L2 (whole image)"),
}

#: Starting values when a norm or an update family is first chosen (pixel units).
DEFAULT_EPS = {Norm.LINF: 2 / 255, Norm.L2: 0.5}
DEFAULT_STEP = {
    (True, Norm.LINF): 0.1,
    (True, Norm.L2): 0.1,
    (False, Norm.LINF): 0.5 / 255,
    (False, Norm.L2): 0.1,
}


def _combo(items: dict, name: str) -> QComboBox:
    box = QComboBox(objectName=name)
    for value, label in items.items():
        box.addItem(
            QCoreApplication.translate("AttackForm", label), value.value
        )  # Qt would turn the str-enum into a plain str
    return box


def same_settings(a: AttackSettings, b: AttackSettings) -> bool:
    """Equal up to float rounding in the spin boxes."""
    da, db = a.to_dict(), b.to_dict()
    for key, va in da.items():
        vb = db[key]
        if isinstance(va, float) and isinstance(vb, float):
            if not math.isclose(va, vb, rel_tol=1e-6, abs_tol=1e-12):
                return False
        elif va != vb:
            return False
    return True


class AttackForm(QGroupBox):
    """Emits ``settingsChanged()`` on any edit, and ``settingsEdited(settings, problem)``:
    the settings shown, and why they cannot run as shown (None when they can; the
    settings then hold the last class committed as target)."""

    settingsChanged = Signal()
    settingsEdited = Signal(object, object)  # AttackSettings, str | None
    targetRejected = Signal(str)  # typed target text that names no single class, and why

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(QCoreApplication.translate("AttackForm", "Attack"), parent)
        self.preset_combo = QComboBox(objectName="presetCombo")
        for name in PRESETS:
            self.preset_combo.addItem(name, name)
            self.preset_combo.setItemData(
                self.preset_combo.count() - 1,
                help_text(name),
                Qt.ItemDataRole.ToolTipRole,
            )
        self.preset_combo.addItem(
            QCoreApplication.translate("AttackForm", "custom (edited)"), CUSTOM
        )
        self.preset_help = QLabel(wordWrap=True, objectName="presetHelp")
        set_hint(self.preset_help)
        self.attack_combo = _combo(ATTACKS, "attackCombo")
        self.loss_combo = _combo(LOSSES, "lossCombo")
        self.norm_combo = _combo(NORMS, "normCombo")
        self.eps_spin = UnitSpin(PER_255, objectName="epsSpin")
        self.eps_spin.set_pixel_value(DEFAULT_EPS[Norm.LINF])
        self.eps_label = QLabel(QCoreApplication.translate("AttackForm", "ε budget"))
        self.step_spin = UnitSpin(PLAIN, objectName="stepSizeSpin")
        self.step_spin.set_pixel_value(DEFAULT_STEP[(True, Norm.LINF)])
        self.step_label = QLabel(QCoreApplication.translate("AttackForm", "Step size"))
        self.steps_spin = IntSpin(objectName="stepsSpin", minimum=1, maximum=100_000)
        self.steps_spin.setKeyboardTracking(False)
        self.decay_spin = UnitSpin(Unit(1.0, "", 2, 0.0, 10.0, 0.1), objectName="decaySpin")
        self.random_check = QCheckBox(
            QCoreApplication.translate("AttackForm", "Random start in the ε-ball"),
            objectName="randomStartCheck",
        )
        self.seed_spin = IntSpin(objectName="seedSpin", minimum=0, maximum=2**31 - 1)
        self.seed_spin.setKeyboardTracking(False)
        self.early_check = QCheckBox(
            QCoreApplication.translate("AttackForm", "Stop once the goal is met"),
            objectName="earlyStopCheck",
        )
        self.unbounded_check = QCheckBox(
            QCoreApplication.translate("AttackForm", "No ε bound (smallest change)"),
            objectName="noBoundCheck",
        )
        self.best_check = QCheckBox(
            QCoreApplication.translate("AttackForm", "Result: the best point found"),
            objectName="keepBestCheck",
        )
        self.overshoot_spin = UnitSpin(Unit(1.0, "", 3, 0.0, 1.0, 0.01), objectName="overshootSpin")
        self.candidates_spin = IntSpin(objectName="candidatesSpin", minimum=2, maximum=1000)
        self.candidates_spin.setKeyboardTracking(False)
        self.p_init_spin = UnitSpin(Unit(1.0, "", 3, 0.001, 1.0, 0.01), objectName="pInitSpin")
        self.eot_check = QCheckBox(
            QCoreApplication.translate("AttackForm", "Survive JPEG at quality"),
            objectName="eotJpegCheck",
        )
        self.eot_check.setToolTip(
            QCoreApplication.translate(
                "AttackForm",
                "Attack what a JPEG of the image shows, so that the result still fools the model "
                "once saved as a JPEG of this quality; both verdicts are reported",
            )
        )
        self.eot_spin = IntSpin(objectName="eotJpegSpin", minimum=1, maximum=100)
        self.eot_spin.setValue(DEFAULT_JPEG_QUALITY)
        self.eot_spin.setKeyboardTracking(False)
        self.eot_spin.setToolTip(
            QCoreApplication.translate(
                "AttackForm", "JPEG quality, 1 (smallest file) to 100; 75 is a common default"
            )
        )
        self.goal_combo = QComboBox(objectName="goalCombo")
        self.goal_combo.addItem(
            QCoreApplication.translate("AttackForm", "Untargeted: any wrong class"), False
        )
        self.goal_combo.addItem(
            QCoreApplication.translate("AttackForm", "Targeted: reach a chosen class"), True
        )
        self.target_combo = ClassCombo()
        self.target_combo.setObjectName("targetCombo")
        self.target_combo.set_class(DEFAULT_TARGET)
        self._set_tooltips()

        form = QFormLayout(self)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(QCoreApplication.translate("AttackForm", "Preset"), self.preset_combo)
        form.addRow("", self.preset_help)
        form.addRow(QCoreApplication.translate("AttackForm", "Update"), self.attack_combo)
        form.addRow(QCoreApplication.translate("AttackForm", "Loss"), self.loss_combo)
        form.addRow(QCoreApplication.translate("AttackForm", "Norm"), self.norm_combo)
        form.addRow(self.eps_label, self.eps_spin)
        form.addRow("", self.unbounded_check)
        form.addRow(self.step_label, self.step_spin)
        self.steps_label = QLabel(QCoreApplication.translate("AttackForm", "Steps"))
        form.addRow(self.steps_label, self.steps_spin)
        form.addRow(QCoreApplication.translate("AttackForm", "Momentum"), self.decay_spin)
        form.addRow(QCoreApplication.translate("AttackForm", "Overshoot"), self.overshoot_spin)
        form.addRow(
            QCoreApplication.translate("AttackForm", "Candidate classes"), self.candidates_spin
        )
        form.addRow(QCoreApplication.translate("AttackForm", "Initial square"), self.p_init_spin)
        form.addRow("", self.best_check)
        form.addRow("", self.random_check)
        form.addRow(QCoreApplication.translate("AttackForm", "Seed"), self.seed_spin)
        form.addRow("", self.early_check)
        jpeg_row = QHBoxLayout()
        jpeg_row.addWidget(self.eot_check)
        jpeg_row.addWidget(self.eot_spin)
        jpeg_row.addStretch(1)
        form.addRow("", jpeg_row)
        form.addRow(QCoreApplication.translate("AttackForm", "Goal"), self.goal_combo)
        form.addRow(QCoreApplication.translate("AttackForm", "Target class"), self.target_combo)
        self.target_problem = QLabel(wordWrap=True, objectName="targetProblem")
        self.target_problem.setStyleSheet("color: #b3261e;")
        self.target_problem.hide()
        form.addRow("", self.target_problem)
        self._last_valid = PRESETS[DEFAULT_PRESET]

        self._loading = False
        self._eps_memory: dict[Norm, float] = dict(DEFAULT_EPS)
        self._step_memory: dict[tuple[bool, Norm], float] = dict(DEFAULT_STEP)
        self._eps_key = Norm.LINF
        self._step_key = (True, Norm.LINF)
        for box in (self.attack_combo, self.norm_combo):
            box.currentIndexChanged.connect(self._on_kind_changed)
        for box in (self.loss_combo, self.goal_combo):
            box.currentIndexChanged.connect(self._on_field_changed)
        self._spins = (
            self.eps_spin,
            self.step_spin,
            self.steps_spin,
            self.decay_spin,
            self.seed_spin,
            self.overshoot_spin,
            self.candidates_spin,
            self.p_init_spin,
            self.eot_spin,
        )
        for spin in self._spins:
            spin.valueChanged.connect(self._on_field_changed)
        checks = (
            self.random_check,
            self.early_check,
            self.unbounded_check,
            self.best_check,
            self.eot_check,
        )
        for check in checks:
            check.toggled.connect(self._on_field_changed)
        self.target_combo.classChanged.connect(self._on_field_changed)
        self.target_combo.problemChanged.connect(self._on_field_changed)
        self.target_combo.rejected.connect(self.targetRejected)
        self.preset_combo.activated.connect(self._on_preset_activated)
        self.set_preset(DEFAULT_PRESET)

    # -- reading and writing -------------------------------------------------------
    def settings(self) -> AttackSettings:
        """The settings shown; raises SettingsError when they cannot run."""
        targeted = bool(self.goal_combo.currentData())
        target = self.target_combo.current_class() if targeted else None
        if targeted and target is None:
            raise SettingsError(
                QCoreApplication.translate(
                    "AttackForm", "choose a target class, or set the goal to untargeted"
                )
            )
        attack = Attack(self.attack_combo.currentData())
        unbounded = attack.minimal_norm and self.unbounded_check.isChecked()
        return AttackSettings(
            attack=attack,
            loss=Loss(self.loss_combo.currentData()),
            norm=Norm(self.norm_combo.currentData()),
            eps=None if unbounded else self.eps_spin.pixel_value(),
            step_size=self.step_spin.pixel_value(),
            steps=self.steps_spin.value(),
            target=target,
            random_start=self.random_check.isChecked(),
            early_stop=self.early_check.isChecked(),
            seed=self.seed_spin.value(),
            decay=self.decay_spin.value(),
            keep_best=self.best_check.isChecked() and self.best_check.isEnabled(),
            overshoot=self.overshoot_spin.value(),
            candidates=self.candidates_spin.value(),
            p_init=self.p_init_spin.value(),
            eot_jpeg=self._eot_jpeg(),
        )

    def _eot_jpeg(self) -> int | None:
        return self.eot_spin.value() if self.eot_check.isChecked() else None

    def set_settings(self, s: AttackSettings) -> None:
        self._loading = True
        try:
            self.attack_combo.setCurrentIndex(self.attack_combo.findData(s.attack.value))
            self.loss_combo.setCurrentIndex(self.loss_combo.findData(s.loss.value))
            self.norm_combo.setCurrentIndex(self.norm_combo.findData(s.norm.value))
            self._on_kind_changed()
            self.unbounded_check.setChecked(s.eps is None)
            if s.eps is not None:
                self.eps_spin.set_pixel_value(s.eps)
            self.step_spin.set_pixel_value(s.step_size)
            self.steps_spin.setValue(s.steps)
            self.decay_spin.setValue(s.decay)
            self.random_check.setChecked(s.random_start)
            self.seed_spin.setValue(s.seed)
            self.early_check.setChecked(s.early_stop)
            self.best_check.setChecked(s.keep_best)
            self.overshoot_spin.setValue(s.overshoot)
            self.candidates_spin.setValue(s.candidates)
            self.p_init_spin.setValue(s.p_init)
            self.eot_check.setChecked(s.eot_jpeg is not None)
            if s.eot_jpeg is not None:
                self.eot_spin.setValue(s.eot_jpeg)
            self.goal_combo.setCurrentIndex(1 if s.targeted else 0)
            if s.target is not None:
                self.target_combo.set_class(s.target)
        finally:
            self._loading = False
        self._update_enabled()
        self._sync_preset()
        self.settingsChanged.emit()
        self._emit_edited()

    def edited(self) -> tuple[AttackSettings, str | None]:
        """The settings shown and the reason they cannot run, if any (see the class)."""
        problem = self.target_combo.problem() if self.goal_combo.currentData() else ""
        try:
            self._last_valid = self.settings()
        except SettingsError as exc:
            return self._last_valid, user_text(exc)
        return self._last_valid, problem or None

    def commit(self) -> None:
        """Take what is typed but not yet entered (spin boxes, the target's text), as
        pressing Enter in each field would; ``settingsEdited`` follows."""
        for spin in self._spins:
            spin.interpretText()
        if self.target_combo.isEnabled():
            self.target_combo.commit()
        self._emit_edited()

    def _emit_edited(self) -> None:
        self.target_problem.setText(self.target_combo.problem())
        self.target_problem.setVisible(
            bool(self.target_combo.problem()) and self.target_combo.isEnabled()
        )
        self.settingsEdited.emit(*self.edited())

    def set_preset(self, name: str) -> None:
        """Show a preset's recipe; whether to survive JPEG is the user's and stays."""
        self.set_settings(PRESETS[name].replace(eot_jpeg=self._eot_jpeg()))
        self.preset_combo.setCurrentIndex(self.preset_combo.findData(name))
        self._sync_preset()

    def preset_name(self) -> str:
        return self.preset_combo.currentData()

    def set_categories(self, categories: list[str]) -> None:
        self.target_combo.set_categories(categories)

    # -- reactions --------------------------------------------------------------------
    def _on_preset_activated(self, row: int) -> None:
        name = self.preset_combo.itemData(row)
        if name in PRESETS:
            self.set_preset(name)
        else:
            self._sync_preset()

    def _on_kind_changed(self) -> None:
        """Attack or norm changed: switch units, restoring the last value for each."""
        attack = Attack(self.attack_combo.currentData())
        norm = Norm(self.norm_combo.currentData())
        optimizer = attack in (Attack.SGD, Attack.ADAM)
        self._eps_memory[self._eps_key] = self.eps_spin.pixel_value()
        self._step_memory[self._step_key] = self.step_spin.pixel_value()
        self._eps_key, self._step_key = norm, (optimizer, norm)
        self.eps_spin.blockSignals(True)
        self.step_spin.blockSignals(True)
        if norm is Norm.LINF:
            self.eps_spin.set_unit(PER_255, self._eps_memory[norm])
            self.eps_label.setText(QCoreApplication.translate("AttackForm", "ε budget (L∞)"))
            self.eps_spin.setToolTip(
                QCoreApplication.translate(
                    "AttackForm", "Largest change of any pixel, in 1/255 (the tutorial: 2/255)"
                )
            )
        else:
            self.eps_spin.set_unit(Unit(1.0, "", 3, 0.001, MAX_L2_EPS, 0.1), self._eps_memory[norm])
            self.eps_label.setText(QCoreApplication.translate("AttackForm", "ε radius (L2)"))
            self.eps_spin.setToolTip(
                QCoreApplication.translate(
                    "AttackForm",
                    "Euclidean length of the whole change, pixels in [0, 1] (not 1/255 units)",
                )
            )
        if optimizer:
            self.step_spin.set_unit(PLAIN, self._step_memory[self._step_key])
            self.step_label.setText(QCoreApplication.translate("AttackForm", "Learning rate"))
        elif norm is Norm.LINF:
            self.step_spin.set_unit(PER_255_FINE, self._step_memory[self._step_key])
            self.step_label.setText(QCoreApplication.translate("AttackForm", "Step size (L∞)"))
        else:
            self.step_spin.set_unit(L2_RADIUS, self._step_memory[self._step_key])
            self.step_label.setText(QCoreApplication.translate("AttackForm", "Step size (L2)"))
        self.eps_spin.blockSignals(False)
        self.step_spin.blockSignals(False)
        self._on_field_changed()

    def _on_field_changed(self, *_: object) -> None:
        if self._loading:
            return
        self._update_enabled()
        self._sync_preset()
        self.settingsChanged.emit()
        self._emit_edited()

    def _update_enabled(self) -> None:
        attack = Attack(self.attack_combo.currentData())
        fgsm = attack is Attack.FGSM
        square = attack is Attack.SQUARE
        self.step_spin.setEnabled(attack not in OWN_STEP)
        self.steps_spin.setEnabled(not fgsm)
        self.steps_label.setText(
            QCoreApplication.translate("AttackForm", "Queries")
            if square
            else QCoreApplication.translate("AttackForm", "Steps")
        )
        self.random_check.setEnabled(attack in RANDOM_START)
        self.seed_spin.setEnabled(
            square or (attack in RANDOM_START and self.random_check.isChecked())
        )
        self.decay_spin.setEnabled(attack is Attack.MIFGSM)
        self.overshoot_spin.setEnabled(attack is Attack.DEEPFOOL)
        self.candidates_spin.setEnabled(attack is Attack.DEEPFOOL)
        self.p_init_spin.setEnabled(square)
        self.eot_spin.setEnabled(self.eot_check.isChecked())
        self.unbounded_check.setEnabled(attack.minimal_norm)
        self.eps_spin.setEnabled(not (attack.minimal_norm and self.unbounded_check.isChecked()))
        own_best = attack.keeps_best
        self.best_check.setEnabled(not own_best)
        self.best_check.setToolTip(
            QCoreApplication.translate("AttackForm", "This attack always keeps its best point")
            if own_best
            else QCoreApplication.translate(
                "AttackForm",
                "Keep, per image, the point that met the goal with the highest objective",
            )
        )
        self.target_combo.setEnabled(bool(self.goal_combo.currentData()))
        self.steps_spin.setToolTip(
            QCoreApplication.translate("AttackForm", "FGSM takes exactly one step of size ε")
            if fgsm
            else QCoreApplication.translate(
                "AttackForm", "How many times the model is asked (at most, if it stops early)"
            )
            if square
            else QCoreApplication.translate(
                "AttackForm", "How many steps the attack takes (at most, if it stops early)"
            )
        )
        self.step_spin.setToolTip(
            QCoreApplication.translate("AttackForm", "FGSM takes exactly one step of size ε")
            if fgsm
            else QCoreApplication.translate("AttackForm", "This attack sets its own step size")
            if attack in OWN_STEP
            else QCoreApplication.translate(
                "AttackForm", "The optimiser's learning rate on δ (the tutorial: 0.1, then 5e-3)"
            )
            if self._step_key[0]
            else QCoreApplication.translate("AttackForm", "How far each step moves δ")
        )

    def _set_tooltips(self) -> None:
        """What each field does; the step and steps fields get theirs as the attack says."""

        for widget, text in (
            (
                self.preset_combo,
                QCoreApplication.translate(
                    "AttackForm",
                    "A ready-made recipe: the tutorial's two attacks and the standard ones; "
                    "editing a field makes it custom",
                ),
            ),
            (
                self.attack_combo,
                QCoreApplication.translate("AttackForm", "The attack: how δ changes at each step"),
            ),
            (
                self.loss_combo,
                QCoreApplication.translate(
                    "AttackForm",
                    "What the attack pushes on: the cross-entropy of the class it moves away "
                    "from, or the margin between it and the best other class",
                ),
            ),
            (
                self.norm_combo,
                QCoreApplication.translate(
                    "AttackForm",
                    "How the size of δ is measured: L∞, the largest change of any pixel, or "
                    "L2, the Euclidean length of the whole change",
                ),
            ),
            (
                self.unbounded_check,
                QCoreApplication.translate(
                    "AttackForm",
                    "Minimal-norm attacks: look for the smallest δ that fools the model, "
                    "no ε limit",
                ),
            ),
            (
                self.random_check,
                QCoreApplication.translate(
                    "AttackForm", "Begin at a random point of the ε-ball instead of the clean image"
                ),
            ),
            (
                self.seed_spin,
                QCoreApplication.translate(
                    "AttackForm", "The random numbers' seed: the same seed gives the same run"
                ),
            ),
            (
                self.early_check,
                QCoreApplication.translate(
                    "AttackForm", "End the run at the first step that meets the goal"
                ),
            ),
            (
                self.decay_spin,
                QCoreApplication.translate(
                    "AttackForm",
                    "MI-FGSM: how much of the previous steps' gradient each step keeps (1.0)",
                ),
            ),
            (
                self.overshoot_spin,
                QCoreApplication.translate(
                    "AttackForm",
                    "DeepFool: how far past the nearest class boundary each step goes (0.02)",
                ),
            ),
            (
                self.candidates_spin,
                QCoreApplication.translate(
                    "AttackForm", "DeepFool: how many of the most likely classes it may cross to"
                ),
            ),
            (
                self.p_init_spin,
                QCoreApplication.translate(
                    "AttackForm",
                    "Square Attack: the first square's share of the image's pixels (0.05)",
                ),
            ),
            (
                self.goal_combo,
                QCoreApplication.translate(
                    "AttackForm",
                    "Untargeted: any wrong class will do. Targeted: make the model say the "
                    "target class",
                ),
            ),
            (
                self.target_combo,
                QCoreApplication.translate(
                    "AttackForm",
                    "The class a targeted attack aims for: type a name or an index (404 airliner)",
                ),
            ),
        ):
            widget.setToolTip(text)

    def _sync_preset(self) -> None:
        """Show the preset whose recipe is on screen (JPEG or not), or 'custom'."""
        try:
            current = self.settings().replace(eot_jpeg=None)
        except SettingsError:
            current = None
        name = self.preset_combo.currentData()
        if current is None or name not in PRESETS or not same_settings(current, PRESETS[name]):
            matches = [n for n, s in PRESETS.items() if current and same_settings(current, s)]
            name = matches[0] if matches else CUSTOM
        self.preset_combo.setCurrentIndex(self.preset_combo.findData(name))
        self.preset_help.setText(
            help_text(name)
            if name in PRESET_HELP
            else QCoreApplication.translate("AttackForm", "Settings edited by hand.")
        )
