"""What the app records while its model runs: participation each day, and each petition.

The model keeps running totals (``model.volunteers``, ``participation.recruited`` and
``participation.left``; the groups, points and teams active; ``collective.petition_sizes``)
but no daily series of them and no record of where each petition happened.
:class:`Records` adds both without touching the model's behaviour or its random draws:

- a recurring event at the end of every simulated day (after the model's own daily record,
  :meth:`cogov.sim.mechanisms.Mechanisms.end_day`) reads the six counters: six reads,
  whatever the population (nothing polls the residents);
- it listens to :meth:`cogov.sim.collective.Collective.decide`, which returns the size of a
  collective petition (0: none): each petition is kept with its time, neighbourhood, size
  and the kind of problem behind it.

Only the app's model (:class:`cogov.viz.appmodel.AppModel`) keeps records; a plain
``CoGovModel`` stays as it is.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from mesa.time import Priority, Schedule

from cogov.sim.calendar import HOURS_PER_DAY

if TYPE_CHECKING:
    from cogov.sim.issue import Issue
    from cogov.sim.model import CoGovModel

__all__ = ["ParticipationDay", "PetitionEvent", "Records", "records_of"]


@dataclass(frozen=True, slots=True)
class ParticipationDay:
    """Volunteering at the end of one simulated day.

    Attributes:
        day: the day's number, 1 for the first (as the charts count days).
        active: volunteers active at the end of the day.
        recruited: volunteers recruited by campaigns so far (the starting ones not counted).
        left: volunteers who have left so far.
        groups: self-governance groups active at the end of the day.
        points: neighbour points open at the end of the day.
        teams: service teams committed at the end of the day.
    """

    day: int
    active: int
    recruited: int
    left: int
    groups: int = 0
    points: int = 0
    teams: int = 0


@dataclass(frozen=True, slots=True)
class PetitionEvent:
    """One collective petition, as the model decided it.

    Attributes:
        time: model hour of the reply that set it off.
        neighbourhood: node id of the committee where the affected residents live.
        size: residents who acted together (what ``Collective.decide`` returned).
        kind: the name of the kind of problem behind it.
    """

    time: float
    neighbourhood: int
    size: int
    kind: str


class Records:
    """The app's daily participation series and petition log of one model."""

    def __init__(self, model: CoGovModel) -> None:
        """Start recording ``model`` from now (call once, when the model is built)."""
        self.model = model
        self.days: list[ParticipationDay] = []
        self.petitions: list[PetitionEvent] = []
        decide: Callable[[Issue], int] = model.collective.decide

        def decide_and_record(issue: Issue) -> int:
            size = decide(issue)
            if size > 0:
                self.petitions.append(
                    PetitionEvent(float(model.time), issue.neighbourhood, size, issue.kind.name)
                )
            return size

        model.collective.decide = decide_and_record  # type: ignore[method-assign]
        start = (model.time // HOURS_PER_DAY + 1) * HOURS_PER_DAY
        model.schedule_recurring(
            self.end_day, Schedule(interval=HOURS_PER_DAY, start=start), priority=Priority.LOW
        )

    def end_day(self) -> None:
        """Read the participation counters at the end of a day."""
        model = self.model
        p = model.participation
        day = round(model.time / HOURS_PER_DAY)
        groups = (p.groups.groups_active, p.groups.points_active) if p.groups else (0, 0)
        teams = p.teams.active if p.teams else 0
        self.days.append(
            ParticipationDay(day, len(model.volunteers), p.recruited, p.left, *groups, teams)
        )


def records_of(model: CoGovModel) -> Records | None:
    """The model's records, or ``None`` for a model that keeps none (a plain ``CoGovModel``)."""
    return getattr(model, "records", None)
