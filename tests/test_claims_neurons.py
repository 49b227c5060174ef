"""The claims of 'What each hidden neuron sees' (docs/what-each-neuron-sees.md), checked on the
full build's metrics. Each test names the sentence it guards."""

import pytest

PANELS = ("neurons_231", "neurons_2431")
COMBOS = [(a, s) for a in ("sigmoid", "tanh") for s in ("small", "big")]


def test_gradients_match_autograd_in_the_worked_example(metrics):
    m = metrics["neurons_worked"]
    # "the largest relative difference over all of them is ..." (the test asks < 1e-6)
    assert m["max_rel_err_vs_torch"] < 1e-6
    # "The shapes go 1×2 → 1×4 → 1×3 → 1×1"; "the 2-4-3-1 tanh network of the main figure"
    assert m["shapes"] == "1×2 → 1×4 → 1×3 → 1×1"
    assert metrics["neurons_2431"]["seed"] == 0


def test_no_line_separates_xor(metrics):
    # "No straight line separates the classes: the best one gets 75% (one corner always wrong)"
    assert metrics["neurons_lift"]["best_line_accuracy"] == pytest.approx(0.75, abs=0.02)


@pytest.mark.parametrize("name", PANELS)
def test_shown_nets_separate_and_are_not_rare(metrics, name):
    m = metrics[name]
    # "the first of ... seeds that separate XOR completely; they are not rare"
    assert m["shown_accuracy"] == 1.0 and m["first_full_epoch"] is not None
    assert m["n_seeds"] >= 32
    assert m["rate_low"] > 0.5  # most seeds, by the interval
    assert m["rate_low"] <= m["rate"] <= m["rate_high"]
    # "Both nets are trained the same way"
    assert (m["epochs"], m["lr"], m["scale"]) == (metrics["neurons_231"]["epochs"], metrics["neurons_231"]["lr"],
                                                  metrics["neurons_231"]["scale"])


def test_layer_two_lines_are_curved(metrics):
    m = metrics["neurons_2431"]
    # "In the shown 2-4-3-1 the three layer-2 lines stray by ...: all three are curved"
    assert m["later_crossing"] == 3
    assert m["later_deviation_min"] > m["curved_threshold"]
    # "... of the ... layer-2 zero lines that cross the picture stray by more than ...: most of
    # them, though not all"
    assert m["seeds_later_crossing"] / 2 < m["seeds_later_bent"] < m["seeds_later_crossing"]


@pytest.mark.parametrize("name", PANELS)
def test_network_boundary_is_curved(metrics, name):
    # "The network's own boundary, in both nets, is curved too"
    assert metrics[name]["net_deviation"] > metrics["neurons_2431"]["curved_threshold"]


def test_every_neuron_of_the_231_counts(metrics):
    m = metrics["neurons_231"]
    # "every removal costs something"; "Two of the three lines carry the solution, and the third adds little"
    assert m["ablation_drops"] == m["neurons"] == 3
    small = [a for a in m["ablation"] if a >= 0.95]
    big = [a for a in m["ablation"] if a < 0.8]
    assert len(small) == 1 and len(big) == 2
    assert m["ablation_1"] in small


def test_the_2431_has_spare_neurons(metrics):
    m = metrics["neurons_2431"]
    # "for ... of its 7 hidden neurons, removing it leaves the accuracy at 100%; the one it cannot
    # do without is neuron 1 of layer 1"
    assert m["ablation_spare"] > m["neurons"] / 2  # "most of its neurons" (takeaway)
    assert m["ablation_1"] == m["ablation_min"] < 0.8
    assert sorted(m["ablation"])[1] >= 0.95  # every other removal costs at most a few points


def test_the_tutorials_own_recipe_learns_xor_given_enough_steps(metrics):
    m = metrics["neurons_tutorial"]
    # "sigmoid hidden and output units, ... standard deviation 0.1 ..., learning rate 0.05 for
    # 300 epochs" (source 003, the 2-3-1 run); "over 64 seeds" (the figure's alt text)
    assert (m["act"], m["scale"], m["lr"], m["epochs"]) == ("sigmoid", 0.1, 0.05, 300)
    assert m["seeds"] == 64 and m["n_large"] == m["page_n"]
    # "on the 200 points used everywhere else on this page, 64 of 64 seeds get every point right"
    assert m["low_large"] > 0.9
    # "and on 50 points only 12": fewer than half, by the interval
    assert m["high_small"] < 0.5
    assert m["k_small"] < m["k_mid"] <= m["k_large"]
    # "on every size the share of successful seeds climbs with the epochs: after 50 epochs no
    # seed of any size has separated XOR"
    for tag in ("small", "mid", "large"):
        assert m[f"k_first_{tag}"] == 0
        counts = m[f"k_by_epoch_{tag}"]
        assert counts[-1] > counts[0] and all(b >= a for a, b in zip(counts, counts[1:]))


def test_at_the_larger_step_every_combination_works(metrics):
    m = metrics["neurons_recipes"]
    # "Per-sample descent at 0.1 separates XOR in at least 30 of 32 seeds for both activations and
    # both scales, the tutorial's sigmoid units and small weights included"
    fast = [m[f"{a}_{s}_sgd_fast_k"] for a, s in COMBOS]
    assert min(fast) == m["tanh_big_sgd_fast_k"] and min(fast) >= 0.9 * m["seeds"]
    assert m["small_scale"] == metrics["neurons_tutorial"]["scale"]


def test_at_the_small_step_activation_and_scale_decide(metrics):
    m = metrics["neurons_recipes"]
    # "At 0.001, tanh from initial scale 1 separates in 28 of 32 seeds; sigmoid from the same
    # scale in 0, and tanh from scale 0.1 in 0": disjoint intervals both ways
    assert m["tanh_big_sgd_slow_low"] > m["sigmoid_big_sgd_slow_high"]
    assert m["tanh_big_sgd_slow_low"] > m["tanh_small_sgd_slow_high"]
    # "far below the 0.05 it trains with"
    assert m["slow_lr"] < m["tutorial_lr"] / 10
    # "For the sigmoid from the small scale the median accuracy is 50%, a coin toss"
    assert m["sigmoid_small_sgd_slow_k"] == 0 and m["sigmoid_small_sgd_slow_median"] <= 0.55


def test_with_adam_the_scale_moves_the_sigmoid_net(metrics):
    m = metrics["neurons_recipes"]
    # "With Adam, the initial scale moves the sigmoid net from few seeds to nearly all"
    assert m["sigmoid_big_adam_low"] > m["sigmoid_small_adam_high"]
    assert m["sigmoid_small_adam_k"] <= m["seeds"] / 3 and m["sigmoid_big_adam_k"] >= 0.9 * m["seeds"]


def test_no_one_ingredient_decides(metrics):
    m = metrics["neurons_recipes"]
    # "the step size, the activation and the initial scale each move the share of successful seeds
    # from near none to nearly all, depending on the other two"
    pairs = [("sigmoid_small_sgd_slow", "sigmoid_small_sgd_fast"),  # the step size
             ("sigmoid_big_sgd_slow", "tanh_big_sgd_slow"),  # the activation
             ("tanh_small_sgd_slow", "tanh_big_sgd_slow")]  # the initial scale
    for low, high in pairs:
        assert m[f"{low}_k"] <= 0.1 * m["seeds"] and m[f"{high}_k"] >= 0.85 * m["seeds"], (low, high)
    # "one hidden layer of three can learn XOR under many recipes"
    assert sum(m[f"{a}_{s}_{o}_rate"] >= 0.75 for a, s in COMBOS for o in ("sgd_fast", "sgd_slow", "adam")) >= 6


def test_the_product_feature_makes_xor_linear(metrics):
    m = metrics["neurons_lift"]
    # "gets 100% of the points right"; "it reads almost nothing but the product"
    assert m["lifted_separable"] and m["accuracy"] == 1.0
    assert abs(m["w3"]) > 10 * max(abs(m["w1"]), abs(m["w2"]))
    # "class 0 rises, class 1 sinks": class 0 (x1 x2 > 0) on the negative-logit side needs w3 < 0
    assert m["w3"] < 0


def test_pytorch_reaches_the_same_boundaries(metrics):
    m = metrics["neurons_torch"]
    # "the same boundaries, to float64 rounding"
    assert m["max_weight_diff"] < 1e-9 and m["max_prob_diff"] < 1e-9
    assert m["region_disagree"] == 0


def test_the_width_depth_page_agrees(metrics):
    # "the smallest net that solves XOR in at least half of its seeds has 1 hidden layer of 2 units"
    m = metrics["width_depth"]
    assert (m["smallest_depth_xor_tanh"], m["smallest_width_xor_tanh"]) == (1, 2)


SETS = ("moons", "clusters_10", "clusters_13")


def test_other_sets_overlap_and_the_net_beats_a_line(metrics):
    m = metrics["neurons_more"]
    # "These classes overlap, so no net here gets every training point right"
    assert all(m[f"{s}_train"] < 1 for s in SETS)
    # "On every set the net beats the best straight line on the training points, by the most on
    # the moons; on the two cluster sets ... the net adds only a few points"
    gain = {s: m[f"{s}_train"] - m[f"{s}_best_line"] for s in SETS}
    assert min(gain.values()) > 0
    assert max(gain, key=gain.get) == "moons"
    assert gain["clusters_10"] < 0.05 and gain["clusters_13"] < 0.05


def test_held_out_close_to_training(metrics):
    m = metrics["neurons_more"]
    # "each net scores within a few points of its training accuracy"
    assert all(abs(m[f"{s}_test"] - m[f"{s}_train"]) < 0.05 for s in SETS)
    assert m["held_out_points"] == round(m["held_out"] * m["n"])


def test_relu_layer_two_lines_are_chains_of_pieces(metrics):
    m = metrics["neurons_relu"]
    # "all ... of the ... that cross the picture have more than one (median ..., at most ...)"
    assert m["lines"] > 0 and m["lines_bent"] == m["lines"]
    assert 1 < m["pieces_median"] <= m["pieces_max"]
    # "in the seed shown below, the three have ..."
    assert len(m["shown_pieces"]) == 3 and min(m["shown_pieces"]) > 1
    assert m["n_seeds"] >= 32 and m["rate_low"] <= m["rate"] <= m["rate_high"]
