"""The JSON sidecar's content: what was run, on what, and what came of it."""

from __future__ import annotations

import datetime as _dt
import platform
from typing import Any

import numpy as np
import PIL
import torch

import advgui
from advgui.core.attacks.record import AttackResult
from advgui.core.eot import SUBSAMPLING
from advgui.core.models import imagenet_categories
from advgui.core.norms import get_norm
from advgui.core.predict import Guess
from advgui.core.settings import Norm

ROUNDING_NOTE = (
    "Saving to an 8-bit PNG rounds each pixel to a multiple of 1/255, which can undo a "
    "perturbation this small; 'saved_png' reports the prediction on the PNG as re-read "
    "from disk, which is what anyone who opens the file gets."
)
EOT_NOTE = (
    "The attack judged the JPEG round trip of input + delta at this quality (8-bit RGB, "
    "Pillow's encoder), with the gradient passed straight through; each image's 'jpeg' "
    "gives that verdict (as do the history's records), 'success' and 'top5_after' the "
    "plain one on input + delta itself."
)


def _eot(result: AttackResult) -> dict[str, Any] | None:
    quality = result.settings.eot_jpeg
    if quality is None:
        return None
    return {
        "transform": "jpeg",
        "quality": quality,
        "chroma_subsampling": SUBSAMPLING,
        "gradient": "straight-through (BPDA: the round trip taken as the identity)",
        "note": EOT_NOTE,
    }


def _jpeg_verdict(result: AttackResult, i: int, categories: list[str]) -> dict[str, Any]:
    """Image ``i`` as the attack judged it, through the JPEG (the run's ``final`` record)."""
    final = result.final
    return {
        "quality": result.settings.eot_jpeg,
        "top5": [Guess(c, categories[c], p).to_dict() for c, p in final.top5[i]],
        "still_adversarial": bool(final.success[i]),
    }


def versions() -> dict[str, str]:
    try:
        import torchvision

        tv = torchvision.__version__
    except ImportError:  # pragma: no cover - torchvision is a dependency
        tv = "not installed"
    return {
        "advgui": advgui.__version__,
        "python": platform.python_version(),
        "torch": torch.__version__,
        "torchvision": tv,
        "pillow": PIL.__version__,
        "numpy": np.__version__,
    }


def _guesses(rows: list[Guess]) -> list[dict[str, Any]]:
    return [g.to_dict() for g in rows]


def build_report(
    *,
    model_name: str,
    weights: str,
    weights_source: str,
    device: str,
    source: str | None,
    result: AttackResult,
    top5_before: list[list[Guess]],
    top5_after: list[list[Guess]],
    top5_saved: list[list[Guess]],
    saved_success: tuple[bool, ...],
    saved_delta: torch.Tensor,
    files: list[dict[str, str]],
    delta_array: str,
    quantized: bool,
    quantize_steps: int,
    full_resolution: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """Everything needed to reproduce and judge a run, as plain JSON types.

    ``files`` names each image's files; ``full_resolution`` gives each image's entry for
    its PNG at the photo's own size (``FullResolution.to_dict``), None when none was made.
    """
    s = result.settings
    target = s.target
    linf = get_norm(Norm.LINF).size(saved_delta).tolist()
    l2 = get_norm(Norm.L2).size(saved_delta).tolist()
    final = result.final  # the record of result.delta (the best point, or the last)
    eot = _eot(result)
    categories = imagenet_categories() if eot is not None else []
    images = []
    for i in range(result.x.shape[0]):
        image = {
            "files": files[i],
            "input_size": [int(result.x.shape[2]), int(result.x.shape[3])],
            "true_class": int(result.labels[i]),
            "top5_before": _guesses(top5_before[i]),
            "top5_after": _guesses(top5_after[i]),
            "success": bool(result.success[i]),
            "delta": {
                "linf": final.linf[i],
                "l2": final.l2[i],
                "linf_255": final.linf[i] * 255,
                "from_step": final.best_step[i] if final.best_step else final.step,
            },
            "saved_png": {
                "top5": _guesses(top5_saved[i]),
                "still_adversarial": bool(saved_success[i]),
                "linf_from_input": linf[i],
                "l2_from_input": l2[i],
                "linf_from_input_255": linf[i] * 255,
            },
        }
        image["full_resolution"] = full_resolution[i] if full_resolution else None
        if eot is not None:
            image["jpeg"] = _jpeg_verdict(result, i, categories)
        images.append(image)
    return {
        "advgui": "adversarial example",
        "created": _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"),
        "versions": versions(),
        "model": {
            "name": model_name,
            "weights": weights,
            "weights_file": weights_source,
            "device": device,
        },
        "compute": {
            "precision": result.precision,
            "cpu_threads": result.threads,
            "cpu_threads_timed": result.threads_tuned,  # chosen by timing the steps
        },
        "source_image": source,
        "settings": s.to_dict(),
        "seed": s.seed,
        "target": target,
        "steps_run": final.step,
        "result_point": "best" if result.best is not None else "last",
        "delta_array": {
            "file": delta_array,
            "shape": list(
                result.delta.shape[1:] if result.delta.shape[0] == 1 else result.delta.shape
            ),
            "dtype": "float32",
            "what": "the run's perturbation, before 8-bit rounding: the numbers reported here "
            "(success, top5_after, delta) describe input + delta, clipped to [0, 1]",
        },
        "stopped": result.stopped,
        "early_stopped": result.early_stopped,
        "quantize": {"enabled": quantized, "extra_steps": quantize_steps},
        "eot": eot,
        "rounding_note": ROUNDING_NOTE,
        "images": images,
        "history": [r.to_dict() for r in result.history],
    }
