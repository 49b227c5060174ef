"""Figures of the page "The XOR proof" (docs/xor-proof.md): the four points, every line over them,
the hand-made hidden layer that fixes it, and a learned 2-2-1 network beside it."""

from __future__ import annotations

import numpy as np
import torch

from figures import measures
from figures.models import nets, train
from figures.models import perceptron as pc
from figures.registry import Result, figure
from figures.render import artifacts
from figures.render.lines import Lines, lines_slider, lines_still, lines_svg, region_grid

BOX = (-0.5, 1.5, -0.5, 1.5)
LABELS = ["(0, 0)", "(0, 1)", "(1, 0)", "(1, 1)"]
ROWS = ("00", "01", "10", "11")


def xor(X: np.ndarray) -> np.ndarray:
    """x1 XOR x2 on 0/1 inputs: 1 where exactly one input is 1."""
    X = np.asarray(X)
    return (X[:, 0] != X[:, 1]).astype(int)


def table(prefix: str, outputs) -> dict:
    """Metrics ``prefix_00`` ... ``prefix_11``: one output per corner, in truth-table order."""
    return {f"{prefix}_{r}": int(v) for r, v in zip(ROWS, outputs)}


@figure()
def xor_table(ctx) -> Result:
    """The XOR truth table and its four points on the square."""
    y = pc.truth_table(xor)
    kind = Lines([pc.CORNERS], y, [[]], BOX, ["XOR: the four inputs"], labels=LABELS)
    return Result(artifacts("xor_table", lines_svg([kind])), {**table("y", y), "ones": int(y.sum())})


def _best_per_angle(scores: np.ndarray, normals: np.ndarray, offsets: np.ndarray, every: int):
    """For every ``every``-th angle, the line n·x = c with the most points right: the middle of the
    first run of best offsets, so the line drawn passes through no point."""
    out = []
    for a in range(0, len(normals), every):
        best = np.flatnonzero(scores[a] == scores[a].max())
        run = best[: np.argmax(np.diff(np.append(best, best[-1] + 2)) > 1) + 1]
        out.append((normals[a], offsets[run[len(run) // 2]], int(scores[a].max())))
    return out


@figure(angles=3600, offsets=2001, reach=1.5, every=100)
def xor_lines(ctx, angles, offsets, reach, every) -> Result:
    """Every line of a fine grid (directions and offsets) scored on the four XOR points."""
    normals, cs = pc.line_grid(angles, offsets, reach)
    y = pc.truth_table(xor)
    scores = pc.line_scores(pc.CORNERS, y, normals, cs)
    and_scores = pc.line_scores(pc.CORNERS, np.array([0, 0, 0, 1]), normals, cs)
    best = _best_per_angle(scores, normals, cs, every)
    frames = [[(n[0], n[1], -c)] for n, c, _ in best]
    degs = [round(360 * a / angles) for a in range(0, angles, every)]
    titles = [f"normal at {d}°: the best line gets {k} of 4" for d, (_, _, k) in zip(degs, best)]
    kind = Lines([pc.CORNERS], y, frames, BOX, titles, [f"{d}°" for d in degs], labels=LABELS, shade=True)
    prefix = "direction of the normal: "
    return Result(artifacts("xor_lines", lines_slider(kind, prefix), lines_still(kind, prefix)), {
        "n_lines": int(scores.size), "angles": angles, "offsets": offsets, "angle_step": 360 / angles,
        "best": int(scores.max()), "lines_all_four": int((scores == 4).sum()),
        "lines_three": int((scores == 3).sum()), "share_three": float((scores == 3).mean()),
        "and_best": int(and_scores.max()), "separable_lp": measures.linearly_separable(pc.CORNERS, y),
        "angles_best_three": int(sum(k == 3 for _, _, k in best)), "frames": len(best),
        "two_degrees": ", ".join(str(d) for d, (_, _, k) in zip(degs, best) if k == 2),
        "two_count": int(sum(k == 2 for _, _, k in best))})


# --- the hand-made hidden layer ------------------------------------------------------------------

OR_UNIT, AND_UNIT = ((1, 1), 0.5), ((1, 1), 1.5)  # (w, theta): fire where w·x >= theta
OUT_UNIT = ((1, -2), 0.5)  # on (h1, h2)


def hand_net(X: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The hand-set 2-2-1 threshold network: hidden (h1 = OR, h2 = AND) and y = step(h1 - 2 h2 - 0.5)."""
    H = np.stack([pc.threshold_unit(X, *OR_UNIT), pc.threshold_unit(X, *AND_UNIT)], 1)
    return H, pc.threshold_unit(H, *OUT_UNIT)


@figure()
def xor_hidden(ctx) -> Result:
    """OR and AND units, the feature space (h1, h2) where a line separates, and the region in the input plane."""
    y = pc.truth_table(xor)
    H, out = hand_net(pc.CORNERS)
    lines = [(1, 1, -OR_UNIT[1]), (1, 1, -AND_UNIT[1])]
    region = region_grid(lambda P: hand_net(P)[1], BOX, 200)
    inputs = Lines([pc.CORNERS], y, [lines], BOX, ["input plane: two lines, one band"], regions=[region],
                   labels=LABELS, line_names=["h₁ = OR: x₁ + x₂ = 0.5", "h₂ = AND: x₁ + x₂ = 1.5"])
    feat_labels = ["(0, 0)", "", "(0, 1) and (1, 0)", "(1, 1)"]
    feat_box = (-0.5, 2.3, -0.5, 1.5)  # room for the label of the shared point (1, 0)
    feat_region = region_grid(lambda P: pc.threshold_unit(P, *OUT_UNIT), feat_box, 200)
    features = Lines([H.astype(float)], y, [[(OUT_UNIT[0][0], OUT_UNIT[0][1], -OUT_UNIT[1])]], feat_box,
                     ["feature space: one line"], regions=[feat_region], labels=feat_labels,
                     axis_titles=("h₁ (OR)", "h₂ (AND)"), line_names=["h₁ − 2h₂ = 0.5"],
                     label_left=[False, False, False, True])
    return Result(artifacts("xor_hidden", lines_svg([inputs, features])), {
        **table("h1", H[:, 0]), **table("h2", H[:, 1]), **table("out", out), **table("y", y),
        "correct": int((out == y).sum()), "features_separable": measures.linearly_separable(H.astype(float), y),
        "inputs_separable": measures.linearly_separable(pc.CORNERS, y)})


# --- a learned 2-2-1 network ----------------------------------------------------------------------

BOX_TANH = (-1.3, 1.3, -1.3, 1.3)


def _sweep(ctx, width: int, seeds: int, steps: int, lr: float, frames: int):
    X = torch.as_tensor(pc.CORNERS, dtype=torch.float32, device=ctx.device)
    y = torch.as_tensor(pc.truth_table(xor), device=ctx.device)
    model = nets.StackedMLP.init((2, width, 1), "tanh", list(range(seeds)), ctx.device)
    history = train.train(model, X, y, steps, lr, train.snapshot_steps(steps, frames) if frames else [steps])
    return model, history, train.accuracy(model, X, y)


def _seed_frame(m: nets.StackedMLP, seed: int, X: torch.Tensor, y: np.ndarray):
    """Hidden features of the four inputs, the output line in feature space and how many are right."""
    one = m.select(seed)
    H = one.layers(X)[0][0].cpu().numpy().astype(float)
    v, c = one.weights[1][0, :, 0].cpu().numpy(), float(one.biases[1][0].reshape(-1)[0])
    right = int(((one.logits(X)[0] > 0).long().cpu().numpy() == y).sum())
    return H, (float(v[0]), float(v[1]), c), right


def _feature_lines(pts, lines, titles, steps=("",)) -> Lines:
    return Lines(pts, xor(pc.CORNERS), [[ln] for ln in lines], BOX_TANH, titles, steps, labels=LABELS,
                 axis_titles=("hidden unit 1 (tanh)", "hidden unit 2 (tanh)"), line_names=["output = 0"], shade=True)


def merged_pairs(H: np.ndarray, y: np.ndarray, tol: float) -> np.ndarray:
    """Per seed, whether some class-0 and class-1 input land within ``tol`` of each other in the
    hidden layer (H (S, 4, width)): then no output line can tell them apart."""
    d = np.linalg.norm(H[:, :, None, :] - H[:, None, :, :], axis=-1)
    opposite = y[:, None] != y[None, :]
    return (d[:, opposite].min(1) < tol)


@figure(seeds=256, steps=1000, lr=0.05, frames=25, shown=1, failed=0, widths=(3, 4, 8), merge_tol=0.1,
        quick=dict(seeds=16, steps=200, frames=5))
def xor_learned(ctx, seeds, steps, lr, frames, shown, failed, widths, merge_tol) -> Result:
    """2-2-1 tanh nets trained on the four points from many seeds; one seed's hidden features over
    training, a failed seed's end state, and the same recipe with wider hidden layers."""
    model, history, acc = _sweep(ctx, 2, seeds, steps, lr, frames)
    X = torch.as_tensor(pc.CORNERS, dtype=torch.float32, device=ctx.device)
    y = pc.truth_table(xor)
    snaps = sorted(history.snapshots.items())
    pts, lines, titles = [], [], []
    for step, m in snaps:
        H, line, right = _seed_frame(m, shown, X, y)
        pts.append(H)
        lines.append(line)
        titles.append(f"seed {shown}, step {step}: {right} of 4 right")
    kind = _feature_lines(pts, lines, titles, [str(s) for s, _ in snaps])
    Hf, line_f, right_f = _seed_frame(model, failed, X, y)
    fail = _feature_lines([Hf], [line_f], [f"seed {failed}, step {steps}: {right_f} of 4 right"])
    # the scene and its still show the seed that succeeds; the failed seed is a figure of its own
    arts = artifacts("xor_learned", lines_slider(kind, "training step "), lines_still(kind, "training step "))
    arts += artifacts("xor_learned-failed", lines_svg([fail]))
    rate = measures.success(acc, 1.0)
    ok = acc >= 1.0 - measures.TOLERANCE
    merged = merged_pairs(model.layers(X)[0].cpu().numpy(), y, merge_tol)
    metrics = {"n_seeds": seeds, "steps": steps, "lr": lr, "successes": rate.k, "failures": rate.failures,
               "rate": rate.rate, "rate_low": rate.low, "rate_high": rate.high,
               "shown": shown, "shown_accuracy": float(acc[shown]), "failed": failed,
               "failed_accuracy": float(acc[failed]), "failed_right": right_f,
               "three_of_four": int(np.sum(np.isclose(acc, 0.75))), "two_of_four": int(np.sum(np.isclose(acc, 0.5))),
               "merge_tol": merge_tol, "failed_merged": int((merged & ~ok).sum()),
               "success_merged": int((merged & ok).sum())}
    for w in widths:
        r = measures.success(_sweep(ctx, w, seeds, steps, lr, 0)[2], 1.0)
        metrics.update({f"rate_w{w}": r.rate, f"rate_w{w}_low": r.low, f"rate_w{w}_high": r.high,
                        f"successes_w{w}": r.k})
    return Result(arts, metrics)
