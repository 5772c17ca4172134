"""Participation that is recruited and lost: volunteers are residents who join and leave.

A volunteer is a :class:`~cogov.agents.resident.Resident` who has taken on a volunteer role
(:class:`~cogov.agents.volunteer.Volunteer`, holding her skill and weekly hours).

- **The start.** ``volunteers.count`` residents volunteer when the run starts (report: "nearly
  1,000" in 2013). Who they are is drawn by the same rule as recruitment: Party members
  first, then by each resident's weight (:func:`join_probability`); so the count is the
  report's, the people are the model's. Children never volunteer.
- **Recruitment.** Every ``participation.campaign_days`` each committee runs a campaign
  (report: the neighbourhood topic meeting is monthly). It approaches
  ``participation.contacts`` residents of the subdistrict, split over committees by
  residents, Party members first (report: neighbour points are built around Party-member
  households; matters are "known inside the Party first"); each joins with
  :func:`join_probability` — her own propensity, her trust and the share of her
  neighbourhood that already volunteers (conditional cooperation, Fischbacher, Gächter &
  Fehr 2001). Only the residents approached decide: nobody else is touched.
- **Attrition.** At the volunteers' weekly renewal (about 1,000 volunteers, not the 70,900
  residents) each decides whether to stay (:func:`leave_probability`): a volunteer whose
  skill went unused for ``participation.idle_weeks`` weeks leaves with
  ``participation.quit_idle`` a week (contributions decay without use or recognition:
  Ledyard 1995), and one whose trust fell below ``participation.trust_floor`` leaves.
  Patrol volunteers are used every week they patrol.

How many volunteers there are at the end (``volunteers_active_end``) is what these decisions
reach, not a parameter. ``elderly_served`` counts the distinct elderly people living alone
whose need a neighbour point or a volunteer met (report: 37 points serve 600+).
"""

from __future__ import annotations

import bisect
from typing import TYPE_CHECKING

import numpy as np

from cogov.agents.resident import AgeGroup
from cogov.agents.volunteer import Volunteer
from cogov.sim.calendar import HOURS_PER_DAY, HOURS_PER_WEEK
from cogov.sim.params import ParticipationParams, Skill
from cogov.sim.space import count_scale, scaled, split_weighted

if TYPE_CHECKING:
    from collections.abc import Callable

    from cogov.agents.resident import Resident
    from cogov.sim.groups import Groups
    from cogov.sim.model import CoGovModel
    from cogov.sim.teams import Teams

__all__ = [
    "Participation",
    "cooperation",
    "join_probability",
    "leave_probability",
    "members_who_stay",
]


def cooperation(share: float, reference: float, conditional: float) -> float:
    """The conditional-cooperation factor ``1 + conditional × 2x / (1 + x)``, x = share / reference.

    Equal to ``1 + conditional`` at the reference share, rising with the share of neighbours
    taking part and saturating at ``1 + 2 × conditional`` (assumption: conditional cooperators
    match what others give, and others' giving stops raising their own once most of their
    neighbours they would follow already take part; Fischbacher, Gächter & Fehr 2001 find
    contributions that rise with others' and stay below them). An earlier linear form
    ``1 + conditional × x`` had no bound.
    """
    if reference <= 0.0:
        return 1.0
    x = max(0.0, share) / reference
    return 1.0 + conditional * 2.0 * x / (1.0 + x)


def join_probability(
    propensity: float,
    trust: float,
    trust_mean: float,
    party: bool,
    share: float,
    pp: ParticipationParams,
    reference: float | None = None,
) -> float:
    """The chance an approached resident joins (as a volunteer, group member or point host).

    ``propensity × (trust / trust_mean) × party_factor^party × cooperation(share, reference)``,
    capped at 1 (:func:`cooperation`; ``reference`` defaults to ``pp.reference_share``, the
    volunteers'): more willing, more trusting, Party members, and people whose neighbours
    already take part join more often (conditional cooperation).
    """
    p = propensity * (trust / trust_mean if trust_mean > 0 else 1.0)
    if party:
        p *= pp.party_factor
    ref = pp.reference_share if reference is None else reference
    p *= cooperation(share, ref, pp.conditional)
    return min(1.0, max(0.0, p))


def leave_probability(idle_hours: float, trust: float, pp: ParticipationParams) -> float:
    """The chance a volunteer, group member, point host or service team leaves this week.

    1 if trust fell below ``trust_floor``; else ``quit_base`` (turnover whatever happens:
    about a third of volunteers do not return the next year), combined with ``quit_idle``
    if the role went unused for ``idle_weeks`` weeks: ``1 − (1 − quit_base)(1 − quit_idle)``.
    """
    if trust < pp.trust_floor:
        return 1.0
    if idle_hours >= pp.idle_weeks * HOURS_PER_WEEK:
        return pp.quit_base + pp.quit_idle - pp.quit_base * pp.quit_idle
    return pp.quit_base


def members_who_stay(
    members: list[Resident], chance: float, floor: float, uniform: Callable[[], float]
) -> list[Resident]:
    """The weekly decision of each of a group's or point's ``members``: who stays.

    ``chance`` is :func:`leave_probability` for a member at or above the trust ``floor`` (the
    same for all of them: it depends on the group's or point's idleness); a member below the
    floor leaves, the others leave with ``chance``, one ``uniform()`` each only when it is
    strictly between 0 and 1. Those who leave lose their role.
    """
    stay = []
    for r in members:
        if r.trust < floor or (chance > 0.0 and (chance >= 1.0 or uniform() < chance)):
            r.role = None
        else:
            stay.append(r)
    return stay


class Participation:
    """Recruits and loses volunteers; keeps each committee's count."""

    def __init__(self, model: CoGovModel, weights: list[np.ndarray] | None = None) -> None:
        """Index Party members per committee and draw the starting volunteers.

        ``weights`` are each committee's residents' join probabilities at share 0 (computed
        from the population's arrays when it is built); computed here if not given.
        """
        self.model = model
        s = model.params
        self.pp = s.participation
        self.skill_names = list(s.volunteers.skills)
        shares = np.array([s.volunteers.skills[k] for k in self.skill_names], dtype=float)
        # the skill drawn for a new volunteer: numpy's Generator.choice(p=...) rule (one
        # uniform, searched in the normalised cumulative shares), without its per-call cost
        cdf = (shares / shares.sum()).cumsum() if shares.sum() > 0 else shares
        self.skill_cdf: list[float] | None = (
            (cdf / cdf[-1]).tolist() if len(shares) > 1 and shares.sum() > 0 else None
        )
        self.party_by_nb = [[r for r in here if r.party_member] for here in model.residents_by_nb]
        self.active_by_nb = [0] * len(model.residents_by_nb)
        self.recruited = self.left = self.approached = 0
        self.helped_across = 0  # volunteer jobs done in an adjacent committee
        self.teams_across = 0  # service-team jobs done in an adjacent committee
        #: elderly people living alone whose need a neighbour point or volunteer met (ids)
        self.elderly_served: set[int] = set()
        #: self-governance groups and neighbour points (set by the population once the
        #: committees exist), and member units' service teams
        self.groups: Groups | None = None
        self.teams: Teams | None = None
        model.volunteers = []
        scale = count_scale(s)
        people = [len(r) for r in model.residents_by_nb]
        self.contacts = split_weighted(scaled(self.pp.contacts, scale), people)
        for nb, n in enumerate(split_weighted(scaled(s.volunteers.count, scale), people)):
            self._seed(nb, n, None if weights is None else weights[nb])

    def share(self, nb: int) -> float:
        """The share of committee ``nb``'s residents who volunteer now."""
        n = len(self.model.residents_by_nb[nb])
        return self.active_by_nb[nb] / n if n else 0.0

    def _candidates(self, nb: int, k: int) -> list[Resident]:
        """Up to ``k`` adults holding no role, Party members first, in a random order."""
        model = self.model
        rng = model.rng
        out: list[Resident] = []
        party = self.party_by_nb[nb]
        for i in rng.permutation(len(party)).tolist():
            if len(out) >= k:
                return out
            if party[i].role is None and party[i].age_group is not AgeGroup.CHILD:
                out.append(party[i])
        everyone = model.residents_by_nb[nb]
        if everyone and len(out) < k:
            for i in rng.integers(0, len(everyone), size=k - len(out)).tolist():
                r = everyone[i]
                if r.role is None and not r.party_member and r.age_group is not AgeGroup.CHILD:
                    out.append(r)
        return out

    def _seed(self, nb: int, n: int, w: np.ndarray | None) -> None:
        """The ``n`` residents of ``nb`` who volunteer at the start (weighted by the rule)."""
        model = self.model
        people = model.residents_by_nb[nb]
        if n <= 0 or not people:
            return
        if w is None:
            w = self._weights(people)
        if w.sum() <= 0.0:
            w = np.ones(len(people))
        n = min(n, int(np.count_nonzero(w)))
        for i in model.rng.choice(len(people), size=n, replace=False, p=w / w.sum()).tolist():
            self._join(people[i])

    def _weights(self, people: list[Resident]) -> np.ndarray:
        """Join probabilities at share 0 of ``people`` (children: 0)."""
        model = self.model
        mean = model.params.population.trust_mean
        pp = self.pp
        # join_probability at share 0, vectorised over the committee's residents
        v = np.fromiter((r.volunteer_propensity for r in people), dtype=float, count=len(people))
        t = np.fromiter((r.trust for r in people), dtype=float, count=len(people))
        party = np.fromiter((r.party_member for r in people), dtype=bool, count=len(people))
        adult = np.fromiter(
            (r.age_group is not AgeGroup.CHILD for r in people), dtype=bool, count=len(people)
        )
        w = v * (t / mean if mean > 0 else 1.0) * np.where(party, pp.party_factor, 1.0)
        return np.where(adult, np.clip(w, 0.0, 1.0), 0.0)

    @property
    def campaigns(self) -> bool:
        """Whether committees campaign at all (any residents or units to approach)."""
        pp = self.pp
        teams = self.teams
        units = (
            teams is not None
            and any(teams.members_by_nb)
            and self.model.params.units.team_willingness > 0.0
        )
        people = (pp.contacts, pp.group_contacts, pp.point_contacts, pp.helper_contacts)
        return any(k > 0 for k in people) or units

    def campaign(self) -> None:
        """A campaign: volunteers, then group members, point hosts and helpers, service teams."""
        self._campaign_volunteers()
        if self.groups is not None:
            self.groups.campaign()
        if self.teams is not None:
            self.teams.campaign()

    def _campaign_volunteers(self) -> None:
        """Every committee approaches its contacts; each decides whether to volunteer."""
        model = self.model
        mean = model.params.population.trust_mean
        for nb, k in enumerate(self.contacts):
            share = self.share(nb)
            people = self._candidates(nb, k)
            self.approached += len(people)
            for r, u in zip(people, model.draws.uniforms(len(people)), strict=True):
                p = join_probability(
                    r.volunteer_propensity, r.trust, mean, r.party_member, share, self.pp
                )
                if u < p:
                    self._join(r)
                    self.recruited += 1

    def _join(self, resident: Resident) -> Volunteer:
        model = self.model
        k = 0
        if self.skill_cdf is not None:
            k = bisect.bisect_right(self.skill_cdf, model.rng.random())
        skill = Skill(self.skill_names[k])
        v = Volunteer(model, resident, skill, model.params.volunteers.hours_per_week)
        resident.role = v
        nb = resident.cell.coordinate
        model.volunteers.append(v)
        self.active_by_nb[nb] += 1
        if getattr(model, "committees", None):
            model.committees[nb].add_volunteer(v)
        return v

    def review(self, now: float) -> None:
        """The weekly renewal: volunteers, group members, point hosts and helpers, teams decide."""
        self._review_volunteers(now)
        if self.groups is not None:
            self.groups.review(now)
        if self.teams is not None:
            self.teams.review(now)

    def _review_volunteers(self, now: float) -> None:
        """Each volunteer decides whether to stay (one draw each)."""
        model = self.model
        pp = self.pp
        # leave_probability takes three values: 1 below the trust floor, else one for a
        # volunteer idle idle_weeks or more (patrols are never idle), one for the others
        floor = pp.trust_floor
        idle_after = pp.idle_weeks * HOURS_PER_WEEK
        p_idle = leave_probability(idle_after, floor, pp)
        p_used = leave_probability(0.0, floor, pp) if idle_after > 0.0 else p_idle
        stay = []
        for v, u in zip(model.volunteers, model.draws.uniforms(len(model.volunteers)), strict=True):
            if v.resident.trust < floor:
                p = 1.0
            elif v.skill is not Skill.PATROL and now - v.last_job >= idle_after:
                p = p_idle
            else:
                p = p_used
            if u < p:
                self._leave(v)
            else:
                stay.append(v)
        model.volunteers = stay

    def _leave(self, v: Volunteer) -> None:
        nb = v.resident.cell.coordinate
        v.resident.role = None
        self.active_by_nb[nb] -= 1
        self.model.committees[nb].remove_volunteer(v)
        self.left += 1
        v.remove()

    def serve_elderly(self, resident: Resident) -> None:
        """A neighbour point or volunteer met ``resident``'s need (counted once per person)."""
        self.elderly_served.add(resident.unique_id)

    @property
    def every(self) -> float:
        """Hours between campaigns."""
        return self.pp.campaign_days * HOURS_PER_DAY
