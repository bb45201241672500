"""advgui-cli: the headless entry point (never imports Qt).

    advgui-cli models
    advgui-cli download resnet50
    advgui-cli predict IMAGE [--model M] [--weights FILE] [--top K] [--json]
    advgui-cli attack IMAGE [--preset P | --attack A] [options] [--out DIR] [--transfer M1,M2]
        [--json]
    advgui-cli evaluate INPUT... --out DIR [--eps LIST] [attack options] [--transfer M1,M2]
        [--jpeg Q1,Q2] [--min-eps] [--labels FILE.csv] [--batch N] [--resume] [--shard K/N]
    advgui-cli summarize DIR... [--out DIR] [--json]

Exit codes: 0 done (fooled or not), 2 bad usage or input, 3 weights unavailable or
unusable (or a model whose outputs are not finite), 1 out of memory or an unexpected error
(``advgui.core.errors.classify``), 128 + N when stopped by signal N: 130 for Ctrl+C, 143 for
SIGTERM, 129 for SIGHUP (``advgui.core.stops``; a save is never left half-written).
Errors are one line on stderr.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import signal
import sys
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NoReturn

from advgui.core import stops
from advgui.core.errors import (
    ErrorKind,
    ImageLoadError,
    SaveError,
    SettingsError,
    classify,
    os_reason,
    shown,
)
from advgui.core.settings import PRESET_HELP, PRESETS, Attack, Loss, Norm
from advgui.core.threads import configure as configure_threads

#: The --precision choices (advgui.core.precision.PRECISIONS, which imports torch).
PRECISIONS = ("auto", "fp32", "bf16", "fp16")

PROG = "advgui-cli"


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line on stderr and exit code 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message} (see --help)\n")


def add_attack_options(a: argparse.ArgumentParser, *, eps_help: str | None = None) -> None:
    """The options that say how to attack: ``attack`` and ``evaluate`` share them."""
    presets = "; ".join(f"{k}: {v}" for k, v in PRESET_HELP.items())
    a.add_argument("--preset", choices=list(PRESETS), help=f"named recipe ({presets})")
    a.add_argument("--attack", choices=[e.value for e in Attack], help="update rule")
    a.add_argument("--loss", choices=[e.value for e in Loss])
    a.add_argument("--norm", choices=[e.value for e in Norm])
    a.add_argument(
        "--eps",
        help=eps_help
        or "radius, a number or a fraction such as 2/255; 'none' (deepfool, fmn): no bound",
    )
    a.add_argument("--step-size", help="step length; the learning rate for sgd/adam")
    a.add_argument("--steps", type=int)
    a.add_argument("--target", help="class index or name for a targeted attack")
    a.add_argument("--random-start", action="store_true", default=None)
    a.add_argument("--early-stop", action="store_true", default=None)
    a.add_argument("--seed", type=int)
    a.add_argument(
        "--keep-best",
        action="store_true",
        default=None,
        help="the result is the best point found, not the last (apgd, deepfool, fmn always)",
    )
    a.add_argument("--overshoot", help="deepfool: step past the linearised boundary (0.02)")
    a.add_argument("--candidates", type=int, help="deepfool: classes considered (top 10)")
    a.add_argument("--p-init", help="square: initial fraction of pixels a square covers (0.05)")
    a.add_argument(
        "--eot",
        metavar="jpeg:Q",
        help="attack what a JPEG at quality Q (1-100) shows, so that the result survives "
        "saving as JPEG (gradient straight through the round trip); both verdicts are reported",
    )
    a.add_argument(
        "--precision",
        choices=PRECISIONS,
        default="auto",
        help="number format of the passes: auto (bf16 where measured faster, else fp32), "
        "fp32, bf16, fp16 (GPU)",
    )


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(prog=PROG, description="Run and save adversarial attacks without a window.")
    sub = p.add_subparsers(dest="command", required=True, parser_class=_Parser)

    m = sub.add_parser("models", help="list models, whether their weights are on disk")
    m.add_argument("--json", action="store_true", help="print JSON")

    d = sub.add_parser("download", help="download models' weights into torch's cache")
    d.add_argument("models", nargs="+", metavar="MODEL")

    def common(sp: argparse.ArgumentParser) -> None:
        sp.add_argument("image", help="image file (PNG, JPEG, ...)")
        sp.add_argument("--model", help="model name (default: resnet50 if on disk, else offline)")
        sp.add_argument("--weights", metavar="FILE", help="local .pth or .safetensors weights")
        sp.add_argument("--device", default="auto", help="auto, cpu, cuda, cuda:N or mps")
        sp.add_argument("--size", type=int, default=None, help="shorter side in pixels")
        sp.add_argument("--crop", action="store_true", help="centre-crop a square")
        sp.add_argument("--json", action="store_true", help="print one JSON object")
        sp.add_argument(
            "--threads",
            type=int,
            metavar="N",
            help="CPU threads (default: torch's, or your OMP_NUM_THREADS)",
        )

    pr = sub.add_parser("predict", help="top-k classes of an image")
    common(pr)
    pr.add_argument("--top", type=int, default=5, metavar="K")

    a = sub.add_parser("attack", help="attack an image and optionally save the result")
    common(a)
    add_attack_options(a)
    a.add_argument("--quantize", action="store_true", help="make the saved 8-bit PNG adversarial")
    a.add_argument(
        "--out", metavar="DIR", help="write adversarial.png, delta.png, delta.npy, result.json"
    )
    a.add_argument(
        "--stem",
        metavar="NAME",
        help="name the files NAME.png, NAME-delta.png, NAME-delta.npy, NAME.json",
    )
    a.add_argument(
        "--full-resolution",
        action="store_true",
        help="also judge (and with --out write, as *-full.png) x + delta at the photo's own "
        "size, delta upscaled",
    )
    a.add_argument("--force", action="store_true", help="overwrite files in --out")
    a.add_argument("--amplify", type=float, default=50.0, help="delta.png shows k*delta+0.5")
    a.add_argument(
        "--transfer",
        metavar="M1,M2",
        help="also show the adversarial image to these models and say whether each is fooled",
    )

    from advgui.evaluate_cli import add_arguments, add_summarize_arguments

    e = sub.add_parser(
        "evaluate",
        help="robust accuracy over folders of images, eps, other models and JPEG",
    )
    add_arguments(e)
    add_attack_options(
        e, eps_help="radii, comma-separated: 0.5/255,1/255,2/255,4/255 (default: the attack's)"
    )
    s = sub.add_parser(
        "summarize", help="merge evaluate folders (shards, attacks) into one summary"
    )
    add_summarize_arguments(s)
    return p


def _eot_quality(text: str) -> int:
    """Q of ``--eot jpeg:Q``; a one-line SettingsError for anything else."""
    kind, _, quality = text.strip().partition(":")
    quality = quality.strip()
    if kind.strip().lower() == "jpeg" and quality.isascii() and quality.isdigit():
        if 1 <= int(quality) <= 100:
            return int(quality)
    raise SettingsError(
        f"--eot takes jpeg:Q with a JPEG quality Q from 1 to 100, such as jpeg:75; got {text!r}"
    )


def settings_from_args(args: argparse.Namespace) -> Any:
    """AttackSettings from a preset (default: the tutorial's untargeted) and overrides."""
    from advgui.core.models import find_class
    from advgui.core.settings import AttackSettings, parse_number, preset

    if args.preset and args.attack:
        raise SettingsError("give either --preset or --attack, not both")
    if args.preset:
        base = preset(args.preset)
    elif args.attack:
        base = AttackSettings(attack=args.attack)
    else:
        base = preset("tutorial-untargeted")
    changes: dict[str, Any] = {}
    for key in ("loss", "norm", "steps", "seed", "random_start", "early_stop", "keep_best"):
        value = getattr(args, key)
        if value is not None:
            changes[key] = value
    if args.candidates is not None:
        changes["candidates"] = args.candidates
    for key in ("overshoot", "p_init"):
        if getattr(args, key) is not None:
            changes[key] = parse_number(getattr(args, key))
    norm = Norm(changes.get("norm", base.norm))
    if args.eps is not None:
        if norm is Norm.L2 and "/255" in args.eps.replace(" ", ""):
            raise SettingsError(
                f"L2 eps {args.eps} looks like 1/255 units; L2 eps is a Euclidean radius "
                "in [0, 1] pixel units, e.g. 0.5"
            )
        no_bound = args.eps.strip().lower() == "none"
        changes["eps"] = None if no_bound else parse_number(args.eps)
    if args.step_size is not None:
        changes["step_size"] = parse_number(args.step_size)
    if args.target is not None:
        changes["target"] = find_class(args.target)
    if args.eot is not None:
        changes["eot_jpeg"] = _eot_quality(args.eot)
    if Attack(args.attack or base.attack) is Attack.FGSM and "eps" in changes:
        changes.setdefault("step_size", changes["eps"])
    return base.replace(**changes)


def _err(msg: str) -> None:
    print(f"{PROG}: error: {msg}", file=sys.stderr)


class _Progress:
    """Download progress, redrawn in place on one stderr line.

    ``end()`` finishes that line, so whatever is printed next (the result, or an error
    if the download failed) starts on a line of its own.
    """

    def __init__(self) -> None:
        self.shown = False

    def __call__(self, done: int, total: int) -> None:
        mb = done / 1e6
        text = f"{mb:.1f} of {total / 1e6:.1f} MB" if total else f"{mb:.1f} MB"
        print(f"\rdownloading weights: {text}", end="", file=sys.stderr, flush=True)
        self.shown = True

    def end(self) -> None:
        if self.shown:
            print(file=sys.stderr, flush=True)
            self.shown = False


def _load_model(name: str | None, weights_file: str | None) -> Any:
    from advgui.core.models import load_model

    progress = _Progress()
    try:
        return load_model(name, weights_file=weights_file, progress=progress)
    finally:
        progress.end()


def _load(args: argparse.Namespace) -> tuple[Any, Any, Any]:
    """Model, device and preprocessed image tensor, with messages on stderr."""
    from advgui.core.devices import resolve_device
    from advgui.core.image_file import check_file
    from advgui.core.imaging import load_image, preprocess
    from advgui.core.input_size import size_problem

    if not args.image.strip():
        raise ImageLoadError("no image file given (the name is empty)")
    check_file(Path(args.image))  # cheap: a missing or empty file is said before any loading
    if args.size is not None and not 8 <= args.size <= 4096:
        raise SettingsError(f"--size must be between 8 and 4096, got {args.size}")
    device, note = resolve_device(args.device)
    if note:
        print(f"{PROG}: {note}", file=sys.stderr)
    model = _load_model(args.model, args.weights)
    model.to(device)
    size = args.size or model.info.input_size
    if args.size is not None and (problem := size_problem(model, size)):
        raise SettingsError(f"--size {size} does not fit the model: {problem}")
    image = load_image(args.image)  # only now: the model and its size are known to work
    x = preprocess(image, size, center_crop=args.crop or model.info.square_input)
    return model, device, x


def cmd_models(args: argparse.Namespace) -> int:
    from advgui.core.model_list import default_model_name, grouped, list_models

    default = default_model_name()
    rows = [
        {
            "name": info.name,
            "weights": info.weights_name,
            "on_disk": info.weights_on_disk(),
            "offline": info.offline,
            "default": info.name == default,
            "path": str(info.weights_path),
            "group": group,
            "download_mb": info.download_mb,
            "input_size": info.input_size,
        }
        for group, info in grouped(list_models())
    ]
    if args.json:
        print(json.dumps(rows, indent=2, allow_nan=False))
        return 0
    print(f"  {'MODEL':<22} {'WEIGHTS':<18} {'SIZE':>8}  {'INPUT':>5}  WEIGHTS NAME")
    for r in rows:
        state = "offline (bundled)" if r["offline"] else r["group"]
        size = "-" if r["download_mb"] is None else f"{r['download_mb']:.0f} MB"
        mark = "*" if r["default"] else " "
        print(f"{mark} {r['name']:<22} {state:<18} {size:>8}  {r['input_size']:>5}  {r['weights']}")
    print(
        f"* = the default ({default}). 'download' weights are fetched on first use, or now "
        "with: advgui-cli download MODEL"
    )
    return 0


def cmd_download(args: argparse.Namespace) -> int:
    from advgui.core.models import model_info

    for name in args.models:
        info = model_info(name)
        if info.weights_on_disk():
            print(f"{name}: already on disk at {info.weights_path}")
            continue
        _load_model(name, None)
        print(f"{name}: saved {info.weights_path}")
    return 0


def _guess_line(g: Any) -> str:
    return f"{g.index:>4} {g.name:<28} {g.prob:8.2%}"


def cmd_predict(args: argparse.Namespace) -> int:
    from advgui.core.predict import probabilities, top_k

    if not 1 <= args.top <= 1000:
        raise SettingsError(f"--top must be between 1 and 1000, got {args.top}")
    model, device, x = _load(args)
    guesses = top_k(probabilities(model, x), args.top)[0]
    if args.json:
        out = {"image": args.image, "model": model.name, "top": [g.to_dict() for g in guesses]}
        print(json.dumps(out, indent=2, allow_nan=False))
    else:
        print(f"{model.name} on {device}: {Path(args.image).name}")
        for g in guesses:
            print(_guess_line(g))
    return 0


def _bound(settings: Any) -> str:
    return "no eps bound" if settings.eps is None else f"eps {settings.eps:.4g}"


def _eot_part(settings: Any) -> str:
    return "" if settings.eot_jpeg is None else f", through JPEG {settings.eot_jpeg}"


def _jpeg_line(r: Any, settings: Any, names: list[str]) -> str:
    """The verdict on the JPEG at the run's quality: ``r`` judged it (the run's record)."""
    top = r.top1[0]
    seen = f"{top} {names[top]} ({r.top1_prob[0]:.1%})"
    jpeg = f"the JPEG at quality {settings.eot_jpeg}"
    if all(r.success):
        reached = "still reaches the target" if settings.targeted else "still fools the model"
        return f"{jpeg} {reached}: {seen}"
    missed = "does not reach the target" if settings.targeted else "does not fool the model"
    return f"{jpeg} {missed}: it reads as {seen}"


def _step_line(r: Any, names: list[str]) -> str:
    top = r.top1[0]
    target = f"  p(target) {r.p_target[0]:.3g}" if r.p_target is not None else ""
    extra = ""
    if r.queries is not None:
        extra += f"  queries {r.queries[0]}"
    if r.best_norm is not None:
        best = r.best_norm[0]
        extra += "  best: none yet" if best is None else f"  best |d| {best:.4g}"
    return (
        f"step {r.step:>4}/{r.total_steps}  loss {r.loss[0]:9.4f}  p(true) {r.p_true[0]:.3g}"
        f"{target}  top-1 {top} {names[top]} ({r.top1_prob[0]:.1%})  "
        f"|d|inf {r.linf[0] * 255:.2f}/255  |d|2 {r.l2[0]:.3g}{extra}  {r.elapsed:.2f}s"
    )


def cmd_attack(args: argparse.Namespace) -> int:
    from advgui import transfer_cli
    from advgui.core.atomic import check_creatable
    from advgui.core.attacks import AttackRun
    from advgui.core.export import evaluate_saved, existing_outputs, split_file_name
    from advgui.core.precision import amp_of
    from advgui.core.precision import resolve as resolve_precision
    from advgui.core.predict import non_finite_error, probabilities, top_k
    from advgui.core.settings import MAX_STEP_SIZE

    settings = settings_from_args(args)
    if not (math.isfinite(args.amplify) and 0 < args.amplify <= MAX_STEP_SIZE):
        raise SettingsError(f"--amplify must be a positive number such as 50, got {args.amplify:g}")
    if args.out is not None and not args.out.strip():
        raise SettingsError("--out is empty; give the folder to save into")
    out = Path(args.out) if args.out is not None else None
    stem = None
    if args.stem is not None:
        if "/" in args.stem or os.sep in args.stem:
            raise SettingsError(f"--stem {args.stem}: a name, not a path; --out gives the folder")
        _, stem = split_file_name(args.stem)
    full = args.full_resolution
    if out is not None:
        check_creatable(out)
        if not args.force and (clash := existing_outputs(out, 1, stem, full_resolution=full)):
            raise SaveError(
                f"{out}: {', '.join(p.name for p in clash)} already exist; use --force to overwrite"
            )
    model, device, x = _load(args)
    others = transfer_cli.load_others(args.transfer, model, device, x)
    names = model.categories
    probs = probabilities(model, x)
    labels = probs.argmax(dim=1)
    precision = resolve_precision(args.precision, model, x)
    run = AttackRun(
        model,
        x,
        labels,
        settings,
        num_classes=probs.shape[1],
        amp=amp_of(precision),
        threads=args.threads,
    )
    if not args.json:
        before = top_k(probs, 1)[0][0]
        goal = (
            f"target {settings.target} {names[settings.target]}"
            if settings.targeted
            else ("untargeted")
        )
        print(
            f"{model.name} on {device}: {Path(args.image).name} is {before.index} {before.name} "
            f"({before.prob:.1%}); {settings.attack.value}, {settings.loss.value} loss, "
            f"{settings.norm.value} {_bound(settings)}, {goal}{_eot_part(settings)}; {precision}"
        )
    try:
        for record in run:
            if not all(map(math.isfinite, record.loss)):
                raise non_finite_error(model)  # nothing more to learn from this run
            if not args.json:
                print(_step_line(record, names), flush=True)
    except KeyboardInterrupt:
        run.stop()
        raise
    result = run.result()

    # Judged in memory first (the 8-bit PNG re-read, the sidecar built), then written.
    saved = evaluate_saved(
        model,
        result,
        quantize=args.quantize,
        amplify=args.amplify,
        source=str(args.image),
        stem=stem,
        full_resolution=full,
    )
    paths = _write(out, saved, force=args.force) if out is not None else []
    transferred = transfer_cli.verdicts(others, result)
    try:
        if args.json:
            report = {**saved.report, "transfer": transferred} if others else saved.report
            print(json.dumps(report, indent=2, allow_nan=False))
            return 0
        after = top_k(probabilities(model, result.adversarial), 1)[0][0]
        plain = result.untransformed  # x + delta itself, whatever the attack looked through
        if all(plain.success):
            verdict = "fooled"
        else:  # a targeted run can move the model off the true class without reaching the target
            verdict = "target not reached" if settings.targeted else "not fooled"
        print(
            f"{verdict}: after {plain.step} steps the model says {after.index} {after.name} "
            f"({after.prob:.1%}); p(true) {plain.p_true[0]:.3g}"
        )
        if out is None:  # nothing was written: say what a save would write
            from advgui.core.export import saved_message

            unsaved = saved_message(
                saved.saved_success, saved.saved_top5, result, args.quantize, written=False
            )
            print(f"8-bit PNG: {unsaved}")
        else:
            print(f"8-bit PNG: {saved.message}")
        if saved.full is not None:
            from advgui.core.export import full_resolution_message

            line = full_resolution_message(saved.full, result, written=out is not None)
            print(f"full resolution: {line}")
        if settings.eot_jpeg is not None:
            print(f"JPEG {settings.eot_jpeg}: {_jpeg_line(result.final, settings, names)}")
        if others:
            print(transfer_cli.line(transferred, names, targeted=settings.targeted))
        if out is not None:
            print(f"saved: {', '.join(str(p) for p in paths)}")
        return 0
    except stops.Stopped as stop:  # stopped while reporting: the files are complete
        stop.detail = stop.detail or (f"the results were saved in full in {out}" if paths else "")
        raise


def _write(out: Path, saved: Any, *, force: bool) -> list[Path]:
    """Create ``out`` (and its missing parents) and write the files into it: all of it,
    or nothing. A stop signal waits (``stops.deferred``) until the files are complete or
    taken back and the folders created here removed; if the files were complete, the
    stop says so."""
    from advgui.core.atomic import make_folder, remove_empty
    from advgui.core.export import write_saved

    paths: list[Path] = []
    try:
        with stops.deferred():
            created = make_folder(out)
            try:
                paths = write_saved(saved, out, force=force)
            except BaseException:
                remove_empty(created)  # a failed save leaves no trace, not even its folder
                raise
    except stops.Stopped as stop:
        if paths:
            stop.detail = f"the results were saved in full in {out}"
        raise
    return paths


def cmd_evaluate(args: argparse.Namespace) -> int:
    from advgui.evaluate_cli import cmd_evaluate as run

    return run(args)


def cmd_summarize(args: argparse.Namespace) -> int:
    from advgui.evaluate_cli import cmd_summarize as run

    return run(args)


COMMANDS = {
    "models": cmd_models,
    "download": cmd_download,
    "predict": cmd_predict,
    "attack": cmd_attack,
    "evaluate": cmd_evaluate,
    "summarize": cmd_summarize,
}


#: What the CLI says for the kinds of error whose exception text is not the message.
_ADVICE = {
    ErrorKind.INTERRUPTED: "interrupted",
    ErrorKind.OUT_OF_MEMORY: "out of memory; try a smaller --size or another device",
    ErrorKind.OUT_OF_GPU_MEMORY: "out of GPU memory; try a smaller --size or --device cpu",
}


def _error_line(kind: ErrorKind, exc: BaseException) -> str:
    """The one line the CLI prints (after ``advgui-cli: error: ``) for ``exc`` of ``kind``."""
    if kind in (ErrorKind.BAD_INPUT, ErrorKind.WEIGHTS):
        return str(exc)
    if isinstance(exc, OSError) and exc.filename:  # the system refused a file: say which
        return f"{shown(exc.filename)}: {os_reason(exc)}"
    if kind in _ADVICE:
        return _ADVICE[kind]
    text = str(exc)
    first = text.splitlines()[0] if text else ""
    return f"unexpected {type(exc).__name__}: {first}".rstrip(": ")  # a bug: still one line


#: Warnings of the libraries (torch, Pillow): ours is the one line a user sees.
_QUIET = (UserWarning, FutureWarning, RuntimeWarning, ResourceWarning)


def _stopped(stop: KeyboardInterrupt) -> int:
    """Say why the run stopped (one line); the exit status, 128 + the signal."""
    if isinstance(stop, stops.Stopped) and stop.signum != signal.SIGINT:
        print(f"{PROG}: {stop}", file=sys.stderr)
        return stop.exit_code
    detail = f"; {stop.detail}" if getattr(stop, "detail", "") else ""
    print(f"{PROG}: stopped by the user{detail}", file=sys.stderr)
    return 130


def _silence_stdout() -> None:
    """Point stdout at the null device, so that flushing it at exit cannot fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    restore = stops.install()  # SIGTERM and SIGHUP end a run the way Ctrl+C does
    try:
        with warnings.catch_warnings():
            for category in _QUIET:
                warnings.simplefilter("ignore", category)
            # Before anything imports torch: OpenMP reads its settings when torch loads it.
            configure_threads(getattr(args, "threads", None))
            return COMMANDS[args.command](args)
    except KeyboardInterrupt as stop:
        return _stopped(stop)
    except BrokenPipeError:  # the reader went away (advgui-cli models | head): not an error
        _silence_stdout()
        return 128 + 13  # as if killed by SIGPIPE, the shell's convention
    except Exception as exc:
        kind = classify(exc)
        _err(_error_line(kind, exc))
        return 2 if isinstance(exc, OSError) and exc.filename else kind.exit_code
    finally:
        restore()
        if argv is None:  # the program itself: the work is over, a stop now changes nothing
            stops.ignore()


if __name__ == "__main__":
    sys.exit(main())
