"""The lean path onto Mesa's event list for the events of an issue's life.

``Model.schedule_event`` checks its arguments, makes a weak reference to the callback to see
that it is alive, then ``Event.__init__`` makes another and reads the priority enum's value.
For a callback the model itself keeps alive (an :class:`~cogov.sim.issue.Issue` or its
:class:`~cogov.sim.issue.DeadlineWatch`) and a time computed as now plus a delay, none of that can
fail. (cProfile put it at a fifth of a full-scale year's run; counted in instructions with
callgrind, leaving it out saves about 1 % of the run: see ``benchmarks/README.md``.)

:class:`LeanEvent` *is* a ``mesa.time.Event`` — same attributes, same ordering by time,
priority and a unique id taken from Mesa's own counter — made without those checks, and
:func:`scheduler` pushes it on the event list's heap as ``EventList.add_event`` does. The
events, their ids and so their order are those ``schedule_event`` would give, so results are
identical either way (``tests/test_events.py`` runs both). Where Mesa's internals differ
from 3.5's, the scheduler falls back to ``schedule_event``.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from heapq import heappop, heappush
from typing import Any
from weakref import ref

import mesa
from mesa.experimental.mesa_signals import Observable, ObservableSignals
from mesa.time.events import Event, EventList, Priority

__all__ = ["LeanEvent", "advance", "events_created", "pending_events", "scheduler"]

_DEFAULT = int(Priority.DEFAULT)
_TIME_CHANGED = ("time", ObservableSignals.CHANGED)


def _time_store() -> str | None:
    """Where Mesa's ``Model.time`` observable keeps its value, if it is the 3.5 observable."""
    descriptor = inspect.getattr_static(mesa.Model, "time", None)
    store = getattr(descriptor, "private_name", None)
    return store if type(descriptor) is Observable and isinstance(store, str) else None


_TIME_STORE = _time_store()
_NO_ARGS: list[Any] = []  # shared and never mutated: Event.cancel rebinds, never clears
_NO_KWARGS: dict[str, Any] = {}

#: set to False (tests do) to schedule every issue event through ``Model.schedule_event`` and
#: advance time through Mesa's own ``Model._advance_time``
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
    if (
        ENABLED
        and isinstance(event_list, EventList)
        and isinstance(getattr(event_list, "_events", None), list)
        and hasattr(Event, "_ids")
    ):

        def at(time: float, callback: Callable[[], None]) -> Event:
            event = LeanEvent(time, callback)
            heappush(event_list._events, event)  # EventList.add_event's body; read the list
            return event  # each time, since compaction replaces it

        return at

    def at_checked(time: float, callback: Callable[[], None]) -> Event:
        return model.schedule_event(callback, at=time)

    return at_checked


def advance(model: mesa.Model, until: float) -> bool:
    """Run ``model``'s events up to and including ``until``, as Mesa's time advance does.

    ``Model._advance_time`` pops each event through ``EventList.pop_event``, executes it
    through ``Event.execute`` and pushes back the first event beyond ``until``: three Python
    calls per event around the work (dropping them cut a full-scale year's run CPU time by
    about 10 %, ``benchmarks/README.md``). This loop takes
    the same events off the same heap in the same order, skips cancelled ones, sets
    ``model.time`` (through Mesa's observable when anyone subscribes to its change signal,
    else straight into the attribute where the observable keeps it, which is all the
    observable then does) and calls a lean event's callback directly (any other event through
    ``Event.execute``); then time is set to ``until``. It returns False, doing nothing, where
    Mesa's internals are not those of 3.5 or ``until`` is not ahead (Mesa's own advance then
    runs and warns).
    """
    event_list = getattr(model, "_event_list", None)
    if not (ENABLED and isinstance(event_list, EventList) and until > model.time):
        return False
    if not isinstance(getattr(event_list, "_events", None), list):
        return False
    # model.time is Mesa's observable: setting it checks for subscribers to its change
    # signal on every event. Where nobody subscribes (checked at every event, as cheaply as a
    # dict lookup), the value is stored where the observable keeps it.
    subscribers = getattr(model, "subscribers", None) if _TIME_STORE is not None else None
    if not isinstance(subscribers, dict):
        subscribers = None
    while True:
        events = event_list._events  # read each time: compaction replaces the list
        if not events or events[0].time > until:
            break
        event = heappop(events)
        if event._canceled:
            continue
        if subscribers is None or _TIME_CHANGED in subscribers:
            model.time = event.time
        else:
            setattr(model, _TIME_STORE, event.time)
        if type(event) is LeanEvent:
            callback = event.fn()
            if callback is not None:
                callback()
        else:
            event.execute()
    model.time = until
    return True


def events_created() -> int:
    """How many Mesa events this process has created so far (for counting events).

    Every ``mesa.time.events.Event`` takes its ``unique_id`` from one class-level
    ``itertools.count``; its ``repr`` (``count(N)``) shows the next id without advancing it.
    Reading it costs nothing during a run, unlike wrapping ``Event.execute``.
    """
    text = repr(Event._ids)
    return int(text[text.index("(") + 1 : text.rindex(")")])


def pending_events(model: mesa.Model) -> int:
    """Events on ``model``'s queue that are not cancelled."""
    return sum(1 for e in model._event_list._events if not e.CANCELED)
