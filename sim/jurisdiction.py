"""Who handles what: jurisdiction shares, and residents' beliefs about them.

A kind's jurisdiction gives each department the share of its problems that lie within that
department's powers (``kinds.ID.jurisdiction``; by default the whole kind belongs to its
``department``). Shares are kept per problem as a tuple indexed like
``scenario.departments``.

Residents know who handles what imperfectly. A household's belief for kind k is a probability
vector over departments: the prior ``w * shares + (1 - w) * uniform`` with a household
deviation ``exp(spread * Z)`` per entry, normalised. Vectors are stored sparsely, per
(household, kind), made the first time a household needs or learns one (nothing is allocated
for the tens of thousands who never report; a few thousand short lists a year at full scale).
Households learn from which department took or refused their case and pass what they
learned to one household nearby (:meth:`Beliefs.learn`).
"""

from __future__ import annotations

import functools
import math
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cogov.sim.model import CoGovModel
    from cogov.sim.params import Scenario

__all__ = [
    "Beliefs",
    "best_holder",
    "draw_from",
    "holders",
    "jurisdiction_shares",
    "kind_shares",
]


def jurisdiction_shares(
    table: Mapping[str, float], lead: str, index: Mapping[str, int]
) -> tuple[float, ...]:
    """Shares per department index from a ``{department: share}`` table (empty: the lead's)."""
    shares = [0.0] * len(index)
    if not table:
        shares[index[lead]] = 1.0
        return tuple(shares)
    total = sum(table.values())
    for dept, share in table.items():
        shares[index[dept]] = share / total
    return tuple(shares)


def kind_shares(s: Scenario) -> list[tuple[float, ...]]:
    """The jurisdiction shares of every kind of ``s``, in the kinds' order."""
    index = s.department_index()
    return [jurisdiction_shares(k.jurisdiction, k.department, index) for k in s.kinds]


@functools.cache
def holders(shares: tuple[float, ...]) -> tuple[tuple[int, float], ...]:
    """``(department, share)`` of the departments holding a share, largest share first.

    Ties keep department order. Cached per shares tuple (a few per scenario).
    """
    held = [(d, s) for d, s in enumerate(shares) if s > 0.0]
    return tuple(sorted(held, key=lambda ds: -ds[1]))


def best_holder(shares: tuple[float, ...], refused: int) -> int:
    """The department with the largest share that has not refused (bit set in ``refused``).

    Returns -1 when every department holding a share has refused.
    """
    for d, _ in holders(shares):
        if not refused >> d & 1:
            return d
    return -1


def draw_from(weights: Sequence[float], refused: int, u: float) -> int:
    """A department drawn with probability proportional to ``weights``, refusers excluded.

    Returns -1 when no weight is left.
    """
    if refused:  # a refuser weighs nothing (rare: most draws come before any refusal)
        weights = [0.0 if refused >> d & 1 else w for d, w in enumerate(weights)]
    total = 0.0
    for w in weights:
        total += w
    if total <= 0.0:
        return -1
    target = u * total
    last = -1
    for d, w in enumerate(weights):
        if w <= 0.0:
            continue
        last = d
        target -= w
        if target < 0.0:
            return d
    return last


class Beliefs:
    """Households' beliefs about which department handles each kind (sparse rows)."""

    def __init__(self, model: CoGovModel, shares: list[tuple[float, ...]]) -> None:
        """Build the prior from the kinds' shares and the ``[routing]`` parameters."""
        r = model.params.routing
        self.model = model
        n_dept = len(model.params.departments)
        w = r.belief_weight
        self.prior_rows = [[w * s + (1.0 - w) / n_dept for s in row] for row in shares]
        self.spread = r.belief_spread
        self.rate = r.learning_rate
        self.tell = r.tell_probability
        #: belief vectors by ``household × kinds + kind index``, made on first use (an int
        #: key: no tuple to build and hash on each of the many reads)
        self.rows: dict[int, list[float]] = {}
        self._kinds = len(shares)
        self._places: dict[int, list[int]] = {}

    def row(self, household: int, kind_index: int) -> list[float]:
        """The household's belief vector for a kind (its own list; made on first use)."""
        key = household * self._kinds + kind_index
        row = self.rows.get(key)
        if row is None:
            prior = self.prior_rows[kind_index]
            if self.spread > 0.0:
                spread = self.spread
                zs = self.model.draws.normals(len(prior))
                row = [b * math.exp(spread * z) for b, z in zip(prior, zs, strict=True)]
                total = sum(row)
                row = [b / total for b in row]
            else:
                row = list(prior)
            self.rows[key] = row
        return row

    def belief(self, household: int | None, kind_index: int) -> list[float]:
        """The belief vector for a kind; ``None`` (units, volunteers) reads the prior."""
        if household is None:
            return self.prior_rows[kind_index]
        return self.row(household, kind_index)

    def learn(self, household: int, kind_index: int, dept: int, took: bool, nb: int) -> None:
        """Learn from a department taking (or refusing) a case; maybe tell a neighbour."""
        if self.rate <= 0.0:
            return
        self._update(household, kind_index, dept, took)
        model = self.model
        if self.tell > 0.0 and model.draws.uniform() < self.tell:
            places = self._places.get(nb)
            if places is None:  # its own neighbourhood and the adjacent ones on the graph
                places = self._places[nb] = [nb, *model.graph.neighbors(nb)]
            place = places[int(model.draws.uniform() * len(places))]
            other = model.pick(model.residents_by_nb[place]).household
            if other != household:
                self._update(other, kind_index, dept, took)

    def _update(self, household: int, kind_index: int, dept: int, took: bool) -> None:
        b = self.row(household, kind_index)
        eta = self.rate
        keep = 1.0 - eta
        if took:
            b[:] = [x * keep for x in b]
            b[dept] += eta
        else:
            b[dept] *= keep
            total = sum(b)
            if total > 0.0:
                b[:] = [x / total for x in b]
