"""Self-governance groups and neighbour points: residents recruited and lost.

A self-governance group (自治小组) is a set of residents, its members (each holds the group as
her :attr:`~cogov.agents.resident.Resident.role`: a resident holds at most one role). A
neighbour point (睦邻点) is hosted by one Party-member household, its host (report: points are
built "around Party-member households", 以党员骨干家庭为中心), and has helpers, residents
recruited and lost by the same rules (:mod:`cogov.sim.helpers`).

- **The start.** The report's ``community.self_governance_groups`` groups of
  ``community.group_size`` members each, split over committees by residents ×
  ``places.group_factor`` of the housing type (report: groups work where property management
  is absent); members are drawn by the volunteers' weighted rule (Party members first:
  their weight × ``party_factor``) among adults holding no role. The report's
  ``community.neighbour_points`` points, split by elderly people living alone, each hosted
  by a Party member drawn by the same weights, then its helpers (:mod:`cogov.sim.helpers`).
- **Recruitment.** At every campaign each committee approaches its share of
  ``participation.group_contacts`` (split like the groups) adults without a role, Party
  members first; each joins with :func:`~cogov.sim.participation.join_probability`, the
  conditional term reading the share of the committee's residents in groups against the
  report's share (``self_governance_groups × group_size / residents``). A joiner fills the
  committee's smallest group below ``group_size``, else the group being formed; that one
  becomes active (a server of the committee's self-governance pool) at ``group_size``
  members. Committees with elderly people living alone approach their share of
  ``participation.point_contacts`` Party members without a role to host a new point (the
  same rule, the share of residents hosting against ``neighbour_points / residents``), then
  residents to help at its points (:meth:`cogov.sim.helpers.Helpers.campaign`).
- **Attrition.** At the weekly review each member and host decides with
  :func:`~cogov.sim.participation.leave_probability` (one draw each): her trust, and how long
  her group's or point's hours went unused (a job started at the committee's pool is
  credited to its groups or points in turn). An active group left with fewer than
  ``community.group_min_members`` dissolves (its members are released); a point closes when
  its host leaves (its helpers are released); else its helpers decide
  (:meth:`cogov.sim.helpers.Helpers.review`).

The committee's pool and weekly hours follow the active actors
(:meth:`cogov.agents.committee.Committee.set_actors`); a point's hours follow its helpers.
Nothing here touches residents other than those approached or holding a role.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from cogov.agents.resident import AgeGroup
from cogov.sim.helpers import Helpers
from cogov.sim.params import Channel
from cogov.sim.participation import join_probability, leave_probability, members_who_stay
from cogov.sim.space import attributes_of, count_scale, per_resident, scaled, split_weighted

if TYPE_CHECKING:
    from cogov.agents.resident import Resident
    from cogov.sim.model import CoGovModel

__all__ = ["Group", "Groups", "Point"]


class Group:
    """A self-governance group: its committee, members, and when it was last used."""

    __slots__ = ("active", "last_job", "members", "nb")

    def __init__(self, nb: int, now: float) -> None:
        """A group of committee ``nb`` being formed at ``now`` (no members yet)."""
        self.nb = nb
        self.members: list[Resident] = []
        self.last_job = now  # forming counts as being used
        self.active = False


class Point:
    """A neighbour point: its committee, its host (a Party member), helpers and last use."""

    __slots__ = ("helpers", "host", "last_job", "nb")

    def __init__(self, nb: int, host: Resident, now: float) -> None:
        """A point of committee ``nb`` hosted by ``host`` from ``now`` (no helpers yet)."""
        self.nb = nb
        self.host = host
        self.helpers: list[Resident] = []
        self.last_job = now


class Groups:
    """Recruits and loses group members and point hosts; keeps each committee's actors."""

    def __init__(self, model: CoGovModel, weights: list[np.ndarray]) -> None:
        """Seed the report's groups and points (``weights``: join weights at share 0)."""
        self.model = model
        s = model.params
        c = s.community
        self.pp = s.participation
        self.size = c.group_size
        self.min_members = c.group_min_members
        scale = count_scale(s)
        #: the report's shares of residents in groups and hosting points (conditional term)
        self.group_reference = per_resident(c.self_governance_groups * c.group_size, s)
        self.point_reference = per_resident(c.neighbour_points, s)
        people = [len(r) for r in model.residents_by_nb]
        self.people = people
        n_nb = len(people)
        factor = s.places.group_factor
        group_w = [k * factor.get(attributes_of(nb).housing, 1.0) for nb, k in enumerate(people)]
        alone = [len(a) for a in model.elderly_alone_by_nb]
        self.group_contacts = split_weighted(scaled(self.pp.group_contacts, scale), group_w)
        self.point_contacts = split_weighted(scaled(self.pp.point_contacts, scale), alone)
        self.has_alone = [a > 0 for a in alone]
        self.groups_by_nb: list[list[Group]] = [[] for _ in range(n_nb)]  # active groups
        self.forming: list[Group | None] = [None] * n_nb
        self.points_by_nb: list[list[Point]] = [[] for _ in range(n_nb)]
        self.members_by_nb = [0] * n_nb  # residents in a group (active or forming)
        self.formed = self.dissolved = self.recruited = self.left = self.released = 0
        self.opened = self.closed = self.approached = self.hosts_approached = 0
        #: the points' helpers (residents)
        self.helpers = Helpers(model, people, alone)
        groups = split_weighted(scaled(c.self_governance_groups, scale), group_w)
        points = split_weighted(scaled(c.neighbour_points, scale), alone)
        for nb in range(n_nb):
            self._seed(nb, groups[nb], points[nb], weights[nb])

    # --- the start ----------------------------------------------------------------------
    def _seed(self, nb: int, groups: int, points: int, w: np.ndarray) -> None:
        """The committee's first groups (``group_size`` members each), point hosts, helpers."""
        model = self.model
        people = model.residents_by_nb[nb]
        if not people or (groups <= 0 and points <= 0):
            return
        free = np.fromiter((r.role is None for r in people), dtype=bool, count=len(people))
        w = np.where(free, w, 0.0)
        if points > 0:
            party = np.fromiter((r.party_member for r in people), dtype=bool, count=len(people))
            wp = np.where(party, w, 0.0)
            n = min(points, int(np.count_nonzero(wp)))
            if n > 0:
                for i in model.rng.choice(len(people), n, replace=False, p=wp / wp.sum()).tolist():
                    self._open(nb, people[i], count=False)
                    w[i] = 0.0
            self.helpers.seed(self.points_by_nb[nb], w, people)
        n = min(groups * self.size, int(np.count_nonzero(w)))
        if n > 0:
            for i in model.rng.choice(len(people), n, replace=False, p=w / w.sum()).tolist():
                self._add_member(nb, people[i], count=False)
        self._sync(nb)

    # --- recruitment ----------------------------------------------------------------------
    def campaign(self) -> None:
        """Committees approach residents for groups, Party members to host points, helpers."""
        model = self.model
        mean = model.params.population.trust_mean
        part = model.participation
        pp = self.pp
        for nb, k in enumerate(self.group_contacts):
            if k <= 0:
                continue
            share = self.members_by_nb[nb] / self.people[nb] if self.people[nb] else 0.0
            people = part._candidates(nb, k)
            self.approached += len(people)
            for r, u in zip(people, model.draws.uniforms(len(people)), strict=True):
                p = join_probability(
                    r.volunteer_propensity, r.trust, mean, r.party_member, share, pp,
                    self.group_reference,
                )  # fmt: skip
                if u < p:
                    self._add_member(nb, r)
            self._sync(nb)
        for nb, k in enumerate(self.point_contacts):
            if k <= 0 or not self.has_alone[nb]:
                continue
            share = len(self.points_by_nb[nb]) / self.people[nb] if self.people[nb] else 0.0
            hosts = self._party_candidates(nb, k)
            self.hosts_approached += len(hosts)
            for r, u in zip(hosts, model.draws.uniforms(len(hosts)), strict=True):
                p = join_probability(
                    r.volunteer_propensity, r.trust, mean, True, share, pp, self.point_reference
                )
                if u < p:
                    self._open(nb, r)
            self._sync(nb)
        for nb, points in enumerate(self.points_by_nb):
            if points:
                self.helpers.campaign(nb, points)
                self._sync(nb)

    def _party_candidates(self, nb: int, k: int) -> list[Resident]:
        """Up to ``k`` adult Party members of ``nb`` holding no role, in a random order."""
        party = self.model.participation.party_by_nb[nb]
        out: list[Resident] = []
        for i in self.model.rng.permutation(len(party)).tolist():
            if len(out) >= k:
                break
            r = party[i]
            if r.role is None and r.age_group is not AgeGroup.CHILD:
                out.append(r)
        return out

    def _add_member(self, nb: int, r: Resident, count: bool = True) -> None:
        """``r`` joins the committee's smallest group below ``group_size``, else the forming one."""
        now = self.model.now
        open_groups = [g for g in self.groups_by_nb[nb] if len(g.members) < self.size]
        if open_groups:
            group = min(open_groups, key=lambda g: len(g.members))
        else:
            group = self.forming[nb]
            if group is None:
                group = self.forming[nb] = Group(nb, now)
        group.members.append(r)
        r.role = group
        self.members_by_nb[nb] += 1
        if count:
            self.recruited += 1
        if not group.active and len(group.members) >= self.size:
            group.active = True
            group.last_job = now
            self.groups_by_nb[nb].append(group)
            self.forming[nb] = None
            if count:
                self.formed += 1

    def _open(self, nb: int, host: Resident, count: bool = True) -> None:
        """``host`` opens a neighbour point in her committee."""
        point = Point(nb, host, self.model.now)
        host.role = point
        self.points_by_nb[nb].append(point)
        if count:
            self.opened += 1

    # --- attrition ----------------------------------------------------------------------
    def review(self, now: float) -> None:
        """Every member and host decides whether to stay; groups below the minimum dissolve.

        One uniform per member or host whose chance to leave is between 0 and 1.
        """
        floor = self.pp.trust_floor
        uniform = self.model.draws.uniform
        for nb in range(len(self.people)):
            groups = self.groups_by_nb[nb]
            forming = self.forming[nb]
            points = self.points_by_nb[nb]
            if not groups and forming is None and not points:
                continue
            for group in [*groups, *([forming] if forming is not None else [])]:
                # the chance for a member at or above the trust floor (the same for all)
                p = leave_probability(now - group.last_job, 1.0, self.pp)
                members = group.members
                stay = members_who_stay(members, p, floor, uniform)
                self.left += len(members) - len(stay)
                self.members_by_nb[nb] -= len(members) - len(stay)
                group.members = stay
                if group.active and len(stay) < self.min_members:
                    self._dissolve(group)
                elif not group.active and not stay:
                    self.forming[nb] = None
            kept = []
            for point in points:
                if self._leaves(now - point.last_job, point.host.trust):
                    point.host.role = None
                    self.helpers.release(point)
                    self.closed += 1
                else:
                    self.helpers.review(point, now)
                    kept.append(point)
            self.points_by_nb[nb] = kept
            self._sync(nb)

    def _leaves(self, idle: float, trust: float) -> bool:
        """One decision by the leave rule: a uniform is drawn only if the chance is above 0."""
        p = leave_probability(idle, trust, self.pp)
        return p > 0.0 and (p >= 1.0 or self.model.draws.uniform() < p)

    def _dissolve(self, group: Group) -> None:
        """An active group fell below the minimum: it ends and its members are released."""
        nb = group.nb
        for r in group.members:
            r.role = None
        self.released += len(group.members)
        self.members_by_nb[nb] -= len(group.members)
        group.members = []
        group.active = False
        self.groups_by_nb[nb].remove(group)
        self.dissolved += 1

    # --- the committee's actors -------------------------------------------------------------
    def _sync(self, nb: int) -> None:
        """The committee's pools and hours follow its active groups and points."""
        committees = getattr(self.model, "committees", None)
        if not committees:
            return
        committee = committees[nb]
        committee.groups = self.groups_by_nb[nb]
        committee.points = self.points_by_nb[nb]
        n_groups = len(self.groups_by_nb[nb])
        n_points = len(self.points_by_nb[nb])
        committee.set_actors(Channel.SELF_GOVERNANCE, n_groups, n_groups)
        hours = self.helpers.hours(self.points_by_nb[nb])
        committee.set_actors(Channel.NEIGHBOUR_POINT, n_points, n_points, hours)

    @property
    def groups_active(self) -> int:
        """Active groups now."""
        return sum(len(g) for g in self.groups_by_nb)

    @property
    def points_active(self) -> int:
        """Neighbour points open now."""
        return sum(len(p) for p in self.points_by_nb)

    @property
    def members(self) -> int:
        """Residents in a group now (active or forming)."""
        return sum(self.members_by_nb)
