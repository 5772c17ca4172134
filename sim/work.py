"""Work on an issue and its closing: reply, solved or not, rating, trust, petitions.

Work time is drawn in working hours from the kind's distribution (``work`` for departments,
``community_work`` for community actors) and divided by the server's effort, by the
escalation boost if the issue was escalated before work began, and by a joint meeting's
effort if a meeting took it on (assumption: pressure and joint action speed work up).

Whether the reply actually solves the problem: probability ``p_solve`` (``p_solve_joint``
after a joint meeting); a department's effort ``e`` divides the chance of failure,
``1 - (1 - p) / e`` (assumption). A contentious issue left unsolved or late turns into a
collective petition with probability ``p_petition``, cut by ``deliberation.petition_reduction``
if a council consulted on it first (report: Metro Line 11 works settled with no petition).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from cogov.sim.issue import COMMUNITY_HANDLERS, FoundBy, Handler, Issue, IssueState
from cogov.sim.params import Reporter
from cogov.sim.pool import Pool

if TYPE_CHECKING:
    from cogov.agents.volunteer import Volunteer
    from cogov.sim.model import CoGovModel

__all__ = ["Work"]


class Work:
    """Starts and finishes work; closes issues."""

    def __init__(self, model: CoGovModel) -> None:
        """Attach to ``model``."""
        self.model = model
        self.boost = model.params.escalation.effort_boost

    def start_in_pool(self, issue: Issue, pool: Pool) -> None:
        """Work begins on ``issue`` at ``pool`` (the pools' ``on_start`` callback)."""
        model = self.model
        kind = issue.kind
        community = issue.handler in COMMUNITY_HANDLERS
        hours = model.draws.work_hours(kind.community_work if community else kind.work)
        hours /= pool.effort * issue.boost * (self.boost if issue.escalated else 1.0)
        issue.work_hours = hours
        pool.busy_hours += hours
        if issue.handler is Handler.SERVICE_TEAM:
            model.committees[issue.neighbourhood].next_team().give_hours(hours)
        issue.t_due = pool.busy_until(model.time, hours)
        model.at(issue.t_due, issue.then(self.finish_in_pool))

    def finish_in_pool(self, issue: Issue) -> None:
        """Work at a pool is done: close the issue and free the server."""
        pool = issue.pool
        self.close(issue)
        pool.release(self.model.time)

    def start_by_volunteer(
        self, issue: Issue, volunteer: Volunteer, hours: float, now: float
    ) -> None:
        """A volunteer takes the issue at once and spends ``hours`` on it."""
        volunteer.serve(hours)
        issue.worker = volunteer
        issue.t_queue = issue.t_start = now
        issue.work_hours = hours
        issue.t_due = now + hours
        self.model.at(issue.t_due, issue.then(self.close))

    def close(self, issue: Issue) -> None:
        """Reply to the reporter: decide solved, petition, rating and trust; record it."""
        model = self.model
        draws = model.draws
        kind = issue.kind
        now = model.time
        issue.state = IssueState.CLOSED
        issue.t_close = now
        issue.on_time = now <= issue.deadline
        p = kind.p_solve_joint if issue.handler is Handler.JOINT else kind.p_solve
        effort = 1.0 if issue.handler in COMMUNITY_HANDLERS else issue.pool.effort
        issue.solved = draws.uniform() < 1.0 - (1.0 - p) / effort
        if kind.contentious and not (issue.solved and issue.on_time):
            reduction = model.params.deliberation.petition_reduction if issue.consulted else 0
            if draws.uniform() < kind.p_petition * (1.0 - reduction):
                issue.petitioned = True
        if issue.found_by is FoundBy.RESIDENT:
            issue.satisfied = issue.reporter.rate(issue)
        if kind.reporter is Reporter.RESIDENT:
            outcome = issue.satisfied if issue.satisfied is not None else issue.solved
            issue.reporter.update_trust(float(outcome))
        if issue.handler in (Handler.DEPARTMENT, Handler.JOINT):
            model.departments[kind.department].record_closure(issue.on_time)
        model.metrics.on_close(issue, now)
        del model.alive[issue.id]
        model.events_cancelled += issue.release()
