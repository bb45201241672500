"""The run history's words: one row of cells per finished run. Plain functions, no widgets."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from advgui.gui.evaluate_present import radius
from advgui.gui.present import format_prob, format_seconds

#: The history table's columns, in order.
COLUMNS = (
    "#",
    QT_TRANSLATE_NOOP("RunHistory", "Image"),
    QT_TRANSLATE_NOOP("RunHistory", "Model"),
    QT_TRANSLATE_NOOP("RunHistory", "Attack"),
    QT_TRANSLATE_NOOP("RunHistory", "Outcome"),
    QT_TRANSLATE_NOOP("RunHistory", "Steps"),
    QT_TRANSLATE_NOOP("RunHistory", "Time"),
)  # translated where shown (widgets.run_history)


def attack_line(settings: Any) -> str:
    """``pgd L∞ 2/255 · target 404``: the attack, its norm and budget, its goal."""
    norm = settings.norm.value
    parts = [settings.attack.value, "L∞" if norm == "linf" else "L2"]
    parts.append("no ε bound" if settings.eps is None else radius(settings.eps, norm))
    line = " ".join(parts)
    if settings.eot_jpeg is not None:
        line += f" · JPEG q{settings.eot_jpeg}"
    if settings.target is not None:
        line += f" · target {settings.target}"
    return line


def outcome_line(run: Any, names: Sequence[str]) -> str:
    """``fooled → wombat (87%)``, ``not fooled: hog (41%)``, with "stopped" when it was."""
    record = run.result.final
    top, prob = record.top1[0], record.top1_prob[0]
    name = names[top] if 0 <= top < len(names) else str(top)
    met = run.result.success[0]
    if run.result.settings.target is not None:
        said = (
            QCoreApplication.translate("RunHistory", "target reached")
            if met
            else QCoreApplication.translate("RunHistory", "target not reached")
        )
    else:
        said = (
            QCoreApplication.translate("RunHistory", "fooled")
            if met
            else QCoreApplication.translate("RunHistory", "not fooled")
        )
    line = f"{said} → {name} ({format_prob(prob)})"
    return (
        QCoreApplication.translate("RunHistory", "stopped, {line}").format(line=line)
        if run.outcome == "stopped"
        else line
    )


def row(run: Any, names: Sequence[str]) -> list[str]:
    """The cells of ``run`` (a ``FinishedRun``) under ``COLUMNS``."""
    history = run.result.history
    elapsed = history[-1].elapsed if history else 0.0
    image = run.source.name if run.source is not None else "(image)"
    return [
        str(run.number),
        image,
        run.model.name,
        attack_line(run.result.settings),
        outcome_line(run, names),
        str(run.last_step),
        format_seconds(elapsed),
    ]


def caption(run: Any, names: Sequence[str]) -> str:
    """A line naming a run where it is shown: ``Run 2 · cat.png · pgd L∞ 2/255``."""
    cells = row(run, names)
    return QCoreApplication.translate(
        "RunHistory", "Run {number} · {image} · {model} · {attack}: {outcome}"
    ).format(number=cells[0], image=cells[1], model=cells[2], attack=cells[3], outcome=cells[4])
