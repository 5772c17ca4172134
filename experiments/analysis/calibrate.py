"""Calibration of parameters no source gives: an ABC posterior whose centre is the fit.

Method (approximate Bayesian computation with regression adjustment):

1. run a Latin-hypercube design over the parameters' bounds (a uniform prior), with common
   seeds across points, as an ordinary batch (so it is resumable and its runs are kept);
2. take the runs nearest the fitted targets (root mean square of the standardised
   deviations), weight them with the Epanechnikov kernel and adjust them by local-linear
   regression on a logit scale within the bounds (Beaumont, Zhang & Balding 2002; see
   :mod:`cogov.experiments.analysis.abc`): each parameter's posterior mean, median, 95%
   interval, whether the data pin it down, and the pairwise correlations;
3. the fit is the posterior's centre: the adjusted draw nearest the weighted posterior mean,
   as the scenario file ships it (:func:`shipped`: counts whole, rates to three significant
   figures);
4. run the scenario at the centre with fresh seeds and report every target and check with
   95% intervals (the centre check), and run ``predictive`` draws from the adjusted posterior
   with fresh seeds (the posterior-predictive check of every target and check);
5. for comparison, the former method on the same runs: quadratic response surfaces fitted by
   least squares, minimised against the targets within the bounds (scipy L-BFGS-B), with
   bootstrap intervals (:func:`fit`).

Targets (digest, "Facts from outside the report"): Shanghai 12345 handled ~0.05 hotline
orders per resident per year (2016) — in the model, issues reported by residents per
resident-year — and satisfaction 75–93% (centre 0.84, tolerance half the band). On-time
closure (~99%) and actually solved (~80%) are checks, not fitted.

A second fit (``which="participation"``) calibrates recruitment and attrition: campaign
sizes (``participation.contacts``, ``group_contacts``, ``point_contacts``), member units'
willingness (``units.team_willingness``) and the idle quit rate (``participation.quit_idle``)
against the report's 2013 stocks at the end of a year that starts from them (≈ 1,000
volunteers, 130+ groups, 37 points, 137 teams): stocks that hold through the year. The
groups' members are held too (130 × 6 at the start; an assumption, as the report counts no
members): a group dissolves only below its minimum, so the count of groups can hold for a year
while their members drift down, and the drift shows over ten years. Elderly people served
(600+, a one-sided target: :class:`Target`) is fitted too, with the need rate that limits it
(``kinds.elderly_needs.rate_per_1000_per_year``, an assumption).
"""

from __future__ import annotations

import os
import platform
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pandas as pd

from cogov.experiments.analysis import surrogate
from cogov.experiments.analysis.abc import abc_loclinear, abc_rejection, fits, reaches
from cogov.experiments.analysis.collective_fit import (
    COLLECTIVE_PARAMETERS,
    DATUM,
    calibrate_collective,
)
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
    "shipped",
]


@dataclass(frozen=True, slots=True)
class Target:
    """An outcome to hit: ``value`` within ``tolerance`` (the weight of its deviation).

    ``at_least``: the source gives a lower bound ("600+"), not a value; an outcome at or above
    ``value`` fits exactly and one below is ``(value - x) / tolerance`` away
    (:func:`cogov.experiments.analysis.abc.deviation`). A two-sided target would pull the fit
    to 600 exactly and count 650 as a miss, which the report does not say.
    """

    outcome: str
    value: float
    tolerance: float
    source: str
    at_least: bool = False


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
    Target(
        "group_members_end",
        780.0,
        39.0,
        "assumption: the groups' members hold as the groups do (130 groups x 6 members at the "
        "start); without it the count holds a year while members drift down (VALIDATION 6.5a)",
    ),
    # "600+" is a lower bound (one-sided); tolerance 30 = 5% of 600, the share the other
    # counts' tolerances are of their values, and about twice the spread of one year's count
    # between replicates at one point (565 [554, 576] over 10 replicates, VALIDATION 3.1)
    Target("elderly_served", 600.0, 30.0, "report: 37 points serve 600+ elderly people", True),
)
PARTICIPATION_CHECKS: tuple[Target, ...] = ()
PARTICIPATION_PARAMETERS = {
    "participation.contacts": (100.0, 1500.0),
    "participation.group_contacts": (0.0, 800.0),
    "participation.point_contacts": (0.0, 200.0),
    "units.team_willingness": (0.0, 0.3),
    "participation.quit_idle": (0.0, 0.2),
    # assumption, bounds too: elderly living alone with an unreported need, per 1,000
    # residents a year (shipped 15, an assumption); 5-40 spans a third to over twice it.
    # The count of distinct elderly people served is limited by it (VALIDATION 6.2).
    "kinds.elderly_needs.rate_per_1000_per_year": (5.0, 40.0),
}
# The collective fit (``fit="collective"``, on ``metro_line_11``): a discrete datum, matched
# exactly (:mod:`cogov.experiments.analysis.collective_fit`); its tolerance is not used.
COLLECTIVE_TARGETS = (Target(DATUM[0], float(DATUM[1]), 1.0, DATUM[2]),)
#: each fit: its parameters with bounds, fitted targets and checks
FITS = {
    "service": (PARAMETERS, TARGETS, CHECKS),
    "participation": (PARTICIPATION_PARAMETERS, PARTICIPATION_TARGETS, PARTICIPATION_CHECKS),
    "collective": (COLLECTIVE_PARAMETERS, COLLECTIVE_TARGETS, ()),
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


def shipped(name: str, value: float) -> float | int:
    """A posterior centre as the scenario file ships it.

    Counts are whole, other values have three significant figures (finer than any posterior
    interval here).
    """
    if override_type(name) is int:
        return round(value)
    return float(f"{value:.3g}")


def _outcomes(runs: pd.DataFrame, targets: tuple[Target, ...], checks: tuple[Target, ...]):
    """Each target's and check's mean over ``runs`` with its t interval, against the target."""
    achieved = {}
    for t in (*targets, *checks):
        mean, low, high, n = mean_ci(runs[t.outcome].to_numpy(float))
        achieved[t.outcome] = {
            "target": t.value,
            "tolerance": t.tolerance,
            "at_least": t.at_least,
            "source": t.source,
            "fitted": t in targets,
            "mean": mean,
            "ci_low": low,
            "ci_high": high,
            "n": n,
            "within_tolerance": fits(t, mean),
        }
    return achieved


def _predictive(runs: pd.DataFrame, targets: tuple[Target, ...], checks: tuple[Target, ...]):
    """Posterior-predictive check of every target and check.

    Each outcome's mean and 2.5-97.5% range over the runs at posterior draws, whether the
    mean is within tolerance of the target and whether the target lies in the range.
    """
    out = {}
    for t in (*targets, *checks):
        x = runs[t.outcome].to_numpy(float)
        x = x[np.isfinite(x)]
        a, b = np.percentile(x, [2.5, 97.5])
        out[t.outcome] = {
            "target": t.value,
            "tolerance": t.tolerance,
            "at_least": t.at_least,
            "source": t.source,
            "fitted": t in targets,
            "mean": float(x.mean()),
            "low": float(a),
            "high": float(b),
            "n": int(x.size),
            "within_tolerance": fits(t, float(x.mean())),
            "target_in_range": reaches(t, float(a), float(b)),
        }
    return out


def _with_outcomes(runs: pd.DataFrame) -> pd.DataFrame:
    runs = runs.copy()
    years = runs["days"] / 365.0
    runs["hotline_per_resident_year"] = runs["found_by.resident"] / runs["residents"] / years
    return runs


def fit(
    runs: pd.DataFrame,
    rng: np.random.Generator,
    n_boot: int = 200,
    parameters: dict[str, tuple[float, float]] | None = None,
    targets: tuple[Target, ...] | None = None,
) -> dict:
    """The surrogate least-squares fit (:func:`surrogate.fit`), kept for comparison.

    ``parameters`` and ``targets`` default to the service fit's (:data:`PARAMETERS`,
    :data:`TARGETS`).
    """
    parameters = PARAMETERS if parameters is None else parameters
    targets = TARGETS if targets is None else targets
    return surrogate.fit(runs, rng, parameters, targets, n_boot=n_boot)


def calibrate(
    scenario: str,
    out: Path,
    samples: int = 100,
    replicates: int = 1,
    days: int = 365,
    scale: float = 1.0,
    check_replicates: int = 10,
    workers: int | None = None,
    seed: int = 4242,
    which: str = "service",
    predictive: int = 20,
    accept: float = 0.2,
) -> dict:
    """Run the design, take the ABC posterior, check its centre and its predictions.

    ``which`` names the fit (:data:`FITS`): ``service`` (reporting and satisfaction against
    the outside figures), ``participation`` (recruitment and attrition against the
    report's counts) or ``collective`` (the felt cost of petitioning against the Metro
    year's "no collective petition": :func:`calibrate_collective`, which ignores
    ``predictive`` and ``accept``). ``predictive`` distinct draws of the adjusted posterior
    (drawn by weight without replacement, seed ``seed + 2``) are run once each for the
    posterior-predictive check; the centre is run ``check_replicates`` times (seed
    ``seed + 1``).

    Returns:
        A JSON-ready dict: method, the posterior (``abc``) with its centre, the shipped values
        (``parameters``), the outcomes at the centre (``outcomes``), the posterior-predictive
        check (``predictive``), the plain rejection posterior and the surrogate least-squares
        fit on the same runs for comparison.
    """
    if which == "collective":  # a discrete datum: exact-match rejection, its own check
        return calibrate_collective(
            scenario, out, samples, replicates, days, scale, check_replicates, workers, seed
        )
    parameters, targets, checks = FITS[which]
    out.mkdir(parents=True, exist_ok=True)
    bounds = {n: {"bounds": [lo, hi]} for n, (lo, hi) in parameters.items()}
    lhs = {"kind": "lhs", "samples": samples, "parameters": bounds}
    design = _design(scenario, replicates, days, seed, scale, lhs)
    run_batch(design, out / "design_runs", workers=workers, resume=True)
    runs = _with_outcomes(load_runs(out / "design_runs"))
    posterior = abc_loclinear(runs, parameters, targets, accept=accept)
    centre = {n: shipped(n, v) for n, v in posterior["centre"].items()}
    point = {"kind": "points", "points": [centre]}
    check = _design(scenario, check_replicates, days, seed + 1, scale, point)
    run_batch(check, out / "check_runs", workers=workers, resume=True)
    achieved = _outcomes(_with_outcomes(load_runs(out / "check_runs")), targets, checks)
    draws = posterior["samples"]
    weights = np.asarray(draws["weights"])
    pick = np.random.default_rng(seed + 2).choice(  # distinct draws: a design repeats none
        len(weights), size=min(predictive, int((weights > 0).sum())), replace=False, p=weights
    )
    points = [{n: _typed(n, draws[n][i]) for n in parameters} for i in pick]
    pred = _design(scenario, 1, days, seed + 2, scale, {"kind": "points", "points": points})
    run_batch(pred, out / "predictive_runs", workers=workers, resume=True)
    predicted = _predictive(_with_outcomes(load_runs(out / "predictive_runs")), targets, checks)
    lsq = fit(runs, np.random.default_rng(seed), parameters=parameters, targets=targets)
    shipped_values = {
        n: {
            "value": centre[n],
            "centre": p["centre"],
            "mean": p["mean"],
            "median": p["median"],
            "ci_low": p["ci_low"],
            "ci_high": p["ci_high"],
            "identified": p["identified"],
            "bounds": list(parameters[n]),
        }
        for n, p in posterior["parameters"].items()
    }
    return {
        "fit": which,
        "scenario": scenario,
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "code_version": code_version(),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}",
        "method": posterior["method"],
        "design": {
            "samples": samples,
            "replicates": replicates,
            "days": days,
            "scale": scale,
            "seed": seed,
            "check_replicates": check_replicates,
            "predictive_draws": predictive,
        },
        "parameters": shipped_values,
        "not_identified": [n for n, p in shipped_values.items() if not p["identified"]],
        "outcomes": achieved,
        "predictive": predicted,
        "abc": posterior,
        "rejection": abc_rejection(runs, parameters, targets),
        "surrogate_lsq": {
            "method": "surrogate least squares: quadratic response surfaces, L-BFGS-B within "
            "bounds, bootstrap over design points for 95% intervals",
            "parameters": lsq,
        },
    }
