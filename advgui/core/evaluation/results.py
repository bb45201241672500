"""``results.jsonl``: one JSON object per line, appended as an evaluation goes.

All the lines of one image are written at once, flushed and synced, so a crash, a
Ctrl+C or a killed process loses at most the image in progress. A line cut off by such
an end (no newline after it) is dropped when the file is read and cut away before more
is appended (``--resume``); a damaged line anywhere else is an error, not a guess.

Imports neither torch nor Qt.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from advgui.core.errors import SettingsError, shown

RESULTS = "results.jsonl"
#: The run's settings, written when it starts; ``--resume`` must match them.
RUN = "run.json"
SUMMARY_JSON = "summary.json"
SUMMARY_CSV = "summary.csv"
FIGURE = "robust_accuracy.png"
#: Every file an evaluation writes in its folder.
NAMES = (RESULTS, RUN, SUMMARY_JSON, SUMMARY_CSV, FIGURE)

Row = dict[str, Any]


def read_rows(path: Path) -> list[Row]:
    """The rows of a results file (an unfinished last line left out)."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return []
    except OSError as exc:
        raise SettingsError(f"{shown(path)}: {exc.strerror or exc}") from None
    return list(_parse(data, path))


def _parse(data: bytes, path: Path) -> Iterator[Row]:
    lines = data.split(b"\n")
    complete = lines[:-1]  # the part after the last newline is unfinished (or empty)
    for number, line in enumerate(complete, start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except (UnicodeDecodeError, ValueError):
            row = None
        if not isinstance(row, dict) or "file" not in row:
            raise SettingsError(f"{shown(path)}, line {number}: not a result row")
        yield row


class ResultsFile:
    """Appends rows to ``results.jsonl``, an image at a time (see the module)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._cut_unfinished_line()

    def _cut_unfinished_line(self) -> None:
        try:
            data = self.path.read_bytes()
        except FileNotFoundError:
            return
        end = data.rfind(b"\n") + 1
        if end != len(data):
            with open(self.path, "r+b") as f:
                f.truncate(end)
                os.fsync(f.fileno())

    def append(self, rows: Iterable[Row]) -> None:
        text = "".join(json.dumps(r, ensure_ascii=False, allow_nan=False) + "\n" for r in rows)
        if not text:
            return
        fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            data = text.encode("utf-8")
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
            os.fsync(fd)
        finally:
            os.close(fd)
