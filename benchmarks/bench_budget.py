"""The speed budget: a full-scale simulated year against a one-million-event ``heapq`` loop.

Both in one process, timed round-robin (one of each per repeat, so load from other
processes falls on both alike); medians of CPU time. Usage::

    .venv/bin/python benchmarks/bench_budget.py [--repeats 3] [--scenario xinhua_2013]

What is timed:

- model: build ``CoGovModel(scenario)`` at full scale and ``run_days(365)`` (the year's whole
  cost, build included, summary not);
- heapq: 1,000,000 events through a bare ``heapq`` of ``(time, seq, callable)`` tuples with
  1,000 always pending (pop, call, push the next: the classic hold loop), the CPython floor
  of an event loop.

The goal (issue 13): model ≤ 1.5 × heapq, and the process's peak resident memory (imports
included) under 400 MiB.
"""

from __future__ import annotations

import argparse
import gc
import sys
import time

from _common import footer, header, median, peak_rss_mb, table
from bench_events import time_heapq_hold

N_EVENTS = 1_000_000
PENDING = 1_000


def heapq_hold(seed: int) -> float:
    """CPU seconds for N_EVENTS through a bare heapq with PENDING entries queued.

    The same loop as ``bench_events.py``'s heapq floor, so both benchmarks measure one thing.
    """
    return time_heapq_hold(N_EVENTS, PENDING, seed)[1]


def model_year(scenario: str, seed: int) -> tuple[float, dict]:
    """CPU seconds to build and run one full-scale year; and its summary."""
    from cogov.sim.model import CoGovModel

    gc.collect()
    c = time.process_time()
    model = CoGovModel(scenario, rng=seed)
    model.run_days(365)
    cpu = time.process_time() - c
    return cpu, model.result().summary


def main(argv: list[str] | None = None) -> None:
    """Time both loops round-robin and print the ratio and the peak memory."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--scenario", default="xinhua_2013")
    args = ap.parse_args(argv)
    started = time.perf_counter()
    header("speed budget: full-scale year vs 1M-event heapq loop", " ".join(sys.argv))
    model_cpu, heap_cpu = [], []
    summary: dict = {}
    for r in range(args.repeats):
        heap_cpu.append(heapq_hold(r))
        cpu, summary = model_year(args.scenario, 20130315 + r)
        model_cpu.append(cpu)
    m, h = median(model_cpu), median(heap_cpu)
    rows = [
        ["model: build + run one year", f"{m:.2f}", " ".join(f"{x:.2f}" for x in model_cpu)],
        ["heapq: 1,000,000 events", f"{h:.2f}", " ".join(f"{x:.2f}" for x in heap_cpu)],
    ]
    print(table(["loop", "median CPU s", "each repeat"], rows))
    print(
        f"\nissues arisen {summary.get('issues_arisen')}, reports {summary.get('issues_reported')}"
    )
    verdict = "MET" if m <= 1.5 * h else "NOT MET"
    print(f"ratio model / heapq: {m / h:.2f}x (goal: at most 1.5x) -> {verdict}")
    # each repeat's pair ran back to back, so a burst of load tends to fall on both: the
    # median of the paired ratios is steadier than the ratio of the medians on a busy machine
    paired = median([a / b for a, b in zip(model_cpu, heap_cpu, strict=True)])
    print(f"median of the repeats' paired ratios: {paired:.2f}x")
    peak = peak_rss_mb()
    print(
        f"peak resident memory of this process: {peak:.0f} MiB (goal: under 400) -> "
        f"{'MET' if peak < 400 else 'NOT MET'}"
    )
    footer(started)


if __name__ == "__main__":
    main()
