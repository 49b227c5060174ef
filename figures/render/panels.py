"""A grid of small panels over the input plane, one per unit (each hidden neuron and the whole
network), all moved by one training slider: Plotly scene, SVG still, GIF.

Each panel shows where a value over the plane is positive (a neuron's pre-activation, or the
network's output logit) as a tinted region with its zero line, and the data on top.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from figures.render import Drawn, gif, scenes, svg
from figures.render.style import CLASS_COLORS, CLASS_NAMES, INK, MUTED, dark_hex, hex_to_rgb, plotly_layout, plotly_meta

NEURON_TINT = ("#ffffff", "#cfe8dc")  # negative, positive pre-activation (a light bluish green)
NET_TINT = ("#cde3f2", "#f6d5c0")  # the network's class-0 and class-1 regions
SCALE = 127  # values are sent as int8: what is drawn is their sign and zero line


@dataclass(frozen=True)
class Panels:
    """``values[f][k]`` is panel k's grid (rows from ymin) at frame f; ``is_net[k]`` marks the
    network's own panel (class colours) among the neurons' panels (positive region tinted)."""

    values: Sequence[Sequence[np.ndarray]]
    extent: tuple[float, float, float, float]
    X: np.ndarray
    y: np.ndarray
    names: Sequence[str]
    is_net: Sequence[bool]
    ncols: int
    titles: Sequence[str]
    steps: Sequence[str]
    groups: Sequence[int] | None = None  # panel k shows the points of group groups[k] ...
    group_points: Sequence[int] | None = None  # ... where X holds each group's points in turn, this many

    def __post_init__(self):
        shape = np.shape(self.values[0][0])
        if any(np.shape(v) != shape for f in self.values for v in f):
            raise ValueError("every panel of every frame needs the same grid shape")
        if any(len(f) != len(self.names) for f in self.values) or len(self.is_net) != len(self.names):
            raise ValueError("one value grid and one name per panel")
        if len(self.titles) != len(self.values) or len(self.steps) != len(self.values):
            raise ValueError("one title and one step label per frame")

    def points(self, k: int) -> tuple[np.ndarray, np.ndarray]:
        """The points drawn on panel k: all of X, or its group's share."""
        if self.groups is None:
            return np.asarray(self.X), np.asarray(self.y)
        start = int(np.sum(self.group_points[:self.groups[k]]))
        rows = slice(start, start + self.group_points[self.groups[k]])
        return np.asarray(self.X)[rows], np.asarray(self.y)[rows]

    @property
    def rows(self) -> int:
        return -(-len(self.names) // self.ncols)


def _int8(panels: Panels, k: int) -> list[np.ndarray]:
    """Panel k's frames as int8, each scaled by its own largest magnitude: the sign is exact and
    the zero line moves by under 1/127 of the value's range, a small part of a grid cell."""
    out = []
    for f in panels.values:
        v = np.asarray(f[k], float)
        out.append(np.round(v / (np.abs(v).max() or 1.0) * SCALE).astype(np.int8))
    return out


def _stops(tint) -> tuple:
    return (0, tint[0]), (0.5, tint[0]), (0.5, tint[1]), (1, tint[1])


def _scale(tint) -> list[list]:
    return [list(s) for s in _stops(tint)]


def slider(panels: Panels, width: int = 720, height: int | None = None) -> Drawn:
    """The panels as one Plotly scene whose epoch slider moves every panel at once."""
    e = panels.extent
    gx = np.linspace(e[0], e[1], np.shape(panels.values[0][0])[1]).astype(np.float32)
    gy = np.linspace(e[2], e[3], np.shape(panels.values[0][0])[0]).astype(np.float32)
    fig = make_subplots(panels.rows, panels.ncols, subplot_titles=list(panels.names),
                        horizontal_spacing=0.03, vertical_spacing=0.1 / panels.rows)
    zs = [_int8(panels, k) for k in range(len(panels.names))]
    for k, net in enumerate(panels.is_net):
        r, c = divmod(k, panels.ncols)
        fig.add_trace(go.Contour(x=gx, y=gy, z=zs[k][-1], zmin=-SCALE, zmax=SCALE,
                                 colorscale=_scale(NET_TINT if net else NEURON_TINT),
                                 contours=dict(coloring="heatmap", start=0, end=0, size=1),
                                 line=dict(color=INK, width=1.5), showscale=False, hoverinfo="skip"), r + 1, c + 1)
    for k in range(len(panels.names)):
        r, c = divmod(k, panels.ncols)
        X, y = panels.points(k)
        X = X.astype(np.float32)
        for cls in (0, 1):
            fig.add_trace(go.Scatter(x=X[y == cls, 0], y=X[y == cls, 1], mode="markers", name=CLASS_NAMES[cls],
                                     showlegend=False, hoverinfo="skip",
                                     marker=dict(size=3.5, color=CLASS_COLORS[cls], line=dict(width=0))), r + 1, c + 1)
    # meta.panels: scene.js re-lays the panels in as many columns as make them largest in the frame
    layout = plotly_layout(panels.titles[-1], dict(l=8, r=8, t=64, b=8))
    # scene.js: lay the panels out; in the dark scheme, the tints' dark twins (as the SVG still's)
    dark = [(_stops(t), _stops(tuple(dark_hex(c) for c in t))) for t in (NEURON_TINT, NET_TINT)]
    fig.update_layout(**layout | dict(meta=plotly_meta(scales=dark, panels=True)))
    axis = dict(showticklabels=False, ticks="", showgrid=False, zeroline=False, linecolor=MUTED, mirror=True)
    fig.update_xaxes(range=e[:2], **axis)
    fig.update_yaxes(range=e[2:], **axis)
    for k in range(len(panels.names)):  # square panels: each y axis follows its own x axis
        fig.update_yaxes(scaleanchor=f"x{k + 1 if k else ''}", constrain="domain", row=k // panels.ncols + 1,
                         col=k % panels.ncols + 1)
    fig.update_annotations(font=dict(size=11))  # colour from the layout: scene.js restyles it when dark
    n = len(panels.names)
    frames = [go.Frame(name=str(i), data=[go.Contour(z=zs[k][i]) for k in range(n)], traces=list(range(n)),
                      layout=dict(title=dict(text=t))) for i, t in enumerate(panels.titles)]
    scenes.animate(fig, frames, panels.steps, "epoch ", gap=30)
    return scenes.drawn(fig, panels.titles[-1], *_scene_size(panels, width, height))


def _figure(panels: Panels, frame: int, inches: float):
    import matplotlib.pyplot as plt
    from matplotlib.colors import ListedColormap

    e = panels.extent
    fig, axes = plt.subplots(panels.rows, panels.ncols, figsize=(inches * panels.ncols, inches * panels.rows + 0.5),
                             dpi=svg.DPI, squeeze=False, layout="constrained")
    for k, ax in enumerate(axes.ravel()):
        if k >= len(panels.names):
            ax.axis("off")
            continue
        v = np.asarray(panels.values[frame][k], float)
        tint = NET_TINT if panels.is_net[k] else NEURON_TINT
        ax.imshow(v > 0, origin="lower", extent=e, cmap=ListedColormap(tint), vmin=0, vmax=1,
                  interpolation="nearest", rasterized=True)
        if v.min() < 0 < v.max():
            ax.contour(np.linspace(e[0], e[1], v.shape[1]), np.linspace(e[2], e[3], v.shape[0]), v, levels=[0],
                       colors=INK, linewidths=1.1)
        svg.draw_points(ax, *panels.points(k), size=4)
        ax.set_xlim(e[0], e[1])
        ax.set_ylim(e[2], e[3])
        ax.set_aspect("equal")
        ax.set_xticks([])
        ax.set_yticks([])
        ax.set_title(panels.names[k], fontsize=10, color=INK)
    fig.suptitle(panels.titles[frame], fontsize=11, color=INK)
    return fig


def still_svg(panels: Panels, inches: float = 2.0, scene: bool = False) -> Drawn:
    """The last frame as an SVG panel grid (regions rasterised, lines and points vectors); for a
    ``scene`` (``slider``), its first frame as the scene draws it (``first_frame``)."""
    import matplotlib.pyplot as plt

    if scene:
        return first_frame(panels)
    with plt.rc_context(svg.RC):
        return svg.save_svg(_figure(panels, len(panels.values) - 1, inches))


def _scene_size(panels: Panels, width: int = 720, height: int | None = None) -> tuple[int, int]:
    return width, height or int(width / panels.ncols * panels.rows + 150)


# The scene's plot area (``slider``'s margins; the slider below pushes the bottom one up, as
# Plotly draws it on a desktop and on a phone, with its smaller lettering)
TOP, SIDE, BOTTOM, PHONE_BOTTOM = 64, 8, 104, 101


def _cells(n: int, W: float, H: float) -> tuple[int, list[tuple[float, float, float, float]]]:
    """scene.js regrid: as many columns as make the panels largest; each panel's (x, y, w, h) in
    px of a plot area W x H."""
    best, cols = 0.0, 1
    for c in range(1, n + 1):
        size = min(W / c, H / -(-n // c))
        if size > best + 0.5:
            best, cols = size, c
    rows = -(-n // cols)
    gx, gy = 0.03, 0.16 / rows
    w, h = (1 - gx * (cols - 1)) / cols, (1 - gy * (rows - 1)) / rows
    return best, [((i % cols) * (w + gx) * W, (i // cols) * (h + gy) * H, w * W, h * H) for i in range(n)]


def _frame_figure(panels: Panels, W: int, H: int, phone: bool):
    import matplotlib.pyplot as plt
    from matplotlib.colors import ListedColormap
    from matplotlib.patches import Rectangle

    from figures.render import stills

    font, title_px = (stills.PHONE_FONT_PX, stills.PHONE_TITLE_PX) if phone else (12, 14)
    m = dict(t=TOP, l=SIDE, r=SIDE, b=PHONE_BOTTOM if phone else BOTTOM)
    title = stills.fit_title(panels.titles[-1], W - 16 - stills.TOOLBAR, title_px, m)
    top, bottom = m["t"], m["b"]
    if phone:  # the frame cut to a square plot's height
        H = stills.fit_frame(m, W, H, 0)
    fig = plt.figure(figsize=(W / 100, H / 100), dpi=100)
    e, f = panels.extent, len(panels.values) - 1
    _, cells = _cells(len(panels.names), W - 2 * SIDE, H - top - bottom)
    sx, sy = e[1] - e[0], e[3] - e[2]
    for k, (x, y, w, h) in enumerate(cells):
        # the cell's frame, and the data in it at equal units, centred (scaleanchor, constrain="domain")
        fig.add_artist(Rectangle(((SIDE + x) / W, 1 - (top + y + h) / H), w / W, h / H, transform=fig.transFigure,
                                 facecolor="none", edgecolor=MUTED, linewidth=1 * stills.PT, zorder=3))
        dw = min(w, h * sx / sy)
        dh = dw * sy / sx
        ax = stills._px_axes(fig, W, H, SIDE + x + (w - dw) / 2, top + y + (h - dh) / 2, dw, dh)
        ax.set_axis_off()
        v = np.asarray(panels.values[f][k], float)
        tint = NET_TINT if panels.is_net[k] else NEURON_TINT
        ax.imshow(v > 0, origin="lower", extent=e, cmap=ListedColormap(tint), vmin=0, vmax=1,
                  interpolation="nearest", aspect="auto", rasterized=True)
        if v.min() < 0 < v.max():
            ax.contour(np.linspace(e[0], e[1], v.shape[1]), np.linspace(e[2], e[3], v.shape[0]), v, levels=[0],
                       colors=INK, linewidths=1.5 * stills.PT)
        X, yy = panels.points(k)
        for cls in (0, 1):
            ax.plot(*np.asarray(X)[yy == cls].T, "o", color=CLASS_COLORS[cls], markersize=3.5 * stills.PT,
                    markeredgewidth=0)
        ax.set_xlim(e[0], e[1])
        ax.set_ylim(e[2], e[3])
        size = 10 if phone else 11  # scene.js regrid's panel titles
        stills._text(fig, W, H, SIDE + x + w / 2, top + y - 0.7 * size - 1, panels.names[k], size, ha="center")
    stills._chrome(fig, W, H, dict(l=SIDE, r=SIDE), title, panels.steps[-1], "epoch ", legend=False, font=font,
                   title_px=title_px, labels=panels.steps, rail=37 if phone else 41)
    return fig


def first_frame(panels: Panels) -> Drawn:
    """The scene's first frame (the last epoch), drawn as ``slider``'s page lays it out in the
    column (688 px) and, as its phone twin, in a 390 px phone's frame: title, panels in the
    columns scene.js picks, their titles, zoom buttons, play button and slider; SVG, with the dark
    scheme's twins."""
    from figures.render import stills

    return stills.svg_still(lambda W, H, phone: _frame_figure(panels, W, H, phone), _scene_size(panels),
                            rc={"axes.spines.top": True, "axes.spines.right": True})


# Palette entries of the GIF beyond the ones gif.py uses for points, lines and labels.
_TINTS = {"neuron": (36, 37), "net": (38, 39)}
_PAGE = 40
_HEADER = 26  # px above the panels for the frame's title


def _palette() -> list[int]:
    pal = list(gif.PALETTE)
    for i, c in zip((36, 37, 38, 39, _PAGE), (*NEURON_TINT, *NET_TINT, "#ffffff")):
        pal[3 * i:3 * i + 3] = hex_to_rgb(c)
    return pal


def _panel_image(v: np.ndarray, net: bool, up, stamps, name_patch) -> np.ndarray:
    """One panel as palette indices: tinted sign regions, the zero line, the points, its name."""
    z = up(np.asarray(v, np.float32))
    side = z > 0
    img = np.where(side, _TINTS["net" if net else "neuron"][1], _TINTS["net" if net else "neuron"][0]).astype(np.uint8)
    img[:, :-1][side[:, :-1] != side[:, 1:]] = gif.LINE
    img[:-1, :][side[:-1, :] != side[1:, :]] = gif.LINE
    img.ravel()[stamps[0]] = stamps[1]
    img[[0, -1], :] = gif.BOX_EDGE
    img[:, [0, -1]] = gif.BOX_EDGE
    gif.stamp_label(img, name_patch)
    return img


def animation(panels: Panels, size: int = 170, gap: int = 6, fps: float = 3, hold_last: int = 4) -> Drawn:
    """Every frame of the panel grid as a GIF drawn from arrays (no matplotlib per frame)."""
    rows, cols = panels.rows, panels.ncols
    W, H = cols * size + (cols + 1) * gap, _HEADER + rows * (size + gap)
    up = gif._Upsampler(np.shape(panels.values[0][0]), size)
    stamps = [gif.point_stamps(np.asarray(X, float), y, panels.extent, size)
              for X, y in (panels.points(k) for k in range(len(panels.names)))]
    font = gif.label_font(size + 80)
    names = [gif.label_patch(n, font) for n in panels.names]
    images = []
    for f, title in zip(panels.values, panels.titles):
        img = np.full((H, W), _PAGE, np.uint8)
        gif.stamp_label(img, gif.label_patch(title, gif.label_font(300)))
        for k, v in enumerate(f):
            r, c = divmod(k, cols)
            y0, x0 = _HEADER + r * (size + gap), gap + c * (size + gap)
            img[y0:y0 + size, x0:x0 + size] = _panel_image(v, panels.is_net[k], up, stamps[k], names[k])
        images.append(img)
    ms = max(20, 10 * round(100 / fps))
    images = [images[-1], *images]  # the trained net first: the poster print and previews show
    return Drawn(gif.encode(images, [ms * 5] + [ms] * (len(images) - 2) + [ms * hold_last], _palette()), "gif", W, H)
