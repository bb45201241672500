"""What native libraries print: caught, so that advgui's own message is the only line.

libtiff, libjpeg and others write warnings and errors straight to file descriptor 2,
past Python's ``sys.stderr``. ``native_stderr()`` points that descriptor elsewhere for
the length of a block and hands back what was written there:

    with native_stderr() as printed:
        image.load()
    # printed.lines: the lines the libraries wrote, for folding into a message (or not)

"Elsewhere" is an anonymous in-memory file (``memfd_create``, Linux) or, where there is
none, a pipe drained by a thread: no file is created anywhere, so nothing can be left
behind, even if the process is killed. While a block runs, anything else the process
writes to descriptor 2 (another thread's messages) is caught with it; blocks are
serialised by a lock.
"""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

#: At most this much of what was printed is kept.
_KEEP = 1 << 16
_lock = threading.RLock()  # a block may hold another (its lines go to the inner one)


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
    with _lock, _sink() as (fd, collect):
        _flush()
        saved = os.dup(2)
        try:
            os.dup2(fd, 2)
            try:
                yield printed
            finally:
                _flush()
                os.dup2(saved, 2)
        finally:
            os.close(saved)
            printed.lines.extend(collect().decode("utf-8", errors="replace").splitlines())


@contextmanager
def _sink() -> Iterator[tuple[int, Callable[[], bytes]]]:
    """A descriptor to write to, and a function that returns what was written to it
    (call it once the writing is over)."""
    if hasattr(os, "memfd_create"):
        fd = os.memfd_create("advgui-stderr")
        try:

            def collect() -> bytes:
                os.lseek(fd, 0, os.SEEK_SET)
                return os.read(fd, _KEEP)

            yield fd, collect
        finally:
            os.close(fd)
        return
    read_end, write_end = os.pipe()
    chunks: list[bytes] = []

    def drain() -> None:
        while data := os.read(read_end, 1 << 14):
            if sum(map(len, chunks)) < _KEEP:
                chunks.append(data)

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    closed = False

    def collect() -> bytes:
        nonlocal closed
        os.close(write_end)
        closed = True
        reader.join()
        return b"".join(chunks)[:_KEEP]

    try:
        yield write_end, collect
    finally:
        if not closed:
            os.close(write_end)
            reader.join()
        os.close(read_end)


def _flush() -> None:
    for stream in (sys.stderr, sys.__stderr__):
        try:
            if stream is not None:
                stream.flush()
        except (OSError, ValueError):  # closed or broken: nothing to flush
            pass
