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
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import TypeVar

import mesa
from mesa.discrete_space import Network

from cogov.sim.arrivals import Arrivals
from cogov.sim.calendar import HOURS_PER_DAY
from cogov.sim.draws import Draws
from cogov.sim.events import advance, scheduler
from cogov.sim.intake import LinkageCenter
from cogov.sim.issue import Issue
from cogov.sim.loader import load_scenario
from cogov.sim.mechanisms import Mechanisms
from cogov.sim.metrics import Metrics
from cogov.sim.params import Scenario
from cogov.sim.pool import Pool
from cogov.sim.population import populate
from cogov.sim.ranges import check_param
from cogov.sim.results import RunResult, build_result
from cogov.sim.space import build_graph, layout, scaled
from cogov.sim.work import Work

__all__ = ["CoGovModel"]

T = TypeVar("T")

#: objects the interpreter itself froze before this module was imported (CPython 3.12
#: starts with a few hundred); more than that means the program froze its own
_FROZEN_AT_START = gc.get_freeze_count()


class CoGovModel(mesa.Model):
    """Xinhua Road Subdistrict's co-governance system as an event-driven Mesa model.

    Args:
        scenario: a :class:`~cogov.sim.params.Scenario`, or a built-in scenario name or TOML path.
        rng: seed (int) or generator; defaults to the scenario's ``seed``.
        scale: overrides ``population.scale`` when given (convenient for ``mesa.batch_run``).
        keep_records: keep one record per closed issue in ``metrics.records`` (verification).

    Attributes:
        params: the frozen scenario parameters.
        graph: the networkx graph of the 17 committees; ``space`` wraps it for Mesa.
        metrics: counters and the daily series.
        alive: every issue not yet closed that is still pending, unreported-but-findable or
            open, by id (it keeps scheduled issues alive for Mesa's weakly-referencing queue).
    """

    def __init__(
        self,
        scenario: Scenario | str | Path = "xinhua_2013",
        rng: int | None = None,
        scale: float | None = None,
        keep_records: bool = False,
    ) -> None:
        """Build the subdistrict, its agents and the recurring events."""
        if not isinstance(scenario, Scenario):
            overrides = {"population.scale": scale} if scale is not None else None
            scenario = load_scenario(scenario, overrides)
        elif scale is not None:
            scenario = load_scenario_like(scenario, scale)
        self.run_seed = scenario.seed if rng is None else rng
        self._counts_hours = False
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
        populate(self)
        self.arrivals = Arrivals(self)
        self.datacollector = mesa.DataCollector(
            model_reporters={
                "open_issues": "open_issues",
                "on_time_rate": "on_time_rate",
                "solved_rate": "solved_rate",
                "satisfaction": "satisfaction_rate",
                "trust": "mean_trust",
                "petitions": "petitions",
                "escalations": "escalations",
            }
        )
        self.mechanisms = Mechanisms(self)
        self._stop_heartbeat()

    def step(self) -> None:
        """One hour passes. All behaviour is in events, so there is nothing to poll here."""

    def _stop_heartbeat(self) -> None:
        """Stop Mesa's hourly step event when it would do nothing but count.

        Mesa schedules ``step`` every time unit. This model's ``step`` is empty, so those 8,760
        events a year only add one to ``steps``; they were 12 % of a full-scale year's events
        (``benchmarks/README.md``). They are stopped, as Mesa's own DEVS set-up does, and
        :meth:`_advance_time` keeps ``steps`` at the whole hours passed — what they would
        have counted — so ``model.step()``, ``mesa.batch_run`` and SolaraViz see no change.
        A subclass that gives ``step`` behaviour keeps the hourly event.
        """
        heartbeat = getattr(self, "_default_schedule", None)
        if (
            type(self).step is CoGovModel.step
            and heartbeat is not None
            and hasattr(mesa.Model, "_advance_time")
        ):
            heartbeat.stop()
            self._counts_hours = True

    def _advance_time(self, until: float) -> None:
        """Mesa's time advance (``step``, ``run_for``, ``run_until``), then count the steps.

        While time advances, every object that existed before is frozen out of the cyclic
        garbage collector (``gc.freeze``): most are the model's agents, which live as long as
        the model, and each full collection would walk them all again (at scale 30, a tenth
        of a year's run time; ``benchmarks/README.md``). They are unfrozen afterwards (both
        are constant-time list splices), so a model that is dropped is still collected. If
        the program has frozen objects of its own, the collector is left alone.
        """
        freeze = gc.isenabled() and gc.get_freeze_count() <= _FROZEN_AT_START
        if freeze:
            gc.freeze()
        try:
            if not advance(self, until):
                super()._advance_time(until)
        finally:
            if freeze:
                gc.unfreeze()
        if self._counts_hours:
            self.steps = math.floor(self.time)

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
        compact = getattr(self._event_list, "compact", None)
        heap = getattr(self._event_list, "_events", None)
        if compact is None or not isinstance(heap, list):
            return
        if 2 * (self.events_cancelled - self._cancelled_at_compaction) >= len(heap):
            compact()
            self._cancelled_at_compaction = self.events_cancelled

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


def load_scenario_like(scenario: Scenario, scale: float) -> Scenario:
    """Return ``scenario`` with another population scale (checked like a file's value)."""
    check_param("population.scale", scale, "scale")
    return replace(scenario, population=replace(scenario.population, scale=scale))
