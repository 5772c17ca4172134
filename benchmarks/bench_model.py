"""Wall time and peak memory of the cogov model by population scale and horizon.

Every measurement runs in a fresh child process, so each peak-memory figure
(``getrusage(RUSAGE_SELF).ru_maxrss``) belongs to that one model alone and no run inherits
another's heap or garbage. Figures are medians over the repeats; nothing is asserted.

Usage::

    .venv/bin/python benchmarks/bench_model.py            # default, 2-4 minutes on 2 cores
    .venv/bin/python benchmarks/bench_model.py --quick    # scales 0.1 and 1, one year
    .venv/bin/python benchmarks/bench_model.py --full     # adds 10 years at scales 10 and 30

Columns (all times in seconds, wall clock unless they say CPU):

- build: ``CoGovModel(scenario, scale=...)``, with the collector paused as ``cogov run`` and
  batch workers pause it (``cogov.experiments.runner.build_paused``); run:
  ``model.run_days(365 * years)``; summary: ``model.result()``; total: the three together;
  process: the child process from start to exit, including the interpreter and imports
  (roughly what one run from the command line costs).
- events: Mesa events executed during the run, read from Mesa's event id counter and the
  queue (``_common.EventCount``: created + pending before - pending after - cancelled).
- GC: wall time spent in the cyclic garbage collector during build and run (``gc.callbacks``).
- memory: peak RSS of the child (MiB); "model" is the peak minus the peak after imports.
- load: the 1-minute load average when the child started (median): above the CPU count,
  other processes were competing and wall (and, less, CPU) times are inflated.
"""

from __future__ import annotations

import argparse
import contextlib
import itertools
import json
import os
import subprocess
import sys
import time
from typing import Any

from _common import (
    EventCount,
    GcClock,
    footer,
    header,
    median,
    peak_rss_mb,
    table,
)

DAYS_PER_YEAR = 365
GOAL_SECONDS = 1.0
GOAL_MB = 300.0


def measure(scenario: str, scale: float, years: int) -> dict[str, Any]:
    """Build and run one model in this process and return its figures.

    Args:
        scenario: a built-in scenario name or a TOML path.
        scale: population scale (1 = 70,900 residents for ``xinhua_2013``).
        years: simulated years (365 days each).

    Returns:
        Times (s), counts and peak memory (MiB) of this one run.
    """
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    t = time.perf_counter()
    from cogov.sim.model import CoGovModel

    try:  # absent before commit 4792b6e, whose model paused the collector itself
        from cogov.experiments.runner import build_paused, claim_process
    except ImportError:
        build_paused, claim_process = contextlib.nullcontext, lambda: None

    import_s = time.perf_counter() - t
    rss_import = peak_rss_mb()
    gc_clock = GcClock().install()

    claim_process()  # as `cogov run` and a batch worker: the collector pauses for the build
    t, c = time.perf_counter(), time.process_time()
    with build_paused():
        model = CoGovModel(scenario, scale=scale)
    build_s, build_cpu = time.perf_counter() - t, time.process_time() - c
    build_gc = gc_clock.seconds
    rss_build = peak_rss_mb()

    count = EventCount(model)
    t, c = time.perf_counter(), time.process_time()
    model.run_days(DAYS_PER_YEAR * years)
    run_s, run_cpu = time.perf_counter() - t, time.process_time() - c
    run_gc = gc_clock.seconds - build_gc
    events = count.executed()

    t = time.perf_counter()
    summary = model.result().summary
    summary_s = time.perf_counter() - t
    gc_clock.remove()
    return {
        "import_s": import_s,
        "build_s": build_s,
        "build_cpu": build_cpu,
        "build_gc": build_gc,
        "run_s": run_s,
        "run_cpu": run_cpu,
        "run_gc": run_gc,
        "summary_s": summary_s,
        "residents": summary["residents"],
        "issues": summary["issues_arisen"],
        "events": events,
        "rss_import": rss_import,
        "rss_build": rss_build,
        "rss_peak": peak_rss_mb(),
        "load": load,
    }


def measure_in_child(scenario: str, scale: float, years: int) -> dict[str, Any]:
    """Run :func:`measure` in a fresh interpreter; add the child's whole wall time."""
    cmd = [sys.executable, __file__, "--child", scenario, str(scale), str(years)]
    t = time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    process_s = time.perf_counter() - t
    if done.returncode != 0:
        raise RuntimeError(f"child {cmd} failed:\n{done.stderr}")
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    figures["process_s"] = process_s
    return figures


def plan(quick: bool, full: bool) -> list[tuple[float, int]]:
    """The (scale, years) pairs to measure."""
    if quick:
        return [(0.1, 1), (1.0, 1)]
    pairs = [(s, 1) for s in (0.1, 1.0, 10.0, 30.0)] + [(0.1, 10), (1.0, 10)]
    if full:
        pairs += [(10.0, 10), (30.0, 10)]
    return pairs


def default_repeats(scale: float, years: int) -> int:
    """Three repeats where a run is cheap (scale x years <= 1), one otherwise."""
    return 3 if scale * years <= 1 else 1


def run_plan(scenario: str, pairs: list[tuple[float, int]], repeats: int | None) -> list[dict]:
    """Measure every pair, print progress, return the per-pair medians.

    Repeats go round-robin (every pair once, then every pair again), so that a burst of load
    from other processes falls on several pairs rather than on all repeats of one.
    """
    counts = {pair: repeats or default_repeats(*pair) for pair in pairs}
    runs: dict[tuple[float, int], list[dict]] = {pair: [] for pair in pairs}
    for i in range(max(counts.values())):
        for pair in pairs:
            if i < counts[pair]:
                scale, years = pair
                print(
                    f"   round {i + 1}: scale {scale:g}, {years} year(s) ...", end=" ", flush=True
                )
                runs[pair].append(measure_in_child(scenario, scale, years))
                print(f"run {runs[pair][-1]['run_s']:.2f} s", flush=True)
    rows = []
    for (scale, years), done in runs.items():
        row = {k: median([r[k] for r in done]) for k in done[0]}
        row.update(scale=scale, years=years, n=len(done))
        low, high = min(r["run_s"] for r in done), max(r["run_s"] for r in done)
        row["run_range"] = f"{low:.2f}-{high:.2f}" if len(done) > 1 else "-"
        row["total_s"] = median([r["build_s"] + r["run_s"] + r["summary_s"] for r in done])
        for key in ("issues", "events", "residents"):
            row[key] = int(row[key])
        rows.append(row)
    return rows


def report(rows: list[dict]) -> None:
    """Print the time, work, memory and growth tables."""
    print("\nTime (s, medians; 'process' includes interpreter start and imports)")
    print(
        table(
            [
                *("scale", "residents", "years", "n", "import", "build", "run", "run range"),
                *("run/yr", "summary", "total", "process", "build CPU", "run CPU"),
                *("build GC", "run GC", "load"),
            ],
            [
                [
                    f"{r['scale']:g}",
                    r["residents"],
                    r["years"],
                    r["n"],
                    r["import_s"],
                    r["build_s"],
                    r["run_s"],
                    r["run_range"],
                    r["run_s"] / r["years"],
                    r["summary_s"],
                    r["total_s"],
                    r["process_s"],
                    r["build_cpu"],
                    r["run_cpu"],
                    r["build_gc"],
                    r["run_gc"],
                    r["load"],
                ]
                for r in rows
            ],
        )
    )
    print("\nWork (issues arisen and Mesa events executed during the run)")
    print(
        table(
            [
                *("scale", "years", "issues", "issues/yr", "events", "events/issue"),
                *("run s per 1k issues", "us/event", "events/s"),
            ],
            [
                [
                    f"{r['scale']:g}",
                    r["years"],
                    r["issues"],
                    r["issues"] / r["years"],
                    r["events"],
                    r["events"] / max(1, r["issues"]),
                    1000 * r["run_s"] / max(1, r["issues"]),
                    1e6 * r["run_s"] / max(1, r["events"]),
                    r["events"] / r["run_s"],
                ]
                for r in rows
            ],
        )
    )
    print("\nMemory (MiB; peak RSS of a fresh process; 'model' = peak - peak after imports)")
    print(
        table(
            ["scale", "years", "after import", "after build", "peak", "model", "KiB/resident"],
            [
                [
                    f"{r['scale']:g}",
                    r["years"],
                    r["rss_import"],
                    r["rss_build"],
                    r["rss_peak"],
                    r["rss_peak"] - r["rss_import"],
                    1024 * (r["rss_peak"] - r["rss_import"]) / max(1, r["residents"]),
                ]
                for r in rows
            ],
        )
    )
    growth(rows)


def _ratio_row(label: str, a: dict, b: dict) -> list[Any]:
    issues = b["issues"] / max(1, a["issues"])
    run = b["run_s"] / a["run_s"]
    model_mb = (b["rss_peak"] - b["rss_import"]) / max(1e-9, a["rss_peak"] - a["rss_import"])
    return [
        label,
        b["residents"] / max(1, a["residents"]),
        issues,
        b["build_s"] / a["build_s"],
        b["build_cpu"] / a["build_cpu"],
        run,
        run / issues,
        (b["run_cpu"] / a["run_cpu"]) / issues,
        b["events"] / max(1, a["events"]),
        model_mb,
    ]


def growth(rows: list[dict]) -> None:
    """Print ratios between scales and between horizons (1.00 per issue = linear)."""
    by = {(r["scale"], r["years"]): r for r in rows}
    lines = []
    for years in sorted({r["years"] for r in rows}):
        scales = sorted(s for s, y in by if y == years)
        for lo, hi in itertools.pairwise(scales):
            label = f"{years} yr: scale {hi:g} / {lo:g}"
            lines.append(_ratio_row(label, by[lo, years], by[hi, years]))
    for scale in sorted({r["scale"] for r in rows}):
        horizons = sorted(y for s, y in by if s == scale)
        for lo, hi in itertools.pairwise(horizons):
            label = f"scale {scale:g}: {hi} yr / {lo} yr"
            lines.append(_ratio_row(label, by[scale, lo], by[scale, hi]))
    if not lines:
        return
    print("\nGrowth (ratios; 'run/issue' and 'CPU/issue' of 1.00 mean cost linear in issues)")
    print(
        table(
            [
                *("between", "residents x", "issues x", "build x", "build CPU x", "run x"),
                "run/issue x",
                *("CPU/issue x", "events x", "model MiB x"),
            ],
            lines,
        )
    )


def goals(rows: list[dict]) -> None:
    """Print the project's goals for full scale, one year, and whether the figures meet them."""
    full = next((r for r in rows if r["scale"] == 1.0 and r["years"] == 1), None)
    if full is None:
        return
    build_run = full["build_s"] + full["run_s"]

    def verdict(ok: bool) -> str:
        return "MET" if ok else "NOT MET"

    print("\nGoals (issue): full scale, all mechanisms on, one simulated year")
    print(
        f"   build + run + summary {full['total_s']:.2f} s (build {full['build_s']:.2f}, "
        f"run {full['run_s']:.2f}, summary {full['summary_s']:.2f}) -> under {GOAL_SECONDS:g} s: "
        f"{verdict(full['total_s'] < GOAL_SECONDS)}"
    )
    print(
        f"   build + run {build_run:.2f} s: {verdict(build_run < GOAL_SECONDS)}; "
        f"run alone {full['run_s']:.2f} s: {verdict(full['run_s'] < GOAL_SECONDS)}; "
        f"whole process incl. imports {full['process_s']:.2f} s: "
        f"{verdict(full['process_s'] < GOAL_SECONDS)}"
    )
    cpu = full["build_cpu"] + full["run_cpu"]
    print(
        f"   CPU time of build + run {cpu:.2f} s (less inflated by other processes than wall): "
        f"{verdict(cpu < GOAL_SECONDS)}"
    )
    peak_mb = full["rss_peak"] * 2**20 / 1e6
    print(
        f"   peak memory {full['rss_peak']:.0f} MiB = {peak_mb:.0f} MB (of which "
        f"{full['rss_import']:.0f} MiB after imports) -> under {GOAL_MB:g} MB: "
        f"{verdict(peak_mb < GOAL_MB)}"
    )


def main(argv: list[str] | None = None) -> None:
    """Parse arguments; measure in children, or be one child."""
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] == "--child":
        scenario, scale, years = argv[1], float(argv[2]), int(argv[3])
        print(json.dumps(measure(scenario, scale, years)))
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--quick", action="store_true", help="scales 0.1 and 1, one year")
    mode.add_argument("--full", action="store_true", help="also 10 years at scales 10 and 30")
    parser.add_argument(
        "--repeats", type=int, default=None, help="fresh processes per figure (default 3 or 1)"
    )
    parser.add_argument("--scenario", default="xinhua_2013", help="scenario name or TOML path")
    args = parser.parse_args(argv)
    flags = " ".join(argv)
    header("bench_model: cogov build/run time and peak memory", f"bench_model.py {flags}".strip())
    t = time.perf_counter()
    rows = run_plan(args.scenario, plan(args.quick, args.full), args.repeats)
    report(rows)
    goals(rows)
    footer(t)


if __name__ == "__main__":
    main()
