"""Saving against other writers and hard stops (issue 14): one writer per folder, even
when renames are slow; a SIGTERM, SIGHUP or SIGINT at any moment of a save leaves no
temporary file and either the complete new set or the previous files."""

from __future__ import annotations

import errno
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from corpus.faults import snapshot

from advgui.core import atomic, folder_lock, stops
from advgui.core.errors import SaveError

ROOT = Path(__file__).resolve().parents[2]
NAMES = ("adversarial.png", "delta.png", "result.json")


def run_files(tag: str) -> dict[str, bytes]:
    """One run's three files, each saying which run wrote it."""
    return {name: f"{tag} {name}\n".encode() * 50 for name in NAMES}


def run_of(folder: Path) -> set[str]:
    """Which runs the folder's result files come from (one, or a mix)."""
    return {(folder / n).read_bytes().split(b" ")[0].decode() for n in NAMES}


@pytest.fixture
def slow_renames(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every rename takes 30 ms, as on a busy network file system (fault injection)."""
    real = os.replace

    def slow(src, dst, **kw):
        time.sleep(0.03)
        return real(src, dst, **kw)

    monkeypatch.setattr(os, "replace", slow)


# ------------------------------------------------------------------ one writer per folder


def test_two_writers_at_once_never_mix_even_with_slow_renames(tmp_path, slow_renames):
    folder = tmp_path / "out"
    folder.mkdir()
    for name in NAMES:
        (folder / name).write_bytes(b"old " + name.encode())
    errors: list[BaseException] = []

    def save(tag: str) -> None:
        try:
            atomic.write_files(folder, run_files(tag), force=True)
        except BaseException as exc:
            errors.append(exc)

    for _ in range(3):
        threads = [threading.Thread(target=save, args=(t,)) for t in ("A", "B")]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert errors == []
        assert len(run_of(folder)) == 1, snapshot(folder)  # all A, or all B
        assert sorted(p.name for p in folder.iterdir()) == sorted(NAMES)


def test_the_second_writer_without_force_is_refused_not_mixed(tmp_path, slow_renames):
    folder = tmp_path / "out"
    folder.mkdir()
    outcomes: dict[str, object] = {}

    def save(tag: str) -> None:
        try:
            outcomes[tag] = atomic.write_files(folder, run_files(tag))
        except SaveError as exc:
            outcomes[tag] = str(exc)

    threads = [threading.Thread(target=save, args=(t,)) for t in ("A", "B")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    refused = [m for m in outcomes.values() if isinstance(m, str)]
    assert len(refused) == 1 and "already exist" in refused[0], outcomes
    assert len(run_of(folder)) == 1


_WRITER = r"""
import os, sys, time
sys.path.insert(0, sys.argv[1])
from advgui.core import atomic
real = os.replace
def slow(src, dst, **kw):
    time.sleep(0.03)
    return real(src, dst, **kw)
os.replace = slow
names = ("adversarial.png", "delta.png", "result.json")
tag = sys.argv[3]
for _ in range(4):
    atomic.write_files(sys.argv[2], {n: f"{tag} {n}\n".encode() * 50 for n in names}, force=True)
"""


def test_two_processes_never_mix(tmp_path):
    folder = tmp_path / "out"
    folder.mkdir()
    procs = [
        subprocess.Popen([sys.executable, "-c", _WRITER, str(ROOT), str(folder), tag])
        for tag in ("A", "B")
    ]
    seen = set()
    while any(p.poll() is None for p in procs):
        if all((folder / n).exists() for n in NAMES):
            # The lock keeps readers out too only if they take it: readers take it here.
            with folder_lock.folder_lock(folder):
                seen.add(frozenset(run_of(folder)))
        time.sleep(0.01)
    assert [p.returncode for p in procs] == [0, 0]
    assert all(len(runs) == 1 for runs in seen), seen
    assert len(run_of(folder)) == 1
    assert sorted(p.name for p in folder.iterdir()) == sorted(NAMES)


def test_a_writer_that_waits_too_long_gets_one_clear_line(tmp_path):
    folder = tmp_path / "out"
    folder.mkdir()
    with folder_lock.folder_lock(folder):
        start = time.monotonic()
        with pytest.raises(SaveError) as info:
            atomic.write_files(folder, run_files("B"), lock_timeout=0.3)
        assert 0.3 <= time.monotonic() - start < 3
    assert "another advgui is saving into this folder" in str(info.value)
    assert list(folder.iterdir()) == []
    atomic.write_files(folder, run_files("B"))  # free again once the holder is done
    assert run_of(folder) == {"B"}


def test_where_a_folder_cannot_be_locked_a_lock_file_is_used_and_removed(
    tmp_path, monkeypatch, slow_renames
):
    import fcntl

    real_flock = fcntl.flock

    def nfs_like(fd, op):  # NFS: flock on a descriptor not open for writing fails
        if os.path.isdir(f"/proc/self/fd/{fd}"):
            raise OSError(errno.EBADF, os.strerror(errno.EBADF))
        return real_flock(fd, op)

    monkeypatch.setattr(fcntl, "flock", nfs_like)
    folder = tmp_path / "out"
    folder.mkdir()
    seen: list[bool] = []
    real_write = atomic._fsync_write

    def watching(path, data):
        seen.append((folder / folder_lock.LOCK_NAME).exists())
        real_write(path, data)

    monkeypatch.setattr(atomic, "_fsync_write", watching)
    threads = [
        threading.Thread(
            target=atomic.write_files, args=(folder, run_files(t)), kwargs={"force": True}
        )
        for t in ("A", "B")
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert seen and all(seen)  # held while writing
    assert len(run_of(folder)) == 1
    assert sorted(p.name for p in folder.iterdir()) == sorted(NAMES)  # and removed after


# ------------------------------------------------------------------ hard stops


class Moments:
    """Counts the moments of a save (file created, data written, renamed, removed) and
    sends ``signum`` to this process at moment ``at``."""

    def __init__(self, mp: pytest.MonkeyPatch, at: int, signum: int) -> None:
        self.count, self.at, self.signum = 0, at, signum
        real_write, real_replace, real_unlink = atomic._fsync_write, os.replace, Path.unlink
        real_tmp = atomic._tmp

        def tick() -> None:
            self.count += 1
            if self.count == self.at:
                os.kill(os.getpid(), self.signum)

        def tmp(folder, name, temps):
            tick()
            out = real_tmp(folder, name, temps)
            tick()
            return out

        def write(path, data):
            tick()
            real_write(path, data)
            tick()

        def replace(src, dst, **kw):
            tick()
            real_replace(src, dst, **kw)
            tick()

        def unlink(path, missing_ok=False):
            tick()
            real_unlink(path, missing_ok=missing_ok)

        mp.setattr(atomic, "_tmp", tmp)
        mp.setattr(atomic, "_fsync_write", write)
        mp.setattr(os, "replace", replace)
        mp.setattr(Path, "unlink", unlink)


def _count_moments(tmp_path: Path, mp: pytest.MonkeyPatch, previous: bool) -> int:
    folder = tmp_path / "count"
    folder.mkdir()
    if previous:
        atomic.write_files(folder, run_files("old"))
    with pytest.MonkeyPatch.context() as inner:
        moments = Moments(inner, at=-1, signum=signal.SIGTERM)
        atomic.write_files(folder, run_files("new"), force=previous)
    return moments.count


@pytest.mark.parametrize("previous", [False, True], ids=["new-folder", "replacing"])
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP, signal.SIGINT])
def test_a_stop_at_every_moment_of_a_save(tmp_path, monkeypatch, previous, signum):
    total = _count_moments(tmp_path, monkeypatch, previous)
    assert total >= 12
    for at in range(1, total + 1):
        folder = tmp_path / f"at-{at}"
        folder.mkdir()
        if previous:
            atomic.write_files(folder, run_files("old"))
        before = snapshot(folder)
        restore = stops.install()
        try:
            with pytest.MonkeyPatch.context() as mp:
                Moments(mp, at=at, signum=signum)
                try:
                    atomic.write_files(folder, run_files("new"), force=previous)
                    outcome = "finished"
                except stops.Stopped as stop:
                    assert stop.signum == signum and stop.exit_code == 128 + signum
                    outcome = "stopped"
        finally:
            restore()
        after = snapshot(folder)
        assert not [n for n in after if n.endswith(".tmp")], (at, sorted(after))
        if outcome == "stopped" and after != before:
            # Stopped only once every file was in place: the complete new set.
            assert run_of(folder) == {"new"} and sorted(after) == sorted(NAMES), (at, after)
        elif outcome == "finished":
            assert run_of(folder) == {"new"}
        if after == before:
            assert outcome == "stopped", at


def test_a_stop_is_raised_once_the_save_has_tidied_up(tmp_path):
    """A signal during the renames waits: the set is completed (or taken back), the
    temporaries removed, and only then does Stopped arrive."""
    folder = tmp_path / "out"
    folder.mkdir()
    restore = stops.install()
    try:
        with stops.deferred():
            os.kill(os.getpid(), signal.SIGTERM)
            time.sleep(0.01)  # the handler runs here, and only records the signal
            assert stops.requested() == signal.SIGTERM
        pytest.fail("the outermost deferred block must raise the recorded stop")
    except stops.Stopped as stop:
        assert str(stop) == "stopped by SIGTERM" and stop.exit_code == 143
    finally:
        restore()
    assert signal.getsignal(signal.SIGTERM) is signal.SIG_DFL
    assert stops.requested() is None


def test_a_stop_seen_by_a_saving_thread(tmp_path, monkeypatch):
    """The window saves on a worker thread: a stop recorded in the main thread makes the
    worker's save stop cleanly at its next safe point."""
    folder = tmp_path / "out"
    folder.mkdir()
    recorded: list[int] = []
    restore = stops.install(on_stop=recorded.append, raising=False)
    real_write = atomic._fsync_write
    first = threading.Event()
    go_on = threading.Event()

    def write(path, data):
        real_write(path, data)
        first.set()
        go_on.wait(5)

    monkeypatch.setattr(atomic, "_fsync_write", write)
    outcome: list[BaseException | None] = []

    def save() -> None:
        try:
            atomic.write_files(folder, run_files("new"))
            outcome.append(None)
        except BaseException as exc:
            outcome.append(exc)

    try:
        worker = threading.Thread(target=save)
        worker.start()
        assert first.wait(5)
        os.kill(os.getpid(), signal.SIGTERM)
        time.sleep(0.05)  # the main thread's handler runs: it records and calls on_stop
        go_on.set()
        worker.join(5)
    finally:
        restore()
    assert recorded == [signal.SIGTERM]
    assert len(outcome) == 1 and isinstance(outcome[0], stops.Stopped)
    assert list(folder.iterdir()) == []
