"""The Evaluate tab's words: the table's columns and cells, and the curve's axis, made
from the rows of ``results.jsonl`` and the run's config. Plain functions, no widgets, no torch.

A row of the table is one image; its cells say what its rows say, by the summary's rules
(``core.evaluation.summary``): an image is fooled at ε when an attack at that radius fooled
it, a transfer or JPEG verdict counts where the attack itself fooled the model.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from advgui.gui.present import ATTACKS, format_prob, format_seconds

Row = dict[str, Any]

GOOD, BAD, MUTED = "good", "bad", "muted"  # tones: robust, fooled, nothing to say
LABEL_SOURCES = {
    "csv": "from the labels file",
    "folder": "from the name of its folder",
    "prediction": "the model's clean prediction (no label given)",
}


@dataclass(frozen=True)
class Cell:
    text: str
    tone: str | None = None
    tip: str = ""


@dataclass(frozen=True)
class Columns:
    """The table's columns for one run: fixed ones, then one per ε, transfer model and
    JPEG quality."""

    eps_text: tuple[str, ...]
    transfer: tuple[str, ...] = ()
    jpeg: tuple[int, ...] = ()
    norm: str = "linf"
    min_eps: bool = False

    FIXED = (
        QT_TRANSLATE_NOOP("EvalTable", "Image"),
        QT_TRANSLATE_NOOP("EvalTable", "Label"),
        QT_TRANSLATE_NOOP("EvalTable", "Clean"),
        QT_TRANSLATE_NOOP("EvalTable", "Smallest ε"),
    )
    EPS = len(FIXED)  # the first ε column

    def titles(self) -> list[str]:
        return [
            *(QCoreApplication.translate("EvalTable", t) for t in self.FIXED),
            *(f"ε {t}" for t in self.eps_text),
            *(f"→ {m}" for m in self.transfer),
            *(f"JPEG {q}" for q in self.jpeg),
        ]

    def tips(self) -> list[str]:
        """What each column says (✗: the model is fooled, ✓: it is right)."""
        return [
            "The file, and a thumbnail of what the model sees (double-click: open it)",
            "The class the image is judged against",
            "The model's prediction on the clean image",
            "The smallest ε that fooled the model",
            *(f"The model on the adversarial image at ε {t}" for t in self.eps_text),
            *(f"The smallest ε whose adversarial image fools {m} too" for m in self.transfer),
            *(
                f"The smallest ε whose adversarial image still fools the model after JPEG "
                f"at quality {q}"
                for q in self.jpeg
            ),
        ]

    def eps_index(self, column: int) -> int | None:
        """The radius a column is about, or None for the other columns."""
        k = column - self.EPS
        return k if 0 <= k < len(self.eps_text) else None

    @classmethod
    def of(cls, config: Any) -> Columns:
        """The columns of an ``EvalConfig``."""
        return cls(
            eps_text=tuple(config.eps_text),
            transfer=tuple(config.transfer),
            jpeg=tuple(config.jpeg),
            norm=config.settings.norm.value,
            min_eps=config.min_eps,
        )


def radius(value: float, norm: str) -> str:
    """A radius as the window writes it: ``0.734/255`` under L∞, ``0.31`` under L2."""
    return f"{value * 255:.3g}/255" if norm == "linf" else f"{value:.3g}"


def cells(
    image_id: str, rows: Sequence[Row], columns: Columns, names: Sequence[str] = ()
) -> list[Cell]:
    """Every cell of one image's table row (the image column holds its name); ``names``
    are the class names, for a clean prediction that is not the label."""
    first = rows[0]
    if "skipped" in first:
        return [Cell(image_id, tip=image_id), Cell(f"skipped: {first['skipped']}", MUTED)]
    name = Cell(image_id, tip=image_id)
    label = Cell(
        f"{first['label_name']} ({first['label']})",
        tip=f"Label {LABEL_SOURCES.get(first.get('label_source'), '')}",
    )
    prob = format_prob(first["clean_prob"])
    if first["correct"]:
        clean = Cell(f"✓ {prob}", GOOD, f"The model gets it right: {first['label_name']} {prob}")
    else:
        top = first["clean_top1"]
        seen = f"{names[top]} ({top})" if 0 <= top < len(names) else f"class {top}"
        clean = Cell(f"✗ {seen} {prob}", BAD, "Misclassified clean: not robust at any ε")
    by_eps = {r["eps_text"]: r for r in rows}
    ordered = [by_eps[t] for t in columns.eps_text if t in by_eps]
    out = [name, label, clean, _smallest(ordered, columns)]
    out += [_verdict(by_eps.get(t)) for t in columns.eps_text]
    out += [_transfer(ordered, m) for m in columns.transfer]
    out += [_jpeg(ordered, q) for q in columns.jpeg]
    return out


def _smallest(rows: Sequence[Row], columns: Columns) -> Cell:
    if not rows[0]["correct"]:
        return Cell("0", BAD, "Misclassified clean: fooled without any change")
    if columns.min_eps:
        found = next((r["min_eps"] for r in rows if r.get("min_eps") is not None), None)
        if found is not None:
            return Cell(radius(found, columns.norm), BAD, "Found by bisection, to 1/16 of itself")
    fooled = [r for r in rows if r.get("fooled")]
    if fooled:
        return Cell(f"≤ {fooled[0]['eps_text']}", BAD, "The smallest ε tried that fooled it")
    return Cell(f"> {rows[-1]['eps_text']}", GOOD, "Not fooled at any ε tried")


def _verdict(row: Row | None) -> Cell:
    if row is None:
        return Cell("")
    if not row["attacked"]:
        return Cell("—", MUTED, "Not attacked: the model gets it wrong already")
    seen = f"{row['final_name']} ({row['final_top1']}) {format_prob(row['final_prob'])}"
    steps = f"{row['steps']} steps, |δ|∞ {row['linf'] * 255:.3g}/255, |δ|₂ {row['l2']:.3g}"
    if row["fooled"]:
        return Cell(f"✗ {row['final_name']}", BAD, f"Fooled: the model sees {seen}; {steps}")
    return Cell("✓ robust", GOOD, f"Robust: the model still sees {seen}; {steps}")


def _transfer(rows: Sequence[Row], model: str) -> Cell:
    verdicts = [(r, r.get("transfer", {}).get(model)) for r in rows]
    if not verdicts or verdicts[0][1] is None:
        return Cell("")
    if not verdicts[0][1]["correct"]:
        return Cell("—", MUTED, f"{model} gets the clean image wrong already")
    hit = next((r for r, t in verdicts if r.get("fooled") and t["fooled"]), None)
    if hit is not None:
        return Cell(f"✗ at {hit['eps_text']}", BAD, f"The attack transfers to {model}")
    if not any(r.get("fooled") for r, _ in verdicts):
        return Cell("—", MUTED, "The attack did not fool the model itself")
    return Cell("✓ resists", GOOD, f"{model} resists the adversarial images")


def _jpeg(rows: Sequence[Row], quality: int) -> Cell:
    fooled = [r for r in rows if r.get("fooled")]
    if not fooled:
        return Cell("—", MUTED, "The attack did not fool the model")
    hit = next((r for r in fooled if r["jpeg"][str(quality)]["fooled"]), None)
    if hit is not None:
        tip = f"Still fooled after JPEG at quality {quality}"
        return Cell(f"✗ at {hit['eps_text']}", BAD, tip)
    return Cell("✓ undone", GOOD, f"JPEG at quality {quality} undoes every adversarial image")


def axis_label(norm: str | None) -> str:
    return "ε (L∞, in 1/255)" if norm == "linf" else "ε (L2, pixel units)"


def axis_values(eps: Sequence[float], norm: str | None) -> list[float]:
    return [e * 255 for e in eps] if norm == "linf" else list(eps)


def describe_attack(settings: Any) -> str:
    """One line about the attack an evaluation runs at each ε (its eps aside)."""
    from advgui.core.settings import Attack, Norm

    linf = settings.norm is Norm.LINF
    parts = [
        QCoreApplication.translate("AttackForm", ATTACKS[settings.attack]),
        "L∞" if linf else "L2",
    ]
    if settings.attack is Attack.FGSM:
        parts.append("one step")
    elif settings.attack is Attack.SQUARE:
        parts.append(f"{settings.steps} queries")
    elif settings.attack in (Attack.SGD, Attack.ADAM):
        parts.append(f"{settings.steps} steps, learning rate {settings.step_size:g}")
    elif settings.attack in (Attack.PGD, Attack.MIFGSM):
        size = radius(settings.step_size, "linf" if linf else "l2")
        parts.append(f"{settings.steps} steps of {size}")
    else:
        parts.append(f"{settings.steps} steps")
    parts.append(f"{settings.loss.value.upper()} loss")
    if settings.random_start:
        parts.append("random start")
    if settings.target is not None:
        parts.append(f"target class {settings.target}")
    return ", ".join(parts)


def progress_line(done: int, total: int, elapsed: float) -> str:
    """``1.2 s per file · 8.4 s left`` after ``done`` of ``total`` files."""
    if not done or elapsed <= 0:
        return ""
    each = elapsed / done
    return f"{format_seconds(each)} per file · {format_seconds(each * (total - done))} left"


def inputs_line(inputs: Sequence[str], count: tuple[int, int] | None, error: str | None) -> str:
    """What the images chosen are: ``12 images (1 other file skipped)``."""
    if not inputs:
        return QCoreApplication.translate(
            "EvaluatePresent",
            "No folder chosen: choose one, or drop a folder or images on this tab.",
        )
    if error is not None:
        return error
    if count is None:
        return "Counting the images…"
    images, others = count
    line = f"{images} image{'s' if images != 1 else ''}"
    if others:
        line += f" ({others} other file{'s' if others != 1 else ''}, skipped)"
    return line


def summary_line(summary: dict[str, Any] | None) -> str:
    """The figures under the curve: clean accuracy, robust accuracy at each ε."""
    if not summary or not summary["images"]:
        return ""
    clean = summary["clean_accuracy"]
    parts = [f"clean accuracy {clean:.0%}"]
    parts += [
        f"{t}: {'–' if v is None else f'{v:.0%}'}"
        for t, v in zip(summary["eps_text"], summary["robust_accuracy"], strict=True)
    ]
    line = "Robust accuracy — " + " · ".join(parts)
    m = summary.get("min_eps")
    if m is not None:
        median = m["median"]
        shown = "beyond the largest ε" if median is None else radius(median, summary["norm"])
        line += f" · median smallest ε {shown}"
    return line


def finished_line(
    outcome: str, done: int, total: int, elapsed: float, s: dict[str, Any] | None
) -> str:
    """The status line when a run ends: what it found, or how far it got."""
    images = s["images"] if s else 0
    if outcome == "failed":
        head = f"The evaluation failed after {done} files."
    elif outcome == "stopped":
        head = f"Stopped after {done} of {total or '?'} files ({format_seconds(elapsed)})."
    else:
        head = f"Done: {images} images in {format_seconds(elapsed)}."
    if not s or not images:
        return head
    worst = s["robust_accuracy"][-1]
    tail = (
        f" Robust accuracy at {s['eps_text'][-1]}: {worst:.0%}"
        if worst is not None
        else " No image was classified right"
    )
    return head + tail + ". Export the results from the Evaluate tab."


def exported_line(paths: Sequence[Any]) -> str:
    names = ", ".join(p.name for p in paths)
    return f"Exported into {paths[0].parent}: {names}." if paths else "Nothing exported."
