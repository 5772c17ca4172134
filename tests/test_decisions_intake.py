"""Intake's decisions with fixed draws: escalation, deliberation, community channel, meetings.

Deadlines and escalation, deliberation councils, the community channel and the joint
meetings' cadence; routing (and where issues are passed on) has tests of its own.

The models have no demand of their own and no volunteers unless a test wants them, so the
only draws are the scripted ones.
"""

from __future__ import annotations

import pytest
from fixed_draws import fix, small_model, unfix

from cogov.sim.calendar import HOURS_PER_DAY
from cogov.sim.issue import DeadlineWatch, FoundBy, Handler, Issue, IssueState
from cogov.sim.jurisdiction import draw_from
from cogov.sim.params import Channel

QUIET = {
    "demand.multiplier": 0.0,
    "volunteers.count": 0,
    # no turnover: the groups', points' and teams' weekly review draws nothing
    "participation.quit_base": 0.0,
    # routing and passing on have their own tests (tests/test_decisions.py): here the center
    # triages right and every department takes what it is sent, so they draw nothing
    "routing.triage_accuracy": 1.0,
    "passing.enabled": False,
    # no chronic cases reported again in the background (persistence has its own tests)
    "persistence.enabled": False,
}
EPS = 1e-9


def quiet(name: str = "xinhua_2013", **overrides):
    return small_model(name, **{**QUIET, **overrides})


def reported(model, kind_id: str, nb: int = 0) -> Issue:
    """An issue of ``kind_id`` reported by a resident now (open, with its deadline)."""
    kinds = [k.id for k in model.params.kinds]
    k = kinds.index(kind_id)
    kind, shares = model.params.kinds[k], model.arrivals.shares[k]
    issue = Issue(10_000 + len(model.alive), k, kind, nb, model.time, shares)
    model.alive[issue.id] = issue
    issue.state = IssueState.OPEN
    issue.found_by = FoundBy.RESIDENT
    issue.reporter = model.residents_by_nb[nb][0]
    issue.t_report = model.time
    issue.deadline = model.time + issue.kind.deadline_hours
    model.metrics.on_report(issue, model.time)
    return issue


# --- deadlines and escalation --------------------------------------------------------------


@pytest.mark.parametrize("name", ["one_window", "xinhua_2013"])
def test_an_issue_still_in_triage_at_its_deadline_is_escalated_at_the_deadline(name):
    model = quiet(name)
    issue = reported(model, "safety_hazard")  # 2-hour deadline, not a community matter
    deadline = issue.deadline
    draws = fix(model, exponential=[deadline + 3.0])  # triage outlasts the deadline
    model.center.receive(issue)
    assert draws.means == [model.params.intake.triage_hours]
    model.run_for(deadline - 0.01)
    assert not issue.escalated
    model.run_for(0.02)  # just past the deadline, triage still under way
    assert issue.escalated and model.metrics.escalations == 1
    assert issue.pool is None  # not dispatched yet
    unfix(model)
    model.run_for(5.0)  # triage ends; the issue goes to its department, escalated
    assert issue.handler is Handler.DEPARTMENT and model.metrics.escalations == 1


def test_an_issue_triaged_in_time_and_worked_in_time_gets_no_watch():
    model = quiet("one_window")
    model.run_for(9.0)  # Monday 09:00: departments are open
    issue = reported(model, "consumer_complaint")  # 168 h, office-hours department
    fix(model, exponential=[0.5], work_hours=[1.0], uniform=[0.0, 0.0])  # 2 on closing
    model.center.receive(issue)
    model.run_for(2.0)
    assert issue.t_start == 9.5 and issue.t_close == 10.5
    assert issue.watch is None and not issue.escalated
    late = reported(model, "consumer_complaint")
    fix(model, exponential=[0.5], work_hours=[200.0])  # its work ends after the deadline
    model.center.receive(late)
    model.run_for(1.0)
    assert late.t_due > late.deadline and late.watch is not None


def test_the_siloed_policy_never_watches_deadlines():
    model = quiet("siloed")
    issue = reported(model, "safety_hazard")
    issue.found_by = FoundBy.INSPECTOR  # inspectors know where to go: no misrouting draws
    fix(model, work_hours=[50.0])  # work far beyond the deadline
    model.center.receive(issue)
    assert issue.watch is None
    unfix(model)
    model.run_for(60.0)
    assert model.metrics.escalations == 0 and not issue.escalated


def test_without_escalation_no_watch_is_set():
    model = quiet("one_window", **{"escalation.enabled": False})
    issue = reported(model, "safety_hazard")
    fix(model, exponential=[10.0])
    model.center.receive(issue)
    unfix(model)
    model.run_for(20.0)
    assert issue.watch is None and model.metrics.escalations == 0


def test_a_watch_fires_only_for_an_issue_still_open(make_issue):
    breached: list[Issue] = []
    issue = make_issue(1)
    watch = DeadlineWatch(issue, breached.append)
    for state, expected in (
        (IssueState.OPEN, [issue]),
        (IssueState.CLOSED, []),
        (IssueState.UNREPORTED, []),
    ):
        breached.clear()
        issue.state = state
        watch()
        assert breached == expected, state
    assert not watch.cancel()  # nothing scheduled: nothing to cancel


def test_escalation_counts_marks_and_moves_the_issue_ahead_in_its_queue():
    model = quiet("one_window")
    pool = model.departments["housing"].pool
    pool.busy = pool.servers  # every server busy: new issues wait
    first = reported(model, "estate_repair")
    second = reported(model, "estate_repair")
    pool.submit(first, model.time)
    pool.submit(second, model.time)
    model.center.on_breach(second)
    assert second.escalated and not first.escalated and model.metrics.escalations == 1
    pool.busy = pool.servers - 1
    draws = fix(model, work_hours=[4.0])
    pool.on_open(model.time)  # one server frees: the escalated issue starts first
    draws.assert_used()
    assert second.t_start == model.time and first.t_start != first.t_start


def test_a_case_that_breaches_again_after_its_clock_restarts_is_one_escalation():
    # a case can breach in triage, be passed on, and breach again at its new deadline (the
    # office's clock restarts at the next signature): escalations count cases, so the second
    # breach moves it ahead in its queue again but is not counted again
    model = quiet("one_window", **{"paper.base": -50.0})  # no reply on paper
    pool = model.departments["housing"].pool
    pool.busy = pool.servers  # every server busy: it waits
    late, other = reported(model, "estate_repair"), reported(model, "estate_repair")
    pool.submit(other, model.time)
    model.center.on_breach(late)  # breached before any department signed for it
    assert late.escalated and model.metrics.escalations == 1
    pool.submit(late, model.time)  # queued behind ``other``, escalated or not
    model.center.on_breach(late)  # its new deadline passes too
    assert late.escalated and model.metrics.escalations == 1
    pool.busy = pool.servers - 1
    fix(model, work_hours=[4.0])
    pool.on_open(model.time)
    assert late.t_start == model.time and other.t_start != other.t_start


@pytest.mark.parametrize("escalated", [False, True])
def test_work_is_divided_by_effort_boost_and_the_escalation_boost(escalated):
    model = quiet("one_window")
    pool = model.departments["housing"].pool
    pool.effort = 1.2
    issue = reported(model, "estate_repair")
    issue.handler = Handler.JOINT
    issue.boost = 1.5
    issue.escalated = escalated
    draws = fix(model, work_hours=[9.0])
    model.work.start_in_pool(issue, pool)
    boost = model.params.escalation.effort_boost if escalated else 1.0
    assert boost > 1.0 or not escalated
    assert issue.work_hours == pytest.approx(9.0 / (1.2 * 1.5 * boost))
    assert draws.work == [issue.kind.work]  # a department's work time


# --- deliberation --------------------------------------------------------------------------


def first_kind(model, **wanted) -> str:
    for k in model.params.kinds:
        if all(getattr(k, a) == v for a, v in wanted.items()):
            return k.id
    raise AssertionError(f"no kind with {wanted}")


def test_a_contentious_issue_is_consulted_on_before_it_goes_to_its_department():
    model = quiet(**{"kinds.construction_disturbance.channel": "none"})
    model.run_for(9.0)  # Monday 09:00: the department is open
    kind = "construction_disturbance"
    issue = reported(model, kind)
    consult = model.params.deliberation.consult_hours
    draws = fix(model, work_hours=[1.0])
    model.center.dispatch(issue)
    assert issue.consulted and model.metrics.consultations == 1
    assert issue.pool is None
    model.run_for(consult - 0.01)
    assert issue.pool is None  # still in consultation
    model.run_for(0.02)
    assert issue.handler is Handler.DEPARTMENT and issue.t_queue == 9.0 + consult
    draws.assert_used()


@pytest.mark.parametrize(
    ("name", "overrides"),
    [("one_window", {}), ("xinhua_2013", {"deliberation.enabled": False})],
)
def test_without_councils_a_contentious_issue_goes_straight_to_its_department(name, overrides):
    model = quiet(name, **{"kinds.construction_disturbance.channel": "none", **overrides})
    model.run_for(9.0)
    issue = reported(model, "construction_disturbance")
    fix(model, work_hours=[1.0])
    model.center.dispatch(issue)
    assert not issue.consulted and model.metrics.consultations == 0
    assert issue.handler is Handler.DEPARTMENT and issue.t_queue == 9.0


# --- the community channel -----------------------------------------------------------------


def with_a_group(model) -> int:
    """A committee with a self-governance group (groups sit by housing type: test_places.py)."""
    return next(
        nb for nb, c in enumerate(model.committees) if c.pools[Channel.SELF_GOVERNANCE].servers
    )


def test_the_community_is_offered_the_case_first_and_takes_it_when_free():
    model = quiet()
    kind = model.params.kinds[[k.id for k in model.params.kinds].index("neighbour_dispute")]
    nb = with_a_group(model)
    issue = reported(model, "neighbour_dispute", nb=nb)
    draws = fix(model, work_hours=[1.0])  # no coin for a share: the actor judges the job
    model.center.dispatch(issue)
    draws.assert_used()
    assert issue.handler is Handler.SELF_GOVERNANCE
    assert draws.work == [kind.community_work]
    committee = model.committees[nb]
    committee.hours_left[Channel.SELF_GOVERNANCE] = 0.5  # the groups' week is nearly spent
    other = reported(model, "neighbour_dispute", nb=nb)
    fix(model, work_hours=[1.0, 1.0])  # judged too long for the hours left: the department
    model.center.dispatch(other)
    assert other.handler in (Handler.DEPARTMENT, None)
    assert other.handler is Handler.DEPARTMENT or other.consulted


def test_a_full_community_actor_passes_the_issue_to_the_department():
    model = quiet()
    nb = with_a_group(model)
    committee = model.committees[nb]
    pool = committee.pools[Channel.SELF_GOVERNANCE]
    limit = model.params.community.max_queue_per_server
    pool.busy = pool.servers
    pool.waiting = pool.servers * limit  # as many waiting as it accepts
    assert not pool.has_room(limit)
    issue = reported(model, "neighbour_dispute", nb=nb)
    assert not committee.take(issue, model.time)
    pool.waiting -= 1
    assert pool.has_room(limit)
    # the job is judged only once there is room: one scripted work time, within the hours left
    fix(model, work_hours=[1.0])
    assert committee.hours_left[Channel.SELF_GOVERNANCE] >= 1.0
    assert committee.take(issue, model.time)
    unfix(model)
    assert issue.handler is Handler.SELF_GOVERNANCE and pool.waiting == pool.servers * limit


def test_volunteers_with_the_skill_and_hours_take_it_in_turn():
    model = small_model(**{"demand.multiplier": 0.0, "population.scale": 0.2})
    nb, committee = next(
        (n, c) for n, c in enumerate(model.committees) if len(c.volunteers["legal"]) >= 3
    )
    people = committee.volunteers["legal"]
    for v in people:
        v.start_week(True)
    hours = people[0].hours_per_week / 4
    taken = []
    for _ in range(len(people) + 1):
        issue = reported(model, "vulnerable_support", nb)
        fix(model, work_hours=[hours])
        assert committee._take_by_volunteer(issue, people[0].skill, model.time)
        taken.append(issue.worker)
        assert issue.handler is Handler.VOLUNTEER and issue.t_due == model.time + hours
    assert taken == [*people, people[0]]  # round robin
    people[1].start_week(False)  # the next in turn has no hours: the one after takes it
    issue = reported(model, "vulnerable_support", nb)
    fix(model, work_hours=[hours])
    assert committee._take_by_volunteer(issue, people[0].skill, model.time)
    assert issue.worker is people[2]
    issue = reported(model, "vulnerable_support", nb)  # the turn passes to the one after
    fix(model, work_hours=[hours])
    assert committee._take_by_volunteer(issue, people[0].skill, model.time)
    assert issue.worker is people[3 % len(people)]
    issue = reported(model, "vulnerable_support", nb)
    fix(model, work_hours=[people[0].hours_per_week])  # more than anyone has left but one
    people[0].start_week(True)
    assert committee._take_by_volunteer(issue, people[0].skill, model.time)
    assert issue.worker is people[0]
    for v in people:
        v.start_week(False)
    issue = reported(model, "vulnerable_support", nb)
    fix(model, work_hours=[hours])
    assert not committee._take_by_volunteer(issue, people[0].skill, model.time)


def test_without_volunteers_of_the_skill_nobody_takes_it():
    model = quiet()  # no volunteers at all
    committee = model.committees[0]
    issue = reported(model, "vulnerable_support", 0)
    fix(model)  # no draw either
    assert not committee._take_by_volunteer(issue, next(iter(committee.volunteers)), 0.0)
    assert not committee.take(issue, model.time)
    assert issue.handler is None and issue.worker is None


def test_community_actors_serve_first_come_first_served_whatever_the_dispatch_order():
    model = quiet(**{"intake.dispatch_order": "edf"})
    assert all(d.pool.edf for d in model.departments.values())
    pools = [p for c in model.committees for p in c.pools.values()]
    assert pools and not any(p.edf for p in pools)
    assert not any(d.pool.edf for d in quiet().departments.values())


def test_service_team_jobs_go_to_member_units_in_turn():
    model = quiet(**{"population.scale": 0.5})
    committee = next(c for c in model.committees if len(c.teams) >= 2)
    teams = committee.teams
    assert [committee.next_team() for _ in range(len(teams) + 1)] == [*teams, teams[0]]


@pytest.mark.parametrize(("groups", "teams"), [("24h", "office"), ("office", "24h")])
def test_community_actors_keep_the_hours_the_scenario_gives_them(groups, teams):
    model = quiet(
        **{"population.scale": 0.5, "community.group_hours": groups, "units.team_hours": teams}
    )
    pools = [c.pools for c in model.committees]
    for channel, hours in (("self_governance", groups), ("neighbour_point", groups)):
        assert {p[channel].office for p in pools if channel in p} == {hours == "office"}
    assert {p["service_team"].office for p in pools if "service_team" in p} == {teams == "office"}


def test_service_teams_are_the_member_units_that_run_one_and_count_their_hours():
    model = quiet(**{"population.scale": 0.5})
    teams = [u for c in model.committees for u in c.teams]
    assert teams and all(u.team_capacity > 0 and u.has_team for u in teams)
    others = [u for units in model.units_by_nb for u in units if u not in teams]
    assert others and not any(u.has_team for u in others)
    committee = next(c for c in model.committees if c.teams)
    pool = committee.pools["service_team"]
    assert pool.servers == sum(u.team_capacity for u in committee.teams)
    nb = model.committees.index(committee)
    issue = reported(model, "estate_repair", nb)
    issue.handler = Handler.SERVICE_TEAM
    unit = committee.teams[committee._next_team % len(committee.teams)]
    assert unit.hours == 0.0
    issue.work_hours = 3.0  # judged when the team took it on (Committee.take)
    draws = fix(model)  # so the start draws nothing
    model.work.start_in_pool(issue, pool)
    draws.assert_used()
    assert unit.hours == 3.0 and model.metrics.unit_hours == 3.0


# --- joint meetings ------------------------------------------------------------------------


def test_meetings_meet_every_interval_from_one_interval_in():
    meetings = {"a": {"interval_days": 3.0, "agenda": 2}, "b": {"interval_days": 7.0}}
    model = quiet(meetings=meetings)
    assert [m.params.id for m in model.mechanisms.meetings] == ["a", "b"]
    held: list[tuple[int, int]] = []
    for _ in range(15):
        model.run_for(HOURS_PER_DAY - 0.5)
        before = [m.held for m in model.mechanisms.meetings]
        model.run_for(0.5)  # the meetings of the day meet at its end (midnight)
        after = [m.held for m in model.mechanisms.meetings]
        held.append((after[0] - before[0], after[1] - before[1]))
    days_a = [d + 1 for d, (a, _) in enumerate(held) if a]
    days_b = [d + 1 for d, (_, b) in enumerate(held) if b]
    assert days_a == [3, 6, 9, 12, 15] and days_b == [7, 14]
    assert all(a <= 1 and b <= 1 for a, b in held)


def test_one_window_holds_no_meetings():
    assert quiet("one_window").mechanisms.meetings == []


def test_a_meeting_takes_at_most_its_agenda_first_come_first():
    model = quiet()
    waiting = [reported(model, "long_standing") for _ in range(5)]
    model.center.agenda.extend(waiting)
    fix(model)  # a joint task queues a ticket at each department holding a share: no draw
    assert model.center.take_up(3, 1.5) == 3
    assert list(model.center.agenda) == waiting[3:]
    for issue in waiting[:3]:
        assert issue.handler is Handler.JOINT and issue.boost == 1.5 and issue.task is not None
        assert all(ticket.pool is not None for ticket in issue.task.members)
    assert all(i.handler is None and i.boost == 1.0 and i.task is None for i in waiting[3:])
    assert model.center.take_up(3, 1.5) == 2 and not model.center.agenda


def test_a_meeting_counts_what_it_takes_up_with_its_own_agenda_and_effort():
    model = quiet()
    meeting = model.mechanisms.meetings[0]
    agenda = meeting.params.agenda
    waiting = [reported(model, "long_standing") for _ in range(agenda + 1)]
    model.center.agenda.extend(waiting)
    fix(model, work_hours=[1.0] * len(waiting))
    meeting.hold()
    assert (meeting.held, meeting.taken) == (1, agenda)
    assert all(i.boost == meeting.params.effort for i in waiting[:agenda])
    meeting.hold()
    assert (meeting.held, meeting.taken) == (2, agenda + 1)


def test_complex_issues_wait_for_a_meeting_where_there_are_meetings():
    one = {"only": {"interval_days": 7.0}}
    model = quiet(meetings=one, **{"deliberation.enabled": False})
    issue = reported(model, "long_standing")
    model.center.after_consultation(issue)
    assert list(model.center.agenda) == [issue] and issue.pool is None
    plain = quiet(meetings={}, **{"deliberation.enabled": False})
    other = reported(plain, "long_standing")
    fix(plain, work_hours=[1.0])
    plain.center.after_consultation(other)
    assert not plain.center.agenda and other.handler is Handler.DEPARTMENT


# --- office hours and supervision's cadence ------------------------------------------------


def test_offices_open_at_nine_on_working_days_and_start_queued_work():
    model = quiet("one_window")
    pool = model.departments["market"].pool
    assert pool.office
    model.run_for(5 * HOURS_PER_DAY + 8.0)  # Saturday 08:00
    issue = reported(model, "consumer_complaint")
    fix(model, exponential=[0.5])
    model.center.receive(issue)
    model.run_for(1.0)
    assert issue.pool is pool and pool.queued == 1
    model.run_for(HOURS_PER_DAY)  # Saturday 09:00 and Sunday 09:00 pass: closed
    assert pool.queued == 1 and issue.t_start != issue.t_start
    model.run_for(HOURS_PER_DAY - 0.5)  # to Monday 08:30
    assert pool.queued == 1
    fix(model, work_hours=[1.0], uniform=[0.0, 0.0])
    model.run_for(1.0)  # Monday 09:00: the office opens
    assert issue.t_start == 7 * HOURS_PER_DAY + 9.0 and pool.queued == 0


@pytest.mark.parametrize("day", [0, 1, 2, 3, 4])
def test_offices_open_on_every_working_day(day):
    model = quiet("one_window")
    pool = model.departments["market"].pool
    model.run_for(day * HOURS_PER_DAY + 8.0)  # 08:00, before opening
    issue = reported(model, "consumer_complaint")
    fix(model, exponential=[0.5])
    model.center.receive(issue)
    fix(model, work_hours=[0.5], uniform=[0.0, 0.0])
    model.run_for(1.5)
    assert pool.office and pool.served == 1  # it waited at the department ...
    assert issue.t_queue == day * HOURS_PER_DAY + 8.5  # from 08:30
    assert issue.t_start == day * HOURS_PER_DAY + 9.0  # until the office opened


@pytest.mark.parametrize("enabled", [True, False])
def test_departments_are_supervised_every_interval_only_when_enabled(enabled):
    model = quiet(**{"supervision.enabled": enabled, "supervision.interval_days": 2.0})
    dept = model.departments["market"]
    counted = []  # supervision scores the period's closures and starts a new period
    for _ in range(6):
        dept.record_closure(True, True)  # on time and rated: either score has something
        model.run_for(HOURS_PER_DAY)
        counted.append(dept.period_closed)
    assert counted == ([1, 0, 1, 0, 1, 0] if enabled else [1, 2, 3, 4, 5, 6])


def test_the_daily_record_measures_the_departments_utilisation():
    model = quiet("one_window")
    pool = model.departments["police"].pool  # round the clock
    assert not pool.office
    issue = reported(model, "environment_noise")
    issue.handler = Handler.DEPARTMENT
    issue.pool = pool
    issue.dept = model.departments["police"]
    fix(model, work_hours=[6.0], uniform=[0.0, 0.0])
    model.work.start_in_pool(issue, pool)
    model.run_days(1)
    # Monday: office departments work 8 hours, round-the-clock ones 24, per staff member
    pools = [d.pool for d in model.departments.values()]
    capacity = sum(p.servers * (8.0 if p.office else 24.0) for p in pools)
    assert model.result().daily["department_utilisation"] == [pytest.approx(6.0 / capacity)]
    model.run_days(1)
    assert model.result().daily["department_utilisation"][1] == 0.0  # nothing new started


def test_a_day_without_working_hours_has_no_utilisation():
    office = {"departments.police.hours": "office", "departments.utilities.hours": "office"}
    model = quiet("one_window", **office)
    assert all(d.pool.office for d in model.departments.values())
    model.run_days(7)
    daily = model.result().daily["department_utilisation"]
    assert daily[5:] == [0.0, 0.0]  # the weekend: no staff-hours at all


# --- routing, passing on and the hand-over (issue 13) ---------------------------------------
# Replaces the old misrouting rule (``intake.misroute_probability``, ``intake.reroute_hours``).
# The probabilities themselves (pass_probability, choose_department, triage) are tested in
# tests/test_decisions.py; here: the draw sequence through intake and the hand-over's cost.


def siloed_with_passing():
    model = quiet("siloed", **{"passing.enabled": True, "routing.tell_probability": 0.0})
    model.run_for(9.0)  # Monday 09:00: offices open
    return model


def test_a_siloed_case_passed_on_costs_a_handover_and_a_new_call_then_goes_elsewhere():
    model = siloed_with_passing()
    issue = reported(model, "construction_disturbance")  # city mgmt 0.5, housing, police 0.25
    belief = model.beliefs.belief(issue.reporter.household, issue.kind_index)
    first = model.department_list[draw_from(belief, 0, 0.0)]
    p = first.pass_probability(issue.shares[first.index], first.load())
    draws = fix(model, uniform=[0.0, p - EPS], exponential=[5.0, 7.0])  # choose, pass
    model.center.receive(issue)
    draws.assert_used()
    s = model.params
    assert draws.means == [s.passing.handover_hours, s.reporting.delay_hours]
    assert issue.passes == 1 and issue.refused == first.bit and issue.pool is None
    assert (first.passed, first.took) == (1, 0)
    # the second call: she picks among those who have not refused, the department takes it
    u = next(
        x / 100 for x in range(100) if issue.shares[draw_from(belief, first.bit, x / 100)] > 0.0
    )
    second = model.department_list[draw_from(belief, first.bit, u)]
    assert second is not first
    fix(model, uniform=[u, 1.0 - EPS], work_hours=[1.0])
    model.run_for(11.9)
    assert issue.pool is None  # still handed over: 5 + 7 hours
    model.run_for(0.2)
    assert issue.dept is second and issue.handler is Handler.DEPARTMENT
    assert issue.t_queue == 9.0 + 12.0 and second.took == 1


def test_a_siloed_case_taken_at_once_costs_no_handover():
    model = siloed_with_passing()
    issue = reported(model, "construction_disturbance")
    belief = model.beliefs.belief(issue.reporter.household, issue.kind_index)
    first = model.department_list[draw_from(belief, 0, 0.0)]
    share = issue.shares[first.index]
    assert share > 0.0  # u = 0 picks a holder (with seed 1: city management)
    p = first.pass_probability(share, first.load())
    draws = fix(model, uniform=[0.0, p + EPS], work_hours=[1.0])
    model.center.receive(issue)
    draws.assert_used()
    assert issue.passes == 0 and issue.dept is first and issue.t_queue == 9.0


def test_siloed_cases_found_by_inspectors_go_to_the_lead_without_a_choice():
    model = siloed_with_passing()
    found = reported(model, "construction_disturbance")
    found.found_by = FoundBy.INSPECTOR  # inspectors know the lead: no routing draw
    lead = model.departments["city_management"]
    p = lead.pass_probability(0.5, lead.load())
    draws = fix(model, uniform=[p + EPS], work_hours=[1.0])  # only the take-or-pass draw
    model.center.receive(found)
    draws.assert_used()
    assert found.dept is lead and found.passes == 0 and found.t_queue == model.time


@pytest.mark.parametrize("u", [0.25, 0.75])
def test_one_window_triage_sends_to_the_lead_with_its_accuracy_else_by_share(u):
    model = quiet("one_window", **{"routing.triage_accuracy": 0.9})
    issue = reported(model, "construction_disturbance")
    lead = model.departments["city_management"].index
    fix(model, uniform=[0.9 - EPS])
    assert model.center.route(issue) == lead
    # wrong: another holder drawn by share (housing 0.25, police 0.25: halves in index order)
    others = sorted(model.departments[d].index for d in ("housing", "police"))
    draws = fix(model, uniform=[0.9 + EPS, u])
    assert model.center.route(issue) == others[0 if u < 0.5 else 1]
    draws.assert_used()


def test_one_window_handover_costs_a_handover_and_a_new_triage():
    model = quiet("one_window", **{"passing.enabled": True})
    model.run_for(9.0)
    issue = reported(model, "construction_disturbance")
    dept = model.departments["city_management"]
    draws = fix(model, exponential=[2.0, 3.0])
    model.center.pass_on(issue, dept)
    draws.assert_used()
    s = model.params
    assert draws.means == [s.passing.handover_hours, s.intake.triage_hours]
    assert issue.refused == dept.bit and issue.passes == 1 and issue.dept is None
    assert issue.event is not None and model.metrics.escalations == 0


# --- the office's clock after a hand-over (passing.restart_clock) ---------------------------


@pytest.mark.parametrize("restart", [True, False])
def test_the_deadline_restarts_when_the_next_department_signs_for_a_passed_case(restart):
    model = quiet("one_window", **{"passing.enabled": True, "passing.restart_clock": restart})
    model.run_for(9.0)  # Monday 09:00: offices open
    issue = reported(model, "safety_hazard")  # 2-hour deadline, utilities (24 h)
    reported_deadline = issue.deadline
    first = model.departments["city_management"]  # holds no share: it must pass the case on
    fix(model, exponential=[3.0, 1.0])  # hand-over 3 h + new triage 1 h: past the deadline
    model.center.pass_on(issue, first)
    # while nobody has signed for the case the office's clock does not run: no watch
    assert (issue.deadline == float("inf")) is restart
    assert (issue.watch is None) is restart
    # utilities, the last holder, takes it without a draw; closing draws solved and rating
    fix(model, uniform=[0.0, 0.0], work_hours=[0.5])
    model.run_for(4.0 + EPS)
    utilities = model.departments["utilities"]
    assert issue.dept is utilities and issue.t_queue == pytest.approx(13.0)
    expected = issue.t_queue + 2.0 if restart else reported_deadline
    assert issue.deadline == pytest.approx(expected)
    # without a restart the deadline passed during the hand-over: it was escalated then
    assert issue.escalated is (not restart)
    model.run_for(1.0)
    boost = 1.0 if restart else model.params.escalation.effort_boost  # escalated work is faster
    assert issue.t_close == pytest.approx(13.0 + 0.5 / boost)
    assert issue.on_time is restart  # within 2 h of signing; over 4 h after the report
    assert issue.on_time_from_report is False
    m = model.metrics
    assert (m.closed_on_time, m.closed_on_time_from_report) == (int(restart), 0)


def test_a_case_taken_at_once_keeps_the_clock_of_its_report():
    model = quiet("one_window", **{"passing.enabled": True, "passing.restart_clock": True})
    model.run_for(9.0)
    issue = reported(model, "safety_hazard")
    deadline = issue.deadline
    fix(model, exponential=[0.5], work_hours=[0.25])
    model.center.receive(issue)
    model.run_for(0.5 + EPS)
    assert issue.dept is model.departments["utilities"] and issue.deadline == deadline
