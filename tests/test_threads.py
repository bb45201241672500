"""CPU threads and precision reach the engine and the sidecar; a user's OMP_* stay theirs."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from cli_support import CAT, QUICK, cli_fixture

from advgui.core import threads

__all__ = ["cli_fixture"]  # fixture

ROOT = CAT.parents[2]


def test_configure_makes_waiting_threads_sleep():
    env: dict[str, str] = {}
    plan = threads.configure(environ=env)
    assert env == {"OMP_WAIT_POLICY": "PASSIVE"} and plan.wait_policy == "passive (advgui)"
    env = {}
    threads.configure(3, environ=env)
    assert env == {"OMP_WAIT_POLICY": "PASSIVE", "OMP_NUM_THREADS": "3"}


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
    assert report["compute"] == {"precision": "bf16", "cpu_threads": 1}
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
    assert policy == "PASSIVE"  # set by the CLI before torch loaded


def test_the_cli_sets_the_wait_policy_unless_the_user_did(tmp_path):
    _, policy = _run_cli(tmp_path, {"OMP_WAIT_POLICY": "ACTIVE"}, "attack", str(CAT), *QUICK)
    assert policy == "ACTIVE"
    report, _ = _run_cli(tmp_path / "b", {}, "attack", str(CAT), *QUICK, "--threads", "1")
    assert report["compute"]["cpu_threads"] == 1
