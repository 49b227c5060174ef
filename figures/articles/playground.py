"""What the live figures (docs/javascripts/mlp-live) need from the build: the data sets that
articles train on, exported point for point, so a reader's run starts where the build's did.
Initial weights need no export: the browser draws torch's MT19937 stream itself (tested)."""

from __future__ import annotations

import json

import numpy as np

from figures import data
from figures.articles import how_wide_how_deep as hwhd
from figures.articles import why_more_layers as wml
from figures.models.perceptron import CORNERS, truth_table
from figures.registry import Artifact, Result, figure

# key -> (data set, n, noise, data seed): the recipes of the articles' seed sweeps
SETS = {
    "rings-1000": (wml.CIRCLES["dataset"], wml.CIRCLES["n"], wml.CIRCLES["noise"], wml.CIRCLES["data_seed"]),
    **{f"{name}-300": (name, 300, noise, hwhd.DATA_SEED) for name, (_, noise) in hwhd.DATASETS.items()},
}


def _points(X: np.ndarray, y: np.ndarray, recipe: dict) -> str:
    """The float32 points as their shortest decimal text (exact when read back as float32)."""
    xs = [float(np.format_float_positional(v, unique=True)) for v in X.astype(np.float32).ravel()]
    return json.dumps({"recipe": recipe, "X": xs, "y": [int(v) for v in y]}, separators=(",", ":"))


@figure(sets=tuple(SETS))
def live_data(ctx, sets) -> Result:
    """Each data set of ``sets`` as JSON (X row by row, labels), and the four XOR corners."""
    arts, sizes = [], {}
    for key in sets:
        name, n, noise, seed = SETS[key]
        X, y = data.make(name, n, noise, np.random.default_rng(seed))
        recipe = {"dataset": name, "n": n, "noise": noise, "data_seed": seed}
        arts.append(Artifact(f"live_data-{key}", "json", _points(X, y, recipe)))
        sizes[key] = n
    y = truth_table(lambda P: P[:, 0] != P[:, 1])
    arts.append(Artifact("live_data-corners", "json", _points(CORNERS, y, {"dataset": "xor corners", "n": 4})))
    return Result(arts, {"sets": sizes})
