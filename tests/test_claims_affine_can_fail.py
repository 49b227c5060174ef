"""Every claims test of 'A layer is an affine map and a squash' can fail: run on a copy of the full
build's metrics with its decisive metric set to the opposite outcome, it must raise
AssertionError (the mechanism of tests/test_claims_can_fail.py, kept in its own file so the
article's cases live beside its claims)."""

from __future__ import annotations

import test_claims_affine as aff
from test_claims_can_fail import can_fail

MUTATIONS = [
    ("1", aff.test_neuron_arithmetic_is_shown, {"affine_neuron": {"relu2": 0.4}}),
    ("1", aff.test_neuron_arithmetic_is_shown, {"affine_neuron": {"z1": 1.0}}),
    ("2", aff.test_layer_squeezes_into_the_square, {"affine_layer": {"max_abs_after_tanh": 1.2}}),
    ("3", aff.test_two_wide_stack_never_fits_the_spirals, {"affine_spirals": {"w2_successes": 1}}),
    ("3", aff.test_two_wide_stack_never_fits_the_spirals, {"affine_spirals": {"w2_best_accuracy": 1.0}}),
    ("3", aff.test_spiral_rate_rises_with_width, {"affine_spirals": {"w4_rate": 0.1}}),
    ("3", aff.test_narrowest_reliable_width, {"affine_spirals": {"w6_rate": 0.95}}),
    ("3", aff.test_narrowest_reliable_width, {"affine_spirals": {"w8_rate": 0.8}}),
    ("3", aff.test_other_article_agrees_on_width_two,
     {"width_depth": {"solved_spirals_tanh": lambda m: [[*r[:1], 1, *r[2:]] for r in
                                                          m["width_depth"]["solved_spirals_tanh"]]}}),
    ("5", aff.test_no_line_separates_disk_and_ring, {"affine_disk": {"line_accuracy": 0.97}}),
    ("5", aff.test_two_wide_stacks_never_fit_the_disk, {"affine_disk": {"successes_total": 2}}),
    ("5", aff.test_two_wide_stacks_never_fit_the_disk, {"affine_disk": {"d3_best_accuracy": 1.0}}),
    ("5", aff.test_best_disk_net_never_reaches_full_accuracy_in_training, {"affine_disk": {"training_best": 1.0}}),
    ("4", aff.test_polar_map_separates_with_a_line, {"affine_polar": {"line_accuracy_after": 0.98}}),
    ("4", aff.test_polar_map_tears_and_the_net_does_not, {"affine_polar": {"polar_jump_641": 0.01}}),
    ("4", aff.test_polar_map_tears_and_the_net_does_not, {"affine_polar": {"net_jump_641": 1.5}}),
    ("6", aff.test_three_units_succeed_in_almost_every_seed, {"affine_disk3": {"rate_low": 0.6}}),
    ("6", aff.test_first_separating_plane, {"affine_disk3": {"first_plane_l3": 1000}}),
    ("6", aff.test_first_separating_plane, {"affine_disk3": {"separable_l1_success": 0}}),
    ("7", aff.test_digits_accuracy, {"affine_digits": {"test_accuracy": 0.6}}),
    ("7", aff.test_digits_nearest_neighbours_do_not_improve_with_depth, {"affine_digits": {"knn_l2": 0.99}}),
    ("i21.4", aff.test_digits_logistic_probe_is_flat_across_layers, {"affine_digits": {"probe_l0": 0.94}}),
    ("i21.4", aff.test_digits_least_squares_probe_gain_is_its_own_weakness, {"affine_digits": {"probe_l0": 0.94}}),
    ("i21.4", aff.test_digits_least_squares_probe_gain_is_its_own_weakness,
     {"affine_digits": {"lsq_probe_l1": 0.94}}),
    ("i21.5", aff.test_digits_concentrate_through_the_affine_maps, {"affine_digits": {"dim_l2": 12.0}}),
    ("i21.5", aff.test_digits_concentrate_through_the_affine_maps, {"affine_digits": {"dim_init_l1": 5.0}}),
    ("i21.5", aff.test_digits_concentrate_through_the_affine_maps, {"affine_digits": {"dim_pre_l2": 8.0}}),
    ("7", aff.test_closest_digits_are_the_most_confused, {"affine_digits": {"confused_pair": "4 and 9"}}),
    ("7", aff.test_closest_digits_are_the_most_confused, {"affine_digits": {"confused_tied": 2}}),
]


test_claim_fails_on_the_opposite_outcome = can_fail(MUTATIONS)
