"""The CPU path of train.train_together(): each small model's whole training, compiled (numba).

A sweep trains hundreds of tiny nets (widths 1-64, a few layers, a few hundred points). Batched
torch products spend most of their time around the arithmetic of such nets; here one compiled
loop trains one model for all its steps while its weights, activations and Adam state stay in
the core's cache, then the next. The maths is train.py's: binary cross-entropy on the logits,
full-batch Adam (PyTorch's defaults), each model from its own initial weights. Float32, with
tanh as a rational function accurate to float32 rounding (Eigen's), so the loops vectorise;
results agree with the autograd path to float32 rounding (tests/test_train_fast.py).
"""

from __future__ import annotations

import math

import numba
import numpy as np
import torch

from figures.models.nets import StackedMLP

F = np.float32
ACTIVATIONS = {"relu": 0, "tanh": 1, "sigmoid": 2, "identity": 3}
CLAMP = F(7.90531110763549805)  # tanh is 1.0 in float32 beyond this
# tanh's numerator (odd) and denominator polynomials in x², Eigen's float32 coefficients
P0, P1, P2, P3, P4, P5, P6 = (F(c) for c in (-2.76076847742355e-16, 2.00018790482477e-13, -8.60467152213735e-11,
                                             5.12229709037114e-08, 1.48572235717979e-05, 6.37261928875436e-04,
                                             4.89352455891786e-03))
Q0, Q1, Q2, Q3 = (F(c) for c in (1.19825839466702e-06, 1.18534705686654e-04, 2.26843463243900e-03,
                                 4.89352518554385e-03))
ONE, HALF, ZERO = F(1), F(0.5), F(0)
LANES = 16  # float32 numbers in one AVX-512 register
JIT = dict(nogil=True, fastmath=True, error_model="numpy", cache=True)


def applies(groups: list[tuple[StackedMLP, torch.Tensor, torch.Tensor]]) -> bool:
    """Whether train_together can train ``groups``: float32 on the CPU, one output, the same
    layer sizes and number of points."""
    m0, X0, _ = groups[0]
    return all(X.device.type == "cpu" and X.dtype == torch.float32 and m.weights[0].dtype == torch.float32
               and m.weights[0].device.type == "cpu" and m.sizes == m0.sizes and m.sizes[-1] == 1
               and X.shape == X0.shape and m.activation in ACTIVATIONS for m, X, _ in groups)


@torch.no_grad()
def train_together(groups: list[tuple[StackedMLP, torch.Tensor, torch.Tensor]], steps: int, lr: float) -> None:
    """Train each stack of ``groups`` on its own (X, y) for ``steps`` full-batch Adam steps, in place."""
    sizes = np.array(groups[0][0].sizes, dtype=np.int64)
    params = np.concatenate([_flat(m) for m, _, _ in groups])
    n = groups[0][1].shape[0]
    width = -(-n // LANES) * LANES  # points padded to whole vectors: padding has no label, so no gradient
    X = np.zeros((len(groups), sizes[0], width), F)
    sign = np.zeros((len(groups), width), F)
    for g, (_, Xg, yg) in enumerate(groups):
        X[g, :, :n], sign[g, :n] = Xg.t().numpy(), 1 - 2 * yg.numpy().astype(F)
    group = np.repeat(np.arange(len(groups)), [m.n_models for m, _, _ in groups])
    act = np.array([ACTIVATIONS[m.activation] for m, _, _ in groups], dtype=np.int64)[group]
    _train(params, X, sign, group, act, sizes, steps, lr, n)
    start = 0
    for m, _, _ in groups:
        _unflat(m, params[start:start + m.n_models])
        start += m.n_models


def _flat(m: StackedMLP) -> np.ndarray:
    """(S, P): each model's weights as (out, in) rows, then its biases, layer by layer."""
    return np.concatenate([t.numpy().reshape(m.n_models, -1) for W, b in zip(m.weights, m.biases)
                           for t in (W.transpose(1, 2).contiguous(), b)], axis=1)


def _unflat(m: StackedMLP, params: np.ndarray) -> None:
    """_flat's inverse: ``params`` (S, P) written back into the stack's weights and biases."""
    start = 0
    for W, b in zip(m.weights, m.biases):
        S, n_in, n_out = W.shape
        W.copy_(torch.from_numpy(params[:, start:start + n_in * n_out].reshape(S, n_out, n_in)).transpose(1, 2))
        start += n_in * n_out
        b.copy_(torch.from_numpy(params[:, start:start + n_out].reshape(b.shape)))
        start += n_out


@numba.njit(inline="always", **JIT)
def _tanh(x):
    """tanh in float32 (Eigen's rational approximation, within a few ulp)."""
    x = x if x < CLAMP else CLAMP
    x = x if x > -CLAMP else -CLAMP
    x2 = x * x
    p = ((((((P0 * x2 + P1) * x2 + P2) * x2 + P3) * x2 + P4) * x2 + P5) * x2 + P6) * x
    return p / (((Q0 * x2 + Q1) * x2 + Q2) * x2 + Q3)


@numba.njit(inline="always", **JIT)
def _activate(z, h, act):
    """h = act(z), over a row of points."""
    if act == 0:
        for p in range(z.shape[0]):
            h[p] = max(z[p], ZERO)
    elif act == 1:
        for p in range(z.shape[0]):
            h[p] = _tanh(z[p])
    elif act == 2:
        for p in range(z.shape[0]):
            h[p] = HALF * _tanh(HALF * z[p]) + HALF
    else:
        h[:] = z


@numba.njit(inline="always", **JIT)
def _slope(z, h, g, act):
    """g = z * act'(.) where the activation gave h, over a row of points."""
    if act == 0:
        for p in range(z.shape[0]):
            g[p] = z[p] if h[p] > ZERO else ZERO
    elif act == 1:
        for p in range(z.shape[0]):
            g[p] = z[p] * (ONE - h[p] * h[p])
    elif act == 2:
        for p in range(z.shape[0]):
            g[p] = z[p] * h[p] * (ONE - h[p])
    else:
        g[:] = z


@numba.njit(**JIT)
def _train(params, X, sign, group, act, sizes, steps, lr, n_points):
    """Train every row of ``params`` (S, P) in place: model s on X[group[s]] (in, n) with labels
    sign[group[s]] = 1 - 2y and activation act[s]."""
    S, n_par = params.shape
    L, n = sizes.shape[0] - 1, X.shape[2]
    w_at, b_at, row_at = np.zeros(L, np.int64), np.zeros(L, np.int64), np.zeros(L + 2, np.int64)
    at = 0
    for k in range(L):  # where layer k's weights and biases sit in a model's row, and its input in H
        w_at[k], b_at[k] = at, at + sizes[k] * sizes[k + 1]
        at = b_at[k] + sizes[k + 1]
        row_at[k + 1] = row_at[k] + sizes[k]
    row_at[L + 1] = row_at[L] + sizes[L]
    H = np.empty((row_at[L + 1], n), F)  # every layer's output (rows of points), the input first
    G = np.empty_like(H)  # the loss's gradient there
    z = np.empty(n, F)
    grad, m, v = np.empty(n_par, F), np.empty(n_par, F), np.empty(n_par, F)
    inv_n = F(1 / n_points)
    for s in range(S):
        w, a, sg = params[s], act[s], sign[group[s]]
        H[:sizes[0]] = X[group[s]]
        m[:], v[:] = ZERO, ZERO
        for t in range(1, steps + 1):
            for k in range(L):
                for i in range(sizes[k + 1]):
                    z[:] = w[b_at[k] + i]
                    _accumulate(z, w, w_at[k] + i * sizes[k], 1, H, row_at[k], sizes[k])
                    if k < L - 1:
                        _activate(z, H[row_at[k + 1] + i], a)
                    else:
                        H[row_at[L]] = z
            out, g_out = H[row_at[L]], G[row_at[L]]
            for p in range(n):  # softplus(s z)'s slope: s sigmoid(s z), s = 1 - 2y
                g_out[p] = (HALF * _tanh(HALF * sg[p] * out[p]) + HALF) * sg[p] * inv_n
            for k in range(L - 1, -1, -1):
                for i in range(sizes[k + 1]):
                    gi = G[row_at[k + 1] + i]
                    total = ZERO
                    for p in range(n):
                        total += gi[p]
                    grad[b_at[k] + i] = total
                    _dots(gi, H, row_at[k], sizes[k], grad, w_at[k] + i * sizes[k])
                if k == 0:
                    break
                for j in range(sizes[k]):
                    z[:] = ZERO
                    _accumulate(z, w, w_at[k] + j, sizes[k], G, row_at[k + 1], sizes[k + 1])
                    _slope(z, H[row_at[k] + j], G[row_at[k] + j], a)
            _adam(w, grad, m, v, t, lr)


@numba.njit(inline="always", **JIT)
def _accumulate(z, w, at, stride, rows, first, count):
    """z += sum over j < count of w[at + j * stride] * rows[first + j], four rows a pass (z is
    read and written once for four products)."""
    j = 0
    while j + 4 <= count:
        r, k = first + j, at + j * stride
        w0, w1, w2, w3 = w[k], w[k + stride], w[k + 2 * stride], w[k + 3 * stride]
        for p in range(z.shape[0]):
            z[p] += w0 * rows[r, p] + w1 * rows[r + 1, p] + w2 * rows[r + 2, p] + w3 * rows[r + 3, p]
        j += 4
    while j < count:
        wj, r = w[at + j * stride], first + j
        for p in range(z.shape[0]):
            z[p] += wj * rows[r, p]
        j += 1


@numba.njit(inline="always", **JIT)
def _dots(g, rows, first, count, out, at):
    """out[at + j] = g . rows[first + j] for j < count, four rows a pass (g is read once for four)."""
    j = 0
    while j + 4 <= count:
        r = first + j
        t0, t1, t2, t3 = ZERO, ZERO, ZERO, ZERO
        for p in range(g.shape[0]):
            t0 += g[p] * rows[r, p]
            t1 += g[p] * rows[r + 1, p]
            t2 += g[p] * rows[r + 2, p]
            t3 += g[p] * rows[r + 3, p]
        out[at + j], out[at + j + 1], out[at + j + 2], out[at + j + 3] = t0, t1, t2, t3
        j += 4
    while j < count:
        t, r = ZERO, first + j
        for p in range(g.shape[0]):
            t += g[p] * rows[r, p]
        out[at + j] = t
        j += 1


@numba.njit(inline="always", **JIT)
def _adam(w, grad, m, v, t, lr):
    """One step of torch.optim.Adam (betas 0.9 and 0.999, eps 1e-8) over one model's weights."""
    step = F(lr / (1 - 0.9 ** t))
    root = F(math.sqrt(1 - 0.999 ** t))
    for k in range(w.shape[0]):
        g = grad[k]
        m[k] += (g - m[k]) * F(0.1)
        v[k] = v[k] * F(0.999) + F(0.001) * g * g
        w[k] -= step * m[k] / (math.sqrt(v[k]) / root + F(1e-8))
