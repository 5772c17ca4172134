"""A pool of servers with one queue.

A department's staff, a neighbourhood's service teams, self-governance groups or neighbour
points are each a pool. A community pool's servers change at run time as its actors form and
go (:meth:`Pool.resize`).

Invariants: ``0 <= busy``, ``0 <= waiting`` = the queue's live entries; work starts only while
``busy < servers``, so ``busy <= servers`` except after a shrink, until the jobs in work finish
(they are never cut short); a pool with no servers has an empty queue.

Work starts only when a server is free and the pool is working (office hours or round the
clock); work begun before closing resumes at the next opening
(:func:`cogov.sim.calendar.finish_time`).
The queue is first come first served or earliest deadline first; escalated issues go ahead
of the rest in either order. Re-prioritising pushes a fresh entry and marks the old one stale
(lazy deletion), so every queue operation is O(log n).
"""

from __future__ import annotations

import heapq
import itertools
from collections.abc import Callable

from cogov.sim.calendar import finish_time, is_open, working_hours_between
from cogov.sim.issue import Issue, Stage

__all__ = ["Pool"]


class Pool:
    """Servers and a queue. The owner supplies ``start_work(issue) -> finish time``."""

    __slots__ = (
        "_counter",
        "_queue",
        "_t_last",
        "arrivals",
        "busy",
        "busy_hours",
        "edf",
        "effort",
        "left_wait_hours",
        "name",
        "office",
        "on_start",
        "queue_area",
        "served",
        "servers",
        "wait_hours",
        "waiting",
    )

    def __init__(
        self,
        name: str,
        servers: int,
        office: bool,
        edf: bool,
        on_start: Callable[[Issue, Pool], None],
    ) -> None:
        """Create a pool.

        Args:
            name: label for reports.
            servers: how many issues can be in work at once.
            office: True for office hours, False for round the clock.
            edf: earliest deadline first instead of first come first served.
            on_start: called when work on an issue begins; it schedules the finish.
        """
        self.name = name
        self.servers = servers
        self.office = office
        self.edf = edf
        self.on_start = on_start
        self.effort = 1.0
        self.busy = 0
        self.busy_hours = 0.0  # working hours of work started (accrued at start)
        self.wait_hours = 0.0
        self.left_wait_hours = 0.0  # queue time of issues withdrawn before work began
        self.served = 0
        self.arrivals = 0
        self.waiting = 0  # issues in the queue (stale heap entries excluded)
        self.queue_area = 0.0  # integral of ``waiting`` over time, for Little's law
        self._t_last = 0.0
        self._queue: list[tuple[int, float, int, int, Issue]] = []
        self._counter = itertools.count()

    def __len__(self) -> int:
        """Issues waiting in the queue."""
        return self.waiting

    @property
    def queued(self) -> int:
        """Issues waiting in the queue (same as ``len(pool)``)."""
        return self.waiting

    def has_room(self, max_queue_per_server: int) -> bool:
        """Whether a community actor would take another issue now."""
        return self.busy + self.waiting < self.servers * (1 + max_queue_per_server)

    def submit(self, issue: Issue, now: float) -> None:
        """An issue arrives: start it if a server is free and the pool works now."""
        issue.pool = self
        issue.t_queue = now
        self.arrivals += 1
        if self.busy < self.servers and is_open(now, self.office):
            self._start(issue, now)
        else:
            self.advance(now)
            self.waiting += 1
            issue.stage = Stage.QUEUED
            self._push(issue)

    def reprioritise(self, issue: Issue) -> None:
        """Move a queued issue ahead (after escalation)."""
        if issue.pool is self and issue.stage is Stage.QUEUED:
            self._push(issue)

    def withdraw(self, issue: Issue, now: float) -> None:
        """Take a queued issue out of the queue before work begins (a reply on paper)."""
        self.advance(now)
        self.waiting -= 1
        issue.queue_token += 1  # its heap entry is now stale
        issue.t_start = now  # its wait ends here
        self.left_wait_hours += now - issue.t_queue

    def resize(self, servers: int, now: float) -> list[Issue]:
        """The pool now has ``servers`` servers (its actors formed or went).

        Jobs in work finish as they would. If servers were added and the pool works now,
        queued issues start. If none are left, the queue is emptied and its issues are
        returned (withdrawn: their wait ends now) for the owner to send elsewhere.
        """
        self.servers = servers
        if servers > 0:
            if is_open(now, self.office):
                self._fill(now)
            return []
        out = []
        for _, _, _, token, issue in sorted(self._queue):
            if token == issue.queue_token:
                self.withdraw(issue, now)
                out.append(issue)
        self._queue.clear()
        return out

    def release(self, now: float) -> None:
        """A server finished: take the next issue if the pool works now."""
        self.busy -= 1
        if is_open(now, self.office):
            self._fill(now)

    def on_open(self, now: float) -> None:
        """Called at the start of office hours."""
        self._fill(now)

    def busy_until(self, start: float, work_hours: float) -> float:
        """Model time when work begun at ``start`` ends, on this pool's calendar."""
        return finish_time(start, work_hours, self.office)

    def capacity_hours(self, a: float, b: float) -> float:
        """Server-hours available in [a, b)."""
        return self.servers * working_hours_between(a, b, self.office)

    def _push(self, issue: Issue) -> None:
        issue.queue_token += 1
        key = issue.deadline if self.edf else issue.t_queue
        entry = (0 if issue.escalated else 1, key, next(self._counter), issue.queue_token, issue)
        heapq.heappush(self._queue, entry)

    def _fill(self, now: float) -> None:
        queue = self._queue
        while queue and self.busy < self.servers:
            _, _, _, token, issue = heapq.heappop(queue)
            if token == issue.queue_token:
                self.advance(now)
                self.waiting -= 1
                self._start(issue, now)

    def advance(self, now: float) -> None:
        """Bring the time integral of the queue length up to ``now``."""
        self.queue_area += self.waiting * (now - self._t_last)
        self._t_last = now

    def _start(self, issue: Issue, now: float) -> None:
        self.busy += 1
        self.served += 1
        issue.queue_token += 1  # any queue entry left behind is now stale
        issue.stage = Stage.IN_WORK
        issue.t_start = now
        self.wait_hours += now - issue.t_queue
        self.on_start(issue, self)
