"""CPU threads and precision reach the engine and the sidecar; a user's OMP_* stay theirs."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys

import pytest
from cli_support import CAT, QUICK, cli_fixture

from advgui.core import threads

__all__ = ["cli_fixture"]  # fixture

ROOT = CAT.parents[2]


def test_configure_leaves_openmps_wait_policy_and_fixes_a_count_asked_for():
    env: dict[str, str] = {}
    plan = threads.configure(environ=env)
    assert env == {} and plan.wait_policy == "OpenMP's default"
    threads.configure(3, environ=env)
    assert env == {"OMP_NUM_THREADS": "3"}


def test_only_a_count_nobody_fixed_is_timed():
    assert threads.tuned(None, {})
    assert not threads.tuned(2, {})
    assert not threads.tuned(None, {"OMP_NUM_THREADS": "1"})
    assert threads.tuned(None, {"OMP_NUM_THREADS": ""})


@pytest.mark.parametrize("mine", [{"OMP_WAIT_POLICY": "ACTIVE"}, {"GOMP_SPINCOUNT": "10000"}])
def test_a_users_own_wait_settings_are_left_alone(mine):
    env = dict(mine, OMP_NUM_THREADS="7")
    plan = threads.configure(environ=env)
    assert env == dict(mine, OMP_NUM_THREADS="7")
    assert plan.wait_policy.startswith("user: ")


@pytest.mark.parametrize("bad", [0, -1, 100_000])
def test_impossible_thread_counts_are_refused(cli, bad):
    result = cli("attack", CAT, *QUICK, "--threads", bad)
    assert result.code == 2
    assert "the number of threads must be between 1 and 256" in result.error


def test_threads_and_precision_reach_the_engine_and_the_sidecar(cli, tmp_path):
    out = tmp_path / "out"
    result = cli("attack", CAT, *QUICK, "--threads", "1", "--precision", "bf16", "--out", out)
    assert result.code == 0, result.err
    assert result.out.splitlines()[0].endswith("; bf16")
    report = json.loads((out / "result.json").read_text())
    assert report["compute"] == {"precision": "bf16", "cpu_threads": 1, "cpu_threads_timed": False}
    assert {r["precision"] for r in report["history"]} == {"bf16"}


def _run_cli(tmp_path, env_changes: dict[str, str], *argv: str) -> tuple[dict, str]:
    """The CLI in a fresh interpreter with ``env_changes``; its sidecar and the
    OMP_WAIT_POLICY it left in its environment."""
    tmp_path.mkdir(exist_ok=True)
    out = tmp_path / "out"
    code = (
        "import os, sys\n"
        "from advgui.cli import main\n"
        f"rc = main({[*map(str, argv), '--out', str(out)]!r})\n"
        "print('policy', os.environ.get('OMP_WAIT_POLICY'))\n"
        "sys.exit(rc)\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OMP_", "GOMP_"))}
    env.update(env_changes, PYTHONPATH=str(ROOT))
    proc = subprocess.run(
        [sys.executable, "-c", code],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    policy = proc.stdout.splitlines()[-1].removeprefix("policy ")
    return json.loads((out / "result.json").read_text()), policy


def test_a_users_omp_num_threads_is_respected(tmp_path):
    report, policy = _run_cli(tmp_path, {"OMP_NUM_THREADS": "1"}, "attack", str(CAT), *QUICK)
    assert report["compute"]["cpu_threads"] == 1
    assert report["compute"]["cpu_threads_timed"] is False
    assert policy == "None"  # OpenMP's own wait policy: the CLI sets none


def test_the_cli_leaves_the_wait_policy_to_the_user_and_times_the_thread_count(tmp_path):
    _, policy = _run_cli(tmp_path, {"OMP_WAIT_POLICY": "ACTIVE"}, "attack", str(CAT), *QUICK)
    assert policy == "ACTIVE"
    report, _ = _run_cli(tmp_path / "b", {}, "attack", str(CAT), *QUICK, "--threads", "1")
    assert report["compute"]["cpu_threads"] == 1
    assert report["compute"]["cpu_threads_timed"] is False
    report, _ = _run_cli(tmp_path / "c", {}, "attack", str(CAT), *QUICK)
    assert report["compute"]["cpu_threads_timed"] is True
    assert 1 <= report["compute"]["cpu_threads"] <= (os.cpu_count() or 1)


class Machine:
    """A scripted CPU: the seconds a step takes with n threads, changed by the test."""

    def __init__(self, seconds: dict[int, float]) -> None:
        self.seconds = seconds
        self.threads = 0
        self.log: list[int] = []

    def set_threads(self, n: int) -> None:
        self.threads = n

    def run(self, tuner: threads.ThreadTuner, steps: int) -> list[int]:
        counts = []
        for _ in range(steps):
            counts.append(self.threads)
            tuner.step_done(self.seconds[self.threads])
        self.log += counts
        return counts


QUIET = {2: 0.043, 1: 0.057}  # measured on 2 cores, offline model (see threads.ThreadTuner)
LOADED = {2: 0.208, 1: 0.056}


def test_the_tuner_keeps_every_core_on_a_quiet_machine():
    machine = Machine(QUIET)
    tuner = threads.ThreadTuner(2, machine.set_threads)
    counts = machine.run(tuner, 200)
    assert counts[:3] == [2, 2, 1]  # warm-up, then each candidate once
    assert counts[3:].count(1) <= 6  # a few probes, ever rarer (16, 32, then 64 apart)
    assert tuner.most_used() == 2 and tuner.probe_every == threads.ThreadTuner.MAX_PROBE_EVERY


def test_the_tuner_drops_to_one_thread_under_load_and_comes_back_when_it_ends():
    machine = Machine(QUIET)
    tuner = threads.ThreadTuner(2, machine.set_threads)
    machine.run(tuner, 20)
    machine.seconds = LOADED  # another program starts
    counts = machine.run(tuner, 60)
    # Two slow steps in a row, one to time 2 threads again, then a probe now and then:
    slow_steps = counts.count(2)
    assert slow_steps <= 5
    seconds = sum(LOADED[n] for n in counts)
    assert seconds <= 1.25 * 60 * LOADED[1], seconds  # close to the best the load allows
    machine.seconds = QUIET  # it ends
    counts = machine.run(tuner, 120)  # noticed at the next probe, at most 64 steps away
    assert counts[:64].count(2) >= 1 and counts[-40:].count(2) >= 39


def test_the_tuner_ignores_a_single_slow_step():
    machine = Machine(QUIET)
    tuner = threads.ThreadTuner(2, machine.set_threads)
    machine.run(tuner, 5)
    tuner.step_done(1.0)  # one hiccup (a page fault storm, a GC pause)
    assert tuner.current == 2
    assert machine.run(tuner, 5) == [2] * 5


def test_the_tuner_rides_out_a_noisy_quiet_machine():
    """A shared machine's quiet steps wander (measured: 31-80 ms with 2 threads, in phases
    of 40 and 50 ms with a pair of 65-79 ms steps now and then); none of that is load."""
    rng = random.Random(0)
    machine = Machine(dict(QUIET))
    tuner = threads.ThreadTuner(2, machine.set_threads)
    counts = []
    for step in range(200):
        phase = 0.040 if (step // 15) % 2 else 0.050
        two = rng.uniform(0.31, 0.33) / 10 if step == 7 else phase * rng.uniform(0.9, 1.1)
        if step % 37 in (18, 19):  # a pair of slow steps
            two = rng.uniform(0.065, 0.079)
        machine.seconds = {2: two, 1: 1.33 * two}
        counts += machine.run(tuner, 1)
    assert counts[3:].count(1) <= 6, counts  # the same few probes as a steady machine
    assert tuner.most_used() == 2


@pytest.mark.parametrize(
    "most,expected", [(1, [1]), (2, [2, 1]), (4, [4, 3, 2, 1]), (16, [16, 15, 8, 1])]
)
def test_candidate_counts(most, expected):
    assert threads.candidate_counts(most) == expected


def test_a_run_times_its_thread_count_unless_it_was_fixed(offline_model, monkeypatch):
    import torch

    from advgui.core.attacks import AttackRun
    from advgui.core.settings import PRESETS

    x = torch.rand(1, 3, 64, 64, generator=torch.Generator().manual_seed(0))
    label = offline_model(x).argmax(1)
    settings = PRESETS["pgd-linf"].replace(steps=6)
    monkeypatch.delenv("OMP_NUM_THREADS", raising=False)
    before = torch.get_num_threads()
    try:
        result = AttackRun(offline_model, x, label, settings).run()
        assert result.threads_tuned and 1 <= result.threads <= before
        fixed = AttackRun(offline_model, x, label, settings, threads=1).run()
        assert not fixed.threads_tuned and fixed.threads == 1
        monkeypatch.setenv("OMP_NUM_THREADS", "1")
        users = AttackRun(offline_model, x, label, settings).run()
        assert not users.threads_tuned
    finally:
        torch.set_num_threads(before)
