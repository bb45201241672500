"""Real stop signals sent to a real ``advgui-cli attack --out`` (issue 14).

``trial(...)`` starts ``python -m advgui.cli attack`` in a fresh interpreter, waits for a
line of its output, sleeps a little and sends a signal; then it reads what the process
said and what it left in the folder. Used by tests/test_hard_stops_cli.py, and runnable
for many trials at random moments of the save:

    python tests/stop_trials.py 30        # 30 SIGTERM trials, 0-150 ms after the last step
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CAT = ROOT / "resources" / "samples" / "chelsea.png"
NAMES = ("adversarial.png", "delta.png", "delta.npy", "result.json")  # export.NAMES
STEPS = 3
ATTACK = ("--attack", "pgd", "--steps", str(STEPS), "--size", "64", "--crop")
LAST_STEP = f"step {STEPS:>4}/{STEPS}"


@dataclass
class Outcome:
    code: int
    err: str
    state: str  # "previous" (as before), "complete" (the new set), or what is wrong
    leftovers: list[str]  # temporary files found anywhere under the trial's folder


def trial(
    folder: Path,
    *,
    signum: int = signal.SIGTERM,
    after: str = LAST_STEP,
    delay: float = 0.0,
    previous: bool = False,
) -> Outcome:
    """Signal an attack that saves into ``folder/new/run`` (folders it must create) or,
    with ``previous``, over an earlier result in ``folder/run`` (with ``--force``)."""
    out = folder / ("run" if previous else "new" / Path("run"))
    before: dict[str, bytes] = {}
    if previous:
        out.mkdir(parents=True)
        for name in NAMES:
            (out / name).write_bytes(b"previous " + name.encode())
        before = {p.name: p.read_bytes() for p in out.iterdir()}
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]),
        "TORCH_HOME": str(folder / "torch"),
        "OMP_NUM_THREADS": "2",
    }
    argv = [sys.executable, "-m", "advgui.cli", "attack", str(CAT), *ATTACK, "--out", str(out)]
    proc = subprocess.Popen(
        [*argv, *(["--force"] if previous else [])],
        cwd=folder,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    for line in proc.stdout:
        if line.startswith(after):
            time.sleep(delay)
            proc.send_signal(signum)
            break
    try:
        _, err = proc.communicate(timeout=120)
    except subprocess.TimeoutExpired:
        proc.kill()
        _, err = proc.communicate()
        return Outcome(-9, err, "hung", [])
    leftovers = sorted(str(p.relative_to(folder)) for p in folder.rglob("*.tmp"))
    return Outcome(proc.returncode, err, _state(out, before, previous), leftovers)


def _state(out: Path, before: dict[str, bytes], previous: bool) -> str:
    if not previous and not out.exists():
        return "previous" if not out.parent.exists() else "created folder left"
    entries = {p.name: p.read_bytes() for p in out.iterdir()}
    if previous and entries == before:
        return "previous"
    if sorted(entries) == sorted(NAMES) and all(
        not v.startswith(b"previous") for v in entries.values()
    ):
        return "complete"
    return "mixed: " + ", ".join(sorted(entries))


def main(count: int) -> None:
    tally: Counter[str] = Counter()
    rng = random.Random(14)
    for i in range(count):
        delay = rng.uniform(0.0, 0.15)
        with tempfile.TemporaryDirectory() as folder:
            o = trial(Path(folder), delay=delay, previous=i % 2 == 1)
        lines = o.err.splitlines()
        ok = not o.leftovers and o.state in ("previous", "complete")
        ok = ok and (o.code == 0 or (o.code == 143 and len(lines) == 1))
        tally["held" if ok else "broke"] += 1
        tally[f"exit {o.code}, {o.state}"] += 1
        print(f"trial {i + 1:2d}: {delay * 1000:5.1f} ms  exit {o.code}  {o.state}  {lines}")
    print(dict(tally))


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 30)
