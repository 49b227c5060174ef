"""The CPU fast path (figures/models/fasttrain.py) against the plain autograd path as the oracle.

Same initial weights, 200 full-batch Adam steps on random data: the loss of every model at
every step, the snapshots and the final weights must agree. In float64 they agree to rounding
for every size and activation. In float32 they agree within float32 tolerance where training
is well conditioned; on noise labels some deep nets are chaotic (two correct float32 runs, the
autograd path with foreach and with fused Adam, part by 1e-2), so float32 is checked on a
rule-labelled data set.
"""

from __future__ import annotations

import numpy as np
import pytest
import torch

from figures.models import fasttrain, jittrain, nets, train

SIZES = [(2, 1), (2, 1, 1), (2, 3, 1), (2, 3, 3, 1), (2, 8, 4, 1), (2, 5, 5, 5, 1)]


pytestmark = pytest.mark.usefixtures("one_torch_thread")


def _data(dtype=torch.float32, n=400):
    g = torch.Generator().manual_seed(0)
    X = torch.randn(n, 2, generator=g, dtype=dtype)
    return X, (X.norm(dim=1) < 1.1).long()  # a disk in noise: about half the points each class


def _pair(sizes, activation, seeds, dtype=torch.float32):
    """Two stacks with the same initial weights."""
    a, b = (nets.StackedMLP.init(sizes, activation, seeds) for _ in range(2))
    for m in (a, b):
        m.weights, m.biases = [w.to(dtype) for w in m.weights], [x.to(dtype) for x in m.biases]
    return a, b


def _max_diff(a: nets.StackedMLP, b: nets.StackedMLP) -> float:
    return max((p - q).abs().max().item() for p, q in zip(a.parameters(), b.parameters()))


@pytest.mark.parametrize("activation", ["relu", "tanh", "sigmoid", "identity"])
@pytest.mark.parametrize("sizes", SIZES + [(2, 8, 8, 8, 1)])
def test_float64_trajectories_equal_autograd(sizes, activation):
    X, _ = _data(torch.float64, 200)
    y = (torch.rand(len(X), generator=torch.Generator().manual_seed(1)) < 0.5).long()  # noise labels
    fast, plain = _pair(sizes, activation, [0, 1, 2], torch.float64)
    keep = [0, 50, 200]
    hf = train.train(fast, X, y, 200, 0.02, keep, fast=True)
    hp = train.train(plain, X, y, 200, 0.02, keep, fast=False)
    assert hf.loss.shape == hp.loss.shape == (200, 3)
    np.testing.assert_allclose(hf.loss, hp.loss, atol=1e-6)  # the plain path keeps float32 losses
    assert _max_diff(fast, plain) < 1e-6
    assert sorted(hf.snapshots) == keep
    assert all(_max_diff(hf.snapshots[s], hp.snapshots[s]) < 1e-6 for s in keep)


@pytest.mark.parametrize("dtype, tol", [(torch.float64, 1e-6), (torch.float32, 1e-3)])
@pytest.mark.parametrize("activation", ["relu", "tanh"])
@pytest.mark.parametrize("sizes", [(1, 8, 1), (1, 3, 3, 3, 1), (1, 6, 6, 1)])
def test_curve_fits_equal_autograd(sizes, activation, dtype, tol):
    """Squared error on a curve (where_depth_wins' fits of 1-input nets): the fast path's loss
    slope 2 (z - y) / n is autograd's, so the runs agree to rounding of the products."""
    x = torch.linspace(0, 1, 128, dtype=dtype)[:, None]
    y = torch.sin(6 * x[:, 0]) * 0.5 + 0.5
    fast, plain = _pair(sizes, activation, [0, 1, 2], dtype)
    hf = train.train(fast, x, y, 300, 0.01, [0, 300], loss="mse")  # picked by default on the CPU
    hp = train.train(plain, x, y, 300, 0.01, [0, 300], fast=False, loss="mse")
    np.testing.assert_allclose(hf.loss, hp.loss, rtol=max(tol, 1e-6))  # the plain path keeps float32 losses
    assert _max_diff(fast, plain) < tol
    assert hf.loss[-1].mean() < 0.5 * hf.loss[0].mean()  # it did fit


def test_an_unknown_loss_is_refused():
    X, y = _data()
    with pytest.raises(ValueError, match="'bce' or 'mse'"):
        fasttrain.train(nets.StackedMLP.init((2, 1), "relu", [0]), X, y.float(), 1, 0.01, loss="hinge")


@pytest.mark.parametrize("activation", ["relu", "tanh"])
@pytest.mark.parametrize("sizes", [(2, 1), (2, 3, 3, 1), (2, 8, 4, 1), (2, 5, 5, 5, 1)])
def test_float32_trajectories_equal_autograd(sizes, activation):
    X, y = _data()
    fast, plain = _pair(sizes, activation, [1, 2, 3, 4])
    hf = train.train(fast, X, y, 200, 0.01, [100], fast=True)
    hp = train.train(plain, X, y, 200, 0.01, [100], fast=False)
    np.testing.assert_allclose(hf.loss, hp.loss, rtol=1e-3, atol=1e-5)
    assert _max_diff(fast, plain) < 1e-3
    assert _max_diff(hf.snapshots[100], hp.snapshots[100]) < 1e-3
    assert hf.loss[-1].mean() < hf.loss[0].mean()


def test_chunks_train_the_same_models():
    """A stack trained two models at a time equals the same stack trained in one piece."""
    X, y = _data(torch.float64)
    a, b = _pair((2, 4, 3, 1), "relu", list(range(7)), torch.float64)
    la, sa = fasttrain.train(a, X, y, 50, 0.02, [0, 50], chunk=2)
    lb, sb = fasttrain.train(b, X, y, 50, 0.02, [0, 50], chunk=7)
    np.testing.assert_allclose(la, lb, atol=1e-12)
    assert _max_diff(a, b) < 1e-12 and _max_diff(sa[50], sb[50]) < 1e-12
    assert sa[50].n_models == 7 and not torch.equal(sa[0].weights[0], sa[50].weights[0])


def test_train_dispatches_to_the_fast_path_where_it_applies(monkeypatch):
    calls = []
    real = fasttrain.train
    monkeypatch.setattr(fasttrain, "train", lambda *a, **k: calls.append(1) or real(*a, **k))
    X, y = _data()
    model = nets.StackedMLP.init((2, 3, 1), "relu", [0])
    assert fasttrain.applies(model, X)
    train.train(model, X, y, 5, 0.01)
    assert calls == [1]
    train.train(model, X, y, 5, 0.01, fast=False)
    assert calls == [1]
    per_model_X = X.expand(1, *X.shape)
    assert not fasttrain.applies(model, per_model_X)
    hist = train.train(model, per_model_X, y, 5, 0.01)  # falls back to autograd
    assert calls == [1] and hist.loss.shape == (5, 1)


def test_fast_path_leaves_weights_as_plain_tensors():
    X, y = _data()
    model = nets.StackedMLP.init((2, 3, 1), "tanh", [0, 1])
    before = [p.data_ptr() for p in model.parameters()]
    train.train(model, X, y, 10, 0.01)
    assert [p.data_ptr() for p in model.parameters()] == before  # trained in place
    assert not any(p.requires_grad for p in model.parameters())
    assert model.weights[0].shape == (2, 2, 3) and model.biases[0].shape == (2, 1, 3)


@pytest.mark.parametrize("sizes", [(2, 1), (2, 3, 1), (2, 4, 3, 1), (2, 5, 5, 5, 1), (2, 8, 8, 1)])
def test_groups_trained_together_equal_one_autograd_run_each(sizes):
    """train_together (jittrain: each model's whole training compiled, in float32): groups with
    their own data and activation, each equal to its own autograd run to float32 rounding. 150
    points: not a whole number of vectors, so the padding is checked to add no gradient (a padded
    point that counted moves the weights by 1e-3 in the first step)."""
    g = torch.Generator().manual_seed(2)
    groups, oracles = [], []
    for i, activation in enumerate(["relu", "relu", "tanh", "sigmoid", "tanh", "identity"]):
        X = torch.randn(150, 2, generator=g)
        y = (X.norm(dim=1) < 0.9 + 0.1 * i).long()  # disks: well conditioned in float32 (see the top)
        fast, plain = _pair(sizes, activation, [i, i + 1, i + 2])
        groups.append((fast, X, y))
        oracles.append(plain)
        train.train(plain, X, y, 40, 0.02, fast=False)
    assert jittrain.applies(groups)
    train.train_together(groups, 40, 0.02)
    for (fast, _, _), plain in zip(groups, oracles):
        assert _max_diff(fast, plain) < 1e-5
        assert fast.activation == plain.activation


def test_compiled_tanh_is_tanh_to_float32_rounding():
    x = torch.linspace(-12, 12, 100_001)
    ours = torch.from_numpy(np.array([jittrain._tanh(v) for v in x.numpy()[::97]]))
    assert (ours - torch.tanh(x[::97].double())).abs().max() < 3e-7


def test_groups_that_cannot_be_compiled_train_one_by_one():
    X, y = _data(torch.float64)
    a, b = _pair((2, 3, 1), "relu", [1, 2], torch.float64)
    assert not jittrain.applies([(a, X, y)])  # float64: train() per group
    assert not jittrain.applies([(a, X.float(), y), (nets.StackedMLP.init((2, 4, 1), "relu", [0]), X.float(), y)])
    train.train_together([(a, X, y)], 20, 0.01)
    train.train(b, X, y, 20, 0.01)
    assert _max_diff(a, b) == 0
