"""Elderly people's needs found on visits (report: 37 neighbour points serve 600+ elderly).

The report builds neighbour points "for elderly people living alone or in all-elderly
households" around Party-member households, gives volunteers an "elderly visits" skill and
has an elderly-care evaluation group visit. A need is therefore met not only when the elderly
person reports it: the points and volunteers go to her.

- **Needs exist whether or not they are reported.** A problem of an ``affects_elderly_alone``
  kind arises with an elderly person living alone as now (:meth:`cogov.sim.life.Life.arise`).
  If nobody will report or find it (she decided not to report, or it fades first), it is
  not lost: it stays *latent* with her, in her committee's store (:meth:`Visits.keep`; a
  store per committee, nothing is added to the 70,900 residents), until a visit meets it
  or it lapses. It lapses when the problem fades by itself, at the fade time every problem
  gets (``persistence.fade_hours``, assumption; with persistence off it never lapses).
  Until then it is counted, as before, among the unreported problems.
- **Visits find them.** Once a week, at ``visits.round_hour`` hours after Monday 00:00, one
  event runs every committee's round (:meth:`Visits.round`). A committee wants each of its
  elderly people living alone visited every ``visits.interval_days`` days: it visits the next
  ``n × 7 / interval_days`` of them in a fixed ring (a fractional remainder is carried to
  the next week), so whoever has waited longest since her last visit comes first. Each
  visit costs ``visits.hours_per_visit`` hours from the week's hours: the neighbour points'
  hours left (``Committee.hours_left``; only while the committee has a point), else an
  active volunteer with the ``elderly_visits`` skill who has the hours (round robin,
  :meth:`cogov.agents.volunteer.Volunteer.serve`: the visit uses her skill). When nobody
  here has the hours, the round stops and the people not reached come first next week.
  The round runs under every policy: points and volunteers exist under each; what differs
  is how many hours the week's cases have left them (only co-governance offers them cases).
- **A visit meets what it finds** (a shortcut of the work path, the same draws and rules):
  for each latent need of the person visited, the visitor judges the job (one work-time draw
  from the kind's ``community_work``, as :meth:`cogov.agents.committee.Committee.take`
  does); if her hours left do not cover it she passes it to whoever here has them (the
  points, else a volunteer with the skill, as for a visit); whoever takes it spends the
  hours and solves it with the kind's ``p_solve`` (as :meth:`cogov.sim.work.Work.close` does
  for a community actor); if nobody has the hours the need stays latent. Solved, the
  problem is gone, the person counts as served (``elderly_served``) and her trust moves
  toward 1, as after any solved case nobody rated (7.9); unsolved, her trust moves toward 0
  and the need stays latent. A visit that finds no need changes nothing else (the model has
  no rule by which contact alone moves trust). No case is opened: reports, replies and the
  hotline figures the reporting propensity is calibrated to are untouched.

With ``visits.enabled = false`` (the dataclass default) nothing is kept, scheduled or drawn.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from mesa.time import Schedule

from cogov.agents.resident import AgeGroup
from cogov.sim.calendar import HOURS_PER_DAY, HOURS_PER_WEEK
from cogov.sim.params import Channel, Skill

if TYPE_CHECKING:
    from cogov.agents.committee import Committee
    from cogov.agents.resident import Resident
    from cogov.agents.volunteer import Volunteer
    from cogov.sim.issue import Issue
    from cogov.sim.model import CoGovModel

__all__ = ["Visits", "visits_due"]

_POINT = Channel.NEIGHBOUR_POINT


def visits_due(people: int, interval_days: float, carry: float) -> tuple[int, float]:
    """Visits a committee makes this week and the fraction carried to the next.

    ``people × 7 / interval_days`` plus last week's remainder; the whole part is visited (at
    most everyone once), the fraction carried.
    """
    want = carry + people * HOURS_PER_WEEK / (interval_days * HOURS_PER_DAY)
    whole = int(want)
    return min(whole, people), want - whole


class Visits:
    """Keeps elderly people's latent needs per committee and runs the weekly visiting round."""

    def __init__(self, model: CoGovModel) -> None:
        """Attach to ``model``; schedule the weekly round if visits are enabled."""
        self.model = model
        v = model.params.visits
        self.enabled = v.enabled
        self.hours = v.hours_per_visit
        self.interval_days = v.interval_days
        n = len(model.committees)
        #: per committee: resident id -> (fade time, kind index) of each of her latent needs
        self.latent: list[dict[int, list[tuple[float, int]]]] = [{} for _ in range(n)]
        self._next_person = [0] * n  # where each committee's ring of visits goes on
        self._carry = [0.0] * n
        self._next_volunteer = [0] * n
        self.made = 0  # visits made
        self.by_points = 0  # of those, by neighbour points
        self.kept = 0  # needs kept latent (nobody would report or find them)
        self.met = 0  # latent needs met on a visit
        self.hours_spent = 0.0  # hours spent on visits and on the needs they met
        if self.enabled:
            model.schedule_recurring(
                self.round, Schedule(interval=HOURS_PER_WEEK, start=v.round_hour)
            )

    def keep(self, issue: Issue) -> None:
        """A problem nobody will report arose with an elderly person living alone: keep it."""
        person = issue.reporter
        if person.age_group is not AgeGroup.ELDERLY_ALONE:
            return
        store = self.latent[issue.neighbourhood]
        store.setdefault(person.unique_id, []).append((issue.t_fade, issue.kind_index))
        self.kept += 1

    def latent_now(self) -> int:
        """Latent needs not yet met or lapsed now."""
        now = self.model.now
        return sum(t > now for store in self.latent for needs in store.values() for t, _ in needs)

    def round(self) -> None:
        """The weekly round: every committee visits the elderly people due, while hours last."""
        for nb, committee in enumerate(self.model.committees):
            self._round_in(nb, committee)

    def _round_in(self, nb: int, committee: Committee) -> None:
        people = self.model.elderly_alone_by_nb[nb]
        if not people:
            return
        due, self._carry[nb] = visits_due(len(people), self.interval_days, self._carry[nb])
        hours = self.hours
        pool = committee.pools.get(_POINT)
        points = pool is not None and pool.servers > 0  # no round changes who hosts a point
        hours_left = committee.hours_left
        # the volunteers' round robin of _visitor, inline (visits are the round's bulk):
        # the next volunteer from the last who visited that has the hours, else nobody
        volunteers = committee.volunteers[Skill.ELDERLY_VISITS]
        n_vol = len(volunteers)
        metrics = self.model.metrics
        now = self.model.now
        n = len(people)
        i = self._next_person[nb]
        for _ in range(due):
            # who visits: the points while they have the hours, else a volunteer
            if points and hours_left.get(_POINT, 0.0) >= hours:
                visitor: Committee | Volunteer = committee
                hours_left[_POINT] -= hours
                committee.credit(_POINT)  # a point's visit uses it, as a volunteer's uses her
                self.by_points += 1
            else:
                start = self._next_volunteer[nb]
                for offset in range(n_vol):
                    found = volunteers[(start + offset) % n_vol]
                    if found.hours_left >= hours:  # Volunteer.can_take
                        self._next_volunteer[nb] = (start + offset + 1) % n_vol
                        break
                else:
                    break  # nobody here has the hours: the rest come first next week
                visitor = found
                found.hours_left -= hours  # Volunteer.serve
                found.hours_given += hours
                found.last_job = now
                metrics.volunteer_hours += hours
            self.hours_spent += hours
            self.made += 1
            person = people[i]
            i = (i + 1) % n
            self._meet(nb, committee, visitor, person)
        self._next_person[nb] = i

    def _visitor(self, nb: int, committee: Committee, hours: float) -> Committee | Volunteer | None:
        """Who makes a visit of ``hours``: the points (``committee``), a volunteer, or nobody."""
        pool = committee.pools.get(_POINT)
        if pool is not None and pool.servers > 0 and committee.hours_left.get(_POINT, 0.0) >= hours:
            return committee
        people = committee.volunteers[Skill.ELDERLY_VISITS]
        n = len(people)
        start = self._next_volunteer[nb]
        for offset in range(n):
            person = people[(start + offset) % n]
            if person.can_take(hours):
                self._next_volunteer[nb] = (start + offset + 1) % n
                return person
        return None

    def _spend(self, committee: Committee, visitor: Committee | Volunteer, hours: float) -> None:
        if visitor is committee:
            committee.hours_left[_POINT] -= hours
            committee.credit(_POINT)
        else:
            visitor.serve(hours)
        self.hours_spent += hours

    def _can_spend(
        self, committee: Committee, visitor: Committee | Volunteer, hours: float
    ) -> bool:
        if visitor is committee:
            return committee.hours_left.get(_POINT, 0.0) >= hours
        return visitor.can_take(hours)

    def _meet(
        self, nb: int, committee: Committee, visitor: Committee | Volunteer, person: Resident
    ) -> None:
        """The visitor meets what she can of ``person``'s latent needs (module docstring)."""
        store = self.latent[nb]
        needs = store.pop(person.unique_id, None)
        if not needs:
            return
        model = self.model
        now = model.now
        draws = model.draws
        kinds = model.params.kinds
        left = []
        for t_fade, k in needs:
            if t_fade <= now:
                continue  # lapsed: the daily record counted it as faded
            kind = kinds[k]
            hours = draws.work_hours(kind.community_work)
            doer = visitor if self._can_spend(committee, visitor, hours) else None
            if doer is None:
                doer = self._visitor(nb, committee, hours)
            if doer is None:
                left.append((t_fade, k))
                continue
            self._spend(committee, doer, hours)
            solved = draws.uniform() < kind.p_solve
            person.update_trust(float(solved))
            if not solved:
                left.append((t_fade, k))
                continue
            self.met += 1
            model.persistence.forget_unseen(t_fade)
            model.metrics.on_unseen_met()
            model.participation.serve_elderly(person)
        if left:
            store[person.unique_id] = left
