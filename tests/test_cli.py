"""advgui-cli: models, download, predict and attack, their output, --json, and saving.

Most runs call ``main()`` in-process on the session's offline model; a few run
``python -m advgui.cli`` to check what a user's shell sees: exit codes, no traceback,
and no Qt module loaded.
"""

from __future__ import annotations

import dataclasses
import io
import json
import os
import re
import tempfile
import urllib.error
from pathlib import Path

import numpy as np
import pytest
import torch
from cli_support import CAT, ESPRESSO, QUICK, ROOT, cli_fixture, run_module
from corpus.faults import record_writes
from corpus.images import BROKEN

from advgui.core.export import NAMES
from advgui.core.imaging import amplify_delta, from_pil, load_image, preprocess, to_uint8
from advgui.core.predict import probabilities
from advgui.core.settings import PRESETS

__all__ = ["cli_fixture"]  # the ``cli`` fixture

CAT_CLASS, ESPRESSO_CLASS, AIRLINER = 285, 967, 404
STEP_LINE = re.compile(r"^step +(\d+)/(\d+)  loss ")

#: Flags for a run that fools the model in float but not after rounding to 8 bits:
#: PGD steps of 0.1/255 stopped at the first success leave delta below half a grey
#: level, so the rounded image is the clean one (measured: one step on the 128 x 128 cat).
BOUNDARY = (
    "--attack", "pgd", "--eps", "2/255", "--step-size", "0.1/255", "--steps", "4",
    "--early-stop", "--size", "128", "--crop",
)  # fmt: skip


def reread_probs(model, png: Path) -> torch.Tensor:
    """What anyone who opens the saved PNG gets from the model."""
    image = load_image(png)
    return probabilities(model, preprocess(image, min(image.size)))[0]


def assert_top5_matches(model, png: Path, top5: list[dict]) -> None:
    probs = reread_probs(model, png)
    values, indices = probs.topk(5)
    assert [g["index"] for g in top5] == indices.tolist()
    assert [g["prob"] for g in top5] == pytest.approx(values.tolist(), abs=1e-5)


# ---------------------------------------------------------------- models


def test_models_lists_the_offline_model_as_default(cli):
    r = cli("models")
    assert r.code == 0 and r.err == ""
    header, *lines = r.out.splitlines()
    assert header.split() == ["MODEL", "WEIGHTS", "SIZE", "INPUT", "WEIGHTS", "NAME"]
    first = lines[0].split()
    assert first[:2] == ["*", "efficientnet_lite0"] and "offline (bundled)" in lines[0]
    names = [line[2:].split()[0] for line in lines[:-1]]
    required = ("resnet50", "resnet18", "vgg16", "mobilenet_v3_large", "convnext_tiny", "vit_b_16")
    assert set(required) <= set(names)
    # offline first, then (the session's cache being empty) the downloads, the tutorial's first
    assert names[:3] == ["efficientnet_lite0", "efficientnet_lite1", "efficientnet_lite2"]
    assert names[3] == "resnet50" and names[4:] == sorted(names[4:])
    vgg = next(line for line in lines if line[2:].split()[0] == "vgg16")
    assert "download" in vgg and "528 MB" in vgg  # what a download costs, said before it
    assert "download MODEL" in lines[-1] and "default (efficientnet_lite0)" in lines[-1]


def test_models_json(cli):
    r = cli("models", "--json")
    assert r.code == 0
    rows = {row["name"]: row for row in json.loads(r.out)}
    offline = rows["efficientnet_lite0"]
    assert offline["offline"] and offline["on_disk"] and offline["default"]
    # The session's weights cache is empty, so ResNet50 is listed but not on disk.
    assert rows["resnet50"]["weights"] == "ResNet50_Weights.IMAGENET1K_V1"
    assert not rows["resnet50"]["on_disk"] and not rows["resnet50"]["default"]
    assert sum(row["default"] for row in rows.values()) == 1
    assert len(rows) >= 20


# ---------------------------------------------------------------- predict


def test_predict_prints_the_top_five(cli, offline_model, cat_x):
    r = cli("predict", CAT)
    assert r.code == 0 and r.err == ""
    header, *lines = r.out.splitlines()
    assert header == "efficientnet_lite0 on cpu: chelsea.png"  # which model said it
    assert len(lines) == 5
    assert lines[0].split()[:3] == [str(CAT_CLASS), "Egyptian", "cat"]
    expected = probabilities(offline_model, cat_x)[0].topk(5).indices.tolist()
    assert [int(line.split()[0]) for line in lines] == expected
    assert lines[0].endswith("%")


def test_predict_json_and_top(cli, offline_model, espresso_x):
    r = cli("predict", ESPRESSO, "--top", "3", "--json")
    assert r.code == 0 and r.err == ""
    data = json.loads(r.out)  # the whole of stdout is one JSON object
    assert data["model"] == "efficientnet_lite0" and data["image"] == str(ESPRESSO)
    probs = probabilities(offline_model, espresso_x)[0]
    values, indices = probs.topk(3)
    assert [g["index"] for g in data["top"]] == indices.tolist()
    assert data["top"][0]["name"] == "espresso"
    assert [g["prob"] for g in data["top"]] == pytest.approx(values.tolist(), abs=1e-5)


# ---------------------------------------------------------------- attack


def test_tutorial_untargeted_prints_steps_and_saves_three_files(cli, offline_model, tmp_path):
    out = tmp_path / "run"  # created by the CLI
    # At 160 pixels (half the work of 224; the full-size recipe is tested in the core tests).
    r = cli("attack", CAT, "--preset", "tutorial-untargeted", "--size", "160", "--out", out)
    assert r.code == 0 and r.err == ""
    assert sorted(p.name for p in out.iterdir()) == sorted(NAMES)

    lines = r.out.splitlines()
    assert lines[0].startswith("efficientnet_lite0 on cpu: chelsea.png is 285 Egyptian cat")
    steps = [m for line in lines if (m := STEP_LINE.match(line))]
    assert [int(m.group(1)) for m in steps] == list(range(31))
    assert {m.group(2) for m in steps} == {"30"}
    verdict, eight_bit, saved = lines[-3:]
    assert verdict.startswith("fooled: after 30 steps the model says ")
    assert eight_bit.startswith("8-bit PNG: ")
    assert saved == "saved: " + ", ".join(str(out / n) for n in NAMES)
    assert len(lines) == 1 + 31 + 3

    side = json.loads((out / "result.json").read_text())
    assert side["model"]["name"] == "efficientnet_lite0"
    assert "efficientnet-lite0" in side["model"]["weights"]
    assert Path(side["model"]["weights_file"]).is_file()
    assert side["settings"] == PRESETS["tutorial-untargeted"].to_dict()
    assert side["seed"] == 0 and side["target"] is None and side["steps_run"] == 30
    assert {"advgui", "python", "torch", "torchvision", "pillow", "numpy"} <= set(side["versions"])
    assert side["source_image"] == str(CAT)
    history = side["history"]
    assert [h["step"] for h in history] == list(range(31))
    assert history[0]["linf"] == [0.0] and history[-1]["p_true"][0] < 1e-3
    (image,) = side["images"]
    assert image["true_class"] == CAT_CLASS and image["input_size"] == [160, 241]
    assert image["top5_before"][0]["index"] == CAT_CLASS
    assert image["top5_after"][0]["index"] == history[-1]["top1"][0] != CAT_CLASS
    assert image["success"] is True

    # The saved PNG, read back as a user would, gives what the sidecar reports.
    assert_top5_matches(offline_model, out / "adversarial.png", image["saved_png"]["top5"])
    still = image["saved_png"]["still_adversarial"]
    assert still == (image["saved_png"]["top5"][0]["index"] != CAT_CLASS)
    assert ("still fools" in eight_bit) == still
    assert image["saved_png"]["linf_from_input_255"] <= 2 + 1e-3


def test_tutorial_targeted_json_is_the_sidecar_and_nothing_else(cli, offline_model, tmp_path):
    out = tmp_path / "run"
    # At 160 pixels (a quarter of the work of 224) the recipe still reaches "airliner".
    r = cli(
        "attack", ESPRESSO, "--preset", "tutorial-targeted", "--early-stop", "--size", "160",
        "--json", "--out", out,
    )  # fmt: skip
    assert r.code == 0 and r.err == ""
    data = json.loads(r.out)  # fails on any other text on stdout
    assert data == json.loads((out / "result.json").read_text())
    assert data["settings"] == {**PRESETS["tutorial-targeted"].to_dict(), "early_stop": True}
    assert data["target"] == AIRLINER and data["early_stopped"] is True
    assert len(data["history"]) == data["steps_run"] + 1 <= 101
    (image,) = data["images"]
    assert image["true_class"] == ESPRESSO_CLASS and image["success"] is True
    assert image["top5_after"][0]["index"] == AIRLINER
    assert_top5_matches(offline_model, out / "adversarial.png", image["saved_png"]["top5"])
    assert image["saved_png"]["still_adversarial"] == (
        image["saved_png"]["top5"][0]["index"] == AIRLINER
    )


def _catalogue_loaded() -> None:
    """Import torchvision's model catalogue now: as torch loads its compiler on the way,
    it makes its cache folder in the temporary folder, once per process (not our doing)."""
    from advgui.core.models import default_model_name

    default_model_name()


def test_json_without_out_writes_nothing(cli, tmp_path, monkeypatch):
    _catalogue_loaded()
    work, scratch = tmp_path / "cwd", tmp_path / "tmp"
    work.mkdir()
    scratch.mkdir()
    monkeypatch.chdir(work)
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    r = cli("attack", CAT, *QUICK, "--json")
    assert r.code == 0 and r.err == ""
    data = json.loads(r.out)
    assert len(data["history"]) == 2 and data["settings"]["attack"] == "pgd"
    assert data["images"][0]["input_size"] == [64, 64]
    assert list(work.iterdir()) == [] and list(scratch.iterdir()) == []


@pytest.mark.parametrize(
    "flags", [(), ("--json",), ("--quantize",)], ids=["text", "json", "quantize"]
)
def test_attack_without_out_creates_no_file_or_folder_anywhere(cli, tmp_path, monkeypatch, flags):
    """The 8-bit verdict is judged in memory: no temporary folder, no file, anywhere."""
    _catalogue_loaded()
    cli("attack", CAT, *QUICK)  # --precision auto measures once and caches its choice
    work, scratch = tmp_path / "cwd", tmp_path / "tmp"
    work.mkdir()
    scratch.mkdir()
    monkeypatch.chdir(work)
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    with monkeypatch.context() as mp:
        attempts = record_writes(mp)  # any write, mkdir or temporary fails and is listed
        r = cli("attack", CAT, *QUICK, *flags)
    assert r.code == 0 and r.err == "", r.err
    assert attempts == []
    assert list(work.iterdir()) == [] and list(scratch.iterdir()) == []
    if not flags or flags == ("--quantize",):
        last = r.out.splitlines()[-1]
        assert last.startswith("8-bit PNG: ") and "saved:" not in r.out
        assert "the saved" not in last and ("not saved" in last or "would" in last), last


def test_quantize_keeps_the_saved_png_adversarial(cli, offline_model, tmp_path):
    plain, quant = tmp_path / "plain", tmp_path / "quantized"

    r = cli("attack", CAT, *BOUNDARY, "--out", plain)
    assert r.code == 0
    assert r.out.splitlines()[-3].startswith("fooled:")  # fooled in float ...
    eight_bit = r.out.splitlines()[-2]
    assert eight_bit.startswith("8-bit PNG: rounding to 8 bits undid the attack")  # ... not on disk
    assert "quantize" in eight_bit
    side = json.loads((plain / "result.json").read_text())
    assert side["images"][0]["success"] is True
    assert side["images"][0]["saved_png"]["still_adversarial"] is False
    assert reread_probs(offline_model, plain / "adversarial.png").argmax().item() == CAT_CLASS

    r = cli("attack", CAT, *BOUNDARY, "--quantize", "--out", quant)
    assert r.code == 0
    assert r.out.splitlines()[-2].startswith("8-bit PNG: the saved 8-bit PNG still fools")
    side = json.loads((quant / "result.json").read_text())
    assert side["quantize"]["enabled"] is True and side["quantize"]["extra_steps"] >= 1
    assert side["images"][0]["saved_png"]["still_adversarial"] is True
    assert side["images"][0]["saved_png"]["linf_from_input_255"] <= 2 + 1e-3
    assert reread_probs(offline_model, quant / "adversarial.png").argmax().item() != CAT_CLASS
    saved = side["images"][0]["saved_png"]
    assert_top5_matches(offline_model, quant / "adversarial.png", saved["top5"])


@pytest.mark.parametrize(
    "flags, expected",
    [
        (
            ["--attack", "mifgsm", "--loss", "margin", "--eps", "4/255", "--step-size", "1/255",
             "--steps", "2", "--random-start", "--seed", "7", "--target", "airliner"],
            {"attack": "mifgsm", "loss": "margin", "norm": "linf", "eps": 4 / 255,
             "step_size": 1 / 255, "steps": 2, "random_start": True, "seed": 7, "target": 404,
             "goal": "targeted", "early_stop": False},
        ),
        (
            ["--preset", "pgd-l2", "--eps", "0.25", "--steps", "1"],
            {"attack": "pgd", "norm": "l2", "eps": 0.25, "step_size": 0.1, "steps": 1,
             "random_start": True, "target": None, "goal": "untargeted"},
        ),
        (
            ["--attack", "fgsm", "--eps", "3/255"],  # one step of exactly eps
            {"attack": "fgsm", "eps": 3 / 255, "step_size": 3 / 255},
        ),
        (
            ["--attack", "adam", "--step-size", "0.01", "--steps", "1", "--early-stop"],
            {"attack": "adam", "step_size": 0.01, "steps": 1, "early_stop": True},
        ),
    ],
    ids=["mifgsm-targeted", "pgd-l2", "fgsm", "adam"],
)  # fmt: skip
def test_attack_flags_reach_the_settings(cli, flags, expected):
    r = cli("attack", CAT, *flags, "--size", "64", "--crop", "--json")
    assert r.code == 0, r.err
    data = json.loads(r.out)
    settings = data["settings"]
    for key, value in expected.items():
        want = pytest.approx(value) if isinstance(value, float) else value
        assert settings[key] == want, key
    assert data["seed"] == settings["seed"] and data["target"] == settings["target"]
    steps = 1 if settings["attack"] == "fgsm" else settings["steps"]
    assert len(data["history"]) <= steps + 1 and data["history"][-1]["step"] == data["steps_run"]
    if settings["norm"] == "l2":
        assert max(h["l2"][0] for h in data["history"]) <= settings["eps"] + 1e-5
    else:
        assert max(h["linf"][0] for h in data["history"]) <= settings["eps"] + 1e-6


def test_the_seed_makes_a_run_repeatable(cli, tmp_path):
    flags = ("--preset", "pgd-linf", "--steps", "2", "--size", "64", "--crop")
    for name, seed in (("a", 1), ("b", 1), ("c", 2)):
        assert cli("attack", CAT, *flags, "--seed", seed, "--out", tmp_path / name).code == 0
    png = {n: (tmp_path / n / "adversarial.png").read_bytes() for n in "abc"}
    assert png["a"] == png["b"] != png["c"]


def test_local_weights_file_is_used_and_recorded(cli, tmp_path):
    from advgui.core.models import OFFLINE_MODEL, model_info

    path = tmp_path / "my-weights.pth"
    path.write_bytes(model_info(OFFLINE_MODEL).weights_path.read_bytes())
    r = cli("predict", CAT, "--weights", path, "--top", "1")
    assert r.code == 0 and r.out.splitlines()[1].split()[0] == str(CAT_CLASS)
    r = cli("attack", CAT, *QUICK, "--weights", path, "--json")
    assert r.code == 0
    assert json.loads(r.out)["model"]["weights_file"] == str(path)


def test_ctrl_c_stops_the_run_and_saves_nothing(cli, tmp_path, monkeypatch):
    import advgui.core.attacks as attacks

    class Interrupted(attacks.AttackRun):
        def __iter__(self):
            it = super().__iter__()
            yield next(it)
            raise KeyboardInterrupt

    monkeypatch.setattr(attacks, "AttackRun", Interrupted)
    r = cli("attack", CAT, *QUICK, "--out", tmp_path / "out")
    assert r.code == 130
    assert r.err == "advgui-cli: stopped by the user\n"
    assert not (tmp_path / "out").exists()


def test_a_target_not_reached_is_said_so(cli):
    r = cli("attack", ESPRESSO, "--preset", "tutorial-targeted", "--steps", "1", *QUICK[-3:])
    assert r.code == 0  # done, whatever the outcome
    verdict = r.out.splitlines()[-2]
    assert verdict.startswith("target not reached: after 1 steps the model says ")
    assert r.out.splitlines()[-1].startswith("8-bit PNG: the attack did not succeed")


def test_existing_results_need_force(cli, tmp_path):
    out = tmp_path / "run"
    out.mkdir()
    for name in NAMES:
        (out / name).write_bytes(b"previous " + name.encode())

    r = cli("attack", CAT, *QUICK, "--out", out)
    assert r.code == 2 and r.out == ""  # refused before any step ran
    assert "already exist" in r.error and "--force" in r.error
    assert all((out / n).read_bytes() == b"previous " + n.encode() for n in NAMES)

    r = cli("attack", CAT, *QUICK, "--out", out, "--force")
    assert r.code == 0
    assert sorted(p.name for p in out.iterdir()) == sorted(NAMES)
    assert json.loads((out / "result.json").read_text())["steps_run"] == 1
    assert load_image(out / "adversarial.png").size == (64, 64)


def test_full_resolution_and_a_stem_save_the_photos_size_under_that_name(
    cli, offline_model, tmp_path
):
    out = tmp_path / "new" / "run"
    r = cli("attack", CAT, *QUICK, "--out", out, "--stem", "cat-pgd", "--full-resolution")
    assert r.code == 0 and r.err == ""
    names = ["cat-pgd.png", "cat-pgd-delta.png", "cat-pgd-full.png", "cat-pgd-delta.npy"]
    names.append("cat-pgd.json")
    assert sorted(p.name for p in out.iterdir()) == sorted(names)
    *_, full_line, saved = r.out.splitlines()
    assert saved == "saved: " + ", ".join(str(out / n) for n in names)
    assert full_line.startswith("full resolution: the full-resolution PNG (451 x 300, the ")
    assert "perturbation upscaled" in full_line

    photo = load_image(CAT)
    full = load_image(out / "cat-pgd-full.png")
    assert full.size == photo.size == (451, 300)
    change = np.abs(np.asarray(full, np.int16) - np.asarray(photo, np.int16))
    side = json.loads((out / "cat-pgd.json").read_text())
    eps_255 = side["settings"]["eps"] * 255
    assert 0 < change.max() <= eps_255 + 0.5
    entry = side["images"][0]["full_resolution"]
    assert entry["file"] == "cat-pgd-full.png" and entry["centre_crop"] is True
    assert side["images"][0]["files"]["full"] == "cat-pgd-full.png"
    # 64 x 64 from the centre of 96 x 64: only x 75 to 376 of the photo is changed.
    left, _, right, _ = entry["box"]
    assert change[:, :left].max() == 0 and change[:, right:].max() == 0
    again = preprocess(full, 64, center_crop=True)
    values, indices = probabilities(offline_model, again)[0].topk(5)
    assert [g["index"] for g in entry["top5"]] == indices.tolist()
    assert [g["prob"] for g in entry["top5"]] == pytest.approx(values.tolist(), abs=1e-5)
    assert ("still fools" in full_line) == entry["still_adversarial"]

    r = cli("attack", CAT, *QUICK, "--out", out, "--stem", "cat-pgd", "--full-resolution")
    assert r.code == 2 and "cat-pgd.png, cat-pgd-delta.png, cat-pgd-full.png" in r.error
    r = cli("attack", CAT, *QUICK, "--full-resolution")  # nothing saved: what a save would do
    assert r.code == 0 and "not saved" in r.out.splitlines()[-1]
    r = cli("attack", CAT, *QUICK, "--out", out, "--stem", "a/b")
    assert r.code == 2 and "--stem a/b: a name, not a path" in r.error


def test_amplify_sets_the_delta_picture(cli, tmp_path):
    """delta.png is k * (saved PNG - input) + 0.5, for the k given with --amplify."""
    x = preprocess(load_image(CAT), 64, center_crop=True)
    for k in (1.0, 50.0, 200.0):
        out = tmp_path / f"k{k:g}"
        args = ("--amplify", k) if k != 50 else ()  # 50 is the default
        assert cli("attack", CAT, *QUICK, "--out", out, *args).code == 0
        saved = from_pil(load_image(out / "adversarial.png"))
        expected = to_uint8(amplify_delta(saved - x, k))
        assert np.array_equal(np.asarray(load_image(out / "delta.png")), expected)


# ---------------------------------------------------------------- download


class _Response(io.BytesIO):
    def __init__(self, data: bytes, length: int | None = None) -> None:
        super().__init__(data)
        self.headers = {"Content-Length": str(len(data) if length is None else length)}


@pytest.fixture
def weights_cache(tmp_path, monkeypatch) -> Path:
    """An empty torch cache of the test's own; returns its checkpoints folder."""
    monkeypatch.setenv("TORCH_HOME", str(tmp_path / "torch"))
    return tmp_path / "torch" / "hub" / "checkpoints"


def test_download_saves_weights_with_progress(cli, weights_cache, monkeypatch):
    import torchvision.models as tvm

    from advgui.core import models, weights

    info = dataclasses.replace(
        models.model_info("squeezenet1_1"), url="https://weights.invalid/squeezenet-test.pth"
    )
    real_info = models.model_info
    monkeypatch.setattr(models, "model_info", lambda n: info if n == info.name else real_info(n))
    buf = io.BytesIO()
    torch.save(tvm.squeezenet1_1(weights=None).state_dict(), buf)
    urls = []

    def urlopen(url, timeout=None):
        urls.append(url)
        return _Response(buf.getvalue())

    monkeypatch.setattr(weights.urllib.request, "urlopen", urlopen)

    r = cli("download", "squeezenet1_1")
    assert r.code == 0, r.err
    assert urls == [info.url]
    path = weights_cache / "squeezenet-test.pth"
    assert path.read_bytes() == buf.getvalue()
    assert sorted(p.name for p in weights_cache.iterdir()) == ["squeezenet-test.pth"]
    assert r.out == f"squeezenet1_1: saved {path}\n"  # the progress line ends on stderr
    assert r.err.endswith("\n")
    assert "downloading weights:" in r.err and f"{len(buf.getvalue()) / 1e6:.1f} MB" in r.err

    r = cli("download", "squeezenet1_1")  # a second time: nothing to fetch
    assert r.code == 0 and urls == [info.url]
    assert r.out.strip() == f"squeezenet1_1: already on disk at {path}"


@pytest.mark.parametrize("failure", ["offline", "checksum", "cut-short"])
def test_failed_download_leaves_nothing_and_exits_3(cli, weights_cache, monkeypatch, failure):
    from advgui.core import weights

    def urlopen(url, timeout=None):
        if failure == "offline":
            raise urllib.error.URLError("[Errno -3] Temporary failure in name resolution")
        return _Response(b"not the weights" * 100, length=3000 if failure == "cut-short" else None)

    monkeypatch.setattr(weights.urllib.request, "urlopen", urlopen)
    r = cli("download", "resnet18")
    assert r.code == 3 and r.out == ""
    error = r.err.splitlines()[-1]  # after the progress line, if any
    assert error.startswith("advgui-cli: error: ") and "Traceback" not in r.err
    assert "resnet18-f37072fd.pth" in error
    expected = {
        "offline": "--weights FILE",
        "checksum": "does not match its checksum",
        "cut-short": "stopped after 1500 of 3000 bytes",
    }[failure]
    assert expected in error
    assert not weights_cache.exists() or list(weights_cache.iterdir()) == []


def test_unknown_model(cli):
    r = cli("download", "resnet9000")
    assert r.code == 2 and "unknown model 'resnet9000'" in r.error and "models" in r.error
    r = cli("predict", CAT, "--model", "resnet9000")
    assert r.code == 2 and r.out == "" and "unknown model 'resnet9000'" in r.error


# ---------------------------------------------------------------- a real shell


def test_module_attack_saves_and_loads_no_qt(tmp_path):
    out = tmp_path / "run"
    r = run_module("attack", CAT, *QUICK, "--out", out, cwd=tmp_path, torch_home=tmp_path / "th")
    assert r.code == 0 and r.err == ""
    assert r.out.splitlines()[-1].startswith("saved: ")
    assert sorted(p.name for p in out.iterdir()) == sorted(NAMES)


def test_module_broken_image_is_one_line(tmp_path):
    """``python -m advgui.cli`` as typed in a shell: exit 2, one line, no traceback."""
    image = tmp_path / "truncated.jpg"
    image.write_bytes(BROKEN["truncated.jpg"][0]())
    r = run_module(
        "attack", image, "--out", tmp_path / "run",
        cwd=tmp_path, torch_home=tmp_path / "th", check_qt=False,
    )  # fmt: skip
    assert r.code == 2 and r.out == ""
    assert "truncated.jpg" in r.error
    assert sorted(p.name for p in tmp_path.iterdir()) == ["truncated.jpg"]


def test_a_minimal_norm_attack_runs_without_a_bound_and_saves_its_best_point(cli, tmp_path):
    out = tmp_path / "out"
    result = cli("attack", CAT, "--preset", "deepfool-l2", "--size", "96", "--crop", "--out", out)
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    assert "deepfool, margin loss, l2 no eps bound, untargeted" in lines[0]
    assert "best: none yet" in lines[1] and any("best |d| " in line for line in lines)
    report = json.loads((out / "result.json").read_text())
    assert report["settings"]["eps"] is None and report["result_point"] == "best"
    delta = np.load(out / "delta.npy")
    image = report["images"][0]
    assert image["success"], (report["history"][-1], image)
    assert image["delta"]["l2"] == pytest.approx(float(np.linalg.norm(delta)), rel=1e-5)


def test_eps_none_is_refused_for_an_attack_that_needs_a_bound(cli):
    result = cli("attack", CAT, *QUICK, "--eps", "none")
    assert result.code == 2
    assert "needs eps; only the minimal-norm attacks (deepfool, fmn)" in result.error


def test_a_reader_that_goes_away_is_not_an_error(tmp_path):
    """``advgui-cli models | head -1``: no traceback, no error line, SIGPIPE's status.
    The pipe's reading end is closed before the program writes, as a reader that has
    gone away leaves it."""
    import subprocess
    import sys

    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "advgui.cli", "models"],
            stdout=write_end,
            stderr=subprocess.PIPE,
            env={**os.environ, "PYTHONPATH": str(ROOT), "TORCH_HOME": str(tmp_path)},
            timeout=60,
        )
    finally:
        os.close(write_end)
    assert proc.returncode == 141 and proc.stderr.decode() == "", proc.stderr
