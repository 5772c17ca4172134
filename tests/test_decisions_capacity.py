"""Who takes a case follows from who is free and able: the community's capacity binds.

``Committee.free_and_able`` (the formula) and ``Committee.take`` (the offer) with fixed draws:
the actor the kind calls for takes a job when its queue is short and its hours left this week
cover the job; the hours are spent and renewed each Monday; less capacity (fewer hours, fewer
groups) means fewer cases taken; what nobody takes goes to a department and is counted.
"""

from __future__ import annotations

import math
from collections import Counter

import pytest
from fixed_draws import fix, unfix
from test_decisions_intake import quiet, reported, with_a_group

from cogov.sim.calendar import HOURS_PER_WEEK
from cogov.sim.issue import COMMUNITY_HANDLERS, Handler
from cogov.sim.loader import load_scenario
from cogov.sim.model import CoGovModel
from cogov.sim.params import Channel

SG = Channel.SELF_GOVERNANCE


def test_free_and_able_needs_the_actor_a_short_queue_and_the_hours():
    model = quiet()
    committee = model.committees[with_a_group(model)]
    pool = committee.pools[SG]
    limit = model.params.community.max_queue_per_server
    committee.hours_left[SG] = 3.0
    assert committee.free_and_able(SG, 3.0)  # hours left >= the job
    assert not committee.free_and_able(SG, 3.0 + 1e-9)
    pool.busy, pool.waiting = pool.servers, pool.servers * limit - 1
    assert committee.free_and_able(SG, 1.0)  # one more place in the queue
    pool.waiting += 1
    assert not committee.free_and_able(SG, 1.0)  # queue full, hours or not
    bare = next(c for c in model.committees if not c.pools[SG].servers)  # no group here
    bare.hours_left[SG] = 100.0
    assert not bare.free_and_able(SG, 1.0)  # no such actor here


def test_each_channel_has_its_actors_hours_a_week_renewed_on_monday():
    model = quiet(
        **{
            "population.scale": 0.5,
            "community.group_hours_per_week": 1.5,
            "community.point_host_hours_per_week": 2.5,
            "community.point_helper_hours_per_week": 0.5,
            "units.team_hours_per_week": 3.5,
            "community.max_queue_per_server": 100,
        }
    )
    s = model.params
    for c in model.committees:
        groups = c.pools[SG].servers  # every committee has the three pools (servers may be 0)
        points = c.pools[Channel.NEIGHBOUR_POINT].servers
        expected = {
            SG: groups * 1.5,
            Channel.NEIGHBOUR_POINT: points * 2.5 + sum(len(p.helpers) for p in c.points) * 0.5,
            Channel.SERVICE_TEAM: len(c.teams) * 3.5,
        }
        assert c.hours_per_week == expected
        assert c.hours_left == c.hours_per_week
    assert s.units.team_capacity == 1  # teams here are one server each
    nb = with_a_group(model)
    committee = model.committees[nb]
    full = committee.hours_per_week[SG]
    model.run_for(1.0)  # Monday 01:00: the week's renewal at 00:00 has run
    issue = reported(model, "neighbour_dispute", nb)
    fix(model, work_hours=[1.25])
    assert committee.take(issue, model.time)
    assert committee.hours_left[SG] == pytest.approx(full - 1.25)  # spent when taken
    unfix(model)  # the job closes with ordinary draws
    model.run_for(HOURS_PER_WEEK - 1.5)  # Sunday night: still this week's hours
    assert committee.hours_left[SG] == pytest.approx(full - 1.25)
    model.run_for(1.0)  # Monday 00:00 has passed
    assert committee.hours_left[SG] == full


@pytest.mark.parametrize(("low", "high"), [(0.5, 2.0), (1.0, 3.0)])
def test_fewer_hours_a_week_take_fewer_of_the_same_cases(low, high):
    """The same ten offers, the same judged jobs: taken = min(10, floor(hours a week / job))."""
    taken = {}
    for per_group in (low, high):
        model = quiet(
            **{
                "population.scale": 0.2,
                "community.group_hours_per_week": per_group,
                "community.max_queue_per_server": 100,  # only the hours bind here
            }
        )
        nb = with_a_group(model)
        committee = model.committees[nb]
        groups = committee.pools[SG].servers
        draws = fix(model, work_hours=[0.5] * 10)
        issues = [reported(model, "neighbour_dispute", nb) for _ in range(10)]
        took = [committee.take(i, model.time) for i in issues]
        draws.assert_used()  # every offer judged once (the queue had room)
        n = sum(took)
        assert n == min(10, math.floor(groups * per_group / 0.5 + 1e-9))
        assert took == [True] * n + [False] * (10 - n)  # once the hours run out, none
        assert all(i.handler is Handler.SELF_GOVERNANCE for i in issues[:n])
        assert all(i.handler is None for i in issues[n:])
        assert (committee.offered, committee.declined) == (10, 10 - n)
        taken[per_group] = n
    assert taken[low] < taken[high]


def test_fewer_groups_take_fewer_of_the_same_cases():
    taken, servers = [], []
    nb = None
    for groups in (130, 260):
        model = quiet(
            **{
                "population.scale": 0.2,
                "community.self_governance_groups": groups,
                "community.max_queue_per_server": 100,
            }
        )
        nb = with_a_group(model) if nb is None else nb  # the same committee both times
        committee = model.committees[nb]
        fix(model, work_hours=[1.0] * 40)
        issues = [reported(model, "neighbour_dispute", nb) for _ in range(40)]
        taken.append(sum(committee.take(i, model.time) for i in issues))
        servers.append(committee.pools[SG].servers)
    assert servers[0] < servers[1]
    assert 0 < taken[0] < taken[1] < 40


def test_the_pool_works_the_job_for_the_hours_it_was_judged_at():
    model = quiet()  # groups work round the clock
    nb = with_a_group(model)
    issue = reported(model, "neighbour_dispute", nb)
    draws = fix(model, work_hours=[1.5])  # one draw: at the offer, none at the start
    model.center.dispatch(issue)
    draws.assert_used()
    assert issue.handler is Handler.SELF_GOVERNANCE
    assert issue.work_hours == 1.5 and issue.t_due == model.time + 1.5


def test_a_case_nobody_is_free_to_take_goes_to_a_department_and_is_counted():
    model = quiet()
    nb = with_a_group(model)
    committee = model.committees[nb]
    committee.hours_left[SG] = 0.0
    issue = reported(model, "neighbour_dispute", nb)
    draws = fix(model, work_hours=[0.1, 1.0])  # the group's judgement, the department's work
    model.center.dispatch(issue)
    draws.assert_used()
    assert issue.handler is Handler.DEPARTMENT
    assert (committee.offered, committee.declined) == (1, 1)
    s = model.result().summary
    assert (s["community_offered"], s["community_declined"]) == (1, 1)
    name = next(n for i, n in enumerate(s["by_neighbourhood"]) if i == nb)
    assert s["by_neighbourhood"][name]["community_declined"] == 1


def test_when_the_point_is_spent_a_volunteer_with_hours_steps_in():
    model = quiet(**{"population.scale": 0.5, "volunteers.count": 1000})
    nb, committee = next(
        (n, c)
        for n, c in enumerate(model.committees)
        if c.pools[Channel.NEIGHBOUR_POINT].servers and c.volunteers["elderly_visits"]
    )
    for v in model.volunteers:
        v.start_week(False)
    person = committee.volunteers["elderly_visits"][0]
    person.start_week(True)
    committee.hours_left[Channel.NEIGHBOUR_POINT] = 1.0
    issue = reported(model, "elderly_needs", nb)
    # the point judges 1.5 h (more than its 1.0 left), the volunteer draws her own 1.5 h
    draws = fix(model, work_hours=[1.5, 1.5])
    assert committee.take(issue, model.time)
    draws.assert_used()
    assert issue.handler is Handler.VOLUNTEER and issue.worker is person
    assert committee.hours_left[Channel.NEIGHBOUR_POINT] == 1.0  # the point spent nothing
    assert person.hours_left == person.hours_per_week - 1.5
    # the point then judges a job within its hours: the point takes it
    other = reported(model, "elderly_needs", nb)
    fix(model, work_hours=[0.75])
    assert committee.take(other, model.time)
    assert other.handler is Handler.NEIGHBOUR_POINT
    assert committee.hours_left[Channel.NEIGHBOUR_POINT] == 0.25


def test_outside_co_governance_nothing_is_offered_to_the_community():
    model = quiet("one_window")
    issue = reported(model, "neighbour_dispute", with_a_group(model))
    fix(model, work_hours=[1.0])
    model.center.dispatch(issue)
    assert issue.handler is Handler.DEPARTMENT
    assert sum(c.offered for c in model.committees) == 0


def test_offers_and_declines_agree_with_an_independent_tally(tally):
    """Counted at the linkage center's dispatch, not by the committees' own counters."""
    scenario = load_scenario("xinhua_2013", {"population.scale": 0.1})
    model = CoGovModel(scenario, rng=3)
    tally.watch(model)
    center = model.center
    original = center.dispatch
    offered: Counter = Counter()
    declined: Counter = Counter()

    def dispatch(issue):
        original(issue)
        if issue.kind.channel is not Channel.NONE:
            offered[issue.neighbourhood] += 1
            if issue.handler not in COMMUNITY_HANDLERS:
                declined[issue.neighbourhood] += 1

    center.dispatch = dispatch
    model.run_days(120)
    tally(model)
    s = model.result().summary
    assert s["community_offered"] == sum(offered.values()) > 0
    assert s["community_declined"] == sum(declined.values()) > 0
    for nb, row in enumerate(s["by_neighbourhood"].values()):
        assert (row["community_offered"], row["community_declined"]) == (offered[nb], declined[nb])
