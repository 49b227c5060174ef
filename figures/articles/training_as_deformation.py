"""Figures of the article "Training as a continuous deformation" (docs/training-as-deformation.md)."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import torch

from figures import experiments as ex
from figures import measures
from figures.models.nets import StackedMLP
from figures.registry import Artifact, Result, figure
from figures.render import artifacts, grids, scenes, svg
from figures.render.kinds import Cloud, Plane, ProbabilityField, View, plane_in_box
from figures.render.style import ACCENT

# A static figure whose drawing reaches its own corner gets a margin (constrained layout's pads,
# in inches: 8 px): in the dark scheme the page's background shows at every figure's corners.
MARGIN_RC = {"figure.constrained_layout.w_pad": 8 / 72, "figure.constrained_layout.h_pad": 8 / 72}

RINGS = dict(dataset="circles", n=400, noise=0.06, data_seed=0)
GRID_EXTENT = (-1.25, 1.25, -1.25, 1.25)  # the input grid: a little beyond the outer ring
HIDDEN_BOX = (-1.05, 1.05, -1.05, 1.05)  # tanh's square, the same for every frame
INPUT_BOX = (-1.5, 1.5, -1.5, 1.5)  # the input plane of the boundary figures: room around the outer ring
BOX_GRID = 61  # grid points per side where the class-1 region is tested for touching the box
SHOWN_POINTS = 200  # points drawn in the sliders and GIFs: enough to see both rings
LAYER_POINTS = 120  # points in the one-layer panels
GALLERY_POINTS = 50  # points in each small panel of the gallery of seeds
GRID_LINES, GRID_REFINE = 9, 3  # 9 x 9 grid lines, 3 samples per cell edge (spline-smoothed in Plotly)
NETS = ((2, 2, 1), (2, 3, 2, 1), (2, 4, 2, 1))
CHANCE = 0.55  # a seed below this accuracy learned nothing (the classes are balanced)
TRAINING = dict(seeds=128, steps=600, lr=0.05)
QUICK = dict(seeds=8, steps=100)
FRAMES, QUICK_FRAMES = 31, 5  # training snapshots kept (the sliders show every other one)

# One layer h = tanh(W x + b), column vectors as in the text.
W_FULL = ((1.0, 0.8), (-0.6, 1.0))
W_FLAT = ((1.0, 0.5), (0.6, 0.3))  # second row = 0.6 x first row: rank 1
BIAS = (0.5, -0.3)


def _shown(y: np.ndarray, k: int = SHOWN_POINTS) -> np.ndarray:
    """Indices of the points drawn in the figures (the same for every net)."""
    return np.sort(np.random.default_rng(0).permutation(len(y))[:k])


def _rings() -> tuple[np.ndarray, np.ndarray]:
    """The article's data set, as every figure trains on it."""
    return ex.data.make("circles", RINGS["n"], RINGS["noise"], np.random.default_rng(RINGS["data_seed"]))


# --- 1. one layer, step by step ---------------------------------------------------------------


def _layer_stages(W, W_flat, b) -> list[tuple[str, Callable, bool]]:
    """The maps of the layer panels, x (n, 2) -> (n, 2), and whether they end in tanh."""
    W, W_flat, b = (np.asarray(a, dtype=float) for a in (W, W_flat, b))
    return [("the input grid", lambda x: x, False),
            ("W x: stretch and turn", lambda x: x @ W.T, False),
            ("rank-1 W: flattened to a line", lambda x: x @ W_flat.T, False),
            ("x + b: shift", lambda x: x + b, False),
            ("tanh(x): squeezed, not bent", np.tanh, True),
            ("tanh(W x + b): bent", lambda x: np.tanh(x @ W.T + b), True)]


def _square(half: float) -> np.ndarray:
    return np.array([[-half, -half], [half, -half], [half, half], [-half, half], [-half, -half]])


def _morph(W, b, steps: int, hold: int) -> list[tuple[str, Callable]]:
    """The layer as a movie: identity -> W x -> W x + b -> tanh(W x + b), with pauses."""
    W, b = np.asarray(W, dtype=float), np.asarray(b, dtype=float)
    eye = np.eye(2)
    ts = np.linspace(0, 1, steps + 1)
    frames = [("start: the input plane", lambda x: x)] * hold
    frames += [("1 · multiply by W", lambda x, t=t: x @ ((1 - t) * eye + t * W).T) for t in ts[1:]]
    frames += [frames[-1]] * hold
    frames += [("2 · add b", lambda x, t=t: x @ W.T + t * b) for t in ts[1:]]
    frames += [frames[-1]] * hold
    frames += [("3 · apply tanh", lambda x, t=t: (1 - t) * (x @ W.T + b) + t * np.tanh(x @ W.T + b)) for t in ts[1:]]
    return frames


@figure(W=W_FULL, W_flat=W_FLAT, b=BIAS, steps=12, hold=5, quick=dict(steps=3, hold=1))
def deform_layer(ctx, W, W_flat, b, steps, hold) -> Result:
    """What one layer does to a square grid: stretch and turn, collapse, shift, squeeze, bend."""
    path = grids.grid_path(GRID_EXTENT, GRID_LINES, GRID_REFINE + 1)
    X, y = _rings()
    X, y = X[_shown(y, LAYER_POINTS)], y[_shown(y, LAYER_POINTS)]
    stages = _layer_stages(W, W_flat, b)
    # Linear panels share one box and show where the grid began (dashed); tanh panels zoom in
    # on tanh's square (dashed), which nothing leaves.
    panels = [grids.Warp(f(path.astype(float)), f(X.astype(float)), ref=_square(1.0 if bent else GRID_EXTENT[1]))
              for _, f, bent in stages]
    linear_box = grids.frame_box([p for p, (_, _, bent) in zip(panels, stages) if not bent], pad=0.04)
    boxes = [HIDDEN_BOX if bent else linear_box for _, _, bent in stages]
    with svg.plt.rc_context(MARGIN_RC):  # its corner tick labels clear of the figure's corners
        steps_svg = grids.warp_svg(panels, y, boxes, titles=[t for t, _, _ in stages], ncols=3)
    movie = _morph(W, b, steps, hold)
    frames = [grids.Warp(f(path.astype(float)), f(X.astype(float))) for _, f in movie]
    box = grids.frame_box(frames)
    anim = grids.warp_gif(frames, y, box, size=360, fps=12, labels=[t for t, _ in movie], hold_last=20, poster=True)
    # The same movie with a slider and a play button; the pauses the GIF holds are one frame each.
    shown = [i for i in range(len(movie)) if i == 0 or movie[i][1] is not movie[i - 1][1]]
    stage = [movie[i][0] for i in shown]
    part = [sum(t == stage[k] for t in stage[:k + 1]) for k in range(len(shown))]
    labels = [t if t.startswith("start") else f"{t} ({p}/{steps})" for t, p in zip(stage, part)]
    movie_args = dict(axis_titles=("h₁", "h₂"), titles=labels, labels=[str(k) for k in range(len(shown))],
                      prefix="frame ")
    scene = grids.warp_slider([frames[i] for i in shown], y, box, step_words="stage of the layer's movie",
                              **movie_args)
    Wf, Wl = np.asarray(W), np.asarray(W_flat)
    stretch = np.linalg.svd(Wf, compute_uv=False)
    angle = float(np.degrees(np.arctan2(Wf[1, 0], Wf[0, 0])))  # where W sends the direction (1, 0)
    metrics = {"det_w": float(np.linalg.det(Wf)), "det_flat": float(np.linalg.det(Wl)),
               "rank_flat": int(np.linalg.matrix_rank(Wl)), "rank_w": int(np.linalg.matrix_rank(Wf)),
               "b1": float(b[0]), "b2": float(b[1]), "stretch_max": float(stretch[0]),
               "stretch_min": float(stretch[1]), "angle_deg": angle, "turn_deg": abs(angle)}
    # the still: the movie's last frame as the scene first shows it (the GIF's own last frame, its
    # still before, had no axes, title or legend), with its dark and phone twins
    still = grids.warp_still([frames[i] for i in shown], y, box, named=False, **movie_args)
    arts = artifacts("deform_layer-steps", steps_svg) + artifacts("deform_layer-anim", scene, still, anim)
    return Result(arts, metrics)


# --- 2. the data ------------------------------------------------------------------------------


@figure(n=RINGS["n"], noise=RINGS["noise"])
def deform_rings(ctx, n, noise) -> Result:
    """The two noisy rings."""
    X, y = ex.data.make("circles", n, noise, np.random.default_rng(RINGS["data_seed"]))
    still = svg.scatter_svg(X, y, (-1.35, 1.35, -1.35, 1.35))
    r = np.linalg.norm(X, axis=1)
    return Result(artifacts("deform_rings", still),
                  {"n": n, "noise": noise, "radius_outer": float(r[y == 0].mean()),
                   "radius_inner": float(r[y == 1].mean()), "gap": float(r[y == 0].min() - r[y == 1].max()),
                   "class_balance": float(y.mean())})


# --- 3. the nets: geometry measured on every seed ---------------------------------------------


def _sweep_metrics(acc: np.ndarray, prefix: str = "") -> dict:
    """The success rate of a sweep and where its failed seeds got stuck (the article's bands)."""
    ok = measures.success(acc)
    return {f"{prefix}n_seeds": ok.n, f"{prefix}successes": ok.k, f"{prefix}failures": ok.failures,
            f"{prefix}rate": ok.rate, f"{prefix}rate_low": ok.low, f"{prefix}rate_high": ok.high,
            f"{prefix}best_accuracy": float(acc.max()), f"{prefix}median_accuracy": float(np.median(acc)),
            f"{prefix}worst_accuracy": float(acc.min()), f"{prefix}at_chance": int((acc < CHANCE).sum()),
            f"{prefix}stuck_mid": int(((acc >= 0.75) & (acc < 0.9)).sum()),
            f"{prefix}near_miss": int(((acc >= 1 - 2.5 / RINGS["n"]) & (acc < 1)).sum()),
            f"{prefix}accuracies": [round(float(a), 4) for a in acc]}


def _disk(size: int = 81) -> np.ndarray:
    """Grid points (81 x 81 by default) of the unit disk, where the folds are counted."""
    g = ex.grid((-1, 1, -1, 1), size)
    return g[np.linalg.norm(g, axis=1) <= 1]


def _circle(m: int = 720) -> np.ndarray:
    """The circle of radius 1, the outer ring's centre line, as a closed polyline."""
    t = np.linspace(0, 2 * np.pi, m, endpoint=False)
    return np.stack([np.cos(t), np.sin(t)], 1).astype(np.float32)


def _pick(acc: np.ndarray, rule: str) -> int:
    """The seed to show: the most accurate, or the first that separates (most accurate if none)."""
    if rule == "first_success" and (acc >= 1.0).any():
        return int(np.flatnonzero(acc >= 1.0)[0])
    return int(np.argmax(acc))


def _name(sizes) -> str:
    """2-2-1, 2-3-2-1, 2-4-2-1: every layer from the input, as in the other articles."""
    return "-".join(map(str, sizes))


def _key(sizes) -> str:
    """221, 321, 421: the short key of figure names and metrics (the last three layer sizes)."""
    return "".join(map(str, sizes[-3:]))


# --- 4. the main figure: the 2-unit layer over training ---------------------------------------


@torch.no_grad()
def two_unit_layer(model: StackedMLP, run: ex.Run, path: np.ndarray, X: np.ndarray) -> grids.Warp:
    """The first model's 2-unit layer: the grid path and points mapped, and its decision line."""
    hp, hx = (model.layers(run.tensors(a))[-2][0].cpu().numpy().astype(float) for a in (path, X))
    w, c = model.weights[-1][0, :, 0].cpu().numpy().astype(float), float(model.biases[-1][0, 0, 0])
    return grids.Warp(hp, hx, (w, c))


def _lift_scene(run: ex.Run, seed: int, idx: np.ndarray, stem: str, title: str) -> list[Artifact]:
    """The trained 3-unit layer in 3-D with a flat plane between the rings (if there is one)."""
    model = run.model.select(seed)
    H = measures.activations(model, run.X)[0][0].cpu().numpy()
    plane = measures.separating_plane(H, run.y)
    P = H[idx].astype(np.float32)
    lo, hi = P.min(0), P.max(0)
    poly = plane_in_box(*plane, lo, hi) if plane is not None else np.empty((0, 3))
    shown = Plane(poly, "a separating plane", ACCENT, 0.35) if len(poly) >= 3 else None
    # Nearly edge-on (78° off the plane's normal): the plane is a band with one ring on each side.
    view = View(tuple(plane[0]), 78) if plane is not None else None
    cloud = Cloud([P], run.y[idx], [f"layer 1 · unit {k + 1}" for k in range(3)], [title], plane=shown, view=view)
    return artifacts(stem, scenes.points3d(cloud), svg.points3d_png(cloud))


def _sweep(ctx, sizes, seeds, steps, lr, frames) -> ex.Run:
    """Every seed of one net trained at once; deform_seeds shares the runs of deform_221/321/421."""
    return ctx.shared(ex.fit, **RINGS, sizes=sizes, activation="tanh", steps=steps, lr=lr, seeds=list(range(seeds)),
                      snapshots=frames)


def net_figure(ctx, sizes, seeds, steps, lr, frames, every, pick, lift) -> Result:
    """Train every seed of one net at once; show one seed's 2-unit layer moving over training."""
    name, stem = _name(sizes), "deform_" + _key(sizes)
    run = _sweep(ctx, sizes, seeds, steps, lr, frames)
    acc = run.accuracy()
    ok = acc >= 1.0
    folds = measures.fold_fractions(run.model, _disk())
    enclosed = measures.enclosed_fractions(run.model, _circle(), run.X[run.y == 1])
    seed = _pick(acc, pick)
    idx, path = _shown(run.y), grids.grid_path(GRID_EXTENT, GRID_LINES, GRID_REFINE)
    yt = torch.as_tensor(run.y, device=run.device)
    models = [(step, stack.select(seed)) for step, stack in run.snapshots()]
    warps = [two_unit_layer(m, run, path, run.X[idx]) for _, m in models]
    accs = [float(ex.train.accuracy(m, run.tensors(), yt)[0]) for _, m in models]
    titles = [f"{name} net, seed {seed} · epoch {s} · accuracy {a:.1%}" for (s, _), a in zip(models, accs)]
    axis = [f"layer {len(sizes) - 2} · unit {k + 1}" for k in (0, 1)]
    keep = list(range(0, len(warps) - 1, every)) + [len(warps) - 1]
    slider_args = dict(axis_titles=axis, titles=[titles[i] for i in keep], labels=[str(models[i][0]) for i in keep])
    html = grids.warp_slider([warps[i] for i in keep], run.y[idx], HIDDEN_BOX, **slider_args)
    gif = grids.warp_gif(warps, run.y[idx], HIDDEN_BOX, size=400, fps=8, poster=True,
                         labels=[f"{name} · epoch {s} · {a:.0%}" for (s, _), a in zip(models, accs)])
    # the still is the scene's first frame (the last epoch), so that nothing changes as it loads
    still = grids.warp_still([warps[i] for i in keep], run.y[idx], HIDDEN_BOX, named=False, **slider_args)
    arts = artifacts(stem, html, still, gif)
    metrics = {**_sweep_metrics(acc), "steps": steps, "lr": lr, "seed": seed, "shown_accuracy": accs[-1],
               "shown_fold": float(folds[seed]), "shown_enclosed": float(enclosed[seed]),
               "fold_max": float(folds.max()), "fold_min": float(folds.min()),
               "fold_min_success": float(folds[ok].min()) if ok.any() else None,
               "fold_median_success": float(np.median(folds[ok])) if ok.any() else None,
               "enclosed_min": float(enclosed.min()),
               "enclosed_max_success": float(enclosed[ok].max()) if ok.any() else None,
               "folds": [round(float(f), 4) for f in folds], "enclosed": [round(float(e), 4) for e in enclosed],
               "frames": len(keep), "gif_frames": len(warps),
               "shown_first_full": next((s for (s, _), a in zip(models, accs) if a >= 1.0), None),
               "shown_stays_full": bool(accs[-1] >= 1.0 and all(a >= 1.0 for a in accs[accs.index(1.0):]))
               if 1.0 in accs else False}
    metrics.update(_shown_metrics(run, seed, acc))
    bounded = measures.closed_regions(run.model, ex.grid(INPUT_BOX, BOX_GRID), BOX_GRID)
    metrics.update(bounded=int(bounded.sum()), bounded_success=int(bounded[ok].sum()),
                   shown_bounded=bool(bounded[seed]))
    if len(sizes) == 3:  # one 2-unit layer: count the errors its first layer forces on the sample
        forced = measures.forced_errors(run.model, run.tensors(), run.y)
        metrics.update(forced_min=int(forced.min()), forced_median=float(np.median(forced)))
        forced = forced_any_readout(run.model, run.tensors(), run.y)
        H = np.tanh(measures.preactivations(run.model, run.tensors())[0].cpu().numpy())
        free = np.array([measures.linearly_separable(H[s], run.y) for s in range(len(H))])
        metrics.update(forced_any_min=int(forced.min()), forced_any_median=float(np.median(forced)),
                       sign_patterns=len(SIGN_PATTERNS), forced_every_pattern=int((forced > 0).sum()),
                       readout_separable=int(free.sum()), readout_separable_unforced=int(free[forced == 0].sum()))
    P = ex.prob_grid(run, run.model.select(seed), INPUT_BOX, 120)
    arts += artifacts(f"{stem}-input", svg.probability_svg(ProbabilityField([P], INPUT_BOX, run.X[idx], run.y[idx])))
    if len(sizes) > 3:  # a wide layer before the 2-unit one: was the inner ring lifted out there?
        up = measures.separable(run.model, run.X, run.y, layer=0)
        metrics.update(lifted_success=int(up[ok].sum()), lifted_failure=int(up[~ok].sum()),
                       lifted_rate_success=float(up[ok].mean()) if ok.any() else None, shown_lifted=bool(up[seed]))
    if lift:
        arts += _lift_scene(run, seed, idx, f"{stem}-lift", f"{name} net, seed {seed} · layer 1 after training")
    return Result(arts, metrics)


@torch.no_grad()
def _shown_metrics(run: ex.Run, seed: int, acc: np.ndarray) -> dict:
    """What the shown seed gets right on each ring, how thin a band it presses the data into (second
    over first singular value), the largest share of the inner ring within 0.3 of one corner of
    tanh's square, and how small the seeds at chance shrank the data."""
    pred = (run.model.select(seed).logits(run.tensors())[0] > 0).cpu().numpy()
    H = run.model.layers(run.tensors())[-2].cpu().numpy()
    spread = [float(np.ptp(H[s], 0).max()) for s in np.flatnonzero(acc < CHANCE)]
    return {"shown_inner_correct": float(pred[run.y == 1].mean()),
            "shown_flatness": measures.singular_ratio(H[seed], np.float32),
            "shown_inner_in_corner": measures.corner_share(H[seed][run.y == 1], 0.3),
            "shown_outer_correct": float(1 - pred[run.y == 0].mean()), "chance_spread": max(spread) if spread else None}


_NET = dict(**TRAINING, frames=FRAMES, every=2, quick=dict(**QUICK, frames=QUICK_FRAMES))


SIGN_PATTERNS = ((1, 1), (1, -1), (-1, 1), (-1, -1))


@torch.no_grad()
def forced_any_readout(model: StackedMLP, X, y: np.ndarray) -> np.ndarray:
    """Per model of a 2-2-1 stack: the fewest inner points dominated by an outer point over all
    four sign patterns of the output weights (measures.dominated_inner), not only the trained
    read-out's. Above 0, no output layer on this trained first layer reaches 100% on the sample:
    a zero output weight drops its coordinate, which only adds dominated pairs."""
    Z = measures.preactivations(model, X)[0].cpu().numpy()
    return np.array([min(measures.dominated_inner(Z[s], y, np.array(p)) for p in SIGN_PATTERNS)
                     for s in range(model.n_models)])


@figure(sweep=True, sizes=(2, 2, 1), pick="best", lift=False, **_NET)
def deform_221(ctx, sizes, seeds, steps, lr, frames, every, pick, lift) -> Result:
    """2-2-1: the plane is bent and squeezed, never folded: the rings stay nested."""
    return net_figure(ctx, sizes, seeds, steps, lr, frames, every, pick, lift)


@figure(sweep=True, sizes=(2, 3, 2, 1), pick="first_success", lift=True, **_NET)
def deform_321(ctx, sizes, seeds, steps, lr, frames, every, pick, lift) -> Result:
    """3-2-1: a third unit lets the net lift the inner ring out, then fold it down beside the outer."""
    return net_figure(ctx, sizes, seeds, steps, lr, frames, every, pick, lift)


@figure(sweep=True, sizes=(2, 4, 2, 1), pick="first_success", lift=False, **_NET)
def deform_421(ctx, sizes, seeds, steps, lr, frames, every, pick, lift) -> Result:
    """4-2-1: more room, the same trick."""
    return net_figure(ctx, sizes, seeds, steps, lr, frames, every, pick, lift)


# --- 5. every seed ----------------------------------------------------------------------------


@figure(sweep=True, **TRAINING, frames=FRAMES, gallery=5, quick=dict(**QUICK, frames=QUICK_FRAMES, gallery=2))
def deform_seeds(ctx, seeds, steps, lr, frames, gallery) -> Result:
    """Final accuracy of every seed of the three nets (the same runs as the figures above), and the
    2-unit layer of the first few seeds of each, unselected."""
    groups, metrics, panels, titles = {}, {}, [], []
    path = grids.grid_path(GRID_EXTENT, GRID_LINES, 2)
    for sizes in NETS:
        name, key = _name(sizes), _key(sizes)
        run = _sweep(ctx, sizes, seeds, steps, lr, frames)
        acc = run.accuracy()
        groups[name] = acc
        metrics.update(_sweep_metrics(acc, f"{key}_"))
        idx = _shown(run.y, GALLERY_POINTS)
        for s in range(gallery):
            panels.append(two_unit_layer(run.model.select(s), run, path, run.X[idx]))
            titles.append(f"{name}, seed {s}: {acc[s]:.0%}")
    strip = svg.accuracy_strip_svg(groups, 1.0)
    gal = grids.warp_svg(panels, run.y[idx], HIDDEN_BOX, titles=titles, ncols=gallery, panel_inches=1.45,
                                 ticks=False, title_size=8)
    return Result(artifacts("deform_seeds", strip) + artifacts("deform_seeds-gallery", gal),
                  {**metrics, "gallery": gallery})
