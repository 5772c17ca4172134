"""``mesa.batch_run`` drives the event-driven model: one step is one hour."""

from __future__ import annotations

import math
import multiprocessing

import mesa
import pandas as pd
import pytest

from cogov.sim.errors import ScenarioError
from cogov.sim.loader import load_scenario
from cogov.sim.model import CoGovModel

REPORTERS = {
    "open_issues",
    "on_time_rate",
    "solved_rate",
    "satisfaction",
    "trust",
    "petitions",
    "escalations",
}
MAX_STEPS = 24 * 5

# ``iterations`` is deprecated in Mesa 3.5 (and replaces any ``rng`` given in ``parameters``
# by None, so the model falls back on the scenario's seed); the brief's call is kept as is.
pytestmark = pytest.mark.filterwarnings("ignore:The `iterations` keyword:DeprecationWarning")


@pytest.fixture(autouse=True, scope="module")
def _keep_start_method():
    """batch_run forces the 'spawn' start method globally; put the old one back."""
    old = multiprocessing.get_start_method(allow_none=True)
    yield
    multiprocessing.set_start_method(old, force=True)


def batch(parameters: dict, **options) -> list[dict]:
    """``mesa.batch_run`` of the model for ``MAX_STEPS`` hours, the last record of each run."""
    return mesa.batch_run(
        CoGovModel,
        parameters=parameters,
        max_steps=MAX_STEPS,
        number_processes=1,
        data_collection_period=-1,
        display_progress=False,
        **options,
    )


@pytest.fixture(scope="module")
def rows() -> list[dict]:
    return batch(
        parameters={"params": ["xinhua_2013", "siloed"], "scale": [0.05], "rng": [1]},
        iterations=1,
    )


def test_one_row_per_scenario_with_the_model_reporters(rows):
    assert [row["params"] for row in rows] == ["xinhua_2013", "siloed"]
    for row in rows:
        assert set(row) >= REPORTERS
        assert row["Step"] == MAX_STEPS  # the last day's record, taken at hour 120
        assert row["scale"] == 0.05
        assert isinstance(row["open_issues"], int) and row["open_issues"] >= 0
        assert 0.0 < row["trust"] < 1.0
        for rate in ("on_time_rate", "solved_rate", "satisfaction"):
            assert math.isnan(row[rate]) or 0.0 <= row[rate] <= 1.0
    siloed = rows[1]
    assert siloed["escalations"] == 0


def test_same_parameters_give_the_same_rows_twice(rows):
    again = batch(
        parameters={"params": ["xinhua_2013", "siloed"], "scale": [0.05], "rng": [1]},
        iterations=1,
    )
    pd.testing.assert_frame_equal(pd.DataFrame(rows), pd.DataFrame(again))


def test_rows_match_a_direct_run_with_the_same_seed():
    rows = batch(
        parameters={"params": "xinhua_2013", "scale": 0.05},
        rng=[1, 2],
    )
    assert [row["rng"] for row in rows] == [1, 2]
    for row in rows:
        model = CoGovModel("xinhua_2013", scale=0.05, rng=row["rng"])
        for _ in range(MAX_STEPS):
            model.step()
        assert row["open_issues"] == model.open_issues
        assert row["escalations"] == model.escalations
        assert row["trust"] == model.mean_trust


def test_batch_run_sweeps_any_parameter_through_overrides():
    """``overrides`` of dotted keys reach the scenario: no volunteers means no volunteer hours."""
    sweep = [{"volunteers.count": 0}, {"volunteers.count": 400, "days": 30}]
    rows = batch(
        parameters={"params": "xinhua_2013", "scale": 0.05, "overrides": sweep},
        rng=[1],
    )
    assert [row["overrides"] for row in rows] == sweep
    for row, overrides in zip(rows, sweep, strict=True):
        model = CoGovModel("xinhua_2013", scale=0.05, rng=1, overrides=overrides)
        assert model.params.volunteers.count == overrides["volunteers.count"]
        model.run_for(MAX_STEPS)
        assert row["open_issues"] == model.open_issues and row["trust"] == model.mean_trust
    none = CoGovModel("xinhua_2013", scale=0.05, rng=1, overrides=sweep[0])
    none.run_for(MAX_STEPS)
    assert none.result().summary["volunteer_hours"] == 0
    assert none.params.days == 365 and CoGovModel(overrides=sweep[1], scale=0.05).params.days == 30


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"volunteers.count": -3}, "volunteers.count"),
        ({"volunteers.cuont": 3}, "cuont"),
        ({"population.scale": "big"}, "population.scale"),
    ],
)
def test_an_invalid_override_is_refused_like_a_bad_file_value(overrides, message):
    with pytest.raises(ScenarioError, match=message):
        CoGovModel("xinhua_2013", overrides=overrides)


def test_overrides_need_a_scenario_name_or_file():
    with pytest.raises(ScenarioError, match="overrides"):
        CoGovModel(load_scenario("xinhua_2013"), overrides={"days": 3})


def test_the_daily_series_is_what_a_datacollector_would_have_collected():
    """``model.datacollector`` holds what a real DataCollector collected daily would hold."""
    model = CoGovModel("xinhua_2013", scale=0.05, rng=4)
    reporters = {
        "open_issues": "open_issues",
        "on_time_rate": "on_time_rate",
        "solved_rate": "solved_rate",
        "satisfaction": "satisfaction_rate",
        "trust": "mean_trust",
        "petitions": "petitions",
        "escalations": "escalations",
    }
    real = mesa.DataCollector(model_reporters=reporters)
    for _ in range(12):
        model.run_days(1)
        real.collect(model)
    series = model.datacollector.model_vars
    for name in reporters:
        assert len(series[name]) == 12
        pd.testing.assert_series_equal(pd.Series(series[name]), pd.Series(real.model_vars[name]))
    assert series["day"] == list(range(12))
    frame = model.datacollector.get_model_vars_dataframe()
    assert frame.shape[0] == 12 and set(reporters) <= set(frame.columns)
    assert model.result().daily["backlog"] == series["open_issues"]


def test_the_model_leaves_mesas_own_scenario_attribute_alone():
    import inspect

    from mesa.experimental.scenarios import Scenario as MesaScenario

    assert "scenario" not in inspect.signature(CoGovModel).parameters
    model = CoGovModel("xinhua_2013", scale=0.05, rng=1)
    assert isinstance(model.scenario, MesaScenario) and model.params.name == "xinhua_2013"
