"""The speed budget in instructions: a full-scale year against the 1M-event heapq loop.

``bench_budget.py`` compares CPU seconds, which on a machine whose CPU changes its clock speed
(as the one this project is developed on does) scatter by a third between repeats. This script
counts the instructions each loop executes instead, with valgrind's callgrind tool, which a
clock change does not touch: the same code, scenario and seed give the same count to within
a few parts in a million. Usage::

    .venv/bin/python benchmarks/bench_instructions.py [--scenario xinhua_2013 ...] [--jobs 2]

Each measurement is one process under ``valgrind --tool=callgrind`` (about 50 times slower
than native: some 3 minutes for a model year, 1 for the heapq loop); up to ``--jobs`` run at
once. What is counted, each minus a process that only imports the same modules:

- heapq: ``bench_events.time_heapq_hold`` with 1,000,000 events, 1,000 pending (the loop
  ``bench_budget.py`` times);
- model: ``CoGovModel(scenario, rng=20130315)`` at full scale and ``run_days(365)``.

Instructions are not time: the model chases pointers through 70,900 residents and misses the
cache more often than the heapq loop, so its ratio in seconds is higher than in instructions.
The figure is for comparing versions of the code (before and after a change, without the
clock's noise) and for reading beside ``bench_budget.py``'s ratios, not instead of them.
Needs ``valgrind`` on the PATH (Debian: ``apt-get install valgrind``).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from _common import footer, header, table

SEED = 20130315
N_EVENTS = 1_000_000
PENDING = 1_000
HERE = Path(__file__).resolve().parent


def child(what: str) -> None:
    """The measured process: import everything, then run ``what`` (``imports`` runs nothing)."""
    from bench_events import time_heapq_hold

    from cogov.sim.model import CoGovModel

    if what == "heapq":
        time_heapq_hold(N_EVENTS, PENDING, 0)
    elif what != "imports":
        CoGovModel(what, rng=SEED).run_days(365)


def count(what: str, folder: Path) -> int:
    """Instructions executed by the process running ``what`` under callgrind."""
    out = folder / f"callgrind.{what}"
    env = {**os.environ, "PYTHONHASHSEED": "0"}  # string hashing, hence dict order, fixed
    subprocess.run(
        [
            "valgrind",
            "--tool=callgrind",
            f"--callgrind-out-file={out}",
            sys.executable,
            str(HERE / "bench_instructions.py"),
            "--child",
            what,
        ],
        check=True,
        env=env,
        cwd=HERE,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for line in out.read_text().splitlines():
        if line.startswith("summary:") or line.startswith("totals:"):
            return int(line.split()[1])
    raise RuntimeError(f"{out}: no instruction total")


def main(argv: list[str] | None = None) -> None:
    """Count the loops' instructions and print them and the ratio model / heapq."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scenario", action="append", help="scenario (repeatable; xinhua_2013)")
    ap.add_argument("--jobs", type=int, default=2, help="processes at once (default 2)")
    ap.add_argument("--child", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        child(args.child)
        return
    if shutil.which("valgrind") is None:
        sys.exit("bench_instructions.py: valgrind is not on the PATH (apt-get install valgrind)")
    scenarios = args.scenario or ["xinhua_2013"]
    started = time.perf_counter()
    header("speed budget in instructions (callgrind)", " ".join(sys.argv))
    with tempfile.TemporaryDirectory() as tmp, ThreadPoolExecutor(args.jobs) as pool:
        names = [*scenarios, "heapq", "imports"]
        counts = dict(zip(names, pool.map(lambda w: count(w, Path(tmp)), names), strict=True))
    base = counts["imports"]
    heap = counts["heapq"] - base
    rows = [["heapq: 1,000,000 events", f"{heap / 1e9:.3f}", "1.00x"]]
    for s in scenarios:
        model = counts[s] - base
        rows.append([f"model: {s}, build + one year", f"{model / 1e9:.3f}", f"{model / heap:.2f}x"])
    rows.append(["(imports alone, subtracted)", f"{base / 1e9:.3f}", ""])
    print(table(["loop", "instructions (1e9)", "/ heapq"], rows))
    footer(started)


if __name__ == "__main__":
    main()
