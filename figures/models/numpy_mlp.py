"""A multilayer perceptron from scratch in NumPy: forward pass, binary cross-entropy, backward
pass by hand, plain gradient descent (per sample or full batch) and Adam.

Weights W[l] have shape (..., fan_in, fan_out) and biases b[l] shape (..., 1, fan_out); rows of
X are points. A leading axis, if there is one, stacks independent nets (one per seed) that train
side by side: every line below works unchanged for one net and for a stack.
"""

from __future__ import annotations

import numpy as np


def sigmoid(z: np.ndarray) -> np.ndarray:
    return 0.5 * (1 + np.tanh(0.5 * z))  # = 1 / (1 + e^-z), without overflow


# name -> (f(z), f'(z) written in terms of a = f(z))
ACTIVATIONS = {
    "sigmoid": (sigmoid, lambda a: a * (1 - a)),
    "tanh": (np.tanh, lambda a: 1 - a * a),
    "relu": (lambda z: np.maximum(z, 0), lambda a: (a > 0).astype(a.dtype)),
}


def init(sizes, rng: np.random.Generator, scale: float | None = None, stack: tuple = ()):
    """Weights drawn N(0, scale²) (scale 1/sqrt(fan_in) if None), biases zero."""
    Ws, bs = [], []
    for fan_in, fan_out in zip(sizes[:-1], sizes[1:]):
        s = 1 / np.sqrt(fan_in) if scale is None else scale
        Ws.append(rng.normal(0, s, (*stack, fan_in, fan_out)))
        bs.append(np.zeros((*stack, 1, fan_out)))
    return Ws, bs


def forward(Ws, bs, X, act: str = "tanh"):
    """Pre-activations zs[l] = a[l] W[l] + b[l] and activations As (As[0] = X, As[-1] = P(class 1))."""
    f = ACTIVATIONS[act][0]
    zs, As = [], [X]
    for i, (W, b) in enumerate(zip(Ws, bs)):
        z = As[-1] @ W + b
        zs.append(z)
        As.append(sigmoid(z) if i == len(Ws) - 1 else f(z))
    return zs, As


def bce(p, y) -> np.ndarray:
    """Mean binary cross-entropy of P(class 1) = p against labels y (n, 1), one per net."""
    p = np.clip(p, 1e-12, 1 - 1e-12)
    return -(y * np.log(p) + (1 - y) * np.log(1 - p)).mean(axis=(-2, -1))


def backward(Ws, As, y, act: str = "tanh"):
    """Gradients of the mean BCE with respect to every W[l] and b[l], by the chain rule."""
    df = ACTIVATIONS[act][1]
    d = (As[-1] - y) / len(y)  # dL/dz at the output: sigmoid and BCE together give p - y
    gW, gb = [None] * len(Ws), [None] * len(Ws)
    for i in reversed(range(len(Ws))):
        gW[i] = As[i].swapaxes(-1, -2) @ d  # dL/dW = (layer input)ᵀ · dL/dz
        gb[i] = d.sum(axis=-2, keepdims=True)
        if i > 0:
            d = (d @ Ws[i].swapaxes(-1, -2)) * df(As[i])  # back through W, then through f
    return gW, gb


class SGD:
    """Plain gradient descent: p ← p - lr · g."""

    def __init__(self, lr):
        self.lr = lr

    def step(self, params, grads):
        for p, g in zip(params, grads):
            p -= self.lr * g


class Adam:
    """Adam (Kingma and Ba, 2015) with the usual defaults."""

    def __init__(self, lr, b1=0.9, b2=0.999, eps=1e-8):
        self.lr, self.b1, self.b2, self.eps, self.t = lr, b1, b2, eps, 0
        self.m = self.v = None

    def step(self, params, grads):
        if self.m is None:
            self.m = [np.zeros_like(p) for p in params]
            self.v = [np.zeros_like(p) for p in params]
        self.t += 1
        for p, g, m, v in zip(params, grads, self.m, self.v):
            m += (1 - self.b1) * (g - m)
            v += (1 - self.b2) * (g * g - v)
            p -= self.lr * (m / (1 - self.b1**self.t)) / (np.sqrt(v / (1 - self.b2**self.t)) + self.eps)


def train(Ws, bs, X, y, act, opt, epochs: int, batch: int | None = None, rng=None, keep=()):
    """Train in place for ``epochs`` passes over (X, y): full batch, or ``batch`` points per step
    in a shuffled order. Returns {epoch: copy of (Ws, bs)} for each epoch in ``keep``."""
    saved = {0: ([W.copy() for W in Ws], [b.copy() for b in bs])} if 0 in keep else {}
    n = len(X)
    for epoch in range(1, epochs + 1):
        order = rng.permutation(n) if batch else [slice(None)]
        for i in range(0, n, batch) if batch else [0]:
            rows = order[i:i + batch] if batch else order[0]
            zs, As = forward(Ws, bs, X[rows], act)
            gW, gb = backward(Ws, As, y[rows], act)
            opt.step(Ws + bs, gW + gb)
        if epoch in keep:
            saved[epoch] = ([W.copy() for W in Ws], [b.copy() for b in bs])
    return saved


def predict(Ws, bs, X, act: str = "tanh") -> np.ndarray:
    """P(class 1) at each row of X, shape (..., n)."""
    return forward(Ws, bs, X, act)[1][-1][..., 0]
