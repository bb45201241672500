"""``advgui-cli attack --transfer M1,M2``: each other model's verdict on the adversarial
image is a fresh prediction of that model on it (x + delta, rebuilt from delta.npy)."""

from __future__ import annotations

import json

import numpy as np
import torch
from cli_support import CAT, cli_fixture

from advgui.core.imaging import load_image, preprocess
from advgui.core.models import imagenet_categories, load_model
from advgui.core.predict import probabilities

__all__ = ["cli_fixture"]  # the ``cli`` fixture

PGD = ("--attack", "pgd", "--steps", "4", "--precision", "fp32")
OTHERS = "efficientnet_lite1,efficientnet_lite2"


def test_the_other_models_verdicts_are_fresh_predictions(cli, tmp_path):
    out = tmp_path / "out"
    got = cli("attack", CAT, *PGD, "--transfer", OTHERS, "--out", out, "--json")
    assert got.code == 0, got.err
    report = json.loads(got.out)
    assert list(report["transfer"]) == OTHERS.split(",")
    assert "transfer" not in json.loads((out / "result.json").read_text())  # printed only

    x = preprocess(load_image(CAT), 224)
    delta = torch.from_numpy(np.load(out / "delta.npy"))
    adversarial = (x + delta.reshape(x.shape)).clamp(0, 1)
    label = report["images"][0]["true_class"]
    for name, v in report["transfer"].items():
        model = load_model(name, download=False)
        clean = int(probabilities(model, x).argmax())
        probs = probabilities(model, adversarial)
        assert v["top1"] == int(probs.argmax()) and v["clean_top1"] == clean
        assert v["fooled"] == (clean == label and v["top1"] != label)

    text = cli("attack", CAT, *PGD, "--transfer", OTHERS)
    assert text.code == 0, text.err
    (line,) = [s for s in text.out.splitlines() if s.startswith("other models: ")]
    names = imagenet_categories()
    for name, v in report["transfer"].items():  # the same attack, seeded: the same verdicts
        if not v["correct"]:
            clean = v["clean_top1"]
            verdict = f"wrong on the clean image already ({clean} {names[clean]})"
        else:
            verdict = "fooled" if v["fooled"] else "not fooled"
        top = v["top1"]
        assert f"{name} says {top} {names[top]} ({v['prob']:.1%}): {verdict}" in line


def test_the_attacked_model_itself_is_refused_before_the_attack(cli, tmp_path):
    got = cli("attack", CAT, *PGD, "--transfer", "efficientnet_lite0", "--out", tmp_path / "o")
    assert got.code == 2 and got.out == ""
    assert "--transfer names the attacked model efficientnet_lite0 itself" in got.error
    assert not (tmp_path / "o").exists()
