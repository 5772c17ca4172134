"""The participation-trust feedback loop over ten simulated years: a chart and tables.

Runs ``xinhua_2013`` and ``one_window`` for ``years`` years at ``scale``, ``seeds`` seeds
each, and records at the end of every 30 days the residents' mean trust (the daily record's
``trust_mean``), the active volunteers (``len(model.volunteers)``: the model's own list of
volunteer roles, not a poll of residents), the active self-governance groups, their members
(active and forming groups), the open neighbour points and the committed service teams (the
model's own lists, :mod:`cogov.sim.groups` and :mod:`cogov.sim.teams`), and the groups'
cumulative counters (recruited, left, formed, dissolved). Writes the chart to ``OUT.png`` and
prints (and with ``--tables PATH`` also writes there) a Markdown table of the stocks at the
start and the end of years 1, 2, 5 and ``years`` (mean and range over seeds) and one of the
groups' flows year by year.

    python scripts/feedback_loop.py DIR/NAME [--years 10] [--scale 0.5] [--seeds 3]
        [--tables results/feedback_loop.md]
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
#: the columns of one record (after the day)
COLUMNS = (
    "trust",
    "volunteers",
    "groups",
    "group_members",
    "points",
    "teams",
    "members_recruited",
    "members_left",
    "groups_formed",
    "groups_dissolved",
)
_COL = {name: i + 1 for i, name in enumerate(COLUMNS)}


def record(model: CoGovModel) -> tuple[float, ...]:
    """Day, mean trust, stocks and the groups' cumulative counters now."""
    groups = model.participation.groups
    teams = model.participation.teams
    g = (
        (groups.groups_active, groups.members, groups.points_active)
        if groups is not None
        else (0, 0, 0)
    )
    flows = (
        (groups.recruited, groups.left + groups.released, groups.formed, groups.dissolved)
        if groups is not None
        else (0, 0, 0, 0)
    )
    return (
        model.time / 24.0,
        model.metrics.daily[-1][_TRUST],
        len(model.volunteers),
        g[0],
        g[1],
        g[2],
        teams.active if teams is not None else 0,
        *flows,
    )


def trajectory(name: str, seed: int, years: int, scale: float) -> np.ndarray:
    """(months + 1, 1 + len(COLUMNS)) array: the start, then every 30 days."""
    model = CoGovModel(name, rng=seed, scale=scale)
    model.run_days(1)  # the first daily record (the stocks are the seeded ones)
    rows = [record(model)]
    for _ in range(years * 365 // STEP_DAYS):
        model.run_days(STEP_DAYS)
        rows.append(record(model))
    return np.array(rows)


def _cell(v: np.ndarray, digits: int) -> str:
    return f"{v.mean():,.{digits}f} ({v.min():,.{digits}f}–{v.max():,.{digits}f})"


def tables(runs: dict[str, list[np.ndarray]], years: int) -> str:
    """The stocks at chosen years and the groups' flows year by year, as Markdown."""
    out = [
        "| policy | year | mean trust | volunteers | groups | group members | points | teams |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    marks = sorted({0, 1, 2, 5, years} & set(range(years + 1)))
    for name, _ in POLICIES:
        stack = np.stack(runs[name])
        for year in marks:
            i = min(stack.shape[1] - 1, round(year * 365 / STEP_DAYS))
            cells = [_cell(stack[:, i, _COL["trust"]], 4)]
            cells += [_cell(stack[:, i, _COL[c]], 0) for c in COLUMNS[1:6]]
            out.append(f"| {name} | {year} | " + " | ".join(cells) + " |")
    out += [
        "",
        "Groups year by year (mean over seeds; members recruited and lost within the year):",
        "",
        "| policy | year | groups at end | members at end | recruited | left | formed "
        "| dissolved |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for name, _ in POLICIES:
        mean = np.stack(runs[name]).mean(axis=0)
        for year in range(1, years + 1):
            i = min(mean.shape[0] - 1, round(year * 365 / STEP_DAYS))
            j = min(mean.shape[0] - 1, round((year - 1) * 365 / STEP_DAYS))
            flows = [mean[i, _COL[c]] - mean[j, _COL[c]] for c in COLUMNS[6:]]
            out.append(
                f"| {name} | {year} | {mean[i, _COL['groups']]:.1f} "
                f"| {mean[i, _COL['group_members']]:.0f} | "
                + " | ".join(f"{f:.1f}" for f in flows)
                + " |"
            )
    return "\n".join(out) + "\n"


def chart(runs: dict[str, list[np.ndarray]], args: argparse.Namespace) -> None:
    """Trust, volunteers, groups, points and teams over the years (mean line, range band)."""
    panels = (
        ("trust", "Residents' mean trust", "mean trust (0–1; axis cut)"),
        ("volunteers", "Active volunteers", "volunteers"),
        ("groups", "Self-governance groups", "active groups"),
        ("points", "Neighbour points", "open points"),
        ("teams", "Service teams", "committed teams"),
        ("group_members", "Residents in groups", "members"),
    )
    with chart_style():
        fig = new_figure(12, 7)
        axes = fig.subplots(2, 3).ravel()
        for (name, label), colour in zip(POLICIES, ("#1b7837", "#762a83"), strict=True):
            stack = np.stack(runs[name])  # seeds x records x (day, COLUMNS...)
            years = stack[0, :, 0] / 365.0
            for ax, (col, _, _) in zip(axes, panels, strict=True):
                values = stack[:, :, _COL[col]]
                ax.plot(years, values.mean(axis=0), color=colour, label=label)
                lo, hi = values.min(axis=0), values.max(axis=0)
                ax.fill_between(years, lo, hi, color=colour, alpha=0.2, linewidth=0)
        for ax, (col, title, ylabel) in zip(axes, panels, strict=True):
            ax.set(title=title, xlabel="years", ylabel=ylabel)
            if col != "trust":
                ax.set_ylim(bottom=0)
        axes[0].legend(loc="best")
        annotate(
            fig,
            f"The participation–trust loop over {args.years} years",
            f"Every 30 days, population scale {args.scale:g}, {args.seeds} seeds per policy; "
            "line: mean over seeds, band: their range. Trust moves with outcomes; residents "
            "join with trust and leave by turnover, unused effort or low trust (ODD 7.16).",
        )
        out = Path(args.out)
        save_figure(fig, out.parent, out.name, formats=("png",))


def main(argv: list[str] | None = None) -> int:
    """Run, draw, print and write the tables."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", help="chart path without extension")
    ap.add_argument("--tables", help="also write the tables to this Markdown file")
    ap.add_argument("--years", type=int, default=10)
    ap.add_argument("--scale", type=float, default=0.5)
    ap.add_argument("--seeds", type=int, default=3)
    args = ap.parse_args(argv)
    runs = {
        name: [trajectory(name, s, args.years, args.scale) for s in range(1, args.seeds + 1)]
        for name, _ in POLICIES
    }
    chart(runs, args)
    text = tables(runs, args.years)
    print(f"wrote {args.out}.png\n")
    if args.tables:
        Path(args.tables).write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
