"""From a Morris screening to a Sobol design: which parameters go on, by a stated rule.

The rule reads only the paired policy differences (*co-governance - baseline*), the targets
the exploratory analysis is about. For each difference target, each parameter's Morris
``mu_star`` is divided by the largest ``mu_star`` on that target (its relative influence,
free of the target's unit); a parameter's **score** is its largest relative influence over
the difference targets, and its **mean** the mean of its relative influences over them.
Parameters are ranked by score, ties (several parameters lead one difference each, score 1)
by mean, then by name. Selected are:

- with ``top = k``: the first ``k``;
- otherwise every parameter scoring at least ``threshold`` (default 0.25: at least a quarter
  of the strongest effect on some difference), at least ``min_k`` and at most ``max_k`` of
  them (the Sobol design costs ``samples x (k + 2)`` rows).
"""

from __future__ import annotations

import pandas as pd

from cogov.experiments.uncertainties import UNCERTAINTIES

__all__ = ["THRESHOLD", "rule_text", "select_parameters"]

#: the default share of the strongest effect on some difference that selects a parameter
THRESHOLD = 0.25
_READS = {u.name: u for u in UNCERTAINTIES}


def rule_text(top: int | None, threshold: float, min_k: int, max_k: int) -> str:
    """The selection rule in words (written next to the selection)."""
    ranked = (
        "parameters ranked by score = max over the paired-difference targets of "
        "mu_star / (largest mu_star on that target), ties by the mean of that ratio"
    )
    if top is not None:
        return f"{ranked}; the first {top}"
    return f"{ranked}; those with score >= {threshold:g}, at least {min_k}, at most {max_k}"


def select_parameters(
    morris: pd.DataFrame,
    top: int | None = None,
    threshold: float = THRESHOLD,
    min_k: int = 2,
    max_k: int = 6,
) -> pd.DataFrame:
    """Rank the screened parameters by their influence on the paired differences.

    Args:
        morris: from :func:`cogov.experiments.sensitivity.morris_table`; targets with
            ``" - "`` in their name are the paired differences.
        top: select exactly the first ``top`` (overrides the threshold rule).
        threshold: the score that selects a parameter.
        min_k: select at least this many.
        max_k: select at most this many.

    Returns:
        One row per parameter, first first: ``rank`` (1 = first), ``parameter``, ``score``,
        ``mean``, ``target`` (where the score was reached), ``mu_star`` there,
        ``by_construction`` (only co-governance reads it) and ``selected``.

    Raises:
        ValueError: if ``morris`` has no paired-difference target.
    """
    diffs = morris[morris["target"].str.contains(" - ", regex=False)].copy()
    if diffs.empty:
        raise ValueError("no paired-difference target in the Morris table")
    largest = diffs.groupby("target")["mu_star"].transform("max")
    diffs["score"] = (diffs["mu_star"] / largest.where(largest > 0)).fillna(0.0)
    mean = diffs.groupby("parameter")["score"].mean()
    best = diffs.sort_values(["score", "target"], ascending=[False, True])
    best = best.drop_duplicates("parameter").copy()
    best["mean"] = best["parameter"].map(mean)
    order = ["score", "mean", "parameter"]
    best = best.sort_values(order, ascending=[False, False, True], ignore_index=True)
    best["rank"] = range(1, len(best) + 1)
    if top is not None:
        chosen = best["rank"] <= top
    else:
        k = int((best["score"] >= threshold).sum())
        chosen = best["rank"] <= min(max(k, min_k), max_k)
    best["selected"] = chosen
    best["by_construction"] = [
        _READS[p].by_construction if p in _READS else False for p in best["parameter"]
    ]
    cols = ["rank", "parameter", "score", "mean", "target", "mu_star", "by_construction",
            "selected"]  # fmt: skip
    return best[cols]
