"""Card pictures (figures/site/thumbs.py): drawn for the card from a figure's data, at 16:9,
with no lettering; a still re-drawn from the scene's own Plotly data or SVG panel."""

import base64
import io
import json
import re

import numpy as np
import pytest
from PIL import Image

from figures.site import thumbs
from figures.site.errors import SiteError


def scene_page(traces: list[dict], layout: dict | None = None) -> str:
    return (f'<div id="s"></div><script>Plotly.newPlot("s", {json.dumps(traces)}, {json.dumps(layout or {})}, '
            '{"responsive": true})</script>')


def typed(arr) -> dict:
    a = np.asarray(arr, dtype="f4")
    return {"dtype": "f4", "bdata": base64.b64encode(a.tobytes()).decode()}


def test_plotly_data_is_read_with_typed_arrays():
    page = scene_page([{"type": "scatter", "x": typed([0, 1, 2]), "y": [3, 4, 5]}], {"xaxis": {"range": [0, 2]}})
    data, layout = thumbs.plotly_figure(page, "s.html")
    assert thumbs.values(data[0]["x"]).tolist() == [0, 1, 2] and thumbs.values(data[0]["y"]).tolist() == [3, 4, 5]
    assert layout["xaxis"]["range"] == [0, 2]
    with pytest.raises(SiteError, match="no Plotly.newPlot"):
        thumbs.plotly_figure("<p>no scene</p>", "s.html")


def test_a_scene_card_is_a_16_9_png_of_the_first_panel_only():
    traces = [
        {"type": "scatter", "mode": "markers", "x": [0, 1], "y": [0, 1], "marker": {"color": "#0072B2", "size": 30}},
        {"type": "scatter", "mode": "markers", "x": [0, 1], "y": [1, 0], "marker": {"color": "#D55E00", "size": 30},
         "xaxis": "x2", "yaxis": "y2"},  # a second panel: not on the card
        {"type": "scatter", "x": [0], "y": [0], "visible": False, "marker": {"color": "#009E73"}},  # a later frame
    ]
    png = thumbs.draw_scene(traces, {"title": {"text": "A TITLE THAT MUST NOT SHOW"}})
    im = Image.open(io.BytesIO(png)).convert("RGBA")
    assert im.size == (thumbs.WIDTH, thumbs.HEIGHT) and thumbs.WIDTH * 9 == thumbs.HEIGHT * 16
    colours = {c for _, c in im.getcolors(1 << 20) if c[3] == 255}
    near = lambda c, ref: sum(abs(a - b) for a, b in zip(c[:3], ref)) < 30  # noqa: E731
    assert any(near(c, (0, 114, 178)) for c in colours)  # the first panel's blue points
    assert not any(near(c, (213, 94, 0)) for c in colours)  # not the second panel's
    assert not any(near(c, (0, 158, 115)) for c in colours)  # not a hidden frame


def test_a_3d_scene_card_is_drawn_from_its_points():
    traces = [{"type": "scatter3d", "mode": "markers", "x": typed([0, 1, 0]), "y": typed([0, 0, 1]),
               "z": typed([1, 0, 0]), "marker": {"color": "#D55E00"}}]
    im = Image.open(io.BytesIO(thumbs.draw_scene(traces, {"scene": {"camera": {"eye": {"x": 1, "y": 1, "z": 1}}}})))
    assert im.size == (thumbs.WIDTH, thumbs.HEIGHT)
    assert im.convert("RGBA").getextrema()[3][1] == 255  # something is drawn


SVG = """<svg xmlns="http://www.w3.org/2000/svg" width="400pt" height="100pt" viewBox="0 0 400 100">
 <g id="figure_1">
  <g id="patch_1"><path d="M 0 100 L 400 100 L 400 0 L 0 0 z" style="fill: #ffffff"/></g>
  <g id="axes_1">
   <g id="patch_2"><path d="M 10 90 L 90 90 L 90 10 L 10 10 z" style="fill: #ffffff"/></g>
   <g id="PathCollection_1"><path d="M 50 50 L 60 60" style="stroke: #0072b2"/></g>
   <g id="matplotlib.axis_1"><g id="xtick_1"><text>0.5</text></g></g>
   <g id="text_1"><text>panel a</text></g>
  </g>
  <g id="axes_2">
   <g id="patch_3"><path d="M 110 95 L 390 95 L 390 5 L 110 5 z" style="fill: #ffffff"/></g>
   <g id="line2d_1"><path d="M 120 50 L 380 50" style="stroke: #d55e00"/></g>
   <g id="legend_1"><text>class 1</text></g>
  </g>
  <g id="text_9"><text>A suptitle cut mid-word</text></g>
 </g>
</svg>"""


def test_an_svg_card_keeps_the_largest_panel_without_any_text():
    out = thumbs.svg_panel(SVG, "f.svg")
    assert "<text" not in out and "matplotlib.axis" not in out and "legend" not in out
    assert "#d55e00" in out and "#0072b2" not in out  # the larger panel (axes_2), alone
    x, y, w, h = map(float, re.search(r'viewBox="([^"]+)"', out)[1].split())
    assert abs(w / h - 16 / 9) < 1e-3 and x <= 110 and x + w >= 390 and y <= 5 and y + h >= 95  # all of it
    assert f'width="{thumbs.WIDTH}"' in out and f'height="{thumbs.HEIGHT}"' in out


def test_thumbnails_are_redrawn_only_when_their_figure_changes(tmp_path):
    src, out = tmp_path / "f.svg", tmp_path / "cards" / "f.svg"
    src.write_text(SVG)
    thumbs.write_thumb(src, out)
    first = out.stat().st_mtime_ns
    thumbs.write_thumb(src, out)
    assert out.stat().st_mtime_ns == first
    with pytest.raises(SiteError, match="scene"):
        thumbs.write_thumb(tmp_path / "f.gif", tmp_path / "cards" / "f.gif")


def test_a_dark_card_is_drawn_in_the_scenes_dark_colours(tmp_path):
    """The dark twin of a card is the scene as scene.js draws it dark (layout.meta.dark): its light
    scale and colours swapped for their dark ones, never the light picture inverted."""
    light, deep = [[0, "#ffffff"], [1, "#cfe8dc"]], [[0, "#1e2029"], [1, "#2f5a47"]]
    traces = [{"type": "heatmap", "z": [[0, 1], [1, 0]], "zmin": 0, "zmax": 1, "colorscale": light},
              {"type": "scatter", "mode": "lines", "x": [0, 1], "y": [0, 1], "line": {"color": "#222222", "width": 8}}]
    meta = {"dark": {"scales": [[light, deep]], "colors": {"#222222": "#e6e6e6"}}}
    src = tmp_path / "s.html"
    src.write_text(scene_page(traces, {"meta": meta}))
    thumbs.write_thumbs(src, tmp_path / "cards" / "s.png")
    counts = {}
    for name in ("s.png", thumbs.dark_name("s.png")):
        im = Image.open(tmp_path / "cards" / name).convert("RGBA")  # opaque pixels: the drawing
        counts[name] = {c[:3]: n for n, c in im.getcolors(1 << 20) if c[3] == 255}
    near = lambda cs, ref: sum(n for c, n in cs.items() if sum(abs(a - b) for a, b in zip(c, ref)) < 12)  # noqa: E731
    light_px, dark_px = counts["s.png"], counts["s.dark.png"]
    assert near(light_px, (255, 255, 255)) > 10_000 and near(light_px, (30, 32, 41)) < 100
    assert near(dark_px, (30, 32, 41)) > 10_000 and near(dark_px, (255, 255, 255)) < 100
    assert near(dark_px, (230, 230, 230)) > 100  # the line in the dark ink
    assert thumbs.dark_traces(traces, meta["dark"])[0]["colorscale"] == deep
