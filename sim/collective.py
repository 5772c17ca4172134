"""Collective action: a petition is a group of affected residents acting together, with a size.

A contentious problem (``kinds.ID.contentious``: construction dust and road occupation, the
long-standing problems) affects many households at once: ``collective.affected`` residents
of its committee (assumption: the households within a site's reach or a building's stairwell),
drawn when its case is answered without being both solved and on time — the moment a
petition can start (once per committee and kind with ``collective.fixed_groups``). Nothing is
computed for anyone else, and nothing hourly.

- **Grievance** (Epstein 2002): each affected resident's grievance is
  ``g = H × (1 − trust)``, with hardship ``H = kinds.ID.hardship`` if the reply left the
  problem unsolved, half of it if it was solved but late.
- **Deliberation councils reach the affected in the report's three steps** (report, on
  Chenjiaxiang and Metro Line 11: "major matters are known, discussed and agreed inside the
  Party first, then Party members guide the residents, and residents bring their neighbours
  round"; the multi-step flow of Katz & Lazarsfeld 1955). (1) *Inside the Party first*: the
  consultation itself (``deliberation.consult_hours``, :meth:`cogov.sim.intake.Center.dispatch`
  sets ``issue.consulted``). (2) *Party members guide the residents*: each Party member or
  volunteer among the affected reaches ``deliberation.reach_per_leader`` of them (herself
  included). (3) *Residents bring their neighbours round* (:func:`bring_round`): for
  ``deliberation.retell_steps`` rounds, every resident reached in the round before talks with
  ``deliberation.retell`` others among the affected, drawn uniformly (the same complete
  network as the cascade's); an unreached one talked with is reached. A reached resident's
  grievance falls by the share ``deliberation.contact_effect`` (information and the
  agreement, passed on unchanged). How many are reached follows from who is affected, who
  participates and chance; with no leader among the affected nobody is reached.
- **Settlement is not a second council constant.** The hardship of the problem itself falls
  only when the problem is solved (half of it if solved late), by whoever handled the case;
  consultation does not change that chance (it adds its hours, which can make a reply late).
  A council-only cut of hardship for every affected resident would be one more constant only
  councils read, multiplying grievance and so petitions.
- **The same households, the same dispositions** (``collective.fixed_groups``): a site
  affects the households within its reach, every time it is complained of. With the switch
  on, the affected of a contentious kind in a committee are drawn at its first collective
  decision and are the same residents, each with the same threshold, at every later one
  (:meth:`Collective.group`; Granovetter's thresholds and Epstein's risk aversion are
  traits of the person, not of the moment). Their trust, who among them volunteers, and the
  grievance heard from next door change between decisions. With it off, both are drawn anew
  at each decision, so every unsolved reply is a fresh lottery.
- **Threshold cascade** (Granovetter 1978): each affected resident has a threshold
  ``θ ~ U(0, 1)`` and acts once ``g − collective.cost + collective.peer_weight × A / n ≥ θ``
  (Epstein's net risk: the cost of acting, felt by all), with ``A`` the number already acting
  among the ``n`` affected (the affected know one another: a complete
  network within the reach). Starting from ``A = 0`` the cascade runs to its fixed point
  (:func:`cascade`).
- A **collective petition** happens when at least ``collective.min_size`` act; its size is
  the number acting.
- **Unrest next door** (``collective.spill_share``, :mod:`cogov.sim.spill`): the affected's
  mean own grievance reaches the adjacent committees, and grievance heard from next door
  (decaying) adds to each affected resident's before contact and the cascade.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

import numpy as np

if TYPE_CHECKING:
    from cogov.sim.issue import Issue
    from cogov.sim.model import CoGovModel

__all__ = ["Collective", "bring_round", "cascade", "grievances"]


def grievances(
    trust: np.ndarray,
    hardship: float,
    reached: np.ndarray,
    contact_effect: float,
    heard: float = 0.0,
) -> np.ndarray:
    """Grievance of each affected resident: ``hardship × (1 − trust) + heard``, cut for the reached.

    ``heard`` is the grievance from adjacent committees (:meth:`cogov.sim.spill.Spill.grievance`).
    """
    g = hardship * (1.0 - trust)
    if heard:
        g = g + heard
    return np.where(reached, g * (1.0 - contact_effect), g)


class _Draws(Protocol):
    """Anything that gives uniform draws in order (the model's :class:`cogov.sim.draws.Draws`)."""

    def uniforms(self, n: int) -> list[float]:
        """``n`` uniform draws in [0, 1)."""
        ...


def bring_round(reached: np.ndarray, retell: int, steps: int, draws: _Draws) -> np.ndarray:
    """The report's third step: reached residents bring the unreached among the affected round.

    For ``steps`` rounds, every resident reached in the round before (at first: those the
    leaders reached) talks with ``retell`` of the other ``n − 1`` affected, each drawn by one
    uniform ``u`` as the ``⌊u (n − 1)⌋``-th of them; an unreached one talked with is reached in
    this round. Returns the new mask (``reached`` is not changed); with nobody reached, or
    ``retell`` or ``steps`` 0, nothing is drawn.
    """
    reached = reached.copy()
    n = len(reached)
    new = np.flatnonzero(reached)
    for _ in range(steps):
        if new.size == 0 or retell <= 0 or n < 2 or reached.all():
            break
        tellers = np.repeat(new, retell)
        u = np.asarray(draws.uniforms(tellers.size), dtype=float)
        other = np.minimum((u * (n - 1)).astype(np.intp), n - 2)
        other += other >= tellers  # skip the teller herself
        new = np.unique(other[~reached[other]])
        reached[new] = True
    return reached


def cascade(
    grievance: np.ndarray, thresholds: np.ndarray, peer_weight: float, cost: float = 0.0
) -> int:
    """How many act at the fixed point of the threshold rule (Granovetter 1978).

    Each acts when ``grievance − cost + peer_weight × acting / n ≥ threshold``; ``acting`` starts at
    0 and is raised until nobody else joins (the count never falls, so this ends in at most
    ``n`` rounds).
    """
    n = len(grievance)
    if n == 0:
        return 0
    acting = 0
    net = grievance - cost
    while True:
        now = int(np.count_nonzero(net + peer_weight * acting / n >= thresholds))
        if now <= acting:
            return acting
        acting = now


class Collective:
    """Decides, when a contentious case is answered badly, whether the affected petition."""

    def __init__(self, model: CoGovModel) -> None:
        """Attach to ``model``."""
        self.model = model
        self.petition_sizes: list[int] = []
        self.grievance_sum = 0.0
        self.grievance_n = 0
        self.grievance_by_nb = [[0.0, 0] for _ in range(model.graph.number_of_nodes())]
        self.reached = 0  # affected residents a council reached (by leaders and neighbours)
        self.brought_round = 0  # of them, brought round by a neighbour (the third step)
        self.fixed = model.params.collective.fixed_groups
        #: (committee, kind index) -> the affected and their thresholds (``fixed_groups``)
        self._groups: dict[tuple[int, int], tuple[list, np.ndarray]] = {}

    def affected(self, issue: Issue) -> list:
        """The residents the problem affects: ``collective.affected`` of its committee."""
        model = self.model
        people = model.residents_by_nb[issue.neighbourhood]
        k = min(len(people), model.params.collective.affected)
        if k <= 0:
            return []
        return [people[i] for i in model.rng.choice(len(people), size=k, replace=False).tolist()]

    def group(self, issue: Issue) -> tuple[list, np.ndarray | None]:
        """Who the problem affects, and their thresholds if they are kept.

        With ``collective.fixed_groups`` the affected of a contentious kind in a committee are
        drawn at its first collective decision with a threshold each, and are the same
        residents with the same thresholds at every later one (the households within the
        site's reach; thresholds are dispositions). Otherwise both are drawn anew each time
        (thresholds at the cascade: ``None`` here).
        """
        if not self.fixed:
            return self.affected(issue), None
        key = (issue.neighbourhood, issue.kind_index)
        found = self._groups.get(key)
        if found is None:
            people = self.affected(issue)
            found = (people, np.asarray(self.model.draws.uniforms(len(people)), dtype=float))
            self._groups[key] = found
        return found

    def decide(self, issue: Issue) -> int:
        """The affected decide together; returns the petition's size (0: no petition)."""
        model = self.model
        s = model.params
        kind = issue.kind
        hardship = kind.hardship * (1.0 if not issue.solved else 0.5)
        people, thresholds = self.group(issue)
        n = len(people)
        if n == 0 or hardship <= 0.0:
            return 0
        trust = np.fromiter((r.trust for r in people), dtype=float, count=n)
        reached = np.zeros(n, dtype=bool)
        if issue.consulted:
            d = s.deliberation
            leaders = sum(1 for r in people if r.party_member or r.role is not None)
            k = min(n, leaders * d.reach_per_leader)
            reached[:k] = True  # the affected are drawn in random order
            if k and d.retell and d.retell_steps:
                reached = bring_round(reached, d.retell, d.retell_steps, model.draws)
            got = int(np.count_nonzero(reached))
            self.reached += got
            self.brought_round += got - k
        effect = s.deliberation.contact_effect
        g = grievances(trust, hardship, reached, effect)
        spill = model.spill
        if spill.share:  # unrest next door: heard grievance adds, own grievance spreads
            now = model.now
            nb = issue.neighbourhood
            heard = spill.grievance(nb, now)
            spill.spread(nb, float(g.mean()), now)
            if heard:
                g = grievances(trust, hardship, reached, effect, heard)
        if thresholds is None:
            thresholds = np.asarray(model.draws.uniforms(n))
        size = cascade(g, thresholds, s.collective.peer_weight, s.collective.cost)
        self.grievance_sum += float(g.sum())
        self.grievance_n += n
        row = self.grievance_by_nb[issue.neighbourhood]
        row[0] += float(g.sum())
        row[1] += n
        if size < s.collective.min_size:
            return 0
        self.petition_sizes.append(size)
        return size
