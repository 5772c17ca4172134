"""The cogov model core.

Scenario parameters and their loader, the event-driven Mesa model, its processes (arrivals,
intake, work, mechanisms) and its results.
"""

from sim.errors import ScenarioError
from sim.loader import builtin_scenarios, load_scenario
from sim.model import CoGovModel
from sim.params import Scenario
from sim.results import RunResult

__all__ = [
    "CoGovModel",
    "RunResult",
    "Scenario",
    "ScenarioError",
    "builtin_scenarios",
    "load_scenario",
]
