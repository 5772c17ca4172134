"""Help across the graph's edges: service teams and volunteers of adjacent committees.

A service-team case that no team of its committee is free and able to take goes to the team
of an adjacent committee, nearest first, which judges the job (one work-time draw) and takes
it if its hours left cover the job plus the walk there and back (2 × the edge's
``travel_minutes``); the walk is spent from its hours and worked as part of the job.
"""

from __future__ import annotations

import pytest
from fixed_draws import fix, small_model, unfix

from cogov.sim.issue import Handler, Issue
from cogov.sim.params import Channel, Skill

EPS = 1e-9
TRAVEL = 2 * 0.4 / 5.0  # 0.4 km between grid neighbours at 5 km/h, there and back


def _case(model, kind_id: str, nb: int) -> Issue:
    k = [kd.id for kd in model.params.kinds].index(kind_id)
    return Issue(10**9, k, model.params.kinds[k], nb, 0.0, model.arrivals.shares[k])


def _only_one_team_next_door(model, nb: int):
    """Committee ``nb`` has no team; of its neighbours only the nearest keeps its teams."""
    here = model.committees[nb]
    here.pools.pop(Channel.SERVICE_TEAM, None)
    here.teams = []
    (other, travel), *rest = here.adjacent()
    for c, _ in rest:
        c.pools.pop(Channel.SERVICE_TEAM, None)
    assert Channel.SERVICE_TEAM in other.pools, "the nearest neighbour should run a team"
    return here, other, travel


@pytest.fixture
def model():
    return small_model(**{"demand.multiplier": 0.0, "population.scale": 0.3})


@pytest.mark.parametrize(("spare", "taken"), [(0.0, True), (-EPS, False)])
def test_a_team_next_door_takes_the_case_if_its_hours_cover_job_and_walk(model, spare, taken):
    here, other, travel = _only_one_team_next_door(model, 0)
    assert travel == pytest.approx(TRAVEL)
    job = 1.5
    other.hours_left[Channel.SERVICE_TEAM] = job + travel + spare
    draws = fix(model, work_hours=[job])  # the team next door judges the job: one draw
    issue = _case(model, "estate_repair", 0)
    assert here.take(issue, model.time) is taken
    draws.assert_used()
    if taken:
        assert issue.handler is Handler.SERVICE_TEAM
        assert issue.pool is other.pools[Channel.SERVICE_TEAM]
        assert issue.work_hours == pytest.approx(job + travel)  # the walk is worked
        assert other.hours_left[Channel.SERVICE_TEAM] == pytest.approx(spare)
        assert (here.helped_by_adjacent, other.helped_adjacent) == (1, 1)
        assert model.participation.teams_across == 1 and here.declined == 0
    else:
        assert other.hours_left[Channel.SERVICE_TEAM] == pytest.approx(job + travel + spare)
        assert (here.helped_by_adjacent, other.helped_adjacent) == (0, 0)
        assert model.participation.teams_across == 0 and here.declined == 1


def test_a_lent_team_s_hours_and_the_walk_count_to_its_unit_and_the_time_to_close(model):
    here, other, travel = _only_one_team_next_door(model, 0)
    units = {u.unique_id: u.hours for u in other.teams}
    fix(model, work_hours=[1.0])
    issue = _case(model, "estate_repair", 0)
    model.alive[issue.id] = issue
    issue.t_report = 0.0
    assert here.take(issue, model.time)
    unfix(model)
    model.run_for(9.0 + 0.5)  # office teams start at 09:00 on the first working day
    assert issue.t_start == pytest.approx(9.0)
    assert issue.t_due == pytest.approx(9.0 + 1.0 + travel)  # job + walk, in office hours
    given = {u.unique_id: u.hours - units[u.unique_id] for u in other.teams}
    assert sum(given.values()) == pytest.approx(1.0 + travel)  # credited to the lent team


def test_without_the_switch_no_team_comes_over(model):
    from dataclasses import replace

    model.params = replace(model.params, units=replace(model.params.units, help_adjacent=False))
    here, other, _ = _only_one_team_next_door(model, 0)
    other.hours_left[Channel.SERVICE_TEAM] = 100.0
    draws = fix(model)  # nothing is judged
    assert not here.take(_case(model, "estate_repair", 0), model.time)
    draws.assert_used()


def test_an_own_team_that_is_free_and_able_goes_first(model):
    here = model.committees[0]
    if not here.pools[Channel.SERVICE_TEAM].servers:
        pytest.skip("committee 0 has no team at this scale")
    here.hours_left[Channel.SERVICE_TEAM] = 100.0
    fix(model, work_hours=[1.0])
    issue = _case(model, "estate_repair", 0)
    assert here.take(issue, model.time)
    assert issue.pool is here.pools[Channel.SERVICE_TEAM] and issue.work_hours == 1.0
    assert here.helped_by_adjacent == 0


def test_a_volunteer_next_door_adds_the_walk_to_her_hours_and_the_time_to_close(model):
    from cogov.agents.volunteer import Volunteer

    asked = (Skill.LEGAL, Skill.MEDICAL, Skill.FINANCIAL)  # vulnerable_support's skills
    here = model.committees[0]
    for c in [here] + [c for c, _ in here.adjacent()]:
        for s in asked:
            c.volunteers[s] = []
    other, travel = here.adjacent()[0]
    helper = Volunteer(model, model.residents_by_nb[other.cell.coordinate][0], Skill.LEGAL, 2.0)
    other.add_volunteer(helper)
    helper.hours_left = 2.0 + travel
    draws = fix(model, work_hours=[2.0])
    issue = _case(model, "vulnerable_support", 0)
    assert here.take(issue, 5.0)
    draws.assert_used()
    assert issue.worker is helper and issue.work_hours == pytest.approx(2.0 + travel)
    assert issue.t_due == pytest.approx(5.0 + 2.0 + travel)  # volunteers work at any hour
    assert helper.hours_left == pytest.approx(0.0)
    assert (here.helped_by_adjacent, other.helped_adjacent) == (1, 1)
