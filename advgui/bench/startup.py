"""Start-up time: launch the program, read when its window was shown and when it was ready.

The program is started as a user would (``python main.py`` from a checkout, else
``python -m advgui.gui``), offscreen, with ``ADVGUI_STARTUP_PROBE=1`` so that it prints
``time.time()`` stamps (see ``advgui.gui.startup_probe``) and quits once ready. A fresh
settings folder keeps the user's remembered model out of it, so the default model loads.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

_ROOT = Path(__file__).resolve().parents[2]
_PREFIX = "advgui-startup"


@dataclass(frozen=True)
class Startup:
    shown: float | None  # seconds from launch to the window's first paint
    ready: float | None  # seconds from launch to Run being possible
    note: str = ""

    def to_dict(self) -> dict:
        return {"shown_s": self.shown, "ready_s": self.ready, "note": self.note}


def command() -> list[str]:
    main = _ROOT / "main.py"
    if main.is_file():
        return [sys.executable, str(main)]
    return [sys.executable, "-m", "advgui.gui"]


def parse(stdout: str, launched: float) -> Startup:
    stamps: dict[str, float] = {}
    for line in stdout.splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[0] == _PREFIX:
            try:
                stamps[parts[1]] = float(parts[2]) - launched
            except ValueError:
                continue
    note = "" if "ready" in stamps else ("not ready in time" if "timeout" in stamps else "")
    return Startup(stamps.get("shown"), stamps.get("ready"), note)


def launch(timeout: float = 180.0) -> Startup:
    """Start the program once and time it."""
    with tempfile.TemporaryDirectory(prefix="advgui-bench-") as home:
        env = dict(os.environ)
        env.update(
            {
                "ADVGUI_STARTUP_PROBE": "1",
                "QT_QPA_PLATFORM": env.get("QT_QPA_PLATFORM", "offscreen"),
                "XDG_CONFIG_HOME": home,
                "PYTHONPATH": os.pathsep.join(filter(None, [str(_ROOT), env.get("PYTHONPATH")])),
            }
        )
        launched = time.time()
        try:
            proc = subprocess.run(
                command(),
                cwd=_ROOT,
                env=env,
                stdin=subprocess.DEVNULL,
                capture_output=True,
                text=True,
                timeout=timeout,
            )
        except subprocess.TimeoutExpired:
            return Startup(None, None, f"no answer within {timeout:.0f} s")
    result = parse(proc.stdout, launched)
    if result.shown is None and not result.note:
        tail = (proc.stderr.strip().splitlines() or ["no output"])[-1]
        return Startup(None, None, f"exit {proc.returncode}: {tail}")
    return result


def cli_seconds(*args: str, runs: int = 3) -> float | None:
    """Median wall seconds of ``python -m advgui.cli ARGS`` (None if it failed)."""
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        proc = subprocess.run(
            [sys.executable, "-m", "advgui.cli", *args], capture_output=True, timeout=300
        )
        if proc.returncode != 0:
            return None
        times.append(time.perf_counter() - t0)
    return sorted(times)[len(times) // 2]
