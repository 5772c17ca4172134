"""The collective-action fit: exact-match rejection against the Metro year's no-petition datum."""

import json
import math

import numpy as np
import pandas as pd
import pytest

from cogov.experiments.analysis.collective_fit import (
    COLLECTIVE_PARAMETERS,
    calibrate_collective,
    own_seeds,
    rejection_exact,
    wilson,
)

PRIOR = {"collective.cost": (0.0, 0.5), "collective.peer_weight": (0.0, 1.0)}


def threshold_table(n: int = 400, seed: int = 3) -> pd.DataFrame:
    """Petition-free exactly when cost > 0.2; the peers' pull plays no part."""
    rng = np.random.default_rng(seed)
    runs = pd.DataFrame({k: rng.uniform(lo, hi, n) for k, (lo, hi) in PRIOR.items()})
    runs["petitions"] = np.where(runs["collective.cost"] > 0.2, 0, 1 + rng.integers(0, 50, n))
    return runs


def test_a_run_is_accepted_exactly_when_its_year_has_no_petition():
    runs = threshold_table()
    result = rejection_exact(runs, PRIOR)
    free = runs[runs["petitions"] == 0]
    assert result["accepted"] == len(free) and result["draws"] == len(runs)
    assert result["acceptance"] == pytest.approx(len(free) / len(runs))
    cost = result["parameters"]["collective.cost"]
    x = free["collective.cost"].to_numpy()
    assert cost["mean"] == pytest.approx(x.mean()) and cost["median"] == pytest.approx(np.median(x))
    assert (cost["ci_low"], cost["ci_high"]) == pytest.approx(tuple(np.percentile(x, [2.5, 97.5])))
    # the datum bounds the cost from below only: the upper end is the prior's
    assert cost["ci_low"] > 0.2 and cost["prior_bound_side"] == ["high"]
    assert not cost["identified"]  # [0.2, 0.5] is 60% of the prior range
    peers = result["parameters"]["collective.peer_weight"]
    assert peers["prior_bound_side"] == ["low", "high"] and not peers["identified"]
    # the likelihood as a curve: no slice below 0.2 accepts anything, every one above all
    slices = cost["acceptance_by_slice"]
    assert [s["from"] for s in slices] == pytest.approx([0.0, 0.1, 0.2, 0.3, 0.4])
    assert slices[0]["accepted"] == slices[1]["accepted"] == 0
    assert all(s["accepted"] == s["runs"] for s in slices[2:])
    assert sum(s["runs"] for s in slices) == len(runs)
    # the centre: the accepted draw nearest the accepted draws' mean, prior-scaled
    u = np.column_stack([free[n].to_numpy() / (hi - lo) for n, (lo, hi) in PRIOR.items()])
    i = int(np.argmin(((u - u.mean(axis=0)) ** 2).sum(axis=1)))
    assert result["centre"] == {n: free[n].iloc[i] for n in PRIOR}
    assert "no regression adjustment" in result["method"]
    json.dumps(result, allow_nan=False)


def test_no_accepted_run_is_reported_not_invented():
    runs = threshold_table(50)
    runs["petitions"] = 3
    result = rejection_exact(runs, PRIOR)
    assert result["accepted"] == 0 and result["centre"] == {}
    assert "mean" not in result["parameters"]["collective.cost"]


def test_wilson_interval_by_its_formula():
    k, n, z = 27, 30, 1.959963984540054
    p = k / n
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    centre = p + z * z / (2 * n)
    expect = ((centre - half) / (1 + z * z / n), (centre + half) / (1 + z * z / n))
    assert wilson(k, n) == pytest.approx(expect)
    assert wilson(0, 30)[0] == 0.0 and wilson(30, 30)[1] == pytest.approx(1.0)


def test_each_design_run_gets_its_own_seed():
    from cogov.experiments.analysis.calibrate import _design

    lhs = {"kind": "lhs", "samples": 5, "parameters": {"collective.cost": {"bounds": [0, 0.5]}}}
    common = _design("metro_line_11", 1, 30, 7, 0.05, lhs)
    assert len({r.seed for r in common.runs}) == 1  # the batch layer's common seeds
    own = own_seeds(common)
    assert len({r.seed for r in own.runs}) == 5
    assert [r.overrides for r in own.runs] == [r.overrides for r in common.runs]


def test_the_fit_runs_end_to_end_and_writes_its_record(tmp_path):
    result = calibrate_collective(
        "metro_line_11", tmp_path, samples=4, days=90, scale=0.05, check_replicates=2, workers=1
    )
    json.dumps(result, allow_nan=False)  # JSON-ready
    design = pd.read_parquet(tmp_path / "design_runs" / "runs.parquet")
    assert len(design) == 4 and design["seed"].nunique() == 4
    assert result["abc"]["accepted"] == int((design["petitions"] == 0).sum())
    assert result["datum"] == {
        "outcome": "petitions",
        "value": 0,
        "source": "report: Metro Line 11 settled with no collective petition",
        "rule": "exact match",
    }
    assert set(result["parameters"]) == set(COLLECTIVE_PARAMETERS)
    assert "skipped" in result["regression_adjustment"]
    if result["abc"]["accepted"] == 0:  # nothing to check at a centre
        assert result["predictive"] == {}
        return
    check = pd.read_parquet(tmp_path / "check_runs" / "runs.parquet")
    for name, p in result["parameters"].items():
        assert (check[name] == p["value"]).all()  # the shipped centre
    on = check[check["deliberation.enabled"]].sort_values("replicate")
    off = check[~check["deliberation.enabled"]].sort_values("replicate")
    assert len(on) == len(off) == 2 and on["seed"].tolist() == off["seed"].tolist()  # paired
    assert set(check["seed"]).isdisjoint(design["seed"])
    for arm, runs in (("councils", on), ("no_councils", off)):
        a = result["predictive"][arm]
        free = int((runs["petitions"] == 0).sum())
        assert (a["runs"], a["petition_free"]) == (2, free)
        assert (a["wilson_low"], a["wilson_high"]) == pytest.approx(wilson(free, 2))


def test_the_command_line_takes_the_metro_scenario_for_the_collective_fit(monkeypatch, tmp_path):
    from cogov import cli
    from cogov.experiments.analysis import calibrate as module

    seen = {}

    def fake(scenario, out, workers=None, which="service", **sizes):
        seen.update(scenario=scenario, which=which, **sizes)
        raise SystemExit(0)

    monkeypatch.setattr(module, "calibrate", fake)
    with pytest.raises(SystemExit):
        cli.main(["calibrate", "--fit", "collective", "--out", str(tmp_path / "c")])
    assert seen == {
        "scenario": "metro_line_11",
        "which": "collective",
        "samples": 80,
        "replicates": 1,
        "check_replicates": 30,
    }
