"""ABC rejection: posterior, identifiability, correlations and predictive checks."""

import json
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pytest

from cogov.experiments.analysis.abc import abc_rejection, distances
from cogov.experiments.files import write_json


@dataclass(frozen=True)
class T:
    """A target as targets.Target has it."""

    outcome: str
    value: float
    tolerance: float
    source: str = "test"


PRIOR = {"a": (0.0, 1.0), "b": (-2.0, 2.0), "inert": (0.0, 10.0)}


def synthetic_runs(n: int = 4000, seed: int = 1) -> pd.DataFrame:
    """y1 = a, y2 = a + b (so a and b are correlated a posteriori); inert moves nothing."""
    rng = np.random.default_rng(seed)
    runs = pd.DataFrame({k: rng.uniform(lo, hi, n) for k, (lo, hi) in PRIOR.items()})
    runs["y1"] = runs["a"] + rng.normal(0, 0.01, n)
    runs["y2"] = runs["a"] + runs["b"] + rng.normal(0, 0.01, n)
    return runs


TARGETS = (T("y1", 0.3, 0.05), T("y2", 1.0, 0.05))


def test_distance_is_the_rms_of_standardised_deviations() -> None:
    runs = pd.DataFrame({"y1": [0.3, 0.4], "y2": [1.0, 0.9]})
    assert distances(runs, TARGETS).tolist() == pytest.approx([0.0, 2.0])


def test_posterior_recovers_the_truth_and_flags_what_data_cannot_pin() -> None:
    result = abc_rejection(synthetic_runs(), PRIOR, TARGETS, accept=0.01)
    assert result["draws"] == 4000 and result["accepted"] == 40
    a, b, inert = (result["parameters"][k] for k in ("a", "b", "inert"))
    assert a["ci_low"] < 0.3 < a["ci_high"] and abs(a["median"] - 0.3) < 0.05
    assert b["ci_low"] < 0.7 < b["ci_high"] and abs(b["median"] - 0.7) < 0.1
    assert a["identified"] and b["identified"]
    assert not inert["identified"]  # nothing depends on it: reported, not fixed
    assert result["correlations"]["a ~ b"] < -0.3  # y2 = a + b: trade-off between them
    for t in TARGETS:
        check = result["predictive"][t.outcome]
        assert check["within_tolerance"] and check["ci_low"] <= t.value + t.tolerance


def test_accepts_the_nearest_runs_and_writes_json(tmp_path) -> None:
    runs = synthetic_runs(200)
    result = abc_rejection(runs, PRIOR, TARGETS, accept=0.1)
    d = np.sort(distances(runs, TARGETS))
    assert result["accepted"] == 20 and result["epsilon"] == pytest.approx(d[19])
    write_json(tmp_path / "abc.json", result)  # JSON-ready: no NaN anywhere


# --- local-linear regression adjustment (Beaumont, Zhang & Balding 2002) ---

from cogov.experiments.analysis.abc import (  # noqa: E402
    abc_loclinear,
    epanechnikov,
    weighted_quantile,
)


def test_epanechnikov_weights_are_one_minus_the_squared_scaled_distance() -> None:
    w = epanechnikov(np.array([0.0, 1.0, 2.0, 3.0]), 2.0)
    assert w.tolist() == pytest.approx([1.0, 0.75, 0.0, 0.0])


def test_weighted_quantile_puts_each_value_at_the_middle_of_its_weight() -> None:
    x, w = np.array([3.0, 1.0, 2.0]), np.array([1.0, 1.0, 2.0])
    # sorted 1, 2, 3 at cumulative midpoints 0.125, 0.5, 0.875
    assert weighted_quantile(x, w, 0.5) == pytest.approx(2.0)
    assert weighted_quantile(x, w, 0.125) == pytest.approx(1.0)
    assert weighted_quantile(x, w, 0.6875) == pytest.approx(2.5)
    # equal weights: the ordinary median
    assert weighted_quantile(np.array([5.0, 1.0, 4.0]), np.ones(3), 0.5) == pytest.approx(4.0)


LIN_PRIOR = {"a": (0.0, 1.0), "b": (0.0, 1.0)}


def linear_runs(n: int, seed: int) -> pd.DataFrame:
    """y1 = a, y2 = b with small noise: the posterior of a is centred on y1's target."""
    rng = np.random.default_rng(seed)
    runs = pd.DataFrame({k: rng.uniform(lo, hi, n) for k, (lo, hi) in LIN_PRIOR.items()})
    runs["y1"] = runs["a"] + rng.normal(0, 0.005, n)
    runs["y2"] = runs["b"] + rng.normal(0, 0.005, n)
    return runs


def test_the_adjustment_moves_draws_to_the_truth_and_shrinks_the_interval() -> None:
    runs = linear_runs(300, 3)
    targets = (T("y1", 0.3, 0.05), T("y2", 0.6, 0.05))
    plain = abc_rejection(runs, LIN_PRIOR, targets, accept=0.2)
    adjusted = abc_loclinear(runs, LIN_PRIOR, targets, accept=0.2)
    assert adjusted["accepted"] == plain["accepted"] == 60
    for name, truth in (("a", 0.3), ("b", 0.6)):
        p, r = adjusted["parameters"][name], plain["parameters"][name]
        assert abs(p["mean"] - truth) < 0.02 and abs(p["centre"] - truth) < 0.02
        assert p["ci_low"] < truth < p["ci_high"]
        width, plain_width = p["ci_high"] - p["ci_low"], r["ci_high"] - r["ci_low"]
        assert width < 0.3 * plain_width  # the rejection sample is wide at 20% accepted
        assert p["identified"]
        assert p["slopes"]["y1" if name == "a" else "y2"] > 0  # logit rises with its output
    draws = adjusted["samples"]
    assert sum(draws["weights"]) == pytest.approx(1.0) and min(draws["weights"]) == 0.0
    assert adjusted["centre"] == {k: adjusted["parameters"][k]["centre"] for k in LIN_PRIOR}


def test_adjusted_draws_stay_within_the_bounds_and_unpinned_parameters_are_reported() -> None:
    # the truth at the edge of the prior: a linear adjustment would leave the bounds
    prior = {**LIN_PRIOR, "inert": (10.0, 20.0)}
    runs = linear_runs(300, 4)
    runs["inert"] = np.random.default_rng(9).uniform(10, 20, len(runs))
    targets = (T("y1", 0.01, 0.05), T("y2", 0.99, 0.05))
    result = abc_loclinear(runs, prior, targets, accept=0.3)
    for name, (lo, hi) in prior.items():
        x = np.array(result["samples"][name])
        assert ((x > lo) & (x < hi)).all(), name
        assert lo < result["centre"][name] < hi
    assert result["parameters"]["a"]["ci_high"] < 0.1 and result["parameters"]["b"]["ci_low"] > 0.9
    assert not result["parameters"]["inert"]["identified"]  # nothing depends on it
    assert result["parameters"]["a"]["identified"]


def test_the_centre_is_the_draw_nearest_the_weighted_mean_on_a_ridge() -> None:
    """On a ridge the centre lies on it and the correlation reports the trade-off.

    With y = a + b the posterior is the line a + b = 1.
    """
    rng = np.random.default_rng(2)
    runs = pd.DataFrame({"a": rng.uniform(0, 1, 400), "b": rng.uniform(0, 1, 400)})
    runs["y"] = runs["a"] + runs["b"] + rng.normal(0, 0.005, 400)
    result = abc_loclinear(runs, LIN_PRIOR, (T("y", 1.0, 0.05),), accept=0.2)
    a, b = np.array(result["samples"]["a"]), np.array(result["samples"]["b"])
    w = np.array(result["samples"]["weights"])
    u = np.column_stack([a, b])  # prior-scaled units: the bounds are 0-1
    mean = w @ u
    nearest = np.argmin(np.where(w > 0, ((u - mean) ** 2).sum(axis=1), np.inf))
    assert result["centre"] == {"a": a[nearest], "b": b[nearest]}
    assert result["centre"]["a"] + result["centre"]["b"] == pytest.approx(1.0, abs=0.05)
    assert result["correlations"]["a ~ b"] < -0.8
    assert not result["parameters"]["a"]["identified"]  # a ridge: neither is pinned alone
    write_json_ok = json.dumps(result)
    assert "NaN" not in write_json_ok


def test_one_parameter_and_a_design_smaller_than_the_minimum_accepted() -> None:
    rng = np.random.default_rng(1)
    runs = pd.DataFrame({"a": rng.uniform(0, 1, 50)})
    runs["y"] = runs["a"]
    result = abc_loclinear(runs, {"a": (0.0, 1.0)}, (T("y", 0.4, 0.05),))
    assert result["correlations"] == {} and abs(result["parameters"]["a"]["mean"] - 0.4) < 0.01
    # 3 runs, fewer than the minimum of parameters + 2 = 3 accepted: all of them
    assert abc_loclinear(runs.head(3), {"a": (0.0, 1.0)}, (T("y", 0.4, 0.05),))["accepted"] == 3


# --- one-sided targets: a count the source gives as "N+" ---

from cogov.experiments.analysis.abc import deviation, fits, reaches  # noqa: E402


@dataclass(frozen=True)
class AtLeast:
    """A one-sided target as targets.Target has it with ``at_least=True``."""

    outcome: str
    value: float
    tolerance: float
    source: str = "test"
    at_least: bool = True


def test_a_one_sided_target_counts_only_the_shortfall_below_its_value() -> None:
    t, two = AtLeast("y", 600.0, 30.0), T("y", 600.0, 30.0)
    x = np.array([540.0, 585.0, 600.0, 630.0, 700.0])
    # max(0, v - x) / tol in magnitude: 2, 0.5, then 0 at and above 600
    assert deviation(t, x).tolist() == pytest.approx([-2.0, -0.5, 0.0, 0.0, 0.0])
    assert deviation(two, x).tolist() == pytest.approx([-2.0, -0.5, 0.0, 1.0, 10 / 3])
    runs = pd.DataFrame({"y": x, "z": [1.0, 1.0, 1.0, 1.0, 1.3]})
    both = (t, T("z", 1.0, 0.1))  # RMS over the two: sqrt((d_y^2 + d_z^2) / 2)
    assert distances(runs, both).tolist() == pytest.approx(
        [np.sqrt(2.0), np.sqrt(0.125), 0.0, 0.0, np.sqrt(4.5)]
    )
    assert fits(t, 575.0) and not fits(t, 565.0) and fits(t, 900.0)
    assert not fits(two, 900.0)
    assert reaches(t, 100.0, 600.0) and not reaches(t, 100.0, 599.0)
    assert reaches(t, 650.0, 700.0) and not reaches(two, 650.0, 700.0)


def test_the_abc_identifies_with_a_one_sided_target_among_two_sided_ones() -> None:
    """y1 = a (two-sided, 0.3); y2 = 10 b at least 6: b's posterior is above 0.6, not at it."""
    runs = linear_runs(600, 5)
    runs["y2"] = 10 * runs["b"] + np.random.default_rng(6).normal(0, 0.05, len(runs))
    targets = (T("y1", 0.3, 0.05), AtLeast("y2", 6.0, 0.5))
    plain = abc_rejection(runs, LIN_PRIOR, targets, accept=0.2)
    adjusted = abc_loclinear(runs, LIN_PRIOR, targets, accept=0.2)
    for result, short in ((plain, 0.4), (adjusted, 0.58)):
        a, b = result["parameters"]["a"], result["parameters"]["b"]
        assert a["ci_low"] < 0.3 < a["ci_high"] and a["identified"]
        assert b["ci_low"] > short  # nothing accepted well short of 6 (rejection: within eps)
        assert b["ci_high"] > 0.95  # and the whole range above it is accepted
    # the true posterior: a at 0.3, b uniform on [0.6, 1] (median 0.8), not pulled to 0.6
    assert abs(adjusted["parameters"]["a"]["median"] - 0.3) < 0.03
    assert abs(adjusted["parameters"]["b"]["median"] - 0.8) < 0.05
    assert adjusted["parameters"]["b"]["slopes"]["y2"] > 0  # logit rises with the shortfall's
    assert plain["predictive"]["y2"]["at_least"] and plain["predictive"]["y2"]["within_tolerance"]
