"""Figures of the page "The math of an MLP" (docs/math-of-an-mlp.md): counts, identities, and the
common mistakes, each trained beside the correct version."""

from __future__ import annotations

import math

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn
from torch.utils.flop_counter import FlopCounterMode

from figures import data, measures
from figures.models import adam
from figures.registry import Result, figure
from figures.render import artifacts, svg
from figures.render.curves import Curves, Line, curves_slider, curves_still
from figures.render.style import CLASS_COLORS, INK

SIZES = (784, 256, 128, 10)  # the MNIST-sized example of the text


# --- 1. counting ---------------------------------------------------------------------------------


def n_params(sizes: tuple[int, ...]) -> list[tuple[int, int]]:
    """(weights, biases) of each layer: W is (out, in), b is (out,)."""
    return [(n_in * n_out, n_out) for n_in, n_out in zip(sizes[:-1], sizes[1:])]


def torch_mlp(sizes: tuple[int, ...], activation: type[nn.Module] | None = nn.ReLU, bias: bool = True) -> nn.Sequential:
    """The same MLP as PyTorch modules: Linear, activation, ..., Linear."""
    layers: list[nn.Module] = []
    for k, (n_in, n_out) in enumerate(zip(sizes[:-1], sizes[1:])):
        layers.append(nn.Linear(n_in, n_out, bias=bias))
        if activation is not None and k < len(sizes) - 2:
            layers.append(activation())
    return nn.Sequential(*layers)


def _params_svg(sizes: tuple[int, ...]) -> svg.plt.Figure:
    counts = n_params(sizes)
    names = [f"layer {k + 1}\n{a} → {b}" for k, (a, b) in enumerate(zip(sizes[:-1], sizes[1:]))]
    with svg.plt.rc_context(svg.RC):
        fig, ax = svg.plt.subplots(figsize=(6.4, 2.4), dpi=svg.DPI, layout="constrained")
        ypos = np.arange(len(counts))[::-1]
        ax.barh(ypos, [w for w, _ in counts], color=CLASS_COLORS[0], label="weights")
        ax.barh(ypos, [b for _, b in counts], left=[w for w, _ in counts], color=CLASS_COLORS[1], label="biases")
        for yy, (w, b) in zip(ypos, counts):
            ax.text(w + b + 3000, yy, f"{w:,} + {b:,}", va="center", fontsize=9, color=INK)
        ax.set_yticks(ypos, names, fontsize=9)
        ax.set_xlim(0, max(w + b for w, b in counts) * 1.38)
        ax.set_xlabel("parameters", fontsize=9)
        ax.legend(frameon=False, fontsize=9, loc="lower right")
        return svg.save_svg(fig)


def _flops_by_counter(model: nn.Module, n_in: int) -> int:
    """FLOPs of one forward pass of one example, as PyTorch's FlopCounterMode counts them."""
    with FlopCounterMode(display=False) as counter, torch.no_grad():
        model(torch.zeros(1, n_in))
    return int(counter.get_total_flops())


def _collapse_check(sizes: tuple[int, ...], seed: int) -> tuple[float, int]:
    """A stack of Linear layers without activations against the one matrix it equals (float64)."""
    torch.manual_seed(seed)
    net = torch_mlp(sizes, activation=None).double()
    A = torch.eye(sizes[0], dtype=torch.float64)
    c = torch.zeros(sizes[0], dtype=torch.float64)
    for layer in net:  # x -> W x + b, composed: A <- W A, c <- W c + b
        A, c = layer.weight @ A, layer.weight @ c + layer.bias
    x = torch.randn(64, sizes[0], dtype=torch.float64)
    with torch.no_grad():
        diff = (net(x) - (x @ A.T + c)).abs().max()
    return float(diff), int(torch.linalg.matrix_rank(A))


def _backprop_check(seed: int) -> float:
    """Hand-derived gradients of a two-layer net with softmax + cross-entropy against autograd."""
    g = torch.Generator().manual_seed(seed)
    B, d, h, k = 8, 4, 5, 3
    x, W1, b1 = torch.randn(B, d, generator=g), torch.randn(h, d, generator=g), torch.randn(h, generator=g)
    W2, b2 = torch.randn(k, h, generator=g), torch.randn(k, generator=g)
    y = torch.randint(0, k, (B,), generator=g)
    params = [t.double().requires_grad_() for t in (W1, b1, W2, b2)]
    x = x.double()
    z1 = x @ params[0].T + params[1]
    a1 = torch.relu(z1)
    z2 = a1 @ params[2].T + params[3]
    F.cross_entropy(z2, y).backward()
    with torch.no_grad():  # the formulas of the text, batch-averaged
        dz2 = (torch.softmax(z2, 1) - F.one_hot(y, k)) / B  # ŷ − y
        dz1 = (dz2 @ params[2]) * (z1 > 0)
        hand = [dz1.T @ x, dz1.sum(0), dz2.T @ a1, dz2.sum(0)]
    return max(float((p.grad - q).abs().max()) for p, q in zip(params, hand))


@figure(sizes=SIZES)
def mlp_params(ctx, sizes) -> Result:
    """Where the parameters of a 784-256-128-10 MLP sit; its FLOPs; two identities checked."""
    counts = n_params(sizes)
    model = torch_mlp(sizes)
    macs = sum(w for w, _ in counts)
    collapse_diff, collapse_rank = _collapse_check(sizes, ctx.seed)
    metrics = {
        "params": sum(w + b for w, b in counts), "params_torch": sum(p.numel() for p in model.parameters()),
        "weights": sum(w for w, _ in counts), "biases": sum(b for _, b in counts),
        "layer_weights": [w for w, _ in counts], "layer_biases": [b for _, b in counts],
        "layer1_share": (counts[0][0] + counts[0][1]) / sum(w + b for w, b in counts),
        "macs": macs, "flops_matmul": 2 * macs, "flops_torch": _flops_by_counter(model, sizes[0]),
        "bias_adds": sum(b for _, b in counts), "relus": sum(sizes[1:-1]),
        "flops_total": 2 * macs + sum(b for _, b in counts) + sum(sizes[1:-1]),
        "collapse_max_diff": collapse_diff, "collapse_rank": collapse_rank, "collapse_out": sizes[-1],
        "backprop_max_diff": _backprop_check(ctx.seed),
    }
    metrics["flops_batch_256"] = 256 * metrics["flops_matmul"]
    return Result(artifacts("mlp_params", _params_svg(sizes)), metrics)


# --- 2. common mistakes, each trained beside the correct version ----------------------------------

RINGS = dict(name="circles", n=400, noise=0.08)
RAW_SCALE, RAW_SHIFT = (100.0, 1.0), (1000.0, 0.0)  # "unnormalised": one coordinate in other units
SGD_LR, DROPOUT, WIDTH = 0.5, 0.5, 32
CHANCE = 0.6  # below this accuracy a seed learned nothing (the classes are balanced)
MISTAKES = {  # key: (slider label, panel title, what the mistaken line is called)
    "zero_grad": ("no zero_grad", "optimizer.zero_grad() forgotten", "zero_grad forgotten"),
    "softmax": ("softmax + CE", "softmax before CrossEntropyLoss (Adam)", "softmax first"),
    "softmax_sgd": ("softmax + CE, SGD", "softmax before CrossEntropyLoss (plain SGD)", "softmax first"),
    "raw": ("raw inputs", "unnormalised inputs", "raw inputs"),
    "linear": ("no activation", "no activation between the layers", "no activation"),
    "eval": ("no eval()", "model.eval() forgotten (held-out loss)", "dropout left on"),
}


class Mlp(nn.Module):
    """2-32-32-2 with ReLU (or none), optional dropout after each hidden layer, two logits."""

    def __init__(self, activation: bool = True, dropout: float = 0.0, width: int = WIDTH):
        super().__init__()
        act = nn.ReLU if activation else nn.Identity
        self.net = nn.Sequential(nn.Linear(2, width), act(), nn.Dropout(dropout),
                                 nn.Linear(width, width), act(), nn.Dropout(dropout), nn.Linear(width, 2))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.net(x)


def _rings(device: str) -> tuple[torch.Tensor, ...]:
    """Training and held-out rings (different data seeds), as tensors."""
    out = []
    for data_seed in (0, 1):
        X, y = data.make(RINGS["name"], RINGS["n"], RINGS["noise"], np.random.default_rng(data_seed))
        out += [torch.as_tensor(X, device=device), torch.as_tensor(y, device=device).long()]
    return tuple(out)


def train_one(seed: int, mistake: str, steps: int, lr: float, every: int, device: str) -> dict:
    """One training, correct (mistake "none", or "sgd"/"dropout" for the matching baselines) or
    with one mistake. The loss recorded is the true cross-entropy of the model's predictions."""
    X, y, Xh, yh = _rings(device)
    torch.manual_seed(seed)
    dropout = DROPOUT if mistake in ("eval", "dropout") else 0.0
    model = Mlp(activation=mistake != "linear", dropout=dropout).to(device)
    sgd = mistake in ("softmax_sgd", "sgd")
    opt = torch.optim.SGD(model.parameters(), lr=SGD_LR) if sgd else adam.Adam(model.parameters(), lr=lr, foreach=True)
    if mistake in ("raw", "standardised"):
        X = X * torch.tensor(RAW_SCALE, device=device) + torch.tensor(RAW_SHIFT, device=device)
    if mistake == "standardised":  # the fix: each feature to mean 0 and standard deviation 1
        X = (X - X.mean(0)) / X.std(0)
    with torch.no_grad():
        z1_init = float(model.net[0](X).abs().median())  # the first layer's pre-activations at the start
    loss_log, printed, held = [], [], []
    for step in range(steps):
        if mistake != "zero_grad":
            opt.zero_grad()
        logits = model(X)
        true_loss = F.cross_entropy(logits, y)  # what the model's predictions cost
        if mistake in ("softmax", "softmax_sgd"):
            loss = F.cross_entropy(torch.softmax(logits, 1), y)  # the mistake: CE applies log-softmax again
        else:
            loss = true_loss
        loss_log.append(float(true_loss.detach()))
        printed.append(float(loss.detach()))
        if dropout and step % every == 0:
            held.append(_held_out(model, Xh, yh))
        loss.backward()
        opt.step()
    model.eval()
    with torch.no_grad():
        acc = float((model(X).argmax(1) == y).float().mean())
        final = float(F.cross_entropy(model(X), y))
    out = {"loss": np.array(loss_log + [final]), "printed": np.array(printed), "accuracy": acc, "z1_init": z1_init}
    if dropout:
        held.append(_held_out(model, Xh, yh))
        out["held"] = np.array(held)  # (checks, 2): dropout on, off
        out.update(_flips(model, Xh, yh))
    return out


@torch.no_grad()
def _held_out(model: nn.Module, Xh: torch.Tensor, yh: torch.Tensor) -> tuple[float, float]:
    """Held-out loss with dropout left on (model.train()) and off (model.eval())."""
    model.train()
    on = float(F.cross_entropy(model(Xh), yh))
    model.eval()
    off = float(F.cross_entropy(model(Xh), yh))
    model.train()
    return on, off


@torch.no_grad()
def _flips(model: nn.Module, Xh: torch.Tensor, yh: torch.Tensor) -> dict:
    """Dropout left on at test time: accuracy, and the share of points whose class changes
    between two passes over the same input."""
    model.train()
    a, b = model(Xh).argmax(1), model(Xh).argmax(1)
    acc_on = float((a == yh).float().mean())
    model.eval()
    acc_off = float((model(Xh).argmax(1) == yh).float().mean())
    return {"flip": float((a != b).float().mean()), "acc_on": acc_on, "acc_off": acc_off}


def _paired(worse: np.ndarray, better: np.ndarray) -> dict:
    """How many seeds came out worse with the mistake, with a Wilson interval on that share."""
    k, n = int((worse > better).sum()), len(worse)
    lo, hi = measures.wilson(k, n)
    return {"worse": k, "worse_low": lo, "worse_high": hi}


def _mistake_metrics(key: str, runs: list[dict], base: list[dict], at: int) -> dict:
    """The numbers the page quotes for one mistake: final (or step ``at``) losses, accuracies."""
    if key == "eval":
        on = np.array([r["held"][-1][0] for r in runs])
        off = np.array([r["held"][-1][1] for r in runs])
        return {"loss_median": float(np.median(on)), "base_loss_median": float(np.median(off)), **_paired(on, off),
                "acc_on_median": float(np.median([r["acc_on"] for r in runs])),
                "acc_off_median": float(np.median([r["acc_off"] for r in runs])),
                "flip_median": float(np.median([r["flip"] for r in runs])),
                "flip_min": float(min(r["flip"] for r in runs))}
    idx = at if key == "softmax_sgd" else -1
    mis = np.array([r["loss"][idx] for r in runs])
    ok = np.array([r["loss"][idx] for r in base])
    acc = np.array([r["accuracy"] for r in runs])
    base_acc = np.array([r["accuracy"] for r in base])
    m = {"loss_median": float(np.median(mis)), "base_loss_median": float(np.median(ok)), **_paired(mis, ok),
         "acc_median": float(np.median(acc)), "acc_max": float(acc.max()), "acc_min": float(acc.min()),
         "at_chance": int((acc < CHANCE).sum()), "at_chance_rate": float((acc < CHANCE).mean()),
         "at_chance_low": measures.wilson(int((acc < CHANCE).sum()), len(acc))[0],
         "at_chance_high": measures.wilson(int((acc < CHANCE).sum()), len(acc))[1],
         "base_acc_min": float(base_acc.min()),
         "base_acc_median": float(np.median(base_acc))}
    if key == "raw":
        m["z1_init_median"] = float(np.median([r["z1_init"] for r in runs]))
        m["base_z1_init_median"] = float(np.median([r["z1_init"] for r in base]))
        m["z1_init_ratio"] = m["z1_init_median"] / m["base_z1_init_median"]
    if key.startswith("softmax"):
        m["printed_final_median"] = float(np.median([r["printed"][-1] for r in runs]))
        m["printed_min"] = float(min(r["printed"].min() for r in runs))
        m["loss_ratio"] = m["loss_median"] / m["base_loss_median"]
    return m


def _median_curve(runs: list[dict], field: str, col: int | None = None) -> np.ndarray:
    a = np.array([r[field] if col is None else r[field][:, col] for r in runs])
    return np.median(a, 0)


def _panel(key: str, runs: list[dict], base: list[dict], every: int) -> list[Line]:
    wrong = MISTAKES[key][2]
    if key == "eval":
        x = np.arange(len(runs[0]["held"])) * every
        return [Line("correct: model.eval()", x, _median_curve(runs, "held", 1), CLASS_COLORS[0]),
                Line(wrong, x, _median_curve(runs, "held", 0), CLASS_COLORS[1], dash=True)]
    x = np.arange(len(runs[0]["loss"]))
    return [Line("correct", x, _median_curve(base, "loss"), CLASS_COLORS[0]),
            Line(wrong, x, _median_curve(runs, "loss"), CLASS_COLORS[1], dash=True)]


@figure(seeds=16, steps=300, lr=0.01, every=10, at=100, quick=dict(seeds=2, steps=40, at=20))
def mlp_mistakes(ctx, seeds, steps, lr, every, at) -> Result:
    """Five common mistakes, each trained on the rings over seeds beside the correct version."""
    train = lambda mistake: [train_one(s, mistake, steps, lr, every, ctx.device) for s in range(seeds)]  # noqa: E731
    bases = {"none": train("none"), "sgd": train("sgd")}
    base_of = {"softmax_sgd": "sgd"}
    metrics: dict = {"n_seeds": seeds, "steps": steps, "lr": lr, "at": at, "chance": CHANCE,
                     "raw_scale": RAW_SCALE[0], "raw_shift": RAW_SHIFT[0],
                     "softmax_floor": math.log(1 + math.exp(-1)), "sgd_lr": SGD_LR, "dropout": DROPOUT,
                     "width": WIDTH, "n_points": RINGS["n"], "log2": math.log(2)}
    panels = []
    for key in MISTAKES:
        runs = train("eval") if key == "eval" else train(key)
        base = bases[base_of.get(key, "none")]
        metrics.update({f"{key}_{k}": v for k, v in _mistake_metrics(key, runs, base, at).items()})
        panels.append(_panel(key, runs, base, every))
    fixed = np.array([r["accuracy"] for r in train("standardised")])
    metrics["standardised_acc_min"] = float(fixed.min())
    X, y, _, _ = _rings("cpu")
    metrics["best_line_accuracy"] = measures.best_linear_accuracy(X.numpy(), y.numpy())
    metrics["coord_max"] = float(X.abs().max())
    curves = Curves(panels, [f"{MISTAKES[k][1]}: median of {seeds} seeds" for k in MISTAKES],
                    [MISTAKES[k][0] for k in MISTAKES], ("training step", "cross-entropy loss"), log_y=True)
    still = curves_still(curves, "mistake: ")  # the panel the scene opens on, as it draws it
    return Result(artifacts("mlp_mistakes", curves_slider(curves, "mistake: ", named=True), still), metrics)

