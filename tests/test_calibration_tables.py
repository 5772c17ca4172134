"""scripts/calibration_tables.py: VALIDATION's calibration tables come from the record."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from script_modules import load_script

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def tables():
    return load_script("calibration_tables")


@pytest.mark.parametrize("name", ["calibration.json", "calibration_participation.json"])
def test_one_row_per_parameter_and_outcome_with_the_records_values(tables, name):
    record = json.loads((ROOT / "docs" / name).read_text(encoding="utf-8"))
    rows = tables.parameter_table(record)
    assert len(rows) == 2 + len(record["parameters"])
    for row, (param, p) in zip(rows[2:], record["parameters"].items(), strict=True):
        assert row.startswith(f"| `{param}` |")
        assert f"**{tables._g(p['value'])}**" in row  # the shipped value, in bold
        assert ("| yes |" in row) is p["identified"]
    outcomes = tables.outcome_table(record)
    assert len(outcomes) == 2 + len(record["outcomes"])
    for row, (out, o) in zip(outcomes[2:], record["outcomes"].items(), strict=True):
        assert row.startswith(f"| `{out}` |") and tables._g(o["mean"]) in row


def test_correlations_largest_first(tables):
    record = {"abc": {"correlations": {"a ~ b": 0.1, "a ~ c": -0.7, "b ~ c": None}}}
    assert tables.correlation_line(record).endswith("a ~ c -0.70, a ~ b 0.10.")


def test_numbers_are_rounded_to_significant_figures(tables):
    assert tables._g(0.123456) == "0.1235"
    assert tables._g(1500.0) == "1,500" and tables._g(1084.375) == "1,084.4"
