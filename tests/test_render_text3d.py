"""The 3-D scenes' lettering table (figures/render/text3d.py): every glyph triangulated exactly,
holes left open. Its use by a drawn scene is tested in tests/test_browser_drawn.py."""

from __future__ import annotations

import json

import numpy as np
import pytest
from matplotlib.textpath import TextPath

from figures.render import text3d


def ink_area(ch: str) -> float:
    """The glyph's filled area (font size 1) from its outline alone: TrueType winds an
    outline and its holes opposite ways, so the rings' signed areas add up to the ink."""
    rings = TextPath((0, 0), ch, size=text3d.SIZE, prop=text3d.FONT).to_polygons(closed_only=True)
    signed = sum(0.5 * float(np.dot(r[:-1, 0], r[1:, 1]) - np.dot(r[1:, 0], r[:-1, 1])) for r in rings)
    return abs(signed) / text3d.SIZE**2


def triangle_area(points: np.ndarray, triangles: np.ndarray) -> float:
    a, b, c = (points[triangles[:, k]] for k in range(3))
    (ux, uy), (vx, vy) = (b - a).T, (c - a).T
    return float(np.abs(ux * vy - uy * vx).sum() / 2)


@pytest.mark.parametrize("ch", [c for c in text3d.CHARS if not c.isspace()])
def test_a_glyphs_triangles_cover_its_ink_and_not_its_holes(ch):
    """The triangles fill exactly the glyph's ink: "0", "8", "B", "a", "e" and "%" have holes,
    which a triangulation that took a hole for an outline, or gave it to the wrong one, fills."""
    advance, points, triangles = text3d.glyph(ch)
    assert advance > 0 and len(triangles)
    assert triangle_area(points, triangles) == pytest.approx(ink_area(ch), rel=1e-6), ch


def test_the_table_is_written_whole_into_the_script():
    """text3d.js carries every character of the table, in whole units, as the JS reads them."""
    js = text3d.script().decode()
    units = int(js.split("var UNITS = ", 1)[1].split(";", 1)[0])
    table = json.loads(js.split("var GLYPHS = ", 1)[1].split(";\n", 1)[0])
    assert units == text3d.UNITS and set(table) == set(text3d.CHARS)
    advance, points, triangles = table["8"]
    ref_advance, ref_points, ref_triangles = text3d.glyph("8")
    assert np.allclose(np.reshape(points, (-1, 2)) / units, ref_points, atol=0.5 / units)
    assert np.array_equal(np.reshape(triangles, (-1, 3)), ref_triangles)
    assert advance == round(ref_advance * units)
