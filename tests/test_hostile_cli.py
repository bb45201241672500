"""Hostile input to advgui-cli (issue 5): broken images, malicious or wrong weights, faults
while saving, out-of-memory, absent devices, and impossible parameters.

Every refusal must be: the documented exit code, exactly one line on stderr naming what is
wrong, nothing on stdout, and nothing written to ``--out``.
"""

from __future__ import annotations

import json
import pickle
from pathlib import Path

import numpy as np
import pytest
import torch
from cli_support import CAT, ESPRESSO, QUICK, CliResult, cli_fixture, run_module
from corpus.faults import FAULTS, snapshot
from corpus.images import BROKEN
from corpus.weights import Payload, bad_weights
from PIL import Image

from advgui.core.export import NAMES
from advgui.core.imaging import load_image
from advgui.core.models import model_info

__all__ = ["cli_fixture"]  # the ``cli`` fixture


def refused(r: CliResult, code: int, *words: str) -> str:
    assert r.code == code, (r.code, r.err)
    assert r.out == ""
    line = r.error  # exactly one line, "advgui-cli: error: ...", no traceback
    for word in words:
        assert word in line, line
    return line


# ---------------------------------------------------------------- images (item 1)


@pytest.mark.parametrize("name", list(BROKEN))
@pytest.mark.parametrize("command", ["predict", "attack"])
def test_broken_image_exits_2_with_one_line(cli, tmp_path, name, command):
    make, word = BROKEN[name]
    path = tmp_path / name
    path.write_bytes(make())
    out = tmp_path / "out"
    extra = ("--out", out) if command == "attack" else ()
    refused(cli(command, path, *extra), 2, name, word)
    assert not out.exists()


def test_missing_image_and_a_folder(cli, tmp_path):
    refused(cli("predict", tmp_path / "nowhere.png"), 2, "nowhere.png", "no such file")
    refused(cli("predict", tmp_path), 2, "not a file")


def _awkward_images(folder: Path) -> dict[str, Path]:
    """Valid but unusual files the CLI must take as they come."""
    rng = np.random.default_rng(0)
    noise = Image.fromarray(rng.integers(0, 256, (40, 60, 3), dtype=np.uint8), mode="RGB")
    paths = {}

    def save(name: str, image: Image.Image, **kw) -> None:
        paths[name] = folder / name
        image.save(paths[name], **kw)

    save("dot.png", Image.new("RGB", (1, 1), (200, 30, 30)))
    save("strip.png", Image.new("RGB", (10_000, 10), (30, 120, 200)))
    save("tall.png", Image.new("L", (10, 10_000), 90))
    save("deep.png", Image.fromarray((np.arange(2400, dtype=np.uint16) * 27).reshape(40, 60)))
    save("cmyk.jpg", noise.convert("CMYK"), quality=90)
    save("rgba.png", noise.convert("RGBA"))
    exif = Image.Exif()
    exif[0x0112] = 6
    save("rotated.jpg", noise, exif=exif)
    save("anim.gif", noise, save_all=True, append_images=[noise.rotate(90)], duration=50)
    return paths


def test_awkward_valid_images_are_predicted(cli, tmp_path):
    for name, path in _awkward_images(tmp_path).items():
        r = cli("predict", path, "--top", "1", "--size", "64")
        assert r.code == 0 and r.err == "", (name, r.err)
        index, *_ = r.out.splitlines()[1].split()
        assert 0 <= int(index) < 1000


def test_a_long_strip_is_attacked_at_a_sane_size(cli, tmp_path):
    """10000 x 10 would be a 224 x 224000 input; the CLI must not try that."""
    path = tmp_path / "strip.png"
    Image.new("RGB", (10_000, 10), (30, 120, 200)).save(path)
    out = tmp_path / "out"
    r = cli("attack", path, "--attack", "pgd", "--steps", "1", "--size", "32", "--out", out)
    assert r.code == 0, r.err
    w, h = load_image(out / "adversarial.png").size
    assert h == 32 and w <= 4 * 32


# ---------------------------------------------------------------- weights (item 3)


@pytest.mark.parametrize("how", ["torch-save", "raw-pickle"])
def test_malicious_weights_are_refused_and_never_run(cli, tmp_path, how):
    marker = tmp_path / "pwned"
    path = tmp_path / "evil.pth"
    if how == "torch-save":
        torch.save({"_fc.bias": torch.zeros(1000), "x": Payload(marker)}, path)
    else:
        path.write_bytes(pickle.dumps(Payload(marker)))
    # The payload is live: unpickled without weights_only it writes the marker.
    if how == "raw-pickle":
        pickle.loads(path.read_bytes()).close()
        assert marker.exists()
        marker.unlink()

    out = tmp_path / "out"
    line = refused(cli("attack", CAT, *QUICK, "--weights", path, "--out", out), 3)
    assert str(path) in line and "refused" in line
    assert not marker.exists() and not out.exists()
    refused(cli("predict", CAT, "--weights", path), 3, str(path))
    assert not marker.exists()


@pytest.mark.parametrize(
    "kind",
    ["pickled-module", "wrong-architecture", "ten-classes", "truncated", "random", "missing"],
)
def test_wrong_weights_exit_3_naming_the_file(cli, tmp_path, offline_state, kind):
    path, words = bad_weights(kind, tmp_path, offline_state)
    before = sorted(tmp_path.iterdir())
    refused(cli("predict", CAT, "--weights", path), 3, str(path), words)
    assert sorted(tmp_path.iterdir()) == before


def test_corrupt_file_in_the_cache(cli, tmp_path, monkeypatch):
    monkeypatch.setenv("TORCH_HOME", str(tmp_path / "torch"))
    path = model_info("resnet18").weights_path
    path.parent.mkdir(parents=True)
    path.write_bytes(b"PK\x03\x04 half a download")
    refused(cli("predict", CAT, "--model", "resnet18"), 3, str(path), "delete it and download")


def test_weights_not_on_disk_offline(cli, tmp_path, monkeypatch):
    import urllib.error

    from advgui.core import weights

    def offline(url, timeout=None):
        raise urllib.error.URLError("Network is unreachable")

    monkeypatch.setenv("TORCH_HOME", str(tmp_path / "torch"))
    monkeypatch.setattr(weights.urllib.request, "urlopen", offline)
    out = tmp_path / "out"
    r = cli("attack", CAT, "--model", "resnet50", "--out", out)
    refused(r, 3, "resnet50-0676ba61.pth", "--weights FILE", "efficientnet_lite0")
    assert not out.exists()


def test_module_refuses_malicious_weights(tmp_path):
    """In a real shell: exit 3, one line, the payload's file never appears."""
    marker = tmp_path / "pwned"
    path = tmp_path / "evil.pth"
    torch.save({"x": Payload(marker)}, path)
    r = run_module("predict", CAT, "--weights", path, cwd=tmp_path, torch_home=tmp_path / "th")
    refused(r, 3, str(path), "refused")
    assert not marker.exists()


# ---------------------------------------------------------------- saving (item 4)


def test_out_that_is_a_file_is_refused_before_running(cli, tmp_path):
    blocker = tmp_path / "results"
    blocker.write_bytes(b"a file, not a folder")
    for out in (blocker, blocker / "run"):
        refused(cli("attack", CAT, *QUICK, "--out", out), 2, str(blocker))
    assert blocker.read_bytes() == b"a file, not a folder"
    assert [p.name for p in tmp_path.iterdir()] == ["results"]


@pytest.mark.parametrize("fault", ["read-only", "disk-full-sidecar", "rename-fails-midway"])
def test_save_fault_leaves_no_trace(cli, tmp_path, monkeypatch, fault):
    out = tmp_path / "new" / "run"  # folders the CLI would create
    reason = FAULTS[fault](monkeypatch, out)
    line = refused_after_run(cli("attack", CAT, *QUICK, "--out", out), reason)
    assert str(out) in line
    assert list(tmp_path.iterdir()) == []  # not even the folders it created


@pytest.mark.parametrize("fault", ["read-only", "vanishes-before-renaming"])
def test_save_fault_with_force_keeps_the_previous_result(cli, tmp_path, monkeypatch, fault):
    out = tmp_path / "run"
    out.mkdir()
    for name in NAMES:
        (out / name).write_bytes(b"previous " + name.encode())
    before = snapshot(out)
    reason = FAULTS[fault](monkeypatch, out)
    refused_after_run(cli("attack", CAT, *QUICK, "--out", out, "--force"), reason)
    if fault.startswith("vanishes"):
        assert not out.exists()
    else:
        assert snapshot(out) == before


def refused_after_run(r: CliResult, *words: str) -> str:
    """A save error after the attack ran: its steps are on stdout, then one error line."""
    assert r.code == 2, r.err
    assert "step    1/1" in r.out
    line = r.error
    assert "cannot save in" in line
    for word in words:
        assert word in line, line
    return line


# ---------------------------------------------------------------- devices (item 6)


def _oom() -> torch.cuda.OutOfMemoryError:
    return torch.cuda.OutOfMemoryError(
        "CUDA out of memory. Tried to allocate 2.00 GiB (GPU 0; 7.79 GiB total capacity)\n"
        "If reserved but unallocated memory is large try setting PYTORCH_CUDA_ALLOC_CONF"
    )


def test_out_of_memory_during_a_step(cli, tmp_path, monkeypatch):
    import advgui.core.attacks as attacks

    class Exhausted(attacks.AttackRun):
        def __iter__(self):
            it = super().__iter__()
            yield next(it)
            raise _oom()

    monkeypatch.setattr(attacks, "AttackRun", Exhausted)
    out = tmp_path / "out"
    r = cli("attack", CAT, *QUICK, "--out", out)
    assert r.code == 1
    assert "step    0/1" in r.out and "step    1/1" not in r.out
    line = r.error
    assert "out of GPU memory" in line and "--device cpu" in line and "--size" in line
    assert not out.exists()


def test_out_of_memory_while_predicting(cli, monkeypatch):
    import advgui.core.predict as predict

    def exhausted(model, x):
        raise _oom()

    monkeypatch.setattr(predict, "probabilities", exhausted)
    r = cli("predict", CAT, "--json")
    assert r.code == 1 and r.out == ""
    assert "out of GPU memory" in r.error


def test_an_unexpected_error_in_a_step_is_one_line(cli, tmp_path, monkeypatch):
    import advgui.core.attacks as attacks

    class Broken(attacks.AttackRun):
        def __iter__(self):
            raise RuntimeError("cuDNN error: CUDNN_STATUS_INTERNAL_ERROR\nmore detail")
            yield

    monkeypatch.setattr(attacks, "AttackRun", Broken)
    r = cli("attack", CAT, *QUICK, "--out", tmp_path / "out")
    assert r.code == 1
    assert r.error.endswith("unexpected RuntimeError: cuDNN error: CUDNN_STATUS_INTERNAL_ERROR")
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("device", ["cuda", "cuda:3", "mps"])
def test_absent_device_falls_back_to_cpu(cli, monkeypatch, device):
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    monkeypatch.setattr(torch.backends.mps, "is_available", lambda: False)
    r = cli("attack", CAT, *QUICK, "--device", device, "--json")
    assert r.code == 0
    assert r.err == f"advgui-cli: device {device} is not available; using the CPU\n"
    assert json.loads(r.out)["model"]["device"] == "cpu"


def test_unknown_device_name_falls_back_with_a_message(cli):
    r = cli("predict", CAT, "--device", "tpu", "--top", "1")
    assert r.code == 0 and r.out.splitlines()[1].split()[0] == "285"
    assert r.err == "advgui-cli: unknown device 'tpu'; using the CPU\n"


# ---------------------------------------------------------------- parameters (item 7)

ATTACK_REFUSALS = {
    "eps-zero": (["--eps", "0"], "eps must be a positive number"),
    "eps-negative": (["--eps=-2/255"], "eps must be a positive number"),
    "eps-negative-decimal": (["--eps", "-0.01"], "eps must be a positive number"),
    "eps-missing": (["--eps"], "expected one argument"),
    "eps-above-1": (["--eps", "8"], "above 1"),
    "eps-not-a-number": (["--eps", "two"], "not a number: 'two'"),
    "eps-divide-by-zero": (["--eps", "2/0"], "not a number: '2/0'"),
    "eps-two-slashes": (["--eps", "1/2/3"], "not a number"),
    "eps-infinite": (["--eps", "inf"], "not a finite number"),
    "step-size-nan": (["--step-size", "nan"], "not a finite number"),
    "step-size-zero": (["--step-size", "0"], "step size must be a positive number"),
    "steps-zero": (["--steps", "0"], "steps must be a whole number of at least 1"),
    "steps-negative": (["--steps", "-5"], "at least 1"),
    "steps-not-whole": (["--steps", "2.5"], "invalid int value"),
    "steps-huge": (["--steps", "10000000"], "at most 100000"),
    "seed-negative": (["--seed", "-1"], "seed must be a non-negative"),
    "l2-eps-in-255ths": (["--norm", "l2", "--eps", "2/255"], "looks like 1/255 units"),
    "l2-preset-eps-in-255ths": (["--preset", "pgd-l2", "--eps", "8 / 255"], "1/255 units"),
    "l2-eps-too-large": (["--norm", "l2", "--eps", "500"], "too large"),
    "preset-and-attack": (["--preset", "fgsm", "--attack", "pgd"], "not both"),
    "unknown-preset": (["--preset", "deepfool"], "invalid choice: 'deepfool'"),
    "unknown-attack": (["--attack", "cw"], "invalid choice: 'cw'"),
    "target-is-true-class": (["--target", "Egyptian cat"], "already the image's class"),
    "target-index-is-true-class": (["--target", "285"], "already the image's class"),
    "target-unknown-name": (["--target", "unicorn"], "no ImageNet class matches 'unicorn'"),
    "target-ambiguous": (["--target", "cat"], "matches several classes"),
    "target-out-of-range": (["--target", "1000"], "out of range 0-999"),
    "target-negative": (["--target", "-3"], "out of range"),
    "size-too-small": (["--size", "4"], "--size must be between 8 and 4096"),
    "amplify-nan": (["--amplify", "nan"], "--amplify"),
    "amplify-zero": (["--amplify", "0"], "--amplify"),
}


@pytest.mark.parametrize("case", list(ATTACK_REFUSALS))
def test_impossible_attack_settings_exit_2(cli, tmp_path, case):
    flags, words = ATTACK_REFUSALS[case]
    out = tmp_path / "out"
    r = cli("attack", CAT, *flags, "--out", out)
    refused(r, 2, words)
    assert not out.exists()


def test_refusal_leaves_an_existing_folder_alone(cli, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "notes.txt").write_text("mine")
    refused(cli("attack", CAT, "--eps", "0", "--out", out, "--force"), 2)
    assert snapshot(out) == {"notes.txt": b"mine"}


@pytest.mark.parametrize("top", ["0", "-1", "1001", "five"])
def test_top_out_of_range(cli, top):
    refused(cli("predict", CAT, "--top", top), 2, "--top" if top != "five" else "invalid int")


def test_targeted_by_name_works(cli):
    """The happy path next to the refusals: a unique partial name is accepted."""
    r = cli("attack", ESPRESSO, *QUICK, "--target", "airlin", "--json")
    assert r.code == 0, r.err
    assert json.loads(r.out)["target"] == 404


def test_no_command_and_unknown_command(cli):
    refused(cli(), 2, "required")
    refused(cli("fool", CAT), 2, "invalid choice")
