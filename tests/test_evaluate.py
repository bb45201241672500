"""``advgui-cli evaluate`` and ``summarize`` on a folder of real images.

The folder: the two bundled samples, crops and mirror images of them, a broken file and
a text file. Every figure of summary.json is recomputed here from results.jsonl by the
test's own code; verdicts are checked against fresh attacks and predictions.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import torch
from cli_support import CAT, ESPRESSO, ROOT, cli_fixture  # noqa: F401 (fixture)
from PIL import Image

from advgui.core.evaluation.results import read_rows
from advgui.core.evaluation.run import image_seed
from advgui.core.settings import AttackSettings

#: A quick attack that still fools some of the images at the larger radius.
ATTACK = ("--attack", "pgd", "--steps", "4", "--step-size", "0.25/255", "--precision", "fp32")
EPS = "0.5/255,1/255"
SETTINGS = AttackSettings(attack="pgd", steps=4, step_size=0.25 / 255)
#: What every run of the folder is given (the shards and the resumed run too).
COMMON = (*ATTACK, "--eps", EPS, "--jpeg", "90", "--transfer", "efficientnet_lite1", "--batch", "2")


@pytest.fixture(scope="module")
def photos(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("eval") / "photos"
    (root / "more").mkdir(parents=True)
    with Image.open(CAT) as im:
        cat = im.convert("RGB")
    with Image.open(ESPRESSO) as im:
        espresso = im.convert("RGB")
    cat.save(root / "cat.png")
    espresso.save(root / "espresso.png")
    w, h = espresso.size
    espresso.crop((w // 10, h // 10, w - w // 10, h - h // 10)).save(
        root / "more" / "espresso_crop.png"
    )
    cat.transpose(Image.Transpose.FLIP_LEFT_RIGHT).save(root / "more" / "cat_flip.jpg", quality=95)
    (root / "more" / "broken.png").write_bytes(CAT.read_bytes()[:300])
    (root / "notes.txt").write_text("not an image\n")
    return root


IMAGES = 4  # the samples, a crop of one and a mirror image of the other


@pytest.fixture(scope="module")
def baseline(photos, tmp_path_factory):
    """One uninterrupted, unsharded run with transfer and JPEG checks."""
    from advgui.cli import main

    out = tmp_path_factory.mktemp("eval") / "full"
    assert main(["evaluate", str(photos), "--out", str(out), *COMMON]) == 0
    return out


def _summary(folder: Path) -> dict:
    return json.loads((folder / "summary.json").read_text())


def _image_rows(folder: Path) -> list[dict]:
    return [r for r in read_rows(folder / "results.jsonl") if "skipped" not in r]


def test_every_summary_figure_is_recomputed_from_the_results(baseline):
    s = _summary(baseline)
    rows = _image_rows(baseline)
    files = sorted({r["file"] for r in rows})
    eps = sorted({r["eps"] for r in rows})
    assert s["images"] == len(files) == IMAGES and s["eps"] == eps and len(eps) == 2
    assert len(rows) == IMAGES * len(eps)
    first = {f: next(r for r in rows if r["file"] == f) for f in files}
    right = [f for f in files if first[f]["correct"]]
    assert s["clean_accuracy"] == pytest.approx(len(right) / len(files))

    def upto(f, e):  # the image's rows at this radius or a smaller one
        return [r for r in rows if r["file"] == f and r["eps"] <= e]

    lite1 = "efficientnet_lite1"
    for j, e in enumerate(eps):
        hit = [f for f in right if any(r["fooled"] for r in upto(f, e))]
        assert s["robust_accuracy"][j] == pytest.approx((len(right) - len(hit)) / len(files))
        assert s["attack_success_rate"][j] == pytest.approx(len(hit) / len(right))
        kept = [
            f for f in hit if any(r["fooled"] and r["jpeg"]["90"]["fooled"] for r in upto(f, e))
        ]
        assert s["jpeg"]["90"][j] == (pytest.approx(len(kept) / len(hit)) if hit else None)
        base = [f for f in hit if first[f]["transfer"][lite1]["correct"]]
        moved = [
            f
            for f in base
            if any(r["fooled"] and r["transfer"][lite1]["fooled"] for r in upto(f, e))
        ]
        assert s["transfer"][lite1][j] == (pytest.approx(len(moved) / len(base)) if base else None)
        still = [
            f for f in files if all(r["transfer"][lite1]["top1"] == r["label"] for r in upto(f, e))
        ]
        assert s["transfer_robust_accuracy"][lite1][j] == pytest.approx(len(still) / len(files))
    assert "min_eps" not in s  # not asked for
    # the broken file and the text file: reported, skipped, counted
    assert s["skipped"] == 2
    assert set(s["skipped_files"]) == {"photos/more/broken.png", "photos/notes.txt"}
    assert "broken.png" in s["skipped_files"]["photos/more/broken.png"]
    assert s["skipped_files"]["photos/notes.txt"] == "not an image file"
    csv_lines = (baseline / "summary.csv").read_text().splitlines()
    assert csv_lines[0].split(",")[:4] == [
        "eps",
        "eps_text",
        "robust_accuracy",
        "attack_success_rate",
    ]
    assert len(csv_lines) == 1 + len(eps)
    with Image.open(baseline / "robust_accuracy.png") as im:
        assert im.size[0] >= 1200 and im.size[1] >= 500  # two panels: curves, transfer matrix


def test_robust_accuracy_never_rises_with_eps_and_the_attack_fools_some(baseline):
    s = _summary(baseline)
    acc = s["robust_accuracy"]
    assert all(b <= a for a, b in zip(acc, acc[1:])), acc
    assert acc[-1] < s["clean_accuracy"]  # the largest radius fools at least one image


def _fresh_attack(model, path: Path, image_id: str, label: int, eps: float) -> tuple[int, bool]:
    from advgui.core.attacks import AttackRun
    from advgui.core.imaging import load_image, preprocess

    x = preprocess(load_image(path), 224, center_crop=True)
    settings = SETTINGS.replace(eps=eps)
    result = AttackRun(
        model, x, torch.tensor([label]), settings, seeds=[image_seed(0, image_id)]
    ).run()
    with torch.no_grad():
        top1 = int(model(result.adversarial).argmax(dim=1))
    return top1, top1 != label


def test_verdicts_agree_with_a_fresh_attack_and_prediction(baseline, photos, offline_model):
    rows = [r for r in _image_rows(baseline) if r["eps"] == 1 / 255]
    for r in rows:
        path = photos.parent / r["file"]
        top1, fooled = _fresh_attack(offline_model, path, r["file"], r["label"], r["eps"])
        assert (top1, fooled) == (r["final_top1"], r["fooled"]), r["file"]


def test_min_eps_succeeds_at_its_eps_and_fails_at_half_of_it(cli, photos, offline_model, tmp_path):
    out = tmp_path / "min"
    inputs = (photos / "cat.png", photos / "more" / "espresso_crop.png")
    got = cli("evaluate", *inputs, "--out", out, *ATTACK, "--eps", "1/255", "--min-eps")
    assert got.code == 0, got.err
    rows = _image_rows(out)
    found = {r["file"]: r for r in rows if r["min_eps"]}
    assert found, "no image was fooled within the largest eps"
    for image_id, r in found.items():
        path = Path(image_id) if Path(image_id).is_absolute() else photos.parent / image_id
        assert 0 < r["min_eps"] < 1 / 255
        assert _fresh_attack(offline_model, path, image_id, r["label"], r["min_eps"])[1]
        assert not _fresh_attack(offline_model, path, image_id, r["label"], r["min_eps"] / 2)[1]
    s = _summary(out)
    assert s["min_eps"]["per_image"] == {r["file"]: r["min_eps"] for r in rows}
    values = sorted(float("inf") if r["min_eps"] is None else r["min_eps"] for r in rows)
    median = sum(values) / 2
    assert s["min_eps"]["median"] == (None if median == float("inf") else pytest.approx(median))


def test_two_shards_merged_equal_one_unsharded_run(cli, baseline, photos, tmp_path):
    for k in (0, 1):
        got = cli("evaluate", photos, "--out", tmp_path / f"s{k}", "--shard", f"{k}/2", *COMMON)
        assert got.code == 0, got.err
    parts = [_image_rows(tmp_path / f"s{k}") for k in (0, 1)]
    assert len(parts[0]) == len(parts[1]) == IMAGES // 2 * 2  # every other image, 2 radii
    merged = cli("summarize", tmp_path / "s0", tmp_path / "s1", "--out", tmp_path / "m", "--json")
    assert merged.code == 0, merged.err
    assert json.loads(merged.out) == _summary(baseline) == _summary(tmp_path / "m")


def test_resume_after_the_process_is_killed_gives_the_same_summary(cli, baseline, photos, tmp_path):
    out = tmp_path / "killed"
    args = [str(photos), "--out", str(out), *COMMON]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "advgui.cli", "evaluate", *args],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    results = out / "results.jsonl"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        if results.exists() and read_rows(results):  # the first batch is in, not all
            break
        time.sleep(0.05)
    assert proc.poll() is None, proc.stderr.read().decode()
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    before = read_rows(results)
    assert 0 < len({r["file"] for r in before}) < IMAGES + 2
    again = cli("evaluate", *args, "--resume")
    assert again.code == 0, again.err
    assert _summary(out) == _summary(baseline)
    rows = read_rows(results)
    assert len(rows) == len({(r["file"], r.get("eps")) for r in rows})  # nothing twice


def test_a_folder_is_not_reused_without_resume_nor_resumed_with_other_settings(
    cli, photos, tmp_path
):
    out = tmp_path / "one"
    first = cli("evaluate", photos / "cat.png", "--out", out, *ATTACK, "--eps", "1/255")
    assert first.code == 0, first.err
    again = cli("evaluate", photos / "cat.png", "--out", out, *ATTACK, "--eps", "1/255")
    assert again.code == 2 and "add --resume" in again.error
    other = cli("evaluate", photos / "cat.png", "--out", out, *ATTACK, "--eps", "2/255", "--resume")
    assert other.code == 2 and "other settings (eps" in other.error
    same = cli("evaluate", photos / "cat.png", "--out", out, *ATTACK, "--eps", "1/255", "--resume")
    assert same.code == 0 and len(read_rows(out / "results.jsonl")) == 1


@pytest.mark.parametrize(
    "argv,message",
    [
        (("--eps", "1/255,,2/255"), "separated by commas"),
        (("--eps", "1/255,1/255"), "given twice"),
        (("--eps", "9"), "above 1"),
        (("--jpeg", "0"), "from 1 to 100"),
        (("--shard", "2/2"), "below N"),
        (("--shard", "x"), "not K/N"),
        (("--batch", "0"), "between 1 and 1024"),
        (("--transfer", "efficientnet_lite0"), "attacked model"),
        (("--labels", "/nonexistent.csv"), "labels file"),
    ],
)
def test_bad_options_are_one_line_and_write_nothing(cli, photos, tmp_path, argv, message):
    out = tmp_path / "never"
    got = cli("evaluate", photos, "--out", out, *ATTACK, *argv)
    assert got.code == 2 and message in got.error
    assert not out.exists()


def test_labels_from_a_csv_and_from_folder_names(cli, photos, tmp_path):
    folder = tmp_path / "byclass"
    (folder / "285").mkdir(parents=True)
    (folder / "espresso").mkdir()
    (folder / "285" / "a.png").write_bytes((photos / "cat.png").read_bytes())
    (folder / "espresso" / "b.png").write_bytes((photos / "espresso.png").read_bytes())
    (folder / "espresso" / "c.png").write_bytes((photos / "cat.png").read_bytes())  # mislabelled
    labels = tmp_path / "labels.csv"
    labels.write_text("file,class\nbyclass/espresso/c.png,goldfish\n")
    got = cli(
        "evaluate", folder, "--out", tmp_path / "o", *ATTACK, "--eps", "1/255", "--labels", labels
    )
    assert got.code == 0, got.err
    rows = {r["file"]: r for r in _image_rows(tmp_path / "o")}
    assert (rows["byclass/285/a.png"]["label"], rows["byclass/285/a.png"]["label_source"]) == (
        285,
        "folder",
    )
    assert (
        rows["byclass/espresso/b.png"]["label"],
        rows["byclass/espresso/b.png"]["label_source"],
    ) == (967, "folder")
    c = rows["byclass/espresso/c.png"]
    assert (c["label"], c["label_source"], c["correct"], c["attacked"]) == (1, "csv", False, False)
    s = _summary(tmp_path / "o")
    assert s["clean_accuracy"] == pytest.approx(2 / 3) and s["robust_accuracy"][0] <= 2 / 3


def test_progress_is_plain_lines_off_a_terminal(cli, photos, tmp_path):
    got = cli(
        "evaluate",
        photos / "cat.png",
        photos / "notes.txt",
        "--out",
        tmp_path / "p",
        *ATTACK,
        "--eps",
        "1/255",
    )
    assert got.code == 0
    lines = [line for line in got.err.splitlines() if line.startswith("[")]
    assert len(lines) == 2 and "images/s" in lines[-1] and "left)" in lines[-1]
    assert "skipped: not an image file" in got.err
    assert "robust acc" in got.out and "written:" in got.out
