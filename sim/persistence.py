"""Persistence settings, fading of unseen problems, and the seeded chronic cases.

What happens to a problem after a reply is :meth:`cogov.sim.life.Life.after_reply`.

The reply closes a case; the problem is gone only if the reply solved it. With
``persistence.enabled`` an unsolved problem stays in the world (``IssueState.PERSISTING``):
its affected party decides when to report it again
(:meth:`cogov.agents.resident.Resident.hours_until_reporting_again`), which opens a new case of
the same problem (a *repeat report*, linked by the issue's id). Every problem, reported or not,
goes away by itself at ``t_fade``, drawn once when it arises as Exp(``persistence.fade_hours``)
(assumption: problems such as a noisy neighbour or a blocked drain end on their own in time).
With persistence on, the chronic cases of ``[chronic.ID]`` exist at the start, arose
``age_years`` ago and never fade; only a reply that solves them ends them (report: a street
market open 10 years, a podium dispute 7 years, old lifts).
"""

from __future__ import annotations

import heapq
from typing import TYPE_CHECKING

from cogov.sim.calendar import HOURS_PER_DAY
from cogov.sim.issue import FoundBy, Issue, IssueState
from cogov.sim.jurisdiction import jurisdiction_shares
from cogov.sim.params import Reporter

if TYPE_CHECKING:
    from cogov.sim.model import CoGovModel

__all__ = ["Persistence"]

_INF = float("inf")
HOURS_PER_YEAR = 365.0 * HOURS_PER_DAY


class Persistence:
    """Decides what becomes of a problem after a reply; runs repeats and fading."""

    def __init__(self, model: CoGovModel) -> None:
        """Attach to ``model`` and seed the scenario's chronic cases."""
        self.model = model
        p = model.params.persistence
        self.enabled = p.enabled
        self.fade_hours = p.fade_hours
        self._unseen: list[float] = []  # fade times of problems nobody will report (a heap)
        #: fade times met before they faded, by how many: still on the heap, skipped when popped
        self._met: dict[float, int] = {}
        #: the seeded chronic cases (only with persistence: without it nothing persists)
        self.chronic: list[Issue] = [self._seed(c) for c in model.params.chronic if self.enabled]

    def fade_time(self, t_arise: float) -> float:
        """When a problem arising at ``t_arise`` goes away by itself (``inf`` if it never does)."""
        if not self.enabled:
            return _INF
        return t_arise + self.model.draws.exponential(self.fade_hours)

    def fade_unseen_at(self, t_fade: float) -> None:
        """Note when a problem nobody will report fades (it is kept as a time only)."""
        if t_fade < _INF:
            heapq.heappush(self._unseen, t_fade)

    def forget_unseen(self, t_fade: float) -> None:
        """A problem nobody reported, fading at ``t_fade``, was met first (:mod:`cogov.sim.visits`).

        One entry of that fade time no longer counts (entries of equal times are alike): it
        is noted, and :meth:`fade_unseen` drops it when it reaches the top of the heap, instead
        of a search and a re-heapify of the whole heap now.
        """
        if t_fade < _INF:
            met = self._met
            met[t_fade] = met.get(t_fade, 0) + 1

    def fade_unseen(self, now: float) -> int:
        """Count as gone the unseen problems that faded by ``now`` (the daily record calls it).

        Nothing can happen to a problem nobody will report, so it needs no event of its own:
        it stays counted as unreported until the end of the day it fades.
        """
        unseen = self._unseen
        met = self._met
        n = 0
        while unseen and unseen[0] <= now:
            t = heapq.heappop(unseen)
            left = met.get(t)
            if left is None:
                n += 1
            elif left == 1:
                del met[t]
            else:
                met[t] = left - 1
        if n:
            self.model.metrics.on_unseen_faded(n)
        return n

    def _seed(self, c) -> Issue:
        """Create one chronic case, persisting since ``age_years`` before the start."""
        model = self.model
        s = model.params
        k = next(i for i, kind in enumerate(s.kinds) if kind.id == c.kind)
        kind = s.kinds[k]
        names = {model.graph.nodes[n]["name"]: n for n in model.graph.nodes}
        nb = names.get(c.neighbourhood, 0)
        shares = jurisdiction_shares(
            c.jurisdiction or kind.jurisdiction, kind.department, s.department_index()
        )
        arrivals = model.arrivals
        issue = Issue(arrivals.next_id, k, kind, nb, -c.age_years * HOURS_PER_YEAR, shares)
        arrivals.next_id += 1
        issue.chronic = True
        issue.reports = issue.replies = 1  # reported and answered before the start
        if kind.reporter is Reporter.UNIT and model.units_by_nb[nb]:
            issue.reporter = model.pick(model.units_by_nb[nb])
            issue.found_by = FoundBy.UNIT
        else:
            issue.reporter = model.pick(model.residents_by_nb[nb])
            issue.found_by = FoundBy.RESIDENT
        issue.state = IssueState.PERSISTING
        model.alive[issue.id] = issue
        model.metrics.on_seed(issue)
        model.life.schedule_next(issue)
        return issue
