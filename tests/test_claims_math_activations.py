"""The claims of 'The math of an MLP' (docs/math-of-an-mlp.md) and 'Activation functions'
(docs/activation-functions.md), checked on the full build's metrics. Identities that hold by
algebra (the linear collapse, the backprop formulas) are in test_sanity_checks.py."""

from __future__ import annotations

import math

import pytest
import torch

from figures.articles.activation_functions import ACTIVATIONS


@pytest.fixture(scope="module")
def mp(metrics) -> dict:
    return metrics["mlp_params"]


@pytest.fixture(scope="module")
def mm(metrics) -> dict:
    return metrics["mlp_mistakes"]


@pytest.fixture(scope="module")
def ac(metrics) -> dict:
    return metrics["activation_curves"]


@pytest.fixture(scope="module")
def aw(metrics) -> dict:
    return metrics["activation_warps"]


# --- The math of an MLP: counts ---------------------------------------------------------------


def test_parameter_count_matches_pytorch(mp):
    # "the build counts 235,146, and PyTorch ... counts 235,146" (the number)
    assert mp["params"] == mp["params_torch"] == 235_146


def test_almost_all_parameters_are_weights_mostly_in_layer_one(mp):
    # "Almost all of them are weights"; "the first layer alone holds ...": the largest layer
    assert mp["weights"] / mp["params"] > 0.99
    assert mp["layer1_share"] > 0.5
    assert mp["layer_weights"][0] == max(mp["layer_weights"])


def test_flops_match_pytorch_counter(mp):
    # "PyTorch's FlopCounterMode, which counts matrix products in the same way, reports ..."
    assert mp["flops_matmul"] == mp["flops_torch"] == 2 * mp["macs"]


def test_forward_costs_about_two_flops_per_weight(mp):
    # "the forward pass thus costs about two FLOPs per weight per example"
    assert mp["flops_total"] / mp["params"] == pytest.approx(2, abs=0.05)


# --- The math of an MLP: common mistakes ------------------------------------------------------


def _all(m: dict, key: str) -> bool:
    return m[f"{key}_worse"] == m["n_seeds"]


def test_zero_grad_hurts_every_seed(mm):
    # "Every one of the seeds ended with a higher loss than its correct twin"
    assert _all(mm, "zero_grad")
    assert mm["zero_grad_loss_median"] > mm["zero_grad_base_loss_median"]
    # "... of them ended below 60% accuracy" (a share quoted as a count; at least one)
    assert 1 <= mm["zero_grad_at_chance"] <= mm["n_seeds"]
    assert mm["zero_grad_at_chance_low"] > 0  # the interval quoted excludes "never"
    # "the correct version classified every training point right in every seed"
    assert mm["zero_grad_base_acc_min"] == 1.0


def test_softmax_first_printed_loss_is_stuck_at_its_floor(mm):
    # "the printed loss ended ... just above that floor ... while the true loss ... far below it"
    floor = mm["softmax_floor"]
    assert 0 <= mm["softmax_printed_final_median"] - floor < 0.01
    assert mm["softmax_printed_final_median"] > 10 * mm["softmax_loss_median"]


def test_softmax_first_hardly_matters_with_adam(mm):
    # "With Adam the model itself hardly suffered": median true loss within 25%, and the mistake
    # "was worse in only ... seeds": at most half
    assert 0.8 <= mm["softmax_loss_ratio"] <= 1.25
    assert mm["softmax_worse"] <= mm["n_seeds"] / 2
    # "95% interval for that share ... includes one half: a coin toss"
    assert mm["softmax_worse_low"] <= 0.5 <= mm["softmax_worse_high"]
    assert mm["softmax_at_chance"] == 0


def test_softmax_first_slows_sgd(mm):
    # "the same mistake slowed training": clearly higher median loss at step `at`, in most seeds
    assert mm["softmax_sgd_loss_median"] > 2 * mm["softmax_sgd_base_loss_median"]
    assert mm["softmax_sgd_worse_low"] > 0.5


def test_raw_inputs_fail_every_seed(mm):
    # "pre-activations ... times larger"; "Every seed ended below 60% accuracy";
    # "the same network on the unscaled rings classified every point right"
    assert mm["raw_z1_init_ratio"] > 100
    assert mm["raw_at_chance"] == mm["n_seeds"] and mm["raw_acc_max"] < mm["chance"]
    assert mm["raw_base_acc_min"] == 1.0
    # "The usual fix ... works here": every seed on the standardised raw inputs learns the rings
    assert mm["standardised_acc_min"] >= 0.99


def test_missing_activation_stays_at_a_guess(mm):
    # "every seed ended at ... accuracy" (the same for all), no better than the best line,
    # "its loss stayed at ..., the loss of guessing one half"
    assert mm["linear_acc_max"] - mm["linear_acc_min"] < 1e-3
    assert mm["linear_acc_max"] <= mm["best_line_accuracy"]
    assert mm["linear_loss_median"] == pytest.approx(math.log(2), abs=0.005)


def test_dropout_left_on_raises_held_out_loss(mm):
    # "higher in ... of ... seeds" (every one), and predictions that change between two passes
    # "on at least ... in every seed"
    assert _all(mm, "eval")
    assert mm["eval_loss_median"] > mm["eval_base_loss_median"]
    assert mm["eval_flip_min"] > 0


def test_mistakes_use_the_same_seed_count(mm):
    assert mm["n_seeds"] >= 16


# --- Activation functions ---------------------------------------------------------------------


def test_one_to_one_activations(ac):
    # "it holds for leaky ReLU, tanh and sigmoid, and fails for ReLU, GELU and SiLU"
    assert ac["one_to_one"] == ["leaky ReLU", "tanh", "sigmoid"]
    assert ac["not_one_to_one"] == ["ReLU", "GELU", "SiLU"]


@pytest.mark.parametrize("key", ["relu", "gelu", "silu"])
def test_colliding_pairs_collide(ac, key):
    # "two different inputs with the same output": recomputed here with PyTorch
    a, b = ac[f"{key}_pair"]
    assert a != b
    f = ACTIVATIONS[key][1]
    fa, fb = (float(f(torch.tensor(v, dtype=torch.float64))) for v in (a, b))
    assert fa == pytest.approx(fb, abs=1e-9)


def test_relu_flat_on_the_negative_side_only(ac):
    # "ReLU is exactly flat on the whole negative side: its slope there is 0"
    assert ac["relu_flat_intervals"] == [[ac["lo"], 0.0]]
    assert ac["relu_slope_min"] == 0.0


def test_leaky_relu_never_below_the_threshold(ac):
    # "keeps a slope of exactly 1% ... nowhere below it"
    assert ac["leaky_flat_count"] == 0 and ac["leaky_flat_share"] == 0
    assert ac["leaky_slope_ratio_min"] == pytest.approx(ac["threshold"])


def test_tanh_and_sigmoid_saturate_on_both_sides(ac):
    # "saturate on both sides"; "more of the interval is flat for tanh"
    for k in ("tanh", "sigmoid"):
        assert ac[f"{k}_flat_count"] == 2 and ac[f"{k}_flat_symmetric"]
        assert ac[f"{k}_flat_intervals"][0][0] == ac["lo"] and ac[f"{k}_flat_intervals"][-1][1] == ac["hi"]
    assert ac["tanh_flat_edge"] < ac["sigmoid_flat_edge"]
    assert ac["tanh_flat_share"] > ac["sigmoid_flat_share"]


def test_sigmoid_passes_back_at_most_a_quarter(ac):
    # "the sigmoid's largest slope is only 0.25 ... a quarter of the error"
    assert ac["sigmoid_slope_max"] == pytest.approx(0.25, abs=1e-6)


@pytest.mark.parametrize("key", ["gelu", "silu"])
def test_gelu_silu_flat_far_left_and_around_the_minimum(ac, key):
    # "flat far out on the negative side, and also in a narrow band around their minimum ...
    # On the positive side they ... never flatten"
    assert ac[f"{key}_flat_count"] == len(ac[f"{key}_flat_intervals"]) == 2
    (lo, left_end), (dip_lo, dip_hi) = ac[f"{key}_flat_intervals"]
    assert lo == ac["lo"]
    assert left_end < dip_lo < ac[f"{key}_argmin"] < dip_hi < 0
    assert dip_hi - dip_lo < 0.2  # narrow


def test_only_relu_crushes_area(aw):
    # "It is the only one of the six that crushes any area"; about three quarters of the square
    assert aw["relu_collapsed_share"] == pytest.approx(0.75, abs=0.01)
    assert all(aw[f"{k}_collapsed_share"] == 0 for k in ACTIVATIONS if k != "relu")


def test_which_maps_turn_the_plane_over(aw):
    # "bend the grid but keep it a grid: the determinant is positive everywhere" (leaky, tanh,
    # sigmoid); GELU and SiLU "fold the grid over itself" (where exactly one coordinate lies
    # below the minimum: a sanity check in test_sanity_checks_math_activations.py)
    for k in ("leaky", "tanh", "sigmoid"):
        assert aw[f"{k}_collapsed_share"] == 0 and aw[f"{k}_reversed_share"] == 0
    for k in ("gelu", "silu"):
        assert aw[f"{k}_reversed_share"] > 0.1


def test_only_relu_glues_the_rings(aw):
    # "the only one that glues the rings: ... points of the outer ring and ... of the inner ring
    # land on (0, 0) together"; GELU and SiLU: "the fold sends no point onto a point of the other ring"
    assert aw["relu_glued_outer"] > 0 and aw["relu_glued_inner"] > 0
    assert all(aw[f"{k}_glued_outer"] == aw[f"{k}_glued_inner"] == 0 for k in ACTIVATIONS if k != "relu")


def test_narrow_relu_stacks_never_free_the_inner_ring(metrics):
    # "on the disk in a ring, ReLU networks two units wide, at every depth from 1 to 5, fit every
    # point in at most 0 of 24 seeds" (Johnson's theorem, on the site's own runs)
    w = metrics["width_depth"]
    assert w["disk_relu_w2_best"] == 0 and w["n_seeds"] >= 24
