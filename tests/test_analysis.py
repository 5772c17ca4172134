"""Analysis: intervals, paired differences and Sobol indices on known answers."""

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from cogov.experiments.analysis.estimates import (
    difference,
    mean_ci,
    outcome_columns,
    sobol_table,
    summarize,
)
from cogov.experiments.design import load_experiment


def test_mean_ci_matches_t_interval():
    x = np.array([1.0, 2.0, 4.0, 7.0, np.nan])
    mean, low, high, n = mean_ci(x)
    finite = x[np.isfinite(x)]
    lo, hi = stats.t.interval(0.95, 3, loc=finite.mean(), scale=stats.sem(finite))
    assert (n, mean) == (4, pytest.approx(3.5))
    assert (low, high) == (pytest.approx(lo), pytest.approx(hi))
    assert np.isnan(mean_ci(np.array([5.0]))[1])


@pytest.mark.parametrize("level", [0.8, 0.95, 0.99])
@pytest.mark.parametrize("n", [2, 3, 10, 41])
def test_mean_ci_is_scipys_one_sample_t_interval(level, n):
    x = np.random.default_rng(n).lognormal(size=n)
    mean, low, high, count = mean_ci(x, level)
    reference = stats.ttest_1samp(x, 0.0).confidence_interval(level)
    assert count == n and mean == pytest.approx(x.mean(), rel=1e-12)
    assert (low, high) == (pytest.approx(reference.low), pytest.approx(reference.high))


def test_mean_ci_of_nothing_is_undefined():
    mean, low, high, n = mean_ci(np.array([np.nan, np.inf]))
    assert n == 0 and np.isnan(mean) and np.isnan(low) and np.isnan(high)


def frames(xa: np.ndarray, xb: np.ndarray, paired: bool) -> tuple[pd.DataFrame, pd.DataFrame]:
    seeds_a = list(range(len(xa)))
    seeds_b = seeds_a if paired else list(range(100, 100 + len(xb)))
    return pd.DataFrame({"seed": seeds_a, "y": xa}), pd.DataFrame({"seed": seeds_b, "y": xb})


@pytest.mark.parametrize("level", [0.9, 0.95])
@pytest.mark.parametrize(("n_a", "sd_a", "n_b", "sd_b"), [(5, 1.0, 12, 4.0), (30, 3.0, 4, 0.5)])
def test_unpaired_difference_is_scipys_welch_interval(level, n_a, sd_a, n_b, sd_b):
    rng = np.random.default_rng(n_a * 100 + n_b)
    xa, xb = rng.normal(2.0, sd_a, n_a), rng.normal(1.0, sd_b, n_b)
    diff, low, high, paired = difference(*frames(xa, xb, paired=False), "y", level)
    reference = stats.ttest_ind(xa, xb, equal_var=False).confidence_interval(level)
    assert not paired
    assert diff == pytest.approx(xa.mean() - xb.mean())
    assert (low, high) == (pytest.approx(reference.low), pytest.approx(reference.high))


@pytest.mark.parametrize("level", [0.9, 0.95])
def test_paired_difference_is_scipys_paired_t_interval(level):
    rng = np.random.default_rng(7)
    common = rng.normal(0.0, 5.0, 15)  # common random numbers: shared by both
    xa, xb = 3.0 + common + rng.normal(0, 1, 15), common + rng.normal(0, 1, 15)
    diff, low, high, paired = difference(*frames(xa, xb, paired=True), "y", level)
    reference = stats.ttest_rel(xa, xb).confidence_interval(level)
    assert paired
    assert diff == pytest.approx((xa - xb).mean())
    assert (low, high) == (pytest.approx(reference.low), pytest.approx(reference.high))
    unpaired = difference(*frames(xa, xb, paired=False), "y", level)
    assert unpaired[2] - unpaired[1] > 3 * (high - low)  # pairing removes the common noise


def test_pairs_are_matched_by_seed_not_by_row_order():
    a = pd.DataFrame({"seed": [1, 2, 3, 4], "y": [1.0, 2.0, 3.0, 5.0]})
    b = pd.DataFrame({"seed": [4, 3, 2, 1], "y": [4.0, 2.5, 1.0, 0.0]})
    diff, low, high, paired = difference(a, b, "y")
    reference = stats.ttest_rel([1.0, 2.0, 3.0, 5.0], [0.0, 1.0, 2.5, 4.0]).confidence_interval()
    assert paired and diff == pytest.approx(0.875)
    assert (low, high) == (pytest.approx(reference.low), pytest.approx(reference.high))


def test_too_few_unpaired_runs_give_no_interval():
    diff, low, high, paired = difference(*frames(np.array([1.0]), np.array([1.0, 2.0]), False), "y")
    assert not paired and np.isnan(diff) and np.isnan(low) and np.isnan(high)


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
