"""figures/render/camera3d.py against the oracle: the matrices plotly.js (gl3d) drew a scene with in
Chromium (linear_net-layer1 in a 688 x 603 frame: its layout camera, ranges and aspect, and
gd._fullLayout.scene._scene's cameraParams and dataScale, read in the browser)."""

from __future__ import annotations

import numpy as np

from figures.render import camera3d

RANGES = np.array([[-0.2440792295895517, -0.008676678705960505], [0.007918240930885057, 0.4089209656603634],
                   [-0.2795472675561905, 0.6529565984010697]])
CAMERA = {"up": {"x": 0, "y": 0, "z": 1}, "center": {"x": 0, "y": 0, "z": -0.22},
          "eye": {"x": 1.6004, "y": -0.399, "z": 0.991}}
PLOT = (688, 547)  # the frame less the 56 px top margin
# column-major, as WebGL's
MODEL = [1.2874430209512413, 0, 0, 0, 0, 1.3896654927076852, 0, 0, 0, 0, 0.904871122131336, 0,
         0.5368588983993263, -0.5197461025638337, -0.1701858527376307, 1]
VIEW = [0.2419078905227286, -0.5742463349552475, 0.7821264087686269, 0, 0.9702992180265032, 0.14316688805745048,
        -0.19499402468050622, 0, 0, 0.806067236001074, 0.5918239696443435, 0, -5.551115123125783e-17,
        0.17733479192023627, -1.9160152743583772, 1]
PROJECTION = [1.9194401433402368, 0, 0, 0, 0, 2.414213562373095, 0, 0, 0, 0, -1.000020000200002, -1,
              0, 0, -0.020000200002000017, 0]
DATA_SCALE = [3.2995963764695215, 1.7944956210731207, 1.0073527034330758]


def _gl(m):
    return np.array(m, dtype=float).reshape(4, 4).T


def test_clip_matrix_is_plotlys():
    browser = _gl(PROJECTION) @ _gl(VIEW) @ _gl(MODEL) @ np.diag([*DATA_SCALE, 1])
    ours = camera3d.clip_matrix(RANGES, (1, 1, 0.85), CAMERA, PLOT)
    np.testing.assert_allclose(ours, browser, atol=1e-9)


def test_ticks_are_scene_js_ticks():
    # what scene.js's ticks3d set on this scene (read back from the layout in the browser)
    assert camera3d.ticks3d(RANGES) == [[-0.2, -0.15, -0.1, -0.05], [0.1, 0.2, 0.3], [0.0, 0.2, 0.4]]


def test_fit_camera_backs_off_until_every_point_is_in():
    pts = RANGES.T[[0, 1]] + np.array([[-0.3, 0, 0], [0.3, 0, 0]])  # far outside the box along x
    cam = camera3d.fit_camera(CAMERA, pts, RANGES, (1, 1, 0.85), PLOT)
    rx, ry = camera3d.reach(camera3d.clip_matrix(RANGES, (1, 1, 0.85), cam, PLOT), pts)
    assert max(rx, ry) == np.float64(max(rx, ry)) and abs(max(rx, ry) - camera3d.FIT) < 1e-9
    inside = RANGES.mean(1, keepdims=True).T  # a point at the centre: nothing moves
    assert camera3d.fit_camera(CAMERA, inside, RANGES, (1, 1, 0.85), PLOT) is CAMERA


def test_a_plane_is_clipped_to_the_box():
    square = np.array([[-2, -2, 0.5], [2, -2, 0.5], [2, 2, 0.5], [-2, 2, 0.5]])
    box = np.array([[0, 1], [0, 1], [0, 1]])
    clipped = camera3d.clip_to_box(square, box)
    assert sorted(map(tuple, clipped.round(9).tolist())) == [(0, 0, 0.5), (0, 1, 0.5), (1, 0, 0.5), (1, 1, 0.5)]
    assert len(camera3d.clip_to_box(square + [0, 0, 5], box)) == 0


def test_a_flat_3d_stills_tick_labels_do_not_overprint(monkeypatch):
    """affine_manifolds' box is flat (equal units): scene.js's five z ticks on its 30 px z axis
    printed over each other in the still and the scene (-0.5, -0.25, 0, 0.25, 0.5); the figure
    gives that axis two of its own. Every label of its desktop and phone stills is checked."""
    from matplotlib.text import Text

    from figures.pipeline.runner import run_figure
    from figures.render import svg

    met, real = [], svg.save_png

    def check(fig, **kw):
        fig.canvas.draw()  # mplot3d places its labels as it draws
        renderer = fig.canvas.get_renderer()
        boxes = [(t.get_text(), t.get_window_extent(renderer)) for t in fig.findobj(Text)
                 if t.get_visible() and t.get_text().strip()]
        met.extend(f"{a!r} and {b!r}" for i, (a, p) in enumerate(boxes) for b, q in boxes[i + 1:]
                   if min(p.x1, q.x1) - max(p.x0, q.x0) > 1 and min(p.y1, q.y1) - max(p.y0, q.y0) > 1)
        return real(fig, **kw)

    monkeypatch.setattr(svg, "save_png", check)
    run_figure("figures.articles.affine_and_squash", "affine_manifolds", {"n": 150}, 0, False, "cpu")
    assert not met, f"labels printed over each other: {met}"


def test_phone_axis_titles_leave_out_what_the_title_says():
    from figures.render.camera3d import phone_axis_titles

    layer = ["layer 1 · unit 1", "layer 1 · unit 2", "layer 1 · unit 3"]
    assert phone_axis_titles("layer 1, no activation", layer) == ["unit 1", "unit 2", "unit 3"]
    assert phone_axis_titles("a 2-3-3-1 net", layer) == layer  # the title does not say which layer
    assert phone_axis_titles("layer 1", [*layer[:2], "layer 2 · unit 3"]) == [*layer[:2], "layer 2 · unit 3"]
    assert phone_axis_titles("PCA", ["PCA 1", "PCA 2", "PCA 3"]) == ["PCA 1", "PCA 2", "PCA 3"]


def test_a_phone_3d_stills_axis_titles_do_not_run_into_each_other(monkeypatch):
    """linear_net's layers on a phone: two axes' edges lie one above the other at the box's left, and
    their titles ("layer 1 · unit 3" over "layer 1 · unit 1", each longer than its edge) ran into
    each other in the scene and over the tick labels in the still; the phone still (and its scene,
    scenes.PAGE) now write "unit 3" and "unit 1". No axis title overlaps another or a tick label."""
    from figures.articles import why_more_layers
    from figures.context import Context
    from figures.render import style, svg

    boxes, save = [], svg.save_png

    def spy(fig):
        if round(fig.get_figwidth() * svg.DPI) == style.PHONE_PX:
            fig.canvas.draw()
            ax, r = fig.axes[0], fig.canvas.get_renderer()
            axes = (ax.xaxis, ax.yaxis, ax.zaxis)
            ticks = [t.get_window_extent(r) for a in axes for t in a.get_ticklabels() if t.get_text()]
            boxes.append(([a.label.get_window_extent(r) for a in axes], ticks))
        return save(fig)

    monkeypatch.setattr(svg, "save_png", spy)
    why_more_layers.linear_net(Context(), steps=1000, lr=0.05)
    assert len(boxes) == 2  # layers 1 and 2
    for k, (titles, ticks) in enumerate(boxes):
        assert len(ticks) >= 6
        for i, j in ((0, 1), (0, 2), (1, 2)):
            assert not titles[i].overlaps(titles[j]), f"layer {k + 1}: axis titles {i + 1} and {j + 1} overlap"
        for i, title in enumerate(titles):
            assert not any(title.overlaps(t) for t in ticks), f"layer {k + 1}: axis title {i + 1} over a tick label"
