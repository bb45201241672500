"""pyproject lists every package, so an installed (non-editable) advgui is complete."""

from __future__ import annotations

from pathlib import Path

import tomllib

ROOT = Path(__file__).resolve().parents[1]


def test_every_package_is_listed_in_pyproject() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    listed = set(config["tool"]["setuptools"]["packages"])
    found = {
        ".".join(p.parent.relative_to(ROOT).parts) for p in (ROOT / "advgui").rglob("__init__.py")
    }
    assert "advgui.core.attacks" in found
    assert found - listed == set(), "add these to [tool.setuptools] packages"
    assert config["tool"]["setuptools"]["package-dir"]["advgui.resources"] == "resources"
    assert (ROOT / "resources" / "__init__.py").is_file()


def test_entry_points_resolve() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    assert config["project"]["scripts"]["advgui-cli"] == "advgui.cli:main"
    assert config["project"]["gui-scripts"]["advgui"] == "advgui.gui.app:main"
    import advgui.cli

    assert callable(advgui.cli.main)
