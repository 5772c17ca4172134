"""Neighbourhood committees (居委会) and the community channel they host.

Each committee holds its self-governance groups, neighbour mutual-aid points, the service
teams of member units located there and its volunteers. Under the co-governance policy the
linkage center offers every issue of a kind with a community channel to the issue's committee
first (assumption: the committee is the first line, departments the fallback); who takes it
follows from who is free and able (:meth:`Committee.take`):

1. the actor the kind calls for (a self-governance group, a neighbour point, a member unit's
   service team), if the committee has one, its queue is short and the actors' hours left this
   week cover the job (:meth:`Committee.free_and_able`);
2. else a volunteer of the committee with one of the kind's skills and enough hours left this
   week;
3. else, for a kind that calls for a service team (``units.help_adjacent``), the service
   team of an adjacent committee, nearest first, if it is free and able for the job plus the
   walk there and back (2 × the edge's ``travel_minutes``): the walk is spent from its
   week's hours and worked as part of the job, so it adds to the time to close;
4. else (``community.help_adjacent``) a volunteer with one of the kind's skills of an
   adjacent committee, nearest first, who likewise adds the walk there and back to the job;
5. else nobody: the issue goes on to the departments.

Each actor's time is finite: the groups and teams of a committee have
``community.group_hours_per_week`` and ``units.team_hours_per_week`` each; a neighbour point
has its host's ``community.point_host_hours_per_week`` plus
``community.point_helper_hours_per_week`` for each helper it has now
(:class:`cogov.sim.groups.Point`). The hours are renewed every Monday
(:meth:`Committee.start_week`) and spent when they take a job; unused hours lapse, as
volunteers' do.
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
    from cogov.sim.groups import Group, Point
    from cogov.sim.issue import Issue
    from cogov.sim.model import CoGovModel

__all__ = ["Committee"]

_HOURS_PER_WEEK = {
    Channel.SELF_GOVERNANCE: lambda s: s.community.group_hours_per_week,
    Channel.NEIGHBOUR_POINT: lambda s: s.community.point_host_hours_per_week,
    Channel.SERVICE_TEAM: lambda s: s.units.team_hours_per_week,
}

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
        teams: list[Unit],
        on_start: Callable[[Issue, Pool], None],
    ) -> None:
        """Create the committee of ``cell`` and its community pools.

        Every committee has the three pools; their servers and hours follow the actors active
        at the time (:meth:`set_actors`): groups and points start at none and are set when the
        starting groups and points are drawn (:class:`cogov.sim.groups.Groups`).
        """
        super().__init__(model)
        self.cell = cell
        c = model.params.community
        office_groups = c.group_hours.value == "office"
        team_office = model.params.units.team_hours.value == "office"
        self.teams = teams
        #: the active self-governance groups and neighbour points (kept by ``Groups``)
        self.groups: list[Group] = []
        self.points: list[Point] = []
        self._next_team = 0
        self._next_actor: dict[Channel, int] = dict.fromkeys(_POOL_HANDLER, 0)
        #: the committee whose team is starting a job of this committee's (a lent team)
        self._crew: Committee | None = None
        self.pools: dict[Channel, Pool] = {}
        #: each channel's hours a week: its actors (groups, points, teams) x hours each
        self.hours_per_week: dict[Channel, float] = {}
        for channel, office in (
            (Channel.SELF_GOVERNANCE, office_groups),
            (Channel.NEIGHBOUR_POINT, office_groups),
            (Channel.SERVICE_TEAM, team_office),
        ):
            start = self._team_starts if channel is Channel.SERVICE_TEAM else self._actor_starts
            name = f"{channel.value}@{cell.coordinate}"
            self.pools[channel] = Pool(name, 0, office, False, start)
            self.hours_per_week[channel] = 0.0
        #: hours the channel's actors have left this week (renewed by :meth:`start_week`)
        self.hours_left: dict[Channel, float] = dict(self.hours_per_week)
        capacity = sum(u.team_capacity for u in teams)
        self.set_actors(Channel.SERVICE_TEAM, len(teams), capacity)
        self._on_start = on_start
        self.offered = 0  # cases offered to the community here
        self.declined = 0  # of those, cases nobody was free and able to take (to departments)
        self.helped_by_adjacent = 0  # of those, cases a team or volunteer from next door took
        self.helped_adjacent = 0  # jobs this committee's teams and volunteers did next door
        self.volunteers: dict[Skill, list[Volunteer]] = {s: [] for s in Skill}
        self._adjacent: list[tuple[Committee, float]] | None = None
        self._next_volunteer: dict[Skill, int] = dict.fromkeys(Skill, 0)

    def set_actors(
        self, channel: Channel, actors: int, servers: int, hours: float | None = None
    ) -> None:
        """The channel now has ``actors`` active actors serving ``servers`` jobs at once.

        Its weekly hours become ``hours`` if given (the points: hosts' and helpers' hours),
        else actors × the channel's hours each. An actor that joins brings
        its week's hours at once; when actors go, the hours left this week are cut to the new
        weekly total. The pool's servers follow (:meth:`cogov.sim.pool.Pool.resize`): jobs in
        work finish; queued cases start if servers were added; if none are left, the queued
        cases go on to the departments (:meth:`cogov.sim.intake.LinkageCenter.after_consultation`).
        """
        model = self.model
        before = self.hours_per_week[channel]
        after = actors * _HOURS_PER_WEEK[channel](model.params) if hours is None else hours
        self.hours_per_week[channel] = after
        left = self.hours_left[channel] + max(0.0, after - before)
        self.hours_left[channel] = min(left, after)
        pool = self.pools[channel]
        if servers == pool.servers:
            return
        orphans = pool.resize(servers, model.now)
        center = getattr(model, "center", None)
        for issue in orphans:
            issue.pool = None
            center.after_consultation(issue)

    def _actor_starts(self, issue: Issue, pool: Pool) -> None:
        """Work starts at the groups' or points' pool: the next actor in turn was used now."""
        self.credit(issue.kind.channel)
        self._on_start(issue, pool)

    def credit(self, channel: Channel) -> None:
        """The next group or neighbour point in turn (``channel``) was used now.

        A job started at the channel's pool, or a visit or a met need on the points' hours
        (:mod:`cogov.sim.visits`), is credited to its actors in turn: its ``last_job`` is
        now, which is what their idle-quit rule reads.
        """
        actors = self.groups if channel is Channel.SELF_GOVERNANCE else self.points
        if actors:
            i = self._next_actor[channel] % len(actors)
            actors[i].last_job = self.model.now
            self._next_actor[channel] = i + 1

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

    def start_week(self) -> None:
        """A new week: the groups, points and teams have their weekly hours again."""
        self.hours_left.update(self.hours_per_week)

    def free_and_able(self, channel: Channel, hours: float) -> bool:
        """Whether the committee's actors of ``channel`` can take on a job of ``hours`` now.

        They can if the committee has such actors, their queue is short (busy + waiting <
        servers x (1 + ``community.max_queue_per_server``)) and the hours they have left this
        week cover the job (hours left >= ``hours``).
        """
        pool = self.pools.get(channel)
        return (
            pool is not None
            and pool.has_room(self.model.params.community.max_queue_per_server)
            and self.hours_left[channel] >= hours
        )

    def take(self, issue: Issue, now: float) -> bool:
        """Offer ``issue`` to the actor its kind calls for, else to volunteers, here or nearby.

        The actor judges the job (one work-time draw from the kind's ``community_work``, only if
        its queue has room) and takes it if it is free and able (:meth:`free_and_able`); the
        hours are then spent from its week, and its pool does the job at that work time.

        Returns:
            True if a community actor took it on.
        """
        self.offered += 1
        if self._take(issue, now):
            return True
        self.declined += 1
        return False

    def _take(self, issue: Issue, now: float) -> bool:
        channel = issue.kind.channel
        if channel is not Channel.VOLUNTEER:
            pool = self.pools.get(channel)
            if pool is not None and pool.has_room(self.model.params.community.max_queue_per_server):
                hours = self.model.draws.work_hours(issue.kind.community_work)
                if self.free_and_able(channel, hours):
                    self.hours_left[channel] -= hours
                    issue.handler = _POOL_HANDLER[channel]
                    issue.work_hours = hours  # the job as judged; the pool works it (Work)
                    pool.submit(issue, now)
                    return True
        # volunteers with one of the kind's skills take it, or step in when the actor is full
        skills = [Skill(s) for s in issue.kind.skills]
        if any(self._take_by_volunteer(issue, s, now) for s in skills):
            return True
        # the graph acts: teams, then volunteers, of adjacent committees come over, nearest
        # first, and spend the walk there and back on it (edge ``travel_minutes``)
        if channel is Channel.SERVICE_TEAM and self.model.params.units.help_adjacent:
            for other, travel in self.adjacent():
                if other._take_by_team(issue, now, travel):
                    self._helped_by(other)
                    self.model.participation.teams_across += 1
                    return True
        if not skills or not self.model.params.community.help_adjacent:
            return False
        for other, travel in self.adjacent():
            if any(other._take_by_volunteer(issue, s, now, travel) for s in skills):
                self._helped_by(other)
                self.model.participation.helped_across += 1
                return True
        return False

    def _helped_by(self, other: Committee) -> None:
        """Count a case of this committee taken by ``other``'s team or volunteer."""
        self.helped_by_adjacent += 1
        other.helped_adjacent += 1

    def _take_by_team(self, issue: Issue, now: float, travel: float) -> bool:
        """This committee's service team takes a case of an adjacent committee, if able.

        As in step 1 of :meth:`take`: its queue has room, it judges the job (one work-time
        draw), and takes it if its hours left cover the job plus the walk (``travel``).
        """
        pool = self.pools.get(Channel.SERVICE_TEAM)
        if pool is None or not pool.has_room(self.model.params.community.max_queue_per_server):
            return False
        hours = self.model.draws.work_hours(issue.kind.community_work) + travel
        if not self.free_and_able(Channel.SERVICE_TEAM, hours):
            return False
        self.hours_left[Channel.SERVICE_TEAM] -= hours
        issue.handler = Handler.SERVICE_TEAM
        issue.work_hours = hours
        pool.submit(issue, now)
        return True

    def _team_starts(self, issue: Issue, pool: Pool) -> None:
        """Work starts at this committee's teams: credited to its next team, also when lent.

        :meth:`cogov.sim.work.Work.start_in_pool` credits the hours to
        ``committees[issue.neighbourhood].next_team()``; for a case of an adjacent committee
        that committee's :meth:`next_team` answers with this committee's team.
        """
        home = self.model.committees[issue.neighbourhood]
        if home is self:
            self._on_start(issue, pool)
            return
        home._crew = self
        try:
            self._on_start(issue, pool)
        finally:
            home._crew = None

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
        """The member unit whose team does the next service-team job (round robin).

        While an adjacent committee's team starts a case of this committee (a lent team,
        :meth:`_team_starts`) it is that committee's next team.
        """
        crew = self._crew if self._crew is not None else self
        unit = crew.teams[crew._next_team % len(crew.teams)]
        crew._next_team += 1
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
