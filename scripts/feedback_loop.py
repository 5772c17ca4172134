"""The participation-trust feedback loop over ten simulated years: a chart and a table.

Runs ``xinhua_2013`` and ``one_window`` for ``years`` years at ``scale``, ``seeds`` seeds
each, and records at the end of every 30 days the residents' mean trust (the daily record's
``trust_mean``) and the active volunteers (``len(model.volunteers)``: the model's own list of
volunteer roles, not a poll of residents). Writes the chart to ``OUT.png`` and prints a
Markdown table of the values at the end of years 1, 5 and 10 (mean and range over seeds).

    python scripts/feedback_loop.py DIR/NAME [--years 10] [--scale 0.5] [--seeds 3]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

from cogov.experiments.charts.style import annotate, chart_style, new_figure, save_figure
from cogov.sim.metrics import DAILY_COLUMNS
from cogov.sim.model import CoGovModel

POLICIES = (("xinhua_2013", "Co-governance as in 2013"), ("one_window", "One window only"))
STEP_DAYS = 30
_TRUST = DAILY_COLUMNS.index("trust_mean")


def trajectory(name: str, seed: int, years: int, scale: float) -> np.ndarray:
    """(months, 3) array: day, mean trust, active volunteers, every 30 days."""
    model = CoGovModel(name, rng=seed, scale=scale)
    rows = []
    for _ in range(years * 365 // STEP_DAYS):
        model.run_days(STEP_DAYS)
        trust = model.metrics.daily[-1][_TRUST]
        rows.append((model.time / 24.0, trust, len(model.volunteers)))
    return np.array(rows)


def main(argv: list[str] | None = None) -> int:
    """Run, draw and print."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", help="chart path without extension")
    ap.add_argument("--years", type=int, default=10)
    ap.add_argument("--scale", type=float, default=0.5)
    ap.add_argument("--seeds", type=int, default=3)
    args = ap.parse_args(argv)
    runs = {
        name: [trajectory(name, s, args.years, args.scale) for s in range(1, args.seeds + 1)]
        for name, _ in POLICIES
    }
    with chart_style():
        fig = new_figure(10, 4)
        axes = fig.subplots(1, 2)
        for (name, label), colour in zip(POLICIES, ("#1b7837", "#762a83"), strict=True):
            stack = np.stack(runs[name])  # seeds x months x (day, trust, volunteers)
            years = stack[0, :, 0] / 365.0
            for ax, col in zip(axes, (1, 2), strict=True):
                ax.plot(years, stack[:, :, col].mean(axis=0), color=colour, label=label)
                lo, hi = stack[:, :, col].min(axis=0), stack[:, :, col].max(axis=0)
                ax.fill_between(years, lo, hi, color=colour, alpha=0.2, linewidth=0)
        axes[0].set(
            title="Residents' mean trust", xlabel="years", ylabel="mean trust (0–1; axis cut)"
        )
        axes[1].set(title="Active volunteers", xlabel="years", ylabel="volunteers")
        axes[1].set_ylim(bottom=0)
        axes[0].legend(loc="best")
        annotate(
            fig,
            f"The participation–trust loop over {args.years} years",
            f"Every 30 days, population scale {args.scale:g}, {args.seeds} seeds per policy; "
            "line: mean over seeds, band: their range. Trust moves with outcomes; volunteers "
            "join with trust and leave when it falls (docs/ODD.md 7.16).",
        )
        out = Path(args.out)
        save_figure(fig, out.parent, out.name, formats=("png",))
    print(f"wrote {args.out}.png")
    print("| policy | year | mean trust (range) | active volunteers (range) |")
    print("| --- | --- | --- | --- |")
    for name, _ in POLICIES:
        stack = np.stack(runs[name])
        for year in (1, 5, args.years):
            i = min(stack.shape[1] - 1, round(year * 365 / STEP_DAYS) - 1)
            t, v = stack[:, i, 1], stack[:, i, 2]
            print(
                f"| {name} | {year} | {t.mean():.4f} ({t.min():.4f}–{t.max():.4f}) "
                f"| {v.mean():.0f} ({v.min():.0f}–{v.max():.0f}) |"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
