"""``Evaluation.stop()`` and the transfer rule, on the offline model and the bundled samples.

Stop is counted in forward passes of the attacked model, not timed: once stop() is
called, at most the pass in flight and the one its step was about to record run.
"""

from __future__ import annotations

import shutil
import threading

import pytest
import torch

from advgui.core.evaluation.inputs import collect
from advgui.core.evaluation.run import EvalConfig, Evaluation
from advgui.core.evaluation.transfer import transfer_verdicts
from advgui.core.paths import sample
from advgui.core.settings import Attack, AttackSettings

PGD = AttackSettings(attack=Attack.PGD, steps=4)


@pytest.fixture(scope="module")
def four(tmp_path_factory):
    folder = tmp_path_factory.mktemp("stop") / "four"
    folder.mkdir()
    for k in range(4):
        shutil.copy(sample("cat" if k % 2 else "espresso"), folder / f"{k}.png")
    return collect([folder])


def evaluation(model, settings=PGD, eps=(0.5 / 255, 1 / 255)):
    config = EvalConfig(model=model.name, settings=settings, attack="pgd", eps=eps)
    return Evaluation(model, config, batch=1)


class Passes:
    """Counts the attacked model's forward passes; ``then(n, fn)`` calls fn at pass n."""

    def __init__(self, model) -> None:
        self.count = 0
        self.at: dict[int, object] = {}
        self.handle = model.register_forward_pre_hook(self._seen)

    def _seen(self, _module, _inputs) -> None:
        self.count += 1
        if (fn := self.at.pop(self.count, None)) is not None:
            fn()

    def close(self) -> None:
        self.handle.remove()


@pytest.fixture
def passes(offline_model):
    counter = Passes(offline_model)
    yield counter
    counter.close()


def test_an_uninterrupted_run_is_not_stopped(offline_model, four):
    ev = evaluation(offline_model)
    done = list(ev.run(four[:2]))
    assert len(done) == 2 and not ev.stopped
    assert all(len(d.rows) == 2 for d in done)


def test_stop_inside_an_attack_ends_the_run_within_a_step(offline_model, four, passes):
    full = evaluation(offline_model)
    before = passes.count
    first = next(iter(full.run(four)))  # one image: its passes, all radii
    per_image = passes.count - before
    assert per_image > 10  # a clean pass, two attacks of several steps, verdicts

    ev = evaluation(offline_model)
    stop_at = passes.count + per_image + 3  # three passes into the second image's attack
    passes.at[stop_at] = ev.stop
    done = list(ev.run(four))

    assert ev.stopped
    assert passes.count - stop_at <= 1  # the pass in flight finished; no further step
    assert [d.item.id for d in done] == [first.item.id]  # the image in progress is dropped
    assert _timeless(done[0].rows) == _timeless(first.rows)  # and it is whole


def test_stop_from_another_thread_keeps_the_finished_images(offline_model, four, passes):
    ev = evaluation(offline_model, settings=PGD.replace(steps=2000))
    started = threading.Event()
    passes.at[passes.count + 5] = started.set
    stopper = threading.Thread(target=lambda: started.wait(60) and ev.stop())
    stopper.start()
    try:
        done = list(ev.run(four))
    finally:
        stopper.join(60)
    assert ev.stopped and done == []  # stopped in its first, 2000-step attack
    assert list(ev.run(four)) == []  # a stopped evaluation stays stopped


def test_stop_between_images_keeps_the_rows_done(offline_model, four):
    ev = evaluation(offline_model)
    done = []
    for d in ev.run(four):
        done.append(d)
        if len(done) == 2:
            ev.stop()
    assert ev.stopped and [d.done for d in done] == [1, 2]
    assert all(len(d.rows) == 2 and "fooled" in d.rows[0] for d in done)


def _timeless(rows):
    return [{k: v for k, v in r.items() if k != "time_s"} for r in rows]


@pytest.mark.parametrize(
    ("clean", "adv", "label", "target", "correct", "fooled"),
    [
        (5, 7, 5, None, True, True),  # right on the clean image, moved off the label
        (5, 5, 5, None, True, False),  # still the label
        (3, 7, 5, None, False, False),  # wrong already on the clean image: cannot be fooled
        (5, 9, 5, 9, True, True),  # targeted: reached the target
        (5, 7, 5, 9, True, False),  # targeted: moved, but not to the target
    ],
)
def test_the_transfer_rule(clean, adv, label, target, correct, fooled):
    (verdict,) = transfer_verdicts(
        torch.tensor([clean]), torch.tensor([adv]), torch.tensor([label]), target
    )
    assert verdict == {"clean_top1": clean, "correct": correct, "top1": adv, "fooled": fooled}
