"""The core and the CLI never import Qt: they must run, and be tested, without a display."""

from __future__ import annotations

import pkgutil
import subprocess
import sys
from pathlib import Path

import advgui.core

ROOT = Path(__file__).resolve().parents[1]
QT_MODULES = ("PySide6", "PyQt5", "PyQt6", "qtpy", "pyqtgraph", "shiboken6")


def _core_modules() -> list[str]:
    names = [m.name for m in pkgutil.walk_packages(advgui.core.__path__, prefix="advgui.core.")]
    return ["advgui.core", *names, "advgui.cli"]


def test_core_sources_do_not_mention_qt() -> None:
    files = [*sorted((ROOT / "advgui" / "core").rglob("*.py")), ROOT / "advgui" / "cli.py"]
    assert len(files) > 10
    for path in files:
        text = path.read_text()
        for qt in QT_MODULES:
            assert f"import {qt}" not in text and f"from {qt}" not in text, (path, qt)


def test_importing_core_and_cli_loads_no_qt() -> None:
    modules = _core_modules()
    assert "advgui.core.attacks.engine" in modules
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        f"loaded = [m for m in {QT_MODULES!r} if m in sys.modules]\n"
        "print(','.join(loaded))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == ""


def test_the_import_contracts_hold() -> None:
    """pyproject.toml's import-linter contracts: core without Qt, widgets without
    controllers, only the app factory importing the window, no cycles in advgui.gui."""
    lint = Path(sys.executable).with_name("lint-imports")
    command = [str(lint)] if lint.exists() else [sys.executable, "-m", "importlinter.cli"]
    out = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stdout[-4000:] + out.stderr[-2000:]
    assert "Contracts: 5 kept, 0 broken." in out.stdout
