"""Static SVG figures with matplotlib: points and lines as vectors, heatmaps rasterised inside."""

from __future__ import annotations

import io
import re

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from matplotlib.colors import LinearSegmentedColormap  # noqa: E402
from PIL import Image  # noqa: E402

from figures.render import Drawn, style  # noqa: E402
from figures.render.kinds import Cloud, ProbabilityField, box_ranges, line_segment  # noqa: E402
from figures.render.style import ASPECT_3D, CLASS_COLORS, CLASS_NAMES, DPI, EYE_3D, INK, MPL_RC, MUTED, PROB_STOPS  # noqa: E402

PROB_CMAP = LinearSegmentedColormap.from_list("prob", list(PROB_STOPS))
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
    fig.canvas.draw()  # tick labels exist once drawn
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
        lines = t.get_text().split("\n")
        widest = max(range(len(lines)), key=lambda i: len(lines[i]))
        if t.get_window_extent(renderer).width <= ax_w + 1 or "$" in t.get_text():
            continue
        broken = _break_line(lines[widest])
        if broken:
            lines[widest] = broken
            t.set_text("\n".join(lines))
            changed = True
    return changed


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
        lines = t.get_text().split("\n")
        widest = max(range(len(lines)), key=lambda i: len(lines[i]))
        broken = _break_line(lines[widest])
        if broken:
            lines[widest] = broken
            t.set_text("\n".join(lines))
            changed = True
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
        fig.canvas.draw()
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


def save_png(fig) -> Drawn:
    """PNG bytes with no timestamp or version text, with the size in px. A scene's still is on
    screen while the scene loads, so it is kept small: 256 colours (a palette PNG is about 40 %
    of the full-colour file, with no visible change for these flat-shaded drawings)."""
    w, h = _size(fig)
    style.mpl_ticks(fig)
    buf = io.BytesIO()
    fig.savefig(buf, format="png", metadata={"Software": None})
    plt.close(fig)
    buf.seek(0)
    with Image.open(buf) as im:
        small = im.convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    dark = small.copy()  # the dark scheme's twin: the same image, its palette through style.dark_rgb
    pal = np.asarray(small.getpalette()[:768], np.uint8).reshape(-1, 3)
    dark.putpalette(style.dark_pixels(pal).ravel().tolist())
    return Drawn(_png_bytes(small), "png", w, h, (("dark", Drawn(_png_bytes(dark), "png", w, h)),))


def _png_bytes(im) -> bytes:
    out = io.BytesIO()
    im.save(out, format="PNG", optimize=True)
    return out.getvalue()


def view_angles(eye) -> tuple[float, float]:
    """matplotlib's (elev, azim) in degrees for an eye direction in box coordinates."""
    x, y, z = np.asarray(eye, dtype=float) / np.linalg.norm(eye)
    return float(np.degrees(np.arcsin(z))), float(np.degrees(np.arctan2(y, x)))


CENTER_3D_Z = -0.22  # the scene camera's centre, below the box's middle (scenes.camera)


def _still_3d(axis_titles, title: str | None, elev: float, azim: float, draw, box=None,
              step: str | None = None) -> Drawn:
    """A 3-D still as the scene opens: ``draw(ax)`` fills the axes; labels, view, title (top left)
    and legend (below it) as the scene's, in perspective, at 2x device pixels and the column's width.
    ``box`` (3, 2): axis ranges drawn in the scenes' proportions, so a view means the same."""
    W = style.COLUMN_PX
    H = round(W * 560 / 640)  # the 3-D scenes' frame (scenes.WIDTH x HEIGHT)
    with plt.rc_context(RC):
        fig = plt.figure(figsize=(W / DPI, H / DPI), dpi=2 * DPI)
        ax = fig.add_axes((0.04, 0.1, 0.92, 0.8), projection="3d", computed_zorder=False)
        legend = draw(ax)
        for set_label, text in zip((ax.set_xlabel, ax.set_ylabel, ax.set_zlabel), axis_titles):
            set_label(text)
        if box is not None:
            for set_lim, r in zip((ax.set_xlim, ax.set_ylim, ax.set_zlim), box):
                set_lim(*r)
        ax.set_box_aspect(ASPECT_3D, zoom=1.0)
        ax.set_proj_type("persp", focal_length=1 / np.tan(np.radians(45 / 2)))  # the scene's 45° field of view
        ax.view_init(elev=elev, azim=azim)
        from figures.render import stills  # stills draws with this module

        stills._chrome(fig, W, H, dict(l=0, r=0, t=56, b=66), title or "", step, "training step ", legend)
        return save_png(fig)


def _eye_angles(eye) -> tuple[float, float]:
    """(elev, azim) of the scene's view: from its eye toward its camera centre."""
    return view_angles(np.asarray(eye, float) - np.array([0, 0, CENTER_3D_Z / 2]))


def points3d_png(cloud: Cloud, marker: float = 5, title: str | None = None) -> Drawn:
    """A still of the last frame of a 3-D layer scene (where JavaScript does not run), with
    its plane if it has one (points drawn below it first, so the plane hides what it should);
    titled ``title``, or the last frame's title."""
    from mpl_toolkits.mplot3d.art3d import Poly3DCollection

    P, y = cloud.frames[-1], cloud.y
    plane = cloud.plane.corners if cloud.plane is not None and cloud.plane.in_still else np.empty((0, 3))

    def draw(ax) -> bool:
        below = (P - P.mean(0)) @ np.cross(plane[1] - plane[0], plane[2] - plane[0]) < 0 if len(plane) >= 3 else None
        for part in ((below,) if below is None else (below, ~below)):
            for k in (0, 1):
                sel = (y == k) if part is None else (y == k) & part
                ax.scatter(*P[sel].T, s=marker, c=CLASS_COLORS[k], depthshade=False,
                           label=CLASS_NAMES[k] if part is None or part is below else None)
            if len(plane) >= 3 and part is below:
                ax.add_collection3d(Poly3DCollection([plane], facecolor=cloud.plane.color, alpha=0.3,
                                                     edgecolor=cloud.plane.color))
        return True

    box = box_ranges(cloud.frames)
    eye = cloud.view.eye(box, ASPECT_3D, EYE_3D) if cloud.view is not None else EYE_3D
    step = cloud.steps[-1] if len(cloud.frames) > 1 else None
    return _still_3d(cloud.axis_titles, title or cloud.title, *_eye_angles(np.asarray(eye) * np.linalg.norm(EYE_3D)),
                     draw, box, step)


def surface_png(field: ProbabilityField) -> Drawn:
    """A still of the last frame's surface P(class 1) over the input plane, points lifted onto it."""
    P, extent, X, y, p_points = field.probs[-1], field.extent, field.X, field.y, field.point_probs[-1]

    def draw(ax) -> bool:
        gx, gy = np.meshgrid(np.linspace(extent[0], extent[1], P.shape[1]),
                             np.linspace(extent[2], extent[3], P.shape[0]))
        ax.plot_surface(gx, gy, P, cmap=PROB_CMAP, vmin=0, vmax=1, alpha=0.8, linewidth=0, rstride=1, cstride=1)
        if P.min() < 0.5 < P.max():  # the decision boundary, drawn on the surface as the scene draws it
            ax.contour(gx, gy, P, levels=[0.5], colors=INK, linewidths=1.6)
        for k in (0, 1):
            ax.scatter(X[y == k, 0], X[y == k, 1], p_points[y == k], s=4, c=CLASS_COLORS[k],
                       depthshade=False, label=CLASS_NAMES[k])
        return True

    box = np.array([extent[:2], extent[2:], [-5 / 255, 260 / 255]], dtype=float)  # the scene's z range
    step = field.steps[-1] if len(field.probs) > 1 and field.steps else None
    return _still_3d(("$x_1$", "$x_2$", "P(class 1)"), field.title, *_eye_angles(EYE_3D), draw, box, step)
