"""``advgui-cli evaluate`` and ``advgui-cli summarize`` (never imports Qt).

    advgui-cli evaluate INPUT... --out DIR [--eps 0.5/255,1/255,2/255,4/255]
        [--preset P | --attack A ...] [--transfer M1,M2] [--jpeg 95,75] [--min-eps]
        [--labels FILE.csv] [--batch N] [--resume] [--shard K/N] [--json]
    advgui-cli summarize DIR... [--out DIR] [--json]

``evaluate`` writes ``results.jsonl`` as it goes (an image at a time), then
``summary.json``, ``summary.csv`` and ``robust_accuracy.png``; ``summarize`` computes
the same summary from one or more such folders (shards, or other attacks on the same
model: the worst case per image).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from advgui.core.atomic import check_creatable, make_folder, remove_empty
from advgui.core.errors import SaveError, SettingsError, shown
from advgui.core.evaluation import results as res
from advgui.core.settings import Norm, parse_number

PROG = "advgui-cli"


def add_arguments(e: argparse.ArgumentParser) -> None:
    """``evaluate``'s own options (the attack's come from ``cli.add_attack_options``)."""
    e.add_argument("inputs", nargs="+", metavar="INPUT", help="image files and/or folders")
    e.add_argument("--out", required=True, metavar="DIR", help="folder for the results")
    e.add_argument("--model", help="model name (default: resnet50 if on disk, else offline)")
    e.add_argument("--weights", metavar="FILE", help="local .pth or .safetensors weights")
    e.add_argument("--device", default="auto", help="auto, cpu, cuda, cuda:N or mps")
    e.add_argument("--threads", type=int, metavar="N", help="CPU threads")
    e.add_argument("--transfer", metavar="M1,M2", help="models the adversarial images are shown to")
    e.add_argument("--jpeg", metavar="Q1,Q2", help="JPEG qualities to check, e.g. 95,75,50")
    e.add_argument(
        "--min-eps",
        action="store_true",
        help="find each image's smallest successful eps (bisection below the largest eps)",
    )
    e.add_argument("--labels", metavar="FILE.csv", help="file,class rows (index or name)")
    e.add_argument("--batch", type=int, default=1, metavar="N", help="images per attack run")
    e.add_argument("--resume", action="store_true", help="skip what DIR already holds")
    e.add_argument("--shard", metavar="K/N", help="every N-th image from offset K (from 0)")
    e.add_argument("--json", action="store_true", help="print summary.json at the end")


def add_summarize_arguments(s: argparse.ArgumentParser) -> None:
    s.add_argument("dirs", nargs="+", metavar="DIR", help="folders written by evaluate")
    s.add_argument("--out", metavar="DIR", help="write the merged summary files here")
    s.add_argument("--json", action="store_true", help="print summary.json")


# -- parsing -------------------------------------------------------------------------------


def parse_eps_list(text: str, norm: Norm) -> tuple[tuple[float, ...], tuple[str, ...]]:
    """``"0.5/255,1/255,2/255"`` into the radii and their texts, as given."""
    parts = [p.strip() for p in text.split(",")]
    if not text.strip() or not all(parts):
        raise SettingsError(f"--eps {text!r}: give radii separated by commas, e.g. 1/255,2/255")
    if norm is Norm.L2 and any("/255" in p.replace(" ", "") for p in parts):
        raise SettingsError(
            f"L2 eps {text} looks like 1/255 units; L2 eps is a Euclidean radius in [0, 1] "
            "pixel units, e.g. 0.25,0.5,1"
        )
    values = tuple(parse_number(p) for p in parts)
    if len(set(values)) != len(values):
        raise SettingsError(f"--eps {text}: a radius is given twice")
    return values, tuple(parts)


def parse_models(text: str | None) -> tuple[str, ...]:
    if not text:
        return ()
    names = tuple(dict.fromkeys(p.strip() for p in text.split(",") if p.strip()))
    if not names:
        raise SettingsError(f"--transfer {text!r}: give model names separated by commas")
    return names


def parse_qualities(text: str | None) -> tuple[int, ...]:
    if not text:
        return ()
    out = []
    for part in text.split(","):
        p = part.strip()
        if not p.isdecimal() or not 1 <= int(p) <= 100:
            raise SettingsError(f"--jpeg {text!r}: qualities are whole numbers from 1 to 100")
        out.append(int(p))
    return tuple(dict.fromkeys(out))


# -- evaluate ------------------------------------------------------------------------------


def cmd_evaluate(args: argparse.Namespace) -> int:
    from advgui import cli
    from advgui.core.evaluation import inputs as inp
    from advgui.core.folder_lock import folder_lock

    if not args.out.strip():
        raise SettingsError("--out is empty; give the folder for the results")
    if not 1 <= args.batch <= 1024:
        raise SettingsError(f"--batch must be between 1 and 1024, got {args.batch}")
    eps_text = args.eps
    settings = cli.settings_from_args(argparse.Namespace(**{**vars(args), "eps": None}))
    if eps_text is None:
        if settings.eps is None:
            raise SettingsError("give --eps: the radii to evaluate at, e.g. 1/255,2/255,4/255")
        eps, texts = (
            (settings.eps,),
            (f"{settings.eps * 255:g}/255" if settings.norm is Norm.LINF else f"{settings.eps:g}",),
        )
    else:
        eps, texts = parse_eps_list(eps_text, settings.norm)
    transfer = parse_models(args.transfer)
    qualities = parse_qualities(args.jpeg)
    shard = inp.parse_shard(args.shard) if args.shard else (0, 1)
    out = Path(args.out)
    check_creatable(out)
    items = inp.collect(args.inputs)
    if args.shard:
        items = inp.shard(items, *shard)
    if not any(i.is_image for i in items):
        raise SettingsError("no image files in the inputs given")

    model = cli._load_model(args.model, args.weights)
    from advgui.core.devices import resolve_device
    from advgui.core.evaluation.run import EvalConfig, Evaluation, attack_name
    from advgui.core.input_size import size_problem
    from advgui.core.precision import amp_of
    from advgui.core.precision import resolve as resolve_precision

    device, note = resolve_device(args.device)
    if note:
        print(f"{PROG}: {note}", file=sys.stderr)
    model.to(device)
    if transfer and model.name in transfer:
        raise SettingsError(f"--transfer names the attacked model {model.name} itself")
    others = {}
    for name in transfer:
        net = cli._load_model(name, None).to(device)
        if problem := size_problem(net, model.info.input_size):
            raise SettingsError(
                f"--transfer {name}: {problem} (the images are {model.info.input_size})"
            )
        others[name] = net
    labels = inp.Labels.read(args.labels, model.categories) if args.labels else None
    import torch

    size = model.info.input_size
    precision = resolve_precision(args.precision, model, torch.zeros(args.batch, 3, size, size))
    config = EvalConfig(
        model=model.name,
        settings=settings.replace(eps=eps[0]),
        attack=attack_name(
            settings.replace(eps=eps[0]),
            args.preset or (None if args.attack else "tutorial-untargeted"),
        ),
        eps=eps,
        eps_text=texts,
        transfer=transfer,
        jpeg=qualities,
        min_eps=args.min_eps,
        size=size,
        precision=precision,
    )
    run_info = {**config.to_dict(), "shard": f"{shard[0]}/{shard[1]}", "labels": args.labels}
    created = make_folder(out)
    try:
        with folder_lock(out, timeout=1.0):
            done = _prepare_folder(out, run_info, resume=args.resume)
            evaluation = Evaluation(
                model,
                config,
                transfer_models=others,
                labels=labels,
                batch=args.batch,
                amp=amp_of(precision),
                threads=args.threads,
            )
            _run(evaluation, items, done, out, quiet=args.json)
            summary = _write_summary(res.read_rows(out / res.RESULTS), out)
    except BaseException:
        remove_empty(created)
        raise
    if args.json:
        print(json.dumps(summary, indent=2, allow_nan=False))
    else:
        _print_summary(summary, out)
    return 0


def _prepare_folder(out: Path, run_info: dict[str, Any], *, resume: bool) -> frozenset[str]:
    """Check ``out`` against this run (``--resume``) and write ``run.json``; the ids of
    the images already evaluated."""
    results = out / res.RESULTS
    run_file = out / res.RUN
    if results.exists() or run_file.exists():
        if not resume:
            raise SaveError(
                f"{shown(out)} already holds an evaluation; add --resume to continue it, "
                "or choose another folder"
            )
        try:
            before = json.loads(run_file.read_text())
        except (OSError, ValueError):
            before = None
        if before != json.loads(json.dumps(run_info)):
            changed = (
                sorted(k for k in run_info if before.get(k) != run_info[k])
                if isinstance(before, dict)
                else ["run.json is missing or damaged"]
            )
            raise SettingsError(
                f"{shown(out)} holds an evaluation with other settings ({', '.join(changed)}); "
                "resume it with the same options, or choose another folder"
            )
        return frozenset(r["file"] for r in res.read_rows(results))
    from advgui.core.atomic import replace_file

    replace_file(run_file, (json.dumps(run_info, indent=1) + "\n").encode())
    return frozenset()


class _Progress:
    """Images done, rate and time left: a tqdm bar on a terminal, plain lines otherwise."""

    def __init__(self, total: int, *, quiet: bool) -> None:
        self.total = total
        self.quiet = quiet
        self.stream = sys.stderr
        self.bar = None
        if not quiet and total and self.stream.isatty():
            from tqdm import tqdm

            self.bar = tqdm(total=total, unit="image", file=self.stream, dynamic_ncols=True)

    def image(self, done: Any) -> None:
        if self.bar is not None:
            self.bar.update(1)
            if done.skipped:
                self.bar.write(f"skipped {done.item.id}: {done.rows[0]['skipped']}")
            return
        if self.quiet:
            return
        rate = done.done / done.elapsed if done.elapsed > 0 else 0.0
        left = (self.total - done.done) / rate if rate else 0.0
        what = f"skipped: {done.rows[0]['skipped']}" if done.skipped else _verdict_line(done.rows)
        print(
            f"[{done.done}/{self.total}] {done.item.id}: {what}  "
            f"({rate:.2f} images/s, {_clock(left)} left)",
            file=self.stream,
            flush=True,
        )

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def _clock(seconds: float) -> str:
    s = int(round(seconds))
    return (
        f"{s // 3600}:{s // 60 % 60:02d}:{s % 60:02d}" if s >= 3600 else f"{s // 60}:{s % 60:02d}"
    )


def _verdict_line(rows: list[dict[str, Any]]) -> str:
    first = rows[0]
    if not first["correct"]:
        return f"misclassified clean ({first['clean_top1']} instead of {first['label']})"
    fooled = [r["eps_text"] for r in rows if r["fooled"]]
    if not fooled:
        return f"robust up to {rows[-1]['eps_text']}"
    r = next(r for r in rows if r["fooled"])
    extra = (
        f", min eps {r['min_eps'] * 255:.3g}/255"
        if r.get("min_eps") and r["norm"] == "linf"
        else ""
    )
    return f"fooled at {fooled[0]} ({r['final_name']}){extra}"


def _run(evaluation: Any, items: list, done: frozenset[str], out: Path, *, quiet: bool) -> None:
    from advgui.core.evaluation.results import ResultsFile

    writer = ResultsFile(out / res.RESULTS)
    todo = sum(1 for i in items if i.id not in done)
    progress = _Progress(todo, quiet=quiet)
    finished = 0
    try:
        for image in evaluation.run(items, done):
            writer.append(image.rows)
            finished += 1
            progress.image(image)
    except KeyboardInterrupt as stop:
        stop.detail = (
            f"{finished} of {todo} images saved in {out / res.RESULTS}; "
            "run the same command with --resume to go on"
        )
        raise
    finally:
        progress.close()


def _write_summary(rows: list[dict[str, Any]], out: Path) -> dict[str, Any]:
    from advgui.core.atomic import replace_file
    from advgui.core.evaluation import figure
    from advgui.core.evaluation.summary import summarize, to_csv

    summary = summarize(rows)
    replace_file(
        out / res.SUMMARY_JSON, (json.dumps(summary, indent=1, allow_nan=False) + "\n").encode()
    )
    replace_file(out / res.SUMMARY_CSV, to_csv(summary).encode())
    if summary["images"]:
        figure.write(summary, out / res.FIGURE)
    return summary


def _pct(v: float | None) -> str:
    return "-" if v is None else f"{v:.1%}"


def _print_summary(s: dict[str, Any], out: Path | None) -> None:
    print(
        f"{s['model']}: {s['images']} images ({s['skipped']} skipped), "
        f"clean accuracy {_pct(s['clean_accuracy'])}; attacks: {', '.join(s['attacks'])}"
    )
    header = ["eps", "robust acc", "success"]
    header += [f"->{m}" for m in s["transfer"]] + [f"jpeg {q}" for q in s["jpeg"]]
    print("  ".join(f"{h:>10}" for h in header))
    for j, text in enumerate(s["eps_text"]):
        cells = [text, _pct(s["robust_accuracy"][j]), _pct(s["attack_success_rate"][j])]
        cells += [_pct(v[j]) for v in s["transfer"].values()]
        cells += [_pct(v[j]) for v in s["jpeg"].values()]
        print("  ".join(f"{c:>10}" for c in cells))
    if "min_eps" in s:
        m = s["min_eps"]["median"]
        shown_m = (
            "beyond the largest eps"
            if m is None
            else (f"{m * 255:.3g}/255" if s["norm"] == "linf" else f"{m:.4g}")
        )
        print(f"median smallest eps: {shown_m}")
    if out is not None:
        print(f"written: {', '.join(str(out / n) for n in res.NAMES if (out / n).exists())}")


# -- summarize -----------------------------------------------------------------------------


def cmd_summarize(args: argparse.Namespace) -> int:
    rows: list[dict[str, Any]] = []
    for d in args.dirs:
        folder = Path(d)
        path = folder / res.RESULTS
        if not path.is_file():
            raise SettingsError(
                f"{shown(folder)} holds no {res.RESULTS} (is it an evaluate --out folder?)"
            )
        rows += res.read_rows(path)
    if args.out is not None:
        if not args.out.strip():
            raise SettingsError("--out is empty; give the folder for the summary")
        out = Path(args.out)
        check_creatable(out)
        make_folder(out)
        from advgui.core.evaluation.summary import dedupe

        merged = dedupe(rows)
        from advgui.core.atomic import replace_file

        replace_file(out / res.RESULTS, "".join(json.dumps(r) + "\n" for r in merged).encode())
        summary = _write_summary(merged, out)
    else:
        from advgui.core.evaluation.summary import summarize

        summary = summarize(rows)
    if args.json:
        print(json.dumps(summary, indent=2, allow_nan=False))
    else:
        _print_summary(summary, Path(args.out) if args.out else None)
    return 0
