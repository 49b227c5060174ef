"""Every claims test of the perceptron and XOR pages can fail: each runs on a copy of the full
build's metrics with its decisive metric set to the opposite outcome, and must then raise
AssertionError (the mechanism of test_claims_can_fail.py, in a file of its own)."""

from __future__ import annotations

import test_claims_perceptron as pt
from test_claims_can_fail import can_fail

MUTATIONS = [
    ("2", pt.test_threshold_units_compute_and_and_or, {"mp_units": {"and_11": 0}}),
    ("2", pt.test_threshold_units_compute_and_and_or, {"mp_units": {"or_01": 0, "or_correct": 3}}),
    ("2", pt.test_strict_comparison_never_fires_and_misses_one_row, {"mp_units": {"gt_11": 1, "gt_correct": 4}}),
    ("3", pt.test_perceptron_converges_on_the_shown_data, {"perceptron_steps": {"converged": False}}),
    ("3", pt.test_perceptron_converges_on_the_shown_data, {"perceptron_steps": {"accuracy": 0.95}}),
    ("4", pt.test_every_data_set_is_under_the_bound,
     {"perceptron_bound": {"under": lambda m: m["perceptron_bound"]["sets"] - 1}}),
    ("4", pt.test_every_data_set_is_under_the_bound, {"perceptron_bound": {"max_ratio": 1.2}}),
    ("4", pt.test_the_bound_is_loose, {"perceptron_bound": {"max_ratio": 0.9}}),
    ("4", pt.test_the_bound_is_loose, {"perceptron_bound": {"median_ratio": 0.6}}),
    ("4", pt.test_the_bound_tracks_difficulty, {"perceptron_bound": {"corr_log": 0.1}}),
    ("5", pt.test_rule_never_stops_on_xor_and_cycles, {"perceptron_xor": {"mistake_free": 1}}),
    ("5", pt.test_rule_never_stops_on_xor_and_cycles, {"perceptron_xor": {"epochs_run": 12}}),
    ("5", pt.test_shuffled_rule_stays_in_a_small_set, {"perceptron_xor": {"shuffled_mistake_free": 1}}),
    ("5", pt.test_shuffled_rule_stays_in_a_small_set, {"perceptron_xor": {"shuffled_distinct_weights": 2000}}),
    ("5", pt.test_shuffled_rule_stays_in_a_small_set, {"perceptron_xor": {"shuffled_max_abs_weight": 40}}),
    ("xor 1", pt.test_xor_truth_table, {"xor_table": {"y_11": 1}}),
    ("xor 2", pt.test_no_line_gets_all_four_and_the_best_gets_three,
     {"xor_lines": {"best": 4, "lines_all_four": 12}}),
    ("xor 2", pt.test_no_line_gets_all_four_and_the_best_gets_three, {"xor_lines": {"best": 2, "lines_three": 0}}),
    ("xor 2", pt.test_no_line_gets_all_four_and_the_best_gets_three, {"xor_lines": {"separable_lp": True}}),
    ("xor 2", pt.test_the_line_grid_is_fine_enough, {"xor_lines": {"and_best": 3}}),
    ("xor 2", pt.test_most_directions_reach_three_axes_two, {"xor_lines": {"angles_best_three": 10, "two_count": 26}}),
    ("xor 2", pt.test_most_directions_reach_three_axes_two, {"xor_lines": {"two_degrees": "0, 45, 90"}}),
    ("xor 3", pt.test_hand_made_network_computes_xor, {"xor_hidden": {"out_11": 1, "correct": 3}}),
    ("xor 3", pt.test_hidden_layer_makes_xor_separable, {"xor_hidden": {"features_separable": False}}),
    ("xor 3", pt.test_hidden_layer_makes_xor_separable, {"xor_hidden": {"inputs_separable": True}}),
    ("xor 4", pt.test_learned_rate_over_many_seeds, {"xor_learned": {"n_seeds": 32, "failures": 32 - 132}}),
    ("xor 4", pt.test_learned_rate_over_many_seeds, {"xor_learned": {"three_of_four": 0}}),
    ("xor 4", pt.test_roughly_half_the_seeds_fail, {"xor_learned": {"rate": 0.9}}),
    ("xor 4", pt.test_shown_seeds_succeed_and_fail_as_captioned, {"xor_learned": {"shown_accuracy": 0.75}}),
    ("xor 4", pt.test_shown_seeds_succeed_and_fail_as_captioned, {"xor_learned": {"failed_accuracy": 1.0,
                                                                                  "failed_right": 4}}),
    ("xor 4", pt.test_every_failed_seed_merges_two_classes, {"xor_learned": {"failed_merged": 100}}),
    ("xor 4", pt.test_every_failed_seed_merges_two_classes, {"xor_learned": {"success_merged": 3}}),
    ("xor 4", pt.test_wider_hidden_layers_succeed_more_often, {"xor_learned": {"rate_w3_low": 0.5}}),
    ("xor 4", pt.test_wider_hidden_layers_succeed_more_often, {"xor_learned": {"rate_w8_low": 0.95}}),
    ("xor 4", pt.test_wider_hidden_layers_succeed_more_often, {"xor_learned": {"successes_w8": 250}}),
]



test_perceptron_claim_fails_on_the_opposite_outcome = can_fail(MUTATIONS)
