"""Start-up, entry points and the Linux desktop entry."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from advgui.core.paths import sample
from advgui.gui import app, desktop

ROOT = Path(__file__).resolve().parents[2]


def run_python(code: str, tmp_path: Path, timeout: float = 120) -> str:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
    env["TORCH_HOME"] = str(tmp_path / "torch")
    out = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert out.returncode == 0, out.stderr
    return out.stdout


def test_importing_the_gui_does_not_import_torch(tmp_path):
    out = run_python(
        "import sys\n"
        "import advgui.gui, advgui.gui.main_window, advgui.gui.controllers, advgui.gui.backend\n"
        "print(sorted(m for m in ('torch', 'torchvision') if m in sys.modules))\n",
        tmp_path,
    )
    assert out.strip() == "[]"


def test_the_window_shows_before_torch_loads(tmp_path):
    code = f"""
import sys, time
from PySide6.QtCore import QSettings
QSettings.setDefaultFormat(QSettings.Format.IniFormat)
QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, {str(tmp_path)!r})
from PySide6.QtWidgets import QApplication
from advgui.gui import create_app
window = create_app(exec_app=False)
print("visible", window.isVisible(), "torch" in sys.modules)
print("status", window.statusBar().currentMessage())
deadline = time.monotonic() + 100
while not window.is_ready() and time.monotonic() < deadline:
    QApplication.processEvents()
    time.sleep(0.01)
print("ready", window.is_ready(), "torch" in sys.modules, window.state.image_path.name)
window.close()
"""
    lines = run_python(code, tmp_path).splitlines()
    assert "visible True False" in lines
    assert any(line.startswith("status Loading PyTorch") for line in lines)
    assert "ready True True chelsea.png" in lines


def test_main_py_and_version(tmp_path):
    from advgui import __version__

    out = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "--version"],
        cwd=tmp_path,
        env=dict(os.environ, PYTHONPATH=str(ROOT)),
        capture_output=True,
        text=True,
        timeout=60,
    ).stdout
    assert out.strip() == f"advgui {__version__}"


def test_an_image_on_the_command_line_is_opened(qtbot):
    window = app.create_app(exec_app=False, image=str(sample("espresso")))
    qtbot.addWidget(window)
    qtbot.waitUntil(window.is_ready, timeout=60_000)
    assert window.state.image_path == sample("espresso")
    assert window.windowTitle().startswith("coffee.png")


def test_install_desktop_entry(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert app.main(["--install-desktop-entry"]) == 0
    entry = tmp_path / "data" / "applications" / "advgui.desktop"
    text = entry.read_text()
    assert text.startswith("[Desktop Entry]\n")
    fields = dict(line.split("=", 1) for line in text.splitlines()[1:])
    assert fields["Type"] == "Application" and fields["Name"] == "advgui"
    assert fields["Exec"].endswith(" %f") and fields["Terminal"] == "false"
    icon = Path(fields["Icon"])
    assert icon.is_file() and icon.is_relative_to(tmp_path / "data" / "icons" / "hicolor")
    assert (tmp_path / "data/icons/hicolor/scalable/apps/advgui.svg").is_file()
    assert str(entry) in capsys.readouterr().out
    assert not list(entry.parent.glob("*.tmp"))


def test_desktop_entry_ignores_a_relative_xdg_data_home(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", "relative/path")
    monkeypatch.setenv("HOME", str(tmp_path))
    assert desktop.data_home() == tmp_path / ".local" / "share"


def test_desktop_entry_runs_this_python_from_a_checkout(tmp_path, monkeypatch):
    monkeypatch.setattr(desktop.shutil, "which", lambda name: None)
    monkeypatch.setattr(desktop.sys, "executable", str(tmp_path / "bin" / "python3"))
    command = desktop.launch_command()
    assert command == [str(tmp_path / "bin" / "python3"), "-m", "advgui.gui"]
    text = desktop.desktop_entry(command, tmp_path / "icon.png")
    assert f"Path={ROOT}" in text.splitlines()


def test_exec_arguments_are_quoted_as_the_desktop_spec_says():
    assert desktop.exec_quote("/usr/bin/advgui") == "/usr/bin/advgui"
    assert desktop.exec_quote("/home/a b/advgui") == '"/home/a b/advgui"'
    assert desktop.exec_quote("/opt/$x/advgui") == '"/opt/\\\\$x/advgui"'
    assert desktop.exec_quote("/opt/100%/advgui") == "/opt/100%%/advgui"
    text = desktop.desktop_entry(["/home/a b/bin/advgui"], Path("/i.png"))
    assert 'Exec="/home/a b/bin/advgui" %f' in text.splitlines()
