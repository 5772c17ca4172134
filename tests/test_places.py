"""Neighbourhoods differ: attributes per committee, and what follows from them."""

from __future__ import annotations

from collections import defaultdict

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from cogov.sim.arrivals import place_weights
from cogov.sim.model import CoGovModel
from cogov.sim.params import Channel
from cogov.sim.population import age_shares
from cogov.sim.space import HOUSING_TYPES, attributes_of, neighbourhoods, split_weighted


@pytest.fixture(scope="module")
def model() -> CoGovModel:
    return CoGovModel("xinhua_2013", scale=0.2)


def _by_name(name: str):
    return next(n for n in neighbourhoods() if n.name == name)


def test_every_committee_has_attributes_and_a_source():
    for nb in neighbourhoods():
        assert nb.housing in HOUSING_TYPES
        assert nb.density > 0 and nb.elderly > 0 and nb.business > 0
        assert nb.source.startswith(("report", "assumption"))


def test_the_report_s_places_are_placed_as_it_says():
    xinhua = _by_name("Xinhua")  # Lane 329 Xinhua Road: no property management
    assert not xinhua.property_company and xinhua.source.startswith("report")
    assert not _by_name("Hongzhuang").property_company
    assert _by_name("Chenjiaxiang").source.startswith("report")
    assert _by_name("Dongzhen").business == max(n.business for n in neighbourhoods())
    assert attributes_of(17 + 6) == xinhua  # copies of the subdistrict repeat the committees


@given(st.integers(0, 100_000), st.lists(st.floats(0.0, 10.0), min_size=1, max_size=40))
def test_split_weighted_keeps_the_total(total, weights):
    split = split_weighted(total, weights)
    assert sum(split) == total and min(split) >= 0


def test_split_weighted_follows_weights_and_minimum():
    assert split_weighted(10, [1.0, 3.0]) == [3, 7]
    assert split_weighted(100, [1.0, 1.0, 2.0]) == [25, 25, 50]
    assert split_weighted(5, [0.0, 1.0], minimum=1) == [1, 4]
    assert split_weighted(1, [0.0, 1.0], minimum=1) == [0, 1]  # too few for the minimum


def test_residents_follow_density(model):
    people = [len(r) for r in model.residents_by_nb]
    dens = [attributes_of(n).density for n in range(17)]
    assert people == split_weighted(sum(people), dens)
    assert people[1] > people[6]  # an old estate (1.2) against lane houses (0.8)


def test_elderly_shares_follow_the_attribute_and_keep_the_total(model):
    p = model.params.population
    people = [1000] * 17
    shares = age_shares(p, people)
    assert all(abs(sum(s) - 1.0) < 1e-12 for s in shares)
    total_elderly = sum(s[2] + s[3] for s in shares) / 17
    assert total_elderly == pytest.approx(p.elderly_share)
    xizhen, panyu = shares[3], shares[0]  # elderly 1.3 against 0.8
    assert xizhen[2] + xizhen[3] > panyu[2] + panyu[3]


def test_place_weights_formula_and_direction(model):
    w = place_weights(model)
    assert np.allclose(w.sum(axis=1), 1.0)
    kinds = {k.id: i for i, k in enumerate(model.params.kinds)}
    people = np.array([len(r) for r in model.residents_by_nb], dtype=float)
    alone = np.array([len(r) for r in model.elderly_alone_by_nb], dtype=float)
    assert np.allclose(w[kinds["safety_hazard"]], people / people.sum())
    assert np.allclose(w[kinds["elderly_needs"]], alone / alone.sum())
    factor = model.params.places.property_issue_factor
    f = np.array([factor[attributes_of(n).housing] for n in range(17)])
    assert np.allclose(w[kinds["estate_repair"]], people * f / (people * f).sum())
    per_resident = w[kinds["estate_repair"]] / people
    assert per_resident[6] > per_resident[12]  # lane houses against a commodity estate


def test_groups_sit_where_there_is_no_property_company(model):
    groups = defaultdict(int)
    people = defaultdict(int)
    for nb, c in enumerate(model.committees):
        company = attributes_of(nb).property_company
        pool = c.pools.get(Channel.SELF_GOVERNANCE)
        groups[company] += pool.servers if pool is not None else 0
        people[company] += len(model.residents_by_nb[nb])
    assert groups[False] / people[False] > 2 * groups[True] / people[True]
    assert sum(groups.values()) == 26  # 130 at scale 0.2: the total is kept


def test_neighbour_points_follow_elderly_living_alone(model):
    alone = [len(a) for a in model.elderly_alone_by_nb]
    points = [c.pools[Channel.NEIGHBOUR_POINT].servers for c in model.committees]
    assert points == split_weighted(sum(points), alone)


def test_problems_per_resident_differ_by_housing_in_a_run():
    m = CoGovModel("xinhua_2013", scale=0.3)
    m.run_days(120)
    rows = m.result().summary["by_neighbourhood"]
    rate = defaultdict(list)
    for nb, row in enumerate(rows if isinstance(rows, list) else rows.values()):
        rate[attributes_of(nb).property_company].append(row["arisen"] / len(m.residents_by_nb[nb]))
    # expected ratio 1.33 (place_weights); the Poisson noise of the group means here is
    # about 6% (four commodity committees, ~90 problems each) and 3.5% (ten without a company)
    assert np.mean(rate[False]) > 1.1 * np.mean(rate[True])


def _vulnerable_case(model: CoGovModel, nb: int):
    from cogov.sim.issue import Issue

    k = [kd.id for kd in model.params.kinds].index("vulnerable_support")
    return Issue(10**9, k, model.params.kinds[k], nb, 0.0, model.arrivals.shares[k])


def test_volunteers_of_adjacent_committees_come_over_at_their_travel_time():
    from dataclasses import replace

    from cogov.agents.volunteer import Volunteer
    from cogov.sim.issue import Handler
    from cogov.sim.params import Skill

    model = CoGovModel("xinhua_2013", scale=0.1)
    asked = (Skill.LEGAL, Skill.MEDICAL, Skill.FINANCIAL)  # vulnerable_support's skills
    here = model.committees[0]
    for s in asked:
        here.volunteers[s] = []  # nobody here can take it
    other, travel = here.adjacent()[0]
    assert travel == pytest.approx(2 * 0.4 / 5.0)  # 0.4 km at 5 km/h, there and back
    for c, _ in here.adjacent():
        for s in asked:
            for v in c.volunteers[s]:
                v.hours_left = 0.0  # nobody next door has time either ...
    helper = Volunteer(model, model.residents_by_nb[other.cell.coordinate][0], Skill.LEGAL, 2.0)
    other.add_volunteer(helper)
    helper.hours_left = 100.0  # ... except her
    issue = _vulnerable_case(model, 0)
    assert here.take(issue, model.time)
    assert issue.handler is Handler.VOLUNTEER and issue.worker is helper
    assert issue.work_hours >= travel
    assert model.participation.helped_across == 1
    # switched off: the case is not taken (it would go to a department)
    model.params = replace(
        model.params, community=replace(model.params.community, help_adjacent=False)
    )
    assert not here.take(_vulnerable_case(model, 0), model.time)
