"""A 2-D scene's still drawn as the scene's own first frame: matplotlib in the Plotly layout (the
same size in px at the column's width, margins, square plot, ticks, title, legend, zoom buttons,
play button and slider), at 2x device pixels, so nothing moves when the scene takes its place.
"""

from __future__ import annotations

import numpy as np
from matplotlib.patches import Circle, FancyBboxPatch

from figures.render import Drawn, style
from figures.render.kinds import ProbabilityField, line_segment
from figures.render.style import CLASS_COLORS, CLASS_NAMES, INK, MUTED, PT
from figures.render.svg import PROB_CMAP, RC, plt, save_png

SCALE = 2  # device pixels per CSS px
# site.css caps a scene's frame at 85 % of the window's height: 680 px on a 1280 x 800 screen,
# the frame a still is drawn for (on a taller screen the frame is taller and the still is centred)
FRAME_MAX_PX = round(0.85 * 800)
GRIP_FILL = "#f8f8f8"


def _px_axes(fig, W, H, left, top, width, height):
    return fig.add_axes((left / W, 1 - (top + height) / H, width / W, height / H))


SLIDER_PUSH = 20  # px the slider's own height pushes the plot's bottom margin up (Plotly's autoexpand)


def _plot_box(W, H, margin) -> tuple[float, float, float]:
    """(left, top, side) in px of a square plot in Plotly's margins (constrain="domain": the
    longer side shrinks, centred)."""
    pw, ph = W - margin["l"] - margin["r"], H - margin["t"] - margin["b"] - SLIDER_PUSH
    side = min(pw, ph)
    return margin["l"] + (pw - side) / 2, margin["t"] + (ph - side) / 2, side


def plotly_dtick(span: float, length_px: float, is_y: bool) -> float:
    """Plotly's automatic tick step: about one tick per 80 px (x) or 40 px (y), 3 to 10 of them,
    rounded up to 1, 2 or 5 times a power of ten."""
    rough = span / max(3.0, min(10.0, length_px / (40 if is_y else 80)))
    base = 10 ** np.floor(np.log10(rough))
    return float(next(m * base for m in (1, 2, 5, 10) if m * base >= rough - 1e-12))


def _ticks(ax, extent, side_px: float) -> None:
    from matplotlib.ticker import MultipleLocator

    ax.xaxis.set_major_locator(MultipleLocator(plotly_dtick(extent[1] - extent[0], side_px, False)))
    ax.yaxis.set_major_locator(MultipleLocator(plotly_dtick(extent[3] - extent[2], side_px, True)))


def _text(fig, W, H, x, y, s, size, **kw):
    fig.text(x / W, 1 - y / H, s, fontsize=size * PT, color=INK, va="center", **kw)


def _button(fig, W, H, x, y, w, h, label, size=12):
    box = FancyBboxPatch((x / W, 1 - (y + h) / H), w / W, h / H, boxstyle="round,pad=0,rounding_size=0.004",
                         transform=fig.transFigure, facecolor="white", edgecolor=MUTED, linewidth=1 * PT)
    fig.add_artist(box)
    _text(fig, W, H, x + w / 2, y + h / 2, label, size, ha="center")


def _chrome(fig, W, H, margin, title: str, step: str | None, prefix: str, legend: bool = True,
            title_px: float = style.TITLE_PX, rotate: bool = False, rail_y: float | None = None, at: float = 1.0,
            play_px: float = 12) -> None:
    """Title, legend, zoom buttons (and a touch screen's Rotate toggle), play button and slider
    (with ``step``) where the scene draws them; a title of two lines ("\n") as scene.js's fitTitle."""
    lines = title.split("\n")
    for i, line in enumerate(lines):
        _text(fig, W, H, 7, 17 + round(title_px * 1.3) * i, line, title_px)
    if rotate:  # scene.js touchScrolls: before the zoom buttons
        _button(fig, W, H, W - 112 - 68, 8, 64, 32, "Rotate", 13)
    x = 8
    for k in (0, 1) if legend else ():  # the legend: below the title (scene.js)
        fig.add_artist(Circle((x / W + 3 / W, 1 - 47 / H), 5 / W, transform=fig.transFigure, color=CLASS_COLORS[k]))
        _text(fig, W, H, x + 18, 47, CLASS_NAMES[k], style.FONT_PX)
        x += 88
    for i, label in enumerate(("+", "\u2212", "\u27f2")):  # zoom in, out, reset (scene.js)
        _button(fig, W, H, W - 112 + 36 * i, 8, 32, 32, label, 16)
    if step is None:
        return
    paper = W - margin["l"] - margin["r"]
    rail0, rail1 = margin["l"] + 0.2 * paper + 8, margin["l"] + 0.98 * paper - 8
    y = H - 43 if rail_y is None else rail_y
    bw, bh = (62, 32) if play_px >= 12 else (54, 30)
    _button(fig, W, H, margin["l"] + 2, y - 19, bw, bh, "\u25b6 play", play_px)
    _text(fig, W, H, rail0 - 8, y - 22, f"{prefix}{step}", style.FONT_PX)
    fig.add_artist(FancyBboxPatch((rail0 / W, 1 - (y + 2) / H), (rail1 - rail0) / W, 4 / H,
                                  boxstyle="round,pad=0,rounding_size=0.002", transform=fig.transFigure,
                                  facecolor=GRIP_FILL, edgecolor="#bec8d9", linewidth=1 * PT))
    grip = rail0 + (rail1 - rail0) * at  # the slider's active step
    fig.add_artist(Circle((grip / W, 1 - y / H), 9 / W, transform=fig.transFigure, facecolor=GRIP_FILL,
                          edgecolor="#bec8d9", linewidth=1 * PT))


def boundary_still(field: ProbabilityField, size: tuple[int, int], margin: dict, prefix: str) -> Drawn:
    """The last frame of ``scenes.boundary_slider`` as the reader first sees it: ``size`` is the
    scene's (aspect); drawn as wide as the column, at SCALE device pixels per px."""
    W = style.COLUMN_PX
    H = min(round(W * size[1] / size[0]), FRAME_MAX_PX)
    P, X, y, e = field.probs[-1], field.X, field.y, field.extent
    with plt.rc_context(RC | {"axes.spines.top": False, "axes.spines.right": False}):
        fig = plt.figure(figsize=(W / 100, H / 100), dpi=100 * SCALE)
        left, top, side = _plot_box(W, H, margin)
        ax = _px_axes(fig, W, H, left, top, side, side)
        ax.imshow(P, origin="lower", extent=e, cmap=PROB_CMAP, vmin=0, vmax=1, interpolation="bilinear", aspect="auto")
        if field.lines is not None:
            bx, by = line_segment(*field.lines[-1], e)
            ax.plot(bx, by, color=INK, linewidth=2 * PT)
        elif P.min() < 0.5 < P.max():
            gx, gy = np.linspace(e[0], e[1], P.shape[1]), np.linspace(e[2], e[3], P.shape[0])
            ax.contour(gx, gy, P, levels=[0.5], colors=INK, linewidths=2 * PT)
        for k in (0, 1):
            ax.scatter(X[y == k, 0], X[y == k, 1], s=(5 * PT) ** 2, c=CLASS_COLORS[k], edgecolors="white",
                       linewidths=0.5 * PT)
        ax.set_xlim(*e[:2])
        ax.set_ylim(*e[2:])
        _ticks(ax, e, side)
        ax.tick_params(labelsize=style.FONT_PX * PT, length=5 * PT, color=MUTED)
        ax.set_xlabel("x\u2081", fontsize=style.FONT_PX * PT, labelpad=4 * PT)
        ax.set_ylabel("x\u2082", fontsize=style.FONT_PX * PT, labelpad=4 * PT)
        _chrome(fig, W, H, margin, field.title or "", field.steps[-1] if field.steps else "", prefix)
        return save_png(fig)
