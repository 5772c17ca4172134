"""Morris screening and Sobol indices through SALib and the EMA adapter."""

import numpy as np
import pandas as pd
import pytest

from cogov.experiments.ema import run_world
from cogov.experiments.sensitivity import (
    _values,
    morris_screening,
    run_design,
    sobol_indices,
    targets,
)
from cogov.experiments.uncertainties import COMPARISONS, DISCOVERY_OUTCOMES, POLICIES

NAMES = ["demand.multiplier", "community.max_queue_per_server", "supervision.strength"]


def test_unit_values_span_the_table_bounds() -> None:
    low = _values(np.zeros(3), NAMES)
    high = _values(np.ones(3), NAMES)
    assert low == {
        "demand__multiplier": 0.7,
        "community__max_queue_per_server": 1,
        "supervision__strength": 0.0,
    }
    assert high["demand__multiplier"] == 1.5 and high["supervision__strength"] == 1.5
    assert high["community__max_queue_per_server"] == 4
    assert isinstance(_values(np.full(3, 0.4), NAMES)["community__max_queue_per_server"], int)


def test_targets_are_levels_and_paired_differences() -> None:
    results = {
        p: pd.DataFrame({o: [float(i), 10.0 + i] for o in DISCOVERY_OUTCOMES})
        for i, p in enumerate(POLICIES)
    }
    out = targets(results)
    assert len(out) == len(DISCOVERY_OUTCOMES) * (1 + len(COMPARISONS))
    assert out["petitions"].tolist() == [0.0, 10.0]
    assert out["petitions: cogovernance - one_window"].tolist() == [-1.0, -1.0]
    assert out["solved_rate: cogovernance - siloed"].tolist() == [-2.0, -2.0]


def test_run_design_rows_equal_direct_runs() -> None:
    unit = np.array([[0.1, 0.9, 0.5], [0.8, 0.2, 0.0]])
    results = run_design(unit, NAMES, days=3, scale=0.02, seed=11)
    for policy in POLICIES:
        assert results[policy]["row"].tolist() == [0, 1]
    direct = run_world("one_window", days=3, scale=0.02, seed=11, **_values(unit[1], NAMES))
    for name, value in direct.items():
        got = results["one_window"].loc[1, name]
        assert got == pytest.approx(value, nan_ok=True)


@pytest.mark.filterwarnings("ignore:invalid value encountered:RuntimeWarning")  # constant y
def test_morris_and_sobol_tables_on_a_tiny_design() -> None:
    morris = morris_screening(trajectories=2, days=3, scale=0.02, names=NAMES)
    assert len(morris) == 9 * len(NAMES)
    assert set(morris["parameter"]) == set(NAMES)
    assert (morris["mu_star"] >= 0).all()
    top = morris.groupby("target")["mu_star"].apply(lambda s: s.is_monotonic_decreasing)
    assert top.all()
    sobol = sobol_indices(NAMES[:2], samples=2, days=2, scale=0.02)
    assert len(sobol) == 9 * 2
    assert {"S1", "ST", "S1_conf", "ST_conf"} <= set(sobol.columns)
