"""figures.render.lines: the Lines kind checks its frames, its two back-ends draw it, and the
exact half-plane shading puts each side where the line says."""

import numpy as np
import pytest

from figures.render.lines import Lines, _sides, lines_slider, lines_svg, region_grid

CORNERS = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
BOX = (-0.5, 1.5, -0.5, 1.5)


def kind(**kw) -> Lines:
    lines = [[(1.0, 1.0, -0.5)], [(1.0, -1.0, 0.0)], [(0.0, 0.0, -1.0)]]
    return Lines([CORNERS], np.array([0, 1, 1, 0]), lines, BOX, ["a", "b", "c"], ["0", "1", "2"], **kw)


def test_frames_must_agree():
    with pytest.raises(ValueError):
        Lines([CORNERS], np.array([0, 1, 1, 0]), [[], []], BOX, ["only one title"])
    with pytest.raises(ValueError):
        kind(marks=[np.empty((0, 2))])


def test_slider_has_one_frame_per_line_set_and_svg_is_text():
    html = lines_slider(kind(shade=True, marks=[np.empty((0, 2)), CORNERS[:1], CORNERS[1:2]]), "update ")
    page = html.data("stem", "stem.svg")
    assert page.count('"name":"') >= 3 and "stem.svg" in page
    svg = lines_svg([kind(shade=True, labels=["a", "b", "c", "d"])])
    assert svg.ext == "svg" and svg.data.startswith("<?xml")


def test_sides_split_the_box_at_the_line():
    neg, pos = _sides((1.0, 0.0, -0.5), BOX)  # x1 = 0.5: class 1 to the right
    assert neg[:, 0].max() == pytest.approx(0.5) and pos[:, 0].min() == pytest.approx(0.5)
    neg, pos = _sides((0.0, 0.0, -1.0), BOX)  # w = 0, b < 0: the whole box is class 0
    assert len(pos) == 0 and len(neg) == 4


def test_region_grid_rows_start_at_the_bottom():
    g = region_grid(lambda P: P[:, 1] > 0.5, BOX, 5)
    assert g[0].sum() == 0 and g[-1].sum() == 5
