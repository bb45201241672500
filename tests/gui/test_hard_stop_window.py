"""Hard stops in the window (issue 14, item 5): SIGINT, SIGTERM and SIGHUP close it the way
closing it does, with exit status 128 + N, and a save in progress is never cut in half.

The in-process tests send the signal to this process (the handlers are put back after
each); a save is slowed where the stop should land (waiting for the folder's lock, writing
the temporary files, renaming them into place). One fresh process checks the real
``advgui`` launch end to end.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from contextlib import nullcontext
from pathlib import Path

import pytest
from corpus.faults import snapshot

from advgui.core import atomic
from advgui.core.export import file_names
from advgui.core.folder_lock import folder_lock
from advgui.gui import dialogs
from advgui.gui.app import install_hard_stop

from .window_support import error_box

pytestmark = pytest.mark.usefixtures("fast_models")

ROOT = Path(__file__).resolve().parents[2]
#: File > Save results… saves as run.png: these are the files it writes.
NAMES = tuple(file_names(1, "run"))
WAIT_MS = 60_000


class Ending:
    """Stands in for the window's close and the application's exit."""

    def __init__(self, window) -> None:
        self.window, self.closed, self.codes = window, 0, []

    def close(self) -> None:
        self.closed += 1
        self.saving_when_closed = self.window.state.saving

    def exit(self, code: int) -> None:
        self.codes.append(code)


@pytest.fixture
def ending(window):
    end = Ending(window)
    from advgui.gui.hard_stop import HardStop

    hard_stop = HardStop(window.state, close=end.close, exit=end.exit, parent=window)
    hard_stop.stopping.connect(window.statusBar().showMessage)
    yield end
    hard_stop.restore()


def _slow(monkeypatch, where: str, started: list) -> None:
    """Make the save linger at ``where`` (noting in ``started`` that it got there)."""
    if where in ("renaming", "renaming the last file"):
        real = os.replace
        placed: list[str] = []

        def slow_replace(src, dst):
            if Path(dst).name in NAMES:
                placed.append(Path(dst).name)
            if where == "renaming" or len(placed) == len(NAMES):
                started.append(where)
                time.sleep(0.3)
            return real(src, dst)

        monkeypatch.setattr(atomic.os, "replace", slow_replace)
    elif where == "writing":
        real_write = atomic._fsync_write

        def slow_write(path, data):
            started.append(where)
            time.sleep(0.3)
            return real_write(path, data)

        monkeypatch.setattr(atomic, "_fsync_write", slow_write)


@pytest.mark.parametrize("where", ["waiting for the lock", "writing", "renaming"])
@pytest.mark.parametrize("previous", [False, True], ids=["empty folder", "previous results"])
def test_a_stop_during_a_save_keeps_the_folder_whole_then_closes(
    window, ending, qtbot, run_and_wait, quick, monkeypatch, tmp_path, where, previous
):
    assert run_and_wait(window, quick(1, early_stop=False), timeout=WAIT_MS) == "done"
    folder = tmp_path / "out"
    folder.mkdir()
    if previous:
        for name in NAMES:
            (folder / name).write_bytes(f"previous {name}\n".encode())
    before = snapshot(folder)
    monkeypatch.setattr(dialogs, "choose_results_file", lambda *a: str(folder / "run.png"))
    monkeypatch.setattr(dialogs, "ask_overwrite", lambda *a: True)
    started: list[str] = []
    _slow(monkeypatch, where, started)

    with folder_lock(folder) if where == "waiting for the lock" else nullcontext():
        window.actions.save.trigger()
        assert window.state.saving
        if where != "waiting for the lock":
            qtbot.waitUntil(lambda: bool(started), timeout=WAIT_MS)
        else:
            time.sleep(0.2)  # the save is polling for the lock now
        os.kill(os.getpid(), signal.SIGTERM)
        qtbot.waitUntil(lambda: bool(ending.codes), timeout=WAIT_MS)

    assert ending.codes == [128 + signal.SIGTERM] and ending.closed == 1
    assert ending.saving_when_closed is False  # closed only once the save had ended
    after = snapshot(folder)
    assert not [n for n in after if n.endswith(".tmp") or n == ".advgui.lock"], after
    # The stop came before the last file was in place (there are several): the folder is
    # exactly as it was, the half-made set taken back, and the status bar says so.
    assert len(NAMES) > 1 and after == before, (sorted(before), sorted(after))
    assert "the folder is as it was" in window.statusBar().currentMessage()
    assert error_box(window) is None  # no dialog on the way out


@pytest.mark.parametrize("previous", [False, True], ids=["empty folder", "previous results"])
def test_a_stop_during_the_last_rename_lets_the_complete_set_land(
    window, ending, qtbot, run_and_wait, quick, monkeypatch, tmp_path, previous
):
    assert run_and_wait(window, quick(1, early_stop=False), timeout=WAIT_MS) == "done"
    folder = tmp_path / "out"
    folder.mkdir()
    if previous:
        for name in NAMES:
            (folder / name).write_bytes(b"previous\n")
    monkeypatch.setattr(dialogs, "choose_results_file", lambda *a: str(folder / "run.png"))
    monkeypatch.setattr(dialogs, "ask_overwrite", lambda *a: True)
    started: list[str] = []
    _slow(monkeypatch, "renaming the last file", started)
    window.actions.save.trigger()
    qtbot.waitUntil(lambda: bool(started), timeout=WAIT_MS)
    os.kill(os.getpid(), signal.SIGTERM)
    qtbot.waitUntil(lambda: bool(ending.codes), timeout=WAIT_MS)
    assert ending.codes == [128 + signal.SIGTERM] and ending.saving_when_closed is False
    after = snapshot(folder)
    assert sorted(after) == sorted(NAMES) and b"previous\n" not in after.values()
    assert window.statusBar().currentMessage().startswith(f"Saved in {folder}")
    assert error_box(window) is None  # no dialog on the way out


@pytest.mark.parametrize("name", ["SIGINT", "SIGTERM", "SIGHUP"])
def test_a_stop_with_no_save_closes_at_once(window, ending, qtbot, name):
    signum = getattr(signal, name)
    os.kill(os.getpid(), signum)
    qtbot.waitUntil(lambda: bool(ending.codes), timeout=5_000)
    assert ending.codes == [128 + signum] and ending.closed == 1


def test_install_hard_stop_closes_the_real_window(window, qtbot):
    codes: list[int] = []
    app = type("App", (), {"exit": staticmethod(codes.append)})()
    hard_stop = install_hard_stop(window, app)
    try:
        os.kill(os.getpid(), signal.SIGHUP)
        qtbot.waitUntil(lambda: bool(codes), timeout=5_000)
    finally:
        hard_stop.restore()
    assert codes == [128 + signal.SIGHUP] and not window.isVisible()
    assert signal.getsignal(signal.SIGHUP) is not hard_stop._on_signal  # restored


def test_sigterm_ends_the_launched_window_with_143(tmp_path):
    env = dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        PYTHONPATH=str(ROOT),
        ADVGUI_STARTUP_PROBE="1",  # prints "advgui-startup shown" at the first paint
        HOME=str(tmp_path),
        XDG_CONFIG_HOME=str(tmp_path / "config"),
        XDG_CACHE_HOME=str(tmp_path / "cache"),
        TORCH_HOME=str(tmp_path / "torch"),
    )
    proc = subprocess.Popen(
        [sys.executable, "-m", "advgui.gui"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        line = proc.stdout.readline()
        assert line.startswith("advgui-startup shown"), line + proc.stderr.read()
        proc.send_signal(signal.SIGTERM)  # long before the model has loaded
        rc = proc.wait(timeout=60)
    finally:
        proc.kill()
    stderr = proc.stderr.read()
    assert rc == 128 + signal.SIGTERM, stderr
    assert "Traceback" not in stderr, stderr
