"""The collective-action fit: the felt cost of petitioning against the Metro year's datum.

The report's datum is discrete: the Metro Line 11 works were settled "with no collective
petition" after the Party-member deliberation councils consulted the affected residents. So
the fit (``cogov calibrate metro_line_11 --fit collective``) is ABC by **exact-match
rejection**, the standard rule for a discrete datum: each run of a Latin-hypercube design over
the parameters' bounds (a uniform prior, one draw per run) is accepted when its year, with
the councils as the report describes, has exactly the datum's count of collective petitions
(0, the summary's ``petitions``). The accepted draws are a sample of the posterior; reported:
each parameter's mean, median and 95% interval, whether the data pin it down (the interval
spans less than half the prior range), which side of the interval is only the prior's bound,
the share of petition-free runs over slices of each parameter's range (the likelihood the
datum has, as a curve) and the pairwise correlations.

**No regression adjustment** (Beaumont, Zhang & Balding 2002): it regresses parameters on the
accepted draws' deviations from the data, and under exact matching every accepted draw's
deviation is 0, so the regressor is constant and the adjustment is the identity. It is
skipped, and the record says so.

Each design run has **its own seed** (:func:`own_seeds`), not the common seeds of the other
fits: whether a year has a petition turns on a lottery drawn once a run (who the affected
are and their thresholds), so acceptance must average over independent worlds.

The **centre** is the accepted draw nearest the accepted draws' mean (prior-scaled units), as
the other fits take theirs, shipped as :func:`cogov.experiments.analysis.calibrate.shipped`
rounds it. The **predictive check** runs the scenario at the centre with fresh seeds, with
councils and without (``deliberation.enabled``, paired by replicate as in
``experiments/metro_councils.toml``), and reports each arm's petition-free share with its
Wilson 95% interval.
"""

from __future__ import annotations

import dataclasses
import itertools
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from cogov.experiments.analysis.estimates import load_runs, mean_ci
from cogov.experiments.batch import run_batch
from cogov.experiments.design import Experiment, replicate_seeds
from cogov.experiments.runner import provenance

__all__ = [
    "COLLECTIVE_PARAMETERS",
    "DATUM",
    "calibrate_collective",
    "own_seeds",
    "rejection_exact",
    "wilson",
]

#: parameter -> (low, high), the uniform prior (assumptions). Both enter the threshold rule
#: ``g - cost + peer_weight * A / n >= theta`` (sim/collective.py). cost 0: acting costs
#: nothing; 0.5: the hardship of construction (0.5), so that no affected resident's grievance
#: can start a petition alone. peer_weight 0: others' acting does not pull; 1: all others
#: acting outweighs any threshold.
COLLECTIVE_PARAMETERS = {
    "collective.cost": (0.0, 0.5),
    "collective.peer_weight": (0.0, 1.0),
}
#: the datum: (outcome, value, source)
DATUM = ("petitions", 0, "report: Metro Line 11 settled with no collective petition")


def own_seeds(experiment: Experiment) -> Experiment:
    """The experiment with every run on its own seed (spawned from its root seed, in order).

    A design's points share their replicates' seeds (common random numbers), which suits a
    smooth outcome. Here the datum is whether a year has any petition, which turns on a
    lottery drawn once a run (who the affected are, their thresholds: sim/collective.py), so
    the acceptance must estimate P(no petition | parameters) over independent worlds; with
    common seeds every point would share one world's groups.
    """
    seeds = replicate_seeds(experiment.root_seed, len(experiment.runs))
    runs = tuple(
        dataclasses.replace(r, seed=s) for r, s in zip(experiment.runs, seeds, strict=True)
    )
    return dataclasses.replace(
        experiment, runs=runs, description=f"{experiment.description}; one seed per run"
    )


def wilson(k: int, n: int, level: float = 0.95) -> tuple[float, float]:
    """The Wilson score interval of a proportion ``k / n``."""
    ci = stats.binomtest(k, n).proportion_ci(level, method="wilson")
    return float(ci.low), float(ci.high)


def rejection_exact(
    runs: pd.DataFrame,
    parameters: dict[str, tuple[float, float]],
    outcome: str = DATUM[0],
    value: float = DATUM[1],
    pinned_share: float = 0.5,
    slices: int = 5,
) -> dict[str, Any]:
    """The exact-match rejection posterior of ``parameters`` (see the module docstring).

    Args:
        runs: one row per run (a draw from the uniform prior), with the parameter columns
            and ``outcome``.
        parameters: ``{name: (low, high)}``, the prior's bounds.
        outcome: the discrete outcome; a run is accepted when it equals ``value``.
        value: the datum.
        pinned_share: widest 95% interval, as a share of the prior range, of a pinned
            parameter.
        slices: equal slices of each prior range over which the acceptance share is given.

    Returns:
        A JSON-ready dict: ``method``, ``draws``, ``accepted``, ``acceptance``,
        ``parameters`` (mean, median, 95% interval, ``identified``, ``prior_bound_side``:
        ``"low"``/``"high"`` when the interval reaches within a tenth of the prior range of
        the bound on that side, so that side is set by the prior, not the datum;
        ``acceptance_by_slice``),
        ``centre`` and ``correlations``. With no accepted draw ``parameters`` and ``centre``
        are empty.
    """
    names = list(parameters)
    rows = runs.dropna(subset=[outcome]).reset_index(drop=True)
    hit = rows[outcome].to_numpy(float) == value
    post = rows[hit]
    lo = np.array([parameters[n][0] for n in names], float)
    hi = np.array([parameters[n][1] for n in names], float)
    summary: dict[str, Any] = {}
    centre: dict[str, float] = {}
    for i, name in enumerate(names):
        edges = np.linspace(lo[i], hi[i], slices + 1)
        where = np.clip(
            np.searchsorted(edges, rows[name].to_numpy(float), "right") - 1, 0, slices - 1
        )
        by_slice = [
            {
                "from": float(edges[j]),
                "to": float(edges[j + 1]),
                "runs": int((where == j).sum()),
                "accepted": int((hit & (where == j)).sum()),
            }
            for j in range(slices)
        ]
        if post.empty:
            summary[name] = {"prior": [lo[i], hi[i]], "acceptance_by_slice": by_slice}
            continue
        x = post[name].to_numpy(float)
        a, med, b = np.percentile(x, [2.5, 50, 97.5])
        margin = 0.1 * (hi[i] - lo[i])  # a flat posterior's 2.5% point, with room for noise
        side = [
            s for s, near in (("low", a - lo[i] <= margin), ("high", hi[i] - b <= margin)) if near
        ]
        summary[name] = {
            "mean": float(x.mean()),
            "median": float(med),
            "ci_low": float(a),
            "ci_high": float(b),
            "prior": [float(lo[i]), float(hi[i])],
            "identified": bool((b - a) < pinned_share * (hi[i] - lo[i])),
            "prior_bound_side": side,
            "acceptance_by_slice": by_slice,
        }
    correlations: dict[str, float | None] = {}
    if len(post) >= 2:
        u = (post[names].to_numpy(float) - lo) / (hi - lo)
        nearest = int(np.argmin(((u - u.mean(axis=0)) ** 2).sum(axis=1)))
        centre = {n: float(post[n].iloc[nearest]) for n in names}
        for x_name, y_name in itertools.combinations(names, 2):
            ok = post[x_name].std() > 0 and post[y_name].std() > 0
            r = float(np.corrcoef(post[x_name], post[y_name])[0, 1]) if ok else None
            correlations[f"{x_name} ~ {y_name}"] = r
    elif len(post) == 1:
        centre = {n: float(post[n].iloc[0]) for n in names}
    return {
        "method": f"ABC rejection with exact matching of a discrete datum: uniform prior on "
        f"the bounds (the design's runs), a run accepted when {outcome} == {value:g}; no "
        "regression adjustment (every accepted draw's deviation is 0, so it would be the "
        "identity); centre = the accepted draw nearest the accepted draws' mean "
        "(prior-scaled units)",
        "draws": len(rows),
        "accepted": int(hit.sum()),
        "acceptance": float(hit.mean()) if len(rows) else float("nan"),
        "pinned_share": pinned_share,
        "parameters": summary,
        "centre": centre,
        "correlations": correlations,
    }


def _arm(runs: pd.DataFrame, outcome: str, value: float) -> dict[str, Any]:
    """One arm of the predictive check: the runs matching the datum, with Wilson 95%."""
    x = runs[outcome].to_numpy(float)
    k, n = int((x == value).sum()), int(x.size)
    low, high = wilson(k, n)
    mean, a, b, _ = mean_ci(x)
    return {
        "runs": n,
        "petition_free": k,
        "share": k / n,
        "wilson_low": low,
        "wilson_high": high,
        "petitions_mean": mean,
        "petitions_ci_low": a,
        "petitions_ci_high": b,
        "petitions_max": float(x.max()),
    }


def calibrate_collective(
    scenario: str,
    out: Path,
    samples: int = 80,
    replicates: int = 1,
    days: int = 365,
    scale: float = 1.0,
    check_replicates: int = 30,
    workers: int | None = None,
    seed: int = 4242,
    run_design: bool = True,
) -> dict[str, Any]:
    """Run the design, take the exact-match posterior, run the centre with and without councils.

    With ``run_design`` false the posterior is taken from the runs already in
    ``out/design_runs`` (a design stopped part-way: its runs go in design order, and each
    point of the randomly permuted Latin hypercube is a uniform draw, so a prefix is a
    sample of the prior); the record's ``design.runs_used`` says how many.

    The design runs the scenario as it ships (councils on in ``metro_line_11``); the check
    runs ``check_replicates`` paired replicates (seed root ``seed + 1``) at the shipped centre
    with ``deliberation.enabled`` true and false.

    Returns:
        A JSON-ready dict in the form of the other fits' records: ``parameters`` (the shipped
        centre, the posterior's summary and bounds), ``not_identified``, ``abc`` (the
        rejection posterior), ``regression_adjustment`` (why it is skipped) and
        ``predictive`` (petition-free shares with and without councils at the centre).
    """
    from cogov.experiments.analysis.calibrate import _design, shipped

    parameters = COLLECTIVE_PARAMETERS
    outcome, value, source = DATUM
    out.mkdir(parents=True, exist_ok=True)
    bounds = {n: {"bounds": [lo, hi]} for n, (lo, hi) in parameters.items()}
    lhs = {"kind": "lhs", "samples": samples, "parameters": bounds}
    if run_design:
        run_batch(
            own_seeds(_design(scenario, replicates, days, seed, scale, lhs)),
            out / "design_runs",
            workers=workers,
            resume=True,
        )
    runs = load_runs(out / "design_runs")
    posterior = rejection_exact(runs, parameters, outcome, value)
    centre = {n: shipped(n, v) for n, v in posterior["centre"].items()}
    predictive: dict[str, Any] = {}
    if centre:
        arms = [{**centre, "deliberation.enabled": on} for on in (True, False)]
        check = _design(
            scenario, check_replicates, days, seed + 1, scale, {"kind": "points", "points": arms}
        )
        run_batch(check, out / "check_runs", workers=workers, resume=True)
        checked = load_runs(out / "check_runs")
        for on, label in ((True, "councils"), (False, "no_councils")):
            predictive[label] = _arm(checked[checked["deliberation.enabled"] == on], outcome, value)
    shipped_values = {
        n: {
            **{k: p[k] for k in ("mean", "median", "ci_low", "ci_high", "identified") if k in p},
            "value": centre.get(n),
            "centre": posterior["centre"].get(n),
            "prior_bound_side": p.get("prior_bound_side", []),
            "bounds": list(parameters[n]),
        }
        for n, p in posterior["parameters"].items()
    }
    return {
        "fit": "collective",
        "scenario": scenario,
        **provenance(),
        "method": posterior["method"],
        "datum": {"outcome": outcome, "value": value, "source": source, "rule": "exact match"},
        "design": {
            "samples": samples,
            "replicates": replicates,
            "days": days,
            "scale": scale,
            "seed": seed,
            "runs_used": len(runs),
            "one_seed_per_run": True,
            "check_replicates": check_replicates,
        },
        "parameters": shipped_values,
        "not_identified": [n for n, p in shipped_values.items() if not p.get("identified")],
        "predictive": predictive,
        "abc": posterior,
        "regression_adjustment": "skipped: under exact matching every accepted draw's "
        "deviation from the datum is 0, so the local-linear regression has a constant "
        "regressor and adjusts nothing",
    }
