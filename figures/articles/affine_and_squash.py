"""Figures of the article "A layer is an affine map and a squash" (docs/affine-and-squash.md)."""

from __future__ import annotations

import numpy as np
import torch

from figures import experiments as ex
from figures import measures
from figures.registry import Result, figure
from figures.render import artifacts, grids, svg
from figures.render.style import CLASS_COLORS, INK, MUTED

SPIRALS = dict(dataset="spirals", n=400, noise=0.03, data_seed=0)
DISK = dict(dataset="disk_in_ring", n=400, noise=0.03, data_seed=0)
RECIPE = dict(steps=1000, lr=0.05)
BOX = (-1.15, 1.15, -1.15, 1.15)  # the input plane, and tanh's square with a margin
GRID = (-1.1, 1.1, -1.1, 1.1)
SHOWN = 240  # points drawn in the flows
RELIABLE = 0.9  # a width is reliable when at least this share of seeds fits every point
QUICK = dict(seeds=4, steps=60)


def _idx(n: int, k: int = SHOWN) -> np.ndarray:
    return np.sort(np.random.default_rng(0).permutation(n)[:k])


def _sweep(ctx, data: dict, sizes, seeds: int, steps: int, lr: float, snapshots: int = 0) -> ex.Run:
    """Every seed of one tanh net trained at once, shared between the figures that show it."""
    return ctx.shared(ex.fit, **data, sizes=tuple(sizes), activation="tanh", steps=steps, lr=lr,
                      seeds=list(range(seeds)), snapshots=snapshots)


def _rate(acc: np.ndarray, prefix: str) -> dict:
    ok = measures.success(acc)
    return {f"{prefix}n_seeds": ok.n, f"{prefix}successes": ok.k, f"{prefix}rate": ok.rate,
            f"{prefix}rate_low": ok.low, f"{prefix}rate_high": ok.high,
            f"{prefix}best_accuracy": float(acc.max()), f"{prefix}median_accuracy": float(np.median(acc))}


# --- 1. a neuron, two neurons, a matrix --------------------------------------------------------


def _neuron_diagram(ax, x, W, b, z, h) -> None:
    """Two inputs, two units: every weight on its edge, every value in its node."""
    ins, outs = [(0.0, 1.0), (0.0, -1.0)], [(3.0, 1.0), (3.0, -1.0)]
    for j, (ox, oy) in enumerate(outs):
        for i, (ix, iy) in enumerate(ins):
            # edges into unit 1 solid, into unit 2 dashed; each weight sits near the unit it feeds
            ax.plot([ix, ox], [iy, oy], color=MUTED, lw=1.2, zorder=1, ls="-" if j == 0 else (0, (4, 2)))
            t = 0.6
            px, py = ix + t * (ox - ix), iy + t * (oy - iy)
            ax.text(px, py, f"w{'₁₂'[j]}{'₁₂'[i]} = {W[j][i]:g}", ha="center", va="center", fontsize=8.5,
                    color=INK, bbox=dict(boxstyle="round,pad=0.15", fc="white", ec="none"), zorder=2)
    for i, (px, py) in enumerate(ins):
        ax.add_patch(svg.plt.Circle((px, py), 0.42, fc="white", ec=INK, lw=1.2, zorder=2))
        ax.text(px, py, f"x{'₁₂'[i]}\n{x[i]:g}", ha="center", va="center", fontsize=9, zorder=3)
    for j, (px, py) in enumerate(outs):
        ax.add_patch(svg.plt.Circle((px, py), 0.42, fc="white", ec=CLASS_COLORS[0], lw=1.6, zorder=2))
        ax.text(px, py, f"z{'₁₂'[j]}\n{z[j]:.2f}", ha="center", va="center", fontsize=9, zorder=3)
        ax.text(px + 0.55, py + 0.5, f"+ b{'₁₂'[j]} = {b[j]:g}", fontsize=8.5, color=INK)
        ax.annotate("", (px + 1.6, py), (px + 0.45, py), arrowprops=dict(arrowstyle="->", color=INK))
        ax.text(px + 1.02, py - 0.3, "tanh", ha="center", fontsize=8.5, color=INK)
        ax.text(px + 1.7, py, f"h{'₁₂'[j]} = {h[j]:.3f}", va="center", fontsize=9.5, color=INK)
    ax.set_xlim(-0.6, 6.3)
    ax.set_ylim(-1.7, 1.8)
    ax.set_aspect("equal")
    ax.axis("off")


def _activation_graph(ax) -> None:
    t = np.linspace(-3, 3, 121)
    ax.axhline(0, color=MUTED, lw=0.6)
    ax.axvline(0, color=MUTED, lw=0.6)
    ax.plot(t, np.tanh(t), color=CLASS_COLORS[0], lw=2, label="tanh")
    ax.plot(t, np.maximum(t, 0), color=CLASS_COLORS[1], lw=2, ls="--", label="ReLU")
    ax.set_ylim(-1.4, 2.2)
    ax.set_xlabel("z")
    ax.legend(frameon=False, loc="upper left", fontsize=9)


@figure(x=(0.5, -1.0), W=((1.2, -0.7), (0.4, 0.9)), b=(0.3, -0.5))
def affine_neuron(ctx, x, W, b) -> Result:
    """One example point through two tanh neurons (a 2x2 matrix and a bias), and tanh beside ReLU."""
    Wa, xa, ba = np.asarray(W, float), np.asarray(x, float), np.asarray(b, float)
    z = Wa @ xa + ba
    h = np.tanh(z)
    with svg.plt.rc_context(svg.RC):
        fig, (a1, a2) = svg.plt.subplots(1, 2, figsize=(8.4, 3.0), dpi=svg.DPI, layout="constrained",
                                         gridspec_kw=dict(width_ratios=[2.1, 1]))
        _neuron_diagram(a1, x, W, b, z, h)
        _activation_graph(a2)
        drawing = svg.save_svg(fig)
    metrics = {"x1": x[0], "x2": x[1], "w11": W[0][0], "w12": W[0][1], "w21": W[1][0], "w22": W[1][1],
               "b1": b[0], "b2": b[1], "z1": float(z[0]), "z2": float(z[1]), "h1": float(h[0]), "h2": float(h[1]),
               "relu1": float(max(z[0], 0)), "relu2": float(max(z[1], 0))}
    return Result(artifacts("affine_neuron", drawing), metrics)


# --- 2. one layer on the plane -----------------------------------------------------------------


def _spiral_points() -> tuple[np.ndarray, np.ndarray]:
    X, y = ex.data.make(SPIRALS["dataset"], SPIRALS["n"], SPIRALS["noise"], np.random.default_rng(0))
    i = _idx(len(y), 160)
    return X[i].astype(float), y[i]


@figure(W=((1.6, -0.9), (0.7, 1.3)), b=(0.4, -0.3))
def affine_layer(ctx, W, b) -> Result:
    """One 2-unit tanh layer on the spirals, piece by piece: W x, then + b, then tanh."""
    Wa, ba = np.asarray(W, float), np.asarray(b, float)
    path = grids.grid_path(GRID, 9, 4).astype(float)
    X, y = _spiral_points()
    maps = [("the input", lambda p: p), ("W x", lambda p: p @ Wa.T), ("W x + b", lambda p: p @ Wa.T + ba),
            ("tanh(W x + b)", lambda p: np.tanh(p @ Wa.T + ba))]
    panels = [grids.Warp(f(path), f(X)) for _, f in maps]
    box = grids.frame_box(panels[:3], pad=0.04)
    still = grids.warp_svg(panels, y, [box, box, box, BOX], titles=[t for t, _ in maps], ncols=4, panel_inches=2.2)
    inside = np.abs(panels[3].path).max()
    return Result(artifacts("affine_layer", still),
                  {"det_w": float(np.linalg.det(Wa)), "max_abs_after_tanh": float(inside)})


# --- 3. a stack of layers: the flow through it -------------------------------------------------


@torch.no_grad()
def _stages(run: ex.Run, model, pts: np.ndarray) -> list[np.ndarray]:
    """The input and each hidden layer's output of the first model at ``pts``."""
    outs = model.layers(run.tensors(pts.astype(np.float32)))[:-1]
    return [pts.astype(float)] + [o[0].double().cpu().numpy() for o in outs]


def _projector(H: np.ndarray, readout: tuple[np.ndarray, float] | None):
    """A 2-D view of a layer: itself if 2-wide; else the read-out direction and the widest
    direction across it (last layer), or the two principal axes (others)."""
    if H.shape[1] == 2:
        return (lambda A: A), readout
    mu = H.mean(0)
    if readout is None:
        axes = np.linalg.svd(H - mu, full_matrices=False)[2][:2]
        return (lambda A: (A - mu) @ axes.T), None
    w, c = readout
    u = w / np.linalg.norm(w)
    R = (H - mu) - np.outer((H - mu) @ u, u)
    v = np.linalg.svd(R, full_matrices=False)[2][0]
    # in (u, v) coordinates of H - mu the read-out is u + (c + w·mu)/|w| = 0
    return (lambda A: np.stack([(A - mu) @ u, (A - mu) @ v], 1)), (np.array([1.0, 0.0]), (c + w @ mu) / np.linalg.norm(w))


def layer_flow(run: ex.Run, seed: int, idx: np.ndarray, steps: int = 6):
    """Warps that carry the grid and points from the input through every layer (interpolated
    ``steps`` times between layers), ending with the read-out's line; and one panel per layer."""
    model = run.model.select(seed)
    path = grids.grid_path(GRID, 9, 3)
    P, D = _stages(run, model, path), _stages(run, model, run.X[idx])
    w = model.weights[-1][0, :, 0].double().cpu().numpy()
    c = float(model.biases[-1][0, 0, 0])
    views = []
    for k in range(len(P)):
        proj, line = _projector(D[k], (w, c) if k == len(P) - 1 else None)
        views.append((proj(P[k]), proj(D[k]), line))
    panels = [grids.Warp(p, d, line) for p, d, line in views]
    flow, labels = [panels[0]], ["input"]
    for k in range(1, len(views)):
        for t in np.linspace(0, 1, steps + 1)[1:]:
            p = (1 - t) * views[k - 1][0] + t * views[k][0]
            d = (1 - t) * views[k - 1][1] + t * views[k][1]
            flow.append(grids.Warp(p, d, views[k][2] if t == 1 else None))
            labels.append(f"{k - 1 + t:.2f}".rstrip("0").rstrip("."))
    return panels, flow, labels


def _flow_artifacts(stem: str, run: ex.Run, seed: int, name: str, acc: float) -> list:
    idx = _idx(len(run.y))
    panels, flow, labels = layer_flow(run, seed, idx)
    depth = len(panels) - 1
    wide = run.model.sizes[1] > 2
    box = grids.frame_box(flow, pad=0.04) if wide else BOX
    axis = ("along the read-out", "across it") if wide else ("unit 1", "unit 2")
    titles = [f"{name}, seed {seed} ({acc:.1%}) · " + ("input" if lab == "input" else f"layer {lab}")
              for lab in labels]
    html = grids.warp_slider(flow, run.y[idx], box, axis_titles=axis, titles=titles, labels=labels, prefix="layer ")
    view = " (a 2-D view)" if wide else ""
    ptitles = ["input"] + [f"layer {k}" + (" + read-out" if k == depth else view) for k in range(1, depth + 1)]
    boxes = [BOX] + [grids.frame_box([p], pad=0.06) if wide else BOX for p in panels[1:]]
    still = grids.warp_svg(panels, run.y[idx], boxes, titles=ptitles, ncols=3, panel_inches=2.2, ticks=not wide)
    return artifacts(stem, html, still)


def _widths_sweep(ctx, widths, depth, seeds, steps, lr) -> dict[int, np.ndarray]:
    return {w: _sweep(ctx, SPIRALS, (2, *(w,) * depth, 1), seeds, steps, lr).accuracy() for w in widths}


@figure(sweep=True, widths=(2, 3, 4, 6, 8), depth=5, seeds=64, **RECIPE,
        quick=dict(widths=(2, 8), **QUICK))
def affine_spirals(ctx, widths, depth, seeds, steps, lr) -> Result:
    """Five 2-unit tanh layers and a linear read-out on the spirals: the rate over seeds, the best
    seed flowing through its layers; the same for the narrowest width that fits reliably."""
    accs = _widths_sweep(ctx, widths, depth, seeds, steps, lr)
    metrics = {"depth": depth, "steps": steps, "lr": lr, "widths": list(widths), "n_points": SPIRALS["n"]}
    for w, acc in accs.items():
        metrics.update(_rate(acc, f"w{w}_"))
    reliable = [w for w in widths if measures.success(accs[w]).rate >= RELIABLE]
    wide = reliable[0] if reliable else widths[-1]
    metrics.update(reliable_width=reliable[0] if reliable else None, reliable_share=RELIABLE, shown_wide=wide)
    arts = []
    for w, stem in ((2, "affine_spirals"), (wide, "affine_spirals-wide")):
        run = _sweep(ctx, SPIRALS, (2, *(w,) * depth, 1), seeds, steps, lr)
        seed = int(np.argmax(accs[w]))
        metrics[f"w{w}_seed"] = seed
        arts += _flow_artifacts(stem, run, seed, "-".join(map(str, run.model.sizes)), float(accs[w][seed]))
    return Result(arts, metrics)


# --- 5. disk in a ring through 2-wide stacks ---------------------------------------------------


@figure(sweep=True, depths=(2, 3, 4, 5, 6), seeds=64, **RECIPE, quick=dict(depths=(2, 3), **QUICK))
def affine_disk(ctx, depths, seeds, steps, lr) -> Result:
    """2-unit tanh layers, 2 to 6 of them, on a disk inside a ring: the best seed of each depth
    stays below 100%; the best seed of all flowing through its layers."""
    metrics = {"depths": list(depths), "steps": steps, "lr": lr, "n_points": DISK["n"]}
    runs = {d: _sweep(ctx, DISK, (2, *(2,) * d, 1), seeds, steps, lr) for d in depths}
    for d, run in runs.items():
        metrics.update(_rate(run.accuracy(), f"d{d}_"))
    metrics["best_overall"] = max(metrics[f"d{d}_best_accuracy"] for d in depths)
    metrics["successes_total"] = sum(metrics[f"d{d}_successes"] for d in depths)
    d = max(depths, key=lambda k: (metrics[f"d{k}_best_accuracy"], -k))  # the best seed of any depth
    acc = runs[d].accuracy()
    seed = int(np.argmax(acc))
    metrics.update(shown_depth=d, shown_seed=seed, shown_errors=int(round((1 - acc[seed]) * len(runs[d].y))),
                   line_accuracy=measures.best_linear_accuracy(runs[d].X, runs[d].y))
    arts = _flow_artifacts("affine_disk", runs[d], seed, "-".join(map(str, runs[d].model.sizes)), float(acc[seed]))
    return Result(arts, metrics)


