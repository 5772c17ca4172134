"""Print the table of docs/VALIDATION.md 6.2 (elderly needs found on visits) from its batch.

Usage::

    .venv/bin/cogov batch experiments/elderly_visits.toml --workers 1 --out results/elderly_visits
    .venv/bin/python scripts/elderly_visits_table.py results/elderly_visits
    .venv/bin/cogov batch experiments/elderly_visits_sweep.toml --workers 1 \
        --out results/elderly_visits_sweep
    .venv/bin/python scripts/elderly_visits_table.py results/elderly_visits_sweep

For each scenario and ``visits.enabled``: mean with its 95% Student-t interval across the
replicates and the spread (smallest – largest replicate); then the paired differences (visits
on − off; replicate r of both points shares its seed). For the sweep (a grid over
``visits.interval_days`` and ``visits.hours_per_visit``): elderly people served, visits and
latent needs at the end per cell. Nothing is typed in by hand.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

from cogov.experiments.analysis.estimates import load_runs, mean_ci

COLUMNS = (
    "elderly_served",
    "elderly_visits",
    "elderly_needs_met_on_visits",
    "elderly_needs_latent_end",
    "volunteers_active_end",
    "volunteers_left",
    "volunteer_hours",
    "community_declined",
    "solved_rate",
    "satisfaction_mean",
)
PAIRED = ("elderly_served", "volunteers_active_end", "community_declined", "solved_rate")


def _ci(values: np.ndarray) -> str:
    m, lo, hi, _ = mean_ci(np.asarray(values, dtype=float))
    return f"{m:.4g} [{lo:.4g}, {hi:.4g}]"


def sweep(runs) -> None:
    """Print the grid over the visit interval and the hours a visit takes."""
    keys = ["visits.interval_days", "visits.hours_per_visit"]
    print("| interval (days) | hours a visit | elderly_served | elderly_visits | latent at end |")
    print("| --- | --- | --- | --- | --- |")
    for (days, hours), g in runs.groupby(keys, sort=True):
        cells = [_ci(g[c]) for c in ("elderly_served", "elderly_visits")]
        cells.append(_ci(g["elderly_needs_latent_end"]))
        print(f"| {days:g} | {hours:g} | " + " | ".join(cells) + " |")


def main(root: Path) -> None:
    """Print the tables for the batch in ``root``."""
    runs = load_runs(root)
    if "visits.interval_days" in runs:
        sweep(runs)
        return
    groups = list(runs.groupby(["scenario", "visits.enabled"], sort=True))
    heads = [f"{sc}, visits {'on' if on else 'off'} (n={len(g)})" for (sc, on), g in groups]
    print("| outcome | " + " | ".join(heads) + " |")
    print("| --- |" + " --- |" * len(groups))
    for col in COLUMNS:
        cells = []
        for _, g in groups:
            v = g[col].to_numpy(dtype=float)
            cells.append(f"{_ci(v)} ({v.min():.4g} – {v.max():.4g})")
        print(f"| `{col}` | " + " | ".join(cells) + " |")
    print()
    for scenario, g in runs.groupby("scenario", sort=True):
        on = g[g["visits.enabled"].astype(bool)].sort_values("replicate")
        off = g[~g["visits.enabled"].astype(bool)].sort_values("replicate")
        for col in PAIRED:
            diff = on[col].to_numpy(dtype=float) - off[col].to_numpy(dtype=float)
            print(f"- {scenario}, `{col}`, visits on − off (paired): {_ci(diff)}")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
