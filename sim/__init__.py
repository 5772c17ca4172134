"""The cogov model core.

Scenario parameters and their loader, the event-driven Mesa model, its processes (arrivals,
intake, work, mechanisms) and its results.
"""

from typing import TYPE_CHECKING, Any

from sim.errors import ScenarioError
from sim.loader import builtin_scenarios, load_scenario
from sim.params import Scenario

if TYPE_CHECKING:
    from sim.model import CoGovModel
    from sim.results import RunResult

__all__ = [
    "CoGovModel",
    "RunResult",
    "Scenario",
    "ScenarioError",
    "builtin_scenarios",
    "load_scenario",
]


def __getattr__(name: str) -> Any:
    # The model is imported on first use: agents import sim's submodules, and the model
    # imports the agents, so importing it here eagerly would make a cycle.
    if name == "CoGovModel":
        from sim.model import CoGovModel

        return CoGovModel
    if name == "RunResult":
        from sim.results import RunResult

        return RunResult
    raise AttributeError(f"module 'sim' has no attribute {name!r}")
