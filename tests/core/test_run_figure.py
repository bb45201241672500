"""Exporting a run: the figure (PNG at 300 dpi, SVG and PDF with real text) and the
curves as CSV, from a real short attack on the offline model; and writes that fail
(a wrong extension, a read-only folder, a full disk) leaving no file and an existing one
intact."""

from __future__ import annotations

import csv
import io
import re
import xml.etree.ElementTree as ET
import zlib
from pathlib import Path

import numpy as np
import pytest
import torch
from corpus.faults import FAULTS, snapshot
from PIL import Image

from advgui.core.attacks import AttackRun
from advgui.core.errors import SaveError
from advgui.core.imaging import amplify_delta, to_uint8
from advgui.core.models import imagenet_categories
from advgui.core.predict import probabilities, top_k
from advgui.core.run_figure import (
    CURVE_COLUMNS,
    FIGURE_WIDTH,
    PRINT_DPI,
    FigureFormatError,
    curves_csv,
    render_run_figure,
    write_curves_csv,
    write_run_figure,
)
from advgui.core.settings import AttackSettings

from ._support import AIRLINER_CLASS, CAT_CLASS, SMALL

NAMES = imagenet_categories()
UNTARGETED = AttackSettings(attack="pgd", eps=2 / 255, step_size=1 / 255, steps=4)
TARGETED = UNTARGETED.replace(target=AIRLINER_CLASS, steps=3)


@pytest.fixture(scope="module")
def clean(offline_model, small_cat):
    guess = top_k(probabilities(offline_model, small_cat))[0][0]
    assert guess.index == CAT_CLASS
    return guess


@pytest.fixture(scope="module")
def untargeted(offline_model, small_cat, cat_label):
    result = AttackRun(offline_model, small_cat, cat_label, UNTARGETED).run()
    assert result.success == (True,)  # the top-1 titles below differ from the clean one
    assert result.final.top1[0] != CAT_CLASS
    return result


@pytest.fixture(scope="module")
def targeted(offline_model, small_cat, cat_label):
    return AttackRun(offline_model, small_cat, cat_label, TARGETED).run()


def write(path, result, clean, **changes) -> Path:
    args = dict(
        x=result.x,
        delta=result.delta,
        record=result.final,
        history=result.history,
        names=NAMES,
        clean=clean,
        amplify=50.0,
        step=result.final.step,
        target=result.settings.target,
        title="chelsea.png · efficientnet_lite0 · pgd",
    )
    return write_run_figure(path, **(args | changes))


def one_line(exc: BaseException) -> str:
    text = str(exc)
    assert text and "\n" not in text and "Traceback" not in text
    return text


# ---------------------------------------------------------------- what each format holds


def panels(png: Image.Image) -> list[np.ndarray]:
    """The three pictures of the figure's top row, found as the large blocks of
    non-white pixels in each third of the width (titles are thin lines of text)."""
    rgb = np.asarray(png.convert("RGB")).astype(int)
    ink = (rgb < 250).any(axis=2)
    h, w = ink.shape
    found = []
    for i in range(3):
        part = ink[: h // 2, i * w // 3 : (i + 1) * w // 3]
        rows = np.flatnonzero(part.mean(axis=1) > 0.5)
        cols = np.flatnonzero(part[rows].mean(axis=0) > 0.5)
        top, bottom = rows.min(), rows.max() + 1
        left, right = cols.min() + i * w // 3, cols.max() + 1 + i * w // 3
        found.append(rgb[top:bottom, left:right])
    return found


def shrink(panel: np.ndarray, size: int) -> np.ndarray:
    """A panel drawn nearest-neighbour at k times ``size``, sampled back at pixel centres."""
    h, w = panel.shape[:2]
    ys = ((np.arange(size) + 0.5) * h / size).astype(int)
    xs = ((np.arange(size) + 0.5) * w / size).astype(int)
    return panel[ys][:, xs]


def test_png_is_at_print_resolution_and_shows_the_three_pictures(untargeted, clean, tmp_path):
    path = write(tmp_path / "figure.png", untargeted, clean)
    with Image.open(path) as png:
        assert png.format == "PNG"
        assert png.size[0] == FIGURE_WIDTH * PRINT_DPI  # 3000 pixels across
        assert png.size[1] > 1500
        assert png.info["dpi"] == pytest.approx((PRINT_DPI, PRINT_DPI), abs=0.01)
        found = panels(png)
    x, delta = untargeted.x[0], untargeted.delta[0]
    expected = [
        to_uint8(x),
        to_uint8((x + delta).clamp(0, 1)),
        to_uint8(amplify_delta(delta, 50.0)),
    ]
    for panel, picture in zip(found, expected):
        assert panel.shape[0] > 3 * SMALL  # drawn large, not a thumbnail
        seen = shrink(panel, SMALL)
        # Each panel is its picture, pixel for pixel (edges of the resampling aside) ...
        assert np.mean(np.abs(seen - picture.astype(int))) < 2
        # ... and not the other two (the delta picture is far from the photographs).
    assert np.mean(np.abs(shrink(found[2], SMALL) - expected[0].astype(int))) > 20
    assert found[2].std() > 20  # delta's pattern, not flat grey


def svg_text(path: Path) -> str:
    root = ET.parse(path).getroot()  # well-formed XML, or this raises
    return "\n".join("".join(e.itertext()) for e in root.iter("{http://www.w3.org/2000/svg}text"))


def test_svg_keeps_its_text_as_text(untargeted, clean, tmp_path):
    path = write(tmp_path / "figure.svg", untargeted, clean)
    text = svg_text(path)
    adversarial = NAMES[untargeted.final.top1[0]]
    assert f"{NAMES[CAT_CLASS]} (" in text  # the original's top-1, with its probability
    assert f"{adversarial} (" in text
    assert f"Adversarial (fooled, step {UNTARGETED.steps})" in text
    for label in ("loss", "probability", "step", f"p(true class: {NAMES[CAT_CLASS]})"):
        assert label in text.splitlines()
    assert "p(target" not in text  # untargeted: no target curve
    assert "chelsea.png · efficientnet_lite0 · pgd" in text
    root = ET.parse(path).getroot()
    assert len(list(root.iter("{http://www.w3.org/2000/svg}image"))) == 3


def test_a_targeted_run_plots_and_names_its_target(targeted, clean, tmp_path):
    path = write(tmp_path / "targeted.svg", targeted, clean, step=None)
    text = svg_text(path)
    assert f"p(target: {NAMES[AIRLINER_CLASS]})" in text.splitlines()
    reached = "target reached" if targeted.final.success[0] else "target not reached"
    assert f"Adversarial ({reached})" in text  # no step: none named


def pdf_strings(data: bytes) -> str:
    """The text a PDF reader extracts, near enough: every string shown by a content
    stream (matplotlib's TrueType fonts use two-byte codes equal to the characters),
    joined; kerning breaks no word in two, as the strings of one TJ array are joined."""
    shown = []
    for stream in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", data, re.S):
        try:
            content = zlib.decompress(stream)
        except zlib.error:
            continue  # an image, or another binary stream
        for array in re.findall(rb"\[(.*?)\]\s*TJ", content, re.S):
            parts = re.findall(rb"\(((?:\\.|[^\\)])*)\)", array, re.S)
            raw = b"".join(re.sub(rb"\\([()\\])", rb"\1", p) for p in parts)
            shown.append(raw.decode("utf-16-be", "replace"))
    return "\n".join(shown)


def test_pdf_is_one_page_with_real_text_and_the_images(untargeted, clean, tmp_path):
    path = write(tmp_path / "figure.pdf", untargeted, clean)
    data = path.read_bytes()
    assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")
    assert len(re.findall(rb"/Type\s*/Page\b", data)) == 1
    box = re.search(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", data)
    assert float(box.group(1)) == FIGURE_WIDTH * 72  # points
    assert 8 * 72 > float(box.group(2)) > 4 * 72
    assert b"/FontFile2" in data  # TrueType embedded (pdf.fonttype 42), not Type 3 glyphs
    text = pdf_strings(data)
    assert NAMES[CAT_CLASS] in text
    assert NAMES[untargeted.final.top1[0]] in text
    assert "probability" in text
    # The three pictures at their own 128 x 128 pixels (vector formats do not resample).
    images = re.findall(rb"/Subtype\s*/Image.*?/Width (\d+).*?/Height (\d+)", data, re.S)
    assert len(images) >= 3
    assert all((int(w), int(h)) == (SMALL, SMALL) for w, h in images[:3])


def test_a_numpy_picture_draws_the_same_figure_as_the_tensor(untargeted, clean):
    """The replay's layout (H x W x 3 arrays) and the result's (1 x 3 x H x W tensors)."""

    def render(x, delta) -> bytes:
        r = untargeted
        return render_run_figure(
            "png", x=x, delta=delta, record=r.final, history=r.history, names=NAMES,
            clean=clean, dpi=50,
        )  # fmt: skip

    hwc = [t[0].permute(1, 2, 0).numpy() for t in (untargeted.x, untargeted.delta)]
    assert render(*hwc) == render(untargeted.x, untargeted.delta)
    other = render(untargeted.x, torch.zeros_like(untargeted.delta))
    assert other != render(untargeted.x, untargeted.delta)


# ---------------------------------------------------------------- curves


def test_curves_csv_holds_each_step_exactly(untargeted, targeted, tmp_path):
    for result in (untargeted, targeted):
        path = write_curves_csv(tmp_path / "curves.csv", result.history, NAMES)
        with open(path, newline="") as f:
            reader = csv.DictReader(f)
            assert tuple(reader.fieldnames) == CURVE_COLUMNS
            rows = list(reader)
        assert len(rows) == len(result.history) == result.settings.steps + 1
        for row, r in zip(rows, result.history):
            assert int(row["step"]) == r.step
            assert float(row["loss"]) == r.loss[0]  # written exactly
            assert float(row["p_true"]) == r.p_true[0]
            if r.p_target is None:
                assert row["p_target"] == ""
            else:
                assert float(row["p_target"]) == r.p_target[0]
            assert int(row["top1"]) == r.top1[0]
            assert row["top1_name"] == NAMES[r.top1[0]]
            assert float(row["top1_prob"]) == r.top1_prob[0]
            assert row["success"] == str(int(r.success[0]))
            assert float(row["linf"]) == r.linf[0]
            assert float(row["linf_255"]) == pytest.approx(r.linf[0] * 255)
            assert float(row["l2"]) == r.l2[0]
            assert float(row["elapsed_s"]) == r.elapsed
            assert row["queries"] == row["best_norm"] == ""
    last = rows[-1]
    assert float(last["linf_255"]) == pytest.approx(2.0, abs=1e-3)  # the budget, reached


def test_curves_without_names_give_the_index(untargeted):
    rows = list(csv.DictReader(io.StringIO(curves_csv(untargeted.history))))
    assert rows[0]["top1_name"] == str(CAT_CLASS)


# ---------------------------------------------------------------- refusals and faults


@pytest.mark.parametrize("name", ["figure.jpg", "figure", "figure.png.txt"])
def test_an_unknown_extension_is_refused_before_any_work(untargeted, clean, tmp_path, name):
    with pytest.raises(FigureFormatError) as err:
        write(tmp_path / name, untargeted, clean)
    msg = one_line(err.value)
    assert isinstance(err.value, ValueError) and isinstance(err.value, SaveError)
    assert ".png, .svg, .pdf" in msg and name in msg
    assert list(tmp_path.iterdir()) == []


def test_upper_case_extensions_are_accepted(untargeted, clean, tmp_path):
    path = write(tmp_path / "Figure.SVG", untargeted, clean)
    assert "<svg" in path.read_text()


def test_a_missing_folder_is_one_line(untargeted, clean, tmp_path):
    with pytest.raises(SaveError) as err:
        write(tmp_path / "nowhere" / "figure.svg", untargeted, clean)
    assert "no such folder" in one_line(err.value)
    with pytest.raises(SaveError):
        write_curves_csv(tmp_path / "nowhere" / "curves.csv", untargeted.history, NAMES)
    assert list(tmp_path.iterdir()) == []


def test_a_folder_as_the_file_name_is_refused(untargeted, clean, tmp_path):
    (tmp_path / "figure.pdf").mkdir()
    with pytest.raises(SaveError) as err:
        write(tmp_path / "figure.pdf", untargeted, clean)
    assert "is a folder" in one_line(err.value)


@pytest.mark.parametrize("fault", ["read-only", "disk-full-first-file"])
@pytest.mark.parametrize("what", ["figure.svg", "curves.csv"])
def test_a_failed_write_keeps_the_previous_file(
    untargeted, clean, tmp_path, monkeypatch, fault, what
):
    folder = tmp_path / "out"
    folder.mkdir()
    (folder / what).write_bytes(b"the previous export\n")
    before = snapshot(folder)
    with monkeypatch.context() as mp:
        reason = FAULTS[fault](mp, folder)
        with pytest.raises(SaveError) as err:
            if what.endswith(".csv"):
                write_curves_csv(folder / what, untargeted.history, NAMES)
            else:
                write(folder / what, untargeted, clean)
    msg = one_line(err.value)
    assert str(folder) in msg and reason in msg
    assert snapshot(folder) == before  # no temporary left, the previous file as it was


def test_a_new_export_replaces_the_file_and_leaves_nothing_else(untargeted, clean, tmp_path):
    (tmp_path / "curves.csv").write_text("old\n")
    write_curves_csv(tmp_path / "curves.csv", untargeted.history, NAMES)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["curves.csv"]
    assert (tmp_path / "curves.csv").read_text() == curves_csv(untargeted.history, NAMES)
