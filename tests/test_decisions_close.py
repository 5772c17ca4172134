"""Closing an issue, with fixed draws: solved or not, on time, petition, rating and trust.

The draws of a closing come in this order: solved; for a contentious issue left unsolved or
late, one threshold per affected resident (``Collective.decide``: the affected are drawn by
the model's generator, not by these draws); the reporter's rating (only if a resident
reported it). Solved means
``u < 1 - (1 - p_solve * c) ** care``: ``c`` the share of the jurisdiction the handler covers,
``care`` the department's care effort (issue 13). Persistence is switched off here, so an
unsolved reply ends the problem and draws nothing more (reporting again is tested in
tests/test_decisions.py and tests/test_persistence.py).
"""

from __future__ import annotations

import pytest
from fixed_draws import fix, in_work, small_model

from cogov.sim.issue import FoundBy, Handler, Issue, IssueState
from cogov.sim.joint import JointTask

EPS = 1e-9


@pytest.fixture
def model():
    # each closing draws its own thresholds (groups drawn anew: kept groups are tested in
    # tests/test_collective.py)
    return small_model(
        **{
            "demand.multiplier": 0.0,
            "volunteers.count": 0,
            "persistence.enabled": False,
            "collective.fixed_groups": False,
            "participation.quit_base": 0.0,  # the weekly review of groups draws nothing
        }
    )


def affected(model, issue: Issue) -> int:
    """How many residents a contentious issue affects: one threshold draw each."""
    n = min(len(model.residents_by_nb[issue.neighbourhood]), model.params.collective.affected)
    assert n >= model.params.collective.min_size
    return n


def close(model, issue: Issue, *uniforms: float):
    draws = fix(model, uniform=uniforms)
    model.work.close(issue)
    draws.assert_used()
    return issue


# --- solved --------------------------------------------------------------------------------


@pytest.mark.parametrize("care", [1.0, 1.25, 2.0])
@pytest.mark.parametrize(
    ("kind", "dept", "share"),
    # shares typed from scenarios/xinhua_2013.toml: consumer complaints are the market's
    # alone; municipal facilities are 0.8 municipal, 0.2 utilities
    [("consumer_complaint", "market", 1.0), ("municipal_facility", "municipal", 0.8)],
)
def test_care_shrinks_the_chance_of_leaving_it_unsolved(model, care, kind, dept, share):
    p = model.params.kinds[[k.id for k in model.params.kinds].index(kind)].p_solve
    model.departments[dept].care = care
    model.departments[dept].pool.effort = 3.0  # speed is not care: it must not matter
    threshold = 1.0 - (1.0 - p * share) ** care
    issue = in_work(model, kind)
    assert issue.pool is model.departments[dept].pool
    assert close(model, issue, threshold - EPS, 0.5).solved
    assert not close(model, in_work(model, kind), threshold + EPS, 0.5).solved


def test_more_care_solves_more(model):
    p = model.params.kinds[[k.id for k in model.params.kinds].index("consumer_complaint")].p_solve
    u = 0.5 * ((1 - (1 - p) ** 1.0) + (1 - (1 - p) ** 1.5))  # between care 1 and 1.5
    market = model.departments["market"]
    market.care = 1.0
    low = close(model, in_work(model, "consumer_complaint"), u, 0.5).solved
    market.care = 1.5
    high = close(model, in_work(model, "consumer_complaint"), u, 0.5).solved
    assert (low, high) == (False, True)


def test_a_smaller_share_of_the_jurisdiction_solves_less(model):
    # municipal holds 0.8 of municipal facilities: u between p * 0.8 and p solves only with
    # the whole jurisdiction (a joint task of municipal and utilities)
    kind = model.params.kinds[[k.id for k in model.params.kinds].index("municipal_facility")]
    municipal, utilities = model.departments["municipal"], model.departments["utilities"]
    u = kind.p_solve * 0.9
    alone = close(model, in_work(model, kind.id), u, 0.5)
    joint = in_work(model, kind.id, Handler.JOINT)
    joint.task = JointTask(joint, [municipal, utilities])
    assert joint.task.coverage == pytest.approx(1.0)
    close(model, joint, u, 0.5)
    assert (alone.solved, joint.solved) == (False, True)


@pytest.mark.parametrize(
    ("members", "share"),
    # long_standing: housing 0.4, city_management 0.3, police 0.3 (typed from the scenario)
    [(("housing", "city_management", "police"), 1.0), (("housing", "police"), 0.7)],
)
def test_a_joint_task_solves_with_the_share_its_members_hold(model, members, share):
    kind = model.params.kinds[[k.id for k in model.params.kinds].index("long_standing")]
    assert kind.complex and kind.contentious
    model.departments[kind.department].care = 1.0
    p = kind.p_solve * share
    for u, solved in ((p - EPS, True), (p + EPS, False)):
        issue = in_work(model, kind.id, Handler.JOINT)
        issue.task = JointTask(issue, [model.departments[d] for d in members])
        assert issue.task.coverage == pytest.approx(share)
        # a contentious issue left unsolved: the affected residents' thresholds are drawn
        extra = () if solved else (0.9999,) * affected(model, issue)
        assert close(model, issue, u, *extra, 0.5).solved is solved


def test_a_complex_issue_a_department_works_alone_is_never_solved(model):
    kind = model.params.kinds[[k.id for k in model.params.kinds].index("long_standing")]
    model.departments[kind.department].care = 1.0
    # coverage 0 (housing holds 0.4 of a complex kind): 1 - (1 - p_solve * 0) ** 1 = 0
    issue = in_work(model, kind.id)
    close(model, issue, 0.0, *(0.9999,) * affected(model, issue), 0.5)  # thresholds drawn
    assert not issue.solved


def test_community_actors_solve_without_a_departments_effort(model):
    kind = model.params.kinds[[k.id for k in model.params.kinds].index("neighbour_dispute")]
    model.departments[kind.department].care = 2.0  # not theirs
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
    assert kind.contentious and kind.hardship > 0
    return kind


def aggrieved(model, leaders: bool = False) -> None:
    """Every resident of committee 0 distrusts fully, so her grievance is the hardship.

    With ``leaders`` every one is a Party member too, so a council reaches them all.
    """
    for r in model.residents_by_nb[0]:
        r.trust = 0.0
        r.party_member = r.party_member or leaders


def petitions(model, issue: Issue, threshold: float, solved_u: float = 0.9999) -> bool:
    """Close ``issue`` with every affected resident's threshold at ``threshold``."""
    close(model, issue, solved_u, *(threshold,) * affected(model, issue), 0.5)
    return issue.petitioned


@pytest.mark.parametrize("consulted", [False, True])
def test_an_unsolved_contentious_issue_turns_into_a_petition(model, consulted):
    # nobody acts yet (A = 0), so the first to act need hardship x (1 - trust), cut by the
    # council's contact, minus the cost of acting, at or above their threshold
    kind = petition_kind(model)
    aggrieved(model, leaders=consulted)
    d, c = model.params.deliberation, model.params.collective
    net = kind.hardship * (1.0 - d.contact_effect if consulted else 1.0) - c.cost
    assert net > 0
    for u, expected in ((net - EPS, True), (net + EPS, False)):
        issue = in_work(model, kind.id)
        issue.consulted = consulted
        assert petitions(model, issue, u) is expected  # unsolved
        assert not issue.solved
    assert model.collective.petition_sizes == [affected(model, issue)]


def test_consultation_makes_a_petition_less_likely(model):
    kind = petition_kind(model)
    aggrieved(model, leaders=True)
    d, c = model.params.deliberation, model.params.collective
    # a threshold between the consulted and the plain grievance, net of the cost
    u = 0.5 * (kind.hardship * (1.0 - d.contact_effect) + kind.hardship) - c.cost
    plain = in_work(model, kind.id)
    consulted = in_work(model, kind.id)
    consulted.consulted = True
    assert petitions(model, plain, u) and not petitions(model, consulted, u)


def test_a_solved_contentious_issue_petitions_only_if_late(model):
    # solved but late: the grievance is half the hardship
    kind = petition_kind(model)
    aggrieved(model)
    on_time = close(model, in_work(model, kind.id), 0.0, 0.5)  # no threshold draws
    assert on_time.solved and on_time.on_time and not on_time.petitioned
    net = kind.hardship * 0.5 - model.params.collective.cost
    assert net > 0
    late = in_work(model, kind.id, late=True)
    assert petitions(model, late, net - EPS, solved_u=0.0)
    assert late.solved and not late.on_time
    late = in_work(model, kind.id, late=True)
    assert not petitions(model, late, net + EPS, solved_u=0.0)


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


def test_care_never_stands_in_for_missing_authority(model):
    # a complex problem worked by one department alone is covered 0: however much care the
    # department puts in (supervision scoring satisfaction raises it to 1.5), nothing is solved
    kind = model.params.kinds[[k.id for k in model.params.kinds].index("long_standing")]
    model.departments[kind.department].care = 1.5
    issue = in_work(model, kind.id)
    close(model, issue, 0.0, *(0.9999,) * affected(model, issue), 0.5)  # thresholds drawn
    assert not issue.solved
