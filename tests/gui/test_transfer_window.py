"""Transfer in the attack view, in the real window with the real offline models: after a
run, the adversarial image's top-1 on EfficientNet-Lite1 and -Lite2 (loaded from their
bundled weights on a worker, kept for the next run) is what a fresh prediction of each
model on that image gives, judged by the test's own reading of the rule."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QWidget

from advgui.core.models import load_model
from advgui.core.predict import probabilities
from advgui.gui.present import format_prob

pytestmark = pytest.mark.usefixtures("fast_models")

CHECK_MS = 120_000
OTHERS = ("efficientnet_lite1", "efficientnet_lite2")


@pytest.fixture(scope="module")
def fresh():
    """Each other model as the test loads it itself (not prepared: the window's are)."""
    return {name: load_model(name, download=False, prepare=False) for name in OTHERS}


def said(v, names, *, targeted: bool) -> str:
    """What the line must say of verdict ``v``."""
    if not v.correct:
        verdict = f"wrong on the clean image already ({names[v.clean_top1]})"
    elif targeted:
        verdict = "target reached" if v.fooled else "target not reached"
    else:
        verdict = "fooled" if v.fooled else "not fooled"
    return f"{v.model}: {names[v.top1]} ({format_prob(v.prob)}) — {verdict}"


def finished(window) -> bool:
    t = window.state.transfer
    return t is not None and not t.checking


def test_the_other_models_verdicts_are_fresh_predictions(window, qtbot, run_and_wait, quick, fresh):
    state, line = window.state, window.findChild(QWidget, "transferLine")
    window.state.set_compute(precision="fp32", threads=1)
    seen = []  # (the line, whether Run can start) each time the verdicts changed
    state.transferChanged.connect(lambda: seen.append((line.text(), state.enabled().run)))

    assert run_and_wait(window, quick(8)) == "done"
    qtbot.waitUntil(lambda: finished(window), timeout=CHECK_MS)

    t = state.transfer
    assert t.run == state.last_run.number and t.models == OTHERS
    assert seen[0] == ("Other models: checking other models…", True)  # Run is never held
    assert seen[1][0].endswith("· checking efficientnet_lite2…") and seen[1][1]
    assert len(seen) == 3 and "checking" not in seen[2][0]
    result = state.last_run.result
    label, names = int(result.labels[0]), state.categories
    for v, name in zip(t.verdicts, OTHERS, strict=True):
        model = fresh[name]
        probs = probabilities(model, result.adversarial)
        clean = int(probabilities(model, result.x).argmax())
        assert v.model == name and v.problem is None
        assert v.top1 == int(probs.argmax()) and v.prob == pytest.approx(
            float(probs.max()), abs=1e-3
        )
        assert v.clean_top1 == clean and v.correct == (clean == label)
        assert v.fooled == (clean == label and v.top1 != label)
        assert said(v, names, targeted=False) in line.text()
    assert result.adversarial.shape[-2] == 224  # shown as Lite0 saw it, not resized
    kept = dict(window.transfer.kept)
    assert {n for n, _d in kept} == set(OTHERS)

    # A new run clears the line at once; its own check uses the models kept.
    seen.clear()
    with qtbot.waitSignal(state.runStarted):
        window.form.set_settings(quick(3, eps=1 / 255))
        assert window.run_attack()
    assert line.text() == "" and state.transfer is None
    qtbot.waitUntil(
        lambda: state.last_run is not None and state.last_run.number == 2, timeout=CHECK_MS
    )
    qtbot.waitUntil(lambda: finished(window), timeout=CHECK_MS)
    assert state.transfer.run == 2
    assert all(window.transfer.kept[k] is m for k, m in kept.items())  # not loaded again

    # The first run, chosen in the history, brings back its own verdicts.
    state.select_runs((1,))
    assert state.transfer == t and "efficientnet_lite2" in line.text()
    # A new image: nothing to say until it is attacked.
    state.select_runs(())
    window.open_image(window.state.image_path)
    assert state.transfer is None and line.text() == ""


def test_a_targeted_run_says_whether_each_model_reached_the_target(
    window, qtbot, run_and_wait, quick, fresh
):
    window.state.set_compute(precision="fp32", threads=1)
    settings = quick(4, target=1)  # goldfish
    assert run_and_wait(window, settings) == "done"
    qtbot.waitUntil(lambda: finished(window), timeout=CHECK_MS)
    t, result = window.state.transfer, window.state.last_run.result
    assert t.targeted and [v.model for v in t.verdicts] == list(OTHERS)
    label = int(result.labels[0])
    for v in t.verdicts:
        model = fresh[v.model]
        top1 = int(probabilities(model, result.adversarial).argmax())
        correct = int(probabilities(model, result.x).argmax()) == label
        assert (v.top1, v.correct, v.fooled) == (top1, correct, correct and top1 == 1)
        assert said(v, window.state.categories, targeted=True) in window.transfer_line.text()
