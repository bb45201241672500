"""Weights files: download into the cache atomically, read safely, check against a model.

Files are read with ``torch.load(weights_only=True)``, never ``False``: a pickle that would
build arbitrary objects (and so could run code) is refused, not executed.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import re
import stat
import tempfile
import urllib.error
import urllib.request
import warnings
import zipfile
from collections.abc import Callable, Mapping
from pathlib import Path

import torch
from torch import nn

from advgui.core import stops
from advgui.core.errors import (
    QT_TRANSLATE_NOOP,
    WeightsFileError,
    WeightsUnavailableError,
    network_reason,
    os_reason,
    shown,
)

_CHUNK = 1 << 16
# torchvision's file names end in the first hex digits of the file's SHA-256.
_HASH_IN_NAME = re.compile(r"-([a-f0-9]{6,})\.")


#: What the command line can do about weights it cannot get (the window has buttons).
_REMEDY = "or load a local file with --weights FILE (or use the offline model efficientnet_lite0)"


def missing_error(filename: str, folder: Path) -> WeightsUnavailableError:
    return WeightsUnavailableError.of(
        QT_TRANSLATE_NOOP(
            "Errors", "{name} is not in {folder}, and there is no address to download it from"
        ),
        message=f"weights file {filename} is not on disk and cannot be downloaded; "
        f"put it in {folder} " + _REMEDY,
        name=filename,
        folder=str(folder),
    )


def download(
    url: str | None,
    dest: Path,
    *,
    progress: Callable[[int, int], object] | None = None,
    timeout: float = 30.0,
) -> Path:
    """Download ``url`` to ``dest`` through a temporary file in the same folder.

    ``progress(done_bytes, total_bytes)`` is called per chunk (total 0 when unknown).
    The file appears under its final name only when complete and its hash checks.
    """
    if not url:
        raise missing_error(dest.name, dest.parent)
    tmp: Path | None = None
    try:
        with stops.deferred():  # a stop cannot come between making the file and noting it
            try:
                dest.parent.mkdir(parents=True, exist_ok=True)
                fd, tmp_name = tempfile.mkstemp(
                    prefix=f".{dest.name}.", suffix=".part", dir=dest.parent
                )
            except OSError as exc:
                raise WeightsUnavailableError.of(
                    QT_TRANSLATE_NOOP("Errors", "cannot write to the weights cache {folder}"),
                    folder=str(dest.parent),
                    detail=str(exc.strerror or exc),
                ) from None
            tmp = Path(tmp_name)
        sha = hashlib.sha256()
        with os.fdopen(fd, "wb") as out, urllib.request.urlopen(url, timeout=timeout) as resp:
            total = int(resp.headers.get("Content-Length") or 0)
            done = 0
            while chunk := resp.read(_CHUNK):
                out.write(chunk)
                sha.update(chunk)
                done += len(chunk)
                if progress is not None:
                    progress(done, total)
        if total and done != total:
            raise WeightsUnavailableError.of(
                QT_TRANSLATE_NOOP(
                    "Errors", "download of {name} stopped after {done} of {total} bytes; try again"
                ),
                name=dest.name,
                done=done,
                total=total,
            )
        m = _HASH_IN_NAME.search(dest.name)
        if m and not sha.hexdigest().startswith(m.group(1)):
            raise WeightsUnavailableError.of(
                QT_TRANSLATE_NOOP(
                    "Errors", "downloaded {name} does not match its checksum; try again"
                ),
                name=dest.name,
            )
        os.replace(tmp, dest)
    except (urllib.error.URLError, TimeoutError, ConnectionError) as exc:
        reason = network_reason(exc)
        # The reason is advgui's own plain words (not the library's), so the window says it.
        raise WeightsUnavailableError.of(
            QT_TRANSLATE_NOOP("Errors", "{name} could not be downloaded: {reason}"),
            message=f"cannot download {dest.name} ({reason}); put the file in {dest.parent} "
            + _REMEDY,
            name=dest.name,
            reason=reason,
        ) from None
    except OSError as exc:
        raise WeightsUnavailableError.of(
            QT_TRANSLATE_NOOP("Errors", "cannot save {name} in {folder}"),
            name=dest.name,
            folder=str(dest.parent),
            detail=str(exc.strerror or exc),
        ) from None
    finally:
        if tmp is not None:
            tmp.unlink(missing_ok=True)
    return dest


def read_state_dict(path: Path, *, in_cache: bool = False) -> dict[str, torch.Tensor]:
    """Read a ``.pth``/``.pt`` (weights only) or ``.safetensors`` file into a state dict."""
    path = Path(path)
    if in_cache:
        unreadable = QT_TRANSLATE_NOOP(
            "Errors", "{path}: not a readable weights file; delete it and download again"
        )
    else:
        unreadable = QT_TRANSLATE_NOOP(
            "Errors", "{path}: not a readable weights file; choose a weights file for this model"
        )
    _check_file(path)
    try:
        if path.suffix.lower() == ".safetensors":
            from safetensors.torch import load_file

            obj: object = load_file(str(path), device="cpu")
        else:
            with warnings.catch_warnings():
                # torch warns about pickle protocols it did not write; the error says enough.
                warnings.simplefilter("ignore", UserWarning)
                obj = torch.load(path, map_location="cpu", weights_only=True)
    except pickle.UnpicklingError as exc:
        if not _is_pickle(path, exc):
            raise WeightsFileError.of(
                unreadable, path=str(path), detail="not a PyTorch or safetensors file"
            ) from None
        raise WeightsFileError.of(
            QT_TRANSLATE_NOOP(
                "Errors",
                "{path}: refused: it holds pickled objects or code, not plain weights "
                "(advgui loads only tensors, with weights_only=True)",
            ),
            path=str(path),
        ) from None
    except (RuntimeError, EOFError, ValueError, zipfile.BadZipFile, OSError) as exc:
        reason = str(exc).strip().splitlines()[0][:120] if str(exc).strip() else type(exc).__name__
        raise WeightsFileError.of(unreadable, path=str(path), detail=reason) from None
    except Exception as exc:  # safetensors raises its own error types
        raise WeightsFileError.of(unreadable, path=str(path), detail=type(exc).__name__) from None
    return _unwrap(obj, path)


def _check_file(path: Path) -> None:
    """Refuse, in one line naming the file, a path that is no readable regular file."""
    if not str(path).strip() or str(path) == ".":
        raise WeightsFileError.of(
            QT_TRANSLATE_NOOP("Errors", "no weights file given (the name is empty)")
        )
    try:
        st = path.stat()
    except (FileNotFoundError, NotADirectoryError):
        raise WeightsFileError.of(
            QT_TRANSLATE_NOOP("Errors", "{path}: no such weights file"), path=shown(path)
        ) from None
    except OSError as exc:
        raise WeightsFileError.of(
            QT_TRANSLATE_NOOP("Errors", "{path}: cannot open it"),
            path=shown(path),
            detail=os_reason(exc),
        ) from None
    if not stat.S_ISREG(st.st_mode):
        if stat.S_ISDIR(st.st_mode):
            template = QT_TRANSLATE_NOOP("Errors", "{path}: no such weights file (it is a folder)")
        else:
            template = QT_TRANSLATE_NOOP(
                "Errors", "{path}: no such weights file (not a regular file)"
            )
        raise WeightsFileError.of(template, path=shown(path))


def _is_pickle(path: Path, exc: Exception) -> bool:
    """Whether torch's safe unpickler refused a real pickle, rather than choked on junk.

    Junk (an HTML error page, random bytes) also fails as an UnpicklingError; calling it
    "code" would alarm the user for nothing. A pickle naming a class or function, a file
    that starts like a pickle (protocol 2+) or like torch's zip format is refused as such.
    """
    if "global" in str(exc).lower():
        return True
    try:
        with open(path, "rb") as f:
            head = f.read(4)
    except OSError:
        return False
    return head[:1] == b"\x80" or head == b"PK\x03\x04"


def _unwrap(obj: object, path: Path) -> dict[str, torch.Tensor]:
    """Accept a plain state dict, or one nested under 'state_dict' / 'model'."""
    for key in ("state_dict", "model", "model_state_dict"):
        if isinstance(obj, Mapping) and isinstance(obj.get(key), Mapping):
            obj = obj[key]
    if not isinstance(obj, Mapping) or not obj:
        raise WeightsFileError.of(
            QT_TRANSLATE_NOOP("Errors", "{path}: holds no state dict of weights"), path=str(path)
        )
    tensors = {}
    for k, v in obj.items():
        if not isinstance(k, str) or not isinstance(v, torch.Tensor):
            raise WeightsFileError.of(
                QT_TRANSLATE_NOOP(
                    "Errors", "{path}: entry {key} is not a tensor; not a weights file"
                ),
                path=str(path),
                key=repr(k),
            )
        tensors[k.removeprefix("module.")] = v
    return tensors


def apply_state_dict(
    net: nn.Module, state: Mapping[str, torch.Tensor], path: Path, *, model_name: str
) -> None:
    """Load ``state`` into ``net`` strictly, explaining any mismatch in one line.

    Besides names and shapes, each tensor must be a plain dense one of the kind ``net``
    holds there (floating point where ``net`` has floating point), with finite values:
    meta, sparse, quantized and complex tensors are refused, as are NaN and infinity.
    """
    own = net.state_dict()
    missing = [k for k in own if k not in state]
    unexpected = [k for k in state if k not in own]
    if missing or unexpected:
        example = (missing or unexpected)[0]
        raise WeightsFileError.of(
            QT_TRANSLATE_NOOP(
                "Errors",
                "{path}: weights are for a different architecture than {model} "
                "({missing} missing, {unexpected} unexpected entries, e.g. {example})",
            ),
            path=str(path),
            model=model_name,
            missing=len(missing),
            unexpected=len(unexpected),
            example=repr(example),
        )
    for k, v in own.items():
        _check_tensor(path, k, state[k], v, model_name)
        if state[k].shape != v.shape:
            classes = (
                state[k].dim()
                and k.endswith(("weight", "bias"))
                and state[k].shape[0] != v.shape[0]
            )
            if classes:
                template = QT_TRANSLATE_NOOP(
                    "Errors",
                    "{path}: {key} has shape {shape} but {model} needs {needed} "
                    "(a different number of classes?)",
                )
            else:
                template = QT_TRANSLATE_NOOP(
                    "Errors", "{path}: {key} has shape {shape} but {model} needs {needed}"
                )
            raise WeightsFileError.of(
                template,
                path=str(path),
                key=k,
                shape=str(list(state[k].shape)),
                model=model_name,
                needed=str(list(v.shape)),
            )
    for k, v in own.items():
        if v.is_floating_point() and not bool(torch.isfinite(state[k]).all()):
            raise WeightsFileError.of(
                QT_TRANSLATE_NOOP(
                    "Errors", "{path}: {key} holds NaN or infinite values; the file is damaged"
                ),
                path=str(path),
                key=k,
            )
    net.load_state_dict(state, strict=True)


def _check_tensor(
    path: Path, key: str, tensor: torch.Tensor, own: torch.Tensor, model_name: str
) -> None:
    """Refuse a tensor that is no plain dense array of the kind ``own`` is."""
    if tensor.is_meta:
        raise WeightsFileError.of(
            QT_TRANSLATE_NOOP(
                "Errors",
                "{path}: {key} is a meta tensor, which holds no values; not usable weights",
            ),
            path=str(path),
            key=key,
        )
    if tensor.layout != torch.strided:
        raise WeightsFileError.of(
            QT_TRANSLATE_NOOP(
                "Errors", "{path}: {key} is a sparse tensor ({what}); not usable weights"
            ),
            path=str(path),
            key=key,
            what=_name(tensor.layout),
        )
    if tensor.is_quantized:
        raise WeightsFileError.of(
            QT_TRANSLATE_NOOP(
                "Errors", "{path}: {key} is a quantized tensor ({what}); not usable weights"
            ),
            path=str(path),
            key=key,
            what=_name(tensor.dtype),
        )
    if tensor.is_complex():
        raise WeightsFileError.of(
            QT_TRANSLATE_NOOP("Errors", "{path}: {key} holds complex numbers; not usable weights"),
            path=str(path),
            key=key,
        )
    if _kind(tensor) != _kind(own):
        raise WeightsFileError.of(
            _NEEDS_KIND[_kind(own)],
            path=str(path),
            key=key,
            what=_name(tensor.dtype),
            model=model_name,
        )


#: A tensor of the wrong kind, by the kind the model needs (one sentence each).
_NEEDS_KIND = {
    "floating point": QT_TRANSLATE_NOOP(
        "Errors",
        "{path}: {key} has dtype {what}, but {model} needs floating point; not usable weights",
    ),
    "true/false values": QT_TRANSLATE_NOOP(
        "Errors",
        "{path}: {key} has dtype {what}, but {model} needs true/false values; not usable weights",
    ),
    "whole numbers": QT_TRANSLATE_NOOP(
        "Errors",
        "{path}: {key} has dtype {what}, but {model} needs whole numbers; not usable weights",
    ),
}


def _kind(t: torch.Tensor) -> str:
    if t.is_floating_point():
        return "floating point"
    return "true/false values" if t.dtype == torch.bool else "whole numbers"


def _name(value: object) -> str:
    return str(value).removeprefix("torch.")
