"""The numpy logistic regression behind the check-worthiness scorer."""

from __future__ import annotations

import numpy as np

from saidwhat.claims.logistic import fit_logistic, sigmoid


def test_it_recovers_the_weights_of_a_logistic_model_and_is_deterministic() -> None:
    rng = np.random.default_rng(0)
    x = rng.normal(size=(4000, 3))
    truth = np.array([2.0, -1.0, 0.0])
    y = (rng.random(4000) < sigmoid(x @ truth + 0.5)).astype(np.float64)
    weights, intercept = fit_logistic(x, y, l2=1e-3)
    assert np.allclose(weights, truth, atol=0.2) and abs(intercept - 0.5) < 0.2
    again, _ = fit_logistic(x, y, l2=1e-3)
    assert np.array_equal(weights, again)


def test_regularisation_shrinks_the_weights() -> None:
    rng = np.random.default_rng(1)
    x = rng.normal(size=(500, 2))
    y = (x[:, 0] > 0).astype(np.float64)
    loose, _ = fit_logistic(x, y, l2=0.1)
    tight, _ = fit_logistic(x, y, l2=100.0)
    assert abs(tight[0]) < abs(loose[0])
