"""Resident units (驻区单位): enterprises, schools, hospitals, cultural bodies.

Member units of the Cohesion Project may run a service team (emergency repair, health
checks, tutoring …); they commit and withdraw it by the rules of :mod:`cogov.sim.teams`.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from mesa.discrete_space import FixedAgent

from cogov.sim.jurisdiction import best_holder, draw_from

if TYPE_CHECKING:
    from mesa.discrete_space import Cell

    from cogov.sim.issue import Issue
    from cogov.sim.model import CoGovModel

__all__ = ["Unit"]


class Unit(FixedAgent):
    """A resident unit located in one neighbourhood."""

    model: CoGovModel

    def __init__(
        self,
        model: CoGovModel,
        cell: Cell,
        member: bool,
        team_capacity: int,
        willingness: float = 0.0,
    ) -> None:
        """Create a unit; ``team_capacity`` > 0 means it runs a service team."""
        super().__init__(model)
        self.cell = cell
        self.member = member
        self.team_capacity = team_capacity
        #: its chance to commit a team at a campaign before conditional cooperation
        self.willingness = willingness
        self.hours = 0.0  # service-team hours given to the community
        self.last_job = model.now  # committing counts as being used

    def commit(self, capacity: int) -> None:
        """The unit commits a service team of ``capacity`` jobs at once."""
        self.team_capacity = capacity
        self.last_job = self.model.now

    def withdraw(self) -> None:
        """The unit withdraws its service team."""
        self.team_capacity = 0

    @property
    def has_team(self) -> bool:
        """Whether this unit runs a service team."""
        return self.team_capacity > 0

    def report_probability(self) -> float:
        """The chance the unit reports a problem it has (an enterprise request)."""
        return self.model.params.reporting.unit_propensity

    def decide_to_report(self) -> bool:
        """Whether the unit reports a problem it has (one draw)."""
        return self.model.draws.uniform() < self.report_probability()

    def hours_until_reporting_again(self) -> float:
        """When the unit reports an unsolved problem again (as residents do; ``inf``: never)."""
        p = self.report_probability()
        if p <= 0.0:
            return math.inf
        return self.model.draws.exponential(self.model.params.persistence.rereport_hours / p)

    def choose_department(self, issue: Issue) -> int:
        """The department the unit takes the case to (siloed): drawn from the prior belief."""
        model = self.model
        belief = model.beliefs.belief(None, issue.kind_index)
        dept = draw_from(belief, issue.refused, model.draws.uniform())
        return dept if dept >= 0 else best_holder(issue.shares, issue.refused)

    def give_hours(self, hours: float) -> None:
        """Record service-team work done for the community (the team was used now)."""
        self.hours += hours
        self.last_job = self.model.now
        self.model.metrics.unit_hours += hours
