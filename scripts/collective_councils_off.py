"""The collective fit's design run again with councils off, and the datum's likelihood by slice.

Usage::

    .venv/bin/python scripts/collective_councils_off.py DIR [--workers N]

with DIR the ``--out`` of ``cogov calibrate metro_line_11 --fit collective``. Runs each point
of ``DIR/design_runs`` again with ``deliberation.enabled = false`` on the same seed (paired)
into ``DIR/design_runs_no_councils`` (resumable), then prints, as Markdown, the runs and the
petition-free years with and without councils over equal slices of ``collective.cost``'s
prior, and how many accepted draws are petition-free without councils too.
docs/VALIDATION.md section 3 uses it.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
import pandas as pd

COST = "collective.cost"


def councils_off(design: pd.DataFrame, names: list[str], seed: int, scale: float, days: int):
    """The experiment of the design's points with councils off, run ``i`` on run ``i``'s seed."""
    from cogov.experiments.analysis.calibrate import _design
    from cogov.experiments.analysis.collective_fit import own_seeds

    design = design.sort_values("index")
    points = [
        {**{n: float(r[n]) for n in names}, "deliberation.enabled": False}
        for _, r in design.iterrows()
    ]
    lhs = {"kind": "points", "points": points}
    exp = own_seeds(_design(str(design["scenario"].iloc[0]), 1, days, seed, scale, lhs))
    if [r.seed for r in exp.runs] != design["seed"].tolist():
        raise SystemExit("the design's runs are not one seed per run from its root seed")
    return exp


def slices(on: pd.DataFrame, off: pd.DataFrame, low: float, high: float, n: int = 5) -> list:
    """Per slice of the cost: (from, to, runs, petition-free with councils, without, only with).

    ``on`` and ``off`` are the paired runs (the same points and seeds, by ``index``).
    """
    on, off = on.sort_values("index"), off.sort_values("index")
    cost = on[COST].to_numpy(float)
    a = on["petitions"].to_numpy(float) == 0
    b = off["petitions"].to_numpy(float) == 0
    edges = np.linspace(low, high, n + 1)
    where = np.clip(np.searchsorted(edges, cost, "right") - 1, 0, n - 1)
    rows = []
    for j in range(n):
        m = where == j
        rows.append(
            (
                float(edges[j]),
                float(edges[j + 1]),
                int(m.sum()),
                int(a[m].sum()),
                int(b[m].sum()),
                int((a & ~b)[m].sum()),
            )
        )
    return rows


def main(argv: list[str] | None = None) -> None:
    """Run the councils-off batch (if not done) and print the table."""
    from cogov.experiments.analysis.estimates import load_runs
    from cogov.experiments.batch import run_batch

    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("folder", type=Path)
    p.add_argument("--workers", type=int, default=1)
    args = p.parse_args(argv)
    record = pd.read_json(args.folder / "calibration.json", typ="series")
    design = load_runs(args.folder / "design_runs")
    names = list(record["parameters"])
    d = record["design"]
    exp = councils_off(design, names, d["seed"], d["scale"], d["days"])
    run_batch(exp, args.folder / "design_runs_no_councils", workers=args.workers, resume=True)
    off = load_runs(args.folder / "design_runs_no_councils")
    low, high = record["parameters"][COST]["bounds"]
    print(f"| `{COST}` | runs | petition-free with councils | without | only with councils |")
    print("| --- | --- | --- | --- | --- |")
    for a, b, n, on_free, off_free, only in slices(design, off, low, high):
        print(f"| {a:.1f}–{b:.1f} | {n} | {on_free} | {off_free} | {only} |")
    both = (design.sort_values("index")["petitions"].to_numpy() == 0) & (
        off.sort_values("index")["petitions"].to_numpy() == 0
    )
    accepted = int((design["petitions"] == 0).sum())
    print(f"\n{accepted} accepted; petition-free without councils too: {int(both.sum())}")


if __name__ == "__main__":
    main()
