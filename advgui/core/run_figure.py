"""A run as the tutorial's pictures, for a slide or a paper, and its curves as CSV.

``write_run_figure(path, ...)`` draws, in one figure: the original image, the adversarial
image (x + delta, clipped to [0, 1]) and delta amplified (``amplify * delta + 0.5``, the
picture ``imaging.amplify_delta`` and the window draw), each titled with what the model
sees in it; below them the loss and the probabilities (p(true class), and p(target) for a
targeted run, on a log scale) against the step, with a marker at the step shown. The
format follows the extension: ``.png`` (300 dpi), ``.svg`` or ``.pdf``; in SVG and PDF the
text stays text (SVG ``<text>``, PDF TrueType fonts), so it can be searched and edited.

``write_curves_csv(path, history, names)`` writes one row per step (``CURVE_COLUMNS``).

Both write through ``atomic.write_files``: a failure leaves no partial file and an
existing file at ``path`` as it was. No pyplot: a ``Figure`` with its own canvas, so no
window system is touched and nothing global is drawn on.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import torch

from advgui.core.atomic import write_files
from advgui.core.attacks.record import StepRecord
from advgui.core.errors import SaveError, shown
from advgui.core.formats import DEFAULT_AMPLIFY
from advgui.core.imaging import amplify_delta, to_uint8
from advgui.core.predict import Guess

#: Extensions ``write_run_figure`` accepts, and matplotlib's name for each format.
FIGURE_FORMATS = {".png": "png", ".svg": "svg", ".pdf": "pdf"}
#: PNG resolution: print quality (the 10-inch-wide figure is 3000 pixels wide).
PRINT_DPI = 300
#: The figure's width in inches, and the height of its plots' row (the images' row is
#: as tall as their shape needs: 2.1 inches for the tutorial's 224 x 336 input).
FIGURE_WIDTH, PLOTS_HEIGHT = 10.0, 2.9
#: Probabilities are clipped here before the log scale (a float32 softmax reaches 0).
P_FLOOR = 1e-12
#: ``write_curves_csv``'s header; empty cells where a value does not apply.
CURVE_COLUMNS = (
    "step",
    "loss",
    "p_true",
    "p_target",  # empty: an untargeted run
    "top1",
    "top1_name",
    "top1_prob",
    "success",  # 1 when the goal is met at this step, else 0
    "linf",  # in [0, 1] pixel units
    "linf_255",  # the same in 1/255 levels
    "l2",
    "elapsed_s",  # seconds since the run started
    "queries",  # score-only attacks: model queries so far
    "best_norm",  # minimal-norm attacks: the smallest adversarial norm so far
)

# Curve colours: the window's (widgets.top5 TRUE_COLOR / TARGET_COLOR, and the loss plot).
_LOSS = "#c83c3c"
_TRUE = "#2c7fb8"
_TARGET = "#e6550d"


class FigureFormatError(SaveError, ValueError):
    """A figure file name whose extension is not one of ``FIGURE_FORMATS``."""


def figure_format(path: str | Path) -> str:
    """The format ``path``'s extension asks for (``png``, ``svg``, ``pdf``).

    Raises FigureFormatError (one line, naming the allowed extensions) for any other.
    """
    suffix = Path(path).suffix.lower()
    if suffix not in FIGURE_FORMATS:
        allowed = ", ".join(FIGURE_FORMATS)
        got = f"'{suffix}'" if suffix else "no extension"
        raise FigureFormatError(
            f"{shown(Path(path).name)}: a figure is saved as {allowed} (by the extension), "
            f"not {got}"
        )
    return FIGURE_FORMATS[suffix]


def render_run_figure(
    fmt: str,
    *,
    x: torch.Tensor | np.ndarray,
    delta: torch.Tensor | np.ndarray,
    record: StepRecord,
    history: Sequence[StepRecord],
    names: Sequence[str],
    clean: Guess,
    amplify: float = DEFAULT_AMPLIFY,
    step: int | None = None,
    target: int | None = None,
    title: str | None = None,
    dpi: int = PRINT_DPI,
) -> bytes:
    """The figure as ``fmt`` (``png``, ``svg`` or ``pdf``) bytes; see ``write_run_figure``."""
    from matplotlib import rc_context
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    x3, d3 = _chw(x), _chw(delta)
    if x3.shape != d3.shape:
        raise ValueError(f"delta {tuple(d3.shape)} does not match the image {tuple(x3.shape)}")
    pictures = (
        to_uint8(x3),
        to_uint8((x3 + d3).clamp(0, 1)),
        to_uint8(amplify_delta(d3, amplify)),
    )
    # Each image gets a third of the width (less margins), at most 3.3 inches tall.
    height, width = x3.shape[1:]
    images_height = min(3.3, 3.1 * height / width) + 0.55  # and two lines of title
    size = (FIGURE_WIDTH, images_height + PLOTS_HEIGHT + (0.35 if title else 0.0))
    fig = Figure(figsize=size, dpi=dpi, layout="constrained")
    FigureCanvasAgg(fig)
    grid = fig.add_gridspec(2, 6, height_ratios=(images_height, PLOTS_HEIGHT))
    titles = _image_titles(record, names, clean, amplify, step)
    for i, (picture, text) in enumerate(zip(pictures, titles)):
        ax = fig.add_subplot(grid[0, 2 * i : 2 * i + 2])
        # "none": the pixels as they are (nearest-neighbour in PNG, the raw image in SVG/PDF).
        ax.imshow(picture, interpolation="none")
        ax.set_title(text, fontsize=9)
        ax.set_axis_off()
    _curves(fig, grid, history, names, clean.index, target, step)
    if title:
        fig.suptitle(title, fontsize=10)
    out = io.BytesIO()
    # Real text: SVG <text> elements (not paths) and TrueType fonts in PDF (not Type 3).
    # rc_context changes matplotlib's global rcParams for the save alone; nothing else in
    # advgui reads these two.
    with rc_context({"svg.fonttype": "none", "pdf.fonttype": 42}):
        fig.savefig(out, format=fmt, dpi=dpi, metadata=_metadata(fmt))
    return out.getvalue()


def write_run_figure(
    path: str | Path,
    *,
    x: torch.Tensor | np.ndarray,
    delta: torch.Tensor | np.ndarray,
    record: StepRecord,
    history: Sequence[StepRecord],
    names: Sequence[str],
    clean: Guess,
    amplify: float = DEFAULT_AMPLIFY,
    step: int | None = None,
    target: int | None = None,
    title: str | None = None,
    dpi: int = PRINT_DPI,
) -> Path:
    """Write the run's figure to ``path``; its extension picks PNG, SVG or PDF.

    Args:
        x: the clean image, a tensor N x 3 x H x W (the first image is drawn) or
            3 x H x W, or an H x W x 3 array; values in [0, 1].
        delta: the perturbation shown, in the same layout and pixel units.
        record: what the model says of ``x + delta`` (its top-1 titles the adversarial
            image, its norms the delta); image 0 of the batch.
        history: the run's records, one per step (image 0 is plotted).
        names: class names by index (e.g. ``models.imagenet_categories()``).
        clean: the model's top-1 on ``x`` (``predict.top_k(...)[0][0]``); its index is
            the true class the attack moves away from.
        amplify: the delta picture's gain, ``amplify * delta + 0.5`` (default 50).
        step: the step ``delta`` is from, marked on the curves (None: no marker).
        target: a targeted run's class, named in the legend.
        title: a line over the figure (the model and the attack, say).
        dpi: the PNG's resolution (SVG and PDF are vector; their images keep their pixels).

    Returns the path written. Raises FigureFormatError for an extension other than
    .png, .svg, .pdf (before any work), and SaveError (one line) when the file cannot be
    written; nothing is left behind then and an existing file is as it was.
    """
    path = Path(path)
    fmt = figure_format(path)
    data = render_run_figure(
        fmt,
        x=x,
        delta=delta,
        record=record,
        history=history,
        names=names,
        clean=clean,
        amplify=amplify,
        step=step,
        target=target,
        title=title,
        dpi=dpi,
    )
    return _write(path, data)


def curves_csv(history: Sequence[StepRecord], names: Sequence[str] = ()) -> str:
    """The CSV text of ``write_curves_csv``: a header (``CURVE_COLUMNS``), a row per step."""
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(CURVE_COLUMNS)
    for r in history:
        top = r.top1[0]
        p_target = r.p_target[0] if r.p_target is not None else None
        queries = r.queries[0] if r.queries is not None else None
        best = r.best_norm[0] if r.best_norm is not None else None
        row = (
            r.step,
            r.loss[0],
            r.p_true[0],
            p_target,
            top,
            _name(names, top),
            r.top1_prob[0],
            int(r.success[0]),
            r.linf[0],
            r.linf[0] * 255,
            r.l2[0],
            r.elapsed,
            queries,
            best,
        )
        w.writerow(["" if v is None else repr(v) if isinstance(v, float) else v for v in row])
    return out.getvalue()


def write_curves_csv(
    path: str | Path, history: Sequence[StepRecord], names: Sequence[str] = ()
) -> Path:
    """Write the run's per-step numbers (image 0) to ``path`` as CSV; return the path.

    Floats are written exactly (``repr``), so a reader gets the records' values back.
    Raises SaveError (one line) when the file cannot be written; nothing is left behind
    then and an existing file is as it was.
    """
    return _write(Path(path), curves_csv(history, names).encode())


# -- drawing ---------------------------------------------------------------------------


def _chw(a: torch.Tensor | np.ndarray) -> torch.Tensor:
    """One image as a 3 x H x W float32 CPU tensor."""
    if isinstance(a, np.ndarray):
        if a.ndim != 3 or a.shape[2] != 3:
            raise ValueError(f"need an H x W x 3 array, got {a.shape}")
        return torch.from_numpy(np.asarray(a, dtype=np.float32)).permute(2, 0, 1)
    t = a.detach().to("cpu", torch.float32)
    t = t[0] if t.dim() == 4 else t
    if t.dim() != 3 or t.shape[0] != 3:
        raise ValueError(f"need a 3 x H x W image, got {tuple(a.shape)}")
    return t


def _name(names: Sequence[str], index: int) -> str:
    return names[index] if 0 <= index < len(names) else str(index)


def _percent(p: float) -> str:
    """``43.2%``, ``0.52%``, ``0.003%``: a few significant digits."""
    pct = 100.0 * p
    return f"{pct:.1f}%" if pct >= 1 else f"{pct:.2f}%" if pct >= 0.01 else f"{pct:.1g}%"


def _image_titles(
    record: StepRecord, names: Sequence[str], clean: Guess, amplify: float, step: int | None
) -> tuple[str, str, str]:
    targeted = record.p_target is not None
    met = record.success[0]
    if targeted:
        verdict = "target reached" if met else "target not reached"
    else:
        verdict = "fooled" if met else "not fooled"
    at = f", step {step}" if step is not None else ""
    top = record.top1[0]
    return (
        f"Original\n{_name(names, clean.index)} ({_percent(clean.prob)})",
        f"Adversarial ({verdict}{at})\n{_name(names, top)} ({_percent(record.top1_prob[0])})",
        f"δ × {amplify:g} + 0.5 (grey: no change)\n"
        f"‖δ‖∞ = {record.linf[0] * 255:.3g}/255, ‖δ‖₂ = {record.l2[0]:.3g}",
    )


def _curves(
    fig,
    grid,
    history: Sequence[StepRecord],
    names: Sequence[str],
    true_class: int,
    target: int | None,
    step: int | None,
) -> None:
    loss_ax = fig.add_subplot(grid[1, :3])
    prob_ax = fig.add_subplot(grid[1, 3:])
    by_queries = bool(history) and history[0].queries is not None
    xs = [r.queries[0] if by_queries else r.step for r in history]
    x_label = "model queries" if by_queries else "step"
    loss_ax.plot(xs, [r.loss[0] for r in history], color=_LOSS, lw=1.6)
    loss_ax.set_title("Loss: the objective the attack increases", fontsize=9)
    loss_ax.set_ylabel("loss", fontsize=9)
    prob_ax.plot(
        xs,
        [max(r.p_true[0], P_FLOOR) for r in history],
        color=_TRUE,
        lw=1.6,
        label=f"p(true class: {_name(names, true_class)})",
    )
    targeted = bool(history) and history[0].p_target is not None
    if targeted:
        label = "p(target)" if target is None else f"p(target: {_name(names, target)})"
        prob_ax.plot(
            xs,
            [max(r.p_target[0], P_FLOOR) for r in history],
            color=_TARGET,
            lw=1.6,
            label=label,
        )
    prob_ax.set_yscale("log")
    prob_ax.set_title("Probabilities (log scale)", fontsize=9)
    prob_ax.set_ylabel("probability", fontsize=9)
    prob_ax.legend(loc="best", fontsize=8)
    for ax in (loss_ax, prob_ax):
        ax.set_xlabel(x_label, fontsize=9)
        ax.grid(alpha=0.3)
        ax.tick_params(labelsize=8)
    marked = next((r for r in history if r.step == step), None) if step is not None else None
    if marked is not None:
        at = marked.queries[0] if by_queries else marked.step
        for ax in (loss_ax, prob_ax):
            ax.axvline(at, color="0.35", ls="--", lw=1)
        loss_ax.plot([at], [marked.loss[0]], "o", color=_LOSS, ms=5)
        prob_ax.plot([at], [max(marked.p_true[0], P_FLOOR)], "o", color=_TRUE, ms=5)
        if targeted:
            prob_ax.plot([at], [max(marked.p_target[0], P_FLOOR)], "o", color=_TARGET, ms=5)


def _metadata(fmt: str) -> dict[str, str | None]:
    """The file's metadata: advgui as its creator, no date (the same run, the same bytes)."""
    if fmt == "png":
        return {"Software": "advgui"}
    if fmt == "pdf":
        return {"Creator": "advgui", "CreationDate": None}
    return {"Creator": "advgui", "Date": None}


def _write(path: Path, data: bytes) -> Path:
    """``data`` to ``path`` through a temporary file renamed into place (replacing a file
    there); SaveError, one line, when it cannot, with nothing left behind."""
    if path.is_dir():
        raise SaveError(f"{shown(path)} is a folder: choose a file name")
    if not path.parent.is_dir():
        raise SaveError(f"{shown(path.parent)}: no such folder")
    return write_files(path.parent, {path.name: data}, force=True)[0]
