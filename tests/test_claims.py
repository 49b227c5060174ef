"""The claims of 'Why more layers?' (docs/why-more-layers.md), checked on the full build's metrics."""


def test_one_neuron_learns_a_line(metrics):
    assert metrics["separable_training"]["accuracy"] >= 0.99


def test_one_neuron_fails_on_circles(metrics):
    m = metrics["circles_neuron"]
    # "near chance": at most 60% at the end; at no snapshot better than 70%
    assert m["accuracy"] <= 0.6
    assert m["best_accuracy"] <= 0.7


def test_linear_net_collapses(metrics):
    m = metrics["linear_net"]
    assert m["accuracy"] <= 0.6
    assert m["sv_ratio_layer1"] < 1e-5
    assert m["sv_ratio_layer2"] < 1e-5
    assert m["affine_max_diff"] < 1e-5


def test_relu_net_succeeds_for_shown_seed(metrics):
    assert metrics["relu_net"]["accuracy"] >= 0.97


def test_success_rate_is_measured_over_many_seeds(metrics):
    m = metrics["relu_seeds"]
    assert m["n_seeds"] >= 32
    assert len(m["accuracies_deep"]) == m["n_seeds"]
    # The prose says training does not always succeed, and that it often does.
    assert 0 < m["rate_deep"] < 1
    assert 0 < m["rate_shallow"] < 1
    assert m["rate_deep_low"] <= m["rate_deep"] <= m["rate_deep_high"]


def test_shown_seed_matches_its_slot_in_the_sweep(metrics):
    """The net shown in the scenes is the same run as seed k of the stacked sweep."""
    seed = metrics["relu_net"]["seed"]
    assert abs(metrics["relu_seeds"]["accuracies_deep"][seed] - metrics["relu_net"]["accuracy"]) < 1e-3
    seed = metrics["shallow_net"]["seed"]
    assert abs(metrics["relu_seeds"]["accuracies_shallow"][seed] - metrics["shallow_net"]["accuracy"]) < 1e-3


def test_one_hidden_layer_is_enough(metrics):
    assert metrics["shallow_net"]["accuracy"] >= 0.97


def test_confidence_comparison_matches_prose(metrics):
    # docs/why-more-layers.md says the two-layer net is the more confident of the two.
    assert metrics["relu_net"]["mean_confidence"] > metrics["shallow_net"]["mean_confidence"]


def test_depth_makes_no_clear_difference_to_the_rate(metrics):
    m = metrics["relu_seeds"]
    # "about as often ... the two intervals overlap"
    assert m["rate_deep_low"] <= m["rate_shallow_high"] and m["rate_shallow_low"] <= m["rate_deep_high"]


def test_failures_cluster_at_a_few_levels(metrics):
    accs = metrics["relu_seeds"]["accuracies_deep"]
    failed = [a for a in accs if a < metrics["relu_seeds"]["threshold"]]
    levels = {round(a / 0.02) for a in failed}  # 2-point-wide bins
    assert len(failed) >= 4 and len(levels) <= len(failed) / 2
