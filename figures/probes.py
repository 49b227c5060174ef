"""What we measure on the representations of real data, layer by layer: how well held-out points
are classified from a layer (k nearest neighbours, a linear probe), how much of a layer's
variance a few principal axes keep, and which classes sit close together.

Kept beside ``measures`` (which holds the toy-data measurements) in a module of its own; each
function has a known-answer test in tests/test_probes.py.
"""

from __future__ import annotations

import numpy as np
from sklearn.linear_model import LogisticRegression, RidgeClassifier
from sklearn.neighbors import KNeighborsClassifier


def knn_accuracy(train: np.ndarray, y_train: np.ndarray, test: np.ndarray, y_test: np.ndarray, k: int = 5) -> float:
    """Share of test points whose k nearest training points (Euclidean) vote for their class."""
    return float(KNeighborsClassifier(k).fit(train, y_train).score(test, y_test))


def probe_accuracy(train: np.ndarray, y_train: np.ndarray, test: np.ndarray, y_test: np.ndarray) -> float:
    """Test accuracy of a linear probe (one-vs-rest least squares with a small ridge penalty, on
    standardised features) fitted on the training points: how far the classes can be told apart
    by flat boundaries in this layer. Closed form: fast, deterministic, no iterations to tune."""
    mu, sd = train.mean(0), train.std(0) + 1e-8
    probe = RidgeClassifier(alpha=1.0).fit((train - mu) / sd, y_train)
    return float(probe.score((test - mu) / sd, y_test))


def logistic_probe_accuracy(train: np.ndarray, y_train: np.ndarray, test: np.ndarray, y_test: np.ndarray) -> float:
    """Test accuracy of the standard linear probe: multinomial logistic regression (L2, C = 1, on
    standardised features, fitted by L-BFGS to convergence) on the training points. Unlike the
    least-squares probe it does not pay for points far on the right side of a boundary."""
    mu, sd = train.mean(0), train.std(0) + 1e-8
    probe = LogisticRegression(C=1.0, max_iter=5000, tol=1e-6).fit((train - mu) / sd, y_train)
    return float(probe.score((test - mu) / sd, y_test))


def effective_dimension(X: np.ndarray) -> float:
    """The participation ratio (sum of variances)² / (sum of squared variances) over the principal
    axes: d for a round cloud in d dimensions, 1 for points on a line. It needs no choice of how
    many axes to keep, so spaces of different dimension can be compared."""
    Xc = X - X.mean(0)
    var = np.clip(np.linalg.eigvalsh(Xc.T @ Xc), 0, None)
    return float(var.sum() ** 2 / (var**2).sum())


def pca_axes(X: np.ndarray, k: int = 3) -> tuple[np.ndarray, np.ndarray, float]:
    """(mean, the top-k principal axes (k, d), share of the total variance they keep)."""
    mu = X.mean(0)
    Xc = X - mu
    # the d x d covariance's eigenvectors: much cheaper than an SVD of the (n, d) points
    var, vecs = np.linalg.eigh(Xc.T @ Xc)
    var, vecs = np.clip(var[::-1], 0, None), vecs[:, ::-1]
    return mu, vecs[:, :k].T, float(var[:k].sum() / var.sum())


def class_mean_distances(X: np.ndarray, y: np.ndarray, classes: int) -> np.ndarray:
    """(classes, classes) distances between the class means of X."""
    means = np.stack([X[y == c].mean(0) for c in range(classes)])
    return np.linalg.norm(means[:, None] - means[None], axis=-1)


def confusion(y_true: np.ndarray, y_pred: np.ndarray, classes: int) -> np.ndarray:
    """(classes, classes) counts: row = true class, column = predicted class."""
    m = np.zeros((classes, classes), dtype=int)
    np.add.at(m, (y_true, y_pred), 1)
    return m


def pair_ranks(D: np.ndarray) -> dict[tuple[int, int], int]:
    """Each unordered pair (a < b) of classes ranked by D[a, b], 1 = closest."""
    pairs = sorted((float(D[a, b]), a, b) for a in range(len(D)) for b in range(a + 1, len(D)))
    return {(a, b): r + 1 for r, (_, a, b) in enumerate(pairs)}
