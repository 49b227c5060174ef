"""The claims of 'A layer is an affine map and a squash' (docs/affine-and-squash.md), checked on
the full build's metrics. Each test names the sentence it guards."""

import pytest

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
