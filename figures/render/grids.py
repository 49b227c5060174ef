"""Warped grids: a square grid and data points after a map, with a decision line on top.

Figure code maps the points; these functions only draw arrays. A picture is a ``Warp``: the
grid as one unbroken polyline (``grid_path``, mapped point by point), the data points, and
optionally the line ``w·h + c = 0`` of a last layer, whose two sides are tinted by the class
they predict. The same frames become an interactive Plotly figure with an epoch slider
(``warp_slider``), a GIF drawn with Pillow (``warp_gif``) and a static SVG (``warp_svg``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np
import plotly.graph_objects as go
from matplotlib.ticker import MaxNLocator
from PIL import Image, ImageDraw

from figures.render import Drawn, choice, gif, scenes, stills, style, svg
from figures.render.style import (
    CLASS_COLORS,
    CLASS_NAMES,
    INK,
    LEGEND,
    MUTED,
    PLOTLY_AXIS_2D,
    PROB_STOPS_DARK,
    plotly_layout,
    plotly_meta,
    prob_hex,
    tick_text,
)

# Light tints of the two class sides: levels of the site's probability scale (gif.LEVELS of
# them, 0 = P(class 1) = 0 ... LEVELS - 1 = 1), close enough to white that points stay clear.
TINT_LEVELS = (7, 16)
GRID_COLOR = MUTED
INT16_SPAN = 32000  # |coordinate| after quantising to int16 (int16 holds 32767)
# A slider page's size: a square plot with its title, legend and slider (scenes.SIZE_2D).
WIDTH, HEIGHT = scenes.SIZE_2D
Box = tuple[float, float, float, float]


@dataclass(frozen=True)
class Warp:
    """One picture of the plane under a map: the mapped grid path, points, and a decision line."""

    path: np.ndarray  # (m, 2): grid_path's points after the map
    points: np.ndarray | None = None  # (n, 2), coloured by the labels given to the renderer
    line: tuple[np.ndarray, float] | None = None  # (w, c): the line w·h + c = 0, class 1 where > 0
    ref: np.ndarray | None = None  # (k, 2): a dashed reference outline (SVG only), e.g. where the grid began


def _tint_rgb() -> tuple[str, str]:
    rgb = gif.prob_rgb(np.array(TINT_LEVELS) / (gif.LEVELS - 1))
    return tuple("#{:02x}{:02x}{:02x}".format(*np.round(c).astype(int)) for c in rgb)


TINTS = _tint_rgb()
# The same levels of the dark scheme's scale (scene.js swaps them in).
DARK_TINTS = tuple(prob_hex(level / (gif.LEVELS - 1), PROB_STOPS_DARK) for level in TINT_LEVELS)


def grid_path(extent: Box, lines: int = 9, refine: int = 4) -> np.ndarray:
    """Every line of a ``lines`` x ``lines`` grid over ``extent`` as one unbroken polyline.

    Rows are walked back and forth (then columns), and each hop to the next row runs along
    the grid's own border, so the path draws nothing that is not a grid line, needs no gaps,
    and stays one curve after any continuous map. ``refine`` points per cell edge keep bent
    lines smooth. Returns float32 of shape (2 * (lines * m + (lines - 1) * (refine - 1)) - 1, 2)
    with m = (lines - 1) * refine + 1.
    """
    if lines < 2 or refine < 1:
        raise ValueError(f"need lines >= 2 and refine >= 1; got {lines}, {refine}")
    m = (lines - 1) * refine + 1
    xs = np.linspace(extent[0], extent[1], m)
    ys = np.linspace(extent[2], extent[3], m)
    rows = _serpentine(xs, ys, lines, refine)  # (u, v) = (x, y), bottom row first
    # The columns start at the corner where the rows ended (top right when the row count is odd).
    cols = _serpentine(ys[::-1], xs[::-1] if lines % 2 else xs, lines, refine)[:, ::-1]
    return np.concatenate([rows, cols[1:]]).astype(np.float32)


def _serpentine(us: np.ndarray, vs: np.ndarray, lines: int, refine: int) -> np.ndarray:
    """Lines v = vs[k * refine] walked along u, alternating direction, hops along the ends."""
    parts = []
    for k in range(lines):
        u = us if k % 2 == 0 else us[::-1]
        parts.append(np.stack([u, np.full_like(u, vs[k * refine])], 1))
        if k < lines - 1:
            hop = vs[k * refine + 1:(k + 1) * refine]
            parts.append(np.stack([np.full_like(hop, u[-1]), hop], 1))
    return np.concatenate(parts)


def half_planes(w, c: float, box: Box) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The box cut by the line w·h + c = 0: (side where it is < 0, side where > 0, the segment).

    Each side is a convex polygon (k, 2), empty (0, 2) when the line misses it; the segment is
    (2, 2), or (0, 2) when the line does not cross the box.
    """
    w = np.asarray(w, dtype=float)
    corners = np.array([[box[0], box[2]], [box[1], box[2]], [box[1], box[3]], [box[0], box[3]]])
    s = corners @ w + c
    neg, pos, cut = [], [], []
    for i in range(4):
        a, b, sa, sb = corners[i], corners[(i + 1) % 4], s[i], s[(i + 1) % 4]
        (pos if sa > 0 else neg).append(a)
        if (sa > 0) != (sb > 0) and sa != sb:
            p = a + (b - a) * (sa / (sa - sb))
            neg.append(p)
            pos.append(p)
            cut.append(p)
    shape = lambda pts: np.array(pts, dtype=float).reshape(-1, 2)  # noqa: E731
    return shape(neg), shape(pos), shape(cut[:2])


def frame_box(warps: Sequence[Warp], pad: float = 0.05) -> Box:
    """One square box around every path and point of every warp (fixed over a slider's frames)."""
    pts = np.concatenate([np.concatenate([w.path] + ([w.points] if w.points is not None else [])) for w in warps])
    lo, hi = pts.min(0), pts.max(0)
    centre, half = (lo + hi) / 2, (hi - lo).max() / 2 * (1 + pad) + 1e-6
    return (float(centre[0] - half), float(centre[0] + half), float(centre[1] - half), float(centre[1] + half))


def _check(warps: Sequence[Warp], y) -> np.ndarray:
    if not warps:
        raise ValueError("no frames to draw")
    y = np.asarray(y) if y is not None else None
    for i, w in enumerate(warps):
        if w.path.ndim != 2 or w.path.shape[1] != 2 or len(w.path) < 2:
            raise ValueError(f"frame {i}: path must have shape (m >= 2, 2); got {w.path.shape}")
        if w.points is not None and (y is None or w.points.shape != (len(y), 2)):
            raise ValueError(f"frame {i}: points must have shape ({0 if y is None else len(y)}, 2) to match y")
    return y


# --- Plotly ------------------------------------------------------------------------------------


def _nice_ticks(lo: float, hi: float) -> np.ndarray:
    raw = (hi - lo) / 5
    step = min((s * 10.0 ** np.floor(np.log10(raw)) for s in (1, 2, 2.5, 5, 10)),
               key=lambda s: abs(s - raw))
    return np.arange(np.ceil(lo / step) * step, hi + 1e-9, step)


class _Int16:
    """Coordinates as int16 (half of float32's bytes); axes map their ticks back to real values."""

    def __init__(self, box: Box):
        self.scale = INT16_SPAN / max(abs(v) for v in box)

    def __call__(self, a: np.ndarray) -> np.ndarray:
        a = np.asarray(a, dtype=float).reshape(-1)
        return np.clip(np.round(a * self.scale), -INT16_SPAN, INT16_SPAN).astype(np.int16)

    def axis(self, lo: float, hi: float, title: str) -> dict:
        ticks = _nice_ticks(lo, hi)
        return dict(range=[lo * self.scale, hi * self.scale], tickvals=[float(t * self.scale) for t in ticks],
                    ticktext=[tick_text(t) for t in ticks], title=dict(text=title, standoff=4),
                    **PLOTLY_AXIS_2D)


def _traces(w: Warp, y, box: Box, q: _Int16, full: bool) -> list:
    """Tinted sides, grid, points of each class, decision line; ``full`` adds the styling."""
    sides = half_planes(*w.line, box) if w.line is not None else (np.empty((0, 2)),) * 3
    pts = w.points if w.points is not None else np.empty((0, 2))

    def xy(a):
        a = a.reshape(-1, 2)
        return dict(x=q(a[:, 0]), y=q(a[:, 1]))

    traces = [go.Scatter(**xy(sides[k])) for k in (0, 1)]
    traces.append(go.Scatter(**xy(w.path)))
    traces += [go.Scatter(**xy(pts[y == k] if len(pts) else pts)) for k in (0, 1)]
    traces.append(go.Scatter(**xy(sides[2])))
    if full:
        for k in (0, 1):
            traces[k].update(mode="lines", fill="toself", fillcolor=TINTS[k], line=dict(width=0), hoverinfo="skip",
                             showlegend=False)
        traces[2].update(mode="lines", line=dict(color=GRID_COLOR, width=1, shape="spline", smoothing=0.6),
                         name=LEGEND["grid"], hoverinfo="skip")
        for k in (0, 1):
            traces[3 + k].update(mode="markers", name=CLASS_NAMES[k], hoverinfo="skip",
                                 marker=dict(size=5, color=CLASS_COLORS[k], line=dict(width=0.5, color="white")))
        traces[5].update(mode="lines", line=dict(color=INK, width=3), name=LEGEND["line"],
                         hoverinfo="skip")
    return traces


def warp_slider(frames: Sequence[Warp], y, box: Box, *, axis_titles: Sequence[str], titles: Sequence[str],
                labels: Sequence[str], prefix: str = "epoch ", named: bool = False,
                step_words: str = "") -> Drawn:
    """The frames as an interactive figure with an epoch slider and a play button (last frame first;
    ``step_words``: what the slider moves through, where the prefix does not say it).

    Coordinates travel as int16 (the axes' tick labels give the real values), and the axes are
    fixed to ``box`` for every frame, so nothing jumps while the slider moves.
    """
    y = _check(frames, y)
    q = _Int16(box)
    fig = go.Figure(_traces(frames[-1], y, box, q, full=True))
    fig.update_layout(**plotly_layout(titles[-1], dict(l=50, r=10, t=62, b=40)), plot_bgcolor="white")
    # scene.js: the dark scheme's tints, and the scale of the int16 axes (to place ticks after a zoom)
    fig.update_layout(meta=plotly_meta(colors=dict(zip(TINTS, DARK_TINTS)), axis_scale=q.scale))
    fig.update_xaxes(**q.axis(box[0], box[1], axis_titles[0]))
    fig.update_yaxes(**q.axis(box[2], box[3], axis_titles[1]), scaleanchor="x")
    anim = [go.Frame(name=str(i), data=_traces(w, y, box, q, full=False), traces=list(range(6)),
                     layout=dict(title=dict(text=t))) for i, (w, t) in enumerate(zip(frames, titles))]
    if named:  # frames of named things (activations): buttons, not a slider
        choice.choose_frame(fig, anim, labels, prefix)
    else:
        scenes.animate(fig, anim, labels, prefix, gap=scenes.GAP_2D, step_words=step_words)
    return scenes.drawn(fig, titles[-1], WIDTH, HEIGHT)


# --- GIF (Pillow, the palette of figures.render.gif) ---------------------------------------------


def _px(a: np.ndarray, box: Box, size: int) -> np.ndarray:
    """Data coordinates -> pixel coordinates (y up)."""
    x = (a[:, 0] - box[0]) / (box[1] - box[0]) * size
    yy = (box[3] - a[:, 1]) / (box[3] - box[2]) * size
    return np.stack([x, yy], 1)


def _flat(a: np.ndarray) -> list[float]:
    return [float(v) for v in a.reshape(-1)]


def _draw(w: Warp, y, box: Box, size: int, label_patch: np.ndarray | None) -> np.ndarray:
    """One frame as palette indices: tinted sides, grid, points, decision line, label."""
    background = gif.TEXT  # the first text tone is white
    im = Image.new("P", (size, size), background)
    draw = ImageDraw.Draw(im)
    if w.line is not None:
        neg, pos, seg = half_planes(*w.line, box)
        for poly, level in ((neg, TINT_LEVELS[0]), (pos, TINT_LEVELS[1])):
            if len(poly) >= 3:
                draw.polygon(_flat(_px(poly, box, size)), fill=level)
    draw.line(_flat(_px(w.path, box, size)), fill=gif.BOX_EDGE, width=max(1, round(size / 400)))
    img = np.array(im)
    if w.points is not None:
        flat, value = gif.point_stamps(w.points.astype(float), y.astype(np.intp), box, size)
        img.ravel()[flat] = value
    if w.line is not None and len(seg) == 2:
        im = Image.fromarray(img, "P")
        ImageDraw.Draw(im).line(_flat(_px(seg, box, size)), fill=gif.LINE, width=max(2, round(size / 130)))
        img = np.array(im)
    if label_patch is not None:
        gif.stamp_label(img, label_patch)
    return img


def warp_gif(frames: Sequence[Warp], y, box: Box, *, size: int = 400, fps: float = 8,
             labels: Sequence[str] | None = None, hold_last: int = 12, poster: bool = False) -> Drawn:
    """The frames as an animated GIF in the site's palette, labels boxed top left.

    Frames repeated on purpose (to hold a moment) are merged into one longer frame; timing
    and ``poster`` as in ``gif.animate``. Same input, same bytes.
    """
    y = _check(frames, y)
    gif.check_options(len(frames), size, fps, labels, hold_last)
    font = gif.label_font(size) if labels is not None else None
    images = [_draw(w, y, box, size, gif.label_patch(str(labels[i]), font) if labels is not None else None)
              for i, w in enumerate(frames)]
    return Drawn(gif.animate(images, fps, hold_last, poster), "gif", size, size)


# --- SVG (matplotlib) ---------------------------------------------------------------------------


def _panel(ax, w: Warp, y, box: Box, title: str | None, axis_titles: Sequence[str] | None, ticks: bool,
           title_size: float) -> None:
    if w.line is not None:
        for poly, tint in zip(half_planes(*w.line, box)[:2], TINTS):
            if len(poly) >= 3:
                ax.fill(poly[:, 0], poly[:, 1], color=tint, linewidth=0, zorder=0)
    if w.ref is not None:
        ax.plot(w.ref[:, 0], w.ref[:, 1], color=INK, linewidth=0.8, linestyle=(0, (3, 2)), zorder=1.5)
    ax.plot(w.path[:, 0], w.path[:, 1], color=GRID_COLOR, linewidth=0.7, zorder=1, solid_joinstyle="round",
            label=LEGEND["grid"])
    if w.points is not None:
        for k in (0, 1):
            p = w.points[y == k]
            ax.scatter(p[:, 0], p[:, 1], s=7, c=CLASS_COLORS[k], edgecolors="white", linewidths=0.3, zorder=2,
                       label=CLASS_NAMES[k])
    if w.line is not None:
        seg = half_planes(*w.line, box)[2]
        if len(seg) == 2:
            ax.plot(seg[:, 0], seg[:, 1], color=INK, linewidth=1.8, zorder=3, label=LEGEND["line"])
    ax.set_xlim(box[0], box[1])
    ax.set_ylim(box[2], box[3])
    ax.set_aspect("equal")
    ax.tick_params(labelsize=8)
    for axis in (ax.xaxis, ax.yaxis):
        axis.set_major_locator(MaxNLocator(5))
    if not ticks:
        ax.set_xticks([])
        ax.set_yticks([])
        ax.spines[["top", "right"]].set_visible(True)
    if axis_titles:
        ax.set_xlabel(axis_titles[0], fontsize=9)
        ax.set_ylabel(axis_titles[1], fontsize=9)
    if title:
        ax.set_title(title, color=INK, fontsize=title_size)


def warp_svg(panels: Sequence[Warp], y, box: Box | Sequence[Box], *, titles: Sequence[str | None] = (),
             axis_titles: Sequence[str] | None = None, ncols: int = 3, panel_inches: float = 2.3,
             legend: bool = False, ticks: bool = True, title_size: float = 9.5, scene: bool = False) -> Drawn:
    """Small multiples of warped grids (one box for all panels, or one per panel), as SVG;
    ``legend`` puts the first panel's legend under the figure; the still of a ``scene``
    (svg.save_svg)."""
    y = _check(panels, y)
    boxes = [box] * len(panels) if np.ndim(box[0]) == 0 else list(box)
    ncols = min(ncols, len(panels))
    nrows = -(-len(panels) // ncols)
    with svg.plt.rc_context(svg.RC):
        fig, axes = svg.plt.subplots(nrows, ncols, figsize=(panel_inches * ncols, panel_inches * nrows + 0.1),
                                     dpi=svg.DPI, layout="constrained", squeeze=False)
        for i, ax in enumerate(axes.ravel()):
            if i >= len(panels):
                ax.set_visible(False)
                continue
            _panel(ax, panels[i], y, boxes[i], titles[i] if i < len(titles) else None, axis_titles, ticks, title_size)
        if legend:
            fig.legend(*axes[0, 0].get_legend_handles_labels(), loc="outside lower center", ncols=4, frameon=False,
                       fontsize=8.5, handletextpad=0.3, columnspacing=1.2)
        still = svg.save_svg(fig, scene)
        return replace(still, data=round_paths(still.data))


_PATH_D = re.compile(r'(<path [^>]*?d=")([^"]*)(")', re.S)
_NUMBER = re.compile(r"-?\d+\.\d+")


def round_paths(text: str) -> str:
    """Path coordinates to 0.01 px (matplotlib writes 6 decimals): long polylines halve, and
    nothing visible changes."""
    def one(m: re.Match) -> str:
        d = _NUMBER.sub(lambda n: f"{float(n[0]):.2f}".rstrip("0").rstrip("."), m[2])
        return m[1] + d + m[3]

    return _PATH_D.sub(one, text)


def warp_still(frames: Sequence[Warp], y, box: Box, *, axis_titles: Sequence[str], titles: Sequence[str],
               labels: Sequence[str], prefix: str = "epoch ", named: bool = True) -> Drawn:
    """The still of ``warp_slider`` (the same arguments): the frame it first shows (the last),
    titled, with its legend, square axes, ticks and the row of choice buttons (``named``) or the
    play button and slider, as the scene draws them, with its dark and phone twins."""
    y = _check(frames, y)
    w = frames[-1]
    dot = dict(marker="o", markersize=5 * style.PT, markeredgecolor="white", markeredgewidth=0.5 * style.PT,
               linestyle="none")

    def draw(ax) -> None:
        if w.line is not None:
            neg, pos, seg = half_planes(*w.line, box)
            for poly, tint in ((neg, TINTS[0]), (pos, TINTS[1])):
                if len(poly) >= 3:
                    ax.fill(poly[:, 0], poly[:, 1], color=tint, linewidth=0)
        ax.plot(w.path[:, 0], w.path[:, 1], color=GRID_COLOR, linewidth=1 * style.PT)
        if w.points is not None:
            for k in (0, 1):
                ax.plot(*w.points[y == k].T, color=CLASS_COLORS[k], **dot)
        if w.line is not None and len(seg) == 2:
            ax.plot(seg[:, 0], seg[:, 1], color=INK, linewidth=3 * style.PT)

    legend = [(LEGEND["grid"], dict(color=GRID_COLOR, linewidth=2.5), "line")]
    legend += [(CLASS_NAMES[k], dict(color=CLASS_COLORS[k]), "marker") for k in (0, 1)] if w.points is not None else []
    legend += [(LEGEND["line"], dict(color=INK, linewidth=3), "line")] if w.line is not None else []
    panel = stills.ChoicePanel(draw, titles[-1], legend, (box[0], box[1]), (box[2], box[3]), tuple(axis_titles),
                               (prefix.strip(" :") if named else prefix, list(labels), len(frames) - 1),
                               (WIDTH, HEIGHT), dict(l=50, r=10, t=62, b=40 if named else scenes.GAP_2D + 56),
                               square=True, ticks=(_nice_ticks(box[0], box[1]), _nice_ticks(box[2], box[3])),
                               slider=not named, dark=dict(zip(TINTS, DARK_TINTS)))  # as warp_slider's meta
    return stills.choice_still(panel)
