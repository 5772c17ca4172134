"""The map of the 17 neighbourhoods as SVG, coloured by a measure, with petition badges.

The map places the neighbourhoods on the fixed schematic layout of
:func:`cogov.sim.space.layout` — the same for every frame, never a computed (spring) layout.
Every number comes from counters (:mod:`cogov.viz.measures`) and the app's petition log
(:mod:`cogov.viz.records`), so a drawing costs about a millisecond at any population.
"""

from __future__ import annotations

import html
import math
from collections.abc import Callable
from typing import TYPE_CHECKING

from cogov.sim.space import layout
from cogov.viz.feed import clock
from cogov.viz.measures import (
    grievance_by_neighbourhood,
    open_by_neighbourhood,
    petitions_by_neighbourhood,
    satisfaction_by_neighbourhood,
    trust_by_neighbourhood,
)
from cogov.viz.records import records_of
from cogov.viz.svg import RDYLGN, YLORRD, colour_at, document, text

if TYPE_CHECKING:
    from cogov.sim.model import CoGovModel

__all__ = [
    "COLOUR_BY",
    "MAP_SIZE",
    "PETITION_RED",
    "map_positions",
    "map_svg",
    "to_pixels",
]

#: what the map's colour can show: key -> legend label
COLOUR_BY = {
    "open": "open issues",
    "satisfaction": "satisfied with the reply (so far)",
    "grievance": "mean grievance so far of residents hit by disputed problems: "
    "hardship × (1 − trust); grey: none yet",
    "trust": "mean trust of the residents now (0 = none, 1 = full)",
}
#: colour of the petition badges on the map
PETITION_RED = "#b10026"
MAP_SIZE = (640, 560)
_MARGIN = (70.0, 80.0, 70.0, 130.0)  # left, top, right, bottom, in pixels
_MISSING = "#d0d0d0"
_R_MAX = 24.0


def map_positions(model: CoGovModel) -> dict[int, tuple[float, float]]:
    """Map position (km) of every node as drawn: the fixed layout, never a computed one."""
    pos = layout()
    return {n: pos[n] for n in sorted(model.graph.nodes)}


def to_pixels(pos: dict[int, tuple[float, float]]) -> dict[int, tuple[float, float]]:
    """Scale km positions into the map's pixels, keeping the aspect ratio, north up."""
    xs = [p[0] for p in pos.values()]
    ys = [p[1] for p in pos.values()]
    left, top, right, bottom = _MARGIN
    width, height = MAP_SIZE[0] - left - right, MAP_SIZE[1] - top - bottom
    span_x, span_y = max(xs) - min(xs) or 1.0, max(ys) - min(ys) or 1.0
    k = min(width / span_x, height / span_y)
    ox = left + (width - k * span_x) / 2
    oy = top + (height - k * span_y) / 2
    return {n: (ox + k * (x - min(xs)), oy + k * (max(ys) - y)) for n, (x, y) in pos.items()}


def map_svg(model: CoGovModel, colour_by: str = "open") -> str:
    """The 17 neighbourhoods on their fixed layout, one circle each.

    Circle area is proportional to residents; colour shows open issues, the share of
    satisfied replies, the mean grievance of residents hit by disputed problems or mean
    trust; each circle carries its number and its neighbourhood's name. A red badge marks a
    neighbourhood where collective petitions happened, with their number.

    Args:
        model: the running model.
        colour_by: a key of :data:`COLOUR_BY`.

    Raises:
        ValueError: for an unknown ``colour_by``.
    """
    if colour_by not in COLOUR_BY:
        raise ValueError(f"colour_by: found {colour_by!r}; allowed: {', '.join(COLOUR_BY)}")
    graph = model.graph
    km = map_positions(model)
    px = to_pixels(km)
    residents = {n: graph.nodes[n]["residents"] for n in km}
    biggest = max(max(residents.values()), 1)
    values, lo, hi, stops, inner, fmt = _colouring(model, colour_by)
    parts = [f'<rect width="{MAP_SIZE[0]}" height="{MAP_SIZE[1]}" fill="#ffffff"/>']
    for a, b in graph.edges:
        (x1, y1), (x2, y2) = px[a], px[b]
        parts.append(
            f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" '
            'stroke="#c4c4c4" stroke-width="2"/>'
        )
    for n, value, label in zip(km, values, inner, strict=True):
        x, y = px[n]
        r = _R_MAX * math.sqrt(residents[n] / biggest)
        fill = _MISSING if math.isnan(value) else colour_at(stops, (value - lo) / (hi - lo))
        name = graph.nodes[n]["name"]
        dark = not math.isnan(value) and (value - lo) / (hi - lo) > 0.6 and stops is YLORRD
        parts.append(
            f'<g class="neighbourhood" data-node="{n}" data-x-km="{km[n][0]:g}" '
            f'data-y-km="{km[n][1]:g}" data-residents="{residents[n]}">'
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}" fill="{fill}" stroke="#333333" '
            'stroke-width="1"/>'
            + text(x, y + 4.5, label, 12, font_weight="600", fill="#ffffff" if dark else "#222222")
            + text(x, y + r + 15, name, 13, fill="#222222")
            + "</g>"
        )
    parts.extend(_petition_badges(model, px, residents, biggest))
    parts.append(_legend(lo, hi, stops, COLOUR_BY[colour_by], fmt))
    parts.append(
        text(
            MAP_SIZE[0] / 2,
            24,
            f"Xinhua Road Subdistrict — {clock(model.time)}",
            15,
            font_weight="600",
            class_="map-title",
        )
    )
    parts.append(
        text(
            MAP_SIZE[0] / 2,
            42,
            _size_note(residents),
            11,
            fill="#555555",
        )
    )
    parts.append(_petition_key(model))
    return document(
        *MAP_SIZE,
        "".join(parts),
        class_="cogov-map",
        data_time=f"{model.time:g}",
        data_colour_by=colour_by,
    )


def _size_note(residents: dict[int, int]) -> str:
    """What circle sizes mean: equal circles say so (residents are split evenly)."""
    total = sum(residents.values())
    if max(residents.values()) - min(residents.values()) <= 1:
        return (
            f"equal circles: residents are split evenly, about {total // len(residents):,} "
            f"per committee ({total:,} in all); lines join neighbouring committees"
        )
    return f"circle area: residents ({total:,} in all); lines join neighbouring committees"


def _colouring(
    model: CoGovModel, colour_by: str
) -> tuple[list[float], float, float, tuple[str, ...], list[str], Callable[[float], str]]:
    """Values, scale (low, high, colours), labels in the circles and number format."""

    def count(v: float) -> str:
        return f"{v:,.0f}"

    def share(v: float) -> str:
        return f"{v:.0%}"

    def decimal(v: float) -> str:
        return f"{v:.2f}"

    if colour_by == "open":
        values = [float(v) for v in open_by_neighbourhood(model)]
        lo, hi, stops, fmt = 0.0, max(5.0, *values), YLORRD, count
    elif colour_by == "satisfaction":
        values = satisfaction_by_neighbourhood(model)
        lo, hi, stops, fmt = 0.5, 1.0, RDYLGN, share
    elif colour_by == "grievance":
        values = grievance_by_neighbourhood(model)
        # the scale's top: the largest grievance possible, the hardest problem and no trust
        hardest = [k.hardship for k in model.params.kinds if k.contentious]
        top = max([*hardest, *(v for v in values if not math.isnan(v))], default=1.0)
        lo, hi, stops, fmt = 0.0, top, YLORRD, decimal
    else:
        values = trust_by_neighbourhood(model)
        lo, hi, stops, fmt = 0.0, 1.0, RDYLGN, decimal
    inner = ["–" if math.isnan(v) else fmt(v) for v in values]
    return values, lo, hi or 1.0, stops, inner, fmt


def _petition_badges(
    model: CoGovModel,
    px: dict[int, tuple[float, float]],
    residents: dict[int, int],
    biggest: int,
) -> list[str]:
    """A red badge with the number of petitions on each neighbourhood that had any."""
    records = records_of(model)
    largest: dict[int, int] = {}
    for event in records.petitions if records else ():
        largest[event.neighbourhood] = max(largest.get(event.neighbourhood, 0), event.size)
    parts = []
    for n, count in zip(sorted(px), petitions_by_neighbourhood(model), strict=True):
        if not count:
            continue
        x, y = px[n]
        r = _R_MAX * math.sqrt(residents[n] / biggest)
        bx, by = x + 0.75 * r + 6, y - 0.75 * r - 6
        name = model.graph.nodes[n]["name"]
        what = f"{count:,} collective petition{'s' if count > 1 else ''} from {name} so far"
        if n in largest:
            what += f"; the largest: {largest[n]:,} residents acting together"
        parts.append(
            f'<g class="petition-mark" data-node="{n}" data-petitions="{count}">'
            f"<title>{html.escape(what)}</title>"
            f'<circle cx="{bx:.1f}" cy="{by:.1f}" r="10" fill="{PETITION_RED}" '
            'stroke="#ffffff" stroke-width="1.5"/>'
            + text(bx, by + 4, f"{count:,}", 11, font_weight="700", fill="#ffffff")
            + "</g>"
        )
    return parts


def _petition_key(model: CoGovModel) -> str:
    """The line under the legend that says what the red badges are."""
    total = model.metrics.petitions
    key = (
        f"red badge: collective petitions from that committee so far ({total:,} in all)"
        if total
        else "no collective petitions yet (a red badge will mark where they happen)"
    )
    return text(
        MAP_SIZE[0] / 2, MAP_SIZE[1] - 10, key, 12, fill=PETITION_RED, class_="petition-key"
    )


def _legend(
    lo: float, hi: float, stops: tuple[str, ...], label: str, fmt: Callable[[float], str]
) -> str:
    x0, y0, w, h, steps = 170.0, MAP_SIZE[1] - 60.0, 300.0, 10.0, 30
    parts = [
        f'<rect x="{x0 + w * i / steps:.1f}" y="{y0}" width="{w / steps + 0.5:.1f}" '
        f'height="{h}" fill="{colour_at(stops, i / (steps - 1))}"/>'
        for i in range(steps)
    ]

    parts.append(text(x0 - 6, y0 + 10, fmt(lo), 12, anchor="end"))
    parts.append(text(x0 + w + 6, y0 + 10, fmt(hi), 12, anchor="start"))
    parts.append(text(x0 + w / 2, y0 + h + 16, label, 12, fill="#555555"))
    return '<g class="legend">' + "".join(parts) + "</g>"
