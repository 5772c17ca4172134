"""The outcome registry: one entry per outcome, and everything reads it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from cogov.experiments.i18n import fmt_diff, fmt_interval, fmt_value, outcome_label
from cogov.sim.loader import load_scenario
from cogov.sim.model import CoGovModel
from cogov.sim.outcomes import (
    GROUP_OUTCOMES,
    OUTCOMES,
    REPORT_OUTCOMES,
    is_rate,
    key_outcomes,
    outcome,
)

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def summary() -> dict:
    model = CoGovModel(load_scenario("xinhua_2013", {"population.scale": 0.03, "days": 10}))
    model.run_days(10)
    return model.result().summary


def test_every_registered_outcome_is_in_a_runs_summary(summary: dict) -> None:
    for entry in OUTCOMES:
        if entry.name == "utilisation":  # per department
            assert "utilisation" in next(iter(summary["departments"].values()))
            continue
        assert entry.name in summary, entry.name
    for name in GROUP_OUTCOMES:
        assert name in next(iter(summary["by_neighbourhood"].values()))


def test_every_entry_is_complete_and_consistent() -> None:
    names = [o.name for o in OUTCOMES]
    assert len(names) == len(set(names))
    for o in OUTCOMES:
        assert o.en and o.zh and o.define_en and o.define_zh, o.name
        assert re.search(r"[\u4e00-\u9fff]", o.zh), o.name  # a Chinese label
        if o.higher_is_better is not None:
            assert o.threshold and o.threshold > 0, o.name
        assert not o.report or o.name in key_outcomes() or o.higher_is_better is None
    assert set(REPORT_OUTCOMES) <= set(names) and set(GROUP_OUTCOMES) <= set(names)


def test_labels_units_and_formats_come_from_the_registry() -> None:
    assert outcome_label("petitions", unit=True).startswith("Collective petitions (petitions over")
    assert outcome_label("on_time_rate", "zh", unit=True) == "按时办结率（%）"
    assert fmt_value("petitions", 16.4) == "16.4 petitions"
    assert fmt_diff("petitions", 16.4, "zh") == "+16.4次"
    assert fmt_value("on_time_rate", 0.5) == "50.0%" and is_rate("satisfaction_mean")
    assert outcome("my_column").label() == "my_column"  # a user's own column


def test_an_interval_never_collapses_to_one_number() -> None:
    assert fmt_interval("on_time_rate", 0.989121, 0.989138) == "95% CI 98.912% to 98.914%"
    assert fmt_interval("on_time_rate", 0.9891, 0.9894) == "95% CI 98.91% to 98.94%"
    assert fmt_interval("on_time_rate", 0.961, 0.984) == "95% CI 96.1% to 98.4%"
    assert fmt_interval("mean_hours_to_close", 17.51, 17.54, diff=True).count("17.5") == 2


def test_no_module_keeps_its_own_list_of_outcome_labels() -> None:
    """Labels are written once: in the registry (the Chinese labels likewise)."""
    labels = [o.en for o in OUTCOMES if o.name != "utilisation"] + [o.zh for o in OUTCOMES]
    for path in [*ROOT.glob("experiments/**/*.py"), *ROOT.glob("cogov/*.py")]:
        text = path.read_text("utf-8")
        for label in labels:
            assert f'"{label}"' not in text, (path, label)
