"""Neighbour-point helpers recruited and lost: rules with fixed draws, counts by tally."""

from __future__ import annotations

import pytest
from fixed_draws import QUIET_COMMUNITY, fix, small_model

from cogov.agents.resident import AgeGroup
from cogov.sim.calendar import HOURS_PER_WEEK
from cogov.sim.groups import Groups, Point
from cogov.sim.model import CoGovModel
from cogov.sim.params import Channel
from cogov.sim.participation import cooperation, join_probability

NP = Channel.NEIGHBOUR_POINT
#: no campaigns, no turnover, no demand: only what a test does moves helpers
QUIET = QUIET_COMMUNITY


def quiet(**overrides) -> CoGovModel:
    return small_model("xinhua_2013", **{**QUIET, "population.scale": 0.2, **overrides})


def helpers_of(model: CoGovModel) -> set[int]:
    """Ids of the residents helping at a point, read from the residents' own roles."""
    return {
        r.unique_id
        for here in model.residents_by_nb
        for r in here
        if isinstance(r.role, Point) and r is not r.role.host
    }


def with_points(model: CoGovModel, k: int = 1) -> int:
    g = model.participation.groups
    return next(nb for nb, here in enumerate(g.points_by_nb) if len(here) >= k)


def point_hours(model: CoGovModel, nb: int) -> float:
    c = model.params.community
    points = model.committees[nb].points
    helpers = sum(len(p.helpers) for p in points)
    return len(points) * c.point_host_hours_per_week + helpers * c.point_helper_hours_per_week


# --- the start ----------------------------------------------------------------------------
def test_each_point_starts_with_its_helpers_drawn_by_the_join_weights():
    model = CoGovModel("xinhua_2013", scale=0.5)
    g = model.participation.groups
    c = model.params.community
    points = [p for here in g.points_by_nb for p in here]
    assert len(points) == 19  # 37 x 0.5
    assert all(len(p.helpers) == c.point_helpers == 2 for p in points)
    helpers = [r for p in points for r in p.helpers]
    assert g.helpers.active == len(helpers) == len({id(r) for r in helpers})
    assert all(r.role is p for p in points for r in p.helpers)
    assert all(r.age_group is not AgeGroup.CHILD and r.cell.coordinate == p.nb for p in points
               for r in p.helpers)  # fmt: skip
    hosts = {id(p.host) for p in points}
    assert not hosts & {id(r) for r in helpers}  # one role each: no host also helps
    assert g.helpers.joined == g.helpers.left == 0  # the start is not counted as joining
    for nb in range(len(model.committees)):
        assert model.committees[nb].hours_per_week[NP] == pytest.approx(point_hours(model, nb))
    # at the starting two helpers a point gives the 4 h a week a point gave before helpers
    assert c.point_host_hours_per_week + 2 * c.point_helper_hours_per_week == 4.0


# --- joining --------------------------------------------------------------------------------
def test_join_formula_and_direction_against_the_starting_share():
    model = quiet()
    h = model.participation.groups.helpers
    s = model.params
    pp = s.participation
    ref = s.community.neighbour_points * s.community.point_helpers / s.population.residents
    assert h.reference == pytest.approx(ref)  # 37 x 2 / 70,900
    mean = s.population.trust_mean
    p = join_probability(0.02, 0.6, mean, False, ref / 2, pp, h.reference)
    assert p == pytest.approx(0.02 * 0.6 / mean * cooperation(ref / 2, ref, pp.conditional))
    party = join_probability(0.02, 0.6, mean, True, ref / 2, pp, h.reference)
    assert party == pytest.approx(p * pp.party_factor)
    assert join_probability(0.02, 0.8, mean, False, ref / 2, pp, h.reference) > p  # more trust
    assert join_probability(0.02, 0.6, mean, False, ref, pp, h.reference) > p  # more neighbours


def test_a_campaign_joins_exactly_those_whose_draw_is_below_their_chance(monkeypatch):
    model = quiet(**{"participation.helper_contacts": 1000})
    g = model.participation.groups
    h = g.helpers
    nb = with_points(model)
    points = model.committees[nb].points
    free = [
        r
        for r in model.residents_by_nb[nb]
        if r.role is None and r.age_group is not AgeGroup.CHILD and r.volunteer_propensity > 0
    ][:4]
    assert len(free) == 4
    monkeypatch.setattr(model.participation, "_candidates", lambda _nb, _k: list(free))
    mean = model.params.population.trust_mean
    share = h.by_nb[nb] / len(model.residents_by_nb[nb])
    chance = [
        join_probability(
            r.volunteer_propensity, r.trust, mean, r.party_member, share, h.pp, h.reference
        )
        for r in free
    ]
    assert all(0.0 < p < 1.0 for p in chance)
    # below, above, below, above each one's own chance
    u = [chance[0] * 0.999, min(1.0, chance[1] * 1.001), chance[2] * 0.5, 0.999999]
    hours = model.committees[nb].hours_per_week[NP]
    sizes = sorted(len(p.helpers) for p in points)
    draws = fix(model, uniform=u)
    h.campaign(nb, points)
    g._sync(nb)
    draws.assert_used()  # one draw per resident approached
    joined = [free[0], free[2]]
    assert all(isinstance(r.role, Point) and r in r.role.helpers for r in joined)
    assert free[1].role is None and free[3].role is None
    assert h.joined == 2 and h.approached == 4
    # each joiner went to a point with the fewest helpers: the sizes even out
    assert sorted(len(p.helpers) for p in points) == sorted(_fill(sizes, 2))
    # a joiner brings her hours at once (event-driven: set on the join)
    helper_h = model.params.community.point_helper_hours_per_week
    assert model.committees[nb].hours_per_week[NP] == pytest.approx(hours + 2 * helper_h)
    assert model.committees[nb].hours_per_week[NP] == pytest.approx(point_hours(model, nb))


def _fill(sizes: list[int], n: int) -> list[int]:
    """``sizes`` after ``n`` joiners each went to the smallest."""
    out = list(sizes)
    for _ in range(n):
        out[out.index(min(out))] += 1
    return out


def test_a_campaign_stops_at_the_cap_and_asks_nobody_where_every_point_is_full(monkeypatch):
    model = quiet(**{"participation.helper_contacts": 1000})
    h = model.participation.groups.helpers
    nb = with_points(model)
    points = model.committees[nb].points
    cap = model.params.community.point_helpers_max
    candidates = [
        r for r in model.residents_by_nb[nb] if r.role is None and r.age_group is not AgeGroup.CHILD
    ][:20]
    monkeypatch.setattr(model.participation, "_candidates", lambda _nb, _k: list(candidates))
    draws = fix(model, uniform=[0.0] * 20)  # everyone approached would join
    h.campaign(nb, points)
    draws.assert_used()
    assert all(len(p.helpers) == cap for p in points)  # filled to the cap, no further
    full = h.joined
    assert full == sum(cap - 2 for _ in points)
    approached = h.approached
    fix(model)  # no draws scripted: a campaign here would fail on its first draw
    h.campaign(nb, points)
    assert h.approached == approached and h.joined == full  # nobody asked


# --- leaving --------------------------------------------------------------------------------
def test_idle_helpers_leave_used_ones_mostly_stay_and_low_trust_leaves_without_a_draw():
    model = quiet(**{"participation.quit_base": 0.008, "participation.quit_idle": 0.112})
    h = model.participation.groups.helpers
    nb = with_points(model)
    point = model.committees[nb].points[0]
    a, b = point.helpers
    now = model.time
    idle = 1 - 0.992 * 0.888  # 0.119: turnover and idleness
    # idle nine weeks: 0.05 < 0.119 leaves, 0.5 stays
    point.last_job = now - 9 * HOURS_PER_WEEK
    draws = fix(model, uniform=[0.05, 0.5])
    h.review(point, now)
    draws.assert_used()
    assert a.role is None and b.role is point and point.helpers == [b] and h.left == 1
    assert idle > 0.05
    # used now: 0.05 is above the turnover 0.008, she stays; 0.005 is below, she goes
    point.last_job = now
    draws = fix(model, uniform=[0.05])
    h.review(point, now)
    assert point.helpers == [b]
    draws = fix(model, uniform=[0.005])
    h.review(point, now)
    draws.assert_used()
    assert point.helpers == [] and b.role is None and h.left == 2
    # trust below the floor: she leaves with certainty, nothing drawn
    point.helpers = [a]
    a.role = point
    h.by_nb[nb] += 1
    a.trust = model.params.participation.trust_floor / 2
    fix(model)
    h.review(point, now)
    assert point.helpers == [] and a.role is None and h.left == 3


def test_a_point_that_closes_releases_its_helpers_and_its_hours(monkeypatch):
    model = quiet()
    g = model.participation.groups
    nb = with_points(model)
    point = model.committees[nb].points[0]
    for k in range(len(g.people)):  # the review sees this one point only
        g.groups_by_nb[k] = []
        g.forming[k] = None
        g.points_by_nb[k] = [point] if k == nb else []
    helpers = list(point.helpers)
    assert helpers
    point.host.trust = 0.0  # below the floor: the host leaves, nothing drawn
    draws = fix(model)
    g.review(model.time)
    draws.assert_used()
    assert g.closed == 1 and point.host.role is None
    assert all(r.role is None for r in helpers) and point.helpers == []
    assert g.helpers.released == len(helpers) and g.helpers.left == 0
    assert model.committees[nb].pools[NP].servers == 0
    assert model.committees[nb].hours_per_week[NP] == 0.0


# --- hours follow helpers ---------------------------------------------------------------------
def test_more_helpers_give_more_hours_and_more_elderly_visits_by_the_points():
    """Two subdistricts alike but for the helpers each point starts with."""
    made = {}
    for n in (0, 4):
        model = quiet(
            **{
                "visits.enabled": True,
                "community.point_helpers": n,
                "community.point_helpers_max": 4,
            }
        )
        c = model.params.community
        for nb, committee in enumerate(model.committees):
            points = len(committee.points)
            assert committee.hours_per_week[NP] == pytest.approx(
                points * (c.point_host_hours_per_week + n * c.point_helper_hours_per_week)
            )
            assert committee.hours_per_week[NP] == pytest.approx(point_hours(model, nb))
        model.run_for(HOURS_PER_WEEK)  # one weekly round
        made[n] = model.visits.by_points
        hours = sum(c.hours_per_week[NP] for c in model.committees)
        assert made[n] <= hours  # an hour a visit: the points' hours bind
    assert made[4] > made[0] > 0


# --- the tallies ----------------------------------------------------------------------------
def test_a_year_s_joins_and_leaves_tally_with_the_outcomes(monkeypatch):
    model = CoGovModel("xinhua_2013", scale=0.2)
    start = helpers_of(model)
    assert len(start) == 7 * 2
    tally = {"joined": 0, "left": 0}
    campaign, review = Groups.campaign, Groups.review

    def counted_campaign(self):
        before = helpers_of(model)
        campaign(self)
        after = helpers_of(model)
        assert before <= after  # a campaign only adds helpers
        tally["joined"] += len(after - before)

    def counted_review(self, now):
        before = helpers_of(model)
        review(self, now)
        after = helpers_of(model)
        assert after <= before  # a review only loses helpers
        tally["left"] += len(before - after)

    monkeypatch.setattr(Groups, "campaign", counted_campaign)
    monkeypatch.setattr(Groups, "review", counted_review)
    model.run_days(200)
    s = model.result().summary
    end = helpers_of(model)
    assert tally["joined"] > 0 and tally["left"] > 0
    assert s["point_helpers_end"] == len(end) == len(start) + tally["joined"] - tally["left"]
    assert s["point_helpers_joined"] == tally["joined"]
    assert s["point_helpers_left"] == tally["left"]
    assert sum(x["point_helpers"] for x in s["by_neighbourhood"].values()) == len(end)
    cap = model.params.community.point_helpers_max
    assert all(len(p.helpers) <= cap for c in model.committees for p in c.points)
    for nb, committee in enumerate(model.committees):
        assert committee.hours_per_week[NP] == pytest.approx(point_hours(model, nb))


def test_more_helpers_at_the_start_than_the_cap_is_refused_in_one_line():
    from cogov.sim.errors import ScenarioError
    from cogov.sim.loader import load_scenario

    with pytest.raises(ScenarioError) as err:
        load_scenario("xinhua_2013", {"community.point_helpers": 5})
    msg = str(err.value)
    assert "\n" not in msg and "community.point_helpers" in msg
    assert "at most community.point_helpers_max (4)" in msg
    with pytest.raises(ScenarioError, match=r"participation\.helper_contacts"):
        load_scenario("xinhua_2013", {"participation.helper_contacts": -1})
