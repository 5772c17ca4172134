"""How the events of an issue's life go on Mesa's queue, and how events are counted.

Every step of an issue's life is an event on the model's Mesa event list, scheduled with
``model.at(time, callback)``. :func:`scheduler` gives the lean form
(:func:`cogov.sim.mesa_adapter.lean_scheduler`: the same events, ids and order as
``Model.schedule_event``, without its checks), or ``schedule_event`` itself when the switch
``cogov.sim.mesa_adapter.LEAN_EVENTS`` is off; ``tests/test_events.py`` runs both. Mesa
keeps only a weak reference to an event's callback, so the callback (an
:class:`~cogov.sim.issue.Issue` step or its :class:`~cogov.sim.issue.DeadlineWatch`) must be an
object the model keeps alive until its time: ``model.alive`` does that for issues. An event
whose callback has been freed is skipped, as Mesa skips it.

:func:`events_created` and :func:`pending_events` count events for the benchmarks and tests
without touching the run (they read Mesa's counters through :mod:`cogov.sim.mesa_adapter`).
"""

from __future__ import annotations

from collections.abc import Callable

import mesa
from mesa.time.events import Event

from cogov.sim.mesa_adapter import event_count, lean_scheduler, pending_events

__all__ = ["events_created", "pending_events", "scheduler"]


def scheduler(model: mesa.Model) -> Callable[[float, Callable[[], None]], Event]:
    """Return ``at(time, callback)``, which puts ``callback`` on ``model``'s event list.

    ``callback`` must be a callable object (not a bound method or a lambda) that stays alive
    until its time, and ``time`` must not be in the past. ``at`` returns the Mesa event,
    which can be cancelled.
    """
    lean = lean_scheduler(model)
    if lean is not None:
        return lean
    schedule = model.schedule_event

    def at(time: float, callback: Callable[[], None]) -> Event:
        return schedule(callback, at=time)

    return at


def events_created() -> int:
    """How many Mesa events this process has created so far (every ``Event`` has an id).

    Executed events = created + pending before − pending after − cancelled; reading the
    counter costs nothing during a run, unlike wrapping ``Event.execute``.
    """
    return event_count()
