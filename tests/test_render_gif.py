"""boundary_gif: frames, colours, orientation, boundary line, timing info, size, errors."""

import io

import numpy as np
import pytest
from gif_frames import gif_frames
from PIL import Image

from figures.render import gif
from figures.render.kinds import ProbabilityField
from figures.render.style import CLASS_COLORS, INK, PROB_STOPS, hex_to_rgb

EXTENT = (-1.0, 1.0, -1.0, 1.0)
G = 50


def grid():
    """(xx, yy) at the renderer's grid convention: row 0 = ymin, column 0 = xmin."""
    g = np.linspace(-1.0, 1.0, G)
    return np.meshgrid(g, g)


def boundary_gif(probs, X, y, extent, **options) -> bytes:
    return gif.boundary_gif(ProbabilityField(probs, extent, X, y), **options).data


def sigmoid(z):
    return 1 / (1 + np.exp(-z))




def pixel(x, y, size, extent=EXTENT):
    """(row, col) of the pixel holding data point (x, y)."""
    xmin, xmax, ymin, ymax = extent
    return int((ymax - y) / (ymax - ymin) * size), int((x - xmin) / (xmax - xmin) * size)


def close(rgb, color, tol=4):
    return np.abs(np.asarray(rgb) - hex_to_rgb(color)).max() <= tol


def two_points():
    return np.array([[0.5, -0.5], [-0.5, 0.5]]), np.array([1, 0])


def test_frame_count_and_size():
    xx, _ = grid()
    probs = [sigmoid(4 * xx - k) for k in range(6)]
    X, y = two_points()
    data = boundary_gif(probs, X, y, EXTENT, size=120, labels=[f"step {k}" for k in range(6)])
    im = Image.open(io.BytesIO(data))
    assert im.format == "GIF"
    assert im.n_frames == 6
    assert im.size == (120, 120)


def test_point_centres_have_class_colours():
    X, y = two_points()
    size = 200
    data = boundary_gif([np.full((G, G), 0.5)], X, y, EXTENT, size=size)
    rgb = gif_frames(data)[0]
    for (px, py), label in zip(X, y):
        assert close(rgb[pixel(px, py, size)], CLASS_COLORS[label], tol=2)


def test_confident_region_is_the_light_class_tone():
    X, y = two_points()
    size = 200
    rgb = gif_frames(boundary_gif([np.ones((G, G))], X, y, EXTENT, size=size))[0]
    assert close(rgb[size - 10, size - 10], PROB_STOPS[-1][1])  # bottom-right, no point there
    rgb = gif_frames(boundary_gif([np.zeros((G, G))], X, y, EXTENT, size=size))[0]
    assert close(rgb[size - 10, size - 10], PROB_STOPS[0][1])


def test_boundary_line_where_p_crosses_half():
    xx, _ = grid()
    size = 200
    probs = [sigmoid(10 * (xx - 0.2))]  # boundary on the vertical line x = 0.2
    rgb = gif_frames(boundary_gif(probs, np.zeros((0, 2)), np.zeros(0, int), EXTENT, size=size))[0]
    ink = np.all(np.abs(rgb - hex_to_rgb(INK)) <= 4, axis=2)
    col = pixel(0.2, 0.0, size)[1]
    rows = np.arange(size)
    hits = ink[:, col - 1:col + 2].any(axis=1)
    assert hits[rows[20:-20]].all()  # a continuous line from top to bottom
    ink[:, col - 2:col + 3] = False
    assert not ink.any()  # and nowhere else


def test_y_axis_points_up():
    _, yy = grid()
    size = 200
    X, y = np.array([[0.0, 0.8]]), np.array([1])
    probs = [sigmoid(10 * yy)]  # class 1 where y > 0
    rgb = gif_frames(boundary_gif(probs, X, y, EXTENT, size=size))[0]
    is_point = np.all(np.abs(rgb - hex_to_rgb(CLASS_COLORS[1])) <= 2, axis=2)
    rows = np.nonzero(is_point)[0]
    assert rows.size and rows.max() < 0.2 * size
    assert close(rgb[5, size - 5], PROB_STOPS[-1][1], tol=8)  # top is P(1) ~ 1
    assert close(rgb[size - 5, size - 5], PROB_STOPS[0][1], tol=8)  # bottom is P(1) ~ 0


def test_deterministic_bytes():
    xx, yy = grid()
    probs = [sigmoid(3 * xx + k * yy) for k in range(4)]
    rng = np.random.default_rng(1)
    X, y = rng.uniform(-1, 1, (100, 2)), rng.integers(0, 2, 100)
    labels = [f"epoch {k} · acc 9{k}.5%" for k in range(4)]
    a = boundary_gif(probs, X, y, EXTENT, size=160, labels=labels)
    b = boundary_gif([p.copy() for p in probs], X.copy(), y.copy(), EXTENT, size=160, labels=labels)
    assert a == b


def test_last_frame_held_longer():
    xx, _ = grid()
    probs = [sigmoid(4 * xx - k) for k in range(4)]
    X, y = two_points()
    im = Image.open(io.BytesIO(boundary_gif(probs, X, y, EXTENT, size=80, fps=10, hold_last=8)))
    durations = []
    for i in range(im.n_frames):
        im.seek(i)
        durations.append(im.info["duration"])
    assert durations == [100, 100, 100, 800]
    assert im.info.get("loop") == 0


def test_later_frames_composite_to_a_full_render():
    xx, yy = grid()
    probs = [sigmoid(4 * xx - 2 * k * yy) for k in range(4)]
    rng = np.random.default_rng(2)
    X, y = rng.uniform(-1, 1, (60, 2)), rng.integers(0, 2, 60)
    labels = ["a", "bb", "ccc", "dd"]
    animated = gif_frames(boundary_gif(probs, X, y, EXTENT, size=150, labels=labels))
    for k in (1, 3):  # delta frames decoded on top of the earlier ones = rendered alone
        alone = gif_frames(boundary_gif(probs[k:k + 1], X, y, EXTENT, size=150, labels=labels[k:k + 1]))
        assert np.array_equal(animated[k], alone[0])


def test_identical_frames_merge_into_one_longer_frame():
    xx, _ = grid()
    p, q = sigmoid(4 * xx), sigmoid(4 * xx - 1)
    X, y = two_points()
    im = Image.open(io.BytesIO(boundary_gif([p, p, q, q], X, y, EXTENT, size=80, hold_last=3)))
    assert im.n_frames == 2
    assert im.info["duration"] == 200
    im.seek(1)
    assert im.info["duration"] == 400


def test_forty_frames_at_400px_stay_small():
    rng = np.random.default_rng(0)
    X = rng.uniform(-1.5, 1.5, (1000, 2))
    y = (np.hypot(X[:, 0], X[:, 1]) < 0.75).astype(int)
    g = np.linspace(-1.5, 1.5, 200)
    dist = np.hypot(*np.meshgrid(g, g))
    probs = [sigmoid(-8 * (dist - (0.2 + 0.55 * i / 39))) for i in range(40)]
    labels = [f"epoch {10 * i} · acc {50 + i:.1f}%" for i in range(40)]
    data = boundary_gif(probs, X, y, (-1.5, 1.5, -1.5, 1.5), labels=labels)
    assert len(data) <= 500_000
    assert Image.open(io.BytesIO(data)).n_frames == 40


def ok_args():
    X, y = two_points()
    return {"probs": [np.full((G, G), 0.5)] * 2, "X": X, "y": y, "extent": EXTENT}


@pytest.mark.parametrize(
    "change, message",
    [
        ({"probs": []}, "empty"),
        ({"probs": [np.zeros((G, G)), np.zeros((G, G + 1))]}, "shape"),
        ({"probs": [np.zeros(G)]}, "2-D"),
        ({"probs": [np.full((G, G), np.nan)]}, "NaN"),
        ({"X": np.zeros((2, 3))}, "X must have shape"),
        ({"y": np.array([0, 1, 1])}, "y must have shape"),
        ({"y": np.array([0, 2])}, "labels 0 and 1"),
        ({"extent": (1.0, -1.0, -1.0, 1.0)}, "extent"),
        ({"extent": (-1.0, 1.0, -1.0)}, "extent"),
        ({"labels": ["only one"]}, "labels has 1 entries for 2 frames"),
        ({"size": 4}, "size"),
        ({"fps": 0}, "fps"),
        ({"hold_last": 0}, "hold_last"),
    ],
)
def test_bad_input_raises(change, message):
    args = ok_args() | change
    probs, X, y, extent = (args.pop(k) for k in ("probs", "X", "y", "extent"))
    with pytest.raises(ValueError, match=message):
        boundary_gif(probs, X, y, extent, **args)
