"""Ratios, the printed table and the JSON file."""

from __future__ import annotations

import json
import math
import os
import statistics
from pathlib import Path

from advgui.bench.runner import Group

#: (name, numerator, denominator, target, "<=" or ">="), within one model and batch size.
RATIOS = [
    ("step / forward", "advgui-pgd", "forward-prepared", 2.2, "<="),
    ("step / plain forward", "advgui-pgd", "forward", 2.2, "<="),
    ("advgui / tutorial", "advgui-sgd", "tutorial", 0.5, "<="),
    ("advgui auto / tutorial", "advgui-sgd-auto", "tutorial", 0.4, "<="),
    ("advgui / torchattacks", "advgui-pgd", "torchattacks", 0.85, "<="),
    ("advgui auto / torchattacks", "advgui-pgd-auto", "torchattacks", 0.6, "<="),
    ("worker / bare", "worker", "bare", 1.03, "<="),
    ("worker, main pool kept / bare", "worker-pool", "bare", None, "<="),
    ("prepared / plain (pgd step)", "advgui-pgd", "advgui-pgd-plain", None, "<="),
    ("folded only / plain (pgd step)", "advgui-pgd-fold", "advgui-pgd-plain", None, "<="),
    ("channels_last only / plain", "advgui-pgd-cl", "advgui-pgd-plain", None, "<="),
    ("amp / float32 (pgd step)", "advgui-pgd-amp", "advgui-pgd", None, "<="),
    ("compiled / eager (pgd step)", "advgui-pgd-compiled", "advgui-pgd", None, "<="),
]
BATCH_TARGET = 1.5
STARTUP_TARGETS = {"shown_s": 1.0, "ready_s": 6.0}
WINDOW_TARGET = 1.15  # an attack started from the window / the bare engine
CLI_TARGET = 1.5  # seconds for `advgui-cli --help` and `advgui-cli models`
EVAL_BATCH_TARGET = 1.4  # evaluate --batch 8 at least this much faster per image than 1
LOAD_TARGETS = {
    "advgui under load / quiet": 1.5,
    "advgui quiet / torch defaults quiet": 1.05,
}


def ratios(group: Group) -> dict[str, float]:
    out = {}
    for name, num, den, _, _ in RATIOS:
        a, b = group.get(num), group.get(den)
        if a is not None and b is not None and a.samples and b.samples:
            out[name] = a.median / b.median
    return out


def batch_scaling(groups: list[Group]) -> dict[str, float]:
    """Per-image throughput of advgui's PGD step at each batch size over batch 1."""
    out = {}
    ones = {g.model: g.get("advgui-pgd") for g in groups if g.batch == 1}
    for g in groups:
        base, v = ones.get(g.model), g.get("advgui-pgd")
        if g.batch > 1 and base is not None and v is not None and v.samples and base.samples:
            out[f"{g.model} batch {g.batch} / batch 1"] = base.median / (v.median / g.batch)
    return out


def _verdict(value: float, target: float | None, sense: str) -> str:
    if target is None or math.isnan(value):
        return ""
    ok = value <= target if sense == "<=" else value >= target
    return f"(target {sense} {target:g}: {'met' if ok else 'NOT met'})"


def _ms(seconds: float) -> str:
    return "-" if math.isnan(seconds) else f"{seconds * 1000:9.1f}"


def table(result: dict, groups: list[Group]) -> str:
    env, cfg = result["environment"], result["config"]
    lines = [
        f"advgui benchmark on {env['device_name']} ({env['threads']} threads), "
        f"torch {env['torch']}, {cfg['size']}x{cfg['size']}, "
        f"median of {cfg['repeats']} interleaved rounds after warm-up",
        f"load average {env['load_before']} before, {env['load_after']} after "
        f"({env['cpus']} CPUs); times in ms",
        "",
        f"{'model':<19}{'batch':>5}  {'variant':<42}{'per batch':>10}{'per image':>10}"
        f"{'best':>10}{'+RSS MiB':>10}",
    ]
    for g in groups:
        for v in g.variants:
            extra = v.memory.get("gpu_extra_mib", v.memory.get("extra_rss_mib", math.nan))
            lines.append(
                f"{g.model:<19}{g.batch:>5}  {v.label + ' /' + v.unit:<42}{_ms(v.median):>10}"
                f"{_ms(v.median / v.images):>10}{_ms(v.best):>10}{extra:>10.0f}"
            )
        for note in g.notes:
            lines.append(f"{'':<26}note: {note}")
    lines += ["", "Ratios of medians"]
    for g in groups:
        got = ratios(g)
        for name, _, _, target, sense in RATIOS:
            if name in got:
                lines.append(
                    f"  {g.model} batch {g.batch}: {name:<28} {got[name]:6.2f}  "
                    f"{_verdict(got[name], target, sense)}"
                )
    for name, value in batch_scaling(groups).items():
        lines.append(
            f"  {name} per-image throughput: {value:.2f}x  {_verdict(value, BATCH_TARGET, '>=')}"
        )
    win = result.get("window")
    if win:
        lines += ["", "Attacks started from the window (drawing included) against bare runs"]
        if "ratio" in win:
            shape = "x".join(str(d) for d in win["input"][2:])
            steps = win["settings"]["steps"]
            bare, shown = (
                statistics.median(win[k]) for k in ("bare_s_per_step", "window_s_per_step")
            )
            cpu = statistics.median(win["main_thread_cpu_s"]) / steps
            lines.append(
                f"  {win['model']} {shape}, {win['settings']['attack']} {steps} steps: "
                f"window {shown * 1000:.1f} ms/step, bare {bare * 1000:.1f} ms/step, "
                f"window / bare {win['ratio']:.2f} "
                f"{_verdict(win['ratio'], WINDOW_TARGET, '<=')}; "
                f"GUI thread CPU {cpu * 1000:.1f} ms/step"
            )
        else:
            lines.append(f"  note: {win.get('note')}")
    st = result.get("startup")
    if st:
        lines += ["", f"Start-up ({st['command']}), median of {len(st['runs'])} launches"]
        for key, label in (("shown_s", "window shown"), ("ready_s", "ready to run")):
            value = st.get(key)
            text = "-" if value is None else f"{value:.2f} s"
            verdict = "" if value is None else _verdict(value, STARTUP_TARGETS[key], "<=")
            lines.append(f"  {label:<14} {text:>8}  {verdict}")
        lines.extend(f"  note: {r['note']}" for r in st["runs"] if r.get("note"))
    cli = result.get("cli")
    if cli:
        lines += ["", "Command line, median wall time"]
        for key, label in (("help_s", "advgui-cli --help"), ("models_s", "advgui-cli models")):
            value = cli.get(key)
            text = "failed" if value is None else f"{value:.2f} s"
            verdict = "" if value is None else _verdict(value, CLI_TARGET, "<=")
            lines.append(f"  {label:<20} {text:>8}  {verdict}")
    ev = result.get("evaluate")
    if ev:
        lines += ["", f"Evaluating a folder ({ev['model']}), median s per image"]
        for batch, value in ev["s_per_image"].items():
            lines.append(f"  --batch {batch:<3} {value * 1000:8.1f} ms/image")
        verdict = _verdict(ev["speedup"], EVAL_BATCH_TARGET, ">=")
        lines.append(f"  batch 8 over batch 1, per image   {ev['speedup']:6.2f}  {verdict}")
    load = result.get("under_load")
    if load:
        lines += ["", f"A busy desktop: {load['model']}, {load['steps']} steps per probe"]
        for key, value in sorted(load["s_per_step"].items()):
            lines.append(f"  {key:<14} {value * 1000:8.1f} ms/step")
        for name, value in load["ratios"].items():
            if value is not None:
                target = LOAD_TARGETS.get(name)
                lines.append(f"  {name:<36} {value:6.2f}  {_verdict(value, target, '<=')}")
        lines.extend(f"  error: {e}" for e in load.get("errors", []))
    lines.append(f"\nPeak RSS of this process: {env.get('peak_rss_mib', 0):.0f} MiB")
    return "\n".join(lines)


def to_json(result: dict, groups: list[Group]) -> dict:
    out = dict(result)
    out["groups"] = [
        {
            "model": g.model,
            "batch": g.batch,
            "notes": g.notes,
            "ratios": ratios(g),
            "variants": [
                {
                    "key": v.key,
                    "label": v.label,
                    "unit": v.unit,
                    "images": v.images,
                    "median_s": v.median,
                    "best_s": v.best,
                    "per_image_median_s": v.median / v.images,
                    "samples_s": v.samples,
                    "memory": v.memory,
                }
                for v in g.variants
            ],
        }
        for g in groups
    ]
    out["batch_scaling"] = batch_scaling(groups)
    out["targets"] = {
        "ratios": {name: [sense, t] for name, _, _, t, sense in RATIOS if t is not None},
        "batch_scaling": [">=", BATCH_TARGET],
        "startup": {k: ["<=", v] for k, v in STARTUP_TARGETS.items()},
    }
    return out


def write_json(path: Path, data: dict) -> None:
    """Write atomically: a temporary file beside ``path``, then a rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        tmp.write_text(json.dumps(_clean(data), indent=2, allow_nan=False, default=str) + "\n")
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def _clean(obj: object) -> object:
    """NaN (a figure that could not be measured) becomes null."""
    if isinstance(obj, float) and math.isnan(obj):
        return None
    if isinstance(obj, dict):
        return {k: _clean(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [_clean(v) for v in obj]
    return obj
