"""Calibration: the fitting method recovers known parameters; the command runs end to end."""

import json

import numpy as np
import pandas as pd
import pytest

from cogov.experiments.analysis.calibrate import PARAMETERS, calibrate, fit


def synthetic_runs(rng: np.random.Generator) -> pd.DataFrame:
    """A design whose outcomes are known functions of the parameters (plus noise)."""
    rows = []
    for point in range(30):
        p = rng.uniform(*PARAMETERS["reporting.resident_propensity"])
        b = rng.uniform(*PARAMETERS["satisfaction.intercept"])
        for _ in range(2):
            rows.append(
                {
                    "point": point,
                    "reporting.resident_propensity": p,
                    "satisfaction.intercept": b,
                    # hotline = 0.1 p hits 0.05 at p = 0.5; satisfaction hits 0.84 at b = -1
                    "hotline_per_resident_year": 0.1 * p + rng.normal(0, 0.001),
                    "satisfaction_mean": 0.9 + 0.06 * b + rng.normal(0, 0.002),
                }
            )
    return pd.DataFrame(rows)


def test_fit_recovers_known_parameters_with_intervals():
    rng = np.random.default_rng(5)
    fitted = fit(synthetic_runs(rng), rng, n_boot=50)
    p, b = fitted["reporting.resident_propensity"], fitted["satisfaction.intercept"]
    assert p["value"] == pytest.approx(0.5, abs=0.03)
    assert b["value"] == pytest.approx(-1.0, abs=0.1)
    for x in (p, b):
        assert x["ci_low"] <= x["value"] <= x["ci_high"]


def test_calibrate_runs_a_design_and_checks_the_fit(tmp_path):
    result = calibrate(
        "xinhua_2013",
        tmp_path,
        samples=6,
        replicates=1,
        days=30,
        scale=0.05,
        check_replicates=2,
        workers=2,
    )
    json.dumps(result)  # JSON-ready
    for name, p in result["parameters"].items():
        lo, hi = PARAMETERS[name]
        assert lo <= p["value"] <= hi
    assert {"hotline_per_resident_year", "satisfaction_mean", "on_time_rate"} <= set(
        result["outcomes"]
    )
    check = pd.read_parquet(tmp_path / "check_runs" / "runs.parquet")
    assert len(check) == 2 and set(check["status"]) == {"ok"}
    value = result["parameters"]["reporting.resident_propensity"]["value"]
    assert check["reporting.resident_propensity"].iloc[0] == pytest.approx(value)
