"""Problems arise and are found.

Arrivals are a Poisson process per (issue kind, neighbourhood). A kind's subdistrict-wide rate
is ``rate_per_1000_per_year`` per 1,000 residents, times the demand multiplier, the weekly and
daily profiles and any active shock; it is shared over the committees by who can have the
problem there (:func:`place_weights`): residents; for kinds that affect elderly people
living alone, those people; for unit-reported kinds, units; for ``property_related`` kinds,
residents times ``places.property_issue_factor`` of the committee's housing type (assumption:
where no property company maintains the estate, its repairs, refuse and shared-space
quarrels fall on residents and the committee). Once a day the day's arrivals are drawn at once — a
Poisson count per (kind, neighbourhood) and arrival instants from the daily profile, which is
exactly a piecewise-constant-rate Poisson process — and each arrival is scheduled as an event.

What happens when a problem arises is in :mod:`cogov.sim.life`, where its whole life reads
top to bottom (:meth:`cogov.sim.life.Life.arise`): it affects one resident (or, for enterprise
requests, one unit) of its neighbourhood and is found by whichever comes first: the affected
party's report (if they decide to report, after an exponential delay) or, for kinds
inspectors can see, the neighbourhood's patrol: an exponential time with mean
``inspectors.find_hours`` divided by the patrol strength, i.e. the inspectors there plus
``volunteer_patrol_weight`` per patrol volunteer active this week (assumption: beats are
shared evenly; see :meth:`cogov.sim.mechanisms.Mechanisms.start_week`). A problem nobody
reports or finds stays unreported, or, with ``persistence.enabled``, until it fades.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from cogov.sim.calendar import HOURS_PER_DAY
from cogov.sim.issue import Issue
from cogov.sim.jurisdiction import kind_shares
from cogov.sim.params import Reporter
from cogov.sim.space import attributes_of

if TYPE_CHECKING:
    from cogov.sim.model import CoGovModel

__all__ = ["Arrivals", "place_weights"]

_INF = float("inf")


def place_weights(model: CoGovModel) -> np.ndarray:
    """Each committee's share of each kind's arrivals (rows: kinds, summing to 1).

    A kind's weight in committee ``n`` is the number of its possible parties there: residents,
    elderly people living alone (``affects_elderly_alone``) or units (unit-reported kinds),
    times the housing factor for ``property_related`` kinds. A kind with no possible party
    anywhere falls back to residents.
    """
    s = model.params
    residents = np.array([len(r) for r in model.residents_by_nb], dtype=float)
    alone = np.array([len(r) for r in model.elderly_alone_by_nb], dtype=float)
    units = np.array([len(u) for u in model.units_by_nb], dtype=float)
    factor = s.places.property_issue_factor
    housing = np.array(
        [factor.get(attributes_of(n).housing, 1.0) for n in range(len(residents))], dtype=float
    )
    rows = []
    for kind in s.kinds:
        if kind.reporter is Reporter.UNIT:
            w = units
        elif kind.affects_elderly_alone:
            w = alone
        else:
            w = residents
        if kind.property_related:
            w = w * housing
        if w.sum() <= 0.0:
            w = residents if residents.sum() > 0 else np.ones_like(residents)
        rows.append(w / w.sum())
    return np.array(rows).reshape(len(s.kinds), len(residents))


class Arrivals:
    """Draws each day's problems and runs their discovery."""

    def __init__(self, model: CoGovModel) -> None:
        """Precompute the expected daily arrivals per (kind, neighbourhood)."""
        self.model = model
        s = model.params
        residents = np.array([len(r) for r in model.residents_by_nb], dtype=float)
        rates = np.array([k.rate_per_1000_per_year for k in s.kinds], dtype=float)
        share = place_weights(model)
        self.base = (rates / 1000.0 / 365.0 * residents.sum())[:, None] * share
        self.base *= s.demand.multiplier
        daily = np.asarray(s.demand.daily_profile, dtype=float)
        self.flat_day = bool(np.all(daily == daily[0]))
        self.hour_p = daily / daily.sum() if daily.sum() > 0 else np.full(24, 1 / 24)
        # the hour of a problem: numpy's Generator.choice(24, p=hour_p) rule (a uniform
        # searched in the normalised cumulative shares), without its per-call checks of p
        self.hour_cdf = self.hour_p.cumsum()
        self.hour_cdf /= self.hour_cdf[-1]
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
        self.shares = kind_shares(s)

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
        t0 = model.now
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
            hours = self.hour_cdf.searchsorted(rng.random(total), side="right")
            offsets = hours + rng.random(total)
        order = np.argsort(offsets, kind="stable")
        kind_params = model.params.kinds
        alive = model.alive
        at = model.at
        shares = self.shares
        arise = model.life.arise
        for k, n, h in zip(
            kinds[order].tolist(), nbs[order].tolist(), offsets[order].tolist(), strict=True
        ):
            issue = Issue(self.next_id, k, kind_params[k], n, t0 + h, shares[k])
            self.next_id += 1
            alive[issue.id] = issue
            at(issue.t_arise, issue.then(arise))
