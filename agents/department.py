"""Functional departments: city management, police station, housing management and the rest.

A department is a pool of staff with working hours and an effort level. Effort divides work
times and the chance of leaving a problem unsolved; co-supervision moves it (assumption:
scores below target raise effort, scores above let it relax, within bounds).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from mesa import Agent

from cogov.sim.params import DepartmentParams, Hours, SupervisionParams
from cogov.sim.pool import Pool

if TYPE_CHECKING:
    from cogov.sim.issue import Issue
    from cogov.sim.model import CoGovModel

__all__ = ["Department"]


class Department(Agent):
    """One department and its staff."""

    model: CoGovModel

    def __init__(
        self,
        model: CoGovModel,
        params: DepartmentParams,
        staff: int,
        edf: bool,
        on_start: Callable[[Issue, Pool], None],
    ) -> None:
        """Create a department with ``staff`` servers."""
        super().__init__(model)
        self.params = params
        self.pool = Pool(params.id, staff, params.hours is Hours.OFFICE, edf, on_start)
        self.pool.effort = params.effort
        self.period_closed = 0
        self.period_on_time = 0

    @property
    def effort(self) -> float:
        """Current effort level (1 = baseline)."""
        return self.pool.effort

    def record_closure(self, on_time: bool) -> None:
        """Count a closed issue towards the current supervision period."""
        self.period_closed += 1
        self.period_on_time += on_time

    def be_supervised(self, sp: SupervisionParams) -> None:
        """Evaluation teams score the period's on-time rate; effort moves with the score."""
        if self.period_closed == 0:
            return
        score = self.period_on_time / self.period_closed
        effort = self.pool.effort + sp.strength * (sp.target_on_time - score)
        self.pool.effort = min(sp.effort_max, max(sp.effort_min, effort))
        self.period_closed = self.period_on_time = 0
