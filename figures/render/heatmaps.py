"""Success-rate maps: for each data set and activation, the share of seeds that solved each
(width, depth) cell, as an interactive Plotly page (data-set buttons, the activations side by
side, the count and Wilson interval on hover or written in the cells) and as a static SVG of
every map at once.

Renderers take arrays: ``maps[data set][activation]`` is a dict of (depth, width) arrays
``k`` (seeds that solved the cell), ``lo`` and ``hi`` (the 95% interval of the rate).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from figures.render import Drawn, choice, scenes, style, svg
from figures.render.style import CLASS_COLORS, FONT_PX, INK, plotly_layout, plotly_meta

Maps = dict[str, dict[str, dict[str, np.ndarray]]]
# light grey -> Okabe-Ito blue: 0% reads as empty, 100% as solid; safe for colour-vision deficiencies
RATE_STOPS = ((0.0, "#f0f0f0"), (0.5, "#8fbfe0"), (1.0, CLASS_COLORS[0]))
RATE_STOPS_DARK = ((0.0, "#2a2c36"), (0.5, "#28506b"), (1.0, "#1f6fa8"))  # the dark scheme's (scene.js)
WIDTH, HEIGHT = 760, 430
HOVER = ("width %{x} · depth %{y}<br>solved by %{customdata[0]} of %{customdata[3]} seeds (%{z:.0%})"
         "<br>95% interval %{customdata[1]:.0%} to %{customdata[2]:.0%}<extra></extra>")


# a cell's 95% interval, two short lines (the cells are about 30 px wide on a phone)
INTERVAL_TEXT = "%{customdata[1]:.0%}–<br>%{customdata[2]:.0%}"


def _label(rate: float) -> str:
    return f"{rate:.0%}" if rate else "·"


def _heatmap(cell: dict[str, np.ndarray], n_seeds: int, widths, depths, visible: bool, show_scale: bool) -> go.Heatmap:
    rate = cell["k"] / n_seeds
    custom = np.stack([cell["k"], cell["lo"].round(3), cell["hi"].round(3), np.full(rate.shape, n_seeds)], -1)
    text = [[_label(v) for v in row] for row in rate]
    return go.Heatmap(z=rate.round(3), x=list(widths), y=list(depths), customdata=custom, zmin=0, zmax=1,
                      colorscale=[list(s) for s in RATE_STOPS], xgap=2, ygap=2, hovertemplate=HOVER,
                      text=text, texttemplate="%{text}", textfont=dict(size=9), visible=visible,
                      showscale=show_scale,
                      colorbar=dict(title=dict(text="solved", side="right"), tickformat=".0%", len=0.8,
                                    thickness=12))


def rate_maps_html(maps: Maps, widths: Sequence[int], depths: Sequence[int], n_seeds: int, *,
                   title: str) -> Drawn:
    """One page: a menu picks the data set; each activation's map is drawn side by side."""
    names, acts = list(maps), list(next(iter(maps.values())))
    fig = make_subplots(rows=1, cols=len(acts), subplot_titles=[a for a in acts], horizontal_spacing=0.08)
    for i, name in enumerate(names):
        for j, act in enumerate(acts):
            fig.add_trace(_heatmap(maps[name][act], n_seeds, widths, depths, i == 0, i == 0 and j == 0),
                          row=1, col=j + 1)
    options = []
    for i, name in enumerate(names):
        shown = [t // len(acts) == i for t in range(len(names) * len(acts))]
        scale = [s and t % len(acts) == 0 for t, s in enumerate(shown)]
        options.append(dict(label=name, method="restyle", args=[{"visible": shown, "showscale": scale}]))
    fig.update_layout(**plotly_layout(title, dict(l=50, r=20, t=62, b=45)))
    # The data sets are HTML buttons under the maps (scene.js; Tab reaches them), and a toggle
    # writes each cell's interval in it (the hover alone is out of reach of keyboard and touch).
    fig.update_layout(
        meta=plotly_meta(scales=[(RATE_STOPS, RATE_STOPS_DARK)],
                         text_toggle=dict(label="95% intervals", texttemplate=INTERVAL_TEXT)),
        annotations=[{**a.to_plotly_json(), "font": dict(size=FONT_PX + 1, color=INK)} for a in fig.layout.annotations],
    )
    choice.choose(fig, "data set", options, 0)
    fig.update_xaxes(title_text="width (units per hidden layer)", dtick=1, showgrid=False)
    fig.update_yaxes(title_text="depth (hidden layers)", dtick=1, showgrid=False, col=1)
    fig.update_yaxes(dtick=1, showgrid=False)
    return scenes.drawn(fig, title, WIDTH, HEIGHT)


def rate_maps_svg(maps: Maps, widths: Sequence[int], depths: Sequence[int], n_seeds: int,
                  note: str, scene: tuple[int, int] | None = None) -> Drawn:
    """Every map at once: one row per data set, one column per activation, the rate in each cell.
    The still of a scene (``scene``: its frame's size) is what the scene opens on: the first data
    set's maps, in the frame's shape, with a phone twin that fills the frame on a phone."""
    if scene is None:
        return _rate_maps(maps, widths, depths, n_seeds, note)
    first = dict(list(maps.items())[:1])
    size = (style.COLUMN_PX / svg.DPI, style.COLUMN_PX * scene[1] / scene[0] / svg.DPI)
    return _rate_maps(first, widths, depths, n_seeds, note, size)


def _rate_maps(maps: Maps, widths: Sequence[int], depths: Sequence[int], n_seeds: int, note: str,
               size: tuple[float, float] | None = None) -> Drawn:
    """The maps as SVG; given a ``size`` (inches), the still of a scene drawn that size."""
    from matplotlib.colors import LinearSegmentedColormap

    cmap = LinearSegmentedColormap.from_list("rate", list(RATE_STOPS))
    names, acts = list(maps), list(next(iter(maps.values())))
    # one short font name: matplotlib repeats the font list in every one of the 400 labels
    with svg.plt.rc_context({**svg.RC, "font.sans-serif": ["DejaVu Sans"]}):
        fig, axes = svg.plt.subplots(len(names), len(acts), figsize=size or (6.4, 1.45 * len(names) + 0.6), dpi=svg.DPI,
                                     layout="constrained", sharex=True, sharey=True, squeeze=False)
        for i, name in enumerate(names):
            for j, act in enumerate(acts):
                _svg_map(axes[i, j], maps[name][act]["k"] / n_seeds, widths, depths, cmap)
                axes[i, j].set_title(f"{name} · {act}", fontsize=9, color=INK, loc="left")
        for ax in axes[-1]:
            ax.set_xlabel("width")
        for ax in axes[:, 0]:
            ax.set_ylabel("depth")
        fig.suptitle(note, fontsize=9, color=INK, wrap=True)
        return svg.save_svg(fig, scene=size is not None)


def _svg_map(ax, rate: np.ndarray, widths, depths, cmap) -> None:
    ax.pcolormesh(np.arange(len(widths) + 1) + 0.5, np.arange(len(depths) + 1) + 0.5, rate, cmap=cmap,
                  vmin=0, vmax=1, edgecolors="white", linewidth=1.5, rasterized=True)
    for (r, c), v in np.ndenumerate(rate):
        ax.text(c + 1, r + 1, _label(v), ha="center", va="center", fontsize=6.5,
                color="white" if v > 0.6 else INK)
    ax.set_xticks(range(1, len(widths) + 1), [str(w) for w in widths])
    ax.set_yticks(range(1, len(depths) + 1), [str(d) for d in depths])
    ax.tick_params(length=0, labelsize=7)
    for side in ("left", "bottom"):
        ax.spines[side].set_visible(False)
