"""The speed budget: a full-scale simulated year against a one-million-event ``heapq`` loop.

Both in one process, timed round-robin: each repeat times a heapq loop, the model's year and
the heapq loop again, so load from other processes and changes of the CPU's clock speed fall
on the year and its bracket alike; medians of CPU time. Usage::

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
    model_cpu, heap_cpu, bracket = [], [], []
    summary: dict = {}
    for r in range(args.repeats):
        before = heapq_hold(r)
        cpu, summary = model_year(args.scenario, 20130315 + r)
        after = heapq_hold(r)
        model_cpu.append(cpu)
        heap_cpu.append((before + after) / 2.0)
        bracket.append((before, after))
    m, h = median(model_cpu), median(heap_cpu)
    rows = [
        ["model: build + run one year", f"{m:.2f}", " ".join(f"{x:.2f}" for x in model_cpu)],
        [
            "heapq: 1,000,000 events (mean of a bracket)",
            f"{h:.2f}",
            " ".join(f"{x:.2f}" for x in heap_cpu),
        ],
    ]
    print(table(["loop", "median CPU s", "each repeat"], rows))
    print(
        f"\nissues arisen {summary.get('issues_arisen')}, reports {summary.get('issues_reported')}"
    )
    verdict = "MET" if m <= 1.5 * h else "NOT MET"
    print(f"ratio model / heapq: {m / h:.2f}x (goal: at most 1.5x) -> {verdict}")
    # each model year is bracketed by a heapq loop before and one after, and its ratio is to
    # their mean: load, or a change of the CPU's clock speed, that falls on the year tends to
    # fall on its bracket too, so the median of the paired ratios is steadier than the ratio
    # of the medians; a bracket whose two loops differ by more than 10% saw such a change,
    # and a second, stricter median leaves it out
    paired = median([a / b for a, b in zip(model_cpu, heap_cpu, strict=True)])
    print(f"median of the paired ratios (heapq before and after each year): {paired:.2f}x")
    steady = [
        a / ((b0 + b1) / 2.0)
        for a, (b0, b1) in zip(model_cpu, bracket, strict=True)
        if abs(b0 - b1) <= 0.1 * min(b0, b1)
    ]
    if steady:
        print(
            f"the same over the {len(steady)} of {len(bracket)} steady brackets: "
            f"{median(steady):.2f}x"
        )
    peak = peak_rss_mb()
    print(
        f"peak resident memory of this process: {peak:.0f} MiB (goal: under 400) -> "
        f"{'MET' if peak < 400 else 'NOT MET'}"
    )
    footer(started)


if __name__ == "__main__":
    main()
