"""Toy 2-D data sets with one signature, ``(n, noise, rng) -> (X, y)``, and a name registry.

X is float32 of shape (n, 2), y is int64 of shape (n,) with labels 0 and 1, classes balanced.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from sklearn import datasets as skd

Dataset = Callable[[int, float, np.random.Generator], tuple[np.ndarray, np.ndarray]]


def _seed(rng: np.random.Generator) -> int:
    return int(rng.integers(2**31 - 1))


def _out(X: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    return X.astype(np.float32), y.astype(np.int64)


def separable(n: int, noise: float, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Two Gaussian blobs either side of a slanted line (noise = their standard deviation)."""
    centers = np.array([[-0.9, -0.6], [0.9, 0.6]])
    X, y = skd.make_blobs(n, centers=centers, cluster_std=noise, random_state=_seed(rng))
    return _out(X, y)


def circles(n: int, noise: float, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Two concentric rings, outer radius 1 (class 0) and inner radius 0.5 (class 1)."""
    X, y = skd.make_circles(n, noise=noise, factor=0.5, random_state=_seed(rng))
    return _out(X, y)


def moons(n: int, noise: float, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Two interleaved half circles, centred on the origin."""
    X, y = skd.make_moons(n, noise=noise, random_state=_seed(rng))
    return _out((X - [0.5, 0.25]) / 1.2, y)


def xor(n: int, noise: float, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Four Gaussian clusters at the corners of a square; opposite corners share a class."""
    corners = np.array([[-0.6, -0.6], [0.6, 0.6], [-0.6, 0.6], [0.6, -0.6]])
    X, k = skd.make_blobs(n, centers=corners, cluster_std=noise, random_state=_seed(rng))
    return _out(X, k >= 2)


def spirals(n: int, noise: float, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Two interleaved spirals of one and a half turns each."""
    y = np.arange(n) % 2
    t = np.sqrt(rng.uniform(0.02, 1.0, n)) * 3 * np.pi
    X = np.stack([t * np.cos(t + np.pi * y), t * np.sin(t + np.pi * y)], 1) / (3 * np.pi)
    return _out(X + rng.normal(0, noise, X.shape), y)


def disk_in_ring(n: int, noise: float, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """A filled disk of radius 0.4 (class 1) inside a ring between radii 0.7 and 1 (class 0)."""
    y = np.arange(n) % 2
    r = np.where(y == 1, 0.4 * np.sqrt(rng.uniform(0, 1, n)), np.sqrt(rng.uniform(0.49, 1.0, n)))
    t = rng.uniform(0, 2 * np.pi, n)
    X = np.stack([r * np.cos(t), r * np.sin(t)], 1)
    return _out(X + rng.normal(0, noise, X.shape), y)


DATASETS: dict[str, Dataset] = {
    "separable": separable,
    "circles": circles,
    "moons": moons,
    "xor": xor,
    "spirals": spirals,
    "disk_in_ring": disk_in_ring,
}


def make(name: str, n: int, noise: float, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Draw ``n`` points of the data set called ``name``."""
    if name not in DATASETS:
        raise KeyError(f"unknown data set {name!r}; known: {', '.join(DATASETS)}")
    if n < 2:
        raise ValueError(f"need at least 2 points, got {n}")
    return DATASETS[name](n, noise, rng)
