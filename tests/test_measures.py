"""The measures on cases whose answers are known without the code: textbook intervals,
hand-built nets, finite differences, curves drawn on purpose."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from figures import measures
from figures.models.nets import StackedMLP


def hand_net(activation: str, *models: list[tuple[list, list]]) -> StackedMLP:
    """A stack of hand-set models; each is a list of (W (in, out), b (out,)) per layer."""
    weights = [torch.tensor(np.array([m[k][0] for m in models]), dtype=torch.float32) for k in range(len(models[0]))]
    biases = [torch.tensor(np.array([[m[k][1]] for m in models]), dtype=torch.float32) for k in range(len(models[0]))]
    sizes = (weights[0].shape[1], *(w.shape[2] for w in weights))
    return StackedMLP(sizes, activation, weights, biases)


OUT = ([[1.0], [1.0]], [0.0])  # a last layer the measures do not look at
DISK = np.array([(x, y) for x in np.linspace(-1, 1, 41) for y in np.linspace(-1, 1, 41) if x * x + y * y <= 1],
                dtype=np.float32)


# --- rates ------------------------------------------------------------------------------------


@pytest.mark.parametrize("k, n, low, high", [
    (0, 24, 0.0, 0.1380),  # z²/(n + z²)
    (12, 24, 0.3143, 0.6857),
    (0, 20, 0.0, 0.1611),  # Newcombe (1998), Stat. Med. 17:857, table I, method 3
    (81, 263, 0.2553, 0.3662),
    (15, 148, 0.0624, 0.1605),
])
def test_wilson_textbook_values(k, n, low, high):
    lo, hi = measures.wilson(k, n)
    assert lo == pytest.approx(low, abs=5e-5) and hi == pytest.approx(high, abs=5e-5)


def test_wilson_edges_and_symmetry():
    assert measures.wilson(0, 0) == (0.0, 1.0)
    assert measures.wilson(10, 10)[1] == 1.0 and measures.wilson(0, 10)[0] == 0.0
    lo, hi = measures.wilson(7, 30)
    lo2, hi2 = measures.wilson(23, 30)
    assert lo == pytest.approx(1 - hi2) and hi == pytest.approx(1 - lo2)


def test_success_counts_rates_and_threshold():
    acc = np.array([1.0, 1.0, 0.5, 0.9975, 1.0, 0.2], dtype=np.float32)
    s = measures.success(acc)
    assert (s.k, s.n, s.failures) == (3, 6, 3) and s.rate == 0.5
    assert (s.low, s.high) == measures.wilson(3, 6)
    # 70 of 100 points right is "at least 0.7", although float32's 70/100, once widened, is 0.69999999
    widened = np.float32([70 / 100, 69 / 100]).astype(np.float64)
    assert widened[0] < 0.7 and measures.success(widened, 0.7).k == 1
    assert measures.success(np.float32([0.6999]), 0.7).k == 0


def test_intervals_keep_the_shape_and_match_wilson():
    k = np.array([[0, 3], [12, 24]])
    lo, hi = measures.intervals(k, 24)
    assert lo.shape == hi.shape == (2, 2)
    assert (lo[1, 0], hi[1, 0]) == measures.wilson(12, 24) and hi[0, 0] == measures.wilson(0, 24)[1]


# --- shape of point clouds --------------------------------------------------------------------


def test_singular_ratio_flat_and_round():
    rng = np.random.default_rng(0)
    flat = rng.normal(size=(100, 2)) @ rng.normal(size=(2, 3)) + 1.0
    assert measures.singular_ratio(flat) < 1e-10
    assert measures.singular_ratio(rng.normal(size=(2000, 3))) > 0.8
    line = np.outer(rng.normal(size=50), [1.0, 2.0]).astype(np.float32)
    assert measures.singular_ratio(line, np.float32) < 1e-6
    circle = np.stack([np.cos(np.arange(8) * np.pi / 4), np.sin(np.arange(8) * np.pi / 4)], 1)
    assert measures.singular_ratio(circle) == pytest.approx(1.0)


def test_mean_confidence_and_corner_share():
    assert measures.mean_confidence(np.array([0.5, 0.5])) == 0.0
    assert measures.mean_confidence(np.array([0.0, 1.0, 1.0])) == 0.5
    pts = np.array([[0.9, 0.9], [0.95, 0.8], [-0.9, 0.95], [0.0, 0.0]])
    assert measures.corner_share(pts, 0.3) == 0.5
    assert measures.corner_share(pts, 0.01) == 0.0


# --- separability -----------------------------------------------------------------------------


XOR = np.array([[0, 0], [1, 1], [0, 1], [1, 0]], dtype=float)
XOR_Y = np.array([0, 0, 1, 1])


def test_xor_corners_are_not_separable_shifted_clouds_are():
    assert measures.separating_plane(XOR, XOR_Y) is None
    rng = np.random.default_rng(1)
    P = np.concatenate([rng.normal(size=(50, 3)), rng.normal(size=(50, 3)) + [6, 0, 0]])
    y = np.repeat([0, 1], 50)
    w, c = measures.separating_plane(P, y)
    side = P @ w + c
    assert (side[y == 1] > 0).all() and (side[y == 0] < 0).all()


def test_separable_per_model_and_layer():
    # model 0 lifts XOR with relu(x1 + x2 - 1), which is 1 only at (1, 1); model 1 keeps the plane
    lift = [([[1, 0, 1], [0, 1, 1]], [0, 0, -1]), ([[1], [1], [1]], [0])]
    keep = [([[1, 0, 0], [0, 1, 0]], [0, 0, 0]), ([[1], [1], [1]], [0])]
    net = hand_net("relu", lift, keep)
    assert measures.separable(net, XOR, XOR_Y, layer=0).tolist() == [True, False]


# --- hidden layers, orientation, folds ----------------------------------------------------------


@pytest.mark.parametrize("activation", ["relu", "tanh", "sigmoid"])
def test_float64_layers_match_the_model(activation):
    net = StackedMLP.init((2, 5, 3, 1), activation, [0, 1])
    X = torch.randn(40, 2)
    for ours, theirs in zip(measures.activations(net, X), net.layers(X)[:-1]):
        assert ours.dtype == torch.float64 and torch.allclose(ours.float(), theirs, atol=1e-6)


def _numpy_z2(W0, b0, W1, b1, x):
    return np.tanh(x @ W0 + b0) @ W1 + b1


def test_jacobian_det_against_finite_differences():
    W0, b0 = np.array([[1.2, -0.7], [0.4, 0.9]]), np.array([0.3, -0.2])
    W1, b1 = np.array([[0.8, 1.1], [-1.5, 0.6]]), np.array([0.1, 0.0])
    net = hand_net("tanh", [(W0, b0), (W1, b1), OUT])
    X = np.array([[0.1, -0.4], [0.9, 0.3], [-0.6, 0.7]], dtype=np.float32)
    Xd, W0, b0, W1, b1 = (np.asarray(a, dtype=np.float32).astype(np.float64) for a in (X, W0, b0, W1, b1))
    dets = measures.jacobian_dets(net, X)[0].numpy()
    eps = 1e-6
    for x, det in zip(Xd, dets):
        J = np.stack([(_numpy_z2(W0, b0, W1, b1, x + e) - _numpy_z2(W0, b0, W1, b1, x - e)) / (2 * eps)
                      for e in np.eye(2) * eps])
        assert det == pytest.approx(np.linalg.det(J), rel=1e-6)
    with pytest.raises(ValueError):
        measures.jacobian_dets(hand_net("relu", [(W0, b0), (W1, b1), OUT]), X)


# 2-3-2 tanh maps to the 2-unit layer. KEEPS: (tanh x1, tanh x2), one-to-one. FOLDS: (tanh x1,
# tanh(3 x2 + 1.5) + tanh(1.5 - 3 x2)), a bump in x2 that rises for x2 < 0 and falls for x2 > 0,
# so its orientation flips exactly where x2 > 0 (the disk folded along x2 = 0).
KEEPS = [([[1, 0, 1], [0, 1, 1]], [0, 0, 0]), ([[1, 0], [0, 1], [0, 0]], [0, 0]), OUT]
FOLDS = [([[1, 0, 0], [0, 3, -3]], [0, 1.5, 1.5]), ([[1, 0], [0, 1], [0, 1]], [0, 0]), OUT]


def test_fold_fraction_zero_for_monotone_map_and_half_for_a_fold():
    fold = measures.fold_fractions(hand_net("tanh", KEEPS, FOLDS), DISK)
    assert fold[0] == 0.0
    assert fold[1] == pytest.approx(min((DISK[:, 1] > 0).mean(), (DISK[:, 1] < 0).mean())) and fold[1] > 0.4


# --- winding ----------------------------------------------------------------------------------


def _circle(m=100, r=1.0, centre=(0.0, 0.0)):
    t = np.linspace(0, 2 * np.pi, m, endpoint=False)
    return np.stack([r * np.cos(t), r * np.sin(t)], 1) + centre


def test_winding_inside_outside_reversed_twice():
    pts = np.array([[0.0, 0.0], [0.5, -0.5], [3.0, 0.0], [-1.5, 0.2]])
    c = _circle()
    assert measures.winding(c, pts).tolist() == [1, 1, 0, 0]
    assert measures.winding(c[::-1], pts).tolist() == [-1, -1, 0, 0]
    assert measures.winding(np.concatenate([c, c]), pts).tolist() == [2, 2, 0, 0]


def test_enclosed_fraction_of_affine_layers():
    # one invertible affine layer keeps what is inside inside, mirrored (winding -1) or not
    ident = [([[1, 0], [0, 1]], [0, 0]), OUT]
    mirror = [([[1, 0], [0, -1]], [0, 0]), OUT]
    shifted = [([[2, 0], [0, 2]], [5, -3]), OUT]
    pts = np.array([[0.0, 0.0], [0.5, 0.0], [2.0, 0.0]], dtype=np.float32)
    enc = measures.enclosed_fractions(hand_net("tanh", ident, mirror, shifted), _circle(), pts)
    assert enc.tolist() == pytest.approx([2 / 3] * 3)
    # the bump map of the fold test sends the upper and the lower half circle onto one arc, traced
    # there and back: the image no longer goes around the origin's image; the one-to-one map does
    enc = measures.enclosed_fractions(hand_net("tanh", KEEPS, FOLDS), _circle(), np.zeros((1, 2), np.float32))
    assert enc.tolist() == [1.0, 0.0]


# --- dead units -------------------------------------------------------------------------------


def test_dead_relu_units_and_constant_tanh_units():
    X = DISK
    layers = [([[1, 0, 1], [0, 1, -1]], [0, -100, 0]),  # unit 2: bias far below anything W x reaches
              ([[1, 0], [1, 0], [1, 0]], [0.5, -1]),  # unit 2: no weight, negative bias: always 0
              ([[1], [1]], [0])]
    dead = measures.dead_units(hand_net("relu", layers), X)
    assert [d.tolist() for d in dead] == [[[False, True, False]], [[False, True]]]
    alive = measures.dead_units(StackedMLP.init((2, 4, 1), "relu", [0]), X)
    assert not alive[0].any()
    tanh = [([[1, 0], [0, 0]], [0, 0.3]), OUT]  # unit 2 reads nothing: tanh(0.3) everywhere
    assert measures.dead_units(hand_net("tanh", tanh), X)[0].tolist() == [[False, True]]
