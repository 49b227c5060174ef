"""Sanity checks of 'The math of an MLP' and 'Activation functions': identities that hold by
algebra or calculus, whatever the data. They catch bugs in the figure code; the pages call them
sanity checks and never cite them as evidence."""

import pytest


def test_linear_stack_collapses_to_one_matrix(metrics):
    m = metrics["mlp_params"]
    # W3 (W2 (W1 x + b1) + b2) + b3 = A x + c, in float64; A is 10 x 784, so rank <= 10
    assert m["collapse_max_diff"] < 1e-10
    assert m["collapse_rank"] == m["collapse_out"] == 10


def test_backprop_formulas_match_autograd(metrics):
    # dL/dz2 = y_hat - y and the chain rule of the page, against torch.autograd in float64
    assert metrics["mlp_params"]["backprop_max_diff"] < 1e-10


def test_flop_and_parameter_formulas():
    from figures.articles.math_of_an_mlp import n_params, torch_mlp
    sizes = (3, 5, 2)
    assert n_params(sizes) == [(15, 5), (10, 2)]
    assert sum(p.numel() for p in torch_mlp(sizes).parameters()) == 32


def test_fold_share_is_where_one_coordinate_is_below_the_minimum(metrics):
    # det = f'(x1) f'(x2) < 0 exactly where one coordinate is left of the minimum (f' < 0 there)
    ac, aw = metrics["activation_curves"], metrics["activation_warps"]
    for k in ("gelu", "silu"):
        p = (ac[f"{k}_argmin"] + aw["extent"]) / (2 * aw["extent"])
        assert aw[f"{k}_reversed_share"] == pytest.approx(2 * p * (1 - p), abs=0.01)


def test_softmax_floor(metrics):
    # CE(softmax(p)) with p in [0, 1]^2 is smallest at p = (1, 0): log(1 + e^-1)
    import math
    assert metrics["mlp_mistakes"]["softmax_floor"] == pytest.approx(math.log(1 + math.exp(-1)))
    assert metrics["mlp_mistakes"]["softmax_printed_min"] >= metrics["mlp_mistakes"]["softmax_floor"] - 1e-6
