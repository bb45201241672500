"""Install a Linux desktop entry, so advgui appears in the application menu.

Files follow the XDG base directory spec: ``$XDG_DATA_HOME`` (default
``~/.local/share``) ``/applications/advgui.desktop`` and the icon under
``icons/hicolor/``.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

from advgui.core.paths import resource

APP_ID = "advgui"
MIME_TYPES = "image/png;image/jpeg;image/bmp;image/gif;image/tiff;image/webp;"


def data_home() -> Path:
    value = os.environ.get("XDG_DATA_HOME", "")
    # The spec says a relative path is invalid and must be ignored.
    return Path(value) if value and os.path.isabs(value) else Path.home() / ".local" / "share"


def launch_command() -> list[str]:
    """How the menu starts advgui: the ``advgui`` gui-script when installed, else
    this Python on ``-m advgui.gui`` (with the checkout as working folder)."""
    exe_dir = Path(sys.executable).parent
    for candidate in (exe_dir / "advgui", exe_dir / "advgui.exe"):
        if candidate.is_file():
            return [str(candidate)]
    found = shutil.which("advgui")
    if found:
        return [str(Path(found).resolve())]
    return [sys.executable, "-m", "advgui.gui"]


def _package_root() -> Path:
    return Path(__file__).resolve().parents[2]


_RESERVED = set(" \t\n\"'\\><~|&;$*?#()`")


def exec_quote(arg: str) -> str:
    """Quote one argument of an ``Exec`` key as the desktop entry spec says.

    An argument with a reserved character (a space, say) goes in double quotes, with
    double quote, backquote, dollar and backslash escaped by a backslash; then, as in any
    string value, each backslash is doubled; a literal percent sign is written twice.
    """
    arg = arg.replace("%", "%%")
    if any(c in _RESERVED for c in arg):
        arg = '"' + "".join("\\" + c if c in '"`$\\' else c for c in arg) + '"'
    return arg.replace("\\", "\\\\")


def desktop_entry(command: list[str], icon: Path) -> str:
    exec_line = " ".join(exec_quote(part) for part in command) + " %f"
    lines = [
        "[Desktop Entry]",
        "Type=Application",
        "Version=1.0",
        "Name=advgui",
        "GenericName=Adversarial example explorer",
        "Comment=Watch, step by step, how an image classifier is fooled",
        f"Exec={exec_line}",
        f"Icon={icon}",
        "Terminal=false",
        "Categories=Education;Science;Graphics;",
        f"MimeType={MIME_TYPES}",
        "StartupNotify=true",
        f"StartupWMClass={APP_ID}",
    ]
    if command[1:3] == ["-m", "advgui.gui"]:
        lines.append(f"Path={_package_root()}")
    return "\n".join(lines) + "\n"


def install_desktop_entry(base: Path | None = None) -> list[Path]:
    """Write the desktop entry and icons; returns the paths written."""
    base = base or data_home()
    written = []
    icon_target = None
    for name, sub in (("advgui.png", "256x256"), ("advgui.svg", "scalable")):
        src = resource(name)
        if src.is_file():
            dest = base / "icons" / "hicolor" / sub / "apps" / name
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(src, dest)
            written.append(dest)
            icon_target = icon_target or dest
    entry = base / "applications" / f"{APP_ID}.desktop"
    entry.parent.mkdir(parents=True, exist_ok=True)
    tmp = entry.with_suffix(".desktop.tmp")
    tmp.write_text(desktop_entry(launch_command(), icon_target or Path(APP_ID)), encoding="utf-8")
    tmp.chmod(0o755)
    os.replace(tmp, entry)
    written.append(entry)
    return written
