"""Surrogate least squares: the calibration method before the ABC posterior, kept to compare.

1. fit, for each target outcome, a quadratic response surface in the (scaled) parameters
   to a design's runs (point means) by ordinary least squares;
2. minimise the sum of squared deviations of the surfaces from the targets, each divided by
   its tolerance, within the bounds (scipy L-BFGS-B from several starts);
3. repeat steps 1-2 on bootstrap resamples of the design points to give each fitted value
   a 95% percentile interval.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd
from scipy import optimize

__all__ = ["fit"]


def _features(x: np.ndarray) -> np.ndarray:
    """Quadratic response-surface features of scaled parameters (rows = points)."""
    cols = [np.ones(len(x))]
    d = x.shape[1]
    cols += [x[:, i] for i in range(d)]
    cols += [x[:, i] * x[:, j] for i, j in itertools.combinations_with_replacement(range(d), 2)]
    return np.column_stack(cols)


def fit(
    runs: pd.DataFrame,
    rng: np.random.Generator,
    parameters: Mapping[str, tuple[float, float]],
    targets: Sequence[Any],
    n_boot: int = 200,
) -> dict:
    """Fit the parameters to the targets from a design's runs (see the module docstring).

    Args:
        runs: the design's runs, one row per run, with a ``point`` column.
        rng: the generator of the bootstrap resamples.
        parameters: ``{name: (low, high)}`` search bounds.
        targets: objects with ``outcome``, ``value``, ``tolerance`` (and ``at_least`` for a
            one-sided "N+" target: no loss at or above ``value``).
        n_boot: bootstrap resamples of the design points.

    Returns:
        ``{name: {"value", "ci_low", "ci_high", "bounds"}}``.
    """
    names = list(parameters)
    lo = np.array([parameters[n][0] for n in names])
    hi = np.array([parameters[n][1] for n in names])
    points = runs.groupby("point")
    x = (points[names].first().to_numpy(float) - lo) / (hi - lo)
    y = points[[t.outcome for t in targets]].mean().to_numpy(float)
    target = np.array([t.value for t in targets])
    tol = np.array([t.tolerance for t in targets])
    one_sided = np.array([bool(getattr(t, "at_least", False)) for t in targets])

    def solve(xs: np.ndarray, ys: np.ndarray) -> np.ndarray:
        coef, *_ = np.linalg.lstsq(_features(xs), ys, rcond=None)

        def loss(u: np.ndarray) -> float:
            pred = _features(u[None, :]) @ coef
            d = (pred[0] - target) / tol
            d = np.where(one_sided, np.minimum(d, 0.0), d)  # "N+": no loss at or above N
            return float(np.sum(d**2))

        if len(names) <= 3:  # the corners of the inner half of the box
            starts = list(itertools.product(*[(0.25, 0.75)] * len(names)))
        else:  # 2^d corners grow too fast: the centre and the four nearest design points
            near = np.argsort([loss(u) for u in xs])[:4]
            starts = [np.full(len(names), 0.5), *xs[near]]
        best = min(
            (
                optimize.minimize(
                    loss, np.array(s), method="L-BFGS-B", bounds=[(0, 1)] * len(names)
                )
                for s in starts
            ),
            key=lambda r: r.fun,
        )
        return best.x

    u_hat = solve(x, y)
    boots = []
    for _ in range(n_boot):
        idx = rng.integers(0, len(x), len(x))
        boots.append(solve(x[idx], y[idx]))
    boots = np.array(boots)
    fitted = lo + u_hat * (hi - lo)
    low = lo + np.percentile(boots, 2.5, axis=0) * (hi - lo)
    high = lo + np.percentile(boots, 97.5, axis=0) * (hi - lo)
    return {
        n: {"value": float(v), "ci_low": float(a), "ci_high": float(b), "bounds": parameters[n]}
        for n, v, a, b in zip(names, fitted, low, high, strict=True)
    }
