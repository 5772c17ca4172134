"""The model the app runs: ``CoGovModel`` driven by the app's clock and levers.

SolaraViz's Reset rebuilds the model as ``type(model)(**model_params)``. The app's parameters
are its *applied* scenario (a reactive variable that the lever panel sets to the last scenario
that passed validation, read when Reset is pressed) and its speed, so Reset builds what the
levers last set.

Two things differ from ``CoGovModel``, both only in how the app drives time:

- ``step()`` is one *tick* of the app: it advances ``hours_per_step`` hours (read at each
  tick, so the speed can change while playing) with ``run_for``, which runs exactly the
  events that as many hourly ``CoGovModel`` steps would. SolaraViz's controller calls it;
- the model stops running (Play stops) at the scenario's horizon, ``days``.

It also keeps :class:`~cogov.viz.records.Records` (participation each day, each petition with
its size and place) for the app's views; recording reads counters and draws nothing, so
the run is the same as ``CoGovModel``'s.
"""

from __future__ import annotations

from typing import Protocol

from cogov.sim.calendar import HOURS_PER_DAY
from cogov.sim.model import CoGovModel
from cogov.sim.params import Scenario
from cogov.viz.records import Records

__all__ = ["AppModel", "Source"]


class Source[T](Protocol):
    """Anything with a ``value`` (a ``solara.Reactive``), read when needed."""

    @property
    def value(self) -> T:
        """The current value."""
        ...


class AppModel(CoGovModel):
    """``CoGovModel`` built from the scenario the app's levers last validated.

    Args:
        applied: the scenario, or a source (a reactive variable) holding it.
        hours_per_step: model hours per ``step()`` (a tick of the app), or a source of it.
    """

    def __init__(
        self, applied: Scenario | Source[Scenario], hours_per_step: int | Source[int] = 24
    ) -> None:
        """Build the model; it stops running at the scenario's horizon (``days``)."""
        scenario = applied if isinstance(applied, Scenario) else applied.value
        super().__init__(params=scenario)
        self.hours_per_step = hours_per_step
        self.horizon_hours = scenario.days * HOURS_PER_DAY
        self.schedule_event(self.stop, at=self.horizon_hours)
        self.step = self.tick  # replaces Mesa's hourly wrapper (see the module docstring)
        self.records = Records(self)

    @property
    def tick_hours(self) -> float:
        """Model hours one tick advances now."""
        hours = self.hours_per_step
        return float(hours if isinstance(hours, int | float) else hours.value)

    def tick(self) -> None:
        """Advance one tick of the app, never past the horizon while running."""
        until = self.time + self.tick_hours
        if self.time < self.horizon_hours:
            until = min(until, self.horizon_hours)
        self.run_until(until)

    def stop(self) -> None:
        """The horizon is reached: SolaraViz's Play stops here; Reset starts again."""
        self.running = False
