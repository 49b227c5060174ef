"""The claims of 'How wide, how deep?' (docs/how-wide-how-deep.md), checked on the full build's metrics."""

from __future__ import annotations

import pytest

from figures.articles.how_wide_how_deep import ACTIVATIONS, DATASETS, DEPTHS, WIDTHS
from figures.measures import wilson


@pytest.fixture(scope="module")
def m(metrics) -> dict:
    return metrics["width_depth"]


def _interval(m: dict, rate: float) -> tuple[float, float]:
    return wilson(round(rate * m["n_seeds"]), m["n_seeds"])


def test_page_states_seeds_and_device(m, manifest):
    assert m["device"] == manifest["figures"]["width_depth"]["device"]
    assert m["n_seeds"] >= (200 if m["device"] == "cuda" else 16)
    assert m["device_name"] == ("GPU" if m["device"] == "cuda" else "CPU")
    assert m["trainings"] == m["n_seeds"] * len(DATASETS) * len(ACTIVATIONS) * len(WIDTHS) * len(DEPTHS)


def test_every_cell_is_measured(m):
    for ds in DATASETS:
        for act in ACTIVATIONS:
            for key in (f"solved_{ds}_{act}", f"solved99_{ds}_{act}"):
                grid = m[key]
                assert len(grid) == len(DEPTHS) and all(len(row) == len(WIDTHS) for row in grid)
                assert all(0 <= k <= m["n_seeds"] for row in grid for k in row)


def test_interactive_map_is_small(manifest):
    files = manifest["figures"]["width_depth"]["files"]
    assert files["width_depth.html"]["bytes"] <= 100_000
    assert "width_depth.svg" in files  # the static fallback


def test_width_one_never_solves_anything(m):
    assert m["width1_best"] == 0


def test_width_two_never_solves_the_disk_in_a_ring(m):
    assert m["disk_tanh_w2_best"] == 0  # tanh, every depth
    assert m["disk_relu_w2_best"] == 0  # "the same for ReLU"


def test_width_three_tanh_solves_the_disk_in_a_ring(m):
    assert m["disk_tanh_w3_worst_rate"] >= 0.5  # at every depth, in most seeds
    assert m["disk_tanh_w3_best_rate"] >= m["disk_tanh_w3_worst_rate"]


def test_two_units_are_enough_for_xor(m):
    assert m["smallest_width_xor_tanh"] == 2


def test_spirals_need_more_than_rings(m):
    assert m["smallest_circles_tanh"] > 0 and m["smallest_spirals_tanh"] > m["smallest_circles_tanh"]
    assert m["smallest_circles_relu"] > 0
    assert m["smallest_spirals_relu"] == 0  # "no cell of the grid reaches half"
    assert m["best_rate_spirals_relu"] < 0.5


def test_depth_stands_in_for_width_on_spirals(m):
    one, two, wide = (m[f"rate_spirals_tanh_w{w}_d{d}"] for w, d in ((4, 1), (4, 2), (8, 1)))
    assert _interval(m, one)[1] < _interval(m, two)[0]  # two layers of 4 beat one layer of 4 ...
    assert wide > two  # ... and one layer needs 8 units to do better


def test_deeper_narrow_relu_trains_less_reliably(m):
    assert m["rate_circles_relu_w3_d1"] > m["rate_circles_relu_w3_d5"]


def test_tanh_beats_relu_with_this_recipe(m):
    assert m["cells_tanh_better"] >= 0.25 * m["cells_per_activation"]
    assert m["cells_tanh_better"] > 4 * m["cells_relu_better"]
    assert m["rate_circles_tanh_w3_d1"] > m["rate_circles_relu_w3_d1"]


def test_near_misses_are_rare(m):
    assert m["max_gap_99"] <= 0.2
    assert m["near_miss_share"] < 0.1
