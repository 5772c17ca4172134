"""Initialisation: the agents of the subdistrict, placed in their neighbourhoods.

Counts come from the scenario and are multiplied by ``population.scale`` (residents,
households, units, member units, service teams, volunteers, groups, neighbour points and
department staff; staff never below one). Volunteers, groups' members and points' hosts are
residents drawn by the recruitment rule (:mod:`cogov.sim.participation`,
:mod:`cogov.sim.groups`); the counts are where they start, and from then on they are
recruited and lost, as service teams are committed and withdrawn (:mod:`cogov.sim.teams`).
Inspectors cover area, not people, and are not scaled. A district of
``district.subdistricts`` copies multiplies every count, inspectors and the shared
departments' staff included. No per-committee figures are published, so the
totals are split over the committees by their attributes (:mod:`cogov.sim.space`, assumption):
residents and households by ``density``; the elderly share by ``elderly`` (the subdistrict's
share is kept); units by ``business``; self-governance groups by residents times
``places.group_factor`` of the housing type (report: groups work where property management
is absent); neighbour points by elderly people living alone (report: points serve them);
volunteers by residents; inspectors evenly (they cover area). Which units are member units,
and which of those run a service team, is a random draw, so teams per committee vary.
"""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING

import numpy as np

from cogov.agents.bulk import add_fixed_agents
from cogov.agents.committee import Committee
from cogov.agents.department import Department
from cogov.agents.inspector import Inspector
from cogov.agents.resident import AgeGroup, Resident
from cogov.agents.unit import Unit
from cogov.sim.groups import Groups
from cogov.sim.params import DispatchOrder, PopulationParams
from cogov.sim.participation import Participation
from cogov.sim.space import attributes_of, count_scale, scaled, split_evenly, split_weighted
from cogov.sim.teams import Teams

if TYPE_CHECKING:
    from cogov.sim.model import CoGovModel

__all__ = ["beta_draws", "populate", "scaled"]

_AGES = (AgeGroup.CHILD, AgeGroup.ADULT, AgeGroup.ELDERLY, AgeGroup.ELDERLY_ALONE)


def beta_draws(rng: np.random.Generator, mean: float, concentration: float, n: int) -> np.ndarray:
    """``n`` draws in [0, 1] with the given mean; a mean of exactly 0 or 1 gives constants."""
    if mean <= 0.0 or mean >= 1.0:
        return np.full(n, float(mean))
    return rng.beta(mean * concentration, (1.0 - mean) * concentration, n)


def populate(model: CoGovModel) -> None:
    """Create every agent of ``model`` and index them by neighbourhood."""
    s = model.params
    copies = s.district.subdistricts
    scale = count_scale(s)  # every count below is per subdistrict
    cells = [model.space[n] for n in sorted(model.graph.nodes)]
    n_nb = len(cells)
    weights = _residents(model, cells, scale)
    units = _units(model, cells, scale)
    model.participation = Participation(model, weights)  # the starting volunteers (residents)
    model.committees = []
    for nb in range(n_nb):
        teams = [u for u in units[nb] if u.has_team]
        model.committees.append(Committee(model, cells[nb], teams, model.work.start_in_pool))
    for v in model.volunteers:
        model.committees[v.cell.coordinate].add_volunteer(v)
    # the starting groups and point hosts (residents), then the member units' teams
    model.participation.groups = Groups(model, weights)
    model.participation.teams = Teams(model)
    inspectors = split_evenly(s.inspectors.count * copies, n_nb)
    model.inspectors_by_nb = [
        [Inspector(model, cells[nb]) for _ in range(k)] for nb, k in enumerate(inspectors)
    ]
    model.patrol_strength = [float(len(team)) for team in model.inspectors_by_nb]
    edf = s.intake.dispatch_order is DispatchOrder.EDF
    model.departments = {}
    for i, d in enumerate(s.departments):
        staff = max(1, scaled(d.staff * s.budget.staff_factor, scale))
        model.departments[d.id] = Department(model, d, staff, edf, model.work.start_in_pool, i)
    model.department_list = list(model.departments.values())


def _residents(model: CoGovModel, cells: list, scale: float) -> list[np.ndarray]:
    """Create the residents; return each committee's join weights (for the first volunteers)."""
    p = model.params.population
    rng = model.rng
    n_nb = len(cells)
    graph = model.graph
    per_nb = [graph.nodes[n]["residents"] for n in range(n_nb)]
    homes_nb = [graph.nodes[n]["households"] for n in range(n_nb)]
    total = sum(per_nb)
    ages = np.concatenate(
        [
            rng.choice(4, size=k, p=probs)
            for k, probs in zip(per_nb, age_shares(p, per_nb), strict=True)
        ]
    ).astype(int)
    party = rng.random(total) < p.party_member_share
    trust = beta_draws(rng, p.trust_mean, p.trust_concentration, total)
    conc = p.propensity_concentration
    report = beta_draws(rng, model.params.reporting.resident_propensity, conc, total)
    volunteer = beta_draws(rng, p.volunteer_propensity_mean, conc, total)
    model.residents_by_nb = []
    model.elderly_alone_by_nb = []
    # slices of Python lists: indexing numpy arrays one element at a time is much slower
    age_l = [_AGES[a] for a in ages.tolist()]
    party_l, trust_l = party.tolist(), trust.tolist()
    report_l, volunteer_l = report.tolist(), volunteer.tolist()
    start = 0
    household = 0
    for nb in range(n_nb):
        count = per_nb[nb]
        homes = max(1, homes_nb[nb])
        end = start + count
        columns = {
            "household": (household + np.arange(count) * homes // max(1, count)).tolist(),
            "age_group": age_l[start:end],
            "party_member": party_l[start:end],
            "trust": trust_l[start:end],
            "report_propensity": report_l[start:end],
            "volunteer_propensity": volunteer_l[start:end],
        }
        here = add_fixed_agents(model, Resident, cells[nb], columns, Resident)
        model.metrics.trust_by_nb[nb] = float(trust[start:end].sum())
        start = end
        household += homes
        model.residents_by_nb.append(here)
        model.elderly_alone_by_nb.append([r for r in here if r.age_group is AgeGroup.ELDERLY_ALONE])
    model.metrics.residents = total
    model.metrics.trust_sum = float(trust.sum())
    pp = model.params.participation
    # join_probability at share 0 for everyone at once (children never join)
    w = volunteer * (trust / p.trust_mean) * np.where(party, pp.party_factor, 1.0)
    w = np.where(ages == 0, 0.0, np.clip(w, 0.0, 1.0))
    bounds = np.cumsum([0, *per_nb]).tolist()
    return [w[a:b] for a, b in itertools.pairwise(bounds)]


def age_shares(p: PopulationParams, people: list[int]) -> list[list[float]]:
    """Per committee: shares of children, adults, elderly, elderly living alone.

    Each committee's elderly shares are the subdistrict's times its ``elderly`` attribute
    over the people-weighted mean attribute, so the subdistrict's shares are kept (capped so
    that no share is negative).
    """
    rel = [attributes_of(n).elderly for n in range(len(people))]
    mean = sum(k * e for k, e in zip(people, rel, strict=True)) / max(1, sum(people))
    out = []
    for e in rel:
        f = e / mean if mean > 0 else 1.0
        elderly = min(1.0 - p.child_share, p.elderly_share * f)
        alone = min(elderly, p.elderly_alone_share * f)
        out.append([p.child_share, 1.0 - p.child_share - elderly, elderly - alone, alone])
    return out


def _units(model: CoGovModel, cells: list, scale: float) -> list[list[Unit]]:
    u = model.params.units
    rng = model.rng
    n_nb = len(cells)
    count = scaled(u.count, scale)
    members = min(count, scaled(u.member_units, scale))
    teams = min(members, scaled(u.service_teams, scale))
    order = rng.permutation(count)  # which units are members, and which members run teams
    member = np.zeros(count, dtype=bool)
    member[order[:members]] = True
    team = np.zeros(count, dtype=bool)
    team[order[:teams]] = True
    conc = model.params.population.propensity_concentration
    willing = beta_draws(rng, u.team_willingness, conc, count).tolist()
    by_nb: list[list[Unit]] = []
    i = 0
    business = [attributes_of(nb).business for nb in range(n_nb)]
    for nb, k in enumerate(split_weighted(count, business)):
        here = []
        for _ in range(k):
            capacity = u.team_capacity if team[i] else 0
            here.append(Unit(model, cells[nb], bool(member[i]), capacity, willing[i]))
            i += 1
        by_nb.append(here)
    model.units_by_nb = by_nb
    return by_nb
