"""Create many agents fixed to one cell, registered with Mesa in one go.

``Agent.__init__`` registers agents one at a time: a signal-emitting wrapper, a debug log
line, an insertion into the set of all agents and one into the set of the agent's type, and
the cell's ``add_agent`` through the ``cell`` property. For 70,900 residents that is about
four microseconds each, a third of a second, most of the build of a full-scale model
(``benchmarks/bench_model.py``). :func:`add_fixed_agents` produces the same end state in
bulk: the agents get consecutive ``unique_id`` values exactly as one-by-one creation would
give them, they are in ``model.agents`` and ``model.agents_by_type`` in creation order, in
their cell's agent list in order, and Mesa's ``AGENT_ADDED`` signal is sent for each when
anything could receive it.

It relies on Mesa 3.5 internals (``Model._all_agents``, ``Model._agents_by_type``,
``Model.agent_id_counter``, ``Cell._agents``), checked by :func:`bulk_supported` before use;
when any is missing — another Mesa version — or a cell has a capacity, the agent class
tracks datasets, the agents are created one by one instead. ``tests/test_bulk_agents.py``
checks that both ways give the same model.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import mesa
import mesa.agentset
from mesa.model import ModelSignals

if TYPE_CHECKING:
    from mesa.discrete_space import Cell, FixedAgent

__all__ = ["add_fixed_agents", "bulk_supported"]

#: set to False (tests do) to create every agent through ``Agent.__init__``
ENABLED = True

_HARD_KEY_SET = getattr(mesa.agentset, "_HardKeyAgentSet", None)


def bulk_supported(model: mesa.Model, cls: type, cell: Cell) -> bool:
    """Whether agents of ``cls`` can be registered in bulk in ``cell`` of ``model``."""
    return (
        ENABLED
        and _HARD_KEY_SET is not None
        and isinstance(getattr(model, "_all_agents", None), _HARD_KEY_SET)
        and isinstance(getattr(model._all_agents, "_agents", None), dict)
        and isinstance(getattr(model, "_agents_by_type", None), dict)
        and isinstance(getattr(model, "agent_id_counter", None), int)
        and isinstance(getattr(cell, "_agents", None), list)
        and getattr(cell, "capacity", 0) is None
        and not getattr(cls, "_datasets", ())
        and hasattr(cls, "_mesa_cell")
    )


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
        agent._mesa_cell = cell
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
    added = dict.fromkeys(agents)
    model._all_agents._agents.update(added)
    by_type = model._agents_by_type
    if cls in by_type:
        by_type[cls]._agents.update(added)
    else:
        by_type[cls] = _HARD_KEY_SET(agents, random=model.random)
    cell._agents.extend(agents)
    cell.empty = False
    if _observed(model):
        for agent in agents:
            model.notify("agents", ModelSignals.AGENT_ADDED, args=(agent,))
    return agents


def _observed(model: mesa.Model) -> bool:
    """Whether an ``AGENT_ADDED`` signal could reach anyone (else ``notify`` returns at once)."""
    subscribers = getattr(model, "subscribers", None)
    return (
        not isinstance(subscribers, dict)
        or ("agents", ModelSignals.AGENT_ADDED) in subscribers
        or getattr(model, "_batch_context", None) is not None
    )
