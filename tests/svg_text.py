"""The font sizes of an SVG's text in its own pixels (viewBox units through every transform), for
the browser tests that turn them into sizes as displayed."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

SVG = "{http://www.w3.org/2000/svg}"
_CLASS_CSS = re.compile(r"\.([\w-]+)\s*\{([^}]*)\}")
_SIZE = re.compile(r"font-size:\s*([\d.]+)px")
_FONT = re.compile(r"font:\s*(?:[a-z]+\s+)*([\d.]+)px")
_NUM = re.compile(r"[-\d.eE]+")


def _scale(transform: str | None) -> float:
    """The factor by which a transform list scales lengths (the geometric mean of its axes)."""
    s = 1.0
    for name, args in re.findall(r"(\w+)\s*\(([^)]*)\)", transform or ""):
        v = [float(a) for a in _NUM.findall(args)]
        if name == "scale":
            sx, sy = v[0], v[1] if len(v) > 1 else v[0]
            s *= abs(sx * sy) ** 0.5
        elif name == "matrix":
            s *= abs(v[0] * v[3] - v[1] * v[2]) ** 0.5
    return s


def _size(el, classes: dict[str, str]) -> float | None:
    style = el.get("style", "") + ";" + "".join(classes.get(c, "") for c in el.get("class", "").split())
    m = _SIZE.search(style) or _FONT.search(style)
    if m:
        return float(m[1])
    return float(el.get("font-size")) if el.get("font-size") else None


def text_sizes(svg_text: str) -> tuple[float, list[tuple[str, float, bool]]]:
    """(viewBox width, [(text, font size in viewBox units, is a script)]) for every run of text.

    A run is a <text> or one of its <tspan>s; a script is a run smaller than the largest run of
    its own <text> (matplotlib's sub- and superscripts, 70 % of the text they belong to)."""
    root = ET.fromstring(svg_text.encode("utf-8"))
    vb = root.get("viewBox")
    width = float(vb.split()[2]) if vb else float(_NUM.findall(root.get("width"))[0])
    classes = {}
    for style in root.iter(f"{SVG}style"):
        classes.update({c: body for c, body in _CLASS_CSS.findall(style.text or "")})
    out: list[tuple[str, float, bool]] = []

    def walk(el, scale: float, inherited: float | None) -> None:
        scale *= _scale(el.get("transform"))
        own = _size(el, classes) or inherited
        if el.tag == f"{SVG}text":
            runs = [(t.text or "", _size(t, classes) or own) for t in el.iter(f"{SVG}tspan")]
            if not runs:
                runs = [("".join(el.itertext()), own)]
            runs = [(t.strip(), s * scale) for t, s in runs if t.strip() and s]
            top = max((s for _, s in runs), default=0)
            out.extend((t, s, s < top - 1e-6) for t, s in runs)
            return
        for child in el:
            walk(child, scale, own)

    walk(root, 1.0, None)
    return width, out


def _measure(text: str, size: float) -> float:
    """The width of ``text`` at ``size`` in DejaVu Sans (the font matplotlib lays text out with)."""
    from matplotlib.font_manager import FontProperties
    from matplotlib.textpath import TextPath

    return float(TextPath((0, 0), text, size=size, prop=FontProperties(family="DejaVu Sans")).get_extents().width)


def text_boxes(svg_text: str) -> list[tuple[str, float, float, float, float]]:
    """(text, x0, y0, x1, y1) in viewBox units of every horizontal <text> (by its anchor, font size
    and DejaVu Sans's widths; from 0.76 of the size above the baseline to 0.24 below). Rotated
    text (a y axis's title) and text inside transformed groups are left out."""
    root = ET.fromstring(svg_text.encode("utf-8"))
    classes = {}
    for style in root.iter(f"{SVG}style"):
        classes.update({c: body for c, body in _CLASS_CSS.findall(style.text or "")})
    parents = {child: parent for parent in root.iter() for child in parent}
    out = []
    for el in root.iter(f"{SVG}text"):
        chain, p = [el], parents.get(el)
        while p is not None:
            chain.append(p)
            p = parents.get(p)
        if any(e.get("transform") for e in chain) or el.get("x") is None:
            continue
        css = el.get("style", "") + ";" + "".join(classes.get(c, "") for c in el.get("class", "").split())
        size = _size(el, classes)
        text = "".join(el.itertext()).strip()
        if not size or not text:
            continue
        anchor = re.search(r"text-anchor:\s*(\w+)", css)
        w = _measure(text, size)
        x = float(el.get("x")) - {"middle": w / 2, "end": w}.get(anchor[1] if anchor else "start", 0)
        y = float(el.get("y"))
        out.append((text, x, y - 0.76 * size, x + w, y + 0.24 * size))
    return out


def overlapping(boxes, gap: float = 2.0) -> list[tuple[str, str]]:
    """Pairs of texts on one line (their boxes overlap in height) closer than ``gap`` side by
    side, or overlapping: lettering that runs together."""
    return [(a[0], b[0]) for i, a in enumerate(boxes) for b in boxes[i + 1:]
            if min(a[4], b[4]) - max(a[2], b[2]) > 0.5 and min(a[3], b[3]) - max(a[1], b[1]) > -gap]


def outside(svg_text: str, boxes, slack: float = 1.0) -> list[str]:
    """Texts that reach past the picture's left or right edge (cut off where it is shown)."""
    root = ET.fromstring(svg_text.encode("utf-8"))
    width = float(root.get("viewBox").split()[2])
    return [b[0] for b in boxes if b[1] < -slack or b[3] > width + slack]
