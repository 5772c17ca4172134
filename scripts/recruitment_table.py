"""Print the table of docs/VALIDATION.md 6.5a (outcomes over recruitment effort) and its chart.

Usage::

    .venv/bin/cogov batch recruitment_sweep --workers 2 --out results/recruitment_sweep
    .venv/bin/python scripts/recruitment_table.py results/recruitment_sweep \
        [--chart docs/img/recruitment_sweep]

The sweep's points scale the three campaign sizes together (``participation.contacts``,
``group_contacts``, ``point_contacts``); the effort of a point is its volunteer campaign size
over the shipped one (the scenario's value, read from ``xinhua_2013``). For each point: mean
with its 95% Student-t interval across the replicates; then, for each outcome, the paired
difference between the largest and the smallest effort (replicate r of every point shares its
seed) and the slope of a least-squares line over the effort with its 95% interval (runs as
observations): a surface is flat in an outcome when both intervals hold 0. Nothing is typed
in by hand.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
from scipy import stats

from cogov.experiments.analysis.estimates import difference, load_runs, mean_ci
from cogov.sim.loader import load_scenario

#: the campaign sizes the sweep varies
SIZES = ("participation.contacts", "participation.group_contacts", "participation.point_contacts")
#: (column, header, digits)
COLUMNS = (
    ("volunteers_active_end", "volunteers at end", 0),
    ("groups_active_end", "groups", 1),
    ("points_active_end", "points", 1),
    ("teams_active_end", "teams", 1),
    ("community_declined", "cases nobody could take", 0),
    ("handled_by.neighbour_point", "neighbour-point jobs", 0),
    ("handled_by.self_governance", "self-governance jobs", 0),
    ("solved_rate", "solved", 3),
    ("satisfaction_mean", "satisfied", 3),
    ("elderly_served", "elderly served", 0),
    ("petitions", "petitions", 1),
    ("trust_mean_end", "trust at end", 4),
)


def _ci(values: np.ndarray, digits: int) -> str:
    m, lo, hi, _ = mean_ci(np.asarray(values, dtype=float))
    return f"{m:,.{digits}f} [{lo:,.{digits}f}, {hi:,.{digits}f}]"


def slope(effort: np.ndarray, y: np.ndarray) -> tuple[float, float, float]:
    """Least-squares slope of ``y`` on ``effort`` with its 95% Student-t interval."""
    fit = stats.linregress(effort, y)
    t = stats.t.ppf(0.975, len(y) - 2)
    return fit.slope, fit.slope - t * fit.stderr, fit.slope + t * fit.stderr


def main(argv: list[str] | None = None) -> int:
    """Print the tables; draw the chart if asked."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("results", help="the sweep's results folder")
    ap.add_argument("--chart", help="chart path without extension (PNG)")
    args = ap.parse_args(argv)
    runs = load_runs(args.results)
    shipped = load_scenario("xinhua_2013").participation.contacts
    runs = runs.assign(effort=runs["participation.contacts"] / shipped)
    cols = [c for c in COLUMNS if c[0] in runs]
    points = sorted(runs["point"].unique())
    n = int((runs["point"] == points[0]).sum())
    scale = float(runs["population_scale"].iloc[0]) if "population_scale" in runs else float("nan")
    print(f"Campaign sizes × effort (1 = as shipped), scale {scale:g}, {n} paired replicates\n")
    print("| effort | campaign sizes | " + " | ".join(h for _, h, _ in cols) + " |")
    print("| --- | --- |" + " --- |" * len(cols))
    for p in points:
        r = runs[runs["point"] == p]
        sizes = " / ".join(f"{r[k].iloc[0]:g}" for k in SIZES)
        cells = [_ci(r[c], d) for c, _, d in cols]
        print(f"| {r['effort'].iloc[0]:g} | {sizes} | " + " | ".join(cells) + " |")
    lo_p, hi_p = points[0], points[-1]
    a, b = runs[runs["point"] == hi_p], runs[runs["point"] == lo_p]
    e_hi, e_lo = a["effort"].iloc[0], b["effort"].iloc[0]
    print(f"\n| outcome | effort {e_hi:g} − {e_lo:g} (paired, 95% CI) | slope per unit of effort "
          "(95% CI) | flat? |")  # fmt: skip
    print("| --- | --- | --- | --- |")
    for c, h, d in cols:
        diff, dlo, dhi, _ = difference(a, b, c)
        s, slo, shi = slope(runs["effort"].to_numpy(float), runs[c].to_numpy(float))
        flat = "flat" if dlo <= 0 <= dhi and slo <= 0 <= shi else "not flat"
        dd = d + 1
        print(
            f"| {h} | {diff:+,.{dd}f} [{dlo:+,.{dd}f}, {dhi:+,.{dd}f}] "
            f"| {s:+,.{dd + 1}f} [{slo:+,.{dd + 1}f}, {shi:+,.{dd + 1}f}] | {flat} |"
        )
    if args.chart:
        chart(runs, cols, Path(args.chart), scale, n)
        print(f"\nwrote {args.chart}.png")
    return 0


def chart(runs, cols, out: Path, scale: float, n: int) -> None:
    """One small panel per outcome: mean and 95% interval over the effort."""
    from cogov.experiments.charts.style import annotate, chart_style, new_figure, save_figure

    with chart_style():
        fig = new_figure(12, 7)
        rows = (len(cols) + 3) // 4
        axes = fig.subplots(rows, 4).ravel()
        efforts = sorted(runs["effort"].unique())
        for ax, (c, h, _) in zip(axes, cols, strict=False):
            stats_ = [mean_ci(runs.loc[runs["effort"] == e, c].to_numpy(float)) for e in efforts]
            m = np.array([s[0] for s in stats_])
            lo = np.array([s[1] for s in stats_])
            hi = np.array([s[2] for s in stats_])
            ax.errorbar(efforts, m, yerr=[m - lo, hi - m], marker="o", capsize=3, color="#1b7837")
            ax.axvline(1.0, color="#999999", linewidth=0.8, linestyle=":")
            ax.set(title=h, xlabel="campaign effort (1 = as shipped)")
        for ax in axes[len(cols) :]:
            ax.set_visible(False)
        annotate(
            fig,
            "Outcomes over recruitment effort",
            f"xinhua_2013, the three campaign sizes scaled together; population scale {scale:g}, "
            f"one year, {n} paired replicates; mean and 95% interval (dotted: as shipped).",
        )
        save_figure(fig, out.parent, out.name, formats=("png",))


if __name__ == "__main__":
    sys.exit(main())
