"""The cogov model core.

Scenario parameters and their loader, the event-driven Mesa model, its processes (arrivals,
intake, work, mechanisms) and its results.
"""

from typing import TYPE_CHECKING, Any

from cogov.sim.errors import ScenarioError
from cogov.sim.loader import builtin_scenarios, load_scenario
from cogov.sim.params import Scenario

if TYPE_CHECKING:
    from cogov.sim.model import CoGovModel
    from cogov.sim.results import RunResult

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
        from cogov.sim.model import CoGovModel

        return CoGovModel
    if name == "RunResult":
        from cogov.sim.results import RunResult

        return RunResult
    raise AttributeError(f"module 'cogov.sim' has no attribute {name!r}")
