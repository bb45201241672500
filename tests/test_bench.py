"""``python -m advgui.bench`` runs end to end on a tiny configuration (no timings asserted)."""

from __future__ import annotations

import json
import math

import pytest

from advgui.bench import cli, startup, window
from advgui.bench.timing import Variant, interleave

TINY = [
    "--quick",
    "--repeats",
    "1",
    "--models",
    "efficientnet_lite0",
    "--batch",
    "1,2",
    "--size",
    "64",
    "--steps",
    "2",
    "--worker-steps",
    "2",
    "--startup-runs",
    "0",
    "--window-runs",
    "0",
    "--load-runs",
    "0",
    "--eval-runs",
    "0",
]


def test_tiny_benchmark_prints_a_table_and_writes_json(tmp_path, capsys) -> None:
    out = tmp_path / "bench.json"
    assert cli.main([*TINY, "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "advgui pgd-linf" in printed and "Ratios of medians" in printed

    data = json.loads(out.read_text())
    assert data["config"]["batches"] == [1, 2] and data["config"]["size"] == 64
    groups = {(g["model"], g["batch"]): g for g in data["groups"]}
    assert set(groups) == {("efficientnet_lite0", 1), ("efficientnet_lite0", 2)}
    for g in groups.values():
        keys = {v["key"] for v in g["variants"]}
        assert {"forward", "forward-prepared", "advgui-pgd", "advgui-sgd", "tutorial"} <= keys
        assert "torchattacks" in keys or any("torchattacks" in n for n in g["notes"])
        for v in g["variants"]:
            assert len(v["samples_s"]) == 1  # --steps 2: one step (or pass) per run
            assert v["median_s"] > 0 and math.isfinite(v["median_s"])
            assert v["per_image_median_s"] == pytest.approx(v["median_s"] / g["batch"])
            assert v["memory"]["rss_mib"] > 0
        assert {"step / forward", "advgui / tutorial"} <= set(g["ratios"])
    one = groups[("efficientnet_lite0", 1)]
    assert {"bare", "worker"} <= {v["key"] for v in one["variants"]}  # batch 1 only
    assert "worker / bare" in one["ratios"]
    assert "worker / bare" not in groups[("efficientnet_lite0", 2)]["ratios"]
    assert list(data["batch_scaling"]) == ["efficientnet_lite0 batch 2 / batch 1"]
    assert data["environment"]["peak_rss_mib"] > 0
    assert "startup" not in data and "window" not in data


def test_bad_arguments_end_with_one_line_and_exit_code_2(capsys) -> None:
    assert cli.main(["--models", "no_such_model"]) == 2
    err = capsys.readouterr().err.strip()
    assert err == "advgui.bench: unknown model 'no_such_model'"
    with pytest.raises(SystemExit) as exc:
        cli.main(["--batch", "0"])
    assert exc.value.code == 2


def test_rounds_rotate_and_warm_up_is_not_recorded() -> None:
    calls: list[str] = []

    def variant(key: str) -> Variant:
        return Variant(key, key, lambda: calls.append(key) or [float(len(calls))])

    vs = [variant("a"), variant("b"), variant("c")]
    interleave(vs, repeats=2, warmup=1)
    assert calls == ["a", "b", "c", "b", "c", "a", "c", "a", "b"]
    assert [v.samples for v in vs] == [[6.0, 8.0], [4.0, 9.0], [5.0, 7.0]]


def test_startup_probe_reports_window_shown_then_ready() -> None:
    result = startup.launch(timeout=120)
    assert result.note == ""
    assert result.shown is not None and result.ready is not None
    assert 0 < result.shown <= result.ready < 120


def test_startup_lines_are_read_relative_to_the_launch() -> None:
    got = startup.parse("noise\nadvgui-startup shown 101.5\nadvgui-startup ready 104.0\n", 100.0)
    assert (got.shown, got.ready, got.note) == (1.5, 4.0, "")
    late = startup.parse("advgui-startup shown 100.2\nadvgui-startup timeout 220.0\n", 100.0)
    assert late.ready is None and late.note == "not ready in time"


def test_window_attack_is_timed_against_the_same_attack_run_bare() -> None:
    got = window.window_vs_bare(1, log=lambda message: None)
    assert "note" not in got, got
    assert got["model"] == "efficientnet_lite0"  # the window's default, offline model
    assert len(got["window_s_per_step"]) == len(got["bare_s_per_step"]) == 1
    assert got["ratio"] > 0 and got["main_thread_cpu_s"][0] >= 0


def test_an_unwritable_output_is_one_line_and_exit_code_1(tmp_path, capsys) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    out = blocker / "bench.json"
    assert cli.main([*TINY, "--batch", "1", "--out", str(out)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert err[-1].startswith(f"advgui.bench: cannot write {out}: ")
    assert blocker.read_text() == "not a folder"


def test_the_evaluate_row_times_both_batch_sizes_on_the_same_photos() -> None:
    from advgui.bench.evaluate import BATCHES, batch_throughput

    logged: list[str] = []
    got = batch_throughput(1, logged.append, images=8, steps=2)
    assert set(got["s_per_image"]) == {str(b) for b in BATCHES}
    assert all(v > 0 and math.isfinite(v) for v in got["s_per_image"].values())
    one, eight = (got["s_per_image"][str(b)] for b in BATCHES)
    assert got["speedup"] == pytest.approx(one / eight)
    assert "8 images" in got["model"] and "2 steps" in got["model"]
    assert len(logged) == len(BATCHES)


def test_the_busy_desktop_probe_measures_quiet_and_loaded_and_stops_its_burner() -> None:
    import os

    from advgui.bench import load

    def children() -> set[int]:
        path = f"/proc/{os.getpid()}/task/{os.getpid()}/children"
        return {int(p) for p in open(path).read().split()} if os.path.exists(path) else set()

    before = children()
    quiet = load.measure("advgui", loaded=False, steps=3)
    loaded = load.measure("torch", loaded=True, steps=3)
    for got in (quiet, loaded):
        assert "error" not in got, got
        assert len(got["steps_s"]) == 2 and got["s_per_step"] > 0 and got["threads"] >= 1
    assert quiet["loaded"] is False and loaded["loaded"] is True
    assert children() == before  # the CPU-bound helper was stopped
