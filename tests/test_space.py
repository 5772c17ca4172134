"""The committee graph, its fixed layout and the even split of totals."""

from __future__ import annotations

import networkx as nx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from cogov.sim.loader import load_scenario
from cogov.sim.space import (
    build_graph,
    count_scale,
    layout,
    neighbourhoods,
    per_resident,
    split_evenly,
)

NODE_ATTRIBUTES = {"name", "name_zh", "code", "residents", "households", "pos"}
REPORT_NAMES = {"Xizhen", "Dongzhen", "Xianghua", "Chenjiaxiang", "Hongzhuang"}


@pytest.fixture(scope="module")
def graph() -> nx.Graph:
    return build_graph()


def test_nodes_are_integers_0_to_16_with_attributes(graph):
    assert sorted(graph.nodes) == list(range(17))
    assert all(type(n) is int for n in graph.nodes)
    for n, data in graph.nodes(data=True):
        assert set(data) >= NODE_ATTRIBUTES, n
        assert isinstance(data["name"], str) and data["name"]
        assert isinstance(data["name_zh"], str) and data["name_zh"]
        assert len(data["pos"]) == 2


def test_codes_follow_node_ids(graph):
    assert [graph.nodes[n]["code"] for n in range(17)] == [
        f"310105003{i:03d}" for i in range(1, 18)
    ]


def test_the_report_s_neighbourhoods_are_present(graph):
    assert {graph.nodes[n]["name"] for n in graph.nodes} >= REPORT_NAMES


def test_totals_are_split_over_nodes(graph):
    assert sum(graph.nodes[n]["residents"] for n in graph.nodes) == 70_900
    assert sum(graph.nodes[n]["households"] for n in graph.nodes) == 23_000


@given(st.integers(0, 1_000_000), st.integers(0, 1_000_000))
def test_any_totals_are_split_over_nodes(residents, households):
    g = build_graph(residents, households)
    assert sum(g.nodes[n]["residents"] for n in g.nodes) == residents
    assert sum(g.nodes[n]["households"] for n in g.nodes) == households


def test_graph_is_connected(graph):
    assert nx.is_connected(graph)


def test_edges_have_positive_travel_time(graph):
    assert graph.number_of_edges() > 0
    for a, b, data in graph.edges(data=True):
        assert data["travel_minutes"] > 0, (a, b)
        assert data["km"] > 0, (a, b)


def test_layout_is_fixed_and_matches_node_positions(graph):
    first, second = layout(), layout()
    assert first == second
    assert sorted(first) == list(range(17))
    assert first == {n: tuple(graph.nodes[n]["pos"]) for n in graph.nodes}
    assert dict(build_graph().nodes(data="pos")) == dict(graph.nodes(data="pos"))


def test_xizhen_is_west_of_dongzhen():
    pos = {nb.name: (nb.x_km, nb.y_km) for nb in neighbourhoods()}
    assert pos["Xizhen"][0] < pos["Dongzhen"][0]


@given(st.integers(0, 10**9), st.integers(1, 500))
def test_split_evenly_preserves_the_sum_and_differs_by_at_most_one(total, parts):
    split = split_evenly(total, parts)
    assert len(split) == parts
    assert sum(split) == total
    assert max(split) - min(split) <= 1
    assert split == sorted(split, reverse=True)  # the remainder goes to the lowest ids
    assert all(isinstance(x, int) for x in split)


@pytest.mark.parametrize("parts", [0, -1])
def test_split_evenly_refuses_no_parts(parts):
    with pytest.raises(ValueError, match="parts must be positive"):
        split_evenly(10, parts)


def test_counts_scale_with_the_population_and_the_subdistricts():
    one = load_scenario("xinhua_2013", {"population.scale": 0.25})
    ten = load_scenario("changning_district", {"population.scale": 0.25})
    assert count_scale(one) == 0.25
    assert count_scale(ten) == 0.25 * ten.district.subdistricts == 2.5
    # a reference share is per resident of one full-scale subdistrict, whatever the scale
    assert per_resident(709.0, one) == per_resident(709.0, ten) == 709.0 / 70_900
