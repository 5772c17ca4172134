"""Batch throughput: runs per minute with 1 and 2 local workers and on a local Dask cluster.

Runs the same experiment (``xinhua_2013``, full scale by default, one simulated year,
``--runs`` replicates) into fresh folders and prints wall time, runs per minute and the
speed-up of 2 workers over 1. Worker start-up (spawned processes import Mesa) is included,
as a user would see it. Nothing is asserted; the goal (2 workers >= 1.8x of 1) is printed
with whether it was met.

Usage::

    .venv/bin/python benchmarks/bench_batch.py [--runs 60] [--scale 1.0] [--days 365] [--no-dask]

A full-scale year now takes under a second, so spawning the workers (each imports Mesa, about
1.5 s) is a large share of a short batch: with 24 runs two workers were 1.40x as fast as
one, with 60 runs 1.79x (2026-11-27). The default is 60 runs.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

from cogov.experiments.batch import run_batch
from cogov.experiments.design import load_experiment

_TEMPLATE = """
[experiment]
name = "bench_batch"
scenarios = ["xinhua_2013"]
replicates = {runs}
days = {days}
root_seed = 99
scale = {scale}
[design]
kind = "scenarios"
"""


def measure(path: Path, workers: int, scheduler: str | None) -> float:
    """Wall seconds of one batch into a fresh folder."""
    experiment = load_experiment(path)
    with tempfile.TemporaryDirectory() as out:
        started = time.perf_counter()
        report = run_batch(experiment, Path(out), workers=workers, scheduler=scheduler)
        seconds = time.perf_counter() - started
    if not report.ok:
        raise SystemExit(f"batch failed: {report}")
    return seconds


def main() -> None:
    """Print batch throughput figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=60)
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--no-dask", action="store_true", help="skip the local Dask cluster")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench_batch.toml"
        path.write_text(_TEMPLATE.format(runs=args.runs, days=args.days, scale=args.scale))
        print(
            f"batch throughput: {args.runs} runs of xinhua_2013, scale {args.scale}, "
            f"{args.days} days, {os.cpu_count()} cores; {time.strftime('%Y-%m-%d %H:%M')}"
        )
        rows = []
        for label, workers, scheduler in (
            ("local, 1 worker", 1, None),
            ("local, 2 workers", 2, None),
            *([] if args.no_dask else [("Dask LocalCluster, 2 workers", 2, "local")]),
        ):
            seconds = measure(path, workers, scheduler)
            rows.append((label, seconds))
            print(f"  {label:30s} {seconds:7.1f} s  {60 * args.runs / seconds:7.1f} runs/min")
        ratio = rows[0][1] / rows[1][1]
        verdict = "met" if ratio >= 1.8 else "NOT met"
        print(f"  speed-up of 2 local workers over 1: {ratio:.2f}x (goal >= 1.8x: {verdict})")


if __name__ == "__main__":
    main()
