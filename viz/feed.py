"""What just happened: counters snapshotted at each tick, differenced, and said in words.

Everything comes from ``model.metrics`` counters and the meetings' tallies, so a snapshot
costs the same at any population.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from cogov.sim.calendar import HOURS_PER_DAY
from cogov.viz.records import PetitionEvent

if TYPE_CHECKING:
    from cogov.sim.model import CoGovModel

__all__ = [
    "FOUND_BY_LABELS",
    "HANDLER_LABELS",
    "Counters",
    "Tick",
    "clock",
    "describe",
    "describe_petition",
    "diff",
    "snapshot",
]

#: readable names of ``cogov.sim.issue.FoundBy`` members, in display order
FOUND_BY_LABELS = {
    "INSPECTOR": "inspectors",
    "VOLUNTEER": "patrol volunteers",
    "RESIDENT": "residents",
    "UNIT": "units",
}
#: readable names of ``cogov.sim.issue.Handler`` members, in display order
HANDLER_LABELS = {
    "DEPARTMENT": "departments",
    "JOINT": "joint action after a meeting",
    "SELF_GOVERNANCE": "self-governance groups",
    "SERVICE_TEAM": "service teams",
    "VOLUNTEER": "volunteers",
    "NEIGHBOUR_POINT": "neighbour points",
}


@dataclass(frozen=True, slots=True)
class Counters:
    """The model's running counters at one moment (all cumulative except ``open``)."""

    time: float
    arisen: int
    reported: int
    closed: int
    closed_on_time: int
    escalations: int
    petitions: int
    consultations: int
    meetings: int
    open: int
    found_by: tuple[int, ...]
    handled_by: tuple[int, ...]
    volunteers: int = 0
    recruited: int = 0
    left: int = 0


@dataclass(frozen=True, slots=True)
class Tick:
    """What happened between two snapshots (``open`` is the stock at the end)."""

    start: float
    end: float
    arisen: int
    reported: int
    closed: int
    closed_on_time: int
    escalations: int
    petitions: int
    consultations: int
    meetings: int
    open: int
    found_by: dict[str, int]
    handled_by: dict[str, int]
    volunteers: int = 0
    recruited: int = 0
    left: int = 0


def snapshot(model: CoGovModel) -> Counters:
    """Read the counters now."""
    m = model.metrics
    return Counters(
        time=float(model.time),
        arisen=m.arisen,
        reported=m.reported,
        closed=m.closed,
        closed_on_time=m.closed_on_time,
        escalations=m.escalations,
        petitions=m.petitions,
        consultations=m.consultations,
        meetings=sum(meeting.held for meeting in model.mechanisms.meetings),
        open=m.open,
        found_by=tuple(m.found_by.get(k, 0) for k in FOUND_BY_LABELS),
        handled_by=tuple(m.handled_by.get(k, 0) for k in HANDLER_LABELS),
        volunteers=len(model.volunteers),
        recruited=model.participation.recruited,
        left=model.participation.left,
    )


def diff(before: Counters, after: Counters) -> Tick:
    """The flows between two snapshots."""
    return Tick(
        start=before.time,
        end=after.time,
        arisen=after.arisen - before.arisen,
        reported=after.reported - before.reported,
        closed=after.closed - before.closed,
        closed_on_time=after.closed_on_time - before.closed_on_time,
        escalations=after.escalations - before.escalations,
        petitions=after.petitions - before.petitions,
        consultations=after.consultations - before.consultations,
        meetings=after.meetings - before.meetings,
        open=after.open,
        found_by={
            k: a - b
            for k, a, b in zip(FOUND_BY_LABELS, after.found_by, before.found_by, strict=True)
        },
        handled_by={
            k: a - b
            for k, a, b in zip(HANDLER_LABELS, after.handled_by, before.handled_by, strict=True)
        },
        volunteers=after.volunteers,
        recruited=after.recruited - before.recruited,
        left=after.left - before.left,
    )


def clock(hours: float) -> str:
    """Model time as ``Day D, Www HH:00``; day 1 is the first day, a Monday.

    Examples:
        >>> clock(0), clock(127 * 24 + 14)
        ('Day 1, Mon 00:00', 'Day 128, Tue 14:00')
    """
    day, hour = divmod(int(hours), int(HOURS_PER_DAY))
    weekday = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")[day % 7]
    return f"Day {day + 1}, {weekday} {hour:02d}:00"


def _split(counts: dict[str, int], labels: dict[str, str]) -> str:
    parts = [f"{n:,} {labels[k]}" for k, n in counts.items() if n]
    return ", ".join(parts)


def describe(tick: Tick) -> str:
    """One readable line: what happened in the tick."""
    hours = tick.end - tick.start
    span = f"{hours / HOURS_PER_DAY:g} d" if hours >= HOURS_PER_DAY else f"{hours:g} h"
    parts = [f"{tick.arisen:,} arose", f"{tick.reported:,} reported"]
    by = _split(tick.found_by, FOUND_BY_LABELS)
    if by:
        parts[-1] += f" (by {by})"
    settled = f"{tick.closed:,} settled"
    if tick.closed:
        settled += f", {tick.closed_on_time:,} on time"
        by = _split(tick.handled_by, HANDLER_LABELS)
        if by:
            settled += f" (by {by})"
    parts.append(settled)
    for n, word in (
        (tick.escalations, "escalated past deadline"),
        (tick.petitions, "collective petitions"),
        (tick.consultations, "consulted a deliberation council"),
        (tick.meetings, "joint meetings held"),
    ):
        if n:
            parts.append(f"{n:,} {word}")
    if tick.recruited or tick.left:
        parts.append(
            f"{tick.recruited:,} volunteers joined, {tick.left:,} left ({tick.volunteers:,} active)"
        )
    parts.append(f"{tick.open:,} open")
    return f"{clock(tick.end)} (+{span}): " + " · ".join(parts)


def describe_petition(event: PetitionEvent, neighbourhood: str) -> str:
    """One readable line for a collective petition: when, where, how many, about what.

    Examples:
        >>> describe_petition(PetitionEvent(30.0, 4, 23, "Dust"), "Fahua")[:50]
        'Day 2, Tue 06:00: collective petition from Fahua: '
    """
    return (
        f"{clock(event.time)}: collective petition from {neighbourhood}: "
        f"{event.size:,} residents acted together ({event.kind})"
    )
