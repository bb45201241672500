"""Save a run: adversarial PNG, amplified-delta PNG and a JSON sidecar, atomically.

Every file is first written to a temporary name in the target folder; only when all of
them are complete are they renamed into place. On any failure the temporaries are
removed, so the folder is left exactly as it was. Existing files are never replaced
unless ``force`` is true.
"""

from __future__ import annotations

import errno
import json
import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import torch
from torch import nn

from advgui.core.attacks.engine import model_device
from advgui.core.attacks.quantize import goal_met, refine_on_grid
from advgui.core.attacks.record import AttackResult
from advgui.core.errors import ImageLoadError, SaveError
from advgui.core.imaging import DEFAULT_AMPLIFY, amplify_delta, load_image, preprocess, to_pil
from advgui.core.predict import Guess, probabilities, top_k
from advgui.core.report import build_report

NAMES = ("adversarial.png", "delta.png", "result.json")


def output_names(count: int) -> list[dict[str, str]]:
    """File names per image: the plain names for one image, numbered for a batch."""
    if count == 1:
        return [{"adversarial": NAMES[0], "delta": NAMES[1]}]
    return [
        {"adversarial": f"adversarial-{i}.png", "delta": f"delta-{i}.png"} for i in range(count)
    ]


def existing_outputs(folder: str | Path, count: int = 1) -> list[Path]:
    """The files a save into ``folder`` would replace."""
    folder = Path(folder)
    names = [n for d in output_names(count) for n in d.values()] + [NAMES[2]]
    return [folder / n for n in names if (folder / n).exists()]


@dataclass
class SaveReport:
    paths: list[Path]
    saved_success: tuple[bool, ...]
    saved_top5: list[list[Guess]]
    message: str
    report: dict[str, Any] = field(repr=False)


def _tmp(folder: Path, name: str) -> Path:
    """Create an empty, uniquely named ``.NAME.XXXXXXXX.tmp`` in ``folder``.

    Not ``tempfile.mkstemp``: that makes the file 0600, and the rename would keep it
    so; ``open(..., "x")`` gives the permissions the user's umask asks for.
    """
    for _ in range(100):
        path = folder / f".{name}.{secrets.token_hex(4)}.tmp"
        try:
            with open(path, "xb"):
                return path
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "cannot find a free temporary name", str(folder))


def _fsync_write(path: Path, data: bytes) -> None:
    with open(path, "wb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())


def _png_bytes(t: torch.Tensor) -> bytes:
    import io

    buf = io.BytesIO()
    to_pil(t).save(buf, format="PNG")
    return buf.getvalue()


def _commit(folder: Path, pairs: list[tuple[Path, Path]], temps: list[Path]) -> None:
    """Rename each temporary onto its final name: all of them, or none.

    A file being replaced is first moved aside; if any rename fails, the files already
    renamed are taken away again and the previous ones put back, so the folder never
    holds a mix of old and new results. Names moved aside are added to ``temps``.
    """
    done: list[tuple[Path, Path | None]] = []
    try:
        for tmp, final in pairs:
            backup = None
            if final.exists():
                backup = _tmp(folder, final.name)
                temps.append(backup)
                os.replace(final, backup)
            done.append((final, backup))
            os.replace(tmp, final)
    except OSError:
        for final, backup in reversed(done):
            try:
                if backup is None:
                    final.unlink(missing_ok=True)
                else:
                    os.replace(backup, final)
            except OSError:
                pass  # the folder itself is gone or broken; the caller reports the fault
        raise


def save_results(
    model: nn.Module,
    result: AttackResult,
    folder: str | Path,
    *,
    force: bool = False,
    quantize: bool = False,
    amplify: float = DEFAULT_AMPLIFY,
    source: str | None = None,
) -> SaveReport:
    """Write the run's files into ``folder`` and report whether the saved PNG still fools.

    Raises SaveError (one line) when the folder is missing or unwritable, when files
    exist and ``force`` is false, or when a write fails; nothing is left behind then.
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise SaveError(f"{folder}: no such folder")
    n = result.x.shape[0]
    names = output_names(n)
    if not force and (clash := existing_outputs(folder, n)):
        shown = ", ".join(p.name for p in clash)
        raise SaveError(f"{folder}: {shown} already exist; choose another folder or overwrite")

    device = model_device(model)
    x = result.x.to(device)
    if quantize:
        x_saved, extra = refine_on_grid(
            model, x, result.delta.to(device), result.labels.to(device), result.settings
        )
        x_saved = x_saved.cpu()
    else:
        x_saved, extra = (result.adversarial.mul(255).round().div(255)), 0
    saved_delta = x_saved - result.x

    temps: list[Path] = []
    try:
        pngs: list[tuple[Path, Path]] = []
        for i in range(n):
            for kind, img in (
                ("adversarial", x_saved[i]),
                ("delta", amplify_delta(saved_delta[i], amplify)),
            ):
                tmp = _tmp(folder, names[i][kind])
                temps.append(tmp)
                _fsync_write(tmp, _png_bytes(img))
                pngs.append((tmp, folder / names[i][kind]))

        # Re-read the adversarial PNGs exactly as a user's later run would.
        size = min(result.x.shape[2], result.x.shape[3])
        reread = torch.cat([preprocess(load_image(pngs[2 * i][0]), size) for i in range(n)], dim=0)
        probs_saved = probabilities(model, reread)
        saved_success = tuple(
            bool(v) for v in goal_met(probs_saved, result.labels, result.settings.target).tolist()
        )
        top5_saved = top_k(probs_saved, 5)
        report = build_report(
            model_name=getattr(model, "name", type(model).__name__),
            weights=getattr(getattr(model, "info", None), "weights_name", "unknown"),
            weights_source=getattr(model, "weights_source", "unknown"),
            device=str(device),
            source=source,
            result=result,
            top5_before=top_k(probabilities(model, result.x), 5),
            top5_after=top_k(probabilities(model, result.adversarial), 5),
            top5_saved=top5_saved,
            saved_success=saved_success,
            saved_delta=saved_delta,
            files=names,
            quantized=quantize,
            quantize_steps=extra,
        )
        tmp_json = _tmp(folder, NAMES[2])
        temps.append(tmp_json)
        _fsync_write(tmp_json, (json.dumps(report, indent=2) + "\n").encode())
        finals = [*pngs, (tmp_json, folder / NAMES[2])]
        _commit(folder, finals, temps)
    except OSError as exc:
        raise SaveError(f"cannot save in {folder}: {exc.strerror or exc}") from None
    except ImageLoadError as exc:  # the PNG just written could not be read back
        raise SaveError(f"cannot save in {folder}: {exc}") from None
    finally:
        for tmp in temps:
            tmp.unlink(missing_ok=True)
    return SaveReport(
        paths=[final for _, final in finals],
        saved_success=saved_success,
        saved_top5=top5_saved,
        message=saved_message(saved_success, top5_saved, result, quantize),
        report=report,
    )


def saved_message(
    saved_success: tuple[bool, ...],
    top5_saved: list[list[Guess]],
    result: AttackResult,
    quantized: bool,
) -> str:
    """One honest line about the saved 8-bit file."""
    n = len(saved_success)
    top = top5_saved[0][0]
    if all(saved_success):
        if n == 1:
            return f"the saved 8-bit PNG still fools the model: {top.name} ({top.prob:.1%})"
        return f"all {n} saved 8-bit PNGs still fool the model"
    if not any(result.success):
        return "the attack did not succeed, so the saved PNG does not fool the model either"
    undone = sum(1 for a, b in zip(result.success, saved_success) if a and not b)
    advice = "" if quantized else "; save with quantize to make the file itself adversarial"
    if n == 1:
        return (
            f"rounding to 8 bits undid the attack: the saved PNG reads as {top.name} "
            f"({top.prob:.1%}){advice}"
        )
    return f"rounding to 8 bits undid the attack on {undone} of {n} saved PNGs{advice}"
