"""L2-regularised logistic regression by Newton-CG, in numpy: deterministic, no solver dependency.

Used by ``scripts/train_checkworthiness.py`` to fit the check-worthiness scorer and its Platt
calibration. Each Newton step solves ``H s = g`` by conjugate gradients using Hessian-vector products
(``Xᵀ D X v`` without forming ``H``), so thousands of features cost no more than a few matrix products.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]


def sigmoid(x: FloatArray) -> FloatArray:
    return np.asarray(0.5 * (1.0 + np.tanh(0.5 * x)))  # tanh form: no overflow warnings


def fit_logistic(
    x: FloatArray,
    y: FloatArray,
    *,
    l2: float,
    sample_weight: FloatArray | None = None,
    newton_steps: int = 30,
    cg_steps: int = 100,
    tolerance: float = 1e-7,
) -> tuple[FloatArray, float]:
    """Weights and intercept minimising ``sum_i s_i * logloss_i + l2/2 * |w|²`` (intercept unpenalised)."""
    n, d = x.shape
    s = np.ones(n) if sample_weight is None else sample_weight
    theta = np.zeros(d + 1)

    def hvp(v: FloatArray, curvature: FloatArray) -> FloatArray:
        xv = x @ v[:d] + v[d]
        weighted = curvature * xv
        out = np.empty(d + 1)
        out[:d] = x.T @ weighted + l2 * v[:d]
        out[d] = weighted.sum()
        return out

    for _ in range(newton_steps):
        p = sigmoid(x @ theta[:d] + theta[d])
        residual = s * (p - y)
        grad = np.empty(d + 1)
        grad[:d] = x.T @ residual + l2 * theta[:d]
        grad[d] = residual.sum()
        if np.abs(grad).max() < tolerance * n:
            break
        curvature = s * p * (1 - p) + 1e-12
        step = _conjugate_gradient(lambda v: hvp(v, curvature), grad, cg_steps)  # noqa: B023
        theta -= step
    return theta[:d].copy(), float(theta[d])


def _conjugate_gradient(matvec: Callable[[FloatArray], FloatArray], b: FloatArray, steps: int) -> FloatArray:
    solution = np.zeros_like(b)
    residual = b.copy()
    direction = residual.copy()
    norm = residual @ residual
    for _ in range(steps):
        product = matvec(direction)
        alpha = norm / (direction @ product)
        solution += alpha * direction
        residual -= alpha * product
        new_norm = residual @ residual
        if new_norm < 1e-20:
            break
        direction = residual + (new_norm / norm) * direction
        norm = new_norm
    return solution
