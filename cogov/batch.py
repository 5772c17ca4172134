"""``cogov batch``, ``cogov summarize`` and ``cogov sensitivity``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from cogov.argtypes import positive_int
from cogov.experiments.files import write_bytes_atomic

if TYPE_CHECKING:
    from cogov.experiments.design import Experiment

__all__ = ["register", "run_experiment"]


def register(sub: argparse._SubParsersAction) -> None:
    """Add the batch subcommands to the ``cogov`` parser."""
    p = sub.add_parser(
        "batch",
        help="run an experiment file (replicates, sweeps, sampled designs)",
        description="Run every run of an experiment and store each as soon as it finishes. "
        "Exit status: 0 if all runs succeeded, 1 if some failed or the batch stopped "
        "(rerun with --resume), 2 on bad input, 130 on Ctrl-C, 143 on SIGTERM, 129 on SIGHUP.",
    )
    p.add_argument("experiment", help="a built-in experiment name or a path to a TOML file")
    p.add_argument("--out", type=Path, metavar="DIR", help="results folder (default: results/NAME)")
    p.add_argument(
        "--workers",
        type=positive_int,
        help="local processes or LocalCluster workers (default and maximum: the cores)",
    )
    p.add_argument(
        "--force-workers",
        action="store_true",
        help="use --workers even if it exceeds the cores",
    )
    p.add_argument(
        "--max-runs",
        type=positive_int,
        metavar="N",
        help="refuse a plan of more than N runs (default: 20,000)",
    )
    p.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="run on Dask: a scheduler address (tcp://host:port) or 'local' for a LocalCluster",
    )
    p.add_argument("--resume", action="store_true", help="finish a batch already in DIR")
    p.set_defaults(handler=cmd_batch)
    s = sub.add_parser(
        "summarize",
        help="means with 95%% intervals per scenario or design point",
        description="Print and write DIR/summary.csv: the mean of each outcome per design point "
        "with a 95% confidence interval, and the difference from the reference scenario "
        "(paired by seed); for a points design over one scenario, from point 0.",
    )
    s.add_argument("folder", type=Path, metavar="DIR", help="a results folder of `cogov batch`")
    s.add_argument("--reference", help="reference scenario (default: the experiment's)")
    s.set_defaults(handler=cmd_summarize)
    t = sub.add_parser(
        "sensitivity",
        help="Sobol indices of a sampled (sobol) design",
        description="Print and write DIR/sensitivity.csv: first-order and total Sobol indices "
        "per outcome and parameter with 95% bootstrap intervals.",
    )
    t.add_argument("folder", type=Path, metavar="DIR", help="results of a design.kind = 'sobol'")
    t.add_argument("--outcomes", help="comma-separated outcomes (default: the key outcomes)")
    t.set_defaults(handler=cmd_sensitivity)


def cmd_batch(args: argparse.Namespace) -> int:
    """Run an experiment."""
    from cogov.experiments.batch import check_scheduler
    from cogov.experiments.design import MAX_RUNS, load_experiment

    if args.scheduler is not None:
        check_scheduler(args.scheduler)
    experiment = load_experiment(args.experiment, max_runs=args.max_runs or MAX_RUNS)
    out = args.out or Path("results") / experiment.name
    return run_experiment(experiment, out, args)


def run_experiment(
    experiment: Experiment, out: Path, args: argparse.Namespace, prog: str = "batch"
) -> int:
    """Run ``experiment`` into ``out`` as ``cogov batch`` does; print its line; return the status.

    ``args`` carries ``workers``, ``scheduler``, ``resume`` and ``force_workers``. Status: 0
    if every run succeeded, 1 if some failed or the batch stopped (resumable), 128 + signal
    or 130 when interrupted.
    """
    from cogov.experiments.batch import (
        BatchStopError,
        Terminated,
        progress_bar,
        run_batch,
        signals_as_interrupts,
    )

    resume = f"results so far are in {out}; rerun with --resume to finish"
    try:
        with signals_as_interrupts():
            report = run_batch(
                experiment,
                out,
                args.workers,
                args.scheduler,
                args.resume,
                progress=progress_bar(),
                force_workers=args.force_workers,
            )
    except KeyboardInterrupt:
        print(f"cogov {prog}: interrupted (Ctrl-C); {resume}", file=sys.stderr)
        return 130
    except Terminated as exc:
        print(f"cogov {prog}: stopped by {exc}; {resume}", file=sys.stderr)
        return 128 + exc.signum
    except BatchStopError as exc:
        print(f"cogov {prog}: stopped: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:  # a full or failing disk: not the runs' fault
        where = exc.filename or out
        print(
            f"cogov {prog}: cannot write {where}: {exc.strerror or exc}; free space or fix "
            f"the folder, then {resume.split('; ', 1)[1]}",
            file=sys.stderr,
        )
        return 1
    print(
        f"cogov {prog}: {experiment.name}: {report.planned} runs planned, "
        f"{report.skipped} already done, {report.succeeded} succeeded, {report.failed} failed "
        f"[{report.seconds:.1f} s, {report.workers} workers] -> {out}/runs.parquet"
    )
    if report.failed and not report.succeeded and not report.skipped:
        print(
            f"cogov {prog}: no run succeeded; {_first_error(out)} (every run's error is in "
            f"{out}/runs.parquet, column 'error')",
            file=sys.stderr,
        )
    return 0 if report.ok else 1


def _first_error(out: Path) -> str:
    """The last line of the first failed run's traceback."""
    import pandas as pd

    runs = pd.read_parquet(out / "runs.parquet")
    errors = runs.loc[runs["status"] == "failed", "error"]
    lines = str(errors.iloc[0]).strip().splitlines() if len(errors) else []
    return f"first error: {lines[-1]}" if lines else "no error recorded"


def _load(folder: Path):
    from cogov.experiments.analysis.estimates import load_runs
    from cogov.experiments.store import read_manifest
    from cogov.sim.errors import ExperimentError

    if not (folder / "runs.parquet").exists():
        raise ExperimentError(f"{folder}: no runs.parquet; allowed: a folder of `cogov batch`")
    manifest = read_manifest(folder) or {}
    try:
        runs = load_runs(folder)
    except Exception as exc:
        raise ExperimentError(
            f"{folder}/runs.parquet: unreadable ({type(exc).__name__}); allowed: the file "
            "`cogov batch` writes (rerun the batch with --resume to rewrite it)"
        ) from None
    if runs.empty:
        raise ExperimentError(
            f"{folder}: no run succeeded, nothing to summarise; allowed: a folder with "
            "successful runs (see the 'error' column of runs.parquet)"
        )
    return runs, manifest


def format_summary_table(table, outcomes, reference: str | None) -> str:
    """The printed summary: a row per outcome and scenario, rates in percent, with headers.

    Args:
        table: from :func:`cogov.experiments.analysis.estimates.summarize`.
        outcomes: the outcomes shown, in order.
        reference: the reference scenario (or ``"point 0"``), marked in the table.
    """
    from cogov.experiments.i18n import fmt_number, interval_digits, outcome_label, scenario_label

    def interval(outcome: str, low: float, high: float, diff: bool = False) -> str:
        digits = interval_digits(outcome, low, high, diff=diff)
        lo = fmt_number(outcome, low, sign=diff, digits=digits)
        hi = fmt_number(outcome, high, sign=diff, digits=digits)
        return f"{lo} to {hi}"

    head = (
        "Outcome (unit)",
        "Scenario",
        "n",
        "Mean",
        "95% interval",
        "Vs reference",
        "95% interval",
    )
    rows = [head]
    for outcome in outcomes:
        label = outcome_label(outcome, unit=True)
        for _, r in table[table["outcome"] == outcome].iterrows():
            name = scenario_label(str(r["scenario"]))
            if len(table["point"].unique()) > len(table["scenario"].unique()):
                name = f"#{r['point']} {name}"
            if r["scenario"] == reference:
                name += " (reference)"
            has_diff = "diff" in r and r.get("reference") == reference and r["diff"] == r["diff"]
            rows.append(
                (
                    label,
                    name,
                    str(r["n"]),
                    fmt_number(outcome, r["mean"]),
                    interval(outcome, r["ci_low"], r["ci_high"]),
                    fmt_number(outcome, r["diff"], sign=True) if has_diff else "",
                    interval(outcome, r["diff_low"], r["diff_high"], True) if has_diff else "",
                )
            )
            label = ""
    widths = [max(len(row[i]) for row in rows) for i in range(len(head))]
    lines = []
    for k, row in enumerate(rows):
        pairs = enumerate(zip(row, widths, strict=True))
        cells = [c.ljust(w) if i < 2 else c.rjust(w) for i, (c, w) in pairs]
        lines.append("  ".join(cells).rstrip())
        if k == 0:
            lines.append("  ".join("-" * w for w in widths))
    note = "Rates in percent, their differences in percentage points; intervals are 95%."
    return "\n".join([*lines, "", note])


def cmd_summarize(args: argparse.Namespace) -> int:
    """Summarise a results folder."""
    from cogov.experiments.analysis.estimates import summarize
    from cogov.sim.errors import ExperimentError
    from cogov.sim.outcomes import key_outcomes

    runs, manifest = _load(args.folder)
    scenarios = sorted(set(runs["scenario"]))
    if args.reference is not None and args.reference not in scenarios:
        raise ExperimentError(
            f"--reference: found {args.reference!r}; allowed: a scenario of {args.folder} "
            f"with successful runs: {', '.join(scenarios)}"
        )
    reference = args.reference or manifest.get("reference")
    one_scenario_points = (
        manifest.get("design") == "points" and len(manifest.get("scenarios", [])) == 1
    )
    if one_scenario_points and not args.reference:
        table = summarize(runs, reference_point=0)  # points designs: differences from point 0
        reference = "point 0"
    else:
        table = summarize(runs, reference=reference)
    write_bytes_atomic(args.folder / "summary.csv", table.to_csv(index=False).encode())
    print(format_summary_table(table, key_outcomes()[:6], reference))
    print(f"\nwrote {args.folder}/summary.csv ({len(table)} rows, every outcome)")
    return 0


def cmd_sensitivity(args: argparse.Namespace) -> int:
    """Sobol indices of a sampled design."""
    from cogov.experiments.analysis.estimates import sobol_table
    from cogov.sim.errors import ExperimentError
    from cogov.sim.outcomes import key_outcomes

    runs, manifest = _load(args.folder)
    params = manifest.get("parameters") or []
    if manifest.get("design") != "sobol" or not params:
        raise ExperimentError(f"{args.folder}: not a sobol design; allowed: design.kind = 'sobol'")
    if runs["scenario"].nunique() > 1:  # the indices would mix the scenarios' outcomes
        raise ExperimentError(
            f"{args.folder}: a sobol design over {runs['scenario'].nunique()} scenarios; "
            "allowed: one scenario (for policy differences: cogov screen, then cogov sobol)"
        )
    outcomes = (
        args.outcomes.split(",")
        if args.outcomes
        else [o for o in key_outcomes() if o in runs.columns]
    )
    numeric = [c for c in runs.columns if runs[c].dtype.kind in "fiu" and c not in params]
    unknown = [o for o in outcomes if o not in numeric]
    if unknown:
        raise ExperimentError(
            f"--outcomes: found {unknown[0]!r}; allowed: outcomes of {args.folder}, e.g. "
            + ", ".join(o for o in key_outcomes() if o in runs.columns)
        )
    try:
        table = sobol_table(runs, params, outcomes)
    except ValueError as exc:
        raise ExperimentError(f"{args.folder}: {exc}") from None
    write_bytes_atomic(args.folder / "sensitivity.csv", table.to_csv(index=False).encode())
    for _, r in table.iterrows():
        print(
            f"{r['outcome']:22s} {r['parameter']:32s} S1 {r['first_order']:6.3f} "
            f"[{r['first_low']:6.3f}, {r['first_high']:6.3f}]  ST {r['total_order']:6.3f} "
            f"[{r['total_low']:6.3f}, {r['total_high']:6.3f}]"
        )
    print(f"wrote {args.folder}/sensitivity.csv")
    return 0
