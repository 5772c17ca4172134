"""An issue's record and states: one problem from the moment it arises until it is closed.

An ``Issue`` is itself the callback of its lifecycle events. Mesa's event list holds weak
references to callbacks; a weak reference to a plain object costs far less to make than one
to a bound method, and the model's table of live issues keeps every scheduled issue alive.
``Issue.__call__`` runs whatever step was set by :meth:`Issue.then`, passing the issue.
The deadline has its own small callable, :class:`DeadlineWatch`, because it runs alongside
the main lifecycle.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import Enum, auto
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from cogov.sim.params import IssueKindParams

__all__ = [
    "COMMUNITY_HANDLERS",
    "DeadlineWatch",
    "FoundBy",
    "Handler",
    "Issue",
    "IssueState",
    "Stage",
]

_NAN = float("nan")
_INF = float("inf")


class IssueState(Enum):
    """Where a problem stands. Unreported, open, persisting and gone partition all arisen ones."""

    PENDING = auto()  # drawn, not yet arisen
    UNREPORTED = auto()  # arisen, nobody has reported or found it yet
    OPEN = auto()  # reported: a case is in intake, consultation, on an agenda, queued or in work
    PERSISTING = auto()  # replied to but not solved: still in the world, may be reported again
    CLOSED = auto()  # gone from the world: solved, faded, or replied to without persistence


class Stage(Enum):
    """Where an open case is (explicit sub-states of ``IssueState.OPEN``)."""

    NONE = auto()  # not an open case
    INTAKE = auto()  # being triaged, or on its way to a department (the reporter's call)
    HANDOVER = auto()  # passed on by a department, on its way to the next
    CONSULTATION = auto()  # a deliberation council consults on it
    AGENDA = auto()  # waiting for a joint meeting
    QUEUED = auto()  # in a pool's queue
    IN_WORK = auto()  # a server (or a volunteer) is working on it
    JOINT_WAIT = auto()  # a joint task holding some departments' staff, waiting for the rest


class FoundBy(Enum):
    """Who brought the issue to the system."""

    RESIDENT = auto()
    INSPECTOR = auto()
    VOLUNTEER = auto()  # a patrol volunteer
    UNIT = auto()


class Handler(Enum):
    """Who did the work."""

    DEPARTMENT = auto()
    JOINT = auto()  # a department acting on a joint meeting's decision
    SELF_GOVERNANCE = auto()
    SERVICE_TEAM = auto()
    VOLUNTEER = auto()
    NEIGHBOUR_POINT = auto()


COMMUNITY_HANDLERS = frozenset(
    {Handler.SELF_GOVERNANCE, Handler.SERVICE_TEAM, Handler.VOLUNTEER, Handler.NEIGHBOUR_POINT}
)


class Issue:
    """One problem and everything that happens to it."""

    __slots__ = (
        "__weakref__",
        "_next",
        "boost",
        "chronic",
        "consulted",
        "deadline",
        "dept",
        "escalated",
        "event",
        "found_by",
        "handler",
        "id",
        "kind",
        "kind_index",
        "neighbourhood",
        "on_time",
        "paper",
        "passes",
        "petitioned",
        "pool",
        "queue_token",
        "refused",
        "replies",
        "reporter",
        "reports",
        "satisfied",
        "shares",
        "solved",
        "stage",
        "state",
        "t_arise",
        "t_close",
        "t_due",
        "t_fade",
        "t_queue",
        "t_report",
        "t_start",
        "task",
        "watch",
        "work_hours",
        "worker",
    )

    def __init__(
        self,
        ident: int,
        kind_index: int,
        kind: IssueKindParams,
        neighbourhood: int,
        t: float,
        shares: tuple[float, ...] = (1.0,),
    ) -> None:
        """Create a pending issue that will arise at time ``t``.

        ``shares`` is its jurisdiction: the share of each department (by index) in it.
        """
        self.id = ident
        self.kind_index = kind_index
        self.kind = kind
        self.neighbourhood = neighbourhood
        self.t_arise = t
        self.state = IssueState.PENDING
        self.stage = Stage.NONE
        self.shares = shares
        self.reporter: Any = None
        self.found_by: FoundBy | None = None
        self.t_report = self.t_queue = self.t_start = self.t_close = _NAN
        self.t_due = _NAN  # when the work under way will end
        self.deadline = _INF
        self.handler: Handler | None = None
        self.pool: Any = None
        self.worker: Any = None
        self.work_hours = 0.0
        self.boost = 1.0  # work-speed factor from a joint meeting's decision
        self.queue_token = 0
        self.refused = 0  # bit d set: department d has passed this problem on
        self.passes = 0  # hand-overs between departments, over all its cases
        self.reports = 0  # reports of this problem (the first and repeats)
        self.replies = 0  # replies to it (cases closed)
        self.dept: Any = None  # the department holding the current case, if any
        self.task: Any = None  # the joint task, while one holds it
        self.event: Any = None  # the scheduled event of the current step, to cancel it
        self.t_fade = _INF  # when the problem goes away by itself
        self.chronic = self.paper = False
        self.escalated = self.petitioned = self.consulted = False
        self.solved = self.on_time = False
        self.satisfied: bool | None = None
        self.watch: DeadlineWatch | None = None
        self._next: Callable[[Issue], None] | None = None

    def open_case(self, now: float) -> None:
        """A new case of this problem opens at ``now`` (its first report or a repeat)."""
        self.reports += 1
        self.t_report = now
        self.deadline = now + self.kind.deadline_hours
        self.t_queue = self.t_start = self.t_close = self.t_due = _NAN
        self.handler = None
        self.boost = 1.0
        self.escalated = self.petitioned = self.consulted = self.paper = False
        self.solved = self.on_time = False
        self.satisfied = None
        self.refused = 0  # a new case: every department may be asked again

    @property
    def on_time_from_report(self) -> bool:
        """Whether the last reply came within the kind's deadline counted from the report.

        It differs from ``on_time`` (the office's clock) only when the clock restarted at a
        hand-over (``passing.restart_clock``): it is how long the reporter waited.
        """
        return self.t_close <= self.t_report + self.kind.deadline_hours

    def then(self, step: Callable[[Issue], None]) -> Issue:
        """Set the step the next lifecycle event runs; returns self for ``model.at``."""
        self._next = step
        return self

    def __call__(self) -> None:
        """Run the pending lifecycle step (called by Mesa's event list)."""
        step, self._next = self._next, None
        if step is not None:
            step(self)

    def release(self) -> bool:
        """Drop references that would keep closed issues in memory; cancel the watch.

        Returns:
            Whether a deadline watch was cancelled before its time.
        """
        self._next = None
        cancelled = self.watch is not None and self.watch.cancel()
        self.watch = None
        self.pool = None
        self.worker = None
        self.dept = None
        self.task = None
        self.stage = Stage.NONE
        return cancelled

    def cancel_step(self) -> None:
        """Cancel the scheduled event of the current step (work cut short by a paper reply)."""
        if self.event is not None:
            self.event.cancel()
            self.event = None
        self._next = None

    def __repr__(self) -> str:
        return f"Issue({self.id}, {self.kind.id}, nb={self.neighbourhood}, {self.state.name})"


class DeadlineWatch:
    """Fires at an issue's deadline; does nothing if the issue has closed by then.

    The issue cancels its watch when it closes (:meth:`Issue.release`), and the model takes
    cancelled events off Mesa's event list when they pile up
    (``CoGovModel.drop_cancelled_events``): most watches belong to issues closed in time and
    would otherwise fill half the list.
    """

    __slots__ = ("__weakref__", "event", "issue", "on_breach")

    def __init__(self, issue: Issue, on_breach: Callable[[Issue], None]) -> None:
        """Watch ``issue``; call ``on_breach(issue)`` if it is still open at the deadline."""
        self.issue = issue
        self.on_breach = on_breach
        self.event: Any = None  # the scheduled Mesa event, set by whoever schedules it

    def cancel(self) -> bool:
        """Cancel the scheduled event if it has not run; return whether it was cancelled."""
        if self.event is None:
            return False
        self.event.cancel()
        self.event = None
        return True

    def __call__(self) -> None:
        """Called by Mesa's event list at the deadline."""
        self.event = None  # it has run: nothing left to cancel
        if self.issue.state is IssueState.OPEN:
            self.on_breach(self.issue)
