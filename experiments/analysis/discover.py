"""Scenario discovery: in which sampled worlds does co-governance fail to beat a baseline?

Input is an exploratory batch (``design.kind = "explore"``): every sampled world (a Latin
hypercube point over the uncertainty table) ran under each policy with the same replicate
seeds. :func:`world_differences` pairs the runs by world and seed and averages, per world,
the difference *co-governance minus baseline* of each outcome. A world is a case of interest
for an outcome when co-governance does not beat the baseline there (a difference of at most
zero for outcomes where higher is better, at least zero for petitions).

PRIM (the EMA Workbench's :class:`ema_workbench.analysis.prim.Prim`) then peels the
parameter space down to a box rich in such worlds. The box reported is the first on the
peeling trajectory whose density reaches ``min_density`` (default 0.8), i.e. the one with the
most coverage among the dense ones; when none reaches it, the densest. Feature scores are the
EMA Workbench's extra-trees scores of each difference (regression, a fixed random state).
"""

from __future__ import annotations

import logging
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from cogov.experiments.uncertainties import COMPARISONS, DISCOVERY_OUTCOMES, POLICIES

__all__ = [
    "Discovery",
    "discover",
    "failing",
    "feature_scores",
    "world_differences",
]

_POLICY_OF = {scenario: policy for policy, scenario in POLICIES.items()}


def world_differences(
    runs: pd.DataFrame,
    scenarios: Sequence[str],
    parameters: Sequence[str],
    outcomes: Sequence[str] = tuple(DISCOVERY_OUTCOMES),
) -> pd.DataFrame:
    """Paired policy differences per sampled world, averaged over replicates.

    Args:
        runs: successful rows of ``runs.parquet`` of an exploratory batch.
        scenarios: the experiment's scenarios in order (world = ``point // len(scenarios)``).
        parameters: the sampled parameters (columns of ``runs``).
        outcomes: outcomes to difference.

    Returns:
        One row per world and baseline: ``world``, the parameters, ``policy``,
        ``baseline``, ``n`` (paired replicates) and each outcome's mean difference.

    Raises:
        ValueError: if a world's runs do not share their parameter values, or a policy of
            :data:`COMPARISONS` has no scenario in the batch.
    """
    frame = runs.copy()
    frame["world"] = frame["point"] // len(scenarios)
    frame["policy"] = frame["scenario"].map(_POLICY_OF)
    spread = frame.groupby("world")[list(parameters)].nunique(dropna=False)
    if (spread > 1).any().any():
        raise ValueError("runs of one world differ in their parameter values")
    rows = []
    for policy, baseline in COMPARISONS:
        have = set(frame["policy"].dropna())
        if policy not in have or baseline not in have:
            raise ValueError(f"no runs of {policy!r} or {baseline!r} (scenarios {POLICIES})")
        a = frame[frame["policy"] == policy].set_index(["world", "replicate"])
        b = frame[frame["policy"] == baseline].set_index(["world", "replicate"])
        base = b[list(outcomes)].rename(columns=lambda c: c + "__b")
        joint = a[list(outcomes)].join(base, how="inner")
        diff = pd.DataFrame({o: joint[o] - joint[o + "__b"] for o in outcomes}, index=joint.index)
        per_world = diff.groupby(level="world").mean()
        per_world["n"] = diff.groupby(level="world").size()
        values = a.reset_index().groupby("world")[list(parameters)].first()
        table = values.join(per_world, how="inner").reset_index()
        table.insert(len(parameters) + 1, "policy", policy)
        table.insert(len(parameters) + 2, "baseline", baseline)
        rows.append(table)
    return pd.concat(rows, ignore_index=True)


def _import_ema() -> None:
    """Import the EMA Workbench once, without its warning about ipyparallel."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        import ema_workbench  # noqa: F401


def failing(diff: pd.Series | np.ndarray, outcome: str) -> np.ndarray:
    """Whether co-governance fails to beat the baseline (ties fail), per world."""
    values = np.asarray(diff, dtype=float)
    if DISCOVERY_OUTCOMES.get(outcome, "higher") == "lower":
        return values >= 0
    return values <= 0


def worse(diff: pd.Series | np.ndarray, outcome: str) -> np.ndarray:
    """Whether co-governance does strictly worse than the baseline, per world (ties are not)."""
    values = np.asarray(diff, dtype=float)
    if DISCOVERY_OUTCOMES.get(outcome, "higher") == "lower":
        return values > 0
    return values < 0


@dataclass(frozen=True)
class Discovery:
    """What PRIM found for one outcome and baseline.

    Attributes:
        outcome: the outcome differenced.
        baseline: the policy co-governance is compared with.
        worlds: sampled worlds with a paired difference.
        failing: worlds where co-governance does not beat the baseline.
        limits: the chosen box's restricted dimensions as ``{name: (low, high)}``.
        coverage: share of all failing worlds that lie in the box.
        density: share of the worlds in the box that fail.
        mass: share of all worlds in the box.
        box_index: the chosen step of the peeling trajectory (``-1``: no box).
        trajectory: PRIM's peeling trajectory (``coverage``, ``density``, ``mass``,
            ``res_dim`` per step).
        worse: of the failing worlds, those where co-governance does strictly worse (the
            rest tie, e.g. no petition under either policy); -1 if not counted.
    """

    outcome: str
    baseline: str
    worlds: int
    failing: int
    limits: dict[str, tuple[float, float]] = field(default_factory=dict)
    coverage: float = float("nan")
    density: float = float("nan")
    mass: float = float("nan")
    box_index: int = -1
    trajectory: pd.DataFrame = field(default_factory=pd.DataFrame)
    worse: int = -1

    @property
    def share_beats(self) -> float:
        """Share of worlds where co-governance beats the baseline."""
        return 1.0 - self.failing / self.worlds if self.worlds else float("nan")


def discover(
    worlds: pd.DataFrame,
    parameters: Sequence[str],
    outcome: str,
    baseline: str = "one_window",
    min_density: float = 0.8,
    peel_alpha: float = 0.05,
    mass_min: float = 0.05,
) -> Discovery:
    """Find with PRIM the box of assumptions where co-governance fails to beat ``baseline``.

    Args:
        worlds: the table of :func:`world_differences`.
        parameters: the sampled parameters (PRIM's dimensions).
        outcome: an outcome column of ``worlds``.
        baseline: the comparison's baseline policy.
        min_density: the chosen box is the first on the trajectory this dense.
        peel_alpha: share of worlds peeled at each PRIM step.
        mass_min: smallest share of worlds a box may hold.
    """
    _import_ema()
    from ema_workbench.analysis import prim

    rows = worlds[(worlds["baseline"] == baseline) & worlds[outcome].notna()]
    y = failing(rows[outcome], outcome)
    n_worse = int(worse(rows[outcome], outcome).sum())
    result = Discovery(outcome, baseline, len(rows), int(y.sum()), worse=n_worse)
    if len(rows) < 2 or y.all() or not y.any():
        return result  # nothing to separate: the failures are everywhere or nowhere
    x = rows[list(parameters)].reset_index(drop=True).astype(float)
    logging.getLogger("EMA").setLevel(logging.WARNING)
    with warnings.catch_warnings():  # pandas deprecations inside the EMA Workbench
        warnings.filterwarnings("ignore", module="ema_workbench")
        alg = prim.Prim(x, y, peel_alpha=peel_alpha, mass_min=mass_min)
        box = alg.find_box()
    trajectory = box.peeling_trajectory.reset_index(drop=True)
    dense = np.flatnonzero(trajectory["density"].to_numpy() >= min_density)
    index = int(dense[0]) if dense.size else int(trajectory["density"].to_numpy().argmax())
    lims = box.box_lims[index]
    limits = {  # restricted dimensions: limits narrower than the initial box's
        str(name): (float(lims[name].iloc[0]), float(lims[name].iloc[1]))
        for name in lims.columns
        if (lims[name].to_numpy() != alg.box_init[name].to_numpy()).any()
    }
    step = trajectory.iloc[index]
    return Discovery(
        outcome,
        baseline,
        len(rows),
        int(y.sum()),
        limits,
        float(step["coverage"]),
        float(step["density"]),
        float(step["mass"]),
        index,
        trajectory[["coverage", "density", "mass", "res_dim"]].copy(),
        n_worse,
    )


def feature_scores(
    worlds: pd.DataFrame, parameters: Sequence[str], baseline: str = "one_window", seed: int = 0
) -> pd.DataFrame:
    """Extra-trees feature scores of each outcome's difference from ``baseline``.

    Returns:
        Index: the parameters; one column per outcome of :data:`DISCOVERY_OUTCOMES`; each
        column sums to 1, larger = the assumption matters more for that difference; a column
        is NaN when fewer than two worlds define the outcome's difference.
    """
    _import_ema()
    from ema_workbench.analysis.feature_scoring import get_ex_feature_scores
    from ema_workbench.analysis.scenario_discovery_util import RuleInductionType

    rows = worlds[worlds["baseline"] == baseline]
    x = rows[list(parameters)].reset_index(drop=True).astype(float)
    columns = {}
    for outcome in DISCOVERY_OUTCOMES:
        y = rows[outcome].to_numpy(dtype=float)
        ok = ~np.isnan(y)
        if ok.sum() < 2:  # undefined in (nearly) every world, e.g. nobody rated in a short run
            columns[outcome] = pd.Series(np.nan, index=list(parameters))
            continue
        scores, _ = get_ex_feature_scores(
            x[ok], y[ok], mode=RuleInductionType.REGRESSION, random_state=seed
        )
        columns[outcome] = scores.iloc[:, 0]
    return pd.DataFrame(columns).reindex(list(parameters))
