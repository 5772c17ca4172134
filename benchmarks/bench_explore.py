"""Exploratory batch throughput: runs per minute of ``robustness.toml`` on 1 and 2 workers.

Runs a copy of the shipped exploratory batch (``experiments/robustness.toml``: every sampled
world under the three policies with one common seed) with ``--worlds`` worlds instead of
200, and optionally another scale or horizon, with ``cogov batch``'s machinery into fresh
folders: on 1 and 2 local worker processes and on a 2-worker Dask ``LocalCluster`` bound to
127.0.0.1. Prints, per executor, wall time, runs per minute and the load average before and
after (other jobs on a shared machine slow every executor). Worker start-up is included, as
a user would see it. Nothing is asserted.

Usage::

    .venv/bin/python benchmarks/bench_explore.py [--worlds 8] [--scale 0.25] [--days 365]
        [--no-dask]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
import tomllib
from pathlib import Path

from _common import footer, header, table

from cogov.experiments.batch import run_batch
from cogov.experiments.design import EXPERIMENT_DIR, experiment_from_dict


def explore_copy(worlds: int, scale: float | None, days: int | None) -> dict:
    """``robustness.toml`` as a dict, with ``worlds`` samples (and scale or days if given)."""
    data = tomllib.loads((EXPERIMENT_DIR / "robustness.toml").read_text(encoding="utf-8"))
    data["experiment"]["name"] = "bench_explore"
    data["design"]["samples"] = worlds
    if scale is not None:
        data["experiment"]["scale"] = scale
    if days is not None:
        data["experiment"]["days"] = days
    return data


def measure(data: dict, workers: int, scheduler: str | None) -> tuple[float, int]:
    """Wall seconds and runs of one batch into a fresh folder."""
    experiment = experiment_from_dict(data, source="bench_explore")
    with tempfile.TemporaryDirectory() as out:
        started = time.perf_counter()
        report = run_batch(
            experiment, Path(out), workers=workers, scheduler=scheduler, warn=lambda _: None
        )
        seconds = time.perf_counter() - started
    if not report.ok:
        raise SystemExit(f"batch failed: {report}")
    return seconds, report.planned


def main() -> None:
    """Print the exploratory batch's throughput on each executor."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--worlds", type=int, default=8, help="sampled worlds (default: 8)")
    parser.add_argument("--scale", type=float, help="population scale (default: the file's)")
    parser.add_argument("--days", type=int, help="simulated days (default: the file's)")
    parser.add_argument("--no-dask", action="store_true", help="skip the Dask LocalCluster")
    args = parser.parse_args()
    started = time.perf_counter()
    header("bench_explore: exploratory batch throughput", " ".join(sys.argv))
    data = explore_copy(args.worlds, args.scale, args.days)
    exp = data["experiment"]
    print(
        f"robustness.toml with {args.worlds} worlds x {len(exp['scenarios'])} policies, "
        f"scale {exp['scale']}, {exp['days']} days, root_seed {exp['root_seed']}\n"
    )
    rows = []
    for label, workers, scheduler in (
        ("local, 1 worker", 1, None),
        ("local, 2 workers", 2, None),
        *([] if args.no_dask else [("Dask LocalCluster (127.0.0.1), 2 workers", 2, "local")]),
    ):
        before = os.getloadavg()[0]
        seconds, runs = measure(data, workers, scheduler)
        after = os.getloadavg()[0]
        rows.append((label, runs, seconds, 60 * runs / seconds, f"{before:.1f} -> {after:.1f}"))
    print(table(["executor", "runs", "seconds", "runs/min", "load before -> after"], rows))
    print(f"\n2 local workers / 1: {rows[0][2] / rows[1][2]:.2f}x")
    footer(started)


if __name__ == "__main__":
    main()
