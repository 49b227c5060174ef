"""Figures of the article "What each hidden neuron sees" (docs/what-each-neuron-sees.md).

Every net here is the from-scratch NumPy MLP of figures/models/numpy_mlp.py, except the one figure
that retrains the same net with PyTorch to compare.
"""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import torch  # noqa: E402

from figures import data, measures  # noqa: E402
from figures import experiments as ex  # noqa: E402
from figures.models import numpy_mlp as nm  # noqa: E402
from figures.registry import Result, figure  # noqa: E402
from figures.render import artifacts, panels, scenes, svg  # noqa: E402
from figures.render.kinds import Cloud, Plane, plane_in_box  # noqa: E402
from figures.render.style import ACCENT, INK, MUTED  # noqa: E402

XOR = dict(n=200, noise=0.12, data_seed=0)
BOX = (-1.25, 1.25, -1.25, 1.25)
GRID = 33  # grid points per side of each panel (the zero sets are measured on a finer one)
FINE = 121
CURVED = 0.05  # a zero set straying further than this from its best-fit line is curved (the box is 2.5 wide)
RECIPE = dict(act="tanh", scale=1.0, lr=0.5, epochs=1000, seeds=64)
SNAPSHOTS = 13


def _xor(n: int, noise: float, data_seed: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """XOR points as float64, labels as ints and as a column (for the loss)."""
    X, y = data.make("xor", n, noise, np.random.default_rng(data_seed))
    return X.astype(np.float64), y, y[:, None].astype(np.float64)


def _keep(epochs: int, count: int) -> list[int]:
    """``count`` epochs from 0 to ``epochs``, denser early, when training moves fastest."""
    return sorted({int(round(t)) for t in np.linspace(0, 1, count) ** 2 * epochs} | {0, epochs})


def _accuracy(Ws, bs, X, y, act) -> np.ndarray:
    return ((nm.predict(Ws, bs, X, act) > 0.5) == y).mean(-1)


def _take(params, s: int):
    """Net s of a stack of nets."""
    return [W[s] for W in params[0]], [b[s] for b in params[1]]


def train_stack(sizes, act, scale, lr, epochs, seeds, keep=(), xor=XOR):
    """``seeds`` nets of ``sizes`` drawn from one generator, trained side by side on XOR by
    full-batch gradient descent; returns the data, the trained stack and its snapshots."""
    X, y, Y = _xor(**xor)
    Ws, bs = nm.init(sizes, np.random.default_rng(1), scale=scale, stack=(seeds,))
    saved = nm.train(Ws, bs, X, Y, act, nm.SGD(lr), epochs, keep=keep)
    return X, y, (Ws, bs), saved


# --- 1. the worked example ---------------------------------------------------------------------


def _torch_grads(Ws, bs, x, Y, act):
    """The same loss's gradients by PyTorch autograd (float64), the oracle for ours."""
    tp = [torch.tensor(p, requires_grad=True) for p in Ws + bs]
    h = torch.tensor(x)
    for i in range(len(Ws)):
        h = h @ tp[i] + tp[len(Ws) + i]
        if i < len(Ws) - 1:
            h = torch.tanh(h)
    torch.nn.functional.binary_cross_entropy_with_logits(h, torch.tensor(Y)).backward()
    return [p.grad.numpy() for p in tp]


def _network_svg(values: list[np.ndarray], names: list[str]) -> svg.Drawn:
    """The 2-4-3-1 net as columns of nodes, each labelled with its value for the one input."""
    with plt.rc_context(svg.RC):
        fig, ax = plt.subplots(figsize=(5.2, 3.0), dpi=svg.DPI, layout="constrained")
        pos = [[(c, (len(v[0]) - 1) / 2 - r) for r in range(len(v[0]))] for c, v in enumerate(values)]
        for a, b in zip(pos[:-1], pos[1:]):
            for p in a:
                for q in b:
                    ax.plot([p[0], q[0]], [p[1], q[1]], color=MUTED, lw=0.6, zorder=1)
        for c, (v, name) in enumerate(zip(values, names)):
            for (px, py), val in zip(pos[c], v[0]):
                ax.scatter([px], [py], s=1000, color="white", edgecolors=INK, linewidths=1, zorder=2)
                # a real minus sign, as on every axis
                ax.text(px, py, f"{val:+.2f}".replace("-", "−"), ha="center", va="center", fontsize=9.5, color=INK,
                        zorder=3)
            ax.text(c, -2.2, f"{name}\n1×{v.shape[1]}", ha="center", va="top", fontsize=10, color=INK)
        ax.set_xlim(-0.5, len(values) - 0.5)
        ax.set_ylim(-3.1, 2.0)
        ax.axis("off")
        return svg.save_svg(fig)


def _layer_numbers(k: int, zs, As, gW, gb, Ws) -> dict:
    """Layer k's values for the one input: z, a (hidden layers), weights and gradients, named
    like the page's tables (1-based: dW2_41 is the gradient of layer 2's weight from input 4 to neuron 1)."""
    n_in, n_out = Ws[k].shape
    m = {f"z{k + 1}_{j + 1}": float(zs[k][0, j]) for j in range(n_out)}
    if k < len(Ws) - 1:
        m.update({f"a{k + 1}_{j + 1}": float(As[k + 1][0, j]) for j in range(n_out)})
    m.update({f"db{k + 1}_{j + 1}": float(gb[k][0, j]) for j in range(n_out)})
    for i in range(n_in):
        for j in range(n_out):
            m[f"dW{k + 1}_{i + 1}{j + 1}"] = float(gW[k][i, j])
            m[f"W{k + 1}_{i + 1}{j + 1}"] = float(Ws[k][i, j])
    return m


@figure(point=0, sizes=(2, 4, 3, 1))
def neurons_worked(ctx, point, sizes) -> Result:
    """One input through the 2-4-3-1 net of the main figure, at its initial weights: every value
    of the forward pass, the loss and every partial derivative."""
    X, y, Y = _xor(**XOR)
    Ws, bs = nm.init(sizes, np.random.default_rng(1), scale=RECIPE["scale"], stack=(RECIPE["seeds"],))
    Ws, bs = _take((Ws, bs), 0)
    x, t = X[point:point + 1], Y[point:point + 1]
    zs, As = nm.forward(Ws, bs, x, "tanh")
    gW, gb = nm.backward(Ws, As, t, "tanh")
    oracle = _torch_grads(Ws, bs, x, t, "tanh")
    err = max(float(np.abs(a - b).max() / np.abs(b).max()) for a, b in zip(gW + gb, oracle))
    m = {"x1": x[0, 0], "x2": x[0, 1], "label": int(y[point]), "loss": float(nm.bce(As[-1], t)),
         "p": float(As[-1][0, 0]), "z3": float(zs[-1][0, 0]), "max_rel_err_vs_torch": err,
         "shapes": " → ".join(f"1×{a.shape[1]}" for a in As)}
    for i in range(len(Ws)):
        m.update(_layer_numbers(i, zs, As, gW, gb, Ws))
    still = _network_svg([x, *As[1:]], ["input x", "layer 1\n(tanh)", "layer 2\n(tanh)", "output p"])
    return Result(artifacts("neurons_worked", still), m)


# --- 2. the panel grids ------------------------------------------------------------------------


def _grid_values(params, act, size: int = GRID) -> list[np.ndarray]:
    """Each hidden neuron's pre-activation and the output logit over a size x size grid of BOX."""
    return _grid_values_in(params, act, BOX, size)


def _bent(Z: np.ndarray) -> float | None:
    """How far a zero set strays from its best-fit line (None if it does not cross the box)."""
    P = measures.zero_set(Z, BOX)
    return measures.line_deviation(P) if len(P) else None


def _ablation(params, X, y, act) -> list[float]:
    """Accuracy with each hidden neuron removed (its outgoing weights set to zero), in order."""
    Ws, bs = params
    out = []
    for i in range(len(Ws) - 1):
        for j in range(Ws[i].shape[1]):
            cut = [W.copy() for W in Ws]
            cut[i + 1][j, :] = 0
            out.append(float(_accuracy(cut, bs, X, y, act)))
    return out


def panel_figure(ctx, sizes, act, scale, lr, epochs, seeds, ncols) -> Result:
    name, stem = "-".join(map(str, sizes)), "neurons_" + "".join(map(str, sizes))
    keep = _keep(epochs, SNAPSHOTS)
    X, y, stack, saved = train_stack(sizes, act, scale, lr, epochs, seeds, keep)
    acc = _accuracy(*stack, X, y, act)
    ok = measures.success(acc)
    seed = int(np.flatnonzero(acc >= 1)[0]) if (acc >= 1).any() else int(np.argmax(acc))
    frames = [_take(saved[e], seed) for e in keep]
    values = [_grid_values(p, act) for p in frames]
    accs = [float(_accuracy(*p, X, y, act)) for p in frames]
    hidden = sizes[1:-1]
    names = [f"layer {i + 1} · neuron {j + 1}" for i, w in enumerate(hidden) for j in range(w)] + ["the network"]
    is_net = [False] * sum(hidden) + [True]
    shown = np.random.default_rng(0).permutation(len(y))[:120]
    titles = [f"{name} net · epoch {e} · accuracy {a:.0%}" for e, a in zip(keep, accs)]
    grid = panels.Panels(values, BOX, X[shown], y[shown], names, is_net, ncols, titles, [str(e) for e in keep])
    arts = artifacts(stem, panels.slider(grid), panels.still_svg(grid, scene=True))
    arts += artifacts(f"{stem}-anim", panels.animation(grid))
    final = _take(stack, seed)
    dev = [_bent(v) for v in _grid_values(final, act, FINE)]
    first = dev[:hidden[0]]
    later = dev[hidden[0]:-1]
    ablation = _ablation(final, X, y, act)
    m = {"n_seeds": ok.n, "successes": ok.k, "rate": ok.rate, "rate_low": ok.low, "rate_high": ok.high,
         "median_accuracy": float(np.median(acc)), "seed": seed, "shown_accuracy": accs[-1],
         "start_accuracy": accs[0], "epochs": epochs, "lr": lr, "scale": scale, "frames": len(keep),
         "first_full_epoch": next((e for e, a in zip(keep, accs) if a >= 1), None),
         "first_layer_deviation_max": max(d for d in first if d is not None),
         "net_deviation": dev[-1], "ablation": ablation, "ablation_max": max(ablation),
         "ablation_min": min(ablation), "neurons": sum(hidden),
         "ablation_drops": int(sum(a < accs[-1] for a in ablation)),
         "ablation_spare": int(sum(a >= accs[-1] for a in ablation)), "n_points": XOR["n"], "noise": XOR["noise"],
         "box_width": BOX[1] - BOX[0], "grid": GRID, **{f"ablation_{k + 1}": a for k, a in enumerate(ablation)}}
    if later:
        m.update({f"later_deviation_{k + 1}": d for k, d in enumerate(later)})
        m.update(later_deviations=later, later_deviation_min=min(d for d in later if d is not None),
                 later_crossing=sum(d is not None for d in later))
        m.update(_bent_over_seeds(stack, act, acc, hidden))
    return Result(arts, m)


def _bent_over_seeds(stack, act, acc, hidden) -> dict:
    """Over every seed that separates XOR: how many second-layer zero sets cross the box, and
    how many of those stray more than CURVED from a straight line."""
    crossing = bent = 0
    for s in np.flatnonzero(acc >= 1):
        for d in [_bent(v) for v in _grid_values(_take(stack, s), act, FINE)[hidden[0]:-1]]:
            crossing += d is not None
            bent += d is not None and d > CURVED
    return {"seeds_later_crossing": crossing, "seeds_later_bent": bent, "curved_threshold": CURVED}


_PANEL = dict(**RECIPE, quick=dict(epochs=100, seeds=8))


@figure(sizes=(2, 3, 1), ncols=4, **_PANEL)
def neurons_231(ctx, sizes, act, scale, lr, epochs, seeds, ncols) -> Result:
    """2-3-1 on XOR: three straight lines, and the network's region made of them."""
    return panel_figure(ctx, sizes, act, scale, lr, epochs, seeds, ncols)


@figure(sizes=(2, 4, 3, 1), ncols=4, **_PANEL)
def neurons_2431(ctx, sizes, act, scale, lr, epochs, seeds, ncols) -> Result:
    """2-4-3-1 on XOR: four lines in layer 1; layer 2's neurons combine them into curves."""
    return panel_figure(ctx, sizes, act, scale, lr, epochs, seeds, ncols)


# --- 3. which ingredient makes the difference --------------------------------------------------

SCALES = (0.1, 1.0)
SGD_LRS = (1e-3, 0.1)
ADAM_LR = 0.05


SCALE_TAGS = {SCALES[0]: "small", SCALES[1]: "big"}
LR_TAGS = {SGD_LRS[0]: "sgd_slow", SGD_LRS[1]: "sgd_fast"}


def _recipe_rates(act, seeds, epochs, xor) -> dict[str, np.ndarray]:
    """Accuracies of ``seeds`` 2-3-1 nets per (init scale, optimiser), keyed like
    'sigmoid_small_sgd_slow'; per-sample SGD stacks both scales and both learning rates in one run."""
    X, y, Y = _xor(**xor)
    out = {}
    grid = [(s, lr) for lr in SGD_LRS for s in SCALES]
    Ws, bs = nm.init((2, 3, 1), np.random.default_rng(1), scale=1.0, stack=(len(grid) * seeds,))
    scale = np.repeat([s for s, _ in grid], seeds)[:, None, None]
    lrs = np.repeat([lr for _, lr in grid], seeds)[:, None, None]
    Ws = [W * scale for W in Ws]
    nm.train(Ws, bs, X, Y, act, nm.SGD(lrs), epochs, batch=1, rng=np.random.default_rng(2))
    acc = _accuracy(Ws, bs, X, y, act)
    for k, (s, lr) in enumerate(grid):
        out[f"{act}_{SCALE_TAGS[s]}_{LR_TAGS[lr]}"] = acc[k * seeds:(k + 1) * seeds]
    for s in SCALES:
        Ws, bs = nm.init((2, 3, 1), np.random.default_rng(1), scale=s, stack=(seeds,))
        nm.train(Ws, bs, X, Y, act, nm.Adam(ADAM_LR), epochs)
        out[f"{act}_{SCALE_TAGS[s]}_adam"] = _accuracy(Ws, bs, X, y, act)
    return out


def _label(key: str) -> str:
    act, tag, opt = key.split("_", 2)
    scale = next(s for s, t in SCALE_TAGS.items() if t == tag)
    if opt == "adam":
        return f"{act}, N(0, {scale:g}²), Adam {ADAM_LR:g} full batch"
    lr = next(v for v, t in LR_TAGS.items() if t == opt)
    return f"{act}, N(0, {scale:g}²), SGD {lr:g} per sample"


def _rates_svg(rates: dict[str, measures.Success]) -> svg.Drawn:
    """One row per recipe: the share of seeds that separate XOR and its 95% Wilson interval. Each
    row's recipe is written above its interval, its count at the row's end, so the intervals keep
    the figure's whole width on a phone too (beside them, the recipes left them 40 px there)."""
    with plt.rc_context(svg.RC):
        fig, ax = plt.subplots(figsize=(6.6, 0.45 * len(rates) + 0.7), dpi=svg.DPI, layout="constrained")
        names = ax.get_yaxis_transform()  # x in the axes' width, y in rows
        for row, (key, r) in enumerate(rates.items()):
            ax.plot([r.low, r.high], [row, row], color=INK, lw=2, clip_on=False)
            ax.scatter([r.rate], [row], color=INK, s=30, zorder=3, clip_on=False)
            ax.text(0, row - 0.25, _label(key), transform=names, fontsize=9, color=INK, va="bottom")
            ax.text(1, row - 0.25, f"{r.k}/{r.n}", transform=names, fontsize=9, color=INK, va="bottom", ha="right")
        half = len(rates) / 2 - 0.5  # sigmoid rows above, tanh rows below
        ax.axhline(half - 0.27, color=MUTED, lw=0.8, ls=":")
        ax.set_yticks([])
        ax.set_ylim(-0.8, len(rates) - 0.6)
        ax.invert_yaxis()
        ax.set_xlim(0, 1)
        ax.spines[["left", "right", "top"]].set_visible(False)
        ax.set_xlabel("share of seeds at 100% on XOR (95% interval)")
        return svg.save_svg(fig)


@figure(seeds=32, epochs=400, n=100, quick=dict(seeds=4, epochs=20))
def neurons_recipes(ctx, seeds, epochs, n) -> Result:
    """2-3-1 on XOR with one ingredient changed at a time (activation, initial scale, optimiser),
    32 seeds each."""
    xor = dict(XOR, n=n)
    accs = {**_recipe_rates("sigmoid", seeds, epochs, xor), **_recipe_rates("tanh", seeds, epochs, xor)}
    rates = {k: measures.success(a) for k, a in accs.items()}
    # the small scale is the tutorial's; the slow rate is the default of its animation helper and the
    # rate of its one hand-worked update, not the rate it trains with (TUTORIAL["lr"])
    m = {"seeds": seeds, "epochs": epochs, "n": n, "sgd_steps": epochs * n, "small_scale": SCALES[0],
         "big_scale": SCALES[1], "slow_lr": SGD_LRS[0], "fast_lr": SGD_LRS[1], "adam_lr": ADAM_LR,
         "tutorial_lr": TUTORIAL["lr"]}
    for k, r in rates.items():
        m.update({f"{k}_k": r.k, f"{k}_rate": r.rate, f"{k}_low": r.low, f"{k}_high": r.high,
                  f"{k}_median": float(np.median(accs[k]))})
    return Result(artifacts("neurons_recipes", _rates_svg(rates)), m)


# --- 3b. the tutorial's own recipe, as it wrote it ---------------------------------------------

# The from-scratch tutorial (source 003) trains its 2-3-1: sigmoid hidden and output units, weights
# N(0, 0.1²), biases zero, the cross-entropy of one point at a time, plain gradient descent after
# every point, the points in the same order every epoch, learning rate 5e-2, 300 epochs.
TUTORIAL = dict(act="sigmoid", scale=0.1, lr=5e-2, epochs=300)
TUTORIAL_LINES = ("#CC79A7", ACCENT, INK)  # Okabe-Ito purple, green and the ink: not class colours


def train_in_order(Ws, bs, X, Y, act, lr, epochs, every) -> list[np.ndarray]:
    """Per-point gradient descent over X in its stored order, every epoch the same (as the tutorial
    does); the stack's accuracies after every ``every`` epochs."""
    opt, y, out = nm.SGD(lr), Y[:, 0].astype(int), []
    for epoch in range(1, epochs + 1):
        for i in range(len(X)):
            _, As = nm.forward(Ws, bs, X[i:i + 1], act)
            gW, gb = nm.backward(Ws, As, Y[i:i + 1], act)
            opt.step(Ws + bs, gW + gb)
        if epoch % every == 0:
            out.append(_accuracy(Ws, bs, X, y, act))
    return out


def _spread(ys: list[float], gap: float, top: float = 1.0) -> list[float]:
    """Label heights near ``ys``, at least ``gap`` apart and none above ``top``: from the highest
    down, a label that would crowd the one above it moves down."""
    order = sorted(range(len(ys)), key=lambda i: -ys[i])
    out = list(ys)
    out[order[0]] = min(ys[order[0]], top)
    for a, b in zip(order, order[1:]):
        out[b] = min(ys[b], out[a] - gap)
    return out


def _tutorial_svg(epochs_axis, curves: dict[int, list[measures.Success]]) -> svg.Drawn:
    """Share of seeds at 100% against epochs, one line (and 95% band) per data size."""
    with plt.rc_context(svg.RC):
        fig, ax = plt.subplots(figsize=(6.0, 3.2), dpi=svg.DPI, layout="constrained")
        label_y = _spread([rs[-1].rate for rs in curves.values()], gap=0.1)
        for color, (n, rs), ly in zip(TUTORIAL_LINES, curves.items(), label_y):
            ax.fill_between(epochs_axis, [r.low for r in rs], [r.high for r in rs], color=color, alpha=0.15, lw=0)
            ax.plot(epochs_axis, [r.rate for r in rs], color=color, lw=2, marker="o", ms=4)
            ax.text(epochs_axis[-1] * 1.03, ly, f"{n} points", va="center", fontsize=10, color=color)
        ax.set_xticks([0, *epochs_axis])
        ax.set_xlim(0, epochs_axis[-1] * 1.25)
        ax.spines["bottom"].set_bounds(0, epochs_axis[-1])
        ax.set_ylim(-0.02, 1.02)
        ax.set_xlabel("epochs of the tutorial's recipe")
        ax.set_ylabel("share of seeds at 100%")
        return svg.save_svg(fig)


@figure(sizes=(2, 3, 1), sizes_n=(50, 100, 200), seeds=64, every=50, **TUTORIAL,
        quick=dict(seeds=2, epochs=4, every=2))
def neurons_tutorial(ctx, sizes, sizes_n, seeds, every, act, scale, lr, epochs) -> Result:
    """The tutorial's 2-3-1 recipe run as written, over ``seeds`` seeds on XOR sets of several
    sizes: how many seeds reach 100% on the training points as the epochs go by."""
    axis = list(range(every, epochs + 1, every))
    curves, m = {}, {"seeds": seeds, "epochs": epochs, "lr": lr, "scale": scale, "act": act, "every": every,
                     "sizes_n": list(sizes_n), "page_n": XOR["n"], "noise": XOR["noise"], "n_small": sizes_n[0],
                     "n_mid": sizes_n[1], "n_large": sizes_n[-1],
                     "sizes_text": ", ".join(map(str, sizes_n[:-1])) + f" and {sizes_n[-1]}"}
    for n in sizes_n:
        X, y, Y = _xor(**dict(XOR, n=n))
        Ws, bs = nm.init(sizes, np.random.default_rng(1), scale=scale, stack=(seeds,))
        accs = train_in_order(Ws, bs, X, Y, act, lr, epochs, every)
        curves[n] = [measures.success(a) for a in accs]
        last = curves[n][-1]
        tag = {sizes_n[0]: "small", sizes_n[1]: "mid", sizes_n[-1]: "large"}[n]
        m.update({f"k_{tag}": last.k, f"rate_{tag}": last.rate, f"low_{tag}": last.low, f"high_{tag}": last.high,
                  f"median_{tag}": float(np.median(accs[-1])), f"steps_{tag}": n * epochs,
                  f"k_by_epoch_{tag}": [r.k for r in curves[n]], f"k_first_{tag}": curves[n][0].k})
    return Result(artifacts("neurons_tutorial", _tutorial_svg(axis, curves)), m)


# --- 4. the lifted feature x1·x2 ----------------------------------------------------------------


@figure(lr=1.0, epochs=2000, quick=dict(epochs=100))
def neurons_lift(ctx, lr, epochs) -> Result:
    """XOR with x1·x2 as a third input: one neuron separates it with a plane."""
    X, y, Y = _xor(**XOR)
    L = np.column_stack([X, X[:, 0] * X[:, 1]])
    Ws, bs = nm.init((3, 1), np.random.default_rng(1), scale=0.1)
    nm.train(Ws, bs, L, Y, "tanh", nm.SGD(lr), epochs)
    acc = float(_accuracy(Ws, bs, L, y, "tanh"))
    w, c = Ws[0][:, 0], float(bs[0][0, 0])
    lo, hi = L.min(0), L.max(0)
    poly = plane_in_box(w, c, lo, hi)
    shown = np.random.default_rng(0).permutation(len(y))[:120]
    cloud = Cloud([L[shown].astype(np.float32)], y[shown], ["x₁", "x₂", "x₁·x₂"],
                  ["XOR lifted by x₁·x₂: one neuron's plane"], plane=Plane(poly, "the neuron's plane", ACCENT, 0.4))
    m = {"accuracy": acc, "best_line_accuracy": measures.best_linear_accuracy(X, y),
         "lifted_separable": measures.linearly_separable(L, y), "w1": float(w[0]), "w2": float(w[1]),
         "w3": float(w[2]), "bias": c, "epochs": epochs, "lr": lr}
    return Result(artifacts("neurons_lift", scenes.points3d(cloud), svg.points3d_png(cloud)), m)


# --- 5. the same net in PyTorch ----------------------------------------------------------------


@figure(sizes=(2, 4, 3, 1), quick=dict())
def neurons_torch(ctx, sizes) -> Result:
    """The shown 2-4-3-1 net retrained with nn.Linear and autograd from the same initial weights."""
    r = RECIPE
    X, y, Y = _xor(**XOR)
    Ws, bs = _take(nm.init(sizes, np.random.default_rng(1), scale=r["scale"], stack=(r["seeds"],)), 0)
    layers = [torch.nn.Linear(a, b, dtype=torch.float64) for a, b in zip(sizes[:-1], sizes[1:])]
    with torch.no_grad():
        for lin, W, b in zip(layers, Ws, bs):
            lin.weight.copy_(torch.tensor(W.T))
            lin.bias.copy_(torch.tensor(b[0]))
    net = torch.nn.Sequential(layers[0], torch.nn.Tanh(), layers[1], torch.nn.Tanh(), layers[2])
    opt = torch.optim.SGD(net.parameters(), lr=r["lr"])
    Xt, Yt = torch.tensor(X), torch.tensor(Y)
    for _ in range(r["epochs"]):
        opt.zero_grad()
        torch.nn.functional.binary_cross_entropy_with_logits(net(Xt), Yt).backward()
        opt.step()
    nm.train(Ws, bs, X, Y, "tanh", nm.SGD(r["lr"]), r["epochs"])
    G = ex.grid(BOX, 101).astype(np.float64)
    with torch.no_grad():
        pt = torch.sigmoid(net(torch.tensor(G)))[:, 0].numpy()
        theirs = [lin.weight.numpy().T for lin in layers]
    pn = nm.predict(Ws, bs, G, "tanh")
    m = {"max_weight_diff": max(float(np.abs(a - b).max()) for a, b in zip(Ws, theirs)),
         "max_prob_diff": float(np.abs(pt - pn).max()), "region_disagree": float(((pt > 0.5) != (pn > 0.5)).mean()),
         "epochs": r["epochs"]}
    still = _diff_svg(pn.reshape(101, 101), pt.reshape(101, 101), X, y)
    return Result(artifacts("neurons_torch", still), m)


def _diff_svg(pn, pt, X, y) -> svg.Drawn:
    """Both nets' P = 0.5 lines over the data (NumPy solid, PyTorch dashed)."""
    with plt.rc_context(svg.RC):
        fig, ax = plt.subplots(figsize=(4.2, 4.2), dpi=svg.DPI, layout="constrained")
        g = np.linspace(BOX[0], BOX[1], 101)
        ax.contour(g, g, pn, levels=[0.5], colors=INK, linewidths=2.5)
        ax.contour(g, g, pt, levels=[0.5], colors=ACCENT, linewidths=1.2, linestyles="--")
        svg.draw_points(ax, X, y, size=5)
        ax.set_xlim(BOX[0], BOX[1])
        ax.set_ylim(BOX[2], BOX[3])
        ax.set_aspect("equal")
        ax.set_title("NumPy (solid) and PyTorch (dashed)", color=INK, fontsize=10)
        return svg.save_svg(fig)


# --- 6. other data: the moons and two cluster sets ---------------------------------------------

MORE_BOX = (-1.6, 1.6, -1.6, 1.6)
MOONS_NOISE = 0.2


def _clusters(n: int, class_sep: float, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """scikit-learn's make_classification: two informative features, two clusters per class,
    standardised and halved so they fill about the same box as the other sets."""
    from sklearn.datasets import make_classification

    X, y = make_classification(n, n_features=2, n_informative=2, n_redundant=0, n_clusters_per_class=2,
                               class_sep=class_sep, random_state=seed)
    return (X - X.mean(0)) / X.std(0) / 2, y


def _more_data(name: str, n: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    if name == "moons":
        X, y = data.make("moons", n, MOONS_NOISE, np.random.default_rng(seed))
        return X.astype(np.float64) * 1.2, y
    return _clusters(n, float(name.split("_")[1]), seed)


@figure(sets=("moons", "clusters_1.0", "clusters_1.3"), n=500, held_out=0.3, sizes=(2, 4, 3, 1), frames=7,
        quick=dict(n=100))
def neurons_more(ctx, sets, n, held_out, sizes, frames) -> Result:
    """A 2-4-3-1 on the moons and on two make_classification sets: layer 2's neurons and the
    network, with accuracy on the training points and on held-out points."""
    r = RECIPE
    keep = _keep(r["epochs"], frames)
    values, titles_acc, m, shown_X, shown_y = [[] for _ in keep], [], {"n": n, "held_out": held_out}, [], []
    for k, name in enumerate(sets):
        X, y = _more_data(name, n, seed=k)
        split = np.random.default_rng(0).permutation(n)
        test, train = split[:int(held_out * n)], split[int(held_out * n):]
        Ws, bs = nm.init(sizes, np.random.default_rng(1), scale=r["scale"])
        saved = nm.train(Ws, bs, X[train], y[train, None].astype(float), r["act"], nm.SGD(r["lr"]), r["epochs"],
                         keep=keep)
        for f, e in enumerate(keep):
            values[f] += _grid_values_in(saved[e], r["act"], MORE_BOX)[sizes[1]:]
        tag = name.replace(".", "")
        m.update({f"{tag}_train": float(_accuracy(Ws, bs, X[train], y[train], r["act"])),
                  f"{tag}_test": float(_accuracy(Ws, bs, X[test], y[test], r["act"])),
                  f"{tag}_best_line": measures.best_linear_accuracy(X[train], y[train])})
        if name != "moons":
            m[f"{tag}_sep"] = float(name.split("_")[1])
        shown_X.append(X[train][:150])
        shown_y.append(y[train][:150])
        titles_acc.append(name)
    # short titles that fit a phone's panels: "sep 1.0: neuron 2" is layer 2's neuron 2 on clusters_1.0
    names = [f"{s.replace('clusters_', 'sep ')}: {p}" for s in sets
             for p in [f"neuron {j + 1}" for j in range(sizes[2])] + ["network"]]
    # every panel shows its own data set's points: one Panels per set would need three sliders
    grid = panels.Panels(values, MORE_BOX, np.concatenate(shown_X), np.concatenate(shown_y), names,
                         ([False] * sizes[2] + [True]) * len(sets), sizes[2] + 1,
                         [f"2-4-3-1 nets · epoch {e}" for e in keep], [str(e) for e in keep],
                         groups=[k for k in range(len(sets)) for _ in range(sizes[2] + 1)],
                         group_points=[len(x) for x in shown_X])
    m.update(epochs=r["epochs"], lr=r["lr"], moons_noise=MOONS_NOISE, held_out_points=int(held_out * n))
    return Result(artifacts("neurons_more", panels.slider(grid), panels.still_svg(grid, scene=True)), m)


def _grid_values_in(params, act, box, size: int = GRID) -> list[np.ndarray]:
    """Each hidden neuron's pre-activation and the output logit over a size x size grid of ``box``."""
    G = ex.grid(box, size).astype(np.float64)
    zs, _ = nm.forward(*params, G, act)
    out = [z[:, j].reshape(size, size) for z in zs[:-1] for j in range(z.shape[1])]
    return out + [zs[-1][:, 0].reshape(size, size)]


# --- 7. ReLU: layer 2's boundaries are made of straight pieces -----------------------------------


def _zero_lines(Z: np.ndarray, box) -> list[np.ndarray]:
    import contourpy

    g = np.linspace(box[0], box[1], Z.shape[1]), np.linspace(box[2], box[3], Z.shape[0])
    return contourpy.contour_generator(*g, Z).lines(0.0)


@figure(sizes=(2, 4, 3, 1), **{**RECIPE, "act": "relu"}, quick=dict(epochs=100, seeds=8))
def neurons_relu(ctx, sizes, act, scale, lr, epochs, seeds) -> Result:
    """The 2-4-3-1 with ReLU: every zero line of layer 2 is a chain of straight pieces, one per
    on/off pattern of layer 1 that it passes through."""
    X, y, stack, _ = train_stack(sizes, act, scale, lr, epochs, seeds)
    acc = _accuracy(*stack, X, y, act)
    ok = measures.success(acc)
    counts = []
    for s in np.flatnonzero(acc >= 1):
        Ws, bs = _take(stack, s)
        on = lambda P, Ws=Ws, bs=bs: nm.forward(Ws, bs, P, act)[0][0] > 0  # noqa: E731
        for Z in _grid_values((Ws, bs), act, FINE)[sizes[1]:-1]:
            lines = _zero_lines(Z, BOX)
            if lines:
                counts.append(measures.linear_pieces(lines, on))
    seed = int(np.flatnonzero(acc >= 1)[0]) if (acc >= 1).any() else int(np.argmax(acc))
    shown = _take(stack, seed)
    values = _grid_values(shown, act)
    names = [f"layer {i + 1} · neuron {j + 1}" for i, w in enumerate(sizes[1:-1]) for j in range(w)] + ["the network"]
    idx = np.random.default_rng(0).permutation(len(y))[:120]
    grid = panels.Panels([values], BOX, X[idx], y[idx], names, [False] * (len(names) - 1) + [True], 4,
                         [f"2-4-3-1 ReLU net, seed {seed} · accuracy {float(acc[seed]):.0%}"], [str(epochs)])
    on = lambda P: nm.forward(*shown, P, act)[0][0] > 0  # noqa: E731
    layer2 = _grid_values(shown, act, FINE)[sizes[1]:-1]
    shown_pieces = [measures.linear_pieces(_zero_lines(Z, BOX), on) for Z in layer2]
    counts = np.array(counts)
    m = {"n_seeds": ok.n, "successes": ok.k, "rate": ok.rate, "rate_low": ok.low, "rate_high": ok.high,
         "seed": seed, "shown_pieces": shown_pieces, "shown_pieces_max": max(shown_pieces),
         **{f"shown_pieces_{k + 1}": p for k, p in enumerate(shown_pieces)},
         "lines": int(len(counts)), "lines_bent": int((counts > 1).sum()),
         "pieces_max": int(counts.max()) if len(counts) else 0,
         "pieces_median": float(np.median(counts)) if len(counts) else 0.0}
    return Result(artifacts("neurons_relu", panels.still_svg(grid)), m)
