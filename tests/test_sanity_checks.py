"""Sanity checks of the figure code: identities that hold by algebra, whatever training does.

They catch bugs in our measuring code (a wrong Jacobian, a broken winding count), so they stay,
but they are no evidence for any claim, and the articles never cite them as such."""

import pytest

from figures.articles.how_wide_how_deep import n_weights


def test_linear_net_collapses_to_one_affine_map(metrics):
    m = metrics["linear_net"]
    # a product of matrices is a matrix: the layers stay on a plane and the net is x -> A x + c
    assert m["sv_ratio_layer1"] < 1e-5
    assert m["sv_ratio_layer2"] < 1e-5
    assert m["affine_max_diff"] < 1e-5


def test_linear_net_is_no_better_than_a_line(metrics):
    # an affine map draws one line, so it cannot beat the best line (searched on a fine grid)
    assert metrics["linear_net"]["accuracy"] <= metrics["circles_neuron"]["best_line_accuracy"] + 1e-3


def test_one_layer_pieces(metrics):
    m = metrics["deform_layer"]
    # the hand-picked W: turned clockwise, det = product of singular values, rank-1 matrix flat
    assert m["angle_deg"] < 0 and m["turn_deg"] == pytest.approx(-m["angle_deg"])
    assert 1 < m["stretch_min"] < m["stretch_max"]
    assert m["det_w"] == pytest.approx(m["stretch_min"] * m["stretch_max"])
    assert m["rank_w"] == 2
    assert m["rank_flat"] == 1 and m["det_flat"] == 0


def test_two_unit_layer_never_folds_nor_unwinds(metrics):
    m = metrics["deform_221"]
    # the Jacobian of W x + b is the constant W, and an invertible affine image of a circle winds
    # once around the image of every point inside it: checks of fold_fractions and winding
    assert m["fold_max"] == 0.0
    assert m["enclosed_min"] == 1.0


def test_weight_counts():
    assert n_weights(8, 1) == 33 and n_weights(4, 2) == 37 and n_weights(7, 1) == 29


@pytest.mark.parametrize("name", ["neurons_231", "neurons_2431"])
def test_first_layer_zero_sets_are_lines(metrics, name):
    # z = w1 x1 + w2 x2 + b is linear: its traced zero line is straight up to the grid's float32
    # rounding (a check of zero_set and line_deviation, not a finding)
    assert metrics[name]["first_layer_deviation_max"] < 1e-6


def test_worked_example_loss_is_minus_log(metrics):
    import math

    m = metrics["neurons_worked"]
    # a class-0 point: L = -log(1 - p), and dL/dz at the output is p - y
    assert m["label"] == 0
    assert m["loss"] == pytest.approx(-math.log(1 - m["p"]))
    assert m["db3_1"] == pytest.approx(m["p"] - m["label"])
