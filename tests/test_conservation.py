"""Every problem is unreported, open, persisting or gone, exactly once, at every hour.

The metrics' counters are checked against an independent tally of ``model.alive`` (the
``tally`` fixture in conftest.py) after every ``model.step()``.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cogov.sim.loader import builtin_scenarios, load_scenario
from cogov.sim.model import CoGovModel
from cogov.sim.params import DispatchOrder, IntakePolicy

HOURS = 10 * 24


def step_and_check(model: CoGovModel, tally, hours: int = HOURS) -> None:
    tally(model)
    for _ in range(hours):
        model.step()
        tally(model)


@pytest.mark.parametrize("name", sorted(builtin_scenarios()))
def test_conservation_every_hour_in_builtin_scenarios(name, tally):
    model = CoGovModel(name, scale=0.05, rng=11, keep_records=True)
    step_and_check(model, tally)
    m = model.metrics
    assert m.arisen > 0 and m.reported > 0 and m.closed > 0  # something was conserved


def test_conservation_when_nothing_is_ever_found(tally):
    # nobody reports and nobody patrols: every issue stays unreported, as never found
    scenario = load_scenario(
        "xinhua_2013",
        {
            "population.scale": 0.05,
            "reporting.resident_propensity": 0.0,
            "reporting.unit_propensity": 0.0,
            "inspectors.count": 0,
            "inspectors.volunteer_patrol_weight": 0.0,
            "persistence.enabled": False,  # no chronic cases, nothing fades
        },
    )
    model = CoGovModel(scenario, rng=2)
    step_and_check(model, tally, hours=5 * 24)
    m = model.metrics
    assert m.arisen > 0
    assert m.reported == 0
    assert m.never_found == m.unreported == m.arisen


@st.composite
def random_scenario(draw) -> dict:
    """Dotted-key overrides of xinhua_2013 that make a valid, small scenario."""
    policy = draw(st.sampled_from(list(IntakePolicy)))
    siloed = policy is IntakePolicy.SILOED
    order = DispatchOrder.FCFS if siloed else draw(st.sampled_from(list(DispatchOrder)))
    overrides = {
        "population.scale": draw(st.sampled_from([0.03, 0.05, 0.08])),
        "intake.policy": policy.value,
        "intake.dispatch_order": order.value,
        "supervision.enabled": (not siloed) and draw(st.booleans()),
        "supervision.interval_days": draw(st.sampled_from([1.0, 3.0, 30.0])),
        "demand.multiplier": draw(st.floats(0.0, 6.0)),
        "budget.staff_factor": draw(st.floats(0.1, 3.0)),
        "volunteers.count": draw(st.integers(0, 3000)),
        "reporting.resident_propensity": draw(st.floats(0.0, 1.0)),
        "intake.triage_hours": draw(st.floats(0.0, 48.0)),
        "escalation.enabled": draw(st.booleans()),
        "deliberation.enabled": draw(st.booleans()),
    }
    if draw(st.booleans()):
        overrides["meetings"] = {}  # no joint meetings
    else:
        overrides["meetings.daily"] = {"interval_days": 1.0, "agenda": 2}
    return overrides


@settings(max_examples=15, deadline=None)
@given(overrides=random_scenario(), seed=st.integers(0, 2**32))
def test_conservation_every_hour_in_random_scenarios(tally, overrides, seed):
    model = CoGovModel(load_scenario("xinhua_2013", overrides), rng=seed, keep_records=True)
    step_and_check(model, tally)
