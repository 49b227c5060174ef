"""Figures of the article "Why more layers?" (docs/why-more-layers.md)."""

from __future__ import annotations

import numpy as np

from figures import experiments as ex
from figures.nets import collapse_affine
from figures.registry import Artifact, Result, figure
from figures.render import scenes, svg
from figures.render.gif import boundary_gif

SEPARABLE = dict(dataset="separable", n=1000, noise=0.35, data_seed=1)
CIRCLES = dict(dataset="circles", n=1000, noise=0.05, data_seed=0)
SEP_EXTENT = (-2.2, 2.2, -2.2, 2.2)
CIRCLE_EXTENT = (-1.5, 1.5, -1.5, 1.5)
SCENE_POINTS = 300  # points drawn in 3-D scenes: enough to see the shape, small files


def _titles(run: ex.Run, name: str) -> tuple[list[str], list[str], list[float]]:
    """Slider labels, frame titles and accuracy of each training snapshot."""
    accs = run.snapshot_accuracies
    steps = [s for s, _ in run.snapshots()]
    return ([str(s) for s in steps], [f"{name}: step {s}, accuracy {a:.1%}" for s, a in zip(steps, accs)], accs)


def _scene_points(run: ex.Run) -> np.ndarray:
    """Indices of the points drawn in 3-D scenes (the same ones in every scene of a run)."""
    return np.random.default_rng(0).permutation(len(run.X))[:SCENE_POINTS]


def _affine_line(model) -> tuple[list[float], float]:
    """(w, b) of the boundary w·x + b = 0 of the first model of a net without activations."""
    A, c = collapse_affine(model)
    return A[0, :, 0].tolist(), float(c[0].reshape(-1)[0])


def _boundary_figures(run: ex.Run, stem: str, name: str, extent, gif_grid: int, html_grid: int) -> list[Artifact]:
    """The boundary learning over training: an interactive slider and a GIF of the same frames."""
    labels, titles, _ = _titles(run, name)
    models = [m for _, m in run.snapshots()]
    gif = boundary_gif([ex.prob_grid(run, m, extent, gif_grid) for m in models], run.X, run.y, extent,
                       labels=[t.split(": ", 1)[1] for t in titles], poster=True)
    # A net without activations is linear: its boundary is drawn as the exact line.
    lines = [_affine_line(m) for m in models] if run.model.activation == "identity" else None
    html = scenes.boundary_slider([ex.prob_grid(run, m, extent, html_grid) for m in models], run.X, run.y,
                                  extent, labels=labels, titles=titles, div_id=stem, fallback=f"{stem}.gif",
                                  lines=lines)
    return [Artifact(stem, "html", html, scenes.WIDTH, scenes.HEIGHT), Artifact(stem, "gif", gif, 400, 400)]


@figure(noise=SEPARABLE["noise"], n=SEPARABLE["n"], data_seed=SEPARABLE["data_seed"])
def separable_data(ctx, noise, n, data_seed) -> Result:
    """The linearly separable data set."""
    X, y = ex.data.make("separable", n, noise, np.random.default_rng(data_seed))
    text, w, h = svg.scatter_svg(X, y, SEP_EXTENT)
    return Result([Artifact("separable_data", "svg", text, w, h)], {"n": n, "class_balance": float(y.mean())})


@figure(steps=300, lr=0.05, frames=30, quick=dict(steps=60, frames=6))
def separable_training(ctx, steps, lr, frames) -> Result:
    """One neuron with a sigmoid (logistic regression) learns a line."""
    run = ex.fit(ctx, **SEPARABLE, sizes=(2, 1), activation="identity", steps=steps, lr=lr, snapshots=frames)
    arts = _boundary_figures(run, "separable_training", "one neuron", SEP_EXTENT, 200, 40)
    P = ex.prob_grid(run, run.model, SEP_EXTENT, 120)
    text, w, h = svg.probability_svg(P, run.X, run.y, SEP_EXTENT)
    arts.append(Artifact("separable_training-probs", "svg", text, w, h))
    return Result(arts, {"accuracy": float(run.accuracy()[0]), "final_loss": float(run.history.loss[-1, 0]),
                         "steps": steps})


@figure(steps=300, lr=0.05, frames=30, quick=dict(steps=60, frames=6))
def circles_neuron(ctx, steps, lr, frames) -> Result:
    """The same single neuron on two concentric circles: no line can separate them."""
    run = ex.fit(ctx, **CIRCLES, sizes=(2, 1), activation="identity", steps=steps, lr=lr, snapshots=frames)
    arts = _boundary_figures(run, "circles_neuron", "one neuron", CIRCLE_EXTENT, 200, 40)
    accs = run.snapshot_accuracies
    return Result(arts, {"accuracy": accs[-1], "best_accuracy": max(accs), "steps": steps})


def _layer_scene(run: ex.Run, stem: str, layer: int, title: str, snapshots: bool, extra=()) -> list[Artifact]:
    """A 3-D scene of a 3-unit hidden layer (over training if ``snapshots``) and its still."""
    idx = _scene_points(run)
    models = [m for _, m in run.snapshots()] if snapshots else [run.model]
    frames = [ex.layer_points(run, m, layer, run.X[idx]) for m in models]
    labels, titles, _ = _titles(run, title) if snapshots else ([""], [title], None)
    axis = [f"layer {layer + 1} · unit {k + 1}" for k in range(3)]
    html = scenes.points3d(frames, run.y[idx], axis_titles=axis, titles=titles, labels=labels, div_id=stem,
                           fallback=f"{stem}.png", extra=extra)
    png, w, h = svg.points3d_png(frames[-1], run.y[idx], axis, title)
    return [Artifact(stem, "html", html, scenes.WIDTH, scenes.HEIGHT), Artifact(stem, "png", png, w, h)]


@figure(steps=1000, lr=0.05, quick=dict(steps=100))
def linear_net(ctx, steps, lr) -> Result:
    """A 2-3-3-1 net without activations: its layers stay flat and it equals one affine map."""
    run = ex.fit(ctx, **CIRCLES, sizes=(2, 3, 3, 1), activation="identity", steps=steps, lr=lr)
    P = ex.prob_grid(run, run.model, CIRCLE_EXTENT, 120)
    text, w, h = svg.probability_svg(P, run.X, run.y, CIRCLE_EXTENT)
    arts = [Artifact("linear_net-probs", "svg", text, w, h)]
    metrics = {"accuracy": float(run.accuracy()[0])}
    for layer in (0, 1):
        pts = ex.layer_points(run, run.model, layer)
        metrics[f"sv_ratio_layer{layer + 1}"] = ex.singular_ratio(pts)
        arts += _layer_scene(run, f"linear_net-layer{layer + 1}", layer, f"layer {layer + 1}, no activation", False,
                             extra=[scenes.plane_mesh(pts)])
    A, c = collapse_affine(run.model)
    Xg = run.tensors(np.concatenate([run.X, ex.grid(CIRCLE_EXTENT, 50)]))
    direct = run.model.logits(Xg)[0]
    affine = (Xg @ A[0] + c[0]).squeeze(-1)
    metrics["affine_max_diff"] = float((direct - affine).abs().max())
    return Result(arts, metrics)


def _relu_figures(run: ex.Run, prefix: str, hidden: int) -> tuple[list[Artifact], dict]:
    """3-D scenes of each hidden layer and the output surface, all with a training slider."""
    arts = []
    for layer in range(hidden):
        arts += _layer_scene(run, f"{prefix}-layer{layer + 1}", layer, f"layer {layer + 1}", True)
    labels, titles, accs = _titles(run, "output")
    models = [m for _, m in run.snapshots()]
    idx = _scene_points(run)
    probs = [ex.prob_grid(run, m, CIRCLE_EXTENT, 30) for m in models]
    pts = [ex.train.probabilities(m, run.tensors(run.X[idx]))[0] for m in models]
    stem = f"{prefix}-output"
    html = scenes.surface_slider(probs, CIRCLE_EXTENT, run.X[idx], run.y[idx], pts, titles=titles, labels=labels,
                                 div_id=stem, fallback=f"{stem}.png")
    png, w, h = svg.surface_png(probs[-1], CIRCLE_EXTENT, run.X[idx], run.y[idx], pts[-1], titles[-1])
    arts += [Artifact(stem, "html", html, scenes.WIDTH, scenes.HEIGHT), Artifact(stem, "png", png, w, h)]
    p = ex.train.probabilities(run.model, run.tensors())[0]
    return arts, {"accuracy": accs[-1], "mean_confidence": ex.mean_confidence(p),
                  "final_loss": float(run.history.loss[-1, 0])}


@figure(seed=1, steps=1000, lr=0.05, frames=12, quick=dict(steps=100, frames=4))
def relu_net(ctx, steps, lr, frames) -> Result:
    """The 2-3-3-1 net with ReLU: watch each layer fold the plane over training."""
    run = ex.fit(ctx, **CIRCLES, sizes=(2, 3, 3, 1), activation="relu", steps=steps, lr=lr, snapshots=frames)
    arts, metrics = _relu_figures(run, "relu_net", 2)
    return Result(arts, {**metrics, "seed": ctx.seed})


@figure(seed=1, steps=1000, lr=0.05, frames=12, quick=dict(steps=100, frames=4))
def shallow_net(ctx, steps, lr, frames) -> Result:
    """One hidden layer of three ReLUs is already enough for the circles."""
    run = ex.fit(ctx, **CIRCLES, sizes=(2, 3, 1), activation="relu", steps=steps, lr=lr, snapshots=frames)
    arts, metrics = _relu_figures(run, "shallow_net", 1)
    return Result(arts, {**metrics, "seed": ctx.seed})


@figure(sweep=True, seeds=64, steps=1000, lr=0.05, threshold=0.97, quick=dict(seeds=8, steps=100))
def relu_seeds(ctx, seeds, steps, lr, threshold) -> Result:
    """How often does training succeed? Every seed trained at once as one stacked model."""
    groups, metrics = {}, {"n_seeds": seeds, "threshold": threshold}
    for key, sizes in (("deep", (2, 3, 3, 1)), ("shallow", (2, 3, 1))):
        run = ex.fit(ctx, **CIRCLES, sizes=sizes, activation="relu", steps=steps, lr=lr, seeds=list(range(seeds)))
        acc = run.accuracy()
        ok = int((acc >= threshold).sum())
        lo, hi = ex.wilson(ok, seeds)
        groups["-".join(map(str, sizes))] = acc
        metrics.update({f"rate_{key}": ok / seeds, f"successes_{key}": ok, f"rate_{key}_low": lo,
                        f"rate_{key}_high": hi, f"accuracies_{key}": [round(float(a), 4) for a in acc]})
    text, w, h = svg.accuracy_strip_svg(groups, threshold)
    return Result([Artifact("relu_seeds", "svg", text, w, h)], metrics)
