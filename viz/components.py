"""Solara components of the app's sidebar: the speed, the scenario picker and the levers.

The lever panel edits a :class:`~cogov.viz.settings.Settings`, validates it at once and,
when valid, sets the *applied* scenario that SolaraViz's Reset builds the next model from.
The views (map, charts, participation, department load, feed) are in :mod:`cogov.viz.views`.

Components are PascalCase, as Solara's and Mesa's are (hence ``noqa: N802``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

import solara

from cogov.sim.errors import ScenarioError
from cogov.sim.loader import SCENARIO_DIR, load_scenario
from cogov.sim.params import DispatchOrder, IntakePolicy, Scenario
from cogov.viz.lang import lever_tips, page_lang
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
    "LeverPanel",
    "SpeedPanel",
    "apply_settings",
    "readable_error",
]

#: hours of model time per tick of Play or press of Step (see cogov.viz.appmodel.AppModel.tick)
SPEEDS = {"1 hour": 1, "6 hours": 6, "1 day": 24, "1 week": 168}
#: the sidebar's cards stay narrower than the space Solara leaves for the sidebar (400 px),
#: which grows to its widest content otherwise and then covers the views
_SIDEBAR_CARD = {"max-width": "340px"}


#: the scenario keys the levers set, in the words of the lever panel
PLAIN_KEYS = {
    "intake.policy": "How issues reach those who settle them",
    "intake.dispatch_order": "Which issue a department takes next",
    "volunteers.count": "Volunteers",
    "units.member_units": "Member units",
    "units.service_teams": "Service teams",
    "units.team_capacity": "Jobs a service team takes at once",
    "supervision.strength": "Supervision",
    "supervision.enabled": "Supervision",
    "deliberation.enabled": "Residents' councils",
    "demand.multiplier": "How many problems arise",
    "population.scale": "Population",
    "seed": "Seed",
}
_KEY_ERROR = re.compile(
    r"^(?:.*/)?[\w.-]+\.toml: key '([^']+)': found (.+?)(?: \(\w+\))?; allowed: (.+)$"
)


def readable_error(exc: Exception) -> str:
    """A validation message in plain words: the lever's name, what was found and allowed.

    Examples:
        >>> readable_error(ValueError(
        ...     "/x/xinhua_2013.toml: key 'volunteers.count': found -5 (int); allowed: 0 to 9"))
        'Volunteers: -5 is not possible; allowed: 0 to 9.'
        >>> text = readable_error(ValueError("a.toml: key 'intake.dispatch_order': "
        ...     "found 'edf'; allowed: 'fcfs' under the siloed policy"))
        >>> "allowed: first come, first served under the separate departments policy" in text
        True
    """
    text = str(exc).replace(f"{SCENARIO_DIR}/", "")
    match = _KEY_ERROR.match(text)
    if match is None:
        return text
    key, found, allowed = (_plain_values(g) for g in match.groups())
    name = PLAIN_KEYS.get(key, key)
    return f"{name}: {found} is not possible; allowed: {allowed.rstrip('.')}."


#: raw option values in the words of the lever panel
_PLAIN_VALUES = {
    "edf": "nearest deadline first",
    "fcfs": "first come, first served",
    "siloed": "separate departments",
    "one_window": "one window",
    "cogovernance": "co-governance",
}


def _plain_values(text: str) -> str:
    """``text`` with option values ('edf', siloed, …) in plain words."""
    return re.sub(
        r"'?\b(" + "|".join(_PLAIN_VALUES) + r")\b'?", lambda m: _PLAIN_VALUES[m[1]], text
    )


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


def _slider(
    caption: str,
    value: float,
    bounds: tuple[float, float, float],
    on_value: Callable[[float], None],
    integer: bool = False,
    tip: str = "",
) -> None:
    """A slider with its caption (and current value) above it and a tooltip in plain words."""
    lo, hi, step = bounds
    with solara.Tooltip(tip or caption), solara.Column(gap="0px"):
        solara.Text(caption, style={"font-size": "14px", "margin-top": "6px"})
        slider = solara.SliderInt if integer else solara.SliderFloat
        slider("", value=value, min=lo, max=hi, step=step, on_value=on_value)


@solara.component
def SpeedPanel(hours_per_tick: solara.Reactive[int]) -> None:  # noqa: N802
    """How much model time one tick of Play, or one press of Step, advances."""
    label = next((k for k, v in SPEEDS.items() if v == hours_per_tick.value), None)
    with solara.Card("Speed", style=_SIDEBAR_CARD), solara.Column(gap="6px"):
        solara.ToggleButtonsSingle(
            value=label,
            values=list(SPEEDS),
            on_value=lambda chosen: hours_per_tick.set(SPEEDS[chosen]),
            dense=True,
        )
        solara.Text(f"Step, and each tick of Play, advance the simulation by {label or 'a tick'}.")


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
    tips = lever_tips(page_lang(solara.use_router().search))
    s = settings.value
    base = solara.use_memo(lambda: _base_or_none(s.scenario), [s.scenario])
    unit_count = base.units.count if base else max(s.member_units, 1)
    base_strength = f"{base.supervision.strength:g}" if base else "–"

    def change(**changes: object) -> None:
        apply_settings(settings.value.replace(**changes), settings, applied, error)

    def pick(name: str) -> None:
        try:
            picked = settings_from_scenario(name, scale=settings.value.scale)
        except ScenarioError as exc:
            error.set(readable_error(exc))
            return
        apply_settings(picked, settings, applied, error)

    with solara.Card("Scenario and levers", style=_SIDEBAR_CARD):
        solara.Text(
            "Change a lever, then press Reset to run the simulation with it. "
            "Hover over a lever to see what it does.",
            style={"font-size": "14px", "color": "#555"},
        )
        with solara.Tooltip(tips["scenario"]):
            solara.Select(
                "Starting point (scenario)",
                value=SCENARIO_NAMES.get(s.scenario, s.scenario),
                values=[SCENARIO_NAMES.get(n, n) for n in scenario_names()],
                on_value=lambda label: pick(_unlabel(label, SCENARIO_NAMES)),
            )
        with solara.Tooltip(tips["policy"]):
            solara.Select(
                "How issues reach those who settle them",
                value=POLICY_NAMES[s.policy],
                values=list(POLICY_NAMES.values()),
                on_value=lambda label: change(policy=_unlabel(label, POLICY_NAMES)),
            )
        with solara.Tooltip(tips["dispatch_order"]):
            solara.Select(
                "Which issue a department takes next",
                value=ORDER_NAMES[s.dispatch_order],
                values=list(ORDER_NAMES.values()),
                on_value=lambda label: change(dispatch_order=_unlabel(label, ORDER_NAMES)),
            )
        _slider(
            f"Volunteers: {s.volunteers:,}",
            s.volunteers,
            VOLUNTEER_RANGE,
            lambda v: change(volunteers=int(v)),
            integer=True,
            tip=tips["volunteers"],
        )
        share = s.member_units / unit_count if unit_count else 0.0
        _slider(
            f"Member units (companies, schools…): {s.member_units:,} "
            f"({share:.0%} of {unit_count:,})",
            s.member_units,
            (0, unit_count, 1),
            lambda v: change(member_units=int(v)),
            integer=True,
            tip=tips["member_units"],
        )
        _slider(
            f"Jobs a service team takes at once: {s.team_capacity}",
            s.team_capacity,
            TEAM_CAPACITY_RANGE,
            lambda v: change(team_capacity=int(v)),
            integer=True,
            tip=tips["team_capacity"],
        )
        _slider(
            f"Supervision: {s.supervision_strength:.1f} "
            f"(0 = none; {base_strength} in the scenario)",
            s.supervision_strength,
            STRENGTH_RANGE,
            lambda v: change(supervision_strength=v),
            tip=tips["supervision"],
        )
        _slider(
            f"Joint meetings: {_cadence(s.meeting_cadence)}",
            s.meeting_cadence,
            CADENCE_RANGE,
            lambda v: change(meeting_cadence=v),
            tip=tips["meetings"],
        )
        with solara.Tooltip(tips["deliberation"]):
            solara.Checkbox(
                label="Residents' councils discuss disputed issues first",
                value=s.deliberation,
                on_value=lambda v: change(deliberation=v),
            )
        _slider(
            f"How many problems arise: {s.demand:.1f} × normal",
            s.demand,
            DEMAND_RANGE,
            lambda v: change(demand=v),
            tip=tips["demand"],
        )
        _slider(
            f"Population: {s.scale:.0%} of the subdistrict ({round(70_900 * s.scale):,} residents)",
            s.scale,
            SCALE_RANGE,
            lambda v: change(scale=v),
            tip=tips["scale"],
        )
        with solara.Tooltip(tips["seed"]):
            solara.InputInt(
                "Seed (the same seed gives the same run)",
                value=s.seed,
                on_value=lambda v: change(seed=v),
            )
        if error.value:
            solara.Error(f"Not applied: {error.value}", classes=["lever-error"])
        elif model.value.params != applied.value:
            solara.Warning(
                "Changed: press Reset to build the model with these levers.",
                classes=["lever-pending"],
            )
        else:
            solara.Success("The running model uses these levers.", classes=["lever-ok"])


#: scenario names as shown in the picker
SCENARIO_NAMES = {
    "xinhua_2013": "Co-governance as in 2013",
    "one_window": "One window only",
    "siloed": "Separate departments",
    "metro_line_11": "Metro Line 11 works",
    "budget_cut": "Budget cut (staff × 0.75)",
    "volunteer_surge": "More volunteers",
    "changning_district": "Ten subdistricts",
}
#: intake policies in plain words
POLICY_NAMES = {
    IntakePolicy.COGOVERNANCE.value: "Co-governance: one window plus the community",
    IntakePolicy.ONE_WINDOW.value: "One window: a single office takes every issue",
    IntakePolicy.SILOED.value: "Separate departments: residents find the right office",
}
#: dispatch orders in plain words
ORDER_NAMES = {
    DispatchOrder.FCFS.value: "First come, first served",
    DispatchOrder.EDF.value: "Nearest deadline first",
}


def _unlabel(label: str, names: dict[str, str]) -> str:
    """The value behind a label shown in a picker (the label itself if it is a value)."""
    return next((k for k, v in names.items() if v == label), label)


def _cadence(x: float) -> str:
    """The meeting-interval multiplier in words: 2 is half as often."""
    if abs(x - 1.0) < 1e-9:
        return "as often as in the scenario"
    return f"{1 / x:.2g} × as often as in the scenario"


def _base_or_none(name: str) -> Scenario | None:
    try:
        return load_scenario(name)
    except ScenarioError:
        return None
