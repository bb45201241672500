"""Both verdicts of a run made to survive JPEG ("Survive JPEG at quality Q"), in the window:
on x + δ itself and on its JPEG, in the CLI's words, each equal to a fresh prediction."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
import torch

from advgui.core.eot import jpeg_round_trip
from advgui.core.settings import Attack, AttackSettings
from advgui.gui import present

pytestmark = pytest.mark.usefixtures("fast_models")

QUALITY = 75
#: As tests/test_cli_eot.py's PGD: x + δ fools Lite0 on the cat, and so does its JPEG.
PGD = AttackSettings(attack=Attack.PGD, eps=1 / 255, step_size=0.5 / 255, steps=5)


def fake(plain: bool, jpeg: bool, *, targeted: bool = False, stopped: bool = False):
    record = SimpleNamespace(step=5, total_steps=5, elapsed=1.5, success=(jpeg,))
    return SimpleNamespace(
        settings=PGD.replace(eot_jpeg=QUALITY, target=7 if targeted else None),
        final=record,
        untransformed=SimpleNamespace(success=(plain,)),
        history=[record],
        stopped=stopped,
        early_stopped=False,
    )


@pytest.mark.parametrize(
    ("plain", "jpeg", "targeted", "line"),
    [
        (True, True, False, "x + δ fools the model; the JPEG at quality 75 still fools the model."),
        (
            True,
            False,
            False,
            "x + δ fools the model; the JPEG at quality 75 does not fool the model; "
            "try a larger ε.",
        ),
        (
            False,
            True,
            True,
            "x + δ does not reach the target; the JPEG at quality 75 still reaches the target.",
        ),
    ],
)
def test_the_summary_says_both_verdicts(plain, jpeg, targeted, line):
    assert present.run_summary(fake(plain, jpeg, targeted=targeted)) == (
        f"Done at step 5 of 5 (1.5 s): {line}"
    )


def test_a_stopped_run_says_both_verdicts_and_no_advice():
    assert present.run_summary(fake(False, False, stopped=True)) == (
        "Stopped at step 5 of 5 (1.5 s): x + δ does not fool the model; "
        "the JPEG at quality 75 does not fool the model."
    )


def test_the_window_shows_both_verdicts_of_a_fresh_prediction(window, run_and_wait):
    window.state.set_compute(precision="fp32", threads=1)
    assert run_and_wait(window, PGD.replace(eot_jpeg=QUALITY)) == "done"
    result, model = window.state.last_run.result, window.state.model.classifier
    label = int(result.labels[0])
    with torch.no_grad():
        plain = int(model(result.adversarial).argmax()) != label
        jpeg = int(model(jpeg_round_trip(result.adversarial, QUALITY)).argmax()) != label
    assert plain  # this attack fools the model on the cat (see tests/test_cli_eot.py)
    on_jpeg = "still fools the model" if jpeg else "does not fool the model"
    said = window.run_bar.timing.text()
    assert f"x + δ fools the model; the JPEG at quality {QUALITY} {on_jpeg}" in said
    assert window.statusBar().currentMessage().startswith(said)
    caption = window.results.adversarial.caption.text()
    after = "fooled after JPEG q75" if jpeg else "not fooled yet after JPEG q75"
    assert caption.startswith(f"Step 5: {after}, the model sees")
