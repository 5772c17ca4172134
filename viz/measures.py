"""Cheap measures of a running model for the app, read from counters (never from agents).

Per-neighbourhood numbers come from ``model.metrics.by_nb`` (see
:data:`cogov.sim.metrics.GROUP_FIELDS`); department load from each department's pool. Each call
costs a few hundred operations whatever the population, so the page can redraw every tick.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

from cogov.sim.metrics import GROUP_FIELDS

if TYPE_CHECKING:
    from cogov.sim.model import CoGovModel

__all__ = [
    "DepartmentLoad",
    "department_loads",
    "grievance_by_neighbourhood",
    "open_by_neighbourhood",
    "petitions_by_neighbourhood",
    "satisfaction_by_neighbourhood",
    "trust_by_neighbourhood",
]

_REPORTED = GROUP_FIELDS.index("reported")
_CLOSED = GROUP_FIELDS.index("closed")
_RATED = GROUP_FIELDS.index("rated")
_SATISFIED = GROUP_FIELDS.index("satisfied")
_PETITIONS = GROUP_FIELDS.index("petitions")


def open_by_neighbourhood(model: CoGovModel) -> list[int]:
    """Issues reported and not yet closed, per neighbourhood (node id order)."""
    return [row[_REPORTED] - row[_CLOSED] for row in model.metrics.by_nb]


def satisfaction_by_neighbourhood(model: CoGovModel) -> list[float]:
    """Share of rated replies that satisfied, per neighbourhood; NaN where none was rated."""
    return [
        row[_SATISFIED] / row[_RATED] if row[_RATED] else math.nan for row in model.metrics.by_nb
    ]


def grievance_by_neighbourhood(model: CoGovModel) -> list[float]:
    """Mean grievance so far of the residents affected by disputed problems, per neighbourhood.

    Grievance is ``hardship × (1 − trust)`` (:mod:`cogov.sim.collective`), summed over every
    affected resident of every badly answered disputed case; NaN where there was none yet.
    """
    return [total / n if n else math.nan for total, n in model.collective.grievance_by_nb]


def trust_by_neighbourhood(model: CoGovModel) -> list[float]:
    """Mean trust of each neighbourhood's residents now (the model's running sums)."""
    people = model.residents_by_nb
    return [
        total / len(here) if here else math.nan
        for total, here in zip(model.metrics.trust_by_nb, people, strict=True)
    ]


def petitions_by_neighbourhood(model: CoGovModel) -> list[int]:
    """Collective petitions so far, per neighbourhood (the model's own counters)."""
    return [row[_PETITIONS] for row in model.metrics.by_nb]


@dataclass(frozen=True, slots=True)
class DepartmentLoad:
    """One department's load at a moment.

    Attributes:
        id: the department's id.
        staff: servers in its pool.
        busy: staff with an issue in hand now (work paused out of hours counts).
        queued: issues waiting in its queue.
        busy_hours: working hours of all work started so far (accrued when work starts).
        utilisation: share of the staff's working hours spent on work over the app's recent
            window (see :class:`cogov.viz.history.History`); ``None`` until defined.
    """

    id: str
    staff: int
    busy: int
    queued: int
    busy_hours: float
    utilisation: float | None = None


def department_loads(model: CoGovModel) -> list[DepartmentLoad]:
    """The load of every department now, without utilisation (the history adds it)."""
    return [
        DepartmentLoad(
            id=dept_id,
            staff=d.pool.servers,
            busy=d.pool.busy,
            queued=len(d.pool),  # excludes stale entries; O(queue), a few thousand at most
            busy_hours=d.pool.busy_hours,
        )
        for dept_id, d in model.departments.items()
    ]
