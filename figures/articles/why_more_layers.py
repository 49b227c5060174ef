"""Figures of the article "Why more layers?" (docs/why-more-layers.md)."""

from __future__ import annotations

import numpy as np
import torch

from figures import experiments as ex
from figures import measures
from figures.models import train
from figures.models.nets import StackedMLP, collapse_affine
from figures.registry import Artifact, Result, figure
from figures.render import artifacts, scenes, stills, svg
from figures.render.gif import boundary_gif
from figures.render.kinds import Cloud, Plane, ProbabilityField, View
from figures.render.style import MUTED

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
    """The boundary learning over training: an interactive slider, a GIF of the same frames for
    readers without JavaScript, and its first frame (the trained boundary) as the still."""
    labels, titles, _ = _titles(run, name)
    models = [m for _, m in run.snapshots()]
    # A net without activations is linear: its boundary is drawn as the exact line.
    lines = [_affine_line(m) for m in models] if run.model.activation == "identity" else None

    def field(grid: int) -> ProbabilityField:
        return ProbabilityField([ex.prob_grid(run, m, extent, grid) for m in models], extent, run.X, run.y,
                                titles, labels, lines=lines)

    fine = field(gif_grid)
    gif = boundary_gif(fine, labels=[t.split(": ", 1)[1] for t in titles], poster=True)
    # the still is the scene's first frame; the page offers the GIF where reduced motion was not asked for
    still = stills.boundary_still(fine, scenes.SIZE_2D, scenes.MARGIN_2D, "training step ")
    return artifacts(stem, scenes.boundary_slider(field(html_grid)), still, gif)


@figure(noise=SEPARABLE["noise"], n=SEPARABLE["n"], data_seed=SEPARABLE["data_seed"])
def separable_data(ctx, noise, n, data_seed) -> Result:
    """The linearly separable data set."""
    X, y = ex.data.make("separable", n, noise, np.random.default_rng(data_seed))
    return Result(artifacts("separable_data", svg.scatter_svg(X, y, SEP_EXTENT)),
                  {"n": n, "class_balance": float(y.mean())})


@figure(steps=300, lr=0.05, frames=30, quick=dict(steps=60, frames=6))
def separable_training(ctx, steps, lr, frames) -> Result:
    """One neuron with a sigmoid (logistic regression) learns a line."""
    run = ex.fit(ctx, **SEPARABLE, sizes=(2, 1), activation="identity", steps=steps, lr=lr, snapshots=frames)
    arts = _boundary_figures(run, "separable_training", "one neuron", SEP_EXTENT, 200, 40)
    P = ex.prob_grid(run, run.model, SEP_EXTENT, 120)
    arts += artifacts("separable_training-probs", svg.probability_svg(ProbabilityField([P], SEP_EXTENT, run.X, run.y)))
    return Result(arts, {"accuracy": float(run.accuracy()[0]), "final_loss": float(run.history.loss[-1, 0]),
                         "steps": steps})


@figure(steps=300, lr=0.05, frames=30, quick=dict(steps=60, frames=6))
def circles_neuron(ctx, steps, lr, frames) -> Result:
    """The same single neuron on two concentric circles: no line can separate them."""
    run = ex.fit(ctx, **CIRCLES, sizes=(2, 1), activation="identity", steps=steps, lr=lr, snapshots=frames)
    arts = _boundary_figures(run, "circles_neuron", "one neuron", CIRCLE_EXTENT, 200, 40)
    accs = run.snapshot_accuracies
    # the best any line can do on this data, and how far the trained neuron is from a constant guess
    w = run.model.weights[0][0, :, 0].detach().cpu().numpy()
    return Result(arts, {"accuracy": accs[-1], "best_accuracy": max(accs), "steps": steps,
                         "best_line_accuracy": measures.best_linear_accuracy(run.X, run.y),
                         "weight_norm": float(np.linalg.norm(w)), "final_loss": float(run.history.loss[-1, 0]),
                         "constant_loss": float(np.log(2))})


def _layer_scene(run: ex.Run, stem: str, layer: int, title: str, snapshots: bool, plane=None) -> list[Artifact]:
    """A 3-D scene of a 3-unit hidden layer (over training if ``snapshots``) and its still."""
    idx = _scene_points(run)
    models = [m for _, m in run.snapshots()] if snapshots else [run.model]
    frames = [ex.layer_points(run, m, layer, run.X[idx]) for m in models]
    labels, titles, _ = _titles(run, title) if snapshots else ([""], [title], None)
    axis = [f"layer {layer + 1} · unit {k + 1}" for k in range(3)]
    # A layer that stays flat opens 35° off its plane's normal: the rings show as rings, on a tilted plane.
    view = View(plane.normal, 35) if plane is not None else None
    cloud = Cloud(frames, run.y[idx], axis, titles, labels, plane, view)
    return artifacts(stem, scenes.points3d(cloud), svg.points3d_png(cloud))


@figure(steps=1000, lr=0.05, quick=dict(steps=100))
def linear_net(ctx, steps, lr) -> Result:
    """A 2-3-3-1 net without activations: its layers stay flat and it equals one affine map."""
    run = ex.fit(ctx, **CIRCLES, sizes=(2, 3, 3, 1), activation="identity", steps=steps, lr=lr)
    P = ex.prob_grid(run, run.model, CIRCLE_EXTENT, 120)
    arts = artifacts("linear_net-probs", svg.probability_svg(ProbabilityField([P], CIRCLE_EXTENT, run.X, run.y)))
    metrics = {"accuracy": float(run.accuracy()[0])}
    for layer in (0, 1):
        pts = ex.layer_points(run, run.model, layer)
        metrics[f"sv_ratio_layer{layer + 1}"] = measures.singular_ratio(pts)
        arts += _layer_scene(run, f"linear_net-layer{layer + 1}", layer, f"layer {layer + 1}, no activation", False,
                             plane=Plane(scenes.best_plane(pts), "best plane", MUTED, 0.25))
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
    surface = ProbabilityField(probs, CIRCLE_EXTENT, run.X[idx], run.y[idx], titles, labels, point_probs=pts)
    arts += artifacts(f"{prefix}-output", scenes.surface_slider(surface), svg.surface_png(surface))
    p = ex.train.probabilities(run.model, run.tensors())[0]
    # can a flat plane already separate the classes in this hidden layer? (a linear programme)
    separable = {f"separable_layer{k + 1}": measures.linearly_separable(ex.layer_points(run, run.model, k), run.y)
                 for k in range(hidden)}
    return arts, {"accuracy": accs[-1], "mean_confidence": measures.mean_confidence(p),
                  "final_loss": float(run.history.loss[-1, 0]), **separable}


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


@torch.no_grad()
def _stuck_units(run: ex.Run, ok: np.ndarray, key: str) -> dict:
    """Per seed, dead ReLUs (0 on every point, any hidden layer) and first-layer units folding
    along the same crease; counted over the failed and the successful seeds."""
    W, b = run.model.weights[0].cpu().numpy(), run.model.biases[0][:, 0].cpu().numpy()
    dead = sum(d.sum(1) for d in measures.dead_units(run.model, run.X))
    dup = np.array([measures.duplicate_creases(W[s], b[s]) for s in range(len(ok))])
    fail = ~ok
    return {f"dead_{key}": dead.tolist(), f"duplicates_{key}": dup.tolist(),
            f"failed_dead_{key}": int((dead[fail] > 0).sum()), f"failed_duplicate_{key}": int((dup[fail] > 0).sum()),
            f"failed_neither_{key}": int(((dead[fail] == 0) & (dup[fail] == 0)).sum()),
            f"success_dead_{key}": int((dead[ok] > 0).sum()),
            f"failed_dead2_{key}": int((dead[fail] >= 2).sum()), f"success_dead2_{key}": int((dead[ok] >= 2).sum()),
            **_dead_at_init(run, ok, key)}


@torch.no_grad()
def _dead_at_init(run: ex.Run, ok: np.ndarray, key: str) -> dict:
    """Dead ReLUs before any training (the same initial weights, redrawn), counted over the seeds
    that will fail and those that will succeed; and units that died or came back during training,
    by layer (a dead first-layer unit gets no gradient and its inputs never change)."""
    m = run.model
    start = StackedMLP.init(tuple(m.sizes), "relu", list(range(len(ok))), run.device)
    before, after = measures.dead_units(start, run.X), measures.dead_units(m, run.X)
    dead0 = sum(d.sum(1) for d in before)
    fail = ~ok
    out = {f"failed_dead_init_{key}": int((dead0[fail] > 0).sum()),
           f"success_dead_init_{key}": int((dead0[ok] > 0).sum()),
           f"failed_dead2_init_{key}": int((dead0[fail] >= 2).sum()),
           f"success_dead2_init_{key}": int((dead0[ok] >= 2).sum())}
    for i, (b, a) in enumerate(zip(before, after)):
        out.update({f"dead_init_layer{i + 1}_{key}": int(b.sum()), f"revived_layer{i + 1}_{key}": int((b & ~a).sum()),
                    f"died_layer{i + 1}_{key}": int((~b & a).sum())})
    return out


@torch.no_grad()
def redraw_units(model: StackedMLP, X: torch.Tensor, pick: str, tries: int = 100) -> np.ndarray:
    """Redraw, in place and layer by layer, the incoming weights and bias of hidden units from the
    default init U(-1/sqrt(in), 1/sqrt(in)) (a generator per model, seeded apart from the init's):
    ``pick="dead"`` redraws each unit dead on X until it is alive (the intervention); ``pick="live"``
    redraws as many live units as the layer has dead ones, each until it is alive again, and leaves
    the dead ones (the control: as new a draw, reviving nothing). Returns the units redrawn per model."""
    count = np.zeros(model.n_models, int)
    for layer in range(len(model.weights) - 1):
        W, b = model.weights[layer], model.biases[layer]
        bound = 1 / np.sqrt(W.shape[1])
        for s in range(model.n_models):
            gen = torch.Generator().manual_seed(10_000 + 100 * s + layer)
            dead = measures.dead_units(model.select(s), X)[layer][0]
            units = np.flatnonzero(dead) if pick == "dead" else np.flatnonzero(~dead)[:int(dead.sum())]
            for j in units:
                for _ in range(tries):
                    W[s, :, j] = ((torch.rand(W.shape[1], generator=gen) * 2 - 1) * bound).to(W)
                    b[s, 0, j] = ((torch.rand((), generator=gen) * 2 - 1) * bound).to(b)
                    if not measures.dead_units(model.select(s), X)[layer][0][j]:
                        break
                count[s] += 1
    return count


def _redrawn(run: ex.Run, group: np.ndarray, steps: int, lr: float, threshold: float) -> dict:
    """The intervention on the seeds of ``group`` (two or more dead units at the start): retrain
    them from their own initial weights with the dead units redrawn alive, and, as a control,
    with as many live units redrawn instead (both arms in one stack: independent runs)."""
    seeds = [int(s) for s in np.flatnonzero(group)]
    X, y = run.tensors(), torch.as_tensor(run.y, device=run.device)
    arms = {pick: StackedMLP.init(tuple(run.model.sizes), "relu", seeds, run.device) for pick in ("dead", "live")}
    redrawn = {pick: int(redraw_units(m, X, pick).sum()) for pick, m in arms.items()}
    still_dead = {pick: int(sum(d.sum(1) for d in measures.dead_units(m, X)).sum()) for pick, m in arms.items()}
    dead, live = arms["dead"], arms["live"]
    both = StackedMLP(dead.sizes, "relu", [torch.cat(w) for w in zip(dead.weights, live.weights)],
                      [torch.cat(b) for b in zip(dead.biases, live.biases)])
    train.train(both, X, y, steps, lr, [steps], losses=False)
    acc = train.accuracy(both, X, y)
    out = {"reinit_n": len(seeds), "reinit_before": int(measures.success(run.accuracy()[group], threshold).k)}
    for pick, part in (("dead", acc[:len(seeds)]), ("live", acc[len(seeds):])):
        ok = measures.success(part, threshold)
        out.update({f"reinit_{pick}_successes": ok.k, f"reinit_{pick}_low": ok.low, f"reinit_{pick}_high": ok.high,
                    f"reinit_{pick}_redrawn": redrawn[pick], f"reinit_{pick}_still_dead": still_dead[pick]})
    return out


@figure(sweep=True, seeds=64, steps=1000, lr=0.05, threshold=0.97, quick=dict(seeds=8, steps=100))
def relu_seeds(ctx, seeds, steps, lr, threshold) -> Result:
    """How often does training succeed? Every seed trained at once as one stacked model."""
    groups, metrics = {}, {"n_seeds": seeds, "threshold": threshold}
    for key, sizes in (("deep", (2, 3, 3, 1)), ("shallow", (2, 3, 1))):
        run = ex.fit(ctx, **CIRCLES, sizes=sizes, activation="relu", steps=steps, lr=lr, seeds=list(range(seeds)))
        acc = run.accuracy()
        ok = measures.success(acc, threshold)
        groups["-".join(map(str, sizes))] = acc
        metrics.update({f"rate_{key}": ok.rate, f"successes_{key}": ok.k, f"failures_{key}": ok.failures,
                        f"rate_{key}_low": ok.low, f"rate_{key}_high": ok.high,
                        f"accuracies_{key}": [round(float(a), 4) for a in acc]},
                       **_stuck_units(run, acc >= threshold, key))
        if key == "deep":
            start = StackedMLP.init(sizes, "relu", list(range(seeds)), run.device)
            dead0 = sum(d.sum(1) for d in measures.dead_units(start, run.X))
            metrics.update(_redrawn(run, dead0 >= 2, steps, lr, threshold))
    return Result(artifacts("relu_seeds", svg.accuracy_strip_svg(groups, threshold)), metrics)
