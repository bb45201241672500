"""The names of a saved run's files: a stem the user chooses, or the fixed names.

With a stem S: ``S.png`` (x + delta), ``S-delta.png`` (the amplified delta),
``S-delta.npy`` (the exact delta), ``S.json`` (the sidecar) and, at full resolution,
``S-full.png``. Without one, the names every save had before stems: adversarial.png,
delta.png, delta.npy, result.json (``NAMES``; and adversarial-full.png), which is what
the CLI's ``--out DIR`` writes. Imports neither torch nor Qt: the window's controllers
use it directly.
"""

from __future__ import annotations

from pathlib import Path

from advgui.core.errors import QT_TRANSLATE_NOOP, SaveError

#: The exact perturbation (float32 .npy) and the JSON sidecar of a save without a stem.
DELTA_ARRAY, SIDECAR = "delta.npy", "result.json"
#: Every file a save of one image without a stem writes, in the order it writes them.
NAMES = ("adversarial.png", "delta.png", DELTA_ARRAY, SIDECAR)
#: Endings taken off a chosen file name to give the stem ("cat.png" -> "cat").
STEM_SUFFIXES = (".png", ".json", ".npy")


def output_names(
    count: int, stem: str | None = None, *, full_resolution: bool = False
) -> list[dict[str, str]]:
    """File names per image, ``adversarial`` and ``delta`` (and ``full`` with
    ``full_resolution``).

    Without ``stem``: adversarial.png, delta.png, adversarial-full.png (a batch numbers
    them: adversarial-0.png, delta-0.png, …). With a stem S: S.png, S-delta.png,
    S-full.png (a batch: S-0.png, S-0-delta.png, …).
    """
    if stem is None:
        bases = [(f"adversarial{n}", f"delta{n}") for n in _numbers(count)]
    else:
        bases = [(f"{stem}{n}", f"{stem}{n}-delta") for n in _numbers(count)]
    names = []
    for adversarial, delta in bases:
        entry = {"adversarial": f"{adversarial}.png", "delta": f"{delta}.png"}
        if full_resolution:
            entry["full"] = f"{adversarial}-full.png"
        names.append(entry)
    return names


def _numbers(count: int) -> list[str]:
    return [""] if count == 1 else [f"-{i}" for i in range(count)]


def array_name(stem: str | None = None) -> str:
    """The .npy file of the exact delta: delta.npy, or S-delta.npy for a stem S."""
    return DELTA_ARRAY if stem is None else f"{stem}-delta.npy"


def sidecar_name(stem: str | None = None) -> str:
    """The JSON sidecar: result.json, or S.json for a stem S."""
    return SIDECAR if stem is None else f"{stem}.json"


def file_names(
    count: int = 1, stem: str | None = None, *, full_resolution: bool = False
) -> list[str]:
    """Every file a save of ``count`` images writes, in the order it writes them."""
    images = output_names(count, stem, full_resolution=full_resolution)
    return [n for d in images for n in d.values()] + [array_name(stem), sidecar_name(stem)]


def existing_outputs(
    folder: str | Path,
    count: int = 1,
    stem: str | None = None,
    *,
    full_resolution: bool = False,
) -> list[Path]:
    """The files a save into ``folder`` would replace (none when the folder is not there)."""
    folder = Path(folder)
    names = file_names(count, stem, full_resolution=full_resolution)
    return [folder / n for n in names if (folder / n).exists()]


def split_file_name(path: str | Path) -> tuple[Path, str]:
    """The folder and the stem of a file name chosen for the results: ``out/cat.png``
    gives (out, "cat"); a name without .png (or .json, .npy) is the stem as it is.
    SaveError (one line) when no usable name is left."""
    path = Path(path)
    name = path.name
    for suffix in STEM_SUFFIXES:
        if name.lower().endswith(suffix) and len(name) > len(suffix):
            name = name[: -len(suffix)]
            break
    if not name.strip() or name.startswith(".") or "\0" in name:
        raise SaveError.of(
            QT_TRANSLATE_NOOP(
                "Errors",
                "{name} cannot name the saved files: choose a name such as cat.png "
                "(not empty, not starting with a dot)",
            ),
            name=repr(name),
        )
    return path.parent, name
