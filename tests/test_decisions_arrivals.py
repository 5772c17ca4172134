"""Arrivals and discovery, and the volunteers' week, with fixed draws.

The models here have no demand of their own (``demand.multiplier = 0``) and no volunteers
unless a test wants them, so the only draws are the scripted ones; intake is replaced by a
recorder, so a found issue goes no further. Arising is :meth:`cogov.sim.life.Life.arise`
(issue 13); with persistence on (the default scenario) it also draws the time the problem
fades by itself, an exponential with mean ``persistence.fade_hours``, after the finding draws.
"""

from __future__ import annotations

import numpy as np
import pytest
from fixed_draws import fix, small_model

from cogov.sim.arrivals import place_weights
from cogov.sim.calendar import HOURS_PER_DAY, HOURS_PER_WEEK
from cogov.sim.issue import FoundBy, Issue, IssueState
from cogov.sim.params import Reporter

# no turnover: the groups', points' and teams' weekly review draws nothing
QUIET = {"demand.multiplier": 0.0, "volunteers.count": 0, "participation.quit_base": 0.0}
FADE = 1e6  # a scripted fading time far beyond every test's horizon


def quiet_model(**overrides):
    model = small_model(**{**QUIET, **overrides})
    found: list[Issue] = []
    model.center.receive = found.append  # intake is not under test here
    return model, found


def kind_index(model, **wanted) -> int:
    """The first kind whose attributes have the wanted values."""
    for i, k in enumerate(model.params.kinds):
        if all(getattr(k, a) == v for a, v in wanted.items()) and k.reporter.value == "resident":
            return i
    raise AssertionError(f"no kind with {wanted}")


def new_issue(model, k: int, nb: int = 0) -> Issue:
    shares = model.arrivals.shares[k]
    issue = Issue(model.arrivals.next_id, k, model.params.kinds[k], nb, model.time, shares)
    model.arrivals.next_id += 1
    model.alive[issue.id] = issue
    return issue


# --- expected arrivals ---------------------------------------------------------------------


def test_expected_arrivals_are_rate_times_residents_times_the_weekly_factor():
    """Subdistrict rate x all residents x the committee's place weight x multiplier x weekday.

    The place weights themselves are test_places.py::test_place_weights_formula_and_direction;
    a kind every resident can have is shared by residents, so its row is written out here.
    """
    weekly = [1.0, 1.0, 1.0, 1.0, 1.0, 0.5, 1.5]
    model = small_model(**{"demand.weekly_profile": weekly, "demand.multiplier": 2.0})
    residents = np.array([len(r) for r in model.residents_by_nb], dtype=float)
    rates = np.array([k.rate_per_1000_per_year for k in model.params.kinds])
    base = (rates / 1000 / 365 * residents.sum())[:, None] * place_weights(model) * 2.0
    plain = [
        i
        for i, k in enumerate(model.params.kinds)
        if k.reporter is Reporter.RESIDENT
        and not k.affects_elderly_alone
        and not k.property_related
    ]
    assert plain
    by_residents = np.outer(rates / 1000 / 365, residents) * 2.0
    for day, factor in ((0, 1.0), (5, 0.5), (6, 1.5), (13, 1.5)):
        assert model.arrivals.expected(day) == pytest.approx(base * factor)
        assert model.arrivals.expected(day)[plain] == pytest.approx(by_residents[plain] * factor)


def test_a_shock_multiplies_only_its_kinds_and_neighbourhoods_in_its_days():
    plain = small_model()
    shock = {
        "kinds": ["safety_hazard"],
        "neighbourhoods": ["Xinhua"],
        "start_day": 3.0,
        "end_day": 5.0,
        "multiplier": 4.0,
    }
    shocked = small_model(**{"shocks.s": shock})
    k = [kk.id for kk in plain.params.kinds].index("safety_hazard")
    names = [plain.graph.nodes[n]["name"] for n in sorted(plain.graph.nodes)]
    hit = np.zeros_like(plain.arrivals.base, dtype=bool)
    hit[k, names.index("Xinhua")] = True
    assert plain.arrivals.base[hit][0] > 0
    for day in range(8):
        factor = 4.0 if 3 <= day < 5 else 1.0
        lam = plain.arrivals.expected(day)
        expected = np.where(hit, lam * factor, lam)
        assert shocked.arrivals.expected(day) == pytest.approx(expected), day


def test_a_day_draws_its_poisson_counts_and_schedules_each_arising():
    model = small_model(**{"volunteers.count": 0, "demand.multiplier": 50.0})
    expected = model.arrivals.expected(0)
    assert expected.sum() > 10
    seeded = len(model.persistence.chronic)  # the chronic cases, persisting since before 0
    assert seeded == len(model.alive) == model.arrivals.next_id
    model.arrivals.draw_day()
    assert len(model.alive) == model.arrivals.next_id > seeded
    times = [i.t_arise for i in model.alive.values() if not i.chronic]
    assert all(0.0 <= t < HOURS_PER_DAY for t in times)
    assert times == sorted(times)  # ids follow arising order
    assert abs(len(times) - expected.sum()) < 5 * np.sqrt(expected.sum())


def test_a_problem_arises_in_an_hour_drawn_by_the_daily_profile():
    profile = [0.0] * 24
    profile[9], profile[20] = 1.0, 3.0  # only 09:00-10:00 and 20:00-21:00, 1 : 3
    model = small_model(
        **{"volunteers.count": 0, "demand.multiplier": 50.0, "demand.daily_profile": profile}
    )
    state = model.rng.bit_generator.state
    model.arrivals.draw_day()
    hours = [int(i.t_arise) for i in model.alive.values() if not i.chronic]
    assert set(hours) <= {9, 20} and hours.count(20) > 2 * hours.count(9) > 0
    # the rule is numpy's Generator.choice(24, p=profile share): the same hours, same draws
    model.rng.bit_generator.state = state
    rng = model.rng
    total = int(rng.poisson(model.arrivals.expected(0)).sum())
    share = np.asarray(profile) / sum(profile)
    assert sorted(hours) == sorted(rng.choice(24, size=total, p=share).tolist())


# --- discovery -----------------------------------------------------------------------------


def test_a_resident_who_reports_opens_the_issue_after_the_reporting_delay():
    model, found = quiet_model()
    k = kind_index(model, inspectable=False, affects_elderly_alone=False)
    issue = new_issue(model, k)
    nb_residents = model.residents_by_nb[0]
    draws = fix(model, uniform=[0.5, 0.0], exponential=[5.0, FADE])  # pick, report, delay, fade
    model.life.arise(issue)
    draws.assert_used()
    assert draws.means == [model.params.reporting.delay_hours, model.params.persistence.fade_hours]
    assert issue.reporter is nb_residents[int(0.5 * len(nb_residents))]
    assert issue.state is IssueState.UNREPORTED and model.metrics.unreported == 1
    model.run_for(4.9)
    assert found == []
    model.run_for(0.2)
    assert found == [issue]
    assert issue.found_by is FoundBy.RESIDENT and issue.state is IssueState.OPEN
    assert issue.t_report == 5.0
    assert issue.deadline == 5.0 + issue.kind.deadline_hours


def test_an_issue_nobody_reports_or_can_see_is_never_found():
    model, found = quiet_model()
    issue = new_issue(model, kind_index(model, inspectable=False, affects_elderly_alone=False))
    draws = fix(model, uniform=[0.0, 0.999999], exponential=[FADE])  # pick, no report, fade
    model.life.arise(issue)
    draws.assert_used()
    assert issue.id not in model.alive
    assert model.metrics.never_found == model.metrics.unreported == 1
    model.run_days(3)
    assert [i for i in found if not i.chronic] == []  # the seeded chronic cases report again


@pytest.mark.parametrize(("fade", "reported"), [(5.0, False), (5.001, True)])
def test_a_problem_that_fades_before_its_report_is_never_found(fade, reported):
    # persistence on: fading time = arising + exponential(fade_hours); a report at or after
    # it never comes, and the problem is kept as a fading time only
    model, found = quiet_model()
    assert model.params.persistence.enabled
    issue = new_issue(model, kind_index(model, inspectable=False, affects_elderly_alone=False))
    draws = fix(model, uniform=[0.0, 0.0], exponential=[5.0, fade])  # pick, report, delay, fade
    model.life.arise(issue)
    draws.assert_used()
    assert draws.means == [model.params.reporting.delay_hours, model.params.persistence.fade_hours]
    assert issue.t_fade == model.time + fade
    assert (issue.id in model.alive) is reported
    assert model.metrics.never_found == (0 if reported else 1)
    model.run_for(5.5)
    assert found == ([issue] if reported else [])


@pytest.mark.parametrize(("u", "finder"), [(0.0, FoundBy.INSPECTOR), (0.999, FoundBy.VOLUNTEER)])
def test_patrol_finds_first_when_faster_and_the_finder_is_drawn_by_weight(u, finder):
    model, found = quiet_model()
    nb = next(n for n, team in enumerate(model.inspectors_by_nb) if team)
    inspectors = len(model.inspectors_by_nb[nb])
    model.patrol_strength[nb] = inspectors + 0.5  # as if half a patrol's worth of volunteers
    issue = new_issue(model, kind_index(model, inspectable=True), nb)
    draws = fix(model, uniform=[0.0, 0.0, u], exponential=[10.0, 3.0, FADE])
    model.life.arise(issue)
    draws.assert_used()
    strength = inspectors + 0.5
    assert draws.means == pytest.approx(
        [
            model.params.reporting.delay_hours,
            model.params.inspectors.find_hours / strength,
            model.params.persistence.fade_hours,
        ]
    )
    expected = FoundBy.INSPECTOR if u * strength < inspectors else FoundBy.VOLUNTEER
    assert finder is expected and issue.found_by is finder
    model.run_for(3.5)
    assert found == [issue] and issue.t_report == 3.0


def test_a_report_before_the_patrol_is_the_residents():
    model, found = quiet_model()
    nb = next(n for n, team in enumerate(model.inspectors_by_nb) if team)
    issue = new_issue(model, kind_index(model, inspectable=True), nb)
    draws = fix(model, uniform=[0.0, 0.0], exponential=[2.0, 3.0, FADE])
    model.life.arise(issue)
    draws.assert_used()
    assert issue.found_by is FoundBy.RESIDENT
    model.run_for(2.5)
    assert found == [issue] and issue.t_report == 2.0


def test_without_patrol_strength_an_inspectable_issue_is_not_patrolled():
    model, _ = quiet_model()
    nb = 0
    model.patrol_strength[nb] = 0.0
    issue = new_issue(model, kind_index(model, inspectable=True), nb)
    draws = fix(model, uniform=[0.0, 0.0], exponential=[2.0, FADE])  # no patrol draw
    model.life.arise(issue)
    draws.assert_used()
    assert issue.found_by is FoundBy.RESIDENT


def test_issues_of_the_elderly_alone_affect_an_elderly_resident_living_alone():
    model, _ = quiet_model()
    k = kind_index(model, affects_elderly_alone=True)
    nb = next(n for n, g in enumerate(model.elderly_alone_by_nb) if g)
    issue = new_issue(model, k, nb)
    fix(model, uniform=[0.0, 0.999999], exponential=[FADE])
    model.life.arise(issue)
    assert issue.reporter is model.elderly_alone_by_nb[nb][0]


# --- the volunteers' week ------------------------------------------------------------------


def test_volunteers_are_active_with_the_activation_probability_each_week():
    """One activation draw per volunteer who stayed through the week's renewal.

    The renewal comes first, one draw per volunteer (its rule: test_participation.py).
    """
    # no turnover: groups', points' and teams' review draws nothing (tests/test_groups.py)
    model = small_model(
        **{"volunteers.count": 1000, "demand.multiplier": 0.0, "participation.quit_base": 0.0}
    )
    vp, floor = model.params.volunteers, model.params.participation.trust_floor
    # nobody has been idle yet, so a draw of 0.9999 loses only those below the trust floor
    stayers = [v for v in model.volunteers if v.resident.trust >= floor]
    assert len(stayers) > 3
    us = [0.0 if i % 3 else 0.9999 for i in range(len(stayers))]
    us[1] = vp.activation - 1e-9
    us[2] = vp.activation + 1e-9
    draws = fix(model, uniform=[0.9999] * len(model.volunteers) + us)
    model.mechanisms.start_week()
    draws.assert_used()
    assert model.volunteers == stayers
    for v, u in zip(stayers, us, strict=True):
        assert v.hours_left == (v.hours_per_week if u < vp.activation else 0.0)
    weight = model.params.inspectors.volunteer_patrol_weight
    for nb, committee in enumerate(model.committees):
        active = sum(1 for v in committee.volunteers["patrol"] if v.hours_left > 0.0)
        assert model.patrol_strength[nb] == pytest.approx(
            len(model.inspectors_by_nb[nb]) + weight * active
        )


def test_a_patrol_volunteer_with_any_hours_left_patrols():
    model = small_model(**{"volunteers.count": 1000, "demand.multiplier": 0.0})
    committee = next(c for c in model.committees if c.volunteers["patrol"])
    patrol = committee.volunteers["patrol"]
    for v in patrol:
        v.start_week(False)
    assert committee.active_patrol_volunteers() == 0
    patrol[0].start_week(True)
    patrol[0].serve(patrol[0].hours_per_week - 0.25)  # a quarter of an hour left
    assert committee.active_patrol_volunteers() == 1
    patrol[0].serve(0.25)
    assert committee.active_patrol_volunteers() == 0


def test_the_week_starts_every_monday_at_midnight():
    model = small_model(**{"volunteers.count": 1000, "demand.multiplier": 0.0})
    weeks: list[float] = []
    v = model.volunteers[0]
    original = v.start_week

    def spy(active: bool) -> None:
        weeks.append(model.time)
        original(active)

    v.start_week = spy
    model.run_for(3 * HOURS_PER_WEEK + 1)
    assert weeks == [0.0, HOURS_PER_WEEK, 2 * HOURS_PER_WEEK, 3 * HOURS_PER_WEEK]


def test_a_volunteer_takes_work_only_with_enough_hours_left():
    model = small_model(**{"volunteers.count": 1000, "demand.multiplier": 0.0})
    v = model.volunteers[0]
    v.start_week(True)
    assert v.hours_left == v.hours_per_week > 1.0
    assert v.can_take(v.hours_per_week) and not v.can_take(v.hours_per_week + 0.01)
    before = model.metrics.volunteer_hours
    v.serve(1.0)
    assert v.hours_left == v.hours_per_week - 1.0 and v.hours_given == 1.0
    assert model.metrics.volunteer_hours == before + 1.0
    v.start_week(False)
    assert v.hours_left == 0.0 and not v.can_take(0.01)


def test_each_days_problems_are_drawn_at_its_midnight():
    model = small_model(**{"volunteers.count": 0, "demand.multiplier": 50.0})
    model.run_for(0.5)
    first = model.arrivals.next_id
    assert first > 0  # drawn at 00:00
    model.run_for(23.0)
    assert model.arrivals.next_id == first  # nothing more until the next midnight
    model.run_for(1.0)
    assert model.arrivals.next_id > first
    newest = max(model.alive.values(), key=lambda i: i.id)
    assert 24.0 <= newest.t_arise < 48.0
