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
#: The label column's tip, by the row's ``label_source``.
LABEL_SOURCES = {
    "csv": QT_TRANSLATE_NOOP("EvaluatePresent", "Label from the labels file"),
    "folder": QT_TRANSLATE_NOOP("EvaluatePresent", "Label from the name of its folder"),
    "prediction": QT_TRANSLATE_NOOP(
        "EvaluatePresent", "Label: the model's clean prediction (no label given)"
    ),
}


def _join(parts: Sequence[str]) -> str:
    """``parts`` as a list in the window's language (``a, b, c``)."""
    return QCoreApplication.translate("EvaluatePresent", ", ").join(parts)


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
            QCoreApplication.translate(
                "EvaluatePresent",
                "The file, and a thumbnail of what the model sees (double-click: open it)",
            ),
            QCoreApplication.translate("EvaluatePresent", "The class the image is judged against"),
            QCoreApplication.translate(
                "EvaluatePresent", "The model's prediction on the clean image"
            ),
            QCoreApplication.translate("EvaluatePresent", "The smallest ε that fooled the model"),
            *(
                QCoreApplication.translate(
                    "EvaluatePresent", "The model on the adversarial image at ε {eps}"
                ).format(eps=t)
                for t in self.eps_text
            ),
            *(
                QCoreApplication.translate(
                    "EvaluatePresent", "The smallest ε whose adversarial image fools {model} too"
                ).format(model=m)
                for m in self.transfer
            ),
            *(
                QCoreApplication.translate(
                    "EvaluatePresent",
                    "The smallest ε whose adversarial image still fools the model after JPEG "
                    "at quality {quality}",
                ).format(quality=q)
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
        skipped = QCoreApplication.translate("EvaluatePresent", "skipped: {reason}").format(
            reason=first["skipped"]
        )
        return [Cell(image_id, tip=image_id), Cell(skipped, MUTED)]
    name = Cell(image_id, tip=image_id)
    source = LABEL_SOURCES.get(first.get("label_source"))
    label = Cell(
        f"{first['label_name']} ({first['label']})",
        tip=QCoreApplication.translate("EvaluatePresent", source) if source else "",
    )
    prob = format_prob(first["clean_prob"])
    if first["correct"]:
        right = QCoreApplication.translate(
            "EvaluatePresent", "The model gets it right: {name} {prob}"
        )
        clean = Cell(f"✓ {prob}", GOOD, right.format(name=first["label_name"], prob=prob))
    else:
        top = first["clean_top1"]
        seen = (
            f"{names[top]} ({top})"
            if 0 <= top < len(names)
            else QCoreApplication.translate("EvaluatePresent", "class {index}").format(index=top)
        )
        clean = Cell(
            f"✗ {seen} {prob}",
            BAD,
            QCoreApplication.translate(
                "EvaluatePresent", "Misclassified clean: not robust at any ε"
            ),
        )
    by_eps = {r["eps_text"]: r for r in rows}
    ordered = [by_eps[t] for t in columns.eps_text if t in by_eps]
    out = [name, label, clean, _smallest(ordered, columns)]
    out += [_verdict(by_eps.get(t)) for t in columns.eps_text]
    out += [_transfer(ordered, m) for m in columns.transfer]
    out += [_jpeg(ordered, q) for q in columns.jpeg]
    return out


def _smallest(rows: Sequence[Row], columns: Columns) -> Cell:
    if not rows[0]["correct"]:
        return Cell(
            "0",
            BAD,
            QCoreApplication.translate(
                "EvaluatePresent", "Misclassified clean: fooled without any change"
            ),
        )
    if columns.min_eps:
        found = next((r["min_eps"] for r in rows if r.get("min_eps") is not None), None)
        if found is not None:
            tip = QCoreApplication.translate(
                "EvaluatePresent", "Found by bisection, to 1/16 of itself"
            )
            return Cell(radius(found, columns.norm), BAD, tip)
    fooled = [r for r in rows if r.get("fooled")]
    if fooled:
        return Cell(
            f"≤ {fooled[0]['eps_text']}",
            BAD,
            QCoreApplication.translate("EvaluatePresent", "The smallest ε tried that fooled it"),
        )
    return Cell(
        f"> {rows[-1]['eps_text']}",
        GOOD,
        QCoreApplication.translate("EvaluatePresent", "Not fooled at any ε tried"),
    )


def _verdict(row: Row | None) -> Cell:
    if row is None:
        return Cell("")
    if not row["attacked"]:
        return Cell(
            "—",
            MUTED,
            QCoreApplication.translate(
                "EvaluatePresent", "Not attacked: the model gets it wrong already"
            ),
        )
    seen = f"{row['final_name']} ({row['final_top1']}) {format_prob(row['final_prob'])}"
    steps = QCoreApplication.translate(
        "EvaluatePresent", "{steps} steps, |δ|∞ {linf}/255, |δ|₂ {l2}"
    ).format(steps=row["steps"], linf=f"{row['linf'] * 255:.3g}", l2=f"{row['l2']:.3g}")
    if row["fooled"]:
        tip = QCoreApplication.translate(
            "EvaluatePresent", "Fooled: the model sees {seen}; {steps}"
        ).format(seen=seen, steps=steps)
        return Cell(f"✗ {row['final_name']}", BAD, tip)
    tip = QCoreApplication.translate(
        "EvaluatePresent", "Robust: the model still sees {seen}; {steps}"
    ).format(seen=seen, steps=steps)
    return Cell(QCoreApplication.translate("EvaluatePresent", "✓ robust"), GOOD, tip)


def _transfer(rows: Sequence[Row], model: str) -> Cell:
    verdicts = [(r, r.get("transfer", {}).get(model)) for r in rows]
    if not verdicts or verdicts[0][1] is None:
        return Cell("")
    if not verdicts[0][1]["correct"]:
        return Cell(
            "—",
            MUTED,
            QCoreApplication.translate(
                "EvaluatePresent", "{model} gets the clean image wrong already"
            ).format(model=model),
        )
    hit = next((r for r, t in verdicts if r.get("fooled") and t["fooled"]), None)
    if hit is not None:
        tip = QCoreApplication.translate(
            "EvaluatePresent", "The attack transfers to {model}"
        ).format(model=model)
        return Cell(_fooled_at(hit), BAD, tip)
    if not any(r.get("fooled") for r, _ in verdicts):
        return Cell(
            "—",
            MUTED,
            QCoreApplication.translate(
                "EvaluatePresent", "The attack did not fool the model itself"
            ),
        )
    tip = QCoreApplication.translate(
        "EvaluatePresent", "{model} resists the adversarial images"
    ).format(model=model)
    return Cell(QCoreApplication.translate("EvaluatePresent", "✓ resists"), GOOD, tip)


def _fooled_at(row: Row) -> str:
    return QCoreApplication.translate("EvaluatePresent", "✗ at {eps}").format(eps=row["eps_text"])


def _jpeg(rows: Sequence[Row], quality: int) -> Cell:
    fooled = [r for r in rows if r.get("fooled")]
    if not fooled:
        return Cell(
            "—",
            MUTED,
            QCoreApplication.translate("EvaluatePresent", "The attack did not fool the model"),
        )
    hit = next((r for r in fooled if r["jpeg"][str(quality)]["fooled"]), None)
    if hit is not None:
        tip = QCoreApplication.translate(
            "EvaluatePresent", "Still fooled after JPEG at quality {quality}"
        ).format(quality=quality)
        return Cell(_fooled_at(hit), BAD, tip)
    tip = QCoreApplication.translate(
        "EvaluatePresent", "JPEG at quality {quality} undoes every adversarial image"
    ).format(quality=quality)
    return Cell(QCoreApplication.translate("EvaluatePresent", "✓ undone"), GOOD, tip)


def axis_label(norm: str | None) -> str:
    return (
        QCoreApplication.translate("EvaluatePresent", "ε (L∞, in 1/255)")
        if norm == "linf"
        else QCoreApplication.translate("EvaluatePresent", "ε (L2, pixel units)")
    )


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
    steps = settings.steps
    if settings.attack is Attack.FGSM:
        parts.append(QCoreApplication.translate("EvaluatePresent", "one step"))
    elif settings.attack is Attack.SQUARE:
        parts.append(
            QCoreApplication.translate("EvaluatePresent", "{steps} queries").format(steps=steps)
        )
    elif settings.attack in (Attack.SGD, Attack.ADAM):
        rate = f"{settings.step_size:g}"
        parts.append(
            QCoreApplication.translate(
                "EvaluatePresent", "{steps} steps, learning rate {rate}"
            ).format(steps=steps, rate=rate)
        )
    elif settings.attack in (Attack.PGD, Attack.MIFGSM):
        size = radius(settings.step_size, "linf" if linf else "l2")
        parts.append(
            QCoreApplication.translate("EvaluatePresent", "{steps} steps of {size}").format(
                steps=steps, size=size
            )
        )
    else:
        parts.append(
            QCoreApplication.translate("EvaluatePresent", "{steps} steps").format(steps=steps)
        )
    parts.append(
        QCoreApplication.translate("EvaluatePresent", "{loss} loss").format(
            loss=settings.loss.value.upper()
        )
    )
    if settings.random_start:
        parts.append(QCoreApplication.translate("EvaluatePresent", "random start"))
    if settings.target is not None:
        parts.append(
            QCoreApplication.translate("EvaluatePresent", "target class {target}").format(
                target=settings.target
            )
        )
    return _join(parts)


def progress_line(done: int, total: int, elapsed: float) -> str:
    """``1.2 s per file · 8.4 s left`` after ``done`` of ``total`` files."""
    if not done or elapsed <= 0:
        return ""
    each = elapsed / done
    return QCoreApplication.translate("EvaluatePresent", "{each} per file · {left} left").format(
        each=format_seconds(each), left=format_seconds(each * (total - done))
    )


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
        return QCoreApplication.translate("EvaluatePresent", "Counting the images…")
    images, others = count
    line = (
        QCoreApplication.translate("EvaluatePresent", "1 image")
        if images == 1
        else QCoreApplication.translate("EvaluatePresent", "{n} images").format(n=images)
    )
    if others == 1:
        return QCoreApplication.translate(
            "EvaluatePresent", "{images} (1 other file, skipped)"
        ).format(images=line)
    if others:
        return QCoreApplication.translate(
            "EvaluatePresent", "{images} ({n} other files, skipped)"
        ).format(images=line, n=others)
    return line


def summary_line(summary: dict[str, Any] | None) -> str:
    """The figures under the curve: clean accuracy, robust accuracy at each ε."""
    if not summary or not summary["images"]:
        return ""
    clean = summary["clean_accuracy"]
    parts = [
        QCoreApplication.translate("EvaluatePresent", "clean accuracy {accuracy}").format(
            accuracy=f"{clean:.0%}"
        )
    ]
    parts += [
        f"{t}: {'–' if v is None else f'{v:.0%}'}"
        for t, v in zip(summary["eps_text"], summary["robust_accuracy"], strict=True)
    ]
    figures = " · ".join(parts)
    m = summary.get("min_eps")
    if m is None:
        return QCoreApplication.translate("EvaluatePresent", "Robust accuracy — {figures}").format(
            figures=figures
        )
    median = m["median"]
    shown = (
        QCoreApplication.translate("EvaluatePresent", "beyond the largest ε")
        if median is None
        else radius(median, summary["norm"])
    )
    return QCoreApplication.translate(
        "EvaluatePresent", "Robust accuracy — {figures} · median smallest ε {median}"
    ).format(figures=figures, median=shown)


def finished_line(
    outcome: str, done: int, total: int, elapsed: float, s: dict[str, Any] | None
) -> str:
    """The status line when a run ends: what it found, or how far it got."""
    images = s["images"] if s else 0
    took = format_seconds(elapsed)
    if outcome == "failed":
        head = (
            QCoreApplication.translate("EvaluatePresent", "The evaluation failed after 1 file.")
            if done == 1
            else QCoreApplication.translate(
                "EvaluatePresent", "The evaluation failed after {done} files."
            ).format(done=done)
        )
    elif outcome == "stopped":
        head = QCoreApplication.translate(
            "EvaluatePresent", "Stopped after {done} of {total} files ({took})."
        ).format(done=done, total=total or "?", took=took)
    elif images == 1:
        head = QCoreApplication.translate("EvaluatePresent", "Done: 1 image in {took}.").format(
            took=took
        )
    else:
        head = QCoreApplication.translate(
            "EvaluatePresent", "Done: {images} images in {took}."
        ).format(images=images, took=took)
    if not s or not images:
        return head
    worst = s["robust_accuracy"][-1]
    if worst is None:
        return QCoreApplication.translate(
            "EvaluatePresent",
            "{head} No image was classified right. Export the results from the Evaluate tab.",
        ).format(head=head)
    return QCoreApplication.translate(
        "EvaluatePresent",
        "{head} Robust accuracy at {eps}: {accuracy}. Export the results from the Evaluate tab.",
    ).format(head=head, eps=s["eps_text"][-1], accuracy=f"{worst:.0%}")


def exported_line(paths: Sequence[Any]) -> str:
    if not paths:
        return QCoreApplication.translate("EvaluatePresent", "Nothing exported.")
    names = _join([p.name for p in paths])
    return QCoreApplication.translate("EvaluatePresent", "Exported into {folder}: {names}.").format(
        folder=paths[0].parent, names=names
    )
