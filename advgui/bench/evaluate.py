"""Evaluating a folder: seconds per image with ``--batch 1`` and ``--batch 8``.

The folder is made from the bundled samples (each, its mirror image, and crops of it)
in a temporary directory; the attack is ``pgd-linf`` (20 steps) at one eps on the
offline model, the work ``advgui-cli evaluate`` does per image, verdicts included.
Rounds alternate the two batch sizes; the figure is the median over rounds.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

#: Images in the folder: a multiple of the larger batch.
IMAGES = 16
BATCHES = (1, 8)


def make_folder(folder: Path, count: int = IMAGES) -> list[Path]:
    """``count`` different photos made from the bundled samples (crops, mirror images)."""
    from PIL import Image

    from advgui.core.paths import sample

    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    sources = [sample("cat"), sample("espresso")]
    k = 0
    while len(paths) < count:
        src = sources[k % 2]
        with Image.open(src) as im:
            im = im.convert("RGB")
            w, h = im.size
            cut = (k // 2) % 4
            im = im.crop((cut * w // 20, cut * h // 20, w - cut * w // 30, h - cut * h // 30))
            if (k // 8) % 2:
                im = im.transpose(Image.Transpose.FLIP_LEFT_RIGHT)
            path = folder / f"{src.stem}_{k:02d}.png"
            im.save(path)
            paths.append(path)
        k += 1
    return paths


def seconds_per_image(model, folder: Path, batch: int, steps: int = 20) -> float:
    from advgui.core.evaluation.inputs import collect
    from advgui.core.evaluation.run import EvalConfig, Evaluation
    from advgui.core.settings import PRESETS

    settings = PRESETS["pgd-linf"].replace(steps=steps)
    config = EvalConfig(
        model=model.name, settings=settings, attack="pgd-linf", eps=(settings.eps,), size=224
    )
    items = collect([folder])
    began = time.perf_counter()
    done = sum(1 for _ in Evaluation(model, config, batch=batch).run(items))
    return (time.perf_counter() - began) / done


def batch_throughput(
    runs: int, log: Callable[[str], object], *, images: int = IMAGES, steps: int = 20
) -> dict:
    """``runs`` rounds of evaluating ``images`` photos at each batch size (``images`` a
    multiple of the largest); ``steps`` of pgd-linf per image."""
    from advgui.core.models import OFFLINE_MODEL, load_model

    model = load_model(OFFLINE_MODEL, download=False)
    times: dict[int, list[float]] = {b: [] for b in BATCHES}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "photos"
        make_folder(folder, images)
        seconds_per_image(model, folder, BATCHES[-1], steps)  # warm-up
        for k in range(runs):
            for b in BATCHES if k % 2 == 0 else BATCHES[::-1]:
                log(f"evaluate: round {k + 1}/{runs}, batch {b}")
                times[b].append(seconds_per_image(model, folder, b, steps))
    median = {b: statistics.median(v) for b, v in times.items()}
    return {
        "model": f"{OFFLINE_MODEL} (offline), pgd-linf {steps} steps, {images} images of 224 x 224",
        "s_per_image": {str(b): median[b] for b in BATCHES},
        "runs": {str(b): times[b] for b in BATCHES},
        "speedup": median[BATCHES[0]] / median[BATCHES[-1]],
    }
