"""Every contact cogov has with Mesa's private internals, in this one module.

cogov runs on Mesa's public API (``Model``, ``schedule_event``, ``schedule_recurring``,
``run_for``, ``FixedAgent``, ``Network``) except for speed-ups that reach into Mesa 3.5's
internals, each kept because it measurably shortens a full-scale year
(``benchmarks/README.md``, "Speed-ups kept and dropped"), and the daily series shown to
Mesa's tools as a ``DataCollector``:

- :class:`LeanEvent` and :func:`lean_scheduler` schedule an issue's events without
  ``schedule_event``'s checks; on a :class:`LeanTimeModel` they go on a heap of its own of
  ``(time, id, event)`` tuples, which ``heapq`` orders in C instead of through
  ``Event.__lt__``;
- :class:`LeanTimeModel` replaces ``Model._advance_time`` with a loop over the two heaps
  (Mesa's and its own) that runs the same events in the same order as Mesa would, without
  three Python calls per event, and stops Mesa's hourly step event when the model's ``step``
  does nothing;
- :func:`register_fixed_agents` registers many agents fixed to one cell in one go instead
  of one ``Agent.__init__`` each;
- :class:`SeriesView` answers what ``mesa.batch_run`` and apps read of a ``DataCollector``
  from the model's own daily record.

Each private name is used only here, with a comment naming the Mesa attribute.
:func:`missing_internals` lists those that are absent or changed shape in the installed
Mesa; ``tests/test_mesa_adapter.py`` fails with that list, so a Mesa release that moves one
is caught by name rather than silently (Mesa 3.5.0, for one, keeps ``_HardKeyAgentSet`` in
``mesa.agent``). ``pyproject.toml`` pins Mesa to ``>=3.5.1,<3.6``, the releases this module is
tested on.
"""

from __future__ import annotations

import inspect
import math
from collections.abc import Callable, Sequence
from heapq import heapify, heappop, heappush
from operator import attrgetter
from typing import TYPE_CHECKING, Any
from weakref import ref

import mesa
from mesa.discrete_space import Cell
from mesa.experimental.mesa_signals import Observable, ObservableSignals
from mesa.model import ModelSignals
from mesa.time.events import Event, EventGenerator, EventList, Priority

if TYPE_CHECKING:
    from mesa.discrete_space import FixedAgent

__all__ = [
    "LeanEvent",
    "LeanTimeModel",
    "SeriesView",
    "bulk_supported",
    "event_count",
    "heartbeat_active",
    "lean_scheduler",
    "missing_internals",
    "pending_events",
    "register_fixed_agents",
]

#: switches for the speed-ups (tests and ``benchmarks/bench_speedups.py`` turn them off to
#: compare with Mesa's own paths): lean events, the lean time advance, bulk registration
LEAN_EVENTS = True
LEAN_ADVANCE = True
BULK_AGENTS = True

_DEFAULT = int(Priority.DEFAULT)
_NO_ARGS: list[Any] = []  # shared and never mutated: Event.cancel rebinds, never clears
_NO_KWARGS: dict[str, Any] = {}

_TIME_CHANGED = ("time", ObservableSignals.CHANGED)
# mesa.agentset._HardKeyAgentSet: the class of Model._all_agents and _agents_by_type values
# (Mesa 3.5.1; 3.5.0 kept it in mesa.agent, which is why pyproject.toml asks for 3.5.1)
try:
    from mesa.agentset import _HardKeyAgentSet as _HARD_KEY_SET
except ImportError:  # reported by missing_internals(); bulk registration is then off
    _HARD_KEY_SET = None


def _time_store() -> str | None:
    """Where Mesa's ``Model.time`` observable keeps its value (``Observable.private_name``)."""
    descriptor = inspect.getattr_static(mesa.Model, "time", None)
    store = getattr(descriptor, "private_name", None)
    return store if type(descriptor) is Observable and isinstance(store, str) else None


_TIME_STORE = _time_store()


def _noop() -> None:
    """A callback that does nothing (for probing ``Event``)."""


def _probe() -> dict[str, Any]:
    """A bare Mesa model, a cell, an event and a fixed agent in the cell, for the checks."""
    model = mesa.Model(rng=0)
    cell = Cell((0,))
    agent = mesa.discrete_space.FixedAgent(model)
    agent.cell = cell
    return {"model": model, "cell": cell, "agent": agent, "event": Event(1.0, _noop)}


#: what cogov expects of each Mesa internal it uses: a description and a check of the probe
_EXPECTED: dict[str, Callable[[dict[str, Any]], bool]] = {
    "mesa.Model._advance_time (the time advance step/run_for/run_until call)": lambda p: callable(
        mesa.Model._advance_time
    ),
    "Model._event_list (an EventList)": lambda p: isinstance(p["model"]._event_list, EventList),
    "EventList._events (the heap, a list)": lambda p: isinstance(
        p["model"]._event_list._events, list
    ),
    "Event._canceled (the flag cancel() sets)": lambda p: p["event"]._canceled is False,
    "Event._ids (the class-level id counter)": lambda p: event_count() >= 0,
    "Model._default_schedule (the hourly step event)": lambda p: isinstance(
        p["model"]._default_schedule, EventGenerator
    ),
    "Model.time (an Observable with private_name)": lambda p: _TIME_STORE is not None,
    "Model.subscribers (a dict of signal subscriptions)": lambda p: isinstance(
        p["model"].subscribers, dict
    ),
    "Model._batch_context (None outside a signal batch)": lambda p: (
        p["model"]._batch_context is None
    ),
    "mesa.agentset._HardKeyAgentSet": lambda p: (
        _HARD_KEY_SET is not None and isinstance(p["model"]._all_agents, _HARD_KEY_SET)
    ),
    "Model._all_agents._agents (a dict)": lambda p: isinstance(
        p["model"]._all_agents._agents, dict
    ),
    "Model._agents_by_type (a dict)": lambda p: isinstance(p["model"]._agents_by_type, dict),
    "Model.agent_id_counter (an int)": lambda p: isinstance(p["model"].agent_id_counter, int),
    "Cell._agents (a list)": lambda p: p["cell"]._agents == [p["agent"]],
    "FixedAgent._mesa_cell (the cell property's store)": lambda p: (
        vars(p["agent"])["_mesa_cell"] is p["cell"]
    ),
    "mesa.Agent._datasets (a class-level set)": lambda p: isinstance(mesa.Agent._datasets, set),
}


def missing_internals() -> list[str]:
    """The Mesa internals this module uses that the installed Mesa lacks, one line each.

    Returns:
        An empty list on a supported Mesa; else, for each internal that moved or changed
        shape, its name and what cogov expects of it (and the error, if probing raised one).
    """
    try:
        probe = _probe()
    except Exception as exc:  # a Mesa this different cannot even be probed
        return [f"a bare mesa.Model, Cell, Event and FixedAgent could not be made: {exc!r}"]
    missing = []
    for name, check in _EXPECTED.items():
        try:
            ok = bool(check(probe))
        except Exception as exc:  # a missing attribute raises; say which
            missing.append(f"{name}: {exc!r}")
            continue
        if not ok:
            missing.append(name)
    return missing


# --- events -------------------------------------------------------------------------------


def event_count() -> int:
    """How many Mesa events this process has created so far (for counting events).

    Every ``Event`` takes its ``unique_id`` from one class-level ``itertools.count``,
    ``Event._ids``, whose ``repr`` (``count(N)``) shows the next id without advancing it.
    """
    text = repr(Event._ids)  # mesa.time.events.Event._ids
    return int(text[text.index("(") + 1 : text.rindex(")")])


class LeanEvent(Event):
    """A Mesa event at default priority whose callback the caller keeps alive.

    ``Model.schedule_event`` checks its arguments and makes a weak reference to the callback
    to see that it is alive, then ``Event.__init__`` makes another and reads the priority
    enum's value. A ``LeanEvent`` has the same attributes and the same ordering (time,
    priority, a unique id from Mesa's own counter) without those checks.
    """

    # what every lean event has until it is cancelled, as class attributes: read like the
    # instance attributes Event.__init__ sets; Event.cancel sets its own on the instance
    priority = _DEFAULT
    _canceled = False  # mesa.time.events.Event._canceled
    function_args = _NO_ARGS
    function_kwargs = _NO_KWARGS

    def __init__(self, time: float, function: Callable[[], None]) -> None:
        """Schedule ``function`` at ``time`` (neither is checked: see :func:`lean_scheduler`)."""
        # Event.__init__ is not called on purpose: these are its per-event assignments
        self.time = time
        self.fn = ref(function)
        self.unique_id = next(Event._ids)  # mesa.time.events.Event._ids


def lean_scheduler(model: mesa.Model) -> Callable[[float, Callable[[], None]], Event] | None:
    """``at(time, callback)`` scheduling a :class:`LeanEvent` for ``model``, or None if off.

    On a :class:`LeanTimeModel` (with the lean advance on) the event goes on the model's own
    heap as ``(time, id, event)``: every lean event has the default priority, so the tuples
    sort as Mesa sorts events (time, priority, id), and the lean loop merges the two heaps in
    that order. On any other model it goes on Mesa's heap, as ``EventList.add_event`` would
    put it. Either way the events, their ids and their order are those ``schedule_event``
    would give. ``callback`` must be a callable object (not a bound method or a lambda) that
    stays alive until its time, and ``time`` must not be past.
    """
    if not LEAN_EVENTS:
        return None
    if isinstance(model, LeanTimeModel) and LEAN_ADVANCE:
        own = model.lean_heap
        new = object.__new__
        ids = Event._ids  # mesa.time.events.Event._ids

        def at_own(time: float, callback: Callable[[], None]) -> Event:
            # LeanEvent(time, callback), its __init__ inline: one Python call less per event
            event = new(LeanEvent)
            event.time = time
            event.fn = ref(callback)
            event.unique_id = uid = next(ids)
            heappush(own, (time, uid, event))
            return event

        return at_own
    event_list = model._event_list  # mesa.Model._event_list

    def at(time: float, callback: Callable[[], None]) -> Event:
        event = LeanEvent(time, callback)
        heappush(event_list._events, event)  # EventList._events; read each time (compact)
        return event

    return at


def _own_heap(model: mesa.Model) -> list:
    return model.lean_heap if isinstance(model, LeanTimeModel) else []


def pending_events(model: mesa.Model) -> int:
    """Events on ``model``'s queues that are not cancelled."""
    own = sum(1 for _, _, e in _own_heap(model) if not e._canceled)  # Event._canceled
    return len(model._event_list) + own  # Model._event_list; EventList.__len__ skips cancelled


def event_heap_size(model: mesa.Model) -> int:
    """Events on ``model``'s heaps, cancelled ones included."""
    return len(model._event_list._events) + len(_own_heap(model))  # Model._event_list._events


def compact_events(model: mesa.Model) -> None:
    """Take cancelled events off ``model``'s heaps (Mesa's with ``EventList.compact``)."""
    model._event_list.compact()  # mesa.Model._event_list
    if isinstance(model, LeanTimeModel):
        model.lean_heap[:] = [x for x in model.lean_heap if not x[2]._canceled]
        heapify(model.lean_heap)


# --- time ---------------------------------------------------------------------------------


def heartbeat_active(model: mesa.Model) -> bool:
    """Whether Mesa's hourly step event (``Model._default_schedule``) is running."""
    return model._default_schedule.is_active  # mesa.Model._default_schedule


class LeanTimeModel(mesa.Model):
    """A Mesa model whose time advance is a lean loop over the event heap.

    ``Model._advance_time`` (called by ``step``, ``run_for`` and ``run_until``) pops each
    event through ``EventList.pop_event``, executes it through ``Event.execute`` and pushes
    back the first event beyond the horizon. :meth:`_advance_time` here takes the same events
    off the same heap in the same order, skips cancelled ones, sets ``time`` (through Mesa's
    observable when anyone subscribes to its change signal, else straight into the attribute
    where the observable keeps it) and executes each; then time is set to the horizon.

    :meth:`stop_heartbeat` stops Mesa's hourly step event when the subclass's ``step`` is
    empty; ``steps`` is then kept at the whole hours passed, which is what the hourly event
    would have counted.
    """

    _counts_hours = False

    #: the model's time, read where Mesa's ``time`` observable keeps it (its private
    #: attribute, through a C-level getter): the same value as ``time``, without the
    #: observable's bookkeeping for computed signals, which a read by the simulation itself
    #: does not need; ``time`` itself when Mesa keeps it elsewhere
    now = property(attrgetter(_TIME_STORE) if _TIME_STORE else attrgetter("time"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        """Make the model as ``mesa.Model`` does, with an empty heap of lean events."""
        #: lean events as ``(time, id, event)`` (:func:`lean_scheduler`), beside Mesa's heap
        self.lean_heap: list[tuple[float, int, Event]] = []
        super().__init__(*args, **kwargs)

    def stop_heartbeat(self, empty_step: Callable[[Any], None]) -> None:
        """Stop the hourly step event if ``type(self).step`` is ``empty_step``."""
        if type(self).step is empty_step:
            self._default_schedule.stop()  # mesa.Model._default_schedule (an EventGenerator)
            self._counts_hours = True

    def _advance_time(self, until: float) -> None:  # overrides mesa.Model._advance_time
        """Run the events up to and including ``until``, then set time to ``until``."""
        if LEAN_ADVANCE and until > self.time:
            _advance(self, until)
        else:
            # Mesa's own advance reads only its heap: hand it the lean events first
            for _, _, event in self.lean_heap:
                self._event_list.add_event(event)  # mesa.Model._event_list
            self.lean_heap.clear()
            super()._advance_time(until)  # mesa.Model._advance_time
        if self._counts_hours:
            self.steps = math.floor(self.time)


def _advance(model: LeanTimeModel, until: float) -> None:
    event_list = model._event_list  # mesa.Model._event_list
    own = model.lean_heap
    subscribers = model.subscribers  # mesa_signals HasObservables.subscribers
    store = _TIME_STORE  # Observable.private_name of Model.time ("_time")
    while True:
        events = event_list._events  # EventList._events; read each time: compact replaces it
        # the next event of the two heaps, in Mesa's order: time, priority, id
        if own:
            t, uid, event = own[0]
            mine = True
            if events:
                first = events[0]  # Mesa's next event: does it come before the lean one?
                if first.time < t or (
                    first.time == t
                    and (
                        first.priority < _DEFAULT
                        or (first.priority == _DEFAULT and first.unique_id < uid)
                    )
                ):
                    mine, t = False, first.time
            if t > until:
                break
            if mine:
                heappop(own)
            else:
                event = heappop(events)
            if event._canceled:  # Event._canceled
                continue
        else:
            if not events or events[0].time > until:
                break
            event = heappop(events)
            if event._canceled:  # Event._canceled
                continue
        if store is None or _TIME_CHANGED in subscribers:
            model.time = event.time
        else:
            setattr(model, store, event.time)  # all the observable does when nobody listens
        if type(event) is LeanEvent:
            callback = event.fn()
            if callback is not None:
                callback()
        else:
            event.execute()
    model.time = until


# --- agents -------------------------------------------------------------------------------


def bulk_supported(model: mesa.Model, cls: type, cell: Cell) -> bool:
    """Whether agents of ``cls`` can be registered in bulk in ``cell`` of ``model``."""
    return (
        BULK_AGENTS
        and _HARD_KEY_SET is not None
        and cell.capacity is None
        and not getattr(cls, "_datasets", ())  # mesa.Agent._datasets: agents tracked by data
        and issubclass(cls, mesa.discrete_space.FixedAgent)
    )


def register_fixed_agents[A: FixedAgent](
    model: mesa.Model, cls: type[A], cell: Cell, agents: Sequence[A]
) -> None:
    """Register ``agents`` (made with ``object.__new__``, ids set) with ``model`` and ``cell``.

    The end state is that of creating them one by one with ``Agent.__init__`` and setting
    ``agent.cell``: in ``model.agents`` and ``model.agents_by_type`` in order, in the cell's
    agent list in order, and Mesa's ``AGENT_ADDED`` signal sent for each when anything could
    receive it. The caller has set each agent's ``model``, ``unique_id`` and ``pos`` and
    advanced ``model.agent_id_counter``.
    """
    for agent in agents:
        agent._mesa_cell = cell  # FixedAgent.cell's store, FixedAgent._mesa_cell
    added = dict.fromkeys(agents)
    model._all_agents._agents.update(added)  # Model._all_agents, _HardKeyAgentSet._agents
    by_type = model._agents_by_type  # mesa.Model._agents_by_type
    if cls in by_type:
        by_type[cls]._agents.update(added)  # _HardKeyAgentSet._agents
    else:
        by_type[cls] = _HARD_KEY_SET(agents, random=model.random)
    cell._agents.extend(agents)  # mesa.discrete_space.Cell._agents
    cell.empty = False
    subscribers = model.subscribers  # mesa_signals HasObservables.subscribers
    observed = ("agents", ModelSignals.AGENT_ADDED) in subscribers
    if observed or model._batch_context is not None:  # HasObservables._batch_context
        for agent in agents:
            model.notify("agents", ModelSignals.AGENT_ADDED, args=(agent,))


# --- data collection ----------------------------------------------------------------------


class SeriesView:
    """``model.datacollector`` for Mesa's tools: a read-only view of a series kept elsewhere.

    Mesa's ``batch_run`` reads a model's ``datacollector.model_vars`` (column name -> values),
    ``_collection_steps`` (the time of each value), ``_agent_records``, ``agent_reporters``,
    ``_agenttype_records`` and ``agenttype_reporters``;
    apps read ``model_vars`` or ``get_model_vars_dataframe()``. This object answers all of
    them from ``columns()`` and ``steps()``, so the model keeps one daily series and Mesa's
    tools see it as collected data. ``collect`` does nothing: the model takes its record.
    """

    agent_reporters: dict[str, Any] = {}  # noqa: RUF012 (read-only: no agent data)
    agenttype_reporters: dict[type, Any] = {}  # noqa: RUF012

    def __init__(
        self, columns: Callable[[], dict[str, list]], steps: Callable[[], list[int]]
    ) -> None:
        """Answer from ``columns()`` (name -> values) and ``steps()`` (step of each value)."""
        self._columns = columns
        self._steps = steps

    @property
    def model_vars(self) -> dict[str, list]:
        """The series by column name, one value per record."""
        return self._columns()

    @property
    def model_reporters(self) -> dict[str, str]:
        """The column names (each its own reporter)."""
        return {name: name for name in self._columns()}

    @property
    def _collection_steps(self) -> list[int]:  # mesa.DataCollector._collection_steps
        return self._steps()

    @property
    def _agent_records(self) -> dict[int, list]:  # mesa.DataCollector._agent_records
        return {}

    @property
    def _agenttype_records(self) -> dict[int, dict]:  # mesa.DataCollector._agenttype_records
        return {}

    def collect(self, model: mesa.Model) -> None:
        """Nothing to do: the model records its series itself."""

    def get_model_vars_dataframe(self) -> Any:
        """The series as a pandas DataFrame, one row per record (as Mesa's DataCollector)."""
        import pandas as pd

        return pd.DataFrame(self.model_vars)
