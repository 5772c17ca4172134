"""``cogov screen OUT`` (Morris over every uncertainty) and ``cogov sobol OUT --from-screen``.

Each is a batch (the house batch layer: local workers or Dask, resumable, each run stored
as it ends) of a design drawn by SALib and run under every policy with one common seed, then
its analysis. ``OUT`` holds the batch's files; the analysis goes to ``OUT/screening/``
(``morris.csv``, ``selection.csv``, ``screening.json``, ``targets.csv`` (per design row, the
common seed and every target), charts ``morris.png``/``.svg`` and ``morris_zh.*``) or
``OUT/sobol/`` (``sobol.csv``, ``sobol.json``, ``targets.csv``, charts ``sobol*``), each file
written atomically. The selection rule is :mod:`cogov.experiments.screening`'s.
"""

from __future__ import annotations

import argparse
import json
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cogov.argtypes import bounded, positive_int
from cogov.sim.errors import ExperimentError

__all__ = ["register", "screen", "sobol"]

SCREEN_NAME = "morris_screening"
SOBOL_NAME = "sobol_screened"
_FRACTION = bounded(0.0, 1.0, "a number in (0, 1]", open_low=True)


def _power_of_two(text: str) -> int:
    value = positive_int(text)
    if value < 2 or value & (value - 1):
        raise argparse.ArgumentTypeError(f"found {value}; allowed: a power of two, 2 or more")
    return value


def _common(p: argparse.ArgumentParser, days: int | None, scale: float | None) -> None:
    from cogov.cli import _scale

    shown = "the screen's" if days is None else str(days)
    p.add_argument("out", type=Path, metavar="OUT", help="results folder (new, or --resume)")
    p.add_argument("--days", type=positive_int, default=days, help=f"days (default: {shown})")
    shown_scale = shown if scale is None else scale
    p.add_argument("--scale", type=_scale, default=scale,
                   help=f"population scale (default: {shown_scale})")  # fmt: skip
    p.add_argument("--seed", type=bounded(0, 2**32 - 1, "0 to 2**32-1", integer=True),
                   default=0, help="seed of SALib's design and bootstrap (default: 0)")  # fmt: skip
    p.add_argument("--workers", type=positive_int, help="local processes or Dask workers")
    p.add_argument("--force-workers", action="store_true", help="allow more workers than cores")
    p.add_argument("--scheduler", metavar="ADDRESS",
                   help="run on Dask: tcp://host:port or 'local' (a LocalCluster)")  # fmt: skip
    p.add_argument("--resume", action="store_true", help="finish a batch already in OUT")
    p.add_argument("--no-charts", action="store_true", help="skip the charts")


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``screen`` and ``sobol`` to the ``cogov`` parser."""
    p = sub.add_parser(
        "screen",
        help="Morris screening of every assumed parameter (paired policy differences)",
        description="Morris elementary effects (SALib) of every assumed parameter of the "
        "uncertainty table on co-governance's satisfaction, solved rate and petitions and "
        "on its paired differences from one window and siloed departments; every design "
        "point runs under the three policies with one seed. Ranks the parameters and "
        "selects those for `cogov sobol` (rule: score = largest mu_star relative to the "
        "strongest on any paired difference, ties by the mean of that ratio; selected if "
        ">= --threshold, 2 to --max-k). "
        "Writes OUT/screening/. Exit status as `cogov batch`; 2 on bad input.",
    )
    _common(p, days=365, scale=0.25)
    p.add_argument("--trajectories", type=positive_int, default=10,
                   help="Morris trajectories of k + 1 points each (default: 10)")  # fmt: skip
    p.add_argument("--levels", type=bounded(2, 20, "2 to 20", integer=True), default=4,
                   help="grid levels of the Morris design (default: 4)")  # fmt: skip
    p.add_argument("--root-seed", type=bounded(0, 2**63 - 1, "0 to 2**63-1", integer=True),
                   default=2017, help="root of the runs' common seed (default: 2017)")  # fmt: skip
    p.add_argument("--threshold", type=_FRACTION, default=0.25,
                   help="score that selects a parameter (default: 0.25)")  # fmt: skip
    p.add_argument("--max-k", type=positive_int, default=6,
                   help="select at most this many (default: 6)")  # fmt: skip
    p.set_defaults(handler=cmd_screen)
    s = sub.add_parser(
        "sobol",
        help="Sobol indices of the parameters a Morris screening selected",
        description="First-order and total Sobol indices (SALib, Saltelli's design, 95% "
        "bootstrap intervals) of the parameters `cogov screen` selected (or --top K of its "
        "ranking) on the levels and paired policy differences; other parameters keep the "
        "defaults; the runs' seed is the screen's, days and scale too unless given. "
        "Writes OUT/sobol/.",
    )
    _common(s, days=None, scale=None)
    s.add_argument("--from-screen", type=Path, required=True, metavar="DIR",
                   help="a folder `cogov screen` finished")  # fmt: skip
    s.add_argument("--top", type=positive_int, metavar="K",
                   help="the first K of the ranking instead of the screen's selection")  # fmt: skip
    s.add_argument("--samples", type=_power_of_two, default=32, metavar="N",
                   help="base samples (power of 2): N x (k + 2) points (default: 32)")  # fmt: skip
    s.set_defaults(handler=cmd_sobol)


def _check_scheduler(args: argparse.Namespace) -> None:
    if args.scheduler is not None:
        from cogov.experiments.batch import check_scheduler

        check_scheduler(args.scheduler)


def _results(out: Path, index: Any) -> dict:
    import pandas as pd

    from cogov.experiments.sensitivity import design_results

    try:
        return design_results(pd.read_parquet(out / "runs.parquet"), index)
    except ValueError as exc:
        raise ExperimentError(f"{out}: {exc}") from None


@dataclass(frozen=True, slots=True)
class _Run:
    """A design's runs and their targets, written to ``OUT/<folder>/targets.csv``."""

    status: int
    runs: int = 0
    points: int = 0
    results: dict | None = None
    values: dict | None = None
    folder: Path | None = None


def _run_design(
    args: argparse.Namespace,
    unit: Any,
    names: list[str],
    spec: tuple[str, int, float, int, str],
    prog: str,
    folder: str,
) -> _Run:
    """Run the unit-cube design ``unit`` through the batch layer and compute its targets.

    ``spec`` is the experiment's ``(name, days, scale, root_seed, description)``. A non-zero
    status (the batch failed or was refused) comes back with nothing else.
    """
    from cogov.batch import run_experiment
    from cogov.experiments.files import write_bytes_atomic
    from cogov.experiments.sensitivity import design_experiment, targets, unique_points

    points, index = unique_points(unit, names)
    experiment = design_experiment(spec[0], points, *spec[1:])
    status = run_experiment(experiment, args.out, args, prog)
    if status:
        return _Run(status)
    results = _results(args.out, index)
    values = targets(results)
    out = args.out / folder
    out.mkdir(exist_ok=True)
    write_bytes_atomic(out / "targets.csv", _target_csv(values, index, results))
    return _Run(0, len(experiment.runs), len(points), results, values, out)


def screen(args: argparse.Namespace) -> tuple[int, dict | None]:
    """Run and analyse the Morris screening; return the exit status and what was written."""
    from cogov.experiments.files import write_bytes_atomic, write_json
    from cogov.experiments.screening import rule_text, select_parameters
    from cogov.experiments.sensitivity import morris_design, morris_table
    from cogov.experiments.uncertainties import UNCERTAINTIES

    _check_scheduler(args)
    names = [u.name for u in UNCERTAINTIES]
    unit = morris_design(names, args.trajectories, args.levels, args.seed)
    spec = (
        SCREEN_NAME, args.days, args.scale, args.root_seed,
        f"Morris screening: {args.trajectories} trajectories x {len(names) + 1} points",
    )  # fmt: skip
    run = _run_design(args, unit, names, spec, "screen", "screening")
    if run.status:
        return run.status, None
    folder, results = run.folder, run.results
    morris = morris_table(names, unit, run.values, args.levels, args.seed)
    selection = select_parameters(morris, threshold=args.threshold, max_k=args.max_k)
    write_bytes_atomic(folder / "morris.csv", morris.to_csv(index=False).encode())
    write_bytes_atomic(folder / "selection.csv", selection.to_csv(index=False).encode())
    summary = {
        "trajectories": args.trajectories, "levels": args.levels, "design_seed": args.seed,
        "design_rows": len(unit), "points": run.points, "runs": run.runs,
        "days": args.days, "scale": args.scale, "root_seed": args.root_seed,
        "common_seed": int(results["cogovernance"]["seed"].iloc[0]),
        "rule": rule_text(None, args.threshold, 2, args.max_k),
        "threshold": args.threshold, "max_k": args.max_k,
        "selected": selection.loc[selection["selected"], "parameter"].tolist(),
        "ranking": selection["parameter"].tolist(),
    }  # fmt: skip
    write_json(folder / "screening.json", summary)
    if not args.no_charts:
        from cogov.experiments.charts.sensitivity import morris_figure, write_sensitivity_chart

        write_sensitivity_chart(morris_figure, morris, folder, "morris")
    return 0, {"morris": morris, "selection": selection, "summary": summary}


def _screen_summary(folder: Path) -> dict:
    path = folder / "screening" / "screening.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        ranking = list(data["ranking"])
        selected = list(data["selected"])
    except (OSError, ValueError, KeyError, TypeError):
        raise ExperimentError(
            f"--from-screen {folder}: no readable {path.name} in {folder}/screening; "
            "allowed: a folder `cogov screen` finished"
        ) from None
    return {**data, "ranking": ranking, "selected": selected}


def sobol(args: argparse.Namespace) -> tuple[int, dict | None]:
    """Run and analyse the Sobol design; return the exit status and what was written."""
    from cogov.experiments.files import write_bytes_atomic, write_json
    from cogov.experiments.sensitivity import sobol_design, sobol_table

    _check_scheduler(args)
    screened = _screen_summary(args.from_screen)
    if args.top is not None and args.top > len(screened["ranking"]):
        raise ExperimentError(
            f"--top: found {args.top}; allowed: 1 to {len(screened['ranking'])} (the ranking)"
        )
    names = screened["ranking"][: args.top] if args.top else screened["selected"]
    days = args.days or int(screened["days"])
    scale = args.scale or float(screened["scale"])
    unit = sobol_design(names, args.samples, args.seed)
    spec = (
        SOBOL_NAME, days, scale, int(screened["root_seed"]),
        f"Sobol indices of {len(names)} screened parameters, N = {args.samples}",
    )  # fmt: skip
    run = _run_design(args, unit, names, spec, "sobol", "sobol")
    if run.status:
        return run.status, None
    folder = run.folder
    table = sobol_table(names, run.values, args.seed)
    write_bytes_atomic(folder / "sobol.csv", table.to_csv(index=False).encode())
    summary = {
        "from_screen": str(args.from_screen), "parameters": names, "top": args.top,
        "samples": args.samples, "design_rows": len(unit), "points": run.points,
        "runs": run.runs, "days": days, "scale": scale, "design_seed": args.seed,
        "indices": [{k: _finite(v) for k, v in r.items()} for r in table.to_dict("records")],
    }  # fmt: skip
    write_json(folder / "sobol.json", summary)
    if not args.no_charts:
        from cogov.experiments.charts.sensitivity import sobol_figure, write_sensitivity_chart

        write_sensitivity_chart(sobol_figure, table, folder, "sobol")
    return 0, {"sobol": table, "summary": summary}


def _target_csv(values: dict, index: Any, results: dict) -> bytes:
    """Per design row: its batch point, the common seed and every analysed target."""
    import pandas as pd

    seed = results["cogovernance"]["seed"]
    frame = pd.DataFrame({"row": range(len(index)), "point": index, "seed": seed, **values})
    return frame.to_csv(index=False).encode()


def _finite(value: Any) -> Any:
    return None if isinstance(value, float) and math.isnan(value) else value


def cmd_screen(args: argparse.Namespace) -> int:
    """``cogov screen``: print the ranking and the selection."""
    status, done = screen(args)
    if done is None:
        return status
    sel = done["selection"]
    for r in sel.head(10).itertuples():
        mark = "*" if r.selected else " "
        scores = f"score {r.score:4.2f} mean {r.mean:4.2f}"
        print(f"{mark} {r.rank:2d} {r.parameter:34s} {scores}  ({r.target})")
    print(f"selected {int(sel['selected'].sum())} (*): {done['summary']['rule']}")
    print(f"wrote {args.out}/screening/ (morris.csv, selection.csv, screening.json)")
    return 0


def cmd_sobol(args: argparse.Namespace) -> int:
    """``cogov sobol``: print the indices of the paired differences."""
    status, done = sobol(args)
    if done is None:
        return status
    table = done["sobol"]
    for r in table[table["target"].str.contains(" - ", regex=False)].itertuples():
        print(f"{r.target:44s} {r.parameter:32s} S1 {r.S1:6.3f} ±{r.S1_conf:5.3f}  "
              f"ST {r.ST:6.3f} ±{r.ST_conf:5.3f}")  # fmt: skip
    print(f"wrote {args.out}/sobol/ (sobol.csv, sobol.json)")
    return 0
