"""figures/measures.py: lines, bands, dominance and creases, on cases with known answers."""

from __future__ import annotations

import numpy as np

from figures import measures as mx


def _rings(n: int = 200) -> tuple[np.ndarray, np.ndarray]:
    t = np.linspace(0, 2 * np.pi, n, endpoint=False)
    y = np.arange(n) % 2
    r = np.where(y == 1, 0.5, 1.0)
    return np.stack([r * np.cos(t), r * np.sin(t)], 1), y


def test_linear_separability():
    X = np.array([[0, 0], [1, 0], [0, 1], [1, 1]], dtype=float)
    assert mx.linearly_separable(X, np.array([0, 0, 0, 1]))  # AND
    assert not mx.linearly_separable(X, np.array([0, 1, 1, 0]))  # XOR
    assert not mx.linearly_separable(*_rings())


def test_best_linear_accuracy():
    X = np.array([[0, 0], [1, 0], [0, 1], [1, 1]], dtype=float)
    assert mx.best_linear_accuracy(X, np.array([0, 0, 0, 1])) == 1.0
    assert mx.best_linear_accuracy(X, np.array([0, 1, 1, 0])) == 0.75  # XOR: one corner always wrong
    acc = mx.best_linear_accuracy(*_rings())
    assert 0.6 < acc < 0.75  # a slice off both rings, never the whole inner one


def test_band_accuracy():
    X = np.array([[0, 0], [0.1, -0.1], [1, 1], [-1, -1]], dtype=float)
    y = np.array([0, 0, 1, 1])
    assert mx.band_accuracy(X, y, (1, 1), 0.5) == 1.0
    assert mx.band_accuracy(X, 1 - y, (1, 1), 0.5) == 1.0  # the flipped rule
    assert mx.band_accuracy(X, y, (1, -1), 0.05) == 0.75


def test_dominated_inner():
    Z = np.array([[0, 0], [1, 1], [2, -1]], dtype=float)
    y = np.array([1, 0, 0])
    assert mx.dominated_inner(Z, y, np.array([1, 1])) == 1  # (1, 1) >= (0, 0)
    assert mx.dominated_inner(Z, y, np.array([-1, -1])) == 0  # now (0, 0) is on top
    assert mx.dominated_inner(Z, y, np.array([1, -1])) == 1  # (2, -1) -> (2, 1) >= (0, 0)
    # rings in any linear coordinates: some outer point always lies beyond some inner point
    X, y = _rings()
    for signs in ([1, 1], [1, -1], [-1, 1], [-1, -1]):
        assert mx.dominated_inner(X @ np.array([[1.0, 0.3], [-0.2, 0.8]]), y, np.array(signs)) > 0


def test_duplicate_creases():
    W = np.array([[1.0, 2.0, 0.0], [0.0, 0.0, 1.0]])
    b = np.array([0.5, 1.0, 0.0])
    assert mx.duplicate_creases(W, b) == 1  # units 1 and 2: the same line x1 = -0.5
    assert mx.duplicate_creases(W * np.array([1, -1, 1]), b * np.array([1, -1, 1])) == 1  # facing away
    assert mx.duplicate_creases(np.eye(2, 3) + [[0, 0, 1], [0, 0, 1]], np.zeros(3)) == 0


def _values(f, extent=(-1.0, 1.0, -1.0, 1.0), size=101) -> np.ndarray:
    gx = np.linspace(extent[0], extent[1], size)
    xx, yy = np.meshgrid(gx, np.linspace(extent[2], extent[3], size))
    return f(xx, yy)


def test_zero_set_of_a_linear_function_is_its_line():
    Z = _values(lambda x, y: 0.7 * x - 0.4 * y + 0.1)
    P = mx.zero_set(Z, (-1, 1, -1, 1))
    assert len(P) > 50
    np.testing.assert_allclose(0.7 * P[:, 0] - 0.4 * P[:, 1] + 0.1, 0, atol=1e-12)
    assert mx.line_deviation(P) < 1e-12


def test_zero_set_of_a_circle_strays_by_its_radius():
    P = mx.zero_set(_values(lambda x, y: 0.25 - x * x - y * y), (-1, 1, -1, 1))
    np.testing.assert_allclose(np.hypot(P[:, 0], P[:, 1]), 0.5, atol=1e-3)
    assert abs(mx.line_deviation(P) - 0.5) < 0.01  # a whole circle: every line misses it by r


def test_no_zero_set_where_the_sign_never_changes():
    assert mx.zero_set(_values(lambda x, y: 1 + x * x), (-1, 1, -1, 1)).shape == (0, 2)
    assert mx.line_deviation(np.array([[0.0, 0.0], [1.0, 1.0]])) == 0.0


def test_linear_pieces_counts_regions_crossed():
    from figures.measures import linear_pieces

    # a horizontal line y = 0.1 crossing the vertical lines x = -0.5 and x = 0.5: three pieces,
    # and a vertex a hair across a kink (x = 0.5 + 1e-9, then back) adds none
    line = np.array([[-1, 0.1], [-0.5 - 1e-9, 0.1], [0, 0.1], [0.5 + 1e-9, 0.1], [0.5 - 1e-9, 0.1], [1, 0.1]])
    patterns = lambda P: np.stack([P[:, 0] > -0.5, P[:, 0] > 0.5], 1)  # noqa: E731
    assert linear_pieces([line], patterns) == 3
    assert linear_pieces([line[:2], line[3:]], patterns) == 3  # two polylines: 1 + 2 regions
    assert linear_pieces([], patterns) == 0
