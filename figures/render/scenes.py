"""Interactive Plotly scenes: 2-D boundaries and 3-D layer activations, with a training slider.

Each scene is a small standalone HTML page that loads one shared plotly.js bundle from the
figures folder (``BUNDLES``: one custom bundle with the site's trace types), with
a fixed div id so output is byte-identical between builds, and a <noscript> static fallback. Arrays are sent as compact
typed arrays (float32, or uint8 for probabilities) to keep each file small.
"""

from __future__ import annotations

import gzip
from collections.abc import Callable, Sequence
from pathlib import Path

import jinja2
import markupsafe
import numpy as np
import plotly.graph_objects as go

from figures.registry import shared_asset
from figures.render import Drawn, camera3d, text3d
from figures.render.kinds import Cloud, Plane, ProbabilityField, View, box_ranges, line_segment
from figures.render.style import (
    ASPECT_3D,
    CLASS_COLORS,
    CLASS_NAMES,
    EYE_3D,
    INK,
    MUTED,
    PLOTLY_AXIS_2D,
    plotly_layout,
    plotly_prob_scale,
    tick_text,
    true_minus,
)

VENDOR = Path(__file__).resolve().parent / "vendor"
# Reader behaviour of every scene page (wheel scrolls the page, zoom buttons, keyboard slider,
# colour scheme): one shared file beside the bundles, so editing it rebuilds no figure.
SCENE_JS = Path(__file__).resolve().parent / "scene.js"
# One plotly.js for every scene: a custom bundle with exactly the trace types the site draws
# (vendor/build_bundle.sh). One file for all pages is cached once by the browser; the official
# partial bundles made a page with 2-D and 3-D scenes load two (1.05 MB gzipped against 0.60 MB).
BUNDLES = (
    ("plotly-mlp.min.js", {"bar", "contour", "heatmap", "mesh3d", "scatter", "scatter3d", "surface"}),
)
WIDTH, HEIGHT = 640, 560
# A square 2-D plot with a slider: title and legend above (62 px), axis labels and slider below
# (GAP_2D + 56 px), 60 px of y labels beside: a frame of this shape is filled by the plot.
SIZE_2D = (600, 700)
GAP_2D = 46  # px from the plot's bottom edge to the slider: the x tick labels and axis title
# A 2-D plot's margins with its slider below (``animate``); stills.boundary_still draws the same.
MARGIN_2D = dict(l=50, r=10, t=62, b=GAP_2D + 56)
CONFIG = {"displayModeBar": False, "responsive": True, "scrollZoom": False}
MARGIN_3D = dict(l=0, r=0, t=56, b=0)
U8_TICKS = dict(tickvals=[0, 64, 128, 191, 255], ticktext=["0", "0.25", "0.5", "0.75", "1"])

PAGE = jinja2.Template("""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ title }}</title>
<style>html,body{margin:0;height:100%;background:#fff}body>div{height:100%}
noscript img{display:block;max-width:100%;height:auto;margin:auto}</style>
{% if text3d %}<script src="../{{ text3d }}"></script>
{% endif %}<script src="{{ plotly_src }}"></script>
</head><body>
{{ div }}
{% if fallback %}<noscript><img src="{{ fallback }}" alt="{{ title }}"></noscript>{% endif %}
<script>
// On a phone-sized frame, smaller text (not below 10 px, the phone's least lettering) and no 3-D
// tick labels keep the scene readable (stills.PHONE_FONT_PX and PHONE_TITLE_PX draw the same).
if (window.innerWidth < 480) {
  for (const gd of document.querySelectorAll(".js-plotly-plot")) {
    const small = {"font.size": 10, "title.font.size": 12, "legend.font.size": 10};
    const short = (gd.layout.meta || {}).phone_axes;  // camera3d.phone_axis_titles
    ["xaxis", "yaxis", "zaxis"].forEach((ax, k) => {
      small[`scene.${ax}.showticklabels`] = false;
      if (short) small[`scene.${ax}.title.text`] = short[k];
    });
    Plotly.relayout(gd, gd._fullLayout.scene ? small : {"font.size": 10, "title.font.size": 12});
  }
}
</script>
<script src="../{{ scene_js }}"></script>
</body></html>
""", autoescape=False)


def bundle_for(fig: go.Figure) -> str:
    """File name of the smallest plotly.js bundle that draws every trace of ``fig``."""
    types = {t.type for t in fig.data} | {t.type for f in fig.frames for t in f.data if t.type}
    for name, has in BUNDLES:
        if types <= has:
            return name
    # The full 4.8 MB bundle is not shipped: add the trace type to vendor/build_bundle.sh and BUNDLES.
    raise ValueError(f"no vendored plotly.js bundle draws all of {sorted(types)}; add one to BUNDLES")


def _vendored(name: str) -> Callable[[], bytes]:
    return lambda: gzip.decompress((VENDOR / f"{name}.gz").read_bytes())


# Scene pages load these from the figures folder; the build copies them (one copy each).
for _name, _ in BUNDLES:
    shared_asset(_name, _vendored(_name), source=VENDOR / f"{_name}.gz")
shared_asset(SCENE_JS.name, SCENE_JS.read_bytes, source=SCENE_JS)
shared_asset(text3d.SCRIPT.name, text3d.script, source=text3d.SCRIPT)
# trace types drawn in a 3-D scene, whose axis lettering text3d.js supplies
TYPES_3D = {"scatter3d", "surface", "mesh3d"}


def page(fig: go.Figure, div_id: str, title: str, fallback: str | None) -> str:
    """A standalone HTML page holding ``fig``, deterministic for the same figure."""
    div = fig.to_html(full_html=False, include_plotlyjs=False, div_id=div_id, config=CONFIG, auto_play=False,
                      default_width="100%", default_height="100%")
    three_d = any(t.type in TYPES_3D for t in fig.data)
    return PAGE.render(title=markupsafe.escape(title), plotly_src=f"../{bundle_for(fig)}", div=div,
                       fallback=fallback, scene_js=SCENE_JS.name, text3d=three_d and text3d.SCRIPT.name)


def drawn(fig: go.Figure, title: str, width: int = WIDTH, height: int = HEIGHT) -> Drawn:
    """``fig`` as a scene page whose div id and <noscript> still ``render.artifacts`` fills in;
    its titles (every frame's) written with a true minus sign."""
    for layout in (fig.layout, *(f.layout for f in fig.frames if f.layout)):
        if layout.title and layout.title.text:
            layout.title.text = true_minus(layout.title.text)
    title = true_minus(title)
    return Drawn(lambda div_id, fallback: page(fig, div_id, title, fallback), "html", width, height)


def _u8(p: np.ndarray) -> np.ndarray:
    """Probabilities 0..1 as bytes 0..255: a quarter of float32's size, finer than the eye."""
    return np.round(np.clip(p, 0, 1) * 255).astype(np.uint8)


def _slider(names: Sequence[str], labels: Sequence[str], prefix: str, gap: int, step_words: str) -> dict:
    """An epoch slider and a play button over the named frames, ``gap`` px below the plot.
    Tick labels are hidden (they crowd on a phone); the current step is shown above the bar.
    ``step_words``: what the slider moves through (its name for a screen reader: scene.js)."""
    step = lambda n, lab: dict(method="animate", label=lab,  # noqa: E731
                               args=[[n], dict(mode="immediate", frame=dict(duration=0, redraw=True),
                                              transition=dict(duration=0))])
    play = dict(type="buttons", showactive=False, x=0.0, y=0.0, xanchor="left", yanchor="top",
                pad=dict(t=gap + 14, r=10), buttons=[dict(label="▶ play", method="animate", args=[
                    None, dict(frame=dict(duration=250, redraw=True), fromcurrent=True,
                               transition=dict(duration=0))])])
    slider = dict(name=step_words, active=len(names) - 1, x=0.2, len=0.78, y=0.0, yanchor="top", pad=dict(t=gap, b=0),
                  currentvalue=dict(prefix=prefix, font=dict(size=12, color=INK)),
                  font=dict(color="rgba(0,0,0,0)"), ticklen=3, minorticklen=0, tickcolor=MUTED,
                  steps=[step(n, lab) for n, lab in zip(names, labels)])
    return dict(sliders=[slider], updatemenus=[play])


def animate(fig: go.Figure, frames: list[go.Frame], labels: Sequence[str], prefix: str, gap: int = 10,
            step_words: str = "") -> None:
    """Attach frames and a slider; the figure first shows the last frame (the trained net).
    ``step_words``: what the slider moves through, where the prefix does not say it."""
    if len(frames) > 1:
        if not (step_words := step_words or prefix.strip(" :")):
            raise ValueError("a slider needs a prefix or words for what it moves through (step_words=...)")
        fig.frames = frames
        fig.update_layout(**_slider([f.name for f in frames], labels, prefix, gap, step_words))
        # the slider (its value, rail and ticks: about 50 px) ends just above the frame's bottom
        fig.update_layout(margin=dict(b=gap + 56))


def boundary_slider(field: ProbabilityField) -> Drawn:
    """P(class 1) over the input plane with its 0.5 line, one frame per training snapshot.

    For a linear model the field carries ``lines`` (w, b) per frame: the boundary w·x + b = 0 is
    then drawn exactly. Otherwise the 0.5 contour is traced from the float field (bytes, 0..255,
    would put every value near 0.5 at 127 or 128 and the line would follow the rounding noise)."""
    probs, X, y, extent, titles, lines = field.probs, field.X, field.y, field.extent, field.titles, field.lines
    gx = np.linspace(extent[0], extent[1], probs[0].shape[1]).astype(np.float32)
    gy = np.linspace(extent[2], extent[3], probs[0].shape[0]).astype(np.float32)

    def heat(p):
        if lines is not None:  # colour only: the boundary is the exact line trace
            return go.Heatmap(x=gx, y=gy, z=_u8(p), zmin=0, zmax=255, colorscale=plotly_prob_scale(),
                              zsmooth="best", hoverinfo="skip", showscale=False)
        return go.Contour(x=gx, y=gy, z=np.asarray(p, dtype=np.float32), zmin=0, zmax=1,
                          colorscale=plotly_prob_scale(), contours=dict(coloring="heatmap", start=0.5, end=0.5, size=1),
                          line=dict(color=INK, width=2), hoverinfo="skip", showscale=False)

    def boundary(i):
        bx, by = line_segment(*lines[i], extent)
        return go.Scatter(x=bx, y=by, mode="lines", line=dict(color=INK, width=2), name="boundary",
                          hoverinfo="skip", showlegend=False)

    points = [go.Scatter(x=X[y == k, 0], y=X[y == k, 1], mode="markers", name=CLASS_NAMES[k],
                         marker=dict(size=5, color=CLASS_COLORS[k], line=dict(width=0.5, color="white")),
                         hovertemplate="x₁=%{x:.2f}, x₂=%{y:.2f}<extra></extra>") for k in (0, 1)]
    extra = [boundary(len(probs) - 1)] if lines is not None else []
    fig = go.Figure([heat(probs[-1]), *points, *extra])
    fig.update_layout(**plotly_layout(titles[-1], MARGIN_2D | dict(b=40)))  # animate() sets b
    fig.update_xaxes(range=extent[:2], title=dict(text="x₁", standoff=4), **PLOTLY_AXIS_2D)
    fig.update_yaxes(range=extent[2:], title=dict(text="x₂", standoff=4), scaleanchor="x", **PLOTLY_AXIS_2D)

    def frame(i, p, t):
        if lines is None:
            return go.Frame(name=str(i), data=[go.Contour(z=np.asarray(p, dtype=np.float32))], traces=[0],
                            layout=dict(title=dict(text=t)))
        return go.Frame(name=str(i), data=[go.Heatmap(z=_u8(p)), boundary(i)], traces=[0, 3],
                        layout=dict(title=dict(text=t)))

    frames = [frame(i, p, t) for i, (p, t) in enumerate(zip(probs, titles))]
    animate(fig, frames, field.steps, "training step ", gap=GAP_2D)
    return drawn(fig, titles[-1], *SIZE_2D)


def _points3d(P: np.ndarray, y: np.ndarray, size: float = 3.0) -> list[go.Scatter3d]:
    return [go.Scatter3d(x=P[y == k, 0], y=P[y == k, 1], z=P[y == k, 2], mode="markers", name=CLASS_NAMES[k],
                         marker=dict(size=size, color=CLASS_COLORS[k], line=dict(width=0)),
                         hovertemplate="(%{x:.2f}, %{y:.2f}, %{z:.2f})<extra></extra>") for k in (0, 1)]


def camera(ranges: np.ndarray, view: View | None = None) -> dict:
    """The opening camera: the site's oblique default, or ``view`` (at the default's distance).
    The scene's reset button (scene.js) returns to this camera."""
    eye = np.asarray(EYE_3D, dtype=float)
    if view is not None:
        eye = view.eye(ranges, ASPECT_3D, EYE_3D) * np.linalg.norm(eye)
    x, y, z = (round(float(v), 4) for v in eye)
    return dict(eye=dict(x=x, y=y, z=z), center=dict(x=0, y=0, z=-0.22), up=dict(x=0, y=0, z=1))


def layout3d(title: str, axis_titles: Sequence[str], ranges: np.ndarray, z_ticks: dict | None = None,
             view: View | None = None) -> dict:
    """A 3-D scene's layout: ``title`` above a box of ``ranges``, its axes titled and ticked."""
    # The ticks scene.js's ticks3d shows on a desktop, written here so that the scene's first draw
    # has them (a relayout less); ``meta.ticks_own`` tells it which axes' ticks are the figure's own.
    own = (None, None, z_ticks["tickvals"] if z_ticks else None)
    shown = camera3d.ticks3d(ranges, given=own)
    axes = {}
    for k, name in enumerate(("xaxis", "yaxis", "zaxis")):
        text = ([z_ticks["ticktext"][z_ticks["tickvals"].index(v)] for v in shown[k]] if own[k] is not None
                else [tick_text(v) for v in shown[k]])
        axes[name] = dict(title=dict(text=axis_titles[k]), range=list(map(float, ranges[k])),
                          backgroundcolor="#f4f4f4", gridcolor="#dddddd",
                          zeroline=False,  # as its still: the grid line at 0 in the grid's colour
                          showspikes=False, tickangle=0,  # labels level, as its still writes them
                          tickmode="array", tickvals=shown[k], ticktext=text)
    aspect = dict(zip("xyz", ASPECT_3D))
    layout = plotly_layout(title, MARGIN_3D)
    layout["meta"]["ticks_own"] = [v is not None for v in own]
    if (short := camera3d.phone_axis_titles(title, axis_titles)) != list(axis_titles):
        layout["meta"]["phone_axes"] = short  # the page's phone relayout (PAGE) writes these
    return dict(layout, scene=dict(**axes, aspectmode="manual", aspectratio=aspect, camera=camera(ranges, view),
                                   dragmode="turntable"))  # z stays up: the view cannot end under the floor


def points3d(cloud: Cloud) -> Drawn:
    """Points of a 3-unit layer in 3-D, one frame per training snapshot (or just one)."""
    frames, y, titles = [np.asarray(f, dtype=np.float32) for f in cloud.frames], cloud.y, cloud.titles
    fig = go.Figure([*_points3d(frames[-1], y), *([plane_mesh(cloud.plane)] if cloud.plane else [])])
    fig.update_layout(**layout3d(titles[-1], cloud.axis_titles, box_ranges(frames), view=cloud.view))
    anim = [go.Frame(name=str(i), data=[go.Scatter3d(x=f[y == k, 0], y=f[y == k, 1], z=f[y == k, 2]) for k in (0, 1)],
                     traces=[0, 1], layout=dict(title=dict(text=t)))
            for i, (f, t) in enumerate(zip(frames, titles))]
    animate(fig, anim, cloud.steps, "training step ")
    return drawn(fig, titles[-1])


def surface_slider(field: ProbabilityField) -> Drawn:
    """The output P(class 1) as a surface over the input plane, the points lifted onto it."""
    probs, extent, y, titles = field.probs, field.extent, field.y, field.titles
    gx = np.linspace(extent[0], extent[1], probs[0].shape[1]).astype(np.float32)
    gy = np.linspace(extent[2], extent[3], probs[0].shape[0]).astype(np.float32)
    X = field.X.astype(np.float32)

    def traces(p, pp):
        surf = go.Surface(x=gx, y=gy, z=_u8(p), cmin=0, cmax=255, colorscale=plotly_prob_scale(),
                          showscale=False, opacity=0.85, hoverinfo="skip",
                          contours=dict(z=dict(show=True, start=127.5, end=127.6, size=1, color=INK, width=4)))
        pts = [go.Scatter3d(x=X[y == k, 0], y=X[y == k, 1], z=_u8(pp[y == k]), mode="markers", name=CLASS_NAMES[k],
                            marker=dict(size=2.5, color=CLASS_COLORS[k]), hoverinfo="skip") for k in (0, 1)]
        return [surf, *pts]

    fig = go.Figure(traces(probs[-1], field.point_probs[-1]))
    ranges = np.array([extent[:2], extent[2:], [-5, 260]], dtype=float)
    fig.update_layout(**layout3d(titles[-1], ("x₁", "x₂", "P(class 1)"), ranges, U8_TICKS))
    anim = [go.Frame(name=str(i), data=[go.Surface(z=_u8(p)), *(go.Scatter3d(z=_u8(pp[y == k])) for k in (0, 1))],
                     traces=[0, 1, 2], layout=dict(title=dict(text=t)))
            for i, (p, pp, t) in enumerate(zip(probs, field.point_probs, titles))]
    animate(fig, anim, field.steps, "training step ")
    return drawn(fig, titles[-1])


def plane_mesh(plane: Plane) -> go.Mesh3d:
    """A flat polygon as a translucent fan of triangles from its first corner."""
    c, n = plane.corners, len(plane.corners)
    return go.Mesh3d(x=c[:, 0], y=c[:, 1], z=c[:, 2], i=[0] * (n - 2), j=list(range(1, n - 1)), k=list(range(2, n)),
                     color=plane.color, opacity=plane.opacity, hoverinfo="skip", name=plane.name, showlegend=True)


def best_plane(points: np.ndarray) -> np.ndarray:
    """Corners (4, 3) of the best-fitting plane through 3-D points, over their extent."""
    c = points.mean(0)
    _, _, vt = np.linalg.svd(points - c, full_matrices=False)
    u, v = vt[0], vt[1]
    a = (points - c) @ u
    b = (points - c) @ v
    return np.array([c + a.min() * u + b.min() * v, c + a.max() * u + b.min() * v,
                     c + a.max() * u + b.max() * v, c + a.min() * u + b.max() * v], dtype=np.float32)
