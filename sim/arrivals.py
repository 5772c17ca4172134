"""Problems arise and are found.

Arrivals are a Poisson process per (issue kind, neighbourhood) whose rate is
``rate_per_1000_per_year`` per 1,000 residents, times the demand multiplier, the weekly and
daily profiles and any active shock. Once a day the day's arrivals are drawn at once — a
Poisson count per (kind, neighbourhood) and arrival instants from the daily profile, which is
exactly a piecewise-constant-rate Poisson process — and each arrival is scheduled as an event.

When a problem arises it affects one resident (or, for enterprise requests, one unit) of its
neighbourhood. It is found by whichever comes first: the affected party's report (if they
decide to report, after an exponential delay) or, for kinds inspectors can see, the
neighbourhood's patrol: an exponential time with mean ``inspectors.find_hours`` divided by the
patrol strength, i.e. the inspectors there plus ``volunteer_patrol_weight`` per patrol
volunteer active this week (assumption: beats are shared evenly; see
:meth:`cogov.sim.mechanisms.Mechanisms.start_week`). A problem nobody reports or finds stays
unreported.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from cogov.sim.calendar import HOURS_PER_DAY
from cogov.sim.issue import FoundBy, Issue, IssueState
from cogov.sim.params import Reporter

if TYPE_CHECKING:
    from cogov.sim.model import CoGovModel

__all__ = ["Arrivals"]

_INF = float("inf")


class Arrivals:
    """Draws each day's problems and runs their discovery."""

    def __init__(self, model: CoGovModel) -> None:
        """Precompute the expected daily arrivals per (kind, neighbourhood)."""
        self.model = model
        s = model.params
        residents = np.array([len(r) for r in model.residents_by_nb], dtype=float)
        rates = np.array([k.rate_per_1000_per_year for k in s.kinds], dtype=float)
        self.base = np.outer(rates / 1000.0 / 365.0, residents) * s.demand.multiplier
        daily = np.asarray(s.demand.daily_profile, dtype=float)
        self.flat_day = bool(np.all(daily == daily[0]))
        self.hour_p = daily / daily.sum() if daily.sum() > 0 else np.full(24, 1 / 24)
        weekly = np.asarray(s.demand.weekly_profile, dtype=float)
        self.week_factor = weekly * 7.0 / weekly.sum() if weekly.sum() > 0 else np.ones(7)
        kind_ids = {k.id: i for i, k in enumerate(s.kinds)}
        names = {model.graph.nodes[n]["name"]: n for n in model.graph.nodes}
        self.shocks = []
        for sh in s.shocks:
            mask = np.zeros_like(self.base, dtype=bool)
            ks = [kind_ids[k] for k in sh.kinds] or list(range(len(s.kinds)))
            ns = [names[n] for n in sh.neighbourhoods] or list(names.values())
            mask[np.ix_(ks, ns)] = True
            self.shocks.append((sh.start_day, sh.end_day, sh.multiplier, mask))
        self.next_id = 0
        self.find_hours = s.inspectors.find_hours

    def expected(self, day: int) -> np.ndarray:
        """Expected arrivals on ``day`` per (kind, neighbourhood)."""
        lam = self.base * self.week_factor[day % 7]
        for start, end, mult, mask in self.shocks:
            if start <= day < end:
                lam = np.where(mask, lam * mult, lam)
        return lam

    def draw_day(self) -> None:
        """Draw the coming day's problems and schedule each one's arising."""
        model = self.model
        rng = model.rng
        t0 = model.time
        day = int(t0 // HOURS_PER_DAY)
        counts = rng.poisson(self.expected(day))
        total = int(counts.sum())
        if total == 0:
            return
        ks, ns = np.nonzero(counts)
        reps = counts[ks, ns]
        kinds = np.repeat(ks, reps)
        nbs = np.repeat(ns, reps)
        if self.flat_day:
            offsets = rng.random(total) * HOURS_PER_DAY
        else:
            offsets = rng.choice(24, size=total, p=self.hour_p) + rng.random(total)
        order = np.argsort(offsets, kind="stable")
        kind_params = model.params.kinds
        alive = model.alive
        at = model.at
        for k, n, h in zip(
            kinds[order].tolist(), nbs[order].tolist(), offsets[order].tolist(), strict=True
        ):
            issue = Issue(self.next_id, k, kind_params[k], n, t0 + h)
            self.next_id += 1
            alive[issue.id] = issue
            at(issue.t_arise, issue.then(self.arise))

    def arise(self, issue: Issue) -> None:
        """The problem arises: pick who it affects and when (if ever) it will be found."""
        model = self.model
        issue.state = IssueState.UNREPORTED
        model.metrics.on_arise(issue)
        kind = issue.kind
        nb = issue.neighbourhood
        draws = model.draws
        if kind.reporter is Reporter.UNIT and model.units_by_nb[nb]:
            party = model.pick(model.units_by_nb[nb])
            found_by = FoundBy.UNIT
        else:
            group = model.elderly_alone_by_nb[nb] if kind.affects_elderly_alone else None
            party = model.pick(group or model.residents_by_nb[nb])
            found_by = FoundBy.RESIDENT
        issue.reporter = party
        t_party = (
            draws.exponential(model.params.reporting.delay_hours)
            if party.decide_to_report()
            else _INF
        )
        t_patrol = _INF
        strength = model.patrol_strength[nb]
        if kind.inspectable and strength > 0.0:
            t_patrol = draws.exponential(self.find_hours / strength)
        if t_patrol < t_party:
            # the finder is an inspector or a patrol volunteer, in proportion to their weight
            inspectors = len(model.inspectors_by_nb[nb])
            by_inspector = draws.uniform() * strength < inspectors
            found_by = FoundBy.INSPECTOR if by_inspector else FoundBy.VOLUNTEER
            t_party = t_patrol
        if t_party == _INF:
            model.metrics.never_found += 1
            model.alive.pop(issue.id)  # never found: counted as unreported, kept no longer
            issue.release()
            return
        issue.found_by = found_by
        model.at(issue.t_arise + t_party, issue.then(self.found))  # it arises now

    def found(self, issue: Issue) -> None:
        """The problem is reported or found: it opens and goes to intake."""
        model = self.model
        issue.state = IssueState.OPEN
        now = model.time
        issue.t_report = now
        issue.deadline = now + issue.kind.deadline_hours
        model.metrics.on_report(issue, now)
        model.center.receive(issue)
