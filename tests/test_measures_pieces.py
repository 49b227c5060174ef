"""figures/measures.py: linear pieces on a line and activation regions on a grid, on known answers."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from figures import measures as mx
from figures.models import nets

LINE = np.linspace(0, 1, 100_001)


@pytest.mark.parametrize("depth", range(1, 9))
def test_the_hand_set_sawtooth_has_exactly_2_to_the_depth_pieces(depth):
    net = nets.sawtooth(depth)
    assert mx.line_pieces(net, LINE).tolist() == [2 ** depth]
    f = mx.net_on_line(net, LINE)[0]
    assert f.min() >= -1e-12 and f.max() <= 1 + 1e-12
    # the kinks sit at k / 2^depth: the value there is 0 or 1 in turn
    k = np.arange(2 ** depth + 1)
    at = mx.net_on_line(net, k / 2 ** depth)[0]
    assert np.allclose(at, k % 2, atol=1e-12)


def test_pieces_of_simple_functions():
    x = np.linspace(-1, 1, 2001)
    assert mx.pieces_on_line(x, 3 * x + 1) == 1
    assert mx.pieces_on_line(x, np.abs(x)) == 2
    assert mx.pieces_on_line(x, np.abs(x - 0.123456)) == 2  # kink inside a cell, not on a point
    assert mx.pieces_on_line(x, np.maximum(0, x - 0.3) + np.maximum(0, -x - 0.5)) == 3
    assert mx.pieces_on_line(x, np.abs(x) * 1e-3) == 2  # small slopes still count
    noise = np.random.default_rng(0).normal(0, 1e-16, x.shape)
    assert mx.pieces_on_line(x, 0.25 + noise) == 1  # a flat function's rounding is no kink


@pytest.mark.parametrize("units", [1, 3, 8, 20])
def test_one_hidden_layer_of_n_units_has_at_most_n_plus_1_pieces(units):
    net = nets.StackedMLP.init((1, units, 1), "relu", list(range(20)))
    x = np.linspace(-3, 3, 60_001)
    pieces = mx.line_pieces(net, x)
    assert (pieces <= units + 1).all() and pieces.max() >= 2
    # the oracle: one kink per unit whose kink -b/w lies inside the interval (weights are nonzero)
    W, b, v = net.weights[0][:, 0].numpy(), net.biases[0][:, 0].numpy(), net.weights[1][:, :, 0].numpy()
    kinks = [len({round(float(k), 9) for k, out in zip(-bs / ws, vs) if -3 < k < 3 and out != 0})
             for ws, bs, vs in zip(W, b, v)]
    assert pieces.tolist() == [k + 1 for k in kinks]


def _lines(W, b):
    """A 2-k-1 ReLU stack of one model whose first layer's creases are the lines w_k·x + b_k = 0."""
    W, b = np.asarray(W, dtype=np.float32), np.asarray(b, dtype=np.float32)
    k = W.shape[1]
    return nets.StackedMLP((2, k, 1), "relu", [torch.tensor(W)[None], torch.ones(1, k, 1)],
                           [torch.tensor(b)[None, None], torch.zeros(1, 1, 1)])


GRID = np.stack(np.meshgrid(np.linspace(-1, 1, 401), np.linspace(-1, 1, 401)), -1).reshape(-1, 2)


def test_regions_of_line_arrangements():
    # the two axes cut the square into 4; a third line x + y = 1/2 crossing both makes 7
    assert mx.region_counts(_lines([[1, 0], [0, 1]], [0, 0]), GRID).tolist() == [4]
    W, b = [[1, 0, 1], [0, 1, 1]], [0, 0, -0.5]
    assert mx.region_counts(_lines(W, b), GRID).tolist() == [7]
    assert mx.arrangement_regions(np.array(W, float), np.array(b, float), (-1, 1, -1, 1)) == 7
    # a line that misses the square adds nothing
    assert mx.region_counts(_lines([[1, 0], [0, 1]], [0, 5]), GRID).tolist() == [2]


def test_region_count_of_random_lines_matches_the_exact_count():
    rng = np.random.default_rng(0)
    W, b = rng.normal(size=(2, 6)), rng.uniform(-0.5, 0.5, 6)
    labels, count = mx.region_labels(mx.activation_patterns(_lines(W, b), GRID)[0])
    assert count == mx.arrangement_regions(W, b, (-1, 1, -1, 1)) == labels.max() + 1
    assert labels.shape == (len(GRID),)


def test_deep_regions_are_at_least_the_first_layers():
    # a deeper layer can only split the first layer's regions further
    net = nets.StackedMLP.init((2, 6, 6, 1), "relu", [0, 1, 2])
    first = nets.StackedMLP((2, 6, 1), "relu", [net.weights[0], torch.ones(3, 6, 1)],
                            [net.biases[0], net.biases[-1]])
    assert (mx.region_counts(net, GRID) >= mx.region_counts(first, GRID)).all()
