"""Sanity checks behind 'Where depth wins': facts that hold by algebra, so they test the code, and the
page may explain them but never offers them as evidence."""

from __future__ import annotations

import numpy as np
import torch

from figures import measures
from figures.data import make
from figures.models import nets, train


def test_zero_bias_inits_of_one_seed_share_their_dead_units():
    # Kaiming, Xavier and N(0, 0.1^2) draw the same Gaussian directions per seed, scaled per layer,
    # with zero biases; ReLU(c z) = c ReLU(z) for c > 0, so the same units are dead on any data.
    X, _ = make("circles", 300, 0.05, np.random.default_rng(0))
    dead = {init: np.concatenate(measures.dead_units(nets.StackedMLP.init((2, 6, 6, 6, 1), "relu", list(range(16)),
                                                                         init=init), X), 1)
            for init in ("kaiming", "xavier", "tiny")}
    assert (dead["kaiming"] == dead["xavier"]).all() and (dead["kaiming"] == dead["tiny"]).all()


def test_init_scales():
    big = nets.StackedMLP.init((2, 400, 300, 1), "relu", [0], init="kaiming")
    assert abs(float(big.weights[1].std()) - np.sqrt(2 / 400)) < 0.01 * np.sqrt(2 / 400) * 5
    assert float(big.biases[1].abs().max()) == 0.0
    tiny = nets.StackedMLP.init((2, 400, 300, 1), "relu", [0], init="tiny")
    assert abs(float(tiny.weights[1].std()) - 0.1) < 0.005
    default = nets.StackedMLP.init((2, 400, 300, 1), "relu", [0])
    assert float(default.weights[1].abs().max()) <= 1 / np.sqrt(400)


def test_the_hand_set_sawtooth_is_exact():
    x = np.linspace(0, 1, 4097)
    tent = lambda v: np.where(v < 0.5, 2 * v, 2 - 2 * v)  # noqa: E731
    want = x
    for depth in range(1, 7):
        want = tent(want)
        assert np.abs(measures.net_on_line(nets.sawtooth(depth), x)[0] - want).max() < 1e-12


def test_mse_training_lowers_the_loss():
    x = torch.linspace(0, 1, 64)[:, None]
    model = nets.StackedMLP.init((1, 8, 1), "relu", [0, 1])
    hist = train.train(model, x, torch.sin(3 * x[:, 0]), 200, 0.01, loss="mse")
    assert (hist.loss[-1] < 0.5 * hist.loss[0]).all()


def test_exact_regions_against_the_line_formula_and_a_hand_count():
    from figures.articles.where_depth_wins import BOX, exact_regions

    # one layer: the count of the arrangement of lines (Euler's formula), for random nets
    for s in range(4):
        m = nets.StackedMLP.init((2, 12, 1), "relu", [s])
        W, b = m.weights[0][0].double().numpy(), m.biases[0][0, 0].double().numpy()
        Ws = [W, m.weights[1][0].double().numpy()]
        assert exact_regions(Ws, [b, np.zeros(1)], BOX) == measures.arrangement_regions(W, b, BOX)
    # two layers by hand: layer 1 is relu(x), relu(-x); layer 2 adds them, |x|, and cuts it at 1:
    # x = 0 splits the square in two, |x| = 1 cuts off a strip on each side: 4 regions
    Ws = [np.array([[1.0, -1.0], [0.0, 0.0]]), np.array([[1.0], [1.0]]), np.ones((1, 1))]
    bs = [np.zeros(2), np.array([-1.0]), np.zeros(1)]
    assert exact_regions(Ws, bs, BOX) == 4


def test_exact_regions_never_fewer_than_the_grid_sees():
    from figures.articles.where_depth_wins import BOX, exact_regions
    from figures.experiments import grid

    m = nets.StackedMLP.init((2, 8, 8, 1), "relu", [0, 1])
    seen = measures.region_counts(m, grid(BOX, 200))
    for s in range(2):
        Ws = [W[s].double().numpy() for W in m.weights]
        bs = [b[s, 0].double().numpy() for b in m.biases]
        assert exact_regions(Ws, bs, BOX) >= seen[s] > 1
