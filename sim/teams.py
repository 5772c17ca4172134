"""Service teams: member units commit a team and withdraw it, by the residents' logic.

A member unit of the Cohesion Project (:attr:`cogov.agents.unit.Unit.member`) may commit a
service team to its committee (emergency repair, health checks, tutoring …).

- **The start.** The report's ``units.service_teams`` teams, run by member units drawn at
  random (:func:`cogov.sim.population.populate`).
- **Commitment.** At every campaign (the neighbourhood's Cohesion Project workstation, one per
  committee: report) each member unit of the committee without a team commits one with
  :func:`commit_probability`: its own willingness (``Unit.willingness``, drawn with mean
  ``units.team_willingness``) times the conditional-cooperation factor on the share of the
  committee's member units already committed, against the report's share
  (``service_teams / member_units``). Only member units are asked (278 in the subdistrict).
- **Withdrawal.** At the weekly review each committed unit withdraws its team with
  :func:`~cogov.sim.participation.leave_probability` on how long its team went unused (its
  last job, :meth:`cogov.agents.unit.Unit.give_hours`); units keep no trust, so only the
  turnover and the unused-hours terms act.

The committee's service-team pool and weekly hours follow the committed teams
(:meth:`cogov.agents.committee.Committee.set_actors`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from cogov.sim.params import Channel, ParticipationParams
from cogov.sim.participation import cooperation, leave_probability

if TYPE_CHECKING:
    from cogov.agents.unit import Unit
    from cogov.sim.model import CoGovModel

__all__ = ["Teams", "commit_probability"]


def commit_probability(
    willingness: float, share: float, reference: float, pp: ParticipationParams
) -> float:
    """The chance a member unit without a team commits one at a campaign.

    ``willingness × cooperation(share, reference)``, capped at 1: more willing units, and
    units whose fellow member units have committed more, commit more often.
    """
    return min(1.0, max(0.0, willingness * cooperation(share, reference, pp.conditional)))


class Teams:
    """Member units commit and withdraw service teams; keeps each committee's teams."""

    def __init__(self, model: CoGovModel) -> None:
        """Index member units by committee (teams at the start are already drawn)."""
        self.model = model
        s = model.params
        self.pp = s.participation
        self.capacity = s.units.team_capacity
        members = max(1, s.units.member_units)
        self.reference = s.units.service_teams / members
        self.members_by_nb: list[list[Unit]] = [
            [u for u in here if u.member] for here in model.units_by_nb
        ]
        self.committed = self.withdrawn = self.approached = 0

    def campaign(self) -> None:
        """Each committee's member units without a team decide whether to commit one."""
        model = self.model
        for nb, members in enumerate(self.members_by_nb):
            if not members:
                continue
            teams = model.committees[nb].teams
            share = len(teams) / len(members)
            free = [u for u in members if not u.has_team]
            self.approached += len(free)
            joined = False
            for unit, u in zip(free, model.draws.uniforms(len(free)), strict=True):
                if u < commit_probability(unit.willingness, share, self.reference, self.pp):
                    unit.commit(self.capacity)
                    teams.append(unit)
                    self.committed += 1
                    joined = True
            if joined:
                self._sync(nb)

    def review(self, now: float) -> None:
        """Each committed unit decides whether to keep its team.

        One uniform per unit whose chance to withdraw is between 0 and 1.
        """
        model = self.model
        pp = self.pp
        for nb, committee in enumerate(model.committees):
            teams = committee.teams
            if not teams:
                continue
            kept = []
            for unit in teams:
                p = leave_probability(now - unit.last_job, 1.0, pp)
                if p > 0.0 and (p >= 1.0 or model.draws.uniform() < p):
                    unit.withdraw()
                    self.withdrawn += 1
                else:
                    kept.append(unit)
            if len(kept) != len(teams):
                committee.teams = kept
                committee._next_team = 0
                self._sync(nb)

    def _sync(self, nb: int) -> None:
        committee = self.model.committees[nb]
        servers = sum(u.team_capacity for u in committee.teams)
        committee.set_actors(Channel.SERVICE_TEAM, len(committee.teams), servers)

    @property
    def active(self) -> int:
        """Committed service teams now."""
        return sum(len(c.teams) for c in self.model.committees)
