"""Sanity checks behind 'Where depth wins': facts that hold by algebra, so they test the code, and the
page may explain them but never offers them as evidence."""

from __future__ import annotations

import numpy as np
import torch

from figures import measures, nets, train
from figures.data import make


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
