"""Command line of ``python -m advgui.bench``."""

from __future__ import annotations

import argparse
import dataclasses
import os
import platform
import statistics
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from advgui.bench.runner import Config

DEFAULTS = Config()
QUICK = dict(
    repeats=2, steps=3, worker_steps=5, startup_runs=1, window_runs=1, load_runs=1, eval_runs=1
)


def _names(text: str) -> tuple[str, ...]:
    names = tuple(n.strip() for n in text.split(",") if n.strip())
    if not names:
        raise argparse.ArgumentTypeError("give at least one name")
    return names


def _sizes(text: str) -> tuple[int, ...]:
    try:
        values = tuple(int(n) for n in text.split(",") if n.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a list of whole numbers: {text!r}") from None
    if not values or min(values) < 1:
        raise argparse.ArgumentTypeError("batch sizes must be whole numbers of at least 1")
    return values


def _at_least(low: int):
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
        if value < low:
            raise argparse.ArgumentTypeError(f"must be at least {low}")
        return value

    return parse


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(
        prog="python -m advgui.bench",
        description="Time advgui's attacks beside the tutorial's loop and torchattacks, "
        "the GUI worker beside the bare engine, and the program's start-up. "
        "All in one process, interleaved, medians after a warm-up round.",
    )
    p.add_argument("--device", choices=("cpu", "cuda"), default="cpu")
    p.add_argument("--models", type=_names, default=DEFAULTS.models, help="comma-separated")
    p.add_argument("--batch", type=_sizes, default=DEFAULTS.batches, help="e.g. 1,8")
    p.add_argument("--size", type=_at_least(32), default=DEFAULTS.size, help="image side")
    p.add_argument("--repeats", type=_at_least(1), help=f"rounds (default {DEFAULTS.repeats})")
    p.add_argument("--steps", type=_at_least(2), help="steps per timed attack run")
    p.add_argument("--worker-steps", type=_at_least(1), help="steps of a worker/bare run")
    p.add_argument("--startup-runs", type=_at_least(0), help="launches of the program (0: none)")
    p.add_argument(
        "--window-runs", type=_at_least(0), help="attacks started from the window (0: none)"
    )
    p.add_argument(
        "--load-runs",
        type=_at_least(0),
        help="rounds of the busy-desktop probes (quiet / beside a CPU-bound program; 0: none)",
    )
    p.add_argument(
        "--eval-runs",
        type=_at_least(0),
        help="rounds of evaluating a folder with --batch 1 and 8 (0: none)",
    )
    p.add_argument(
        "--amp",
        choices=("bf16", "fp16"),
        help="also time PGD under autocast (default: bf16 where the device has it natively)",
    )
    p.add_argument(
        "--compile", action="store_true", help="also time PGD on a torch.compile'd model"
    )
    p.add_argument(
        "--ablation", action="store_true", help="also time PGD with only fold or channels_last"
    )
    p.add_argument("--threads", type=_at_least(1), help="torch CPU threads (default: torch's)")
    p.add_argument("--quick", action="store_true", help="fewer rounds and steps (a smoke run)")
    p.add_argument("--out", type=Path, help="JSON file (default bench-results/bench-DEVICE.json)")
    return p.parse_args(argv)


def config_from(args: argparse.Namespace) -> Config:
    base = dict(QUICK) if args.quick else {}
    names = ("repeats", "steps", "worker_steps", "startup_runs", "window_runs", "load_runs")
    for name in (*names, "eval_runs"):
        if getattr(args, name) is not None:
            base[name] = getattr(args, name)
    return Config(
        models=args.models,
        batches=args.batch,
        size=args.size,
        amp=args.amp,
        compile=args.compile,
        ablation=args.ablation,
        **base,
    )


def _load() -> str:
    try:
        return " ".join(f"{v:.2f}" for v in os.getloadavg())
    except OSError:
        return "?"


def _problem(args: argparse.Namespace, cfg: Config) -> str | None:
    """Why the benchmark cannot run as asked, in one line, or None."""
    import torch

    from advgui.core.models import list_models

    known = {m.name for m in list_models()}
    unknown = [m for m in cfg.models if m not in known]
    if unknown:
        return f"unknown model {unknown[0]!r}"
    if args.device == "cuda" and not torch.cuda.is_available():
        return "CUDA is not available on this machine"
    return None


def _environment(device) -> dict:
    import torch

    from advgui.core.precision import cpu_name

    cuda = device.type == "cuda"
    return {
        "device": str(device),
        "device_name": torch.cuda.get_device_name(device) if cuda else cpu_name(),
        "threads": torch.get_num_threads(),
        "cpus": os.cpu_count(),
        "torch": torch.__version__,
        "python": platform.python_version(),
        "load_before": _load(),
    }


def _startup(runs: int) -> dict:
    from advgui.bench import startup

    got = [startup.launch().to_dict() for _ in range(runs)]
    out = {"command": " ".join(Path(c).name for c in startup.command()), "runs": got}
    for key in ("shown_s", "ready_s"):
        values = [r[key] for r in got if r[key] is not None]
        out[key] = statistics.median(values) if values else None
    return out


def _cli_times(runs: int) -> dict:
    from advgui.bench.startup import cli_seconds

    return {
        "help_s": cli_seconds("--help", runs=max(runs, 3)),
        "models_s": cli_seconds("models", runs=max(runs, 3)),
    }


def _unwritable(out: Path) -> str | None:
    """Why the results could not be written to ``out`` (its folder is made), or None."""
    import tempfile

    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=out.parent):
            pass
    except OSError as exc:
        return exc.strerror or str(exc)
    if out.is_dir():
        return "it is a folder"
    return None


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    from advgui.core.threads import configure

    configure(args.threads)  # before torch loads, as the CLI and the window do
    cfg = config_from(args)
    problem = _problem(args, cfg)
    if problem:
        print(f"advgui.bench: {problem}", file=sys.stderr)
        return 2
    import torch

    from advgui.bench import gui_worker, report, runner, window
    from advgui.bench.timing import peak_rss
    from advgui.core.precision import bf16_capable

    device = torch.device("cuda:0" if args.device == "cuda" else "cpu")
    if args.threads:
        torch.set_num_threads(args.threads)
    if cfg.amp is None and bf16_capable(device):
        cfg = dataclasses.replace(cfg, amp="bf16")
    out = args.out or Path("bench-results") / f"bench-{args.device}.json"
    if (problem := _unwritable(out)) is not None:  # said now, not after the whole benchmark
        print(f"advgui.bench: cannot write {out}: {problem}", file=sys.stderr)
        return 1

    def log(message: str) -> None:
        print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)

    env = _environment(device)
    started = time.perf_counter()
    result: dict = {"command": ["python", "-m", "advgui.bench", *(argv or sys.argv[1:])]}
    result["config"] = cfg.to_dict()
    groups, result["models"] = [], []
    for name in cfg.models:
        got, info = runner.run_model(name, cfg, device, log)
        groups += got
        result["models"].append(info)
    if cfg.window_runs and gui_worker.qt_available():
        log(f"window: {cfg.window_runs} attacks from the window, each beside a bare one")
        gui_worker.application()
        result["window"] = window.window_vs_bare(cfg.window_runs, log)
    if cfg.startup_runs:
        log(f"start-up: {cfg.startup_runs} launches")
        result["startup"] = _startup(cfg.startup_runs)
        result["cli"] = _cli_times(cfg.startup_runs)
    if cfg.eval_runs and args.device == "cpu":
        from advgui.bench.evaluate import batch_throughput

        result["evaluate"] = batch_throughput(cfg.eval_runs, log)
    if cfg.load_runs and args.device == "cpu":
        from advgui.bench.load import under_load

        result["under_load"] = under_load(cfg.load_runs, log)
    env.update(load_after=_load(), peak_rss_mib=peak_rss() / 2**20)
    env["wall_s"] = time.perf_counter() - started
    result["environment"] = env
    print(report.table(result, groups))
    try:
        report.write_json(out, report.to_json(result, groups))
    except OSError as exc:
        print(f"advgui.bench: cannot write {out}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    log(f"wrote {out} ({env['wall_s']:.0f} s in all)")
    return 0
