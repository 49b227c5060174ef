"""Claims where our measurements meet a source article's claim (issue 21, "One publication" and
"Coverage"): each check reads the full build's metrics, and each is shown to fail when the
decisive metric is set to the opposite outcome."""

from __future__ import annotations

import copy

import pytest


def two_wide_spirals_never_fit(m):
    """affine-and-squash: none of our 2-wide tanh stacks fits the spirals (the source shows one that does)."""
    s = m["affine_spirals"]
    assert s["w2_successes"] == 0 and s["w2_best_accuracy"] < 1.0
    assert s["w2_rate_high"] < 0.1  # "such a run is rare"


def one_layer_is_slightly_less_sure(m):
    """why-more-layers: on seed 1 the 2-3-1 is less sure than the 2-3-3-1, by little; both nearly sure."""
    shallow, deep = m["shallow_net"]["mean_confidence"], m["relu_net"]["mean_confidence"]
    assert m["shallow_net"]["seed"] == m["relu_net"]["seed"]
    assert shallow < deep and deep - shallow < 0.02
    assert min(shallow, deep) > 0.45  # 0.5 is a network sure of every point


def relu_width_three_is_not_always_found(m):
    """how-wide-how-deep: width 3 can represent the disk (minimum width), but training does not always find it."""
    w = m["width_depth"]
    assert 0 < w["rate_disk_in_ring_relu_w3_d5"] < 1 and 0 < w["rate_disk_in_ring_relu_w3_d1"] < 1


CHECKS = [two_wide_spirals_never_fit, one_layer_is_slightly_less_sure, relu_width_three_is_not_always_found]


@pytest.mark.parametrize("check", CHECKS, ids=[c.__name__ for c in CHECKS])
def test_claim_holds(check, metrics):
    check(metrics)


MUTATIONS = [
    (two_wide_spirals_never_fit, {"affine_spirals": {"w2_successes": 1, "w2_best_accuracy": 1.0}}),
    (one_layer_is_slightly_less_sure, {"shallow_net": {"mean_confidence": 0.4999}}),
    (one_layer_is_slightly_less_sure, {"shallow_net": {"mean_confidence": 0.30}}),
    (relu_width_three_is_not_always_found, {"width_depth": {"rate_disk_in_ring_relu_w3_d1": 1.0}}),
]


@pytest.mark.parametrize("check,change", MUTATIONS, ids=[f"{c.__name__}-{i}" for i, (c, _) in enumerate(MUTATIONS)])
def test_claim_can_fail(check, change, metrics):
    altered = copy.deepcopy(metrics)
    for fig, values in change.items():
        altered[fig].update(values)
    with pytest.raises(AssertionError):
        check(altered)
