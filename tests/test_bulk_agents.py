"""Residents registered in bulk give the same model as residents created one by one."""

from __future__ import annotations

import mesa
import networkx as nx
import pytest
from mesa.discrete_space import FixedAgent, Network
from mesa.model import ModelSignals

from cogov.agents import bulk
from cogov.agents.resident import Resident
from cogov.sim import mesa_adapter
from cogov.sim.model import CoGovModel


def build(monkeypatch: pytest.MonkeyPatch, enabled: bool) -> CoGovModel:
    monkeypatch.setattr(mesa_adapter, "BULK_AGENTS", enabled)
    return CoGovModel("xinhua_2013", scale=0.05, rng=11)


def own_state(agent: mesa.Agent) -> dict:
    state = {k: v for k, v in vars(agent).items() if k != "model" and not k.startswith("_")}
    state["cell"] = agent.cell.coordinate
    role = state.get("role")
    if role is not None:  # a volunteer role: which agent it is; a group or point: where, whom
        state["role"] = (
            role.unique_id
            if hasattr(role, "unique_id")
            else (
                type(role).__name__,
                role.nb,
                sorted(
                    r.unique_id for r in getattr(role, "members", [getattr(role, "host", None)])
                ),
            )
        )
    return state


def test_bulk_and_one_by_one_build_the_same_model(monkeypatch):
    fast, slow = build(monkeypatch, True), build(monkeypatch, False)
    assert [(type(a).__name__, a.unique_id) for a in fast.agents] == [
        (type(a).__name__, a.unique_id) for a in slow.agents
    ]
    assert fast.agent_id_counter == slow.agent_id_counter
    assert [a.unique_id for a in fast.agents_by_type[Resident]] == [
        a.unique_id for a in slow.agents_by_type[Resident]
    ]
    for here_f, here_s in zip(fast.residents_by_nb, slow.residents_by_nb, strict=True):
        assert [own_state(r) for r in here_f] == [own_state(r) for r in here_s]
    for node in fast.graph.nodes:
        f_ids = [a.unique_id for a in fast.space[node].agents]
        assert f_ids == [a.unique_id for a in slow.space[node].agents]
        assert not fast.space[node].is_empty
    assert all(r.model is fast for r in fast.agents_by_type[Resident])
    fast.run_days(30)
    slow.run_days(30)
    assert fast.result().summary == slow.result().summary


class Pin(FixedAgent):
    """A fixed agent with one attribute of its own."""

    def __init__(self, model: mesa.Model, cell, size: int) -> None:
        super().__init__(model)
        self.cell = cell
        self.size = size


def small_space(capacity: int | None) -> tuple[mesa.Model, Network]:
    model = mesa.Model(rng=1)
    space = Network(nx.path_graph(2), capacity=capacity, random=model.random)
    return model, space


@pytest.mark.parametrize("capacity", [None, 10])
def test_agents_are_registered_and_signalled(capacity):
    model, space = small_space(capacity)
    seen: list = []

    def on_added(signal) -> None:
        seen.append(signal)

    model.observe("agents", ModelSignals.AGENT_ADDED, on_added)
    first = Pin(model, space[0], 0)
    made = bulk.add_fixed_agents(model, Pin, space[1], {"size": [1, 2, 3]}, Pin)
    assert mesa_adapter.bulk_supported(model, Pin, space[1]) is (capacity is None)
    assert [a.unique_id for a in made] == [first.unique_id + 1 + i for i in range(3)]
    assert [a.size for a in made] == [1, 2, 3]
    assert list(model.agents) == [first, *made]
    assert list(model.agents_by_type[Pin]) == [first, *made]
    assert list(space[1].agents) == made and all(a.cell is space[1] for a in made)
    assert [m.additional_kwargs["args"][0] for m in seen] == [first, *made]
    made[0].remove()  # removal through Mesa's normal path works on bulk-made agents
    assert made[0] not in model.agents and made[0] not in space[1].agents


def test_a_full_cell_is_refused_as_mesa_refuses_it():
    model, space = small_space(2)
    with pytest.raises(Exception, match="full"):
        bulk.add_fixed_agents(model, Pin, space[0], {"size": [1, 2, 3]}, Pin)


def test_columns_of_unequal_length_are_an_error():
    model, space = small_space(None)
    with pytest.raises(ValueError):
        bulk.add_fixed_agents(model, Pin, space[0], {"size": [1, 2], "x": [1]}, Pin)


class Ordered(Pin):
    """A fixed agent whose ``set_own`` takes its attributes in a fixed order."""

    def set_own(self, size: int, colour: str) -> None:
        """Set the attributes."""
        self.size, self.colour = size, colour


@pytest.mark.parametrize("order", [("size", "colour"), ("colour", "size")])
def test_set_own_is_used_only_when_its_parameters_match_the_columns(order):
    model, space = small_space(None)
    values = {"size": [1, 2], "colour": ["red", "blue"]}
    made = bulk.add_fixed_agents(model, Ordered, space[0], {k: values[k] for k in order}, Ordered)
    assert [(a.size, a.colour) for a in made] == [(1, "red"), (2, "blue")]
