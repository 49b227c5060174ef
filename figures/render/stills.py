"""A 2-D scene's still drawn as the scene's own first frame: matplotlib in the Plotly layout (the
same size in px at the column's width, margins, square plot, ticks, title, legend, zoom buttons,
play button and slider), at 2x device pixels, so nothing moves when the scene takes its place.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache

import numpy as np
from matplotlib.lines import Line2D
from matplotlib.patches import FancyBboxPatch

from figures.render import Drawn, style
from figures.render.kinds import ProbabilityField, line_segment
from figures.render.style import CLASS_COLORS, CLASS_NAMES, INK, MUTED, PT
from figures.render.svg import PROB_CMAP, PROB_CMAP_DARK, RC, dot, plt, png_still

SCALE = 2  # device pixels per CSS px
# site.css caps a scene's frame at 85 % of the window's height: 680 px on a 1280 x 800 screen,
# the frame a still is drawn for (on a taller screen the frame is taller and the still is centred)
FRAME_MAX_PX = round(0.85 * 800)
GRIP_FILL, RAIL_EDGE = "#f8f8f8", "#bec8d9"  # Plotly's slider, in both schemes (scene.js leaves it)
# a button's face, a shade off white so that the dark twin can give it the dark scheme's own
# (scene.js: #2e303e) while white turns into the page's background
BUTTON_FACE, BUTTON_FACE_DARK = "#fdfdfd", "#2e303e"


def _px_axes(fig, W, H, left, top, width, height):
    return fig.add_axes((left / W, 1 - (top + height) / H, width / W, height / H))


SLIDER_PUSH = 20  # px the slider's own height pushes the plot's bottom margin up (Plotly's autoexpand)
# A 2-D scene's slider rail, px above the frame's bottom; on a phone its labels are set smaller, so it
# sits lower (and a slider scene's choice panel is pushed up 3 px less)
SLIDER_RAIL_PX = {False: 42, True: 39}


def _plot_box(W, H, margin) -> tuple[float, float, float]:
    """(left, top, side) in px of a square plot in Plotly's margins (constrain="domain": the
    longer side shrinks, centred)."""
    pw, ph = W - margin["l"] - margin["r"], H - margin["t"] - margin["b"] - SLIDER_PUSH
    side = min(pw, ph)
    return margin["l"] + (pw - side) / 2, margin["t"] + (ph - side) / 2, side


def plotly_dtick(span: float, length_px: float, is_y: bool) -> float:
    """Plotly's automatic tick step (axes.js autoTicks): span / (one per 80 px (x) or 40 px (y),
    4 to 9 of them, plus one), rounded up to 2, 5 or 10 times a power of ten."""
    rough = span / (min(9.0, max(4.0, length_px / (40 if is_y else 80))) + 1)
    base = 10 ** np.floor(np.log10(rough))
    return float(next(m * base for m in (2, 5, 10) if m * base >= rough - 1e-12 * base))


def _ticks(ax, extent, side_px: float) -> None:
    from matplotlib.ticker import MultipleLocator

    ax.xaxis.set_major_locator(MultipleLocator(plotly_dtick(extent[1] - extent[0], side_px, False)))
    ax.yaxis.set_major_locator(MultipleLocator(plotly_dtick(extent[3] - extent[2], side_px, True)))


def _text(fig, W, H, x, y, s, size, **kw):
    fig.text(x / W, 1 - y / H, s, fontsize=size * PT, color=INK, va="center", **kw)


def _button(fig, W, H, x, y, w, h, label, size=12, edge=MUTED):
    box = FancyBboxPatch((x / W, 1 - (y + h) / H), w / W, h / H, boxstyle="round,pad=0,rounding_size=0.004",
                         transform=fig.transFigure, facecolor=BUTTON_FACE, edgecolor=edge, linewidth=1 * PT)
    fig.add_artist(box)
    _text(fig, W, H, x + w / 2, y + h / 2, label, size, ha="center")


SLIDER_STEP_INSET, SLIDER_RAIL_INSET = 10, 8  # plotly.js sliders: a step's and the rail's inset (px)


def slider_ticks(labels: Sequence[str], left: float, length: float, font_px: float) -> list[float]:
    """Where Plotly's slider (``length`` px long from ``left``) marks its steps, in px: a tick
    every ``stride`` steps, the stride that leaves each of its (here invisible) step labels room
    (plotly.js sliders: labelPadding 8, stepInset 10)."""
    n = len(labels)
    if n < 2:
        return []
    per_step = (length - 2 * SLIDER_STEP_INSET) / (n - 1)
    widest = max(text_px(s, font_px) for s in labels)
    stride = max(1, math.ceil((widest + 8) / per_step))
    return [left + SLIDER_STEP_INSET + per_step * i for i in range(0, n, stride)]


def _chrome(fig, W, H, margin, title: str, step: str | None, prefix: str, legend: bool = True,
            font: float = style.FONT_PX, title_px: float = style.TITLE_PX, labels: Sequence[str] = (),
            rail: float = 42, rotate: bool = False, at: float = 1.0, play_px: float | None = None,
            margin_title: bool = False, legend_y: float = 47, play_small: bool = False) -> None:
    """Title (its lines), legend, zoom buttons (and a touch screen's Rotate toggle), play button
    and slider (with ``step``) where the scene draws them; ``font`` and ``title_px`` as the scene's
    (smaller on a phone); ``labels``: the slider's steps' labels (its ticks are spaced for them);
    ``rail``: its height (px) above the frame's bottom; ``at``: where its grip is (0-1). A title
    of two lines as scene.js's fitTitle sets it: hung 4 px from the top (``margin_title``, a 3-D
    scene: its lines 1.3 apart, the first's box, 8/7 of its size high, from 4 px), or alone on
    its line at Plotly's place, 0.01 of the width in. ``legend_y``: the legend's middle, on the
    plot's top edge (lower where the top margin grew for a title's second line); ``play_small``:
    the play button a 3-D scene has on a phone (54 x 30 px), set in ``play_px``."""
    lines = title.split("\n")
    for k, line in enumerate(lines):
        if margin_title:
            y = 17 if len(lines) == 1 else 4 + title_px * (4 / 7 + 1.3 * k)
            _text(fig, W, H, 0.01 * W, y, line, title_px)
        else:
            top = 17 if len(lines) == 1 else 4 + 0.6 * title_px
            _text(fig, W, H, 0.01 * W, top + 1.2 * title_px * k, line, title_px)
    if rotate:  # scene.js touchScrolls: before the zoom buttons
        _button(fig, W, H, W - 112 - 68, 8, 64, 32, "Rotate", 13)
    x = margin["l"]  # the legend: below the title, from the paper's left edge (style.plotly_layout: x=0)
    for k in (0, 1) if legend else ():  # Plotly's items: the symbol 20 px in, the text 41, 5 px apart
        dot(fig, W, H, x + 20, legend_y, 10, CLASS_COLORS[k], edge="white")  # the points' white ring
        _text(fig, W, H, x + 41, legend_y, CLASS_NAMES[k], font)
        x += 46 + text_px(CLASS_NAMES[k], font)
    for i, label in enumerate(("+", "\u2212", "\u27f2")):  # zoom in, out, reset (scene.js)
        _button(fig, W, H, W - 112 + 36 * i, 8, 32, 32, label, 16)
    if step is not None:
        _slider(fig, W, H, margin, step, prefix, font, labels, rail, at, play_px, play_small)


def _slider(fig, W, H, margin, step: str, prefix: str, font: float, labels: Sequence[str], rail: float, at: float,
            play_px: float | None, play_small: bool) -> None:
    """The play button and the slider (scenes._slider) at ``step``, its rail ``rail`` px above the
    frame's bottom and its grip at ``at`` (0-1); as in ``_chrome``."""
    paper = W - margin["l"] - margin["r"]
    left, length = margin["l"] + 0.2 * paper, round(0.78 * paper)  # scenes._slider: x=0.2, len=0.78
    rail0, rail1 = left + SLIDER_RAIL_INSET, left + length - SLIDER_RAIL_INSET
    y = H - rail
    play = font if play_px is None else play_px
    if not play_small:  # Plotly's button: the label and 24 px, 32 px high
        _button(fig, W, H, margin["l"] + 2, y - 19, text_px("\u25b6 play", play) + 24, 32, "\u25b6 play", play,
                edge=RAIL_EDGE)
    else:  # a phone's smaller play button
        _button(fig, W, H, margin["l"] + 2, y - 19, 54, 30, "\u25b6 play", play_px, edge=RAIL_EDGE)
    _text(fig, W, H, left, y - 22, f"{prefix}{step}", style.FONT_PX)  # its own size (scenes._slider)
    rail_patch = fig.add_artist(FancyBboxPatch((rail0 / W, 1 - (y + 2.5) / H), (rail1 - rail0) / W, 5 / H,
                                               boxstyle="round,pad=0,rounding_size=0.002", transform=fig.transFigure,
                                               facecolor=GRIP_FILL, edgecolor=RAIL_EDGE, linewidth=1 * PT))
    ticks = slider_ticks(labels, left, length, play)  # the labels are set in the scene's font
    for x in ticks:  # Plotly's step ticks (ticklen 3) under the rail
        fig.add_artist(Line2D([x / W] * 2, [1 - (y + 15) / H, 1 - (y + 18) / H], transform=fig.transFigure,
                              color=MUTED, linewidth=1 * PT))
    span = length - 2 * SLIDER_STEP_INSET
    grip = left + SLIDER_STEP_INSET + span * at  # the slider's active step, where Plotly centres its grip
    grip_mark = fig.add_artist(Line2D([grip / W], [1 - y / H], transform=fig.transFigure, marker="o",
                                      markersize=20 * PT, markerfacecolor=GRIP_FILL, markeredgecolor=RAIL_EDGE,
                                      markeredgewidth=1 * PT, linestyle="none"))
    for a in (rail_patch, grip_mark):  # svg._darken leaves them light, as scene.js leaves Plotly's slider
        a.mlp_slider = True


def boundary_still(field: ProbabilityField, size: tuple[int, int], margin: dict, prefix: str) -> Drawn:
    """The last frame of ``scenes.boundary_slider`` as the reader first sees it: ``size`` is the
    scene's (aspect); drawn as wide as the column, at SCALE device pixels per px; with its dark
    twin, and its phone twin (and that one's dark twin) drawn as the scene lays itself out in a
    phone's frame, where the column's still would be shown at half size."""
    return png_still(lambda phone: _boundary_figure(field, size, margin, prefix, phone=phone))


def _boundary_figure(field: ProbabilityField, size: tuple[int, int], margin: dict, prefix: str, *, phone: bool):
    """The figure of ``boundary_still`` in the column, or in a phone's frame as the scene's page
    lays it out there: lettering as scenes.PAGE sets it, the title broken (scene.js fitTitle, the
    top margin a line taller), the frame as tall as the square plot needs (fitFrame)."""
    m = dict(margin)
    title = field.title or ""
    if phone:
        W = PHONE_SCENE[0]
        font, title_px = PHONE_FONT_PX, PHONE_TITLE_PX
        title = fit_title(title, W - 16 - TOOLBAR, title_px, m)
        H = fit_frame(m, W, PHONE_SCENE[1], SLIDER_PUSH)
    else:
        W = style.COLUMN_PX
        H = min(round(W * size[1] / size[0]), FRAME_MAX_PX)
        font, title_px = style.FONT_PX, style.TITLE_PX
    P, X, y, e = field.probs[-1], field.X, field.y, field.extent
    with plt.rc_context(RC | {"axes.spines.top": False, "axes.spines.right": False}):
        fig = plt.figure(figsize=(W / 100, H / 100), dpi=100 * SCALE)
        left, top, side = _plot_box(W, H, m)
        ax = _px_axes(fig, W, H, left, top, side, side)
        image = ax.imshow(P, origin="lower", extent=e, cmap=PROB_CMAP, vmin=0, vmax=1, interpolation="bilinear",
                          aspect="auto")
        image.mlp_dark_cmap = PROB_CMAP_DARK  # the dark scene's colour scale (svg._darken)
        if field.lines is not None:
            bx, by = line_segment(*field.lines[-1], e)
            ax.plot(bx, by, color=INK, linewidth=2 * PT)
        elif P.min() < 0.5 < P.max():
            gx, gy = np.linspace(e[0], e[1], P.shape[1]), np.linspace(e[2], e[3], P.shape[0])
            ax.contour(gx, gy, P, levels=[0.5], colors=INK, linewidths=2 * PT)
        for k in (0, 1):  # white-ringed in both schemes, as the scene draws them (svg._darken: mlp_marker)
            ax.scatter(X[y == k, 0], X[y == k, 1], s=(5 * PT) ** 2, c=CLASS_COLORS[k], edgecolors="white",
                       linewidths=0.5 * PT).mlp_marker = True
        ax.set_xlim(*e[:2])
        ax.set_ylim(*e[2:])
        _ticks(ax, e, side)
        ax.tick_params(labelsize=font * PT, length=5 * PT, color=MUTED)
        # axis titles keep the layout's size on a phone (scenes.PAGE's script sets the font it had)
        ax.set_xlabel("x\u2081", fontsize=style.FONT_PX * PT, labelpad=4 * PT)
        ax.set_ylabel("x\u2082", fontsize=style.FONT_PX * PT, labelpad=4 * PT)
        # on a phone the slider, its labels set smaller, pushes the plot's bottom up 3 px less
        _chrome(fig, W, H, m, title, field.steps[-1] if field.steps else "", prefix, labels=field.steps,
                title_px=title_px, legend_y=47 + m["t"] - margin["t"], play_px=font, rail=SLIDER_RAIL_PX[phone])
        return fig


# --- a scene that shows one view at a time, picked by a row of HTML buttons (render.choice) -----

BAR_PAD, BUTTON_PX, BUTTON_GAP, BAR_FONT = (4, 6), 28, 4, 13  # scene.js: .mlp-choice
# the pressed button's fill (scene.js), one unit off the class blue so that the dark twin can
# give it the dark scheme's own (light and dark otherwise follow style.dark_rgb)
PRESSED, PRESSED_DARK = "#0072b3", "#3d8fd1"
TOOLBAR = 3 * 32 + 2 * 4 + 8  # scene.js: three zoom buttons, their gaps and margin (TOOLBAR_PX)
# a scene on a phone (scenes.PAGE's script): its lettering and title in px
PHONE_FONT_PX, PHONE_TITLE_PX = 10, 12
# a scene's frame on a 390 px phone: the column (358 px) wide, min(150vw, 90vh) tall (site.css)
PHONE_SCENE = (358, 585)


@cache  # legends measure the same few labels again and again
def text_px(s: str, px: float) -> float:
    """The width in px of ``s`` set in the figures' font (DejaVu Sans, as matplotlib measures it)."""
    from matplotlib.font_manager import FontProperties
    from matplotlib.textpath import TextPath

    return float(TextPath((0, 0), s or " ", size=px, prop=FontProperties(family="DejaVu Sans")).get_extents().width)


def _rows(widths: list[float], room: float, gap: float) -> list[list[int]]:
    """Items of ``widths`` wrapped into rows ``room`` px wide (flex-wrap)."""
    rows: list[list[int]] = [[]]
    used = 0.0
    for i, w in enumerate(widths):
        if rows[-1] and used + gap + w > room:
            rows.append([])
            used = 0.0
        used += (gap if rows[-1] else 0) + w
        rows[-1].append(i)
    return rows


@dataclass(frozen=True)
class ChoicePanel:
    """The view a choice scene first shows: ``draw(ax)`` fills the plot; the rest is its frame.

    ``legend`` items are (label, matplotlib Line2D keywords, "line", "marker" or "ring"); ``choice`` is
    (the bar's label, the buttons' labels, the pressed one), or with ``slider`` a play button and
    slider's (prefix, steps' labels, the step shown); ``size`` the scene's (w, h) and
    ``margin`` its Plotly margins; a ``square`` plot keeps equal axes (scaleanchor)."""

    draw: Callable
    title: str
    legend: Sequence[tuple[str, dict, str]]
    xlim: tuple[float, float]
    ylim: tuple[float, float]
    axis_titles: tuple[str, str]
    choice: tuple[str, Sequence[str], int]
    size: tuple[int, int]
    margin: dict
    log_y: bool = False
    square: bool = False
    ticks: tuple[Sequence[float], Sequence[float]] | None = None  # the scene's own; None: Plotly's
    dark: dict[str, str] | None = None  # colours the dark scene swaps for its own ({light: dark}: dark_still)
    slider: bool = False  # ``choice`` is a slider's (prefix, step labels, the step shown), not buttons


def _bar_rows(panel: ChoicePanel, W: float) -> tuple[list[float], list[list[int]], float]:
    """scene.js's row of choice buttons in a frame ``W`` px wide: (item widths, rows, height)."""
    return ([], [], 0) if panel.slider else bar_rows(W, *panel.choice[:2])


TOGGLE_GAP = 12  # scene.js: .mlp-toggle's margin-left


def bar_rows(W: float, label: str, options: Sequence[str], toggle: str | None = None
             ) -> tuple[list[float], list[list[int]], float]:
    """scene.js's row of choice buttons (and a ``toggle`` after them) in a frame ``W`` px wide:
    (the items' widths, a toggle's with its margin; their rows (flex-wrap); the bar's height)."""
    widths = [text_px(label, BAR_FONT) + 4] + [text_px(o, BAR_FONT) + 2 * 10 + 2 for o in options]
    if toggle is not None:
        widths.append(TOGGLE_GAP + text_px(toggle, BAR_FONT) + 2 * 10 + 2)
    rows = _rows(widths, W - 16, BUTTON_GAP)
    return widths, rows, BAR_PAD[0] + len(rows) * BUTTON_PX + (len(rows) - 1) * BUTTON_GAP + BAR_PAD[1]


def bar(fig, W, H, label: str, options: Sequence[str], active: int, toggle: str | None = None) -> None:
    """The choice's row of buttons at the frame's bottom, the pressed one filled (a ``toggle``
    after them, not pressed)."""
    widths, rows, height = bar_rows(W, label, options, toggle)
    y = H - height + BAR_PAD[0]
    for row in rows:
        x = (W - sum(widths[i] for i in row) - BUTTON_GAP * (len(row) - 1)) / 2
        for i in row:
            if i == 0:
                _text(fig, W, H, x, y + BUTTON_PX / 2, label, BAR_FONT)
            else:
                on = i - 1 == active
                gap = TOGGLE_GAP if i > len(options) else 0
                box = FancyBboxPatch(((x + gap) / W, 1 - (y + BUTTON_PX) / H), (widths[i] - gap) / W, BUTTON_PX / H,
                                     boxstyle="round,pad=0,rounding_size=0.004", transform=fig.transFigure,
                                     facecolor=PRESSED if on else BUTTON_FACE,
                                     edgecolor=PRESSED if on else "#767676", linewidth=1 * PT)
                fig.add_artist(box)
                text = options[i - 1] if i <= len(options) else toggle
                fig.text((x + gap + (widths[i] - gap) / 2) / W, 1 - (y + BUTTON_PX / 2) / H, text,
                         fontsize=BAR_FONT * PT, color="white" if on else INK, ha="center", va="center")
            x += widths[i] + BUTTON_GAP
        y += BUTTON_PX + BUTTON_GAP


def fit_title(title: str, room: float, px: float, margin: dict) -> str:
    """scene.js fitTitle: a title wider than ``room`` breaks at the space nearest its middle, and
    the plot's top ``margin`` grows by the second line."""
    if text_px(title, px) <= room or " " not in title:
        return title
    mid = len(title) / 2
    at = min((i for i, c in enumerate(title) if c == " "), key=lambda i: abs(i - mid))
    margin["t"] += round(px * 1.3)
    return title[:at] + "\n" + title[at + 1:]


def fit_frame(m: dict, W: float, H: int, push: float, bar_px: float = 0) -> int:
    """scene.js fitFrame on a phone: a frame ``H`` px high only as tall as its square plot needs
    (``push``: px a slider pushes the plot up; ``bar_px``: a bar of buttons under it)."""
    need = math.ceil(m["t"] + (W - m["l"] - m["r"]) + m["b"] + push + 8) + bar_px
    return need if need < H - bar_px - 8 else H


LEGEND_ROW = round(style.FONT_PX * 1.6)  # a legend row's height (its lettering stays FONT_PX on a phone)


def _legend_widths(panel: ChoicePanel) -> list[float]:
    return [40 + text_px(lab, style.FONT_PX) + 8 for lab, _, _ in panel.legend]


def _legend_rows(panel: ChoicePanel, room: float) -> list[list[int]]:
    """Plotly's horizontal legend: one row if it fits ``room``, else one item a row."""
    widths = _legend_widths(panel)
    return [list(range(len(widths)))] if sum(widths) <= room else [[i] for i in range(len(widths))]


def _legend(fig, W, H, panel: ChoicePanel, x0: float, top: float, rows: list[list[int]]) -> None:
    """The legend's rows from (x0, top): a line or a dot, then the name."""
    from matplotlib.lines import Line2D

    for r, row in enumerate(rows):
        x, y = x0, top + 5 + LEGEND_ROW * (r + 0.5)
        for i in row:
            lab, kw, kind = panel.legend[i]
            if kind == "line":
                lw = max(kw.get("linewidth", 2.5), 4)
                dashed = {"linestyle": (0, (9 / lw, 9 / lw))} if kw.get("linestyle", "-") != "-" else {}
                fig.add_artist(Line2D([(x + 5) / W, (x + 35) / W], [1 - y / H] * 2, transform=fig.transFigure,
                                      **(kw | dict(linewidth=lw * PT) | dashed)))
            elif kind == "ring":  # an empty marker, its edge the colour (Plotly's legend symbol: 12 px)
                fig.add_artist(Line2D([(x + 20) / W], [1 - y / H], transform=fig.transFigure, marker="o",
                                      markersize=12 * PT, markerfacecolor="none", markeredgecolor=kw["color"],
                                      markeredgewidth=2 * PT, linestyle="none"))
            else:
                dot(fig, W, H, x + 20, y, 10, kw["color"])
            _text(fig, W, H, x + 40, y, lab, style.FONT_PX)
            x += _legend_widths(panel)[i]


@dataclass(frozen=True)
class _Layout:
    W: int
    H: int
    margin: dict
    title: str
    legend_top: float
    legend_rows: list


def _layout(panel: ChoicePanel, W: int, H: int, phone: bool) -> _Layout:
    """Where the scene puts things in a frame W x H (scene.js fitTitle, fitLegend, fitFrame)."""
    title_px = PHONE_TITLE_PX if phone else style.TITLE_PX
    m = dict(panel.margin)
    bar_px = _bar_rows(panel, W)[2]
    title = fit_title(style.true_minus(panel.title), W - 16 - TOOLBAR, title_px, m)  # as scenes.drawn writes it
    lines = title.count("\n") + 1
    rows = _legend_rows(panel, W - m["l"] - m["r"])
    legend_px = 10 + LEGEND_ROW * len(rows)
    legend_top = m["t"] - legend_px  # on the plot's top edge
    widest = max(sum(_legend_widths(panel)[i] for i in row) for row in rows)
    title_bottom = _title_top(H - bar_px) + title_px * (1.2 * lines)
    # fitLegend: a legend under the title, or under the zoom buttons where it reaches them, moves
    # below them, and the plot with it
    low = max(title_bottom, 8 + 32 if m["l"] + widest > W - TOOLBAR else 0) + 4
    if legend_top < low:
        m["t"] = int(np.ceil(low + legend_px))
        legend_top = m["t"] - legend_px
    if phone and panel.square:  # fitFrame: the frame only as tall as the square plot needs
        H = fit_frame(m, W, H, _push(panel, phone), bar_px)
    return _Layout(W, H, m, title, legend_top, rows)


def _push(panel: ChoicePanel, phone: bool) -> float:
    """px a slider pushes the plot's bottom up (Plotly's autoexpand; on a phone its labels are set
    smaller, 3 px less)."""
    return (SLIDER_PUSH - 3 if phone else SLIDER_PUSH) if panel.slider else 0


def _title_top(plot_h: float) -> float:
    return max(4.0, 0.015 * plot_h - 3)  # Plotly: y = 0.985 of the plot's div, hung from its top


def _choice_figure(panel: ChoicePanel, W: int, H: int, phone: bool):
    font, title_px = (PHONE_FONT_PX, PHONE_TITLE_PX) if phone else (style.FONT_PX, style.TITLE_PX)
    lay = _layout(panel, W, H, phone)
    W, H, m = lay.W, lay.H, lay.margin
    fig = plt.figure(figsize=(W / 100, H / 100), dpi=100)
    if not panel.slider:
        bar(fig, W, H, *panel.choice)
    Hp = H - _bar_rows(panel, W)[2]  # the plot's own height: the bar takes the rest
    for k, line in enumerate(lay.title.split("\n")):
        _text(fig, W, H, 0.01 * W, _title_top(Hp) + title_px * (0.6 + 1.2 * k), line, title_px)
    for i, label in enumerate(("+", "\u2212", "\u27f2")):  # zoom in, out, reset (scene.js)
        _button(fig, W, H, W - 112 + 36 * i, 8, 32, 32, label, 16)
    _legend(fig, W, H, panel, m["l"], lay.legend_top, lay.legend_rows)
    if panel.slider:
        prefix, steps, shown = panel.choice
        _slider(fig, W, H, m, steps[shown], prefix, style.FONT_PX, steps, SLIDER_RAIL_PX[phone],
                shown / max(1, len(steps) - 1), font, False)
    pw, ph = W - m["l"] - m["r"], Hp - m["t"] - m["b"] - _push(panel, phone)
    left, upper = m["l"], m["t"]
    if panel.square:
        side = min(pw, ph)
        left, upper, pw, ph = left + (pw - side) / 2, upper + (ph - side) / 2, side, side
    ax = _px_axes(fig, W, H, left, upper, pw, ph)
    panel.draw(ax)
    _axes(ax, panel, pw, ph, font)
    return fig


def _axes(ax, panel: ChoicePanel, pw: float, ph: float, font: float) -> None:
    """Ranges, ticks (the scene's own, or where Plotly puts them) and axis titles."""
    from matplotlib.ticker import LogLocator, MultipleLocator, NullLocator

    ax.set_xlim(*panel.xlim)
    if panel.log_y:
        ax.set_yscale("log")
        ax.set_ylim(10 ** panel.ylim[0], 10 ** panel.ylim[1])
        ax.yaxis.set_major_locator(LogLocator(base=10, numticks=30))
        ax.yaxis.set_minor_locator(NullLocator())
    else:
        ax.set_ylim(*panel.ylim)
    if panel.ticks is not None:
        ax.set_xticks(panel.ticks[0])
        ax.set_yticks(panel.ticks[1])
    else:
        ax.xaxis.set_major_locator(MultipleLocator(plotly_dtick(panel.xlim[1] - panel.xlim[0], pw, False)))
        if not panel.log_y:
            ax.yaxis.set_major_locator(MultipleLocator(plotly_dtick(panel.ylim[1] - panel.ylim[0], ph, True)))
    ax.tick_params(labelsize=font * PT, length=5 * PT, color=MUTED)
    # axis titles keep the layout's size on a phone (scenes.PAGE's script sets the font it had)
    ax.set_xlabel(panel.axis_titles[0], fontsize=style.FONT_PX * PT, labelpad=4 * PT)
    ax.set_ylabel(panel.axis_titles[1], fontsize=style.FONT_PX * PT, labelpad=4 * PT)


# colours scene.js gives a dark scheme of its own (the rest follow style.dark_rgb): the pressed
# button's fill and the buttons' face; Plotly's slider unchanged
OWN_DARK = {PRESSED: PRESSED_DARK, BUTTON_FACE: BUTTON_FACE_DARK, GRIP_FILL: GRIP_FILL, RAIL_EDGE: RAIL_EDGE}


def dark_still(svg_text: str, own: dict[str, str] | None = None) -> str:
    """A scene's still in the dark scheme: style.dark_svg, but buttons and slider as scene.js
    draws them there (OWN_DARK), and the figure's ``own`` colours ({light: dark}) as its scene's
    meta tells scene.js to swap them."""
    text = style.dark_svg(svg_text)
    for light, dark in (OWN_DARK | (own or {})).items():
        text = text.replace(style.dark_hex(light), dark)
    return text


def choice_still(panel: ChoicePanel) -> Drawn:
    """A choice scene's still: the view it first shows, as it draws it at the column's width (SVG,
    lettering as in the scene), with the dark scheme's twin and the phone's (drawn for a 390 px
    phone's frame, with the scene's phone lettering)."""
    return svg_still(lambda W, H, phone: _choice_figure(panel, W, H, phone), panel.size, panel.dark)


def svg_still(draw: Callable, size: tuple[int, int], own: dict[str, str] | None = None,
              rc: dict | None = None) -> Drawn:
    """A scene's still as SVG: ``draw(W, H, phone)`` makes the figure of the scene's first frame as
    it lays itself out in a frame W x H px: the column's (the scene's ``size`` aspect, at most
    FRAME_MAX_PX high) and a 390 px phone's (its twin); each with its dark twin (dark_still with
    the figure's ``own`` colours). ``rc``: matplotlib settings beyond svg.RC (default: no top and
    right spines)."""
    from figures.render.svg import _svg_text

    W = style.COLUMN_PX
    out = []
    for w, h, phone in ((W, min(round(W * size[1] / size[0]), FRAME_MAX_PX), False), (*PHONE_SCENE, True)):
        with plt.rc_context(RC | (rc or {"axes.spines.top": False, "axes.spines.right": False})):
            fig = draw(w, h, phone)
            px = tuple(round(v * 100) for v in fig.get_size_inches())
            style.mpl_ticks(fig)
            text = _svg_text(fig)
            plt.close(fig)
        out.append(Drawn(text, "svg", *px))
    light, phone = out
    dark = [Drawn(dark_still(d.data, own), "svg", d.width, d.height) for d in out]
    return Drawn(light.data, "svg", light.width, light.height,
                 (("dark", dark[0]), ("phone", phone), ("phone.dark", dark[1])))
