"""figures.models.perceptron on cases with known answers."""

import numpy as np

from figures.models import perceptron as pc


def test_threshold_units_compute_and_or_and_the_strict_comparison_differs():
    assert pc.truth_table(lambda X: pc.threshold_unit(X, [1, 1], 2)).tolist() == [0, 0, 0, 1]
    assert pc.truth_table(lambda X: pc.threshold_unit(X, [1, 1], 1)).tolist() == [0, 1, 1, 1]
    # "exceeds 2": the sum is never more than 2 on the corners, so the unit never fires
    assert pc.truth_table(lambda X: pc.threshold_unit(X, [1, 1], 2, strict=True)).tolist() == [0, 0, 0, 0]


def test_augment_and_signs():
    assert pc.augment(np.array([[2.0, 3.0]])).tolist() == [[2.0, 3.0, 1.0]]
    assert pc.signs([0, 1, 1]).tolist() == [-1, 1, 1]


def test_perceptron_by_hand_on_two_points():
    # x = (1, 0) class +1, (-1, 0) class -1, augmented: first point wrong at w = 0 -> w = (1, 0, 1);
    # second point: -(1*-1 + 1) = 0 <= 0 -> wrong -> w = (2, 0, 0); next epoch no mistake.
    Xa = pc.augment(np.array([[1.0, 0.0], [-1.0, 0.0]]))
    path = pc.perceptron(Xa, np.array([1, -1]), 10)
    assert path.weights.tolist() == [[0, 0, 0], [1, 0, 1], [2, 0, 0]]
    assert path.culprits.tolist() == [0, 1]
    assert path.epoch_mistakes.tolist() == [2, 0] and path.converged


def test_lockstep_counts_match_the_plain_rule():
    rng = np.random.default_rng(0)
    X = rng.uniform(-1, 1, (5, 30, 2))
    y = (X[..., 0] + 0.5 * X[..., 1] > 0.1).astype(int)
    Xa, s = pc.augment(X), pc.signs(y)
    updates, done = pc.perceptron_updates(Xa, s, 1000)
    assert done.all()
    assert updates.tolist() == [pc.perceptron(Xa[k], s[k], 1000).updates for k in range(5)]


def test_perceptron_on_xor_never_converges_and_cycles():
    s = pc.signs([0, 1, 1, 0])
    path = pc.perceptron(pc.augment(pc.CORNERS), s, 50)
    assert not path.converged and (path.epoch_mistakes > 0).all()
    assert pc.first_repeat(path.epoch_starts) is not None


def test_first_repeat():
    assert pc.first_repeat(np.array([[0], [1], [2], [1]])) == (1, 3)
    assert pc.first_repeat(np.array([[0], [1], [2]])) is None


def test_radius_and_margin_known_answer():
    # points (1, 0) and (-1, 0) (not augmented): the best direction is (1, 0), margin 1
    X, s = np.array([[1.0, 0.0], [-1.0, 0.0]]), np.array([1, -1])
    u, g = pc.max_margin(X, s)
    assert np.allclose(u, [1, 0], atol=1e-5) and abs(g - 1) < 1e-6
    assert pc.radius(np.array([[3.0, 4.0], [1.0, 0.0]])) == 5.0
    assert pc.margin_of([0, 1], np.array([[0.0, 2.0], [0.0, -1.0]]), np.array([1, -1])) == 1.0


def test_max_margin_beats_a_worse_separator():
    # a 3-point case: (2, 0) +1, (0, 2) +1, (-1, -1) -1; best direction is (1, 1)/sqrt2 by symmetry,
    # margin min(2/sqrt2, 2/sqrt2) = sqrt2
    X = np.array([[2.0, 0.0], [0.0, 2.0], [-1.0, -1.0]])
    u, g = pc.max_margin(X, np.array([1, 1, -1]))
    assert abs(g - np.sqrt(2)) < 1e-5 and g >= pc.margin_of([1, 0.2], X, np.array([1, 1, -1]))


def test_no_line_gets_xor_right_and_some_line_gets_and_right():
    normals, offsets = pc.line_grid(720, 401, 2.0)
    xor = pc.line_scores(pc.CORNERS, np.array([0, 1, 1, 0]), normals, offsets)
    and_ = pc.line_scores(pc.CORNERS, np.array([0, 0, 0, 1]), normals, offsets)
    assert xor.max() == 3 and and_.max() == 4
