"""The claims of 'Where depth wins' (docs/where-depth-wins.md), checked on the full build's metrics.

Each test names the sentence it guards; tests/test_claims_can_fail_depth_wins.py shows that
each fails when its metric says the opposite."""

from __future__ import annotations

import pytest

from figures.articles.where_depth_wins import DEEP_WIDTHS, INITS, PAIRS
from figures.measures import wilson


@pytest.fixture(scope="module")
def saw(metrics) -> dict:
    return metrics["dw_sawtooth"]


# --- what the other pages found -------------------------------------------------------------------


def _rate_interval(w: dict, rate: float) -> tuple[float, float]:
    return wilson(round(rate * w["n_seeds"]), w["n_seeds"])


def test_intro_says_where_depth_helped_and_where_not(metrics):
    w = metrics["width_depth"]
    # "at a fixed narrow width a second layer helps ... (the two 95% intervals do not overlap)"
    assert _rate_interval(w, w["rate_spirals_tanh_w4_d1"])[1] < _rate_interval(w, w["rate_spirals_tanh_w4_d2"])[0]
    # "though one layer of 8, with fewer weights, does better still"
    assert w["weights_w8_d1"] < w["weights_w4_d2"]
    assert w["rate_spirals_tanh_w8_d1"] > w["rate_spirals_tanh_w4_d2"]
    # "Some help, in two narrow places": at equal units the deeper net is clearly ahead somewhere,
    # but far less often than the single layer
    assert 1 <= w["matched_units_deeper_better"] < w["matched_units_one_better"]
    # "and none at an equal number of weights"
    assert w["matched_weights_deeper_better"] == 0
    # "In Why more layers? a second hidden layer made no clear difference on the circles"
    r = metrics["relu_seeds"]
    assert r["rate_deep_low"] <= r["rate_shallow_high"] and r["rate_shallow_low"] <= r["rate_deep_high"]


# --- the sawtooth -------------------------------------------------------------------------------


def test_sawtooth_has_exactly_2_to_the_L_pieces(metrics):
    # "For every depth from 1 to 8 the count is exactly 2^L"
    s = metrics["dw_sawtooth"]
    assert s["all_exact"] and s["pieces"] == [2 ** L for L in s["depths"]]
    assert s["depths"] == list(range(1, s["max_depth"] + 1))


def test_one_layer_needs_far_more_parameters(metrics):
    # "... units and parameters, against ... for the deep network"
    s = metrics["dw_sawtooth"]
    L = s["max_depth"]
    assert s[f"shallow_units_L{L}"] == 2 ** L - 1
    assert s[f"shallow_params_L{L}"] > 10 * s[f"params_L{L}"]


# --- matched budgets ----------------------------------------------------------------------------


def test_training_finds_no_good_fit(metrics):
    # "None of the seeds of any of the four networks gets the error below ..." (and the hand-set one is exact)
    m = metrics["dw_matched"]
    assert all(m[f"{kind}_{k}_good"] == 0 for kind in ("deep", "shallow") for k in range(len(PAIRS)))
    assert m["trained_best"] >= m["good"]
    assert m["handset_error"] < 1e-12
    assert m["trained_best"] < m["constant_error"]


def test_most_narrow_deep_seeds_end_flat(metrics):
    # "ends as a straight line in X of 16 seeds ..., its error that of the best constant"
    m = metrics["dw_matched"]
    for k in range(len(PAIRS)):
        assert m[f"deep_{k}_flat"] > m["n_seeds"] / 2
        assert abs(m[f"deep_{k}_err_median"] - m["constant_error"]) < 1e-3 * m["constant_error"]


def test_one_layer_does_a_little_better(metrics):
    # "The one-layer networks do a little better: they end flat in only 4 and 2 of 16 seeds (each
    # interval below the deep networks'), with median errors ..."
    m = metrics["dw_matched"]
    for k in range(len(PAIRS)):
        for j in range(len(PAIRS)):
            assert wilson(m[f"shallow_{k}_flat"], m["n_seeds"])[1] < wilson(m[f"deep_{j}_flat"], m["n_seeds"])[0]
        assert m[f"shallow_lower_{k}"] and m[f"shallow_{k}_err_median"] < m[f"deep_{k}_err_median"]
        assert m[f"shallow_{k}_err_median"] > 0.5 * m["constant_error"]  # "a little"


def test_trained_one_layer_nets_respect_the_n_plus_1_bound(metrics):
    # "every trained one-layer network has at most n + 1 pieces, as it must"
    m = metrics["dw_matched"]
    for k in range(len(PAIRS)):
        n = m[f"shallow_{k}_width"]
        assert m[f"shallow_{k}_within_bound"] and max(m[f"shallow_{k}_pieces"]) <= n + 1
        assert m[f"shallow_{k}_pieces_max"] == max(m[f"shallow_{k}_pieces"])


def test_near_the_hand_set_solution_training_gets_back(metrics):
    # "the same training brings the deep network back below ... in X of 16 seeds"; "does not reliably reach it"
    m = metrics["dw_matched"]
    assert 1 <= m["near_good"] < m["n_seeds"]
    assert m["near_err_median"] < m["deep_0_err_median"] and m["near_err_median"] < m["near_start_median"]


# --- linear regions -----------------------------------------------------------------------------


def test_only_the_wider_one_layer_net_can_represent_the_target(metrics):
    # "the 1-6-1 network cannot represent the 8-piece target exactly; the 1-11-1 can (one unit per
    # kink and one for the slope at the left end)": n + 1 < pieces <= n for the two widths
    m = metrics["dw_matched"]
    assert m["shallow_0_width"] + 1 < m["target_pieces"] <= m["shallow_1_width"]


def test_region_counts_are_exact_and_a_grid_would_fall_short(metrics):
    # "the build checks the two agree"; "this one sees as few as 70% of the regions of some network
    # (61% at half the resolution), so counts read off a grid would have been well short"
    r = metrics["dw_regions"]
    assert r["formula_agrees"]
    assert r["min_coarse_share"] <= r["min_grid_share"] < 0.85


def test_at_init_one_layer_has_most_regions_and_the_deepest_fewest(metrics):
    r = metrics["dw_regions"]
    med = r["units_init_medians"]
    assert med[0] == max(med) and med[-1] == min(med)
    assert r["units_init_shallow_most"] and r["units_init_deepest_fewest"]


def test_after_training_four_layers_highest_median_six_fewest(metrics):
    # "four layers of 12 have the highest median ... the seeds spread widely ... six layers of 8 the fewest"
    r = metrics["dw_regions"]
    med = dict(zip(DEEP_WIDTHS, r["units_trained_medians"]))
    assert max(med, key=med.get) == 4 and min(med, key=med.get) == 6
    assert r["units_d4_trained_max"] > 3 * r["units_d4_trained_min"]  # "spread widely"


def test_at_equal_parameters_one_layer_has_more_regions(metrics):
    # "at least X times as many regions at initialisation ... at every depth"; "after training the margin narrows"
    r = metrics["dw_regions"]
    assert r["params_init_shallow_more"] and r["params_init_min_ratio"] > 2
    assert 1 < r["params_trained_min_ratio"] < r["params_init_min_ratio"]


# --- universal approximation --------------------------------------------------------------------


def test_error_falls_more_than_tenfold_but_not_at_every_step(metrics):
    u = metrics["dw_universal"]
    for act in ("relu", "tanh"):
        assert u[f"{act}_ratio"] > 10
        assert u[f"{act}_falls"] < u["steps_between"]


def test_small_relu_layers_stay_near_the_constant(metrics):
    # "ReLU layers of 1 to 4 units all stay near ..., not far below the target's variance"
    u = metrics["dw_universal"]
    first = u["relu_best_errors"][:3]
    assert max(first) < 1.02 * min(first) and min(first) > 0.8 * u["target_var"]


def test_widest_tanh_layers_do_worse_than_a_narrower_one(metrics):
    u = metrics["dw_universal"]
    assert u["tanh_best_width"] < max(u["widths"]) and u["tanh_rises_after_best"]
    assert u["tanh_last"] > u["tanh_min"]


# --- dead units and init ------------------------------------------------------------------------


def test_default_init_starts_with_more_dead_units(metrics):
    # "PyTorch's default leaves X dead, the other three Y"; the caption "Zero biases start with fewer dead units"
    d = metrics["dw_init"]
    # (that the three zero-bias inits share their dead units is algebra: tests/test_sanity_depth_wins.py)
    assert all(d["default_dead_init"] > d[f"{k}_dead_init"] for k in INITS if k != "default")


def test_training_kills_more_units(metrics):
    d = metrics["dw_init"]
    assert all(d[f"{k}_dead"] > d[f"{k}_dead_init"] for k in INITS)


def test_success_rates_overlap(metrics):
    # "the best and the worst have overlapping 95% intervals, so 32 seeds cannot rank them"
    d = metrics["dw_init"]
    assert not d["best_clearly_above_worst"]
    best = max(INITS, key=lambda k: d[f"{k}_rate"])
    worst = min(INITS, key=lambda k: d[f"{k}_rate"])
    assert d[f"{best}_low"] <= d[f"{worst}_high"]
    assert d["n_seeds"] >= 32


def test_nearly_every_successful_seed_has_dead_units(metrics):
    # "nearly every seed that succeeds has at least one"
    d = metrics["dw_init"]
    assert all(d[f"{k}_success_with_dead"] >= 0.9 * d[f"{k}_success"] for k in INITS)


# --- held-out -----------------------------------------------------------------------------------


def test_large_net_fits_every_training_point_and_does_worse_on_fresh_ones(metrics):
    h = metrics["dw_heldout"]
    assert h["large_train_min"] == 1.0
    assert h["large_test_mean"] < h["large_train_mean"]


def test_large_net_overfits_more_yet_is_more_accurate(metrics):
    h = metrics["dw_heldout"]
    assert h["large_gap_mean"] > h["small_gap_mean"]
    assert h["large_test_mean"] > h["small_test_mean"] and not h["large_test_below_small"]
    assert h["large_better_seeds"] > h["n_seeds"] / 2


def test_held_out_accuracy_peaked_early(metrics):
    # "peaked early, at X after Y steps, and slipped a little"
    h = metrics["dw_heldout"]
    assert h["large_best_test_step"] < h["steps"] / 10
    assert 0 < h["large_best_test_mean"] - h["large_test_mean"] < 0.02
