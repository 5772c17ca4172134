"""Residents' and units' decisions with fixed draws: report or not, rate the reply, trust.

Each rule is checked at its threshold (a draw just below the probability decides one way,
just above the other way) and in its direction (what should raise the probability does).
"""

from __future__ import annotations

import math

import pytest
from fixed_draws import fix, small_model

from cogov.agents import Resident, Unit
from cogov.sim.issue import Handler, Issue

EPS = 1e-9


@pytest.fixture(scope="module")
def model():
    return small_model()


@pytest.fixture
def resident(model):
    r = model.agents_by_type[Resident].to_list()[0]
    saved = (r.trust, r.report_propensity)
    yield r
    model.metrics.trust_sum += saved[0] - r.trust  # the running sum stays that of the residents
    r.trust, r.report_propensity = saved


def decide(model, agent, u: float) -> bool:
    draws = fix(model, uniform=[u])
    decision = agent.decide_to_report()
    draws.assert_used()
    return decision


# --- report or not -------------------------------------------------------------------------


@pytest.mark.parametrize("offset", [-0.25, 0.0, 0.3])
def test_reporting_probability_is_propensity_scaled_by_trust(model, resident, offset):
    rp, mean = model.params.reporting, model.params.population.trust_mean
    assert rp.trust_effect == 1.0
    resident.report_propensity = 0.4
    resident.trust = mean + offset
    p = 0.4 * (1.0 + offset)  # propensity * (1 + trust_effect * (trust - mean))
    assert decide(model, resident, p - EPS)
    assert not decide(model, resident, p + EPS)


def test_more_trust_means_more_reporting(model, resident):
    mean = model.params.population.trust_mean
    resident.report_propensity = 0.4
    u = 0.45  # between 0.4 * 0.9 and 0.4 * 1.2
    resident.trust = mean + 0.2
    assert decide(model, resident, u)
    resident.trust = mean - 0.1
    assert not decide(model, resident, u)


def test_without_a_trust_effect_trust_does_not_matter():
    model = small_model(**{"reporting.trust_effect": 0.0})
    r = model.agents_by_type[Resident].to_list()[0]
    r.report_propensity = 0.3
    for trust in (0.05, 0.95):
        r.trust = trust
        assert decide(model, r, 0.3 - EPS)
        assert not decide(model, r, 0.3 + EPS)


def test_units_report_with_their_propensity(model):
    unit = model.agents_by_type[Unit].to_list()[0]
    p = model.params.reporting.unit_propensity
    assert 0.0 < p < 1.0
    assert decide(model, unit, p - EPS)
    assert not decide(model, unit, p + EPS)


# --- rating the reply ----------------------------------------------------------------------


def replied(model, solved: bool, on_time: bool, handler: Handler = Handler.DEPARTMENT) -> Issue:
    """A reply ``on_time`` counted from the report (the office's clock agrees)."""
    issue = Issue(10**9, 0, model.params.kinds[0], 0, 0.0)
    issue.solved, issue.on_time, issue.handler = solved, on_time, handler
    issue.t_report = 10.0
    issue.t_close = issue.t_report + issue.kind.deadline_hours + (0.0 if on_time else 0.01)
    return issue


def p_satisfied(model, resident, solved: bool, on_time: bool) -> float:
    """The logistic model written out from the ODD: 1 / (1 + exp(-x)).

    Who handled the reply is not in it: satisfaction follows experience and trust only.
    """
    sp, mean = model.params.satisfaction, model.params.population.trust_mean
    x = (
        sp.intercept
        + sp.solved * solved
        + sp.on_time * on_time
        + sp.trust * (resident.trust - mean)
    )
    return 1.0 / (1.0 + math.exp(-x))


def rate(model, resident, issue: Issue, u: float) -> bool:
    draws = fix(model, uniform=[u])
    satisfied = resident.rate(issue)
    draws.assert_used()
    return satisfied


@pytest.mark.parametrize("solved", [True, False])
@pytest.mark.parametrize("on_time", [True, False])
@pytest.mark.parametrize("handler", [Handler.DEPARTMENT, Handler.VOLUNTEER])
def test_satisfaction_is_the_logistic_model(model, resident, solved, on_time, handler):
    resident.trust = 0.7
    issue = replied(model, solved, on_time, handler)
    p = p_satisfied(model, resident, solved, on_time)
    assert rate(model, resident, issue, p - EPS)
    assert not rate(model, resident, issue, p + EPS)


def test_satisfaction_rises_when_solved_and_when_on_time(model, resident):
    sp = model.params.satisfaction
    assert sp.solved > 0 and sp.on_time > 0 and sp.trust > 0
    resident.trust = model.params.population.trust_mean
    # the same draw: satisfied when solved, not when unsolved
    u = 0.5 * (p_satisfied(model, resident, True, True) + p_satisfied(model, resident, False, True))
    assert rate(model, resident, replied(model, True, True), u)
    assert not rate(model, resident, replied(model, False, True), u)
    u = 0.5 * (p_satisfied(model, resident, True, True) + p_satisfied(model, resident, True, False))
    assert rate(model, resident, replied(model, True, True), u)
    assert not rate(model, resident, replied(model, True, False), u)


@pytest.mark.parametrize("office_on_time", [True, False])
def test_the_rating_reads_the_wait_from_the_report_not_the_offices_clock(
    model, resident, office_on_time
):
    resident.trust = 0.7
    issue = replied(model, True, False)  # she waited past the deadline from her report
    issue.on_time = office_on_time  # a restarted clock may call it on time: she does not
    p_late = p_satisfied(model, resident, True, False)
    assert rate(model, resident, issue, p_late - EPS)
    assert not rate(model, resident, issue, p_late + EPS)


def test_satisfaction_rises_with_trust_and_not_with_who_handled_it(model, resident):
    issue = replied(model, False, True)
    resident.trust = 0.9
    high = p_satisfied(model, resident, False, True)
    resident.trust = 0.3
    low = p_satisfied(model, resident, False, True)
    u = 0.5 * (high + low)
    assert not rate(model, resident, issue, u)
    resident.trust = 0.9
    assert rate(model, resident, issue, u)
    # the community bonus is gone: a draw just below the department's probability satisfies
    # for every handler, one just above satisfies for none
    resident.trust = 0.5
    p = p_satisfied(model, resident, False, True)
    for handler in (Handler.DEPARTMENT, Handler.SERVICE_TEAM, Handler.VOLUNTEER):
        assert rate(model, resident, replied(model, False, True, handler), p - EPS)
        assert not rate(model, resident, replied(model, False, True, handler), p + EPS)


# --- trust ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("outcome", "direction"), [(1.0, 1), (0.0, -1)])
def test_trust_moves_toward_the_outcome_by_the_learning_rate(model, resident, outcome, direction):
    lr = model.params.feedback.learning_rate
    resident.trust = 0.6
    before = model.metrics.trust_sum
    resident.update_trust(outcome)
    expected = 0.6 + lr * (outcome - 0.6)
    assert resident.trust == pytest.approx(expected)
    assert (resident.trust - 0.6) * direction > 0
    assert model.metrics.trust_sum - before == pytest.approx(expected - 0.6)


def test_without_feedback_trust_stays():
    model = small_model(**{"feedback.enabled": False})
    r = model.agents_by_type[Resident].to_list()[0]
    before, total = r.trust, model.metrics.trust_sum
    r.update_trust(0.0)
    r.update_trust(1.0)
    assert (r.trust, model.metrics.trust_sum) == (before, total)


def test_mean_trust_is_kept_as_a_running_sum_of_residents():
    model = small_model()
    model.run_days(20)
    assert model.metrics.closed > 0
    residents = model.agents_by_type[Resident].to_list()
    assert model.metrics.residents == len(residents)
    assert model.metrics.trust_sum == pytest.approx(sum(r.trust for r in residents))
