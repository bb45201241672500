"""Helpers for the CLI tests: run ``advgui.cli.main`` in-process, or ``python -m advgui.cli``.

In-process runs reuse the session's offline model (loading it costs about a second per
command); a run that names another model or a weights file still goes through the real
``load_model``.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from advgui.cli import main

ROOT = Path(__file__).resolve().parents[1]
CAT = ROOT / "resources" / "samples" / "chelsea.png"
ESPRESSO = ROOT / "resources" / "samples" / "coffee.png"
PROG = "advgui-cli"

#: Quick attack options for tests that are about the CLI, not the attack.
QUICK = ("--attack", "pgd", "--steps", "1", "--size", "64", "--crop")


@dataclass
class CliResult:
    code: int
    out: str
    err: str

    @property
    def error(self) -> str:
        """The one error line on stderr (fails unless there is exactly one, well formed)."""
        lines = self.err.splitlines()
        assert len(lines) == 1, self.err
        # "advgui-cli: error: ...", or argparse's "advgui-cli attack: error: ..."
        assert re.match(rf"{PROG}( \w+)?: error: \S", lines[0]), lines[0]
        assert "Traceback" not in self.err
        return lines[0]


Cli = Callable[..., CliResult]

#: The other offline models, loaded once per session when a test first asks for one.
_OTHER_OFFLINE = ("efficientnet_lite1", "efficientnet_lite2")
_LOADED: dict[str, object] = {}


@pytest.fixture(name="cli")
def cli_fixture(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, offline_model
) -> Cli:
    """``cli("attack", IMAGE, ...)`` runs ``main`` and returns its exit code and output."""
    from advgui.core import models

    real_load = models.load_model

    def load_model(name=None, *, weights_file=None, download=True, progress=None):
        wanted = name or models.default_model_name()
        if weights_file is None and wanted == models.OFFLINE_MODEL:
            return offline_model
        if weights_file is None and wanted in _OTHER_OFFLINE:  # the other bundled models
            if wanted not in _LOADED:
                _LOADED[wanted] = real_load(wanted, download=False)
            return _LOADED[wanted]
        return real_load(name, weights_file=weights_file, download=download, progress=progress)

    monkeypatch.setattr(models, "load_model", load_model)

    def run(*argv: object) -> CliResult:
        capsys.readouterr()
        try:
            code = main([str(a) for a in argv])
        except SystemExit as exc:  # argparse's usage errors
            code = exc.code if isinstance(exc.code, int) else 1
        out, err = capsys.readouterr()
        return CliResult(code, out, err)

    return run


def run_module(*argv: object, cwd: Path, torch_home: Path, check_qt: bool = True) -> CliResult:
    """``python -m advgui.cli ARGV`` in a fresh interpreter.

    With ``check_qt``, a wrapper runs the module as ``__main__`` exactly as ``-m`` does
    (``runpy``) and then checks that no Qt binding was imported along the way.
    """
    code = (
        "import runpy, sys\n"
        f"sys.argv = ['advgui-cli', *{[str(a) for a in argv]!r}]\n"
        "try:\n"
        "    runpy.run_module('advgui.cli', run_name='__main__', alter_sys=True)\n"
        "    rc = 0\n"
        "except SystemExit as exc:\n"
        "    rc = exc.code if isinstance(exc.code, int) else 1\n"
        "qt = [m for m in ('PySide6', 'PyQt5', 'PyQt6', 'shiboken6', 'pyqtgraph')"
        " if m in sys.modules]\n"
        "print('loaded-qt:', ','.join(qt), file=sys.stderr)\n"
        "sys.exit(rc)\n"
    )
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]),
        "TORCH_HOME": str(torch_home),
        "OMP_NUM_THREADS": "2",
    }
    env.pop("QT_QPA_PLATFORM", None)
    command = ["-c", code] if check_qt else ["-m", "advgui.cli", *map(str, argv)]
    proc = subprocess.run(
        [sys.executable, *command],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    if not check_qt:
        return CliResult(proc.returncode, proc.stdout, proc.stderr)
    *err, qt_line = proc.stderr.splitlines() or [""]
    assert qt_line == "loaded-qt: ", proc.stderr  # never any Qt module
    return CliResult(proc.returncode, proc.stdout, "".join(line + "\n" for line in err))
