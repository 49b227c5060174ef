"""The claims of 'Why more layers?' (docs/why-more-layers.md), checked on the full build's metrics.

Each test names the sentence it guards; identities that hold by algebra live in test_sanity_checks.py."""

from claims import claim

from figures.measures import wilson

ARTICLE = "why-more-layers"


def test_one_neuron_learns_a_line(metrics):
    claim("one neuron learns the line", "separable_training.accuracy", metrics["separable_training"]["accuracy"],
          ">=", 0.99, ".1%")


def test_no_line_separates_the_circles(metrics):
    m = metrics["circles_neuron"]
    # "the best line ... gets ... by cutting a slice off both rings": well short of every point
    claim("the best line ... cutting a slice off both rings", "circles_neuron.best_line_accuracy",
          m["best_line_accuracy"], "<", 0.8, ".1%")


def test_one_neuron_ends_at_a_coin_toss(metrics):
    m = metrics["circles_neuron"]
    # "It ends at ... the level of a coin toss"; "The neuron does not even find that line"
    assert abs(m["accuracy"] - 0.5) <= 0.1
    assert m["best_accuracy"] < m["best_line_accuracy"]  # not at any snapshot either


def test_one_neuron_settles_on_the_constant_guess(metrics):
    m = metrics["circles_neuron"]
    # "the smallest loss is that of a constant guess ...: the weights shrink towards zero"
    claim("the weights shrink towards zero", "circles_neuron.weight_norm", m["weight_norm"], "<", 0.1)
    assert abs(m["final_loss"] - m["constant_loss"]) < 0.005


def test_more_linear_layers_do_not_help(metrics):
    # "More linear layers do not help": the 2-3-3-1 without activations ends where the neuron does
    claim("More linear layers do not help", "linear_net.accuracy", metrics["linear_net"]["accuracy"], "<=", 0.6, ".1%")
    claim("More linear layers do not help", "linear_net.accuracy", metrics["linear_net"]["accuracy"], ">=", 0.4, ".1%")


def test_relu_net_succeeds_for_shown_seed(metrics):
    claim("picked because it succeeds", "relu_net.accuracy", metrics["relu_net"]["accuracy"], ">=",
          metrics["relu_seeds"]["threshold"], ".1%")


def test_relu_layers_are_linearly_separable(metrics):
    # captions: "a flat plane ... separates the two classes already here" (layer 1), "still" (layer 2)
    m = metrics["relu_net"]
    assert m["separable_layer1"] and m["separable_layer2"]


def test_success_rate_is_measured_over_many_seeds(metrics):
    m = metrics["relu_seeds"]
    assert m["n_seeds"] >= 32
    assert len(m["accuracies_deep"]) == m["n_seeds"]
    assert m["rate_deep_low"] <= m["rate_deep"] <= m["rate_deep_high"]


def test_most_seeds_fail(metrics):
    # "many starts end well short of the threshold"; "more of our seeds fail than succeed, and by
    # the interval the true rate is at most about one half" (the interval reaches 53%: not "most")
    m = metrics["relu_seeds"]
    claim("more seeds fail than succeed", "relu_seeds.failures_deep", m["failures_deep"], ">", m["n_seeds"] / 2)
    assert m["rate_deep_high"] < 0.55
    assert m["successes_deep"] + m["failures_deep"] == m["n_seeds"]


def test_stuck_units_in_failed_seeds(metrics):
    m = metrics["relu_seeds"]
    # the counts quoted add up over the failed seeds
    assert len(m["dead_deep"]) == len(m["duplicates_deep"]) == m["n_seeds"]
    assert m["failed_dead_deep"] <= m["failures_deep"] and m["failed_duplicate_deep"] <= m["failures_deep"]
    # "A single dead unit does not tell the groups apart": some successful seeds have one too
    assert m["success_dead_deep"] > 0


def test_failed_seeds_lost_more_than_one_unit(metrics):
    # "Losing more than one of the six units does": the share of seeds with two or more dead units
    # at the end is clearly higher among failures (disjoint 95% intervals)
    m = metrics["relu_seeds"]
    fail = wilson(m["failed_dead2_deep"], m["failures_deep"])
    ok = wilson(m["success_dead2_deep"], m["successes_deep"])
    assert fail[0] > ok[1]


def test_dead_units_at_init_foretell_failure(metrics):
    m = metrics["relu_seeds"]
    # "Already there, 21 of the 38 seeds that will fail have two or more dead units, against 2 of
    # the 26 that will succeed": disjoint 95% intervals, before any training
    fail = wilson(m["failed_dead2_init_deep"], m["failures_deep"])
    ok = wilson(m["success_dead2_init_deep"], m["successes_deep"])
    assert fail[0] > ok[1]
    # the 2-3-1: "22 of the 36 seeds that fail start with a dead unit ..., and 0 of the 28 that succeed do"
    fail = wilson(m["failed_dead_init_shallow"], m["failures_shallow"])
    ok = wilson(m["success_dead_init_shallow"], m["successes_shallow"])
    assert fail[0] > ok[1] and m["success_dead_init_shallow"] == 0


def test_reviving_dead_units_rescues_seeds(metrics):
    m = metrics["relu_seeds"]
    # "the 23 seeds that start with two or more dead units ... redraws each dead unit ... until the
    # unit is alive ...: 13 of them succeed (37% to 74%), against 2 as first drawn. As a control,
    # redrawing as many live units instead ... gives 2 (2% to 27%)"
    assert m["reinit_n"] == m["failed_dead2_init_deep"] + m["success_dead2_init_deep"]
    assert m["reinit_before"] == m["success_dead2_init_deep"]
    assert m["reinit_dead_still_dead"] == 0 and m["reinit_live_still_dead"] > 0
    assert m["reinit_dead_low"] > wilson(m["reinit_before"], m["reinit_n"])[1]  # revived vs as drawn
    assert m["reinit_dead_low"] > m["reinit_live_high"]  # revived vs the control


def test_first_layer_units_never_come_back(metrics):
    m = metrics["relu_seeds"]
    # "During training, 22 first-layer units died and none came back, as the rule above says; in
    # layer 2, 24 died and 14 of those dead at the start came back"
    assert m["revived_layer1_deep"] == m["revived_layer1_shallow"] == 0
    assert m["died_layer1_deep"] > 0 and m["died_layer2_deep"] > 0
    assert 0 < m["revived_layer2_deep"] <= m["dead_init_layer2_deep"]


def test_shown_seed_matches_its_slot_in_the_sweep(metrics):
    """The net shown in the scenes is the same run as seed k of the stacked sweep."""
    seed = metrics["relu_net"]["seed"]
    assert abs(metrics["relu_seeds"]["accuracies_deep"][seed] - metrics["relu_net"]["accuracy"]) < 1e-3
    seed = metrics["shallow_net"]["seed"]
    assert abs(metrics["relu_seeds"]["accuracies_shallow"][seed] - metrics["shallow_net"]["accuracy"]) < 1e-3


def test_one_hidden_layer_is_enough(metrics):
    claim("one hidden layer is enough", "shallow_net.accuracy", metrics["shallow_net"]["accuracy"], ">=",
          metrics["relu_seeds"]["threshold"], ".1%")
    # caption: "a linear programme finds a flat plane between the rings" in its one hidden layer
    assert metrics["shallow_net"]["separable_layer1"]


def test_depth_makes_no_clear_difference_to_the_rate(metrics):
    m = metrics["relu_seeds"]
    # "about as often ... the two intervals overlap"; "no clear difference in how often training works"
    assert m["rate_deep_low"] <= m["rate_shallow_high"] and m["rate_shallow_low"] <= m["rate_deep_high"]
