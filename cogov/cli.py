"""``cogov``: run the co-governance model from the command line.

Exit status: 0 on success, 2 on bad input (with a one-line message, no traceback).
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
import time
from pathlib import Path
from typing import Any

from cogov.argtypes import bounded, positive_int
from cogov.experiments.files import write_daily_csv, write_daily_parquet, write_json
from cogov.sim.errors import InputError, ScenarioError
from cogov.sim.loader import builtin_scenarios, load_scenario
from cogov.sim.ranges import check_param

__all__ = ["main", "positive_int"]

#: a random seed: what numpy accepts
SEED = bounded(0, 2**63 - 1, "0 to 2**63-1", integer=True)

#: modules adding subcommands: each has ``register(subparsers)``, which adds its parser and
#: sets ``handler`` (a function of the parsed arguments returning the exit status) as default
_PLUGINS: tuple[str, ...] = (
    "cogov.batch",
    "cogov.validate",
    "cogov.report",
    "cogov.serve",
    "cogov.discover",
    "cogov.sensitivity",
)

_EPILOG = """\
examples:
  cogov scenarios
  cogov run                                   # xinhua_2013, 365 days, the scenario's seed
  cogov run siloed --days 90 --seed 7 --scale 0.1 --out results/siloed
  cogov experiments
  cogov batch policy_comparison && cogov report results/policy_comparison
  cogov serve
Every command has an example in its own help: cogov COMMAND --help
"""

#: examples shown at the end of each subcommand's help
EXAMPLES: dict[str, tuple[str, ...]] = {
    "run": (
        "cogov run                                # xinhua_2013, a year, charts included",
        "cogov run siloed --days 90 --seed 7 --scale 0.1 --out results/siloed",
        "cogov run path/to/my_scenario.toml --no-charts",
    ),
    "scenarios": ("cogov scenarios",),
    "experiments": ("cogov experiments",),
    "batch": (
        "cogov batch policy_comparison            # results/policy_comparison",
        "cogov batch my_experiment.toml --workers 2 --out results/mine",
        "cogov batch policy_comparison --resume   # finish an interrupted batch",
    ),
    "summarize": (
        "cogov summarize results/policy_comparison",
        "cogov summarize results/policy_comparison --reference one_window",
    ),
    "sensitivity": (
        "cogov batch sensitivity_sobol && cogov sensitivity results/sensitivity_sobol",
        "cogov sensitivity results/sensitivity_sobol --outcomes on_time_rate,petitions",
    ),
    "report": (
        "cogov report results/policy_comparison            # report.html",
        "cogov report results/policy_comparison --lang zh  # report_zh.html",
        "cogov report results/policy_comparison --map-diff one_window,xinhua_2013",
    ),
    "validate": ("cogov validate", "cogov validate --full      # several minutes"),
    "hypotheses": ("cogov batch mechanisms && cogov hypotheses results/mechanisms",),
    "calibrate": ("cogov calibrate --quick", "cogov calibrate xinhua_2013 --workers 2"),
    "serve": ("cogov serve                              # http://127.0.0.1:8765",),
    "screen": (
        "cogov screen results/screen --workers 2   # Morris over every assumed parameter",
        "cogov screen results/screen --trajectories 4 --days 90 --scale 0.1",
        "cogov screen results/screen --resume      # finish an interrupted screening",
    ),
    "sobol": (
        "cogov sobol results/sobol --from-screen results/screen",
        "cogov sobol results/sobol --from-screen results/screen --top 4 --samples 64",
    ),
    "discover": (
        "cogov batch robustness && cogov discover results/robustness",
        "cogov discover results/robustness --min-density 0.9 --no-charts",
    ),
}


def _scale(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"found {text!r}; allowed: a number") from None
    try:
        return check_param("population.scale", value)
    except ScenarioError as exc:
        raise argparse.ArgumentTypeError(str(exc).removeprefix("population.scale: ")) from None


def _version() -> str:
    import importlib.metadata  # here: every other command starts without it

    try:
        return importlib.metadata.version("cogov")
    except importlib.metadata.PackageNotFoundError:
        return "(not installed)"


class _VersionAction(argparse.Action):
    """``--version``: print ``cogov VERSION`` and exit, looking the version up only then."""

    def __init__(self, option_strings: list[str], dest: str, **kwargs: Any) -> None:
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, **kwargs)

    def __call__(self, parser: argparse.ArgumentParser, *_: Any) -> None:
        print(f"{parser.prog} {_version()}")
        parser.exit()


def build_parser() -> argparse.ArgumentParser:
    """The argument parser for ``cogov`` and its subcommands."""
    parser = argparse.ArgumentParser(
        prog="cogov",
        description="Agent-based simulation of community co-governance in Xinhua Road "
        "Subdistrict, Shanghai (Mesa). One model time unit is one hour.",
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--version", action=_VersionAction, help="show the version of cogov and exit"
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    run = sub.add_parser(
        "run",
        help="run one scenario and write summary.json and daily.csv/.parquet",
        description="Run one scenario, print a summary and write DIR/summary.json, "
        "DIR/daily.csv, DIR/daily.parquet and the charts DIR/time_courses.png and "
        "DIR/map.png (and .svg with --svg; each file written atomically).",
    )
    run.add_argument(
        "scenario",
        nargs="?",
        default="xinhua_2013",
        help="a built-in scenario name (see `cogov scenarios`) or a path to a TOML file "
        "(default: xinhua_2013)",
    )
    run.add_argument(
        "--days", type=positive_int, help="simulated days (default: the scenario's, 365)"
    )
    run.add_argument("--seed", type=SEED, help="random seed (default: the scenario's seed)")
    run.add_argument(
        "--scale",
        type=_scale,
        help="population scale, 0.001-100 (default: the scenario's, 1 = 70,900 residents)",
    )
    run.add_argument(
        "--out", type=Path, help="output folder (default: results/SCENARIO_NAME)", metavar="DIR"
    )
    run.add_argument("--quiet", action="store_true", help="print nothing but errors")
    run.add_argument(
        "--no-charts", action="store_true", help="skip the charts (time courses and map)"
    )
    run.add_argument(
        "--svg", action="store_true", help="also write the charts as SVG (default: PNG only)"
    )
    run.add_argument(
        "--lang", choices=("en", "zh"), default="en", help="language of the charts (default: en)"
    )
    sub.add_parser(
        "scenarios",
        help="list the built-in scenarios",
        description="List the built-in scenarios, a line each.",
    )
    sub.add_parser(
        "experiments",
        help="list the built-in experiments",
        description="List the built-in experiment files (for `cogov batch NAME`), a line each.",
    )
    for module in _PLUGINS:
        importlib.import_module(module).register(sub)
    for name, command in sub.choices.items():
        lines = EXAMPLES.get(name)
        if lines and not command.epilog:
            command.epilog = "\n".join(
                ["example:" if len(lines) == 1 else "examples:"] + [f"  {line}" for line in lines]
            )
            command.formatter_class = argparse.RawDescriptionHelpFormatter
    return parser


def _fmt(value: Any, pct: bool = False) -> str:
    if value is None:
        return "-"
    if pct:
        return f"{100 * value:5.1f}%"
    if isinstance(value, float):
        return f"{value:,.1f}"
    return f"{value:,}"


def format_summary(s: dict[str, Any], seconds: float) -> str:
    """A readable multi-line summary of a run."""
    lines = [
        f"cogov run: {s['scenario']} ({s['policy']}, {s['dispatch_order']}), "
        f"{s['days']:g} days, seed {s['seed']}, {s['residents']:,} residents "
        f"[{seconds:.2f} s]",
        "",
        f"  issues arisen {_fmt(s['issues_arisen'])}, reported {_fmt(s['issues_reported'])}, "
        f"closed {_fmt(s['issues_closed'])}, open at end {_fmt(s['backlog_end'])}",
        f"  closed on time   {_fmt(s['on_time_rate'], True)}",
        f"  actually solved  {_fmt(s['solved_rate'], True)}",
        f"  satisfied        {_fmt(s['satisfaction_mean'], True)}",
        f"  hours to close   mean {_fmt(s['mean_hours_to_close'])}, "
        f"median {_fmt(s['median_hours_to_close'])}, p90 {_fmt(s['p90_hours_to_close'])}",
        f"  hours in queue   mean {_fmt(s['mean_wait_hours'])}",
        f"  escalations {_fmt(s['escalations'])}, petitions {_fmt(s['petitions'])}, "
        f"consultations {_fmt(s['consultations'])}",
        f"  volunteer hours {_fmt(s['volunteer_hours'])}, unit hours {_fmt(s['unit_hours'])}, "
        f"mean trust at end {s['trust_mean_end']:.3f}",
        "",
        f"  {'issue kind':26s} {'reported':>9s} {'on time':>8s} {'solved':>8s} {'hours':>8s}",
    ]
    for kind, g in s["by_kind"].items():
        lines.append(
            f"  {kind:26s} {g['reported']:>9,} {_fmt(g['on_time_rate'], True):>8s} "
            f"{_fmt(g['solved_rate'], True):>8s} {_fmt(g['mean_hours_to_close']):>8s}"
        )
    lines += ["", f"  {'department':26s} {'staff':>6s} {'utilisation':>12s} {'queue h':>8s}"]
    for dept, d in s["departments"].items():
        lines.append(
            f"  {dept:26s} {d['staff']:>6} {_fmt(d['utilisation'], True):>12s} "
            f"{_fmt(d['mean_wait_hours']):>8s}"
        )
    return "\n".join(lines)


def cmd_run(args: argparse.Namespace) -> int:
    """Run one scenario and write its results."""
    from cogov.experiments.runner import build_paused, claim_process

    overrides: dict[str, Any] = {}
    if args.days is not None:
        overrides["days"] = args.days
    if args.seed is not None:
        overrides["seed"] = args.seed
    if args.scale is not None:
        overrides["population.scale"] = args.scale
    scenario = load_scenario(args.scenario, overrides)
    out = args.out or Path("results") / scenario.name
    _check_out(out, charts_zh=args.lang == "zh" and not args.no_charts)
    started = time.perf_counter()
    claim_process()  # this command's process is cogov's: the collector may pause for the build
    # The collector pauses while the model's libraries are imported (here: `cogov scenarios`
    # stays fast) and the model is built, both living to the end, and while the files and
    # charts are written, whose garbage the process's end frees; it runs during the run.
    with build_paused():
        from cogov.sim.model import CoGovModel

        model = CoGovModel(scenario)
    model.run_days(scenario.days)
    result = model.result()
    seconds = time.perf_counter() - started
    with build_paused():
        charts = _write_run(result, out, args)
    if not args.quiet:
        print(format_summary(result.summary, seconds))
        drawn = "".join(f", {name}.{'/.'.join(paths)}" for name, paths in charts.items())
        print(f"\n  wrote {out}/summary.json, daily.csv, daily.parquet{drawn}")
    return 0


def _write_run(result: Any, out: Path, args: argparse.Namespace) -> dict:
    """Write a run's files and (unless ``--no-charts``) its charts; return the charts' paths."""
    write_json(out / "summary.json", result.summary)
    write_daily_csv(out / "daily.csv", result.daily)
    write_daily_parquet(out / "daily.parquet", result.daily)
    if args.no_charts:
        return {}
    from cogov.experiments.charts.run import write_run_charts

    formats = ("png", "svg") if args.svg else ("png",)
    return write_run_charts(result.summary, result.daily, out, args.lang, formats)


def _check_out(out: Path, charts_zh: bool) -> None:
    """Refuse an output folder that cannot take a run's results, before simulating.

    Raises:
        InputError: a file, a batch's results folder, a folder that cannot be written, or
            Chinese charts without the font.
    """
    from cogov.experiments.store import probe_writable

    if charts_zh:  # before anything is written
        from cogov.experiments.charts.style import cjk_family

        cjk_family()
    if out.exists() and not out.is_dir():
        raise InputError(f"--out {out}: found a file; allowed: a folder (new or existing)")
    if (out / "manifest.json").exists():
        raise InputError(
            f"--out {out}: holds the results of `cogov batch`; allowed: another folder "
            "(a run would overwrite the batch's daily.parquet)"
        )
    try:
        out.mkdir(parents=True, exist_ok=True)
        probe_writable(out)
    except OSError as exc:
        raise InputError(
            f"--out {out}: cannot write ({exc.strerror or exc}); allowed: a writable folder"
        ) from None


def cmd_scenarios(_: argparse.Namespace) -> int:
    """List built-in scenarios with their descriptions."""
    for name, path in builtin_scenarios().items():
        try:
            description = load_scenario(path).description
        except ScenarioError as exc:
            description = f"(invalid: {exc})"
        print(f"{name:18s} {description}")
    return 0


def cmd_experiments(_: argparse.Namespace) -> int:
    """List built-in experiments with their descriptions."""
    from cogov.experiments.design import builtin_experiments, load_experiment

    for name, path in builtin_experiments().items():
        try:
            experiment = load_experiment(path)
            runs = len(experiment.runs)
            description = f"{experiment.description} ({runs:,} runs)"
        except InputError as exc:
            description = f"(invalid: {exc})"
        print(f"{name:22s} {description}")
    return 0


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``cogov`` command."""
    args = build_parser().parse_args(argv)
    handler = (
        getattr(args, "handler", None)
        or {"run": cmd_run, "scenarios": cmd_scenarios, "experiments": cmd_experiments}[
            args.command
        ]
    )
    try:
        return handler(args)
    except InputError as exc:
        print(f"cogov: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("cogov: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # output piped into `head` and the like
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except OSError as exc:  # a full or failing disk while writing results: one line
        where = f" {exc.filename}" if exc.filename else ""
        print(f"cogov: error: cannot write{where}: {exc.strerror or exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
