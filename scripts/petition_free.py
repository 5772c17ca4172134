"""Collective petitions per design point of a batch: the count, the petition-free runs, sizes.

Usage: ``python scripts/petition_free.py DIR [--origins] [COLUMN ...]`` with DIR a results
folder of ``cogov batch``; the runs are grouped by the columns given (default: ``scenario``
and ``point``). For each group it prints the runs, petitions a year (mean, 95% t interval,
range), the runs with no collective petition (count, share and 95% Wilson interval), the
mean petition size over all petitions (each run's ``petition_size_mean`` weighted by its
petitions), and the council's reach and mean grievance. With ``--origins`` it prints instead
where the petitions came from, read from each run's ``summary.json``: the petitions by issue
kind, how many committees had petitions in each run that had any, and the unsolved replies
a run of the kind with the most petitions. docs/VALIDATION.md 6.3 uses it.
"""

from __future__ import annotations

import json
import math
import sys
from collections import Counter
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


def origins(runs: pd.DataFrame, folder: Path, keys: list[str]) -> list[str]:
    """One line per group of ``runs`` by ``keys``: where its petitions came from."""
    out = []
    for key, g in runs.groupby(keys, sort=True):
        kinds: Counter[str] = Counter()
        committees: Counter[int] = Counter()
        unsolved: Counter[str] = Counter()
        for run_key in g["key"]:
            s = json.loads((folder / "runs" / run_key / "summary.json").read_text("utf-8"))
            kinds.update({k: v["petitions"] for k, v in s["by_kind"].items() if v["petitions"]})
            unsolved.update({k: v["closed"] - v["solved"] for k, v in s["by_kind"].items()})
            places = sum(1 for v in s["by_neighbourhood"].values() if v["petitions"])
            if s["petitions"]:
                committees[places] += 1
        top = kinds.most_common(1)[0][0] if kinds else None
        label = dict(zip(keys, key if isinstance(key, tuple) else (key,), strict=True))
        out.append(
            f"{label}: runs {len(g)}; with petitions {sum(committees.values())}; "
            f"petitions by kind {dict(kinds.most_common())}; committees with petitions in a "
            f"run that had any {dict(sorted(committees.items()))}"
            + (f"; unsolved {top} replies a run {unsolved[top] / len(g):.1f}" if top else "")
        )
    return out


def main(argv: list[str]) -> int:
    """Print the table for ``argv[0]`` grouped by the other arguments (``--origins``: origins)."""
    want_origins = "--origins" in argv
    argv = [a for a in argv if a != "--origins"]
    if not argv:
        print(__doc__.splitlines()[2], file=sys.stderr)
        return 2
    folder = Path(argv[0])
    path = folder / "runs.parquet"
    if not path.is_file():
        print(f"petition_free: {path}: not found (run `cogov batch` first)", file=sys.stderr)
        return 2
    runs = pd.read_parquet(path)
    keys = argv[1:] or ["scenario", "point"]
    print("\n".join(origins(runs, folder, keys) if want_origins else rows(runs, keys)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
