"""Figures of the page "Activation functions" (docs/activation-functions.md)."""

from __future__ import annotations

import numpy as np
import torch
import torch.nn.functional as F
from scipy.optimize import brentq

from figures import data
from figures.registry import Result, figure
from figures.render import artifacts, grids
from figures.render.curves import Curves, Line, curves_slider, curves_still
from figures.render.style import ACCENT, CLASS_COLORS

# The six activations, as PyTorch computes them (leaky ReLU with PyTorch's default slope 0.01,
# GELU with the exact erf form).
ACTIVATIONS = {
    "relu": ("ReLU", torch.relu),
    "leaky": ("leaky ReLU", lambda x: F.leaky_relu(x, 0.01)),
    "tanh": ("tanh", torch.tanh),
    "sigmoid": ("sigmoid", torch.sigmoid),
    "gelu": ("GELU", F.gelu),
    "silu": ("SiLU", F.silu),
}
SHOWN = (-8.0, 8.0)  # the x range of the interactive plot
WARP_EXTENT = (-3.0, 3.0, -3.0, 3.0)  # the square grid each activation is applied to


def values_and_slopes(key: str, x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """f(x) and f'(x) in float64, the derivative by autograd (PyTorch's own)."""
    t = torch.tensor(x, dtype=torch.float64, requires_grad=True)
    y = ACTIVATIONS[key][1](t)
    (g,) = torch.autograd.grad(y.sum(), t)
    return y.detach().numpy(), g.numpy()


def runs(mask: np.ndarray, x: np.ndarray) -> list[list[float]]:
    """The intervals [x_first, x_last] of the runs of True in ``mask`` along the grid ``x``."""
    m = np.concatenate([[False], mask, [False]]).astype(int)
    starts, ends = np.flatnonzero(np.diff(m) == 1), np.flatnonzero(np.diff(m) == -1) - 1
    return [[float(x[s]), float(x[e])] for s, e in zip(starts, ends)]


def _colliding_pair(key: str, f: np.ndarray, x: np.ndarray) -> list[float]:
    """Two different inputs with the same output (empty when f is strictly increasing on x)."""
    if np.all(np.diff(f) > 0):
        return []
    one = lambda v: float(values_and_slopes(key, np.array([v]))[0][0])  # noqa: E731
    a, x_min = -2.0, float(x[np.argmin(f)])
    if one(a) == one(-1.0):  # flat: ReLU sends every negative input to 0
        return [a, -1.0]
    b = brentq(lambda v: one(v) - one(a), x_min, 0.0, xtol=1e-12)
    return [a, float(b)]


@figure(lo=-10.0, hi=10.0, step=0.001, threshold=0.01, quick=dict(step=0.01))
def activation_curves(ctx, lo, hi, step, threshold) -> Result:
    """Each activation and its derivative; where the derivative is below 1% of its largest value."""
    x = np.round(np.arange(lo, hi + step / 2, step), 6)
    metrics: dict = {"lo": lo, "hi": hi, "step": step, "threshold": threshold}
    panels, titles = [], []
    shown = (x >= SHOWN[0]) & (x <= SHOWN[1])
    thin = np.flatnonzero(shown)[:: max(1, int(round(0.04 / step)))]  # plotted points: every 0.04
    for key, (name, _) in ACTIVATIONS.items():
        f, g = values_and_slopes(key, x)
        gmax = float(np.abs(g).max())
        flat = np.abs(g) < threshold * gmax
        intervals = runs(flat, x)
        pair = _colliding_pair(key, f, x)
        metrics.update({
            f"{key}_slope_max": gmax, f"{key}_slope_min": float(g.min()),
            f"{key}_slope_ratio_min": float(np.abs(g).min() / gmax),
            f"{key}_flat_intervals": intervals, f"{key}_flat_count": len(intervals),
            f"{key}_flat_share": float(flat.mean()),
            f"{key}_increasing": bool(np.all(np.diff(f) > 0)), f"{key}_one_to_one": not pair,
            f"{key}_pair": pair, f"{key}_min": float(f.min()), f"{key}_argmin": float(x[np.argmin(f)]),
        })
        band = np.where(flat, -1.15, np.nan)  # a green bar (seen on light and dark pages)
        panels.append([Line(f"{name}(x)", x[thin], f[thin], CLASS_COLORS[0]),
                       Line(f"{name}′(x)", x[thin], g[thin], CLASS_COLORS[1], dash=True),
                       Line(f"|slope| < {threshold:.0%} of its max", x[thin], band[thin], ACCENT)])
        titles.append(f"{name}: value and slope")
    _summaries(metrics)
    curves = Curves(panels, titles, [v[0] for v in ACTIVATIONS.values()], ("x", "f(x) and f′(x)"),
                    y_range=(-1.3, 3.0), x_range=SHOWN)
    still = curves_still(curves, "activation: ")  # the panel the scene opens on, as it draws it
    return Result(artifacts("activation_curves", curves_slider(curves, "activation: ", named=True), still), metrics)


def _summaries(m: dict) -> None:
    """The numbers the prose quotes: where each activation's slope is flat."""
    m["one_to_one"] = [ACTIVATIONS[k][0] for k in ACTIVATIONS if m[f"{k}_one_to_one"]]
    m["not_one_to_one"] = [ACTIVATIONS[k][0] for k in ACTIVATIONS if not m[f"{k}_one_to_one"]]
    m["one_to_one_text"], m["not_one_to_one_text"] = _words(m["one_to_one"]), _words(m["not_one_to_one"])
    m["relu_pair_a"], m["relu_pair_b"] = m["relu_pair"]
    m["relu_flat_end"] = m["relu_flat_intervals"][0][1] + 0.0  # -0.0 prints as 0
    for k in ("tanh", "sigmoid"):  # symmetric: flat beyond |x| = edge on both sides
        left, right = m[f"{k}_flat_intervals"][0], m[f"{k}_flat_intervals"][-1]
        m[f"{k}_flat_edge"] = right[0]
        m[f"{k}_flat_symmetric"] = abs(left[1] + right[0]) < 2e-3
    for k in ("gelu", "silu"):  # flat far left, and in a narrow band around the minimum
        m[f"{k}_flat_left_end"] = m[f"{k}_flat_intervals"][0][1]
        m[f"{k}_dip_lo"], m[f"{k}_dip_hi"] = m[f"{k}_flat_intervals"][-1]
        m[f"{k}_pair_a"], m[f"{k}_pair_b"] = m[f"{k}_pair"]
        m[f"{k}_pair_value"] = float(values_and_slopes(k, np.array(m[f"{k}_pair"]))[0][0])


def _words(names: list[str]) -> str:
    """['a', 'b', 'c'] -> 'a, b and c' (the prose's list of names)."""
    return ", ".join(names[:-1]) + " and " + names[-1] if len(names) > 1 else "".join(names)


def _jacobian_shares(key: str, n: int) -> tuple[float, float]:
    """Shares of the square where the elementwise map's Jacobian det f'(x1) f'(x2) is 0 and < 0."""
    s = np.linspace(WARP_EXTENT[0], WARP_EXTENT[1], n)
    _, g = values_and_slopes(key, s)
    det = g[:, None] * g[None, :]
    return float((det == 0).mean()), float((det < 0).mean())


def _glued(P: np.ndarray, y: np.ndarray) -> tuple[int, int]:
    """Points of class 0 and of class 1 whose image is also the image of a point of the other class."""
    d = np.abs(P[y == 0][:, None, :] - P[y == 1][None, :, :]).max(-1) == 0
    return int(d.any(1).sum()), int(d.any(0).sum())


@figure(lines=13, refine=6, samples=601, n=200, noise=0.04, scale=2.5)
def activation_warps(ctx, lines, refine, samples, n, noise, scale) -> Result:
    """Each activation applied to both coordinates of a square grid and of the two rings, scaled to
    fill it (the shared warp figures)."""
    path = grids.grid_path(WARP_EXTENT, lines, refine).astype(np.float64)
    X, y = data.make("circles", n, noise, np.random.default_rng(0))
    X = X.astype(np.float64) * scale
    warps, names, metrics = [], [], {"extent": WARP_EXTENT[1], "n": n, "scale": scale}
    for key, (name, fn) in ACTIVATIONS.items():
        P = fn(torch.tensor(X)).numpy()
        warps.append(grids.Warp(fn(torch.tensor(path)).numpy(), P))
        names.append(name)
        flat, reversed_ = _jacobian_shares(key, samples)
        metrics[f"{key}_collapsed_share"], metrics[f"{key}_reversed_share"] = flat, reversed_
        metrics[f"{key}_glued_outer"], metrics[f"{key}_glued_inner"] = _glued(P, y)
    box = grids.frame_box(warps, pad=0.06)
    titles = [f"{n} applied to each coordinate" for n in names]
    slider = grids.warp_slider(warps, y, box, axis_titles=("f(x₁)", "f(x₂)"), titles=titles, labels=names,
                               prefix="activation: ", named=True)
    still = grids.warp_still(warps, y, box, axis_titles=("f(x₁)", "f(x₂)"), titles=titles, labels=names,
                             prefix="activation: ")
    return Result(artifacts("activation_warps", slider, still), metrics)
