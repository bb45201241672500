"""One writer per folder: an advisory lock that every advgui save takes on its folder.

``folder_lock(folder)`` holds an exclusive ``fcntl.flock`` lock for the block. It locks
the folder itself, so nothing is added to it; where the file system cannot lock a folder
(NFS emulates flock with POSIX locks, which need a file open for writing) it locks a
file ``.advgui.lock`` in the folder instead, and removes it when done. A second writer
waits up to ``timeout`` seconds, then fails with SaveError. The lock is released when
the block ends or the process dies, whatever kills it.

Advisory: it keeps advgui processes (and windows) apart, not other programs. On
platforms without ``fcntl`` (Windows) no lock is taken.
"""

from __future__ import annotations

import errno
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from advgui.core import stops
from advgui.core.errors import QT_TRANSLATE_NOOP, SaveError

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None  # type: ignore[assignment]

#: Seconds a second writer waits for the folder before giving up.
WAIT = 10.0
#: The lock file used where a folder itself cannot be locked.
LOCK_NAME = ".advgui.lock"
_POLL = 0.05
#: A save the operating system refused; the OS's words are the detail.
CANNOT_SAVE = QT_TRANSLATE_NOOP("Errors", "cannot save in {folder}")


@contextmanager
def folder_lock(folder: str | Path, *, timeout: float = WAIT) -> Iterator[None]:
    """Hold the folder's lock for the block (SaveError if another writer keeps it
    longer than ``timeout`` seconds); a stop signal ends the wait at once."""
    folder = Path(folder)
    if fcntl is None:
        yield
        return
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError as exc:
        raise SaveError.of(
            CANNOT_SAVE, folder=str(folder), detail=str(exc.strerror or exc)
        ) from None
    try:
        if _acquire(fd, folder, timeout):
            yield
            return
    finally:
        os.close(fd)  # closing the descriptor releases its lock
    with _lock_file(folder, timeout):
        yield


def _acquire(fd: int, folder: Path, timeout: float) -> bool:
    """Lock ``fd``; False where the file system cannot lock it (use a lock file)."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except BlockingIOError:
            _wait(deadline, folder)
        except OSError as exc:
            if exc.errno in (errno.EBADF, errno.ENOLCK, errno.EINVAL, errno.EOPNOTSUPP):
                return False
            raise SaveError.of(
                CANNOT_SAVE, folder=str(folder), detail=str(exc.strerror or exc)
            ) from None


@contextmanager
def _lock_file(folder: Path, timeout: float) -> Iterator[None]:
    """The lock-file protocol: lock ``.advgui.lock``, check that it is still the file of
    that name (a writer that finished may have removed it), remove it when done."""
    path = folder / LOCK_NAME
    deadline = time.monotonic() + timeout
    while True:
        with stops.deferred():
            try:
                fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
            except OSError as exc:
                raise SaveError.of(
                    CANNOT_SAVE, folder=str(folder), detail=str(exc.strerror or exc)
                ) from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            _wait(deadline, folder)
            continue
        except OSError as exc:
            os.close(fd)
            raise SaveError.of(
                QT_TRANSLATE_NOOP("Errors", "cannot lock {folder}"),
                folder=str(folder),
                detail=str(exc.strerror or exc),
            ) from None
        try:
            same = os.path.samestat(os.fstat(fd), os.stat(path))
        except FileNotFoundError:
            same = False
        if same:
            break
        os.close(fd)
    try:
        yield
    finally:
        with stops.deferred():
            try:
                path.unlink(missing_ok=True)
            except OSError:
                pass  # the folder is gone or read-only now; the lock still ends below
            os.close(fd)


def _wait(deadline: float, folder: Path) -> None:
    stops.raise_if_requested()
    if time.monotonic() >= deadline:
        raise SaveError.of(
            QT_TRANSLATE_NOOP(
                "Errors",
                "{folder}: another advgui is saving into this folder; "
                "try again when it has finished",
            ),
            folder=str(folder),
        )
    time.sleep(_POLL)
