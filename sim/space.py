"""The 17 residents' committees of Xinhua Road Subdistrict as a networkx graph.

Names and administrative codes come from a public table of Chinese administrative division
codes (see ``../shared/seed/DIGEST.md``). The 2-D layout in ``data/neighbourhoods.csv`` is
*schematic* (assumption): committees are placed on a 0.4 km grid inside the 2.2 km² subdistrict,
with Xizhen (西镇, "west town") on the west side and Dongzhen (东镇, "east town") on the east,
because no published map gives their boundaries. Committees on neighbouring grid points are
joined by an edge whose travel time assumes walking at 5 km/h (assumption).

Neighbourhoods differ (issue 14). Each committee has attributes in the same CSV, documented
assumptions except where the report speaks (the ``source`` column says which): ``housing``
(``lane``: old lane and garden houses, ``old_estate``: old estates, both without a property
company; ``work_unit``: work-unit housing kept by a housing office; ``commodity``: commodity
estates with a property company), relative ``density`` (people per committee), relative
``elderly`` (share of people 60+) and relative ``business`` (resident units, offices).
Households and residents per committee are not published; :func:`split_weighted` splits each
total in proportion to ``density`` (assumption), by largest remainders.
"""

from __future__ import annotations

import csv
import math
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING

import networkx as nx

if TYPE_CHECKING:
    from cogov.sim.params import Scenario

__all__ = [
    "HOUSING_TYPES",
    "WALK_KM_PER_HOUR",
    "Neighbourhood",
    "attributes_of",
    "build_graph",
    "count_scale",
    "layout",
    "neighbourhoods",
    "per_resident",
    "scaled",
    "split_evenly",
    "split_weighted",
]

#: housing types; the first two have no property company (report: old garden houses and old
#: estates where property management is "generally absent")
HOUSING_TYPES = ("lane", "old_estate", "work_unit", "commodity")

WALK_KM_PER_HOUR = 5.0  # assumption: walking pace of committee staff and volunteers
_GRID_STEP_KM = 0.4
# copies of the subdistrict sit side by side, one grid step apart (assumption: schematic)
_SUBDISTRICT_STEP_KM = (2.0, 1.6)


@dataclass(frozen=True, slots=True)
class Neighbourhood:
    """One residents' committee (居委会)."""

    id: int
    code: str
    name: str
    name_zh: str
    x_km: float
    y_km: float
    housing: str = "work_unit"
    density: float = 1.0
    elderly: float = 1.0
    business: float = 1.0
    source: str = "assumption"

    @property
    def property_company(self) -> bool:
        """Whether an estate company manages the housing (commodity estates only)."""
        return self.housing == "commodity"


@cache
def neighbourhoods() -> tuple[Neighbourhood, ...]:
    """Return the 17 committees in administrative-code order (node ids 0–16)."""
    text = resources.files("cogov.sim.data").joinpath("neighbourhoods.csv").read_text("utf-8")
    rows = csv.DictReader(text.splitlines())
    return tuple(
        Neighbourhood(
            id=int(r["id"]),
            code=r["code"],
            name=r["name"],
            name_zh=r["name_zh"],
            x_km=float(r["x_km"]),
            y_km=float(r["y_km"]),
            housing=r["housing"],
            density=float(r["density"]),
            elderly=float(r["elderly"]),
            business=float(r["business"]),
            source=r["source"],
        )
        for r in rows
    )


def split_weighted(total: int, weights: list[float], minimum: int = 0) -> list[int]:
    """Split an integer total in proportion to ``weights`` (largest remainders).

    Each part first gets ``minimum`` (if the total allows it for every part); the rest goes
    by weight, ties and remainders to the lowest index. All-zero weights split evenly.

    Examples:
        >>> split_weighted(10, [1.0, 3.0])
        [3, 7]
        >>> split_weighted(5, [0.0, 1.0], minimum=1)
        [1, 4]
    """
    parts = len(weights)
    if parts <= 0:
        raise ValueError("parts must be positive")
    total = int(total)
    base = minimum if total >= minimum * parts else 0
    rest = total - base * parts
    w_sum = float(sum(weights))
    if w_sum <= 0.0:
        return [base + k for k in split_evenly(rest, parts)]
    exact = [rest * w / w_sum for w in weights]
    out = [math.floor(x) for x in exact]
    left = rest - sum(out)
    order = sorted(range(parts), key=lambda i: (-(exact[i] - out[i]), i))
    for i in order[:left]:
        out[i] += 1
    return [base + k for k in out]


def attributes_of(node: int) -> Neighbourhood:
    """The committee at graph node ``node`` (copies of the subdistrict repeat the 17)."""
    nbs = neighbourhoods()
    return nbs[node % len(nbs)]


def split_evenly(total: int, parts: int) -> list[int]:
    """Split an integer total into ``parts`` integers differing by at most one.

    Examples:
        >>> split_evenly(10, 4)
        [3, 3, 2, 2]
    """
    if parts <= 0:
        raise ValueError("parts must be positive")
    base, extra = divmod(int(total), parts)
    return [base + (1 if i < extra else 0) for i in range(parts)]


def _offset(subdistrict: int, subdistricts: int) -> tuple[float, float]:
    """Map offset (km) of one copy of the subdistrict in a district of several."""
    columns = math.ceil(math.sqrt(subdistricts))
    row, col = divmod(subdistrict, columns)
    return (col * _SUBDISTRICT_STEP_KM[0], -row * _SUBDISTRICT_STEP_KM[1])


def count_scale(s: Scenario) -> float:
    """What the scenario's counts are multiplied by: ``population.scale`` × ``subdistricts``.

    Counts (volunteers, campaign sizes, groups) are given per subdistrict at full scale.
    """
    return s.population.scale * s.district.subdistricts


def per_resident(count: float, s: Scenario) -> float:
    """``count`` per resident of one full-scale subdistrict: the report's share of residents."""
    return count / max(1, s.population.residents)


def scaled(count: float, scale: float) -> int:
    """``count`` times ``scale``, rounded to the nearest whole number (halves up).

    Examples:
        >>> scaled(5, 0.5)
        3
    """
    return math.floor(count * scale + 0.5)


def layout(subdistricts: int = 1) -> dict[int, tuple[float, float]]:
    """Return the fixed map position (km) of every node, the same for every chart."""
    nbs = neighbourhoods()
    out = {}
    for s in range(subdistricts):
        dx, dy = _offset(s, subdistricts)
        for n in nbs:
            out[s * len(nbs) + n.id] = (n.x_km + dx, n.y_km + dy)
    return out


def build_graph(
    residents: int = 70_900, households: int = 23_000, subdistricts: int = 1
) -> nx.Graph:
    """Build the committee graph with node and edge attributes.

    Args:
        residents: total residents to split over all committees.
        households: total households to split over all committees.
        subdistricts: copies of the subdistrict in one district (assumption: the others
            resemble Xinhua Road). Copy ``s`` has nodes ``17 s`` to ``17 s + 16``; names in
            copies after the first carry the copy's number, e.g. ``"Panyu (2)"``.

    Returns:
        A graph with integer nodes carrying ``name``, ``name_zh``, ``code``, ``subdistrict``,
        ``residents``, ``households``, ``pos``, ``housing``, ``property_company``,
        ``density``, ``elderly`` and ``business``; edges, between committees on neighbouring
        grid points (also across subdistricts), carry ``km`` and ``travel_minutes``.
    """
    nbs = neighbourhoods()
    weights = [nb.density for nb in nbs] * subdistricts
    people = split_weighted(residents, weights)
    homes = split_weighted(households, weights, minimum=1)
    pos = layout(subdistricts)
    graph = nx.Graph(name="Xinhua Road Subdistrict" if subdistricts == 1 else "District")
    for s in range(subdistricts):
        tag = "" if s == 0 else f" ({s + 1})"
        for nb in nbs:
            node = s * len(nbs) + nb.id
            graph.add_node(
                node,
                name=nb.name + tag,
                name_zh=nb.name_zh + tag,
                code=nb.code if s == 0 else f"{nb.code}-{s + 1}",
                subdistrict=s,
                residents=people[node],
                households=homes[node],
                pos=pos[node],
                housing=nb.housing,
                property_company=nb.property_company,
                density=nb.density,
                elderly=nb.elderly,
                business=nb.business,
            )
    nodes = sorted(graph.nodes)
    for i, a in enumerate(nodes):
        for b in nodes[i + 1 :]:
            km = math.dist(pos[a], pos[b])
            if km <= _GRID_STEP_KM * 1.01:
                minutes = km / WALK_KM_PER_HOUR * 60.0
                graph.add_edge(a, b, km=km, travel_minutes=round(minutes, 2))
    return graph
