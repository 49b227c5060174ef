"""A picture for each home-page card, drawn for the card from its article's preview figure.

A card is small: a figure shrunk into it loses its lettering, and a crop of it cuts labels
mid-word. So the card gets its own image, at the card's size and shape (16:9), with no text at
all: the data of the figure's first panel, drawn again. A figure with a scene is drawn from the
scene's Plotly data (scatter, lines, fills, heatmaps, contours, 3-D points seen from the
scene's camera); a figure that is only an SVG drawn by matplotlib gives its largest panel, its
text and ticks taken out.

The MkDocs hook writes the thumbnails before MkDocs lists the files of the site
(``write_thumbs``); a card links to ``assets/cards/<preview>.png`` or ``.svg``."""

from __future__ import annotations

import base64
import json
import math
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np

from figures.site.errors import SiteError

THUMB_DIR = "assets/cards"
# The dark scheme's page colour (figures/render/style.DARK_BG; the site imports no drawing code):
# what a heatmap's cell gaps are drawn in on a dark card.
DARK_BG = "#1e2029"
WIDTH, HEIGHT = 640, 360  # px: 2x a card's thumbnail box on a desktop (16:9, site.css)
SVG_NS = "http://www.w3.org/2000/svg"
ET.register_namespace("", SVG_NS)
ET.register_namespace("xlink", "http://www.w3.org/1999/xlink")


def thumb_name(stem: str, still_path: str, has_scene: bool) -> str:
    """File name of a preview's thumbnail below THUMB_DIR."""
    return f"{stem}.png" if has_scene or not still_path.endswith(".svg") else f"{stem}.svg"


def dark_name(name: str) -> str:
    """The dark scheme's twin of a thumbnail's file name: <stem>.dark.<ext>."""
    stem, ext = name.rsplit(".", 1)
    return f"{stem}.dark.{ext}"


def write_thumbs(source: Path, out: Path) -> None:
    """The thumbnail of ``source`` and its dark scheme's twin (``dark_name``)."""
    write_thumb(source, out)
    write_thumb(source, out.with_name(dark_name(out.name)), dark=True)


def write_thumb(source: Path, out: Path, dark: bool = False) -> None:
    """Draw the thumbnail of ``source`` (a scene's .html or a still's .svg) into ``out``, unless
    ``out`` is already newer than both the source and this module. ``dark``: in the dark scheme's
    colours, as the scene restyles itself (its layout.meta.dark) or from the still's dark twin."""
    if dark and source.suffix == ".svg" and source.with_suffix(".dark.svg").is_file():
        source = source.with_suffix(".dark.svg")
    if out.exists() and out.stat().st_mtime >= max(source.stat().st_mtime, Path(__file__).stat().st_mtime):
        return
    out.parent.mkdir(parents=True, exist_ok=True)
    if source.suffix == ".html":
        data, layout = plotly_figure(source.read_text(encoding="utf-8"), str(source))
        if dark:
            data = dark_traces(data, (layout.get("meta") or {}).get("dark") or {})
        body = draw_scene(data, layout, DARK_BG if dark else "white")
    elif source.suffix == ".svg":
        body = svg_panel(source.read_text(encoding="utf-8"), str(source)).encode()
    else:
        raise SiteError(f"{source}: a card's picture is drawn from a scene (.html) or an SVG still")
    tmp = out.with_suffix(out.suffix + ".tmp")
    tmp.write_bytes(body)
    tmp.replace(out)


# --- from a scene's Plotly data -----------------------------------------------------------------


def plotly_figure(html_text: str, where: str) -> tuple[list[dict], dict]:
    """The traces and layout that the scene's page hands to Plotly.newPlot."""
    at = html_text.find("Plotly.newPlot(")
    if at < 0:
        raise SiteError(f"{where}: no Plotly.newPlot call to draw a card from")
    dec = json.JSONDecoder()
    i = html_text.index(",", at) + 1  # past the div id
    data, i = dec.raw_decode(html_text, skip(html_text, i))
    layout, _ = dec.raw_decode(html_text, skip(html_text, i))
    return data, layout


COLOUR_PATHS = (("fillcolor",), ("line", "color"), ("marker", "color"), ("contours", "z", "color"))


def dark_traces(data: list[dict], dark: dict) -> list[dict]:
    """The traces as scene.js draws them in the dark scheme: each light colour scale that
    ``dark["scales"]`` pairs with a dark one swapped for it, each colour in ``dark["colors"]`` too."""
    scales = {json.dumps(light): deep for light, deep in dark.get("scales", [])}
    colours = {k.lower(): v for k, v in dark.get("colors", {}).items()}
    out = []
    for t in data:
        t = json.loads(json.dumps(t))
        if json.dumps(t.get("colorscale")) in scales:
            t["colorscale"] = scales[json.dumps(t["colorscale"])]
        for path in COLOUR_PATHS:
            parent = t
            for key in path[:-1]:
                parent = parent.get(key) if isinstance(parent, dict) else None
            c = parent.get(path[-1]) if isinstance(parent, dict) else None
            if isinstance(c, str) and c.lower() in colours:
                parent[path[-1]] = colours[c.lower()]
        out.append(t)
    return out


def skip(text: str, i: int) -> int:
    while text[i] in " \n\t,":
        i += 1
    return i


def values(v) -> np.ndarray | None:
    """A Plotly array: a list, or typed-array JSON ({"dtype", "bdata", "shape"})."""
    if v is None:
        return None
    if isinstance(v, dict) and "bdata" in v:
        arr = np.frombuffer(base64.b64decode(v["bdata"]), dtype=np.dtype(v["dtype"]))
        shape = v.get("shape")
        if shape:
            arr = arr.reshape([int(s) for s in str(shape).split(",")])
        return arr.astype(float)
    return np.asarray(v, dtype=float) if not isinstance(v, str) else None


def colour(c, default: str = "#555555"):
    """A Plotly colour (#hex, rgb(), rgba(), a name) as matplotlib takes it."""
    if not isinstance(c, str):
        return default
    m = re.fullmatch(r"rgba?\(([^)]*)\)", c.replace(" ", ""))
    if m:
        parts = [float(p) for p in m[1].split(",")]
        rgb = [p / 255 for p in parts[:3]]
        return (*rgb, parts[3] if len(parts) > 3 else 1.0)
    return c


def colormap(scale):
    from matplotlib.colors import LinearSegmentedColormap

    if not isinstance(scale, list) or not scale:
        return "viridis"
    return LinearSegmentedColormap.from_list("plotly", [(float(s), colour(c)) for s, c in scale])


def first_panel(data: list[dict]) -> list[dict]:
    """The visible traces of the first subplot (the one a reader sees first)."""
    shown = [t for t in data if t.get("visible", True) is True]
    return [t for t in shown if t.get("xaxis", "x") == "x" and t.get("yaxis", "y") == "y"
            and t.get("scene", "scene") == "scene"]


def draw_scene(data: list[dict], layout: dict, paper: str = "white") -> bytes:
    import io

    from matplotlib.figure import Figure

    traces = first_panel(data)
    if not traces:
        raise SiteError("the scene has no visible trace to draw a card from")
    fig = Figure(figsize=(WIDTH / 100, HEIGHT / 100), dpi=100)
    if any(t.get("type") == "scatter3d" for t in traces):
        ax = fig.add_axes((0, 0, 1, 1), projection="3d")
        draw_3d(ax, traces, layout.get("scene", {}))
    else:
        ax = fig.add_axes((0.02, 0.03, 0.96, 0.94))
        for t in traces:
            draw_2d(ax, t, paper)
        axes_like(ax, layout.get("xaxis", {}), layout.get("yaxis", {}))
    ax.set_axis_off()
    buf = io.BytesIO()
    # see-through around the data: the card's own background shows, in light and in dark
    fig.savefig(buf, format="png", transparent=True, metadata={"Software": None})
    return buf.getvalue()


def draw_2d(ax, t: dict, paper: str = "white") -> None:
    kind = t.get("type", "scatter")
    if kind in ("heatmap", "contour"):
        z = values(t.get("z"))
        if z is None or z.ndim != 2:
            return
        x, y = values(t.get("x")), values(t.get("y"))
        x = np.arange(z.shape[1]) if x is None else x
        y = np.arange(z.shape[0]) if y is None else y
        style = {"cmap": colormap(t.get("colorscale")), "vmin": t.get("zmin"), "vmax": t.get("zmax")}
        if kind == "heatmap":
            ax.pcolormesh(x, y, z, shading="nearest", edgecolors=paper, linewidth=1.5, **style)
        else:
            ax.contourf(x, y, z, levels=12, **style)
        return
    if kind != "scatter":
        return
    x, y = values(t.get("x")), values(t.get("y"))
    if x is None or y is None or not len(x):
        return
    mode, line, marker = t.get("mode", "markers"), t.get("line", {}), t.get("marker", {})
    if t.get("fill") == "toself":
        ax.fill(x, y, color=colour(t.get("fillcolor")), lw=0)
    if "lines" in mode:
        ax.plot(x, y, color=colour(line.get("color")), lw=1.6 * float(line.get("width", 2)) / 2,
                linestyle="--" if line.get("dash") in ("dash", "dot") else "-")
    if "markers" in mode:
        c = marker.get("color")
        arr = values(c) if not isinstance(c, (str, type(None))) and not isinstance((c or [None])[0], str) else None
        colours = arr if arr is not None else ([colour(v) for v in c] if isinstance(c, list) else colour(c))
        size = marker.get("size", 6)
        size = float(np.mean(values(size))) if not isinstance(size, (int, float)) else float(size)
        style = {"s": (size * 1.4) ** 2}
        if "opacity" in t:  # matplotlib's alpha overrides a colour's own (a see-through ring's face)
            style["alpha"] = float(t["opacity"])
        edge = marker.get("line") or {}  # a ring (a see-through marker with an outline) stays a ring
        style |= {"edgecolors": colour(edge.get("color"), "none"), "linewidths": float(edge.get("width", 0))}
        if isinstance(colours, np.ndarray):
            style |= {"c": colours, "cmap": colormap(marker.get("colorscale"))}
        else:
            style |= {"facecolors": colours}
        ax.scatter(x, y, **style)


def axes_like(ax, xaxis: dict, yaxis: dict) -> None:
    """The scene's axis ranges, log scales and equal units."""
    for axis, set_scale, set_lim in ((xaxis, ax.set_xscale, ax.set_xlim), (yaxis, ax.set_yscale, ax.set_ylim)):
        log = axis.get("type") == "log"
        if log:
            set_scale("log")
        rng = axis.get("range")
        if rng and None not in rng:
            set_lim(*(10 ** np.asarray(rng, float) if log else rng))
        if axis.get("autorange") == "reversed":
            (ax.invert_xaxis if axis is xaxis else ax.invert_yaxis)()
    if yaxis.get("scaleanchor") == "x" or xaxis.get("scaleanchor") == "y":
        ax.set_aspect("equal", adjustable="box")


def draw_3d(ax, traces: list[dict], scene: dict) -> None:
    for t in traces:
        x, y, z = (values(t.get(k)) for k in "xyz")
        if t.get("type") != "scatter3d" or x is None or y is None or z is None:
            continue
        marker = t.get("marker", {})
        c = marker.get("color")
        ax.scatter(x, y, z, s=18, c=colour(c) if isinstance(c, str) else "#555555", depthshade=False, linewidths=0)
    eye = scene.get("camera", {}).get("eye", {"x": 1.25, "y": 1.25, "z": 1.25})
    ex, ey, ez = (float(eye.get(k, 1.25)) for k in "xyz")
    ax.view_init(elev=math.degrees(math.atan2(ez, math.hypot(ex, ey))), azim=math.degrees(math.atan2(ey, ex)))
    ax.set_proj_type("ortho")
    ax.set_box_aspect(None, zoom=1.25)


# --- from a matplotlib SVG ----------------------------------------------------------------------

TEXT_IDS = re.compile(r"^(text_|legend_|xtick_|ytick_|matplotlib\.axis_|colorbar)")
RECT_RE = re.compile(r"M\s*([-\d.]+)\s+([-\d.]+)\s*L\s*([-\d.]+)\s+([-\d.]+)\s*L\s*([-\d.]+)\s+([-\d.]+)")


def svg_panel(svg_text: str, where: str) -> str:
    """The largest panel of a matplotlib SVG, every text and tick taken out, at 16:9. An SVG that
    matplotlib did not draw has no panels to find: the card shows it whole."""
    root = ET.fromstring(svg_text)
    q = f"{{{SVG_NS}}}"
    figure = root.find(f"{q}g[@id='figure_1']")
    if figure is None:
        return svg_text
    panels = [(box, g) for g in figure.findall(f"{q}g") if g.get("id", "").startswith("axes_")
              if (box := panel_box(g, q))]
    if not panels:
        raise SiteError(f"{where}: no panel to draw a card from")
    (x0, y0, x1, y1), keep = max(panels, key=lambda p: (p[0][2] - p[0][0]) * (p[0][3] - p[0][1]))
    for g in list(figure):
        if g is not keep:
            figure.remove(g)
    drop_text(keep, q)
    for path in keep.iter(f"{q}path"):  # the panel's white ground: see-through, like the margin
        if re.search(r"fill:\s*#ffffff", path.get("style", "")):
            path.set("style", re.sub(r"fill:\s*#ffffff", "fill: none", path.get("style", "")))
    w, h = x1 - x0, y1 - y0
    pad = 0.04 * max(w, h)  # the whole panel, centred in a 16:9 box
    x0, y0, w, h = x0 - pad, y0 - pad, w + 2 * pad, h + 2 * pad
    if w / h > WIDTH / HEIGHT:
        y0, h = y0 - (w * HEIGHT / WIDTH - h) / 2, w * HEIGHT / WIDTH
    else:
        x0, w = x0 - (h * WIDTH / HEIGHT - w) / 2, h * WIDTH / HEIGHT
    root.set("viewBox", f"{x0:.2f} {y0:.2f} {w:.2f} {h:.2f}")
    root.set("width", str(WIDTH))
    root.set("height", str(HEIGHT))
    root.set("preserveAspectRatio", "xMidYMid meet")
    meta = root.find(f"{q}metadata")
    if meta is not None:
        root.remove(meta)
    return ET.tostring(root, encoding="unicode")


def panel_box(axes, q: str) -> tuple[float, float, float, float] | None:
    patch = axes.find(f"{q}g[@id='patch_2']")
    patch = axes.find(f"{q}g") if patch is None else patch
    path = patch.find(f"{q}path") if patch is not None else None
    m = RECT_RE.match(path.get("d", "").strip()) if path is not None else None
    if not m:
        return None
    xs, ys = [float(m[i]) for i in (1, 3, 5)], [float(m[i]) for i in (2, 4, 6)]
    box = (min(xs), min(ys), max(xs), max(ys))
    return box if box[2] - box[0] > 1 and box[3] - box[1] > 1 else None


def drop_text(node, q: str) -> None:
    for child in list(node):
        if child.tag == f"{q}text" or TEXT_IDS.match(child.get("id", "")):
            node.remove(child)
        else:
            drop_text(child, q)
