"""Residents of the subdistrict.

They experience problems, decide whether to report them, rate the reply, and their trust in
local governance moves with what they experience.
"""

from __future__ import annotations

import math
from enum import Enum, auto
from typing import TYPE_CHECKING

from mesa.discrete_space import FixedAgent

from cogov.sim.jurisdiction import best_holder, draw_from

if TYPE_CHECKING:
    from mesa.discrete_space import Cell

    from cogov.agents.volunteer import Volunteer
    from cogov.sim.groups import Group, Point
    from cogov.sim.issue import Issue
    from cogov.sim.model import CoGovModel

__all__ = ["AgeGroup", "Resident"]


class AgeGroup(Enum):
    """Age groups; elderly people living alone are served by neighbour points."""

    CHILD = auto()
    ADULT = auto()
    ELDERLY = auto()
    ELDERLY_ALONE = auto()


class Resident(FixedAgent):
    """One resident of a neighbourhood (a node of the committee graph)."""

    model: CoGovModel
    #: the resident's role, if she holds one (at most one): a volunteer role
    #: (:mod:`cogov.sim.participation`), a self-governance group she belongs to or the
    #: neighbour point she hosts or helps at (:mod:`cogov.sim.groups`, :mod:`cogov.sim.helpers`)
    role: Volunteer | Group | Point | None = None

    def __init__(
        self,
        model: CoGovModel,
        cell: Cell,
        household: int,
        age_group: AgeGroup,
        party_member: bool,
        trust: float,
        report_propensity: float,
        volunteer_propensity: float,
    ) -> None:
        """Create a resident living in ``cell``."""
        super().__init__(model)
        self.cell = cell
        self.set_own(
            household, age_group, party_member, trust, report_propensity, volunteer_propensity
        )

    def set_own(
        self,
        household: int,
        age_group: AgeGroup,
        party_member: bool,
        trust: float,
        report_propensity: float,
        volunteer_propensity: float,
    ) -> None:
        """Set the resident's own attributes (also used by bulk registration)."""
        self.household = household
        self.age_group = age_group
        self.party_member = party_member
        self.trust = trust
        self.report_propensity = report_propensity
        self.volunteer_propensity = volunteer_propensity

    def report_probability(self) -> float:
        """The chance this resident reports a problem she experiences, at her present trust.

        The resident's propensity, raised or lowered by how far her trust sits from the
        population's initial mean (assumption: people who trust local governance expect an
        answer and report more; ``reporting.trust_effect = 0`` turns this off).
        """
        rp = self.model.params.reporting
        return self.report_propensity * (
            1.0 + rp.trust_effect * (self.trust - self.model.params.population.trust_mean)
        )

    def decide_to_report(self) -> bool:
        """Whether this resident reports a problem she experiences (one draw)."""
        return self.model.draws.uniform() < self.report_probability()

    def hours_until_reporting_again(self) -> float:
        """When she reports a problem the reply left unsolved again (``inf``: never).

        Every Exp(``persistence.rereport_hours``) she reconsiders and reports with her report
        probability at the trust the reply left; the first time she does is exponential with
        mean ``rereport_hours / p`` (a geometric number of exponential waits), so it is
        drawn at once (Hirschman: voice follows expected efficacy).
        """
        p = self.report_probability()
        if p <= 0.0:
            return math.inf
        return self.model.draws.exponential(self.model.params.persistence.rereport_hours / p)

    def choose_department(self, issue: Issue) -> int:
        """The department she takes the case to (siloed): drawn from her household's belief.

        Departments that already refused the case are excluded; if her belief puts no weight
        on anyone left, she goes to the largest holder left (she is told where to go).
        """
        model = self.model
        belief = model.beliefs.belief(self.household, issue.kind_index)
        dept = draw_from(belief, issue.refused, model.draws.uniform())
        return dept if dept >= 0 else best_holder(issue.shares, issue.refused)

    def rate(self, issue: Issue) -> bool:
        """Whether this resident is satisfied with the reply to ``issue`` (logistic model).

        Timeliness is what she waited: the deadline counted from her report, whatever clock
        the office keeps (:attr:`cogov.sim.issue.Issue.on_time_from_report`).
        """
        sp = self.model.params.satisfaction
        x = (
            sp.intercept
            + sp.solved * issue.solved
            + sp.on_time * issue.on_time_from_report
            + sp.trust * (self.trust - self.model.params.population.trust_mean)
        )
        return self.model.draws.uniform() < 1.0 / (1.0 + math.exp(-x))

    def update_trust(self, outcome: float) -> None:
        """Move trust toward ``outcome`` (1 = a good experience, 0 = a bad one).

        Residents of the adjacent committees hear of it (:meth:`cogov.sim.spill.Spill.tell`).
        """
        fb = self.model.params.feedback
        if not fb.enabled:
            return
        nb = self.cell.coordinate
        self.hear(outcome, fb.learning_rate, nb)
        spill = self.model.spill
        if spill.contacts:
            spill.tell(nb, outcome)

    def hear(self, outcome: float, rate: float, nb: int | None = None) -> None:
        """Move trust toward ``outcome`` at ``rate`` (own experience, or one heard of).

        ``nb`` is her committee (``cell.coordinate``), if the caller knows it already.
        """
        delta = rate * (outcome - self.trust)
        self.trust += delta
        metrics = self.model.metrics
        metrics.trust_sum += delta
        metrics.trust_by_nb[self.cell.coordinate if nb is None else nb] += delta
