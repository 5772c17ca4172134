"""Approximate Bayesian computation against several targets at once.

Two methods: rejection, and rejection with Beaumont, Zhang & Balding's (2002) local-linear
regression adjustment.

The rule, stated: each run of a Latin-hypercube design over the parameters' bounds is one
draw from a uniform prior on those bounds. Its distance to the data is the root mean square
of the targets' standardised deviations, ``sqrt(mean_t d_t^2)``: ``d_t = (y_t - value_t) /
tolerance_t`` for a target of a value, ``d_t = min(0, y_t - value_t) / tolerance_t`` for a
target of *at least* a value (a count the source gives as "N+": every outcome at or above it
fits exactly, one below it is as far as its shortfall; :func:`deviation`), and the
``accept`` fraction of runs nearest the data (at least two) is the posterior
sample. Reported per parameter: posterior mean, median and 95% interval, and whether the
data pin it down (its 95% interval spans less than ``pinned_share`` of the prior range;
otherwise it is reported as *not identified*, not fixed silently); the posterior's pairwise
correlations; and a posterior-predictive check of every target (accepted runs' mean and
95% interval against the target and its tolerance). Nothing here runs the model.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping, Sequence
from typing import Any, Protocol

import numpy as np
import pandas as pd

__all__ = [
    "abc_loclinear",
    "abc_rejection",
    "deviation",
    "distances",
    "epanechnikov",
    "fits",
    "reaches",
    "weighted_quantile",
]


class _Target(Protocol):
    outcome: str
    value: float
    tolerance: float
    source: str


def deviation(target: _Target, x: np.ndarray | float) -> np.ndarray:
    """Standardised deviation of outcomes ``x`` from ``target``, in tolerances.

    Two-sided (a value): ``(x - value) / tolerance``. One-sided (``target.at_least``, a count
    given as "N+"): ``min(0, x - value) / tolerance`` — zero at or above the value, the
    shortfall below it; its square is ``(max(0, value - x) / tolerance)^2``. A target without
    an ``at_least`` attribute is two-sided.
    """
    d = (np.asarray(x, dtype=float) - target.value) / target.tolerance
    return np.minimum(d, 0.0) if getattr(target, "at_least", False) else d


def fits(target: _Target, mean: float) -> bool:
    """Whether a mean outcome is within tolerance of the target (for "N+": above N − tol)."""
    return bool(abs(float(deviation(target, mean))) <= 1.0)


def reaches(target: _Target, low: float, high: float) -> bool:
    """Whether a range ``[low, high]`` of outcomes reaches the target ("N+": ``high >= N``)."""
    if getattr(target, "at_least", False):
        return bool(high >= target.value)
    return bool(low <= target.value <= high)


def distances(runs: pd.DataFrame, targets: Sequence[_Target]) -> np.ndarray:
    """Each run's distance to the targets (root mean square of standardised deviations)."""
    dev = np.column_stack([deviation(t, runs[t.outcome].to_numpy(float)) for t in targets])
    return np.sqrt(np.mean(dev**2, axis=1))


def _finite(x: float) -> float | None:
    return None if x is None or not math.isfinite(x) else float(x)


def _nearest(
    runs: pd.DataFrame, targets: Sequence[_Target], accept: float, least: int
) -> tuple[pd.DataFrame, np.ndarray, np.ndarray]:
    """The runs with every target outcome, their distances, and the accepted ones' indices.

    The ``accept`` share of runs nearest the data is accepted, at least ``least`` and at most
    all of them, nearest first (ties in run order).
    """
    rows = runs.dropna(subset=[t.outcome for t in targets]).reset_index(drop=True)
    d = distances(rows, targets)
    n_accept = min(len(rows), max(least, math.ceil(accept * len(rows))))
    return rows, d, np.argsort(d, kind="stable")[:n_accept]


def abc_rejection(
    runs: pd.DataFrame,
    parameters: Mapping[str, tuple[float, float]],
    targets: Sequence[_Target],
    accept: float = 0.2,
    pinned_share: float = 0.5,
) -> dict[str, Any]:
    """The ABC-rejection posterior of ``parameters`` from a design's runs.

    Args:
        runs: one row per run, with the parameter and target outcome columns.
        parameters: ``{name: (low, high)}``, the uniform prior's bounds.
        targets: the data (``outcome``, ``value``, ``tolerance``, ``source``).
        accept: share of runs accepted (the nearest).
        pinned_share: widest 95% interval, as a share of the prior range, of a parameter
            the data pin down.

    Returns:
        A JSON-ready dict: ``method``, ``accepted``, ``draws``, ``epsilon`` (the largest
        accepted distance), ``parameters``, ``correlations`` and ``predictive``.
    """
    names = list(parameters)
    rows, d, order = _nearest(runs, targets, accept, least=2)
    n_accept = len(order)
    post = rows.iloc[order]
    summary = {}
    for name in names:
        lo, hi = parameters[name]
        values = post[name].to_numpy(float)
        a, b = np.percentile(values, [2.5, 97.5])
        summary[name] = {
            "mean": float(values.mean()),
            "median": float(np.median(values)),
            "ci_low": float(a),
            "ci_high": float(b),
            "prior": [lo, hi],
            "identified": bool((b - a) < pinned_share * (hi - lo)),
        }
    correlations = {
        f"{x} ~ {y}": _finite(float(np.corrcoef(post[x], post[y])[0, 1]))
        if post[x].std() > 0 and post[y].std() > 0
        else None
        for x, y in itertools.combinations(names, 2)
    }
    predictive = {}
    for t in targets:
        values = post[t.outcome].to_numpy(float)
        a, b = np.percentile(values, [2.5, 97.5])
        predictive[t.outcome] = {
            "target": t.value,
            "tolerance": t.tolerance,
            "at_least": bool(getattr(t, "at_least", False)),
            "source": t.source,
            "mean": float(values.mean()),
            "ci_low": float(a),
            "ci_high": float(b),
            "within_tolerance": fits(t, float(values.mean())),
        }
    return {
        "method": f"ABC rejection: uniform prior on the bounds (the design's runs), distance = "
        f"RMS of (outcome - target) / tolerance over {len(targets)} targets, nearest "
        f"{accept:.0%} accepted",
        "draws": len(rows),
        "accepted": n_accept,
        "epsilon": float(d[order[-1]]),
        "parameters": summary,
        "correlations": correlations,
        "predictive": predictive,
    }


def epanechnikov(d: np.ndarray, epsilon: float) -> np.ndarray:
    """Kernel weights ``1 - (d / epsilon)^2`` inside ``epsilon``, 0 outside."""
    if epsilon <= 0:
        return np.ones_like(d, dtype=float)
    return np.clip(1.0 - (np.asarray(d, float) / epsilon) ** 2, 0.0, None)


def weighted_quantile(x: np.ndarray, w: np.ndarray, q: Sequence[float] | float) -> np.ndarray:
    """Quantiles of ``x`` under weights ``w`` (each value at the middle of its weight)."""
    order = np.argsort(x, kind="stable")
    xs, ws = np.asarray(x, float)[order], np.asarray(w, float)[order]
    at = (np.cumsum(ws) - 0.5 * ws) / ws.sum()
    return np.interp(q, at, xs)


def _logit(u: np.ndarray, eps: float = 1e-3) -> np.ndarray:
    u = np.clip(u, eps, 1.0 - eps)
    return np.log(u / (1.0 - u))


def abc_loclinear(
    runs: pd.DataFrame,
    parameters: Mapping[str, tuple[float, float]],
    targets: Sequence[_Target],
    accept: float = 0.2,
    pinned_share: float = 0.5,
) -> dict[str, Any]:
    """The regression-adjusted ABC posterior (see the module docstring).

    Args:
        runs: one row per run (a draw from the uniform prior), with the parameter and target
            outcome columns.
        parameters: ``{name: (low, high)}``, the uniform prior's bounds.
        targets: the data the posterior is conditioned on.
        accept: share of runs accepted (the nearest) before weighting.
        pinned_share: widest 95% interval, as a share of the prior range, of a parameter
            the data pin down (narrower: ``identified``; otherwise reported as not).

    Returns:
        A JSON-ready dict: ``method``, ``draws``, ``accepted``, ``epsilon``, ``parameters``
        (weighted mean, median, 95% interval, ``identified``, the regression's slopes),
        ``centre`` (``{name: value}``), ``correlations`` and ``samples`` (the adjusted draws
        with their weights, for a posterior-predictive run).
    """
    names = list(parameters)
    rows, d, order = _nearest(runs, targets, accept, least=len(names) + 2)
    n_accept = len(order)
    post = rows.iloc[order]
    epsilon = float(d[order[-1]])
    w = epanechnikov(d[order], epsilon)
    if w.sum() <= 0:  # every accepted draw at the same distance
        w = np.ones_like(w)
    # regressors: the same deviations as the distance (a "N+" target's is 0 at or above N,
    # so draws that reach it are not moved along it)
    s = np.column_stack([deviation(t, post[t.outcome].to_numpy(float)) for t in targets])
    lo = np.array([parameters[n][0] for n in names], float)
    hi = np.array([parameters[n][1] for n in names], float)
    z = _logit((post[names].to_numpy(float) - lo) / (hi - lo))
    x = np.column_stack([np.ones(len(s)), s])
    sw = np.sqrt(w)[:, None]
    coef, *_ = np.linalg.lstsq(x * sw, z * sw, rcond=None)  # (1 + targets) x parameters
    u = 1.0 / (1.0 + np.exp(-(z - s @ coef[1:])))
    theta = lo + u * (hi - lo)
    wn = w / w.sum()
    mean_u = wn @ u
    centre = theta[int(np.argmin(np.where(w > 0, np.sum((u - mean_u) ** 2, axis=1), np.inf)))]
    summary = {}
    for i, name in enumerate(names):
        a, med, b = weighted_quantile(theta[:, i], w, [0.025, 0.5, 0.975])
        summary[name] = {
            "mean": float(wn @ theta[:, i]),
            "median": float(med),
            "ci_low": float(a),
            "ci_high": float(b),
            "centre": float(centre[i]),
            "prior": [float(lo[i]), float(hi[i])],
            "identified": bool((b - a) < pinned_share * (hi[i] - lo[i])),
            "slopes": {t.outcome: float(coef[1 + j, i]) for j, t in enumerate(targets)},
        }
    cov = np.atleast_2d(np.cov(theta, rowvar=False, aweights=w))
    sd = np.sqrt(np.diag(cov))
    correlations = {
        f"{names[i]} ~ {names[j]}": _finite(cov[i, j] / (sd[i] * sd[j]))
        if sd[i] > 0 and sd[j] > 0
        else None
        for i, j in itertools.combinations(range(len(names)), 2)
    }
    return {
        "method": "ABC rejection with local-linear regression adjustment (Beaumont, Zhang & "
        "Balding 2002; R abc 'loclinear', transf='logit'): uniform prior on the bounds (the "
        "design's runs), distance = RMS of (outcome - target) / tolerance over "
        f"{len(targets)} targets, nearest {accept:.0%} accepted, Epanechnikov weights, "
        "weighted least squares of each parameter's logit on the standardised deviations; "
        "centre = the adjusted draw nearest the weighted posterior mean (prior-scaled units)",
        "draws": len(rows),
        "accepted": n_accept,
        "epsilon": epsilon,
        "pinned_share": pinned_share,
        "parameters": summary,
        "centre": {n: float(c) for n, c in zip(names, centre, strict=True)},
        "correlations": correlations,
        "samples": {
            "weights": [float(v) for v in wn],
            **{n: [float(v) for v in theta[:, i]] for i, n in enumerate(names)},
        },
    }
