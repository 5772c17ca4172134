"""Approximate Bayesian computation by rejection, against several targets at once.

The rule, stated: each run of a Latin-hypercube design over the parameters' bounds is one
draw from a uniform prior on those bounds. Its distance to the data is the root mean square
of the targets' standardised deviations, ``sqrt(mean_t ((y_t - value_t) / tolerance_t)^2)``,
and the ``accept`` fraction of runs nearest the data (at least two) is the posterior
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

__all__ = ["abc_rejection", "distances"]


class _Target(Protocol):
    outcome: str
    value: float
    tolerance: float
    source: str


def distances(runs: pd.DataFrame, targets: Sequence[_Target]) -> np.ndarray:
    """Each run's distance to the targets (root mean square of standardised deviations)."""
    dev = np.column_stack(
        [(runs[t.outcome].to_numpy(float) - t.value) / t.tolerance for t in targets]
    )
    return np.sqrt(np.mean(dev**2, axis=1))


def _finite(x: float) -> float | None:
    return None if x is None or not math.isfinite(x) else float(x)


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
    rows = runs.dropna(subset=[t.outcome for t in targets]).reset_index(drop=True)
    d = distances(rows, targets)
    n_accept = max(2, math.ceil(accept * len(rows)))
    order = np.argsort(d, kind="stable")[:n_accept]
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
            "source": t.source,
            "mean": float(values.mean()),
            "ci_low": float(a),
            "ci_high": float(b),
            "within_tolerance": bool(abs(values.mean() - t.value) <= t.tolerance),
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
