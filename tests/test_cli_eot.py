"""advgui-cli attack --eot jpeg:Q: the saved result survives a real JPEG round trip where
plain PGD's does not, and both verdicts are reported (output lines and result.json)."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
import torch
from cli_support import CAT, ESPRESSO, QUICK, cli_fixture
from PIL import Image

from advgui.core.imaging import from_pil, load_image

__all__ = ["cli_fixture"]  # the ``cli`` fixture

QUALITY = 75
#: PGD small enough that JPEG at quality 75 undoes it on both samples at the model's size
#: (224 px high; measured with 1, 2 and 4 threads: the plain PNG fools the model, p(true)
#: 0.008 cat, 0.001 espresso, its JPEG does not, p(true) 0.28 and 0.19, top-1 either way;
#: the EOT run's JPEG reads 282 tiger cat and 925 consomme, p(true) 0.12 and 0.05).
PGD = ("--attack", "pgd", "--eps", "1/255", "--step-size", "0.5/255", "--steps", "5")


@pytest.mark.parametrize("value", ["jpeg:0", "jpeg:101", "blur:3", "jpeg", "jpeg:7.5", ""])
def test_a_bad_eot_is_one_line_in_the_options_terms(cli, value):
    got = cli("attack", CAT, *QUICK, "--eot", value)
    assert got.code == 2 and got.out == ""
    assert "--eot takes jpeg:Q with a JPEG quality Q from 1 to 100" in got.error


def jpeg_top1(model, png: Path, quality: int) -> int:
    """The saved PNG decoded from disk, saved again as JPEG by Pillow, classified afresh."""
    buf = io.BytesIO()
    load_image(png).save(buf, format="JPEG", quality=quality)
    with Image.open(io.BytesIO(buf.getvalue())) as im:
        x = from_pil(im.convert("RGB"))
    with torch.no_grad():
        return int(model(x).argmax())


def png_top1(model, png: Path) -> int:
    with torch.no_grad():
        return int(model(from_pil(load_image(png))).argmax())


@pytest.mark.parametrize("image", [CAT, ESPRESSO], ids=["cat", "espresso"])
def test_eot_jpeg_survives_the_jpeg_where_plain_pgd_does_not(cli, offline_model, tmp_path, image):
    verdicts = {}
    for name, extra in (("plain", ()), ("eot", ("--eot", f"jpeg:{QUALITY}"))):
        out = tmp_path / name
        got = cli("attack", image, *PGD, *extra, "--precision", "fp32", "--out", out)
        assert got.code == 0, got.err
        report = json.loads((out / "result.json").read_text())
        true_class = report["images"][0]["true_class"]
        png = out / "adversarial.png"
        verdicts[name] = {
            "png fools": png_top1(offline_model, png) != true_class,
            "jpeg fools": jpeg_top1(offline_model, png, QUALITY) != true_class,
        }
        if name == "eot":
            eot = report["eot"]
            assert eot["transform"] == "jpeg" and eot["quality"] == QUALITY
            assert report["settings"]["eot_jpeg"] == QUALITY
            jpeg = report["images"][0]["jpeg"]
            assert jpeg["quality"] == QUALITY
            assert jpeg["still_adversarial"] == verdicts[name]["jpeg fools"]
            assert f"JPEG {QUALITY}: the JPEG at quality {QUALITY} still fools the model" in got.out
            assert f", through JPEG {QUALITY};" in got.out.splitlines()[0]
        else:
            assert report["eot"] is None and "jpeg" not in report["images"][0]
            assert "JPEG" not in got.out
        fooled_line = [line for line in got.out.splitlines() if ": after " in line][0]
        assert fooled_line.startswith("fooled") == report["images"][0]["success"]
    print(f"\n{image.name}: {verdicts}")
    assert verdicts["plain"]["png fools"]  # plain PGD fools the model, but not its JPEG
    assert not verdicts["plain"]["jpeg fools"]
    assert verdicts["eot"]["jpeg fools"]  # the EOT run's saved image survives the JPEG
