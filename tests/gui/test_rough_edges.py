"""What a new user tripped over in the window (issue 12), each checked on the real window."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtWidgets import QAbstractSpinBox, QApplication

from .window_support import send_wheel

pytestmark = pytest.mark.usefixtures("fast_models")


def wheel(widget, notches: int = 1) -> bool:
    """Turn the mouse wheel over the middle of ``widget``, as a user does; whether the
    widget took the turn (an ignored turn goes on to the scroll area under it: Qt passes
    a real wheel event to the parents, though not one a test sends)."""
    return send_wheel(widget, QPointF(widget.width() / 2, widget.height() / 2), notches)


def test_the_wheel_over_an_unfocused_number_field_scrolls_the_panel(window, qtbot):
    qtbot.waitUntil(window.is_ready, timeout=30_000)
    window.resize(1024, 600)
    window.show()
    qtbot.waitExposed(window)
    form = window.form
    spins = [w for w in form.findChildren(QAbstractSpinBox) if w.isEnabled()]
    assert len(spins) >= 3
    window.run_bar.run_button.setFocus()
    before = {s.objectName(): s.value() for s in spins}
    settings = window.state.settings
    for spin in spins:
        assert spin.focusPolicy() == Qt.FocusPolicy.StrongFocus  # the wheel gives no focus
        assert not wheel(spin, 1)  # left to the panel
    assert {s.objectName(): s.value() for s in spins} == before
    assert window.state.settings == settings  # no silent "custom (edited)"

    steps = form.steps_spin
    steps.setFocus()
    qtbot.waitUntil(steps.hasFocus, timeout=5_000)
    value = steps.value()
    assert wheel(steps, 1)
    assert steps.value() == value + 1  # with focus the wheel still changes it


@pytest.mark.parametrize("start", ["epsSpin", "runButton"])
def test_focus_comes_back_to_where_it_was_after_a_run(window, qtbot, quick, start):
    from PySide6.QtWidgets import QWidget

    qtbot.waitUntil(window.is_ready, timeout=30_000)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    field = window.findChild(QWidget, start)
    field.setFocus()
    qtbot.waitUntil(field.hasFocus, timeout=5_000)
    window.form.set_settings(quick(6))
    during: list[str] = []
    window.attack.ticked.connect(lambda: during.append(QApplication.focusWidget().objectName()))
    with qtbot.waitSignal(window.run_finished, timeout=60_000):
        assert window.run_attack()
    assert during and set(during) == {"stopButton"}  # not the amplification field
    qtbot.waitUntil(field.hasFocus, timeout=5_000)


def test_help_has_a_quick_guide_with_the_story_and_every_shortcut(window, qtbot):
    from PySide6.QtWidgets import QLabel, QTextBrowser

    window.actions.quick_guide.trigger()
    guide = window.findChild(QTextBrowser, "guideText")
    assert guide is not None and guide.window().isVisible()
    text = guide.toPlainText()
    assert "wombat" in text and "2/255" in text and "Replay" in text
    for keys in ("Ctrl+O", "Ctrl+R", "Esc", "Ctrl+S", "Ctrl+Shift+R", "F1"):
        assert keys in text, keys
    assert "Run attack" in text and "Save" in text
    window.actions.quick_guide.trigger()  # again: the same window, raised
    assert len(window.findChildren(QTextBrowser, "guideText")) == 1
    assert window.findChild(QLabel, "howTo") is None  # moved out of the parameter column


class DiscardAnswers:
    """The window's prompts, with the answer to "quit and lose the unsaved runs?" given."""

    def __init__(self, real, answer: bool) -> None:
        self._real, self.answer, self.asked = real, answer, []

    def __getattr__(self, name):
        return getattr(self._real, name)

    def confirm_discard_runs(self, count: int) -> bool:
        self.asked.append(count)
        return self.answer


def test_quitting_asks_before_losing_runs_never_saved(make_window, qtbot, quick, tmp_path):
    from advgui.gui import dialogs
    from advgui.gui.prefs import Prefs

    answers = DiscardAnswers(dialogs.DialogPrompts(Prefs()), answer=False)
    window = make_window(prompts=answers)
    window.show()
    window.actions.quit.trigger()  # nothing run: no question
    assert answers.asked == [] and not window.isVisible()

    window = make_window(prompts=answers)
    window.show()
    for steps in (2, 3):
        window.form.set_settings(quick(steps))
        with qtbot.waitSignal(window.run_finished, timeout=60_000):
            assert window.run_attack()
    window.actions.quit.trigger()
    assert answers.asked == [2] and window.isVisible()  # "stay": nothing lost
    assert len(window.state.runs) == 2

    window.save_results(tmp_path)  # the newest run, saved
    answers.asked.clear()
    window.actions.quit.trigger()
    assert answers.asked == [1] and window.isVisible()
    answers.answer = True
    window.actions.quit.trigger()
    assert not window.isVisible()


def test_hint_texts_are_readable(window, qtbot):
    """Every label that sets its own text colour reaches WCAG's 4.5:1 on the window."""
    import re

    from PySide6.QtGui import QColor, QPalette
    from PySide6.QtWidgets import QLabel

    from advgui.gui.widgets.style import contrast

    qtbot.waitUntil(window.is_ready, timeout=30_000)
    back = window.palette().color(QPalette.ColorRole.Window)
    coloured = [w for w in window.findChildren(QLabel) if "color" in w.styleSheet()]
    assert len(coloured) >= 4
    for label in coloured:
        found = re.search(r"(?<![-\w])color:\s*([^;]+);", label.styleSheet())
        assert found, (label.objectName(), label.styleSheet())
        color = QColor(found.group(1).strip())
        assert color.isValid(), (label.objectName(), label.styleSheet())  # not palette(mid)
        ratio = contrast(color, back)
        assert ratio >= 4.5, (label.objectName(), label.text()[:40], round(ratio, 2))


def test_every_control_says_what_it_does_in_a_tooltip(window, qtbot):
    from PySide6.QtWidgets import (
        QAbstractButton,
        QAbstractItemView,
        QComboBox,
        QHeaderView,
        QLineEdit,
        QSlider,
        QWidget,
    )

    qtbot.waitUntil(window.is_ready, timeout=30_000)
    window.show()
    qtbot.waitExposed(window)
    kinds = (QAbstractButton, QAbstractSpinBox, QComboBox, QSlider, QLineEdit, QAbstractItemView)
    silent, seen = [], 0
    for index in range(window.tabs.count()):
        window.tabs.setCurrentIndex(index)
        for widget in window.findChildren(QWidget):
            if not isinstance(widget, kinds) or not widget.isVisibleTo(window):
                continue
            if isinstance(widget, QHeaderView) or widget.objectName().startswith("qt_"):
                continue  # a table's header; Qt's own parts (scroll bars, tab arrows)
            if isinstance(widget, QLineEdit) and isinstance(widget.parentWidget(), QComboBox):
                continue  # the text field of a combo box, which has the tip
            seen += 1
            if not widget.toolTip().strip():
                silent.append(f"{type(widget).__name__} {widget.objectName()!r}")
    window.tabs.setCurrentIndex(0)
    assert seen > 30
    assert silent == []


@pytest.mark.parametrize("size", [(1024, 700), (1400, 900)])
def test_the_window_fits_small_screens_without_cutting_titles(window, qtbot, quick, size):
    from advgui.gui.widgets.curves_pane import NARROW

    qtbot.waitUntil(window.is_ready, timeout=30_000)
    window.resize(*size)
    window.show()
    qtbot.waitExposed(window)
    window.form.set_settings(quick(3))
    with qtbot.waitSignal(window.run_finished, timeout=60_000):
        assert window.run_attack()
    qtbot.wait(100)
    assert window.width() <= size[0] and window.height() <= size[1]
    results = window.results
    for view in (results.original, results.adversarial, results.delta):
        assert view.title.width() >= view.title.sizeHint().width(), view.title.text()
        assert view.canvas.height() >= (120 if size[1] < 800 else 200)
    pane = window.curves
    assert pane.is_narrow() == (pane.width() < NARROW)
    assert pane.is_narrow() == (size[0] < 1200)
    if pane.is_narrow():  # curves and runs are tabs: each gets the whole width
        assert pane.tabs.currentWidget() is window.plot
        pane.show_runs()
        assert window.history.isVisible() and not window.plot.isVisible()
        pane.tabs.setCurrentWidget(window.plot)
    views = (window.plot.loss_plot.vb, window.plot.prob_plot.vb)
    for vb in views:
        rect = vb.sceneBoundingRect()
        assert rect.width() >= 150 and rect.height() >= 50, rect
    # Wider again: side by side, the splitter as the user left it.
    window.resize(1400, 900)
    qtbot.waitUntil(lambda: not pane.is_narrow(), timeout=5_000)
    assert window.history.isVisible() and window.plot.isVisible()
