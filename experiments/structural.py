"""Tables and the chart of the structural test (issue 13), from batch results folders.

Usage::

    .venv/bin/python -m cogov.experiments.structural contrasts DIR   # structural_contrasts
    .venv/bin/python -m cogov.experiments.structural goodhart DIR     # goodhart
    .venv/bin/python -m cogov.experiments.structural sweep DIR [PNG]  # structural_sweep

Each prints a Markdown table: per design point the mean and 95% interval of each outcome, and
the paired difference between the two policies (or scorings) with its 95% interval (paired by
seed: both points of a pair share their seeds). ``sweep`` also draws the one-window minus
siloed difference in mean hours to close, on-time rate and hand-overs against ambiguity level
and staff factor.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

from cogov.experiments.analysis.estimates import difference, load_runs, mean_ci

__all__ = ["paired_table", "sweep_frame"]

OUTCOMES = (
    "mean_hours_to_close",
    "on_time_rate",
    "on_time_from_report_rate",
    "solved_rate",
    "satisfaction_mean",
    "repeat_reports",
    "passed_on",
    "closed_unsolved",
    "closed_on_paper",
    "problems_open_end",
)


def _fmt(x: float) -> str:
    return f"{x:.4g}"


def paired_table(runs: pd.DataFrame, a: int, b: int, label_a: str, label_b: str) -> str:
    """Markdown table: outcomes of points ``a`` and ``b`` and their paired difference."""
    ra, rb = runs[runs["point"] == a], runs[runs["point"] == b]
    lines = [
        f"| outcome | {label_a} | {label_b} | {label_a} − {label_b} (95% CI) | excludes 0 |",
        "| --- | --- | --- | --- | --- |",
    ]
    if "on_time_rate" in runs and "solved_rate" in runs:
        runs = runs.assign(gap=runs["on_time_rate"] - runs["solved_rate"])
        ra, rb = runs[runs["point"] == a], runs[runs["point"] == b]
    for col in (*OUTCOMES, "gap"):
        if col not in runs:
            continue
        ma, la, ha, n = mean_ci(ra[col].to_numpy())
        mb, lb, hb, _ = mean_ci(rb[col].to_numpy())
        d, lo, hi, paired = difference(ra, rb, col)
        name = "on_time_rate − solved_rate" if col == "gap" else f"`{col}`"
        lines.append(
            f"| {name} | {_fmt(ma)} [{_fmt(la)}, {_fmt(ha)}] | {_fmt(mb)} [{_fmt(lb)}, "
            f"{_fmt(hb)}] | {_fmt(d)} [{_fmt(lo)}, {_fmt(hi)}]{'' if paired else ' (Welch)'} "
            f"| {'yes' if lo > 0 or hi < 0 else 'no'} |"
        )
    lines.append(f"\n{n} replicates per point.")
    return "\n".join(lines)


def sweep_frame(runs: pd.DataFrame) -> pd.DataFrame:
    """One row per condition of the sweep: one window − siloed, paired, with intervals.

    Points 0-2 / 3-5 are ambiguity levels 0, 1, 2 (one window / siloed); points 6-7 / 8-9 are
    staff factors 0.75 and 1.5 (level 1 is staff 1.0).
    """
    pairs = [
        ("ambiguity 0", 0, 3),
        ("ambiguity 1 (xinhua_2013), staff x1", 1, 4),
        ("ambiguity 2", 2, 5),
        ("staff x0.75", 6, 8),
        ("staff x1.5", 7, 9),
    ]
    rows = []
    for label, a, b in pairs:
        ra, rb = runs[runs["point"] == a], runs[runs["point"] == b]
        row = {"condition": label}
        for col in ("mean_hours_to_close", "on_time_rate", "solved_rate", "passed_on"):
            d, lo, hi, _ = difference(ra, rb, col)
            row[col] = d
            row[f"{col}_low"] = lo
            row[f"{col}_high"] = hi
        rows.append(row)
    return pd.DataFrame(rows)


def sweep_chart(frame: pd.DataFrame, out: Path) -> None:
    """Draw the sweep's paired differences with their intervals."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    cols = ("mean_hours_to_close", "on_time_rate", "solved_rate", "passed_on")
    fig, axes = plt.subplots(1, len(cols), figsize=(14, 3.6), sharey=True)
    y = range(len(frame))
    for ax, col in zip(axes, cols, strict=True):
        err = [frame[col] - frame[f"{col}_low"], frame[f"{col}_high"] - frame[col]]
        ax.errorbar(frame[col], y, xerr=err, fmt="o", capsize=3)
        ax.axvline(0.0, color="grey", lw=0.8)
        ax.set_title(f"{col}\none window − siloed", fontsize=9)
    axes[0].set_yticks(list(y), frame["condition"], fontsize=8)
    axes[0].invert_yaxis()
    fig.tight_layout()
    out.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(out, dpi=120)


def main(argv: list[str]) -> None:
    """Print the table for a results folder (and draw the sweep chart)."""
    what, folder = argv[0], Path(argv[1])
    runs = load_runs(folder)
    if what == "contrasts":
        print(paired_table(runs, 0, 1, "one window", "siloed"))
    elif what == "goodhart":
        print(paired_table(runs, 0, 1, "on-time score", "satisfaction score"))
    else:
        frame = sweep_frame(runs)
        cols = ("mean_hours_to_close", "on_time_rate", "solved_rate", "passed_on")
        print("| condition | " + " | ".join(f"`{c}` (95% CI)" for c in cols) + " |")
        print("| --- " * (len(cols) + 1) + "|")
        for _, row in frame.iterrows():
            cells = [
                f"{_fmt(row[c])} [{_fmt(row[c + '_low'])}, {_fmt(row[c + '_high'])}]" for c in cols
            ]
            print(f"| {row['condition']} | " + " | ".join(cells) + " |")
        if len(argv) > 2:
            sweep_chart(frame, Path(argv[2]))


if __name__ == "__main__":
    main(sys.argv[1:])
