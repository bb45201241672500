"""advgui-cli against the files and flags of issue 14: a corpus of hostile and broken
images that must each give exit 0 or 2 within seconds and at most one line on stderr
(caught at the file-descriptor level, where native libraries write), a Ghostscript that
must never start, and every failure a user can cause with its own message and code."""

from __future__ import annotations

import json
import os
import stat
import time
from pathlib import Path

import numpy as np
import pytest
import torch
from cli_support import CAT, QUICK, CliResult, cli_fixture, run_module
from corpus.hostile import HOSTILE, tiff_damaged_deflate
from corpus.images import BROKEN, encoded, noise

from advgui.cli import main
from advgui.core import models

__all__ = ["cli_fixture"]  # the ``cli`` fixture

#: Generous: every file of the corpus is answered in well under a second in-process.
SECONDS = 10.0


def strict_json(text: str) -> object:
    """``json.loads`` that refuses NaN, Infinity and -Infinity, as strict parsers do."""

    def refuse(token: str) -> None:
        raise ValueError(f"not strict JSON: {token}")

    return json.loads(text, parse_constant=refuse)


def one_error_line(r: CliResult, code: int, *words: str) -> str:
    assert r.code == code, (r.code, r.err)
    line = r.error  # exactly one line, "advgui-cli: error: ...", no traceback
    assert "unexpected" not in line, line
    for word in words:
        assert word in line, line
    return line


@pytest.fixture
def fd_cli(capfd: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, offline_model):
    """Like ``cli``, but stdout and stderr are caught at the file descriptors, so what
    libtiff or libjpeg print there is seen too."""
    real_load = models.load_model

    def load_model(name=None, *, weights_file=None, download=True, progress=None):
        if weights_file is None and (name or models.default_model_name()) == models.OFFLINE_MODEL:
            return offline_model
        return real_load(name, weights_file=weights_file, download=download, progress=progress)

    monkeypatch.setattr(models, "load_model", load_model)

    def run(*argv: object) -> CliResult:
        capfd.readouterr()
        code = main([str(a) for a in argv])
        out, err = capfd.readouterr()
        return CliResult(code, out, err)

    return run


def _valid(folder: Path) -> dict[str, Path]:
    image = noise(40, 30)
    paths = {}
    for fmt, suffix, kw in [
        ("PNG", "png", {}),
        ("JPEG", "jpg", {"progressive": True}),
        ("GIF", "gif", {}),
        ("BMP", "bmp", {}),
        ("TIFF", "tif", {"compression": "tiff_adobe_deflate"}),
        ("WEBP", "webp", {"lossless": True}),
        ("PPM", "ppm", {}),
    ]:
        paths[f"valid.{suffix}"] = folder / f"valid.{suffix}"
        paths[f"valid.{suffix}"].write_bytes(encoded(image, fmt, **kw))
    return paths


def _corpus(folder: Path) -> dict[str, Path]:
    paths = _valid(folder)
    for name, (make, _) in {**BROKEN, **HOSTILE}.items():
        paths[name] = folder / name
        paths[name].write_bytes(make())
    return paths


def test_predict_on_every_file_of_the_corpus(fd_cli, tmp_path):
    for name, path in _corpus(tmp_path).items():
        start = time.monotonic()
        r = fd_cli("predict", path, "--top", "1")
        took = time.monotonic() - start
        assert took < SECONDS, (name, took)
        assert r.code in (0, 2), (name, r.code, r.err)
        if r.code == 0:
            assert r.err == "" and 0 <= int(r.out.splitlines()[1].split()[0]) < 1000, (name, r.err)
        else:
            assert r.out == "", name
            assert name in one_error_line(r, 2)


def _fake_ghostscript(folder: Path, marker: Path) -> Path:
    """A ``gs`` that leaves ``marker`` when started (then runs the real one if any)."""
    bin_dir = folder / "bin"
    bin_dir.mkdir()
    gs = bin_dir / "gs"
    real = "/usr/bin/gs" if Path("/usr/bin/gs").exists() else ""
    gs.write_text(f'#!/bin/sh\ntouch "{marker}"\n' + (f'exec {real} "$@"\n' if real else ""))
    gs.chmod(gs.stat().st_mode | stat.S_IXUSR)
    return bin_dir


@pytest.mark.parametrize("name", ["loop.eps.png", "error.eps.png"])
def test_ghostscript_is_never_started(tmp_path, monkeypatch, name):
    """In a real shell, with a ``gs`` first on PATH that proves it ran by leaving a file."""
    marker = tmp_path / "gs-was-started"
    monkeypatch.setenv(
        "PATH", f"{_fake_ghostscript(tmp_path, marker)}{os.pathsep}{os.environ['PATH']}"
    )
    path = tmp_path / name
    path.write_bytes(HOSTILE[name][0]())
    start = time.monotonic()
    r = run_module("predict", path, cwd=tmp_path, torch_home=tmp_path / "th", check_qt=False)
    assert time.monotonic() - start < 120  # a fresh interpreter loads torch: seconds
    one_error_line(r, 2, name, "PostScript/EPS file, not a supported image format")
    assert not marker.exists()


def test_native_messages_never_reach_stderr_in_a_real_shell(tmp_path):
    path = tmp_path / "damaged.tif"
    path.write_bytes(tiff_damaged_deflate())
    r = run_module("predict", path, cwd=tmp_path, torch_home=tmp_path / "th", check_qt=False)
    one_error_line(r, 2, "damaged.tif", "ZIPDecode")  # libtiff's words, in our one line


def test_complex_weights_give_one_line_not_torchs_warning(tmp_path, offline_state):
    state = dict(offline_state)
    state["_fc.weight"] = state["_fc.weight"].to(torch.complex64)
    path = tmp_path / "complex.pth"
    torch.save(state, path)
    r = run_module("predict", CAT, "--weights", path, cwd=tmp_path, torch_home=tmp_path / "th")
    one_error_line(r, 3, str(path), "_fc.weight holds complex numbers")


# ------------------------------------------------------------------ failures a user can cause


@pytest.fixture
def locked_folder(tmp_path, monkeypatch) -> Path:
    """A folder whose entries the system refuses to look at, as one without the x
    permission for us (we run as root, whom chmod does not stop, so ``stat`` is made
    to refuse)."""
    folder = tmp_path / "locked"
    folder.mkdir()
    (folder / "photo.png").write_bytes(encoded(noise(8, 8), "PNG"))
    real_stat = Path.stat

    def stat_(self, *a, **kw):
        if folder in self.parents:
            raise PermissionError(13, "Permission denied", str(self))
        return real_stat(self, *a, **kw)

    monkeypatch.setattr(Path, "stat", stat_)
    return folder


def test_an_unreadable_folder(cli, locked_folder):
    one_error_line(cli("predict", locked_folder / "photo.png"), 2, "photo.png", "permission denied")
    one_error_line(
        cli("predict", CAT, "--weights", locked_folder / "w.pth"), 3, "w.pth", "permission denied"
    )
    r = cli("attack", CAT, *QUICK, "--out", locked_folder / "run")
    one_error_line(r, 2, "cannot save in", "permission denied")
    assert r.out == ""  # refused before any work


def test_names_over_255_characters(cli, tmp_path):
    long = "x" * 300
    line = one_error_line(cli("predict", tmp_path / f"{long}.png"), 2, "too long")
    assert len(line) < 200
    one_error_line(cli("predict", CAT, "--weights", tmp_path / f"{long}.pth"), 3, "too long")
    r = cli("attack", CAT, *QUICK, "--out", tmp_path / long / "run")
    one_error_line(r, 2, "cannot save in", "too long")


@pytest.mark.parametrize("kind", ["meta", "sparse", "quantized"])
def test_weights_of_the_wrong_kind_exit_3_naming_the_file(cli, tmp_path, offline_state, kind):
    import warnings

    state = dict(offline_state)
    w = state["_fc.weight"]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        state["_fc.weight"] = {
            "meta": lambda: torch.empty_like(w, device="meta"),
            "sparse": lambda: w.to_sparse(),
            "quantized": lambda: torch.quantize_per_tensor(w, 0.01, 0, torch.qint8),
        }[kind]()
    path = tmp_path / f"{kind}.pth"
    torch.save(state, path)
    one_error_line(cli("predict", CAT, "--weights", path), 3, str(path), kind, "_fc.weight")


@pytest.fixture
def nothing_loaded(monkeypatch) -> list[str]:
    """Records every model or image load from now on."""
    import advgui.core.imaging as imaging

    loads: list[str] = []
    real_model, real_image = models.load_model, imaging.load_image
    monkeypatch.setattr(
        models, "load_model", lambda *a, **k: loads.append("model") or real_model(*a, **k)
    )
    monkeypatch.setattr(
        imaging, "load_image", lambda *a, **k: loads.append("image") or real_image(*a, **k)
    )
    return loads


@pytest.mark.parametrize(
    "flags, words",
    [
        (["--step-size", "1e300"], "too large: attacks compute in float32"),
        (["--amplify", "1e300"], "--amplify"),
        (["--seed", str(2**64), "--random-start"], "seed must be at most 2**64 - 1"),
        (["--out", ""], "--out is empty"),
    ],
)
def test_values_refused_before_any_loading(cli, nothing_loaded, flags, words):
    one_error_line(cli("attack", CAT, "--attack", "pgd", *flags), 2, words)
    assert nothing_loaded == []


@pytest.mark.parametrize("size", [8, 16, 31])
@pytest.mark.parametrize("command", ["predict", "attack"])
def test_a_size_the_model_cannot_take_is_refused_before_the_image_is_read(
    cli, nothing_loaded, command, size
):
    line = one_error_line(cli(command, CAT, "--size", size), 2)
    assert line.endswith(
        f"--size {size} does not fit the model: efficientnet_lite0 needs at least 32 x 32 pixels"
    )
    assert "image" not in nothing_loaded


def test_the_smallest_size_the_model_takes_works(cli):
    r = cli("attack", CAT, "--attack", "pgd", "--steps", "1", "--size", "32", "--json")
    assert r.code == 0, r.err
    assert strict_json(r.out)["images"][0]["input_size"][0] == 32


def test_an_empty_image_name(cli):
    one_error_line(cli("predict", ""), 2, "no image file given")


def test_a_step_size_at_the_float32_limit_runs(cli):
    r = cli("attack", CAT, *QUICK, "--attack", "sgd", "--step-size", "3e38", "--json")
    assert r.code == 0, r.err
    assert np.isfinite(strict_json(r.out)["history"][-1]["loss"]).all()


# ------------------------------------------------------------------ non-finite outputs


@pytest.fixture(scope="module")
def overflowing_weights(tmp_path_factory, offline_state) -> Path:
    """Finite weights whose logits overflow float32 (infinity, then NaN in softmax)."""
    state = dict(offline_state)
    w = state["_fc.weight"]
    state["_fc.weight"] = w / w.abs().max() * 3e38
    path = tmp_path_factory.mktemp("weights") / "overflow.pth"
    torch.save(state, path)
    return path


def test_predict_with_non_finite_outputs_exits_3(cli, overflowing_weights):
    for extra in ((), ("--json",)):
        r = cli("predict", CAT, "--weights", overflowing_weights, *extra)
        one_error_line(r, 3, "NaN or infinite", str(overflowing_weights))
        assert r.out == ""


def test_attack_with_non_finite_outputs_exits_3_and_saves_nothing(
    cli, tmp_path, overflowing_weights
):
    out = tmp_path / "out"
    r = cli("attack", CAT, *QUICK, "--weights", overflowing_weights, "--out", out)
    one_error_line(r, 3, "NaN or infinite")
    assert "fooled" not in r.out and not out.exists()


def test_every_json_printed_or_written_is_strict(cli, tmp_path):
    out = tmp_path / "out"
    for argv in (
        ("models", "--json"),
        ("predict", CAT, "--json"),
        ("attack", CAT, *QUICK, "--json", "--out", out),
    ):
        r = cli(*argv)
        assert r.code == 0, r.err
        strict_json(r.out)
    strict_json((out / "result.json").read_text())
