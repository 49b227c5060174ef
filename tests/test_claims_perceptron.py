"""The claims of "From the perceptron to the MLP" (docs/perceptron-to-mlp.md) and "The XOR proof"
(docs/xor-proof.md), checked on the full build's metrics. Each test names the sentence it guards;
tests/test_claims_perceptron_can_fail.py shows that each fails on the opposite outcome."""

from figures.measures import wilson

ROWS = ("00", "01", "10", "11")


def rows(m: dict, prefix: str) -> list[int]:
    return [m[f"{prefix}_{r}"] for r in ROWS]


# --- From the perceptron to the MLP -------------------------------------------------------------


def test_threshold_units_compute_and_and_or(metrics):
    # "With θ = 2 it computes AND, with θ = 1 it computes OR" (the build evaluates every row)
    m = metrics["mp_units"]
    assert rows(m, "and") == rows(m, "and_target") == [0, 0, 0, 1]
    assert rows(m, "or") == rows(m, "or_target") == [0, 1, 1, 1]
    assert m["and_correct"] == m["or_correct"] == 4


def test_strict_comparison_never_fires_and_misses_one_row(metrics):
    # "a unit that fires only when the sum exceeds 2 never fires ... gets 1 of the 4 rows wrong"
    m = metrics["mp_units"]
    assert rows(m, "gt") == [0, 0, 0, 0]
    assert m["gt_correct"] == 3 and m["gt_wrong_rows"] == 1


def test_perceptron_converges_on_the_shown_data(metrics):
    # "the last pass without a mistake, and ends with 100% of the points right"
    m = metrics["perceptron_steps"]
    assert m["converged"] and m["accuracy"] == 1.0
    assert m["first_epoch_mistakes"] <= m["updates"] and m["epochs"] >= 2


def test_every_data_set_is_under_the_bound(metrics):
    # "The rule converged on all ... and on N of N the number of updates is at or below the bound"
    m = metrics["perceptron_bound"]
    assert m["sets"] >= 100
    assert m["converged"] == m["sets"] and m["positive_margins"] == m["sets"]
    assert m["under"] == m["sets"] and m["max_ratio"] <= 1.0


def test_the_bound_is_loose(metrics):
    # "it is loose: the most any data set used was ..% of its bound, and half used less than ..%"
    m = metrics["perceptron_bound"]
    assert m["max_ratio"] < 0.5 and m["median_ratio"] < 0.2
    assert m["updates_median"] < m["bound_median"]


def test_the_bound_tracks_difficulty(metrics):
    # "It still tracks how hard a data set is: the logarithms ... have a correlation of .."
    assert metrics["perceptron_bound"]["corr_log"] > 0.5


def test_rule_never_stops_on_xor_and_cycles(metrics):
    # "it makes 4 mistakes in every epoch, and the weights at the start of epoch k equal those at
    # the start of epoch j ... visits just n weight vectors"
    m = metrics["perceptron_xor"]
    assert m["epochs_run"] == m["epochs"] >= 1000  # a generous budget, all used
    assert m["mistake_free"] == 0 and m["min_mistakes"] == 4
    assert m["cycle_repeat"] > m["cycle_start"] >= 0 and m["cycle_period"] == m["cycle_repeat"] - m["cycle_start"]
    assert m["distinct_weights"] <= 4 * m["cycle_period"]


def test_shuffled_rule_stays_in_a_small_set(metrics):
    # "0 mistake-free epochs, the weights took only n distinct values, and no weight ever left ±k"
    m = metrics["perceptron_xor"]
    assert m["shuffled_epochs_run"] == m["epochs"] and m["shuffled_mistake_free"] == 0
    assert m["shuffled_min_mistakes"] >= 1
    # "a small set": far fewer values than updates, and small whole numbers
    assert m["shuffled_distinct_weights"] * 10 < m["shuffled_updates"]
    assert m["shuffled_max_abs_weight"] <= 3


# --- The XOR proof ---------------------------------------------------------------------------------


def test_xor_truth_table(metrics):
    assert rows(metrics["xor_table"], "y") == [0, 1, 1, 0]


def test_no_line_gets_all_four_and_the_best_gets_three(metrics):
    # "The best of them gets 3 of the 4 points right, and 0 lines get all four"; "a linear
    # programme ... finds none for XOR either"
    m = metrics["xor_lines"]
    assert m["n_lines"] >= 1_000_000
    assert m["best"] == 3 and m["lines_all_four"] == 0 and m["lines_three"] > 0
    assert not m["separable_lp"]


def test_the_line_grid_is_fine_enough(metrics):
    # "The same search on AND finds lines that get 4 of 4"
    assert metrics["xor_lines"]["and_best"] == 4


def test_most_directions_reach_three_axes_two(metrics):
    # "Most directions reach 3 of 4 ...; with the normal along an axis (0, 90, 180, 270) the best is 2"
    m = metrics["xor_lines"]
    assert m["angles_best_three"] > m["frames"] / 2
    assert m["angles_best_three"] + m["two_count"] == m["frames"]
    assert m["two_degrees"] == "0, 90, 180, 270"


def test_hand_made_network_computes_xor(metrics):
    # "The output matches XOR on 4 of the 4 rows"; OR and AND hidden units
    m = metrics["xor_hidden"]
    assert rows(m, "out") == rows(m, "y") == [0, 1, 1, 0] and m["correct"] == 4
    assert rows(m, "h1") == [0, 1, 1, 1] and rows(m, "h2") == [0, 0, 0, 1]


def test_hidden_layer_makes_xor_separable(metrics):
    # "Those three points *are* separable by a line"; no line in the input plane
    m = metrics["xor_hidden"]
    assert m["features_separable"] and not m["inputs_separable"]


def test_learned_rate_over_many_seeds(metrics):
    m = metrics["xor_learned"]
    assert m["n_seeds"] >= 64
    assert m["successes"] + m["failures"] == m["n_seeds"]
    assert (m["rate_low"], m["rate_high"]) == wilson(m["successes"], m["n_seeds"])
    # "Of the N that fail, a end with 2 of 4 rows right and b with 3 of 4"
    assert m["two_of_four"] + m["three_of_four"] == m["failures"]


def test_roughly_half_the_seeds_fail(metrics):
    # "roughly half of the seeds fail": the rate is within 10 points of one half
    m = metrics["xor_learned"]
    assert abs(m["rate"] - 0.5) <= 0.1


def test_shown_seeds_succeed_and_fail_as_captioned(metrics):
    m = metrics["xor_learned"]
    assert m["shown_accuracy"] == 1.0  # "seed .., one that succeeds"
    assert m["failed_accuracy"] < 1.0 and m["failed_right"] < 4  # "seed .., which fails"


def test_every_failed_seed_merges_two_classes(metrics):
    # "In every one of the N failed seeds, some class-0 input and some class-1 input end less than
    # .. apart ...; in none of the successful seeds do they"
    m = metrics["xor_learned"]
    assert m["failed_merged"] == m["failures"] and m["success_merged"] == 0


def test_wider_hidden_layers_succeed_more_often(metrics):
    # "Each step up in width is clearly better than the one before: the intervals do not overlap";
    # "8 in N of N"
    m = metrics["xor_learned"]
    assert m["rate_high"] < m["rate_w3_low"]
    assert m["rate_w3_high"] < m["rate_w4_low"]
    assert m["rate_w4_high"] < m["rate_w8_low"]
    assert m["successes_w8"] == m["n_seeds"]
