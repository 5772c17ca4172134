"""Intake and dispatch under the three policies, deadlines and escalation.

- ``siloed``: a resident, unit or patrol volunteer reporting must find the right department
  (grid inspectors know it). Each attempt goes astray with
  ``intake.misroute_probability`` and costs an exponential re-routing delay (mean
  ``intake.reroute_hours``); no deadlines are tracked, so nothing escalates and there is no
  deadline-first order.
- ``one_window``: the linkage center (联动中心) triages (exponential delay, mean
  ``intake.triage_hours``), dispatches with the kind's deadline and escalates on breach.
- ``cogovernance``: one window, plus the community channel (committees take what their
  actors can settle), deliberation councils that consult on contentious issues before
  action, and joint meetings that take complex issues on.

Escalation on breach (report: the supervision office tracks disposal within deadlines): the
issue is counted, moves ahead in its queue and its work is done with
``escalation.effort_boost`` (assumption).
"""

from __future__ import annotations

from collections import deque
from typing import TYPE_CHECKING

from cogov.sim.issue import DeadlineWatch, FoundBy, Handler, Issue
from cogov.sim.params import Channel, IntakePolicy

if TYPE_CHECKING:
    from cogov.sim.model import CoGovModel

__all__ = ["LinkageCenter"]


class LinkageCenter:
    """One-window intake, triage, dispatch, deadline tracking (or, if siloed, none of it)."""

    def __init__(self, model: CoGovModel) -> None:
        """Attach to ``model``; reads policy settings from its scenario."""
        self.model = model
        s = model.params
        self.policy = s.intake.policy
        self.tracks_deadlines = self.policy is not IntakePolicy.SILOED
        self.community = self.policy is IntakePolicy.COGOVERNANCE
        self.consults = self.community and s.deliberation.enabled
        self.joint = self.community and len(s.meetings) > 0
        self.escalates = self.tracks_deadlines and s.escalation.enabled
        self.agenda: deque[Issue] = deque()  # complex issues awaiting a joint meeting

    def receive(self, issue: Issue) -> None:
        """A problem has been reported or found: take it in under the policy."""
        model = self.model
        s = model.params
        now = model.time
        draws = model.draws
        if self.policy is IntakePolicy.SILOED:
            # inspectors know which department to call; residents and units must find out
            delay = 0.0
            while (
                issue.found_by is not FoundBy.INSPECTOR
                and draws.uniform() < s.intake.misroute_probability
            ):
                issue.misroutes += 1
                delay += draws.exponential(s.intake.reroute_hours)
        else:
            delay = draws.exponential(s.intake.triage_hours)
        if now + delay > issue.deadline:
            self.guard(issue)  # still in intake at the deadline
        if delay > 0.0:
            model.at(now + delay, issue.then(self.dispatch))
        else:
            self.dispatch(issue)

    def guard(self, issue: Issue) -> None:
        """Watch the deadline of an issue that may still be open when it passes.

        Most issues start work at once and finish before their deadline; they need no
        watch event. An issue gets one when it is known that it may be open at its deadline:
        its intake delay ends later, it waits in a queue, for a consultation or a meeting, or
        its work ends after the deadline. Every such moment comes before the deadline, so a
        breach is always escalated exactly at the deadline.
        """
        if self.escalates and issue.watch is None and not issue.t_due <= issue.deadline:
            issue.watch = watch = DeadlineWatch(issue, self.on_breach)
            watch.event = self.model.at(issue.deadline, watch)

    def dispatch(self, issue: Issue) -> None:
        """Send a triaged issue to whoever will settle it."""
        model = self.model
        kind = issue.kind
        if (
            self.community
            and kind.channel is not Channel.NONE
            and model.draws.uniform() < kind.community_share
            and model.committees[issue.neighbourhood].take(issue, model.time)
        ):
            self.guard(issue)  # queued, or in work until after the deadline
            return
        if kind.contentious and self.consults:
            self.guard(issue)
            issue.consulted = True
            model.metrics.consultations += 1
            delay = model.params.deliberation.consult_hours
            model.at(model.time + delay, issue.then(self.after_consultation))
            return
        self.after_consultation(issue)

    def after_consultation(self, issue: Issue) -> None:
        """Complex issues wait for a joint meeting; the rest go to their department."""
        if issue.kind.complex and self.joint:
            self.guard(issue)
            self.agenda.append(issue)
            return
        self.to_department(issue)

    def to_department(self, issue: Issue, joint: bool = False) -> None:
        """Queue the issue at its department."""
        issue.handler = Handler.JOINT if joint else Handler.DEPARTMENT
        dept = self.model.departments[issue.kind.department]
        dept.pool.submit(issue, self.model.time)
        self.guard(issue)

    def take_up(self, how_many: int, boost: float) -> int:
        """A joint meeting takes up to ``how_many`` complex issues off the agenda.

        Args:
            how_many: the meeting's agenda size.
            boost: work-speed factor of joint action on the issues taken.

        Returns:
            How many issues were taken.
        """
        taken = 0
        while self.agenda and taken < how_many:
            issue = self.agenda.popleft()
            issue.boost = boost
            self.to_department(issue, joint=True)
            taken += 1
        return taken

    def on_breach(self, issue: Issue) -> None:
        """The deadline passed with the issue still open: escalate it."""
        issue.escalated = True
        self.model.metrics.escalations += 1
        if issue.pool is not None:
            issue.pool.reprioritise(issue)
