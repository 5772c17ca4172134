"""The co-governance model: a Mesa model in which one time unit is one hour.

Nothing is polled. Issues are drawn once a day and every step of an issue's life — arising,
being found, triage, consultation, queueing, work, reply — is an event on Mesa's queue, put
there by ``model.at`` (the lean form of ``schedule_event``, :mod:`cogov.sim.events`); meetings,
supervision, the volunteers' week, office opening and the daily record are recurring events
(``schedule_recurring``). ``model.step()`` advances one hour and runs the events that fall
in it; ``run_until``/``run_for`` advance further.
"""

from __future__ import annotations

import gc
import math
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import replace
from itertools import accumulate
from pathlib import Path
from typing import Any, TypeVar

from mesa.discrete_space import Network

from cogov.sim.arrivals import Arrivals
from cogov.sim.calendar import HOURS_PER_DAY
from cogov.sim.collective import Collective
from cogov.sim.draws import Draws
from cogov.sim.errors import ScenarioError
from cogov.sim.events import scheduler
from cogov.sim.intake import LinkageCenter
from cogov.sim.issue import Issue
from cogov.sim.joint import JointAction
from cogov.sim.jurisdiction import Beliefs, kind_shares
from cogov.sim.life import Life
from cogov.sim.loader import load_scenario
from cogov.sim.mechanisms import Mechanisms
from cogov.sim.mesa_adapter import LeanTimeModel, SeriesView, compact_events, event_heap_size
from cogov.sim.metrics import DAILY_COLUMNS, Metrics
from cogov.sim.params import Scenario
from cogov.sim.persistence import Persistence
from cogov.sim.pool import Pool
from cogov.sim.population import populate
from cogov.sim.ranges import check_param
from cogov.sim.results import RunResult, build_result
from cogov.sim.space import build_graph, layout, scaled
from cogov.sim.spill import Spill
from cogov.sim.visits import Visits
from cogov.sim.work import Work

__all__ = ["CoGovModel"]

T = TypeVar("T")


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector, if it runs, for the block.

    Building the subdistrict makes some 100,000 long-lived objects (residents, their cells'
    lists, households, committees) and no garbage cycles; collecting while they pile up
    scans them generation by generation over and over, paused they are scanned once by the
    first collections after the build (the collector's time over a build and a year falls
    by about a third, ``benchmarks/README.md``). Reference counting still frees everything
    as usual; the collector's state is restored on leaving, whatever happens in the block.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


class CoGovModel(LeanTimeModel):
    """Xinhua Road Subdistrict's co-governance system as an event-driven Mesa model.

    Args:
        params: the scenario: a :class:`~cogov.sim.params.Scenario`, or a built-in scenario
            name or a TOML path. (Not called ``scenario``: ``mesa.Model.scenario`` is Mesa's
            own attribute, and SolaraViz fills a constructor argument of that name.)
        rng: seed (int) or generator; defaults to the scenario's ``seed``.
        scale: overrides ``population.scale`` when given (convenient for ``mesa.batch_run``).
        keep_records: keep one record per closed issue in ``metrics.records`` (verification).
        overrides: scenario values by dotted key (``{"volunteers.count": 5}``), set on the
            named scenario file and checked like the file's own values, so that
            ``mesa.batch_run`` can sweep any parameter. Only with a name or path.

    Raises:
        ScenarioError: if the scenario, ``scale`` or an override is invalid.

    Attributes:
        params: the frozen scenario parameters.
        graph: the networkx graph of the 17 committees; ``space`` wraps it for Mesa.
        metrics: counters and the daily series.
        alive: every issue not yet closed that is still pending, unreported-but-findable or
            open, by id (it keeps scheduled issues alive for Mesa's weakly-referencing queue).
    """

    def __init__(
        self,
        params: Scenario | str | Path = "xinhua_2013",
        rng: int | None = None,
        scale: float | None = None,
        keep_records: bool = False,
        overrides: Mapping[str, Any] | None = None,
    ) -> None:
        """Build the subdistrict, its agents and the recurring events."""
        scenario = _resolve_scenario(params, scale, overrides)
        self.run_seed = scenario.seed if rng is None else rng
        self.events_cancelled = 0  # deadline watches cancelled (benchmarks count events)
        self._cancelled_at_compaction = 0
        super().__init__(rng=self.run_seed)
        self.params: Scenario = scenario
        self.draws = Draws(self.rng)
        #: ``at(time, callback)``: schedule an issue's event (:func:`cogov.sim.events.scheduler`)
        self.at = scheduler(self)
        p = scenario.population
        copies = scenario.district.subdistricts
        self.graph = build_graph(
            scaled(p.residents * copies, p.scale), scaled(p.households * copies, p.scale), copies
        )
        self.space = Network(self.graph, random=self.random, layout=layout(copies))
        self.metrics = Metrics(len(scenario.kinds), self.graph.number_of_nodes(), keep_records)
        self.alive: dict[int, Issue] = {}
        self.work = Work(self)
        self.center = LinkageCenter(self)
        self.beliefs = Beliefs(self, kind_shares(scenario))
        self.joint = JointAction(self)
        self.life = Life(self)
        with _collector_paused():
            populate(self)
            self.collective = Collective(self)
            self.spill = Spill(self)
            self.arrivals = Arrivals(self)
            self.persistence = Persistence(self)
            #: the daily record (``metrics.daily``) as Mesa's tools read collected data
            self.datacollector = SeriesView(self.daily_series, self._record_times)
            self.mechanisms = Mechanisms(self)
            self.visits = Visits(self)  # elderly people's needs found on weekly visits
        # Mesa's hourly step event only counts steps here: stopped, and steps kept counted
        self.stop_heartbeat(CoGovModel.step)

    def step(self) -> None:
        """One hour passes. All behaviour is in events, so there is nothing to poll here."""

    def run_days(self, days: float) -> None:
        """Advance the model by ``days`` days."""
        self.run_for(days * HOURS_PER_DAY)

    def result(self) -> RunResult:
        """Summarise the run so far (the one way to get results)."""
        return build_result(self)

    def drop_cancelled_events(self) -> None:
        """Take cancelled events off Mesa's event list (``EventList.compact``) when many.

        Cancelled events stay on the heap until their time comes and make every push and pop
        dearer, but compacting rebuilds the heap. The daily record calls this; it compacts
        once the watches cancelled since the last compaction could be a third of the heap,
        so at most about a third of it is dead and the rebuilds cost O(1) per cancellation.
        The order of the remaining events is unchanged.
        """
        if 2 * (self.events_cancelled - self._cancelled_at_compaction) >= event_heap_size(self):
            compact_events(self)
            self._cancelled_at_compaction = self.events_cancelled

    def daily_series(self) -> dict[str, list]:
        """The daily record by column, with the running indicators the app and Mesa read.

        The columns of ``metrics.daily`` (flows over each day, stocks at its end; see
        :data:`~cogov.sim.metrics.DAILY_COLUMNS`) and, from them, each day's running
        indicators: ``open_issues``, ``on_time_rate``, ``solved_rate``, ``satisfaction``,
        ``trust``, ``petitions`` and ``escalations`` — the values the model-level reporters
        below had at the end of that day.
        """
        rows = self.metrics.daily
        columns = zip(*rows, strict=True) if rows else [()] * len(DAILY_COLUMNS)
        cols = {name: list(c) for name, c in zip(DAILY_COLUMNS, columns, strict=True)}

        def total(name: str) -> list:
            return list(accumulate(cols[name]))

        def rate(part: list, whole: list) -> list[float]:
            return [a / b if b else math.nan for a, b in zip(part, whole, strict=True)]

        closed, rated = total("closed"), total("rated")
        cols["open_issues"] = cols["backlog"]
        cols["on_time_rate"] = rate(total("closed_on_time"), closed)
        cols["solved_rate"] = rate(total("solved"), closed)
        cols["satisfaction"] = rate(total("satisfied"), rated)
        cols["trust"] = cols["trust_mean"]
        cols["petitions"] = total("petitions")
        cols["escalations"] = total("escalations")
        return cols

    def _record_times(self) -> list[float]:
        """The model time of each daily record (the end of its day)."""
        return [HOURS_PER_DAY * (row[0] + 1.0) for row in self.metrics.daily]

    def pick(self, items: Sequence[T]) -> T:
        """A uniformly random element of ``items`` (from the model's generator)."""
        return items[int(self.draws.uniform() * len(items))]

    def all_pools(self) -> list[Pool]:
        """Every server pool: departments first, then committees' community pools."""
        pools = [d.pool for d in self.departments.values()]
        for c in self.committees:
            pools.extend(c.pools.values())
        return pools

    # --- model-level reporters (cheap: counters, not agent scans) -------------------------
    @property
    def open_issues(self) -> int:
        """Issues reported and not yet closed."""
        return self.metrics.open

    @property
    def on_time_rate(self) -> float:
        """Share of closed issues closed within their deadline."""
        m = self.metrics
        return m.closed_on_time / m.closed if m.closed else float("nan")

    @property
    def solved_rate(self) -> float:
        """Share of closed issues actually solved."""
        m = self.metrics
        return m.solved / m.closed if m.closed else float("nan")

    @property
    def satisfaction_rate(self) -> float:
        """Share of rated replies that satisfied the reporter."""
        m = self.metrics
        return m.satisfied / m.rated if m.rated else float("nan")

    @property
    def mean_trust(self) -> float:
        """Mean trust of all residents (kept as a running sum)."""
        m = self.metrics
        return m.trust_sum / m.residents if m.residents else float("nan")

    @property
    def petitions(self) -> int:
        """Collective petitions so far."""
        return self.metrics.petitions

    @property
    def escalations(self) -> int:
        """Deadline escalations so far."""
        return self.metrics.escalations


def _resolve_scenario(
    params: Scenario | str | Path, scale: float | None, overrides: Mapping[str, Any] | None
) -> Scenario:
    """The scenario a model is built from: ``params`` with ``scale`` and ``overrides`` set."""
    if not isinstance(params, Scenario):
        merged = dict(overrides or {})
        if scale is not None:
            merged["population.scale"] = scale
        return load_scenario(params, merged or None)
    if overrides:
        raise ScenarioError(
            f"overrides: found {sorted(overrides)} with a Scenario object; allowed: "
            "overrides only with a scenario name or file (or load_scenario(name, overrides))"
        )
    return params if scale is None else load_scenario_like(params, scale)


def load_scenario_like(scenario: Scenario, scale: float) -> Scenario:
    """Return ``scenario`` with another population scale (checked like a file's value)."""
    check_param("population.scale", scale, "scale")
    return replace(scenario, population=replace(scenario.population, scale=scale))
