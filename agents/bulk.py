"""Create many agents fixed to one cell, registered with Mesa in one go.

``Agent.__init__`` registers agents one at a time: a signal-emitting wrapper, a debug log
line, an insertion into the set of all agents and one into the set of the agent's type, and
the cell's ``add_agent`` through the ``cell`` property. :func:`add_fixed_agents` produces the
same end state in bulk: the agents get consecutive ``unique_id`` values exactly as one-by-one
creation would give them, they are in ``model.agents`` and ``model.agents_by_type`` in
creation order, in their cell's agent list in order, and Mesa's ``AGENT_ADDED`` signal is sent
for each when anything could receive it. The registration itself touches Mesa's internals and
lives in :func:`cogov.sim.mesa_adapter.register_fixed_agents`.

Where bulk registration is not supported (a cell with a capacity, an agent class that tracks
datasets, or the switch ``cogov.sim.mesa_adapter.BULK_AGENTS`` off) the agents are created one
by one instead; ``tests/test_bulk_agents.py`` checks that both ways give the same model.
What it saves is in ``benchmarks/README.md``.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import mesa

from cogov.sim.mesa_adapter import bulk_supported, register_fixed_agents

if TYPE_CHECKING:
    from mesa.discrete_space import Cell, FixedAgent

__all__ = ["add_fixed_agents"]


def add_fixed_agents[A: FixedAgent](
    model: mesa.Model,
    cls: type[A],
    cell: Cell,
    columns: Mapping[str, Sequence[Any]],
    make: Callable[..., A],
) -> list[A]:
    """Create agents of ``cls`` in ``cell``; the i-th gets the i-th value of every column.

    Args:
        model: the Mesa model the agents belong to.
        cls: the agent class (a ``FixedAgent`` subclass).
        cell: the cell every agent is fixed to.
        columns: the agents' own attributes, one equally long sequence per attribute name,
            in creation order. If ``cls`` has a ``set_own(agent, *values)`` function taking
            the values in the columns' order, it sets them (faster than one ``setattr``
            each).
        make: ``make(model, cell, **attributes)`` creates one agent the ordinary way; used
            when bulk registration is not supported.

    Returns:
        The new agents, in creation order.
    """
    names = tuple(columns)
    rows = zip(*columns.values(), strict=True)
    if not bulk_supported(model, cls, cell):
        return [make(model, cell, **dict(zip(names, row, strict=True))) for row in rows]
    new = object.__new__
    set_own = getattr(cls, "set_own", None)
    if set_own is not None and tuple(inspect.signature(set_own).parameters)[1:] != names:
        set_own = None  # its parameters are not the columns, in order: set one by one
    uid = model.agent_id_counter
    agents: list[A] = []
    for row in rows:
        agent = new(cls)
        # attribute by attribute, as Agent.__init__ does: CPython then keeps the values inline
        # in the object instead of making a separate dict (a quarter less memory per agent)
        agent.model = model
        agent.unique_id = uid
        agent.pos = None
        if set_own is not None:
            set_own(agent, *row)
        else:
            for name, value in zip(names, row, strict=True):
                setattr(agent, name, value)
        agents.append(agent)
        uid += 1
    if not agents:
        return agents
    model.agent_id_counter = uid
    register_fixed_agents(model, cls, cell, agents)
    return agents
