"""The from-scratch NumPy MLP (figures/models/numpy_mlp.py) against PyTorch autograd, the oracle."""

import numpy as np
import pytest
import torch

from figures.models import numpy_mlp as nm

TORCH_ACT = {"sigmoid": torch.sigmoid, "tanh": torch.tanh, "relu": torch.relu}


def torch_grads(Ws, bs, X, y, act):
    """Loss and gradients of the same net by autograd, in float64."""
    tW = [torch.tensor(W, requires_grad=True) for W in Ws]
    tb = [torch.tensor(b, requires_grad=True) for b in bs]
    h = torch.tensor(X)
    for i, (W, b) in enumerate(zip(tW, tb)):
        h = h @ W + b
        if i < len(tW) - 1:
            h = TORCH_ACT[act](h)
    loss = torch.nn.functional.binary_cross_entropy_with_logits(h, torch.tensor(y))
    loss.backward()
    return loss.item(), [W.grad.numpy() for W in tW], [b.grad.numpy() for b in tb]


def rel_err(a, b):
    return np.abs(a - b).max() / max(np.abs(b).max(), 1e-12)


@pytest.mark.parametrize("act", ["sigmoid", "tanh", "relu"])
@pytest.mark.parametrize("sizes", [(2, 3, 1), (2, 4, 3, 1), (3, 5, 5, 2, 1)])
def test_gradients_equal_autograd(act, sizes):
    rng = np.random.default_rng(len(sizes) * 10 + len(act))
    for _ in range(5):
        Ws, bs = nm.init(sizes, rng, scale=1.0)
        bs = [rng.normal(0, 0.5, b.shape) for b in bs]
        X = rng.normal(0, 1, (17, sizes[0]))
        y = rng.integers(0, 2, (17, 1)).astype(float)
        zs, As = nm.forward(Ws, bs, X, act)
        gW, gb = nm.backward(Ws, As, y, act)
        loss, tW, tb = torch_grads(Ws, bs, X, y, act)
        assert nm.bce(As[-1], y) == pytest.approx(loss, rel=1e-9)
        for ours, theirs in zip(gW + gb, tW + tb):
            assert ours.shape == theirs.shape
            assert rel_err(ours, theirs) < 1e-6


def test_a_stack_equals_its_nets_one_by_one():
    rng = np.random.default_rng(0)
    Ws, bs = nm.init((2, 4, 3, 1), rng, stack=(5,))
    X = rng.normal(0, 1, (9, 2))
    y = rng.integers(0, 2, (9, 1)).astype(float)
    gW, gb = nm.backward(Ws, nm.forward(Ws, bs, X)[1], y)
    for s in range(5):
        W1, b1 = [W[s] for W in Ws], [b[s] for b in bs]
        g1W, g1b = nm.backward(W1, nm.forward(W1, b1, X)[1], y)
        for stacked, alone in zip(gW + gb, g1W + g1b):
            np.testing.assert_allclose(stacked[s], alone, rtol=1e-12, atol=1e-15)


def test_adam_equals_torch_adam():
    rng = np.random.default_rng(1)
    Ws, bs = nm.init((2, 3, 1), rng, scale=1.0)
    X, y = rng.normal(0, 1, (20, 2)), rng.integers(0, 2, (20, 1)).astype(float)
    tp = [torch.tensor(p, requires_grad=True) for p in Ws + bs]
    topt = torch.optim.Adam(tp, lr=0.05)
    opt = nm.Adam(0.05)
    for _ in range(20):
        opt.step(Ws + bs, sum(nm.backward(Ws, nm.forward(Ws, bs, X)[1], y), []))
        topt.zero_grad()
        h = torch.tanh(torch.tensor(X) @ tp[0] + tp[2]) @ tp[1] + tp[3]
        torch.nn.functional.binary_cross_entropy_with_logits(h, torch.tensor(y)).backward()
        topt.step()
    for ours, theirs in zip(Ws + bs, tp):
        np.testing.assert_allclose(ours, theirs.detach().numpy(), rtol=1e-7, atol=1e-9)


@pytest.mark.parametrize("batch", [None, 1])
def test_training_lowers_the_loss(batch):
    rng = np.random.default_rng(2)
    X = rng.normal(0, 1, (40, 2))
    y = (X[:, :1] * X[:, 1:] > 0).astype(float)
    Ws, bs = nm.init((2, 4, 1), rng, scale=1.0)
    before = nm.bce(nm.forward(Ws, bs, X)[1][-1], y)
    saved = nm.train(Ws, bs, X, y, "tanh", nm.SGD(0.5 if batch is None else 0.05), 200, batch=batch, rng=rng,
                     keep=(0, 200))
    assert nm.bce(nm.forward(Ws, bs, X)[1][-1], y) < 0.5 * before
    assert set(saved) == {0, 200}
    np.testing.assert_array_equal(saved[200][0][0], Ws[0])
