"""Line plots with a selector: several panels of curves, one shown at a time.

A picture is a ``Curves``: one panel per choice (an activation, a mistake...), each a few named
lines over a shared x axis. The same value becomes an interactive Plotly page whose slider (and
play button) picks the panel (``curves_slider``) and static small multiples (``curves_svg``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import plotly.graph_objects as go

from figures.render import Drawn, choice, scenes, stills, svg
from figures.render.style import PLOTLY_AXIS_2D, plotly_layout

WIDTH, HEIGHT = 640, 520


@dataclass(frozen=True)
class Line:
    """One named curve: y over x, drawn in ``color`` (dashed if ``dash``)."""

    name: str
    x: np.ndarray
    y: np.ndarray
    color: str
    dash: bool = False


@dataclass(frozen=True)
class Curves:
    """Panels of lines; every panel has the same number of lines, in the same roles and colours."""

    panels: Sequence[Sequence[Line]]
    titles: Sequence[str]  # one per panel (the frame title)
    labels: Sequence[str]  # one per panel (the slider's label)
    axis_titles: tuple[str, str]
    y_range: tuple[float, float] | None = None  # fixed for every panel; None: fit all panels
    x_range: tuple[float, float] | None = None
    log_y: bool = False

    def __post_init__(self):
        sizes = {len(p) for p in self.panels}
        if not self.panels or len(sizes) != 1 or 0 in sizes:
            raise ValueError("every panel needs the same, non-zero number of lines")
        if not len(self.titles) == len(self.labels) == len(self.panels):
            raise ValueError("one title and one label per panel")


def _ranges(c: Curves) -> tuple[list[float], list[float]]:
    xs = np.concatenate([np.asarray(ln.x, float) for p in c.panels for ln in p])
    ys = np.concatenate([np.asarray(ln.y, float) for p in c.panels for ln in p])
    xr = list(c.x_range) if c.x_range else [float(xs.min()), float(xs.max())]
    if c.y_range:
        yr = list(c.y_range)
    elif c.log_y:
        yr = [float(np.log10(ys[ys > 0].min())) - 0.1, float(np.log10(ys.max())) + 0.1]
    else:
        pad = 0.05 * float(ys.max() - ys.min())
        yr = [float(ys.min()) - pad, float(ys.max()) + pad]
    return xr, yr


def _scatter(ln: Line, full: bool) -> go.Scatter:
    t = go.Scatter(x=np.asarray(ln.x, np.float32), y=np.asarray(ln.y, np.float32))
    if full:
        t.update(mode="lines", name=ln.name, hoverinfo="skip",
                 line=dict(color=ln.color, width=2.5, dash="dash" if ln.dash else "solid"))
    return t


def curves_slider(c: Curves, prefix: str = "", named: bool = False) -> Drawn:
    """The panels as one interactive plot; a slider (and play button) picks the panel, the last
    first, or, for panels of named things (``named``), a row of buttons (``choice``)."""
    last = c.panels[-1]
    fig = go.Figure([_scatter(ln, True) for ln in last])
    fig.update_layout(**plotly_layout(c.titles[-1], dict(l=56, r=10, t=70, b=40)), plot_bgcolor="white")
    xr, yr = _ranges(c)
    fig.update_xaxes(range=xr, title=dict(text=c.axis_titles[0], standoff=4), **PLOTLY_AXIS_2D)
    log = dict(type="log", dtick=1) if c.log_y else dict(type="linear")  # log: powers of ten only
    fig.update_yaxes(range=yr, title=dict(text=c.axis_titles[1], standoff=4), **log, **PLOTLY_AXIS_2D)
    # each frame also renames its lines, so the legend says what the panel compares
    frames = [go.Frame(name=str(i), data=[_scatter(ln, False).update(name=ln.name) for ln in p],
                       traces=list(range(len(p))), layout=dict(title=dict(text=t)))
              for i, (p, t) in enumerate(zip(c.panels, c.titles))]
    if named:
        choice.choose_frame(fig, frames, c.labels, prefix)
    else:
        scenes.animate(fig, frames, c.labels, prefix, gap=50)
    return scenes.drawn(fig, c.titles[-1], WIDTH, HEIGHT)


def curves_svg(c: Curves, ncols: int = 3, panel_inches: tuple[float, float] = (2.6, 2.0),
               titles: Sequence[str] | None = None, legend: Sequence[str] | None = None, scene: bool = False) -> Drawn:
    """Small multiples of every panel, as SVG: a legend in each panel, or one under the figure
    naming the lines' roles when ``legend`` gives them (lines in the same role look alike); the
    still of a ``scene`` (svg.save_svg)."""
    n = len(c.panels)
    ncols = min(ncols, n)
    nrows = -(-n // ncols)
    xr, yr = _ranges(c)
    with svg.plt.rc_context(svg.RC):
        fig, axes = svg.plt.subplots(nrows, ncols, figsize=(panel_inches[0] * ncols, panel_inches[1] * nrows + 0.2),
                                     dpi=svg.DPI, layout="constrained", squeeze=False)
        for i, ax in enumerate(axes.ravel()):
            if i >= n:
                ax.set_visible(False)
                continue
            for ln in c.panels[i]:
                ax.plot(ln.x, ln.y, color=ln.color, linewidth=1.6, linestyle="--" if ln.dash else "-", label=ln.name)
            ax.set_xlim(*xr)
            if c.log_y:
                ax.set_yscale("log")
                ax.set_ylim(10 ** yr[0], 10 ** yr[1])
            else:
                ax.set_ylim(*yr)
            ax.tick_params(labelsize=8)
            ax.set_title((titles or c.labels)[i], fontsize=9.5)
            if legend is None:
                ax.legend(fontsize=7, frameon=False, loc="best", handlelength=1.6)
            if i % ncols == 0:
                ax.set_ylabel(c.axis_titles[1], fontsize=8.5)
            if i >= n - ncols:
                ax.set_xlabel(c.axis_titles[0], fontsize=8.5)
        if legend is not None:
            fig.legend(axes[0, 0].get_lines(), legend, loc="outside lower center", ncols=len(legend), frameon=False,
                       fontsize=8.5)
        return svg.save_svg(fig, scene)


def _dashes(ln: Line) -> dict:
    """Plotly's line of ``ln`` in matplotlib's terms ("dash": 9 px on, 9 px off)."""
    return dict(color=ln.color, linewidth=2.5 * svg.style.PT, linestyle=(0, (3.6, 3.6)) if ln.dash else "-")


def curves_still(c: Curves, prefix: str = "", named: bool = True) -> Drawn:
    """The still of ``curves_slider(c, prefix, named)``: the panel it first shows (the last), titled,
    with its legend, axes and the row of choice buttons (``named``) or the play button and slider,
    as the scene draws them."""
    last = c.panels[-1]
    xr, yr = _ranges(c)

    def draw(ax) -> None:
        for ln in last:
            ax.plot(ln.x, ln.y, **_dashes(ln))

    legend = [(ln.name, _dashes(ln) | dict(linewidth=2.5), "line") for ln in last]
    panel = stills.ChoicePanel(draw, c.titles[-1], legend, tuple(xr), tuple(yr), c.axis_titles,
                               (prefix.strip(" :") if named else prefix, list(c.labels), len(c.panels) - 1),
                               (WIDTH, HEIGHT), dict(l=56, r=10, t=70, b=40 if named else 50 + 56), log_y=c.log_y,
                               slider=not named)
    return stills.choice_still(panel)
