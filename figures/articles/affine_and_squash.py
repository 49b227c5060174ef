"""Figures of the article "A layer is an affine map and a squash" (docs/affine-and-squash.md)."""

from __future__ import annotations

import numpy as np
import torch

from figures import experiments as ex
from figures import measures, probes
from figures.registry import Result, figure
from figures.render import artifacts, grids, scenes3d, svg
from figures.render.kinds import Cloud, Plane, View, plane_in_box
from figures.render.style import ACCENT, CLASS_COLORS, INK, MUTED

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
            ax.text(px, py, f"w{'₁₂'[j]}{'₁₂'[i]} = {W[j][i]:g}".replace("-", "−"), ha="center", va="center",
                    fontsize=8.5, color=INK, bbox=dict(boxstyle="round,pad=0.15", fc="white", ec="none"), zorder=2)
    for i, (px, py) in enumerate(ins):
        ax.add_patch(svg.plt.Circle((px, py), 0.42, fc="white", ec=INK, lw=1.2, zorder=2))
        ax.text(px, py, f"x{'₁₂'[i]}\n{x[i]:g}".replace("-", "−"), ha="center", va="center", fontsize=9, zorder=3)
    for j, (px, py) in enumerate(outs):
        ax.add_patch(svg.plt.Circle((px, py), 0.42, fc="white", ec=CLASS_COLORS[0], lw=1.6, zorder=2))
        ax.text(px, py, f"z{'₁₂'[j]}\n{z[j]:.2f}".replace("-", "−"), ha="center", va="center", fontsize=9, zorder=3)
        ax.text(px + 0.55, py + 0.5, f"+ b{'₁₂'[j]} = {b[j]:g}".replace("-", "−"), fontsize=8.5, color=INK)
        ax.annotate("", (px + 1.6, py), (px + 0.45, py), arrowprops=dict(arrowstyle="->", color=INK))
        ax.text(px + 1.02, py - 0.3, "tanh", ha="center", fontsize=8.5, color=INK)
        ax.text(px + 1.7, py, f"h{'₁₂'[j]} = {h[j]:.3f}".replace("-", "−"), va="center", fontsize=9.5, color=INK)
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
    line = (np.array([1.0, 0.0]), (c + w @ mu) / np.linalg.norm(w))
    return (lambda A: np.stack([(A - mu) @ u, (A - mu) @ v], 1)), line


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
    _, flow, labels = layer_flow(run, seed, idx)
    wide = run.model.sizes[1] > 2
    box = grids.frame_box(flow, pad=0.04) if wide else BOX
    axis = ("along the read-out", "across it") if wide else ("unit 1", "unit 2")
    titles = [f"{name}, seed {seed} ({acc:.1%}) · " + ("input" if lab == "input" else f"layer {lab}")
              for lab in labels]
    flow_args = dict(axis_titles=axis, titles=titles, labels=labels, prefix="layer ")
    html = grids.warp_slider(flow, run.y[idx], box, **flow_args)
    # the still is the scene's first frame (the last layer), so that nothing changes as it loads
    return artifacts(stem, html, grids.warp_still(flow, run.y[idx], box, named=False, **flow_args))


def _widths_sweep(ctx, widths, depth, seeds, steps, lr) -> dict[int, np.ndarray]:
    return {w: _sweep(ctx, SPIRALS, (2, *(w,) * depth, 1), seeds, steps, lr).accuracy() for w in widths}


# Quick builds keep every width and depth the page's tables name (fewer seeds and steps), so a
# quick site renders.
@figure(sweep=True, widths=(2, 3, 4, 6, 8), depth=5, seeds=64, **RECIPE, quick=QUICK)
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


@torch.no_grad()
def _training_artifacts(stem: str, run: ex.Run, seed: int, name: str) -> tuple[list, list[float]]:
    """The last 2-unit layer of one seed at every training snapshot, with its read-out line."""
    idx, path = _idx(len(run.y)), grids.grid_path(GRID, 9, 3)
    yt = torch.as_tensor(run.y, device=run.device)
    warps, accs, steps = [], [], []
    for step, stack in run.snapshots():
        model = stack.select(seed)
        hp, hx = (model.layers(run.tensors(a))[-2][0].double().cpu().numpy() for a in (path, run.X[idx]))
        w, c = model.weights[-1][0, :, 0].double().cpu().numpy(), float(model.biases[-1][0, 0, 0])
        warps.append(grids.Warp(hp, hx, (w, c)))
        accs.append(float(ex.train.accuracy(model, run.tensors(), yt)[0]))
        steps.append(step)
    depth = len(run.model.sizes) - 2
    titles = [f"{name}, seed {seed} · layer {depth} · step {s} · accuracy {a:.1%}" for s, a in zip(steps, accs)]
    axis = (f"layer {depth} · unit 1", f"layer {depth} · unit 2")
    slider_args = dict(axis_titles=axis, titles=titles, labels=[str(s) for s in steps], prefix="training step ")
    html = grids.warp_slider(warps, run.y[idx], BOX, **slider_args)
    still = grids.warp_still(warps, run.y[idx], BOX, named=False, **slider_args)  # the scene's first frame
    return artifacts(stem, html, still), accs


@figure(sweep=True, depths=(2, 3, 4, 5, 6), seeds=64, **RECIPE, snapshots=12, quick=dict(**QUICK, snapshots=3))
def affine_disk(ctx, depths, seeds, steps, lr, snapshots) -> Result:
    """2-unit tanh layers, 2 to 6 of them, on a disk inside a ring: the best seed of each depth
    stays below 100%; the best seed of all flowing through its layers, and its last layer over
    training."""
    metrics = {"depths": list(depths), "steps": steps, "lr": lr, "n_points": DISK["n"]}
    runs = {d: _sweep(ctx, DISK, (2, *(2,) * d, 1), seeds, steps, lr, snapshots) for d in depths}
    for d, run in runs.items():
        metrics.update(_rate(run.accuracy(), f"d{d}_"))
    metrics["best_overall"] = max(metrics[f"d{d}_best_accuracy"] for d in depths)
    metrics["successes_total"] = sum(metrics[f"d{d}_successes"] for d in depths)
    d = max(depths, key=lambda k: (metrics[f"d{k}_best_accuracy"], -k))  # the best seed of any depth
    acc = runs[d].accuracy()
    seed = int(np.argmax(acc))
    metrics.update(shown_depth=d, shown_seed=seed, shown_errors=int(round((1 - acc[seed]) * len(runs[d].y))),
                   line_accuracy=measures.best_linear_accuracy(runs[d].X, runs[d].y))
    name = "-".join(map(str, runs[d].model.sizes))
    arts = _flow_artifacts("affine_disk", runs[d], seed, name, float(acc[seed]))
    training, accs = _training_artifacts("affine_disk-training", runs[d], seed, name)
    metrics.update(training_best=max(accs), training_final=accs[-1], training_snapshots=len(accs))
    return Result(arts + training, metrics)




# --- 6. three units per layer: the disk bulges out, a plane appears ----------------------------


@torch.no_grad()
def _hidden(model, run: ex.Run) -> list[np.ndarray]:
    """Every hidden layer's output of the first model at the data points, float64."""
    return [h[0].double().cpu().numpy() for h in model.layers(run.tensors())[:-1]]


def _plane(H: np.ndarray, y: np.ndarray, lo, hi) -> Plane | None:
    found = measures.separating_plane(H, y)
    if found is None:
        return None
    corners = plane_in_box(*found, lo, hi)
    return Plane(corners, "a separating plane", ACCENT, 0.35) if len(corners) >= 3 else None


@figure(sweep=True, depth=3, seeds=64, **RECIPE, snapshots=12, shown=160, quick=dict(**QUICK, snapshots=3))
def affine_disk3(ctx, depth, seeds, steps, lr, snapshots, shown) -> Result:
    """Three tanh units per layer on the disk in a ring: the success rate over seeds, and one seed's
    layers in 3-D over training, with a separating plane wherever a linear programme finds one."""
    run = _sweep(ctx, DISK, (2, *(3,) * depth, 1), seeds, steps, lr, snapshots)
    acc = run.accuracy()
    ok = acc >= 1
    seed = int(np.flatnonzero(ok)[0]) if ok.any() else int(np.argmax(acc))
    idx = _idx(len(run.y), shown)
    metrics = {**_rate(acc, ""), "depth": depth, "steps": steps, "lr": lr, "seed": seed,
               "shown_accuracy": float(acc[seed])}
    for k in range(depth):  # over all seeds: does a plane separate the classes in layer k + 1?
        sep = measures.separable(run.model, run.X, run.y, layer=k)
        metrics[f"separable_l{k + 1}_success"] = int(sep[ok].sum())
        metrics[f"separable_l{k + 1}_failure"] = int(sep[~ok].sum())
    snaps = [(step, m.select(seed)) for step, m in run.snapshots()]
    hidden = [(step, _hidden(m, run)) for step, m in snaps]
    lo, hi = np.full(3, -1.0), np.full(3, 1.0)
    frames, planes, titles, labels = [], [], [], []
    for k in range(depth):
        first = None
        for step, H in hidden:
            plane = _plane(H[k], run.y, lo, hi)
            first = step if first is None and plane is not None else first
            frames.append(H[k][idx])
            planes.append(plane)
            titles.append(f"2-3-3-3-1, seed {seed} · layer {k + 1} · step {step}"
                          + (" · a plane separates" if plane is not None else " · no plane separates"))
            labels.append(f"layer {k + 1} · step {step}")
        steps_seen = [step for step, _ in hidden]
        metrics[f"first_plane_l{k + 1}"] = first
        metrics[f"before_plane_l{k + 1}"] = steps_seen[steps_seen.index(first) - 1] if first else None
    axis = ["unit 1", "unit 2", "unit 3"]
    style = Plane(np.empty((0, 3)), "a separating plane", ACCENT, 0.35)
    start = len(hidden) - 1  # layer 1 after training: where the disk has left the ring's surface
    # Nearly edge-on to the opening frame's separating plane (86° off its normal; at 78°, the lift
    # scene's angle, the two classes still overlap on screen): the disk on one side, the ring on
    # the other.
    c = planes[start].corners if planes[start] is not None else None
    view = View(tuple(np.cross(c[1] - c[0], c[2] - c[0])), 86) if c is not None else None
    cloud = Cloud(frames, run.y[idx], axis, titles, labels, view=view, step_words="layer and training step")
    html = scenes3d.points3d_planes(cloud, planes, style, start)
    still = svg.points3d_png(cloud, start=start, plane=planes[start], prefix="")
    metrics.update(frames=len(frames), snapshots=[s for s, _ in snaps])
    return Result(artifacts("affine_disk3", html, still), metrics)


# --- 4. a hand-made map that tears -------------------------------------------------------------


def polar(P: np.ndarray) -> np.ndarray:
    """(x, y) -> (angle / pi, radius): the disk and the ring unrolled into two horizontal bands."""
    return np.stack([np.arctan2(P[:, 1], P[:, 0]) / np.pi, np.linalg.norm(P, axis=1)], 1)


def max_jump(f, size: int, extent=GRID) -> float:
    """The largest distance between the images of two neighbouring points of a size x size grid."""
    g = ex.grid(extent, size).astype(float)
    F = f(g).reshape(size, size, -1)
    d1 = np.linalg.norm(np.diff(F, axis=0), axis=-1).max()
    d2 = np.linalg.norm(np.diff(F, axis=1), axis=-1).max()
    return float(max(d1, d2))


def _broken(path: np.ndarray, gap: float) -> np.ndarray:
    """The path with NaN between consecutive points further apart than ``gap`` (drawn as a tear)."""
    cut = np.flatnonzero(np.linalg.norm(np.diff(path, axis=0), axis=1) > gap) + 1
    return np.insert(path, cut, np.nan, axis=0)


@figure(sweep=True, radius=0.55, sizes=(41, 161, 641), depths=(2, 3, 4, 5, 6), seeds=64, **RECIPE, snapshots=12,
        quick=dict(depths=(2, 3), **QUICK, snapshots=3))
def affine_polar(ctx, radius, sizes, depths, seeds, steps, lr, snapshots) -> Result:
    """Unrolling the plane in polar coordinates separates disk from ring with one line, and tears the
    plane along a ray; a trained tanh stack (affine_disk's best) does not tear."""
    runs = {d: _sweep(ctx, DISK, (2, *(2,) * d, 1), seeds, steps, lr, snapshots) for d in depths}  # affine_disk's
    d = max(depths, key=lambda k: (float(runs[k].accuracy().max()), -k))
    run = runs[d]
    model = run.model.select(int(np.argmax(run.accuracy())))

    @torch.no_grad()
    def net(P):
        return model.layers(run.tensors(P.astype(np.float32)))[-2][0].double().cpu().numpy()

    U = polar(run.X.astype(float))
    metrics = {"line_accuracy_after": measures.best_linear_accuracy(U, run.y),
               "line_accuracy_before": measures.best_linear_accuracy(run.X, run.y),
               "disk_max_radius": float(U[run.y == 1, 1].max()), "ring_min_radius": float(U[run.y == 0, 1].min()),
               "radius": radius, "net_depth": d}
    for s in sizes:
        metrics[f"polar_jump_{s}"] = max_jump(polar, s)
        metrics[f"net_jump_{s}"] = max_jump(net, s)
        metrics[f"grid_step_{s}"] = (GRID[1] - GRID[0]) / (s - 1)
    metrics["sizes"] = list(sizes)
    idx = _idx(len(run.y))
    path = grids.grid_path(GRID, 9, 12).astype(float)
    ray = np.array([[-1.12, 0.0], [0.0, 0.0]])
    panels = [grids.Warp(path, run.X[idx].astype(float), ref=ray),
              grids.Warp(_broken(polar(path), 0.5), U[idx], (np.array([0.0, -1.0]), radius))]
    still = grids.warp_svg(panels, run.y[idx], [BOX, (-1.1, 1.1, -0.05, 1.6)],
                           titles=["the input (dashed: where it tears)", "after (x, y) → (angle/π, radius)"],
                           axis_titles=None, ncols=2, panel_inches=3.2)
    return Result(artifacts("affine_polar", still), metrics)


# --- 7. the manifold hypothesis ----------------------------------------------------------------


def _manifolds(n: int, rng: np.random.Generator) -> list[tuple[str, np.ndarray]]:
    """n points on each of six shapes of dimension 0, 1, 1, 2, 2, 2, placed apart in 3-D."""
    t = rng.uniform(0, 2 * np.pi, n)
    u = rng.uniform(0, 2 * np.pi, n)
    s = rng.uniform(-1, 1, n)
    z = rng.normal(size=(n, 3))
    sphere = z / np.linalg.norm(z, axis=1, keepdims=True)
    torus = np.stack([(1 + 0.35 * np.cos(u)) * np.cos(t), (1 + 0.35 * np.cos(u)) * np.sin(t), 0.35 * np.sin(u)], 1)
    shapes = [("a point (dimension 0)", np.zeros((n, 3))),
              ("a line (1)", np.stack([s, 0.5 * s, 0.3 * s], 1)),
              ("a circle (1)", np.stack([np.cos(t), np.sin(t), np.zeros(n)], 1)),
              ("a plane (2)", np.stack([s, rng.uniform(-1, 1, n), 0.2 * s], 1)),
              ("a sphere (2)", sphere),
              ("a torus (2)", torus)]
    where = np.array([[-3, -3, 0], [0, -3, 0], [3, -3, 0], [-3, 3, 0], [0, 3, 0], [3, 3, 0]], dtype=float)
    return [(name, P * 0.9 + c) for (name, P), c in zip(shapes, where)]


@figure(n=150)
def affine_manifolds(ctx, n) -> Result:
    """Low-dimensional shapes in 3-D space: a point, a line, a circle, a plane, a sphere, a torus."""
    shapes = _manifolds(n, np.random.default_rng(ctx.seed))
    P = np.concatenate([p for _, p in shapes]).astype(np.float32)
    labels = np.repeat(np.arange(len(shapes)), n)
    names = [name for name, _ in shapes]
    axis = ["x", "y", "z"]
    title = "Six shapes of dimension 0 to 2 in 3-D space"
    # seen 40° from above: six shapes side by side on a flat box; its short z axis, in the
    # other axes' units, has room for one label (scene.js's five overprinted; on a phone two
    # stood 10 px apart, against the y axis's labels)
    kw = dict(true_shape=True, view=View((0, 0, 1), 50), z_ticks=dict(tickvals=[0], ticktext=["0"]))
    html = scenes3d.classes3d([P], labels, names, axis, [title], [""], **kw)
    still = scenes3d.classes3d_png([P], labels, names, axis, [title], [""], **kw)
    return Result(artifacts("affine_manifolds", html, still), {"points_per_shape": n, "shapes": len(shapes)})


def _digits(test_share: float, split_seed: int):
    from sklearn.datasets import load_digits
    from sklearn.model_selection import train_test_split

    X, y = load_digits(return_X_y=True)
    X = (X / 16.0).astype(np.float32)
    return train_test_split(X, y, test_size=test_share, random_state=split_seed, stratify=y)


def _digit_net(sizes, seed: int, device: str) -> torch.nn.Sequential:
    torch.manual_seed(seed)
    parts = []
    for k, (a, b) in enumerate(zip(sizes[:-1], sizes[1:])):
        parts.append(torch.nn.Linear(a, b))
        if k < len(sizes) - 2:
            parts.append(torch.nn.Tanh())
    return torch.nn.Sequential(*parts).to(device)


@torch.no_grad()
def _pre_activations(net: torch.nn.Sequential, X: torch.Tensor) -> list[np.ndarray]:
    """Every hidden layer's input to tanh, z = W h + b, at the net's present weights."""
    out, h = [], X
    for layer in net[:-1]:
        h = layer(h)
        if isinstance(layer, torch.nn.Linear):
            out.append(h.cpu().numpy().astype(float))
    return out


@torch.no_grad()
def _representations(net: torch.nn.Sequential, X: torch.Tensor) -> list[np.ndarray]:
    """The input and every layer's output (after tanh; the last layer's 10 scores)."""
    out, h = [X.cpu().numpy().astype(float)], X
    for layer in net:
        h = layer(h)
        if not isinstance(layer, torch.nn.Linear) or layer is net[-1]:
            out.append(h.cpu().numpy().astype(float))
    return out


def _train_digits(ctx, sizes, epochs, lr, keep, test_share, split_seed):
    """Full-batch Adam on the training split; the representations of both splits at ``keep``."""
    Xtr, Xte, ytr, yte = _digits(test_share, split_seed)
    net = _digit_net(sizes, ctx.seed, ctx.device)
    xt, xe = (torch.as_tensor(a, device=ctx.device) for a in (Xtr, Xte))
    yt = torch.as_tensor(ytr, device=ctx.device)
    opt = torch.optim.Adam(net.parameters(), lr=lr)
    saved = {0: (_representations(net, xt), _representations(net, xe))}
    for epoch in range(1, epochs + 1):
        opt.zero_grad()
        torch.nn.functional.cross_entropy(net(xt), yt).backward()
        opt.step()
        if epoch in keep:
            saved[epoch] = (_representations(net, xt), _representations(net, xe))
    return ytr, yte, saved, _pre_activations(net, xt)


LAYER_NAMES = ("input (64 pixels)", "layer 1 (128 units)", "layer 2 (64 units)", "output (10 scores)")


@figure(sizes=(64, 128, 64, 10), epochs=150, lr=0.01, keep=(1, 3, 10, 30, 150), test_share=0.25, split_seed=0,
        shown=300, quick=dict(epochs=10, keep=(1, 10)))
def affine_digits(ctx, sizes, epochs, lr, keep, test_share, split_seed, shown) -> Result:
    """Handwritten digits through a 64-128-64-10 tanh MLP: each layer's held-out points in 3-D (PCA),
    over training; per layer, k-NN and linear-probe accuracy on held-out points and PCA's share."""
    ytr, yte, saved, pre = _train_digits(ctx, sizes, epochs, lr, keep, test_share, split_seed)
    tr, te = saved[epochs]
    pred = te[-1].argmax(1)
    metrics = {"n_train": len(ytr), "n_test": len(yte), "epochs": epochs, "lr": lr,
               "test_accuracy": float((pred == yte).mean()),
               "train_accuracy": float((tr[-1].argmax(1) == ytr).mean())}
    for k, (a, b) in enumerate(zip(tr, te)):
        metrics[f"knn_l{k}"] = probes.knn_accuracy(a, ytr, b, yte)
        metrics[f"probe_l{k}"] = probes.logistic_probe_accuracy(a, ytr, b, yte)
        metrics[f"lsq_probe_l{k}"] = probes.probe_accuracy(a, ytr, b, yte)
        metrics[f"pca3_l{k}"] = probes.pca_axes(a)[2]
        metrics[f"dim_l{k}"] = probes.effective_dimension(a)
        metrics[f"dim_init_l{k}"] = probes.effective_dimension(saved[0][0][k])
        metrics[f"width_l{k}"] = a.shape[1]
    for k, z in enumerate(pre):  # the hidden layers before tanh: what the squash itself does
        metrics[f"dim_pre_l{k + 1}"] = probes.effective_dimension(z)
    metrics.update(_closeness(tr[-2], ytr, yte, pred))
    idx = _idx(len(yte), shown)
    frames, titles, labels = [], [], []
    for k, name in enumerate(LAYER_NAMES):
        prev, first = None, len(frames)
        for epoch in sorted(saved):
            mu, axes, share = probes.pca_axes(saved[epoch][0][k])
            if prev is not None:  # principal axes have no sign: keep each pointing as it did
                axes = axes * np.sign(np.sum(axes * prev, axis=1, keepdims=True) + 1e-12)
            prev = axes
            frames.append((saved[epoch][1][k][idx] - mu) @ axes.T)
            titles.append(f"{name} · epoch {epoch} · 3 axes keep {share:.0%} of the variance")
            labels.append(f"{name.split(' (')[0]} · epoch {epoch}")
        scale = max(np.abs(f).max() for f in frames[first:])  # each layer fills the box
        frames[first:] = [f / scale for f in frames[first:]]
    axis = ["PCA 1", "PCA 2", "PCA 3"]
    names = [str(d) for d in range(10)]
    last_hidden = 3 * len(saved) - 1  # layer 2 after training: the scene opens there, as the still
    html = scenes3d.classes3d(frames, yte[idx], names, axis, titles, labels, start=last_hidden,
                              step_words="layer and epoch")
    still = scenes3d.classes3d_png(frames, yte[idx], names, axis, titles, labels, start=last_hidden)
    metrics["frames"] = len(frames)
    return Result(artifacts("affine_digits", html, still), metrics)


def _closeness(H: np.ndarray, ytr: np.ndarray, yte: np.ndarray, pred: np.ndarray) -> dict:
    """Which digits sit closest in the last hidden layer, and which the net confuses on held-out data."""
    D = probes.class_mean_distances(H, ytr, 10)
    ranks = probes.pair_ranks(D)
    C = probes.confusion(yte, pred, 10)
    S = C + C.T
    pairs = sorted(((int(S[a, b]), -ranks[(a, b)], a, b) for (a, b) in ranks), reverse=True)
    count, _, a, b = pairs[0]
    closest = min(ranks, key=ranks.get)
    return {"closest_pair": f"{closest[0]} and {closest[1]}", "closest_distance": float(D[closest]),
            "farthest_distance": float(D[np.triu_indices(10, 1)].max()),
            "confused_pair": f"{a} and {b}", "confused_count": count, "confused_pair_rank": ranks[(a, b)],
            "confused_tied": sum(1 for c, *_ in pairs if c == count),
            "errors": int((pred != yte).sum()),
            "confusion_pairs_nonzero": int((S[np.triu_indices(10, 1)] > 0).sum())}
