"""Calibration: the fitting method recovers known parameters; the command runs end to end."""

import json

import numpy as np
import pandas as pd
import pytest
from scipy import stats

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


def with_hotline(runs: pd.DataFrame) -> pd.DataFrame:
    """Issues reported by residents per resident-year, from a batch's own columns."""
    per_year = runs["found_by.resident"] / runs["residents"] / (runs["days"] / 365.0)
    return runs.assign(hotline_per_resident_year=per_year)


def test_calibrate_fits_its_design_and_checks_the_fit_on_fresh_runs(tmp_path):
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
    design = pd.read_parquet(tmp_path / "design_runs" / "runs.parquet")
    assert len(design) == 6 and set(design["status"]) == {"ok"}
    # the fitted values are those the fitting method gives on the design's own runs
    refit = fit(with_hotline(design), np.random.default_rng(4242))
    assert set(result["parameters"]) == set(PARAMETERS) == set(refit)
    for name, p in result["parameters"].items():
        for key in ("value", "ci_low", "ci_high"):
            assert p[key] == pytest.approx(refit[name][key], rel=1e-9), (name, key)
    # the check runs the scenario at the fitted values with fresh seeds
    check = with_hotline(pd.read_parquet(tmp_path / "check_runs" / "runs.parquet"))
    assert len(check) == 2 and set(check["status"]) == {"ok"}
    assert set(check["seed"]).isdisjoint(design["seed"])
    for name, p in result["parameters"].items():
        assert (check[name] == p["value"]).all()
    # and reports each outcome's mean with its t interval, against the target
    assert {"hotline_per_resident_year", "satisfaction_mean", "on_time_rate"} <= set(
        result["outcomes"]
    )
    for outcome, o in result["outcomes"].items():
        x = check[outcome].to_numpy(float)
        low, high = stats.t.interval(0.95, len(x) - 1, loc=x.mean(), scale=stats.sem(x))
        assert o["n"] == 2 and o["mean"] == pytest.approx(x.mean()), outcome
        assert (o["ci_low"], o["ci_high"]) == (pytest.approx(low), pytest.approx(high)), outcome
        assert o["within_tolerance"] == (abs(x.mean() - o["target"]) <= o["tolerance"])


def test_the_participation_fit_recovers_campaign_sizes_and_willingness():
    from cogov.experiments.analysis.calibrate import (
        FITS,
        PARTICIPATION_PARAMETERS,
        PARTICIPATION_TARGETS,
    )

    assert FITS["participation"][0] is PARTICIPATION_PARAMETERS
    rng = np.random.default_rng(11)
    rows = []
    for point in range(40):
        x = {n: rng.uniform(lo, hi) for n, (lo, hi) in PARTICIPATION_PARAMETERS.items()}
        for _ in range(2):
            rows.append(
                {
                    "point": point,
                    **x,
                    # known stocks: 1,000 volunteers at 750 contacts, 135 groups at 400,
                    # 37 points at 100, 137 teams at willingness 0.15; quit_idle acts nowhere
                    "volunteers_active_end": 2 * x["participation.contacts"]
                    - 500
                    + rng.normal(0, 5),
                    "groups_active_end": 0.2 * x["participation.group_contacts"]
                    + 55
                    + rng.normal(0, 1),
                    "points_active_end": 0.3 * x["participation.point_contacts"]
                    + 7
                    + rng.normal(0, 0.5),
                    "teams_active_end": 600 * x["units.team_willingness"] + 47 + rng.normal(0, 1),
                }
            )
    fitted = fit(
        pd.DataFrame(rows),
        rng,
        n_boot=30,
        parameters=PARTICIPATION_PARAMETERS,
        targets=PARTICIPATION_TARGETS,
    )
    assert fitted["participation.contacts"]["value"] == pytest.approx(750, abs=15)
    assert fitted["participation.group_contacts"]["value"] == pytest.approx(400, abs=15)
    assert fitted["participation.point_contacts"]["value"] == pytest.approx(100, abs=5)
    assert fitted["units.team_willingness"]["value"] == pytest.approx(0.15, abs=0.01)
    for p in fitted.values():
        assert p["ci_low"] <= p["value"] <= p["ci_high"]


@pytest.mark.parametrize(
    ("argv", "wanted"),
    [
        ([], {}),
        (["--fit", "participation"], {"samples": 40, "replicates": 2}),
        (["--fit", "participation", "--samples", "120"], {"samples": 120, "replicates": 2}),
        (["--samples", "60", "--replicates", "3"], {"samples": 60, "replicates": 3}),
    ],
)
def test_the_design_size_can_be_given_on_the_command_line(monkeypatch, tmp_path, argv, wanted):
    from cogov import cli
    from cogov.experiments.analysis import calibrate as module

    seen = {}

    def fake(scenario, out, workers=None, which="service", **sizes):
        seen.update(sizes)
        raise SystemExit(0)  # stop before anything is written

    monkeypatch.setattr(module, "calibrate", fake)
    with pytest.raises(SystemExit):
        cli.main(["calibrate", "--out", str(tmp_path / "c"), *argv])
    assert seen == wanted


@pytest.mark.parametrize("bad", [["--samples", "0"], ["--replicates", "two"]])
def test_a_bad_design_size_is_refused_with_what_is_allowed(capsys, bad):
    from cogov import cli

    with pytest.raises(SystemExit) as stop:
        cli.main(["calibrate", *bad])
    assert stop.value.code == 2
    last = capsys.readouterr().err.strip().splitlines()[-1]  # after argparse's usage
    assert last.startswith("cogov calibrate: error: argument --") and "allowed:" in last
