"""Counters updated as events happen, and the daily series; nothing here polls agents.

Conservation, at every moment: every arisen problem (issue) is unreported, open (a case is
under way), persisting (replied to, unsolved, still in the world) or gone (solved, faded, or
replied to when persistence is off), so ``arisen == unreported + open + persisting + gone``;
and every report (first or repeat) is an open case or a closed one,
``reported == open + closed``. The open-issue count is integrated over time
(``open_area``) so that Little's law can be checked: over a horizon ``T``,
``open_area / T == (reported / T) * mean_hours_in_system`` with time in system counted up to
``T`` for issues still open.
"""

from __future__ import annotations

import math
from array import array
from typing import TYPE_CHECKING

from cogov.sim.issue import Issue, IssueState

if TYPE_CHECKING:
    from cogov.sim.model import CoGovModel

__all__ = ["DAILY_COLUMNS", "GROUP_FIELDS", "Metrics"]

#: counters kept per issue kind and per neighbourhood, in this order
GROUP_FIELDS = (
    "arisen",
    "reported",
    "closed",
    "closed_on_time",
    "solved",
    "rated",
    "satisfied",
    "petitions",
    "hours_to_close_sum",
    "repeat_reports",
    "passed_on",
)
_A, _REP, _C, _OT, _S, _RA, _SA, _P, _H, _RR, _PO = range(len(GROUP_FIELDS))

_CUMULATIVE = (
    "arisen",
    "reported",
    "closed",
    "closed_on_time",
    "solved",
    "rated",
    "satisfied",
    "escalations",
    "petitions",
    "consultations",
    "volunteer_hours",
    "unit_hours",
    "repeat_reports",
    "passed_on",
    "closed_unsolved",
    "closed_on_paper",
    "hours_to_close_sum",
)
DAILY_COLUMNS = (
    "day",
    *_CUMULATIVE[:-1],
    "mean_hours_to_close",
    "backlog",
    "unreported",
    "persisting",
    "trust_mean",
    "department_utilisation",
)


class Metrics:
    """Running totals, per-kind and per-neighbourhood counters, and daily rows."""

    def __init__(self, kinds: int, neighbourhoods: int, keep_records: bool = False) -> None:
        """Start all counters at zero.

        Args:
            kinds: number of issue kinds.
            neighbourhoods: number of neighbourhoods.
            keep_records: also keep one record per closed issue (for verification; costs
                memory that grows with simulated time).
        """
        #: (kind index, t_report, t_queue, t_start, t_close) per closed issue, if kept
        self.records: list[tuple[int, float, float, float, float]] | None = (
            [] if keep_records else None
        )
        #: (reports, passes, replies, solved, chronic) per problem that left the world, if kept
        self.problems: list[tuple[int, int, int, bool, bool]] | None = [] if keep_records else None
        self.arisen = self.reported = self.closed = self.closed_on_time = 0
        self.solved = self.rated = self.satisfied = 0
        self.escalations = self.petitions = self.consultations = 0
        self.unreported = self.open = 0
        self.never_found = 0  # arisen issues nobody will report or find (part of unreported)
        self.untracked = 0  # never-found problems kept as counts only, not in ``model.alive``
        self.persisting = self.gone = self.faded = 0
        self.repeat_reports = self.passed_on = 0
        self.closed_unsolved = self.closed_on_paper = self.chronic_solved = 0
        self.closed_on_time_from_report = 0
        self.volunteer_hours = self.unit_hours = 0.0
        self.hours_to_close_sum = 0.0
        self.open_area = 0.0
        self._t_last = 0.0
        self.trust_sum = 0.0
        self.trust_by_nb = [0.0] * neighbourhoods  # running sums of residents' trust
        self.residents = 0
        self.found_by: dict[str, int] = {"RESIDENT": 0, "INSPECTOR": 0, "VOLUNTEER": 0, "UNIT": 0}
        self.handled_by: dict[str, int] = {}
        # per-issue floats in compact arrays: 8 bytes each instead of a 24-byte object + pointer
        self.close_hours = array("d")
        self.system_hours_closed = 0.0
        self.wait_hours = array("d")
        self.by_kind = [[0] * len(GROUP_FIELDS) for _ in range(kinds)]
        self.by_nb = [[0] * len(GROUP_FIELDS) for _ in range(neighbourhoods)]
        self.daily: list[tuple] = []
        self._previous = dict.fromkeys(_CUMULATIVE, 0)

    def _advance(self, now: float) -> None:
        self.open_area += self.open * (now - self._t_last)
        self._t_last = now

    def on_arise(self, issue: Issue) -> None:
        """An issue arose."""
        self.arisen += 1
        self.unreported += 1
        self.by_kind[issue.kind_index][_A] += 1
        self.by_nb[issue.neighbourhood][_A] += 1

    def on_seed(self, issue: Issue) -> None:
        """A chronic problem exists at the start (it counts as arisen and persisting)."""
        self.arisen += 1
        self.persisting += 1
        self.by_kind[issue.kind_index][_A] += 1
        self.by_nb[issue.neighbourhood][_A] += 1

    def on_report(self, issue: Issue, now: float, repeat: bool = False) -> None:
        """A case opened: a problem was reported or found, or reported again (``repeat``)."""
        self._advance(now)
        if repeat:
            self.persisting -= 1
            self.repeat_reports += 1
        else:
            self.unreported -= 1
        self.open += 1
        self.reported += 1
        self.found_by[issue.found_by._name_] += 1  # the member's name (.name is slower)
        kind_row = self.by_kind[issue.kind_index]
        nb_row = self.by_nb[issue.neighbourhood]
        kind_row[_REP] += 1
        nb_row[_REP] += 1
        kind_row[_RR] += repeat
        nb_row[_RR] += repeat

    def on_pass(self, issue: Issue) -> None:
        """A department passed the case on to another."""
        self.passed_on += 1
        self.by_kind[issue.kind_index][_PO] += 1
        self.by_nb[issue.neighbourhood][_PO] += 1

    def on_persist(self, issue: Issue) -> None:
        """A reply left the problem in the world."""
        self.persisting += 1

    def on_unseen_faded(self, n: int) -> None:
        """``n`` problems nobody would ever report went away by themselves."""
        self.untracked -= n
        self.unreported -= n
        self.gone += n
        self.faded += n
        if self.problems is not None:
            self.problems.extend([(0, 0, 0, False, False)] * n)

    def on_unseen_met(self) -> None:
        """A problem nobody reported was met on a visit (:mod:`cogov.sim.visits`): it is gone.

        It was never replied to, so its record (kept for verification) has no report, no
        reply and is not counted solved by a reply, like a faded one.
        """
        self.untracked -= 1
        self.unreported -= 1
        self.gone += 1
        if self.problems is not None:
            self.problems.append((0, 0, 0, False, False))

    def on_gone(self, issue: Issue, was: object, faded: bool) -> None:
        """The problem left the world; ``was`` is the state it left from."""
        self.gone += 1
        self.faded += faded
        if self.problems is not None:
            self.problems.append(
                (issue.reports, issue.passes, issue.replies, issue.solved, issue.chronic)
            )
        if was is IssueState.UNREPORTED:
            self.unreported -= 1
        elif was is IssueState.PERSISTING:
            self.persisting -= 1

    def on_close(self, issue: Issue, now: float) -> None:
        """An issue was closed."""
        self._advance(now)
        self.open -= 1
        self.closed += 1
        hours = now - issue.t_report
        self.hours_to_close_sum += hours
        self.close_hours.append(hours)
        self.system_hours_closed += hours
        self.wait_hours.append(issue.t_start - issue.t_queue)
        if self.records is not None:
            self.records.append(
                (issue.kind_index, issue.t_report, issue.t_queue, issue.t_start, now)
            )
        name = issue.handler._name_  # the member's name (.name is a slower descriptor)
        self.handled_by[name] = self.handled_by.get(name, 0) + 1
        on_time, solved = issue.on_time, issue.solved
        rated = issue.satisfied is not None
        satisfied = bool(issue.satisfied)
        self.closed_on_time += on_time
        self.solved += solved
        self.closed_unsolved += not solved
        self.closed_on_paper += issue.paper
        self.closed_on_time_from_report += issue.on_time_from_report
        self.rated += rated
        self.satisfied += satisfied
        self.petitions += issue.petitioned
        for row in (self.by_kind[issue.kind_index], self.by_nb[issue.neighbourhood]):
            row[_C] += 1
            row[_OT] += on_time
            row[_S] += solved
            row[_RA] += rated
            row[_SA] += satisfied
            row[_P] += issue.petitioned
            row[_H] += hours

    def end_of_day(self, now: float, utilisation: float = math.nan) -> None:
        """Append the day's row: flows since yesterday, stocks at the end of the day.

        Args:
            now: the end of the day (model hours).
            utilisation: the departments' work started that day over their staff-hours.
        """
        self._advance(now)
        flows = {}
        for name in _CUMULATIVE:
            value = getattr(self, name)
            flows[name] = value - self._previous[name]
            self._previous[name] = value
        closed = flows["closed"]
        mean_close = flows["hours_to_close_sum"] / closed if closed else math.nan
        trust = self.trust_sum / self.residents if self.residents else math.nan
        self.daily.append(
            (
                round(now / 24.0) - 1,
                *(flows[name] for name in _CUMULATIVE[:-1]),
                mean_close,
                self.open,
                self.unreported,
                self.persisting,
                trust,
                utilisation,
            )
        )

    def conserved(self) -> bool:
        """Whether problems and reports are each counted once.

        Every problem is unreported, open, persisting or gone; every report is an open or a
        closed case.
        """
        problems = self.unreported + self.open + self.persisting + self.gone
        return self.arisen == problems and self.reported == self.open + self.closed

    @property
    def problems_open(self) -> int:
        """Problems still in the world: unreported, open or persisting."""
        return self.unreported + self.open + self.persisting

    def finish(self, model: CoGovModel) -> float:
        """Close the time integral at the model's current time; return hours in system.

        Returns:
            Total hours that reported issues spent in the system up to now.
        """
        now = model.now
        self._advance(now)
        still_open = sum(
            now - i.t_report for i in model.alive.values() if i.state is IssueState.OPEN
        )
        return self.system_hours_closed + still_open
