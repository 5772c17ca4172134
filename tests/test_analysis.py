"""Analysis: intervals, paired differences and Sobol indices on known answers."""

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from cogov.experiments.analysis.estimates import mean_ci, outcome_columns, sobol_table, summarize
from cogov.experiments.design import load_experiment


def test_mean_ci_matches_t_interval():
    x = np.array([1.0, 2.0, 4.0, 7.0, np.nan])
    mean, low, high, n = mean_ci(x)
    finite = x[np.isfinite(x)]
    lo, hi = stats.t.interval(0.95, 3, loc=finite.mean(), scale=stats.sem(finite))
    assert (n, mean) == (4, pytest.approx(3.5))
    assert (low, high) == (pytest.approx(lo), pytest.approx(hi))
    assert np.isnan(mean_ci(np.array([5.0]))[1])


def runs_frame(seeds_b=None) -> pd.DataFrame:
    rng = np.random.default_rng(0)
    seeds = list(range(20))
    common = rng.normal(size=20)  # common random numbers shared by both scenarios
    a = pd.DataFrame({"scenario": "ref", "point": 0, "seed": seeds, "y": 10 + common})
    b = pd.DataFrame(
        {"scenario": "alt", "point": 1, "seed": seeds_b or seeds, "y": 11 + common + 0.01}
    )
    return pd.concat([a, b], ignore_index=True)


def test_summarize_pairs_by_seed_and_narrows_the_interval():
    paired = summarize(runs_frame(), outcomes=["y"], reference="ref")
    alt = paired[paired["scenario"] == "alt"].iloc[0]
    assert alt["paired"] and alt["diff"] == pytest.approx(1.01)
    assert alt["diff_high"] - alt["diff_low"] < 1e-9  # constant difference: zero width
    unpaired = summarize(runs_frame(seeds_b=list(range(100, 120))), ["y"], "ref")
    alt_u = unpaired[unpaired["scenario"] == "alt"].iloc[0]
    assert not alt_u["paired"]
    assert alt_u["diff_low"] < 1.01 < alt_u["diff_high"]
    assert alt_u["diff_high"] - alt_u["diff_low"] > 0.5  # Welch interval sees the noise


def test_outcome_columns_exclude_design_and_metadata():
    frame = pd.DataFrame(
        {"seed": [1], "point": [0], "volunteers.count": [5], "on_time_rate": [0.9], "x": [1.0]}
    )
    assert outcome_columns(frame) == ["on_time_rate", "x"]


def test_sobol_indices_of_a_known_linear_function(tmp_path):
    path = tmp_path / "s.toml"
    path.write_text(
        """
[experiment]
replicates = 1
[design]
kind = "sobol"
samples = 512
[design.parameters."supervision.strength"]
bounds = [0.0, 1.0]
[design.parameters."escalation.effort_boost"]
bounds = [1.0, 2.0]
""",
        encoding="utf-8",
    )
    exp = load_experiment(path)
    rows = []
    for r in exp.runs:
        p = dict(r.overrides)
        x1, x2 = p["supervision.strength"], p["escalation.effort_boost"] - 1.0
        rows.append({"sobol_matrix": r.sobol_matrix, "sobol_row": r.sobol_row, "y": x1 + 2.0 * x2})
    table = sobol_table(pd.DataFrame(rows), list(exp.parameters), ["y"], n_resamples=200)
    first = dict(zip(table["parameter"], table["first_order"], strict=True))
    total = dict(zip(table["parameter"], table["total_order"], strict=True))
    # y = x1 + 2 x2 with x ~ U(0,1): S1 = 1/5, S2 = 4/5, no interaction
    assert first["supervision.strength"] == pytest.approx(0.2, abs=0.05)
    assert first["escalation.effort_boost"] == pytest.approx(0.8, abs=0.05)
    assert total["escalation.effort_boost"] == pytest.approx(0.8, abs=0.05)
    assert (table["first_low"] <= table["first_high"]).all()


def test_sobol_table_refuses_runs_of_another_design():
    with pytest.raises(ValueError, match="not from a sobol design"):
        sobol_table(pd.DataFrame({"sobol_matrix": [""], "sobol_row": [-1], "y": [1.0]}), [], ["y"])
