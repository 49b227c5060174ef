"""Figures of the article "From the perceptron to the MLP" (docs/perceptron-to-mlp.md): threshold
units as AND and OR, the perceptron rule at work, its convergence bound measured, and the rule
cycling on XOR."""

from __future__ import annotations

import numpy as np

from figures.models import perceptron as pc
from figures.registry import Result, figure
from figures.render import artifacts, svg
from figures.render.gif import boundary_gif
from figures.render.kinds import ProbabilityField
from figures.render.lines import Lines, bound_svg, lines_slider, lines_still, lines_svg, region_grid, weights_svg

# A static figure whose drawing reaches its own corner gets a margin (constrained layout's pads,
# in inches: 8 px): in the dark scheme the page's background shows at every figure's corners.
MARGIN_RC = {"figure.constrained_layout.w_pad": 8 / 72, "figure.constrained_layout.h_pad": 8 / 72}

BOX = (-0.5, 1.5, -0.5, 1.5)
LABELS = ["(0, 0)", "(0, 1)", "(1, 0)", "(1, 1)"]
ROWS = ("00", "01", "10", "11")
XOR = np.array([0, 1, 1, 0])


def table(prefix: str, outputs) -> dict:
    """Metrics ``prefix_00`` ... ``prefix_11``: one output per corner, in truth-table order."""
    return {f"{prefix}_{r}": int(v) for r, v in zip(ROWS, outputs)}


# (name, weights, theta, strict, the function it should compute)
UNITS = (("and", (1, 1), 2, False, lambda X: X[:, 0] * X[:, 1]),
         ("or", (1, 1), 1, False, lambda X: np.maximum(X[:, 0], X[:, 1])),
         ("gt", (1, 1), 2, True, lambda X: X[:, 0] * X[:, 1]))
TITLES = {"and": "AND: fire if x₁ + x₂ ≥ 2", "or": "OR: fire if x₁ + x₂ ≥ 1", "gt": "fire if x₁ + x₂ > 2"}


@figure()
def mp_units(ctx) -> Result:
    """McCulloch-Pitts threshold units over the four corners: AND and OR, and AND with the wrong comparison."""
    panels, metrics = [], {}
    for name, w, theta, strict, target in UNITS:
        out = pc.truth_table(lambda X, w=w, theta=theta, strict=strict: pc.threshold_unit(X, w, theta, strict))
        want = pc.truth_table(target)
        metrics.update({**table(name, out), **table(f"{name}_target", want), f"{name}_theta": theta,
                        f"{name}_correct": int((out == want).sum())})
        region = region_grid(lambda P, w=w, theta=theta, strict=strict: pc.threshold_unit(P, w, theta, strict),
                             BOX, 200)
        panels.append(Lines([pc.CORNERS], out, [[(w[0], w[1], -theta)]], BOX, [TITLES[name]], regions=[region],
                            labels=LABELS, class_names=("output 0", "output 1")))
    metrics["gt_wrong_rows"] = int(4 - metrics["gt_correct"])
    return Result(artifacts("mp_units", lines_svg(panels)), metrics)


# --- the perceptron rule on separable data -------------------------------------------------------

def margin_data(rng: np.random.Generator, n: int, scale: float, gap: float) -> tuple[np.ndarray, np.ndarray]:
    """n points uniform in a disk of radius ``scale``, labelled by a random line, with no point
    closer than ``gap`` to it (points drawn until n survive)."""
    a = rng.uniform(0, 2 * np.pi)
    normal, offset = np.array([np.cos(a), np.sin(a)]), rng.uniform(-0.4, 0.4) * scale
    X = np.empty((0, 2))
    while len(X) < n:
        r, t = scale * np.sqrt(rng.uniform(0, 1, 4 * n)), rng.uniform(0, 2 * np.pi, 4 * n)
        P = np.stack([r * np.cos(t), r * np.sin(t)], 1)
        X = np.concatenate([X, P[np.abs(P @ normal - offset) >= gap]])
    X = X[:n]
    return X, (X @ normal > offset).astype(int)


def _soft_side(P: np.ndarray, w: np.ndarray, width: float = 0.01) -> np.ndarray:
    """A 0..1 field that is 1 on the side w·(x, 1) > 0 of the line and 0 on the other, blurred over
    ``width`` of distance so the GIF draws a clean edge at exactly the line (0/1 if w1 = w2 = 0)."""
    s = pc.augment(P) @ w
    norm = np.linalg.norm(w[:2])
    return (s > 0).astype(float) if norm == 0 else 1 / (1 + np.exp(-np.clip(s / norm / width, -50, 50)))


@figure(seed=3, n=24, gap=0.15, grid=120)
def perceptron_steps(ctx, n, gap, grid) -> Result:
    """The perceptron rule on separable points: the line after every update."""
    X, y = margin_data(np.random.default_rng(ctx.seed), n, 1.0, gap)
    path = pc.perceptron(pc.augment(X), pc.signs(y), 1000)
    box = (-1.1, 1.1, -1.1, 1.1)
    lines = [[(w[0], w[1], w[2])] for w in path.weights]
    regions = [region_grid(lambda P, w=w: _soft_side(P, w), box, grid, float) for w in path.weights]
    epoch_of = np.searchsorted(np.cumsum(path.epoch_mistakes), np.arange(1, path.updates + 1)) + 1
    titles = ["start: w = 0, every point called class 0"] + [
        f"update {k + 1}: the line after a mistake on ({X[i, 0]:.2f}, {X[i, 1]:.2f}), epoch {e}"
        for k, (i, e) in enumerate(zip(path.culprits, epoch_of))]
    steps = [str(k) for k in range(len(path.weights))]
    marks = [np.empty((0, 2))] + [X[i:i + 1] for i in path.culprits]
    kind = Lines([X], y, lines, box, titles, steps, shade=True, marks=marks)
    field = ProbabilityField(regions, box, X, y, titles, steps,
                             lines=[(w[:2].tolist(), float(w[2])) for w in path.weights])
    labels = ["start"] + [f"update {k + 1}" for k in range(path.updates)]
    # the still: the last update's line as the scene first shows it (the GIF's own last frame, its
    # still before, had no axes or legend); the GIF stays for readers without JavaScript
    arts = artifacts("perceptron_steps", lines_slider(kind, "update "), lines_still(kind, "update "),
                     boundary_gif(field, labels=labels, fps=2, poster=True))
    right = (pc.augment(X) @ path.weights[-1] > 0) == (y == 1)
    return Result(arts, {"n": n, "updates": path.updates, "epochs": len(path.epoch_mistakes),
                         "converged": path.converged, "accuracy": float(np.mean(right)),
                         "first_epoch_mistakes": int(path.epoch_mistakes[0])})


# --- the convergence theorem, measured ---------------------------------------------------------

SCALES = (0.5, 1.0, 2.0, 4.0)


def bound_sets(seed: int, sets: int, n: int, gap_range: tuple[float, float]):
    """``sets`` separable data sets of n points: radius cycling through SCALES, gap log-uniform in
    ``gap_range`` times the radius."""
    rng = np.random.default_rng(seed)
    out = []
    for k in range(sets):
        scale = SCALES[k % len(SCALES)]
        gap = scale * np.exp(rng.uniform(*np.log(gap_range)))
        out.append(margin_data(rng, n, scale, gap))
    return out


@figure(seed=7, sets=240, n=40, gap_range=(0.01, 0.3), max_epochs=5000)
def perceptron_bound(ctx, sets, n, gap_range, max_epochs) -> Result:
    """Updates of the perceptron rule against Novikoff's bound (R/γ)² over many separable data sets."""
    data = bound_sets(ctx.seed, sets, n, gap_range)
    Xa = np.stack([pc.augment(X) for X, _ in data])
    s = np.stack([pc.signs(y) for _, y in data])
    updates, done = pc.perceptron_updates(Xa, s, max_epochs)
    R = np.array([pc.radius(x) for x in Xa])
    gamma = np.array([pc.max_margin(x, t)[1] for x, t in zip(Xa, s)])
    bound = (R / gamma) ** 2
    ratio = updates / bound
    with svg.plt.rc_context(MARGIN_RC):  # its line ends at the plot's corner: clear of the figure's
        drawing = bound_svg(bound, updates)
    return Result(artifacts("perceptron_bound", drawing), {
        "sets": sets, "n": n, "converged": int(done.sum()),
        "scales": ", ".join(f"{v:g}" for v in SCALES[:-1]) + f" or {SCALES[-1]:g}",
        "positive_margins": int((gamma > 0).sum()),
        "under": int((updates <= bound).sum()), "max_ratio": float(ratio.max()),
        "median_ratio": float(np.median(ratio)), "min_ratio": float(ratio.min()),
        "updates_min": int(updates.min()), "updates_max": int(updates.max()),
        "bound_min": float(bound.min()), "bound_max": float(bound.max()),
        "updates_median": float(np.median(updates)), "bound_median": float(np.median(bound)),
        "gamma_min": float(gamma.min()), "gamma_max": float(gamma.max()),
        "radius_min": float(R.min()), "radius_max": float(R.max()),
        "corr_log": float(np.corrcoef(np.log(bound), np.log(np.maximum(updates, 1)))[0, 1])})


# --- the rule on XOR ------------------------------------------------------------------------

@figure(seed=11, epochs=1000, shown_epochs=8)
def perceptron_xor(ctx, epochs, shown_epochs) -> Result:
    """The perceptron rule on the four XOR points: no epoch is ever mistake-free and the weights cycle."""
    Xa, s = pc.augment(pc.CORNERS), pc.signs(XOR)
    fixed = pc.perceptron(Xa, s, epochs)
    rng = np.random.default_rng(ctx.seed)
    orders = [rng.permutation(4) for _ in range(epochs)]
    shuffled = pc.perceptron(Xa, s, epochs, order=lambda e: orders[e])
    j, k = pc.first_repeat(fixed.epoch_starts)
    # the drawings follow the shuffled run (the fixed order repeats one epoch for ever)
    upto = int(np.sum(shuffled.epoch_mistakes[:shown_epochs]))
    ends = np.cumsum(shuffled.epoch_mistakes[:shown_epochs])
    arts = artifacts("perceptron_xor", weights_svg(shuffled.weights[:upto + 1], ["w₁", "w₂", "b"], ends))
    W = shuffled.weights[:upto + 1]
    epoch_of = np.searchsorted(ends, np.arange(1, upto + 1)) + 1
    titles = ["start: w = 0"] + [f"epoch {e}, update {t + 1}: {LABELS[i]} was wrong"
                                 for t, (i, e) in enumerate(zip(shuffled.culprits[:upto], epoch_of))]
    kind = Lines([pc.CORNERS], XOR, [[tuple(w)] for w in W], BOX, titles, [str(t) for t in range(len(W))],
                 labels=LABELS, shade=True)
    arts += artifacts("perceptron_xor-lines", lines_slider(kind, "update "), lines_still(kind, "update "))

    def norms(path):
        return np.linalg.norm(path.weights, axis=1)

    return Result(arts, {
        "epochs": epochs, "epochs_run": len(fixed.epoch_mistakes),
        "mistake_free": int(np.sum(fixed.epoch_mistakes == 0)),
        "min_mistakes": int(fixed.epoch_mistakes.min()), "updates": fixed.updates,
        "cycle_start": j, "cycle_repeat": k, "cycle_period": k - j,
        "distinct_weights": len(np.unique(fixed.weights, axis=0)), "max_norm": float(norms(fixed).max()),
        "max_abs_weight": int(np.abs(fixed.weights).max()),
        "shuffled_epochs_run": len(shuffled.epoch_mistakes),
        "shuffled_mistake_free": int(np.sum(shuffled.epoch_mistakes == 0)),
        "shuffled_min_mistakes": int(shuffled.epoch_mistakes.min()),
        "shuffled_distinct_weights": len(np.unique(shuffled.weights, axis=0)),
        "shuffled_max_abs_weight": int(np.abs(shuffled.weights).max()),
        "shuffled_max_norm": float(norms(shuffled).max()), "shuffled_updates": shuffled.updates,
        "shown_epochs": shown_epochs, "shown_updates": upto})
