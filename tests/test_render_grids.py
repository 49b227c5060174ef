"""grids.py: the grid path, the cut of the box by a line, and the three renderers of warped grids."""

import base64
import json
import re

import numpy as np
import pytest
from gif_frames import gif_frames

from figures import render
from figures.render import gif, grids
from figures.render.style import CLASS_COLORS, hex_to_rgb

BOX = (-1.0, 1.0, -1.0, 1.0)


def tanh_warp(t: float, line=((1.0, -1.0), 0.2)) -> grids.Warp:
    """The grid and two points under x -> tanh(t x), with a fixed decision line."""
    path = np.tanh(t * grids.grid_path((-1, 1, -1, 1), 5, 3).astype(float))
    points = np.tanh(t * np.array([[0.5, -0.5], [-0.5, 0.5]]))
    return grids.Warp(path, points, (np.array(line[0]), line[1]))


Y = np.array([1, 0])

# --- grid_path ----------------------------------------------------------------------------------


@pytest.mark.parametrize("lines,refine", [(2, 1), (3, 2), (5, 3), (9, 3), (10, 4)])
def test_grid_path_walks_every_grid_line_one_cell_edge_at_a_time(lines, refine):
    extent = (-2.0, 2.0, -1.0, 3.0)
    P = grids.grid_path(extent, lines, refine).astype(float)
    m = (lines - 1) * refine + 1
    assert P.shape == (2 * (lines * m + (lines - 1) * (refine - 1)) - 1, 2)
    step = np.array([4.0, 4.0]) / (m - 1)
    d = np.abs(np.diff(P, axis=0))
    # each move is one sub-edge, along x or along y, never diagonal and never a jump
    assert np.allclose(d.max(1), step[0], atol=1e-5) and np.allclose(d.min(1), 0, atol=1e-5)
    xs = np.linspace(extent[0], extent[1], lines)
    ys = np.linspace(extent[2], extent[3], lines)
    on_v = np.isclose(P[:, :1], xs[None]).any(1)
    on_h = np.isclose(P[:, 1:], ys[None]).any(1)
    assert (on_v | on_h).all(), "a point off every grid line"
    for x in xs:  # every vertical line is drawn over its full length
        assert np.ptp(P[np.isclose(P[:, 0], x), 1]) == pytest.approx(extent[3] - extent[2])
    for y in ys:
        assert np.ptp(P[np.isclose(P[:, 1], y), 0]) == pytest.approx(extent[1] - extent[0])


def test_grid_path_rejects_a_degenerate_grid():
    with pytest.raises(ValueError):
        grids.grid_path(BOX, 1, 3)


# --- half_planes --------------------------------------------------------------------------------


def area(poly):
    if len(poly) < 3:
        return 0.0
    x, y = poly[:, 0], poly[:, 1]
    return 0.5 * abs(np.dot(x, np.roll(y, 1)) - np.dot(y, np.roll(x, 1)))


@pytest.mark.parametrize("w,c", [((1, 0), 0.0), ((1, -1), 0.2), ((0.3, 2), -0.5), ((1, 1), 1.99)])
def test_half_planes_split_the_box(w, c):
    w = np.array(w, dtype=float)
    neg, pos, seg = grids.half_planes(w, c, BOX)
    assert area(neg) + area(pos) == pytest.approx(4.0)
    assert (neg @ w + c <= 1e-9).all() and (pos @ w + c >= -1e-9).all()
    assert seg.shape == (2, 2)
    assert np.allclose(seg @ w + c, 0)
    assert (np.isclose(np.abs(seg), 1).any(1)).all(), "segment ends on the box's border"
    # the > 0 side is the class-1 side, as in the model: logit w·h + c > 0 predicts class 1
    x = np.random.default_rng(0).uniform(-1, 1, (500, 2))
    inside_pos = x @ w + c > 0
    assert area(pos) == pytest.approx(4 * inside_pos.mean(), abs=0.3)


def test_a_line_outside_the_box_leaves_one_side_whole():
    neg, pos, seg = grids.half_planes(np.array([1.0, 0.0]), 5.0, BOX)
    assert area(pos) == pytest.approx(4.0) and len(neg) == 0 and len(seg) == 0


def test_frame_box_is_square_and_holds_everything():
    warps = [tanh_warp(1.0), grids.Warp(np.array([[0.0, 0.0], [3.0, 0.5]]))]
    x0, x1, y0, y1 = grids.frame_box(warps)
    assert x1 - x0 == pytest.approx(y1 - y0)
    assert x0 <= -np.tanh(1) and x1 >= 3 and y0 <= -np.tanh(1) and y1 >= np.tanh(1)


# --- Plotly slider ------------------------------------------------------------------------------


def slider_html(n=4):
    frames = [tanh_warp(0.5 + t) for t in range(n)]
    drawn = grids.warp_slider(frames, Y, (-1.05, 1.05, -1.05, 1.05), axis_titles=("u1", "u2"),
                             titles=[f"epoch {k}" for k in range(n)], labels=[str(k) for k in range(n)])
    page, gif = render.artifacts("warp_test", drawn, grids.warp_gif(frames, Y, BOX, size=40))
    return page.data


def figure_json(html: str) -> tuple[list, dict, list]:
    """(data, layout, frames) of the Plotly call in a scene page."""
    call = re.search(r'Plotly\.newPlot\(\s*"warp_test",\s*(\[.*?\]),\s*(\{.*?\}),\s*\{"displayModeBar', html, re.S)
    data, layout = json.loads(call[1]), json.loads(call[2])
    frames = json.loads(re.search(r"Plotly\.addFrames\('warp_test',\s*(\[.*?\])\);", html, re.S)[1])
    return data, layout, frames


def decode(arr) -> np.ndarray:
    assert isinstance(arr, dict) and arr["dtype"] == "i2", "coordinates travel as int16"
    return np.frombuffer(base64.b64decode(arr["bdata"]), dtype=np.int16)


def test_slider_is_deterministic_and_loads_the_shared_plotly():
    html = slider_html()
    assert html == slider_html()
    assert 'src="../plotly' in html and 'id="warp_test"' in html and "warp_test.gif" in html
    assert "cdn" not in html.lower()


def test_slider_has_a_frame_per_snapshot_and_shows_the_last():
    data, layout, frames = figure_json(slider_html(4))
    assert len(frames) == 4 and len(data) == 6
    slider = layout["sliders"][0]
    assert len(slider["steps"]) == 4 and slider["active"] == 3
    assert layout["updatemenus"][0]["buttons"][0]["label"].endswith("play")
    assert layout["title"]["text"] == "epoch 3"
    assert [f["layout"]["title"]["text"] for f in frames] == [f"epoch {k}" for k in range(4)]
    # the first frame's points and grid differ from the last frame's: the slider moves the figure
    assert not np.array_equal(decode(frames[0]["data"][2]["x"]), decode(frames[3]["data"][2]["x"]))


def test_slider_axes_are_fixed_and_labelled_in_real_units():
    data, layout, frames = figure_json(slider_html())
    scale = grids.INT16_SPAN / 1.05
    assert layout["xaxis"]["range"] == pytest.approx([-1.05 * scale, 1.05 * scale])
    assert layout["yaxis"]["scaleanchor"] == "x"
    ticks = dict(zip(layout["xaxis"]["ticktext"], layout["xaxis"]["tickvals"]))
    assert ticks["1"] == pytest.approx(scale) and ticks["0"] == 0 and ticks["−1"] == pytest.approx(-scale)
    # a point's stored value divided by the scale is its real coordinate
    pts = frames[-1]["data"][3]["x"]  # class 0: the point at tanh(-t * 0.5)
    assert decode(pts)[0] / scale == pytest.approx(np.tanh(-3.5 * 0.5), abs=1e-4)


def test_slider_draws_classes_in_their_colours():
    data, _, _ = figure_json(slider_html())
    assert [data[3]["marker"]["color"], data[4]["marker"]["color"]] == list(CLASS_COLORS)
    assert data[0]["fillcolor"] == grids.TINTS[0] and data[1]["fillcolor"] == grids.TINTS[1]


# --- GIF ----------------------------------------------------------------------------------------




def px(x, y, size, box=BOX):
    return int((box[3] - y) / (box[3] - box[2]) * size), int((x - box[0]) / (box[1] - box[0]) * size)


def test_gif_frames_colours_and_determinism():
    frames = [tanh_warp(t) for t in (0.5, 1.0, 2.0)]
    data = grids.warp_gif(frames, Y, BOX, size=120, labels=["a", "b", "c"]).data
    assert data == grids.warp_gif(frames, Y, BOX, size=120, labels=["a", "b", "c"]).data
    assert len(gif_frames(data)) == 3
    imgs = gif_frames(grids.warp_gif(frames, Y, BOX, size=120).data)  # no label box over the top-left point
    assert imgs[0].shape == (120, 120, 3)
    last = imgs[-1]
    for (x, y), k in zip(frames[-1].points, Y):
        assert np.abs(last[px(x, y, 120)] - hex_to_rgb(CLASS_COLORS[k])).max() <= 4
    # the sides of the decision line are tinted: class 1 side (w·h + c > 0) in the class-1 tint
    assert np.abs(last[px(0.9, -0.9, 120)] - hex_to_rgb(grids.TINTS[1])).max() <= 4
    assert np.abs(last[px(-0.9, 0.9, 120)] - hex_to_rgb(grids.TINTS[0])).max() <= 4


def test_gif_poster_shows_the_last_frame_first():
    frames = [tanh_warp(t) for t in (0.5, 2.0)]
    imgs = gif_frames(grids.warp_gif(frames, Y, BOX, size=80, poster=True).data)
    assert len(imgs) == 3
    assert np.array_equal(imgs[0], imgs[-1]) and not np.array_equal(imgs[0], imgs[1])


def test_gif_without_line_is_white_with_grey_grid():
    warp = grids.Warp(grids.grid_path(BOX, 3, 2).astype(float) * 0.5)
    img = gif_frames(grids.warp_gif([warp], None, BOX, size=100).data)[0]
    assert (img[5, 5] == 255).all()
    assert np.abs(img[50, 50] - hex_to_rgb(grids.GRID_COLOR)).max() <= 4  # the centre lines cross here


def test_renderers_reject_mismatched_points():
    warp = grids.Warp(np.zeros((3, 2)), np.zeros((2, 2)))
    with pytest.raises(ValueError):
        grids.warp_gif([warp], np.array([0, 1, 1]), BOX)
    with pytest.raises(ValueError):
        grids.warp_gif([], Y, BOX)
    with pytest.raises(ValueError):
        grids.warp_gif([tanh_warp(1)], Y, BOX, labels=["a", "b"])


# --- SVG ----------------------------------------------------------------------------------------


def test_svg_is_deterministic_and_compact():
    panels = [tanh_warp(t) for t in (0.5, 2.0)]
    still = grids.warp_svg(panels, Y, BOX, titles=["a", "b"], axis_titles=("u1", "u2"), legend=True)
    text, w, h = still.data, still.width, still.height
    assert text == grids.warp_svg(panels, Y, BOX, titles=["a", "b"], axis_titles=("u1", "u2"), legend=True).data
    assert text.lstrip().startswith("<?xml") and "</svg>" in text and w > h > 0
    paths = re.findall(r'<path [^>]*?d="([^"]*)"', text, re.S)
    assert paths and not any(re.search(r"\d\.\d{3}", d) for d in paths), "path coordinates are rounded"
    assert "decision line" in text and "input grid, mapped" in text


def test_round_paths_keeps_two_decimals():
    assert grids.round_paths('<path d="M 1.234567 2.5 L -3.100000 4"/>') == '<path d="M 1.23 2.5 L -3.1 4"/>'


def test_tints_come_from_the_site_probability_scale():
    rgb = gif.prob_rgb(np.array(grids.TINT_LEVELS) / (gif.LEVELS - 1))
    assert [hex_to_rgb(t) for t in grids.TINTS] == [tuple(np.round(c).astype(int)) for c in rgb]
