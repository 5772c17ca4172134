"""Closing an issue, with fixed draws: solved or not, on time, petition, rating and trust.

The draws of a closing come in this order: solved; a petition (only for a contentious issue
left unsolved or late); the reporter's rating (only if a resident reported it).
"""

from __future__ import annotations

import pytest
from fixed_draws import fix, small_model

from cogov.sim.issue import FoundBy, Handler, Issue, IssueState

EPS = 1e-9


@pytest.fixture
def model():
    return small_model(**{"demand.multiplier": 0.0, "volunteers.count": 0})


def in_work(model, kind_id: str, handler: Handler = Handler.DEPARTMENT, late: bool = False):
    """An issue of ``kind_id`` reported by a resident and in work now, due or overdue."""
    k = [kind.id for kind in model.params.kinds].index(kind_id)
    kind = model.params.kinds[k]
    issue = Issue(10_000 + len(model.alive), k, kind, 0, 0.0)
    model.alive[issue.id] = issue
    issue.state = IssueState.OPEN
    issue.found_by = FoundBy.RESIDENT
    issue.reporter = model.residents_by_nb[0][0]
    issue.t_report = issue.t_queue = issue.t_start = 0.0
    issue.deadline = -1.0 if late else kind.deadline_hours
    issue.handler = handler
    dept = model.departments[kind.department]
    issue.pool = dept.pool if handler in (Handler.DEPARTMENT, Handler.JOINT) else None
    return issue


def close(model, issue: Issue, *uniforms: float):
    draws = fix(model, uniform=uniforms)
    model.work.close(issue)
    draws.assert_used()
    return issue


# --- solved --------------------------------------------------------------------------------


@pytest.mark.parametrize("effort", [1.0, 1.25, 2.0])
def test_effort_divides_the_chance_of_leaving_it_unsolved(model, effort):
    kind = "consumer_complaint"
    p = model.params.kinds[[k.id for k in model.params.kinds].index(kind)].p_solve
    model.departments["market"].pool.effort = effort
    threshold = 1.0 - (1.0 - p) / effort
    issue = in_work(model, kind)
    assert issue.pool is model.departments["market"].pool
    assert close(model, issue, threshold - EPS, 0.5).solved
    assert not close(model, in_work(model, kind), threshold + EPS, 0.5).solved


def test_more_effort_solves_more(model):
    p = model.params.kinds[[k.id for k in model.params.kinds].index("consumer_complaint")].p_solve
    u = 0.5 * ((1 - (1 - p) / 1.0) + (1 - (1 - p) / 1.5))  # between effort 1 and 1.5
    pool = model.departments["market"].pool
    pool.effort = 1.0
    low = close(model, in_work(model, "consumer_complaint"), u, 0.5).solved
    pool.effort = 1.5
    high = close(model, in_work(model, "consumer_complaint"), u, 0.5).solved
    assert (low, high) == (False, True)


def test_a_joint_action_solves_with_its_own_probability(model):
    kind = model.params.kinds[[k.id for k in model.params.kinds].index("long_standing")]
    assert kind.p_solve_joint != kind.p_solve
    model.departments[kind.department].pool.effort = 1.0
    for handler, p in ((Handler.JOINT, kind.p_solve_joint), (Handler.DEPARTMENT, kind.p_solve)):
        # solved and on time: no petition draw
        assert close(model, in_work(model, kind.id, handler), p - EPS, 0.5).solved
        assert not close(model, in_work(model, kind.id, handler), p + EPS, 0.99, 0.5).solved


def test_community_actors_solve_without_a_departments_effort(model):
    kind = model.params.kinds[[k.id for k in model.params.kinds].index("neighbour_dispute")]
    model.departments[kind.department].pool.effort = 2.0  # not theirs
    issue = in_work(model, kind.id, Handler.SELF_GOVERNANCE)
    assert not close(model, issue, kind.p_solve + EPS, 0.5).solved
    assert close(model, in_work(model, kind.id, Handler.VOLUNTEER), kind.p_solve - EPS, 0.5).solved


# --- on time -------------------------------------------------------------------------------


def test_on_time_means_closed_no_later_than_the_deadline(model):
    issue = in_work(model, "consumer_complaint")
    issue.deadline = model.time  # closing exactly at the deadline is on time
    assert close(model, issue, 0.0, 0.5).on_time
    late = in_work(model, "consumer_complaint")
    late.deadline = model.time - 1e-6
    assert not close(model, late, 0.0, 0.5).on_time


# --- petitions -----------------------------------------------------------------------------


def petition_kind(model):
    kind = model.params.kinds[[k.id for k in model.params.kinds].index("construction_disturbance")]
    assert kind.contentious and 0 < kind.p_petition < 1
    return kind


@pytest.mark.parametrize("consulted", [False, True])
def test_an_unsolved_contentious_issue_turns_into_a_petition(model, consulted):
    kind = petition_kind(model)
    reduction = model.params.deliberation.petition_reduction
    p = kind.p_petition * ((1.0 - reduction) if consulted else 1.0)
    for u, expected in ((p - EPS, True), (p + EPS, False)):
        issue = in_work(model, kind.id)
        issue.consulted = consulted
        close(model, issue, 0.9999, u, 0.5)  # unsolved
        assert issue.petitioned is expected


def test_consultation_makes_a_petition_less_likely(model):
    kind = petition_kind(model)
    u = kind.p_petition * (1 - model.params.deliberation.petition_reduction / 2)
    plain = close(model, in_work(model, kind.id), 0.9999, u, 0.5)
    consulted = in_work(model, kind.id)
    consulted.consulted = True
    close(model, consulted, 0.9999, u, 0.5)
    assert plain.petitioned and not consulted.petitioned


def test_a_solved_contentious_issue_petitions_only_if_late(model):
    kind = petition_kind(model)
    on_time = close(model, in_work(model, kind.id), 0.0, 0.5)  # no petition draw
    assert on_time.solved and on_time.on_time and not on_time.petitioned
    late = close(model, in_work(model, kind.id, late=True), 0.0, 0.0, 0.5)
    assert late.solved and not late.on_time and late.petitioned


def test_an_issue_that_is_not_contentious_never_petitions(model):
    issue = close(model, in_work(model, "consumer_complaint", late=True), 0.9999, 0.5)
    assert not issue.petitioned and model.metrics.petitions == 0


# --- rating, trust and the record ----------------------------------------------------------


def test_a_resident_reporter_rates_and_trust_follows_the_rating(model):
    issue = in_work(model, "consumer_complaint")
    resident = issue.reporter
    resident.trust = 0.5
    lr = model.params.feedback.learning_rate
    close(model, issue, 0.0, 0.9999)  # solved, but not satisfied
    assert issue.solved and issue.satisfied is False
    assert resident.trust == pytest.approx(0.5 + lr * (0.0 - 0.5))


def test_an_issue_found_by_patrol_is_not_rated_and_trust_follows_solving(model):
    issue = in_work(model, "municipal_facility")
    issue.found_by = FoundBy.INSPECTOR
    resident = issue.reporter
    resident.trust = 0.5
    close(model, issue, 0.0)  # solved; no rating draw
    assert issue.satisfied is None
    lr = model.params.feedback.learning_rate
    assert resident.trust == pytest.approx(0.5 + lr * (1.0 - 0.5))
    assert model.metrics.rated == 0


def test_a_units_request_moves_no_residents_trust(model):
    issue = in_work(model, "enterprise_request")
    unit = model.units_by_nb[0][0]
    issue.reporter, issue.found_by = unit, FoundBy.UNIT
    before = model.metrics.trust_sum
    close(model, issue, 0.0)
    assert issue.satisfied is None and model.metrics.trust_sum == before


def test_closing_counts_towards_the_departments_supervision_and_leaves_the_live_issues(model):
    issue = in_work(model, "consumer_complaint", late=True)
    dept = model.departments["market"]
    close(model, issue, 0.0, 0.5)
    assert (dept.period_closed, dept.period_on_time) == (1, 0)
    assert issue.state is IssueState.CLOSED and issue.id not in model.alive
    assert issue.t_close == model.time and issue.pool is None
    community = in_work(model, "neighbour_dispute", Handler.SELF_GOVERNANCE)
    close(model, community, 0.0, 0.5)
    assert dept.period_closed == 1 and model.departments["police"].period_closed == 0
