"""The claims of 'Training as a continuous deformation' (docs/training-as-deformation.md), checked
on the full build's metrics. Each test names the sentence it guards."""

import pytest

NETS = ("deform_221", "deform_321", "deform_421")


def test_rings(metrics):
    m = metrics["deform_rings"]
    # "outer radius 1 ... inner radius 0.5", "the two rings do not touch"
    assert m["radius_outer"] == pytest.approx(1, abs=0.03)
    assert m["radius_inner"] == pytest.approx(0.5, abs=0.03)
    assert m["gap"] > 0
    assert m["class_balance"] == 0.5


@pytest.mark.parametrize("name", NETS)
def test_rates_are_over_many_seeds(metrics, name):
    m = metrics[name]
    assert m["n_seeds"] >= 32 and len(m["accuracies"]) == m["n_seeds"]
    assert m["successes"] + m["failures"] == m["n_seeds"]
    assert m["rate"] == m["successes"] / m["n_seeds"]
    assert m["rate_low"] <= m["rate"] <= m["rate_high"]
    # "full-batch ... every step sees all points, so a step is an epoch"; the same settings for all three
    assert (m["steps"], m["lr"]) == (metrics["deform_321"]["steps"], metrics["deform_321"]["lr"])


def test_two_units_never_separate(metrics):
    m = metrics["deform_221"]
    # "Not one seed separated the rings"; "the best of all ... seeds"
    assert m["successes"] == 0 and m["best_accuracy"] < 1
    assert m["rate_high"] < 0.05
    assert m["seed"] == m["accuracies"].index(max(m["accuracies"]))
    assert m["shown_accuracy"] == pytest.approx(m["best_accuracy"])
    # "The corner holds ... of the inner ring, but ... only ... of the outer ring stays on its side"
    assert m["shown_inner_correct"] > 0.9 and m["shown_outer_correct"] < 0.9
    # "between 75% and 90%, where the 2-2-1 networks end"
    assert 0.75 <= m["median_accuracy"] < 0.9
    # "... seeds stayed at chance level"; "squeezed all points into a tiny patch"
    assert m["at_chance"] > 0 and m["chance_spread"] < 0.1


def test_every_two_unit_net_is_forced_to_err(metrics):
    m = metrics["deform_221"]
    # "For the signs of the output weights that training chose, every seed has them"
    assert m["forced_min"] > 0 and m["forced_median"] >= m["forced_min"]
    # "Over all 4 sign patterns ... the check still convicts 124 of the 128 first layers; for the
    # rest it cannot rule out a different read-out"
    assert m["sign_patterns"] == 4
    assert m["n_seeds"] / 2 < m["forced_every_pattern"] < m["n_seeds"] and m["forced_any_min"] == 0
    # "a linear programme finds a cut that separates the classes there in 0 of the 128 trained
    # first layers. So not one of them could reach 100% ..., whatever output layer followed it."
    assert m["readout_separable"] == 0


def test_two_units_never_close_the_class_region(metrics):
    # "The 2-2-1 cuts off a region that runs out to the edge of the picture" (in every seed)
    m = metrics["deform_221"]
    assert m["bounded"] == 0 and not m["shown_bounded"]


@pytest.mark.parametrize("name", ["deform_321", "deform_421"])
def test_wider_nets_draw_a_closed_curve(metrics, name):
    # "the 2-3-2-1 draws a closed curve around the inner ring": the shown seed, and most successes
    m = metrics[name]
    assert m["shown_bounded"]
    assert m["bounded_success"] >= 0.9 * m["successes"]


def test_the_extra_layer_alone_does_not_help(metrics):
    # "the control with the extra layer but not the extra unit, 2-2-2-1 ... no width-2 tanh network ... solved"
    w = metrics["width_depth"]
    assert w["rate_circles_tanh_w2_d2"] == 0 and w["circles_tanh_w2_best"] == 0


def test_three_units_separate_in_most_seeds(metrics):
    m = metrics["deform_321"]
    # "the rings come apart ... in most seeds": a majority even at the low end of the interval
    assert m["rate_low"] > 0.5
    # "Of the ... failures, ... stuck between 75% and 90%, ... missed by one or two points, ... at chance"
    assert m["stuck_mid"] + m["near_miss"] + m["at_chance"] == m["failures"]
    assert m["stuck_mid"] > 0


def test_four_units_separate_more_often(metrics):
    m4, m3 = metrics["deform_421"], metrics["deform_321"]
    assert m4["rate_low"] > 0.5
    # "more often than the 2-3-2-1 network: the two intervals do not overlap"
    assert m4["rate_low"] > m3["rate_high"]


@pytest.mark.parametrize("name", ["deform_321", "deform_421"])
def test_shown_seed_separates_and_stays(metrics, name):
    m = metrics[name]
    # "the first seed that separated the rings", "at 100% accuracy by epoch ... and stays there"
    assert m["seed"] == next(i for i, a in enumerate(m["accuracies"]) if a >= 1)
    assert m["shown_accuracy"] == 1.0
    assert m["shown_first_full"] is not None and m["shown_first_full"] <= m["steps"]
    assert m["shown_stays_full"]


def test_shown_three_unit_net_puts_the_inner_ring_in_a_corner(metrics):
    # "The vermillion ring ends up in a corner of its own"
    assert metrics["deform_321"]["shown_inner_in_corner"] > 0.9


def test_shown_four_unit_net_is_a_thin_band(metrics):
    # "presses the whole plane onto a thin diagonal band"
    assert metrics["deform_421"]["shown_flatness"] < 0.1


@pytest.mark.parametrize("name", ["deform_321", "deform_421"])
def test_every_success_folds_and_unwinds(metrics, name):
    m = metrics[name]
    # "In every seed that separated the rings, the map flips orientation on part of the unit disk"
    assert m["fold_min_success"] > 0
    # "the image of the outer ring no longer goes around a single inner point"
    assert m["enclosed_max_success"] == 0.0
    # "(measured below: the map turns ... of the unit disk upside down)"
    assert m["shown_fold"] > 0 and m["shown_enclosed"] == 0


@pytest.mark.parametrize("name", ["deform_321", "deform_421"])
def test_the_wide_layer_lifts_the_inner_ring_out(metrics, name):
    m = metrics[name]
    # "That is not a lucky picture": a flat plane separates the rings in the wide layer of
    # (nearly) every successful seed, the shown one included
    assert m["lifted_success"] >= 0.9 * m["successes"]
    assert m["shown_lifted"]


def test_seed_strip_is_the_same_runs(metrics):
    """The strip of every seed and the slider figures train the same nets with the same seeds."""
    strip = metrics["deform_seeds"]
    for name in NETS:
        key = name.removeprefix("deform_")
        assert strip[f"{key}_accuracies"] == pytest.approx(metrics[name]["accuracies"], abs=1e-3)
        assert strip[f"{key}_successes"] == metrics[name]["successes"]
    # "the first five seeds of each"
    assert strip["gallery"] == 5
