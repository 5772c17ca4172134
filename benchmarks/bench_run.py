"""What ``cogov run`` costs as a whole process, and where its time goes.

Two parts, each in fresh child processes (started from a scratch folder):

- process: ``python -m cogov run --quiet --out TMP`` with its charts (PNG, the default) and
  with ``--no-charts``, alternating, ``--repeats`` times each; wall time, CPU time (user +
  sys) and peak memory of each child (``os.wait4``), and the medians;
- phases: a child that does what ``cogov.cli.cmd_run`` does, step by step, and prints the
  CPU time (``time.process_time``) of each: importing the CLI, loading the scenario,
  importing the model (Mesa and its libraries), the build, the run, the result files,
  importing matplotlib and the chart modules, and each chart. Interpreter start-up is not
  included there (it is in the process part).

Nothing is asserted. Usage::

    .venv/bin/python benchmarks/bench_run.py                  # 3 repeats, full scale, 365 days
    .venv/bin/python benchmarks/bench_run.py --repeats 5 --scale 0.1
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

_VARIANTS = {"default (PNG charts)": [], "--no-charts": ["--no-charts"]}


def _child_phases(scale: float, days: int) -> None:
    """Time cmd_run's steps in this process and print them as JSON."""
    clock = time.process_time
    marks: list[tuple[str, float]] = []
    last = clock()

    def mark(name: str) -> None:
        nonlocal last
        now = clock()
        marks.append((name, now - last))
        last = now

    import cogov.cli  # noqa: F401

    mark("import cogov.cli")
    from cogov.experiments.files import write_daily_csv, write_daily_parquet, write_json
    from cogov.experiments.runner import build_paused, claim_process
    from cogov.sim.loader import load_scenario

    scenario = load_scenario("xinhua_2013", {"population.scale": scale, "days": days})
    mark("load the scenario")
    claim_process()
    with build_paused():
        from cogov.sim.model import CoGovModel

        mark("import the model (Mesa and its libraries)")
        model = CoGovModel(scenario)
        mark("build")
    model.run_days(scenario.days)
    mark(f"run {days} days")
    result = model.result()
    out = Path(tempfile.mkdtemp(prefix="bench_run_"))
    with build_paused():
        write_json(out / "summary.json", result.summary)
        write_daily_csv(out / "daily.csv", result.daily)
        write_daily_parquet(out / "daily.parquet", result.daily)
        mark("result and summary.json, daily.csv, daily.parquet")
        from cogov.experiments.charts.run import RUN_CHARTS, draw_run_chart

        mark("import matplotlib and the charts")
        for name in RUN_CHARTS:
            draw_run_chart(name, result.summary, result.daily, out, "en", ("png",))
            mark(f"draw {name}.png")
    print(json.dumps(marks))


def _process(args: list[str], cwd: str) -> tuple[float, float, float]:
    """Wall s, CPU s (user + sys) and peak RSS (MiB) of one child running ``args``."""
    started = time.perf_counter()
    proc = subprocess.Popen(args, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    out, err = proc.stdout.read(), proc.stderr.read()
    if proc.returncode:
        sys.exit(f"child failed ({proc.returncode}): {err.decode()[-2000:]}")
    proc.stdout.close()
    proc.stderr.close()
    del out
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def main() -> None:
    """Run both parts and print their tables."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--child-phases", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child_phases:  # before _common, which imports the model
        _child_phases(args.scale, args.days)
        return
    from _common import footer, header, median, table

    started = time.perf_counter()
    header("cogov run as a whole process, and its steps", " ".join(["bench_run.py", *sys.argv[1:]]))
    scratch = tempfile.mkdtemp(prefix="bench_run_")  # not the repository: no cogov/ on the path
    size = ["--scale", str(args.scale), "--days", str(args.days)]
    runs: dict[str, list[tuple[float, float, float]]] = {v: [] for v in _VARIANTS}
    for r in range(args.repeats):
        for variant, extra in _VARIANTS.items():
            out = str(Path(scratch) / f"out{r}")
            cmd = [sys.executable, "-m", "cogov", "run", "--quiet", *size, *extra, "--out", out]
            runs[variant].append(_process(cmd, scratch))
    rows = []
    for variant, got in runs.items():
        walls, cpus, rss = zip(*got, strict=True)
        each = ", ".join(f"{c:.2f}" for c in cpus)
        rows.append([variant, median(walls), median(cpus), each, max(rss)])
    print(
        f"cogov run, scale {args.scale:g}, {args.days} days, {args.repeats} alternating runs each"
    )
    print(table(["variant", "wall s (median)", "CPU s (median)", "CPU s (each)", "peak MiB"], rows))
    phases: dict[str, list[float]] = {}
    me = [sys.executable, str(Path(__file__).resolve()), "--child-phases", *size]
    for _ in range(args.repeats):
        done = subprocess.run(me, cwd=scratch, capture_output=True, text=True, check=True)
        for name, seconds in json.loads(done.stdout.splitlines()[-1]):
            phases.setdefault(name, []).append(seconds)
    print("\nsteps of cmd_run in one process, CPU s (process_time)")
    rows = [[n, median(v), ", ".join(f"{x:.2f}" for x in v)] for n, v in phases.items()]
    totals = [sum(t) for t in zip(*phases.values(), strict=True)]
    rows.append(["total", median(totals), ", ".join(f"{x:.2f}" for x in totals)])
    print(table(["step", "median", "each"], rows))
    footer(started)


if __name__ == "__main__":
    main()
