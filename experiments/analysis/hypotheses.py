"""Pattern-oriented validation: the report's qualitative claims as testable hypotheses.

Each hypothesis compares two design points of ``experiments/mechanisms.toml`` on one
outcome by the paired difference over common seeds. Its verdict is *held* when the 95%
interval lies wholly on the claimed side of zero, *contradicted* when it lies wholly on the
other side, and *not distinguishable* otherwise. The model is not tuned to make them hold.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from cogov.experiments.analysis.estimates import difference, load_runs

__all__ = ["HYPOTHESES", "Hypothesis", "evaluate", "with_derived_outcomes"]


@dataclass(frozen=True, slots=True)
class Hypothesis:
    """``outcome`` at point ``a`` minus at point ``b`` is claimed to have ``sign``."""

    claim: str
    outcome: str
    a: int
    b: int
    sign: int  # +1: a - b > 0 claimed; -1: a - b < 0 claimed


# points of experiments/mechanisms.toml: 0 all on, 1 one window, 2 siloed, 3 no deliberation,
# 4 no co-supervision, 5 no community actors
HYPOTHESES = (
    Hypothesis(
        "One window closes issues faster than siloed departments", "mean_hours_to_close", 1, 2, -1
    ),
    # counted from the report: siloed departments keep no office clock (no tracked deadline),
    # so the reporter's clock is the one both policies share
    Hypothesis(
        "One window closes more issues on time than siloed departments",
        "on_time_from_report_rate",
        1,
        2,
        +1,
    ),
    Hypothesis(
        "The community channel lowers departments' load", "department_served_total", 0, 5, -1
    ),
    Hypothesis("Consultation before action lowers collective petitions", "petitions", 0, 3, -1),
    Hypothesis("Co-supervision raises on-time closure", "on_time_rate", 0, 4, +1),
    Hypothesis(
        "Joint management solves more long-standing problems",
        "long_standing_solved_rate",
        0,
        1,
        +1,
    ),
    Hypothesis(
        "Co-governance satisfies more reporters than one window alone",
        "satisfaction_mean",
        0,
        1,
        +1,
    ),
)


def with_derived_outcomes(runs: pd.DataFrame, folder: Path) -> pd.DataFrame:
    """Add the outcomes the hypotheses need.

    These are the total department workload and, from the per-run summaries, the solved
    rate of long-standing problems.
    """
    runs = runs.copy()
    served = [c for c in runs.columns if c.startswith("departments.") and c.endswith(".served")]
    runs["department_served_total"] = runs[served].sum(axis=1)
    rates = []
    for key in runs["key"]:
        summary = json.loads((folder / "runs" / key / "summary.json").read_text("utf-8"))
        rates.append(summary["by_kind"].get("long_standing", {}).get("solved_rate"))
    runs["long_standing_solved_rate"] = pd.to_numeric(pd.Series(rates, index=runs.index))
    return runs


def evaluate(folder: str | Path, level: float = 0.95) -> pd.DataFrame:
    """Evaluate every hypothesis on a results folder of ``experiments/mechanisms.toml``."""
    folder = Path(folder)
    runs = with_derived_outcomes(load_runs(folder), folder)
    rows = []
    for h in HYPOTHESES:
        a, b = runs[runs["point"] == h.a], runs[runs["point"] == h.b]
        diff, low, high, paired = difference(a, b, h.outcome, level)
        if h.sign * low > 0 and h.sign * high > 0:
            verdict = "held"
        elif h.sign * low < 0 and h.sign * high < 0:
            verdict = "contradicted"
        else:
            verdict = "not distinguishable"
        rows.append(
            {
                "claim": h.claim,
                "outcome": h.outcome,
                "points": f"{h.a} - {h.b}",
                "mean_a": a[h.outcome].mean(),
                "mean_b": b[h.outcome].mean(),
                "diff": diff,
                "diff_low": low,
                "diff_high": high,
                "paired": paired,
                "n": min(len(a), len(b)),
                "verdict": verdict,
            }
        )
    return pd.DataFrame(rows)


def markdown(table: pd.DataFrame) -> str:
    """The hypotheses table as Markdown."""
    lines = [
        "| claim | outcome | points | A | B | A - B (95% CI) | verdict |",
        "| --- | --- | --- | ---: | ---: | --- | --- |",
    ]
    for _, r in table.iterrows():
        lines.append(
            f"| {r['claim']} | `{r['outcome']}` | {r['points']} | {r['mean_a']:.4g} | "
            f"{r['mean_b']:.4g} | {r['diff']:+.4g} [{r['diff_low']:+.4g}, {r['diff_high']:+.4g}]"
            f" | {r['verdict']} |"
        )
    return "\n".join(lines)
