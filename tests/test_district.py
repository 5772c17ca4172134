"""Several subdistricts in one model (a district sharing its departments)."""

import pytest

from cogov.agents import Inspector, Resident
from cogov.sim.loader import load_scenario
from cogov.sim.model import CoGovModel
from cogov.sim.space import build_graph, layout


def test_graph_copies_keep_names_unique_and_join_neighbouring_copies():
    one, three = build_graph(subdistricts=1), build_graph(subdistricts=3)
    assert three.number_of_nodes() == 3 * one.number_of_nodes()
    names = [three.nodes[n]["name"] for n in three.nodes]
    assert len(set(names)) == len(names)
    assert three.nodes[17]["name"] == "Panyu (2)" and three.nodes[0]["name"] == "Panyu"
    assert sum(three.nodes[n]["residents"] for n in three.nodes) == 70_900
    assert three.number_of_edges() > 3 * one.number_of_edges()  # copies touch each other
    assert layout(3)[5] == layout()[5]  # the first copy keeps Xinhua Road's map


@pytest.fixture(scope="module")
def district():
    scenario = load_scenario(
        "xinhua_2013", {"district.subdistricts": 3, "population.scale": 0.05, "days": 20}
    )
    model = CoGovModel(scenario)
    model.run_days(20)
    return model


def test_district_scales_every_count_and_shares_departments(district):
    single = CoGovModel(load_scenario("xinhua_2013", {"population.scale": 0.05}))
    assert len(district.agents_by_type[Resident]) == 3 * len(single.agents_by_type[Resident])
    assert len(district.agents_by_type[Inspector]) == 3 * 19
    assert len(district.departments) == len(single.departments)
    for dept_id, dept in district.departments.items():
        assert dept.pool.servers >= single.departments[dept_id].pool.servers
    assert len(district.committees) == 51


def test_district_run_conserves_issues_and_reports_every_neighbourhood(district):
    s = district.result().summary
    assert district.metrics.conserved()
    assert len(s["by_neighbourhood"]) == 51
    assert sum(g["arisen"] for g in s["by_neighbourhood"].values()) == s["issues_arisen"]
    assert s["issues_closed"] > 0
