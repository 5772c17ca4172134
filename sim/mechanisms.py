"""Recurring mechanisms, each a scheduled event on the model's queue.

- joint meetings (co-decision and co-management): each ``[meetings.ID]`` of the scenario
  meets every ``interval_days`` and takes up to ``agenda`` complex issues on (the report's
  cadences: directors weekly, Party secretaries every two weeks, joint "line and block"
  meeting monthly, on-site office meeting with all departments quarterly);
- co-supervision: every ``supervision.interval_days`` evaluation teams score departments;
- the volunteers' week: each Monday 00:00 every volunteer decides whether to stay
  (:meth:`cogov.sim.participation.Participation.review`) and her hours are renewed, and so
  are the hours of each committee's groups, points and service teams;
- recruitment campaigns: every ``participation.campaign_days`` each committee approaches
  residents (:meth:`cogov.sim.participation.Participation.campaign`);
- office opening: each working day at 09:00 office-hours pools start queued work;
- the day's end: the daily row of the metrics and Mesa's data collector.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from mesa.time import Priority, Schedule

from cogov.sim.calendar import HOURS_PER_DAY, HOURS_PER_WEEK, OPEN_HOUR
from cogov.sim.params import IntakePolicy, MeetingParams

if TYPE_CHECKING:
    from cogov.sim.model import CoGovModel

__all__ = ["Mechanisms", "Meeting"]


class Meeting:
    """One recurring joint meeting."""

    def __init__(self, model: CoGovModel, params: MeetingParams) -> None:
        """Create the meeting; :class:`Mechanisms` schedules it."""
        self.model = model
        self.params = params
        self.held = 0
        self.taken = 0

    def hold(self) -> None:
        """Meet: take complex issues off the agenda and hand them out for joint action."""
        self.held += 1
        self.taken += self.model.center.take_up(self.params.agenda, self.params.effort)


class Mechanisms:
    """Schedules and runs the model's recurring events."""

    def __init__(self, model: CoGovModel) -> None:
        """Schedule every recurring event the scenario calls for."""
        self.model = model
        s = model.params
        self.meetings = [Meeting(model, m) for m in s.meetings] if model.center.joint else []
        for meeting in self.meetings:
            every = meeting.params.interval_days * HOURS_PER_DAY
            model.schedule_recurring(meeting.hold, Schedule(interval=every, start=every))
        supervised = s.supervision.enabled and s.intake.policy is not IntakePolicy.SILOED
        if supervised:
            every = s.supervision.interval_days * HOURS_PER_DAY
            model.schedule_recurring(self.supervise, Schedule(interval=every, start=every))
        participation = model.participation
        # the actors' hours are renewed where cases are offered to them or they visit (7.17)
        used = model.center.community or s.visits.enabled
        weekly = any(c.hours_per_week for c in model.committees) and used
        if model.volunteers or participation.campaigns or weekly:
            model.schedule_recurring(self.start_week, Schedule(interval=HOURS_PER_WEEK, start=0))
        if participation.campaigns:
            every = participation.every
            model.schedule_recurring(participation.campaign, Schedule(interval=every, start=every))
        self.office_pools = [p for p in model.all_pools() if p.office]
        self._busy_before = 0.0
        if self.office_pools:
            model.schedule_recurring(
                self.open_offices, Schedule(interval=HOURS_PER_DAY, start=OPEN_HOUR)
            )
        model.schedule_recurring(
            self.end_day,
            Schedule(interval=HOURS_PER_DAY, start=HOURS_PER_DAY),
            priority=Priority.LOW,
        )
        model.schedule_recurring(
            model.arrivals.draw_day,
            Schedule(interval=HOURS_PER_DAY, start=0),
            priority=Priority.HIGH,
        )

    def supervise(self) -> None:
        """Evaluation teams score every department; effort moves with the score."""
        sp = self.model.params.supervision
        for dept in self.model.departments.values():
            dept.be_supervised(sp)

    def start_week(self) -> None:
        """A new week for every volunteer (about 1,000 agents, once a week) and committee.

        Patrol strength per neighbourhood is then its inspectors plus
        ``inspectors.volunteer_patrol_weight`` per patrol volunteer active this week.
        """
        model = self.model
        model.participation.review(model.now)
        activation = model.params.volunteers.activation
        draws = model.draws.uniforms(len(model.volunteers))  # one per volunteer, in order
        for volunteer, u in zip(model.volunteers, draws, strict=True):
            volunteer.start_week(u < activation)
        for committee in model.committees:  # groups, points and teams have their hours again
            committee.start_week()
        weight = model.params.inspectors.volunteer_patrol_weight
        for nb, committee in enumerate(model.committees):
            active = committee.active_patrol_volunteers()
            model.patrol_strength[nb] = len(model.inspectors_by_nb[nb]) + weight * active

    def open_offices(self) -> None:
        """Office-hours pools with queued work start it (weekends are skipped by the pools)."""
        now = self.model.now
        if int(now // HOURS_PER_DAY) % 7 >= 5:
            return
        for pool in self.office_pools:
            if pool.queued:
                pool.on_open(now)

    def end_day(self) -> None:
        """Record the day, with the departments' utilisation over it (8 pools, not agents)."""
        model = self.model
        now = model.now
        pools = [d.pool for d in model.departments.values()]
        busy = sum(p.busy_hours for p in pools)
        capacity = sum(p.capacity_hours(now - HOURS_PER_DAY, now) for p in pools)
        utilisation = (busy - self._busy_before) / capacity if capacity else 0.0
        self._busy_before = busy
        model.persistence.fade_unseen(now)
        model.metrics.end_of_day(now, utilisation)
        model.drop_cancelled_events()
