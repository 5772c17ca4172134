"""``cogov validate``: the model reduced to textbook queues, against theory."""

from __future__ import annotations

import argparse
import math
from pathlib import Path

from cogov.argtypes import positive_int

__all__ = ["register"]


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``validate`` to the ``cogov`` parser."""
    p = sub.add_parser(
        "validate",
        help="verify the model against queueing theory (Erlang C, M/M/1, M/G/inf, Little)",
        description="Run the model reduced to textbook queues and print, for each check, the "
        "theoretical value, the estimate with its interval and PASS or FAIL. The eight "
        "interval checks are judged as one family at 95% (each at the Bonferroni level "
        "99.375%). Exit status 0 only if all pass.",
    )
    p.add_argument(
        "--full",
        action="store_true",
        help="long runs and many replicates, so that an error of a few percent fails "
        "(several minutes); default: quick sizes for CI",
    )
    p.set_defaults(handler=cmd_validate)
    h = sub.add_parser(
        "hypotheses",
        help="test the report's claims on a batch of experiments/mechanisms.toml",
        description="Evaluate the report's qualitative claims (one window beats siloed, the "
        "community channel lowers department load, consultation lowers petitions, supervision "
        "raises on-time closure, joint management solves long-standing problems) as paired "
        "differences with 95% intervals; print a Markdown table and write DIR/hypotheses.csv.",
    )
    h.add_argument("folder", type=Path, metavar="DIR", help="results of `cogov batch mechanisms`")
    h.set_defaults(handler=cmd_hypotheses)
    c = sub.add_parser(
        "calibrate",
        help="ABC posterior of unsourced parameters against the outside figures or the report's "
        "counts; its centre is the fit",
        description="Calibrate the parameters no source gives (reporting propensity, "
        "satisfaction intercept; recruitment and attrition with --fit participation; the felt "
        "cost of petitioning with --fit collective, by exact-match rejection) by "
        "approximate Bayesian computation on a Latin-hypercube batch (rejection with "
        "local-linear regression adjustment): the posterior of each parameter with its 95% "
        "interval, whether the data pin it down, the pairwise correlations; the posterior's "
        "centre checked with fresh replicates and a posterior-predictive check; the former "
        "surrogate least-squares fit kept for comparison; write DIR/calibration.json.",
    )
    c.add_argument(
        "scenario",
        nargs="?",
        help="scenario to calibrate (default: xinhua_2013; --fit collective: metro_line_11)",
    )
    c.add_argument("--out", type=Path, metavar="DIR", help="default: results/calibration")
    c.add_argument("--workers", type=positive_int, help="local worker processes (default: cores)")
    c.add_argument(
        "--quick", action="store_true", help="a small design at scale 0.2 for a fast look"
    )
    c.add_argument(
        "--fit",
        choices=("service", "participation", "collective", "joint"),
        default="service",
        help="service: reporting and satisfaction against the outside figures (default); "
        "participation: campaign sizes, units' willingness, the idle quit rate and the elderly's "
        "need rate against the report's counts of volunteers, groups, points, teams and elderly "
        "served (600+), and the stocks of group members and point helpers held; "
        "collective: the felt cost of petitioning and the peers' pull against "
        "the Metro year's 'no collective petition' (exact-match rejection), checked with and "
        "without councils; joint: the nine parameters of service and participation at once "
        "against all their targets (a check of the two fits run one after the other)",
    )
    c.add_argument(
        "--samples",
        type=positive_int,
        help="design points of the Latin hypercube (default: 100; participation: 300; "
        "collective: 80; joint: 600)",
    )
    c.add_argument("--replicates", type=positive_int, help="runs per design point (default: 1)")
    c.set_defaults(handler=cmd_calibrate)


def _fmt(x: float) -> str:
    return "-" if math.isnan(x) else f"{x:.4f}"


def cmd_validate(args: argparse.Namespace) -> int:
    """Run the verification checks."""
    from cogov.experiments.verification.checks import run_checks

    head = f"{'check':22s} {'measure':26s} {'theory':>9s} {'estimate':>9s}"
    print(f"{head}  {'interval':22s} verdict")

    def show(c) -> None:
        interval = f"[{_fmt(c.low)}, {_fmt(c.high)}]" if not math.isnan(c.low) else ""
        verdict = "PASS" if c.passed else "FAIL"
        print(
            f"{c.name:22s} {c.measure:26s} {c.theory:9.4f} {c.estimate:9.4f}  {interval:22s} "
            f"{verdict}  ({c.note})",
            flush=True,
        )

    checks = run_checks(full=args.full, report=show)
    failed = [c for c in checks if not c.passed]
    print(f"{len(checks) - len(failed)} passed, {len(failed)} failed")
    return 0 if not failed else 1


def cmd_hypotheses(args: argparse.Namespace) -> int:
    """Evaluate the pattern-oriented hypotheses on a mechanisms batch."""
    from cogov.experiments.analysis.hypotheses import evaluate, markdown
    from cogov.experiments.files import write_bytes_atomic
    from cogov.experiments.store import ResultsStore
    from cogov.sim.errors import ExperimentError

    manifest = ResultsStore(args.folder).read_manifest()
    if manifest is None or manifest.get("experiment") != "mechanisms":
        raise ExperimentError(
            f"{args.folder}: not a results folder of the mechanisms experiment; "
            "allowed: the --out of `cogov batch mechanisms`"
        )
    table = evaluate(args.folder)
    write_bytes_atomic(args.folder / "hypotheses.csv", table.to_csv(index=False).encode())
    print(markdown(table))
    return 0


def cmd_calibrate(args: argparse.Namespace) -> int:
    """Calibrate and write calibration.json."""
    from cogov.experiments.analysis.calibrate import calibrate
    from cogov.experiments.files import write_json

    default = "calibration" if args.fit == "service" else f"calibration_{args.fit}"
    out = args.out or Path("results") / default
    scenario = args.scenario or ("metro_line_11" if args.fit == "collective" else "xinhua_2013")
    quick = dict(samples=12, replicates=1, scale=0.2, check_replicates=4, predictive=4)
    sizes = quick if args.quick else {}
    if args.fit == "participation" and not args.quick:
        sizes = dict(samples=300, replicates=1)  # six parameters: 60 accepted draws
    if args.fit == "joint" and not args.quick:
        sizes = dict(samples=600, replicates=1)  # nine parameters: 120 accepted draws
    if args.fit == "collective" and not args.quick:
        sizes = dict(samples=80, replicates=1, check_replicates=30)
    for key in ("samples", "replicates"):  # a larger (or smaller) design than the default
        if getattr(args, key, None) is not None:
            sizes[key] = getattr(args, key)
    result = calibrate(scenario, out, workers=args.workers, which=args.fit, **sizes)
    write_json(out / "calibration.json", result)
    print(f"calibration of {scenario} ({result['method']})")
    if args.fit == "collective":
        _print_collective(result)
        print(f"wrote {out}/calibration.json")
        return 0
    print("  posterior centre (shipped), mean, median, 95% interval, identified:")
    for name, p in result["parameters"].items():
        pinned = "yes" if p["identified"] else "NOT IDENTIFIED"
        print(
            f"  {name:32s} {p['value']:9.4g}  mean {p['mean']:.4g}  median {p['median']:.4g}  "
            f"[{p['ci_low']:.4g}, {p['ci_high']:.4g}]  {pinned}"
        )
    for pair, r in result["abc"]["correlations"].items():
        print(f"  correlation {pair}: {'-' if r is None else f'{r:.2f}'}")
    print("  outcomes at the centre (fresh replicates):")
    _print_outcomes(result["outcomes"], "ci_low", "ci_high", source=True)
    print("  posterior-predictive check (runs at posterior draws):")
    _print_outcomes(result["predictive"], "low", "high", source=False)
    print(f"wrote {out}/calibration.json")
    return 0


def _print_outcomes(outcomes: dict, low: str, high: str, source: bool) -> None:
    """One line per target or check: its mean and interval (keys ``low``/``high``)."""
    for name, o in outcomes.items():
        kind = "fitted" if o["fitted"] else "check "
        where = f" ({o['source']})" if source else ""
        aim = (
            f"at least {o['target']} (tolerance {o['tolerance']})"
            if o.get("at_least")
            else f"{o['target']} +/- {o['tolerance']}"
        )
        print(
            f"  {kind} {name:28s} {o['mean']:8.4f} [{o[low]:.4f}, {o[high]:.4f}]  "
            f"target {aim}{where}"
        )


def _print_collective(result: dict) -> None:
    """The collective fit: the rejection posterior and the check with and without councils."""
    abc = result["abc"]
    print(f"  {abc['accepted']} of {abc['draws']} runs accepted ({result['datum']['source']})")
    print("  posterior centre (shipped), mean, median, 95% interval, identified, prior-set side:")
    for name, p in result["parameters"].items():
        if p["value"] is None:
            print(f"  {name:32s} no run matched the datum")
            continue
        pinned = "yes" if p["identified"] else "NOT IDENTIFIED"
        side = ", ".join(p["prior_bound_side"]) or "-"
        print(
            f"  {name:32s} {p['value']:9.4g}  mean {p['mean']:.4g}  median {p['median']:.4g}  "
            f"[{p['ci_low']:.4g}, {p['ci_high']:.4g}]  {pinned}  prior sets: {side}"
        )
    for pair, r in abc["correlations"].items():
        print(f"  correlation {pair}: {'-' if r is None else f'{r:.2f}'}")
    print("  petition-free years at the centre (fresh paired replicates, Wilson 95%):")
    for arm, a in result["predictive"].items():
        print(
            f"  {arm:12s} {a['petition_free']} of {a['runs']} = {a['share']:.0%} "
            f"[{a['wilson_low']:.0%}, {a['wilson_high']:.0%}]  petitions a year "
            f"{a['petitions_mean']:.1f} (max {a['petitions_max']:.0f})"
        )
