"""Known answers for figures/probes.py (representation measurements of the digits figure)."""

import numpy as np
import pytest

from figures import probes


def _blobs(n=60, gap=10.0, seed=0):
    rng = np.random.default_rng(seed)
    y = np.arange(n) % 3
    X = rng.normal(size=(n, 4)) * 0.1 + gap * np.eye(4)[y]
    return X, y


def test_knn_and_probe_are_perfect_on_far_apart_blobs():
    X, y = _blobs()
    Xt, yt = _blobs(seed=1)
    assert probes.knn_accuracy(X, y, Xt, yt) == 1.0
    assert probes.probe_accuracy(X, y, Xt, yt) == 1.0


def test_knn_is_at_chance_on_noise():
    rng = np.random.default_rng(0)
    X, Xt = rng.normal(size=(600, 3)), rng.normal(size=(600, 3))
    y, yt = rng.integers(0, 2, 600), rng.integers(0, 2, 600)
    assert abs(probes.knn_accuracy(X, y, Xt, yt) - 0.5) < 0.08


def test_probe_cannot_split_xor_but_knn_can():
    X = np.array([[0, 0], [1, 1], [0, 1], [1, 0]] * 25, dtype=float)
    X += np.random.default_rng(0).normal(size=X.shape) * 0.05
    y = np.array([0, 0, 1, 1] * 25)
    assert probes.knn_accuracy(X, y, X, y) == 1.0
    assert probes.probe_accuracy(X, y, X, y) <= 0.75


def test_pca_share_of_points_on_a_plane_is_one():
    rng = np.random.default_rng(0)
    P = rng.normal(size=(200, 2)) @ rng.normal(size=(2, 5))
    mu, axes, share = probes.pca_axes(P, 2)
    assert share == pytest.approx(1.0)
    assert axes.shape == (2, 5) and np.allclose(axes @ axes.T, np.eye(2))
    # isotropic noise in 4-D: three of four axes keep about three quarters
    assert probes.pca_axes(rng.normal(size=(20000, 4)), 3)[2] == pytest.approx(0.75, abs=0.02)


def test_class_means_confusion_and_ranks():
    X = np.array([[0.0], [0.0], [1.0], [1.0], [5.0], [5.0]])
    y = np.array([0, 0, 1, 1, 2, 2])
    D = probes.class_mean_distances(X, y, 3)
    assert D[0, 1] == 1 and D[1, 2] == 4 and D[0, 2] == 5 and D[1, 1] == 0
    assert probes.pair_ranks(D) == {(0, 1): 1, (1, 2): 2, (0, 2): 3}
    C = probes.confusion(np.array([0, 0, 1, 2]), np.array([0, 1, 1, 2]), 3)
    assert C.tolist() == [[1, 1, 0], [0, 1, 0], [0, 0, 1]]


def test_logistic_probe_is_perfect_on_blobs_and_cannot_split_xor():
    X, y = _blobs()
    Xt, yt = _blobs(seed=1)
    assert probes.logistic_probe_accuracy(X, y, Xt, yt) == 1.0
    X = np.array([[0, 0], [1, 1], [0, 1], [1, 0]] * 25, dtype=float)
    X += np.random.default_rng(0).normal(size=X.shape) * 0.05
    y = np.array([0, 0, 1, 1] * 25)
    assert probes.logistic_probe_accuracy(X, y, X, y) <= 0.75


def test_logistic_probe_is_not_fooled_by_far_points_that_fool_least_squares():
    # one class split in a near and a far cluster on the same side: every point is separable by a
    # line, but least squares bends its boundary towards the far points and gets some wrong
    rng = np.random.default_rng(0)
    a = rng.normal(size=(100, 2)) * 0.3 + [0, 0]
    b = np.vstack([rng.normal(size=(90, 2)) * 0.3 + [2, 0], rng.normal(size=(10, 2)) * 0.3 + [40, 8]])
    X, y = np.vstack([a, b]), np.repeat([0, 1], 100)
    assert probes.logistic_probe_accuracy(X, y, X, y) > probes.probe_accuracy(X, y, X, y)


def test_effective_dimension_of_a_line_a_round_cloud_and_a_flat_one():
    rng = np.random.default_rng(0)
    assert probes.effective_dimension(rng.normal(size=(500, 1)) @ rng.normal(size=(1, 6))) == pytest.approx(1.0)
    assert probes.effective_dimension(rng.normal(size=(20000, 5))) == pytest.approx(5.0, rel=0.02)
    # variances 1 and 1/4 on two axes: (1.25)² / (1 + 1/16)
    flat = rng.normal(size=(40000, 2)) * [1.0, 0.5]
    assert probes.effective_dimension(flat) == pytest.approx(1.25**2 / (1 + 1 / 16), rel=0.02)
