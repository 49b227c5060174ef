"""The claims of 'A layer is an affine map and a squash' (docs/affine-and-squash.md), checked on
the full build's metrics. Each test names the sentence it guards."""

import pytest

from figures.measures import wilson

SPIRAL_WIDTHS = ("w2", "w3", "w4", "w6", "w8")


def test_neuron_arithmetic_is_shown(metrics):
    # the worked example's numbers: "$z_1 = ...$, which is ..., and tanh turns it into ..."
    m = metrics["affine_neuron"]
    assert m["z1"] == pytest.approx(m["w11"] * m["x1"] + m["w12"] * m["x2"] + m["b1"])
    assert -1 < m["h2"] < 0 < m["h1"] < 1
    # "with ReLU the second unit above would output 0 instead of ..."
    assert m["z2"] < 0 and m["relu2"] == 0


def test_layer_squeezes_into_the_square(metrics):
    # "tanh pulls everything into the open square (-1, 1)^2"; "areas grow by det W"
    m = metrics["affine_layer"]
    assert m["max_abs_after_tanh"] < 1
    assert m["det_w"] > 1


@pytest.mark.parametrize("w", SPIRAL_WIDTHS)
def test_spiral_rates_are_over_enough_seeds(metrics, w):
    m = metrics["affine_spirals"]
    assert m[f"{w}_n_seeds"] >= 64
    assert m[f"{w}_rate_low"] <= m[f"{w}_rate"] <= m[f"{w}_rate_high"]


def test_two_wide_stack_never_fits_the_spirals(metrics):
    m = metrics["affine_spirals"]
    # "None of the 64 seeds succeeded"; "Whatever the layers do, the final line still leaves
    # points of both classes on the wrong side" (the best seed is below 100%)
    assert m["w2_successes"] == 0 and m["w2_best_accuracy"] < 1
    assert m["w2_median_accuracy"] <= m["w2_best_accuracy"]


def test_other_article_agrees_on_width_two(metrics):
    # "no width-2 tanh network of depth 1 to 5 fitted the spirals in any seed" (How wide, how deep?)
    solved = metrics["width_depth"]["solved_spirals_tanh"]  # rows: depths 1-5, columns: widths 1-8
    assert len(solved) == 5 and all(row[1] == 0 for row in solved)


def test_spiral_rate_rises_with_width(metrics):
    # "The rate rises with every step in width we tried."
    m = metrics["affine_spirals"]
    rates = [m[f"w{w}_rate"] for w in m["widths"]]
    assert all(a < b for a, b in zip(rates, rates[1:]))


def test_narrowest_reliable_width(metrics):
    # "The narrowest of these widths at which at least 90% of the seeds succeed is ..."
    m = metrics["affine_spirals"]
    w = m["reliable_width"]
    assert w is not None and m[f"w{w}_rate"] >= m["reliable_share"]
    assert all(m[f"w{v}_rate"] < m["reliable_share"] for v in m["widths"] if v < w)
    assert m["shown_wide"] == w and m[f"w{w}_best_accuracy"] == 1


@pytest.mark.parametrize("d", range(2, 7))
def test_disk_rates_are_over_enough_seeds(metrics, d):
    m = metrics["affine_disk"]
    assert m[f"d{d}_n_seeds"] >= 32


def test_no_line_separates_disk_and_ring(metrics):
    # "The best straight line classifies only ... of them correctly"
    assert metrics["affine_disk"]["line_accuracy"] < 0.9


def test_two_wide_stacks_never_fit_the_disk(metrics):
    m = metrics["affine_disk"]
    # "Not one of them classified every point correctly."
    assert m["successes_total"] == 0
    assert all(m[f"d{d}_best_accuracy"] < 1 for d in m["depths"])
    # "The best of all ... came from a network with ... hidden layers; it misclassifies ... points"
    assert m["best_overall"] == max(m[f"d{d}_best_accuracy"] for d in m["depths"])
    assert m[f"d{m['shown_depth']}_best_accuracy"] == m["best_overall"]
    assert m["shown_errors"] >= 1


def test_polar_map_separates_with_a_line(metrics):
    m = metrics["affine_polar"]
    # "The disk lands in a band of radius at most ..., the ring ... at least ...; the horizontal
    # line at radius ... classifies 100% ... against ... for the best line in the original plane"
    assert m["disk_max_radius"] < m["radius"] < m["ring_min_radius"]
    assert m["line_accuracy_after"] == 1 and m["line_accuracy_before"] < 0.9


def test_polar_map_tears_and_the_net_does_not(metrics):
    m = metrics["affine_polar"]
    polar = [m[f"polar_jump_{s}"] for s in m["sizes"]]
    net = [m[f"net_jump_{s}"] for s in m["sizes"]]
    # "The polar map's largest jump stays at about 2 ... however fine the grid"
    assert all(j > 1.9 for j in polar)
    # "can also move neighbouring points far apart on a coarse grid"
    assert net[0] > 1
    # "its largest jump shrinks every time the grid gets finer"
    assert all(a > b for a, b in zip(net, net[1:]))
    assert net[-1] < 0.5 * polar[-1]


def test_three_units_succeed_in_almost_every_seed(metrics):
    m, two = metrics["affine_disk3"], metrics["affine_disk"]
    # "... of the 64 seeds classified every point correctly", "almost every seed",
    # "where two units per layer managed none at any depth"
    assert m["n_seeds"] >= 32 and m["rate_low"] >= 0.9
    assert two["successes_total"] == 0 and m["successes"] > 0


def test_first_separating_plane(metrics):
    m = metrics["affine_disk3"]
    # "a separating plane first appears at the snapshot of step ... in layer 1, and at the same
    # snapshot in layers 2 and 3; at the snapshot before ... there was none in any layer"
    assert m["first_plane_l1"] is not None and m["shown_accuracy"] == 1
    assert m["first_plane_l1"] == m["first_plane_l2"] == m["first_plane_l3"]
    assert m["before_plane_l1"] == m["before_plane_l2"] == m["before_plane_l3"] < m["first_plane_l1"]
    # "the first layer alone already separated the classes by a plane in ... of the ... successful networks"
    assert 0 < m["separable_l1_success"] <= m["successes"]


def test_digits_accuracy(metrics):
    m = metrics["affine_digits"]
    # "It classifies ... of the held-out images correctly (... of the training images)"
    assert m["n_test"] > 0 and 0.9 < m["test_accuracy"] <= m["train_accuracy"]


def test_digits_nearest_neighbours_do_not_improve_with_depth(metrics):
    m = metrics["affine_digits"]
    # "already easy to tell apart by their nearest neighbours in pixel space, and that does not improve with depth"
    assert m["knn_l0"] > 0.95
    assert all(m[f"knn_l{k}"] <= m["knn_l0"] for k in (1, 2, 3))


def test_digits_logistic_probe_is_flat_across_layers(metrics):
    m = metrics["affine_digits"]
    # "the logistic probe's accuracies all lie within a point of each other, less than the sampling
    # error of 450 held-out images"
    acc = [m[f"probe_l{k}"] for k in range(4)]
    low, high = wilson(round(acc[0] * m["n_test"]), m["n_test"])
    assert max(acc) - min(acc) <= 0.01 and max(acc) - min(acc) < (high - low) / 2


def test_digits_least_squares_probe_gain_is_its_own_weakness(metrics):
    m = metrics["affine_digits"]
    # "The least-squares probe does seem to gain after the first layer, but that is the probe's own
    # weakness on the pixels": it gains, and on the pixels it trails the logistic probe as much
    assert m["lsq_probe_l1"] > m["lsq_probe_l0"] + 0.01
    assert m["lsq_probe_l0"] < m["probe_l0"] - 0.01
    assert abs(m["lsq_probe_l1"] - m["probe_l1"]) < 0.01


def test_digits_concentrate_through_the_affine_maps(metrics):
    m = metrics["affine_digits"]
    # "layer 2 has as many dimensions as the input, and after training the images spread over
    # about 7 effective directions there against 13 in the pixels"
    assert m["width_l2"] == m["width_l0"] and m["dim_l2"] < m["dim_l0"] - 3
    # "Part of that drop is there before any training ...; training takes it further, in every layer"
    assert m["dim_init_l2"] < m["dim_l0"]
    assert all(m[f"dim_l{k}"] < m[f"dim_init_l{k}"] for k in (1, 2, 3))
    # "before tanh ... and the saturating tanh raises both rather than lowering them"
    assert all(m[f"dim_pre_l{k}"] < m[f"dim_l{k}"] for k in (1, 2))


def test_closest_digits_are_the_most_confused(metrics):
    m = metrics["affine_digits"]
    # "the pair the network confuses most often ... is ...: the same pair"; "one small count"
    assert m["confused_tied"] == 1 and m["confused_count"] > 0
    assert m["confused_pair"] == m["closest_pair"] and m["confused_pair_rank"] == 1
    assert m["confused_count"] <= m["errors"] <= 30


def test_best_disk_net_never_reaches_full_accuracy_in_training(metrics):
    # "Its accuracy never reached 100% at any of them: the best was ..."
    m = metrics["affine_disk"]
    assert m["training_snapshots"] >= 8
    assert m["training_best"] < 1 and m["training_final"] <= m["training_best"]
