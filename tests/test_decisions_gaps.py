"""Gaps the mutation sample found (docs/TESTING.md, "Surviving mutants"), each closed by behaviour.

Each test names the rule it guards, not the mutant: the hours issues spend in the system, the
daily record before the first midnight, the solved share, a round-the-clock department's
utilisation over a run and which way each outcome counts as better.
"""

from __future__ import annotations

import dataclasses
import math
from collections import Counter

import pytest
from fixed_draws import Sure, fix, in_work, small_model

from cogov.sim.issue import FoundBy, Handler, Issue, IssueState
from cogov.sim.jurisdiction import jurisdiction_shares
from cogov.sim.metrics import DAILY_COLUMNS
from cogov.sim.model import CoGovModel
from cogov.sim.outcomes import OUTCOMES
from cogov.sim.params import Score, Skill
from cogov.sim.space import build_graph, layout, split_weighted

QUIET = {
    "demand.multiplier": 0.0,
    "volunteers.count": 0,
    # no turnover: the groups', points' and teams' weekly review draws nothing
    "participation.quit_base": 0.0,
    "routing.triage_accuracy": 1.0,
    "passing.enabled": False,
    "persistence.enabled": False,
}


def _reported(model: CoGovModel, kind_id: str) -> Issue:
    """An issue of ``kind_id`` reported by a resident of the first committee now."""
    k = [kind.id for kind in model.params.kinds].index(kind_id)
    kind, shares = model.params.kinds[k], model.arrivals.shares[k]
    issue = Issue(10_000 + len(model.alive), k, kind, 0, model.time, shares)
    model.alive[issue.id] = issue
    issue.state = IssueState.OPEN
    issue.found_by = FoundBy.RESIDENT
    issue.reporter = model.residents_by_nb[0][0]
    issue.t_report = model.time
    issue.deadline = model.time + kind.deadline_hours
    model.metrics.on_report(issue, model.time)
    return issue


def test_hours_in_system_agree_with_the_time_average_of_open_issues():
    # Little's law as an identity: the time integral of open issues (one counter) equals the
    # sum of every reported issue's hours in the system (another), closed or still open
    model = CoGovModel("xinhua_2013", scale=0.05, rng=4)
    model.run_for(10 * 24 + 0.5)
    s = model.result().summary
    assert s["issues_closed"] > 0 and s["backlog_end"] > 0
    assert s["time_avg_open_issues"] == pytest.approx(
        s["arrival_rate_per_hour"] * s["mean_hours_in_system"], rel=1e-9
    )


def test_the_daily_series_before_the_first_midnight_has_every_column_empty():
    model = small_model(**QUIET)
    model.run_for(5.0)
    series = model.daily_series()
    assert set(DAILY_COLUMNS) <= set(series)
    assert all(series[name] == [] for name in DAILY_COLUMNS)
    model.run_for(24.0)
    assert all(len(series) == 1 for series in model.daily_series().values())


def test_the_solved_rate_reporter_is_the_solved_share_of_closed_issues():
    model = CoGovModel("siloed", scale=0.05, rng=3)
    model.run_days(20)
    m = model.metrics
    assert 0 < m.solved < m.closed  # some replies left the problem: a share strictly inside
    assert model.solved_rate == pytest.approx(m.solved / m.closed)
    assert model.solved_rate == pytest.approx(model.result().summary["solved_rate"])


def test_a_round_the_clock_departments_utilisation_is_its_busy_share_of_the_run():
    # one case worked 6 hours and done, one of 100 hours still in work at the end of two days:
    # the run's busy hours are the 6 done and the 48 worked so far, not the 100 booked
    model = small_model("one_window", **QUIET)
    dept = model.departments["police"]  # round the clock
    assert not dept.pool.office
    fix(model, work_hours=[6.0, 100.0], uniform=[0.0, 0.0])
    for _ in range(2):
        issue = _reported(model, "environment_noise")
        issue.handler, issue.pool, issue.dept = Handler.DEPARTMENT, dept.pool, dept
        issue.t_queue = model.time
        dept.pool.submit(issue, model.time)
    model.run_days(2)
    assert model.metrics.closed == 1
    servers = dept.pool.servers
    busy = 6.0 + 48.0 if servers >= 2 else 6.0 + 42.0  # one server: the second waits 6 h
    row = model.result().summary["departments"]["police"]
    assert row["utilisation"] == pytest.approx(busy / (servers * 48.0))


#: which way each outcome is better, typed by hand from its meaning (None: neither, a volume)
BETTER = {
    "on_time_rate": True,
    "on_time_from_report_rate": True,
    "solved_rate": True,
    "satisfaction_mean": True,
    "mean_hours_to_close": False,
    "p90_hours_to_close": False,
    "median_hours_to_close": False,
    "mean_wait_hours": False,
    "backlog_end": False,
    "petitions": False,
    "petition_size_mean": False,
    "grievance_mean": False,
    "escalations": False,
    "repeat_reports": False,
    "passed_on": False,
    "closed_unsolved": False,
    "closed_on_paper": False,  # a reply without work: never better
    "problems_open_end": False,
    "volunteers_left": False,
    "volunteers_active_end": True,
    "groups_active_end": True,
    "points_active_end": True,
    "point_helpers_end": True,
    "teams_active_end": True,
    "elderly_served": True,
    "elderly_needs_met_on_visits": True,
    "elderly_needs_latent_end": False,
    "chronic_solved": True,
    "trust_mean_end": True,
}


def test_each_outcome_is_better_in_the_direction_its_meaning_says():
    registry = {o.name: o.higher_is_better for o in OUTCOMES}
    for name, better in BETTER.items():
        assert registry[name] is better, name
    # every other outcome is a volume, judged neither way
    assert all(registry[n] is None for n in registry.keys() - BETTER.keys()), registry


def test_the_first_satisfaction_scored_period_counts_only_its_own_ratings():
    # a fresh department has rated nobody yet: its first score is the period's satisfied share
    model = small_model(**QUIET)
    dept = model.departments["police"]
    sp = dataclasses.replace(
        model.params.supervision,
        score=Score.SATISFACTION,
        strength=1.0,
        target_satisfaction=0.85,
        effort_min=0.1,
        effort_max=10.0,
    )
    for satisfied in (True, False, True, False):
        dept.record_closure(True, satisfied)
    care = dept.care
    dept.be_supervised(sp)
    assert dept.care == pytest.approx(care + 1.0 * (0.85 - 0.5))
    assert (dept.period_rated, dept.period_satisfied) == (0, 0)  # a new period starts


def test_a_committees_volunteer_share_is_its_volunteers_over_its_residents():
    # the share that conditional cooperation reads, from an independent count of volunteers
    model = CoGovModel("xinhua_2013", scale=0.1, rng=2)
    part = model.participation
    per_nb = Counter(v.resident.cell.coordinate for v in model.volunteers)
    assert sum(per_nb.values()) > 0
    for nb, people in enumerate(model.residents_by_nb):
        assert part.share(nb) == pytest.approx(per_nb.get(nb, 0) / len(people))


def test_recruits_without_any_skill_shares_all_take_the_first_skill():
    # no starting volunteers and every skill share 0 (allowed then): a campaign still recruits,
    # and with no mix to draw from each recruit takes the first skill, drawing nothing
    zero = {f"volunteers.skills.{s.value}": 0.0 for s in Skill}
    model = small_model(**{"volunteers.count": 0, **zero})
    model.draws = Sure(0.0)  # type: ignore[assignment]
    model.participation.campaign()
    assert model.participation.recruited > 0
    first = Skill(next(iter(model.params.volunteers.skills)))  # the first in the table
    assert {v.skill for v in model.volunteers} == {first}


def test_a_total_of_exactly_the_minimum_for_every_part_gives_each_part_its_minimum():
    # the boundary of "if the total allows it for every part": it does, weight or not
    assert split_weighted(2, [0.0, 1.0], minimum=1) == [1, 1]
    assert split_weighted(6, [5.0, 0.0, 1.0], minimum=2) == [2, 2, 2]


def _parameter_objects(obj: object) -> list[object]:
    """``obj`` and every parameter dataclass inside it (tables, keyed tables, inline tables)."""
    out = [obj]
    for f in dataclasses.fields(obj):
        value = getattr(obj, f.name)
        items = value if isinstance(value, tuple) else (value,)
        for item in items:
            if dataclasses.is_dataclass(item):
                out.extend(_parameter_objects(item))
    return out


def test_a_loaded_scenario_cannot_be_changed_afterwards():
    # one frozen, validated object per scenario file: no part can be altered past the checks
    scenario = small_model().params
    objects = _parameter_objects(scenario)
    assert len({type(o) for o in objects}) > 25  # every table, keyed table and inline table
    for o in objects:
        name = dataclasses.fields(o)[0].name
        with pytest.raises(dataclasses.FrozenInstanceError):
            setattr(o, name, getattr(o, name))


def test_when_a_volunteer_ahead_of_the_turn_leaves_the_turn_stays_with_the_same_person():
    model = small_model(**{"demand.multiplier": 0.0, "population.scale": 0.2})
    nb, committee = next(
        (n, c) for n, c in enumerate(model.committees) if len(c.volunteers["legal"]) >= 3
    )
    people = list(committee.volunteers["legal"])
    for v in people:
        v.start_week(True)
    hours = people[0].hours_per_week / 8

    def next_taker():
        issue = _reported(model, "vulnerable_support")
        issue.neighbourhood = nb
        fix(model, work_hours=[hours])
        assert committee._take_by_volunteer(issue, Skill.LEGAL, model.time)
        return issue.worker

    assert [next_taker(), next_taker()] == people[:2]  # the turn is now with people[2]
    committee.remove_volunteer(people[0])  # someone already asked leaves
    left = people[1:]
    assert next_taker() is people[2]
    assert next_taker() is left[2 % len(left)]  # on in turn, without the one who left


def test_shares_the_loader_lets_through_a_little_off_one_are_normalised_to_one():
    # the loader accepts tables adding up to 1 within 1e-6; the shares used then add up to 1
    index = {"a": 0, "b": 1, "c": 2}
    shares = jurisdiction_shares({"a": 0.6, "b": 0.4000008}, "a", index)
    assert sum(shares) == pytest.approx(1.0, abs=1e-12)
    assert shares[0] / shares[1] == pytest.approx(0.6 / 0.4000008, rel=1e-12)
    assert shares[2] == 0.0


def test_a_neighbourhoods_mean_grievance_is_that_of_its_affected_residents():
    # one unsolved contentious problem in committee 0: its place reports the mean grievance
    # hardship x (1 - trust) of exactly the residents it affected; other places report none
    model = small_model(**QUIET)
    issue = _reported(model, "construction_disturbance")
    hardship = issue.kind.hardship
    assert hardship > 0 and not issue.solved and not issue.consulted
    state = model.rng.bit_generator.state
    people = model.collective.affected(issue)  # the same draw decide() will make
    model.rng.bit_generator.state = state
    fix(model, uniform=[0.999] * len(people))  # high thresholds: nobody petitions
    assert model.collective.decide(issue) == 0
    expected = sum(hardship * (1.0 - r.trust) for r in people) / len(people)
    places = list(model.result().summary["by_neighbourhood"].values())
    assert places[0]["grievance_mean"] == pytest.approx(expected)
    assert all(p["grievance_mean"] is None for p in places[1:])


class _Half:
    """Every uniform draw is 0.5."""

    def uniforms(self, n: int) -> list[float]:
        return [0.5] * n

    def uniform(self) -> float:  # groups', points' and teams' review draws one at a time
        return 0.5


def test_patrol_volunteers_never_count_as_idle_however_short_the_idle_limit():
    # a patrol has no jobs to wait for: with an idle limit of minutes and a sure quit, the
    # patrols stay; everyone has had a job (or the start) within the last instant too
    model = small_model(
        **{
            "population.scale": 0.2,
            "participation.idle_weeks": 0.001,  # 10 minutes
            "participation.quit_idle": 1.0,
            "participation.trust_floor": 0.0,
        }
    )
    assert any(v.skill is Skill.PATROL for v in model.volunteers)
    for v in model.volunteers:
        v.last_job = model.time
    before = list(model.volunteers)
    model.draws = _Half()  # type: ignore[assignment]
    model.participation.review(model.time)
    assert model.volunteers == before and model.participation.left == 0


def test_a_campaign_approaches_party_members_first():
    model = small_model(**{"population.scale": 0.2})
    part = model.participation
    for nb in range(len(model.residents_by_nb)):
        free = [r for r in part.party_by_nb[nb] if r.role is None and r.age_group.name != "CHILD"]
        if len(free) < 2:
            continue
        chosen = part._candidates(nb, len(free) - 1)
        assert len(chosen) == len(free) - 1
        assert all(r.party_member and r.role is None for r in chosen)
        more = part._candidates(nb, len(free) + 3)  # Party members all, then anyone else
        assert set(free) <= set(more)
        return
    pytest.fail("no committee with two Party members free to volunteer")


def test_committees_are_joined_only_to_those_one_grid_step_away():
    # the map is a grid of 0.4 km steps: an edge joins committees one step apart, never two
    # steps or a diagonal; copies of the subdistrict sit side by side, one step apart
    for subdistricts in (1, 2, 4):
        pos = layout(subdistricts)
        graph = build_graph(subdistricts=subdistricts)
        assert graph.number_of_edges() > 0
        for a, b in graph.edges:
            assert math.dist(pos[a], pos[b]) == pytest.approx(GRID_STEP_KM)
        if subdistricts > 1:
            n = len(pos) // subdistricts
            gap = min(math.dist(pos[a], pos[b]) for a in range(n) for b in range(n, 2 * n))
            assert gap == pytest.approx(GRID_STEP_KM)  # the next copy, one step away


GRID_STEP_KM = 0.4  # the schematic map's step (sim/space.py), typed here by hand


def test_a_queued_cases_expected_lateness_shrinks_with_the_departments_speed():
    # queued: (queue ahead per staff member + 1) x the kind's mean work time / effort, in
    # units of the deadline; a department working twice as fast expects half the lateness
    model = small_model(**QUIET)
    dept = model.departments["police"]
    issue = _reported(model, "environment_noise")
    kind = issue.kind
    base = model.center.lateness(issue, dept)
    assert base == pytest.approx(
        (dept.pool.waiting / dept.pool.servers + 1.0) * kind.work.mean_hours / kind.deadline_hours
    )
    dept.pool.effort = 2.0
    assert model.center.lateness(issue, dept) == pytest.approx(base / 2.0)


def test_cutting_a_step_short_cancels_its_event_once():
    # a paper reply stops the work under way: its finishing event never runs
    model = small_model(**QUIET)
    issue = _reported(model, "environment_noise")
    ran = []
    issue.event = model.at(model.time + 5.0, issue.then(ran.append))
    issue.cancel_step()
    assert issue.event is None
    issue.cancel_step()  # nothing left to cancel: no error
    model.run_for(10.0)
    assert ran == []


# --- gaps shown by the fresh mutation sample at the final commit (seed 3, docs/TESTING.md) ---


def _gap_model():
    return small_model(
        **{"demand.multiplier": 0.0, "volunteers.count": 0, "persistence.enabled": False}
    )


def test_a_reply_on_paper_never_solves_the_problem():
    """Closing on paper is a reply without solving: no solve draw, the problem stays."""
    model = _gap_model()
    issue = in_work(model, "safety_hazard")  # not contentious: no collective draws
    issue.paper = True
    draws = fix(model, uniform=[0.5])  # the reporter's rating only
    model.work.close(issue)
    draws.assert_used()
    assert issue.solved is False


def test_a_complex_problem_wholly_in_one_departments_powers_is_covered_once():
    """Coverage is a share: 1 when the department holds the whole of a complex problem."""
    from cogov.sim.work import coverage

    model = _gap_model()
    issue = in_work(model, "long_standing")
    assert issue.kind.complex
    whole = [0.0] * len(issue.shares)
    whole[issue.dept.index] = 1.0
    issue.shares = tuple(whole)
    assert coverage(issue) == 1.0
    whole[issue.dept.index] = 0.6
    issue.shares = tuple(whole)
    assert coverage(issue) == 0.0


def test_households_beliefs_spread_around_the_prior_only_when_spread_is_positive():
    for spread, differs in ((0.5, True), (0.0, False)):
        model = small_model(**{"routing.belief_spread": spread})
        beliefs = model.beliefs
        row = beliefs.row(7, 0)
        assert sum(row) == pytest.approx(1.0)
        assert (row != beliefs.prior_rows[0]) is differs


def test_gamma_work_times_have_the_asked_mean_and_spread():
    """Gamma work: shape 1/cv², scale mean·cv²: mean and standard deviation as asked."""
    import numpy as np

    from cogov.sim.draws import Draws
    from cogov.sim.params import Distribution, WorkTimeParams

    d = Draws(np.random.default_rng(11))
    w = WorkTimeParams(Distribution.GAMMA, mean_hours=2.0, cv=0.5)
    x = np.array([d.work_hours(w) for _ in range(20_000)])
    assert x.mean() == pytest.approx(2.0, rel=0.03)
    assert x.std() == pytest.approx(1.0, rel=0.05)  # cv × mean


def test_elderly_living_alone_follow_each_committees_elderly_weight_and_keep_the_total():
    from cogov.sim.population import age_shares

    model = CoGovModel("xinhua_2013", scale=0.1)
    p = model.params.population
    people = [len(r) for r in model.residents_by_nb]
    shares = age_shares(p, people)
    alone = [s[3] for s in shares]
    elderly = [s[2] + s[3] for s in shares]
    # alone moves with the committee's elderly weight, in proportion to the elderly share
    for a, e in zip(alone, elderly, strict=True):
        assert a / p.elderly_alone_share == pytest.approx(e / p.elderly_share, rel=1e-9)
    mean_alone = sum(a * n for a, n in zip(alone, people, strict=True)) / sum(people)
    assert mean_alone == pytest.approx(p.elderly_alone_share, rel=1e-9)
    assert max(alone) > min(alone)  # the places differ


def test_the_glossary_definition_is_in_the_language_asked():
    from cogov.sim.outcomes import outcome

    entry = outcome("elderly_served")
    assert entry.definition("zh") == entry.define_zh != entry.define_en
    assert entry.definition("en") == entry.define_en
