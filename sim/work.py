"""Work on a case and the reply: solved or not, rating, trust, petitions; the problem after it.

Work time is drawn in working hours from the kind's distribution: ``work`` for departments,
when work begins; ``community_work`` for community actors, when they take the job on and spend
it from their week (:meth:`cogov.agents.committee.Committee.take`). It is divided by the
server's speed effort, by the escalation boost if the issue was escalated before work began,
and by a joint meeting's effort if a meeting took it on (assumption: pressure and joint action
speed work up).

Whether the reply solves the problem: work with full authority solves it with probability
``p_solve``; a department's authority covers the share ``c`` of the kind's jurisdiction it
holds (a ``complex`` kind needs all of it: c = 1 only if it holds everything, else 0), a joint
task covers what its members hold, a community actor settles what it takes (c = 1). The chance
is ``1 - (1 - p_solve * c) ** k`` with k the department's care effort (assumption: care
shrinks the chance of failure, but cannot stand in for authority: with c = 0 it is 0). A reply on
paper (:meth:`Work.close_on_paper`) solves nothing. A contentious issue left unsolved or late
may turn into a collective petition: the affected residents decide together
(:meth:`cogov.sim.collective.Collective.decide`: grievance, councils' contact, a threshold
cascade); the petition has a size.

After the reply the problem is gone if solved (or if persistence is off); otherwise it persists
(:meth:`cogov.sim.life.Life.after_reply`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from cogov.sim.calendar import working_hours_between
from cogov.sim.issue import COMMUNITY_HANDLERS, FoundBy, Handler, Issue, Stage
from cogov.sim.params import Reporter
from cogov.sim.pool import Pool

if TYPE_CHECKING:
    from cogov.agents.volunteer import Volunteer
    from cogov.sim.model import CoGovModel

__all__ = ["Work", "coverage"]


def coverage(issue: Issue) -> float:
    """The share of the problem's jurisdiction the handler's authority covers."""
    handler = issue.handler
    if handler is Handler.DEPARTMENT:
        share = issue.shares[issue.dept.index]
        if issue.kind.complex:
            return 1.0 if share >= 1.0 - 1e-9 else 0.0
        return share
    if handler is Handler.JOINT:
        return issue.task.coverage if issue.task is not None else 1.0
    return 1.0


class Work:
    """Starts and finishes work; replies to cases."""

    def __init__(self, model: CoGovModel) -> None:
        """Attach to ``model``."""
        self.model = model
        self.boost = model.params.escalation.effort_boost

    def start_in_pool(self, issue: Issue, pool: Pool) -> None:
        """Work begins on ``issue`` at ``pool`` (the pools' ``on_start`` callback)."""
        task = issue.task
        if task is not None and issue.handler is Handler.JOINT:
            self.model.joint.member_started(issue, pool)
            return
        model = self.model
        kind = issue.kind
        if issue.handler in COMMUNITY_HANDLERS:
            hours = issue.work_hours  # drawn when the actor took the job (Committee.take)
        else:
            hours = model.draws.work_hours(kind.work)
        hours /= pool.effort * issue.boost * (self.boost if issue.escalated else 1.0)
        issue.work_hours = hours
        pool.busy_hours += hours
        if issue.handler is Handler.SERVICE_TEAM:
            model.committees[issue.neighbourhood].next_team().give_hours(hours)
        issue.t_due = pool.busy_until(model.now, hours)
        issue.event = model.at(issue.t_due, issue.then(self.finish_in_pool))

    def finish_in_pool(self, issue: Issue) -> None:
        """Work at a pool is done: reply and free the server."""
        issue.event = None
        pool = issue.pool
        self.close(issue)
        pool.release(self.model.now)

    def start_by_volunteer(
        self, issue: Issue, volunteer: Volunteer, hours: float, now: float
    ) -> None:
        """A volunteer takes the issue at once and spends ``hours`` on it."""
        volunteer.serve(hours)
        issue.worker = volunteer
        issue.stage = Stage.IN_WORK
        issue.t_queue = issue.t_start = now
        issue.work_hours = hours
        issue.t_due = now + hours
        issue.event = self.model.at(issue.t_due, issue.then(self.close))

    def close_on_paper(self, issue: Issue) -> None:
        """The department replies now without solving: work stops, the server is freed."""
        model = self.model
        now = model.now
        pool = issue.pool
        if issue.stage is Stage.IN_WORK:
            issue.cancel_step()
            model.events_cancelled += 1
            pool.busy_hours -= working_hours_between(now, issue.t_due, pool.office)
            issue.paper = True
            self.close(issue)
            pool.release(now)
        else:
            pool.withdraw(issue, now)
            issue.paper = True
            self.close(issue)

    def close(self, issue: Issue) -> None:
        """Reply to the reporter: decide solved, petition, rating and trust; record it."""
        model = self.model
        draws = model.draws
        kind = issue.kind
        now = model.now
        issue.t_close = now
        issue.on_time = now <= issue.deadline
        issue.replies += 1
        dept = issue.dept
        if issue.paper:
            issue.solved = False
        else:
            p = kind.p_solve * coverage(issue)
            care = dept.care if dept is not None else 1.0
            issue.solved = draws.uniform() < 1.0 - (1.0 - p) ** care
        if kind.contentious and not (issue.solved and issue.on_time):
            size = model.collective.decide(issue)
            if size > 0:
                issue.petitioned = True
        if issue.solved and kind.affects_elderly_alone and issue.handler in COMMUNITY_HANDLERS:
            model.participation.serve_elderly(issue.reporter)
        if issue.found_by is FoundBy.RESIDENT:
            issue.satisfied = issue.reporter.rate(issue)
        if kind.reporter is Reporter.RESIDENT:
            outcome = issue.satisfied if issue.satisfied is not None else issue.solved
            issue.reporter.update_trust(float(outcome))
        if issue.handler in (Handler.DEPARTMENT, Handler.JOINT):
            scored = dept if dept is not None else model.departments[kind.department]
            scored.record_closure(issue.on_time, issue.satisfied)
        model.metrics.on_close(issue, now)
        model.life.after_reply(issue)
