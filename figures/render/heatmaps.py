"""Success-rate maps: for each data set and activation, the share of seeds that solved each
(width, depth) cell, as an interactive Plotly page (data-set buttons, the activations side by
side, the count and Wilson interval on hover or written in the cells) and as its still (SVG).

Renderers take arrays: ``maps[data set][activation]`` is a dict of (depth, width) arrays
``k`` (seeds that solved the cell), ``lo`` and ``hi`` (the 95% interval of the rate).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from figures.render import Drawn, choice, scenes, stills, style, svg
from figures.render.style import CLASS_COLORS, FONT_PX, INK, PT, plotly_layout, plotly_meta

Maps = dict[str, dict[str, dict[str, np.ndarray]]]
# light grey -> Okabe-Ito blue: 0% reads as empty, 100% as solid; safe for colour-vision deficiencies
RATE_STOPS = ((0.0, "#f0f0f0"), (0.5, "#8fbfe0"), (1.0, CLASS_COLORS[0]))
RATE_STOPS_DARK = ((0.0, "#2a2c36"), (0.5, "#28506b"), (1.0, "#1f6fa8"))  # the dark scheme's (scene.js)
WIDTH, HEIGHT = 760, 430
# the cells' lettering (a phone's: stills.PHONE_FONT_PX, as scene.js sets it): each cell writes its
# rate in percent ("100" fits a cell at this size, "100%" ran into its neighbours); no colour bar,
# then, and the maps take its room
CELL_PX = FONT_PX - 1
# the bar under the maps (its label, the toggle's) and the axes' titles, in the scene and its still
CHOICE, TOGGLE = "data set", "95% intervals"
X_TITLE, Y_TITLE = "width (units per hidden layer)", "depth (hidden layers)"
HOVER = ("width %{x} · depth %{y}<br>solved by %{customdata[0]} of %{customdata[3]} seeds (%{z:.0%})"
         "<br>95% interval %{customdata[1]:.0%} to %{customdata[2]:.0%}<extra></extra>")


def _interval_text(cell: dict[str, np.ndarray]) -> list[list[str]]:
    """Each cell's 95% interval in percent, two short lines (the cells are about 35 px wide).
    Plotly's heatmap texttemplate has no %{customdata}: the toggle swaps the cells' text."""
    return [[f"{100 * lo:.0f}–<br>{100 * hi:.0f}" for lo, hi in zip(*row)] for row in zip(cell["lo"], cell["hi"])]


def _label(rate: float) -> str:
    return f"{100 * rate:.0f}" if rate else "·"


def _heatmap(cell: dict[str, np.ndarray], n_seeds: int, widths, depths, visible: bool) -> go.Heatmap:
    rate = cell["k"] / n_seeds
    custom = np.stack([cell["k"], cell["lo"].round(3), cell["hi"].round(3), np.full(rate.shape, n_seeds)], -1)
    text = [[_label(v) for v in row] for row in rate]
    return go.Heatmap(z=rate.round(3), x=list(widths), y=list(depths), customdata=custom, zmin=0, zmax=1,
                      colorscale=[list(s) for s in RATE_STOPS], xgap=2, ygap=2, hovertemplate=HOVER,
                      text=text, texttemplate="%{text}", textfont=dict(size=CELL_PX), visible=visible,
                      showscale=False)


def rate_maps_html(maps: Maps, widths: Sequence[int], depths: Sequence[int], n_seeds: int, *,
                   title: str) -> Drawn:
    """One page: a menu picks the data set; each activation's map is drawn side by side."""
    names, acts = list(maps), list(next(iter(maps.values())))
    fig = make_subplots(rows=1, cols=len(acts), subplot_titles=[a for a in acts], horizontal_spacing=0.08)
    for i, name in enumerate(names):
        for j, act in enumerate(acts):
            fig.add_trace(_heatmap(maps[name][act], n_seeds, widths, depths, i == 0), row=1, col=j + 1)
    options = []
    for i, name in enumerate(names):
        shown = [t // len(acts) == i for t in range(len(names) * len(acts))]
        options.append(dict(label=name, method="restyle", args=[{"visible": shown}]))
    fig.update_layout(**plotly_layout(title, dict(l=50, r=20, t=62, b=45)))
    # The data sets are HTML buttons under the maps (scene.js; Tab reaches them), and a toggle
    # writes each cell's interval in it (the hover alone is out of reach of keyboard and touch).
    fig.update_layout(
        meta=plotly_meta(scales=[(RATE_STOPS, RATE_STOPS_DARK)],
                         text_toggle=dict(label=TOGGLE,
                                          text=[_interval_text(maps[n][a]) for n in names for a in acts])),
        annotations=[{**a.to_plotly_json(), "font": dict(size=FONT_PX + 1)} for a in fig.layout.annotations],
    )
    choice.choose(fig, CHOICE, options, 0)
    fig.update_xaxes(title_text=X_TITLE, dtick=1, showgrid=False)
    fig.update_yaxes(title_text=Y_TITLE, dtick=1, showgrid=False, col=1)
    fig.update_yaxes(dtick=1, showgrid=False)
    return scenes.drawn(fig, title, WIDTH, HEIGHT)


def rate_maps_still(maps: Maps, widths: Sequence[int], depths: Sequence[int], n_seeds: int, title: str,
                    size: tuple[int, int]) -> Drawn:
    """The still of ``rate_maps_html`` (its frame ``size``): the first data set's maps as the scene
    first draws them, side by side in the column, stacked on a phone (scene.js stackColumns), with
    the data-set buttons and the interval toggle under them; SVG, with the dark scheme's twins
    (the dark colour scale, as scene.js swaps it)."""
    first = next(iter(maps.values()))
    rates = sorted({v for cell in first.values() for v in (cell["k"] / n_seeds).round(3).flat})
    own = {style.prob_hex(t, RATE_STOPS): style.prob_hex(t, RATE_STOPS_DARK) for t in rates}
    own |= {c: _DARK_CELL_TEXT for c in _CELL_TEXT}  # Plotly's text on the dark cells: all light
    return stills.svg_still(lambda W, H, phone: _still_figure(first, list(maps), widths, depths, n_seeds, title,
                                                              W, H, phone), size, own)


# Plotly's layout of the scene, in px: the maps' margins and the gap between them (make_subplots'
# horizontal_spacing); on a phone (scene.js stackColumns) the columns stacked, 0.2 of the height apart
MARGIN, PHONE_MARGIN, SPACING = dict(l=50, r=20, t=62, b=45), dict(l=44, r=8, t=62, b=45), 0.08
# Plotly's cell text: its default grey on a light cell, white on a dark one (Color.contrast); in the
# dark scheme every cell is dark
_CELL_TEXT, _DARK_CELL_TEXT = ("#444444", "#ffffff"), "#ffffff"


def _contrast(color: str) -> str:
    """Plotly's text colour on a cell (tinycolor's isDark: brightness under 128)."""
    r, g, b = style.hex_to_rgb(color)
    return _CELL_TEXT[1] if (299 * r + 587 * g + 114 * b) / 1000 < 128 else _CELL_TEXT[0]


def _still_figure(maps: dict, names: list[str], widths, depths, n_seeds: int, title: str, W: int, H: int,
                  phone: bool):
    """One data set's maps (``maps[activation]``) in a frame W x H px, as the scene lays them out."""
    bar_h = stills.bar_rows(W, CHOICE, names, TOGGLE)[2]
    Hp = H - bar_h  # the plot's own height: the bar takes the rest
    font = stills.PHONE_FONT_PX if phone else FONT_PX
    title_px = stills.PHONE_TITLE_PX if phone else style.TITLE_PX
    m = dict(PHONE_MARGIN if phone else MARGIN)
    title = stills.fit_title(title, W - 16, title_px, m)  # no zoom buttons: a map has nothing to zoom
    fig = svg.plt.figure(figsize=(W / 100, H / 100), dpi=100)
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_xlim(0, W)
    ax.set_ylim(H, 0)
    ax.set_axis_off()
    text = dict(color=INK, va="center")
    for k, line in enumerate(title.split("\n")):
        ax.text(0.01 * W, stills._title_top(Hp) + title_px * (0.6 + 1.2 * k), line, fontsize=title_px * PT, **text)
    acts = list(maps)
    if phone:
        plot_h, share = Hp - m["t"] - m["b"], (1 - 0.2 * (len(acts) - 1)) / len(acts)
        boxes = [(m["l"], m["t"] + i * (share + 0.2) * plot_h, W - m["l"] - m["r"], share * plot_h)
                 for i in range(len(acts))]
    else:
        w, ph = W - m["l"] - m["r"], Hp - m["t"] - m["b"]
        pw = w * (1 - SPACING) / len(acts)
        boxes = [(m["l"] + i * (pw + SPACING * w), m["t"], pw, ph) for i in range(len(acts))]
    for (x0, y0, pw_, ph_), act in zip(boxes, acts):
        _map(ax, maps[act]["k"] / n_seeds, widths, depths, (x0, y0, pw_, ph_), phone)
        ax.text(x0 + pw_ / 2, y0 - 9.5, act, fontsize=(FONT_PX + 1) * PT, ha="center", **text)
        ax.text(x0 + pw_ / 2, y0 + ph_ + (42 if phone else 37), X_TITLE,
                fontsize=round(1.2 * font) * PT, ha="center", **text)
    x0, y0, _, ph_ = boxes[0]
    ax.text(8 if not phone else 7, y0 + ph_ / 2, Y_TITLE, fontsize=round(1.2 * font) * PT,
            rotation=90, ha="center", rotation_mode="anchor", **text)
    stills.bar(fig, W, H, CHOICE, names, 0, TOGGLE)
    return fig


def _map(ax, rate: np.ndarray, widths, depths, box: tuple[float, float, float, float], phone: bool) -> None:
    """One map's cells (2 px apart), their labels, ticks and tick labels in a plot ``box`` (x0, y0,
    width, height in px), lettered as the scene on a phone or in the column."""
    from matplotlib.patches import Rectangle

    x0, y0, pw, ph = box
    font = stills.PHONE_FONT_PX if phone else FONT_PX
    cell_px = font if phone else CELL_PX  # scene.js sets a phone's cells as its other lettering
    cw, ch = pw / len(widths), ph / len(depths)
    for (r, c), v in np.ndenumerate(rate.round(3)):
        x, y = x0 + c * cw, y0 + ph - (r + 1) * ch
        face = style.prob_hex(v, RATE_STOPS)
        ax.add_patch(Rectangle((x + 1, y + 1), cw - 2, ch - 2, facecolor=face, edgecolor="none"))
        ax.text(x + cw / 2, y + ch / 2, _label(v), fontsize=cell_px * PT, color=_contrast(face), ha="center",
                va="center")
    tick = dict(color="#444444", linewidth=1 * PT)
    for c, w in enumerate(widths):
        x = x0 + (c + 0.5) * cw
        ax.plot([x, x], [y0 + ph, y0 + ph + 5], **tick)
        ax.text(x, y0 + ph + (14.5 if phone else 16.4), str(w), fontsize=font * PT, color=INK,
                ha="center", va="center")
    for r, d in enumerate(depths):
        y = y0 + ph - (r + 0.5) * ch
        ax.plot([x0 - 5, x0], [y, y], **tick)
        ax.text(x0 - (8 if phone else 8.4), y, str(d), fontsize=font * PT, color=INK, ha="right",
                va="center")
