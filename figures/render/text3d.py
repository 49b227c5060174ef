"""A 3-D scene's lettering, drawn from the font of its still.

plotly.js draws 3-D axis titles and tick labels as triangles: for every new string it paints the
text on a canvas, traces the outline and triangulates it (vectorize-text), about a fifth of a
scene's first draw on a machine without a GPU (measured on why-more-layers' ``relu_net-layer1``:
1.89 -> 1.68 s from opening the scene page until it has drawn, with every string ready). Its
axes read those triangles from ``window.__TEXT_CACHE`` when a page sets it before plotly.js runs.

``text3d.js`` (built beside plotly.js, loaded first by every 3-D scene page) sets that cache to
a table of triangulated glyphs of the font matplotlib draws the stills with, laid out into
strings as plotly asks for them, in vectorize-text's units (1 = the font size, centred on the
ink, y downwards). So a scene no longer traces any text, and its labels take the very letter
shapes of the still it replaces. A string with a character not in the table, or with Plotly's
style tags, is left to plotly.js.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import mapbox_earcut
import numpy as np
from matplotlib.font_manager import FontProperties, findfont, get_font
from matplotlib.ft2font import LoadFlags
from matplotlib.path import Path as Ring
from matplotlib.textpath import TextPath

SCRIPT = Path(__file__).resolve().parent / "text3d.js"
FONT = FontProperties(family="DejaVu Sans")  # matplotlib's own: the stills' lettering
SIZE = 64  # px the outlines are flattened at (vectorize-text's size): curves within ~0.1 px
UNITS = 250  # glyph coordinates are whole 250ths of the font size (0.05 px at 12 px)
# Every character a 3-D scene may write: axis titles and tick labels (true minus, subscripts)
CHARS = ("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
         " .,:;()[]+-=/%'·−×₀₁₂₃₄₅₆₇₈₉")


def _area(ring: np.ndarray) -> float:
    x, y = ring[:, 0], ring[:, 1]
    return 0.5 * float(np.dot(x, np.roll(y, -1)) - np.dot(np.roll(x, -1), y))


def glyph(ch: str) -> tuple[float, np.ndarray, np.ndarray]:
    """One character: its advance, its outline's vertices (n, 2) and triangles (m, 3), in
    units of the font size, x rightwards and y downwards from the pen on the baseline."""
    font = get_font(findfont(FONT))
    font.set_size(SIZE, 72)
    advance = font.load_char(ord(ch), flags=LoadFlags.NO_HINTING).linearHoriAdvance / 65536 / SIZE
    if ch.isspace():
        return advance, np.zeros((0, 2)), np.zeros((0, 3), dtype=int)
    rings = [r[:-1] / SIZE for r in TextPath((0, 0), ch, size=SIZE, prop=FONT).to_polygons(closed_only=True)]
    areas = [_area(r) for r in rings]
    outer_sign = np.sign(areas[int(np.argmax(np.abs(areas)))])  # the largest ring is an outline
    outers = [i for i, a in enumerate(areas) if np.sign(a) == outer_sign]
    holes: dict[int, list[int]] = {i: [] for i in outers}
    for i in (i for i in range(len(rings)) if i not in holes):  # a hole: in the smallest outline around it
        around = [o for o in outers if Ring(rings[o]).contains_point(rings[i][0])]
        holes[min(around, key=lambda o: abs(areas[o]))].append(i)
    vertices, triangles = [], []
    for o in outers:
        parts = [rings[o], *(rings[h] for h in holes[o])]
        flat = np.concatenate(parts)
        ends = np.cumsum([len(p) for p in parts]).astype(np.uint32)
        triangles.append(mapbox_earcut.triangulate_float64(flat, ends).reshape(-1, 3) + sum(len(v) for v in vertices))
        vertices.append(flat)
    points = np.concatenate(vertices) * (1, -1)
    return advance, points, np.concatenate(triangles)


@cache
def table() -> dict[str, list]:
    """{character: [advance, [x, y, ...], [i, j, k, ...]]} in 250ths of the font size."""
    out = {}
    for ch in CHARS:
        advance, points, triangles = glyph(ch)
        out[ch] = [round(advance * UNITS), np.round(points * UNITS).astype(int).ravel().tolist(),
                   triangles.ravel().tolist()]
    return out


def script() -> bytes:
    """text3d.js with its glyph table."""
    glyphs = json.dumps(table(), ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    js = SCRIPT.read_text(encoding="utf-8")
    return js.replace("/*UNITS*/1", str(UNITS)).replace("/*GLYPHS*/{}", glyphs).encode()
