"""Calibration of parameters no source gives, against the outside figures of the digest.

Method (surrogate least squares with bootstrap uncertainty):

1. run a Latin-hypercube design over the parameters' bounds, with common seeds across points,
   as an ordinary batch (so it is resumable and its runs are kept);
2. fit, for each target outcome, a quadratic response surface in the (scaled) parameters
   to the runs by ordinary least squares;
3. minimise the sum of squared deviations of the surfaces from the targets, each divided by
   its tolerance, within the bounds (scipy L-BFGS-B from several starts);
4. repeat steps 2–3 on bootstrap resamples of the design points to give each fitted value
   a 95% percentile interval;
5. run the scenario at the fitted values with fresh seeds and report the outcomes with
   95% intervals next to the targets.

Targets (digest, "Facts from outside the report"): Shanghai 12345 handled ~0.05 hotline
orders per resident per year (2016) — in the model, issues reported by residents per
resident-year — and satisfaction 75–93% (centre 0.84, tolerance half the band). On-time
closure (~99%) and actually solved (~80%) are reported as checks, not fitted.

A second fit (``which="participation"``) uses the same method for recruitment and attrition:
campaign sizes (``participation.contacts``, ``group_contacts``, ``point_contacts``), member
units' willingness (``units.team_willingness``) and the idle quit rate
(``participation.quit_idle``) against the report's 2013 stocks at the end of a year that
starts from them (≈ 1,000 volunteers, 130+ groups, 37 points, 137 teams): stocks that hold
through the year. Elderly people served (600+) is a check.

Alongside, the same design's runs give an approximate Bayesian computation (rejection
against all four figures at once, :mod:`cogov.experiments.analysis.abc`): the result's
``abc`` entry holds each parameter's posterior with its interval, whether the data pin it
down, the pairwise correlations and posterior-predictive checks.
"""

from __future__ import annotations

import itertools
import os
import platform
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import optimize

from cogov.experiments.analysis.abc import abc_rejection
from cogov.experiments.analysis.estimates import load_runs, mean_ci
from cogov.experiments.batch import run_batch
from cogov.experiments.design import experiment_from_dict
from cogov.experiments.runner import code_version
from cogov.sim.loader import override_type

__all__ = [
    "FITS",
    "PARAMETERS",
    "PARTICIPATION_PARAMETERS",
    "PARTICIPATION_TARGETS",
    "TARGETS",
    "Target",
    "calibrate",
    "fit",
]


@dataclass(frozen=True, slots=True)
class Target:
    """An outcome to hit: ``value`` within ``tolerance`` (the weight of its deviation)."""

    outcome: str
    value: float
    tolerance: float
    source: str


TARGETS = (
    Target("hotline_per_resident_year", 0.05, 0.01, "outside: Shanghai 12345, 2016"),
    Target("satisfaction_mean", 0.84, 0.045, "outside: 12345 93%, Gaohang grid 75-80%"),
)
CHECKS = (
    Target("on_time_rate", 0.99, 0.01, "outside: 12345 on-time 99.5%, grid centre 100%"),
    Target("solved_rate", 0.80, 0.03, "outside: 12345 solved 82%, grid centre ~80%"),
)
#: parameter -> (low, high) bounds of the search (assumptions)
PARAMETERS = {
    "reporting.resident_propensity": (0.1, 0.8),
    "satisfaction.intercept": (-3.0, 1.0),
}

# The participation fit (``fit="participation"``): recruitment and attrition against the
# report's 2013 stocks at the end of a year that starts from them, i.e. stocks that hold.
PARTICIPATION_TARGETS = (
    Target("volunteers_active_end", 1000.0, 50.0, "report: nearly 1,000 volunteers"),
    Target("groups_active_end", 135.0, 7.0, "report: 130+ self-governance groups"),
    Target("points_active_end", 37.0, 3.0, "report: 37 neighbour points"),
    Target("teams_active_end", 137.0, 7.0, "report: 137 service teams"),
)
PARTICIPATION_CHECKS = (
    Target("elderly_served", 600.0, 100.0, "report: 37 points serve 600+ elderly people"),
)
PARTICIPATION_PARAMETERS = {
    "participation.contacts": (100.0, 1500.0),
    "participation.group_contacts": (0.0, 800.0),
    "participation.point_contacts": (0.0, 200.0),
    "units.team_willingness": (0.0, 0.3),
    "participation.quit_idle": (0.0, 0.2),
}
#: each fit: its parameters with bounds, fitted targets and checks
FITS = {
    "service": (PARAMETERS, TARGETS, CHECKS),
    "participation": (PARTICIPATION_PARAMETERS, PARTICIPATION_TARGETS, PARTICIPATION_CHECKS),
}


def _design(scenario: str, replicates: int, days: int, seed: int, scale: float, design: dict):
    """The experiment of one calibration step, built from data (no file is written)."""
    return experiment_from_dict(
        {
            "experiment": {
                "name": f"calibration_{Path(scenario).stem}",
                "description": f"Calibration design for {scenario}",
                "scenarios": [scenario],
                "replicates": replicates,
                "days": days,
                "root_seed": seed,
                "scale": scale,
            },
            "design": design,
        },
        source=f"calibration of {scenario}",
    )


def _typed(name: str, value: float) -> float | int:
    """A fitted value as the scenario takes it: counts are rounded to whole numbers."""
    return round(value) if override_type(name) is int else value


def _with_outcomes(runs: pd.DataFrame) -> pd.DataFrame:
    runs = runs.copy()
    years = runs["days"] / 365.0
    runs["hotline_per_resident_year"] = runs["found_by.resident"] / runs["residents"] / years
    return runs


def _features(x: np.ndarray) -> np.ndarray:
    """Quadratic response-surface features of scaled parameters (rows = points)."""
    cols = [np.ones(len(x))]
    d = x.shape[1]
    cols += [x[:, i] for i in range(d)]
    cols += [x[:, i] * x[:, j] for i, j in itertools.combinations_with_replacement(range(d), 2)]
    return np.column_stack(cols)


def fit(
    runs: pd.DataFrame,
    rng: np.random.Generator,
    n_boot: int = 200,
    parameters: dict[str, tuple[float, float]] | None = None,
    targets: tuple[Target, ...] | None = None,
) -> dict:
    """Fit the parameters to the targets from a design's runs (see the module docstring).

    ``parameters`` and ``targets`` default to the service fit's (:data:`PARAMETERS`,
    :data:`TARGETS`).
    """
    parameters = PARAMETERS if parameters is None else parameters
    targets = TARGETS if targets is None else targets
    names = list(parameters)
    lo = np.array([parameters[n][0] for n in names])
    hi = np.array([parameters[n][1] for n in names])
    points = runs.groupby("point")
    x = (points[names].first().to_numpy(float) - lo) / (hi - lo)
    y = points[[t.outcome for t in targets]].mean().to_numpy(float)
    target = np.array([t.value for t in targets])
    tol = np.array([t.tolerance for t in targets])

    def solve(xs: np.ndarray, ys: np.ndarray) -> np.ndarray:
        coef, *_ = np.linalg.lstsq(_features(xs), ys, rcond=None)

        def loss(u: np.ndarray) -> float:
            pred = _features(u[None, :]) @ coef
            return float(np.sum(((pred[0] - target) / tol) ** 2))

        if len(names) <= 3:  # the corners of the inner half of the box
            starts = list(itertools.product(*[(0.25, 0.75)] * len(names)))
        else:  # 2^d corners grow too fast: the centre and the four nearest design points
            near = np.argsort([loss(u) for u in xs])[:4]
            starts = [np.full(len(names), 0.5), *xs[near]]
        best = min(
            (
                optimize.minimize(
                    loss, np.array(s), method="L-BFGS-B", bounds=[(0, 1)] * len(names)
                )
                for s in starts
            ),
            key=lambda r: r.fun,
        )
        return best.x

    u_hat = solve(x, y)
    boots = []
    for _ in range(n_boot):
        idx = rng.integers(0, len(x), len(x))
        boots.append(solve(x[idx], y[idx]))
    boots = np.array(boots)
    fitted = lo + u_hat * (hi - lo)
    low = lo + np.percentile(boots, 2.5, axis=0) * (hi - lo)
    high = lo + np.percentile(boots, 97.5, axis=0) * (hi - lo)
    return {
        n: {"value": float(v), "ci_low": float(a), "ci_high": float(b), "bounds": parameters[n]}
        for n, v, a, b in zip(names, fitted, low, high, strict=True)
    }


def calibrate(
    scenario: str,
    out: Path,
    samples: int = 24,
    replicates: int = 2,
    days: int = 365,
    scale: float = 1.0,
    check_replicates: int = 10,
    workers: int | None = None,
    seed: int = 4242,
    which: str = "service",
) -> dict:
    """Run the design, fit, and check the fit with fresh replicates.

    ``which`` names the fit (:data:`FITS`): ``service`` (reporting and satisfaction against
    the outside figures) or ``participation`` (recruitment and attrition against the
    report's counts).

    Returns:
        A JSON-ready dict: method, targets, fitted values with intervals, and the outcomes
        at the fitted values with 95% intervals.
    """
    parameters, targets, checks = FITS[which]
    out.mkdir(parents=True, exist_ok=True)
    bounds = {n: {"bounds": [lo, hi]} for n, (lo, hi) in parameters.items()}
    lhs = {"kind": "lhs", "samples": samples, "parameters": bounds}
    design = _design(scenario, replicates, days, seed, scale, lhs)
    run_batch(design, out / "design_runs", workers=workers, resume=True)
    runs = _with_outcomes(load_runs(out / "design_runs"))
    fitted = fit(runs, np.random.default_rng(seed), parameters=parameters, targets=targets)
    point = {"kind": "points", "points": [{n: _typed(n, v["value"]) for n, v in fitted.items()}]}
    check = _design(scenario, check_replicates, days, seed + 1, scale, point)
    run_batch(check, out / "check_runs", workers=workers, resume=True)
    checked = _with_outcomes(load_runs(out / "check_runs"))
    achieved = {}
    for t in (*targets, *checks):
        mean, low, high, n = mean_ci(checked[t.outcome].to_numpy(float))
        achieved[t.outcome] = {
            "target": t.value,
            "tolerance": t.tolerance,
            "source": t.source,
            "fitted": t in targets,
            "mean": mean,
            "ci_low": low,
            "ci_high": high,
            "n": n,
            "within_tolerance": bool(abs(mean - t.value) <= t.tolerance),
        }
    return {
        "fit": which,
        "scenario": scenario,
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "code_version": code_version(),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}",
        "method": "surrogate least squares: LHS design, quadratic response surfaces, "
        "L-BFGS-B within bounds, bootstrap over design points for 95% intervals",
        "design": {"samples": samples, "replicates": replicates, "days": days, "scale": scale},
        "parameters": fitted,
        "outcomes": achieved,
        "abc": abc_rejection(runs, parameters, (*targets, *checks)),
    }
