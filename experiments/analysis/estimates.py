"""Analysis of batch results: DataFrames in, estimates with confidence intervals out.

Nothing here imports the model. Intervals are Student-t intervals of the mean across
replicates. Differences from the reference scenario are paired by replicate seed when the
two design points share all their seeds (common random numbers, the default of experiment
files), and Welch intervals otherwise.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from cogov.sim.outcomes import key_outcomes

__all__ = [
    "design_columns",
    "difference",
    "load_runs",
    "mean_ci",
    "outcome_columns",
    "sobol_table",
    "summarize",
    "t_quantile",
]

_META = {
    "key",
    "experiment",
    "index",
    "point",
    "scenario",
    "replicate",
    "seed",
    "days",
    "sobol_matrix",
    "sobol_row",
    "status",
    "error",
    "wall_seconds",
    "policy",
    "dispatch_order",
}


def load_runs(folder: str | Path, ok_only: bool = True) -> pd.DataFrame:
    """Read ``runs.parquet`` of a results folder (successful runs only by default)."""
    runs = pd.read_parquet(Path(folder) / "runs.parquet")
    return runs[runs["status"] == "ok"].reset_index(drop=True) if ok_only else runs


def design_columns(runs: pd.DataFrame) -> list[str]:
    """Varied-parameter columns (dotted scenario keys) present in ``runs``."""
    return [c for c in runs.columns if "." in c and c not in _META and not _is_outcome_name(c)]


def _is_outcome_name(name: str) -> bool:
    return name.split(".", 1)[0] in {"found_by", "handled_by", "departments"}


def outcome_columns(runs: pd.DataFrame) -> list[str]:
    """Numeric outcome columns, key outcomes first."""
    params = set(design_columns(runs))
    numeric = [
        c
        for c in runs.columns
        if c not in _META and c not in params and pd.api.types.is_numeric_dtype(runs[c])
    ]
    first = [c for c in key_outcomes() if c in numeric]
    return first + [c for c in numeric if c not in first]


def t_quantile(q: float, dof: float | np.ndarray | pd.Series) -> float | np.ndarray:
    """Student's t quantile ``q`` at ``dof`` degrees of freedom (a number or an array).

    scipy.stats is imported on first use, not with this module: ``cogov run`` reaches this
    module (through its charts) without needing it, and it is slow to import
    (benchmarks/README.md).
    """
    from scipy import stats

    return stats.t.ppf(q, dof)


def mean_ci(values: np.ndarray, level: float = 0.95) -> tuple[float, float, float, int]:
    """Mean and two-sided Student-t interval of the mean; NaNs are dropped.

    Returns:
        ``(mean, low, high, n)``; the interval is NaN with fewer than two values.
    """
    x = np.asarray(values, dtype=float)
    x = x[np.isfinite(x)]
    n = x.size
    if n == 0:
        return (np.nan, np.nan, np.nan, 0)
    mean = float(x.mean())
    if n < 2:
        return (mean, np.nan, np.nan, n)
    half = t_quantile(0.5 + level / 2, n - 1) * x.std(ddof=1) / np.sqrt(n)
    return (mean, mean - half, mean + half, n)


def difference(
    a: pd.DataFrame, b: pd.DataFrame, col: str, level: float = 0.95
) -> tuple[float, float, float, bool]:
    """Difference a - b of the means of ``col`` with its interval.

    Paired by seed when both sets of runs have the same seeds (common random numbers),
    Welch's interval otherwise.

    Returns:
        ``(difference, low, high, paired)``.
    """
    sa, sb = set(a["seed"]), set(b["seed"])
    if sa == sb and len(a) == len(sa) and len(b) == len(sb):
        merged = a[["seed", col]].merge(b[["seed", col]], on="seed", suffixes=("_a", "_b"))
        mean, low, high, _ = mean_ci(merged[f"{col}_a"] - merged[f"{col}_b"], level)
        return mean, low, high, True
    xa = a[col].dropna().to_numpy(float)
    xb = b[col].dropna().to_numpy(float)
    if xa.size < 2 or xb.size < 2:
        return np.nan, np.nan, np.nan, False
    va, vb = xa.var(ddof=1) / xa.size, xb.var(ddof=1) / xb.size
    diff = xa.mean() - xb.mean()
    se = np.sqrt(va + vb)
    if se == 0:
        return diff, diff, diff, False
    dof = (va + vb) ** 2 / (va**2 / (xa.size - 1) + vb**2 / (xb.size - 1))
    half = t_quantile(0.5 + level / 2, dof) * se
    return diff, diff - half, diff + half, False


def summarize(
    runs: pd.DataFrame,
    outcomes: list[str] | None = None,
    reference: str | None = None,
    level: float = 0.95,
    reference_point: int | None = None,
) -> pd.DataFrame:
    """Mean and interval of each outcome per design point, and differences.

    The difference is taken from the reference scenario at the same parameter values, or
    from one reference design point (for ``points`` designs over one scenario).

    Args:
        runs: successful runs (as from :func:`load_runs`).
        outcomes: columns to summarise (default: every numeric outcome).
        reference: scenario to difference against (default: none).
        level: confidence level.
        reference_point: design point to difference against instead of a scenario.

    Returns:
        One row per (point, outcome).
    """
    outcomes = outcomes or outcome_columns(runs)
    params = design_columns(runs)
    rows = []
    for point, group in runs.groupby("point", sort=True):
        first = group.iloc[0]
        label = {"point": int(point), "scenario": first["scenario"]}
        label.update({p: first[p] for p in params})
        ref = None
        ref_label = reference
        if reference_point is not None:
            ref_label = f"point {reference_point}"
            if point != reference_point:
                ref = runs[runs["point"] == reference_point]
        elif reference is not None and first["scenario"] != reference:
            same = runs["scenario"] == reference
            for p in params:
                same &= runs[p] == first[p]
            ref = runs[same] if same.any() else None
        for col in outcomes:
            mean, low, high, n = mean_ci(group[col].to_numpy(float), level)
            row = {**label, "outcome": col, "n": n, "mean": mean, "ci_low": low, "ci_high": high}
            if ref is not None:
                d, dl, dh, paired = difference(group, ref, col, level)
                row.update(reference=ref_label, diff=d, diff_low=dl, diff_high=dh, paired=paired)
            rows.append(row)
    return pd.DataFrame(rows)


def sobol_table(
    runs: pd.DataFrame,
    parameters: list[str],
    outcomes: list[str],
    n_resamples: int = 999,
    level: float = 0.95,
    seed: int = 0,
) -> pd.DataFrame:
    """First-order and total Sobol indices with bootstrap intervals (scipy, Saltelli 2010).

    ``runs`` must come from a ``sobol`` design: rows labelled ``sobol_matrix`` A, B and
    AB<i> and ``sobol_row`` j; replicates of a row are averaged.

    Raises:
        ValueError: if the runs are not a complete sobol design or an outcome is undefined.
    """
    if "sobol_matrix" not in runs or not (runs["sobol_matrix"] == "A").any():
        raise ValueError("these runs are not from a sobol design (design.kind = 'sobol')")
    n = int(runs.loc[runs["sobol_matrix"] == "A", "sobol_row"].max()) + 1
    d = len(parameters)
    means = runs.groupby(["sobol_matrix", "sobol_row"])[outcomes].mean()

    def block(name: str) -> np.ndarray:
        try:
            values = means.loc[name].reindex(range(n))[outcomes].to_numpy(float).T
        except KeyError:
            raise ValueError(f"sobol design incomplete: no runs of matrix {name}") from None
        if not np.all(np.isfinite(values)):
            raise ValueError(f"sobol design incomplete or an outcome undefined in {name}")
        return values

    f_a, f_b = block("A"), block("B")
    f_ab = np.stack([block(f"AB{i}") for i in range(d)])
    from scipy import stats

    result = stats.sobol_indices(
        func={"f_A": f_a, "f_B": f_b, "f_AB": f_ab}, n=n, rng=np.random.default_rng(seed)
    )
    boot = result.bootstrap(confidence_level=level, n_resamples=n_resamples)
    shape = (len(outcomes), d)  # scipy squeezes a single outcome to 1-D

    def grid(x: np.ndarray) -> np.ndarray:
        return np.reshape(np.asarray(x), shape)

    s1, st = grid(result.first_order), grid(result.total_order)
    s1_ci, st_ci = boot.first_order.confidence_interval, boot.total_order.confidence_interval
    s1_lo, s1_hi, st_lo, st_hi = (grid(x) for x in (s1_ci.low, s1_ci.high, st_ci.low, st_ci.high))
    rows = []
    for o, outcome in enumerate(outcomes):
        for p, param in enumerate(parameters):
            rows.append(
                {
                    "outcome": outcome,
                    "parameter": param,
                    "first_order": s1[o, p],
                    "first_low": s1_lo[o, p],
                    "first_high": s1_hi[o, p],
                    "total_order": st[o, p],
                    "total_low": st_lo[o, p],
                    "total_high": st_hi[o, p],
                }
            )
    return pd.DataFrame(rows)
