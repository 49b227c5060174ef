"""Every claims test can fail: each one is run on a copy of the full build's metrics with its
decisive metric set to the opposite outcome, and must then raise AssertionError.

MUTATIONS lists (issue item, claims test, {figure: {metric: altered value}}); a value may be a
function of the real metrics. A test with a ``name`` parameter gets the first altered figure."""

from __future__ import annotations

import copy
import inspect

import pytest
import test_claims as wml
import test_claims_deformation as dfm
import test_claims_neurons as nr
import test_claims_width_depth as wd

MUTATIONS = [
    ("1", wd.test_depth_helps_at_a_fixed_narrow_width, {"width_depth": {"rate_spirals_tanh_w4_d2": 0.0}}),
    ("1", wd.test_one_layer_of_8_beats_two_of_4_on_spirals, {"width_depth": {"rate_spirals_tanh_w8_d1": 0.375}}),
    ("1", wd.test_one_wider_layer_is_never_clearly_beaten_at_equal_weights,
     {"width_depth": {"matched_weights_deeper_better": 3}}),
    ("1", wd.test_one_wider_layer_is_never_clearly_beaten_at_equal_weights,
     {"width_depth": {"matched_weights_one_better": 20}}),
    ("i21.11", wd.test_one_wider_layer_is_never_clearly_beaten_at_equal_weights,
     {"width_depth": {"matched_weights_one_better": 200, "matched_weights_neither_clearly": 120}}),
    ("i21.11", wd.test_one_wider_layer_is_never_clearly_beaten_at_equal_weights,
     {"width_depth": {"matched_weights_deeper_higher": 40}}),
    ("i21.11", wd.test_pairs_share_their_one_layer_counterpart,
     {"width_depth": {"matched_weights_counterparts_per_map": 32}}),
    ("1", wd.test_at_equal_units_depth_wins_only_relu_spirals,
     {"width_depth": {"matched_units_deeper_better": 1, "matched_units_deeper_wins": ["tanh on the moons: ..."]}}),
    ("1", wd.test_at_equal_units_depth_wins_only_relu_spirals, {"width_depth": {"matched_units_one_better": 5}}),
    ("2", wd.test_no_data_set_is_linearly_separable,
     {"wd_datasets": {"linearly_separable_count": 1, "linearly_separable": ["XOR"], "best_line_max": 1.0}}),
    ("2", wd.test_width_one_never_solves_anything, {"width_depth": {"width1_best": 2}}),
    ("2", wd.test_a_band_would_split_xor, {"wd_datasets": {"xor_band_accuracy": 0.8}}),
    ("5", dfm.test_every_two_unit_net_is_forced_to_err, {"deform_221": {"forced_min": 0}}),
    ("i21.3", dfm.test_every_two_unit_net_is_forced_to_err, {"deform_221": {"readout_separable": 1}}),
    ("i21.3", dfm.test_every_two_unit_net_is_forced_to_err, {"deform_221": {"forced_every_pattern": 128}}),
    ("6", wml.test_most_seeds_fail, {"relu_seeds": {"failures_deep": 20, "successes_deep": 44}}),
    ("truth", wml.test_most_seeds_fail, {"relu_seeds": {"rate_deep_high": 0.7}}),
    ("6", wml.test_stuck_units_in_failed_seeds, {"relu_seeds": {"success_dead_deep": 0}}),
    ("6", wml.test_failed_seeds_lost_more_than_one_unit, {"relu_seeds": {"success_dead2_deep": 20}}),
    ("i21.6", wml.test_dead_units_at_init_foretell_failure, {"relu_seeds": {"success_dead2_init_deep": 15}}),
    ("i21.6", wml.test_dead_units_at_init_foretell_failure, {"relu_seeds": {"success_dead_init_shallow": 3}}),
    ("i21.6", wml.test_reviving_dead_units_rescues_seeds,
     {"relu_seeds": {"reinit_dead_successes": 4, "reinit_dead_low": 0.07, "reinit_dead_high": 0.39}}),
    ("i21.6", wml.test_reviving_dead_units_rescues_seeds,
     {"relu_seeds": {"reinit_live_successes": 12, "reinit_live_low": 0.33, "reinit_live_high": 0.71}}),
    ("i21.6", wml.test_reviving_dead_units_rescues_seeds, {"relu_seeds": {"reinit_dead_still_dead": 3}}),
    ("i21.7", wml.test_first_layer_units_never_come_back, {"relu_seeds": {"revived_layer1_deep": 2}}),
    ("i21.7", wml.test_first_layer_units_never_come_back, {"relu_seeds": {"revived_layer2_deep": 0}}),
    ("7", wml.test_no_line_separates_the_circles, {"circles_neuron": {"best_line_accuracy": 0.95}}),
    ("7", wml.test_one_neuron_ends_at_a_coin_toss, {"circles_neuron": {"accuracy": 0.5, "best_accuracy": 0.66}}),
    ("7", wml.test_one_neuron_ends_at_a_coin_toss, {"circles_neuron": {"accuracy": 0.65}}),
    ("7", wml.test_one_neuron_settles_on_the_constant_guess, {"circles_neuron": {"weight_norm": 1.5}}),
    ("7", wml.test_one_neuron_settles_on_the_constant_guess, {"circles_neuron": {"final_loss": 0.6}}),
    ("8", wml.test_relu_layers_are_linearly_separable, {"relu_net": {"separable_layer1": False}}),
    ("8", wml.test_relu_layers_are_linearly_separable, {"relu_net": {"separable_layer2": False}}),
    ("8", wml.test_one_hidden_layer_is_enough, {"shallow_net": {"separable_layer1": False}}),
    ("8", wml.test_depth_makes_no_clear_difference_to_the_rate,
     {"relu_seeds": {"rate_shallow_low": lambda m: m["relu_seeds"]["rate_deep_high"] + 0.05}}),
    ("9", wd.test_deeper_narrow_relu_is_clearly_worse_on_some_sets_and_undecided_on_the_others,
     {"width_depth": {"relu_w3_deeper_worse_count": 5}}),
    ("9", wd.test_deeper_narrow_relu_is_clearly_worse_on_some_sets_and_undecided_on_the_others,
     {"width_depth": {"relu_w3_deeper_worse_count": 0, "relu_w3_deeper_worse": []}}),
    # i21.12: the XOR cell of five layers drops to 0 seeds: clearly worse there too, so the page's
    # split (XOR among the undecided) no longer matches the rates
    ("i21.12", wd.test_deeper_narrow_relu_is_clearly_worse_on_some_sets_and_undecided_on_the_others,
     {"width_depth": {"rate_xor_relu_w3_d5": 0.0}}),
    # ... and five layers clearly better somewhere (the rings' ordering reversed)
    ("i21.12", wd.test_deeper_narrow_relu_is_clearly_worse_on_some_sets_and_undecided_on_the_others,
     {"width_depth": {"rate_moons_relu_w3_d5": 0.75}}),
    ("i21.12", wd.test_deeper_narrow_relu_is_clearly_worse_on_some_sets_and_undecided_on_the_others,
     {"width_depth": {"relu_w3_deeper_undecided": [], "relu_w3_deeper_undecided_count": 0}}),
    ("12", dfm.test_two_units_never_close_the_class_region, {"deform_221": {"bounded": 3}}),
    ("12", dfm.test_wider_nets_draw_a_closed_curve, {"deform_321": {"bounded_success": 0}}),
    ("12", dfm.test_wider_nets_draw_a_closed_curve, {"deform_421": {"shown_bounded": False}}),
    ("12", dfm.test_the_extra_layer_alone_does_not_help, {"width_depth": {"rate_circles_tanh_w2_d2": 0.25}}),
    ("tests", dfm.test_four_units_separate_more_often,
     {"deform_421": {"rate_low": lambda m: m["deform_321"]["rate_high"] - 0.01}}),
    ("tests", wd.test_tanh_beats_relu_with_this_recipe, {"width_depth": {"rate_circles_relu_w3_d1": 0.8}}),
    ("truth", wd.test_tanh_beats_relu_with_this_recipe, {"width_depth": {"cells_relu_better": 1}}),
    ("tests", wml.test_more_linear_layers_do_not_help, {"linear_net": {"accuracy": 0.9}}),
    ("13", wd.test_page_states_seeds_and_device, {"width_depth": {"n_seeds": 256}}),
    # issue 12, "What each hidden neuron sees" (item numbers of that issue)
    ("i12.2", nr.test_gradients_match_autograd_in_the_worked_example,
     {"neurons_worked": {"max_rel_err_vs_torch": 1e-3}}),
    ("i12.3", nr.test_no_line_separates_xor, {"neurons_lift": {"best_line_accuracy": 1.0}}),
    ("i12.7", nr.test_shown_nets_separate_and_are_not_rare, {"neurons_231": {"rate_low": 0.3}}),
    ("i12.7", nr.test_shown_nets_separate_and_are_not_rare, {"neurons_2431": {"shown_accuracy": 0.95}}),
    ("i12.7", nr.test_layer_two_lines_are_curved, {"neurons_2431": {"later_deviation_min": 0.01}}),
    ("i12.7", nr.test_layer_two_lines_are_curved, {"neurons_2431": {"seeds_later_bent": 50}}),
    ("i12.7", nr.test_layer_two_lines_are_curved,
     {"neurons_2431": {"seeds_later_bent": lambda m: m["neurons_2431"]["seeds_later_crossing"]}}),
    ("i12.7", nr.test_network_boundary_is_curved, {"neurons_231": {"net_deviation": 0.01}}),
    ("i12.7", nr.test_every_neuron_of_the_231_counts, {"neurons_231": {"ablation_drops": 2}}),
    ("i12.7", nr.test_every_neuron_of_the_231_counts, {"neurons_231": {"ablation": [0.99, 0.99, 0.71]}}),
    ("i12.7", nr.test_the_2431_has_spare_neurons, {"neurons_2431": {"ablation_spare": 2}}),
    ("i12.7", nr.test_the_2431_has_spare_neurons, {"neurons_2431": {"ablation": [0.63, 0.7, 1, 1, 1, 1, 1]}}),
    ("i21.1", nr.test_the_tutorials_own_recipe_learns_xor_given_enough_steps, {"neurons_tutorial": {"low_large": 0.3}}),
    ("i21.1", nr.test_the_tutorials_own_recipe_learns_xor_given_enough_steps,
     {"neurons_tutorial": {"high_small": 0.9, "k_small": 60}}),
    ("i21.1", nr.test_the_tutorials_own_recipe_learns_xor_given_enough_steps,
     {"neurons_tutorial": {"k_by_epoch_mid": [0, 40, 30, 50, 60, 62]}}),
    ("i21.1", nr.test_the_tutorials_own_recipe_learns_xor_given_enough_steps, {"neurons_tutorial": {"lr": 0.001}}),
    ("i21.13", nr.test_at_the_larger_step_every_combination_works, {"neurons_recipes": {"tanh_big_sgd_fast_k": 20}}),
    ("i21.13", nr.test_at_the_small_step_activation_and_scale_decide,
     {"neurons_recipes": {"sigmoid_big_sgd_slow_high": 0.9}}),
    ("i21.13", nr.test_at_the_small_step_activation_and_scale_decide,
     {"neurons_recipes": {"tanh_small_sgd_slow_high": 0.95}}),
    ("i21.13", nr.test_with_adam_the_scale_moves_the_sigmoid_net,
     {"neurons_recipes": {"sigmoid_small_adam_high": 0.99}}),
    ("i21.13", nr.test_no_one_ingredient_decides, {"neurons_recipes": {"tanh_big_sgd_slow_k": 10}}),
    ("i21.13", nr.test_no_one_ingredient_decides, {"neurons_recipes": {"sigmoid_small_sgd_fast_k": 12}}),
    ("i12.6", nr.test_the_product_feature_makes_xor_linear, {"neurons_lift": {"accuracy": 0.8}}),
    ("i12.6", nr.test_the_product_feature_makes_xor_linear, {"neurons_lift": {"w1": 5.0}}),
    ("i12.3", nr.test_other_sets_overlap_and_the_net_beats_a_line, {"neurons_more": {"moons_train": 1.0}}),
    ("i12.3", nr.test_other_sets_overlap_and_the_net_beats_a_line, {"neurons_more": {"clusters_13_best_line": 0.95}}),
    ("i12.3", nr.test_other_sets_overlap_and_the_net_beats_a_line, {"neurons_more": {"clusters_10_best_line": 0.8}}),
    ("i12.3", nr.test_held_out_close_to_training, {"neurons_more": {"moons_test": 0.85}}),
    ("i12.7", nr.test_relu_layer_two_lines_are_chains_of_pieces, {"neurons_relu": {"lines_bent": 100}}),
    ("i12.7", nr.test_relu_layer_two_lines_are_chains_of_pieces, {"neurons_relu": {"shown_pieces": [1, 4, 5]}}),
    ("i12.8", nr.test_pytorch_reaches_the_same_boundaries, {"neurons_torch": {"region_disagree": 0.01}}),
]


def altered(metrics: dict, changes: dict) -> dict:
    out = copy.deepcopy(metrics)
    for fig, values in changes.items():
        for key, value in values.items():
            assert key in out[fig], f"{fig}.{key} is not a metric"
            out[fig][key] = value(metrics) if callable(value) else value
    return out


def run_claim(test, metrics: dict, manifest: dict, name: str) -> None:
    """Call a claims test the way pytest would, on (altered) metrics."""
    m = copy.deepcopy(manifest)
    for fig in m["figures"]:
        m["figures"][fig]["metrics"] = metrics[fig]
    args = {"metrics": metrics, "m": metrics["width_depth"], "manifest": m}
    params = inspect.signature(test).parameters
    args["name"] = name
    test(**{k: v for k, v in args.items() if k in params})


def _id(item: str, test, changes: dict) -> str:
    return f"{item}-{test.__name__}-{'+'.join(k for v in changes.values() for k in v)}"


def can_fail(mutations: list, run=run_claim):
    """The test that each (item, claims test, changes) of ``mutations`` passes on the full build's
    metrics and raises AssertionError on them altered by ``changes``: one per article's list, each
    assigned to a ``test_`` name in its own file. ``run(test, metrics, manifest, name)`` calls a
    claims test the way pytest would."""

    @pytest.mark.parametrize("item,test,changes", mutations, ids=[_id(*m) for m in mutations])
    def test_claim_fails_on_the_opposite_outcome(metrics, manifest, item, test, changes):
        name = next(iter(changes))
        run(test, metrics, manifest, name)  # it passes on the real metrics ...
        with pytest.raises(AssertionError):  # ... and fails on the altered ones
            run(test, altered(metrics, changes), manifest, name)

    return test_claim_fails_on_the_opposite_outcome


def claims_without_a_case(module, mutations: list) -> list[str]:
    """The claims tests of ``module`` that no mutation alters."""
    return sorted({n for n in dir(module) if n.startswith("test_")} - {t.__name__ for _, t, _ in mutations})


test_claim_fails_on_the_opposite_outcome = can_fail(MUTATIONS)
