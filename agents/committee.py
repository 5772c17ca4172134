"""Neighbourhood committees (居委会) and the community channel they host.

Each committee holds its self-governance groups, neighbour mutual-aid points, the service
teams of member units located there and its volunteers. Under the co-governance policy the
linkage center offers an issue to the committee; the committee takes it if the actor the
issue's kind calls for has room, else its volunteers with a fitting skill and hours left, else
(``community.help_adjacent``) such volunteers of adjacent committees, nearest first, who add
the walk there and back to the job; otherwise the issue goes to a department.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from mesa.discrete_space import FixedAgent

from cogov.sim.issue import Handler
from cogov.sim.params import Channel, Skill
from cogov.sim.pool import Pool

if TYPE_CHECKING:
    from mesa.discrete_space import Cell

    from cogov.agents.unit import Unit
    from cogov.agents.volunteer import Volunteer
    from cogov.sim.issue import Issue
    from cogov.sim.model import CoGovModel

__all__ = ["Committee"]

_POOL_HANDLER = {
    Channel.SELF_GOVERNANCE: Handler.SELF_GOVERNANCE,
    Channel.SERVICE_TEAM: Handler.SERVICE_TEAM,
    Channel.NEIGHBOUR_POINT: Handler.NEIGHBOUR_POINT,
}


class Committee(FixedAgent):
    """One residents' committee with its groups, points, teams and volunteers."""

    model: CoGovModel

    def __init__(
        self,
        model: CoGovModel,
        cell: Cell,
        groups: int,
        points: int,
        teams: list[Unit],
        on_start: Callable[[Issue, Pool], None],
    ) -> None:
        """Create the committee of ``cell`` and its community pools."""
        super().__init__(model)
        self.cell = cell
        c = model.params.community
        office_groups = c.group_hours.value == "office"
        team_office = model.params.units.team_hours.value == "office"
        capacity = sum(u.team_capacity for u in teams)
        self.teams = teams
        self._next_team = 0
        self.pools: dict[Channel, Pool] = {}
        for channel, servers, office in (
            (Channel.SELF_GOVERNANCE, groups, office_groups),
            (Channel.NEIGHBOUR_POINT, points, office_groups),
            (Channel.SERVICE_TEAM, capacity, team_office),
        ):
            if servers > 0:
                self.pools[channel] = Pool(
                    f"{channel.value}@{cell.coordinate}", servers, office, False, on_start
                )
        self.volunteers: dict[Skill, list[Volunteer]] = {s: [] for s in Skill}
        self._adjacent: list[tuple[Committee, float]] | None = None
        self._next_volunteer: dict[Skill, int] = dict.fromkeys(Skill, 0)

    def add_volunteer(self, volunteer: Volunteer) -> None:
        """Register a volunteer based here."""
        self.volunteers[volunteer.skill].append(volunteer)

    def remove_volunteer(self, volunteer: Volunteer) -> None:
        """A volunteer based here has left."""
        people = self.volunteers[volunteer.skill]
        i = people.index(volunteer)
        del people[i]
        nxt = self._next_volunteer[volunteer.skill]
        if i < nxt:
            self._next_volunteer[volunteer.skill] = nxt - 1

    def active_patrol_volunteers(self) -> int:
        """Patrol volunteers with hours this week (they add to the inspectors' patrol)."""
        return sum(1 for v in self.volunteers[Skill.PATROL] if v.hours_left > 0.0)

    def take(self, issue: Issue, now: float) -> bool:
        """Offer ``issue`` to the community actor its kind calls for, else to volunteers.

        Returns:
            True if a community actor took it on.
        """
        channel = issue.kind.channel
        if channel is not Channel.VOLUNTEER:
            pool = self.pools.get(channel)
            if pool is not None and pool.has_room(self.model.params.community.max_queue_per_server):
                issue.handler = _POOL_HANDLER[channel]
                pool.submit(issue, now)
                return True
        # volunteers with one of the kind's skills take it, or step in when the actor is full
        skills = [Skill(s) for s in issue.kind.skills]
        if any(self._take_by_volunteer(issue, s, now) for s in skills):
            return True
        if not skills or not self.model.params.community.help_adjacent:
            return False
        # the graph acts: volunteers of adjacent committees come over, nearest first, and
        # spend the walk there and back on it (edge ``travel_minutes``)
        for other, travel in self.adjacent():
            if any(other._take_by_volunteer(issue, s, now, travel) for s in skills):
                self.model.participation.helped_across += 1
                return True
        return False

    def adjacent(self) -> list[tuple[Committee, float]]:
        """Adjacent committees with the hours of a walk there and back, nearest first."""
        if self._adjacent is None:
            model = self.model
            here = self.cell.coordinate
            edges = model.graph[here]
            self._adjacent = sorted(
                ((model.committees[n], 2.0 * edges[n]["travel_minutes"] / 60.0) for n in edges),
                key=lambda pair: (pair[1], pair[0].cell.coordinate),
            )
        return self._adjacent

    def next_team(self) -> Unit:
        """The member unit whose team does the next service-team job (round robin)."""
        unit = self.teams[self._next_team % len(self.teams)]
        self._next_team += 1
        return unit

    def _take_by_volunteer(
        self, issue: Issue, skill: Skill, now: float, travel: float = 0.0
    ) -> bool:
        people = self.volunteers[skill]
        if not people:
            return False
        hours = self.model.draws.work_hours(issue.kind.community_work) + travel
        start = self._next_volunteer[skill]
        n = len(people)
        for offset in range(n):
            person = people[(start + offset) % n]
            if person.can_take(hours):
                self._next_volunteer[skill] = (start + offset + 1) % n
                issue.handler = Handler.VOLUNTEER
                self.model.work.start_by_volunteer(issue, person, hours, now)
                return True
        return False
