"""Tiny fixtures shared by the tests: scenario files, issues, and the independent tally."""

from __future__ import annotations

import os
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
    assert m.conserved(), (m.arisen, m.unreported, m.open, m.closed)
    states = Counter(issue.state for issue in model.alive.values())
    assert states[IssueState.CLOSED] == 0, "closed issues must leave model.alive"
    assert m.open == states[IssueState.OPEN]
    assert m.unreported == states[IssueState.UNREPORTED] + m.never_found
    assert m.closed == sum(row[_CLOSED] for row in m.by_kind)
    assert m.closed == sum(row[_CLOSED] for row in m.by_nb)
    assert m.arisen == sum(row[_ARISEN] for row in m.by_kind)
    assert m.reported == sum(row[_REPORTED] for row in m.by_kind)
    assert m.reported == m.open + m.closed


@pytest.fixture(scope="session")
def tally() -> Callable[[object], None]:
    """Assert the metrics agree with an independent count of the model's live issues."""
    return _tally


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
