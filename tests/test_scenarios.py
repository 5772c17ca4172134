"""A smoke test per built-in scenario, and what each derived scenario changes."""

from __future__ import annotations

import numpy as np
import pytest

from cogov.sim.loader import builtin_scenarios, load_scenario
from cogov.sim.model import CoGovModel
from cogov.sim.params import IntakePolicy

KIND = "construction_disturbance"
SHOCK_START, SHOCK_END = 60, 240


@pytest.mark.parametrize("name", sorted(builtin_scenarios()))
def test_smoke(name, tally):
    model = CoGovModel(name, scale=0.05, rng=21)
    model.run_days(30)
    tally(model)
    s = model.result().summary
    assert s["scenario"] == name
    assert s["issues_closed"] > 0
    assert len(model.result().daily["day"]) == 30
    for rate in ("on_time_rate", "solved_rate", "satisfaction_mean"):
        assert 0.0 <= s[rate] <= 1.0


def _arisen(model: CoGovModel, kind_id: str) -> int:
    index = [k.id for k in model.params.kinds].index(kind_id)
    return model.metrics.by_kind[index][0]


def test_metro_line_11_raises_construction_arrivals_during_the_shock():
    # three seeds summed: one seed's Poisson counts can fall close (seed 5 alone: 9 and 19)
    during_base = during_metro = 0
    for seed in (5, 6, 7):
        base = CoGovModel("xinhua_2013", scale=0.1, rng=seed)
        metro = CoGovModel("metro_line_11", scale=0.1, rng=seed)
        base.run_days(SHOCK_START)
        metro.run_days(SHOCK_START)
        # before the shock the two runs are the same run
        assert metro.result().summary["by_kind"] == base.result().summary["by_kind"]
        before_base, before_metro = _arisen(base, KIND), _arisen(metro, KIND)
        base.run_days(60)
        metro.run_days(60)
        during_base += _arisen(base, KIND) - before_base
        during_metro += _arisen(metro, KIND) - before_metro
    # expected: about 3 x 4.7 = 14 in 60 days without the shock, about 3 x 31 = 93 with it
    assert during_metro > during_base + 30


def test_metro_line_11_shock_multiplies_the_expected_rate_where_and_when_it_applies():
    base = CoGovModel("xinhua_2013", scale=0.05, rng=1)
    metro = CoGovModel("metro_line_11", scale=0.05, rng=1)
    k = [kind.id for kind in metro.params.kinds].index(KIND)
    names = {metro.graph.nodes[n]["name"]: n for n in metro.graph.nodes}
    (shock,) = (s for s in metro.params.shocks if KIND in s.kinds)
    hit = [names[n] for n in shock.neighbourhoods]
    missed = [n for n in names.values() if n not in hit]
    for day in (0, SHOCK_START - 1, SHOCK_END, SHOCK_END + 30):
        np.testing.assert_array_equal(metro.arrivals.expected(day), base.arrivals.expected(day))
    for day in (SHOCK_START, 100, SHOCK_END - 1):
        b, m = base.arrivals.expected(day), metro.arrivals.expected(day)
        np.testing.assert_allclose(m[k, hit], b[k, hit] * shock.multiplier)
        np.testing.assert_array_equal(m[k, missed], b[k, missed])


def test_budget_cut_has_fewer_department_staff():
    base = CoGovModel("xinhua_2013")
    cut = CoGovModel("budget_cut")
    staff = {d: dept.pool.servers for d, dept in base.departments.items()}
    cut_staff = {d: dept.pool.servers for d, dept in cut.departments.items()}
    assert set(cut_staff) == set(staff)
    assert all(cut_staff[d] <= staff[d] for d in staff)
    assert sum(cut_staff.values()) < sum(staff.values())
    assert (sum(staff.values()), sum(cut_staff.values())) == (29, 24)  # as the file says
    assert cut_staff["city_management"] == 6  # 8 x 0.75


def test_volunteer_surge_is_a_campaign_that_recruits_more_volunteers():
    surge, base = CoGovModel("volunteer_surge", scale=0.1), CoGovModel("xinhua_2013", scale=0.1)
    assert len(surge.volunteers) == len(base.volunteers) == 100  # the same start
    assert surge.params.participation.contacts == 2 * base.params.participation.contacts
    surge.run_days(120)
    base.run_days(120)
    assert surge.participation.recruited > base.participation.recruited


@pytest.mark.parametrize(
    ("name", "policy"),
    [
        ("xinhua_2013", IntakePolicy.COGOVERNANCE),
        ("one_window", IntakePolicy.ONE_WINDOW),
        ("siloed", IntakePolicy.SILOED),
    ],
)
def test_counterfactuals_change_only_the_intake(name, policy):
    scenario = load_scenario(name)
    assert scenario.intake.policy is policy
    base = load_scenario("xinhua_2013")
    assert (scenario.kinds, scenario.departments) == (base.kinds, base.departments)
