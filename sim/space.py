"""The 17 residents' committees of Xinhua Road Subdistrict as a networkx graph.

Names and administrative codes come from a public table of Chinese administrative division
codes (see ``../shared/seed/DIGEST.md``). The 2-D layout in ``data/neighbourhoods.csv`` is
*schematic* (assumption): committees are placed on a 0.4 km grid inside the 2.2 km² subdistrict,
with Xizhen (西镇, "west town") on the west side and Dongzhen (东镇, "east town") on the east,
because no published map gives their boundaries. Committees on neighbouring grid points are
joined by an edge whose travel time assumes walking at 5 km/h (assumption).

Households and residents per committee are not published; :func:`split_evenly` splits each
total as evenly as integers allow (assumption), the remainder going to the lowest codes.
"""

from __future__ import annotations

import csv
import math
from dataclasses import dataclass
from functools import cache
from importlib import resources

import networkx as nx

__all__ = [
    "WALK_KM_PER_HOUR",
    "Neighbourhood",
    "build_graph",
    "layout",
    "neighbourhoods",
    "scaled",
    "split_evenly",
]

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
        )
        for r in rows
    )


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
        ``residents``, ``households`` and ``pos``; edges, between committees on neighbouring
        grid points (also across subdistricts), carry ``km`` and ``travel_minutes``.
    """
    nbs = neighbourhoods()
    count = len(nbs) * subdistricts
    people = split_evenly(residents, count)
    homes = split_evenly(households, count)
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
            )
    nodes = sorted(graph.nodes)
    for i, a in enumerate(nodes):
        for b in nodes[i + 1 :]:
            km = math.dist(pos[a], pos[b])
            if km <= _GRID_STEP_KM * 1.01:
                minutes = km / WALK_KM_PER_HOUR * 60.0
                graph.add_edge(a, b, km=km, travel_minutes=round(minutes, 2))
    return graph
