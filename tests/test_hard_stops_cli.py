"""Hard stops and two writers, through advgui-cli (issue 14).

- A stop signal at every moment of ``attack --out`` (each step, the evaluation, each
  folder made, each temporary created, written, renamed, removed): exit 128 + N, one
  line, no temporary file, and either the previous state (folders ``--out`` made are
  gone again) or the complete new set. In-process, the signal sent by the process to
  itself at the chosen moment; then real signals to real processes (``stop_trials``).
- Two attacks saving into one folder at once, with every rename slowed down: the folder
  never holds one run's image beside the other run's sidecar.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import stop_trials
from cli_support import CAT, ESPRESSO, QUICK, cli_fixture
from corpus.faults import snapshot
from stop_trials import LAST_STEP, trial

from advgui.core import atomic
from advgui.core.export import NAMES

__all__ = ["cli_fixture"]  # the ``cli`` fixture
assert stop_trials.NAMES == NAMES  # the script runs without advgui on its path

ROOT = Path(__file__).resolve().parents[1]
#: Three steps, so that there are moments between steps too.
ATTACK = (*QUICK[:2], "--steps", "3", *QUICK[4:])


class _NotHandled(BaseException):
    """Raised by the test's own SIGTERM handler: the CLI did not handle the signal."""


class Moments:
    """Sends ``signum`` to this process at the ``at``-th moment of an attack with --out."""

    def __init__(self, mp: pytest.MonkeyPatch, at: int, signum: int) -> None:
        import advgui.core.attacks as attacks
        import advgui.core.export as export

        self.count, self.at, self.signum = 0, at, signum
        real_run, real_evaluate = attacks.AttackRun, export.evaluate_saved
        real_tmp, real_write = atomic._tmp, atomic._fsync_write
        real_replace, real_unlink, real_mkdir = os.replace, Path.unlink, Path.mkdir
        tick = self.tick

        class Counted(real_run):
            def __iter__(self):
                for record in super().__iter__():
                    tick()
                    yield record
                    tick()

        def evaluate(*a, **kw):
            tick()
            return real_evaluate(*a, **kw)

        def tmp(folder, name, temps):
            tick()
            path = real_tmp(folder, name, temps)
            tick()
            return path

        def write(path, data):
            real_write(path, data)
            tick()

        def replace(src, dst, **kw):
            tick()
            real_replace(src, dst, **kw)
            tick()

        def unlink(path, missing_ok=False):
            real_unlink(path, missing_ok=missing_ok)
            tick()

        def mkdir(path, *a, **kw):
            real_mkdir(path, *a, **kw)
            tick()

        mp.setattr(attacks, "AttackRun", Counted)
        mp.setattr(export, "evaluate_saved", evaluate)
        mp.setattr(atomic, "_tmp", tmp)
        mp.setattr(atomic, "_fsync_write", write)
        mp.setattr(os, "replace", replace)
        mp.setattr(Path, "unlink", unlink)
        mp.setattr(Path, "mkdir", mkdir)

    def tick(self) -> None:
        self.count += 1
        if self.count == self.at:
            os.kill(os.getpid(), self.signum)


def _previous(folder: Path) -> None:
    folder.mkdir(parents=True)
    for name in NAMES:
        (folder / name).write_bytes(b"previous " + name.encode())


def _is_complete_new_set(folder: Path) -> bool:
    entries = snapshot(folder)
    if sorted(entries) != sorted(NAMES):
        return False
    report = json.loads(entries["result.json"])
    return report["steps_run"] == 3 and not entries["adversarial.png"].startswith(b"previous")


def _moments(cli, tmp_path: Path, previous: bool) -> int:
    """How many moments an attack with --out has (after a first run has written the
    caches it writes once, such as the precision measurement's)."""
    assert cli("attack", CAT, *ATTACK, "--out", tmp_path / "warm-up").code == 0
    out = tmp_path / "count" / "run"
    if previous:
        _previous(out)
    with pytest.MonkeyPatch.context() as mp:
        moments = Moments(mp, at=-1, signum=signal.SIGTERM)
        r = cli("attack", CAT, *ATTACK, "--out", out, *(["--force"] if previous else []))
    assert r.code == 0, r.err
    return moments.count


@pytest.mark.parametrize("previous", [False, True], ids=["new-folders", "replacing"])
def test_sigterm_at_every_moment_of_an_attack_with_out(cli, tmp_path, previous):
    total = _moments(cli, tmp_path, previous)
    assert total >= 20
    own = signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(_NotHandled()))
    try:
        for at in range(1, total + 1):
            base = tmp_path / f"at-{at}"
            out = base / "new" / "run" if not previous else base / "run"
            base.mkdir()
            if previous:
                _previous(out)
            before = snapshot(out) if previous else None
            with pytest.MonkeyPatch.context() as mp:
                Moments(mp, at=at, signum=signal.SIGTERM)
                try:
                    r = cli("attack", CAT, *ATTACK, "--out", out, *(["--force"] * previous))
                except _NotHandled:
                    pytest.fail(f"moment {at}: SIGTERM was not handled by the CLI")
            leftovers = [p for p in base.rglob("*") if p.name.endswith(".tmp")]
            assert leftovers == [], (at, leftovers)
            assert r.code == 143, (at, r.code, r.err)
            line = r.err.strip()
            assert r.err.count("\n") == 1 and line.startswith("advgui-cli: stopped by SIGTERM")
            if previous and snapshot(out) == before:
                continue  # the previous results, exactly
            if not previous and not (base / "new").exists():
                continue  # nothing, not even the folders --out would have made
            assert _is_complete_new_set(out), (at, sorted(snapshot(out)))
            assert "saved in full" in line, (at, line)
    finally:
        signal.signal(signal.SIGTERM, own)


@pytest.mark.parametrize("signum", [signal.SIGHUP, signal.SIGINT])
def test_sighup_and_sigint_are_handled_the_same_way(cli, tmp_path, signum):
    total = _moments(cli, tmp_path, previous=False)
    for at in (total // 2, total - 3):  # while saving: mid-write and among the renames
        base = tmp_path / f"{signum}-{at}"
        base.mkdir()
        with pytest.MonkeyPatch.context() as mp:
            Moments(mp, at=at, signum=signum)
            r = cli("attack", CAT, *ATTACK, "--out", base / "new" / "run")
        assert r.code == 128 + signum, r.err
        assert r.err.count("\n") == 1
        assert not [p for p in base.rglob("*.tmp")]
        assert not (base / "new").exists() or _is_complete_new_set(base / "new" / "run")


# ------------------------------------------------------------------ real signals


@pytest.mark.parametrize(
    "after, delay, previous, signum",
    [
        ("step    1/3", 0.0, False, signal.SIGTERM),  # mid-attack
        (LAST_STEP, 0.02, False, signal.SIGTERM),  # the save: evaluation, writes, renames
        (LAST_STEP, 0.06, True, signal.SIGTERM),
        (LAST_STEP, 0.10, False, signal.SIGTERM),
        (LAST_STEP, 0.05, False, signal.SIGHUP),
    ],
)
def test_real_signals_to_a_real_process(tmp_path, after, delay, previous, signum):
    o = trial(tmp_path, signum=signum, after=after, delay=delay, previous=previous)
    assert o.leftovers == [], o
    assert o.state in ("previous", "complete"), o
    lines = o.err.splitlines()
    if o.code != 0:  # 0: the signal came after the work was done (then it changes nothing)
        assert o.code == 128 + signum and len(lines) == 1, o
        assert lines[0].startswith(f"advgui-cli: stopped by {signal.Signals(signum).name}"), o


# ------------------------------------------------------------------ two writers


_SLOW_CLI = r"""
import os, runpy, sys, time
from pathlib import Path
out = Path(sys.argv[sys.argv.index("--out") + 1]).resolve()
role, real, renames = os.environ["WRITER"], os.replace, []
mark = out.parent / "slow-writer-renamed-once"
def replace(src, dst, **kw):
    # Fault injection: the "slow" writer's renames into the folder take 0.3 s each after
    # its first (a descheduled process, a network file system); the "fast" one starts
    # renaming only once the slow one has renamed a file (or after 3 s).
    if Path(dst).resolve().parent == out:
        if role == "slow" and renames:
            time.sleep(0.3)
        if role == "fast" and not renames:
            deadline = time.monotonic() + 3
            while not mark.exists() and time.monotonic() < deadline:
                time.sleep(0.005)
        renames.append(dst)
        real(src, dst, **kw)
        if role == "slow":
            mark.touch()
        return
    real(src, dst, **kw)
os.replace = replace
sys.argv = ["advgui-cli", *sys.argv[1:]]
runpy.run_module("advgui.cli", run_name="__main__", alter_sys=True)
"""


def test_two_attacks_into_one_folder_never_mix(tmp_path):
    out = tmp_path / "shared"
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]),
        "TORCH_HOME": str(tmp_path / "torch"),
        "OMP_NUM_THREADS": "1",
    }
    procs = {
        image.name: subprocess.Popen(
            [sys.executable, "-c", _SLOW_CLI, "attack", str(image), *QUICK]
            + ["--out", str(out), "--force"],
            env={**env, "WRITER": role},
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for image, role in ((CAT, "slow"), (ESPRESSO, "fast"))
    }
    results = {name: p.communicate(timeout=300) for name, p in procs.items()}
    for name, p in procs.items():
        assert p.returncode == 0, (name, results[name][1])
        assert "saved:" in results[name][0]
    assert sorted(p.name for p in out.iterdir()) == sorted(NAMES)
    assert (tmp_path / "slow-writer-renamed-once").exists()  # the fault was injected
    # The image and the sidecar come from the same run: the sidecar's source image is
    # the one the adversarial PNG is a (tiny) perturbation of.
    from advgui.core.imaging import load_image, preprocess

    source = Path(json.loads((out / "result.json").read_text())["source_image"]).name
    adversarial = np.asarray(load_image(out / "adversarial.png"), dtype=float)
    distance = {
        image.name: np.abs(
            adversarial
            - preprocess(load_image(image), 64, center_crop=True)[0].permute(1, 2, 0).numpy() * 255
        ).max()
        for image in (CAT, ESPRESSO)
    }
    assert min(distance, key=distance.get) == source, distance
    assert distance[source] <= 4 / 255 * 255 + 1
