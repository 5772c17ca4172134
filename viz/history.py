"""What the app remembers about a running model between ticks: the feed and load samples.

The page calls :meth:`History.update` whenever it draws; the call does something only when
model time has moved since the last one, so redrawing for another reason (a colour switch)
changes nothing. Histories are kept per model in a weak dictionary: a model that Reset has
replaced is forgotten with its history.
"""

from __future__ import annotations

import threading
import weakref
from collections import deque
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from cogov.sim.calendar import HOURS_PER_WEEK
from cogov.viz.feed import Counters, Tick, describe, describe_petition, diff, snapshot
from cogov.viz.measures import DepartmentLoad, department_loads
from cogov.viz.records import PetitionEvent, records_of

if TYPE_CHECKING:
    from cogov.sim.model import CoGovModel

__all__ = ["FEED_LENGTH", "UTILISATION_WINDOW_HOURS", "FeedEntry", "History", "history_for"]

FEED_LENGTH = 40
#: utilisation is measured over the last week: office-hours departments are idle at weekends
UTILISATION_WINDOW_HOURS = HOURS_PER_WEEK


@dataclass(frozen=True, slots=True)
class FeedEntry:
    """One line of the feed: a tick's summary, or one collective petition in it."""

    tick: Tick
    text: str
    petition: PetitionEvent | None = None


@dataclass(frozen=True, slots=True)
class _LoadSample:
    time: float
    busy_hours: tuple[float, ...]


class History:
    """The feed of recent ticks and a week of department load samples for one model."""

    def __init__(self, model: CoGovModel) -> None:
        """Start from the model's counters as they are now."""
        self._last: Counters = snapshot(model)
        records = records_of(model)
        self._petitions_seen = len(records.petitions) if records else 0
        self.feed: deque[FeedEntry] = deque(maxlen=FEED_LENGTH)
        self.totals: Counters = self._last
        loads = department_loads(model)
        self._samples: deque[_LoadSample] = deque(
            [_LoadSample(float(model.time), tuple(d.busy_hours for d in loads))]
        )
        self._lock = threading.Lock()

    def update(self, model: CoGovModel) -> FeedEntry | None:
        """Record the tick since the last update, if time moved; return the newest entry."""
        with self._lock:
            now = float(model.time)
            if now > self._last.time:
                current = snapshot(model)
                tick = diff(self._last, current)
                for event in self._new_petitions(model):  # under the tick's line, newest first
                    name = model.graph.nodes[event.neighbourhood]["name"]
                    self.feed.appendleft(FeedEntry(tick, describe_petition(event, name), event))
                self.feed.appendleft(FeedEntry(tick, describe(tick)))
                self._last = self.totals = current
                busy = tuple(d.busy_hours for d in department_loads(model))
                self._samples.append(_LoadSample(now, busy))
                edge = now - UTILISATION_WINDOW_HOURS
                while len(self._samples) > 1 and self._samples[1].time <= edge:
                    self._samples.popleft()
            return self.feed[0] if self.feed else None

    def _new_petitions(self, model: CoGovModel) -> list[PetitionEvent]:
        """The petitions the model decided since the last update, oldest first."""
        records = records_of(model)
        if records is None:
            return []
        new = records.petitions[self._petitions_seen :]
        self._petitions_seen = len(records.petitions)
        return new

    def loads(self, model: CoGovModel) -> list[DepartmentLoad]:
        """Department loads now, with utilisation over the recent window.

        Utilisation is the working hours of work started in the window divided by the staff's
        working hours in it (office hours or round the clock, per department). Work is
        counted when it starts, so a long job can push a short window above 100%.
        """
        self.update(model)
        base = self._samples[0]
        now = float(model.time)
        out = []
        pools = [d.pool for d in model.departments.values()]
        for load, pool, before in zip(department_loads(model), pools, base.busy_hours, strict=True):
            capacity = pool.capacity_hours(base.time, now) if now > base.time else 0.0
            share = (load.busy_hours - before) / capacity if capacity > 0 else None
            out.append(replace(load, utilisation=share))
        return out


_histories: weakref.WeakKeyDictionary[CoGovModel, History] = weakref.WeakKeyDictionary()
_histories_lock = threading.Lock()


def history_for(model: CoGovModel) -> History:
    """The app's history of ``model``, created at first use."""
    with _histories_lock:
        history = _histories.get(model)
        if history is None:
            history = _histories[model] = History(model)
        return history
