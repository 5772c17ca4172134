"""Functional departments: city management, police station, housing management and the rest.

A department is a pool of staff with working hours and two kinds of effort: *speed* (the
pool's ``effort``, dividing work times) and *care* (dividing the chance that work leaves the
problem unsolved). It decides, as street-level bureaucracies do (Lipsky 1980), whether to take
a case or pass it on (:meth:`Department.take_or_pass`), and at a tracked deadline whether to
reply on paper without solving (:meth:`Department.decide_close_on_paper`). Co-supervision
scores it by the on-time rate or by the satisfaction of the residents it served, and it moves
effort towards what is scored (:meth:`Department.be_supervised`).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import TYPE_CHECKING

from mesa import Agent

from cogov.sim.params import DepartmentParams, Hours, Score, SupervisionParams
from cogov.sim.pool import Pool

if TYPE_CHECKING:
    from cogov.sim.issue import Issue
    from cogov.sim.model import CoGovModel

__all__ = ["Department", "logistic"]


def logistic(x: float) -> float:
    """1 / (1 + exp(-x)), safe for large |x|."""
    if x >= 0.0:
        return 1.0 / (1.0 + math.exp(-x))
    e = math.exp(x)
    return e / (1.0 + e)


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
        index: int = 0,
    ) -> None:
        """Create a department with ``staff`` servers; ``index`` is its place in the scenario."""
        super().__init__(model)
        self.params = params
        self.index = index
        self.bit = 1 << index
        self.pool = Pool(params.id, staff, params.hours is Hours.OFFICE, edf, on_start)
        self.pool.effort = params.effort
        self.care = 1.0
        self.period_closed = 0
        self.period_on_time = 0
        self.period_rated = 0
        self.period_satisfied = 0
        self.passed = 0  # cases this department passed on (its own tally)
        self.took = 0  # cases it took
        self.paper_closed = 0  # replies it gave on paper

    @property
    def effort(self) -> float:
        """Current speed effort (1 = baseline)."""
        return self.pool.effort

    def load(self) -> float:
        """Cases waiting per staff member now."""
        return self.pool.waiting / self.pool.servers

    def pass_probability(self, share: float, load: float) -> float:
        """Chance of passing a case of which ``share`` lies in this department's powers.

        ``share = 0``: the department cannot act and passes it on (1). Otherwise
        σ(base + ambiguity·(1 − share) + load_coefficient·load): rises with the part of the
        case outside its powers and with the cases waiting per staff member.
        """
        if share <= 0.0:
            return 1.0
        p = self.model.params.passing
        return logistic(p.base + p.ambiguity * (1.0 - share) + p.load * load)

    def take_or_pass(self, issue: Issue, last_holder: bool) -> bool:
        """Decide whether to take ``issue`` (True) or pass it on (False).

        Args:
            issue: the case arriving.
            last_holder: no other department holding a share is left to pass it to; the
                department then takes it if it holds any share at all. With passing
                switched off every case is taken.
        """
        share = issue.shares[self.index]
        if not self.model.params.passing.enabled or (last_holder and share > 0.0):
            take = True
        else:
            take = self.model.draws.uniform() >= self.pass_probability(share, self.load())
        if take:
            self.took += 1
        else:
            self.passed += 1
        return take

    def paper_probability(self, lateness: float, reward: float) -> float:
        """Chance of replying on paper: σ(base + lateness_coef·lateness + reward_coef·reward).

        ``lateness`` is the expected delay past the deadline in units of the deadline; ``reward``
        how much the score rewards on-time replies (1 for the on-time score, negative when the
        score is satisfaction and satisfaction weighs solving above speed).
        """
        p = self.model.params.paper
        return logistic(p.base + p.lateness * lateness + p.reward * reward)

    def decide_close_on_paper(self, lateness: float, reward: float) -> bool:
        """Whether to reply now, at the deadline, without solving (one draw)."""
        if self.model.draws.uniform() < self.paper_probability(lateness, reward):
            self.paper_closed += 1
            return True
        return False

    def record_closure(self, on_time: bool, satisfied: bool | None = None) -> None:
        """Count a closed case towards the current supervision period."""
        self.period_closed += 1
        self.period_on_time += on_time
        if satisfied is not None:
            self.period_rated += 1
            self.period_satisfied += satisfied

    def be_supervised(self, sp: SupervisionParams) -> None:
        """Evaluation teams score the period; effort moves towards what is scored.

        On-time scoring moves speed (the pool's effort) by ``strength × (target − score)``;
        satisfaction scoring moves care the same way; both within the effort bounds.
        """
        if sp.score is Score.SATISFACTION:
            if self.period_rated == 0:
                return
            score = self.period_satisfied / self.period_rated
            care = self.care + sp.strength * (sp.target_satisfaction - score)
            self.care = min(sp.effort_max, max(sp.effort_min, care))
        else:
            if self.period_closed == 0:
                return
            score = self.period_on_time / self.period_closed
            effort = self.pool.effort + sp.strength * (sp.target_on_time - score)
            self.pool.effort = min(sp.effort_max, max(sp.effort_min, effort))
        self.period_closed = self.period_on_time = 0
        self.period_rated = self.period_satisfied = 0
