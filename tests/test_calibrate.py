"""Calibration: the fitting methods recover known parameters; the command runs end to end."""

import json

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from cogov.experiments.analysis.abc import abc_loclinear
from cogov.experiments.analysis.calibrate import calibrate, fit, shipped
from cogov.experiments.analysis.targets import PARAMETERS, TARGETS


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


def test_calibrate_takes_the_abc_posterior_and_checks_its_centre_on_fresh_runs(tmp_path):
    result = calibrate(
        "xinhua_2013",
        tmp_path,
        samples=8,
        replicates=1,
        days=30,
        scale=0.05,
        check_replicates=2,
        workers=2,
        predictive=3,
        accept=0.5,
    )
    json.dumps(result, allow_nan=False)  # JSON-ready
    design = pd.read_parquet(tmp_path / "design_runs" / "runs.parquet")
    assert len(design) == 8 and set(design["status"]) == {"ok"}
    # the posterior is the regression ABC on the design's own runs, against the targets
    again = abc_loclinear(with_hotline(design), PARAMETERS, TARGETS, accept=0.5)
    assert result["abc"]["centre"] == pytest.approx(again["centre"], rel=1e-9)
    assert set(result["parameters"]) == set(PARAMETERS)
    for name, p in result["parameters"].items():
        lo, hi = PARAMETERS[name]
        assert lo < p["centre"] < hi and p["ci_low"] <= p["median"] <= p["ci_high"]
        assert p["value"] == shipped(name, again["centre"][name])  # the centre as shipped
        assert p["identified"] == again["parameters"][name]["identified"]
        assert (name in result["not_identified"]) == (not p["identified"])
    # the surrogate fit on the same runs is kept for comparison
    refit = fit(with_hotline(design), np.random.default_rng(4242))
    for name, p in result["surrogate_lsq"]["parameters"].items():
        assert p["value"] == pytest.approx(refit[name]["value"], rel=1e-9), name
    # the check runs the scenario at the centre with fresh seeds
    check = with_hotline(pd.read_parquet(tmp_path / "check_runs" / "runs.parquet"))
    assert len(check) == 2 and set(check["status"]) == {"ok"}
    assert set(check["seed"]).isdisjoint(design["seed"])
    for name, p in result["parameters"].items():
        assert (check[name] == p["value"]).all()
    # and reports each target's and check's mean with its t interval, against the target
    assert {"hotline_per_resident_year", "satisfaction_mean", "on_time_rate"} <= set(
        result["outcomes"]
    )
    for outcome, o in result["outcomes"].items():
        x = check[outcome].to_numpy(float)
        low, high = (
            stats.t.interval(0.95, len(x) - 1, loc=x.mean(), scale=stats.sem(x))
            if x.std() > 0
            else (x.mean(), x.mean())  # both replicates equal (e.g. all on time at this size)
        )
        assert o["n"] == 2 and o["mean"] == pytest.approx(x.mean()), outcome
        assert (o["ci_low"], o["ci_high"]) == (pytest.approx(low), pytest.approx(high)), outcome
        assert o["within_tolerance"] == (abs(x.mean() - o["target"]) <= o["tolerance"])
    # the posterior-predictive check runs posterior draws, one run each, fresh seeds
    pred = with_hotline(pd.read_parquet(tmp_path / "predictive_runs" / "runs.parquet"))
    # up to 3 draws; draws that coincide (here 3 accepted runs against 2 targets and an
    # intercept: the adjustment fits them exactly and maps them to one point) run once
    values = pred[list(PARAMETERS)].apply(tuple, axis=1)
    assert 1 <= len(pred) <= 3 and values.is_unique
    assert set(pred["seed"]).isdisjoint(design["seed"])
    draws = result["abc"]["samples"]
    for _, run in pred.iterrows():
        assert any(
            all(run[n] == pytest.approx(draws[n][i]) for n in PARAMETERS)
            for i in range(len(draws["weights"]))
        )
    for outcome, o in result["predictive"].items():
        x = pred[outcome].to_numpy(float)
        assert o["n"] == len(pred) and o["mean"] == pytest.approx(x.mean()), outcome
        assert (o["low"], o["high"]) == pytest.approx(tuple(np.percentile(x, [2.5, 97.5])))
        assert o["target_in_range"] == (o["low"] <= o["target"] <= o["high"])


def test_shipped_values_are_whole_counts_and_three_significant_figures():
    assert shipped("participation.contacts", 269.6) == 270
    assert shipped("units.team_willingness", 0.136549) == 0.137
    assert shipped("satisfaction.intercept", -1.11346) == -1.11
    assert shipped("reporting.resident_propensity", 0.19335) == 0.193


def test_the_participation_fit_recovers_campaign_sizes_and_willingness():
    from cogov.experiments.analysis.targets import (
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
                    # known stocks: 1,000 volunteers at 300 contacts, 135 groups at 170,
                    # 37 points at 15, 137 teams at willingness 0.15 (members below);
                    # quit_idle acts nowhere
                    "volunteers_active_end": 2 * x["participation.contacts"]
                    + 400
                    + rng.normal(0, 5),
                    "groups_active_end": 0.2 * x["participation.group_contacts"]
                    + 101
                    + rng.normal(0, 1),
                    "points_active_end": 1.0 * x["participation.point_contacts"]
                    + 22
                    + rng.normal(0, 0.5),
                    "teams_active_end": 600 * x["units.team_willingness"] + 47 + rng.normal(0, 1),
                    # members: 780 at 170 group contacts, the same point as the groups
                    "group_members_end": 1.2 * x["participation.group_contacts"]
                    + 576
                    + rng.normal(0, 4),
                    # helpers: 74 at 120 helper contacts
                    "point_helpers_end": 0.5 * x["participation.helper_contacts"]
                    + 14
                    + rng.normal(0, 0.5),
                    # elderly served: 600 at a need rate of 20, more above it ("600+")
                    "elderly_served": 30 * x["kinds.elderly_needs.rate_per_1000_per_year"]
                    + rng.normal(0, 5),
                }
            )
    fitted = fit(
        pd.DataFrame(rows),
        rng,
        n_boot=30,
        parameters=PARTICIPATION_PARAMETERS,
        targets=PARTICIPATION_TARGETS,
    )
    assert fitted["participation.contacts"]["value"] == pytest.approx(300, abs=15)
    assert fitted["participation.group_contacts"]["value"] == pytest.approx(170, abs=15)
    assert fitted["participation.point_contacts"]["value"] == pytest.approx(15, abs=2)
    assert fitted["units.team_willingness"]["value"] == pytest.approx(0.15, abs=0.01)
    assert fitted["participation.helper_contacts"]["value"] == pytest.approx(120, abs=5)
    # one-sided: any rate at which 600 are served fits, none below it
    assert fitted["kinds.elderly_needs.rate_per_1000_per_year"]["value"] >= 19.0
    for name, p in fitted.items():
        if name != "participation.quit_idle":  # acts nowhere: its optimum is arbitrary
            # (up to a tenth of the interval's width: the bootstrap's percentile interval of a
            # least-squares optimum on 80 runs need not hold the optimum itself exactly)
            slack = 0.1 * (p["ci_high"] - p["ci_low"]) + 1e-3 * abs(p["value"])
            assert p["ci_low"] - slack <= p["value"] <= p["ci_high"] + slack, name


@pytest.mark.parametrize(
    ("argv", "wanted"),
    [
        ([], {}),
        (["--fit", "participation"], {"samples": 300, "replicates": 1}),
        (["--fit", "joint"], {"samples": 600, "replicates": 1}),
        (["--fit", "participation", "--samples", "120"], {"samples": 120, "replicates": 1}),
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


def test_the_joint_fit_has_both_fits_parameters_and_targets_and_the_service_checks():
    from cogov.experiments.analysis.targets import CHECKS, FITS, PARAMETERS

    parameters, targets, checks = FITS["joint"]
    part_parameters, part_targets, _ = FITS["participation"]
    service_parameters, service_targets, _ = FITS["service"]
    assert set(parameters) == set(part_parameters) | set(service_parameters)
    assert {n: parameters[n] for n in part_parameters} == part_parameters
    for name in PARAMETERS:  # the service box is narrower than the service fit's prior
        lo, hi = parameters[name]
        assert PARAMETERS[name][0] <= lo < hi <= PARAMETERS[name][1]
    assert targets == (*part_targets, *service_targets) and checks == CHECKS


def test_a_design_point_sets_a_field_of_one_issue_kind():
    """A ``kinds.ID.field`` design parameter reaches the scenario of each run.

    ``kinds.elderly_needs.rate_per_1000_per_year`` (the participation fit's): only that
    kind's rate moves.
    """
    from cogov.experiments.analysis.calibrate import _design
    from cogov.experiments.analysis.targets import PARTICIPATION_PARAMETERS
    from cogov.sim.loader import load_scenario

    name = "kinds.elderly_needs.rate_per_1000_per_year"
    assert name in PARTICIPATION_PARAMETERS
    lhs = {"kind": "lhs", "samples": 3, "parameters": {name: {"bounds": [5.0, 40.0]}}}
    design = _design("xinhua_2013", 1, 10, 1, 0.05, lhs)
    base = {k.id: k.rate_per_1000_per_year for k in load_scenario("xinhua_2013").kinds}
    seen = []
    for spec in design.runs:
        value = dict(spec.overrides)[name]
        assert 5.0 <= value <= 40.0
        built = load_scenario(spec.scenario, {**dict(spec.overrides), "days": spec.days})
        rates = {k.id: k.rate_per_1000_per_year for k in built.kinds}
        assert rates["elderly_needs"] == value
        assert {k: v for k, v in rates.items() if k != "elderly_needs"} == {
            k: v for k, v in base.items() if k != "elderly_needs"
        }
        seen.append(value)
    assert len(set(seen)) == 3


def test_the_elderly_target_is_one_sided_in_the_records():
    from cogov.experiments.analysis.calibrate import _outcomes, _predictive
    from cogov.experiments.analysis.targets import PARTICIPATION_TARGETS

    (elderly,) = [t for t in PARTICIPATION_TARGETS if t.outcome == "elderly_served"]
    assert elderly.at_least and (elderly.value, elderly.tolerance) == (600.0, 30.0)
    above = pd.DataFrame({"elderly_served": [640.0, 700.0, 660.0]})  # all "600+"
    short = pd.DataFrame({"elderly_served": [560.0, 570.0, 550.0]})  # 40 short: > 1 tolerance
    for runs, ok in ((above, True), (short, False)):
        o = _outcomes(runs, (elderly,), ())["elderly_served"]
        p = _predictive(runs, (elderly,), ())["elderly_served"]
        assert o["at_least"] and o["within_tolerance"] is ok and p["within_tolerance"] is ok
        assert p["target_in_range"] is ok  # the range reaches 600 or it does not
