"""File ▸ Export figure and Export curves as CSV in the real window: off before a run,
then a real attack on the cat exported as PNG, SVG, PDF and CSV, by the scripting calls
and through the menu with its file dialog (injected)."""

from __future__ import annotations

import csv
import xml.etree.ElementTree as ET

import pytest
from PIL import Image

from advgui.gui import dialogs

pytestmark = pytest.mark.usefixtures("fast_models")

SVG_TEXT = "{http://www.w3.org/2000/svg}text"


class SaveAnswers(dialogs.DialogPrompts):
    """The window's prompts, but the export dialogs answer these paths (and note the
    names they were offered)."""

    def __init__(self, figure, curves) -> None:
        super().__init__(prefs=None)
        self.figure, self.curves = str(figure), str(curves)
        self.offered: list[str] = []

    def choose_figure_file(self, name: str) -> str:
        self.offered.append(name)
        return self.figure

    def choose_curves_file(self, name: str) -> str:
        self.offered.append(name)
        return self.curves


def svg_lines(path) -> list[str]:
    return ["".join(e.itertext()) for e in ET.parse(path).getroot().iter(SVG_TEXT)]


def test_exports_are_off_until_a_run_and_write_every_format(window, quick, run_and_wait, tmp_path):
    actions = window.actions
    assert not actions.export_figure.isEnabled() and not actions.export_curves.isEnabled()
    assert window.export_figure(tmp_path / "early.png") is False
    assert "Nothing to export yet" in window.statusBar().currentMessage()
    assert window.export_curves(tmp_path / "early.csv") is False
    assert list(tmp_path.iterdir()) == []

    window.results.set_amplify(20)
    assert run_and_wait(window, quick(3)) == "done"
    assert actions.export_figure.isEnabled() and actions.export_curves.isEnabled()
    result = window.state.last_run.result
    names = window.state.categories
    clean, adversarial = window.state.prediction[0].name, names[result.final.top1[0]]

    for ext in ("png", "svg", "pdf"):
        assert window.export_figure(tmp_path / f"figure.{ext}") is True
        assert "Figure exported" in window.statusBar().currentMessage()
    with Image.open(tmp_path / "figure.png") as png:
        assert png.size[0] == 3000 and png.info["dpi"] == pytest.approx((300, 300), abs=0.01)
    lines = svg_lines(tmp_path / "figure.svg")
    assert any(line.startswith(clean) for line in lines)
    assert any(line.startswith(adversarial) for line in lines)
    assert any(line.startswith("δ × 20 + 0.5") for line in lines)  # the window's gain
    assert any("chelsea.png · efficientnet_lite0" in line for line in lines)
    assert (tmp_path / "figure.pdf").read_bytes().startswith(b"%PDF-")

    assert window.export_curves(tmp_path / "curves.csv") is True
    with open(tmp_path / "curves.csv", newline="") as f:
        rows = list(csv.DictReader(f))
    assert [int(r["step"]) for r in rows] == [r.step for r in result.history]
    assert rows[-1]["top1_name"] == adversarial

    assert window.export_figure(tmp_path / "figure.jpg") is False
    assert ".png, .svg, .pdf" in window.statusBar().currentMessage()
    assert window.export_figure(tmp_path / "nowhere" / "figure.png") is False
    assert "no such folder" in window.statusBar().currentMessage()
    assert not (tmp_path / "figure.jpg").exists()


def test_the_menu_asks_for_a_file_and_writes_off_the_gui_thread(
    make_window, quick, run_and_wait, qtbot, tmp_path
):
    prompts = SaveAnswers(tmp_path / "chosen.pdf", tmp_path / "chosen.csv")
    window = make_window(prompts=prompts)
    assert run_and_wait(window, quick(2)) == "done"
    window.actions.export_figure.trigger()
    assert window.state.busy_text() == "Exporting the figure…"  # on a worker
    qtbot.waitUntil(lambda: window.state.busy_text() == "", timeout=60_000)
    assert "Figure exported" in window.statusBar().currentMessage()
    assert (tmp_path / "chosen.pdf").read_bytes().startswith(b"%PDF-")
    window.actions.export_curves.trigger()
    assert "Curves exported" in window.statusBar().currentMessage()
    assert (tmp_path / "chosen.csv").read_text().startswith("step,loss,p_true")
    assert prompts.offered == ["chelsea-figure.png", "chelsea-curves.csv"]
    assert window.last_error is None


def test_a_wrong_extension_chosen_in_the_dialog_is_said_in_one_line(
    make_window, quick, run_and_wait, qtbot, tmp_path
):
    window = make_window(prompts=SaveAnswers(tmp_path / "chosen.gif", tmp_path / "c.csv"))
    assert run_and_wait(window, quick(1)) == "done"
    window.actions.export_figure.trigger()
    qtbot.waitUntil(lambda: window.last_error is not None, timeout=60_000)
    assert "chosen.gif" in window.last_error and ".png, .svg, .pdf" in window.last_error
    assert not (tmp_path / "chosen.gif").exists()
