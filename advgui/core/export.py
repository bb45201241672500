"""Save a run: adversarial PNG, amplified-delta PNG, the exact delta and a JSON sidecar,
atomically.

The files share a stem the user chooses (``save_names``): ``cat.png``, ``cat-delta.png``,
``cat-delta.npy``, ``cat.json`` and, at full resolution, ``cat-full.png``; without one they
keep the fixed names adversarial.png, delta.png, delta.npy, result.json (``NAMES``), as the
CLI's ``--out DIR`` writes them.

``delta.npy`` holds the float32 perturbation the run's reported numbers describe (3 x H x
W for one image, N x 3 x H x W for a batch; load it with ``numpy.load``), so a result can
be checked or reused without the PNG's 8-bit rounding.

Two steps, usable apart:

    evaluation = evaluate_saved(model, result)   # encode and judge in memory; no file I/O
    paths = write_saved(evaluation, folder)      # all files or none (see ``atomic``)

``save_results`` does both. The evaluation decodes the very PNG bytes it encoded and
classifies them again, so its verdict is what anyone who opens the saved file gets.
Existing files are never replaced unless ``force`` is true. With ``full_resolution`` the
adversarial image is also saved at the photo's own size (``full_resolution`` module), and
judged re-read the same way.
"""

from __future__ import annotations

import io
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import torch
from PIL import Image, ImageOps
from torch import nn

from advgui.core.atomic import check_creatable, check_folder, make_folder, remove_empty, write_files
from advgui.core.attacks.goal import Goal
from advgui.core.attacks.quantize import refine_on_grid
from advgui.core.attacks.record import AttackResult
from advgui.core.devices import model_device
from advgui.core.errors import QT_TRANSLATE_NOOP, SaveError
from advgui.core.full_resolution import FullResolution, at_full_resolution
from advgui.core.imaging import (
    DEFAULT_AMPLIFY,
    amplify_delta,
    load_image,
    preprocess,
    to_pil,
    to_rgb,
)
from advgui.core.predict import Guess, non_finite_error, probabilities, top_k
from advgui.core.report import build_report
from advgui.core.save_names import (  # noqa: F401 (NAMES, DELTA_ARRAY, SIDECAR re-exported)
    DELTA_ARRAY,
    NAMES,
    SIDECAR,
    array_name,
    existing_outputs,
    file_names,
    output_names,
    sidecar_name,
    split_file_name,
)


@dataclass
class SaveReport:
    """What ``save_results`` wrote (``paths``) and ``evaluate_saved``'s verdict on it;
    ``full`` and ``full_message`` describe the full-resolution PNG when one was saved."""

    paths: list[Path]
    saved_success: tuple[bool, ...]
    saved_top5: list[list[Guess]]
    message: str
    report: dict[str, Any] = field(repr=False)
    full: FullResolution | None = None
    full_message: str = ""


def _npy_bytes(delta: torch.Tensor) -> bytes:
    """``delta`` (N x 3 x H x W; 3 x H x W when N is 1) as float32 .npy bytes."""
    array = delta.detach().float().cpu().contiguous().numpy()
    buf = io.BytesIO()
    np.save(buf, array[0] if array.shape[0] == 1 else array, allow_pickle=False)
    return buf.getvalue()


def _png_bytes(t: torch.Tensor) -> bytes:
    buf = io.BytesIO()
    to_pil(t).save(buf, format="PNG")
    return buf.getvalue()


def decode_png(data: bytes) -> Image.Image:
    """PNG bytes as upright 8-bit RGB, converted as ``imaging.load_image`` converts a file.

    The saved-PNG check reads the encoded bytes through this, so it sees exactly what a
    later run that loads the file from disk would see, without touching the disk.
    """
    with Image.open(io.BytesIO(data), formats=["PNG"]) as im:
        im.load()
        return to_rgb(ImageOps.exif_transpose(im) or im)


@dataclass
class SavedEvaluation:
    """A run as it would be saved, judged in memory: nothing has been written yet.

    ``files`` maps each file name (``output_names`` for the images, then the delta's .npy
    and the sidecar) to its exact bytes, in the order they are written. ``saved_success``
    and ``saved_top5`` describe the adversarial PNGs as decoded from those bytes, one entry
    per image; ``report`` is the JSON sidecar's content and ``message`` one line about the
    PNGs. ``full`` is the full-resolution PNG's verdict (None unless asked for), and
    ``full_message`` one line about it.
    """

    files: dict[str, bytes] = field(repr=False)
    saved_success: tuple[bool, ...]
    saved_top5: list[list[Guess]]
    report: dict[str, Any] = field(repr=False)
    message: str
    full: FullResolution | None = None
    full_message: str = ""


def evaluate_saved(
    model: nn.Module,
    result: AttackResult,
    *,
    quantize: bool = False,
    amplify: float = DEFAULT_AMPLIFY,
    source: str | None = None,
    stem: str | None = None,
    full_resolution: bool = False,
) -> SavedEvaluation:
    """Encode the run's files and report whether the 8-bit adversarial PNGs still fool.

    The adversarial image is rounded to the 8-bit grid (``quantize`` false) or refined on
    it until the goal is met (``refine_on_grid``); the delta PNG shows
    ``amplify * saved_delta + 0.5``. Each adversarial PNG is decoded from its bytes and
    classified again, as a later run loading the file would. No file is read or written.

    Args:
        model: the model the run attacked (its device is used).
        result: the run, N images.
        quantize: make the 8-bit image itself adversarial where the attack allows.
        amplify: gain of the delta picture (default 50).
        source: the input image's path, recorded in the sidecar.
        stem: the files' shared stem (``output_names``); None: the fixed names.
        full_resolution: also make x + delta at the photo's own size (the photo read
            again from ``source``; one image only): the perturbation upscaled, see the
            ``full_resolution`` module. The photo's file must still hold what the run
            attacked. Its delta is the run's, or with ``quantize`` the 8-bit PNG's.
    """
    n = result.x.shape[0]
    names = output_names(n, stem, full_resolution=full_resolution)
    device = model_device(model)
    goal = Goal.from_settings(result.settings, result.labels)
    if quantize:
        x_saved, extra = refine_on_grid(
            model,
            result.x.to(device),
            result.delta.to(device),
            result.labels.to(device),
            result.settings,
        )
        x_saved = x_saved.cpu()
    else:
        x_saved, extra = (result.adversarial.mul(255).round().div(255)), 0
    saved_delta = x_saved - result.x
    full = None
    if full_resolution:
        full = _full_resolution(model, result, saved_delta if quantize else result.delta, source)

    files: dict[str, bytes] = {}
    for i in range(n):
        files[names[i]["adversarial"]] = _png_bytes(x_saved[i])
        files[names[i]["delta"]] = _png_bytes(amplify_delta(saved_delta[i], amplify))
        if full is not None:
            files[names[i]["full"]] = full.png
    files[array_name(stem)] = _npy_bytes(result.delta)

    # Read the adversarial PNGs back exactly as a user's later run would.
    size = min(result.x.shape[2], result.x.shape[3])
    reread = torch.cat(
        [preprocess(decode_png(files[names[i]["adversarial"]]), size) for i in range(n)], dim=0
    )
    probs_saved = probabilities(model, reread)
    saved_success = tuple(bool(v) for v in goal.met(probs_saved).tolist())
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
        delta_array=array_name(stem),
        quantized=quantize,
        quantize_steps=extra,
        full_resolution=None if full is None else [full.to_dict(names[0]["full"])],
    )
    try:  # strict JSON: a NaN or an infinity would make the file unreadable to many parsers
        files[sidecar_name(stem)] = (json.dumps(report, indent=2, allow_nan=False) + "\n").encode()
    except ValueError:  # only the model's numbers can be non-finite (settings are checked)
        raise non_finite_error(model) from None
    return SavedEvaluation(
        files=files,
        saved_success=saved_success,
        saved_top5=top5_saved,
        report=report,
        message=saved_message(saved_success, top5_saved, result, quantize),
        full=full,
        full_message="" if full is None else full_resolution_message(full, result),
    )


def _full_resolution(
    model: nn.Module, result: AttackResult, delta: torch.Tensor, source: str | None
) -> FullResolution:
    if result.x.shape[0] != 1:
        raise SaveError.of(QT_TRANSLATE_NOOP("Errors", "full resolution saves one image at a time"))
    if source is None:
        raise SaveError.of(
            QT_TRANSLATE_NOOP(
                "Errors", "saving at full resolution needs the photo's file, and this run has none"
            )
        )
    photo = load_image(source)
    try:
        goal = Goal.from_settings(result.settings, result.labels)
        return at_full_resolution(model, photo, result.x, delta, goal, decode_png)
    finally:
        photo.close()


def write_saved(
    evaluation: SavedEvaluation, folder: str | Path, *, force: bool = False
) -> list[Path]:
    """Write ``evaluation.files`` into ``folder``, all of them or none; return their paths.

    Each file goes to a temporary name in ``folder`` first and is renamed into place
    only when every one is complete (``atomic.write_files``). Raises SaveError (one line)
    when the folder is missing or unwritable, when files exist and ``force`` is false, or
    when a write or rename fails; the folder is then left exactly as it was.
    """
    return write_files(folder, evaluation.files, force=force)


def save_results(
    model: nn.Module,
    result: AttackResult,
    folder: str | Path,
    *,
    force: bool = False,
    quantize: bool = False,
    amplify: float = DEFAULT_AMPLIFY,
    source: str | None = None,
    stem: str | None = None,
    full_resolution: bool = False,
    create: bool = False,
) -> SaveReport:
    """``evaluate_saved`` then ``write_saved``: the run's files in ``folder``, and the report.

    The folder and the files it would replace are checked before the evaluation too, so
    a save that cannot happen fails before any work. With ``create``, a folder that is
    not there yet is made (with its missing parents) just before writing, and removed
    again if the save fails. Raises SaveError as ``write_saved``.
    """
    folder = Path(folder)
    names = file_names(result.x.shape[0], stem, full_resolution=full_resolution)
    if create:
        check_creatable(folder)
    if not create or folder.is_dir():
        check_folder(folder, names, force=force)
    evaluation = evaluate_saved(
        model,
        result,
        quantize=quantize,
        amplify=amplify,
        source=source,
        stem=stem,
        full_resolution=full_resolution,
    )
    created = make_folder(folder) if create else []
    try:
        paths = write_saved(evaluation, folder, force=force)
    except BaseException:
        remove_empty(created)  # a failed save leaves no trace, not even its folder
        raise
    return SaveReport(
        paths=paths,
        saved_success=evaluation.saved_success,
        saved_top5=evaluation.saved_top5,
        message=evaluation.message,
        report=evaluation.report,
        full=evaluation.full,
        full_message=evaluation.full_message,
    )


def saved_message(
    saved_success: tuple[bool, ...],
    top5_saved: list[list[Guess]],
    result: AttackResult,
    quantized: bool,
    *,
    written: bool = True,
) -> str:
    """One honest line about the 8-bit file: the one saved or, with ``written`` False
    (nothing was saved), the one a save would write."""
    n = len(saved_success)
    top = top5_saved[0][0]
    png = "the saved 8-bit PNG" if written else "as an 8-bit PNG (not saved), the image"
    if all(saved_success):
        if n == 1:
            verb = "still fools" if written else "would still fool"
            return f"{png} {verb} the model: {top.name} ({top.prob:.1%})"
        if written:
            return f"all {n} saved 8-bit PNGs still fool the model"
        return f"as 8-bit PNGs (not saved), all {n} images would still fool the model"
    if not any(result.success):
        if written:
            return "the attack did not succeed, so the saved PNG does not fool the model either"
        return "the attack did not succeed, so an 8-bit PNG of it would not fool the model either"
    undone = sum(1 for a, b in zip(result.success, saved_success) if a and not b)
    advice = "" if quantized else "; save with quantize to make the file itself adversarial"
    if n == 1:
        if written:
            return (
                f"rounding to 8 bits undid the attack: the saved PNG reads as {top.name} "
                f"({top.prob:.1%}){advice}"
            )
        return (
            f"rounding to 8 bits would undo the attack: an 8-bit PNG reads as {top.name} "
            f"({top.prob:.1%}){advice}"
        )
    if written:
        return f"rounding to 8 bits undid the attack on {undone} of {n} saved PNGs{advice}"
    return f"rounding to 8 bits would undo the attack on {undone} of {n} images{advice}"


def full_resolution_message(
    full: FullResolution, result: AttackResult, *, written: bool = True
) -> str:
    """One honest line about the full-resolution PNG: the one saved or, with ``written``
    False, the one a save would write."""
    w, h = full.size
    what = f"the full-resolution PNG ({w} x {h}, the perturbation upscaled)"
    if not written:
        what = f"at full resolution ({w} x {h}, the perturbation upscaled, not saved), the image"
    top = full.top5[0]
    if full.success:
        verb = "still fools" if written else "would still fool"
        return f"{what} {verb} the model: {top.name} ({top.prob:.1%})"
    if not any(result.success):
        verb = "does not" if written else "would not"
        return f"the attack did not succeed, so {what} {verb} fool the model either"
    verb = "no longer fools" if written else "would no longer fool"
    return f"{what} {verb} the model: it reads as {top.name} ({top.prob:.1%})"
