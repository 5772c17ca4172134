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


@pytest.mark.parametrize(
    "name", ["calibration.json", "calibration_participation.json", "calibration_joint.json"]
)
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


def test_the_shipped_defaults_lie_inside_the_joint_posteriors_intervals():
    # VALIDATION 3.2: the two fits' centres are shipped; the joint posterior holds them
    from cogov.sim.loader import load_scenario

    scenario = load_scenario("xinhua_2013")
    joint = json.loads((ROOT / "docs" / "calibration_joint.json").read_text(encoding="utf-8"))
    shipped = {}
    for name in ("calibration.json", "calibration_participation.json"):
        record = json.loads((ROOT / "docs" / name).read_text(encoding="utf-8"))
        shipped.update({n: p["value"] for n, p in record["parameters"].items()})
    assert set(shipped) == set(joint["parameters"])
    for name, p in joint["parameters"].items():
        section, _, key = name.rpartition(".")
        if section.startswith("kinds."):
            kind = next(k for k in scenario.kinds if k.id == section.split(".")[1])
            value = getattr(kind, key)
        else:
            value = getattr(getattr(scenario, section), key)
        assert value == pytest.approx(shipped[name]), name  # the scenario ships the fits' centres
        assert p["ci_low"] <= value <= p["ci_high"], name


def test_correlations_largest_first(tables):
    record = {"abc": {"correlations": {"a ~ b": 0.1, "a ~ c": -0.7, "b ~ c": None}}}
    assert tables.correlation_line(record).endswith("a ~ c -0.70, a ~ b 0.10.")


def test_numbers_are_rounded_to_significant_figures(tables):
    assert tables._g(0.123456) == "0.1235"
    assert tables._g(1500.0) == "1,500" and tables._g(1084.375) == "1,084.4"


def test_the_collective_record_prints_its_posterior_slices_and_check(tables):
    import numpy as np
    import pandas as pd

    from cogov.experiments.analysis.collective_fit import rejection_exact

    rng = np.random.default_rng(1)
    prior = {"collective.cost": (0.0, 0.5), "collective.peer_weight": (0.0, 1.0)}
    runs = pd.DataFrame({k: rng.uniform(lo, hi, 60) for k, (lo, hi) in prior.items()})
    runs["petitions"] = np.where(runs["collective.cost"] > 0.2, 0, 7)
    abc = rejection_exact(runs, prior)
    arm = {
        "runs": 20,
        "petition_free": 19,
        "share": 0.95,
        "wilson_low": 0.7639,
        "wilson_high": 0.9911,
        "petitions_mean": 0.1,
        "petitions_ci_low": -0.1,
        "petitions_ci_high": 0.3,
        "petitions_max": 2.0,
    }
    record = {
        "fit": "collective",
        "code_version": "abc123",
        "created": "now",
        "datum": {"outcome": "petitions", "value": 0},
        "design": {"check_replicates": 20},
        "abc": abc,
        "parameters": {
            n: {
                **p,
                "value": round(abc["centre"][n], 3),
                "centre": abc["centre"][n],
                "bounds": list(prior[n]),
            }
            for n, p in abc["parameters"].items()
        },
        "predictive": {"councils": arm, "no_councils": {**arm, "petition_free": 3}},
    }
    rows = tables.collective_tables(record)
    assert rows[0].startswith(f"{abc['accepted']} of 60 runs accepted (petitions == 0)")
    cost = next(r for r in rows if r.startswith("| `collective.cost` | 0–0.5 |"))
    assert "| high |" in cost and "| **no** |" in cost  # the prior sets the upper end
    slices = [r for r in rows if r.startswith("| `collective.cost` | 0")]
    first = abc["parameters"]["collective.cost"]["acceptance_by_slice"][0]["runs"]
    assert slices[1] == f"| `collective.cost` | 0–0.1 | {first} | 0 |"
    assert "| councils | 19 of 20 = 95% (76%–99%)" in "\n".join(rows)
    assert "| no councils | 3 of 20" in "\n".join(rows)


def test_councils_off_tally_by_cost_slice():
    import pandas as pd

    script = load_script("collective_councils_off")
    on = pd.DataFrame(
        {
            "index": [0, 1, 2, 3],
            "collective.cost": [0.05, 0.15, 0.25, 0.45],
            "petitions": [9, 0, 0, 0],
        }
    )
    off = on.assign(petitions=[40, 3, 0, 0]).iloc[::-1]  # any order: paired by index
    rows = script.slices(on, off, 0.0, 0.5)
    assert rows[0] == (0.0, 0.1, 1, 0, 0, 0)
    assert rows[1] == (0.1, 0.2, 1, 1, 0, 1)  # petition-free only with councils
    assert rows[2][2:] == (1, 1, 1, 0)
    assert rows[4][2:] == (1, 1, 1, 0)


def test_calibrated_uncertainties_span_their_records_posterior_intervals():
    # experiments/uncertainties.py copies each calibrated parameter's 95% interval, rounded
    from cogov.experiments.uncertainties import UNCERTAINTIES

    records = {}
    for name in ("calibration.json", "calibration_participation.json"):
        record = json.loads((ROOT / "docs" / name).read_text(encoding="utf-8"))
        records.update(record["parameters"])
    calibrated = [u for u in UNCERTAINTIES if u.source.startswith("calibrated")]
    assert len(calibrated) >= 6
    for u in calibrated:
        p = records[u.name]
        tolerance = 0.5 if isinstance(p["value"], int) else 5e-4  # whole counts; rates to 3 dp
        assert abs(u.low - p["ci_low"]) <= tolerance, u.name
        assert abs(u.high - p["ci_high"]) <= tolerance, u.name
        assert u.low <= p["value"] <= u.high and f"default {p['value']}" in u.source, u.name
