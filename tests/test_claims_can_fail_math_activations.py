"""Every claims test of 'The math of an MLP' and 'Activation functions' can fail: each is run on a
copy of the full build's metrics with its decisive metric set to the opposite outcome, and must
then raise AssertionError (the mechanism of test_claims_can_fail.py)."""

from __future__ import annotations

import inspect

import test_claims_math_activations as ma
from test_claims_can_fail import can_fail, claims_without_a_case

N = lambda m: m["mlp_mistakes"]["n_seeds"]  # noqa: E731

MUTATIONS = [
    (ma.test_narrow_relu_stacks_never_free_the_inner_ring, {"width_depth": {"disk_relu_w2_best": 3}}),
    (ma.test_parameter_count_matches_pytorch, {"mlp_params": {"params_torch": 235_136}}),
    (ma.test_almost_all_parameters_are_weights_mostly_in_layer_one, {"mlp_params": {"layer1_share": 0.3}}),
    (ma.test_almost_all_parameters_are_weights_mostly_in_layer_one, {"mlp_params": {"weights": 200_000}}),
    (ma.test_flops_match_pytorch_counter, {"mlp_params": {"flops_torch": 470_282}}),
    (ma.test_forward_costs_about_two_flops_per_weight, {"mlp_params": {"flops_total": 600_000}}),
    (ma.test_zero_grad_hurts_every_seed, {"mlp_mistakes": {"zero_grad_worse": lambda m: N(m) - 1}}),
    (ma.test_zero_grad_hurts_every_seed, {"mlp_mistakes": {"zero_grad_at_chance": 0, "zero_grad_at_chance_low": 0.0}}),
    (ma.test_zero_grad_hurts_every_seed, {"mlp_mistakes": {"zero_grad_base_acc_min": 0.9975}}),
    (ma.test_softmax_first_printed_loss_is_stuck_at_its_floor, {"mlp_mistakes": {"softmax_printed_final_median": 0.4}}),
    (ma.test_softmax_first_printed_loss_is_stuck_at_its_floor, {"mlp_mistakes": {"softmax_loss_median": 0.1}}),
    (ma.test_softmax_first_hardly_matters_with_adam, {"mlp_mistakes": {"softmax_loss_ratio": 3.0}}),
    (ma.test_softmax_first_hardly_matters_with_adam, {"mlp_mistakes": {"softmax_worse": lambda m: N(m)}}),
    (ma.test_softmax_first_hardly_matters_with_adam, {"mlp_mistakes": {"softmax_worse_low": 0.55}}),
    (ma.test_softmax_first_slows_sgd, {"mlp_mistakes": {"softmax_sgd_loss_median": 0.05}}),
    (ma.test_softmax_first_slows_sgd, {"mlp_mistakes": {"softmax_sgd_worse_low": 0.3}}),
    (ma.test_raw_inputs_fail_every_seed, {"mlp_mistakes": {"raw_at_chance": 12, "raw_acc_max": 0.95}}),
    (ma.test_raw_inputs_fail_every_seed, {"mlp_mistakes": {"raw_z1_init_ratio": 3.0}}),
    (ma.test_raw_inputs_fail_every_seed, {"mlp_mistakes": {"standardised_acc_min": 0.5}}),
    (ma.test_missing_activation_stays_at_a_guess, {"mlp_mistakes": {"linear_acc_max": 0.9}}),
    (ma.test_missing_activation_stays_at_a_guess, {"mlp_mistakes": {"linear_loss_median": 0.45}}),
    (ma.test_dropout_left_on_raises_held_out_loss, {"mlp_mistakes": {"eval_worse": 9}}),
    (ma.test_dropout_left_on_raises_held_out_loss, {"mlp_mistakes": {"eval_flip_min": 0.0}}),
    (ma.test_mistakes_use_the_same_seed_count, {"mlp_mistakes": {"n_seeds": 8}}),
    (ma.test_one_to_one_activations, {"activation_curves": {"one_to_one": ["leaky ReLU", "tanh", "sigmoid", "GELU"]}}),
    (ma.test_colliding_pairs_collide, {"activation_curves": {"gelu_pair": [-2.0, -0.2]}}),
    (ma.test_relu_flat_on_the_negative_side_only, {"activation_curves": {"relu_slope_min": 0.001}}),
    (ma.test_leaky_relu_never_below_the_threshold, {"activation_curves": {"leaky_flat_count": 1}}),
    (ma.test_tanh_and_sigmoid_saturate_on_both_sides, {"activation_curves": {"tanh_flat_share": 0.3}}),
    (ma.test_tanh_and_sigmoid_saturate_on_both_sides, {"activation_curves": {"sigmoid_flat_symmetric": False}}),
    (ma.test_sigmoid_passes_back_at_most_a_quarter, {"activation_curves": {"sigmoid_slope_max": 0.5}}),
    (ma.test_gelu_silu_flat_far_left_and_around_the_minimum,
     {"activation_curves": {"silu_flat_intervals": [[-10.0, -6.143]], "silu_flat_count": 1}}),
    (ma.test_only_relu_crushes_area, {"activation_warps": {"gelu_collapsed_share": 0.1}}),
    (ma.test_which_maps_turn_the_plane_over, {"activation_warps": {"tanh_reversed_share": 0.2}}),
    (ma.test_only_relu_glues_the_rings, {"activation_warps": {"relu_glued_inner": 0}}),
    (ma.test_only_relu_glues_the_rings, {"activation_warps": {"silu_glued_outer": 2, "silu_glued_inner": 2}}),
    (ma.test_which_maps_turn_the_plane_over, {"activation_warps": {"silu_reversed_share": 0.0}}),
]
FIXTURES = {"mp": "mlp_params", "mm": "mlp_mistakes", "ac": "activation_curves", "aw": "activation_warps"}
KEY = {ma.test_colliding_pairs_collide: "gelu", ma.test_gelu_silu_flat_far_left_and_around_the_minimum: "silu"}


def run_claim(test, metrics: dict) -> None:
    """Call a claims test the way pytest would, on (altered) metrics."""
    args = {name: metrics[fig] for name, fig in FIXTURES.items()} | {"metrics": metrics, "key": KEY.get(test)}
    test(**{k: v for k, v in args.items() if k in inspect.signature(test).parameters})


# (item, test, changes), the shape of test_claims_can_fail.py's lists
CASES = [("i14", test, changes) for test, changes in MUTATIONS]
test_claim_fails_on_the_opposite_outcome = can_fail(
    CASES, lambda test, metrics, _manifest, _name: run_claim(test, metrics))


def test_every_claim_is_mutated():
    assert claims_without_a_case(ma, CASES) == []
