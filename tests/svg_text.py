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
