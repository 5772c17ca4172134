"""The page: SolaraViz over the app's model, the five views, and the levers in the sidebar.

``solara run app.py`` and ``cogov serve`` both serve :func:`Page`. Each browser session
gets its own model, levers and speed. Defaults come from the environment so that
``cogov serve --scenario NAME --scale X`` can start a smaller model (tests use this):
``COGOV_APP_SCENARIO`` (default ``xinhua_2013``), ``COGOV_APP_SCALE`` (default: the
scenario's own, full scale) and ``COGOV_APP_DAYS`` (default: the scenario's own).
"""

from __future__ import annotations

import dataclasses
import os

import solara
from mesa.visualization import SolaraViz
from mesa.visualization.utils import update_counter

from cogov.sim.errors import ScenarioError
from cogov.sim.params import Scenario
from cogov.viz.a11y import PageHelper
from cogov.viz.appmodel import AppModel
from cogov.viz.components import LeverPanel, SpeedPanel, readable_error
from cogov.viz.lang import page_lang
from cogov.viz.settings import DEFAULT_SCENARIO, Settings, build_scenario, settings_from_scenario
from cogov.viz.views import ChartsView, DepartmentsView, FeedView, MapView, ParticipationView

__all__ = [
    "ENV_DAYS",
    "ENV_SCALE",
    "ENV_SCENARIO",
    "HOURS_PER_TICK",
    "PLAY_INTERVAL_MS",
    "Levers",
    "Page",
    "Session",
    "Views",
    "initial_settings",
]

ENV_SCENARIO = "COGOV_APP_SCENARIO"
ENV_SCALE = "COGOV_APP_SCALE"
#: days of the first run (default: the scenario's); tests play a short run to its end
ENV_DAYS = "COGOV_APP_DAYS"
#: a day per tick: a year is 365 ticks
HOURS_PER_TICK = 24
#: pause between ticks of Play (ms). SolaraViz's play thread asks for a redraw after every
#: tick; if redraws (~35 ms for a day and its charts, more on a loaded machine) keep taking
#: longer than the pause, each redraw finds the state changed again and Solara stops with
#: "Too many renders" (seen under load with 20 ms). With a day a tick a year plays in ~30-45 s
PLAY_INTERVAL_MS = 60


def initial_settings() -> Settings:
    """The levers a new session starts with: the chosen scenario's values.

    Raises:
        ScenarioError: if the environment names an unknown or invalid scenario.
        ValueError: if ``COGOV_APP_SCALE`` is not a number.
    """
    name = os.environ.get(ENV_SCENARIO) or DEFAULT_SCENARIO
    scale = os.environ.get(ENV_SCALE)
    return settings_from_scenario(name, scale=float(scale) if scale else None)


def _start() -> tuple[Settings, Scenario] | str:
    """The first levers and their scenario, or the message saying why there are none."""
    try:
        first = initial_settings()
        scenario = build_scenario(first)
        days = os.environ.get(ENV_DAYS)
        if days:
            scenario = dataclasses.replace(scenario, days=int(days))
        return first, scenario
    except (ScenarioError, ValueError) as exc:
        return readable_error(exc)


@solara.component
def Views(model: AppModel) -> None:  # noqa: N802
    """The five views in two columns (wide enough for the map's labels).

    The map and the daily charts first; participation and petitions beside the feed, which
    lists each petition; department load last. Only this component subscribes to Mesa's
    ``update_counter``; the views redraw because the counter's value they get changes.
    """
    tick = update_counter.get()
    with solara.Columns([1, 1], gutters_dense=True):
        MapView(model, tick)
        ChartsView(model, tick)
    with solara.Columns([1, 1], gutters_dense=True):
        ParticipationView(model, tick)
        FeedView(model, tick)
    with solara.Columns([1, 1], gutters_dense=True):
        DepartmentsView(model, tick)


@solara.component
def Levers(  # noqa: N802
    settings: solara.Reactive[Settings],
    applied: solara.Reactive[Scenario],
    model: solara.Reactive[AppModel],
    hours_per_tick: solara.Reactive[int],
) -> None:
    """Speed, scenario and levers, added to the sidebar under SolaraViz's own controls.

    Solara orders sidebar content by component depth; one more level than SolaraViz's own
    sidebar puts this below its Controls (play, step, reset).
    """
    _SidebarCards(settings, applied, model, hours_per_tick)


@solara.component
def _SidebarCards(  # noqa: N802
    settings: solara.Reactive[Settings],
    applied: solara.Reactive[Scenario],
    model: solara.Reactive[AppModel],
    hours_per_tick: solara.Reactive[int],
) -> None:
    with solara.Sidebar():
        SpeedPanel(hours_per_tick)
        LeverPanel(settings, applied, model)


@solara.component
def Page() -> None:  # noqa: N802
    """One browser session: the app, or why it cannot start."""
    start = solara.use_memo(_start, [])
    if isinstance(start, str):
        solara.Error(f"cogov cannot start: {start}")
    else:
        Session(*start)


@solara.component
def Session(first: Settings, scenario: Scenario) -> None:  # noqa: N802
    """A session's model, levers and speed; SolaraViz's controls; the views."""
    settings = solara.use_reactive(first)
    applied = solara.use_reactive(scenario)
    hours_per_tick = solara.use_reactive(HOURS_PER_TICK)
    model = solara.use_reactive(solara.use_memo(lambda: AppModel(scenario, hours_per_tick), []))
    play_interval = solara.use_reactive(PLAY_INTERVAL_MS)
    # no components for SolaraViz's draggable grid: its fixed tile height cuts the map
    SolaraViz(
        model,
        components=[],
        model_params={"applied": applied, "hours_per_step": hours_per_tick},
        play_interval=play_interval,
        name="cogov — Xinhua Road co-governance",
    )
    Levers(settings, applied, model, hours_per_tick)
    PageHelper(page_lang(solara.use_router().search))
    Views(model.value)
