"""Renderers: Plotly scene pages and their bundles, SVG output."""

from __future__ import annotations

import re
import subprocess
import sys

import numpy as np
import plotly.graph_objects as go
import pytest
from plotly.offline import get_plotlyjs_version

from figures import registry, render
from figures.render import kinds, scenes, style, svg
from figures.render.kinds import Cloud


def test_vendored_bundles_match_plotly_py():
    """The vendored bundle must be the plotly.js version the pinned plotly.py writes for."""
    assets = registry.shared_assets()
    for name, _ in scenes.BUNDLES:
        head = assets[name][:200].decode()
        assert f"v{get_plotlyjs_version()}" in head, (name, head)
    assert "plotly.min.js" not in assets  # the full bundle: no page loads it, so it is not shipped


def test_scene_pages_load_the_one_bundle_that_draws_them():
    flat = go.Figure(go.Contour(z=np.zeros((3, 3))))
    deep = go.Figure(go.Scatter3d(x=[0], y=[0], z=[0]))
    both = go.Figure([go.Contour(z=np.zeros((3, 3))), go.Scatter3d(x=[0], y=[0], z=[0])])
    assert scenes.bundle_for(flat) == scenes.bundle_for(deep) == scenes.bundle_for(both) == "plotly-mlp.min.js"
    with pytest.raises(ValueError, match="no vendored plotly.js bundle"):
        scenes.bundle_for(go.Figure(go.Scattergeo(lat=[0], lon=[0])))
    html = scenes.page(deep, "d1", "a <title>", "d1.png")
    assert '<script src="../plotly-mlp.min.js">' in html
    assert "a &lt;title&gt;" in html and '<noscript><img src="d1.png"' in html


def test_the_bundle_registers_every_trace_type_it_claims():
    """BUNDLES says which traces the custom bundle draws: each must be registered in it."""
    text = registry.shared_assets()["plotly-mlp.min.js"].decode()
    for name, types in scenes.BUNDLES:
        for t in types:
            assert f'"{t}"' in text or f"'{t}'" in text, (name, t)


def test_slider_scene_is_deterministic_and_does_not_autoplay():
    rng = np.random.default_rng(0)
    frames = [rng.normal(size=(50, 3)).astype(np.float32) for _ in range(3)]
    y = np.arange(50) % 2

    def make():
        cloud = Cloud(frames, y, ("a", "b", "c"), ["t0", "t1", "t2"], ["0", "1", "2"])
        return render.artifacts("s", scenes.points3d(cloud))[0].data

    html = make()
    assert html == make()
    assert 'id="s"' in html and "Plotly.animate" not in html
    assert html.count('"method":"animate"') == 4  # three slider steps and the play button


def test_dead_unit_axis_gets_a_readable_range():
    frames = [np.stack([np.linspace(0, 4, 10), np.linspace(0, 2, 10), np.zeros(10)], 1)]
    ranges = kinds.box_ranges(frames)
    assert ranges[2, 1] - ranges[2, 0] >= 0.1 * (ranges[0, 1] - ranges[0, 0])


def test_svg_is_compact_and_deterministic():
    """An SVG still and its twins (dark; phone, for a still wider than a phone): the same bytes
    each time, no date, markers as vectors with their styles folded into classes, small."""
    rng = np.random.default_rng(0)
    X = rng.normal(size=(500, 2))
    y = np.arange(500) % 2
    first, again = (svg.scatter_svg(X, y, (-3, 3, -3, 3)) for _ in range(2))
    assert (first.width, first.height) == (460, 440)
    drawings = {"": first, **dict(first.twins)}
    assert set(drawings) == {"", "dark", "phone", "phone.dark"}
    assert [(s, t.data) for s, t in first.twins] == [(s, t.data) for s, t in again.twins] and first.data == again.data
    assert drawings["phone"].width == style.PHONE_PX
    for suffix, d in drawings.items():
        a = d.data
        assert "<dc:date>" not in a and a.count("<use ") >= 500, suffix
        assert not re.search(r'<use [^>]*style=', a), suffix  # styles folded into classes
        assert len(a) < 80_000, suffix


def test_the_build_does_not_import_renderers():
    """Shared bundles are declared by the renderers; the pipeline only reads the declarations."""
    code = ("import sys, figures.pipeline.runner, figures.pipeline.cache, figures.pipeline.store; "
            "print([m for m in sys.modules if m.startswith('figures.render') or m.startswith('plotly')])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_a_2x_png_still_gets_its_1x_copy_as_a_file_of_the_build():
    """A PNG drawn at twice its displayed size gets ``<stem>.1x.webp`` beside it, half its pixels,
    lossless, and so do its twins; a PNG drawn at its size, or an SVG, gets none. (The copies were
    made by the site's post-build hook, with a cache of their own.)"""
    import io

    from PIL import Image

    def png(w, h, colour):
        out = io.BytesIO()
        Image.new("RGB", (w, h), colour).save(out, "PNG")
        return out.getvalue()

    dark = render.Drawn(png(200, 100, "black"), "png", 100, 50)
    still = render.Drawn(png(200, 100, "orange"), "png", 100, 50, (("dark", dark),))
    files = {a.filename: a for a in render.artifacts("s", still)}
    assert set(files) == {"s.png", "s.1x.webp", "s.dark.png", "s.dark.1x.webp"}
    with Image.open(io.BytesIO(files["s.1x.webp"].data)) as im:
        assert (im.format, im.size, im.convert("RGB").getpixel((10, 10))) == ("WEBP", (100, 50), (255, 165, 0))
    assert (files["s.1x.webp"].width, files["s.1x.webp"].height) == (100, 50)
    assert render.artifacts("s", render.Drawn(png(100, 50, "white"), "png", 100, 50))[1:] == []
    assert [a.filename for a in render.artifacts("s", render.Drawn("<svg/>", "svg", 100, 50))] == ["s.svg"]
