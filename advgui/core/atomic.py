"""Write a set of files into a folder atomically: all of them, or none.

Every file is first written (and fsynced) to a temporary name in the target folder; only
when all of them are complete are they renamed into place. On any failure the temporaries
are removed and replaced files restored, so the folder is left exactly as it was.
Existing files are never replaced unless ``force`` is true.

Two guards make that hold against other writers and hard stops:

- the whole write holds the folder's lock (``folder_lock``), so two saves into one
  folder, from two processes or two threads, never interleave: the second waits;
- it runs inside ``stops.deferred()``: a SIGINT, SIGTERM or SIGHUP stops it only at the
  points where it can stop cleanly (temporaries removed, renames taken back), and once
  every file is in place the stop waits until the write has finished tidying up.
"""

from __future__ import annotations

import errno
import os
import secrets
from collections.abc import Mapping
from pathlib import Path

from advgui.core import stops
from advgui.core.errors import QT_TRANSLATE_NOOP, SaveError, os_reason, shown
from advgui.core.folder_lock import CANNOT_SAVE, WAIT, folder_lock


def check_folder(folder: Path, names: list[str], *, force: bool = False) -> None:
    """Raise SaveError unless ``folder`` is a folder that may receive ``names``.

    Without ``force``, any of ``names`` already present there is refused (all are named).
    """
    if not folder.is_dir():
        raise SaveError.of(
            QT_TRANSLATE_NOOP("Errors", "{folder}: no such folder"), folder=str(folder)
        )
    if not force and (clash := [folder / n for n in names if (folder / n).exists()]):
        raise SaveError.of(
            QT_TRANSLATE_NOOP(
                "Errors", "{folder}: {names} already exist; choose another folder or overwrite"
            ),
            folder=str(folder),
            names=", ".join(p.name for p in clash),
        )


def check_creatable(folder: Path) -> None:
    """Raise SaveError unless ``folder`` is a folder or could be made: the nearest one of
    it and its parents that exists must be a folder (and one the system lets us look at)."""
    try:
        for path in (folder, *folder.parents):
            if path.exists():
                if not path.is_dir():
                    if path == folder:
                        raise SaveError.of(
                            QT_TRANSLATE_NOOP("Errors", "{folder}: exists and is not a folder"),
                            folder=shown(folder),
                        )
                    raise SaveError.of(
                        QT_TRANSLATE_NOOP("Errors", "{folder}: {path} exists and is not a folder"),
                        folder=shown(folder),
                        path=str(path),
                    )
                return
    except OSError as exc:
        raise SaveError.of(CANNOT_SAVE, folder=shown(folder), detail=os_reason(exc)) from None


def make_folder(folder: Path) -> list[Path]:
    """Create ``folder`` and its missing parents; return those created, deepest first
    (for ``remove_empty``). SaveError (one line) when it cannot."""
    created = []
    for path in (folder, *folder.parents):
        if path.exists():
            break
        created.append(path)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        remove_empty(created)
        raise SaveError.of(
            QT_TRANSLATE_NOOP("Errors", "cannot create {folder}"),
            folder=str(folder),
            detail=str(exc.strerror or exc),
        ) from None
    return created


def remove_empty(folders: list[Path]) -> None:
    """Remove ``folders`` (deepest first) while they are empty: a folder someone else
    has put files in since is kept, and so are those above it."""
    for folder in folders:
        try:
            folder.rmdir()
        except FileNotFoundError:
            continue
        except OSError:  # not empty: someone else's files are in it
            return


def write_files(
    folder: str | Path,
    files: Mapping[str, bytes],
    *,
    force: bool = False,
    lock_timeout: float = WAIT,
) -> list[Path]:
    """Write each ``name: bytes`` of ``files`` into ``folder``; return the paths, in order.

    Raises SaveError (one line naming the folder and the reason) when the folder is
    missing or unwritable, when files exist and ``force`` is false, when another save
    holds the folder longer than ``lock_timeout`` seconds, or when a write or a rename
    fails; nothing is left behind then, and replaced files are as they were. A stop
    signal (``stops.Stopped``) before the last rename leaves the folder as it was too.
    """
    folder = Path(folder)
    with stops.deferred(), folder_lock(folder, timeout=lock_timeout):
        check_folder(folder, list(files), force=force)
        temps: list[Path] = []
        pairs: list[tuple[Path, Path]] = []
        try:
            for name, data in files.items():
                stops.raise_if_requested()
                tmp = _tmp(folder, name, temps)
                _fsync_write(tmp, data)
                pairs.append((tmp, folder / name))
            stops.raise_if_requested()
            _commit(folder, pairs, temps)
        except OSError as exc:
            raise SaveError.of(
                CANNOT_SAVE, folder=str(folder), detail=str(exc.strerror or exc)
            ) from None
        finally:
            for tmp in temps:
                try:
                    tmp.unlink(missing_ok=True)
                except OSError:
                    pass  # the folder itself is gone or broken; the error says so
    return [final for _, final in pairs]


def replace_file(path: str | Path, data: bytes) -> None:
    """Write ``data`` to ``path`` (a cache file, say) through a temporary file beside it,
    renamed into place: a reader sees the old file or the new one, never part of one, and
    neither a failure (OSError, raised) nor a stop signal leaves the temporary behind."""
    path = Path(path)
    temps: list[Path] = []
    with stops.deferred():
        try:
            tmp = _tmp(path.parent, path.name, temps)
            with open(tmp, "wb") as f:
                f.write(data)
            os.replace(tmp, path)
        finally:
            for tmp in temps:
                tmp.unlink(missing_ok=True)


def _tmp(folder: Path, name: str, temps: list[Path]) -> Path:
    """Create an empty, uniquely named ``.NAME.XXXXXXXX.tmp`` in ``folder``, noted in
    ``temps`` (for removal) as soon as it exists.

    Not ``tempfile.mkstemp``: that makes the file 0600, and the rename would keep it
    so; ``open(..., "x")`` gives the permissions the user's umask asks for.
    """
    for _ in range(100):
        path = folder / f".{name}.{secrets.token_hex(4)}.tmp"
        try:
            with open(path, "xb"):
                temps.append(path)
                return path
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "cannot find a free temporary name", str(folder))


def _fsync_write(path: Path, data: bytes) -> None:
    with open(path, "wb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())


def _commit(folder: Path, pairs: list[tuple[Path, Path]], temps: list[Path]) -> None:
    """Rename each temporary onto its final name: all of them, or none.

    A file being replaced is first moved aside; if any rename fails, the files already
    renamed are taken away again and the previous ones put back, so the folder never
    holds a mix of old and new results. Names moved aside are added to ``temps``. A stop
    signal between two renames takes them back the same way.
    """
    done: list[tuple[Path, Path | None]] = []
    try:
        for tmp, final in pairs:
            backup = None
            if final.exists():
                backup = _tmp(folder, final.name, temps)
                os.replace(final, backup)
            done.append((final, backup))
            os.replace(tmp, final)
            if len(done) < len(pairs):
                stops.raise_if_requested()
    except BaseException:
        for final, backup in reversed(done):
            try:
                if backup is None:
                    final.unlink(missing_ok=True)
                else:
                    os.replace(backup, final)
            except OSError:
                pass  # the folder itself is gone or broken; the caller reports the fault
        raise
