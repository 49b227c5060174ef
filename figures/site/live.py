"""``![ALT](live:KEY=VALUE&... "CAPTION")`` on its own line becomes a live figure: a network the
reader trains in the page (docs/javascripts/mlp-live), with the author's defaults and knobs.

Keys: data (a set the build exported: figures/articles/playground.py), net (layer sizes, 2-3-3-1),
act, opt (adam or gd), lr, steps, seed, seeds (how many a seed run trains), threshold (accuracy that
counts as solved), knobs (which of data,width,depth,act,opt,lr,steps,seed the reader may turn) and
compare=FIGURE[:KEY], a seed sweep of the build whose rate the widget shows beside the reader's;
its recipe (steps, lr, seeds, threshold) must be the widget's, or the build stops.
"""

from __future__ import annotations

import html
import json
import math
import re
from urllib.parse import parse_qsl

from figures.site.errors import SiteError
from figures.site.manifest import FIG_DIR, lookup, need
from figures.site.page import Page

LIVE_RE = re.compile(
    r'^(?P<indent>[ \t]*)!\[(?P<alt>[^\]\n]*)\]\(live:(?P<config>[\w.,:&=-]+)'
    r'(?:[ \t]+"(?P<caption>[^"\n]*)")?\)[ \t]*$',
    re.MULTILINE,
)
DATA_FIGURE = "live_data"
DEFAULTS = {"data": "rings-1000", "net": "2-3-3-1", "act": "relu", "opt": "adam", "lr": "0.05", "steps": "1000",
            "seed": "0", "seeds": "64", "threshold": "0.97", "knobs": ""}
KNOBS = {"data", "width", "depth", "act", "opt", "lr", "steps", "seed"}
ACTIVATIONS = {"relu", "leaky_relu", "tanh", "sigmoid", "identity"}
NOTE = ("This live figure trains the network in your browser and needs JavaScript; "
        "the figures and numbers around it are the build's own runs.")


def place(text: str, manifest: dict | None, page: Page, before: int = 0, stash=lambda raw: raw) -> str:
    """Expand the live-figure lines of ``text``, a piece of the page after ``before`` lines."""
    for m in re.finditer(r"^.*\]\(live:.*$", text, re.MULTILINE):
        if not LIVE_RE.fullmatch(m[0]):
            raise SiteError(f"{page.where(text, m.start(), before)}: a live figure stands alone on its line, as "
                            f'![ALT](live:data=rings-1000&net=2-3-3-1 "CAPTION"): {m[0].strip()!r}')

    def one(m: re.Match) -> str:
        where = page.where(text, m.start(), before)
        body = live_html(config(m["config"], manifest, where), m["alt"], m["caption"], manifest, page, where)
        return "\n".join(m["indent"] + line for line in ["", *stash(body).splitlines(), ""])

    return LIVE_RE.sub(one, text)


def config(text: str, manifest: dict | None, where: str) -> dict:
    """The widget's settings: the author's over the defaults, checked."""
    given = dict(parse_qsl(text, keep_blank_values=True, strict_parsing=True))
    unknown = set(given) - set(DEFAULTS) - {"compare"}
    if unknown:
        raise SiteError(f"{where}: unknown live-figure keys {sorted(unknown)}; known: {', '.join(DEFAULTS)}, compare")
    c = {**DEFAULTS, **given}
    sets = [*data_entry(manifest, where)["metrics"]["sets"], "corners"]
    if c["data"] not in sets:
        raise SiteError(f"{where}: live data '{c['data']}' is not exported by the build; known: {', '.join(sets)}")
    if c["act"] not in ACTIVATIONS or c["opt"] not in ("adam", "gd"):
        raise SiteError(f"{where}: act is one of {sorted(ACTIVATIONS)} and opt adam or gd")
    knobs = [k for k in c["knobs"].split(",") if k]
    if set(knobs) - KNOBS:
        raise SiteError(f"{where}: unknown knobs {sorted(set(knobs) - KNOBS)}; known: {sorted(KNOBS)}")
    out = {"data": c["data"], "net": [int(v) for v in c["net"].split("-")], "act": c["act"], "opt": c["opt"],
           "lr": float(c["lr"]), "steps": int(c["steps"]), "seed": int(c["seed"]), "seeds": int(c["seeds"]),
           "threshold": float(c["threshold"]), "knobs": knobs}
    if out["net"][0] != 2 or out["net"][-1] != 1:
        raise SiteError(f"{where}: a live net maps the plane to one logit: 2-...-1, not {c['net']}")
    if c.get("compare", "").endswith(":cells"):
        out["build"] = cells(c["compare"].removesuffix(":cells"), out, sets, manifest, where)
    elif c.get("compare"):
        out["build"] = measured(c["compare"], out, manifest, where)
    return out


def data_entry(manifest: dict | None, where: str) -> dict:
    """The manifest entry of the build's export for live figures."""
    figures = need(manifest, where)["figures"]
    if DATA_FIGURE not in figures:
        raise SiteError(f"{where}: the manifest has no '{DATA_FIGURE}': run `python build_figures.py {DATA_FIGURE}`")
    return figures[DATA_FIGURE]


def measured(ref: str, c: dict, manifest: dict | None, where: str) -> dict:
    """What the build measured for the same recipe: successes of n seeds and the Wilson bounds."""
    name, _, key = ref.partition(":")
    fig = lookup(manifest, name, where)
    m, params = fig.entry["metrics"], fig.entry["provenance"]["params"]
    suffix = f"_{key}" if key else ""
    threshold = m.get("threshold", params.get("threshold", 1.0))
    recipe = {"steps": params["steps"], "lr": params["lr"], "seeds": m["n_seeds"], "threshold": threshold}
    same_recipe(c, recipe, fig, f"{name} measured with", where)
    n = m["n_seeds"]
    k = m.get(f"successes{suffix}", round(m[f"rate{suffix}"] * n))
    low, high = m.get(f"rate{suffix}_low"), m.get(f"rate{suffix}_high")
    if low is None or high is None:
        low, high = wilson(k, n)
    return {"figure": name, "k": k, "n": n, "low": low, "high": high}


def same_recipe(c: dict, recipe: dict, fig, measured_by: str, where: str) -> None:
    """The live figure trains as the build measured (a --quick draft measured fewer steps and
    seeds on purpose)."""
    for k, v in recipe.items():
        if c[k] != v and not fig.entry.get("quick"):
            raise SiteError(f"{where}: the live figure's {k} is {c[k]} but {measured_by} {v}: "
                            "compare like with like")


# how-wide-how-deep's maps: the data set each map's button names (its DATASETS' page names; a test
# keeps the two equal) -> the set the build exports for live figures, and the activations' labels
MAP_SETS = {"rings": "circles", "XOR": "xor", "moons": "moons", "spirals": "spirals", "disk in a ring": "disk_in_ring"}
MAP_ACTS = {"ReLU": "relu", "tanh": "tanh"}


def cells(name: str, c: dict, sets: list[str], manifest: dict | None, where: str) -> dict:
    """A success-rate map's counts (figure ``name``'s ``solved_{data set}_{activation}``, depth x
    width, widths and depths from 1), for a widget that retrains any of its cells: the map counts
    seeds that fit every point (threshold 1), with the map's steps, lr and seeds."""
    fig = lookup(manifest, name, where)
    m, params = fig.entry["metrics"], fig.entry["provenance"]["params"]
    recipe = {"steps": params["steps"], "lr": params["lr"], "seeds": m["n_seeds"], "threshold": 1.0}
    same_recipe(c, recipe, fig, f"the cells of {name} measured", where)
    n = c["data"].rsplit("-", 1)[-1] if fig.entry.get("quick") else params["n"]  # a draft's maps: fewer points
    counts = {f"{ds}-{n}/{act}": m[f"solved_{ds}_{act}"]
              for ds in MAP_SETS.values() for act in MAP_ACTS.values()}
    missing = [k for k in counts if k.split("/")[0] not in sets]
    if missing:
        raise SiteError(f"{where}: the build exports no live data for {missing}")
    return {"figure": name, "cells": counts, "n": m["n_seeds"],
            "names": {label: f"{ds}-{n}" for label, ds in MAP_SETS.items()}, "acts": MAP_ACTS}


def wilson(k: int, n: int, z: float = 1.96) -> tuple[float, float]:
    """95% Wilson interval, as figures/measures.py computes it (the site does not import torch)."""
    p, d = k / n, 1 + z * z / n
    centre, half = (p + z * z / (2 * n)) / d, z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / d
    return max(0.0, centre - half), min(1.0, centre + half)


def snippet(c: dict) -> str:
    """The same configuration in Python, for the figure's code disclosure."""
    key = c["data"]
    if key == "corners":
        data = "X, y = pc.CORNERS, pc.truth_table(lambda P: P[:, 0] != P[:, 1])"
    else:
        data = f"X, y = data.make(*playground.SETS[{key!r}][:3], np.random.default_rng(playground.SETS[{key!r}][3]))"
    seeds = f"list(range({c['seeds']}))"
    return "\n".join([
        "import numpy as np, torch",
        "from figures import data",
        "from figures.models import nets, train, perceptron as pc",
        "from figures.articles import playground",
        data,
        f"model = nets.StackedMLP.init({tuple(c['net'])}, {c['act']!r}, {seeds})",
        "X, y = torch.as_tensor(X, dtype=torch.float32), torch.as_tensor(y)",
        f"train.train(model, X, y, steps={c['steps']}, lr={c['lr']})  # full-batch Adam",
        f"print((train.accuracy(model, X, y) >= {c['threshold']} - 1e-6).sum(), 'of', {c['seeds']}, 'solved')",
    ])


def live_html(c: dict, alt: str, caption: str | None, manifest: dict | None, page: Page, where: str) -> str:
    """<figure> holding the widget's root, its no-JS note, caption and the recipe in Python."""
    files = data_entry(manifest, where)["files"]
    c["sets"] = {k.removeprefix(f"{DATA_FIGURE}-").removesuffix(".json"): page.link(f"{FIG_DIR}/{f['path']}")
                 for k, f in files.items()}
    cfg = html.escape(json.dumps(c, separators=(",", ":")), quote=True)
    script = page.link("javascripts/mlp-live/widget.js")
    body = [
        '<figure class="mlp-figure" data-live="1">',
        f'<div class="mlp-live" data-state="idle" data-steps="0" role="group"'
        f' aria-label="{html.escape(alt, quote=True)}" data-config="{cfg}">',
        f'<p class="mlp-live-note">{NOTE}</p>',
        "</div>",
        f'<script type="module" src="{script}"></script>',
    ]
    if caption:
        body.append(f"<figcaption>{html.escape(caption, quote=False)}</figcaption>")
    cmd = f"python build_figures.py {c['build']['figure']}" if c.get("build") else None
    body += [
        '<details class="mlp-code"><summary>Code and provenance</summary>',
        "<p>The same networks in Python (the build's trainer, float32; the page trains in float64, "
        "from the same data and the same initial weights)"
        + (f", and the build's own run: <code>{cmd}</code>" if cmd else "") + ":</p>",
        f"<pre><code>{html.escape(snippet(c))}</code></pre>",
        "</details>",
        "</figure>",
    ]
    return "\n".join(body)
