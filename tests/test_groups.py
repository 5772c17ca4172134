"""Groups, points and teams recruited and lost: rules with fixed draws, counts by tally."""

from __future__ import annotations

from collections import Counter

import pytest
from fixed_draws import Sure

from cogov.agents.resident import AgeGroup
from cogov.agents.unit import Unit
from cogov.sim.calendar import HOURS_PER_WEEK
from cogov.sim.groups import Group, Point
from cogov.sim.model import CoGovModel
from cogov.sim.params import Channel, ParticipationParams
from cogov.sim.participation import (
    cooperation,
    join_probability,
    leave_probability,
    members_who_stay,
)
from cogov.sim.teams import commit_probability

SG, NP, ST = Channel.SELF_GOVERNANCE, Channel.NEIGHBOUR_POINT, Channel.SERVICE_TEAM
PP = ParticipationParams(
    party_factor=3.0, conditional=1.0, reference_share=0.01, idle_weeks=8, quit_idle=0.05,
    trust_floor=0.2, quit_base=0.008,
)  # fmt: skip


# --- the rules ----------------------------------------------------------------------------
def test_cooperation_matches_the_linear_form_at_the_reference_and_saturates():
    assert cooperation(0.0, 0.01, 1.0) == 1.0
    assert cooperation(0.01, 0.01, 1.0) == pytest.approx(2.0)  # 1 + c x 2 x 1 / 2
    assert cooperation(0.03, 0.01, 1.0) == pytest.approx(1.0 + 2 * 3 / 4)  # 2.5
    assert cooperation(0.02, 0.01, 1.0) > cooperation(0.01, 0.01, 1.0)  # rises with the share
    assert cooperation(100.0, 0.01, 1.0) < 3.0  # bounded by 1 + 2c
    assert cooperation(100.0, 0.01, 1.0) == pytest.approx(3.0, abs=1e-3)
    assert cooperation(0.05, 0.01, 0.0) == 1.0  # no conditional cooperators: no effect


def test_join_probability_reads_the_reference_it_is_given():
    # 0.05 x 1 x 1 x (1 + 2 x 0.5/1.5) with share 0.01 against a group reference of 0.02
    got = join_probability(0.05, 0.6, 0.6, False, 0.01, PP, reference=0.02)
    assert got == pytest.approx(0.05 * (1 + 2 * 0.5 / 1.5))
    assert got < join_probability(0.05, 0.6, 0.6, False, 0.01, PP)  # default 0.01: higher


def test_leave_probability_adds_turnover_to_idleness():
    week = HOURS_PER_WEEK
    assert leave_probability(0.0, 0.5, PP) == pytest.approx(0.008)  # turnover only
    assert leave_probability(8 * week, 0.5, PP) == pytest.approx(1 - 0.992 * 0.95)
    assert leave_probability(8 * week, 0.1, PP) == 1.0  # trust below the floor


def test_commit_probability_formula_and_direction():
    assert commit_probability(0.1, 0.5, 0.5, PP) == pytest.approx(0.2)  # 0.1 x (1 + 1)
    assert commit_probability(0.1, 0.0, 0.5, PP) == pytest.approx(0.1)
    assert commit_probability(0.1, 0.9, 0.5, PP) > commit_probability(0.1, 0.5, 0.5, PP)
    assert commit_probability(0.9, 1.0, 0.5, PP) == 1.0  # capped


# --- the tallies ----------------------------------------------------------------------------
def _tally(model: CoGovModel) -> None:
    """Independent tally from the agents: roles, committees' lists, pools and hours."""
    g = model.participation.groups
    s = model.params
    residents = [r for here in model.residents_by_nb for r in here]
    roles = Counter(type(r.role).__name__ for r in residents if r.role is not None)
    groups = {id(r.role): r.role for r in residents if isinstance(r.role, Group)}
    active = [grp for grp in groups.values() if grp.active]
    assert len(active) == g.groups_active == sum(len(c.groups) for c in model.committees)
    assert roles["Group"] == g.members
    assert all(len(grp.members) >= s.community.group_min_members for grp in active)
    assert all(r.role is grp for grp in groups.values() for r in grp.members)
    assert g.points_active == sum(len(c.points) for c in model.committees)
    helpers = [r for c in model.committees for p in c.points for r in p.helpers]
    assert roles["Point"] == g.points_active + len(helpers) == g.points_active + g.helpers.active
    assert all(isinstance(r.role, Point) and r in r.role.helpers for r in helpers)
    assert all(isinstance(p.host.role, Point) and p.host.party_member for p in g.points_by_nb[0])
    assert roles["Volunteer"] == len(model.volunteers)
    units = [u for here in model.units_by_nb for u in here]
    assert sum(u.has_team for u in units) == model.participation.teams.active
    for c in model.committees:
        assert c.pools[SG].servers == len(c.groups)
        assert c.pools[NP].servers == len(c.points)
        assert c.pools[ST].servers == sum(u.team_capacity for u in c.teams)
        assert c.hours_per_week[SG] == pytest.approx(
            len(c.groups) * s.community.group_hours_per_week
        )
        assert c.hours_per_week[NP] == pytest.approx(
            len(c.points) * s.community.point_host_hours_per_week
            + sum(len(p.helpers) for p in c.points) * s.community.point_helper_hours_per_week
        )
        assert c.hours_per_week[ST] == pytest.approx(len(c.teams) * s.units.team_hours_per_week)
        assert all(u.member and u.has_team for u in c.teams)


@pytest.fixture
def model() -> CoGovModel:
    return CoGovModel("xinhua_2013", scale=0.2)


def test_the_report_s_counts_start_as_residents_holding_roles():
    model = CoGovModel("xinhua_2013", scale=0.5)
    g = model.participation.groups
    assert g.groups_active == 65  # 130 x 0.5
    assert g.points_active == 19  # 37 x 0.5, halves up
    assert model.participation.teams.active == 69  # 137 x 0.5, halves up
    _tally(model)
    members = [r for here in g.groups_by_nb for grp in here for r in grp.members]
    assert len(members) == 65 * model.params.community.group_size
    assert all(r.age_group is not AgeGroup.CHILD for r in members)
    party = sum(r.party_member for r in members) / len(members)
    assert party > 1.5 * model.params.population.party_member_share  # Party members first
    hosts = [p.host for here in g.points_by_nb for p in here]
    assert all(h.party_member for h in hosts)
    # groups follow housing: committees without a property company hold more per resident
    from cogov.sim.space import attributes_of

    per = {True: [0, 0], False: [0, 0]}
    for nb, here in enumerate(g.groups_by_nb):
        company = attributes_of(nb).property_company
        per[company][0] += len(here)
        per[company][1] += len(model.residents_by_nb[nb])
    assert per[False][0] / per[False][1] > per[True][0] / per[True][1]


def test_a_campaign_with_sure_draws_recruits_every_contact_into_groups_and_points(
    model, monkeypatch
):
    g = model.participation.groups
    teams = model.participation.teams
    before = g.members
    points = g.points_active
    g.group_contacts = [12] * len(g.group_contacts)  # two groups' worth each (group_size 6)
    monkeypatch.setattr(model, "draws", Sure(0.0))
    g.campaign()
    assert g.recruited == g.approached > 0
    assert g.approached <= sum(g.group_contacts)  # only those approached were touched
    assert g.members == before + g.recruited
    assert g.opened == g.hosts_approached > 0
    assert g.points_active == points + g.opened
    assert g.formed >= 1  # enough recruits form new groups
    teams.campaign()
    members = sum(len(m) for m in teams.members_by_nb)
    assert teams.active == members  # every member unit committed
    _tally(model)


def test_a_campaign_with_failing_draws_recruits_nobody(model, monkeypatch):
    g = model.participation.groups
    monkeypatch.setattr(model, "draws", Sure(1.0))
    model.participation.campaign()
    assert g.recruited == g.opened == model.participation.teams.committed == 0


def test_the_review_keeps_used_members_and_loses_idle_ones(model, monkeypatch):
    g = model.participation.groups
    nb = next(nb for nb, here in enumerate(g.groups_by_nb) if len(here) >= 2)
    idle, used = g.groups_by_nb[nb][:2]
    idle.last_job = -100 * HOURS_PER_WEEK
    point = next(p for here in g.points_by_nb for p in here)
    point.last_job = -100 * HOURS_PER_WEEK
    unit = next(u for c in model.committees for u in c.teams)
    unit.last_job = -100 * HOURS_PER_WEEK
    model.run_for(1.0)  # let the first Monday pass with ordinary draws
    idle.last_job = point.last_job = unit.last_job = -100 * HOURS_PER_WEEK
    kept = list(used.members)
    # 0.03: above the turnover 0.008, below idle 1 - 0.992 x 0.95 = 0.058
    monkeypatch.setattr(model, "draws", Sure(0.03))
    model.participation.review(model.time)
    assert used.members == kept and used.active  # used recently: everyone stays
    assert not idle.active and idle not in g.groups_by_nb[nb]  # all left: dissolved
    assert point not in g.points_by_nb[point.nb] and point.host.role is None
    assert not unit.has_team and unit not in model.committees[unit.cell.coordinate].teams
    assert g.dissolved >= 1 and g.closed >= 1 and model.participation.teams.withdrawn >= 1
    _tally(model)


def test_a_group_below_the_minimum_dissolves_and_releases_its_members(model, monkeypatch):
    g = model.participation.groups
    nb = next(nb for nb, h in enumerate(g.groups_by_nb) if h)
    group = g.groups_by_nb[nb][0]
    # the review sees this one group only (the others are set aside, roles and all)
    for k in range(len(g.people)):
        g.groups_by_nb[k] = [group] if k == nb else []
        g.points_by_nb[k] = []
        g.forming[k] = None
    size = len(group.members)
    leaving = size - model.params.community.group_min_members + 1  # one too many leave
    draws = [0.0] * leaving + [0.99] * (size - leaving)

    class Scripted:
        def uniform(self) -> float:
            assert draws, "drew more than scripted"
            return draws.pop(0)

    members = list(group.members)
    monkeypatch.setattr(model, "draws", Scripted())
    g.review(model.time)
    assert not draws  # one draw per member, no more
    assert not group.active and group.members == [] and g.groups_active == 0
    assert all(r.role is None for r in members)
    assert g.left == leaving and g.released == size - leaving and g.dissolved == 1
    assert model.committees[nb].pools[SG].servers == 0
    assert model.committees[nb].hours_per_week[SG] == 0.0


def test_a_year_keeps_the_tallies_and_reports_them(model):
    model.run_days(200)
    g = model.participation.groups
    t = model.participation.teams
    assert g.recruited > 0 and g.left > 0 and t.committed > 0 and t.withdrawn > 0
    _tally(model)
    s = model.result().summary
    assert s["groups_active_end"] == g.groups_active
    assert s["groups_active_end"] == 26 + s["groups_formed"] - s["groups_dissolved"]
    assert s["points_active_end"] == 7 + s["points_opened"] - s["points_closed"]
    assert s["teams_active_end"] == 27 + s["teams_committed"] - s["teams_withdrawn"]
    assert s["group_members_end"] == 26 * 6 + s["group_members_recruited"] - s["group_members_left"]
    by_nb = s["by_neighbourhood"].values()
    assert sum(x["groups"] for x in by_nb) == s["groups_active_end"]
    assert sum(x["points"] for x in by_nb) == s["points_active_end"]
    assert sum(x["teams"] for x in by_nb) == s["teams_active_end"]


def test_units_commit_only_as_members():
    model = CoGovModel("xinhua_2013", scale=0.2)
    units = list(model.agents_by_type[Unit])
    assert all(0.0 <= u.willingness <= 1.0 for u in units)
    assert all(u.member for u in units if u.has_team)


def test_when_a_committee_s_last_group_goes_its_queued_cases_go_to_a_department():
    from fixed_draws import fix, unfix
    from test_decisions_intake import quiet, reported, with_a_group

    from cogov.sim.issue import Handler, Stage

    model = quiet(**{"community.max_queue_per_server": 100})
    model.run_for(1.0)  # Monday 01:00: the week's hours are there
    nb = with_a_group(model)
    committee = model.committees[nb]
    pool = committee.pools[SG]
    committee.hours_left[SG] = 1000.0
    n = pool.servers
    issues = [reported(model, "neighbour_dispute", nb) for _ in range(n + 2)]
    fix(model, work_hours=[1.0] * (n + 2))
    assert all(committee.take(i, model.time) for i in issues)
    queued = [i for i in issues if i.stage is Stage.QUEUED]
    assert len(queued) == 2 and pool.busy == n
    unfix(model)  # the departments draw their own work times
    committee.set_actors(SG, 0, 0)
    assert pool.servers == 0 and pool.waiting == 0 and pool.busy == n  # work in hand goes on
    assert committee.hours_per_week[SG] == 0.0 and committee.hours_left[SG] == 0.0
    for issue in queued:  # passed on to the departments, which took them
        assert issue.handler is Handler.DEPARTMENT and issue.pool is issue.dept.pool
    assert not committee.free_and_able(SG, 0.0)


def test_turnover_reaches_patrol_volunteers_too(model, monkeypatch):
    # patrols are never idle, so before turnover they never left (the unbounded stock of
    # VALIDATION 6.5); a draw below quit_base 0.008 now loses every volunteer who was used
    from cogov.sim.params import Skill

    for v in model.volunteers:
        v.last_job = model.time
    patrols = [v for v in model.volunteers if v.skill is Skill.PATROL]
    assert patrols
    monkeypatch.setattr(model, "draws", Sure(0.007))
    model.participation._review_volunteers(model.time)
    assert model.volunteers == [] and all(v.resident.role is None for v in patrols)
    monkeypatch.setattr(model, "draws", Sure(0.009))  # above quit_base: a used member stays
    groups = model.participation.groups
    floor = groups.pp.trust_floor
    members = [r for here in groups.groups_by_nb for grp in here for r in grp.members]
    for here in groups.groups_by_nb:
        for grp in here:
            grp.last_job = model.time
    groups.review(model.time)
    # ... unless her trust is below the floor (chance 1, whatever the draw)
    stayed = {id(r) for here in groups.groups_by_nb for grp in here for r in grp.members}
    assert stayed == {id(r) for r in members if r.trust >= floor}
    assert groups.members == len(stayed)


def test_a_minimum_above_the_group_size_is_refused_in_one_line():
    from cogov.sim.errors import ScenarioError
    from cogov.sim.loader import load_scenario

    with pytest.raises(ScenarioError) as err:
        load_scenario("xinhua_2013", {"community.group_min_members": 7})
    msg = str(err.value)
    assert "\n" not in msg and "community.group_min_members" in msg
    assert "found 7" in msg and "at most community.group_size (6)" in msg
    with pytest.raises(ScenarioError, match=r"participation\.group_contacts"):
        load_scenario("xinhua_2013", {"participation.group_contacts": -1})
    with pytest.raises(ScenarioError, match=r"units\.team_willingness"):
        load_scenario("xinhua_2013", {"units.team_willingness": 1.5})


def test_group_campaigns_go_where_property_management_is_absent():
    from cogov.sim.loader import load_scenario
    from cogov.sim.space import attributes_of

    scenario = load_scenario(
        "xinhua_2013", {"population.scale": 0.2, "participation.group_contacts": 20_000}
    )
    model = CoGovModel(scenario, rng=1)
    g = model.participation.groups
    factor = model.params.places.group_factor
    assert sum(g.group_contacts) == 4000  # 20,000 x 0.2
    # per resident, each housing type is approached in proportion to its group_factor
    per: dict[str, list[float]] = {}
    for nb, k in enumerate(g.group_contacts):
        per.setdefault(attributes_of(nb).housing, []).append(k / len(model.residents_by_nb[nb]))
    rate = {h: sum(v) / len(v) for h, v in per.items()}
    for h in rate:
        assert rate[h] / rate["commodity"] == pytest.approx(
            factor[h] / factor["commodity"], rel=0.05
        ), h
    # points: only committees with elderly people living alone are asked
    assert all(k == 0 for k, has in zip(g.point_contacts, g.has_alone, strict=True) if not has)


class _Member:
    def __init__(self, trust: float) -> None:
        self.trust = trust
        self.role = "group"


@pytest.mark.parametrize(
    ("chance", "draws", "stays", "drawn"),
    [
        (0.0, [], [False, True, True], 0),  # below the floor leaves; nobody else, no draw
        (1.0, [], [False, False, False], 0),  # everyone leaves without a draw
        (0.3, [0.29, 0.31], [False, False, True], 2),  # one draw each above the floor
    ],
)
def test_members_who_stay_follow_the_floor_and_the_chance(chance, draws, stays, drawn):
    members = [_Member(0.1), _Member(0.5), _Member(0.9)]  # floor 0.2: the first is below it
    left = list(draws)
    stay = members_who_stay(members, chance, 0.2, lambda: left.pop(0))
    assert [m in stay for m in members] == stays
    assert [m.role is None for m in members] == [not x for x in stays]  # who left, no role
    assert len(draws) - len(left) == drawn
