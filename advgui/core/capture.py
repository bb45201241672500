"""What native libraries print: caught, so that advgui's own message is the only line.

libtiff, libjpeg and others write warnings and errors straight to file descriptor 2,
past Python's ``sys.stderr``. ``native_stderr()`` points that descriptor at an unnamed
temporary file for the length of a block and hands back what was written there:

    with native_stderr() as printed:
        image.load()
    # printed.lines: the lines the libraries wrote, for folding into a message (or not)

The file has no name, so nothing is left behind, even if the process is killed. While
a block runs, anything else the process writes to descriptor 2 (another thread's
messages) is caught with it; blocks are serialised by a lock.
"""

from __future__ import annotations

import os
import sys
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

#: At most this much of what was printed is kept.
_KEEP = 1 << 16
_lock = threading.Lock()


@dataclass
class Printed:
    """The lines written to descriptor 2 inside a ``native_stderr`` block."""

    lines: list[str] = field(default_factory=list)

    def first(self, limit: int = 100) -> str:
        """The first non-empty line, cut to ``limit`` characters ("" if none)."""
        for line in self.lines:
            if line.strip():
                return line.strip()[:limit]
        return ""


@contextmanager
def native_stderr() -> Iterator[Printed]:
    """Catch what native code writes to file descriptor 2 inside the block."""
    printed = Printed()
    with _lock, tempfile.TemporaryFile() as sink:
        _flush()
        saved = os.dup(2)
        try:
            os.dup2(sink.fileno(), 2)
            try:
                yield printed
            finally:
                _flush()
                os.dup2(saved, 2)
        finally:
            os.close(saved)
            sink.seek(0)
            text = sink.read(_KEEP).decode("utf-8", errors="replace")
            printed.lines.extend(text.splitlines())


def _flush() -> None:
    for stream in (sys.stderr, sys.__stderr__):
        try:
            if stream is not None:
                stream.flush()
        except (OSError, ValueError):  # closed or broken: nothing to flush
            pass
