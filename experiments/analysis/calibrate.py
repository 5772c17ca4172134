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
sizes (``participation.contacts``, ``group_contacts``, ``point_contacts``,
``helper_contacts``), member units' willingness (``units.team_willingness``) and the idle
quit rate (``participation.quit_idle``) against the report's 2013 stocks at the end of a
year that starts from them (≈ 1,000 volunteers, 130+ groups, 37 points, 137 teams): stocks
that hold through the year. The groups' members are held too (130 × 6 at the start; an
assumption, as the report counts no members): a group dissolves only below its minimum, so
the count of groups can hold for a year while their members drift down, and the drift shows
over ten years. So are the neighbour points' helpers (37 × 2 at the start, also an
assumption). Elderly people served (600+, a one-sided target: :class:`Target`) is fitted
too, with the need rate that limits it (``kinds.elderly_needs.rate_per_1000_per_year``, an
assumption).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from cogov.experiments.analysis import surrogate
from cogov.experiments.analysis.abc import abc_loclinear, abc_rejection, fits, reaches
from cogov.experiments.analysis.collective_fit import calibrate_collective
from cogov.experiments.analysis.estimates import load_runs, mean_ci
from cogov.experiments.analysis.targets import (
    FITS,
    PARAMETERS,
    TARGETS,
    Target,
)
from cogov.experiments.batch import run_batch
from cogov.experiments.design import experiment_from_dict
from cogov.experiments.runner import provenance
from cogov.sim.loader import override_type

__all__ = ["calibrate", "fit", "shipped"]  # the fits' data: cogov.experiments.analysis.targets


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
    report's counts), ``joint`` (the nine parameters of both at once, against all their
    targets) or ``collective`` (the felt cost of petitioning against the Metro
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
    # distinct values too: adjusted draws can coincide (an exact regression fit on few
    # accepted runs maps them to one point; rounding to whole contacts can) and a design
    # repeats no point, so a repeat is run once
    points = list(
        {
            tuple(p.items()): p
            for p in ({n: _typed(n, draws[n][i]) for n in parameters} for i in pick)
        }.values()
    )
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
        **provenance(),
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
