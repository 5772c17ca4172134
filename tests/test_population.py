"""The built model reproduces the report's counts (scale 1) and scales them (other scales)."""

from __future__ import annotations

from collections import defaultdict

import pytest

from cogov.agents import Committee, Department, Inspector, Resident, Unit, Volunteer
from cogov.sim.errors import ScenarioError
from cogov.sim.loader import SCENARIO_DIR, load_scenario
from cogov.sim.model import CoGovModel
from cogov.sim.params import Channel


@pytest.fixture(scope="module")
def full() -> CoGovModel:
    """The default scenario at full scale, built once (about 0.4 s)."""
    return CoGovModel("xinhua_2013")


def _pool_servers(model: CoGovModel, channel: Channel) -> int:
    return sum(c.pools[channel].servers for c in model.committees if channel in c.pools)


def test_seventeen_neighbourhoods(full):
    assert full.graph.number_of_nodes() == 17
    assert len(full.committees) == 17
    assert len(full.agents_by_type[Committee]) == 17


def test_residents(full):
    assert len(full.agents_by_type[Resident]) == 70_900
    assert full.metrics.residents == 70_900


def test_households(full):
    assert len({r.household for r in full.agents_by_type[Resident]}) == 23_000


def test_households_do_not_straddle_neighbourhoods(full):
    where = defaultdict(set)
    for r in full.agents_by_type[Resident]:
        where[r.household].add(r.cell.coordinate)
    assert all(len(cells) == 1 for cells in where.values())


def test_units_members_and_teams(full):
    units = list(full.agents_by_type[Unit])
    assert len(units) == 2231
    assert sum(u.member for u in units) == 278
    assert sum(u.has_team for u in units) == 137
    assert all(u.member for u in units if u.has_team)  # teams belong to member units


def test_volunteers(full):
    assert len(full.agents_by_type[Volunteer]) == 1000
    assert len(full.volunteers) == 1000


def test_self_governance_groups_and_neighbour_points(full):
    assert _pool_servers(full, Channel.SELF_GOVERNANCE) == 130
    assert _pool_servers(full, Channel.NEIGHBOUR_POINT) == 37
    assert _pool_servers(full, Channel.SERVICE_TEAM) == 137  # team_capacity 1


def test_inspectors_and_department_staff(full):
    assert len(full.agents_by_type[Inspector]) == 19
    staff = {d.id: d.staff for d in full.params.departments}
    assert {k: d.pool.servers for k, d in full.departments.items()} == staff
    assert len(full.agents_by_type[Department]) == len(staff)


def test_residents_sit_on_the_graph(full):
    per_node = defaultdict(int)
    for r in full.agents_by_type[Resident]:
        per_node[r.cell.coordinate] += 1
    assert dict(per_node) == {n: full.graph.nodes[n]["residents"] for n in full.graph.nodes}


def test_counts_scale_with_population_scale():
    model = CoGovModel("xinhua_2013", scale=0.1)
    units = list(model.agents_by_type[Unit])
    assert len(model.agents_by_type[Resident]) == 7090
    assert len({r.household for r in model.agents_by_type[Resident]}) == 2300
    assert len(units) == 223
    assert sum(u.member for u in units) == 28
    assert sum(u.has_team for u in units) == 14
    assert len(model.volunteers) == 100
    assert _pool_servers(model, Channel.SELF_GOVERNANCE) == 13
    assert _pool_servers(model, Channel.NEIGHBOUR_POINT) == 4
    assert len(model.agents_by_type[Inspector]) == 19  # inspectors cover area: not scaled
    assert all(d.pool.servers >= 1 for d in model.departments.values())


def test_fewer_households_than_committees_are_refused():
    # every committee needs a household: 10 households cannot be split over 17 committees
    with pytest.raises(ScenarioError, match=r"population\.households.*at least 17"):
        load_scenario(
            "xinhua_2013",
            {"population.residents": 100, "population.households": 10},
        )
    textbook = SCENARIO_DIR / "textbook" / "mmc.toml"  # 8,760 residents and households
    with pytest.raises(ScenarioError, match=r"population\.residents.*after population\.scale"):
        load_scenario(textbook, {"population.scale": 0.001})
