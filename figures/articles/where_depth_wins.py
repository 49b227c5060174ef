"""Figures of the article "Where depth wins" (docs/where-depth-wins.md).

The sawtooth that depth builds cheaply and one layer cannot (Telgarsky 2016), the linear regions
of ReLU nets on the plane, one layer approximating a curve as it widens, dead units under four
initialisations, and training against held-out accuracy.
"""

from __future__ import annotations

import numpy as np
import torch

from figures import data, measures
from figures import experiments as ex
from figures.models import nets, train
from figures.registry import Result, figure
from figures.render import artifacts, curves, svg
from figures.render.style import ACCENT, CLASS_COLORS, INK, MUTED

BLUE, VERMILLION = CLASS_COLORS
LINE = np.linspace(0, 1, 100_001)  # where pieces are counted: finer than any piece we make


def n_params(sizes) -> int:
    return sum((a + 1) * b for a, b in zip(sizes[:-1], sizes[1:]))


def _stats(v: np.ndarray) -> dict:
    v = np.asarray(v, dtype=float)
    return {"median": float(np.median(v)), "min": float(v.min()), "max": float(v.max())}


def fit_curve(ctx, x: np.ndarray, y: np.ndarray, sizes, activation: str, seeds, steps: int, lr: float,
              init: str = "default") -> nets.StackedMLP:
    """A stack of 1-input nets fitted to the curve y(x) by full-batch Adam on squared error."""
    model = nets.StackedMLP.init(tuple(sizes), activation, list(seeds), ctx.device, init)
    train.train(model, torch.as_tensor(x[:, None], dtype=torch.float32, device=ctx.device),
                torch.as_tensor(y, dtype=torch.float32, device=ctx.device), steps, lr, loss="mse", losses=False)
    return model


def curve_errors(model: nets.StackedMLP, x: np.ndarray, target: np.ndarray) -> np.ndarray:
    """Mean squared error of each model against ``target`` at the points x (float64)."""
    return ((measures.net_on_line(model, x) - target) ** 2).mean(1)


# --- 1. the sawtooth --------------------------------------------------------------------------


@figure(depths=(1, 2, 3, 4, 5, 6, 7, 8), shown=6)
def dw_sawtooth(ctx, depths, shown) -> Result:
    """The tent map composed L times, computed by a width-2 ReLU net of depth L set by hand,
    with its linear pieces counted along [0, 1]."""
    pieces = {L: int(measures.line_pieces(nets.sawtooth(L), LINE)[0]) for L in depths}
    # the net's own values at the kinks k / 2^L (and ends): the exact curve, a few bytes a frame
    frames = [[(f"depth {L}", x, measures.net_on_line(nets.sawtooth(L), x)[0], BLUE)]
              for L in depths[:shown] for x in [np.linspace(0, 1, 2 ** L + 1)]]
    titles = [f"{L} layer{'s' if L > 1 else ''} of 2 ReLU units: {pieces[L]} linear pieces" for L in depths[:shown]]
    shown_curves = curves.Curves([[curves.Line(*line) for line in f] for f in frames], titles,
                                 [str(L) for L in depths[:shown]], ("x", "network output"), y_range=(-0.05, 1.1),
                                 x_range=(0, 1))
    html = curves.curves_slider(shown_curves, "depth ")
    still = curves.curves_still(shown_curves, "depth ", named=False)  # the scene's first frame
    m = {"depths": list(depths), "pieces": [pieces[L] for L in depths], "expected": [2 ** L for L in depths],
         "all_exact": all(pieces[L] == 2 ** L for L in depths), "max_depth": max(depths),
         "max_pieces": pieces[max(depths)], "shown": shown, "grid_points": len(LINE)}
    for L in depths:
        m[f"pieces_L{L}"] = pieces[L]
        m[f"params_L{L}"] = n_params(nets.sawtooth(L).sizes)
        m[f"shallow_units_L{L}"] = 2 ** L - 1  # one layer needs n + 1 >= 2^L
        m[f"shallow_params_L{L}"] = n_params((1, 2 ** L - 1, 1))
    return Result(artifacts("dw_sawtooth", html, still), m)


# --- 2. matched budgets -----------------------------------------------------------------------

TARGET_DEPTH = 3
# (deep, shallow) pairs with equal parameter counts; the deep nets of width 2 can be the target
PAIRS = (((1, 2, 2, 2, 1), (1, 6, 1)), ((1, 3, 3, 3, 1), (1, 11, 1)))


def perturbed_sawtooth(depth: int, seeds, scale: float) -> nets.StackedMLP:
    """The hand-set sawtooth net, one copy per seed, every weight and bias moved by N(0, scale²)."""
    base = nets.sawtooth(depth, torch.float32)
    noise = [torch.Generator().manual_seed(s) for s in seeds]
    ws = [torch.cat([W + scale * torch.randn(W.shape, generator=g) for g in noise]) for W in base.weights]
    bs = [torch.cat([b + scale * torch.randn(b.shape, generator=g) for g in noise]) for b in base.biases]
    return nets.StackedMLP(base.sizes, "relu", ws, bs)


@figure(seeds=16, steps=2000, lr=0.01, n=256, good=1e-3, nudge=0.1, quick=dict(seeds=2, steps=100))
def dw_matched(ctx, seeds, steps, lr, n, good, nudge) -> Result:
    """Deep-narrow against shallow-wide nets of equal size, trained to fit the depth-4 sawtooth."""
    target = nets.sawtooth(TARGET_DEPTH)
    x = np.linspace(0, 1, n)
    y = measures.net_on_line(target, x)[0]
    truth = measures.net_on_line(target, LINE)[0]
    m = {"target_pieces": int(measures.line_pieces(target, LINE)[0]), "target_depth": TARGET_DEPTH,
         "n_seeds": seeds, "steps": steps, "good": good, "n_points": n, "nudge": nudge,
         "handset_error": float(curve_errors(target, LINE, truth)[0]),
         "constant_error": float(truth.var())}
    best = {}
    for k, (deep, shallow) in enumerate(PAIRS):
        assert n_params(deep) == n_params(shallow)
        m[f"params_{k}"] = n_params(deep)
        for kind, sizes in (("deep", deep), ("shallow", shallow)):
            model = fit_curve(ctx, x, y, sizes, "relu", range(seeds), steps, lr)
            err, pieces = curve_errors(model, LINE, truth), measures.line_pieces(model, LINE)
            n_good = int((err < good).sum())
            good_k = measures.Success(n_good, seeds, n_good / seeds, *measures.wilson(n_good, seeds))
            key = f"{kind}_{k}"
            m[f"{key}_sizes"] = "-".join(map(str, sizes))
            m[f"{key}_width"], m[f"{key}_layers"] = sizes[1], len(sizes) - 2
            m.update({f"{key}_err_{s}": v for s, v in _stats(err).items()})
            m.update({f"{key}_pieces_{s}": int(v) for s, v in _stats(pieces).items()})
            m[f"{key}_errors"], m[f"{key}_pieces"] = err.tolist(), pieces.tolist()
            m[f"{key}_flat"] = int((pieces == 1).sum())  # seeds that ended as a straight line
            m[f"{key}_good"], m[f"{key}_good_low"], m[f"{key}_good_high"] = good_k.k, good_k.low, good_k.high
            if kind == "shallow":
                m[f"{key}_bound"] = sizes[1] + 1
                m[f"{key}_within_bound"] = bool((pieces <= sizes[1] + 1).all())
            i = int(np.argmin(err))
            best[key] = (measures.net_on_line(model.select(i), LINE)[0], err[i], pieces[i])
    # the same deep net started near the hand-set solution instead of at random
    near = perturbed_sawtooth(TARGET_DEPTH, range(seeds), nudge)
    start = curve_errors(near, LINE, truth)
    train.train(near, torch.as_tensor(x[:, None], dtype=torch.float32), torch.as_tensor(y, dtype=torch.float32),
                steps, lr, loss="mse", losses=False)  # on the CPU, where the hand-set weights are made
    err = curve_errors(near, LINE, truth)
    n_good = int((err < good).sum())
    m.update({f"near_start_{s}": v for s, v in _stats(start).items()})
    m.update({f"near_err_{s}": v for s, v in _stats(err).items()})
    m["near_good"], m["near_errors"] = n_good, err.tolist()
    m["near_good_low"], m["near_good_high"] = measures.wilson(n_good, seeds)
    m["near_pieces"] = measures.line_pieces(near, LINE).tolist()
    m["near_pieces_max"] = max(m["near_pieces"])
    for k in range(len(PAIRS)):
        m[f"shallow_lower_{k}"] = m[f"shallow_{k}_err_median"] < m[f"deep_{k}_err_median"]
    m["trained_best"] = min(m[f"{kind}_{k}_err_min"] for kind in ("deep", "shallow") for k in range(len(PAIRS)))
    still = _matched_svg(truth, best, m)
    return Result(artifacts("dw_matched", still), m)


def _matched_svg(truth, best, m):
    import matplotlib.pyplot as plt

    # drawn for the column (688 px): the two matched pairs side by side, every seed's error below
    with plt.rc_context(svg.RC):
        fig, axd = plt.subplot_mosaic([["0", "1"], ["seeds", "seeds"]], figsize=(6.88, 6.6), dpi=svg.DPI,
                                      layout="constrained", height_ratios=(1.25, 1))
        for k in range(len(PAIRS)):
            ax = axd[str(k)]
            ax.plot(LINE, truth, color=MUTED, lw=2.6, label="target (hand-set deep net)")
            for kind, color in (("deep", BLUE), ("shallow", VERMILLION)):
                f, err, pieces = best[f"{kind}_{k}"]
                ax.plot(LINE, f, color=color, lw=1.4,
                        label=f"{m[f'{kind}_{k}_sizes']}: {pieces} pieces, error {err:.3f}")
            ax.set_title(f"{m[f'params_{k}']} parameters each,\nbest of {m['n_seeds']} seeds", fontsize=10, color=INK)
            ax.set(ylim=(-0.1, 1.1), xticks=[0, 0.5, 1], yticks=[0, 1], xlabel="x")
            ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.22), frameon=False, fontsize=8.5)
        ax = axd["seeds"]
        rows = [(f"{kind}_{k}", m[f"{kind}_{k}_sizes"]) for k in range(len(PAIRS)) for kind in ("deep", "shallow")]
        for r, (key, _) in enumerate(rows):
            err = np.asarray(m[f"{key}_errors"])
            jitter = (np.arange(len(err)) % 5 - 2) * 0.07
            ax.scatter(err, r + jitter, s=14, c=BLUE if key.startswith("deep") else VERMILLION)
        ax.axvline(m["constant_error"], color=MUTED, ls=":", lw=1)
        ax.text(m["constant_error"], -0.75, "best constant ", fontsize=8.5, color=INK, ha="right")
        ax.set_yticks(range(len(rows)), [name for _, name in rows])
        ax.set_ylim(-0.9, len(rows) - 0.4)
        ax.invert_yaxis()
        ax.set_xlabel("mean squared error of each seed")
        ax.set_title(f"every seed ({m['n_seeds']} per net)", fontsize=10, color=INK)
        return svg.save_svg(fig)


# --- 3. linear regions on the plane -----------------------------------------------------------

BOX = (-1.5, 1.5, -1.5, 1.5)
NEURONS = 48
DEEP_WIDTHS = {1: 48, 2: 24, 3: 16, 4: 12, 6: 8}  # depth -> width: 48 ReLU units in all


def deep_sizes(depth: int) -> tuple[int, ...]:
    return (2, *(DEEP_WIDTHS[depth],) * depth, 1)


def matched_width(depth: int) -> int:
    """One hidden layer with about as many parameters as ``depth`` layers of 48 units in all
    (2-n-1 has 4n + 1): the largest n not above."""
    return (n_params(deep_sizes(depth)) - 1) // 4


def _exact_shallow(model) -> np.ndarray:
    """Exact region counts of one-hidden-layer nets in BOX (lines in general position)."""
    W, b = model.weights[0].double().numpy(), model.biases[0][:, 0].double().numpy()
    return np.array([measures.arrangement_regions(W[s], b[s], BOX) for s in range(model.n_models)])


def _clip(poly: np.ndarray, v: np.ndarray) -> np.ndarray | None:
    """The part of the convex polygon ``poly`` (k, 2) where v >= 0, v the values of an affine
    function at its vertices: one Sutherland-Hodgman step (each vertex kept if inside, then where
    its edge crosses the line, in order); None when less than a triangle is left."""
    nxt = np.arange(1, len(poly) + 1) % len(poly)
    inside = v >= 0
    cross = np.flatnonzero(inside != inside[nxt])
    points = np.empty((2 * len(poly), 2))
    points[0::2] = poly
    p, q = poly[cross], poly[nxt[cross]]
    points[2 * cross + 1] = p + (q - p) * (v[cross] / (v[cross] - v[nxt[cross]]))[:, None]
    keep = np.zeros(2 * len(poly), bool)
    keep[0::2], keep[2 * cross + 1] = inside, True
    return points[keep] if keep.sum() >= 3 else None


def _area(poly: np.ndarray) -> float:
    x, y = poly[:, 0], poly[:, 1]
    return 0.5 * abs(float(np.dot(x, np.concatenate((y[1:], y[:1]))) - np.dot(y, np.concatenate((x[1:], x[:1])))))


def exact_regions(Ws: list[np.ndarray], bs: list[np.ndarray], box, tiny: float = 1e-12) -> int:
    """Exact number of activation regions of one ReLU net (W (in, out), b (out,)) in ``box``.
    Within a region every unit of the earlier layers is fixed on or off, so the net up to the
    next layer is one affine map there and each of its units cuts the region along a straight
    line: cut every region by every unit, layer by layer, and count the pieces."""
    x0, x1, y0, y1 = box
    square = np.array([[x0, y0], [x1, y0], [x1, y1], [x0, y1]], dtype=np.float64)
    regions = [(square, np.eye(2), np.zeros(2))]  # polygon, and the affine map x -> x M + c there
    for W, b in zip(Ws[:-1], bs[:-1]):
        cut = []
        for poly, M, c in regions:
            A, d = M @ W, c @ W + b
            pieces = [(poly, np.zeros(W.shape[1], bool))]
            for j in range(W.shape[1]):
                split = []
                for P, on in pieces:
                    v = P @ A[:, j] + d[j]
                    lo, hi = min(v.tolist()), max(v.tolist())  # cheaper than NumPy's on a few values
                    if lo >= 0 or hi <= 0:  # the unit's line misses this piece
                        on = on.copy()
                        on[j] = lo >= 0 and hi > 0
                        split.append((P, on))
                        continue
                    for positive in (True, False):
                        Q = _clip(P, v if positive else -v)
                        if Q is not None and _area(Q) > tiny:
                            half = on.copy()
                            half[j] = positive
                            split.append((Q, half))
                pieces = split
            cut += [(P, A * on, d * on) for P, on in pieces]
        regions = cut
    return len(regions)


def _exact_counts(model) -> np.ndarray:
    """exact_regions of every net of a stack, in float64."""
    Ws = [W.double().cpu().numpy() for W in model.weights]
    bs = [b[:, 0].double().cpu().numpy() for b in model.biases]
    return np.array([exact_regions([W[s] for W in Ws], [b[s] for b in bs], BOX) for s in range(model.n_models)])


@figure(seeds=8, grid=400, steps=1000, lr=0.03, n=300, quick=dict(seeds=2, grid=80, steps=50, n=60))
def dw_regions(ctx, seeds, grid, steps, lr, n) -> Result:
    """Activation regions of ReLU nets on the plane at init and after training on the spirals, deep
    against shallow at the same number of units and at the same number of parameters."""
    G, coarse = ex.grid(BOX, grid), ex.grid(BOX, grid // 2)
    X, y = data.make("spirals", n, 0.03, np.random.default_rng(0))
    Xt, yt = torch.as_tensor(X), torch.as_tensor(y)
    m = {"n_seeds": seeds, "grid": grid, "coarse": grid // 2, "neurons": NEURONS, "depths": list(DEEP_WIDTHS),
         "steps": steps, "box": BOX[1] - BOX[0]}
    maps = {}
    for depth in DEEP_WIDTHS:
        for kind, sizes in (("units", deep_sizes(depth)), ("params", (2, matched_width(depth), 1))):
            if kind == "params" and depth == 1:
                continue
            model = nets.StackedMLP.init(sizes, "relu", list(range(seeds)))
            key = f"{kind}_d{depth}"
            m[f"{key}_sizes"], m[f"{key}_params"] = "-".join(map(str, sizes)), n_params(sizes)
            for when in ("init", "trained"):
                if when == "trained":
                    train.train(model, Xt, yt, steps, lr)
                    m[f"{key}_accuracy"] = _stats(train.accuracy(model, Xt, yt))["median"]
                # every count exact: one wide layer's by the formula, deeper nets' by cutting polygons
                counts = _exact_shallow(model) if kind == "params" else _exact_counts(model)
                m.update({f"{key}_{when}_{s}": v for s, v in _stats(counts).items()})
                m[f"{key}_{when}"] = counts.tolist()
                if kind == "units":  # what share of the regions the maps' grid (and a coarser one) sees
                    m[f"{key}_{when}_grid_share"] = float(np.min(measures.region_counts(model, G) / counts))
                    m[f"{key}_{when}_coarse_share"] = float(np.min(measures.region_counts(model, coarse) / counts))
                if kind == "units" and depth == 1:
                    m[f"{key}_{when}_formula_agrees"] = bool((counts == _exact_shallow(model)).all())
                if kind == "units" and depth in (1, 4):
                    maps[(depth, when)] = measures.region_labels(measures.activation_patterns(model.select(0), G)[0])
    for when in ("init", "trained"):
        med = [m[f"units_d{d}_{when}_median"] for d in DEEP_WIDTHS]
        m[f"units_{when}_medians"] = med
        m[f"units_{when}_shallow_most"] = med[0] == max(med)
        m[f"units_{when}_deepest_fewest"] = med[-1] == min(med)
        m[f"params_{when}_shallow_more"] = all(m[f"params_d{d}_{when}_min"] > m[f"units_d{d}_{when}_max"]
                                               for d in list(DEEP_WIDTHS)[1:])
        m[f"params_{when}_min_ratio"] = min(m[f"params_d{d}_{when}_min"] / m[f"units_d{d}_{when}_max"]
                                            for d in list(DEEP_WIDTHS)[1:])
    m["min_grid_share"] = min(v for k, v in m.items() if k.endswith("_grid_share"))
    m["min_coarse_share"] = min(v for k, v in m.items() if k.endswith("_coarse_share"))
    m["formula_agrees"] = all(v for k, v in m.items() if k.endswith("_formula_agrees"))
    still = _regions_svg(maps, m, grid)
    return Result(artifacts("dw_regions", still), m)


def _region_image(labels: np.ndarray, count: int, size: int) -> np.ndarray:
    """An RGB image with a fixed pseudo-random colour per region (neighbours rarely match)."""
    rng = np.random.default_rng(0)
    colours = rng.uniform(0.35, 0.95, (count, 3))
    return colours[labels].reshape(size, size, 3)


def _regions_svg(maps, m, size):
    import matplotlib.pyplot as plt

    with plt.rc_context(svg.RC):
        fig = plt.figure(figsize=(10.4, 5.2), dpi=svg.DPI, layout="constrained")
        sub = fig.subfigures(1, 2, width_ratios=(1.25, 1))
        axes = sub[0].subplots(2, 2)
        for r, when in enumerate(("init", "trained")):
            for c, depth in enumerate((1, 4)):
                ax = axes[r, c]
                labels, count = maps[(depth, when)]
                ax.imshow(_region_image(labels, count, size), origin="lower", extent=BOX,
                          interpolation="nearest", rasterized=True)
                name = m[f"units_d{depth}_sizes"]
                exact = m[f"units_d{depth}_{when}"][0]  # seed 0, the one drawn
                ax.set_title(f"{name}\n{'at init' if when == 'init' else 'trained'}: {exact} regions",
                             fontsize=8.5, color=INK)
                ax.set(xticks=[], yticks=[])
        ax = sub[1].subplots()
        depths = list(DEEP_WIDTHS)
        for when, style in (("init", "--"), ("trained", "-")):
            med = [m[f"units_d{d}_{when}_median"] for d in depths]
            lo = [m[f"units_d{d}_{when}_min"] for d in depths]
            hi = [m[f"units_d{d}_{when}_max"] for d in depths]
            ax.plot(depths, med, style, marker="o", color=BLUE, label=f"48 units, {when}")
            ax.fill_between(depths, lo, hi, color=BLUE, alpha=0.12, lw=0)
            pd = depths[1:]
            ax.plot(pd, [m[f"params_d{d}_{when}_median"] for d in pd], style, marker="s", color=VERMILLION,
                    label=f"1 layer, same parameters, {when}")
        ax.set_yscale("log")
        ax.set_xticks(depths)
        ax.set_xlabel("hidden layers (48 ReLU units in all)")
        ax.set_ylabel("regions in the square (median)")
        ax.legend(frameon=False, fontsize=8)
        return svg.save_svg(fig)


# --- 4. universal approximation, seen ---------------------------------------------------------

WIDTHS_UA = (1, 2, 4, 8, 16, 32, 64, 128)


def ua_target(x: np.ndarray) -> np.ndarray:
    return np.sin(2 * np.pi * x) + 0.5 * np.sin(5 * np.pi * x)


@figure(seeds=3, steps=2000, lr=0.01, n=200, quick=dict(seeds=1, steps=50))
def dw_universal(ctx, seeds, steps, lr, n) -> Result:
    """One hidden layer of n units (ReLU and tanh) fitted to a wiggly curve, error against n."""
    x = np.linspace(-1, 1, n)
    fine = np.linspace(-1, 1, 4001)
    truth = ua_target(fine)
    m = {"widths": list(WIDTHS_UA), "n_seeds": seeds, "steps": steps}
    curves = {}
    for act in ("relu", "tanh"):
        best = []
        for w in WIDTHS_UA:
            model = fit_curve(ctx, x, ua_target(x), (1, w, 1), act, range(seeds), steps, lr)
            err = curve_errors(model, fine, truth)
            best.append(float(err.min()))
            if w in (2, 8, 32):
                curves[(act, w)] = measures.net_on_line(model.select(int(np.argmin(err))), fine)[0]
        m[f"{act}_best_errors"] = best
        m[f"{act}_first"], m[f"{act}_last"] = best[0], best[-1]
        m[f"{act}_ratio"] = best[0] / best[-1]
        m[f"{act}_falls"] = sum(b < a for a, b in zip(best, best[1:]))
        m[f"{act}_best_width"], m[f"{act}_min"] = WIDTHS_UA[int(np.argmin(best))], min(best)
        m[f"{act}_rises_after_best"] = best[-1] > min(best)
    m["steps_between"] = len(WIDTHS_UA) - 1
    m["target_var"] = float(truth.var())
    still = _universal_svg(fine, truth, curves, m)
    return Result(artifacts("dw_universal", still), m)


def _universal_svg(fine, truth, curves, m):
    import matplotlib.pyplot as plt

    with plt.rc_context(svg.RC):
        fig, axes = plt.subplots(1, 2, figsize=(9.6, 3.5), dpi=svg.DPI, layout="constrained")
        ax = axes[0]
        ax.plot(fine, truth, color=MUTED, lw=2.6, label="target")
        for w, color in ((2, VERMILLION), (8, ACCENT), (32, BLUE)):
            ax.plot(fine, curves[("relu", w)], color=color, lw=1.2, label=f"{w} ReLU units")
        ax.set(xlabel="x", title="one hidden layer, best seed")
        ax.legend(frameon=False, fontsize=8, loc="lower left")
        ax = axes[1]
        for act, color, marker in (("relu", BLUE, "o"), ("tanh", VERMILLION, "s")):
            ax.loglog(m["widths"], m[f"{act}_best_errors"], marker=marker, color=color, label=act)
        ax.set_xticks(m["widths"], [str(w) for w in m["widths"]])
        ax.minorticks_off()
        ax.set(xlabel="units in the one hidden layer", ylabel="mean squared error (best seed)")
        ax.legend(frameon=False)
        return svg.save_svg(fig)


# --- 5. dead units and initialisation ---------------------------------------------------------

INITS = {"default": "PyTorch default", "kaiming": "Kaiming (He)", "xavier": "Xavier (Glorot)",
         "tiny": "N(0, 0.1²)"}
INIT_SIZES = (2, 6, 6, 6, 1)


@figure(sweep=True, seeds=32, steps=1000, lr=0.03, n=300, quick=dict(seeds=4, steps=60, n=60))
def dw_init(ctx, seeds, steps, lr, n) -> Result:
    """Dead ReLU units and the share of seeds that fit the rings, under four initialisations."""
    m = {"n_seeds": seeds, "steps": steps, "sizes": "-".join(map(str, INIT_SIZES)),
         "units": sum(INIT_SIZES[1:-1])}
    rows = {}
    for init, name in INITS.items():
        run = ex.fit(ctx, dataset="circles", n=n, noise=0.05, data_seed=0, sizes=INIT_SIZES, activation="relu",
                     steps=steps, lr=lr, seeds=list(range(seeds)), snapshots=2, init=init)
        start = run.history.snapshots[0]
        dead0 = np.concatenate(measures.dead_units(start, run.X), 1).mean(1)
        dead = np.concatenate(measures.dead_units(run.model, run.X), 1).mean(1)
        s = measures.success(run.accuracy(), 1.0)
        m.update({f"{init}_dead_init": float(dead0.mean()), f"{init}_dead": float(dead.mean()),
                  f"{init}_success": s.k, f"{init}_rate": s.rate, f"{init}_low": s.low, f"{init}_high": s.high,
                  f"{init}_with_dead": int((dead > 0).sum()),
                  f"{init}_success_with_dead": int(((dead > 0) & (run.accuracy() >= 1.0 - measures.TOLERANCE)).sum())})
        rows[name] = (s, dead0.mean(), dead.mean())
    m["fewest_success_with_dead"] = min(m[f"{k}_success_with_dead"] for k in INITS)
    ranked = sorted(INITS, key=lambda k: m[f"{k}_rate"])
    m["best_init"], m["worst_init"] = INITS[ranked[-1]], INITS[ranked[0]]
    m["best_clearly_above_worst"] = m[f"{ranked[-1]}_low"] > m[f"{ranked[0]}_high"]
    still = _init_svg(rows, m)
    return Result(artifacts("dw_init", still), m)


def _init_svg(rows, m):
    import matplotlib.pyplot as plt

    with plt.rc_context(svg.RC):
        fig, axes = plt.subplots(1, 2, figsize=(9.4, 3.3), dpi=svg.DPI, layout="constrained", sharey=True)
        names = list(rows)
        ys = np.arange(len(names))
        rate = np.array([rows[k][0].rate for k in names])
        lo, hi = np.array([rows[k][0].low for k in names]), np.array([rows[k][0].high for k in names])
        axes[0].errorbar(rate, ys, xerr=[rate - lo, hi - rate], fmt="o", color=BLUE, capsize=3)
        axes[0].set(xlim=(0, 1), xlabel=f"seeds that fit every point (of {m['n_seeds']}, 95% interval)")
        axes[0].set_yticks(ys, names)
        axes[0].invert_yaxis()
        axes[1].barh(ys - 0.18, [rows[k][1] for k in names], height=0.34, color=MUTED, label="at init")
        axes[1].barh(ys + 0.18, [rows[k][2] for k in names], height=0.34, color=VERMILLION, label="after training")
        axes[1].set(xlabel="share of hidden units dead on the data (mean)")
        axes[1].legend(frameon=False, fontsize=9, loc="lower center", bbox_to_anchor=(0.5, 1.0), ncols=2)
        return svg.save_svg(fig)


# --- 6. train against held-out ----------------------------------------------------------------

HELD_SIZES = {"small": (2, 4, 1), "large": (2, 64, 64, 1)}


@figure(sweep=True, seeds=16, steps=3000, lr=0.01, n=100, n_test=2000, noise=0.2, frames=16,
        quick=dict(seeds=2, steps=60, n_test=200, frames=3))
def dw_heldout(ctx, seeds, steps, lr, n, n_test, noise, frames) -> Result:
    """A small and a large ReLU net on 100 noisy moons: accuracy on them and on 2,000 fresh points."""
    Xte, yte = data.make("moons", n_test, noise, np.random.default_rng(1))
    m = {"n_seeds": seeds, "steps": steps, "n_train": n, "n_test": n_test, "noise": noise}
    curves, fields = {}, {}
    for name, sizes in HELD_SIZES.items():
        run = ex.fit(ctx, dataset="moons", n=n, noise=noise, data_seed=0, sizes=sizes, activation="relu",
                     steps=steps, lr=lr, seeds=list(range(seeds)), snapshots=frames)
        Xt_, yt_ = run.tensors(Xte), torch.as_tensor(yte, device=run.device)
        steps_at, tr, te = [], [], []
        for step, model in run.snapshots():
            steps_at.append(step)
            tr.append(train.accuracy(model, run.tensors(), torch.as_tensor(run.y, device=run.device)))
            te.append(train.accuracy(model, Xt_, yt_))
        tr, te = np.array(tr), np.array(te)  # (snapshots, seeds)
        curves[name] = (steps_at, tr, te)
        m[f"{name}_sizes"], m[f"{name}_params"] = "-".join(map(str, sizes)), n_params(sizes)
        for what, a in (("train", tr[-1]), ("test", te[-1])):
            m.update({f"{name}_{what}_{s}": v for s, v in _stats(a).items()})
            m[f"{name}_{what}_mean"] = float(a.mean())
        m[f"{name}_gap_mean"] = float((tr[-1] - te[-1]).mean())
        m[f"{name}_gap_min"] = float((tr[-1] - te[-1]).min())
        m[f"{name}_best_test_mean"] = float(te.mean(1).max())
        m[f"{name}_best_test_step"] = int(steps_at[int(te.mean(1).argmax())])
        fields[name] = ex.prob_grid(run, run.model, (-1.6, 1.6, -1.3, 1.3), 120)
        Xtr, ytr = run.X, run.y
    m["large_test_below_small"] = m["large_test_mean"] < m["small_test_mean"]
    m["large_better_seeds"] = int((curves["large"][2][-1] > curves["small"][2][-1]).sum())
    m["large_train_above_small"] = m["large_train_mean"] > m["small_train_mean"]
    still = _heldout_svg(curves, fields, Xtr, ytr, m)
    return Result(artifacts("dw_heldout", still), m)


def _heldout_svg(curves, fields, X, y, m):
    import matplotlib.pyplot as plt

    ext = (-1.6, 1.6, -1.3, 1.3)
    with plt.rc_context(svg.RC):
        fig, axes = plt.subplots(1, 3, figsize=(10.6, 3.3), dpi=svg.DPI, layout="constrained",
                                 width_ratios=(1, 1, 1.25))
        for ax, name in zip(axes[:2], HELD_SIZES):
            P = fields[name]
            ax.imshow(P, origin="lower", extent=ext, cmap=svg.PROB_CMAP, vmin=0, vmax=1, rasterized=True,
                      interpolation="bilinear")
            ax.contour(np.linspace(*ext[:2], P.shape[1]), np.linspace(*ext[2:], P.shape[0]), P, levels=[0.5],
                       colors=INK, linewidths=1)
            svg.draw_points(ax, X, y, size=8)
            ax.set(xticks=[], yticks=[], aspect="equal")
            ax.set_title(f"{m[f'{name}_sizes']} (seed 0)", fontsize=9, color=INK)
        ax = axes[2]
        for name, color in (("small", BLUE), ("large", VERMILLION)):
            steps_at, tr, te = curves[name]
            ax.plot(steps_at, tr.mean(1), "-", color=color, label=f"{m[f'{name}_sizes']}, training points")
            ax.plot(steps_at, te.mean(1), "--", color=color, label=f"{m[f'{name}_sizes']}, held-out points")
        ax.set(xlabel="Adam step", ylabel=f"accuracy (mean of {m['n_seeds']} seeds)", ylim=(0.75, 1.005))
        ax.legend(frameon=False, fontsize=7.5, loc="lower right")
        return svg.save_svg(fig)
