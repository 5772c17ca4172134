"""Tiny fixtures shared by the tests: scenario files, issues, and the independent tally."""

from __future__ import annotations

import textwrap
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import settings

from cogov.sim.issue import Issue, IssueState
from cogov.sim.metrics import GROUP_FIELDS
from cogov.sim.params import IssueKindParams

# No example database: a test run writes nothing outside the temporary folders.
settings.register_profile("cogov", database=None, deadline=None)
settings.load_profile("cogov")

_CLOSED = GROUP_FIELDS.index("closed")
_ARISEN = GROUP_FIELDS.index("arisen")
_REPORTED = GROUP_FIELDS.index("reported")
_REPEATS = GROUP_FIELDS.index("repeat_reports")
_PASSED = GROUP_FIELDS.index("passed_on")


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


def _tally(model) -> None:
    m = model.metrics
    assert m.conserved(), (m.arisen, m.unreported, m.open, m.persisting, m.gone, m.closed)
    live = list(model.alive.values())
    states = Counter(issue.state for issue in live)
    assert states[IssueState.CLOSED] == 0, "problems that are gone must leave model.alive"
    assert m.open == states[IssueState.OPEN]
    assert m.persisting == states[IssueState.PERSISTING]
    assert m.unreported == states[IssueState.UNREPORTED] + m.untracked
    assert m.problems_open == m.unreported + m.open + m.persisting
    assert m.closed == sum(row[_CLOSED] for row in m.by_kind)
    assert m.closed == sum(row[_CLOSED] for row in m.by_nb)
    assert m.arisen == sum(row[_ARISEN] for row in m.by_kind)
    assert m.reported == sum(row[_REPORTED] for row in m.by_kind)
    assert m.repeat_reports == sum(row[_REPEATS] for row in m.by_nb)
    assert m.passed_on == sum(row[_PASSED] for row in m.by_kind)
    assert m.reported == m.open + m.closed
    # the departments' own tallies of their decisions
    depts = model.department_list
    assert m.passed_on == sum(d.passed for d in depts)
    assert m.closed_on_paper == sum(d.paper_closed for d in depts)
    assert m.closed_on_paper <= m.closed_unsolved <= m.closed
    if m.problems is None:
        return
    # per problem, over problems gone and still in the world: reports, hand-overs, replies
    gone = [(r, p, y, s, c) for r, p, y, s, c in m.problems]
    here = [(i.reports, i.passes, i.replies, False, i.chronic) for i in live]
    rows = gone + here
    assert len(gone) == m.gone
    assert m.repeat_reports == sum(max(0, r - 1) for r, _, _, _, _ in rows)
    assert m.passed_on == sum(p for _, p, _, _, _ in rows)
    assert m.closed == sum(y - c for _, _, y, _, c in rows)  # a chronic case's old reply
    assert m.closed_unsolved == m.closed - sum(s for _, _, _, s, _ in gone)
    assert m.chronic_solved == sum(1 for _, _, _, s, c in gone if s and c)


@pytest.fixture(scope="session")
def tally() -> Callable[[object], None]:
    """Assert the metrics agree with an independent count of the model's live issues."""
    return _tally
