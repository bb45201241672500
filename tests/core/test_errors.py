"""``classify``: every exception either front end can meet sorts into one ErrorKind, with
the CLI's exit code, and ``advgui.core.errors`` never needs torch to do it."""

from __future__ import annotations

import errno
import inspect
import socket
import subprocess
import sys
import urllib.error
from pathlib import Path

import pytest

from advgui.core import errors
from advgui.core.errors import (
    AdvguiError,
    ErrorKind,
    ImageLoadError,
    SaveError,
    SettingsError,
    UnknownClassError,
    UnknownModelError,
    WeightsFileError,
    WeightsUnavailableError,
    classify,
    network_reason,
)

ROOT = Path(__file__).resolve().parents[2]


class OutOfMemoryError(RuntimeError):
    """Named like torch's, but not torch's: not a GPU memory error by name alone."""


CASES = {
    "image": (ImageLoadError("cat.png: the file is empty"), ErrorKind.BAD_INPUT),
    "settings": (SettingsError("eps must be positive"), ErrorKind.BAD_INPUT),
    "class": (UnknownClassError("no class 'dog'"), ErrorKind.BAD_INPUT),
    "model": (UnknownModelError("unknown model 'x'"), ErrorKind.BAD_INPUT),
    "save": (SaveError("out: no such folder"), ErrorKind.BAD_INPUT),
    "plain-advgui": (AdvguiError("something the user did"), ErrorKind.BAD_INPUT),
    "weights-missing": (WeightsUnavailableError("offline"), ErrorKind.WEIGHTS),
    "weights-file": (WeightsFileError("not weights"), ErrorKind.WEIGHTS),
    "cuda-text": (
        RuntimeError("CUDA out of memory. Tried to allocate 2.00 GiB"),
        ErrorKind.OUT_OF_GPU_MEMORY,
    ),
    "mps-text": (
        RuntimeError("MPS backend out of memory (MPS allocated: 9 GB)"),
        ErrorKind.OUT_OF_GPU_MEMORY,
    ),
    "cpu-allocator": (
        RuntimeError(
            "[enforce fail at alloc_cpu.cpp:127] DefaultCPUAllocator: can't allocate memory"
        ),
        ErrorKind.OUT_OF_MEMORY,
    ),
    "memory": (MemoryError(), ErrorKind.OUT_OF_MEMORY),
    "ctrl-c": (KeyboardInterrupt(), ErrorKind.INTERRUPTED),
    "runtime": (RuntimeError("cuDNN error: CUDNN_STATUS_INTERNAL_ERROR"), ErrorKind.UNEXPECTED),
    "lookalike-class": (OutOfMemoryError("a bug of ours"), ErrorKind.UNEXPECTED),
    "value": (ValueError("out of memory"), ErrorKind.UNEXPECTED),  # only RuntimeError's text
    "key": (KeyError("x"), ErrorKind.UNEXPECTED),
}


@pytest.mark.parametrize("name", list(CASES))
def test_classify(name):
    exc, kind = CASES[name]
    assert classify(exc) is kind


def test_exit_codes():
    codes = {kind: kind.exit_code for kind in ErrorKind}
    assert codes == {
        ErrorKind.BAD_INPUT: 2,
        ErrorKind.WEIGHTS: 3,
        ErrorKind.OUT_OF_GPU_MEMORY: 1,
        ErrorKind.OUT_OF_MEMORY: 1,
        ErrorKind.INTERRUPTED: 130,
        ErrorKind.UNEXPECTED: 1,
    }


def test_every_user_error_keeps_its_own_exit_code():
    classes = [
        c
        for _, c in inspect.getmembers(errors, inspect.isclass)
        if issubclass(c, AdvguiError) and c.__module__ == errors.__name__
    ]
    assert len(classes) >= 8
    for cls in classes:
        assert classify(cls("x")).exit_code == cls.exit_code, cls


def test_a_subclass_of_a_weights_error_is_a_weights_error():
    class Refused(WeightsFileError):
        pass

    assert classify(Refused("pickled code")) is ErrorKind.WEIGHTS


def test_torchs_own_out_of_memory_error():
    torch = pytest.importorskip("torch")
    exc = torch.cuda.OutOfMemoryError("CUDA out of memory. Tried to allocate 2.00 GiB")
    assert classify(exc) is ErrorKind.OUT_OF_GPU_MEMORY
    # Told by its class, whatever its text says.
    assert classify(torch.cuda.OutOfMemoryError("")) is ErrorKind.OUT_OF_GPU_MEMORY

    class Wrapped(torch.cuda.OutOfMemoryError):
        pass

    assert classify(Wrapped("allocator")) is ErrorKind.OUT_OF_GPU_MEMORY


def test_the_errors_module_never_imports_torch():
    code = (
        "import sys\n"
        "from advgui.core.errors import classify\n"
        "classify(RuntimeError('CUDA out of memory'))\n"
        "classify(MemoryError())\n"
        "print('torch' in sys.modules)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "False"


def _raised(exc: Exception) -> Exception:
    try:
        try:
            raise ValueError("what it was doing")
        except ValueError:
            raise exc  # noqa: B904 (chained on purpose: the context to drop)
    except Exception as caught:
        return caught


def test_an_out_of_memory_error_keeps_no_frames_and_others_keep_theirs():
    oom = errors.without_tensors(_raised(MemoryError("no room")))
    assert oom.__traceback__ is None and oom.__context__ is None and oom.__cause__ is None
    other = errors.without_tensors(_raised(RuntimeError("a bug")))
    assert other.__traceback__ is not None and isinstance(other.__context__, ValueError)


@pytest.mark.parametrize(
    ("raised", "said"),
    [
        (
            urllib.error.URLError(socket.gaierror(-2, "Name or service not known")),
            "no network connection (the server's name could not be looked up)",
        ),
        (urllib.error.URLError(TimeoutError("timed out")), "the server did not answer in time"),
        (TimeoutError("timed out"), "the server did not answer in time"),
        (ConnectionResetError(104, "Connection reset by peer"), "the connection was cut off"),
        (
            urllib.error.URLError(OSError(errno.ENETUNREACH, "Network is unreachable")),
            "no network connection (the network cannot be reached)",
        ),
        (
            urllib.error.HTTPError("https://x", 404, "Not Found", {}, None),
            "the server answered 404 Not Found",
        ),
        (urllib.error.URLError(OSError(5, "Input/output error")), "input/output error"),
    ],
)
def test_a_failed_download_is_said_in_plain_words(raised, said):
    text = network_reason(raised)
    assert text == said
    assert "Errno" not in text and "[" not in text
