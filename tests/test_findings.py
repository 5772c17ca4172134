"""Findings and the headline on hand-built tables: which scenario is named, with what verdict.

Intervals span or exclude zero, and effects are below or above their thresholds.

The thresholds come from the registry (:mod:`cogov.sim.outcomes`): one percentage point
for the rates, one hour for the mean hours to close, two petitions.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from cogov.experiments.analysis.estimates import summarize
from cogov.experiments.i18n import fmt_interval, scenario_label
from cogov.experiments.report.findings import (
    best_scenario,
    headline,
    scenario_findings,
    verdict,
)

REF = "xinhua_2013"


def row(scenario: str, outcome: str, mean: float, diff=None, low=None, high=None, n=10):
    """One row of a summary table, as ``summarize`` makes it."""
    r = {"scenario": scenario, "outcome": outcome, "n": n, "mean": mean}
    r |= {"ci_low": mean - 0.001, "ci_high": mean + 0.001}
    if diff is not None:
        r |= {"reference": REF, "diff": diff, "diff_low": low, "diff_high": high}
    return r


def table(*rows: dict) -> pd.DataFrame:
    return pd.DataFrame(list(rows))


@pytest.mark.parametrize(
    ("diff", "low", "high", "expected"),
    [
        (0.02, -0.001, 0.041, "noise"),  # large but the interval spans zero
        (0.004, 0.001, 0.007, "small"),  # clear of noise, below one point
        (0.03, 0.02, 0.04, "better"),  # clear and at least one point, higher is better
        (-0.03, -0.04, -0.02, "worse"),
        (float("nan"), float("nan"), float("nan"), "none"),
    ],
)
def test_the_verdict_of_a_difference(diff, low, high, expected) -> None:
    r = pd.Series(row("one_window", "satisfaction_mean", 0.8, diff, low, high))
    assert verdict(r) == expected


def test_lower_is_better_for_hours_to_close() -> None:
    faster = pd.Series(row("siloed", "mean_hours_to_close", 10, -2.0, -3.0, -1.5))
    assert verdict(faster) == "better"
    assert verdict(faster.copy().replace({-2.0: 2.0, -3.0: 1.5, -1.5: 3.0})) == "worse"


def test_no_sentence_calls_a_scenario_best_by_noise() -> None:
    t = table(
        row(REF, "satisfaction_mean", 0.80),
        row("budget_cut", "satisfaction_mean", 0.83, 0.03, -0.01, 0.07),  # highest, noise
        row("siloed", "satisfaction_mean", 0.805, 0.005, 0.002, 0.008),  # clear, but tiny
    )
    assert best_scenario(t, "satisfaction_mean", REF) is None
    text = "\n".join(scenario_findings(t, ["satisfaction_mean"], REF))
    assert "clearly better than the reference only under" not in text
    assert "Residents satisfied: no scenario does clearly better than the reference" in text
    for name in ("budget_cut", "siloed"):
        sentence = next(s for s in text.split("\n") if s.startswith(scenario_label(name)))
        assert "better on" not in sentence and "no practical difference on" in sentence


def test_a_real_improvement_is_named_with_its_interval() -> None:
    t = table(
        row(REF, "on_time_rate", 0.90),
        row("one_window", "on_time_rate", 0.95, 0.05, 0.04, 0.06),
        row("siloed", "on_time_rate", 0.91, 0.01, -0.01, 0.03),  # noise
    )
    best = best_scenario(t, "on_time_rate", REF)
    assert best is not None and best["scenario"] == "one_window"
    findings = scenario_findings(t, ["on_time_rate"], REF)
    best_sentence = next(s for s in findings if s.startswith("Closed on time:"))
    assert "only under One window only" in best_sentence
    assert fmt_interval("on_time_rate", 0.04, 0.06, diff=True) in best_sentence
    one = next(s for s in findings if s.startswith("One window only against"))
    assert "better on Closed on time +5.0 pp" in one
    siloed = next(s for s in findings if s.startswith("Separate departments against"))
    assert "no practical difference on Closed on time" in siloed


def test_the_headline_names_the_largest_effect_in_thresholds() -> None:
    t = table(
        row(REF, "on_time_rate", 0.98),
        row(REF, "petitions", 10.0),
        row("siloed", "on_time_rate", 0.91, -0.07, -0.075, -0.065),  # 7 thresholds
        row("siloed", "petitions", 26.0, 16.0, 10.0, 22.0),  # 8 thresholds of 2 petitions
        row("budget_cut", "on_time_rate", 0.979, -0.001, -0.01, 0.008),  # noise
        row("budget_cut", "petitions", 9.0, -1.0, -5.0, 3.0),  # noise
    )
    lines = headline(t, ["on_time_rate", "petitions"], REF)
    assert len(lines) == 3
    assert lines[0].startswith("Biggest change: Separate departments instead of Co-governance")
    assert "Collective petitions from 10.0 petitions to 26.0 petitions, worse" in lines[0]
    assert (
        lines[1].startswith("By how much: +16.0 petitions") and "Closed on time −7.0 pp" in lines[1]
    )
    assert "2 of 4 differences" in lines[2] and "Budget cut (staff × 0.75) show" in lines[2]
    assert "Budget cut" not in lines[0] + lines[1]


def test_a_headline_without_practical_effects_says_so() -> None:
    t = table(
        row(REF, "on_time_rate", 0.98),
        row("budget_cut", "on_time_rate", 0.983, 0.003, -0.001, 0.007),
    )
    lines = headline(t, ["on_time_rate"], REF)
    assert lines[0].startswith("No scenario changes any outcome by more than its practical")
    assert "0 of 1 differences" in lines[-1]
    zh = headline(t, ["on_time_rate"], REF, "zh")
    assert zh[0].startswith("与2013年共治模式相比，没有情景")


def test_a_batch_where_the_winner_is_noise_gets_no_best(tmp_path) -> None:
    """Runs through the real statistics: a scenario higher on average only by chance."""
    rng = np.random.default_rng(11)
    seeds = list(range(8))
    base = 0.8 + rng.normal(0, 0.01, 8)
    lucky = base + 0.004 + rng.normal(0, 0.02, 8)  # noisier, a little higher on average
    runs = pd.concat(
        [
            pd.DataFrame({"scenario": REF, "point": 0, "seed": seeds, "satisfaction_mean": base}),
            pd.DataFrame(
                {
                    "scenario": "volunteer_surge",
                    "point": 1,
                    "seed": seeds,
                    "satisfaction_mean": lucky,
                }
            ),
        ],
        ignore_index=True,
    )
    t = summarize(runs, ["satisfaction_mean"], REF)
    means = t.set_index("scenario")["mean"]
    assert means["volunteer_surge"] > means[REF]  # "best" by its mean
    lines = headline(t, ["satisfaction_mean"], REF) + scenario_findings(
        t, ["satisfaction_mean"], REF
    )
    name = scenario_label("volunteer_surge")
    for line in lines:
        assert not (name in line and ("best" in line or "better on" in line or "Biggest" in line))
