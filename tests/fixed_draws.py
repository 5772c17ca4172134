"""Fixed draws for decision tests: a stand-in for ``model.draws`` that hands out given values.

A decision test puts the values a rule will draw in order, runs the rule once and checks the
outcome; it also checks that the rule drew exactly what it should (``assert_used``).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from cogov.sim.draws import Draws
from cogov.sim.issue import FoundBy, Handler, Issue, IssueState
from cogov.sim.loader import load_scenario
from cogov.sim.model import CoGovModel


class FixedDraws:
    """Hands out scripted draws; records the means of exponential and work-time draws."""

    def __init__(
        self,
        uniform: Iterable[float] = (),
        exponential: Iterable[float] = (),
        work_hours: Iterable[float] = (),
    ) -> None:
        """Script the values each kind of draw returns, in order."""
        self.left = {
            "uniform": list(uniform),
            "exponential": list(exponential),
            "work_hours": list(work_hours),
        }
        self.means: list[float] = []  # the mean asked of each exponential draw
        self.work: list[Any] = []  # the distribution asked of each work-time draw

    def _next(self, what: str) -> float:
        values = self.left[what]
        assert values, f"the rule drew one {what} more than scripted"
        return values.pop(0)

    def uniform(self) -> float:
        """The next scripted uniform."""
        return self._next("uniform")

    def uniforms(self, n: int) -> list[float]:
        """The next ``n`` scripted uniforms."""
        return [self._next("uniform") for _ in range(n)]

    def bernoulli(self, p: float) -> bool:
        """True if the next scripted uniform is below ``p``."""
        return self.uniform() < p

    def exponential(self, mean: float) -> float:
        """The next scripted exponential value (its requested mean is recorded)."""
        self.means.append(mean)
        return self._next("exponential")

    def work_hours(self, w: Any) -> float:
        """The next scripted work time (the distribution asked for is recorded)."""
        self.work.append(w)
        return self._next("work_hours")

    def assert_used(self) -> None:
        """Every scripted value was drawn."""
        assert not any(self.left.values()), f"values not drawn: {self.left}"


#: a community that moves only when a test moves it: no demand, no volunteers, no campaigns
#: for volunteers, groups, points or helpers, no turnover, nothing heard next door and no
#: persistence (so nothing is drawn but what the test draws)
QUIET_COMMUNITY = {
    "demand.multiplier": 0.0,
    "volunteers.count": 0,
    "participation.contacts": 0,
    "participation.group_contacts": 0,
    "participation.point_contacts": 0,
    "participation.helper_contacts": 0,
    "participation.quit_base": 0.0,
    "feedback.spill_contacts": 0,
    "persistence.enabled": False,
}


def small_model(name: str = "xinhua_2013", **overrides: Any) -> CoGovModel:
    """A small model (scale 0.02) of ``name`` with dotted-key overrides, not yet run."""
    scenario = load_scenario(name, {"population.scale": 0.02, **overrides})
    return CoGovModel(scenario, rng=1)


def fix(model: CoGovModel, **scripts: Iterable[float]) -> FixedDraws:
    """Give ``model`` fixed draws (``uniform=[...]`` etc.) and return them."""
    draws = FixedDraws(**scripts)
    model.draws = draws  # type: ignore[assignment]
    return draws


def unfix(model: CoGovModel) -> None:
    """Give ``model`` ordinary draws from its generator again."""
    model.draws = Draws(model.rng)


def in_work(
    model: CoGovModel, kind_id: str, handler: Handler = Handler.DEPARTMENT, late: bool = False
) -> Issue:
    """An issue of ``kind_id`` reported by a resident and in work now, due or overdue."""
    k = [kind.id for kind in model.params.kinds].index(kind_id)
    kind = model.params.kinds[k]
    issue = Issue(10_000 + len(model.alive), k, kind, 0, 0.0, model.arrivals.shares[k])
    model.alive[issue.id] = issue
    issue.state = IssueState.OPEN
    issue.found_by = FoundBy.RESIDENT
    issue.reporter = model.residents_by_nb[0][0]
    issue.t_report = issue.t_queue = issue.t_start = 0.0
    issue.deadline = -1.0 if late else kind.deadline_hours
    issue.handler = handler
    dept = model.departments[kind.department]
    held = handler in (Handler.DEPARTMENT, Handler.JOINT)
    issue.pool = dept.pool if held else None
    issue.dept = dept if held else None
    return issue


class Sure:
    """Draws that are all ``u``: every uniform the code under test asks for is ``u``."""

    def __init__(self, u: float) -> None:
        self.u = u

    def uniforms(self, n: int) -> list[float]:
        """``n`` draws, all ``u``."""
        return [self.u] * n

    def uniform(self) -> float:
        """One draw: ``u``."""
        return self.u
