"""Errors a user can cause, and ``classify``, which sorts any exception into an ErrorKind.

Each AdvguiError carries a one-line message meant to be shown as is. This module is
imported by the window at start-up, before torch loads: it must never import torch.
"""

from __future__ import annotations

import errno
import os
from enum import Enum


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # noqa: N802 (lupdate's mark)
    """Marks ``text`` for Qt's lupdate, which reads sources by name: the window translates
    it (``advgui.gui.error_text``) while the core stays free of Qt."""
    return text


class AdvguiError(Exception):
    """Base class: the message is one line, fit for a status bar or stderr.

    Made with ``of(template, detail=..., **fields)``, an error also carries what the
    window needs to say it in the user's language: ``template`` (an English sentence
    marked with ``QT_TRANSLATE_NOOP("Errors", ...)``, with ``{name}`` placeholders) and
    its ``fields``; ``detail`` is the underlying library's own words (Pillow's, the
    OS's), which the command line prints in parentheses and the window keeps out of its
    one-line message (it shows them under "Show details").
    """

    exit_code = 2

    def __init__(
        self,
        message: str = "",
        *,
        template: str | None = None,
        fields: dict | None = None,
        detail: str | None = None,
    ) -> None:
        super().__init__(message)
        self.template = template
        self.fields = dict(fields or {})
        self.detail = detail or None

    @classmethod
    def of(cls, template: str, /, *, detail: str | None = None, **fields: object):
        """``template.format(**fields)``, with `` (detail)`` after it when there is one."""
        message = template.format(**fields)
        if detail:
            message += f" ({detail})"
        return cls(message, template=template, fields=fields, detail=detail)


class ImageLoadError(AdvguiError):
    """An image file could not be read."""


class SettingsError(AdvguiError):
    """Attack settings that are out of range or contradict each other."""


class UnknownClassError(SettingsError):
    """A class index or name that is not one of the model's classes."""


class UnknownModelError(AdvguiError):
    """A model name advgui does not know (bad usage, not missing weights)."""


class WeightsUnavailableError(AdvguiError):
    """Weights are not on disk and cannot be downloaded.

    ``str()`` is the command line's sentence, remedy included (``--weights FILE``);
    ``problem`` says only what happened, for a front end that offers its own remedies
    (the window's dialog has a "Load weights file…" button).
    """

    exit_code = 3

    def __init__(
        self,
        message: str,
        *,
        problem: str | None = None,
        template: str | None = None,
        fields: dict | None = None,
        detail: str | None = None,
    ) -> None:
        super().__init__(message, template=template, fields=fields, detail=detail)
        self.problem = problem or message

    @classmethod
    def of(
        cls,
        template: str,
        /,
        *,
        detail: str | None = None,
        message: str | None = None,
        **fields: object,
    ):
        """``template`` is the problem's sentence (what the window shows, translated);
        ``message``, when given, is the whole sentence ``str()`` gives, remedy included
        (else the problem, with `` (detail)`` after it when there is one)."""
        problem = template.format(**fields)
        if detail:
            problem += f" ({detail})"
        return cls(
            message or problem, problem=problem, template=template, fields=fields, detail=detail
        )


class WeightsFileError(AdvguiError):
    """A weights file that is not plain weights for the chosen model."""

    exit_code = 3


class SaveError(AdvguiError):
    """Results could not be written; nothing was left behind."""


class ModelOutputError(AdvguiError):
    """The model's outputs are NaN or infinite (damaged weights, an overflowing input)."""

    exit_code = 3


def shown(path: str | os.PathLike[str], limit: int = 120) -> str:
    """A path as messages show it: one over ``limit`` characters is cut in the middle."""
    text = os.fspath(path)
    if len(text) <= limit:
        return text
    keep = (limit - 1) // 2
    return f"{text[:keep]}…{text[-keep:]}"


def os_reason(exc: OSError) -> str:
    """Why the operating system refused, in a few plain words."""
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "permission denied"
    if exc.errno == errno.ENAMETOOLONG:
        return "the name is too long for the file system"
    return (exc.strerror or str(exc)).lower()


def network_reason(exc: BaseException) -> str:
    """Why a download failed, in plain words (not "[Errno -2] Name or service not known")."""
    import socket
    import ssl
    import urllib.error

    if isinstance(exc, urllib.error.HTTPError):
        return f"the server answered {exc.code} {exc.reason}".rstrip()
    reason = getattr(exc, "reason", exc)
    if isinstance(reason, socket.gaierror):
        return "no network connection (the server's name could not be looked up)"
    if isinstance(reason, (TimeoutError, socket.timeout)):
        return "the server did not answer in time"
    if isinstance(reason, ConnectionRefusedError):
        return "the server refused the connection"
    if isinstance(reason, (ConnectionResetError, ConnectionAbortedError)):
        return "the connection was cut off"
    if isinstance(reason, ssl.SSLError):
        return "a secure connection to the server could not be made"
    if isinstance(reason, OSError) and reason.errno in (errno.ENETUNREACH, errno.EHOSTUNREACH):
        return "no network connection (the network cannot be reached)"
    text = str(reason)
    if isinstance(reason, OSError) and reason.strerror:
        text = reason.strerror  # without the "[Errno -2]" in front
    return text.lower() or type(reason).__name__


class ErrorKind(Enum):
    """What went wrong, as both front ends tell it apart; ``exit_code`` is the CLI's."""

    BAD_INPUT = "bad input"  # an AdvguiError a user caused: image, setting, model, folder
    WEIGHTS = "weights"  # weights that cannot be had, or a file that is not usable weights
    OUT_OF_GPU_MEMORY = "out of GPU memory"  # the accelerator's memory is exhausted
    OUT_OF_MEMORY = "out of memory"  # the machine's memory is exhausted
    INTERRUPTED = "interrupted"  # Ctrl+C
    UNEXPECTED = "unexpected"  # anything else: a bug

    @property
    def exit_code(self) -> int:
        """The process exit status: 2 bad input, 3 weights, 130 interrupted, otherwise 1."""
        return _EXIT_CODES[self]


_EXIT_CODES = {
    ErrorKind.BAD_INPUT: 2,
    ErrorKind.WEIGHTS: 3,
    ErrorKind.OUT_OF_GPU_MEMORY: 1,
    ErrorKind.OUT_OF_MEMORY: 1,
    ErrorKind.INTERRUPTED: 130,
    ErrorKind.UNEXPECTED: 1,
}

#: Texts of torch's RuntimeErrors that mean the accelerator's memory is exhausted
#: (``torch.cuda.OutOfMemoryError`` has its own class; MPS and older torch do not).
_GPU_OOM_TEXT = "out of memory"
#: The text of torch's RuntimeError when the CPU allocator cannot get host memory.
_HOST_OOM_TEXT = "defaultcpuallocator: can't allocate memory"


def _is_torch_oom(exc: BaseException) -> bool:
    """Whether ``exc`` is a ``torch.OutOfMemoryError`` (alias ``torch.cuda.OutOfMemoryError``),
    told by its class's ancestry so that torch need not be imported."""
    return any(
        c.__name__ == "OutOfMemoryError" and c.__module__.partition(".")[0] == "torch"
        for c in type(exc).__mro__
    )


def classify(exc: BaseException) -> ErrorKind:
    """The kind of ``exc``, for choosing the message and the exit code to show.

    - ``BAD_INPUT``: any AdvguiError other than the two below (exit code 2);
    - ``WEIGHTS``: WeightsUnavailableError, WeightsFileError and ModelOutputError (3);
    - ``OUT_OF_GPU_MEMORY``: torch's OutOfMemoryError, or a RuntimeError whose text says
      "out of memory" (MPS, older torch) (1);
    - ``OUT_OF_MEMORY``: MemoryError, or torch's CPU allocator failing (1);
    - ``INTERRUPTED``: KeyboardInterrupt (130);
    - ``UNEXPECTED``: anything else (1).

    Never imports torch.
    """
    if isinstance(exc, WeightsUnavailableError | WeightsFileError | ModelOutputError):
        return ErrorKind.WEIGHTS
    if isinstance(exc, AdvguiError):
        return ErrorKind.BAD_INPUT
    if isinstance(exc, KeyboardInterrupt):
        return ErrorKind.INTERRUPTED
    if isinstance(exc, MemoryError):
        return ErrorKind.OUT_OF_MEMORY
    if _is_torch_oom(exc):
        return ErrorKind.OUT_OF_GPU_MEMORY
    if isinstance(exc, RuntimeError):
        text = str(exc).lower()
        if _HOST_OOM_TEXT in text:
            return ErrorKind.OUT_OF_MEMORY
        if _GPU_OOM_TEXT in text:
            return ErrorKind.OUT_OF_GPU_MEMORY
    return ErrorKind.UNEXPECTED


def without_tensors(exc: Exception) -> Exception:
    """``exc``, and for an out-of-memory error the same error without its traceback and
    chained exceptions: they hold the frames of the run that failed, and with them its
    tensors, which must be freed before anything else can run."""
    if classify(exc) in (ErrorKind.OUT_OF_GPU_MEMORY, ErrorKind.OUT_OF_MEMORY):
        exc = exc.with_traceback(None)
        exc.__context__ = exc.__cause__ = None
    return exc
