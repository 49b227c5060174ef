"""The claims of 'How wide, how deep?' (docs/how-wide-how-deep.md), checked on the full build's metrics."""

from __future__ import annotations

import pytest

from figures.articles.how_wide_how_deep import ACTIVATIONS, DATASETS, DEPTHS, WIDE, WIDTHS
from figures.measures import wilson


@pytest.fixture(scope="module")
def m(metrics) -> dict:
    return metrics["width_depth"]


def _interval(m: dict, rate: float) -> tuple[float, float]:
    return wilson(round(rate * m["n_seeds"]), m["n_seeds"])


def test_page_states_seeds_and_device(m, manifest):
    assert m["device"] == manifest["figures"]["width_depth"]["device"]
    # "the same on any device": the seed count does not depend on where the build ran
    assert m["n_seeds"] == manifest["figures"]["width_depth"]["provenance"]["params"]["seeds"] >= 16
    assert m["device_name"] == ("GPU" if m["device"] == "cuda" else "CPU")
    assert m["trainings"] == m["n_seeds"] * len(DATASETS) * len(ACTIVATIONS) * (len(WIDTHS) * len(DEPTHS) + len(WIDE))


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


def test_no_data_set_is_linearly_separable(metrics):
    # "because": a width-1 net draws one line, and "none of the five data sets can be split by a line"
    d = metrics["wd_datasets"]
    assert d["linearly_separable_count"] == 0 and d["linearly_separable"] == []
    assert d["best_line_max"] < 1


def test_a_band_would_split_xor(metrics):
    # "A band ... would do for XOR"
    assert metrics["wd_datasets"]["xor_band_accuracy"] >= 0.99


def test_width_two_never_solves_the_disk_in_a_ring(m):
    assert m["disk_tanh_w2_best"] == 0  # tanh, every depth
    assert m["disk_relu_w2_best"] == 0  # "the same for ReLU"


def test_width_three_tanh_solves_the_disk_in_a_ring(m):
    assert m["disk_tanh_w3_worst_rate"] >= 0.5  # at every depth, in most seeds
    assert m["disk_tanh_w3_best_rate"] >= m["disk_tanh_w3_worst_rate"]


def test_two_units_are_enough_for_xor(m):
    assert m["smallest_width_xor_tanh"] == 2


def test_width_two_tanh_never_solves_the_rings(m):
    # the 2-2-2-1 control quoted by 'Training as a continuous deformation': "no width-2 tanh network
    # of any depth there solved the rings in a single seed"
    assert m["circles_tanh_w2_best"] == 0 and m["rate_circles_tanh_w2_d2"] == 0


def test_spirals_need_more_than_rings(m):
    assert m["smallest_circles_tanh"] > 0 and m["smallest_spirals_tanh"] > m["smallest_circles_tanh"]
    assert m["smallest_circles_relu"] > 0
    assert m["smallest_spirals_relu"] == 0  # "no cell of the grid reaches half"
    assert m["best_rate_spirals_relu"] < 0.5


def test_depth_helps_at_a_fixed_narrow_width(m):
    # "At a fixed narrow width, depth helps": two layers of 4 clearly beat one layer of 4
    assert _interval(m, m["rate_spirals_tanh_w4_d1"])[1] < _interval(m, m["rate_spirals_tanh_w4_d2"])[0]


def test_one_layer_of_8_beats_two_of_4_on_spirals(m):
    # "a second layer is not the cheapest way": the same 8 units in one layer, fewer weights, clearly better
    assert m["weights_w8_d1"] < m["weights_w4_d2"]
    assert _interval(m, m["rate_spirals_tanh_w8_d1"])[0] > _interval(m, m["rate_spirals_tanh_w4_d2"])[1]


def test_one_wider_layer_is_never_clearly_beaten_at_equal_weights(m):
    # "At an equal number of weights, one wider layer is never clearly beaten ... and often beats it"
    assert m["matched_weights_comparisons"] >= 300
    assert m["matched_weights_deeper_better"] == 0
    assert m["matched_weights_one_better"] >= 0.2 * m["matched_weights_comparisons"]
    # "the deeper network is ahead in only ..." (point estimates): few
    assert m["matched_weights_deeper_higher"] <= 0.05 * m["matched_weights_comparisons"]


def test_at_equal_units_depth_wins_only_relu_spirals(m):
    # "almost the same story ... The exceptions are all ReLU networks on the spirals"
    assert m["matched_units_one_better"] >= 10 * max(1, m["matched_units_deeper_better"])
    assert len(m["matched_units_deeper_wins"]) == m["matched_units_deeper_better"]
    assert all(w.startswith("ReLU on the spirals") for w in m["matched_units_deeper_wins"])
    # "a single ReLU layer solves no seed until it has ... units": more than any deeper winner has
    assert m["spirals_relu_first_wide"] > max(WIDTHS)


def test_deeper_narrow_relu_is_worse_on_some_data_sets_only(m):
    # "train less reliably than one on some data sets but not on others"; "On the rings ... only"
    assert 1 <= m["relu_w3_deeper_worse_count"] < len(DATASETS)
    assert "rings" in m["relu_w3_deeper_worse"]
    assert m["rate_circles_relu_w3_d1"] > m["rate_circles_relu_w3_d5"]


def test_tanh_beats_relu_with_this_recipe(m):
    assert m["cells_tanh_better"] >= 0.25 * m["cells_per_activation"]
    assert m["cells_tanh_better"] > 4 * m["cells_relu_better"]
    # the example quoted for "tanh wins clearly": disjoint intervals
    assert _interval(m, m["rate_circles_tanh_w3_d1"])[0] > _interval(m, m["rate_circles_relu_w3_d1"])[1]


def test_near_misses_are_rare(m):
    assert m["max_gap_99"] <= 0.2
    assert m["near_miss_share"] < 0.1
