"""Volunteers: residents who took on a volunteer role, with a skill and a few hours a week.

The role is recruited and lost by :mod:`cogov.sim.participation`; the person is the
:class:`~cogov.agents.resident.Resident` (``resident``), who keeps her own trust.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from mesa import Agent

from cogov.sim.params import Skill

if TYPE_CHECKING:
    from mesa.discrete_space import Cell

    from cogov.agents.resident import Resident
    from cogov.sim.model import CoGovModel

__all__ = ["Volunteer"]


class Volunteer(Agent):
    """A resident's volunteer role, based in her neighbourhood.

    The role is not placed in a cell of its own (the resident is): roles come and go, and
    taking an agent out of a cell's list of thousands of residents costs a scan of the list.
    """

    model: CoGovModel

    def __init__(
        self, model: CoGovModel, resident: Resident, skill: Skill, hours_per_week: float
    ) -> None:
        """``resident`` takes on a volunteer role; hours are granted by :meth:`start_week`."""
        super().__init__(model)
        self.resident = resident
        self.last_job = model.now  # joining counts as being used
        self.skill = skill
        self.hours_per_week = hours_per_week
        self.hours_left = 0.0
        self.hours_given = 0.0

    @property
    def cell(self) -> Cell:
        """The cell (neighbourhood) of the resident who volunteers."""
        return self.resident.cell

    def start_week(self, active: bool) -> None:
        """A new week: the volunteer has ``hours_per_week`` hours if active this week, else none.

        Whether they are is drawn for all volunteers at once by
        :meth:`cogov.sim.mechanisms.Mechanisms.start_week`, with the activation probability.
        """
        self.hours_left = self.hours_per_week if active else 0.0

    def can_take(self, hours: float) -> bool:
        """Whether the volunteer has ``hours`` left this week."""
        return self.hours_left >= hours

    def serve(self, hours: float) -> None:
        """Spend ``hours`` on an issue."""
        self.hours_left -= hours
        self.hours_given += hours
        self.last_job = self.model.now
        self.model.metrics.volunteer_hours += hours
