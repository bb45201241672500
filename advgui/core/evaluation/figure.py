"""``robust_accuracy.png``: the summary's curves over eps, drawn with matplotlib.

Left: robust accuracy against eps for the attacked model and for each transfer model
(its accuracy on the transferred adversarial images), the attack success rate dashed.
Right, when there are transfer models: the transfer matrix (success rate per model and
eps); else, when JPEG was checked: the fraction still fooled after JPEG per quality.
No pyplot: a ``Figure`` with the Agg canvas, so no window system is touched.
"""

from __future__ import annotations

import io
import math
from pathlib import Path
from typing import Any

from advgui.core.atomic import replace_file


def _x(summary: dict[str, Any]) -> tuple[list[float], str]:
    if summary.get("norm") == "linf":
        return [e * 255 for e in summary["eps"]], "eps (L-inf, in 1/255)"
    return list(summary["eps"]), f"eps ({summary.get('norm') or 'L2'})"


def _values(values: list[float | None]) -> list[float]:
    return [math.nan if v is None else v for v in values]


def render(summary: dict[str, Any]) -> bytes:
    """The figure as PNG bytes."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    side = bool(summary["transfer"]) or bool(summary["jpeg"])
    fig = Figure(figsize=(11 if side else 6.5, 4.2), dpi=150, layout="constrained")
    FigureCanvasAgg(fig)
    axes = fig.subplots(1, 2 if side else 1, squeeze=False)[0]
    x, label = _x(summary)
    ax = axes[0]
    ax.plot(x, _values(summary["robust_accuracy"]), "o-", label=f"{summary['model']}")
    for m, v in summary["transfer_robust_accuracy"].items():
        ax.plot(x, _values(v), "s-", label=f"{m} (transferred)")
    ax.plot(x, _values(summary["attack_success_rate"]), "o--", color="0.45", label="attack success")
    ax.set_xlabel(label)
    ax.set_ylabel("fraction of images")
    ax.set_ylim(-0.02, 1.02)
    ax.grid(alpha=0.3)
    n = summary["images"]
    ax.set_title(
        f"Robust accuracy, {n} image{'s' if n != 1 else ''}, {', '.join(summary['attacks'])}"
    )
    ax.legend(loc="best", fontsize="small")
    if summary["transfer"]:
        _matrix(axes[1], summary, x)
    elif summary["jpeg"]:
        right = axes[1]
        for q, v in summary["jpeg"].items():
            right.plot(x, _values(v), "o-", label=f"JPEG quality {q}")
        right.set_xlabel(label)
        right.set_ylabel("fooled images still fooled after JPEG")
        right.set_ylim(-0.02, 1.02)
        right.grid(alpha=0.3)
        right.legend(loc="best", fontsize="small")
        right.set_title("Does the attack survive JPEG?")
    out = io.BytesIO()
    fig.savefig(out, format="png")
    return out.getvalue()


def _matrix(ax: Any, summary: dict[str, Any], x: list[float]) -> None:
    models = list(summary["transfer"])
    grid = [_values(summary["transfer"][m]) for m in models]
    image = ax.imshow(grid, vmin=0, vmax=1, cmap="viridis", aspect="auto")
    ax.set_xticks(range(len(x)), [f"{v:g}" for v in x])
    ax.set_yticks(range(len(models)), models)
    for r, row in enumerate(grid):
        for c, v in enumerate(row):
            text = "-" if math.isnan(v) else f"{v:.0%}"
            ax.text(c, r, text, ha="center", va="center", color="w" if v < 0.6 else "k")
    ax.set_xlabel(_x(summary)[1])
    ax.set_title(f"Transfer from {summary['model']}: success rate")
    ax.figure.colorbar(image, ax=ax, fraction=0.05)


def write(summary: dict[str, Any], path: Path) -> None:
    replace_file(path, render(summary))
