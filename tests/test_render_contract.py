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
    assert [t.filename for t in twins] == ["c.1x.webp", "c.dark.png", "c.dark.1x.webp", "c.phone.png",
                                           "c.phone.1x.webp", "c.phone.dark.png", "c.phone.dark.1x.webp"]
    twins = [t for t in twins if t.ext == "png"]
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


# --- posters drawn for the screen they are read on (issue 20) ---------------------------------


def _text_problems(d: render.Drawn) -> tuple[list, list]:
    from svg_text import outside, overlapping, text_boxes

    boxes = text_boxes(d.data)
    return overlapping(boxes), outside(d.data, boxes)


def test_a_panel_grids_phone_twin_has_no_lettering_that_runs_together():
    """The phone twin re-lays a row of four panels in three columns: titles as wide as a desktop
    panel ("layer 1 · neuron 1") break into lines instead of running into the next one."""
    from figures.render import panels

    g = np.linspace(-1, 1, 8)
    v = np.add.outer(g, g)
    names = [f"layer {i} · neuron {j}" for i, w in ((1, 4), (2, 3)) for j in range(1, w + 1)] + ["the network"]
    grid = panels.Panels([[v] * len(names)] * 2, EXTENT, np.array([[0.5, 0.5], [-0.5, -0.5]]), np.array([0, 1]),
                         names, [False] * 7 + [True], 4, ["epoch 0", "epoch 9"], ["0", "9"])
    for scene in (True, False):  # a scene's still (its first frame) and a static grid (svg.phone_layout)
        d = panels.still_svg(grid, scene=scene)
        for name, twin in [("desktop", d), *((n, t) for n, t in d.twins if n == "phone")]:
            crowded, cut = _text_problems(twin)
            assert not crowded and not cut, f"{name} ({scene=}): lettering runs together {crowded} or cut off {cut}"


def test_a_phone_twin_thins_tick_labels_that_run_together():
    """Six-digit tick labels one per 50,000 fit 640 px but not a phone's 360 beside two-line
    labels (math-of-an-mlp's parameter counts): fewer of them."""
    with svg.plt.rc_context(svg.RC):
        fig, ax = svg.plt.subplots(figsize=(6.4, 2.4), dpi=svg.DPI, layout="constrained")
        counts = [(200_704, 256), (32_768, 128), (1_280, 10)]
        ax.barh([2, 1, 0], [w for w, _ in counts], label="weights")
        ax.barh([2, 1, 0], [b for _, b in counts], left=[w for w, _ in counts], label="biases")
        for yy, (w, b) in zip([2, 1, 0], counts):
            ax.text(w + b + 3000, yy, f"{w:,} + {b:,}", va="center", fontsize=9)
        ax.set_yticks([2, 1, 0], ["layer 1\n784 → 256", "layer 2\n256 → 128", "layer 3\n128 → 10"], fontsize=9)
        ax.set_xlim(0, 277_000)
        ax.set_xlabel("parameters", fontsize=9)
        ax.legend(frameon=False, fontsize=9, loc="lower right")
        d = svg.save_svg(fig)
    phone = dict(d.twins)["phone"]
    crowded, cut = _text_problems(phone)
    assert not crowded and not cut, f"phone twin: lettering runs together {crowded} or is cut off {cut}"
    from svg_text import text_boxes

    ticks = [t for t, *_ in text_boxes(phone.data) if t.replace("\u2212", "").isdigit()]
    assert len(ticks) >= 2, f"the phone twin keeps a scale: {ticks}"


def _one_view(d: render.Drawn, title: str, others: list[str], pressed: str) -> None:
    for name, twin in [("desktop", d), *d.twins]:
        axes = set(re.findall(r'<g id="(axes_\d+)">', twin.data))
        assert len(axes) == 1, f"{name}: the scene shows one plot, the still {len(axes)}"
        assert f">{title}<" in twin.data, f"{name}: not titled as the view the scene opens on"
        assert not [o for o in others if f">{o}<" in twin.data], f"{name}: other views' titles drawn"
        assert f">{pressed}<" in twin.data, f"{name}: the pressed choice's button"
    assert stills.PRESSED_DARK in dict(d.twins)["dark"].data, "the dark twin's pressed button as scene.js draws it"


def test_a_choice_scenes_still_is_the_view_it_opens_on():
    """A scene that shows one of several named views (buttons, render.choice) opens on the last:
    its still (desktop, phone, dark) is that one view, not small multiples of all of them."""
    from figures.render.curves import Curves, Line, curves_still

    x = np.linspace(-2, 2, 50)
    c = Curves([[Line("f", x, k * x, "#0072B2"), Line("g", x, x ** 2 / (k + 1), "#D55E00", dash=True)]
                for k in range(3)], [f"view {k}: f and g" for k in range(3)], ["one", "two", "three"], ("x", "y"))
    _one_view(curves_still(c, "pick: "), "view 2: f and g", ["view 0: f and g", "view 1: f and g"], "three")


def test_a_choice_warp_still_is_the_view_it_opens_on():
    from figures.render import grids

    path = grids.grid_path((-1.0, 1.0, -1.0, 1.0), 5, 2)
    X = np.random.default_rng(0).uniform(-1, 1, (20, 2))
    warps = [grids.Warp(np.tanh(k * path), np.tanh(k * X)) for k in (1, 2, 3)]
    box = grids.frame_box(warps)
    d = grids.warp_still(warps, np.arange(20) % 2, box, axis_titles=("a", "b"), titles=["k 1", "k 2", "k 3"],
                         labels=["one", "two", "three"], prefix="k: ")
    _one_view(d, "k 3", ["k 1", "k 2"], "three")


def test_a_panel_scenes_still_is_its_first_frame():
    """A panel grid scene opens on its last epoch with its title at the top left, the panels'
    names over them, a play button and the epoch: its still (and each twin) draws just that."""
    from figures.render import panels

    g = np.linspace(-1, 1, 8)
    v = np.add.outer(g, g)
    grid = panels.Panels([[v, -v], [v, v]], EXTENT, np.array([[0.5, 0.5], [-0.5, -0.5]]), np.array([0, 1]),
                         ["neuron 1", "the network"], [False, True], 2, ["epoch 0 · start", "epoch 9 · end"],
                         ["0", "9"])
    d = panels.still_svg(grid, scene=True)
    assert {n for n, _ in d.twins} == {"dark", "phone", "phone.dark"}
    for name, twin in [("desktop", d), *d.twins]:
        assert ">epoch 9 · end<" in twin.data and ">epoch 0 · start<" not in twin.data, f"{name}: its title"
        assert ">epoch 9<" in twin.data and "play<" in twin.data, f"{name}: the slider at the last epoch"
        assert len(set(re.findall(r'<g id="(axes_\d+)">', twin.data))) == 2, f"{name}: one plot per panel"


def test_a_phone_twin_breaks_titles_that_reach_past_its_side():
    """A title and an axis title that fit 640 px are cut off at a phone's 360: they break instead."""
    with svg.plt.rc_context(svg.RC):
        fig, ax = svg.plt.subplots(figsize=(6.4, 2.4), dpi=svg.DPI, layout="constrained")
        ax.plot([0, 1], [0, 1])
        ax.set_title("2-2-1 net, seed 21 · epoch 600 · accuracy 81.2%")
        ax.set_xlabel("share of seeds at 100% on XOR (95% interval)")
        d = svg.save_svg(fig)
    crowded, cut = _text_problems(dict(d.twins)["phone"])
    assert not crowded and not cut, f"phone twin: lettering runs together {crowded} or is cut off {cut}"


@pytest.mark.parametrize("view", [None, (0.3, -1.6, 0.9), (-1.4, 0.6, 0.7), (-0.9, -1.3, 1.1)])
def test_a_3d_still_writes_each_axis_on_the_edge_its_scene_does(view):
    """Plotly (gl-axes3d) writes each axis's tick labels and title along an edge of the box that it
    picks from the camera; mplot3d picks by its own rule, so a still's z labels could sit on the
    other side of the box from its scene's. Each axis of the still is drawn on Plotly's edge."""
    from figures.render import camera3d

    box = np.array([[-1.0, 1.0], [-2.0, 2.0], [0.0, 1.0]])
    camera = scenes.camera(box)
    if view is not None:
        camera["eye"] = dict(zip("xyz", view))
    corners = np.array([[box[a][(i >> a) & 1] for a in range(3)] for i in range(8)])
    fig = svg._figure_3d(("a", "b", "c"), "t", lambda ax: None, box, camera, corners, svg._class_legend(), None,
                         style.ASPECT_3D, (None, None, None), ("", 1.0), phone=False)
    fig.canvas.draw()
    ax, M = fig.axes[0], fig.axes[0].get_proj()
    edges = camera3d.label_edges(M, box, style.ASPECT_3D, np.array([camera["eye"][k] for k in "xyz"]))
    for axis, edge in zip((ax.xaxis, ax.yaxis, ax.zaxis), edges):
        c = M @ np.c_[edge, np.ones(2)].T
        want = sorted(map(tuple, np.round((c[:2] / c[3]).T, 6)))
        got = sorted(map(tuple, np.round(np.array(axis.line.get_data()).T, 6)))
        assert got == want, f"{axis.axis_name}: drawn on {got}, Plotly's edge {want}"
    svg.plt.close(fig)


def test_a_raster_stills_dark_twin_keeps_plotlys_light_slider():
    """scene.js leaves Plotly's slider as it is in the dark scheme (a light rail and grip on the
    dark page), so a 3-D still's dark twin keeps them light, the rest turned dark; recolouring the
    whole image turned the rail and grip dark, and the slider changed as the scene replaced it."""
    still = svg.points3d_png(cloud(plane=False))  # two frames: a slider
    twins = dict(still.twins)
    for light, dark in ((still, twins["dark"]), (twins["phone"], twins["phone.dark"])):
        pixels = [np.asarray(Image.open(io.BytesIO(d.data)).convert("RGB"), int) for d in (light, dark)]
        band = [p[-2 * svg.SLIDER_3D:] for p in pixels]  # the slider's margin, at 2x device pixels
        grip = [(np.abs(p - style.hex_to_rgb(stills.GRIP_FILL)).max(-1) <= 2).sum() for p in band]
        assert grip[0] > 500 and abs(grip[1] - grip[0]) <= 0.02 * grip[0], grip  # the rail and grip, light in both
        page = (np.abs(pixels[1] - style.hex_to_rgb(style.DARK_BG)).max(-1) <= 2).mean()
        assert page > 0.5, page  # the rest on the dark page's colour
