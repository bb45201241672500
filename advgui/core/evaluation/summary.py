"""``summary.json`` and ``summary.csv``, computed from the rows of ``results.jsonl`` alone.

Imports neither torch nor Qt. The rules, per image:

- An image is *fooled at eps* when some row at that eps **or a smaller one**, of any
  attack, says ``fooled``: a perturbation inside a small ball is inside every larger
  one, so robust accuracy is the worst case over attacks and radii and never rises with
  eps (AutoAttack's rule: worst case per image, never an average over attacks).
- ``robust_accuracy``: the fraction of images whose clean prediction is their label and
  that are not fooled at eps; a misclassified clean image counts as not robust.
- ``attack_success_rate``: the fraction fooled at eps among the images the model got
  right (None when it got none right).
- ``transfer[model]``: among the images fooled at eps that the other model gets right,
  the fraction on which one of those adversarial images (at eps or below) fools it too;
  ``transfer_robust_accuracy[model]``: the fraction of all images the other model still
  classifies right, on the clean image and on every adversarial one up to eps.
- ``jpeg[quality]``: among the images fooled at eps, the fraction with an adversarial
  image (at eps or below) that still fools the model after a JPEG round trip.
- ``min_eps``: each image's smallest successful eps (the smallest over attacks; 0 for a
  misclassified clean image, null when not fooled within the largest eps tried); the
  median counts a null as larger than any eps, and is null when it falls on one.
"""

from __future__ import annotations

import csv
import io
import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from advgui.core.errors import SettingsError
from advgui.core.evaluation.results import Row


def split(rows: Iterable[Row]) -> tuple[list[Row], dict[str, str]]:
    """Image rows, and the skipped files with their reasons."""
    image_rows: list[Row] = []
    skipped: dict[str, str] = {}
    for r in rows:
        if "skipped" in r:
            skipped.setdefault(r["file"], r["skipped"])
        else:
            image_rows.append(r)
    return image_rows, skipped


def dedupe(rows: Iterable[Row]) -> list[Row]:
    """One row per (file, attack, eps) and one skip per file: shards given twice, or
    overlapping, count once (the first row wins)."""
    seen: set[tuple] = set()
    out = []
    for r in rows:
        key = (r["file"], "skipped") if "skipped" in r else (r["file"], r["attack"], r["eps"])
        if key not in seen:
            seen.add(key)
            out.append(r)
    return out


def _one(rows: Sequence[Row], key: str, what: str) -> Any:
    values = sorted({str(r[key]) for r in rows})
    if len(values) > 1:
        raise SettingsError(f"these results mix {what}: {', '.join(values)}; summarize each apart")
    return rows[0][key] if rows else None


def summarize(rows: Iterable[Row]) -> dict[str, Any]:
    """The summary of ``rows`` (see the module for each figure's rule)."""
    image_rows, skipped = split(dedupe(rows))
    model = _one(image_rows, "model", "models")
    norm = _one(image_rows, "norm", "norms")
    eps = sorted({float(r["eps"]) for r in image_rows})
    eps_text = {float(r["eps"]): r.get("eps_text", f"{r['eps']:g}") for r in image_rows}
    by_file: dict[str, list[Row]] = defaultdict(list)
    for r in image_rows:
        by_file[r["file"]].append(r)
    files = sorted(by_file)
    skipped = {f: why for f, why in skipped.items() if f not in by_file}
    correct = {f: bool(by_file[f][0]["correct"]) for f in files}
    transfer_models = sorted({m for r in image_rows for m in r.get("transfer", {})})
    qualities = sorted({int(q) for r in image_rows for q in r.get("jpeg", {})})

    def upto(f: str, e: float) -> list[Row]:
        return [r for r in by_file[f] if r["eps"] <= e]

    def fooled(f: str, e: float) -> bool:
        return any(r.get("fooled") for r in upto(f, e))

    def fraction(hits: int, total: int) -> float | None:
        return hits / total if total else None

    n = len(files)
    right = [f for f in files if correct[f]]
    robust, success = [], []
    transfer: dict[str, list[float | None]] = {m: [] for m in transfer_models}
    transfer_robust: dict[str, list[float | None]] = {m: [] for m in transfer_models}
    jpeg: dict[str, list[float | None]] = {str(q): [] for q in qualities}
    for e in eps:
        hit = {f for f in right if fooled(f, e)}
        robust.append(fraction(len(right) - len(hit), n))
        success.append(fraction(len(hit), len(right)))
        for m in transfer_models:
            base = [f for f in hit if _transfer(by_file[f], m)["correct"]]
            moved = [
                f
                for f in base
                if any(r.get("fooled") and _transfer([r], m)["fooled"] for r in upto(f, e))
            ]
            transfer[m].append(fraction(len(moved), len(base)))
            still = [
                f
                for f in files
                if _transfer(by_file[f], m)["correct"]
                and not any(_transfer([r], m)["fooled"] for r in upto(f, e))
            ]
            transfer_robust[m].append(fraction(len(still), n))
        for q in qualities:
            kept = [
                f
                for f in hit
                if any(r.get("fooled") and r["jpeg"][str(q)]["fooled"] for r in upto(f, e))
            ]
            jpeg[str(q)].append(fraction(len(kept), len(hit)))

    summary: dict[str, Any] = {
        "model": model,
        "norm": norm,
        "attacks": sorted({r["attack"] for r in image_rows}),
        "images": n,
        "attacked": len(right),
        "skipped": len(skipped),
        "skipped_files": skipped,
        "eps": eps,
        "eps_text": [eps_text[e] for e in eps],
        "clean_accuracy": fraction(len(right), n),
        "robust_accuracy": robust,
        "attack_success_rate": success,
        "transfer": transfer,
        "transfer_robust_accuracy": transfer_robust,
        "jpeg": jpeg,
    }
    if any("min_eps" in r for r in image_rows):
        per_image = {f: _min_eps(by_file[f], correct[f]) for f in files}
        summary["min_eps"] = {"median": _median(per_image.values()), "per_image": per_image}
    return summary


def _transfer(rows: Sequence[Row], model: str) -> dict[str, Any]:
    """The transfer verdict of ``model`` in the first row that has one."""
    for r in rows:
        if model in r.get("transfer", {}):
            return r["transfer"][model]
    return {"correct": False, "fooled": False}


def _min_eps(rows: Sequence[Row], correct: bool) -> float | None:
    if not correct:
        return 0.0
    found = [r["min_eps"] for r in rows if r.get("min_eps") is not None]
    return min(found) if found else None


def _median(values: Iterable[float | None]) -> float | None:
    vals = sorted(math.inf if v is None else float(v) for v in values)
    if not vals:
        return None
    mid = len(vals) // 2
    m = vals[mid] if len(vals) % 2 else (vals[mid - 1] + vals[mid]) / 2
    return None if math.isinf(m) else m


def to_csv(summary: dict[str, Any]) -> str:
    """One line per eps: the figures of ``summary`` that depend on eps."""
    columns = ["eps", "eps_text", "robust_accuracy", "attack_success_rate"]
    columns += [f"transfer:{m}" for m in summary["transfer"]]
    columns += [f"transfer_robust_accuracy:{m}" for m in summary["transfer_robust_accuracy"]]
    columns += [f"jpeg:{q}" for q in summary["jpeg"]]
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(columns)
    for j, e in enumerate(summary["eps"]):
        row = [
            repr(e),
            summary["eps_text"][j],
            summary["robust_accuracy"][j],
            summary["attack_success_rate"][j],
        ]
        row += [v[j] for v in summary["transfer"].values()]
        row += [v[j] for v in summary["transfer_robust_accuracy"].values()]
        row += [v[j] for v in summary["jpeg"].values()]
        w.writerow(["" if v is None else v for v in row])
    return out.getvalue()
