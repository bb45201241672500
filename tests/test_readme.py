"""The README's preset table names every preset, and nothing else."""

from __future__ import annotations

import re
from pathlib import Path

from advgui.core.settings import PRESETS

README = Path(__file__).resolve().parents[1] / "README.md"


def test_the_preset_table_lists_every_preset_once():
    text = README.read_text(encoding="utf-8")
    table = text.split("Presets:", 1)[1].split("\n\n", 2)[1]
    names = re.findall(r"^\| `([a-z0-9-]+)`", table, flags=re.M)
    assert sorted(names) == sorted(PRESETS)
