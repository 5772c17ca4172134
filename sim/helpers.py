"""Neighbour-point helpers: residents recruited to help at a point, and lost.

A point's helpers are residents (each holds the point as her
:attr:`~cogov.agents.resident.Resident.role`: a resident holds at most one role) who give
their hours beside the host's (:class:`cogov.sim.groups.Point`). They are built like the
self-governance groups' members (:mod:`cogov.sim.groups`):

- **The start.** Each of the report's points gets ``community.point_helpers`` helpers
  (*assumption*: the report counts points, not their helpers), drawn among the committee's
  adults holding no role by the volunteers' weighted rule (Party members first), after the
  hosts and before the groups' members.
- **Recruitment.** At every campaign each committee with a point below
  ``community.point_helpers_max`` helpers (*assumption*) approaches its share of
  ``participation.helper_contacts`` adults without a role (split like ``point_contacts``, by
  elderly people living alone; Party members first); each joins with
  :func:`~cogov.sim.participation.join_probability`, the conditional term reading the share of
  the committee's residents helping at a point against the starting share
  (``neighbour_points × point_helpers / residents``, an *assumption*: the report gives no
  count of helpers). A joiner helps at the committee's point with the fewest helpers below the
  cap (the first such point in the committee's list); the campaign stops when every point is
  full.
- **Attrition.** At the weekly review each helper of a point whose host stays decides with
  :func:`~cogov.sim.participation.leave_probability` (one draw each, if her chance is between
  0 and 1), the point's last use being hers; a helper below ``participation.trust_floor``
  leaves. When a point closes its helpers are released.

A point's weekly hours are its host's ``community.point_host_hours_per_week`` plus
``community.point_helper_hours_per_week`` per helper: the committee's hours are set again on
every join and leave (:meth:`cogov.sim.groups.Groups._sync`), never by polling residents.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from cogov.sim.participation import join_probability, leave_probability, members_who_stay
from cogov.sim.space import count_scale, per_resident, scaled, split_weighted

if TYPE_CHECKING:
    from cogov.agents.resident import Resident
    from cogov.sim.groups import Point
    from cogov.sim.model import CoGovModel

__all__ = ["Helpers"]


class Helpers:
    """Recruits and loses the helpers of every committee's neighbour points."""

    def __init__(self, model: CoGovModel, people: list[int], alone: list[int]) -> None:
        """Counters and each committee's share of the campaigns (``alone``: elderly alone)."""
        self.model = model
        s = model.params
        c = s.community
        self.pp = s.participation
        self.start = c.point_helpers
        self.cap = c.point_helpers_max
        self.host_hours = c.point_host_hours_per_week
        self.helper_hours = c.point_helper_hours_per_week
        #: the starting share of residents helping at a point (conditional term; assumption)
        self.reference = per_resident(c.neighbour_points * c.point_helpers, s)
        self.people = people
        self.contacts = split_weighted(scaled(self.pp.helper_contacts, count_scale(s)), alone)
        self.by_nb = [0] * len(people)  # helpers at open points, per committee
        self.joined = self.left = self.released = self.approached = 0

    def seed(self, points: list[Point], w: np.ndarray, people: list[Resident]) -> None:
        """``points`` (a committee's first) get ``point_helpers`` helpers each, drawn by ``w``.

        One weighted draw without replacement of all of them; the i-th drawn helps at point
        i mod len(points). ``w`` is zeroed for those drawn.
        """
        if not points or self.start <= 0:
            return
        n = min(len(points) * self.start, int(np.count_nonzero(w)))
        if n <= 0:
            return
        drawn = self.model.rng.choice(len(people), n, replace=False, p=w / w.sum()).tolist()
        for k, i in enumerate(drawn):
            self._add(points[k % len(points)], people[i])
            w[i] = 0.0

    def campaign(self, nb: int, points: list[Point]) -> None:
        """Committee ``nb`` approaches its contacts to help at its points below the cap."""
        k = self.contacts[nb]
        if k <= 0 or not any(len(p.helpers) < self.cap for p in points):
            return
        model = self.model
        mean = model.params.population.trust_mean
        share = self.by_nb[nb] / self.people[nb] if self.people[nb] else 0.0
        people = model.participation._candidates(nb, k)
        self.approached += len(people)
        for r, u in zip(people, model.draws.uniforms(len(people)), strict=True):
            p = join_probability(
                r.volunteer_propensity, r.trust, mean, r.party_member, share, self.pp,
                self.reference,
            )  # fmt: skip
            if u < p:
                open_points = [q for q in points if len(q.helpers) < self.cap]
                if not open_points:
                    break
                self._add(min(open_points, key=lambda q: len(q.helpers)), r)
                self.joined += 1

    def _add(self, point: Point, r: Resident) -> None:
        point.helpers.append(r)
        r.role = point
        self.by_nb[point.nb] += 1

    def review(self, point: Point, now: float) -> None:
        """Each helper of ``point`` (whose host stays) decides whether to stay."""
        if not point.helpers:
            return
        floor = self.pp.trust_floor
        uniform = self.model.draws.uniform
        # the chance for a helper at or above the trust floor (the same for all)
        p = leave_probability(now - point.last_job, 1.0, self.pp)
        stay = members_who_stay(point.helpers, p, floor, uniform)
        self.left += len(point.helpers) - len(stay)
        self.by_nb[point.nb] -= len(point.helpers) - len(stay)
        point.helpers = stay

    def release(self, point: Point) -> None:
        """``point`` closed: its helpers hold no role any more."""
        for r in point.helpers:
            r.role = None
        self.released += len(point.helpers)
        self.by_nb[point.nb] -= len(point.helpers)
        point.helpers = []

    def hours(self, points: list[Point]) -> float:
        """The weekly hours of ``points``: each host's plus each helper's."""
        helpers = sum(len(p.helpers) for p in points)
        return len(points) * self.host_hours + helpers * self.helper_hours

    @property
    def active(self) -> int:
        """Helpers at open points now."""
        return sum(self.by_nb)
