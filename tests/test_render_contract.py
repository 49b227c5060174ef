"""The renderer contract: one value per picture kind, every back-end takes it, each drawing
knows its size, and one rule picks the static fallback of a scene."""

from __future__ import annotations

import io
import re

import numpy as np
import pytest
from PIL import Image

from figures import render
from figures.render import gif, scenes, stills, style, svg
from figures.render.kinds import Cloud, Plane, ProbabilityField

EXTENT = (-1.0, 1.0, -1.0, 1.0)


def field(n_frames: int = 3, points: bool = False) -> ProbabilityField:
    rng = np.random.default_rng(0)
    g = np.linspace(-1, 1, 12)
    xx, _ = np.meshgrid(g, g)
    probs = [1 / (1 + np.exp(-(k + 1) * xx)) for k in range(n_frames)]
    X = rng.uniform(-1, 1, (30, 2))
    y = (X[:, 0] > 0).astype(int)
    lifted = [1 / (1 + np.exp(-(k + 1) * X[:, 0])) for k in range(n_frames)] if points else None
    return ProbabilityField(probs, EXTENT, X, y, [f"step {k}" for k in range(n_frames)],
                            [str(k) for k in range(n_frames)], point_probs=lifted)


def cloud(plane: bool) -> Cloud:
    P = np.random.default_rng(1).uniform(-1, 1, (40, 3)).astype(np.float32)
    square = np.array([[-1, -1, 0], [1, -1, 0], [1, 1, 0], [-1, 1, 0]], dtype=float)
    return Cloud([P * 0.5, P], np.arange(40) % 2, ("a", "b", "c"), ["t0", "t1"], ["0", "1"],
                 Plane(square, "a plane", "#009E73", 0.3) if plane else None)


def measured_size(d: render.Drawn) -> tuple[int, int]:
    """The size a drawing really has, read from its bytes."""
    if d.ext in ("png", "gif"):
        return Image.open(io.BytesIO(d.data)).size
    if d.ext == "svg":  # matplotlib writes points (1/72 in); the site's px are at style.DPI
        w, h = (float(v) for v in re.search(r'width="([\d.]+)pt" height="([\d.]+)pt"', d.data).groups())
        return round(w / 72 * 100), round(h / 72 * 100)
    raise AssertionError(d.ext)


def device_size(d: render.Drawn) -> tuple[int, int]:
    """The size in device pixels a still's bytes must have: a PNG still is drawn at
    stills.SCALE device pixels per px (sharp on a 2x screen), the others at 1."""
    scale = stills.SCALE if d.ext == "png" else 1
    return d.width * scale, d.height * scale


@pytest.mark.parametrize("draw", [scenes.boundary_slider, svg.probability_svg, gif.boundary_gif],
                         ids=["scene", "svg", "gif"])
def test_every_backend_takes_the_same_probability_field(draw):
    d = draw(field())
    assert isinstance(d, render.Drawn) and d.width > 0 and d.height > 0
    if d.ext != "html":
        assert measured_size(d) == (d.width, d.height)


@pytest.mark.parametrize("draw", [scenes.surface_slider, svg.surface_png], ids=["scene", "png"])
def test_a_field_with_lifted_points_draws_as_a_surface(draw):
    d = draw(field(points=True))
    if d.ext != "html":
        twins = dict(d.twins)
        assert set(twins) == {"dark", "phone", "phone.dark"}
        pairs = ((d, d), (d, twins["dark"]), (twins["phone"], twins["phone"]), (twins["phone"], twins["phone.dark"]))
        for main, twin in pairs:  # each dark twin at its light one's size
            assert measured_size(twin) == device_size(main)
        assert twins["phone"].width == style.PHONE_PX


@pytest.mark.parametrize("plane", [False, True])
def test_every_backend_takes_the_same_cloud(plane):
    page, still, *twins = render.artifacts("c", scenes.points3d(cloud(plane)), svg.points3d_png(cloud(plane)))
    assert (page.width, page.height) == (scenes.WIDTH, scenes.HEIGHT)
    assert [t.filename for t in twins] == ["c.dark.png", "c.phone.png", "c.phone.dark.png"]
    for d in (still, *twins):  # each drawn at 2x its size in px
        assert Image.open(io.BytesIO(d.data)).size == device_size(render.Drawn(d.data, "png", d.width, d.height))
    assert ('"name":"a plane"' in page.data) == plane


def test_gif_size_follows_its_option():
    d = gif.boundary_gif(field(), size=96)
    assert (d.width, d.height) == (96, 96) == measured_size(d)


def test_the_value_checks_its_arrays_for_every_backend():
    f = field()
    with pytest.raises(ValueError, match="y must have shape"):
        ProbabilityField(f.probs, EXTENT, f.X, f.y[:-1])
    with pytest.raises(ValueError, match="extent"):
        ProbabilityField(f.probs, (1, -1, 0, 1), f.X, f.y)


@pytest.mark.parametrize("exts, still", [
    (["html", "svg", "gif"], "svg"),  # the deformation sliders: the vector still, not the GIF
    (["html", "gif"], "gif"),
    ([".html", ".png"], "png"),  # the site's manifest names carry the dot
    (["gif", "png"], "png"),
    (["html"], None),
])
def test_one_rule_picks_the_static_fallback(exts, still):
    assert render.fallback_for(exts) == still


def test_scene_pages_point_at_the_fallback_the_rule_picks():
    f = field()
    arts = render.artifacts("demo", scenes.boundary_slider(f), gif.boundary_gif(f, size=40), svg.probability_svg(f))
    # the still's twins (dark, phone) are files beside it; the page's fallback is the still itself
    assert [a.filename for a in arts] == ["demo.html", "demo.gif", "demo.svg", "demo.dark.svg", "demo.phone.svg",
                                          "demo.phone.dark.svg"]
    assert '<noscript><img src="demo.svg"' in arts[0].data and 'id="demo"' in arts[0].data
    alone = render.artifacts("demo", scenes.boundary_slider(f))[0].data
    assert "<noscript>" not in alone
