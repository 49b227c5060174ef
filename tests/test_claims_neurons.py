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


def test_the_tutorial_recipe_fails(metrics):
    m = metrics["neurons_recipes"]
    # "The tutorial's recipe fails here too: 0 of 32 seeds"
    assert m["seeds"] >= 32
    assert (m["source_scale"], m["source_lr"]) == (0.1, 0.001)
    assert m["sigmoid_small_sgd_slow_k"] == 0 and m["sigmoid_small_sgd_slow_high"] < 0.15
    # "the net predicts about one half for every point (the median accuracy there is ...)"
    assert m["sigmoid_small_sgd_slow_median"] <= 0.55


def test_the_learning_rate_decides(metrics):
    m = metrics["neurons_recipes"]
    # "The same per-sample descent at 0.1 separates XOR in 32 of 32 seeds with sigmoid units and the
    # small initial weights unchanged": clearly above the slow rate's interval
    assert m["sigmoid_small_sgd_fast_low"] > m["sigmoid_small_sgd_slow_high"]
    # "and in at least (tanh_big_sgd_fast_k) of 32 for every activation and scale"
    fast = [m[f"{a}_{s}_sgd_fast_k"] for a, s in COMBOS]
    assert min(fast) == m["tanh_big_sgd_fast_k"] and min(fast) >= 0.9 * m["seeds"]
    # "At 0.001, three of the four combinations separate in no seed"
    slow = [m[f"{a}_{s}_sgd_slow_k"] for a, s in COMBOS]
    assert sorted(slow)[:3] == [0, 0, 0] and max(slow) > 0


def test_activation_and_scale_matter_in_places(metrics):
    m = metrics["neurons_recipes"]
    # "At 0.001 with initial scale 1, tanh separates in 28 seeds and sigmoid in 0": disjoint intervals
    assert m["tanh_big_sgd_slow_low"] > m["sigmoid_big_sgd_slow_high"]
    # "With Adam, sigmoid units from scale 0.1 succeed in 9 seeds, from scale 1 in 31"
    assert m["sigmoid_big_adam_low"] > m["sigmoid_small_adam_high"]


def test_one_hidden_layer_does_not_struggle_as_such(metrics):
    # "So one hidden layer does not struggle with XOR as such": with a larger step the 2-3-1
    # sigmoid net from the tutorial's small weights separates in (nearly) every seed
    m = metrics["neurons_recipes"]
    assert m["sigmoid_small_sgd_fast_rate"] >= 0.9


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
