"""ABC rejection: posterior, identifiability, correlations and predictive checks."""

from dataclasses import dataclass

import numpy as np
import pandas as pd
import pytest

from cogov.experiments.analysis.abc import abc_rejection, distances
from cogov.experiments.files import write_json


@dataclass(frozen=True)
class T:
    """A target as calibrate.Target has it."""

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
