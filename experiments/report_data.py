"""Tables the charts draw: DataFrames in, DataFrames out; nothing here imports the model.

Intervals are Student-t 95% intervals of the mean across runs (as in
:mod:`experiments.analysis`). In designs other than ``scenarios``, a scenario's runs span
several design points; the tables here then pool them, and the charts say so.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import stats

from experiments.analysis import mean_ci

__all__ = [
    "DAILY_MEASURES",
    "NEIGHBOURHOOD_OUTCOMES",
    "daily_bands",
    "department_table",
    "load_summaries",
    "marginal_table",
    "neighbourhood_table",
]

#: measures of the time-course chart, computed per run from the daily table
DAILY_MEASURES = ("backlog", "satisfaction", "trust_mean")
NEIGHBOURHOOD_OUTCOMES = ("mean_hours_to_close", "on_time_rate", "solved_rate", "satisfaction_mean")


def daily_bands(daily: pd.DataFrame, window: int = 7, level: float = 0.95) -> pd.DataFrame:
    """Mean and interval across runs of each daily measure, per scenario and day.

    Satisfaction is the share of ratings that were satisfied over the last ``window`` days
    (a ratio of sums, so days with few ratings weigh little); backlog and trust are the
    end-of-day values.

    Args:
        daily: rows of ``daily.parquet`` (``key``, ``scenario``, ``day``, ``backlog``,
            ``satisfied``, ``rated``, ``trust_mean``).
        window: days in the satisfaction window.
        level: confidence level.

    Returns:
        Columns ``scenario``, ``day``, ``measure``, ``mean``, ``low``, ``high``, ``n``.
    """
    frame = daily.sort_values(["key", "day"]).copy()
    runs = frame.groupby("key", sort=False)
    satisfied = runs["satisfied"].transform(lambda s: s.rolling(window, min_periods=1).sum())
    rated = runs["rated"].transform(lambda s: s.rolling(window, min_periods=1).sum())
    frame["satisfaction"] = (satisfied / rated.where(rated > 0)).astype(float)
    long = frame.melt(
        id_vars=["scenario", "day"], value_vars=list(DAILY_MEASURES), var_name="measure"
    )
    long["value"] = long["value"].astype(float)
    grouped = long.groupby(["scenario", "measure", "day"], sort=False)["value"]
    out = grouped.agg(mean="mean", sd="std", n="count").reset_index()
    with np.errstate(invalid="ignore", divide="ignore"):
        half = stats.t.ppf(0.5 + level / 2, out["n"] - 1) * out["sd"] / np.sqrt(out["n"])
    out["low"], out["high"] = out["mean"] - half, out["mean"] + half
    return out.drop(columns="sd")


def load_summaries(folder: Path, keys: Iterable[str]) -> list[dict]:
    """The per-run summaries ``folder/runs/KEY/summary.json`` of the given run keys."""
    out = []
    for key in keys:
        path = Path(folder) / "runs" / key / "summary.json"
        if path.exists():
            out.append(json.loads(path.read_text("utf-8")))
    return out


def neighbourhood_table(summaries: Sequence[dict]) -> pd.DataFrame:
    """Each neighbourhood's outcomes averaged over runs, per scenario.

    Rates undefined in a run (nothing closed or rated there) are left out of its mean.

    Returns:
        Columns ``scenario``, ``neighbourhood``, ``runs`` and one per outcome of
        :data:`NEIGHBOURHOOD_OUTCOMES`.
    """
    rows = [
        {"scenario": s["scenario"], "neighbourhood": name}
        | {o: np.nan if g.get(o) is None else float(g[o]) for o in NEIGHBOURHOOD_OUTCOMES}
        for s in summaries
        for name, g in s["by_neighbourhood"].items()
    ]
    frame = pd.DataFrame(rows)
    grouped = frame.groupby(["scenario", "neighbourhood"], sort=False)
    out = grouped[list(NEIGHBOURHOOD_OUTCOMES)].mean()
    out.insert(0, "runs", grouped.size())
    return out.reset_index()


def department_table(
    runs: pd.DataFrame,
    fields: Sequence[str] = ("utilisation", "mean_wait_hours"),
    level: float = 0.95,
) -> pd.DataFrame:
    """Mean and interval per scenario and department of ``departments.<id>.<field>`` columns.

    Returns:
        Columns ``scenario``, ``department``, ``field``, ``mean``, ``low``, ``high``, ``n``.
    """
    rows = []
    depts = [c.split(".")[1] for c in runs.columns if c.startswith("departments.")]
    depts = list(dict.fromkeys(depts))
    for scenario, group in runs.groupby("scenario", sort=False):
        for dept in depts:
            for field in fields:
                col = f"departments.{dept}.{field}"
                if col not in group:
                    continue
                mean, low, high, n = mean_ci(pd.to_numeric(group[col]).to_numpy(float), level)
                rows.append(
                    {"scenario": scenario, "department": dept, "field": field}
                    | {"mean": mean, "low": low, "high": high, "n": n}
                )
    return pd.DataFrame(rows)


def marginal_table(
    runs: pd.DataFrame,
    parameters: Sequence[str],
    outcomes: Sequence[str],
    max_levels: int = 8,
    bins: int = 5,
    level: float = 0.95,
) -> pd.DataFrame:
    """Each outcome's mean and interval against each varied parameter, other values pooled.

    A parameter with at most ``max_levels`` distinct values (a grid) is grouped by value;
    a sampled one is cut into ``bins`` quantile bins, placed at the mean value in the bin.

    Returns:
        Columns ``scenario``, ``parameter``, ``x``, ``outcome``, ``mean``, ``low``,
        ``high``, ``n``; ``x`` is a number, or text for a categorical parameter.
    """
    rows = []
    for param in parameters:
        values = runs[param]
        numeric = pd.api.types.is_numeric_dtype(values)
        if not numeric or values.nunique() <= max_levels:
            level_of = values
        else:
            codes = pd.qcut(values, bins, labels=False, duplicates="drop")
            level_of = values.groupby(codes).transform("mean")
        for (scenario, x), group in runs.groupby(["scenario", level_of], sort=True):
            for outcome in outcomes:
                mean, low, high, n = mean_ci(pd.to_numeric(group[outcome]).to_numpy(float), level)
                rows.append(
                    {"scenario": scenario, "parameter": param, "x": x, "outcome": outcome}
                    | {"mean": mean, "low": low, "high": high, "n": n}
                )
    return pd.DataFrame(rows)
