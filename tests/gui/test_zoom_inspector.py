"""Zoom and pan shared by the three pictures, the pixel inspector, and the views of delta
(issue 11, items 3 and 4): on the panel alone with known arrays, and in the real window
after a real attack on the cat."""

from __future__ import annotations

import re

import numpy as np
import pytest
from PIL import Image
from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QKeySequence, QMouseEvent
from PySide6.QtWidgets import QApplication, QComboBox, QLabel, QToolButton, QWidget

from advgui.gui.delta_maps import DIVERGING_MAP, HEAT_MAP, DeltaMode, lookup_table
from advgui.gui.widgets.image_view import MARKER_SCALE
from advgui.gui.widgets.results import ResultsPanel
from advgui.gui.widgets.zoom import MAX_SCALE

from .window_support import fast_models, send_wheel

__all__ = ["fast_models"]  # fixture

pytestmark = pytest.mark.usefixtures("fast_models")

H, W = 30, 40


# -- sending the mouse ----------------------------------------------------------------------
def wheel(canvas: QWidget, pos: QPointF, notches: int) -> None:
    send_wheel(canvas, pos, notches)


def mouse(canvas: QWidget, kind: QEvent.Type, pos: QPointF, buttons=Qt.MouseButton.NoButton):
    button = Qt.MouseButton.LeftButton if kind != QEvent.Type.MouseMove else Qt.MouseButton.NoButton
    event = QMouseEvent(
        kind,
        pos,
        QPointF(canvas.mapToGlobal(pos.toPoint())),
        button,
        buttons,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(canvas, event)


def drag(canvas: QWidget, start: QPointF, end: QPointF) -> None:
    left = Qt.MouseButton.LeftButton
    mouse(canvas, QEvent.Type.MouseButtonPress, start, left)
    mouse(canvas, QEvent.Type.MouseMove, (start + end) / 2, left)
    mouse(canvas, QEvent.Type.MouseMove, end, left)
    mouse(canvas, QEvent.Type.MouseButtonRelease, end)


def hover(canvas: QWidget, pos: QPointF) -> None:
    mouse(canvas, QEvent.Type.MouseMove, pos)


def canvases(panel: ResultsPanel) -> list[QWidget]:
    return [v.canvas for v in (panel.original, panel.adversarial, panel.delta)]


def under(canvas, x: float, y: float) -> tuple[float, float]:
    """The image point (in pixels, fractional) drawn at canvas point (x, y)."""
    s, left, top = canvas.mapping()
    return (x - left) / s, (y - top) / s


def inspector_numbers(text: str) -> dict[str, list[float]]:
    """The inspector's line as numbers: pixel, x, x+δ and δ."""
    text = text.replace("−", "-")
    found = {}
    for name, pattern in (
        ("pixel", r"pixel \((\d+), (\d+)\)"),
        ("x", r"x = ([-\d.]+) ([-\d.]+) ([-\d.]+)"),
        ("adv", r"x\+δ = ([-\d.]+) ([-\d.]+) ([-\d.]+)"),
        ("delta", r"(?<!\+)δ = ([-+\d.]+) ([-+\d.]+) ([-+\d.]+)"),
    ):
        m = re.search(pattern, text)
        assert m is not None, (name, text)
        found[name] = [float(v) for v in m.groups()]
    return found


# -- the panel alone ------------------------------------------------------------------------
@pytest.fixture
def panel(qtbot):
    panel = ResultsPanel()
    qtbot.addWidget(panel)
    panel.resize(1000, 560)
    panel.show()
    qtbot.waitExposed(panel)
    return panel


def known_arrays():
    rng = np.random.default_rng(1)
    x = rng.uniform(0, 1, size=(H, W, 3)).astype(np.float32)
    delta = rng.uniform(-1 / 255, 1 / 255, size=(H, W, 3)).astype(np.float32)
    delta[5, 7] = (4 / 255, -4 / 255, 0.0)  # the largest change, in one pixel
    delta[20, 30] = 0.0  # a pixel the attack left alone
    rgb = np.round(x * 255).astype(np.uint8)
    adversarial = np.round(np.clip(x + delta, 0, 1) * 255).astype(np.uint8)
    return x, delta, rgb, adversarial


def show(panel: ResultsPanel, arrays) -> None:
    x, delta, rgb, adversarial = arrays
    panel.set_original(rgb, "known", x=x)
    panel.show_adversarial(adversarial, delta)


def test_the_three_views_share_the_zoom_after_wheel_and_drag(panel):
    show(panel, known_arrays())
    views = canvases(panel)
    assert panel.zoom.is_fit()
    fit = views[1].mapping()[0]
    pos = QPointF(views[1].width() * 0.3, views[1].height() * 0.6)
    before = under(views[1], pos.x(), pos.y())

    wheel(views[1], pos, 3)

    assert not panel.zoom.is_fit() and panel.zoom.scale == pytest.approx(fit * 1.25**3)
    after = under(views[1], pos.x(), pos.y())
    assert after == pytest.approx(before, abs=1 / panel.zoom.scale)  # zoomed about the cursor
    centres = [under(c, c.width() / 2, c.height() / 2) for c in views]
    assert all(c == pytest.approx(centres[0], abs=0.5) for c in centres)

    start = QPointF(views[2].width() / 2, views[2].height() / 2)
    drag(views[2], start, start + QPointF(30, -12))  # drag the delta view

    s = panel.zoom.scale
    moved = [under(c, c.width() / 2, c.height() / 2) for c in views]
    assert moved[1] == pytest.approx((centres[1][0] - 30 / s, centres[1][1] + 12 / s), abs=0.5)
    assert all(m == pytest.approx(moved[0], abs=0.5) for m in moved)  # all three panned

    wheel(views[0], pos, 40)  # far past the limit
    assert panel.zoom.scale == MAX_SCALE
    wheel(views[0], pos, -60)  # back out: fit, the whole image in view
    assert panel.zoom.is_fit()


def test_the_zoom_buttons(panel, qtbot):
    show(panel, known_arrays())
    fit, actual = (panel.findChild(QToolButton, n) for n in ("zoomFit", "zoomActual"))
    label = panel.findChild(QLabel, "zoomLabel")
    assert fit.isChecked()
    qtbot.mouseClick(actual, Qt.MouseButton.LeftButton)
    assert panel.zoom.scale == 1.0 and label.text() == "100%" and not fit.isChecked()
    panel.zoom.zoom_in()  # the View menu's Ctrl+=
    assert panel.zoom.scale == 2.0 and label.text() == "200%"
    qtbot.mouseClick(fit, Qt.MouseButton.LeftButton)
    assert panel.zoom.is_fit() and fit.isChecked()
    qtbot.mouseClick(fit, Qt.MouseButton.LeftButton)  # again: still fit, still checked
    assert panel.zoom.is_fit() and fit.isChecked()


def test_a_new_image_of_the_same_size_keeps_the_zoom_another_size_fits(panel):
    arrays = known_arrays()
    show(panel, arrays)
    panel.zoom.actual_size()
    panel.zoom.zoom_in()
    assert panel.zoom.scale == 2.0
    for _ in range(3):  # live or replayed frames
        panel.show_adversarial(arrays[3], arrays[1] * 0.5)
    panel.clear_adversarial()
    panel.set_original(None, "")  # the image is cleared while the next one loads
    panel.set_original(arrays[2][::-1].copy(), "another image, same size")
    assert panel.zoom.scale == 2.0

    panel.set_original(np.zeros((50, 20, 3), np.uint8), "another size")
    assert panel.zoom.is_fit() and panel.zoom.image_size == (20, 50)
    rect = panel.original.canvas.image_rect()
    canvas = panel.original.canvas
    assert rect.height() == pytest.approx(canvas.height(), abs=1) or rect.width() == pytest.approx(
        canvas.width(), abs=1
    )


def test_pixels_are_sharp_squares_once_zoomed_in(panel):
    board = np.zeros((H, W, 3), np.uint8)
    board[(np.add.outer(np.arange(H), np.arange(W)) % 2).astype(bool)] = 255
    panel.set_original(board, "checkerboard")
    panel.zoom.actual_size()
    for _ in range(3):
        panel.zoom.zoom_in()
    assert panel.zoom.scale == 8.0
    canvas = panel.original.canvas
    shot = canvas.grab().toImage()
    s, left, top = canvas.mapping()
    col, row = 3, 2  # a pixel well inside the view
    values = {
        shot.pixelColor(int(left + col * s + i), int(top + row * s + j)).red()
        for i in range(8)
        for j in range(8)
    }
    assert len(values) == 1  # nearest neighbour: one colour per image pixel
    grays = {
        shot.pixelColor(int(left + c * s + 4), int(top + 3 * s + 4)).red() for c in range(2, 6)
    }
    assert grays == {0, 255}  # no blend between neighbours


def test_the_marker_outlines_the_hovered_pixel_in_every_view(panel, qtbot):
    show(panel, known_arrays())
    panel.zoom.actual_size()
    for _ in range(3):
        panel.zoom.zoom_in()
    s = panel.zoom.scale
    assert s >= MARKER_SCALE
    views = canvases(panel)
    plain = [c.grab().toImage() for c in views]
    col, row = 10, 8
    c_left, c_top = views[1].mapping()[1:]
    hover(views[1], QPointF(c_left + (col + 0.5) * s, c_top + (row + 0.5) * s))
    assert panel.zoom.hovered == (col, row)
    for canvas, before in zip(views, plain):
        _, left, top = canvas.mapping()
        after = canvas.grab().toImage()
        changed = [
            (x, y)
            for x in range(after.width())
            for y in range(after.height())
            if after.pixel(x, y) != before.pixel(x, y)
        ]
        assert changed, "no marker drawn"
        xs, ys = [p[0] for p in changed], [p[1] for p in changed]
        assert left + col * s - 4 <= min(xs) and max(xs) <= left + (col + 1) * s + 4
        assert top + row * s - 4 <= min(ys) and max(ys) <= top + (row + 1) * s + 4


def test_the_inspector_reads_the_hovered_pixel(panel):
    x, delta, rgb, adversarial = known_arrays()
    show(panel, (x, delta, rgb, adversarial))
    inspector = panel.findChild(QLabel, "pixelInspector")
    assert "Hover" in inspector.text()
    canvas = panel.delta.canvas
    s, left, top = canvas.mapping()
    hover(canvas, QPointF(left + 7.5 * s, top + 5.5 * s))
    got = inspector_numbers(inspector.text())
    assert got["pixel"] == [7, 5]
    assert got["x"] == pytest.approx(x[5, 7] * 255, abs=0.05)
    assert got["delta"] == pytest.approx([4.0, -4.0, 0.0], abs=0.005)
    assert got["adv"] == pytest.approx(np.clip(x[5, 7] + delta[5, 7], 0, 1) * 255, abs=0.05)
    panel.show_adversarial(adversarial, delta * 0.5)  # a new frame: the line follows it
    assert inspector_numbers(inspector.text())["delta"] == pytest.approx([2.0, -2.0, 0.0])
    QApplication.sendEvent(canvas, QEvent(QEvent.Type.Leave))
    assert "Hover" in inspector.text()


def test_each_view_of_delta_draws_delta(panel, qtbot):
    x, delta, rgb, adversarial = known_arrays()
    show(panel, (x, delta, rgb, adversarial))
    view = panel.delta
    largest = float(np.abs(delta).max()) * 255

    panel.set_delta_mode(DeltaMode.HEAT)
    image = view.image()
    big, zero = image.pixelColor(7, 5), image.pixelColor(30, 20)
    assert (big.red(), big.green(), big.blue()) == tuple(lookup_table(HEAT_MAP)[-1])
    assert (zero.red(), zero.green(), zero.blue()) == tuple(lookup_table(HEAT_MAP)[0])
    assert panel.delta_views.color_bar.isVisible()
    assert panel.delta_views.color_bar.scale() == pytest.approx((0.0, largest), abs=1e-3)
    assert not panel.amplify_spin.isEnabled()
    panel.layout().activate()  # the other two keep room for the bar: three equal pictures
    sizes = [c.size().toTuple() for c in canvases(panel)]
    assert len({h for _, h in sizes}) == 1 and max(sizes)[0] - min(sizes)[0] <= 1

    panel.set_delta_mode(DeltaMode.GREEN)
    image = view.image()
    table = lookup_table(DIVERGING_MAP)
    lowered, still = image.pixelColor(7, 5), image.pixelColor(30, 20)
    assert (lowered.red(), lowered.green(), lowered.blue()) == tuple(table[0])  # -4 of ±4
    assert (still.red(), still.green(), still.blue()) == tuple(table[128])  # 0: the centre
    assert panel.delta_views.color_bar.scale() == pytest.approx((-largest, largest), abs=1e-3)
    panel.set_delta_mode(DeltaMode.RED)
    raised = view.image().pixelColor(7, 5)
    assert (raised.red(), raised.green(), raised.blue()) == tuple(table[255])

    panel.set_delta_mode(DeltaMode.HISTOGRAM)
    histogram = panel.findChild(QWidget, "deltaHistogram")
    assert histogram.isVisible() and not view.canvas.isVisible()
    edges, counts = histogram.counts()
    assert counts.sum() == 3 * H * W and (counts.sum(axis=1) == H * W).all()
    assert edges[0] == pytest.approx(-largest) and edges[-1] == pytest.approx(largest)
    assert counts[0, -1] == 1 and counts[1, 0] == 1  # the one +4 red, the one -4 green
    assert "1/255" in panel.delta.caption.text()

    panel.set_delta_mode(DeltaMode.AMPLIFIED)
    assert view.canvas.isVisible() and not panel.delta_views.color_bar.isVisible()
    assert panel.amplify_spin.isEnabled()
    gray = view.image().pixelColor(30, 20)
    assert (gray.red(), gray.green(), gray.blue()) == (128, 128, 128)


# -- the window, after a real attack on the cat ---------------------------------------------
def test_at_1_1_the_inspector_reports_the_window_arrays(window, qtbot, quick, run_and_wait):
    results = window.results
    assert window.actions.zoom_actual.shortcut() == QKeySequence("Ctrl+1")
    assert window.actions.zoom_fit.shortcut() == QKeySequence("Ctrl+0")
    assert QKeySequence("Ctrl+=") in window.actions.zoom_in.shortcuts()
    window.actions.zoom_actual.trigger()
    assert results.zoom.scale == 1.0
    assert run_and_wait(window, quick(4)) == "done"
    assert results.zoom.scale == 1.0  # the live frames kept the zoom

    x = window.state.input.x[0].permute(1, 2, 0).numpy()  # H x W x 3 in [0, 1]
    delta = window.state.result.delta[0].permute(1, 2, 0).numpy()
    h, w, _ = x.shape
    row, col = h // 2 - 3, w // 2 + 5  # near the middle: in view at 1:1 in any canvas
    canvas = results.adversarial.canvas
    left = round(canvas.width() / 2 - w / 2)  # at 1:1 the image is centred, not moved
    top = round(canvas.height() / 2 - h / 2)
    hover(canvas, QPointF(left + col + 0.5, top + row + 0.5))

    got = inspector_numbers(window.findChild(QLabel, "pixelInspector").text())
    assert got["pixel"] == [col, row]
    assert got["x"] == pytest.approx(x[row, col] * 255, abs=0.05)
    assert got["delta"] == pytest.approx(delta[row, col] * 255, abs=0.005)
    assert got["adv"] == pytest.approx(np.clip(x[row, col] + delta[row, col], 0, 1) * 255, abs=0.05)
    assert max(abs(v) for v in got["delta"]) <= 2.0 + 1e-3  # the tutorial's eps, 2/255

    window.actions.zoom_in.trigger()
    assert results.zoom.scale == 2.0
    window.actions.zoom_fit.trigger()
    assert results.zoom.is_fit()

    largest = float(np.abs(delta).max()) * 255
    combo = window.findChild(QComboBox, "deltaMode")
    combo.setCurrentIndex(combo.findData(DeltaMode.HEAT))
    assert window.state.delta_view is DeltaMode.HEAT  # the choice went to the state
    assert results.delta_views.color_bar.scale() == pytest.approx((0.0, largest), abs=1e-3)
    combo.setCurrentIndex(combo.findData(DeltaMode.HISTOGRAM))
    _, counts = results.delta_views.histogram.counts()
    assert counts.sum() == 3 * h * w


def test_an_image_of_another_size_shows_whole(window, qtbot, tmp_path):
    results = window.results
    size = results.zoom.image_size
    same = tmp_path / "same.png"
    Image.fromarray(np.full((300, 451, 3), 90, np.uint8)).save(same)  # the cat's shape
    portrait = tmp_path / "portrait.png"
    Image.fromarray(np.full((300, 200, 3), 90, np.uint8)).save(portrait)

    window.actions.zoom_actual.trigger()
    window.actions.zoom_in.trigger()
    window.open_image(same)
    qtbot.waitUntil(window.is_ready, timeout=30_000)
    assert window.state.image_path == same
    assert results.zoom.image_size == size and results.zoom.scale == 2.0

    window.open_image(portrait)
    qtbot.waitUntil(window.is_ready, timeout=30_000)
    assert results.zoom.is_fit()
    h, w = window.state.input.rgb.shape[:2]
    assert results.zoom.image_size == (w, h) != size


def test_the_delta_view_is_remembered(make_window, qtbot):
    window = make_window()
    assert window.state.delta_view is DeltaMode.AMPLIFIED
    combo = window.findChild(QComboBox, "deltaMode")
    combo.setCurrentIndex(combo.findData(DeltaMode.BLUE))
    assert window.results.delta_mode() is DeltaMode.BLUE
    window.close()

    again = make_window(wait=False)
    assert again.state.delta_view is DeltaMode.BLUE
    assert again.findChild(QComboBox, "deltaMode").currentData() is DeltaMode.BLUE
    assert again.results.delta_mode() is DeltaMode.BLUE
    qtbot.waitUntil(again.is_ready, timeout=60_000)
