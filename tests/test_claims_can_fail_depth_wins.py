"""Every claims test of 'Where depth wins' can fail: run on a copy of the full build's metrics with
its decisive metric set to the opposite outcome, it must raise AssertionError (the mechanism of
tests/test_claims_can_fail.py, with this article's list beside it)."""

from __future__ import annotations

import test_claims_depth_wins as dw
from test_claims_can_fail import can_fail, claims_without_a_case

MUTATIONS = [
    ("i21.2", dw.test_intro_says_where_depth_helped_and_where_not, {"width_depth": {"rate_spirals_tanh_w4_d2": 0.0}}),
    ("i21.2", dw.test_intro_says_where_depth_helped_and_where_not, {"width_depth": {"rate_spirals_tanh_w8_d1": 0.25}}),
    ("i21.2", dw.test_intro_says_where_depth_helped_and_where_not, {"width_depth": {"matched_units_deeper_better": 0}}),
    ("i21.2", dw.test_intro_says_where_depth_helped_and_where_not,
     {"width_depth": {"matched_weights_deeper_better": 2}}),
    ("i21.2", dw.test_intro_says_where_depth_helped_and_where_not, {"relu_seeds": {"rate_deep_low": 0.9}}),
    ("1", dw.test_sawtooth_has_exactly_2_to_the_L_pieces,
     {"dw_sawtooth": {"all_exact": False, "pieces": [2, 4, 8, 16, 32, 64, 127, 256]}}),
    ("2", dw.test_one_layer_needs_far_more_parameters, {"dw_sawtooth": {"shallow_params_L8": 100}}),
    ("2", dw.test_training_finds_no_good_fit, {"dw_matched": {"deep_0_good": 3, "trained_best": 1e-4}}),
    ("2", dw.test_most_narrow_deep_seeds_end_flat, {"dw_matched": {"deep_1_flat": 5}}),
    ("truth", dw.test_most_narrow_deep_seeds_end_flat, {"dw_matched": {"deep_0_err_median": 0.07}}),
    ("2", dw.test_one_layer_does_a_little_better,
     {"dw_matched": {"shallow_lower_0": False, "shallow_0_err_median": 0.0834}}),
    ("truth", dw.test_one_layer_does_a_little_better, {"dw_matched": {"shallow_0_flat": 9}}),
    ("2", dw.test_trained_one_layer_nets_respect_the_n_plus_1_bound,
     {"dw_matched": {"shallow_1_within_bound": False, "shallow_1_pieces": [13] * 16, "shallow_1_pieces_max": 13}}),
    ("2", dw.test_near_the_hand_set_solution_training_gets_back, {"dw_matched": {"near_good": 0}}),
    ("2", dw.test_near_the_hand_set_solution_training_gets_back, {"dw_matched": {"near_good": 16}}),
    ("i21.low", dw.test_only_the_wider_one_layer_net_can_represent_the_target, {"dw_matched": {"shallow_1_width": 6}}),
    ("i21.10", dw.test_region_counts_are_exact_and_a_grid_would_fall_short, {"dw_regions": {"formula_agrees": False}}),
    ("i21.10", dw.test_region_counts_are_exact_and_a_grid_would_fall_short, {"dw_regions": {"min_grid_share": 0.99}}),
    ("3", dw.test_at_init_one_layer_has_most_regions_and_the_deepest_fewest,
     {"dw_regions": {"units_init_medians": [500, 600, 300, 200, 70], "units_init_shallow_most": False}}),
    ("3", dw.test_after_training_four_layers_highest_median_six_fewest,
     {"dw_regions": {"units_trained_medians": [418, 700, 503, 613, 188]}}),
    ("3", dw.test_at_equal_parameters_one_layer_has_more_regions,
     {"dw_regions": {"params_init_min_ratio": 0.9, "params_init_shallow_more": False}}),
    ("3", dw.test_at_equal_parameters_one_layer_has_more_regions, {"dw_regions": {"params_trained_min_ratio": 0.8}}),
    ("4", dw.test_error_falls_more_than_tenfold_but_not_at_every_step, {"dw_universal": {"tanh_ratio": 3.0}}),
    ("4", dw.test_error_falls_more_than_tenfold_but_not_at_every_step, {"dw_universal": {"relu_falls": 7}}),
    ("4", dw.test_small_relu_layers_stay_near_the_constant,
     {"dw_universal": {"relu_best_errors": lambda m: [0.55, 0.3, 0.1] + m["dw_universal"]["relu_best_errors"][3:]}}),
    ("4", dw.test_widest_tanh_layers_do_worse_than_a_narrower_one,
     {"dw_universal": {"tanh_best_width": 128, "tanh_rises_after_best": False}}),
    ("5", dw.test_default_init_starts_with_more_dead_units, {"dw_init": {"default_dead_init": 0.05}}),
    ("5", dw.test_default_init_starts_with_more_dead_units, {"dw_init": {"tiny_dead_init": 0.3}}),
    ("5", dw.test_training_kills_more_units, {"dw_init": {"xavier_dead": 0.05}}),
    ("5", dw.test_success_rates_overlap,
     {"dw_init": {"best_clearly_above_worst": True, "tiny_high": 0.5, "tiny_rate": 0.3}}),
    ("5", dw.test_nearly_every_successful_seed_has_dead_units, {"dw_init": {"kaiming_success_with_dead": 25}}),
    ("6", dw.test_large_net_fits_every_training_point_and_does_worse_on_fresh_ones,
     {"dw_heldout": {"large_train_min": 0.97}}),
    ("6", dw.test_large_net_overfits_more_yet_is_more_accurate,
     {"dw_heldout": {"large_test_mean": 0.85, "large_test_below_small": True}}),
    ("6", dw.test_large_net_overfits_more_yet_is_more_accurate, {"dw_heldout": {"large_gap_mean": 0.01}}),
    ("6", dw.test_held_out_accuracy_peaked_early, {"dw_heldout": {"large_best_test_step": 2900}}),
]


test_claim_fails_on_the_opposite_outcome = can_fail(MUTATIONS)


def test_every_claims_test_has_a_mutation():
    assert claims_without_a_case(dw, MUTATIONS) == []
