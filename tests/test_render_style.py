"""The one style of both back-ends (style.py) and the opening view of 3-D scenes (kinds.View):
known answers."""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image

from figures.render import gif, style, svg
from figures.render.kinds import View


@pytest.mark.parametrize("v,text", [(-1.0, "−1"), (-0.5, "−0.5"), (0.0, "0"), (-0.0, "0"), (2.5, "2.5"),
                                    (0.30000000000000004, "0.3"), (1000, "1000"), (-2, "−2")])
def test_tick_text(v, text):
    assert style.tick_text(v) == text


def test_matplotlib_ticks_and_font_follow_the_style():
    with svg.plt.rc_context(svg.RC):
        fig, ax = svg.plt.subplots(figsize=(3, 3), dpi=svg.DPI)
        ax.plot([-1, 1], [-1, 1])
        ax.set_title("t")
        text = svg.save_svg(fig).data
    labels = [t.strip() for t in __import__("re").findall(r"<text[^>]*>([^<]*)</text>", text)]
    assert "−1" in labels and "−1.0" not in labels and not any("-" in t for t in labels)
    assert f"font-family: {style.FONT_FAMILY}" in text and "DejaVu Sans'" not in text


def box(aspect=(1.0, 1.0, 0.85)):
    return np.array([[-1.0, 1.0], [-1.0, 1.0], [-1.0, 1.0]]), aspect


def test_view_face_on_and_edge_on():
    ranges, aspect = box((1.0, 1.0, 1.0))
    n = np.array([1.0, 0.0, 1.0]) / np.sqrt(2)  # a plane tilted 45°
    face = View(tuple(n), 0).eye(ranges, aspect, style.EYE_3D)
    edge = View(tuple(n), 90).eye(ranges, aspect, style.EYE_3D)
    assert abs(face @ n) > 0.999  # 45° up: inside the allowed elevations
    assert abs(edge @ n) < 0.02 and 10 - 1e-6 <= np.degrees(np.arcsin(edge[2])) <= 45 + 1e-6


def test_view_scales_the_normal_with_the_box():
    """In a box squeezed along z, a plane's normal turns toward z: face-on stays face-on."""
    ranges = np.array([[0.0, 1.0], [0.0, 1.0], [0.0, 10.0]])  # z spans 10x the data
    n_data = np.array([1.0, 0.0, 0.1])  # the plane x + z/10 = c: at 45° in the drawn unit box
    eye = View(tuple(n_data), 0).eye(ranges, (1.0, 1.0, 1.0), style.EYE_3D)
    assert abs(eye @ (np.array([1.0, 0.0, 1.0]) / np.sqrt(2))) > 0.999


def test_view_checks_its_arguments():
    with pytest.raises(ValueError):
        View((0.0, 0.0, 0.0), 30)
    with pytest.raises(ValueError):
        View((0.0, 0.0, 1.0), 120)


def test_matplotlib_angles_of_an_eye():
    assert svg.view_angles((1.0, 0.0, 0.0)) == (0.0, 0.0)
    elev, azim = svg.view_angles((0.0, 1.0, 1.0))
    assert elev == pytest.approx(45) and azim == pytest.approx(90)


def test_gif_poster_is_its_first_frame():
    frames = [np.full((8, 8), k, dtype=np.uint8) for k in (3, 9)]
    data = gif.encode(frames, [100, 100])
    still = gif.poster(gif.Drawn(data, "gif", 8, 8))
    assert still.ext == "png" and (still.width, still.height) == (8, 8)
    rgb = np.asarray(Image.open(io.BytesIO(still.data)).convert("RGB"))
    want = np.asarray(Image.open(io.BytesIO(data)).convert("RGB"))  # frame 0
    assert np.array_equal(rgb, want)


def test_dark_meta_pairs_every_light_scale():
    meta = style.plotly_meta(scales=[(((0, "#ffffff"), (1, "#000000")), ((0, "#111111"), (1, "#222222")))],
                             colors={"#ABCDEF": "#123456"}, axis_scale=2.0)
    assert meta["axis_scale"] == 2.0
    assert meta["dark"]["scales"][0][0] == style.plotly_prob_scale()
    assert meta["dark"]["colors"]["#abcdef"] == "#123456" and meta["dark"]["colors"][style.INK] == style.DARK_INK
