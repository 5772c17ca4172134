"""Joint action (co-management): a complex problem worked on by every department it needs.

A joint meeting takes a complex issue off the agenda and turns it into a :class:`JointTask`
that needs one staff member of every department holding a share of the issue's jurisdiction,
at the same time. The task joins each of those departments' queues through a
:class:`Member` ticket; a department that reaches its ticket holds that staff member
(``Stage.JOINT_WAIT``) until every department has, then the work runs for one draw of the
kind's work time on the slowest calendar among them, and all are released together. Its
authority covers the sum of its members' shares (all of it), which sets its chance to solve
(:func:`cogov.sim.work.coverage`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from cogov.sim.issue import Handler, Issue, Stage
from cogov.sim.jurisdiction import best_holder

if TYPE_CHECKING:
    from cogov.agents.department import Department
    from cogov.sim.model import CoGovModel
    from cogov.sim.pool import Pool

__all__ = ["JointAction", "JointTask"]


class JointTask:
    """One joint task: the issue, the departments it needs, and who has started."""

    __slots__ = ("coverage", "depts", "issue", "members", "started")

    def __init__(self, issue: Issue, depts: list[Department]) -> None:
        """A task on ``issue`` needing one staff member of each of ``depts``."""
        self.issue = issue
        self.depts = depts
        self.coverage = min(1.0, sum(issue.shares[d.index] for d in depts))
        self.members: list[Member] = []
        self.started = 0


class Member(Issue):
    """A department's ticket for a joint task: what its queue holds instead of the issue."""

    __slots__ = ("owner",)


class JointAction:
    """Starts joint tasks and runs them when every member department has a staff member free."""

    def __init__(self, model: CoGovModel) -> None:
        """Attach to ``model``."""
        self.model = model

    def start(self, issue: Issue) -> None:
        """Make ``issue`` a joint task and queue a ticket at every department it needs."""
        model = self.model
        holders = [d for d in model.department_list if issue.shares[d.index] > 0.0]
        lead = model.department_list[best_holder(issue.shares, 0)]
        task = JointTask(issue, holders)
        issue.task = task
        issue.handler = Handler.JOINT
        issue.dept = lead
        issue.stage = Stage.QUEUED
        issue.t_queue = model.now
        now = model.now
        for dept in holders:
            ticket = Member(issue.id, issue.kind_index, issue.kind, issue.neighbourhood, now)
            ticket.owner = issue
            ticket.task = task
            ticket.handler = Handler.JOINT
            ticket.deadline = issue.deadline
            ticket.escalated = issue.escalated
            task.members.append(ticket)
            dept.pool.submit(ticket, now)
        model.center.guard(issue)

    def member_started(self, ticket: Issue, pool: Pool) -> None:
        """A department's staff member is free for the task: hold them; start when all are."""
        task = ticket.task
        issue = task.issue
        task.started += 1
        issue.stage = Stage.JOINT_WAIT
        if task.started < len(task.depts):
            return
        model = self.model
        now = model.now
        issue.t_start = now
        issue.stage = Stage.IN_WORK
        hours = model.draws.work_hours(issue.kind.work) / issue.boost
        issue.work_hours = hours
        finish = now
        for member in task.members:
            member.pool.busy_hours += hours
            finish = max(finish, member.pool.busy_until(now, hours))
        issue.t_due = finish
        issue.pool = None
        issue.event = model.at(finish, issue.then(self.finish))

    def finish(self, issue: Issue) -> None:
        """The joint work is done: reply, then free every member's staff member."""
        issue.event = None
        task = issue.task
        now = self.model.now
        self.model.work.close(issue)
        for member in task.members:
            pool = member.pool
            member.pool = None
            member.task = None
            pool.release(now)
