"""Solara components of the app: map, charts, department load, event feed and the levers.

The four views take the model and subscribe to Mesa's ``update_counter``, which SolaraViz's
controller bumps after every tick, so they redraw once per tick. The lever panel edits a
:class:`~cogov.viz.settings.Settings`, validates it at once and, when valid, sets the *applied*
scenario that SolaraViz's Reset builds the next model from.

Components are PascalCase, as Solara's and Mesa's are (hence ``noqa: N802``).
"""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import TYPE_CHECKING

import solara
from mesa.visualization.utils import update_counter

from cogov.sim.errors import ScenarioError
from cogov.sim.loader import SCENARIO_DIR, load_scenario
from cogov.sim.params import DispatchOrder, IntakePolicy, Scenario
from cogov.viz.drawing import departments_svg, map_svg, outcomes_svg
from cogov.viz.feed import FOUND_BY_LABELS, HANDLER_LABELS, clock
from cogov.viz.history import history_for
from cogov.viz.settings import (
    CADENCE_RANGE,
    DEMAND_RANGE,
    SCALE_RANGE,
    STRENGTH_RANGE,
    TEAM_CAPACITY_RANGE,
    VOLUNTEER_RANGE,
    Settings,
    build_scenario,
    scenario_names,
    settings_from_scenario,
)

if TYPE_CHECKING:
    from cogov.sim.model import CoGovModel

__all__ = [
    "SPEEDS",
    "ChartsView",
    "DepartmentsView",
    "FeedView",
    "LeverPanel",
    "MapView",
    "SpeedPanel",
    "apply_settings",
    "readable_error",
]

#: hours of model time per tick of Play or press of Step (see cogov.viz.appmodel.AppModel.tick)
SPEEDS = {"1 hour": 1, "6 hours": 6, "1 day": 24, "1 week": 168}
#: the map's colour choices as shown -> keys of cogov.viz.drawing.COLOUR_BY
_COLOUR_LABELS = {"open issues": "open", "satisfaction": "satisfaction"}


def readable_error(exc: Exception) -> str:
    """A validation message without the scenario folder's absolute path."""
    return str(exc).replace(f"{SCENARIO_DIR}/", "")


def apply_settings(
    new: Settings,
    settings: solara.Reactive[Settings],
    applied: solara.Reactive[Scenario],
    error: solara.Reactive[str | None],
) -> None:
    """Show ``new`` in the levers; if it validates, make it what the next Reset builds.

    An invalid combination leaves ``applied`` as it was and puts the loader's message in
    ``error``, so Reset can never build a model from an unchecked value.
    """
    settings.set(new)
    try:
        scenario = build_scenario(new)
    except ScenarioError as exc:
        error.set(readable_error(exc))
        return
    error.set(None)
    applied.set(scenario)


@solara.component
def MapView(model: CoGovModel) -> None:  # noqa: N802
    """The map of the 17 neighbourhoods on their fixed layout, coloured as chosen."""
    update_counter.get()
    colour = solara.use_reactive("open issues")
    with solara.Card(margin=0, style={"overflow": "auto"}):
        with solara.Row(style={"align-items": "center"}):
            solara.Text("Colour by")
            solara.ToggleButtonsSingle(value=colour, values=list(_COLOUR_LABELS), dense=True)
        solara.HTML(tag="div", unsafe_innerHTML=map_svg(model, _COLOUR_LABELS[colour.value]))


@solara.component
def ChartsView(model: CoGovModel) -> None:  # noqa: N802
    """Daily charts of open issues, on-time and solved shares, satisfaction, trust, petitions."""
    update_counter.get()
    with solara.Card(margin=0, style={"overflow": "auto"}):
        solara.HTML(tag="div", unsafe_innerHTML=outcomes_svg(model))


@solara.component
def DepartmentsView(model: CoGovModel) -> None:  # noqa: N802
    """Department utilisation over the last week, staff busy now and queue lengths."""
    update_counter.get()
    loads = history_for(model).loads(model)
    with solara.Card(margin=0, style={"overflow": "auto"}):
        solara.HTML(tag="div", unsafe_innerHTML=departments_svg(loads))


def _feed_html(model: CoGovModel) -> str:
    history = history_for(model)
    history.update(model)
    t = history.totals
    on_time = f"{t.closed_on_time / t.closed:.0%}" if t.closed else "–"
    found = ", ".join(
        f"{n:,} by {label}" for label, n in zip(FOUND_BY_LABELS.values(), t.found_by, strict=True)
    )
    settled = ", ".join(
        f"{n:,} by {label}"
        for label, n in zip(HANDLER_LABELS.values(), t.handled_by, strict=True)
        if n
    )
    lines = "".join(f"<li>{html.escape(e.text)}</li>" for e in history.feed)
    return (
        '<div class="cogov-feed" style="font-size:13px;line-height:1.45">'
        f'<div class="feed-clock"><b>Now: {html.escape(clock(model.time))}</b> · '
        f"{t.open:,} open · {t.arisen:,} arisen · {t.reported:,} reported ({found}) · "
        f"{t.closed:,} settled, {on_time} on time ({settled or 'none yet'}) · "
        f"{t.escalations:,} escalations · {t.petitions:,} petitions · "
        f"{t.consultations:,} council consultations · {t.meetings:,} joint meetings</div>"
        '<div style="margin-top:6px"><b>What just happened</b> (newest first)</div>'
        f'<ul class="feed-lines" style="margin:2px 0 0 0;padding-left:18px">'
        f"{lines or '<li>Press Step or Play.</li>'}</ul></div>"
    )


@solara.component
def FeedView(model: CoGovModel) -> None:  # noqa: N802
    """What happened in each recent tick, from counter differences, and running totals."""
    update_counter.get()
    with solara.Card(margin=0, style={"overflow": "auto"}):
        solara.HTML(tag="div", unsafe_innerHTML=_feed_html(model))


def _slider(
    caption: str,
    value: float,
    bounds: tuple[float, float, float],
    on_value: Callable[[float], None],
    integer: bool = False,
) -> None:
    """A slider with its caption (and current value) on a line of its own above it."""
    lo, hi, step = bounds
    solara.Text(caption, style={"font-size": "14px", "margin-top": "6px"})
    slider = solara.SliderInt if integer else solara.SliderFloat
    slider("", value=value, min=lo, max=hi, step=step, on_value=on_value)


@solara.component
def SpeedPanel(hours_per_tick: solara.Reactive[int]) -> None:  # noqa: N802
    """How much model time one tick of Play, or one press of Step, advances."""
    label = next((k for k, v in SPEEDS.items() if v == hours_per_tick.value), None)
    with solara.Card("Speed"), solara.Column(gap="6px"):
        solara.ToggleButtonsSingle(
            value=label,
            values=list(SPEEDS),
            on_value=lambda chosen: hours_per_tick.set(SPEEDS[chosen]),
            dense=True,
        )
        solara.Text(
            f"Step and each tick of Play advance {hours_per_tick.value} h of model time; "
            "Play Interval (above) is the pause between ticks."
        )


@solara.component
def LeverPanel(  # noqa: N802
    settings: solara.Reactive[Settings],
    applied: solara.Reactive[Scenario],
    model: solara.Reactive[CoGovModel],
) -> None:
    """The policy levers and the scenario picker; validation errors are shown here.

    Changes take effect when SolaraViz's Reset builds the next model.
    """
    error = solara.use_reactive(None)
    s = settings.value
    base = solara.use_memo(lambda: _base_or_none(s.scenario), [s.scenario])
    unit_count = base.units.count if base else max(s.member_units, 1)

    def change(**changes: object) -> None:
        apply_settings(settings.value.replace(**changes), settings, applied, error)

    def pick(name: str) -> None:
        try:
            picked = settings_from_scenario(name, scale=settings.value.scale)
        except ScenarioError as exc:
            error.set(readable_error(exc))
            return
        apply_settings(picked, settings, applied, error)

    with solara.Card("Scenario and levers"):
        solara.Select("Scenario", value=s.scenario, values=scenario_names(), on_value=pick)
        solara.Select(
            "Intake policy",
            value=s.policy,
            values=[p.value for p in IntakePolicy],
            on_value=lambda v: change(policy=v),
        )
        solara.Select(
            "Dispatch order",
            value=s.dispatch_order,
            values=[d.value for d in DispatchOrder],
            on_value=lambda v: change(dispatch_order=v),
        )
        _slider(
            f"Volunteers: {s.volunteers:,}",
            s.volunteers,
            VOLUNTEER_RANGE,
            lambda v: change(volunteers=int(v)),
            integer=True,
        )
        share = s.member_units / unit_count if unit_count else 0.0
        _slider(
            f"Member units: {s.member_units:,} ({share:.1%} of {unit_count:,} resident units)",
            s.member_units,
            (0, unit_count, 1),
            lambda v: change(member_units=int(v)),
            integer=True,
        )
        _slider(
            f"Service-team capacity: {s.team_capacity} job(s) at once",
            s.team_capacity,
            TEAM_CAPACITY_RANGE,
            lambda v: change(team_capacity=int(v)),
            integer=True,
        )
        _slider(
            f"Supervision strength: {s.supervision_strength:.1f}",
            s.supervision_strength,
            STRENGTH_RANGE,
            lambda v: change(supervision_strength=v),
        )
        _slider(
            f"Meeting intervals × {s.meeting_cadence:.2f} (2 = half as often)",
            s.meeting_cadence,
            CADENCE_RANGE,
            lambda v: change(meeting_cadence=v),
        )
        solara.Checkbox(
            label="Deliberation councils consult first",
            value=s.deliberation,
            on_value=lambda v: change(deliberation=v),
        )
        _slider(
            f"Demand level × {s.demand:.1f}",
            s.demand,
            DEMAND_RANGE,
            lambda v: change(demand=v),
        )
        _slider(
            f"Population scale: {s.scale:.2f} (1 = 70,900 residents)",
            s.scale,
            SCALE_RANGE,
            lambda v: change(scale=v),
        )
        solara.InputInt("Seed", value=s.seed, on_value=lambda v: change(seed=v))
        if error.value:
            solara.Error(f"Not applied: {error.value}", classes=["lever-error"])
        elif model.value.params != applied.value:
            solara.Warning(
                "Changed: press Reset to build the model with these levers.",
                classes=["lever-pending"],
            )
        else:
            solara.Success("The running model uses these levers.", classes=["lever-ok"])


def _base_or_none(name: str) -> Scenario | None:
    try:
        return load_scenario(name)
    except ScenarioError:
        return None
