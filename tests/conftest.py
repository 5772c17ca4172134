"""Fixtures shared by the tests: scenario files, issues, and the independent tally."""

from __future__ import annotations

import math
import os
import tempfile
import textwrap
import weakref
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from hypothesis import settings
from hypothesis.configuration import set_hypothesis_home_dir

from cogov.sim.issue import Issue, IssueState
from cogov.sim.metrics import GROUP_FIELDS
from cogov.sim.params import IssueKindParams

# A test run writes nothing outside temporary folders: no example database, and Hypothesis's
# own storage (it caches constants it collects from the code) in the system's temporary folder
# instead of ``.hypothesis/`` in the repository.
set_hypothesis_home_dir(str(Path(tempfile.gettempdir()) / "cogov-hypothesis"))
settings.register_profile("cogov", database=None, deadline=None)
settings.load_profile("cogov")


@pytest.fixture
def write_toml(tmp_path: Path) -> Callable[[str, str], Path]:
    """Write a scenario file into ``tmp_path``: ``write_toml("name", text) -> path``."""

    def write(name: str, text: str) -> Path:
        path = tmp_path / f"{name}.toml"
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        return path

    return write


@pytest.fixture(scope="session")
def kind() -> IssueKindParams:
    """One issue kind, enough to build ``Issue`` objects by hand."""
    return IssueKindParams(id="k", department="d")


@pytest.fixture(scope="session")
def make_issue(kind: IssueKindParams) -> Callable[..., Issue]:
    """``make_issue(ident, deadline=inf)``: a bare issue of the fixture ``kind``."""

    def make(ident: int, deadline: float = float("inf")) -> Issue:
        issue = Issue(ident, 0, kind, 0, 0.0)
        issue.deadline = deadline
        return issue

    return make


# --- the independent tally -----------------------------------------------------------------
#
# A recorder wraps the model's ``metrics.on_arise``, ``on_report`` and ``on_close`` and keeps,
# for every issue, a snapshot of the issue's own attributes at that moment (``snapshot``). The
# tally then recomputes every grouped counter from those snapshots — per kind, per
# neighbourhood and in total — without reading the counters' arithmetic, and compares.
# On time is recomputed from the issue's times and its kind's deadline, not from
# ``issue.on_time``.
#
# To count something new: add what it needs to ``snapshot`` and one line to ``GROUPED``.


def snapshot(
    issue: Issue, now: float, repeat: bool = False, restart: bool = False
) -> SimpleNamespace:
    """What the tally reads from an issue when it arises, is reported, passed on or closes.

    ``restart``: the scenario restarts the office's clock when a department signs for a case
    passed on to it (``passing.restart_clock``).
    """
    return SimpleNamespace(
        repeat=repeat,
        restarted=restart and issue.refused != 0,
        t_queue=issue.t_queue,
        kind_index=issue.kind_index,
        neighbourhood=issue.neighbourhood,
        t_report=issue.t_report,
        t_close=now,
        deadline_hours=issue.kind.deadline_hours,
        solved=issue.solved,
        satisfied=issue.satisfied,
        petitioned=issue.petitioned,
        escalated=issue.escalated,
        consulted=issue.consulted,
        handler=None if issue.handler is None else issue.handler.name,
        found_by=None if issue.found_by is None else issue.found_by.name,
    )


@dataclass(frozen=True)
class Grouped:
    """A counter kept in total, per kind and per neighbourhood (``GROUP_FIELDS``).

    Attributes:
        field: its name in ``GROUP_FIELDS``.
        total: the name of the model-wide counter on ``model.metrics``.
        event: when it counts: ``"arise"`` (or a chronic case seeded), ``"report"``,
            ``"pass"`` (a hand-over) or ``"close"``.
        per_issue: what one issue's snapshot adds (a bool counts as 0 or 1).
    """

    field: str
    total: str
    event: str
    per_issue: Callable[[SimpleNamespace], float]


def closed_on_time(s: SimpleNamespace) -> bool:
    """Closed within the kind's deadline, recomputed from the issue's own times.

    The office's clock runs from the report, or, for a case passed on under a restarting
    clock, from when the department that took it queued it (signed for it).
    """
    start = s.t_queue if s.restarted else s.t_report
    return s.t_close <= start + s.deadline_hours


def closed_on_time_from_report(s: SimpleNamespace) -> bool:
    """Closed within the kind's deadline counted from the report."""
    return s.t_close <= s.t_report + s.deadline_hours


#: every grouped counter and how one issue adds to it (the one list to extend)
GROUPED: list[Grouped] = [
    Grouped("arisen", "arisen", "arise", lambda s: 1),
    Grouped("reported", "reported", "report", lambda s: 1),
    Grouped("closed", "closed", "close", lambda s: 1),
    Grouped("closed_on_time", "closed_on_time", "close", closed_on_time),
    Grouped("solved", "solved", "close", lambda s: s.solved),
    Grouped("rated", "rated", "close", lambda s: s.satisfied is not None),
    Grouped("satisfied", "satisfied", "close", lambda s: s.satisfied is True),
    Grouped("petitions", "petitions", "close", lambda s: s.petitioned),
    Grouped("hours_to_close_sum", "hours_to_close_sum", "close", lambda s: s.t_close - s.t_report),
    Grouped("repeat_reports", "repeat_reports", "report", lambda s: s.repeat),
    Grouped("passed_on", "passed_on", "pass", lambda s: 1),
]

#: the metrics' event methods the recorder wraps, and the event each stands for
_WRAPPED = {"arise": "arise", "seed": "arise", "report": "report", "pass": "pass", "close": "close"}
_EVENTS = ("arise", "report", "pass", "close")


class Recorder:
    """Snapshots of every issue's arising, report and closing in one model."""

    def __init__(self, model: Any) -> None:
        """Wrap ``model.metrics``' event methods (on the instance only)."""
        self.closed: list[SimpleNamespace] = []
        passing = model.params.passing
        self.restart = passing.enabled and passing.restart_clock
        self.sums = {
            event: {g.field: Counter() for g in GROUPED if g.event == event} for event in _EVENTS
        }
        metrics = model.metrics
        for method, event in _WRAPPED.items():
            original = getattr(metrics, f"on_{method}")
            setattr(metrics, f"on_{method}", self._wrap(event, original, model))
        # the chronic cases seeded when the model was built arose before the recorder
        seeded = metrics.on_seed
        for issue in model.alive.values():
            if issue.state is IssueState.PERSISTING:
                seeded.__wrapped_record__(issue)

    def _wrap(self, event: str, original: Callable, model: Any) -> Callable:
        def record(issue: Issue, *args: Any, count: bool = True) -> None:
            if count:
                original(issue, *args)
            repeat = event == "report" and len(args) > 1 and bool(args[1])
            s = snapshot(issue, model.time, repeat, self.restart)
            if event == "close":
                self.closed.append(s)
            for g in GROUPED:
                if g.event == event:
                    value = g.per_issue(s)
                    sums = self.sums[event][g.field]
                    sums[("kind", s.kind_index)] += value
                    sums[("nb", s.neighbourhood)] += value
                    sums["total"] += value

        record.__wrapped_record__ = lambda issue: record(issue, count=False)  # type: ignore[attr-defined]
        return record


def _fresh(model: Any) -> bool:
    """Nothing has arisen yet but the chronic cases seeded when the model was built."""
    return model.time == 0 and model.metrics.arisen == model.metrics.persisting


def _same(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-6)


class Tally:
    """``tally(model)``: assert the model's counters agree with independent counts.

    Always: conservation (every arisen problem is unreported, open, persisting or gone), the
    open, persisting and unreported counts against the model's live problems, the
    departments' own tallies of hand-overs and paper replies, (with ``keep_records``) the
    per-problem records of reports, hand-overs and replies, and every grouped counter's total
    against its sums over kinds and over neighbourhoods. For a model first seen before any
    issue arose (``tally(model)`` at time 0, or ``tally.watch(model)``), also every grouped
    counter per kind, per neighbourhood and in total against the issues' own snapshots, and
    escalations, consultations, finders and handlers against them.
    """

    def __init__(self) -> None:
        """No model watched yet."""
        self._recorders: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()

    def watch(self, model: Any) -> Recorder:
        """Start recording ``model``'s issues (before anything arises)."""
        assert _fresh(model), "watch a model before any issue arises"
        if model not in self._recorders:
            self._recorders[model] = Recorder(model)
        return self._recorders[model]

    def closures(self, model: Any) -> list[SimpleNamespace]:
        """The snapshots of the closed issues of a watched model, in closing order."""
        return self._recorders[model].closed

    def __call__(self, model: Any) -> None:
        """Check ``model`` now."""
        if model not in self._recorders and _fresh(model):
            self.watch(model)
        m = model.metrics
        assert m.conserved(), (m.arisen, m.unreported, m.open, m.persisting, m.gone, m.closed)
        live = list(model.alive.values())
        states = Counter(issue.state for issue in live)
        assert states[IssueState.CLOSED] == 0, "problems that are gone must leave model.alive"
        assert m.open == states[IssueState.OPEN]
        assert m.persisting == states[IssueState.PERSISTING]
        assert m.unreported == states[IssueState.UNREPORTED] + m.untracked
        assert m.problems_open == m.unreported + m.open + m.persisting
        assert m.reported == m.open + m.closed
        # the departments' own tallies of their decisions
        depts = model.department_list
        assert m.passed_on == sum(d.passed for d in depts)
        assert m.closed_on_paper == sum(d.paper_closed for d in depts)
        assert m.closed_on_paper <= m.closed_unsolved <= m.closed
        if m.problems is not None:
            self._check_per_problem(m, live)
        for i, g in enumerate(GROUPED):
            assert GROUP_FIELDS[i] == g.field, "GROUPED follows GROUP_FIELDS' order"
            total = getattr(m, g.total)
            assert _same(total, sum(row[i] for row in m.by_kind)), (g.field, "kinds")
            assert _same(total, sum(row[i] for row in m.by_nb)), (g.field, "neighbourhoods")
        assert len(GROUPED) == len(GROUP_FIELDS), "every grouped counter is tallied"
        recorder = self._recorders.get(model)
        if recorder is not None:
            self._check_per_issue(model, recorder)

    @staticmethod
    def _check_per_problem(m: Any, live: list[Issue]) -> None:
        """Per problem, gone and still in the world: reports, hand-overs, replies."""
        gone = list(m.problems)
        here = [(i.reports, i.passes, i.replies, False, i.chronic) for i in live]
        rows = gone + here
        assert len(gone) == m.gone
        assert m.repeat_reports == sum(max(0, r - 1) for r, _, _, _, _ in rows)
        assert m.passed_on == sum(p for _, p, _, _, _ in rows)
        assert m.closed == sum(y - c for _, _, y, _, c in rows)  # a chronic case's old reply
        assert m.closed_unsolved == m.closed - sum(s for _, _, _, s, _ in gone)
        assert m.chronic_solved == sum(1 for _, _, _, s, c in gone if s and c)

    @staticmethod
    def _check_per_issue(model: Any, recorder: Recorder) -> None:
        m = model.metrics
        for i, g in enumerate(GROUPED):
            sums = recorder.sums[g.event][g.field]
            assert _same(getattr(m, g.total), sums["total"]), (g.field, "issues")
            for k, row in enumerate(m.by_kind):
                assert _same(row[i], sums[("kind", k)]), (g.field, "kind", k)
            for n, row in enumerate(m.by_nb):
                assert _same(row[i], sums[("nb", n)]), (g.field, "neighbourhood", n)
        closed = recorder.closed
        assert m.closed_on_time_from_report == sum(map(closed_on_time_from_report, closed))
        alive = [i for i in model.alive.values() if i.state is IssueState.OPEN]
        assert m.escalations == sum(s.escalated for s in closed) + sum(i.escalated for i in alive)
        assert m.consultations == sum(s.consulted for s in closed) + sum(i.consulted for i in alive)
        handled = Counter(s.handler for s in closed)
        assert dict(handled) == {k: v for k, v in m.handled_by.items() if v}
        found = Counter(s.found_by for s in closed) + Counter(i.found_by.name for i in alive)
        assert dict(found) == {k: v for k, v in m.found_by.items() if v}


@pytest.fixture(scope="session")
def tally() -> Tally:
    """Assert the metrics agree with independent counts (see :class:`Tally`)."""
    return Tally()


#: system packages `make test` could not install (.ci/system-packages): tests that fail only
#: because one of them is missing are reported as skipped, naming it, instead of failing
_MISSING = set(os.environ.get("COGOV_MISSING", "").split())


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Turn a failure caused by a package `make test` said it could not install into a skip."""
    outcome = yield
    report = outcome.get_result()
    if "fonts-noto-cjk" not in _MISSING or call.excinfo is None or not report.failed:
        return
    from cogov.experiments.charts.style import FontMissingError

    if call.excinfo.errisinstance(FontMissingError):
        report.outcome = "skipped"
        reason = "fonts-noto-cjk is not installed and make test could not install it"
        report.longrepr = (str(item.path), item.location[1] or 0, f"Skipped: {reason}")
