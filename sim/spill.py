"""Trust and grievance spill along the edges of the committee graph (issue 14).

Both rules act on events that happen under every policy (a reply that moves a resident's
trust, a collective decision over a contentious problem); neither reads the policy, and
nothing is polled.

- **Trust: vicarious experience.** When a reply moves a resident's trust
  (:meth:`cogov.agents.resident.Resident.update_trust`), ``feedback.spill_contacts`` residents
  of the committees adjacent to hers hear of it: each is drawn uniformly among all their
  residents (so a larger committee next door hears more; one uniform each from the model's
  generator, drawn ahead in blocks, as who is affected is drawn from it) and moves her trust
  toward the same outcome at the rate ``feedback.learning_rate × feedback.spill_weight``
  (:meth:`cogov.agents.resident.Resident.hear`). Only direct experience is passed on, one step
  (hearing is not retold). Basis: vicarious experience moves trust in local authorities, less
  than direct experience (Rosenbaum, Schuck, Costello, Hawkins & Ring 2005, *Police
  Quarterly* 8(3)); trust and collective efficacy of a neighbourhood depend on those of the
  adjacent ones (spatial spillover: Sampson, Morenoff & Earls 1999, *American Sociological
  Review* 64(5)). The number heard and the weight are assumptions. Cost: a hearer is one
  uniform and one trust update; nobody else is touched.
- **Grievance: unrest next door.** When the residents a contentious problem affects decide
  together (:meth:`cogov.sim.collective.Collective.decide`), the mean ``ḡ`` of their own
  grievance (after any council contact) is heard in each adjacent committee: its heard
  grievance becomes ``G = max(G now, collective.spill_share × ḡ)`` (the strongest unrest
  heard of). ``G`` fades exponentially with e-folding time ``collective.spill_days`` and is
  computed when read (a value and a time per committee). At a collective decision in a
  committee every affected resident's grievance is her own plus ``G`` there now (before any
  council contact cuts it), which in the threshold rule is the same as lowering every
  threshold by ``G``. Only a problem's own grievance is passed on, and ``G`` is at most
  ``spill_share`` times the largest grievance of an episode next door: heard grievance is not
  echoed back and does not pile up with the number of episodes (a sum did: with Metro Line 11
  works, dozens of decisions a month next door raised it above the residents' own).
  Basis: protest diffuses between neighbouring places (Myers 2000, *American Journal of
  Sociology* 106(1); Andrews & Biggs 2006, *American Sociological Review* 71(5)); the share
  and the decay are assumptions.

With ``feedback.spill_contacts = 0`` (or ``spill_weight = 0``) and ``collective.spill_share
= 0`` nothing is drawn or added and runs are the same as without these rules.
"""

from __future__ import annotations

import math
from bisect import bisect_right
from itertools import accumulate
from typing import TYPE_CHECKING

from cogov.sim.calendar import HOURS_PER_DAY

if TYPE_CHECKING:
    from cogov.sim.model import CoGovModel

__all__ = ["Spill"]

_BLOCK = 1024


class Spill:
    """Carries trust and grievance from a committee to the adjacent ones."""

    def __init__(self, model: CoGovModel) -> None:
        """Index each committee's neighbours on ``model.graph`` (node order)."""
        self.model = model
        s = model.params
        n = model.graph.number_of_nodes()
        #: the adjacent committees of each committee, in node order
        self.neighbours = [sorted(model.graph[nb]) for nb in range(n)]
        fb = s.feedback
        self.contacts = fb.spill_contacts if fb.spill_weight > 0.0 else 0
        self.rate = fb.learning_rate * fb.spill_weight
        # who may hear, per teller's committee: the adjacent committees' residents, as their
        # lists and the running count of people (so a uniform picks one of all of them)
        self._lists = [[model.residents_by_nb[o] for o in self.neighbours[nb]] for nb in range(n)]
        self._cum = [list(accumulate(len(p) for p in lists)) for lists in self._lists]
        self._total = [c[-1] if c else 0 for c in self._cum]
        self.heard = 0  # residents who heard of an experience next door (trust)
        self.heard_by_nb = [0] * n  # of those, by the hearer's committee
        self._u: list[float] = []  # uniforms drawn ahead from the model's generator
        self._i = 0
        self.share = s.collective.spill_share
        self.tau = s.collective.spill_days * HOURS_PER_DAY
        self._level = [0.0] * n  # heard grievance at ``_since``
        self._since = [0.0] * n
        self.grievance_by_nb = [0.0] * n  # grievance heard in each committee (sum over episodes)

    def tell(self, nb: int, outcome: float) -> None:
        """A resident of ``nb`` had an experience (``outcome``): people next door hear of it."""
        total = self._total[nb]
        if not total:
            return
        cum, lists, adjacent = self._cum[nb], self._lists[nb], self.neighbours[nb]
        rate, heard_by_nb = self.rate, self.heard_by_nb
        u, i = self._u, self._i
        for _ in range(self.contacts):
            if i >= len(u):  # uniforms come in blocks (one numpy call per 1,024 hearers)
                u = self._u = self.model.rng.random(_BLOCK).tolist()
                i = 0
            x = int(u[i] * total)  # the x-th of all the adjacent committees' residents
            i += 1
            j = bisect_right(cum, x)
            other = adjacent[j]
            lists[j][x - cum[j - 1] if j else x].hear(outcome, rate, other)
            heard_by_nb[other] += 1
        self._i = i
        self.heard += self.contacts

    def grievance(self, nb: int, now: float) -> float:
        """The grievance from next door that residents of ``nb`` carry at ``now``."""
        level = self._level[nb]
        if level == 0.0:
            return 0.0
        return level * math.exp(-(now - self._since[nb]) / self.tau)

    def spread(self, nb: int, mean: float, now: float) -> None:
        """The affected of ``nb`` had ``mean`` grievance of their own: the adjacent hear of it."""
        heard = self.share * mean
        if heard <= 0.0:
            return
        for other in self.neighbours[nb]:
            if heard > self.grievance(other, now):
                self._level[other] = heard
                self._since[other] = now
            self.grievance_by_nb[other] += heard
