"""Participation recruited and lost: the join and leave rules, campaigns, the weekly review."""

from __future__ import annotations

from collections import Counter

import pytest
from fixed_draws import Sure

from cogov.agents import Volunteer
from cogov.agents.resident import AgeGroup
from cogov.sim.calendar import HOURS_PER_WEEK
from cogov.sim.model import CoGovModel
from cogov.sim.params import ParticipationParams, Skill
from cogov.sim.participation import join_probability, leave_probability

PP = ParticipationParams(
    party_factor=3.0,
    conditional=1.0,
    reference_share=0.01,
    idle_weeks=8,
    quit_idle=0.05,
    trust_floor=0.2,
    quit_base=0.0,  # turnover off: these tests check the idle and trust terms alone
)


def test_join_probability_formula():
    # 0.05 x (0.6 / 0.6) x 1 x (1 + 1 x 0.01 / 0.01) = 0.1
    assert join_probability(0.05, 0.6, 0.6, False, 0.01, PP) == pytest.approx(0.1)
    # a Party member with trust 0.9: 0.05 x 1.5 x 3 x 1 = 0.225
    assert join_probability(0.05, 0.9, 0.6, True, 0.0, PP) == pytest.approx(0.225)
    assert join_probability(0.9, 0.9, 0.6, True, 0.05, PP) == 1.0  # capped


def test_join_probability_rises_with_trust_party_and_neighbours():
    base = join_probability(0.05, 0.5, 0.6, False, 0.0, PP)
    assert join_probability(0.05, 0.7, 0.6, False, 0.0, PP) > base
    assert join_probability(0.05, 0.5, 0.6, True, 0.0, PP) > base
    assert join_probability(0.05, 0.5, 0.6, False, 0.02, PP) > base  # conditional cooperation
    assert join_probability(0.05, 0.5, 0.6, False, 0.02, ParticipationParams(conditional=0.0)) == (
        pytest.approx(base * 1.0)
    )


def test_leave_probability_rules():
    week = HOURS_PER_WEEK
    assert leave_probability(0.0, 0.1, PP) == 1.0  # trust below the floor
    assert leave_probability(8 * week, 0.5, PP) == 0.05  # unused for eight weeks
    assert leave_probability(7 * week, 0.5, PP) == 0.0  # used recently, trusting: stays


@pytest.fixture
def model() -> CoGovModel:
    return CoGovModel("xinhua_2013", scale=0.1)


def _tally(model: CoGovModel) -> None:
    """Independent tally: volunteers are residents with a role, per committee."""
    vols = model.volunteers
    assert len(model.agents_by_type[Volunteer]) == len(vols)
    assert all(v.resident.role is v for v in vols)
    per_nb = Counter(v.resident.cell.coordinate for v in vols)
    assert [per_nb.get(nb, 0) for nb in range(17)] == model.participation.active_by_nb
    listed = sum(len(c.volunteers[s]) for c in model.committees for s in Skill)
    assert listed == len(vols)


def test_starting_volunteers_are_adult_residents_party_members_over_represented():
    model = CoGovModel("xinhua_2013", scale=0.5)
    assert len(model.volunteers) == 500  # volunteers.count at scale 0.5
    _tally(model)
    assert all(v.resident.age_group is not AgeGroup.CHILD for v in model.volunteers)
    party = sum(v.resident.party_member for v in model.volunteers) / len(model.volunteers)
    # expected ~0.21 (weight x3 on 8%, sd ~0.02 at 500): well above the population's 0.08
    assert party > 1.5 * model.params.population.party_member_share


def test_campaign_with_sure_draws_recruits_every_contact(model, monkeypatch):
    part = model.participation
    before = len(model.volunteers)
    monkeypatch.setattr(model, "draws", Sure(0.0))
    part.campaign()
    assert part.recruited == part.approached > 0
    assert part.approached <= sum(part.contacts)  # only the contacts were touched
    assert len(model.volunteers) == before + part.recruited
    _tally(model)


def test_campaign_with_failing_draws_recruits_nobody(model, monkeypatch):
    before = len(model.volunteers)
    monkeypatch.setattr(model, "draws", Sure(1.0))  # above any probability (a uniform is < 1)
    model.participation.campaign()
    assert len(model.volunteers) == before and model.participation.recruited == 0


def test_review_loses_distrustful_and_idle_volunteers(model, monkeypatch):
    part = model.participation
    vols = list(model.volunteers)
    distrustful = vols[0]
    distrustful.resident.trust = 0.0
    idle = next(v for v in vols[1:] if v.skill is not Skill.PATROL)
    idle.last_job = -100 * HOURS_PER_WEEK
    monkeypatch.setattr(model, "draws", Sure(0.01))  # below quit_idle 0.05
    part.review(model.time)
    assert distrustful not in model.volunteers and distrustful.resident.role is None
    assert idle not in model.volunteers
    assert part.left >= 2
    _tally(model)


def test_review_draw_between_the_two_chances_loses_only_the_idle(model, monkeypatch):
    part = model.participation
    pp = part.pp
    used = leave_probability(0.0, 1.0, pp)
    idle_p = leave_probability(pp.idle_weeks * HOURS_PER_WEEK, 1.0, pp)
    assert used < idle_p
    for v in model.volunteers:
        v.resident.trust = max(v.resident.trust, pp.trust_floor)  # at the floor: not below
        v.last_job = model.time
    vols = [v for v in model.volunteers if v.skill is not Skill.PATROL]
    idle, just = vols[0], vols[1]
    idle.last_job = model.time - pp.idle_weeks * HOURS_PER_WEEK  # idle exactly the limit
    just.last_job = model.time - pp.idle_weeks * HOURS_PER_WEEK + 1.0  # an hour short of it
    patrol = next(v for v in model.volunteers if v.skill is Skill.PATROL)
    patrol.last_job = idle.last_job  # a patrol is never idle
    before = len(model.volunteers)
    monkeypatch.setattr(model, "draws", Sure((used + idle_p) / 2))
    part._review_volunteers(model.time)
    assert idle not in model.volunteers
    assert just in model.volunteers and patrol in model.volunteers
    assert len(model.volunteers) == before - 1 and part.left == 1
    _tally(model)


def test_a_year_recruits_and_loses_and_the_tally_holds(model):
    model.run_days(365)
    part = model.participation
    assert part.recruited > 0 and part.left > 0
    assert len(model.volunteers) == 100 + part.recruited - part.left
    _tally(model)


def test_elderly_served_counts_distinct_people_a_point_or_volunteer_helped():
    # cases only: needs met on visits are tallied in tests/test_visits.py
    model = CoGovModel("xinhua_2013", scale=0.1, overrides={"visits.enabled": False})
    seen: set[int] = set()
    close = model.work.close

    def observe(issue):
        close(issue)
        community = issue.handler.name in ("NEIGHBOUR_POINT", "VOLUNTEER")
        if issue.kind.affects_elderly_alone and issue.solved and community:
            seen.add(issue.reporter.unique_id)

    model.work.close = observe
    model.run_days(120)
    served = model.result().summary["elderly_served"]
    assert served == len(seen) > 0
    assert served <= sum(len(a) for a in model.elderly_alone_by_nb)
