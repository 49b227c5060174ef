"""Figures of the article "How wide, how deep?" (docs/how-wide-how-deep.md).

For five data sets, two activations, widths 1-8 and depths 1-5, train many seeds of each
network (one stacked fit per cell) and count how many fit every training point.
"""

from __future__ import annotations

import numpy as np

from figures import experiments as ex
from figures import measures
from figures.registry import Result, figure
from figures.render import artifacts, heatmaps, svg

# data set -> (name on the page, noise): noise low enough that every set can be fitted exactly
DATASETS = {
    "circles": ("rings", 0.05),
    "xor": ("XOR", 0.12),
    "moons": ("moons", 0.05),
    "spirals": ("spirals", 0.03),
    "disk_in_ring": ("disk in a ring", 0.03),
}
ACTIVATIONS = {"relu": "ReLU", "tanh": "tanh"}
WIDTHS = tuple(range(1, 9))
DEPTHS = tuple(range(1, 6))
# one-hidden-layer widths beyond the map, so that a single layer can be compared with deeper
# cells at matched weight counts (a 2-w-1 net has 4w + 1 weights; the map's deepest cell 321)
WIDE = (10, 12, 16, 24, 32, 48, 64)
DATA_SEED = 0
EXTENT = (-1.3, 1.3, -1.3, 1.3)
# cells whose rates the prose quotes: (data set, activation, width, depth)
QUOTED = (("circles", "relu", 3, 1), ("circles", "relu", 3, 5), ("circles", "tanh", 3, 1),
          ("spirals", "tanh", 4, 1), ("spirals", "tanh", 4, 2), ("spirals", "tanh", 8, 1),
          ("spirals", "tanh", 7, 1), ("circles", "tanh", 2, 2),
          *((ds, "relu", 3, d) for ds in DATASETS for d in (1, 5)))


def sizes_of(width: int, depth: int) -> tuple[int, ...]:
    return (2, *(width,) * depth, 1)


def n_weights(width: int, depth: int) -> int:
    s = sizes_of(width, depth)
    return sum((a + 1) * b for a, b in zip(s[:-1], s[1:]))


def _counts(ctx, sizes, *, n, seeds, steps, lr, threshold) -> dict[tuple[str, str], tuple[int, int]]:
    """For every data set and activation, the seeds of one net whose final training accuracy
    is 1.0, and at least ``threshold``: one stacked fit for all of them (same maths as one fit
    per data set and activation)."""
    keys = [(ds, act) for act in ACTIVATIONS for ds in DATASETS]  # an activation's groups side by side
    runs = ex.fit_together(ctx, [dict(dataset=ds, noise=DATASETS[ds][1], activation=act) for ds, act in keys],
                           n=n, data_seed=DATA_SEED, sizes=sizes, steps=steps, lr=lr, seeds=list(range(seeds)))
    out = {}
    for key, run in zip(keys, runs):
        acc = run.accuracy()
        out[key] = measures.success(acc, 1.0).k, measures.success(acc, threshold).k
    return out


def solved(ctx, **kw) -> dict[tuple[str, str], np.ndarray]:
    """(data set, activation) -> (depth, width) counts of seeds whose final training accuracy
    is at least ``threshold``, for thresholds 1.0 and ``threshold``: shape (2, depths, widths)."""
    counts = {(ds, act): np.zeros((2, len(DEPTHS), len(WIDTHS)), dtype=int) for ds in DATASETS for act in ACTIVATIONS}
    for i, depth in enumerate(DEPTHS):
        for j, width in enumerate(WIDTHS):
            for key, k in _counts(ctx, sizes_of(width, depth), **kw).items():
                counts[key][:, i, j] = k
    return counts


def solved_wide(ctx, widths, **kw) -> dict[tuple[str, str], np.ndarray]:
    """(data set, activation) -> seeds solved (100%) by one hidden layer of each of ``widths``."""
    per_width = [_counts(ctx, sizes_of(w, 1), **kw) for w in widths]
    return {(ds, act): np.array([c[(ds, act)][0] for c in per_width], dtype=int)
            for ds in DATASETS for act in ACTIVATIONS}


def counterpart(w: int, d: int, one_widths, size) -> int | None:
    """The one-layer width fixed in advance for the deeper cell (``w`` units, ``d`` layers): the
    largest ``size`` (weights or units) not above the deeper net's, ties broken by fewer units;
    None if every one-layer net is larger."""
    fits = [v for v in one_widths if size(v, 1) <= size(w, d)]
    return max(fits, key=lambda v: (size(v, 1), -v)) if fits else None


def one_layer_vs_deeper(k: np.ndarray, wide: np.ndarray, widths, n_seeds: int, size) -> tuple[list, list]:
    """Every deeper cell (depth >= 2) against its one pre-registered one-layer counterpart (see
    ``counterpart``; ``size(width, depth)`` counts weights or units), never the best of several.
    Returns the pairs as (comparisons, deeper higher, one layer higher, deeper clearly better,
    one layer clearly better) flags, "clearly" meaning the 95% intervals do not overlap, and the
    pairs where the deeper net is clearly better, described. Pairs share cells (one one-layer net
    is the counterpart of several deeper ones), so they are not independent."""
    ones = {w: int(k[0, WIDTHS.index(w)]) for w in WIDTHS} | {w: int(c) for w, c in zip(widths, wide)}
    flags, deep_wins = [], []
    for i, d in enumerate(DEPTHS[1:], 1):
        for j, w in enumerate(WIDTHS):
            w1 = counterpart(w, d, ones, size)
            if w1 is None:
                continue
            one, deep = ones[w1], int(k[i, j])
            (lo_1, hi_1), (lo_d, hi_d) = measures.wilson(one, n_seeds), measures.wilson(deep, n_seeds)
            flags.append((1, deep > one, one > deep, lo_d > hi_1, lo_1 > hi_d))
            if lo_d > hi_1:
                deep_wins.append(f"{d} layers of {w} units solve {deep} of {n_seeds} seeds, "
                                 f"one layer of {w1} units {one}")
    return flags, deep_wins


def _smallest(k: np.ndarray, n_seeds: int, share: float = 0.5) -> tuple[int, int, int]:
    """(weights, width, depth) of the smallest net that solves at least ``share`` of its seeds."""
    cells = [(n_weights(w, d), w, d) for i, d in enumerate(DEPTHS) for j, w in enumerate(WIDTHS)
             if k[i, j] >= share * n_seeds]
    return min(cells) if cells else (0, 0, 0)


def counterparts_per_map(widths, size) -> int:
    """How many different one-layer nets serve as counterparts to the deeper cells of one map:
    fewer than the deeper cells, so pairs share their one-layer cell."""
    ones = (*WIDTHS, *widths)
    return len({counterpart(w, d, ones, size) for d in DEPTHS[1:] for w in WIDTHS} - {None})


def depth_vs_width(counts: dict, wide: dict, widths, n_seeds: int) -> dict:
    """Deeper cells against their one-layer counterpart (the largest one-layer net no larger than
    them), at matched weights and at matched units, summed over data sets and activations."""
    m: dict = {}
    for what, size in (("weights", n_weights), ("units", lambda w, d: w * d)):
        flags, wins = [], []
        for (ds, act), c in counts.items():
            f, w = one_layer_vs_deeper(c[0], wide[(ds, act)], widths, n_seeds, size)
            flags += f
            wins += [f"{ACTIVATIONS[act]} on the {DATASETS[ds][0]}: {text}" for text in w]
        n, higher, one_higher, deep_better, one_better = np.array(flags, dtype=int).sum(0).tolist()
        m.update({f"matched_{what}_comparisons": n, f"matched_{what}_deeper_higher": higher,
                  f"matched_{what}_one_higher": one_higher,
                  f"matched_{what}_neither_clearly": n - deep_better - one_better,
                  f"matched_{what}_one_better_share": one_better / max(n, 1),
                  f"matched_{what}_counterparts_per_map": counterparts_per_map(widths, size),
                  f"matched_{what}_deeper_cells_per_map": len(WIDTHS) * (len(DEPTHS) - 1),
                  f"matched_{what}_deeper_better": deep_better, f"matched_{what}_one_better": one_better,
                  f"matched_{what}_deeper_wins": wins, f"matched_{what}_deeper_wins_text": "; ".join(wins) or "none"})
    return m


def first_solving_width(k: np.ndarray, wide: np.ndarray, widths) -> int:
    """The narrowest one-layer net (map or wide) that solves at least one seed; 0 if none."""
    ones = [*zip(WIDTHS, k[0].tolist()), *zip(widths, wide.tolist())]
    return next((w for w, c in ones if c > 0), 0)


def _and(names: list[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    return " and ".join([", ".join(names[:-1]), names[-1]] if len(names) > 1 else names)


def summary(counts: dict[tuple[str, str], np.ndarray], n_seeds: int) -> dict:
    """The numbers the article quotes, read off the maps."""
    m: dict = {}
    for (ds, act), c in counts.items():
        m[f"solved_{ds}_{act}"] = c[0].tolist()
        m[f"solved99_{ds}_{act}"] = c[1].tolist()
        m[f"mean_rate_{ds}_{act}"] = float(c[0].mean() / n_seeds)
        m[f"smallest_{ds}_{act}"], m[f"smallest_width_{ds}_{act}"], m[f"smallest_depth_{ds}_{act}"] = \
            _smallest(c[0], n_seeds)
    for ds, act, w, d in QUOTED:
        m[f"rate_{ds}_{act}_w{w}_d{d}"] = float(counts[(ds, act)][0][DEPTHS.index(d), WIDTHS.index(w)] / n_seeds)
    m["best_rate_spirals_relu"] = float(counts[("spirals", "relu")][0].max() / n_seeds)
    m["disk_relu_w2_best"] = int(counts[("disk_in_ring", "relu")][0][:, WIDTHS.index(2)].max())
    disk = counts[("disk_in_ring", "tanh")][0]
    m["disk_tanh_w2_best"] = int(disk[:, WIDTHS.index(2)].max())
    m["disk_tanh_w2_upper"] = measures.wilson(0, n_seeds)[1]
    m["disk_tanh_w3_best_rate"] = float(disk[:, WIDTHS.index(3)].max() / n_seeds)
    m["disk_tanh_w3_worst_rate"] = float(disk[:, WIDTHS.index(3)].min() / n_seeds)
    m["width1_best"] = int(max(c[0][:, 0].max() for c in counts.values()))
    m["circles_tanh_w2_best"] = int(counts[("circles", "tanh")][0][:, WIDTHS.index(2)].max())
    m["circles_tanh_w2_upper"] = measures.wilson(0, n_seeds)[1]
    # width 3, ReLU, five layers against one: clearly worse or clearly better where the 95%
    # intervals do not overlap; where they overlap, the seeds cannot tell (not "no worse")
    w3 = {ds: [measures.wilson(int(k), n_seeds) for k in counts[(ds, "relu")][0][(0, -1), WIDTHS.index(3)]]
          for ds in DATASETS}
    split = {"worse": [ds for ds, ((lo1, hi1), (lo5, hi5)) in w3.items() if hi5 < lo1],
             "better": [ds for ds, ((lo1, hi1), (lo5, hi5)) in w3.items() if lo5 > hi1]}
    split["undecided"] = [ds for ds in DATASETS if ds not in split["worse"] + split["better"]]
    for what, sets in split.items():
        m[f"relu_w3_deeper_{what}"] = [DATASETS[ds][0] for ds in sets]
        m[f"relu_w3_deeper_{what}_count"] = len(sets)
        m[f"relu_w3_deeper_{what}_text"] = _and(m[f"relu_w3_deeper_{what}"]) or "no data set"
    for w, d in ((4, 2), (7, 1), (8, 1)):
        m[f"weights_w{w}_d{d}"] = n_weights(w, d)
    m.update({f"noise_{ds}": noise for ds, (_, noise) in DATASETS.items()})

    better = {"relu": 0, "tanh": 0}
    for ds in DATASETS:
        lo_r, hi_r = measures.intervals(counts[(ds, "relu")][0], n_seeds)
        lo_t, hi_t = measures.intervals(counts[(ds, "tanh")][0], n_seeds)
        better["tanh"] += int((lo_t > hi_r).sum())
        better["relu"] += int((lo_r > hi_t).sum())
    m["cells_tanh_better"], m["cells_relu_better"] = better["tanh"], better["relu"]
    m["cells_per_activation"] = len(DATASETS) * len(WIDTHS) * len(DEPTHS)
    m["max_gap_99"] = float(max(np.abs(c[1] - c[0]).max() for c in counts.values()) / n_seeds)
    failed = sum(int((n_seeds - c[0]).sum()) for c in counts.values())
    m["near_miss_share"] = sum(int((c[1] - c[0]).sum()) for c in counts.values()) / max(failed, 1)
    return m


@figure(n=300)
def wd_datasets(ctx, n) -> Result:
    """The five data sets, as the networks see them."""
    import matplotlib.pyplot as plt

    separable, metrics = [], {"n": n, "datasets": len(DATASETS)}
    with plt.rc_context(svg.RC):
        fig, axes = plt.subplots(1, len(DATASETS), figsize=(9.6, 2.3), dpi=svg.DPI, layout="constrained")
        for ax, (ds, (name, noise)) in zip(axes, DATASETS.items()):
            X, y = ex.data.make(ds, n, noise, np.random.default_rng(DATA_SEED))
            separable += [name] if measures.linearly_separable(X, y) else []
            metrics[f"best_line_{ds}"] = measures.best_linear_accuracy(X, y)
            if ds == "xor":  # the band |x1 + x2| < 0.6 between two parallel lines
                metrics["xor_band_accuracy"] = measures.band_accuracy(X, y, (1, 1), 0.6 * np.sqrt(0.5))
            svg.draw_points(ax, X, y, size=5)
            ax.set(xlim=EXTENT[:2], ylim=EXTENT[2:], aspect="equal", xticks=[], yticks=[])
            ax.set_title(name, fontsize=10)
        still = svg.save_svg(fig)
    metrics.update(linearly_separable=separable, linearly_separable_count=len(separable),
                   best_line_max=max(metrics[f"best_line_{ds}"] for ds in DATASETS))
    return Result(artifacts("wd_datasets", still), metrics)


@figure(sweep=True, seeds=24, steps=1000, lr=0.03, n=300, threshold=0.99, wide=WIDE,
        quick=dict(seeds=3, steps=60, n=60, wide=(10,)))
def width_depth(ctx, seeds, steps, lr, n, threshold, wide) -> Result:
    """Success-rate maps over width and depth, for every data set and activation, and one-layer
    nets wider than the map to compare depth with width at matched size."""
    n_seeds = seeds  # the same experiment on every device
    kw = dict(n=n, seeds=n_seeds, steps=steps, lr=lr, threshold=threshold)
    counts = solved(ctx, **kw)
    wide_counts = solved_wide(ctx, wide, **kw)
    maps = {}
    for ds, (name, _) in DATASETS.items():
        maps[name] = {}
        for act, act_name in ACTIVATIONS.items():
            k = counts[(ds, act)][0]
            lo, hi = measures.intervals(k, n_seeds)
            maps[name][act_name] = {"k": k, "lo": lo, "hi": hi}
    title = f"Percentage of {n_seeds} seeds that fit every training point ({steps} Adam steps)"
    html = heatmaps.rate_maps_html(maps, WIDTHS, DEPTHS, n_seeds, title=title)
    still = heatmaps.rate_maps_still(maps, WIDTHS, DEPTHS, n_seeds, title, (html.width, html.height))
    metrics = {"n_seeds": n_seeds, "device": ctx.device, "device_name": "GPU" if ctx.device == "cuda" else "CPU",
               "trainings": n_seeds * len(counts) * (len(WIDTHS) * len(DEPTHS) + len(wide)), "steps": steps,
               "lr": lr, "n_points": n, "threshold": threshold, "wide_widths": list(wide),
               "wide_max": max(wide), "wide_max_weights": n_weights(max(wide), 1),
               **{f"solved_wide_{ds}_{act}": c.tolist() for (ds, act), c in wide_counts.items()},
               **summary(counts, n_seeds), **depth_vs_width(counts, wide_counts, wide, n_seeds),
               "spirals_relu_first_wide": first_solving_width(counts[("spirals", "relu")][0],
                                                              wide_counts[("spirals", "relu")], wide)}
    return Result(artifacts("width_depth", html, still), metrics)
