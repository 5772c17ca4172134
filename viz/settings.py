"""The app's policy levers: settings in, a validated ``Scenario`` out.

A :class:`Settings` is what the controls show. :func:`settings_from_scenario` reads a
built-in scenario's values into one; :func:`build_scenario` turns one back into a scenario
through :func:`cogov.sim.loader.load_scenario` with dotted overrides, so every lever is checked by
the same rules as a scenario file and a bad value raises the loader's ``ScenarioError``
(the app shows its message; it never builds a model from an unchecked value).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

from cogov.sim.errors import ScenarioError
from cogov.sim.loader import builtin_scenarios, load_scenario
from cogov.sim.params import DispatchOrder, IntakePolicy, Scenario
from cogov.sim.ranges import check_param

__all__ = [
    "CADENCE_RANGE",
    "DEFAULT_SCENARIO",
    "DEMAND_RANGE",
    "SCALE_RANGE",
    "STRENGTH_RANGE",
    "TEAM_CAPACITY_RANGE",
    "VOLUNTEER_RANGE",
    "Settings",
    "build_scenario",
    "check_scale",
    "overrides",
    "scenario_names",
    "settings_from_scenario",
]

DEFAULT_SCENARIO = "xinhua_2013"

#: slider ranges (min, max, step); the loader still checks every value against cogov.sim.params
VOLUNTEER_RANGE = (0, 5000, 50)
TEAM_CAPACITY_RANGE = (1, 10, 1)
STRENGTH_RANGE = (0.0, 3.0, 0.1)
CADENCE_RANGE = (0.1, 4.0, 0.05)
DEMAND_RANGE = (0.0, 5.0, 0.1)
SCALE_RANGE = (0.01, 1.0, 0.01)


@dataclass(frozen=True, slots=True)
class Settings:
    """The levers a student can move, on top of one built-in scenario.

    Attributes:
        scenario: the built-in scenario the other values are applied to.
        policy: intake policy (``intake.policy``).
        dispatch_order: queue discipline (``intake.dispatch_order``).
        volunteers: number of volunteers (``volunteers.count``).
        member_units: resident units that are member units (``units.member_units``; the
            member-unit share is this over ``units.count``); service teams keep their ratio
            to member units (report: 137 teams among 278 member units), never exceeding them.
        team_capacity: jobs a service team works on at once (``units.team_capacity``).
        supervision_strength: how strongly co-supervision moves effort
            (``supervision.strength``).
        meeting_cadence: multiplier on every joint meeting's ``interval_days`` (2 = half as
            often, 0.5 = twice as often).
        deliberation: deliberation councils consult first (``deliberation.enabled``).
        demand: overall demand level (``demand.multiplier``).
        scale: population scale (``population.scale``; 1 = 70,900 residents).
        seed: random seed (``seed``).
    """

    scenario: str = DEFAULT_SCENARIO
    policy: str = IntakePolicy.COGOVERNANCE.value
    dispatch_order: str = DispatchOrder.FCFS.value
    volunteers: int = 1000
    member_units: int = 278
    team_capacity: int = 1
    supervision_strength: float = 0.5
    meeting_cadence: float = 1.0
    deliberation: bool = True
    demand: float = 1.0
    scale: float = 1.0
    seed: int = 0

    def replace(self, **changes: Any) -> Settings:
        """Return a copy with some fields changed."""
        return dataclasses.replace(self, **changes)


def check_scale(value: float) -> float:
    """Return ``value`` if it is a population scale the app offers.

    It must lie within ``SCALE_RANGE`` (the slider) and the parameter's own range in
    :mod:`cogov.sim.params`.

    Raises:
        ScenarioError: ``found X; allowed: a number from LO to HI``.
    """
    return check_param("population.scale", value, "scale", within=SCALE_RANGE[:2])


def scenario_names() -> list[str]:
    """Names of the built-in single-subdistrict scenarios, sorted.

    District scenarios (several subdistricts) are left out: the app draws one subdistrict's
    map, and a district year is too slow to watch.
    """
    return [
        name
        for name, path in builtin_scenarios().items()
        if load_scenario(path).district.subdistricts == 1
    ]


def settings_from_scenario(name: str, scale: float | None = None) -> Settings:
    """Read a built-in scenario's values into the levers.

    Args:
        name: a built-in scenario name.
        scale: population scale to use instead of the scenario's, if given.

    Raises:
        ScenarioError: if the scenario is unknown or invalid.
    """
    s = load_scenario(name)
    units = s.units
    return Settings(
        scenario=name,
        policy=s.intake.policy.value,
        dispatch_order=s.intake.dispatch_order.value,
        volunteers=s.volunteers.count,
        member_units=units.member_units,
        team_capacity=units.team_capacity,
        supervision_strength=s.supervision.strength,
        meeting_cadence=1.0,
        deliberation=s.deliberation.enabled,
        demand=s.demand.multiplier,
        scale=s.population.scale if scale is None else scale,
        seed=s.seed,
    )


def overrides(settings: Settings, base: Scenario) -> dict[str, Any]:
    """The dotted-key overrides that apply ``settings`` to the scenario ``base``."""
    units = base.units
    members = int(settings.member_units)
    if units.member_units:
        teams = min(members, round(units.service_teams * members / units.member_units))
    else:
        teams = min(members, units.service_teams)
    out: dict[str, Any] = {
        "intake.policy": settings.policy,
        "intake.dispatch_order": settings.dispatch_order,
        "volunteers.count": int(settings.volunteers),
        "units.member_units": members,
        "units.service_teams": teams,
        "units.team_capacity": int(settings.team_capacity),
        "supervision.strength": float(settings.supervision_strength),
        "deliberation.enabled": bool(settings.deliberation),
        "demand.multiplier": float(settings.demand),
        "population.scale": float(settings.scale),
        "seed": int(settings.seed),
    }
    if settings.policy == IntakePolicy.SILOED.value:
        # siloed departments have no one window to supervise; the model ignores supervision
        # under this policy anyway, and the loader refuses it being on (cogov.sim.validation)
        out["supervision.enabled"] = False
    for meeting in base.meetings:
        interval = round(meeting.interval_days * settings.meeting_cadence, 3)
        out[f"meetings.{meeting.id}.interval_days"] = interval
    return out


def build_scenario(settings: Settings) -> Scenario:
    """Apply the levers to their scenario and validate the result.

    Raises:
        ScenarioError: naming the key, the value found and what is allowed.
    """
    if settings.scenario not in builtin_scenarios():
        raise ScenarioError(
            f"scenario {settings.scenario!r}: not a built-in scenario; "
            f"built-in: {', '.join(scenario_names())}"
        )
    base = load_scenario(settings.scenario)
    return load_scenario(settings.scenario, overrides(settings, base))
