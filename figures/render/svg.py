"""Static SVG figures with matplotlib: points and lines as vectors, heatmaps rasterised inside."""

from __future__ import annotations

import io
import math
import re
from collections.abc import Sequence

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from matplotlib.colors import LinearSegmentedColormap  # noqa: E402
from PIL import Image  # noqa: E402

from figures.render import Drawn, style  # noqa: E402
from figures.render.kinds import Cloud, ProbabilityField, box_ranges, line_segment  # noqa: E402
from figures.render.style import ASPECT_3D, CLASS_COLORS, CLASS_NAMES, DPI, INK, MPL_RC, MUTED, PROB_STOPS, PT  # noqa: E402

PROB_CMAP = LinearSegmentedColormap.from_list("prob", list(PROB_STOPS))
PROB_CMAP_DARK = LinearSegmentedColormap.from_list("prob_dark", list(style.PROB_STOPS_DARK))
RC = MPL_RC


def _size(fig) -> tuple[int, int]:
    w, h = (int(round(v * DPI)) for v in fig.get_size_inches())
    return w, h


def _svg_text(fig) -> str:
    buf = io.StringIO()
    fig.savefig(buf, format="svg", metadata={"Date": None, "Creator": None}, bbox_inches=None, transparent=True)
    return style.svg_font(compact(buf.getvalue()))


def save_svg(fig, scene: bool = False) -> Drawn:
    """SVG text with no timestamp, with its size in px, drawn for the article's column, with its
    twins: the dark scheme's, and (for a figure wider than a phone) one drawn for a phone; the
    still of a ``scene`` has its phone twin drawn to fill the scene's frame on a phone."""
    style.mpl_ticks(fig)
    fit_column(fig)
    fit_lettering(fig)
    light = _svg_text(fig)
    w, h = _size(fig)
    twins = [("dark", Drawn(style.dark_svg(light), "svg", w, h))]
    if w > style.PHONE_PX:
        phone_layout(fig, style.PHONE_FRAME_PX if scene else None)
        fit_lettering(fig)
        pw, ph = _size(fig)
        phone = _svg_text(fig)
        twins += [("phone", Drawn(phone, "svg", pw, ph)), ("phone.dark", Drawn(style.dark_svg(phone), "svg", pw, ph))]
    plt.close(fig)
    return Drawn(light, "svg", w, h, tuple(twins))


def _floor_text(fig, px: float = style.MIN_TEXT_PX) -> None:
    """No lettering below ``px`` (figure pixels): every text, tick label and legend."""
    from matplotlib.text import Text

    pt = px * style.PT
    fig.draw_without_rendering()  # tick labels exist once drawn (laid out as by a draw, no pixels painted)
    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis, getattr(ax, "zaxis", None)):
            labels = axis.get_ticklabels() if axis is not None else []
            if labels and labels[0].get_fontsize() < pt:
                axis.set_tick_params(labelsize=pt)
    for t in fig.findobj(Text):
        if t.get_text() and t.get_fontsize() < pt:
            t.set_fontsize(pt)
        if "-" in t.get_text() and "$" not in t.get_text():
            t.set_text(style.true_minus(t.get_text()))


def _resize(fig, width_px: float, height_px: float) -> None:
    fig.set_size_inches(width_px / DPI, height_px / DPI)


def fit_column(fig) -> None:
    """At most the column's width (lettering keeps its size: the drawing gives way), lettering
    at least MIN_TEXT_PX."""
    _floor_text(fig)
    w, h = _size(fig)
    if w > style.COLUMN_PX:
        f = style.COLUMN_PX / w
        _resize(fig, style.COLUMN_PX, h * f ** 0.5)  # text does not shrink, so the height less so


# Where a title too wide for its panel breaks, best first: "layer 1 · neuron 2" -> "layer 1" over
# "neuron 2"; "sep 1.0: neuron 2" -> "sep 1.0:" over "neuron 2"; else at a comma or a space.
BREAKS = ((" \u00b7 ", ""), (": ", ":"), (", ", ","), (" ", ""))


def _break_line(text: str) -> str | None:
    """``text`` in two lines at the best break nearest its middle (BREAKS), or None."""
    for sep, keep in BREAKS:
        at = [i for i in range(len(text)) if text.startswith(sep, i)]
        if at:
            i = min(at, key=lambda i: abs(i + len(sep) / 2 - len(text) / 2))
            return text[:i] + keep + "\n" + text[i + len(sep):]
    return None


def _titles(fig) -> list:
    return [t for ax in fig.axes if ax.get_visible() for t in (ax.title, ax._left_title, ax._right_title)
            if t.get_text()]


def _wrap_titles(fig, renderer) -> bool:
    """Break each panel title wider than its panel (it ran into its neighbour's); True if any."""
    changed = False
    for t in _titles(fig):
        ax_w = t.axes.get_window_extent(renderer).width
        if t.get_window_extent(renderer).width <= ax_w + 1 or "$" in t.get_text():
            continue
        changed |= _break_widest(t)
    return changed


def _break_widest(t) -> bool:
    """Break the widest line of a text in two (True), or leave it (False: no place to break)."""
    lines = t.get_text().split("\n")
    widest = max(range(len(lines)), key=lambda i: len(lines[i]))
    broken = _break_line(lines[widest])
    if broken:
        lines[widest] = broken
        t.set_text("\n".join(lines))
    return bool(broken)


def _past_edge(fig, renderer) -> bool:
    """Break x-axis titles and the figure's title that reach past the figure's side (a phone's
    narrower column cut them off): True if any."""
    width, changed = fig.bbox.width, False
    texts = [ax.xaxis.label for ax in fig.axes if ax.get_visible()] + [t for t in [fig._suptitle] if t]
    texts += _titles(fig)
    for t in texts:
        box = t.get_window_extent(renderer)
        if not t.get_text() or "$" in t.get_text() or (box.x0 >= -1 and box.x1 <= width + 1):
            continue
        changed |= _break_widest(t)
    return changed


def _crowded(labels, renderer, gap_px: float) -> bool:
    boxes = sorted((b.x0, b.x1) for b in (t.get_window_extent(renderer) for t in labels if t.get_text()))
    return any(b0 < a1 + gap_px for (_, a1), (b0, _) in zip(boxes, boxes[1:]))


def _thin_ticks(fig, renderer) -> bool:
    """Fewer x ticks where their labels run together (a phone's narrow panel): True if any."""
    from matplotlib.ticker import FixedLocator, LogLocator, MaxNLocator

    changed = False
    for ax in fig.axes:
        if not ax.get_visible() or not ax.xaxis.get_visible():
            continue
        lo, hi = sorted(ax.get_xlim())
        labels = [t for tick, t in zip(ax.get_xticks(), ax.get_xticklabels()) if lo <= tick <= hi and t.get_visible()]
        if len(labels) < 3 or not _crowded(labels, renderer, 0.5 * labels[0].get_fontsize() / style.PT):
            continue
        locator = ax.xaxis.get_major_locator()
        ticks = [v for v in ax.get_xticks() if lo <= v <= hi]
        if isinstance(locator, LogLocator):
            continue
        if isinstance(locator, FixedLocator):  # the figure's own ticks: every other one
            ax.xaxis.set_major_locator(FixedLocator(ticks[::2]))
        else:
            ax.xaxis.set_major_locator(MaxNLocator(nbins=max(2, len(ticks) - 2), steps=[1, 2, 2.5, 5, 10]))
        changed = True
    return changed


def fit_lettering(fig) -> None:
    """No lettering runs into other lettering or off the picture: panel titles wider than their
    panel, and axis or figure titles past its side, break into lines; x tick labels that touch
    are thinned (drawn again until none is left, at most 4 times)."""
    for _ in range(4):
        fig.draw_without_rendering()  # the layout a draw makes, without painting the pixels
        renderer = fig.canvas.get_renderer()
        if not (_wrap_titles(fig, renderer) | _past_edge(fig, renderer) | _thin_ticks(fig, renderer)):
            return


def _panels(fig) -> list:
    """The figure's main axes if they are cells of one grid (colour bars follow theirs), else []."""
    axes = [ax for ax in fig.axes if ax.get_subplotspec() is not None and not hasattr(ax, "_colorbar")
            and ax.get_label() != "<colorbar>"]
    grids = {id(ax.get_subplotspec().get_gridspec()) for ax in axes}
    return axes if len(grids) == 1 and not getattr(fig, "subfigs", None) else []


def _narrow_legends(fig) -> None:
    """Figure legends (below the panels, one row) in two columns: a row as wide as the desktop
    figure would not fit a phone's column. Drawn again from the axes' own handles."""
    known = {}
    for ax in fig.axes:
        for h, label in zip(*ax.get_legend_handles_labels()):
            known.setdefault(label, h)
        for line in ax.get_lines():
            known.setdefault(line.get_label(), line)
    for legend in list(fig.legends):
        labels = [t.get_text() for t in legend.texts]
        if legend._ncols <= 2:
            continue
        # the lines it names by their labels, else its own handles (a legend of roles)
        handles = [known[lab] for lab in labels] if all(lab in known for lab in labels) else legend.legend_handles
        size = legend.texts[0].get_fontsize() if legend.texts else None
        legend.remove()
        fig.legend(handles, labels, loc="outside lower center", ncols=2, frameon=False, fontsize=size)


def _frame_cols(n: int, aspect: float, frame: tuple[int, int]) -> int:
    """How many columns make ``n`` panels (height/width ``aspect``) largest in ``frame`` (w, h)."""
    fw, fh = frame
    return max(range(1, n + 1), key=lambda c: min(fw / c, fh / -(-n // c) / aspect))


def phone_layout(fig, frame: tuple[int, int] | None = None) -> None:
    """Re-lay the figure for a phone's column: PHONE_PX wide, a row of panels in fewer columns
    (two, or one for three), each panel as tall for its width as before; given a ``frame`` (w,
    h), the figure fills it, its panels in the columns that make them largest."""
    from matplotlib.gridspec import GridSpec

    w, h = _size(fig)
    if frame is not None:
        _narrow_legends(fig)
        _fill_frame(fig, w, h, frame)
        return
    _narrow_legends(fig)
    panels = _panels(fig)
    shown = [ax for ax in panels if ax.axison or ax.images or ax.collections or ax.lines]
    if panels:
        gs = panels[0].get_subplotspec().get_gridspec()
        rows, cols = gs.get_geometry()
    else:
        rows, cols = 1, 1
    subfigs = getattr(fig, "subfigs", None) or []
    if len(subfigs) > 1:  # sub-figures side by side: stacked, each as tall for its width as before
        grid = GridSpec(len(subfigs), 1, figure=fig)
        heights = []
        for i, sf in enumerate(subfigs):
            x0, _, x1, _ = sf.bbox_relative.extents
            heights.append(h * min(1.0, style.PHONE_PX / (w * (x1 - x0))) ** 0.75)
            sf._subplotspec = grid[i, 0]
            sf._redo_transform_rel_fig()
        grid.set_height_ratios(heights)
        _resize(fig, style.PHONE_PX, sum(heights))
    elif cols > 1 and len(shown) > 1:
        # small multiples (four or more in a row) two by two; fewer, larger panels stacked
        new_cols = max(1, min(2, style.PHONE_PX // style.MIN_PANEL_PX)) if cols >= 4 else 1
        order = sorted(shown, key=lambda ax: (ax.get_subplotspec().rowspan.start, ax.get_subplotspec().colspan.start))
        new_rows = -(-len(order) // new_cols)
        grid = GridSpec(new_rows, new_cols, figure=fig)
        for ax in panels:
            if ax not in shown:
                ax.set_visible(False)
        for i, ax in enumerate(order):
            ax.set_subplotspec(grid[i // new_cols, i % new_cols])
            if i % new_cols == 0 and len(ax.get_shared_y_axes().get_siblings(ax)) > 1:
                ax.tick_params(axis="y", labelleft=True)  # sharey hid them beside the first panel
        f = (style.PHONE_PX / new_cols) / (w / cols)
        _resize(fig, style.PHONE_PX, (h / rows) * min(1.0, f ** 0.75) * new_rows)
    else:
        f = style.PHONE_PX / w
        _resize(fig, style.PHONE_PX, h * f ** 0.6)


def _fill_frame(fig, w: int, h: int, frame: tuple[int, int]) -> None:
    """The phone twin of a scene's still: exactly ``frame`` px, sub-figures stacked, a grid of
    panels in as many columns as make each largest (as scene.js re-lays the scene's panels)."""
    from matplotlib.gridspec import GridSpec

    panels = _panels(fig)
    shown = [ax for ax in panels if ax.axison or ax.images or ax.collections or ax.lines]
    subfigs = getattr(fig, "subfigs", None) or []
    if len(subfigs) > 1:
        grid = GridSpec(len(subfigs), 1, figure=fig)
        for i, sf in enumerate(subfigs):
            sf._subplotspec = grid[i, 0]
            sf._redo_transform_rel_fig()
    elif len(shown) > 1:
        rows, cols = panels[0].get_subplotspec().get_gridspec().get_geometry()
        aspect = (h / rows) / (w / cols)
        order = sorted(shown, key=lambda ax: (ax.get_subplotspec().rowspan.start, ax.get_subplotspec().colspan.start))
        new_cols = _frame_cols(len(order), aspect, frame)
        grid = GridSpec(-(-len(order) // new_cols), new_cols, figure=fig)
        for ax in panels:
            if ax not in shown:
                ax.set_visible(False)
        for i, ax in enumerate(order):
            ax.set_subplotspec(grid[i // new_cols, i % new_cols])
    _resize(fig, *frame)


_USE = re.compile(r'<use xlink:href="(#\w+)" x="([-\d.]+)" y="([-\d.]+)" style="([^"]+)"/>')


_TEXT = re.compile(r'<text style="([^"]+)" x="([-\d.]+)" y="([-\d.]+)" transform="rotate\(-0 [-\d. ]+\)">')


def compact(text: str) -> str:
    """Shrink matplotlib's SVG: each marker and label repeats its full style, 6-decimal
    positions and (labels) an identity rotation; a class per distinct style and 0.01 px
    positions make files 2-3x smaller and change nothing visible."""
    styles: dict[str, str] = {}

    def cls(style: str) -> str:
        return styles.setdefault(style, f"s{len(styles)}")

    text = _USE.sub(lambda m: f'<use xlink:href="{m[1]}" x="{float(m[2]):.2f}" y="{float(m[3]):.2f}" '
                              f'class="{cls(m[4])}"/>', text)
    text = _TEXT.sub(lambda m: f'<text class="{cls(m[1])}" x="{float(m[2]):.2f}" y="{float(m[3]):.2f}">', text)
    css = "".join(f".{c}{{{s}}}" for s, c in styles.items())
    return text.replace("</style>", css + "</style>", 1) if css and "</style>" in text else text


def draw_points(ax, X: np.ndarray, y: np.ndarray, size: float = 9) -> None:
    for k in (0, 1):
        pts = X[y == k]
        ax.scatter(pts[:, 0], pts[:, 1], s=size, c=CLASS_COLORS[k], edgecolors="white",
                   linewidths=0.35, label=CLASS_NAMES[k])


def _frame(ax, extent, title: str | None) -> None:
    ax.set_xlim(extent[0], extent[1])
    ax.set_ylim(extent[2], extent[3])
    ax.set_aspect("equal")
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$", rotation=0, labelpad=10)
    if title:
        ax.set_title(title, color=INK)


def scatter_svg(X: np.ndarray, y: np.ndarray, extent, title: str | None = None) -> Drawn:
    """The data: points coloured by class."""
    with plt.rc_context(RC):
        fig, ax = plt.subplots(figsize=(4.6, 4.4), dpi=DPI, layout="constrained")
        draw_points(ax, X, y)
        _frame(ax, extent, title)
        ax.legend(loc="upper left", frameon=False, fontsize=9, handletextpad=0.2)
        return save_svg(fig)


def probability_svg(field: ProbabilityField) -> Drawn:
    """The last frame's P(class 1) as a rasterised heatmap, the P = 0.5 boundary as a line, points on top."""
    P, X, y, extent, title = field.probs[-1], field.X, field.y, field.extent, field.title
    with plt.rc_context(RC):
        fig, ax = plt.subplots(figsize=(5.2, 4.4), dpi=DPI, layout="constrained")
        im = ax.imshow(P, origin="lower", extent=extent, cmap=PROB_CMAP, vmin=0, vmax=1,
                       interpolation="bilinear", rasterized=True)
        gx = np.linspace(extent[0], extent[1], P.shape[1])
        gy = np.linspace(extent[2], extent[3], P.shape[0])
        if field.lines is not None:  # a linear model: the exact line, as in the scene
            bx, by = line_segment(*field.lines[-1], extent)
            ax.plot(bx, by, color=INK, linewidth=1.2)
        elif P.min() < 0.5 < P.max():
            ax.contour(gx, gy, P, levels=[0.5], colors=INK, linewidths=1.2)
        draw_points(ax, X, y, size=7)
        _frame(ax, extent, title)
        cbar = fig.colorbar(im, ax=ax, shrink=0.8, label="P(class 1)")
        cbar.outline.set_visible(False)
        return save_svg(fig)


def accuracy_strip_svg(groups: dict[str, np.ndarray], threshold: float,
                       title: str | None = None) -> Drawn:
    """Final accuracy of every seed, one row per network; the success threshold as a line."""
    with plt.rc_context(RC):
        fig, ax = plt.subplots(figsize=(6.4, 0.9 + 0.75 * len(groups)), dpi=DPI, layout="constrained")
        for row, acc in enumerate(groups.values()):
            ok = acc >= threshold
            jitter = (np.arange(len(acc)) % 7 - 3) * 0.06
            ax.scatter(acc[ok], row + jitter[ok], s=16, c=CLASS_COLORS[0], label="reached" if row == 0 else None)
            ax.scatter(acc[~ok], row + jitter[~ok], s=16, c=CLASS_COLORS[1], marker="x",
                       label="missed" if row == 0 else None)
            ax.text(1.005, row, f"{ok.mean():.0%} of {len(acc)}", va="center", color=INK,
                    transform=ax.get_yaxis_transform())
        ax.axvline(threshold, color=MUTED, linestyle="--", linewidth=1)
        ax.set_yticks(range(len(groups)), list(groups))
        ax.set_ylim(-0.6, len(groups) - 0.4)
        ax.set_xlabel("final training accuracy of each seed")
        ax.legend(loc="lower left", frameon=False, fontsize=9, ncols=2, bbox_to_anchor=(0, 1))
        if title:
            ax.set_title(title, color=INK, loc="right")
        return save_svg(fig)


def png_still(draw) -> Drawn:
    """A scene's still as PNG: ``draw(phone)`` makes its figure for the column (False) and for a
    phone's frame (True, the phone twin); each with its dark twin (``save_png``)."""
    desk, phone = save_png(draw(False)), save_png(draw(True))
    return Drawn(desk.data, "png", desk.width, desk.height,
                 (*desk.twins, ("phone", Drawn(phone.data, "png", phone.width, phone.height)),
                  ("phone.dark", phone.twins[0][1])))


def save_png(fig) -> Drawn:
    """PNG bytes with no timestamp or version text, with the size in px, and the dark twin: the
    figure drawn again with its artists' colours made dark (``_darken``), so that what is
    translucent blends over the dark page as in the dark scene. A scene's still is on screen
    while the scene loads, so it is kept small: 256 colours (a palette PNG is about 40 % of the
    full-colour file, with no visible change for these flat-shaded drawings)."""
    w, h = _size(fig)
    style.mpl_ticks(fig)
    light = _rgba(fig)
    _darken(fig)
    dark = _quantize(_rgba(fig))
    plt.close(fig)
    return Drawn(_png_bytes(_quantize(light)), "png", w, h, (("dark", Drawn(_png_bytes(dark), "png", w, h)),))


GRID_3D_DARK = "#4a4c58"  # scene.js darkLayout: a 3-D scene's grid in the dark scheme


def _dark_rgba(colors, marker: bool = False) -> np.ndarray:
    """(n, 4) RGBA colours in the dark scheme, alpha kept: each through style.dark_rgb, except
    what scene.js gives its own dark colour (stills.OWN_DARK, the 3-D grid); a ``marker``'s (a
    class's points, its legend symbol, a plane) through the swaps scene.js applies to a trace's
    colour (style.plotly_meta: the ink-black class to the dark ink), else kept."""
    from matplotlib.colors import to_hex, to_rgba_array

    from figures.render.stills import OWN_DARK

    own = {**OWN_DARK, GRID_3D: GRID_3D_DARK} if not marker else style.plotly_meta()["dark"]["colors"]
    out = to_rgba_array(colors).copy()
    for c in out:
        if c[3] > 0:
            light = to_hex(c[:3])
            dark = own.get(light) or (light if marker else style.dark_hex(light))
            c[:3] = np.asarray(style.hex_to_rgb(dark)) / 255
    return out


def _darken(fig) -> None:
    """``fig``'s artists in the dark scheme's colours (Plotly's slider excepted, as scene.js leaves
    it), so that what is translucent (a plane, a legend swatch) blends over the dark background as
    it does in the dark scene, where recolouring the light image would blend it over white first."""
    from matplotlib.collections import Collection
    from matplotlib.colors import ListedColormap
    from matplotlib.image import AxesImage
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch
    from matplotlib.text import Text
    from mpl_toolkits.mplot3d import Axes3D
    from mpl_toolkits.mplot3d.art3d import Path3DCollection

    for a in fig.findobj():
        if getattr(a, "mlp_slider", False):
            continue
        marker = getattr(a, "mlp_marker", False) or isinstance(a, Path3DCollection)  # points, legend symbols
        one = lambda c, m=marker: tuple(_dark_rgba([c], m)[0])  # noqa: E731
        if isinstance(a, Text):
            a.set_color(one(a.get_color()))
        elif isinstance(a, Line2D):
            a.set_color(one(a.get_color()))
            a.set_markerfacecolor(one(a.get_markerfacecolor()))
            a.set_markeredgecolor(one(a.get_markeredgecolor()))
        elif isinstance(a, Patch):
            a.set_facecolor(one(a.get_facecolor()))
            a.set_edgecolor(one(a.get_edgecolor()))
        elif isinstance(a, AxesImage):  # its own dark colour map (a probability field), or its map's colours made dark
            cmap = a.get_cmap()
            a.set_cmap(getattr(a, "mlp_dark_cmap", None) or ListedColormap(_dark_rgba(cmap(np.linspace(0, 1, cmap.N)))))
        elif isinstance(a, Collection):
            if a.get_array() is not None:  # colours from a colour map at draw time (contours)
                cmap = a.get_cmap()
                a.set_cmap(ListedColormap(_dark_rgba(cmap(np.linspace(0, 1, cmap.N)))))
            elif hasattr(a, "mlp_dark_facecolors"):  # the artist's own dark colours
                a.set_facecolor(a.mlp_dark_facecolors)
            else:  # the colours as set, in the stored order (3-D collections sort a copy)
                face, edge = Collection.get_facecolor(a), Collection.get_edgecolor(a)
                if len(face):
                    a.set_facecolor(_dark_rgba(face, marker))
                if len(edge):
                    a.set_edgecolor(_dark_rgba(edge, marker))
        if isinstance(a, Axes3D):
            for axis in (a.xaxis, a.yaxis, a.zaxis):
                axis._axinfo["grid"]["color"] = one(axis._axinfo["grid"]["color"])
            a.tick_params(colors=style.DARK_INK)


def _rgba(fig) -> np.ndarray:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", metadata={"Software": None})
    buf.seek(0)
    with Image.open(buf) as im:
        return np.asarray(im.convert("RGBA"))


def _quantize(rgb: np.ndarray):
    return Image.fromarray(np.ascontiguousarray(rgb[..., :3])).quantize(colors=256, method=Image.Quantize.MEDIANCUT,
                                                                       dither=Image.Dither.NONE)


def _png_bytes(im) -> bytes:
    out = io.BytesIO()
    im.save(out, format="PNG", optimize=True)
    return out.getvalue()


def view_angles(eye) -> tuple[float, float]:
    """matplotlib's (elev, azim) in degrees for an eye direction in box coordinates."""
    x, y, z = np.asarray(eye, dtype=float) / np.linalg.norm(eye)
    return float(np.degrees(np.arcsin(z))), float(np.degrees(np.arctan2(y, x)))


FRAME_3D = (style.COLUMN_PX, round(style.COLUMN_PX * 560 / 640))  # a 3-D scene's frame in the column
MARGIN_3D_TOP = 56  # scenes.MARGIN_3D: title and legend above the plot
SLIDER_3D = 66  # scenes.animate: the slider's margin below a plot with frames
# Plotly's scatter3d draws a marker of size s about 1.75 s px across: measured on drawn scenes
# (size 3: 4.8 px at 1x device pixels, 5.0 px at 2x; the still's dots at 2.0 s were 12 % wider)
MARKER_PX_PER_SIZE = 1.75
GRID_3D = "#dddddd"  # scenes.layout3d's gridcolor


def marker_area(size: float) -> float:
    """matplotlib's marker area (pt²) of a Plotly scatter3d marker of ``size``."""
    return (MARKER_PX_PER_SIZE * size * style.PT) ** 2


def _axes_3d(fig, W, H, top, bottom, M, eye_dir):
    """3-D axes over the plot's rectangle that project through the scene's own clip matrix ``M``
    (clip x, y in -1..1 fill the rectangle), with Plotly's look: no panes or axis lines, grey grid."""
    h = H - top - bottom
    ax = fig.add_axes((0, bottom / H, 1, h / H), projection="3d", computed_zorder=False)
    ax.get_proj = lambda: M
    ax.apply_aspect = lambda position=None: None  # mplot3d would make the axes square
    # M projects already; mplot3d's own perspective would clip by its depth sign (GL's is the other)
    ax.set_proj_type("ortho")
    elev, azim = view_angles(eye_dir)
    ax.view_init(elev=elev, azim=azim)  # which edges carry the tick labels
    for axis in (ax.xaxis, ax.yaxis, ax.zaxis):
        axis.set_pane_color((1, 1, 1, 0))
        axis.pane.set_edgecolor((1, 1, 1, 0))
        axis.line.set_color((1, 1, 1, 0))
        axis._axinfo["grid"].update(color=GRID_3D, linewidth=1 * style.PT)
        axis._axinfo["tick"].update(inward_factor=0, outward_factor=0)
    ax.tick_params(labelsize=style.FONT_PX * style.PT, pad=0, colors=INK)
    return ax


def _text_px(fig, text: str, px: float) -> float:
    """Width in px of ``text`` at ``px`` (figure pixels)."""
    t = fig.text(0, 0, text, fontsize=px * PT)
    w = t.get_window_extent(fig.canvas.get_renderer()).width / fig.dpi * DPI
    t.remove()
    return w


def _legend_rows(fig, W, items, px) -> list[list]:
    """Plotly's horizontal legend items in rows as wide as the frame: [(x, item)] per row. An item
    is 40 px (symbol and gaps) and its text wide, 5 px from the next; a legend that does not fit
    one row sets every item as wide as its widest, in columns."""
    widths = [40 + _text_px(fig, item[0], px) for item in items]
    one_row = sum(widths) + 5 * (len(items) - 1) < W
    rows, x = [[]], 0.0
    for item, w in zip(items, widths):
        w = w if one_row else max(widths)
        if x and x + w >= W:
            rows.append([])
            x = 0.0
        rows[-1].append((x, item))
        x += w + 5
    return rows


def dot(fig, W, H, x, y, size, color, edge: str | None = None) -> None:
    """A round marker ``size`` px across at (x, y) px of a W x H px figure (a Circle in figure
    units is an ellipse where W != H), ringed half a px wide in ``edge``."""
    from matplotlib.lines import Line2D

    ring = dict(markeredgecolor=edge, markeredgewidth=0.5 * PT) if edge else {}
    mark = fig.add_artist(Line2D([x / W], [1 - y / H], transform=fig.transFigure, marker="o", markersize=size * PT,
                                 color=color, linestyle="none", **ring))
    mark.mlp_marker = True  # _darken: a class's colour


def _legend_3d(fig, W, H, top, items, px: float = style.FONT_PX) -> None:
    """Plotly's horizontal legend ending on the plot's top edge: (name, colour, "circle" | "square")."""
    from matplotlib.patches import Rectangle

    rows = _legend_rows(fig, W, items, px)
    for r, row in enumerate(rows):
        y = top - 14 - LEGEND_ROW * (len(rows) - 1 - r)
        for x, (name, color, shape) in row:  # Plotly's items: the symbol 20 px in, the text 41
            cx = x + 20
            if shape == "square":
                square = fig.add_artist(Rectangle(((cx - 6) / W, 1 - (y + 6) / H), 12 / W, 12 / H,
                                                  transform=fig.transFigure, color=color, alpha=0.5, linewidth=0))
                square.mlp_marker = True
            else:
                dot(fig, W, H, cx, y, 12, color)
            fig.text((x + 41) / W, 1 - y / H, name, fontsize=px * PT, color=INK, va="center")


# A phone (scene.js, the scene page's script below 480 px): smaller lettering, three ticks a side,
# a Rotate toggle in the toolbar; the eye as close as lets the whole box (and so its labels) in.
PHONE_3D = dict(font=10, title=12, legend=10, ticks=10)  # the scene page's phone relayout (scenes.py)
PHONE_FIT = 0.62  # scene.js PHONE_FIT: the box's corners within 62 % of the frame's half-sizes (room for the titles)
LEGEND_ROW = 19  # px between rows of a wrapped legend
TOOLBAR_PX, ROTATE_PX, TOOLBAR_BOTTOM = 116, 68, 40  # scene.js


def _phone_title(fig, title: str, W: int) -> str:
    """scene.js's fitTitle: a title wider than its room breaks at the space nearest its middle,
    or, where a half is still too wide, into as many lines as it needs."""
    room = W - 16 - TOOLBAR_PX - ROTATE_PX

    def width(text: str) -> float:
        return _text_px(fig, text, PHONE_3D["title"])

    if " " not in title or "\n" in title or width(title) <= room:
        return title
    mid = len(title) / 2
    at = min((i for i, ch in enumerate(title) if ch == " "), key=lambda i: abs(i - mid))
    halves = [title[:at], title[at + 1:]]
    if all(width(h) <= room for h in halves):
        return "\n".join(halves)
    lines = [""]
    for word in title.split(" "):
        longer = f"{lines[-1]} {word}" if lines[-1] else word
        if lines[-1] and width(longer) > room:
            lines.append(word)
        else:
            lines[-1] = longer
    return "\n".join(lines)


def _phone_top(fig, title: str, legend, W: int) -> int:
    """The plot's top margin on a phone after scene.js's fitTitle and fitLegend: the title
    (moved 4 px from the top) is 7/6 of its size high, and 1.3 times more for each further line."""
    top = MARGIN_3D_TOP + round(PHONE_3D["title"] * 1.3) * title.count("\n")
    title_bottom = 4 + PHONE_3D["title"] * (7 / 6 + 1.3 * title.count("\n"))
    return _legend_top(fig, top, legend, W, PHONE_3D["legend"], TOOLBAR_PX + ROTATE_PX, title_bottom)


def _legend_top(fig, top: int, legend, W: int, px: float, toolbar: int, title_bottom: float | None = None) -> int:
    """The plot's top margin after scene.js's fitLegend: a legend (its lettering ``px``; 10 px
    and 19 a row high, ending 2 px above the plot) that the title (its bottom ``title_bottom``)
    or the toolbar (``toolbar`` px wide) would overprint goes 4 px below them."""
    rows = _legend_rows(fig, W, legend, px)
    x, last = rows[0][-1]
    width = x + 45 + _text_px(fig, last[0], px)  # as wide as its items: to its last one's gap
    high = 10 + LEGEND_ROW * len(rows)
    low = 0.0
    if title_bottom is not None and title_bottom + 4 > top - 2 - high:
        low = title_bottom + 4
    if len(rows) > 1 or width > W - toolbar:
        low = max(low, TOOLBAR_BOTTOM)
    return max(top, math.ceil(low + high)) if low else top


def still_3d(axis_titles, title: str | None, draw, box, camera: dict, points, legend, step: str | None = None,
             aspect=ASPECT_3D, ticks=(None, None, None), slider: tuple[str, float] = ("training step ", 1.0),
             legend_px: float = style.FONT_PX, steps: Sequence[str] = ()) -> Drawn:
    """A 3-D still as the scene first shows itself: ``draw(ax)`` fills axes that project through
    the scene's own camera (moved as scene.js moves it: back until ``points`` are in; on a phone,
    as close as lets the box in), box ``box`` (3, 2) of ``aspect``, ticks as scene.js's ticks3d
    (``ticks[i]``: (values, texts) of the figure's own); title, ``legend`` items and the slider at
    ``step`` (``slider``: its prefix, and where its grip is, 0..1; ``steps``: all its steps' labels,
    which space its ticks), at 2x device pixels; with its
    phone twin (drawn for the frame a phone gives it: the box's shape) and the dark twins of both."""
    args = (axis_titles, title or "", draw, np.asarray(box, float), camera, points, legend, step, aspect, ticks, slider,
            legend_px, steps)
    return png_still(lambda phone: _figure_3d(*args, phone=phone))


def _figure_3d(axis_titles, title, draw, box, camera, points, legend, step, aspect, ticks, slider,
               legend_px: float = style.FONT_PX, steps: Sequence[str] = (), *, phone: bool):
    """The figure of ``still_3d``, as a 1280 px screen or a phone shows the scene."""
    from figures.render import camera3d, stills  # stills draws with this module

    bottom = SLIDER_3D if step is not None else 0
    names = camera3d.phone_axis_titles(title, axis_titles) if phone else axis_titles
    with plt.rc_context(RC):
        fig = plt.figure(dpi=2 * DPI)
        if phone:
            W = style.PHONE_PX
            title = _phone_title(fig, title, W)
            top = _phone_top(fig, title, legend, W)
            corners = np.array([[box[a][(i >> a) & 1] for a in range(3)] for i in range(8)])
            fit = dict(exact=True, fit=PHONE_FIT)
            square = camera3d.fit_camera(camera, corners, box, aspect, (W, W), **fit)
            rx, ry = camera3d.reach(camera3d.clip_matrix(box, aspect, square, (W, W)), corners)
            plot = (W, round(W * min(1.3, max(0.6, ry / rx))))
            camera = camera3d.fit_camera(camera, corners, box, aspect, plot, **fit)
            # label_pad: how far an axis title stands off its edge (pt): on a phone's smaller box
            # Plotly writes them further out than mplot3d's 4 (over the tick labels; 14 measured
            # closest to the scenes)
            sizes = dict(tick=PHONE_3D["ticks"], label=PHONE_3D["font"] * 1.2, legend=PHONE_3D["legend"],
                         title=PHONE_3D["title"], label_pad=14)
        else:
            W = FRAME_3D[0]
            top = _legend_top(fig, MARGIN_3D_TOP, legend, W, legend_px, TOOLBAR_PX)
            plot = (W, FRAME_3D[1] - top - bottom)
            camera = camera3d.fit_camera(camera, points, box, aspect, plot)
            sizes = dict(tick=style.FONT_PX, label=style.TITLE_PX, legend=legend_px, title=style.TITLE_PX, label_pad=4)
        H = top + plot[1] + bottom
        fig.set_size_inches(W / DPI, H / DPI)
        M = camera3d.clip_matrix(box, aspect, camera, plot)
        eye = np.array([camera["eye"][k] - camera["center"][k] for k in "xyz"])
        scale = np.asarray(aspect, float) / np.ptp(box, axis=1)
        ax = _axes_3d(fig, W, H, top, bottom, M, eye / scale)
        ax.tick_params(labelsize=sizes["tick"] * PT)
        # where the eye is, in data units (camera3d.model inverted): draw() may need what is behind what
        ax.mlp_eye = box.mean(1) + np.array([camera["eye"][k] for k in "xyz"]) / scale
        draw(ax)
        for set_lim, r in zip((ax.set_xlim, ax.set_ylim, ax.set_zlim), box):
            set_lim(*r)
        shown = camera3d.ticks3d(box, phone=phone, given=[t[0] if t else None for t in ticks])
        for axis, vals, t in zip((ax.xaxis, ax.yaxis, ax.zaxis), shown, ticks):
            axis.set_ticks(vals)
            if t:
                axis.set_ticklabels([dict(zip(*t))[v] for v in vals])
        for set_label, text in zip((ax.set_xlabel, ax.set_ylabel, ax.set_zlabel), names):
            set_label(text, fontsize=sizes["label"] * PT, labelpad=sizes["label_pad"])  # Plotly: 1.2 x font.size
        eye_box = np.array([camera["eye"][k] for k in "xyz"])
        for axis, edge in zip((ax.xaxis, ax.yaxis, ax.zaxis), camera3d.label_edges(M, box, aspect, eye_box)):
            # each axis's ticks and title on the edge Plotly writes them on (mplot3d picks its own)
            axis._get_all_axis_line_edge_points = lambda *_, e=edge: ([e[0]], [e[1]], ["default"])
        ax.viewLim.intervalx = ax.viewLim.intervaly = (-1, 1)  # clip space fills the rectangle
        _legend_3d(fig, W, H, top, legend, sizes["legend"])
        stills._chrome(fig, W, H, dict(l=0, r=0, t=top, b=bottom), title, step, slider[0], legend=False,
                       title_px=sizes["title"], rotate=phone, rail=29 if phone else 32, at=slider[1], labels=steps,
                       play_px=PHONE_3D["font"] if phone else style.FONT_PX, play_small=phone, margin_title=True)
        return fig


def _class_legend(plane=None) -> list[tuple[str, str, str]]:
    items = [(CLASS_NAMES[k], CLASS_COLORS[k], "circle") for k in (0, 1)]
    return items + ([(plane.name, plane.color, "square")] if plane is not None else [])


# Plotly lights a mesh: a plane seen at the scenes' angles shows 0.80 of its colour (measured on
# drawn scenes, grey and green planes, light and dark), before its opacity blends it
MESH_LIGHT = 0.8


def points3d_png(cloud: Cloud, start: int = -1, plane=None, prefix: str = "training step ") -> Drawn:
    """A still of ``scenes.points3d`` (or ``scenes3d.points3d_planes`` opening on frame ``start``
    with ``plane``, its slider's ``prefix``) as it opens, with its plane (points drawn below it
    first, so the plane hides what it should)."""
    from mpl_toolkits.mplot3d.art3d import Poly3DCollection

    from figures.render import camera3d, scenes

    P, y = cloud.frames[start], cloud.y
    box = box_ranges(cloud.frames)
    plane = plane if plane is not None else cloud.plane
    corners = plane.corners if plane is not None and len(plane.corners) >= 3 else np.empty((0, 3))
    corners = camera3d.clip_to_box(corners, box) if len(corners) else corners
    if len(corners) < 3:
        corners = np.empty((0, 3))
    size = 3.0  # scenes._points3d

    def draw(ax) -> None:
        normal = np.cross(corners[1] - corners[0], corners[2] - corners[0]) if len(corners) else None
        # the points on the far side of the plane from the eye first, so the translucent plane
        # veils them as it does in the scene (WebGL's depth test), then the plane, then the rest
        behind = ((P - corners[0]) @ normal) * ((ax.mlp_eye - corners[0]) @ normal) < 0 if normal is not None else None
        for part in ((behind,) if behind is None else (behind, ~behind)):
            for k in (0, 1):
                sel = (y == k) if part is None else (y == k) & part
                ax.scatter(*P[sel].T, s=marker_area(size), c=CLASS_COLORS[k], depthshade=False, linewidths=0)
            if len(corners) and part is behind:
                lit = np.asarray(matplotlib.colors.to_rgb(plane.color)) * MESH_LIGHT
                sheet = ax.add_collection3d(Poly3DCollection([corners], facecolor=lit, alpha=plane.opacity,
                                                             edgecolor="none"))
                sheet.mlp_marker = True  # _darken: the scene keeps a plane's colour in the dark

    n = len(cloud.frames)
    step = cloud.steps[start] if n > 1 else None
    return still_3d(cloud.axis_titles, cloud.titles[start], draw, box, scenes.camera(box, cloud.view),
                    P, _class_legend(plane), step, slider=(prefix, (start % n) / max(1, n - 1)), steps=cloud.steps)


def _lit(P: np.ndarray, gx: np.ndarray, gy: np.ndarray, box: np.ndarray, cmap=PROB_CMAP) -> np.ndarray:
    """Each facet's colour (its corners' mean on PROB_CMAP: the GPU blends a facet's corner colours,
    matplotlib fills a facet with one colour), darker the steeper the facet is in the drawn box
    (Plotly's lighting, as measured on its screenshots: a wall reads darker than the flat top and floor)."""
    scale = np.asarray(ASPECT_3D, float) / np.ptp(box, axis=1)
    mean = (P[:-1, :-1] + P[1:, :-1] + P[:-1, 1:] + P[1:, 1:]) / 4
    dz_dx = (P[:-1, 1:] + P[1:, 1:] - P[:-1, :-1] - P[1:, :-1]) / 2 * scale[2] / (np.diff(gx[0])[None, :] * scale[0])
    dz_dy = (P[1:, :-1] + P[1:, 1:] - P[:-1, :-1] - P[:-1, 1:]) / 2 * scale[2] / (np.diff(gy[:, 0])[:, None] * scale[1])
    up = 1 / np.sqrt(1 + dz_dx**2 + dz_dy**2)  # |n · z| of the facet's unit normal
    rgba = np.ones((*P.shape, 4))
    rgba[:-1, :-1] = cmap(np.clip(mean, 0, 1))
    rgba[:-1, :-1, :3] = np.minimum(1, rgba[:-1, :-1, :3] * (0.75 + 0.33 * up)[..., None])
    return rgba


SURFACE_SPLIT = 4


def _refine(a: np.ndarray, k: int) -> np.ndarray:
    """A grid of values with k - 1 linearly interpolated rows and columns between each two."""
    for axis in (0, 1):
        n = a.shape[axis]
        t = np.linspace(0, n - 1, (n - 1) * k + 1)
        i = np.minimum(t.astype(int), n - 2)
        w = (t - i).reshape((-1, 1) if axis == 0 else (1, -1))
        lo, hi = np.take(a, i, axis), np.take(a, i + 1, axis)
        a = lo + (hi - lo) * w
    return a


def surface_png(field: ProbabilityField) -> Drawn:
    """A still of the last frame's surface P(class 1) over the input plane, points lifted onto it."""
    P, extent, X, y, p_points = field.probs[-1], field.extent, field.X, field.y, field.point_probs[-1]

    def draw(ax) -> None:
        # each cell cut into SURFACE_SPLIT² facets of the linearly interpolated surface: the GPU
        # shades a cell with a gradient between its corners' colours, matplotlib a facet with one
        # colour (a steep wall drawn cell by cell came out as flat stripes)
        Pf = _refine(P, SURFACE_SPLIT)
        gx, gy = np.meshgrid(np.linspace(extent[0], extent[1], Pf.shape[1]),
                             np.linspace(extent[2], extent[3], Pf.shape[0]))
        # opaque, lit as Plotly lights it (a steep wall darker than the flat top and floor; matplotlib's
        # translucent facets would show as stripes where the wall folds over itself)
        surf = ax.plot_surface(gx, gy, Pf, facecolors=_lit(Pf, gx, gy, box), linewidth=0, rstride=1, cstride=1,
                               shade=False, antialiased=False)
        # the dark scene lights its dark colour scale: light the dark scale (not darken the lit light one)
        surf.mlp_dark_facecolors = _lit(Pf, gx, gy, box, PROB_CMAP_DARK)[:-1, :-1].reshape(-1, 4)
        if P.min() < 0.5 < P.max():  # the decision boundary, drawn on the surface as the scene draws it
            ax.contour(gx[::SURFACE_SPLIT, ::SURFACE_SPLIT], gy[::SURFACE_SPLIT, ::SURFACE_SPLIT], P, levels=[0.5],
                       colors=INK, linewidths=1 * PT)
        for k in (0, 1):  # scenes.surface_slider: markers of size 2.5
            ax.scatter(X[y == k, 0], X[y == k, 1], p_points[y == k], s=marker_area(2.5), c=CLASS_COLORS[k],
                       depthshade=False, linewidths=0)

    from figures.render import scenes

    box = np.array([extent[:2], extent[2:], [-5 / 255, 260 / 255]], dtype=float)  # the scene's z range
    step = field.steps[-1] if len(field.probs) > 1 and field.steps else None
    u8 = scenes.U8_TICKS
    ticks = (None, None, ([v / 255 for v in u8["tickvals"]], u8["ticktext"]))
    lifted = np.c_[X, p_points]
    return still_3d(("x₁", "x₂", "P(class 1)"), field.title, draw, box, scenes.camera(box), lifted, _class_legend(),
                    step, ticks=ticks, steps=field.steps if step is not None else ())
