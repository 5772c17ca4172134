"""Collective petitions per design point of a batch: the count, the petition-free runs, sizes.

Usage: ``python scripts/petition_free.py DIR [COLUMN ...]`` with DIR a results folder of
``cogov batch``; the runs are grouped by the columns given (default: ``scenario`` and
``point``). For each group it prints the runs, petitions a year (mean, 95% t interval,
range), the runs with no collective petition (count, share and 95% Wilson interval), the
mean petition size over all petitions (each run's ``petition_size_mean`` weighted by its
petitions), and the council's reach and mean grievance. docs/VALIDATION.md 6.3 uses it.
"""

from __future__ import annotations

import math
import sys
from pathlib import Path

import pandas as pd
from scipy import stats


def wilson(k: int, n: int, level: float = 0.95) -> tuple[float, float]:
    """The Wilson score interval of a proportion ``k / n``."""
    ci = stats.binomtest(k, n).proportion_ci(level, method="wilson")
    return float(ci.low), float(ci.high)


def mean_ci(values: pd.Series, level: float = 0.95) -> tuple[float, float, float]:
    """The mean of ``values`` and its t interval (the mean twice when it cannot be formed)."""
    x = values.astype(float)
    m = float(x.mean())
    if len(x) < 2 or float(x.std(ddof=1)) == 0.0:
        return m, m, m
    h = stats.t.ppf(0.5 + level / 2, len(x) - 1) * float(x.std(ddof=1)) / math.sqrt(len(x))
    return m, m - h, m + h


def rows(runs: pd.DataFrame, keys: list[str]) -> list[str]:
    """One line per group of ``runs`` by ``keys``."""
    out = []
    for key, g in runs.groupby(keys, sort=True):
        n = len(g)
        free = int((g.petitions == 0).sum())
        lo, hi = wilson(free, n)
        m, a, b = mean_ci(g.petitions)
        total = int(g.petitions.sum())
        size = float((g.petition_size_mean * g.petitions).sum()) / total if total else 0.0
        out.append(
            f"{dict(zip(keys, key if isinstance(key, tuple) else (key,), strict=True))}: "
            f"runs {n}; petitions {m:.2f} [{a:.2f}, {b:.2f}], range {g.petitions.min()}"
            f"-{g.petitions.max()}; petition-free {free}/{n} = {free / n:.0%} "
            f"(Wilson 95% {lo:.0%}-{hi:.0%}); size {size:.2f}; "
            f"reached {g.council_reached.mean():.0f}; grievance {g.grievance_mean.mean():.4f}"
        )
    return out


def main(argv: list[str]) -> int:
    """Print the table for ``argv[0]`` grouped by ``argv[1:]``."""
    if not argv:
        print(__doc__.splitlines()[2], file=sys.stderr)
        return 2
    path = Path(argv[0]) / "runs.parquet"
    if not path.is_file():
        print(f"petition_free: {path}: not found (run `cogov batch` first)", file=sys.stderr)
        return 2
    runs = pd.read_parquet(path)
    keys = argv[1:] or ["scenario", "point"]
    print("\n".join(rows(runs, keys)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
