"""Elderly people's needs found on visits (sim/visits.py): latent needs, the weekly round.

Decision tests with fixed draws (tests/fixed_draws.py): a need nobody reports stays latent;
a visit meets it with the kind's work-time draw and ``p_solve``; visits spend the week's
hours and stop when nobody has them; more points mean more visits; a latent need lapses when
the problem fades. Then an independent tally of a whole run, determinism, and that with
visits off the run is what it was.
"""

from __future__ import annotations

import json

import pytest
from fixed_draws import QUIET_COMMUNITY, fix, small_model, unfix

from cogov.agents.resident import AgeGroup
from cogov.cli import main
from cogov.sim.errors import ScenarioError
from cogov.sim.issue import Issue
from cogov.sim.loader import load_scenario
from cogov.sim.model import CoGovModel
from cogov.sim.params import Channel, Skill
from cogov.sim.visits import visits_due

NP = Channel.NEIGHBOUR_POINT
QUIET = {**QUIET_COMMUNITY, "visits.enabled": True}


def quiet(**overrides):
    return small_model("xinhua_2013", **{**QUIET, **overrides})


def elderly_kind(model) -> int:
    return next(i for i, k in enumerate(model.params.kinds) if k.affects_elderly_alone)


def with_points(model) -> int:
    """A committee with a neighbour point and at least three elderly people living alone."""
    return next(
        nb
        for nb, c in enumerate(model.committees)
        if c.pools[NP].servers > 0 and len(model.elderly_alone_by_nb[nb]) >= 3
    )


def arise_unreported(model, nb: int, who: int = 0, fade: float | None = None) -> Issue:
    """An elderly need arises now with the ``who``-th elderly person living alone of ``nb``.

    She decides not to report it (fixed draws: the pick, the decision, the fade time).
    """
    k = elderly_kind(model)
    people = model.elderly_alone_by_nb[nb]
    issue = Issue(90_000 + who, k, model.params.kinds[k], nb, model.time, model.arrivals.shares[k])
    model.alive[issue.id] = issue
    u_pick = (who + 0.5) / len(people)
    draws = fix(model, uniform=[u_pick, 0.999999], exponential=[] if fade is None else [fade])
    model.life.arise(issue)
    draws.assert_used()
    assert issue.reporter is people[who]
    return issue


def test_visits_due_formula_and_direction():
    # 100 people due every 14 days: 50 a week; 3 people: 1.5 a week, 1 now and 0.5 carried
    assert visits_due(100, 14.0, 0.0) == (50, 0.0)
    assert visits_due(3, 14.0, 0.0) == (1, pytest.approx(0.5))
    assert visits_due(3, 14.0, 0.5) == (2, pytest.approx(0.0))
    assert visits_due(4, 3.5, 0.0) == (4, pytest.approx(0.0))  # 8 wanted: everyone once
    assert visits_due(100, 7.0, 0.0)[0] > visits_due(100, 28.0, 0.0)[0]  # more often, more


def test_a_need_she_does_not_report_stays_latent_with_her():
    model = quiet()
    nb = with_points(model)
    issue = arise_unreported(model, nb, who=1)
    person = model.elderly_alone_by_nb[nb][1]
    assert model.visits.latent[nb] == {person.unique_id: [(issue.t_fade, issue.kind_index)]}
    assert model.visits.kept == 1 and model.visits.latent_now() == 1
    assert model.metrics.never_found == model.metrics.untracked == 1  # still unreported


def test_with_visits_off_nothing_is_kept():
    model = quiet(**{"visits.enabled": False})
    arise_unreported(model, with_points(model))
    assert model.visits.kept == 0 and model.visits.latent == [{} for _ in model.committees]


def test_a_visit_meets_the_need_it_finds_with_the_kinds_draws():
    model = quiet(**{"population.scale": 0.1})
    nb = with_points(model)
    committee = model.committees[nb]
    person = model.elderly_alone_by_nb[nb][0]
    arise_unreported(model, nb, who=0)
    committee.hours_left[NP] = 1.0 + 1.5  # one visit (1 h) and the job (1.5 h), nothing more
    trust = person.trust
    draws = fix(model, work_hours=[1.5], uniform=[0.5])  # 0.5 < p_solve 0.95: solved
    model.visits._round_in(nb, committee)
    draws.assert_used()
    assert draws.work == [model.params.kinds[elderly_kind(model)].community_work]
    v = model.visits
    assert (v.made, v.by_points, v.met) == (1, 1, 1)
    assert committee.hours_left[NP] == pytest.approx(0.0)
    assert v.hours_spent == pytest.approx(2.5)
    assert person.unique_id in model.participation.elderly_served
    assert v.latent[nb] == {} and v.latent_now() == 0
    lr = model.params.feedback.learning_rate
    assert person.trust == pytest.approx(trust + lr * (1.0 - trust))  # a good experience
    m = model.metrics
    assert (m.unreported, m.untracked, m.gone, m.faded) == (0, 0, 1, 0)
    assert m.conserved()


def test_an_unsolved_need_stays_latent_and_a_need_beyond_the_hours_waits():
    model = quiet(**{"population.scale": 0.1})
    nb = with_points(model)
    committee = model.committees[nb]
    person = model.elderly_alone_by_nb[nb][0]
    arise_unreported(model, nb, who=0)
    committee.hours_left[NP] = 10.0
    trust = person.trust
    draws = fix(model, work_hours=[1.5], uniform=[0.99])  # 0.99 >= 0.95: not solved
    model.visits._round_in(nb, committee)
    draws.assert_used()
    assert model.visits.met == 0 and model.visits.latent_now() == 1
    assert person.trust < trust  # a bad experience
    assert person.unique_id not in model.participation.elderly_served
    # next time round, a job longer than the hours left is not taken: it waits, unmet
    model.visits._next_person[nb] = 0
    committee.hours_left[NP] = 1.0 + 2.0
    draws = fix(model, work_hours=[2.5])
    made = model.visits.made
    model.visits._round_in(nb, committee)
    draws.assert_used()
    assert model.visits.met == 0 and model.visits.latent_now() == 1
    # only visits were spent (hers and the next people's in the ring), not the job
    assert 3.0 - committee.hours_left[NP] == pytest.approx(model.visits.made - made)


def test_visits_spend_the_hours_stop_when_none_are_left_and_resume_in_the_ring():
    model = quiet(**{"population.scale": 0.5, "visits.interval_days": 7.0})
    nb = with_points(model)
    committee = model.committees[nb]
    people = len(model.elderly_alone_by_nb[nb])
    assert people > 3
    committee.hours_left[NP] = 3.5  # three visits of an hour
    trust = [r.trust for r in model.elderly_alone_by_nb[nb]]
    draws = fix(model)  # nobody has a latent need: nothing is drawn
    model.visits._round_in(nb, committee)
    draws.assert_used()
    assert model.visits.made == 3
    assert [r.trust for r in model.elderly_alone_by_nb[nb]] == trust  # contact alone: no rule
    assert committee.hours_left[NP] == pytest.approx(0.5)
    assert model.visits._next_person[nb] == 3  # the fourth person comes first next week
    model.visits._round_in(nb, committee)  # no hours: no visits
    assert model.visits.made == 3


def test_a_visit_by_the_points_counts_as_their_use_in_turn():
    """Each visit on the points' hours credits the next point in turn (its idle clock)."""
    model = quiet(**{"population.scale": 1.0, "visits.interval_days": 7.0})
    nb = next(
        nb
        for nb, c in enumerate(model.committees)
        if len(c.points) >= 2 and len(model.elderly_alone_by_nb[nb]) >= 3
    )
    committee = model.committees[nb]
    points = committee.points
    for point in points:
        point.last_job = -500.0  # long idle
    model.run_until(100.0)  # the round is Wednesday 14:00 (hour 62): it has run once
    model.visits.made = model.visits.by_points = 0
    for point in points:
        point.last_job = -500.0
    committee.hours_left[NP] = 2.5  # two visits of an hour
    start = committee._next_actor[NP]
    fix(model)
    model.visits._round_in(nb, committee)
    assert model.visits.made == 2 and model.visits.by_points == 2
    used = [(start + k) % len(points) for k in range(2)]
    assert [p.last_job for p in points] == [
        model.time if i in used else -500.0 for i in range(len(points))
    ]
    assert committee._next_actor[NP] % len(points) == (start + 2) % len(points)  # turn goes on


def test_no_hours_no_visits():
    model = quiet()
    for c in model.committees:
        c.hours_left.update(dict.fromkeys(c.hours_left, 0.0))
    fix(model)
    model.visits.round()
    assert model.visits.made == 0 and model.visits.hours_spent == 0.0


def test_volunteers_visit_when_the_points_have_no_hours_and_their_hours_are_spent():
    model = quiet(**{"volunteers.count": 400, "volunteers.skills": {"elderly_visits": 1.0}})
    nb = with_points(model)
    committee = model.committees[nb]
    committee.hours_left[NP] = 0.0
    visitors = committee.volunteers[Skill.ELDERLY_VISITS]
    assert visitors
    for v in visitors:
        v.start_week(True)  # 2 h each: two visits each
    due = visits_due(len(model.elderly_alone_by_nb[nb]), 14.0, 0.0)[0]
    fix(model)
    model.visits._round_in(nb, committee)
    expected = min(due, 2 * len(visitors))
    assert model.visits.made == expected and model.visits.by_points == 0
    assert sum(2.0 - v.hours_left for v in visitors) == pytest.approx(expected * 1.0)
    assert all(v.last_job == model.time for v in visitors if v.hours_left < 2.0)  # used


@pytest.mark.parametrize("points", [37, 74])
def test_visits_scale_with_the_points_and_their_hours(points):
    model = quiet(**{"population.scale": 1.0, "community.neighbour_points": points})
    hours = {nb: c.hours_left.get(NP, 0.0) for nb, c in enumerate(model.committees)}
    due = {nb: visits_due(len(a), 14.0, 0.0)[0] for nb, a in enumerate(model.elderly_alone_by_nb)}
    fix(model)
    model.visits.round()
    # each committee visits as many as are due or as its points' hours allow, whichever is less
    assert model.visits.made == sum(min(due[nb], int(hours[nb] // 1.0)) for nb in hours)
    if points == 37:
        assert model.visits.made < sum(due.values())  # the hours bind at the report's count
    more = quiet(**{"population.scale": 1.0, "community.neighbour_points": 2 * points})
    fix(more)
    more.visits.round()
    assert more.visits.made > model.visits.made


def test_a_latent_need_lapses_when_the_problem_fades():
    model = quiet(**{"persistence.enabled": True})
    nb = with_points(model)
    arise_unreported(model, nb, who=0, fade=30.0)
    assert model.visits.latent_now() == 1
    unfix(model)
    model.run_for(48.0)  # faded at hour 30, counted at the day's end
    assert model.visits.latent_now() == 0
    assert model.metrics.faded >= 1
    model.visits._next_person[nb] = 0
    model.committees[nb].hours_left[NP] = 5.0
    draws = fix(model)  # the lapsed need is not met: nothing drawn
    model.visits._round_in(nb, model.committees[nb])
    draws.assert_used()
    assert model.visits.met == 0 and model.visits.latent[nb] == {}


def test_an_independent_tally_of_visits_needs_met_and_elderly_served(tally):
    model = CoGovModel("xinhua_2013", scale=0.1)
    visits = model.visits
    kept: list[list] = []  # [person id, fade time, met]
    seen_close: set[int] = set()
    seen_visit: set[int] = set()
    calls = {"visits": 0}
    keep, meet, close = visits.keep, visits._meet, model.work.close

    def on_keep(issue):
        if issue.reporter.age_group is AgeGroup.ELDERLY_ALONE:
            kept.append([issue.reporter.unique_id, issue.t_fade, False])
        keep(issue)

    def on_meet(nb, committee, visitor, person):
        calls["visits"] += 1
        before = list(visits.latent[nb].get(person.unique_id, []))
        meet(nb, committee, visitor, person)
        after = visits.latent[nb].get(person.unique_id, [])
        gone = [t for t, _ in before if t > model.time and (t, _) not in after]
        for t in gone:
            row = next(r for r in kept if r[0] == person.unique_id and r[1] == t and not r[2])
            row[2] = True
            seen_visit.add(person.unique_id)

    def on_close(issue):
        close(issue)
        community = issue.handler.name in ("NEIGHBOUR_POINT", "VOLUNTEER")
        if issue.kind.affects_elderly_alone and issue.solved and community:
            seen_close.add(issue.reporter.unique_id)

    visits.keep, visits._meet, model.work.close = on_keep, on_meet, on_close
    model.run_days(150)
    s = model.result().summary
    assert s["elderly_visits"] == calls["visits"] > 0
    assert s["elderly_needs_met_on_visits"] == sum(r[2] for r in kept) > 0
    assert s["elderly_needs_latent_end"] == sum(1 for r in kept if not r[2] and r[1] > model.time)
    assert s["elderly_served"] == len(seen_close | seen_visit)
    assert visits.kept == len(kept)
    tally(model)  # the metrics still conserve problems


def test_same_seed_same_result_with_visits():
    runs = [CoGovModel("xinhua_2013", scale=0.05, rng=7) for _ in range(2)]
    for m in runs:
        m.run_days(60)
    a, b = (json.dumps(m.result().summary, sort_keys=True, default=str) for m in runs)
    assert a == b
    assert runs[0].visits.made > 0


def test_a_round_that_visits_nobody_changes_nothing():
    # visits on but nobody with the hours for one: the store and the round draw nothing, so
    # the run is the run with visits off, except the needs kept latent
    off = CoGovModel("xinhua_2013", scale=0.05, rng=3, overrides={"visits.enabled": False})
    idle = CoGovModel("xinhua_2013", scale=0.05, rng=3, overrides={"visits.hours_per_visit": 168})
    for m in (off, idle):
        m.run_days(60)
    a, b = off.result().summary, idle.result().summary
    assert (a["elderly_visits"], a["elderly_needs_latent_end"], off.visits.kept) == (0, 0, 0)
    assert b["elderly_visits"] == 0 and b["elderly_needs_latent_end"] > 0
    b["elderly_needs_latent_end"] = 0
    assert json.dumps(a, sort_keys=True, default=str) == json.dumps(b, sort_keys=True, default=str)


def test_visits_run_under_one_window_too():
    model = CoGovModel("one_window", scale=0.1)
    model.run_days(90)
    s = model.result().summary
    assert s["elderly_visits"] > 0
    assert s["elderly_served"] == len(model.participation.elderly_served) > 0  # on visits only
    assert s["community_offered"] == 0


@pytest.mark.parametrize(
    ("key", "value", "allowed"),
    [
        ("visits.interval_days", 0.5, "a number from 1.0 to 3650.0"),
        ("visits.hours_per_visit", 0.0, "a number from 0.01 to 168.0"),
        ("visits.round_hour", 168.0, "a number from 0.0 to 167.0"),
        ("visits.enabled", "yes", "true or false"),
    ],
)
def test_the_loader_refuses_bad_visit_parameters(key, value, allowed):
    with pytest.raises(ScenarioError) as err:
        load_scenario("xinhua_2013", {key: value})
    message = str(err.value)
    assert f"key '{key}'" in message and allowed in message and "\n" not in message


def test_a_need_the_visitor_has_no_hours_for_goes_to_whoever_here_has_them():
    model = quiet(
        **{
            "population.scale": 0.1,
            "volunteers.count": 1000,
            "volunteers.skills": {"elderly_visits": 1.0},
        }
    )
    nb = with_points(model)
    committee = model.committees[nb]
    person = model.elderly_alone_by_nb[nb][0]
    arise_unreported(model, nb, who=0)
    committee.hours_left[NP] = 0.0
    visitor, *others = committee.volunteers[Skill.ELDERLY_VISITS]
    assert others
    for v in others:
        v.hours_left = 0.0
    visitor.hours_left = 0.5  # what the visit left her
    helper = others[-1]
    helper.hours_left = 2.0
    draws = fix(model, work_hours=[1.5], uniform=[0.5])
    model.visits._meet(nb, committee, visitor, person)
    draws.assert_used()
    assert (visitor.hours_left, helper.hours_left) == (0.5, pytest.approx(0.5))
    assert model.visits.met == 1 and person.unique_id in model.participation.elderly_served
    # nobody with the hours: the need stays latent and nothing is spent
    arise_unreported(model, nb, who=1)
    draws = fix(model, work_hours=[1.5])
    model.visits._meet(nb, committee, visitor, model.elderly_alone_by_nb[nb][1])
    draws.assert_used()
    assert model.visits.met == 1 and model.visits.latent_now() == 1


def test_a_bad_visits_value_in_a_file_exits_2_with_one_line(tmp_path, capsys):
    bad = tmp_path / "bad.toml"
    bad.write_text('base = "xinhua_2013"\n\n[visits]\ninterval_days = 0\n', encoding="utf-8")
    out = tmp_path / "out"
    assert main(["run", str(bad), "--days", "1", "--out", str(out)]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "Traceback" not in err
    assert "key 'visits.interval_days'" in err and "allowed: a number from 1.0 to 3650.0" in err
    assert not out.exists()


def test_the_points_hours_are_renewed_weekly_for_visits_without_a_community_channel():
    # one_window, nobody volunteering: only the points visit, and their hours come back weekly
    model = CoGovModel(
        "one_window",
        scale=0.2,
        overrides={
            "volunteers.count": 0,
            "participation.contacts": 0,
            "community.point_host_hours_per_week": 1.0,
            "community.point_helper_hours_per_week": 0.0,
            # the points stay as they are: no hosts or helpers recruited, none leave by turnover
            "participation.point_contacts": 0,
            "participation.helper_contacts": 0,
            "participation.quit_base": 0.0,
        },
    )
    model.run_days(7)
    first = model.visits.made
    assert 0 < first == model.visits.by_points
    model.run_days(14)
    assert model.visits.made == 3 * first  # the same hours, one visit each, every week
