"""3-D scenes that ``scenes.points3d`` does not draw: a plane that changes from frame to frame
(it exists in some frames, not in others), and points of many classes (real data). Built from
the pieces of ``scenes`` (layout, fixed ranges, slider), so they look and behave the same."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import plotly.graph_objects as go

from figures.render import Drawn, scenes
from figures.render.kinds import Cloud, Plane, View, box_ranges
from figures.render.style import ASPECT_3D

# Okabe-Ito's eight hues and two more dark ones: ten digits, told apart without red-green.
LEGEND_PX = 11  # many classes: their legend a size smaller than the site's lettering
DIGIT_COLORS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442", "#222222",
                "#999999", "#882255")


def _mesh(plane: Plane | None, like: Plane) -> go.Mesh3d:
    """The plane's mesh, or an empty one with the same style (a frame without a plane)."""
    if plane is not None and len(plane.corners) >= 3:
        return scenes.plane_mesh(plane)
    empty = Plane(np.empty((0, 3)), like.name, like.color, like.opacity)
    return go.Mesh3d(x=[], y=[], z=[], i=[], j=[], k=[], color=empty.color, opacity=empty.opacity,
                     hoverinfo="skip", name=empty.name, showlegend=True)


def _open_on(fig: go.Figure, start: int) -> None:
    """Open the slider on frame ``start`` (the figure's data must already be that frame's)."""
    if fig.layout.sliders:
        fig.layout.sliders[0].active = start


def points3d_planes(cloud: Cloud, planes: Sequence[Plane | None], style: Plane, start: int = -1) -> Drawn:
    """Like ``scenes.points3d``, with a plane per frame (None where there is none), opening on
    frame ``start``."""
    frames, y, titles = [np.asarray(f, dtype=np.float32) for f in cloud.frames], cloud.y, cloud.titles
    if len(planes) != len(frames):
        raise ValueError(f"{len(planes)} planes for {len(frames)} frames")
    start = start % len(frames)
    fig = go.Figure([*scenes._points3d(frames[start], y), _mesh(planes[start], style)])
    fig.update_layout(**scenes.layout3d(titles[start], cloud.axis_titles, box_ranges(frames), view=cloud.view))
    anim = [go.Frame(name=str(i), data=[*(go.Scatter3d(x=f[y == k, 0], y=f[y == k, 1], z=f[y == k, 2]) for k in (0, 1)),
                                        _mesh(p, style)], traces=[0, 1, 2], layout=dict(title=dict(text=t)))
            for i, (f, p, t) in enumerate(zip(frames, planes, titles))]
    scenes.animate(fig, anim, cloud.steps, "", step_words=cloud.step_words)
    _open_on(fig, start)
    return scenes.drawn(fig, titles[start])


def classes3d(frames: Sequence[np.ndarray], labels: np.ndarray, names: Sequence[str], axis_titles: Sequence[str],
              titles: Sequence[str], steps: Sequence[str], colors: Sequence[str] = DIGIT_COLORS,
              start: int = -1, true_shape: bool = False, view: View | None = None,
              z_ticks: dict | None = None, step_words: str = "") -> Drawn:
    """Points of many classes in 3-D, one (n, 3) array per frame, with a slider over the frames
    (``step_words``: what it moves through), opening on frame ``start`` seen from ``view``;
    ``true_shape`` keeps equal units on the three axes (a sphere looks round) instead of filling a
    box; ``z_ticks`` (tickvals, ticktext) the figure's own (a short axis has room for fewer labels
    than scene.js would put there)."""
    frames = [np.asarray(f, dtype=np.float32) for f in frames]
    start = start % len(frames)
    classes = range(len(names))

    def traces(P, full):
        out = [go.Scatter3d(x=P[labels == k, 0], y=P[labels == k, 1], z=P[labels == k, 2]) for k in classes]
        if full:
            for k, t in zip(classes, out):
                t.update(mode="markers", name=names[k], hoverinfo="name",
                         marker=dict(size=2.6, color=colors[k], line=dict(width=0)))
        return out

    fig = go.Figure(traces(frames[start], True))
    ranges = box_ranges(frames)
    fig.update_layout(**scenes.layout3d(titles[start], axis_titles, ranges, z_ticks=z_ticks, view=view))
    if true_shape:
        # Equal units, the longest side as long as any scene's box: Plotly's "data" mode scales
        # the box by the geometric mean of the sides, so a flat box outgrew its frame.
        fig.update_layout(scene_aspectratio=dict(zip("xyz", _aspect(ranges, True))))
    fig.update_layout(legend=dict(itemsizing="constant", font=dict(size=LEGEND_PX)))
    anim = [go.Frame(name=str(i), data=traces(f, False), traces=list(classes), layout=dict(title=dict(text=t)))
            for i, (f, t) in enumerate(zip(frames, titles))]
    scenes.animate(fig, anim, steps, "", step_words=step_words)
    _open_on(fig, start)
    return scenes.drawn(fig, titles[start])


def classes3d_png(frames: Sequence[np.ndarray], labels: np.ndarray, names: Sequence[str], axis_titles: Sequence[str],
                  titles: Sequence[str], steps: Sequence[str], colors: Sequence[str] = DIGIT_COLORS,
                  start: int = -1, true_shape: bool = False, view: View | None = None,
                  z_ticks: dict | None = None) -> Drawn:
    """The still of ``classes3d`` called with the same arguments: its frame ``start`` as the scene
    opens (where JavaScript does not run, and until the scene has drawn)."""
    from figures.render import svg

    frames = [np.asarray(f, dtype=np.float32) for f in frames]
    start = start % len(frames)
    P, ranges = frames[start], box_ranges(frames)

    def draw(ax) -> None:
        for k in range(len(names)):
            ax.scatter(*P[labels == k].T, s=svg.marker_area(2.6), c=colors[k], depthshade=False, linewidths=0)

    legend = [(name, colors[k], "circle") for k, name in enumerate(names)]
    step = steps[start] if len(frames) > 1 else None
    return svg.still_3d(axis_titles, titles[start], draw, ranges, scenes.camera(ranges, view), P, legend, step,
                        aspect=_aspect(ranges, true_shape), slider=("", start / max(1, len(frames) - 1)),
                        legend_px=LEGEND_PX, steps=steps if len(frames) > 1 else (),
                        ticks=(None, None, (z_ticks["tickvals"], z_ticks["ticktext"]) if z_ticks else None))


def _aspect(ranges: np.ndarray, true_shape: bool) -> tuple[float, float, float]:
    """The box's proportions: the site's, or equal units (the longest side 1)."""
    if not true_shape:
        return ASPECT_3D
    side = np.ptp(ranges, axis=1)
    return tuple(map(float, side / side.max()))
