"""Tables the charts draw: DataFrames in, DataFrames out; nothing here imports the model.

Intervals are Student-t 95% intervals of the mean across runs (as in
:mod:`cogov.experiments.analysis.estimates`). In designs other than ``scenarios``, a
scenario's runs span several design points; the tables here then pool them, and the charts say so.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from cogov.experiments.analysis.estimates import mean_ci, t_quantile
from cogov.sim.outcomes import GROUP_OUTCOMES

__all__ = [
    "DAILY_MEASURES",
    "NEIGHBOURHOOD_OUTCOMES",
    "Groups",
    "daily_bands",
    "department_table",
    "group_runs",
    "load_summaries",
    "marginal_table",
    "neighbourhood_intervals",
    "neighbourhood_table",
]

#: measures of the time-course chart, computed per run from the daily table
DAILY_MEASURES = ("backlog", "satisfaction", "trust_change")
#: outcomes kept per neighbourhood (the registry's group outcomes)
NEIGHBOURHOOD_OUTCOMES = GROUP_OUTCOMES


def daily_bands(daily: pd.DataFrame, window: int = 7, level: float = 0.95) -> pd.DataFrame:
    """Mean and interval across runs of each measure, week by week, per scenario.

    Values are taken at the end of every ``window`` days (and on a run's last day), so the
    chart shows smoothed weekly values rather than daily spikes. Satisfaction is the share
    of ratings that were satisfied over those ``window`` days (a ratio of sums, so days with
    few ratings weigh little); backlog is the count at the end of the last day. Trust is
    the change of residents' mean trust since the end of the first day, because the
    starting level differs between replicates (their populations differ) far more than
    between scenarios, and it would hide the changes the policies make.

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
    first = frame.groupby("key", sort=False)["trust_mean"].transform("first")
    frame["trust_change"] = frame["trust_mean"].astype(float) - first
    last = frame.groupby("key", sort=False)["day"].transform("max")
    frame = frame[((frame["day"] + 1) % window == 0) | (frame["day"] == last)]
    long = frame.melt(
        id_vars=["scenario", "day"], value_vars=list(DAILY_MEASURES), var_name="measure"
    )
    long["value"] = long["value"].astype(float)
    grouped = long.groupby(["scenario", "measure", "day"], sort=False)["value"]
    out = grouped.agg(mean="mean", sd="std", n="count").reset_index()
    if (out["n"] > 1).any():
        with np.errstate(invalid="ignore", divide="ignore"):
            half = t_quantile(0.5 + level / 2, out["n"] - 1) * out["sd"] / np.sqrt(out["n"])
    else:  # one run per scenario (`cogov run`): no interval, and no need of scipy.stats
        half = out["sd"]  # all NaN: the standard deviation of one value
    out["low"], out["high"] = out["mean"] - half, out["mean"] + half
    return out.drop(columns="sd")


def load_summaries(folder: Path, keys: Iterable[str]) -> dict[str, dict]:
    """The per-run summaries ``folder/runs/KEY/summary.json`` of the given run keys, by key."""
    out = {}
    for key in keys:
        path = Path(folder) / "runs" / key / "summary.json"
        if path.exists():
            out[key] = json.loads(path.read_text("utf-8"))
    return out


@dataclass(frozen=True, slots=True)
class Groups:
    """How the report groups runs: by scenario, or by design point in a ``points`` design.

    Attributes:
        by_key: run key -> group label.
        order: group labels in the order shown.
        reference: the reference group, or ``None``.
        points: (label, full parameter values) per design point of a ``points`` design.
        by_point: design point -> group label (``points`` designs only).
    """

    by_key: dict[str, str]
    order: list[str]
    reference: str | None
    points: list[tuple[str, str]]
    by_point: dict[int, str]


def group_runs(runs: pd.DataFrame, manifest: dict, width: int = 34) -> Groups:
    """Group runs by scenario, or, in a ``points`` design, by design point.

    Design points are labelled ``#k`` and the parameter values where they differ from the
    first point, cut to ``width`` characters; the first point is the reference (the
    design's baseline).
    """
    scenarios = [s for s in manifest["scenarios"] if s in set(runs["scenario"])]
    if manifest.get("design") != "points":
        reference = manifest.get("reference")
        reference = reference if reference in scenarios else None
        by_key = dict(zip(runs["key"], runs["scenario"], strict=True))
        return Groups(by_key, scenarios, reference, [], {})
    params = list(manifest.get("parameters") or [])
    labels, points = {}, []
    base = None
    for point, group in runs.groupby("point", sort=True):
        first = group.iloc[0]
        values = [f"{p} = {first[p]}" for p in params if pd.notna(first[p])]
        if len(scenarios) > 1:
            values.insert(0, str(first["scenario"]))
        text = "; ".join(values)
        changed = [v for v in values if base is None or v not in base]  # what differs from #0
        base = values if base is None else base
        short = f"#{point} " + "; ".join(changed or values)
        labels[int(point)] = short if len(short) <= width else short[: width - 1] + "…"
        points.append((labels[int(point)], text))
    by_key = {k: labels[int(p)] for k, p in zip(runs["key"], runs["point"], strict=True)}
    order = [labels[p] for p in sorted(labels)]
    return Groups(by_key, order, order[0], points, labels)


def neighbourhood_table(summaries: Sequence[dict]) -> pd.DataFrame:
    """Each neighbourhood's outcomes averaged over runs, per scenario (``summary["scenario"]``).

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


def neighbourhood_intervals(
    summaries: Sequence[dict],
    outcome: str,
    group: str,
    reference: str | None = None,
    level: float = 0.95,
) -> pd.DataFrame:
    """Per neighbourhood: ``outcome`` under ``group``, or its difference from ``reference``.

    Differences are paired by seed; each comes with its Student-t interval.
    Without a reference, ``noise`` marks neighbourhoods whose interval includes the mean of
    all neighbourhoods (they are not told apart from the average); with one, those whose
    difference interval includes zero.

    Args:
        summaries: per-run summaries whose ``scenario`` is the run's group.
        outcome: a neighbourhood outcome.
        group: the group shown.
        reference: the group subtracted, or ``None``.
        level: confidence level.

    Returns:
        Columns ``neighbourhood``, ``mean``, ``low``, ``high``, ``n``, ``noise``.
    """
    rows = [
        {"scenario": s["scenario"], "seed": s.get("seed"), "neighbourhood": name}
        | {"value": np.nan if g.get(outcome) is None else float(g[outcome])}
        for s in summaries
        if s["scenario"] in (group, reference)
        for name, g in s["by_neighbourhood"].items()
    ]
    frame = pd.DataFrame(rows)
    values = frame.pivot_table(
        index=["neighbourhood", "seed"], columns="scenario", values="value", dropna=False
    )
    series = values[group] - values[reference] if reference is not None else values[group]
    out = []
    for name, x in series.groupby(level=0, sort=False):
        mean, low, high, n = mean_ci(x.to_numpy(float), level)
        out.append({"neighbourhood": name, "mean": mean, "low": low, "high": high, "n": n})
    table = pd.DataFrame(out)
    centre = 0.0 if reference is not None else float(table["mean"].mean())
    table["noise"] = ~((table["low"] > centre) | (table["high"] < centre))
    return table


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
