"""The model as an EMA Workbench model: ``from cogov.experiments.ema import cogov_model``.

Uncertainties are the assumed parameters of the one uncertainty table
(:mod:`cogov.experiments.uncertainties`), named as Python identifiers (``.`` becomes ``__``:
``reporting__delay_hours``, as EMA requires); the lever ``governance`` picks the intake policy
(the scenario that runs it: ``xinhua_2013``, ``one_window`` or ``siloed``); outcomes are the
names of :func:`cogov.experiments.uncertainties.outcome_names`. Run it with EMA's own
evaluators, samplers and analysis::

    from ema_workbench import SequentialEvaluator, perform_experiments
    from cogov.experiments.ema import make_model

    model = make_model(days=30, scale=0.05)
    with SequentialEvaluator(model) as evaluator:
        experiments, outcomes = perform_experiments(model, scenarios=8,
                                                    policies=policy_samples(),
                                                    evaluator=evaluator)

One experiment is one simulation with the seed constant ``seed`` (by default replicate 0's
seed of an experiment file with ``root_seed = 0``), so all experiments share it (common
random numbers). ``make_model(replications=n)`` returns a ``ReplicatorModel`` whose ``n``
replications use the seeds of replicates 0..n-1, as ``cogov batch`` does. Install with
``pip install -e '.[ema]'``.
"""

from __future__ import annotations

import warnings
from typing import Any

try:
    with warnings.catch_warnings():  # EMA warns at import when ipyparallel is absent
        warnings.simplefilter("ignore", UserWarning)
        from ema_workbench import (
            CategoricalParameter,
            Constant,
            IntegerParameter,
            Model,
            RealParameter,
            ReplicatorModel,
            Sample,
            ScalarOutcome,
        )
except ImportError as exc:  # pragma: no cover - exercised only without the extra
    raise ImportError(
        "cogov.experiments.ema needs the EMA Workbench: pip install -e '.[ema]'"
    ) from exc

from cogov.experiments.design import replicate_seeds
from cogov.experiments.uncertainties import (
    POLICIES,
    UNCERTAINTIES,
    identifier,
    outcome_names,
    outcome_values,
)
from cogov.sim.loader import override_type

__all__ = ["cogov_model", "make_model", "policy_samples", "run_world"]

_DOTTED = {identifier(u.name): u.name for u in UNCERTAINTIES}


def run_world(
    governance: str = "cogovernance",
    days: int = 365,
    scale: float = 1.0,
    seed: int = 0,
    **uncertainties: Any,
) -> dict[str, float]:
    """Run one simulation and return its outcomes (the function EMA calls).

    Args:
        governance: a policy of :data:`~cogov.experiments.uncertainties.POLICIES`.
        days: simulated days.
        scale: population scale (1 = 70,900 residents).
        seed: the model's random seed.
        **uncertainties: parameter values by identifier (``reporting__delay_hours=10.0``).

    Returns:
        ``{outcome: value}`` for every name of ``outcome_names()``.

    Raises:
        ValueError: for an unknown policy or parameter.
    """
    from cogov.sim.loader import load_scenario
    from cogov.sim.model import CoGovModel

    if governance not in POLICIES:
        raise ValueError(f"governance {governance!r}: allowed: {', '.join(POLICIES)}")
    unknown = sorted(set(uncertainties) - set(_DOTTED))
    if unknown:
        raise ValueError(f"unknown uncertainties {unknown}; allowed: {sorted(_DOTTED)}")
    overrides: dict[str, Any] = {"population.scale": float(scale), "days": int(days)}
    for ident, value in uncertainties.items():
        name = _DOTTED[ident]
        overrides[name] = override_type(name)(value)
    scenario = load_scenario(POLICIES[governance], overrides)
    model = CoGovModel(scenario, rng=int(seed))
    model.run_days(int(days))
    return outcome_values(model.result().summary)


def make_model(
    days: int = 365,
    scale: float = 1.0,
    seed: int | None = None,
    replications: int | None = None,
    root_seed: int = 0,
) -> Model | ReplicatorModel:
    """The EMA model with its uncertainties, lever, constants and outcomes.

    Args:
        days: simulated days of every experiment.
        scale: population scale of every experiment.
        seed: the seed of a single-replication model (default: replicate 0's of ``root_seed``).
        replications: if given, a ``ReplicatorModel`` running replicates 0..n-1's seeds.
        root_seed: the root the replicate seeds are spawned from (as in experiment files).
    """
    if replications is None:
        model: Model | ReplicatorModel = Model("cogov", function=run_world)
        seed = replicate_seeds(root_seed, 1)[0] if seed is None else seed
        model.constants = [Constant("days", days), Constant("scale", scale), Constant("seed", seed)]
    else:
        model = ReplicatorModel("cogov", function=run_world)
        model.replications = [{"seed": s} for s in replicate_seeds(root_seed, replications)]
        model.constants = [Constant("days", days), Constant("scale", scale)]
    params = []
    for u in UNCERTAINTIES:
        if override_type(u.name) is int:
            params.append(IntegerParameter(identifier(u.name), int(u.low), int(u.high)))
        else:
            params.append(RealParameter(identifier(u.name), float(u.low), float(u.high)))
    model.uncertainties = params
    model.levers = [CategoricalParameter("governance", list(POLICIES))]
    model.outcomes = [ScalarOutcome(name) for name in outcome_names()]
    return model


def policy_samples() -> list[Sample]:
    """Every policy once, as EMA policies (pass as ``perform_experiments(policies=...)``)."""
    return [Sample(name, governance=name) for name in POLICIES]


#: the model at full scale over one year (70,900 residents, 365 days)
cogov_model = make_model()
