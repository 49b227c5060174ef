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
DATA_SEED = 0
EXTENT = (-1.3, 1.3, -1.3, 1.3)
# cells whose rates the prose quotes: (data set, activation, width, depth)
QUOTED = (("circles", "relu", 3, 1), ("circles", "relu", 3, 5), ("circles", "tanh", 3, 1),
          ("spirals", "tanh", 4, 1), ("spirals", "tanh", 4, 2), ("spirals", "tanh", 8, 1))


def sizes_of(width: int, depth: int) -> tuple[int, ...]:
    return (2, *(width,) * depth, 1)


def n_weights(width: int, depth: int) -> int:
    s = sizes_of(width, depth)
    return sum((a + 1) * b for a, b in zip(s[:-1], s[1:]))


def solved(ctx, dataset: str, activation: str, *, n: int, seeds: int, steps: int, lr: float,
           threshold: float) -> np.ndarray:
    """(depth, width) counts of seeds whose final training accuracy is at least ``threshold``,
    for thresholds 1.0 and ``threshold``: shape (2, depths, widths)."""
    counts = np.zeros((2, len(DEPTHS), len(WIDTHS)), dtype=int)
    for i, depth in enumerate(DEPTHS):
        for j, width in enumerate(WIDTHS):
            run = ex.fit(ctx, dataset=dataset, n=n, noise=DATASETS[dataset][1], data_seed=DATA_SEED,
                         sizes=sizes_of(width, depth), activation=activation, steps=steps, lr=lr,
                         seeds=list(range(seeds)))
            acc = run.accuracy()
            counts[:, i, j] = measures.success(acc, 1.0).k, measures.success(acc, threshold).k
    return counts


def _smallest(k: np.ndarray, n_seeds: int, share: float = 0.5) -> tuple[int, int, int]:
    """(weights, width, depth) of the smallest net that solves at least ``share`` of its seeds."""
    cells = [(n_weights(w, d), w, d) for i, d in enumerate(DEPTHS) for j, w in enumerate(WIDTHS)
             if k[i, j] >= share * n_seeds]
    return min(cells) if cells else (0, 0, 0)


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

    with plt.rc_context(svg.RC):
        fig, axes = plt.subplots(1, len(DATASETS), figsize=(9.6, 2.3), dpi=svg.DPI, layout="constrained")
        for ax, (ds, (name, noise)) in zip(axes, DATASETS.items()):
            X, y = ex.data.make(ds, n, noise, np.random.default_rng(DATA_SEED))
            svg.draw_points(ax, X, y, size=5)
            ax.set(xlim=EXTENT[:2], ylim=EXTENT[2:], aspect="equal", xticks=[], yticks=[])
            ax.set_title(name, fontsize=10)
        still = svg.save_svg(fig)
    return Result(artifacts("wd_datasets", still), {"n": n, "datasets": len(DATASETS)})


@figure(sweep=True, seeds=24, gpu_seeds=256, steps=1000, lr=0.03, n=300, threshold=0.99,
        quick=dict(seeds=3, gpu_seeds=3, steps=60, n=60))
def width_depth(ctx, seeds, gpu_seeds, steps, lr, n, threshold) -> Result:
    """Success-rate maps over width and depth, for every data set and activation."""
    n_seeds = gpu_seeds if ctx.device == "cuda" else seeds
    counts = {(ds, act): solved(ctx, ds, act, n=n, seeds=n_seeds, steps=steps, lr=lr, threshold=threshold)
              for ds in DATASETS for act in ACTIVATIONS}
    maps = {}
    for ds, (name, _) in DATASETS.items():
        maps[name] = {}
        for act, act_name in ACTIVATIONS.items():
            k = counts[(ds, act)][0]
            lo, hi = measures.intervals(k, n_seeds)
            maps[name][act_name] = {"k": k, "lo": lo, "hi": hi}
    title = f"Share of {n_seeds} seeds that fit every training point ({steps} Adam steps)"
    html = heatmaps.rate_maps_html(maps, WIDTHS, DEPTHS, n_seeds, title=title)
    still = heatmaps.rate_maps_svg(maps, WIDTHS, DEPTHS, n_seeds, title)
    metrics = {"n_seeds": n_seeds, "device": ctx.device, "device_name": "GPU" if ctx.device == "cuda" else "CPU",
               "trainings": n_seeds * len(counts) * len(WIDTHS) * len(DEPTHS), "steps": steps, "lr": lr, "n_points": n,
               "threshold": threshold, **summary(counts, n_seeds)}
    return Result(artifacts("width_depth", html, still), metrics)
