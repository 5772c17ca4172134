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

__all__ = ["COMMUNITY_HANDLERS", "DeadlineWatch", "FoundBy", "Handler", "Issue", "IssueState"]

_NAN = float("nan")
_INF = float("inf")


class IssueState(Enum):
    """Where an issue stands. Unreported, open and closed partition all arisen issues."""

    PENDING = auto()  # drawn, not yet arisen
    UNREPORTED = auto()  # arisen, nobody has reported or found it yet
    OPEN = auto()  # reported: in intake, consultation, on an agenda, queued or in work
    CLOSED = auto()  # replied to; solved or not


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
        "consulted",
        "deadline",
        "escalated",
        "found_by",
        "handler",
        "id",
        "kind",
        "kind_index",
        "misroutes",
        "neighbourhood",
        "on_time",
        "petitioned",
        "pool",
        "queue_token",
        "reporter",
        "satisfied",
        "solved",
        "state",
        "t_arise",
        "t_close",
        "t_due",
        "t_queue",
        "t_report",
        "t_start",
        "watch",
        "work_hours",
        "worker",
    )

    def __init__(
        self, ident: int, kind_index: int, kind: IssueKindParams, neighbourhood: int, t: float
    ) -> None:
        """Create a pending issue that will arise at time ``t``."""
        self.id = ident
        self.kind_index = kind_index
        self.kind = kind
        self.neighbourhood = neighbourhood
        self.t_arise = t
        self.state = IssueState.PENDING
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
        self.misroutes = 0
        self.escalated = self.petitioned = self.consulted = False
        self.solved = self.on_time = False
        self.satisfied: bool | None = None
        self.watch: DeadlineWatch | None = None
        self._next: Callable[[Issue], None] | None = None

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
        return cancelled

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
