"""A few points and straight lines in a plane (threshold units, the perceptron, XOR): one picture
kind, ``Lines``, drawn as a Plotly scene with a slider (``lines_slider``) and as SVG panels
(``lines_svg``); and two plain charts of the perceptron articles (``bound_svg``, ``weights_svg``).

Points are large and may carry a text label (four corners of a square, not a thousand samples);
each frame may shade the class-1 region of a classifier (a 0/1 grid) under its lines.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import plotly.graph_objects as go

from figures.render import Drawn, scenes
from figures.render.grids import half_planes
from figures.render.kinds import _as_extent
from figures.render.style import (
    ACCENT,
    CLASS_COLORS,
    CLASS_NAMES,
    INK,
    MUTED,
    PLOTLY_AXIS_2D,
    PROB_STOPS,
    plotly_layout,
)
from figures.render.svg import PROB_CMAP, RC, plt, save_svg

LINE_COLORS = (INK, ACCENT, MUTED)


@dataclass(frozen=True)
class Lines:
    """Points (the same in every frame, or one (n, 2) array per frame) with class labels y, and per
    frame a list of lines (w1, w2, b) meaning w·x + b = 0, the first drawn in ink, the others in
    accent colours; ``regions[i]``, if given, is frame i's 0/1 grid of the predicted class
    (row 0 at the bottom of ``extent``), shaded under the lines; with ``shade`` instead, the two
    sides of each frame's first line are shaded exactly (its w·x + b > 0 side as class 1).
    A line with w = 0 is not drawn (with ``shade``, the whole box takes the sign of b)."""

    points: Sequence[np.ndarray]
    y: np.ndarray
    lines: Sequence[Sequence[tuple[float, float, float]]]
    extent: tuple[float, float, float, float]
    titles: Sequence[str]
    steps: Sequence[str] = ("",)
    regions: Sequence[np.ndarray] | None = None
    labels: Sequence[str] | None = None  # one text per point, drawn beside it
    axis_titles: tuple[str, str] = ("x₁", "x₂")
    line_names: Sequence[str] = ()
    shade: bool = False
    label_left: Sequence[bool] | None = None  # per point: label on its left (default: points in the right half)
    marks: Sequence[np.ndarray] | None = None  # per frame, points (k, 2) to ring (the one an update came from)
    class_names: Sequence[str] = CLASS_NAMES  # legend names of y = 0 and y = 1

    def __post_init__(self):
        _as_extent(self.extent)
        n = len(self.lines)
        if len(self.titles) != n or (len(self.points) not in (1, n)):
            raise ValueError("points (one or one per frame), lines and titles must agree in frames")
        if self.regions is not None and len(self.regions) != n:
            raise ValueError("regions need one grid per frame")
        if self.marks is not None and len(self.marks) != n:
            raise ValueError("marks need one array per frame")

    def frame_points(self, i: int) -> np.ndarray:
        return np.asarray(self.points[0 if len(self.points) == 1 else i], dtype=float)


def region_grid(predict, extent, size: int, dtype=np.uint8) -> np.ndarray:
    """predict(points (m, 2)) -> 0/1 (or a 0..1 field, with dtype float) over a size x size grid of
    ``extent`` (row 0 at the bottom)."""
    gx = np.linspace(extent[0], extent[1], size)
    gy = np.linspace(extent[2], extent[3], size)
    xx, yy = np.meshgrid(gx, gy)
    return np.asarray(predict(np.stack([xx.ravel(), yy.ravel()], 1))).reshape(size, size).astype(dtype)


# --- Plotly -------------------------------------------------------------------------------------

def _sides(line, extent) -> tuple[np.ndarray, np.ndarray]:
    """The class-0 and class-1 sides of the line (w1, w2, b) in the box, as polygons."""
    neg, pos, _ = half_planes(line[:2], line[2], extent)
    return neg, pos


def _side_traces(line, extent, colour: bool = True) -> list[go.Scatter]:
    """The two sides as filled polygons; a slider's frames leave the colour (``colour=False``) as
    the scene drew it, light or dark (scene.js)."""
    out = []
    for k, poly in enumerate(_sides(line, extent)):
        xs, ys = (poly[:, 0].tolist(), poly[:, 1].tolist()) if len(poly) else ([], [])
        if not colour:
            out.append(go.Scatter(x=xs, y=ys))
            continue
        out.append(go.Scatter(x=xs, y=ys, mode="lines", fill="toself", fillcolor=PROB_STOPS[-1 if k else 0][1],
                              line=dict(width=0), hoverinfo="skip", showlegend=False))
    return out


def _mark_trace(P) -> go.Scatter:
    P = np.asarray(P, dtype=float).reshape(-1, 2)
    return go.Scatter(x=P[:, 0].tolist(), y=P[:, 1].tolist(), mode="markers", name="the misclassified point",
                      hoverinfo="skip", marker=dict(size=24, color="rgba(0,0,0,0)", line=dict(width=2.5, color=INK)))


def _line_traces(lines, extent, names) -> list[go.Scatter]:
    out = []
    for k in range(3):
        if k < len(lines):
            w1, w2, b = lines[k]
            xs, ys = scenes.line_segment((w1, w2), b, extent)
        else:
            xs, ys = [], []
        name = names[k] if k < len(names) else f"line {k + 1}"
        out.append(go.Scatter(x=xs, y=ys, mode="lines", name=name, hoverinfo="skip",
                              showlegend=bool(names) and k < len(names),
                              line=dict(color=LINE_COLORS[k], width=2.5, dash="solid" if k == 0 else "dash")))
    return out


def _places(P, extent, given=None) -> list[tuple[str, str]]:
    """(vertical, horizontal) place of each point's label: "top"/"bottom", "left"/"center"/"right".
    By default a label sits above a point in the top half and below one in the bottom half,
    centred, so labels of points side by side (the corners of a square) never meet; with
    ``given`` (one bool per point), to the left or right of it. Where an earlier point lies almost
    on top of this one, its label goes to the other side, so two labels never print over each other."""
    near = 0.08 * max(extent[1] - extent[0], extent[3] - extent[2])
    d = np.linalg.norm(P[:, None, :] - P[None, :, :], axis=-1)
    clash = [bool(np.any(d[i, :i] < near)) for i in range(len(P))]
    if given is not None:
        return [("bottom" if c else "top", "left" if g else "right") for c, g in zip(clash, given)]
    top = P[:, 1] > (extent[2] + extent[3]) / 2
    return [("top" if t != c else "bottom", "center") for t, c in zip(top, clash)]


def _point_traces(P, y, labels, extent, given=None) -> list[go.Scatter]:
    pos = np.array([f"{v} {h}" for v, h in _places(P, extent, given)])
    return [go.Scatter(x=P[y == k, 0], y=P[y == k, 1], mode="markers+text" if labels else "markers",
                       name=CLASS_NAMES[k], text=[labels[i] for i in np.flatnonzero(y == k)] if labels else None,
                       textposition=pos[y == k].tolist() if labels else None, textfont=dict(size=11, color=INK),
                       marker=dict(size=13, color=CLASS_COLORS[k], line=dict(width=1.5, color="white")),
                       hovertemplate="(%{x:.2f}, %{y:.2f})<extra></extra>") for k in (0, 1)]


def _region_trace(grid, extent) -> go.Heatmap:
    gx = np.linspace(extent[0], extent[1], grid.shape[1]).astype(np.float32)
    gy = np.linspace(extent[2], extent[3], grid.shape[0]).astype(np.float32)
    scale = [[0, PROB_STOPS[0][1]], [1, PROB_STOPS[-1][1]]]
    return go.Heatmap(x=gx, y=gy, z=np.asarray(grid, dtype=np.uint8), zmin=0, zmax=1, colorscale=scale,
                      showscale=False, hoverinfo="skip")


def lines_slider(kind: Lines, prefix: str = "") -> Drawn:
    """The frames of ``kind`` in one 2-D plot with a slider (a still if there is one frame)."""
    last = len(kind.lines) - 1
    region = [_region_trace(kind.regions[last], kind.extent)] if kind.regions is not None else []
    if kind.shade:
        region = _side_traces(kind.lines[last][0], kind.extent)
    base = len(region)
    marks = [_mark_trace(kind.marks[last])] if kind.marks is not None else []
    fig = go.Figure([*region, *_line_traces(kind.lines[last], kind.extent, kind.line_names),
                     *_point_traces(kind.frame_points(last), kind.y, kind.labels, kind.extent, kind.label_left),
                     *marks])
    fig.update_layout(**plotly_layout(kind.titles[last], dict(l=50, r=10, t=62, b=40)))
    fig.update_xaxes(range=kind.extent[:2], title=dict(text=kind.axis_titles[0], standoff=4), **PLOTLY_AXIS_2D)
    fig.update_yaxes(range=kind.extent[2:], title=dict(text=kind.axis_titles[1], standoff=4), scaleanchor="x",
                     **PLOTLY_AXIS_2D)

    def frame(i):
        if kind.shade:
            data = _side_traces(kind.lines[i][0], kind.extent, colour=False)
        else:
            data = [go.Heatmap(z=np.asarray(kind.regions[i], dtype=np.uint8))] if region else []
        data += _line_traces(kind.lines[i], kind.extent, kind.line_names)
        traces = list(range(base + 3))
        if len(kind.points) > 1:
            P = kind.frame_points(i)
            data += [go.Scatter(x=P[kind.y == k, 0], y=P[kind.y == k, 1]) for k in (0, 1)]
            traces += [base + 3, base + 4]
        if marks:
            data.append(_mark_trace(kind.marks[i]))
            traces.append(base + 5)
        return go.Frame(name=str(i), data=data, traces=traces, layout=dict(title=dict(text=kind.titles[i])))

    scenes.animate(fig, [frame(i) for i in range(len(kind.lines))], kind.steps, prefix, gap=50)
    return scenes.drawn(fig, kind.titles[last])


def lines_still(kind: Lines, prefix: str = "") -> Drawn:
    """The still of ``lines_slider(kind, prefix)``: the frame it first shows (the last) as it draws
    it (sides or regions, lines, points and their labels at the scene's sizes in px), with its
    title, legend, slider and play button; with its dark and phone twins."""
    from figures.render import stills
    from figures.render.style import PT

    last = len(kind.lines) - 1
    e = kind.extent

    def draw(ax) -> None:
        if kind.shade:
            for k, poly in enumerate(_sides(kind.lines[last][0], e)):
                if len(poly):
                    ax.fill(poly[:, 0], poly[:, 1], color=PROB_STOPS[-1 if k else 0][1], linewidth=0)
        elif kind.regions is not None:
            ax.imshow(kind.regions[last], origin="lower", extent=e, cmap=PROB_CMAP, vmin=0, vmax=1,
                      interpolation="nearest", aspect="auto")
        for k, line in enumerate(kind.lines[last][:3]):
            xs, ys = scenes.line_segment(line[:2], line[2], e)
            ax.plot(xs, ys, color=LINE_COLORS[k], linewidth=2.5 * PT, linestyle="-" if k == 0 else (0, (5, 3)))
        P = kind.frame_points(last)
        for k in (0, 1):
            ax.scatter(P[kind.y == k, 0], P[kind.y == k, 1], s=(13 * PT) ** 2, c=CLASS_COLORS[k],
                       edgecolors="white", linewidths=1.5 * PT, zorder=3)
        if kind.labels:  # Plotly's textposition: beside the marker, 11 px type
            for (px, py), text, (v, h) in zip(P, kind.labels, _places(P, e, kind.label_left)):
                dx = {"left": -8, "center": 0, "right": 8}[h]
                ax.annotate(text, (px, py), xytext=(dx * PT, (9 if v == "top" else -9) * PT),
                            textcoords="offset points", color=INK, fontsize=11 * PT,
                            ha={"left": "right", "center": "center", "right": "left"}[h],
                            va="bottom" if v == "top" else "top", zorder=4)
        if kind.marks is not None and len(kind.marks[last]):
            M = np.asarray(kind.marks[last], float).reshape(-1, 2)
            ax.scatter(M[:, 0], M[:, 1], s=(24 * PT) ** 2, facecolors="none", edgecolors=INK, linewidths=2.5 * PT,
                       zorder=4)

    legend = [(n, dict(color=LINE_COLORS[k], linewidth=2.5, linestyle="-" if k == 0 else "--"), "line")
              for k, n in enumerate(kind.line_names[:3])]
    legend += [(CLASS_NAMES[k], dict(color=CLASS_COLORS[k]), "marker") for k in (0, 1)]  # as _point_traces
    if kind.marks is not None:
        legend.append(("the misclassified point", dict(color=INK), "ring"))  # as _mark_trace
    panel = stills.ChoicePanel(draw, kind.titles[last], legend, e[:2], e[2:], tuple(kind.axis_titles),
                               (prefix, list(kind.steps), last), (scenes.WIDTH, scenes.HEIGHT),
                               dict(l=50, r=10, t=62, b=50 + 56), square=True, slider=True)
    return stills.choice_still(panel)


# --- SVG ----------------------------------------------------------------------------------------

def _panel(ax, kind: Lines, i: int, title: str | None) -> None:
    e = kind.extent
    if kind.regions is not None:
        ax.imshow(kind.regions[i], origin="lower", extent=e, cmap=PROB_CMAP, vmin=0, vmax=1,
                  interpolation="nearest", rasterized=True)
    if kind.shade and kind.lines[i]:
        for k, poly in enumerate(_sides(kind.lines[i][0], e)):
            if len(poly):
                ax.fill(poly[:, 0], poly[:, 1], color=PROB_STOPS[-1 if k else 0][1], linewidth=0)
    xs = np.linspace(e[0], e[1], 2)
    for k, (w1, w2, b) in enumerate(kind.lines[i]):
        if w1 == 0 and w2 == 0:
            continue
        style = dict(color=LINE_COLORS[k % 3], linewidth=1.8, linestyle="-" if k == 0 else "--",
                     label=kind.line_names[k] if k < len(kind.line_names) else None)
        if abs(w2) > 1e-12:
            ax.plot(xs, -(w1 * xs + b) / w2, **style)
        else:
            ax.axvline(-b / w1, **style)
    P = kind.frame_points(i)
    for k in (0, 1):
        sel = kind.y == k
        ax.scatter(P[sel, 0], P[sel, 1], s=90, c=CLASS_COLORS[k], edgecolors="white", linewidths=1.2,
                   zorder=3, label=kind.class_names[k])
    if kind.labels:
        for (px, py), text, (v, h) in zip(P, kind.labels, _places(P, e, kind.label_left)):
            dx, dy = {"left": -6, "center": 0, "right": 6}[h], 8 if v == "top" else -8
            ax.annotate(text, (px, py), xytext=(dx, dy), textcoords="offset points", color=INK, fontsize=9,
                        ha=h, va="baseline" if v == "top" else "top")
    ax.set_xlim(e[0], e[1])
    ax.set_ylim(e[2], e[3])
    ax.set_aspect("equal")
    ax.locator_params(nbins=4)  # few ticks: the panels are small, the points few
    ax.set_xlabel(kind.axis_titles[0].replace("₁", "$_1$").replace("₂", "$_2$"))
    ax.set_ylabel(kind.axis_titles[1].replace("₁", "$_1$").replace("₂", "$_2$"))
    if title:
        ax.set_title(title, color=INK, fontsize=10)


def lines_svg(kinds: Sequence[Lines], titles: Sequence[str] | None = None, legend: bool = True) -> Drawn:
    """The last frame of each ``kind`` side by side, one panel each."""
    with plt.rc_context(RC):
        fig, axes = plt.subplots(1, len(kinds), figsize=(2.9 * len(kinds) + 0.4, 3.6), dpi=100,
                                 layout="constrained", squeeze=False)
        for j, (ax, kind) in enumerate(zip(axes[0], kinds)):
            _panel(ax, kind, len(kind.lines) - 1, titles[j] if titles else kind.titles[-1])
        if legend:
            handles, names = axes[0][0].get_legend_handles_labels()
            fig.legend(handles, names, loc="outside lower center", ncols=len(names), frameon=False, fontsize=9)
        return save_svg(fig)


def bound_svg(bound: np.ndarray, updates: np.ndarray, gamma_ratio: np.ndarray | None = None) -> Drawn:
    """Updates the perceptron made against the bound (R/γ)², one point per data set, log-log,
    with the line updates = bound."""
    with plt.rc_context(RC):
        fig, ax = plt.subplots(figsize=(5.6, 4.4), dpi=100, layout="constrained")
        ax.scatter(bound, updates, s=16, c=CLASS_COLORS[0], alpha=0.75, edgecolors="none", label="one data set")
        lo, hi = min(bound.min(), updates.min()) / 1.5, bound.max() * 1.5
        ax.plot([lo, hi], [lo, hi], color=CLASS_COLORS[1], linewidth=1.5, label="updates = (R/γ)²")
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_xlim(lo, hi)
        ax.set_ylim(max(0.8, updates.min() / 1.5), hi)
        ax.set_xlabel("bound (R/γ)²")
        ax.set_ylabel("updates the rule made")
        ax.legend(loc="upper left", frameon=False, fontsize=9)
        return save_svg(fig)


def weights_svg(weights: np.ndarray, names: Sequence[str], epoch_ends: Sequence[int] = (),
                title: str | None = None) -> Drawn:
    """Each weight against the update number (steps), epoch boundaries as faint lines."""
    with plt.rc_context(RC):
        fig, ax = plt.subplots(figsize=(6.4, 3.2), dpi=100, layout="constrained")
        t = np.arange(len(weights))
        for k, name in enumerate(names):
            ax.step(t, weights[:, k], where="post", color=(CLASS_COLORS[0], CLASS_COLORS[1], ACCENT)[k % 3],
                    linewidth=1.8, label=name, linestyle=("-", "--", ":")[k % 3])
        for e in epoch_ends:
            ax.axvline(e, color=MUTED, linewidth=0.6, alpha=0.6)
        ax.set_xlabel("update number")
        ax.set_ylabel("weight")
        ax.legend(loc="upper left", frameon=False, fontsize=9, ncols=len(names), bbox_to_anchor=(0, 1.12))
        if title:
            ax.set_title(title, color=INK, fontsize=10, loc="right")
        return save_svg(fig)
