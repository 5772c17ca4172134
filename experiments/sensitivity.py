"""Sensitivity over what matters: Morris screening, then Sobol on the few that matter.

Both read the one uncertainty table (:mod:`cogov.experiments.uncertainties`). SALib draws the
design in the unit cube (``morris.sample`` / ``sobol.sample``) and analyses it; the EMA
Workbench runs it (:func:`ema_workbench.perform_experiments` on
:func:`cogov.experiments.ema.make_model`, with any EMA evaluator), every design row under
every policy with the same seed, so the targets include the paired policy differences
*co-governance - baseline* of the discovery outcomes, not only co-governance's levels.

Parameters left out of a Sobol design keep the scenario's defaults. An integer parameter is
rounded after scaling; its unit-cube value is what SALib analyses.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from cogov.experiments.uncertainties import (
    COMPARISONS,
    DISCOVERY_OUTCOMES,
    POLICIES,
    REFERENCE_POLICY,
    UNCERTAINTIES,
    identifier,
)
from cogov.sim.loader import override_type

__all__ = ["morris_screening", "run_design", "sobol_indices", "targets"]

_BY_NAME = {u.name: u for u in UNCERTAINTIES}


def _problem(names: Sequence[str]) -> dict[str, Any]:
    return {"num_vars": len(names), "names": list(names), "bounds": [[0.0, 1.0]] * len(names)}


def _values(row: np.ndarray, names: Sequence[str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for x, name in zip(row.tolist(), names, strict=True):
        u = _BY_NAME[name]
        value = u.low + x * (u.high - u.low)
        is_int = override_type(name) is int
        out[identifier(name)] = round(value) if is_int else float(value)
    return out


def run_design(
    unit: np.ndarray,
    names: Sequence[str],
    days: int,
    scale: float,
    evaluator: Any = None,
    seed: int | None = None,
) -> dict[str, pd.DataFrame]:
    """Run each unit-cube row under every policy through the EMA Workbench.

    Returns:
        ``{policy: DataFrame}``, one row per design row (in order), the outcomes as columns.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        from ema_workbench import Sample, perform_experiments

    from cogov.experiments.ema import make_model, policy_samples

    model = make_model(days=days, scale=scale, seed=seed)
    scenarios = [Sample(f"row{i}", **_values(r, names)) for i, r in enumerate(unit)]
    experiments, outcomes = perform_experiments(
        model, scenarios=scenarios, policies=policy_samples(), evaluator=evaluator
    )
    table = pd.DataFrame({k: np.asarray(v, dtype=float) for k, v in outcomes.items()})
    table["row"] = experiments["scenario"].astype(str).str.removeprefix("row").astype(int).values
    table["policy"] = experiments["policy"].astype(str).values
    return {
        p: table[table["policy"] == p].sort_values("row").reset_index(drop=True) for p in POLICIES
    }


def targets(results: dict[str, pd.DataFrame]) -> dict[str, np.ndarray]:
    """The analysed outputs: co-governance's levels and its paired differences.

    Keys are ``OUTCOME`` (co-governance's level) and ``OUTCOME: cogovernance - BASELINE``.
    """
    ref = results[REFERENCE_POLICY]
    out = {o: ref[o].to_numpy() for o in DISCOVERY_OUTCOMES}
    for policy, baseline in COMPARISONS:
        for o in DISCOVERY_OUTCOMES:
            diff = results[policy][o].to_numpy() - results[baseline][o].to_numpy()
            out[f"{o}: {policy} - {baseline}"] = diff
    return out


def morris_screening(
    trajectories: int = 10,
    days: int = 365,
    scale: float = 0.25,
    names: Sequence[str] | None = None,
    num_levels: int = 4,
    seed: int = 0,
    evaluator: Any = None,
) -> pd.DataFrame:
    """Morris elementary effects of every uncertainty on every target.

    Runs ``trajectories x (k + 1)`` design rows under each of the three policies.

    Returns:
        Columns ``target``, ``parameter``, ``mu_star``, ``mu_star_conf``, ``sigma``, ``mu``
        (effects of moving a parameter across its whole explored range), largest first.
    """
    from SALib.analyze import morris as morris_analyze
    from SALib.sample import morris as morris_sample

    names = list(names or _BY_NAME)
    problem = _problem(names)
    unit = morris_sample.sample(problem, trajectories, num_levels=num_levels, seed=seed)
    results = run_design(unit, names, days, scale, evaluator)
    rows = []
    for target, y in targets(results).items():
        y = np.nan_to_num(y, nan=0.0)
        res = morris_analyze.analyze(problem, unit, y, num_levels=num_levels, seed=seed)
        for i, name in enumerate(names):
            rows.append({"target": target, "parameter": name, "mu_star": res["mu_star"][i],
                         "mu_star_conf": res["mu_star_conf"][i], "sigma": res["sigma"][i],
                         "mu": res["mu"][i]})  # fmt: skip
    table = pd.DataFrame(rows)
    return table.sort_values(["target", "mu_star"], ascending=[True, False], ignore_index=True)


def sobol_indices(
    names: Sequence[str],
    samples: int = 64,
    days: int = 365,
    scale: float = 0.25,
    seed: int = 0,
    evaluator: Any = None,
) -> pd.DataFrame:
    """First-order and total Sobol indices of ``names`` (e.g. Morris's top few) on every target.

    Runs ``samples x (k + 2)`` design rows (Saltelli's scheme, ``samples`` a power of two)
    under each of the three policies; other parameters keep their defaults.

    Returns:
        Columns ``target``, ``parameter``, ``S1``, ``S1_conf``, ``ST``, ``ST_conf``.
    """
    from SALib.analyze import sobol as sobol_analyze
    from SALib.sample import sobol as sobol_sample

    names = list(names)
    problem = _problem(names)
    unit = sobol_sample.sample(problem, samples, calc_second_order=False, seed=seed)
    results = run_design(unit, names, days, scale, evaluator)
    rows = []
    for target, y in targets(results).items():
        y = np.nan_to_num(y, nan=0.0)
        res = sobol_analyze.analyze(problem, y, calc_second_order=False, seed=seed)
        for i, name in enumerate(names):
            rows.append({"target": target, "parameter": name, "S1": res["S1"][i],
                         "S1_conf": res["S1_conf"][i], "ST": res["ST"][i],
                         "ST_conf": res["ST_conf"][i]})  # fmt: skip
    return pd.DataFrame(rows)
