"""Intake, routing and dispatch under the three policies; passing on; deadlines.

- ``siloed``: the reporter takes the case to the department she believes handles it
  (:meth:`cogov.agents.resident.Resident.choose_department`; units and patrol volunteers use
  the prior belief, grid inspectors know the lead department). No deadlines are tracked.
- ``one_window``: the linkage center (联动中心) triages (exponential delay, mean
  ``intake.triage_hours``) and routes to the lead department with probability
  ``routing.triage_accuracy``; it tracks deadlines: a breach escalates, or the department
  holding the case replies on paper
  (:meth:`cogov.agents.department.Department.decide_close_on_paper`).
- ``cogovernance``: one window, plus the community channel (a case its committee's actors are
  free and able to take goes to them first), deliberation councils that consult
  on contentious issues before action, and joint meetings that take complex issues on.

Under every policy the department that receives a case decides whether to take it or pass it
on (:meth:`cogov.agents.department.Department.take_or_pass`). A hand-over costs
Exp(``passing.handover_hours``) and then a new call by the reporter (siloed,
Exp(``reporting.delay_hours``)) or a new triage (one window); the refusing department is never
asked again. Escalation on breach: the issue is counted, moves ahead in its queue and its work
is done with ``escalation.effort_boost`` (assumption).
"""

from __future__ import annotations

from collections import deque
from typing import TYPE_CHECKING

from cogov.sim.issue import DeadlineWatch, FoundBy, Handler, Issue, Stage
from cogov.sim.jurisdiction import best_holder, draw_from
from cogov.sim.params import Channel, IntakePolicy, Score

if TYPE_CHECKING:
    from cogov.agents.department import Department
    from cogov.sim.model import CoGovModel

__all__ = ["LinkageCenter", "score_reward"]

_INF = float("inf")


def score_reward(model: CoGovModel) -> float:
    """How much the metric departments are judged by rewards an on-time reply over solving.

    1 for the on-time rate (the linkage center's own metric, felt under one window even without
    co-supervision); under satisfaction scoring, (β_on_time − β_solved) / (|β_on_time| +
    |β_solved|) of the satisfaction model: a paper reply gains the on-time term and loses the
    solved term. 0 when no deadlines are tracked.
    """
    s = model.params
    if s.intake.policy is IntakePolicy.SILOED:
        return 0.0
    if s.supervision.enabled and s.supervision.score is Score.SATISFACTION:
        a, b = s.satisfaction.on_time, s.satisfaction.solved
        return (a - b) / (abs(a) + abs(b)) if abs(a) + abs(b) > 0.0 else 0.0
    return 1.0


class LinkageCenter:
    """One-window intake, triage, dispatch, deadline tracking (or, if siloed, none of it)."""

    def __init__(self, model: CoGovModel) -> None:
        """Attach to ``model``; reads policy settings from its scenario."""
        self.model = model
        s = model.params
        self.policy = s.intake.policy
        self.siloed = self.policy is IntakePolicy.SILOED
        self.tracks_deadlines = not self.siloed
        self.community = self.policy is IntakePolicy.COGOVERNANCE
        self.consults = self.community and s.deliberation.enabled
        self.joint = self.community and len(s.meetings) > 0
        self.escalates = self.tracks_deadlines and s.escalation.enabled
        self.paper = self.tracks_deadlines and s.paper.enabled
        self.watches = self.escalates or self.paper
        self.restart_clock = s.passing.enabled and s.passing.restart_clock
        self.reward = score_reward(model)
        self.agenda: deque[Issue] = deque()  # complex issues awaiting a joint meeting

    def receive(self, issue: Issue) -> None:
        """A case has been reported or found: take it in under the policy."""
        model = self.model
        issue.stage = Stage.INTAKE
        if self.siloed:
            self.dispatch(issue)  # the reporter calls a department herself
            return
        delay = model.draws.exponential(model.params.intake.triage_hours)
        if delay > 0.0:
            if model.now + delay > issue.deadline:
                self.guard(issue)  # still in intake at the deadline
            issue.event = model.at(model.now + delay, issue.then(self.dispatch))
        else:
            self.dispatch(issue)

    def guard(self, issue: Issue) -> None:
        """Watch the deadline of an issue that may still be open when it passes.

        Most issues start work at once and finish before their deadline; they need no
        watch event. An issue gets one when it is known that it may be open at its deadline:
        its intake delay ends later, it waits in a queue, for a hand-over, a consultation or a
        meeting, or its work ends after the deadline. Every such moment comes before the
        deadline, so a breach is always handled exactly at the deadline.
        """
        if (
            self.watches
            and issue.watch is None
            and (issue.stage is not Stage.IN_WORK or issue.t_due > issue.deadline)
        ):
            issue.watch = watch = DeadlineWatch(issue, self.on_breach)
            watch.event = self.model.at(issue.deadline, watch)

    def dispatch(self, issue: Issue) -> None:
        """Send a triaged issue to whoever will settle it.

        Under co-governance a kind with a community channel is offered to its committee
        first; the committee's actors take it if one is free and able
        (:meth:`cogov.agents.committee.Committee.take`), else it goes on to consultation, a
        joint meeting or a department.
        """
        model = self.model
        kind = issue.kind
        if (
            self.community
            and kind.channel is not Channel.NONE
            and model.committees[issue.neighbourhood].take(issue, model.now)
        ):
            self.guard(issue)  # queued, or in work until after the deadline
            return
        if kind.contentious and self.consults:
            issue.stage = Stage.CONSULTATION
            self.guard(issue)
            issue.consulted = True
            model.metrics.consultations += 1
            delay = model.params.deliberation.consult_hours
            issue.event = model.at(model.now + delay, issue.then(self.after_consultation))
            return
        self.after_consultation(issue)

    def after_consultation(self, issue: Issue) -> None:
        """Complex issues wait for a joint meeting; the rest go to a department."""
        if issue.kind.complex and self.joint:
            issue.stage = Stage.AGENDA
            self.guard(issue)
            self.agenda.append(issue)
            return
        self.to_department(issue)

    def route(self, issue: Issue) -> int:
        """The index of the department the case goes to next.

        Siloed: the reporter's choice (inspectors know the lead). One window: the center's
        triage, right with probability ``routing.triage_accuracy``, else another department
        drawn by share (uniformly when no other holds one).
        """
        model = self.model
        refused = issue.refused
        if self.siloed:
            found_by = issue.found_by
            if found_by is FoundBy.RESIDENT or found_by is FoundBy.UNIT:
                return issue.reporter.choose_department(issue)
            lead = best_holder(issue.shares, refused)
            if found_by is FoundBy.INSPECTOR:
                return lead
            belief = model.beliefs.belief(None, issue.kind_index)  # a patrol volunteer
            dept = draw_from(belief, refused, model.draws.uniform())
            return dept if dept >= 0 else lead
        lead = best_holder(issue.shares, refused)
        draws = model.draws
        accuracy = model.params.routing.triage_accuracy
        if lead < 0 or accuracy >= 1.0 or draws.uniform() < accuracy:
            return lead
        excluded = refused | 1 << lead
        dept = draw_from(issue.shares, excluded, draws.uniform())
        if dept < 0:
            dept = draw_from([1.0] * len(issue.shares), excluded, draws.uniform())
        return dept if dept >= 0 else lead

    def to_department(self, issue: Issue) -> None:
        """Route the case; the department takes it into its queue or passes it on."""
        model = self.model
        dept = model.department_list[self.route(issue)]
        last = best_holder(issue.shares, issue.refused | dept.bit) < 0  # no other holder left
        took = dept.take_or_pass(issue, last)
        if self.siloed and issue.found_by is FoundBy.RESIDENT:
            # beliefs route only siloed reports: elsewhere nobody reads them, so none are kept
            model.beliefs.learn(
                issue.reporter.household, issue.kind_index, dept.index, took, issue.neighbourhood
            )
        if not took:
            self.pass_on(issue, dept)
            return
        self.submit(issue, dept, Handler.DEPARTMENT)

    def submit(self, issue: Issue, dept: Department, handler: Handler) -> None:
        """Queue the case at ``dept``.

        With ``passing.restart_clock`` a case that was passed on gets a new deadline when
        ``dept`` signs for it: the kind's deadline from now (the office's clock; the clock from
        the report is kept in ``issue.t_report``).
        """
        issue.handler = handler
        issue.dept = dept
        now = self.model.now
        if self.restart_clock and issue.refused:
            issue.deadline = now + issue.kind.deadline_hours
        dept.pool.submit(issue, now)
        self.guard(issue)

    def pass_on(self, issue: Issue, dept: Department) -> None:
        """``dept`` passes the case on: after the hand-over it is routed again."""
        model = self.model
        draws = model.draws
        s = model.params
        issue.refused |= dept.bit
        issue.passes += 1
        model.metrics.on_pass(issue)
        issue.stage = Stage.HANDOVER
        delay = draws.exponential(s.passing.handover_hours)
        delay += draws.exponential(
            s.reporting.delay_hours if self.siloed else s.intake.triage_hours
        )
        if self.restart_clock:
            # the clock stops while nobody has signed for the case; it restarts at the next
            # department's signature (submit)
            issue.deadline = _INF
            if issue.watch is not None and issue.watch.cancel():
                model.events_cancelled += 1
            issue.watch = None
        else:
            self.guard(issue)
        issue.event = model.at(model.now + delay, issue.then(self.to_department))

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
            self.model.joint.start(issue)
            taken += 1
        return taken

    def on_breach(self, issue: Issue) -> None:
        """The deadline passed with the case still open: reply on paper, or escalate."""
        model = self.model
        dept = issue.dept
        if (
            self.paper
            and dept is not None
            and issue.task is None  # a joint meeting's decision is not closed on paper
            and issue.stage in (Stage.QUEUED, Stage.IN_WORK)
            and dept.decide_close_on_paper(self.lateness(issue, dept), self.reward)
        ):
            model.work.close_on_paper(issue)
            return
        if not self.escalates:
            return
        if not issue.escalated:  # a case escalates once, though with the clock restarted at
            issue.escalated = True  # a hand-over it can pass a second deadline
            model.metrics.escalations += 1
        if issue.pool is not None:
            issue.pool.reprioritise(issue)

    def lateness(self, issue: Issue, dept: Department) -> float:
        """Expected hours past the deadline, in units of the kind's deadline.

        In work: the work time left; queued: the queue ahead per staff member times the kind's
        mean work time, plus its own.
        """
        now = self.model.now
        if issue.stage is Stage.IN_WORK:
            left = issue.t_due - now
        else:
            pool = dept.pool
            mean = issue.kind.work.mean_hours / pool.effort
            left = (pool.waiting / pool.servers + 1.0) * mean
        return left / issue.kind.deadline_hours
