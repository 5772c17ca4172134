"""Sensitivity over what matters: Morris screening, then Sobol on the few that matter.

Both read the one uncertainty table (:mod:`cogov.experiments.uncertainties`). SALib draws the
design in the unit cube (``morris.sample`` / ``sobol.sample``) and analyses it. Every design
row runs under every policy with the same seed (common random numbers), so the targets
include the paired policy differences *co-governance - baseline* of the discovery outcomes,
not only co-governance's levels.

Two ways to run a design: through the house batch layer (:func:`design_experiment` turns it
into a ``points`` experiment that ``run_batch`` runs resumably on local workers or Dask; the
``cogov screen`` and ``cogov sobol`` commands), or through the EMA Workbench
(:func:`run_design`, :func:`morris_screening`, :func:`sobol_indices`, with any EMA
evaluator). Both analyse with :func:`morris_table` and :func:`sobol_table`.

Parameters left out of a design keep the scenario's defaults. An integer parameter is
rounded after scaling; its unit-cube value is what SALib analyses. Design rows that scale to
the same values (rounded integers, a repeated Morris point) run once.
"""

from __future__ import annotations

import json
import warnings
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

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

if TYPE_CHECKING:
    from cogov.experiments.design import Experiment

__all__ = [
    "design_experiment",
    "design_results",
    "morris_design",
    "morris_screening",
    "morris_table",
    "run_design",
    "sobol_design",
    "sobol_indices",
    "sobol_table",
    "targets",
    "unique_points",
]

_BY_NAME = {u.name: u for u in UNCERTAINTIES}
_POLICY_OF = {scenario: policy for policy, scenario in POLICIES.items()}


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


def morris_design(
    names: Sequence[str], trajectories: int, num_levels: int = 4, seed: int = 0
) -> np.ndarray:
    """SALib's Morris design in the unit cube: ``trajectories x (k + 1)`` rows."""
    from SALib.sample import morris as morris_sample

    problem = _problem(names)
    return morris_sample.sample(problem, trajectories, num_levels=num_levels, seed=seed)


def sobol_design(names: Sequence[str], samples: int, seed: int = 0) -> np.ndarray:
    """SALib's Saltelli design (first and total order): ``samples x (k + 2)`` rows."""
    from SALib.sample import sobol as sobol_sample

    return sobol_sample.sample(_problem(names), samples, calc_second_order=False, seed=seed)


def unique_points(unit: np.ndarray, names: Sequence[str]) -> tuple[list[dict], np.ndarray]:
    """The distinct parameter values of a unit-cube design, by dotted name.

    Returns:
        ``(points, index)``: the distinct points in order of first appearance, and for each
        design row the number of its point.
    """
    points: list[dict] = []
    seen: dict[str, int] = {}
    index = np.empty(len(unit), dtype=int)
    dotted = {identifier(n): n for n in names}
    for i, row in enumerate(unit):
        point = {dotted[k]: v for k, v in _values(row, names).items()}
        key = json.dumps(point, sort_keys=True)
        index[i] = seen.setdefault(key, len(points))
        if index[i] == len(points):
            points.append(point)
    return points, index


def design_experiment(
    name: str,
    points: list[dict],
    days: int,
    scale: float,
    root_seed: int,
    description: str = "",
    max_runs: int = 20_000,
) -> Experiment:
    """A ``points`` experiment running every point under every policy with one common seed.

    Returns:
        A validated :class:`cogov.experiments.design.Experiment` (run it with ``run_batch``).
    """
    from cogov.experiments.design import experiment_from_dict

    data = {
        "experiment": {
            "name": name,
            "description": description,
            "scenarios": list(POLICIES.values()),
            "reference": POLICIES[REFERENCE_POLICY],
            "replicates": 1,
            "days": days,
            "root_seed": root_seed,
            "scale": scale,
        },
        "design": {"kind": "points", "points": points},
    }
    return experiment_from_dict(data, source=f"cogov {name}", max_runs=max_runs)


def design_results(runs: pd.DataFrame, index: np.ndarray) -> dict[str, pd.DataFrame]:
    """Each policy's outcomes per design row, from the runs of :func:`design_experiment`.

    Args:
        runs: ``runs.parquet`` of the batch (point ``p`` of the design is batch points
            ``p * 3 .. p * 3 + 2``, one per policy).
        index: the point of each design row (from :func:`unique_points`).

    Returns:
        ``{policy: DataFrame}``, one row per design row, the outcomes and ``seed`` as columns.

    Raises:
        ValueError: a run failed or is missing, or a point's policies ran with different
            seeds (the differences would not be paired).
    """
    ok = runs[runs["status"] == "ok"].copy()
    ok["world"] = ok["point"] // len(POLICIES)
    ok["policy"] = ok["scenario"].map(_POLICY_OF)
    wanted = sorted(set(index.tolist()))
    seeds = ok.groupby("world")["seed"].nunique()
    if (seeds > 1).any():
        world = int(seeds[seeds > 1].index[0])
        raise ValueError(f"design point {world} ran its policies with different seeds")
    out = {}
    for policy in POLICIES:
        table = ok[ok["policy"] == policy].set_index("world")
        missing = sorted(set(wanted) - set(table.index))
        if missing:
            raise ValueError(
                f"{len(missing)} design points have no successful {policy} run "
                f"(first: point {missing[0]}); rerun with --resume"
            )
        rows = table.loc[index]
        frame = rows[list(DISCOVERY_OUTCOMES)].reset_index(drop=True).astype(float)
        frame["seed"] = rows["seed"].to_numpy()
        out[policy] = frame
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


def morris_table(
    names: Sequence[str],
    unit: np.ndarray,
    values: dict[str, np.ndarray],
    num_levels: int = 4,
    seed: int = 0,
) -> pd.DataFrame:
    """SALib's Morris analysis of every target (an undefined value counts as 0).

    Returns:
        Columns ``target``, ``parameter``, ``mu_star``, ``mu_star_conf``, ``sigma``, ``mu``
        (effects of moving a parameter across its whole explored range), largest first.
    """
    from SALib.analyze import morris as morris_analyze

    problem = _problem(names)
    rows = []
    for target, y in values.items():
        y = np.nan_to_num(np.asarray(y, dtype=float), nan=0.0)
        with np.errstate(invalid="ignore", divide="ignore"):  # a constant target: NaN
            res = morris_analyze.analyze(problem, unit, y, num_levels=num_levels, seed=seed)
        for i, name in enumerate(names):
            rows.append({"target": target, "parameter": name, "mu_star": res["mu_star"][i],
                         "mu_star_conf": res["mu_star_conf"][i], "sigma": res["sigma"][i],
                         "mu": res["mu"][i]})  # fmt: skip
    table = pd.DataFrame(rows)
    return table.sort_values(["target", "mu_star"], ascending=[True, False], ignore_index=True)


def sobol_table(names: Sequence[str], values: dict[str, np.ndarray], seed: int = 0) -> pd.DataFrame:
    """SALib's first-order and total Sobol indices of every target, 95% bootstrap half-widths.

    Returns:
        Columns ``target``, ``parameter``, ``S1``, ``S1_conf``, ``ST``, ``ST_conf``.
    """
    from SALib.analyze import sobol as sobol_analyze

    problem = _problem(names)
    rows = []
    for target, y in values.items():
        y = np.nan_to_num(np.asarray(y, dtype=float), nan=0.0)
        with np.errstate(invalid="ignore", divide="ignore"):  # a constant target: NaN
            res = sobol_analyze.analyze(problem, y, calc_second_order=False, seed=seed)
        for i, name in enumerate(names):
            rows.append({"target": target, "parameter": name, "S1": res["S1"][i],
                         "S1_conf": res["S1_conf"][i], "ST": res["ST"][i],
                         "ST_conf": res["ST_conf"][i]})  # fmt: skip
    return pd.DataFrame(rows)


def morris_screening(
    trajectories: int = 10,
    days: int = 365,
    scale: float = 0.25,
    names: Sequence[str] | None = None,
    num_levels: int = 4,
    seed: int = 0,
    evaluator: Any = None,
) -> pd.DataFrame:
    """Morris elementary effects of every uncertainty on every target, run through EMA.

    Runs ``trajectories x (k + 1)`` design rows under each of the three policies.

    Returns:
        As :func:`morris_table`.
    """
    names = list(names or _BY_NAME)
    unit = morris_design(names, trajectories, num_levels, seed)
    results = run_design(unit, names, days, scale, evaluator)
    return morris_table(names, unit, targets(results), num_levels, seed)


def sobol_indices(
    names: Sequence[str],
    samples: int = 64,
    days: int = 365,
    scale: float = 0.25,
    seed: int = 0,
    evaluator: Any = None,
) -> pd.DataFrame:
    """First-order and total Sobol indices of ``names`` on every target, run through EMA.

    Runs ``samples x (k + 2)`` design rows (Saltelli's scheme, ``samples`` a power of two)
    under each of the three policies; other parameters keep their defaults.

    Returns:
        As :func:`sobol_table`.
    """
    names = list(names)
    unit = sobol_design(names, samples, seed)
    results = run_design(unit, names, days, scale, evaluator)
    return sobol_table(names, targets(results), seed)
