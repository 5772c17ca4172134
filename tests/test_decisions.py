"""Each decision rule of the government side, with fixed draws: its formula and direction.

Passing on (Department.take_or_pass), closing on paper (Department.decide_close_on_paper and
the score's reward), what supervision moves (Department.be_supervised), the reporter's
choice (Resident.choose_department), learning (Beliefs.learn), reporting again
(Resident.hours_until_reporting_again), the center's triage (LinkageCenter.route) and the
authority a handler covers (work.coverage).
"""

from __future__ import annotations

import math

import pytest

from cogov.agents.department import logistic
from cogov.sim.intake import score_reward
from cogov.sim.issue import FoundBy, Handler, Issue
from cogov.sim.jurisdiction import best_holder, draw_from, jurisdiction_shares
from cogov.sim.loader import load_scenario
from cogov.sim.model import CoGovModel
from cogov.sim.work import coverage

SCALE = 0.01


class FixedDraws:
    """Stands in for the model's Draws: hands out the given uniforms, in order."""

    def __init__(self, *uniforms: float) -> None:
        self.values = list(uniforms)

    def uniform(self) -> float:
        """The next fixed uniform."""
        return self.values.pop(0)

    def exponential(self, mean: float) -> float:
        """An exponential draw by inversion of the next fixed uniform."""
        return mean * -math.log(1.0 - self.uniform())


def model_with(**overrides) -> CoGovModel:
    return CoGovModel(load_scenario("xinhua_2013", {"population.scale": SCALE, **overrides}), rng=3)


@pytest.fixture(scope="module")
def model() -> CoGovModel:
    return model_with()


def kind_index(model: CoGovModel, kind_id: str) -> int:
    return [k.id for k in model.params.kinds].index(kind_id)


def make_issue(model: CoGovModel, kind_id: str, found_by=FoundBy.RESIDENT) -> Issue:
    k = kind_index(model, kind_id)
    issue = Issue(10**9, k, model.params.kinds[k], 0, 0.0, model.arrivals.shares[k])
    issue.found_by = found_by
    issue.reporter = model.residents_by_nb[0][0]
    return issue


# --- passing on ------------------------------------------------------------------------------


def test_pass_probability_formula(model):
    p = model.params.passing
    dept = model.departments["city_management"]
    expected = 1.0 / (1.0 + math.exp(-(p.base + p.ambiguity * (1 - 0.5) + p.load * 2.0)))
    assert dept.pass_probability(0.5, 2.0) == pytest.approx(expected)
    assert dept.pass_probability(0.0, 0.0) == 1.0  # outside its powers: it cannot act


def test_passing_rises_with_ambiguity_and_with_load(model):
    dept = model.departments["police"]
    by_share = [dept.pass_probability(s, 1.0) for s in (1.0, 0.75, 0.5, 0.25)]
    by_load = [dept.pass_probability(0.6, q) for q in (0.0, 1.0, 3.0, 10.0)]
    assert by_share == sorted(by_share) and by_share[0] < by_share[-1]
    assert by_load == sorted(by_load) and by_load[0] < by_load[-1]


def test_take_or_pass_draws_against_the_probability(model):
    dept = model.departments["city_management"]
    issue = make_issue(model, "construction_disturbance")  # city management holds 0.5
    p = dept.pass_probability(0.5, dept.load())
    saved = model.draws
    try:
        model.draws = FixedDraws(p - 1e-9, p + 1e-9)
        assert dept.take_or_pass(issue, last_holder=False) is False  # u < p: passes
        assert dept.take_or_pass(issue, last_holder=False) is True
    finally:
        model.draws = saved


def test_last_holder_and_no_authority(model):
    dept = model.departments["city_management"]
    market = model.departments["market"]
    issue = make_issue(model, "construction_disturbance")
    saved = model.draws
    try:
        model.draws = FixedDraws()  # no draw may be taken
        assert dept.take_or_pass(issue, last_holder=True) is True
        model.draws = FixedDraws(0.999999)
        assert market.take_or_pass(issue, last_holder=False) is False  # share 0: always
    finally:
        model.draws = saved


def test_passing_switched_off_takes_everything():
    m = model_with(**{"passing.enabled": False})
    issue = make_issue(m, "construction_disturbance")
    m.draws = FixedDraws()
    assert m.departments["market"].take_or_pass(issue, last_holder=False) is True


# --- closing on paper and the score ------------------------------------------------------------


def test_paper_probability_formula_and_direction(model):
    p = model.params.paper
    dept = model.departments["housing"]
    assert dept.paper_probability(0.4, 1.0) == pytest.approx(
        logistic(p.base + p.lateness * 0.4 + p.reward * 1.0)
    )
    by_late = [dept.paper_probability(x, 0.0) for x in (0.0, 0.5, 1.0, 3.0)]
    by_reward = [dept.paper_probability(0.2, r) for r in (-0.5, 0.0, 1.0)]
    assert by_late == sorted(by_late) and by_late[0] < by_late[-1]
    assert by_reward == sorted(by_reward) and by_reward[0] < by_reward[-1]


def test_decide_close_on_paper_draws_and_counts(model):
    dept = model.departments["housing"]
    p = dept.paper_probability(0.5, 1.0)
    before = dept.paper_closed
    saved = model.draws
    try:
        model.draws = FixedDraws(p + 1e-9, p - 1e-9)
        assert dept.decide_close_on_paper(0.5, 1.0) is False
        assert dept.decide_close_on_paper(0.5, 1.0) is True
    finally:
        model.draws = saved
    assert dept.paper_closed == before + 1


def test_on_time_scoring_rewards_on_time_more_than_satisfaction_scoring():
    on_time = model_with(**{"supervision.score": "on_time"})
    satisfaction = model_with(**{"supervision.score": "satisfaction"})
    sp = satisfaction.params.satisfaction
    assert score_reward(on_time) == 1.0
    expected = (sp.on_time - sp.solved) / (abs(sp.on_time) + abs(sp.solved))
    assert score_reward(satisfaction) == pytest.approx(expected) == pytest.approx(-0.5)
    siloed = CoGovModel(load_scenario("siloed", {"population.scale": SCALE}), rng=1)
    assert score_reward(siloed) == 0.0  # nobody tracks deadlines


def test_supervision_moves_speed_or_care_by_what_is_scored():
    for score, moved in (("on_time", "speed"), ("satisfaction", "care")):
        m = model_with(**{"supervision.score": score})
        dept = m.departments["police"]
        for _ in range(10):
            dept.record_closure(on_time=False, satisfied=False)
        dept.be_supervised(m.params.supervision)
        sp = m.params.supervision
        target = sp.target_on_time if score == "on_time" else sp.target_satisfaction
        raised = min(sp.effort_max, 1.0 + sp.strength * target)
        assert (dept.effort, dept.care) == ((raised, 1.0) if moved == "speed" else (1.0, raised))


# --- routing and beliefs ------------------------------------------------------------------------


def test_jurisdiction_helpers():
    index = {"a": 0, "b": 1, "c": 2}
    assert jurisdiction_shares({}, "b", index) == (0.0, 1.0, 0.0)
    shares = jurisdiction_shares({"a": 0.5, "c": 0.25, "b": 0.25}, "a", index)
    assert shares == (0.5, 0.25, 0.25)
    assert best_holder(shares, 0) == 0
    assert best_holder(shares, 0b001) == 1  # a refused: the first of the next largest
    assert best_holder(shares, 0b111) == -1
    assert draw_from(shares, 0, 0.49) == 0
    assert draw_from(shares, 0, 0.51) == 1
    assert draw_from(shares, 0b001, 0.51) == 2  # a excluded: b and c split [0, 1)
    assert draw_from(shares, 0b111, 0.3) == -1
    # nobody refused and with refusals: the same rule, zero weights never drawn
    for refused in (0, 0b0100):  # department 2 (no weight) refused or not
        assert draw_from((0.0, 0.5, 0.0, 0.5), refused, 0.0) == 1
        assert draw_from((0.0, 0.5, 0.0, 0.5), refused, 0.999) == 3
        assert draw_from((0.0, 0.0, 0.0, 0.0), refused, 0.5) == -1
    assert draw_from((0.2, 0.3, 0.5), 0, 0.1999) == 0 and draw_from((0.2, 0.3, 0.5), 0, 0.5) == 2


def test_reporter_chooses_from_her_household_belief(model):
    issue = make_issue(model, "construction_disturbance")
    resident = issue.reporter
    belief = model.beliefs.belief(resident.household, issue.kind_index)
    saved = model.draws
    try:
        for u in (0.05, 0.5, 0.95):
            model.draws = FixedDraws(u)
            assert resident.choose_department(issue) == draw_from(belief, 0, u)
        issue.refused = 1 << model.departments["city_management"].index
        model.draws = FixedDraws(0.0)
        assert resident.choose_department(issue) != model.departments["city_management"].index
    finally:
        model.draws = saved


def test_learning_moves_the_belief_towards_who_took_and_away_from_who_refused():
    m = model_with(**{"routing.tell_probability": 0.0})
    k = kind_index(m, "neighbour_dispute")
    police = m.departments["police"].index
    household = m.residents_by_nb[0][0].household
    before = list(m.beliefs.belief(household, k))
    m.beliefs.learn(household, k, police, True, 0)
    took = list(m.beliefs.belief(household, k))
    eta = m.params.routing.learning_rate
    assert took[police] == pytest.approx((1 - eta) * before[police] + eta)
    m.beliefs.learn(household, k, police, False, 0)
    refused = m.beliefs.belief(household, k)
    assert refused[police] < took[police]
    assert sum(refused) == pytest.approx(1.0)


def test_triage_routes_to_the_lead_with_its_accuracy():
    right = model_with(**{"routing.triage_accuracy": 1.0})
    wrong = model_with(**{"routing.triage_accuracy": 0.0})
    for m, expect_lead in ((right, True), (wrong, False)):
        lead = m.departments["city_management"].index
        for _ in range(20):
            issue = make_issue(m, "construction_disturbance")
            assert (m.center.route(issue) == lead) is expect_lead


def test_siloed_inspectors_know_the_lead():
    m = CoGovModel(load_scenario("siloed", {"population.scale": SCALE}), rng=2)
    issue = make_issue(m, "construction_disturbance", FoundBy.INSPECTOR)
    m.draws = FixedDraws()
    assert m.center.route(issue) == m.departments["city_management"].index


# --- reporting again ------------------------------------------------------------------------


def test_reporting_again_waits_rereport_hours_over_the_report_probability(model):
    resident = model.residents_by_nb[0][1]
    p = resident.report_probability()
    saved = model.draws
    try:
        model.draws = FixedDraws(1.0 - math.exp(-1.0))  # an exponential draw of its mean
        hours = resident.hours_until_reporting_again()
    finally:
        model.draws = saved
    assert hours == pytest.approx(model.params.persistence.rereport_hours / p)


def test_lower_trust_reports_again_later(model):
    resident = model.residents_by_nb[0][2]
    waits = []
    saved = model.draws
    try:
        for trust in (0.9, 0.6, 0.3):
            resident.trust = trust
            model.draws = FixedDraws(0.5)
            waits.append(resident.hours_until_reporting_again())
    finally:
        model.draws = saved
    assert waits == sorted(waits) and waits[0] < waits[-1]
    resident.report_propensity = 0.0
    assert resident.hours_until_reporting_again() == math.inf


# --- authority ------------------------------------------------------------------------------


def test_coverage_of_a_single_department_and_of_complex_kinds(model):
    simple = make_issue(model, "construction_disturbance")
    simple.handler = Handler.DEPARTMENT
    simple.dept = model.departments["city_management"]
    assert coverage(simple) == pytest.approx(0.5)
    complex_ = make_issue(model, "long_standing")
    complex_.handler = Handler.DEPARTMENT
    complex_.dept = model.departments["housing"]
    assert coverage(complex_) == 0.0  # a complex problem needs all its authorities
    complex_.handler = Handler.SELF_GOVERNANCE
    assert coverage(complex_) == 1.0
