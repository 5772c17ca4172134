"""The lean path onto Mesa's event list for the events of an issue's life.

``Model.schedule_event`` checks its arguments, makes a weak reference to the callback to see
that it is alive, then ``Event.__init__`` makes another and reads the priority enum's value.
For a callback the model itself keeps alive (an :class:`~sim.issue.Issue` or its
:class:`~sim.issue.DeadlineWatch`) and a time computed as now plus a delay, none of that can
fail, and it was a fifth of the run's time in a profile of a full-scale year
(``python -m cProfile -s tottime``; see ``benchmarks/README.md``).

:class:`LeanEvent` *is* a ``mesa.time.Event`` — same attributes, same ordering by time,
priority and a unique id taken from Mesa's own counter — made without those checks, and
:func:`scheduler` adds it with the event list's ``add_event``. The events, their ids and so
their order are those ``schedule_event`` would give, so results are identical either way
(``tests/test_events.py`` runs both). Where Mesa's internals differ from 3.5's, the scheduler
falls back to ``schedule_event``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any
from weakref import ref

from mesa.time.events import Event, EventList, Priority

if TYPE_CHECKING:
    import mesa

__all__ = ["LeanEvent", "scheduler"]

_DEFAULT = int(Priority.DEFAULT)
_NO_ARGS: list[Any] = []  # shared and never mutated: Event.cancel rebinds, never clears
_NO_KWARGS: dict[str, Any] = {}

#: set to False (tests do) to schedule every issue event through ``Model.schedule_event``
ENABLED = True


class LeanEvent(Event):
    """A Mesa event at default priority whose callback the caller keeps alive."""

    def __init__(self, time: float, function: Callable[[], None]) -> None:
        """Schedule ``function`` at ``time`` (it is not checked: see :func:`scheduler`)."""
        # Event.__init__ is not called on purpose: these are its assignments, minus checks
        self.time = time
        self.priority = _DEFAULT
        self._canceled = False
        self.fn = ref(function)
        self.unique_id = next(Event._ids)
        self.function_args = _NO_ARGS
        self.function_kwargs = _NO_KWARGS


def scheduler(model: mesa.Model) -> Callable[[float, Callable[[], None]], Event]:
    """Return ``at(time, callback)``, which puts ``callback`` on ``model``'s event list.

    ``callback`` must be a plain callable object (not a bound method or a lambda) that stays
    alive until its time, and ``time`` must not be in the past. ``at`` returns the event, which
    can be cancelled.
    """
    event_list = getattr(model, "_event_list", None)
    if ENABLED and isinstance(event_list, EventList) and hasattr(Event, "_ids"):
        add = event_list.add_event

        def at(time: float, callback: Callable[[], None]) -> Event:
            event = LeanEvent(time, callback)
            add(event)
            return event

        return at

    def at_checked(time: float, callback: Callable[[], None]) -> Event:
        return model.schedule_event(callback, at=time)

    return at_checked
