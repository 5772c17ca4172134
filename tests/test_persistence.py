"""Problems that persist after a reply, repeat reports, chronic cases and joint capacity."""

from __future__ import annotations

import pytest

from cogov.sim.issue import IssueState, Stage
from cogov.sim.loader import load_scenario
from cogov.sim.model import CoGovModel
from cogov.sim.persistence import HOURS_PER_YEAR

SCALE = 0.05


def run(name: str, days: float, seed: int = 4, **overrides) -> CoGovModel:
    scenario = load_scenario(name, {"population.scale": SCALE, **overrides})
    model = CoGovModel(scenario, rng=seed, keep_records=True)
    model.run_days(days)
    return model


def test_unsolved_problems_persist_and_are_reported_again(tally):
    unsolvable = {f"kinds.{k}.p_solve": 0.0 for k in ("municipal_facility", "city_appearance")}
    model = run("one_window", 60, **unsolvable, **{"persistence.rereport_hours": 24.0})
    tally(model)
    m = model.metrics
    assert m.repeat_reports > 0
    assert m.persisting > 0
    repeats = [i for i in model.alive.values() if i.reports > 1 and not i.chronic]
    assert repeats  # a repeat is the same problem (same id), reported again
    assert all(i.replies >= i.reports - 1 for i in repeats)


def test_without_persistence_a_reply_ends_the_problem(tally):
    model = run("one_window", 30, **{"persistence.enabled": False})
    tally(model)
    m = model.metrics
    assert m.repeat_reports == m.persisting == m.faded == 0
    assert m.gone == m.closed + model.visits.met  # a need met on a visit is gone unreplied
    assert model.persistence.chronic == []


def test_chronic_cases_are_seeded_with_their_age():
    model = CoGovModel(load_scenario("xinhua_2013", {"population.scale": SCALE}), rng=1)
    chronic = model.persistence.chronic
    assert len(chronic) == len(model.params.chronic) == 3
    ages = sorted(-c.t_arise / HOURS_PER_YEAR for c in chronic)
    assert ages == pytest.approx([5.0, 7.0, 10.0])
    for case in chronic:
        assert case.state is IssueState.PERSISTING and case.t_fade == float("inf")
    cm, police = model.departments["city_management"], model.departments["police"]
    market = max(chronic, key=lambda c: -c.t_arise)  # the 10-year street market
    assert market.shares[cm.index] == market.shares[police.index] == 0.5


def test_chronic_cases_survive_a_year_without_joint_action(tally):
    model = run("one_window", 365, seed=8)
    tally(model)
    assert model.metrics.chronic_solved == 0
    assert all(c.state is not IssueState.CLOSED for c in model.persistence.chronic)
    assert sum(c.replies for c in model.persistence.chronic) > 3  # answered, never solved


def test_joint_task_holds_staff_until_every_department_has_one():
    overrides = {"population.scale": SCALE, "departments.housing.hours": "24h"}
    scenario = load_scenario("xinhua_2013", overrides)
    model = CoGovModel(scenario, rng=2)
    police = model.departments["police"].pool
    housing = model.departments["housing"].pool
    police.busy = police.servers  # every police officer is busy
    market = max(model.persistence.chronic, key=lambda c: -c.t_arise)
    podium = next(c for c in model.persistence.chronic if c.neighbourhood == 13)
    model.persistence.chronic.remove(podium)
    model.alive.pop(podium.id)
    podium.open_case(model.time)
    podium.state = IssueState.OPEN
    busy_before = housing.busy
    model.joint.start(podium)  # needs housing and police
    assert podium.task is not None and podium.stage is Stage.JOINT_WAIT
    assert housing.busy == busy_before + 1  # housing holds its staff member, waiting
    assert podium.t_start != podium.t_start  # work has not begun (NaN)
    police.release(model.time)  # a police officer is free: the task starts
    assert podium.stage is Stage.IN_WORK
    assert podium.task.coverage == pytest.approx(1.0)
    assert market.state is IssueState.PERSISTING


def test_unseen_problems_met_before_they_fade_are_not_counted_as_faded():
    model = CoGovModel(load_scenario("one_window", {"population.scale": SCALE}), rng=1)
    p = model.persistence
    p._unseen.clear()
    faded0 = model.metrics.faded
    for t in (5.0, 5.0, 5.0, 7.0, 9.0, float("inf")):
        p.fade_unseen_at(t)
    assert p._unseen.count(float("inf")) == 0  # a problem that never fades is not kept
    p.forget_unseen(5.0)  # met twice at the same fade time, once at 9
    p.forget_unseen(5.0)
    p.forget_unseen(9.0)
    assert p.fade_unseen(4.0) == 0
    assert p.fade_unseen(6.0) == 1  # three fade at 5, two of them were met
    assert p.fade_unseen(10.0) == 1  # 7 fades, 9 was met
    assert p.fade_unseen(100.0) == 0 and p._unseen == []
    assert model.metrics.faded - faded0 == 2
