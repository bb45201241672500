"""A busy desktop: the same attack step on a quiet machine and beside a CPU-bound program.

Each measurement runs in a fresh interpreter (OpenMP reads its wait policy once, when
torch loads it): ``python -m advgui.bench.load probe POLICY`` builds the offline model,
runs PGD steps on a 224 x 224 input and prints the seconds of each step. POLICY is
``torch`` (torch's defaults: every core, waiting threads spin) or ``advgui`` (what the
CLI and the window do: ``advgui.core.threads.configure``, then a run whose thread count
a ``ThreadTuner`` chooses by timing its steps). "Under load" starts a process that
spins on one core (pinned to the first CPU where the OS allows) for the probe's whole
life, and stops it after.

A probe's figure is its *mean* step after the first (which pays for allocations): what
a run costs, the tuner's timing steps and probes included. 48 steps a probe: 16 left the
quiet comparison at the mercy of a few noisy steps (3 rounds of 16 once read 1.20x for
the same code that 6 rounds of 48 measured at 1.00x).
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable

POLICIES = ("torch", "advgui")
#: A program that keeps one core busy until it is killed.
BURNER = (
    "import os\n"
    "try:\n"
    "    os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})\n"
    "except (AttributeError, OSError):\n"
    "    pass\n"
    "while True:\n"
    "    pass\n"
)


def _probe(policy: str, steps: int) -> None:
    """Runs in the child: print one JSON line with the seconds of each step."""
    if policy == "advgui":
        from advgui.core.threads import configure

        configure()
    import torch

    from advgui.core.attacks import AttackRun
    from advgui.core.models import OFFLINE_MODEL, load_model
    from advgui.core.settings import PRESETS

    model = load_model(OFFLINE_MODEL, download=False)
    x = torch.rand(1, 3, 224, 224, generator=torch.Generator().manual_seed(0))
    label = model(x).argmax(1)
    fixed = torch.get_num_threads() if policy == "torch" else None  # None: timed
    settings = PRESETS["pgd-linf"].replace(steps=steps, early_stop=False)
    run = AttackRun(model, x, label, settings, threads=fixed)
    stamps = [time.perf_counter() for _ in run]
    gaps = [b - a for a, b in zip(stamps, stamps[1:steps])]
    threads = run.result().threads
    print(json.dumps({"policy": policy, "threads": threads, "steps_s": gaps}))


def _child_env(policy: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OMP_", "GOMP_"))}
    env.pop("ADVGUI_TESTS_WITHOUT_TORCH", None)
    return env


#: Steps per probe (see the module's docstring).
STEPS = 48


def measure(policy: str, *, loaded: bool, steps: int = STEPS, timeout: float = 600) -> dict:
    """One probe: mean seconds per step, the thread count, and whether it was loaded."""
    burner = (
        subprocess.Popen([sys.executable, "-c", BURNER], stdin=subprocess.DEVNULL)
        if loaded
        else None
    )
    try:
        time.sleep(0.2 if loaded else 0)  # let the burner get going
        proc = subprocess.run(
            [sys.executable, "-m", "advgui.bench.load", "probe", policy, str(steps)],
            env=_child_env(policy),
            capture_output=True,
            text=True,
            timeout=timeout,
        )
    finally:
        if burner is not None:
            burner.kill()
            burner.wait()
    if proc.returncode != 0:
        tail = (proc.stderr.strip().splitlines() or ["no output"])[-1]
        return {"policy": policy, "loaded": loaded, "error": tail}
    got = json.loads(proc.stdout.strip().splitlines()[-1])
    return {
        "policy": policy,
        "loaded": loaded,
        "threads": got["threads"],
        "s_per_step": statistics.fmean(got["steps_s"]),
        "steps_s": got["steps_s"],
    }


def under_load(runs: int, log: Callable[[str], object], steps: int = STEPS) -> dict:
    """Quiet and loaded, each policy, ``runs`` rounds interleaved; medians and ratios."""
    rows: dict[str, list[float]] = {}
    errors = []
    for k in range(runs):
        for loaded in (False, True):
            for policy in POLICIES:
                key = f"{'load' if loaded else 'quiet'}/{policy}"
                log(f"under load: round {k + 1}/{runs}, {key}")
                got = measure(policy, loaded=loaded, steps=steps)
                if "error" in got:
                    errors.append(f"{key}: {got['error']}")
                else:
                    rows.setdefault(key, []).append(got["s_per_step"])
    medians = {key: statistics.median(v) for key, v in rows.items()}

    def ratio(a: str, b: str) -> float | None:
        return medians[a] / medians[b] if a in medians and b in medians else None

    return {
        "model": "efficientnet_lite0 (offline), pgd-linf, 1 x 3 x 224 x 224",
        "steps": steps,
        "runs": rows,
        "s_per_step": medians,
        "ratios": {
            "advgui under load / quiet": ratio("load/advgui", "quiet/advgui"),
            "torch defaults under load / quiet": ratio("load/torch", "quiet/torch"),
            "advgui quiet / torch defaults quiet": ratio("quiet/advgui", "quiet/torch"),
        },
        "errors": errors,
    }


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "probe" and sys.argv[2] in POLICIES:
        _probe(sys.argv[2], int(sys.argv[3]))
    else:
        print("usage: python -m advgui.bench.load probe {torch|advgui} STEPS", file=sys.stderr)
        raise SystemExit(2)
