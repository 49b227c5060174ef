"""Data sets, the stacked MLP and the trainer, checked against plain PyTorch as the oracle."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from figures import data
from figures.models import nets, train


@pytest.mark.parametrize("name", sorted(data.DATASETS))
def test_datasets_shape_labels_and_seed(name):
    X, y = data.make(name, 200, 0.1, np.random.default_rng(3))
    assert X.shape == (200, 2) and X.dtype == np.float32
    assert y.dtype == np.int64 and set(np.unique(y)) == {0, 1} and y.mean() == 0.5
    X2, y2 = data.make(name, 200, 0.1, np.random.default_rng(3))
    assert np.array_equal(X, X2) and np.array_equal(y, y2)
    X3, _ = data.make(name, 200, 0.1, np.random.default_rng(4))
    assert not np.array_equal(X, X3)


def test_circles_radii():
    X, y = data.make("circles", 2000, 0.0, np.random.default_rng(0))
    r = np.hypot(X[:, 0], X[:, 1])
    assert np.allclose(r[y == 0], 1.0, atol=1e-5) and np.allclose(r[y == 1], 0.5, atol=1e-5)


def test_bad_dataset_inputs():
    with pytest.raises(KeyError, match="unknown data set 'nope'"):
        data.make("nope", 10, 0.1, np.random.default_rng(0))
    with pytest.raises(ValueError):
        data.make("circles", 1, 0.1, np.random.default_rng(0))
    with pytest.raises(ValueError, match="unknown activation"):
        nets.StackedMLP.init((2, 3, 1), "swish", [0])


def _lone_module(model: nets.StackedMLP, i: int) -> torch.nn.Sequential:
    """Model i of a stack as an ordinary nn.Sequential with the same weights."""
    layers = []
    for k, (W, b) in enumerate(zip(model.weights, model.biases)):
        lin = torch.nn.Linear(W.shape[1], W.shape[2])
        with torch.no_grad():
            lin.weight.copy_(W[i].T)
            lin.bias.copy_(b[i, 0])
        layers.append(lin)
        if k < len(model.weights) - 1:
            layers.append(torch.nn.ReLU())
    return torch.nn.Sequential(*layers)


def test_stacked_training_equals_independent_runs():
    """Adam is element-wise and each model's loss only touches its own weights, so training a
    stack of S models is S independent trainings (checked against torch.optim on nn.Modules)."""
    X, y = data.make("circles", 300, 0.05, np.random.default_rng(0))
    X, y = torch.tensor(X), torch.tensor(y)
    stack = nets.StackedMLP.init((2, 3, 3, 1), "relu", [5, 6, 7])
    lones = [_lone_module(stack, i) for i in range(3)]
    train.train(stack, X, y, steps=200, lr=0.02)
    for i, net in enumerate(lones):
        opt = torch.optim.Adam(net.parameters(), lr=0.02)
        for _ in range(200):
            opt.zero_grad()
            loss = torch.nn.functional.binary_cross_entropy_with_logits(net(X).squeeze(-1), y.float())
            loss.backward()
            opt.step()
        assert torch.allclose(net[0].weight.T, stack.weights[0][i], atol=1e-5)
        assert torch.allclose(net(X).squeeze(-1), stack.logits(X)[i], atol=1e-4)


def test_model_init_depends_only_on_its_seed():
    a = nets.StackedMLP.init((2, 3, 1), "relu", [1, 2])
    b = nets.StackedMLP.init((2, 3, 1), "relu", [2])
    assert torch.equal(a.weights[0][1], b.weights[0][0])


def test_training_lowers_loss_and_keeps_snapshots():
    X, y = data.make("separable", 200, 0.3, np.random.default_rng(0))
    model = nets.StackedMLP.init((2, 1), "identity", [0])
    steps = train.snapshot_steps(100, 5)
    assert steps[0] == 0 and steps[-1] == 100 and steps == sorted(set(steps))
    hist = train.train(model, torch.tensor(X), torch.tensor(y), 100, 0.05, steps)
    assert hist.loss.shape == (100, 1) and hist.loss[-1, 0] < 0.5 * hist.loss[0, 0]
    assert sorted(hist.snapshots) == steps
    assert not torch.equal(hist.snapshots[0].weights[0], hist.snapshots[100].weights[0])


def test_linear_net_collapses_to_affine_map():
    model = nets.StackedMLP.init((2, 3, 3, 1), "identity", [0, 1])
    X = torch.randn(50, 2)
    A, c = nets.collapse_affine(model)
    assert torch.allclose(model.logits(X), (X @ A + c).squeeze(-1), atol=1e-6)
    with pytest.raises(ValueError):
        nets.collapse_affine(nets.StackedMLP.init((2, 3, 1), "relu", [0]))


@pytest.mark.parametrize("foreach", [False, True])
@pytest.mark.parametrize("zero_grad", [True, False])
def test_lean_adam_steps_exactly_as_torch_adam(zero_grad, foreach):
    """figures.models.adam.Adam gives torch.optim.Adam's bits, step after step, per tensor and
    foreach (also with the gradients left to accumulate, as math_of_an_mlp's "zero_grad
    forgotten" does)."""
    from torch import nn

    from figures.models import adam

    X, y = torch.randn(64, 2, generator=torch.Generator().manual_seed(1)), torch.arange(64) % 2
    runs = []
    for make in (lambda ps: torch.optim.Adam(ps, lr=0.01, foreach=foreach),
                 lambda ps: adam.Adam(ps, lr=0.01, foreach=foreach)):
        torch.manual_seed(0)
        net = nn.Sequential(nn.Linear(2, 8), nn.ReLU(), nn.Linear(8, 2))
        opt, start = make(net.parameters()), net[0].weight.detach().clone()
        for _ in range(30):
            if zero_grad:
                opt.zero_grad()
            torch.nn.functional.cross_entropy(net(X), y).backward()
            opt.step()
        runs.append([p.detach().clone() for p in net.parameters()])
        assert not torch.equal(start, net[0].weight)  # it trained
    assert all(torch.equal(a, b) for a, b in zip(*runs))
