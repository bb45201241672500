"""Faults while saving, simulated by patching the file-system calls that write into a
folder (we run as root, so ``chmod`` cannot make a folder read-only): ``FAULTS``, each
returning the reason its error must give; ``record_writes``, which fails and lists every
attempt to write; and ``snapshot``, a folder's entries with their bytes."""

from __future__ import annotations

import builtins
import errno
import io
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every entry of ``folder`` (hidden ones included) with its bytes."""
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def record_writes(mp: pytest.MonkeyPatch) -> list[str]:
    """Every attempt to create or write a file or a folder, or to make a temporary one,
    from now on (each also fails, so nothing is ever written): a list that stays empty
    while the code under test touches no file system."""
    attempts: list[str] = []
    real_open, real_os_open = builtins.open, os.open

    def refuse(what: str, path: object = "") -> None:
        attempts.append(f"{what} {path}")
        raise PermissionError(errno.EACCES, "writing is not allowed here", str(path))

    def fake_open(file, mode="r", *args, **kwargs):
        if _writes(mode):
            refuse(f"open({mode!r})", file)
        return real_open(file, mode, *args, **kwargs)

    def fake_os_open(path, flags, *args, **kwargs):
        if flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT):
            refuse("os.open", path)
        return real_os_open(path, flags, *args, **kwargs)

    def named(what: str):
        return lambda *args, **kwargs: refuse(what, args[0] if args else "")

    mp.setattr(builtins, "open", fake_open)
    mp.setattr(io, "open", fake_open)
    mp.setattr(os, "open", fake_os_open)
    for name in ("mkdir", "makedirs", "replace", "rename"):
        mp.setattr(os, name, named(f"os.{name}"))
    for name in ("mkdtemp", "mkstemp", "TemporaryDirectory", "NamedTemporaryFile", "TemporaryFile"):
        mp.setattr(tempfile, name, named(f"tempfile.{name}"))
    return attempts


def _inside(path: object, folder: Path) -> bool:
    try:
        return Path(os.fspath(path)).resolve().parent == folder.resolve()
    except TypeError:  # a file descriptor
        return False


def _writes(mode: str) -> bool:
    return any(c in mode for c in "wxa+")


class _FullDisk(io.RawIOBase):
    """A file that takes a few bytes and then reports that the disk is full."""

    def __init__(self, real) -> None:
        self.real = real

    def write(self, data) -> int:
        self.real.write(bytes(data)[:10])
        self.real.flush()
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    def writable(self) -> bool:
        return True

    def fileno(self) -> int:
        return self.real.fileno()

    def close(self) -> None:
        self.real.close()
        super().close()


Fault = Callable[[pytest.MonkeyPatch, Path], str]


def read_only(mp: pytest.MonkeyPatch, folder: Path) -> str:
    """Creating or renaming anything in the folder is refused, as in a read-only folder."""
    real_open, real_os_open, real_replace = builtins.open, os.open, os.replace

    def deny(path: object) -> None:
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), os.fspath(path))

    def fake_open(file, mode="r", *args, **kwargs):
        if _writes(mode) and _inside(file, folder):
            deny(file)
        return real_open(file, mode, *args, **kwargs)

    def fake_os_open(path, flags, *args, **kwargs):
        if flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT) and _inside(path, folder):
            deny(path)
        return real_os_open(path, flags, *args, **kwargs)

    def fake_replace(src, dst, **kwargs):
        if _inside(dst, folder):
            deny(dst)
        return real_replace(src, dst, **kwargs)

    mp.setattr(builtins, "open", fake_open)
    mp.setattr(io, "open", fake_open)
    mp.setattr(os, "open", fake_os_open)
    mp.setattr(os, "replace", fake_replace)
    mp.setattr(os, "rename", fake_replace)
    return os.strerror(errno.EACCES)


def _disk_full_at(n: int) -> Fault:
    """The n-th file written into the folder (1-based) hits a full disk."""

    def fault(mp: pytest.MonkeyPatch, folder: Path) -> str:
        real_open = builtins.open
        count = 0

        def fake_open(file, mode="r", *args, **kwargs):
            nonlocal count
            f = real_open(file, mode, *args, **kwargs)
            if "w" in mode and _inside(file, folder):
                count += 1
                if count == n:
                    return _FullDisk(f)
            return f

        mp.setattr(builtins, "open", fake_open)
        mp.setattr(io, "open", fake_open)
        return os.strerror(errno.ENOSPC)

    return fault


def vanishes_before_writing(mp: pytest.MonkeyPatch, folder: Path) -> str:
    """The folder is deleted (say, by another program) just before the first write."""
    real_open, real_os_open = builtins.open, os.open

    def fake_open(file, mode="r", *args, **kwargs):
        if _writes(mode) and _inside(file, folder) and folder.exists():
            shutil.rmtree(folder)
        return real_open(file, mode, *args, **kwargs)

    def fake_os_open(path, flags, *args, **kwargs):
        if flags & os.O_CREAT and _inside(path, folder) and folder.exists():
            shutil.rmtree(folder)
        return real_os_open(path, flags, *args, **kwargs)

    mp.setattr(builtins, "open", fake_open)
    mp.setattr(io, "open", fake_open)
    mp.setattr(os, "open", fake_os_open)
    return os.strerror(errno.ENOENT)


def vanishes_before_renaming(mp: pytest.MonkeyPatch, folder: Path) -> str:
    """Every file is written, then the folder is deleted before the first rename."""
    real_replace = os.replace

    def fake_replace(src, dst, **kwargs):
        if _inside(dst, folder) and folder.exists():
            shutil.rmtree(folder)
        return real_replace(src, dst, **kwargs)

    mp.setattr(os, "replace", fake_replace)
    mp.setattr(os, "rename", fake_replace)
    return os.strerror(errno.ENOENT)


def vanishes_before_the_sidecar(mp: pytest.MonkeyPatch, folder: Path) -> str:
    """The PNGs' temporaries are written, then the folder is deleted before the sidecar's."""
    real_open = builtins.open
    count = 0

    def fake_open(file, mode="r", *args, **kwargs):
        nonlocal count
        if "w" in mode and _inside(file, folder):
            count += 1
            if count == 3 and folder.exists():
                shutil.rmtree(folder)
        return real_open(file, mode, *args, **kwargs)

    mp.setattr(builtins, "open", fake_open)
    mp.setattr(io, "open", fake_open)
    return os.strerror(errno.ENOENT)


def rename_fails_midway(mp: pytest.MonkeyPatch, folder: Path) -> str:
    """The first file is renamed into place, then a rename fails (e.g. a quota). Any
    name but a hidden one (temporaries, files moved aside) is a final one, whatever the
    stem of the save."""
    real_replace = os.replace
    finals = 0

    def fake_replace(src, dst, **kwargs):
        nonlocal finals
        final = not Path(dst).name.startswith(".")
        if final and Path(dst).parent.resolve() == folder.resolve():
            finals += 1
            if finals == 2:
                raise OSError(errno.EDQUOT, os.strerror(errno.EDQUOT), os.fspath(dst))
        return real_replace(src, dst, **kwargs)

    mp.setattr(os, "replace", fake_replace)
    mp.setattr(os, "rename", fake_replace)
    return os.strerror(errno.EDQUOT)


FAULTS: dict[str, Fault] = {
    "read-only": read_only,
    "disk-full-first-file": _disk_full_at(1),
    "disk-full-sidecar": _disk_full_at(3),
    "vanishes-before-writing": vanishes_before_writing,
    "vanishes-before-the-sidecar": vanishes_before_the_sidecar,
    "vanishes-before-renaming": vanishes_before_renaming,
    "rename-fails-midway": rename_fails_midway,
}
