"""A whole district in one model against its ten subdistricts run one by one.

``changning_district`` holds ten subdistricts like Xinhua Road (709,000 residents) in one
model with shared departments. The performance issue asks that its simulated year cost no
more than ten single subdistricts (``xinhua_2013``, 70,900 residents each) run one after
another. Usage::

    .venv/bin/python benchmarks/bench_district.py                # one round (~30 s)
    .venv/bin/python benchmarks/bench_district.py --repeats 3    # medians of three rounds

Every model is built and run in a fresh child process (``bench_model.py --child``), so each
peak-memory figure is its own. One round is the district once, then the ten singles in turn;
rounds repeat round-robin. Compared: build + run + summary (wall and CPU of build + run),
issues and peak memory. The singles' times are summed, their peaks are the largest single
peak (they run one after another, not together).
"""

from __future__ import annotations

import argparse
import sys
import time

from _common import footer, header, median, table
from bench_model import measure_in_child

SINGLES = 10


def one_round(years: int) -> tuple[dict, list[dict]]:
    """The district once, then the ten singles, each in a fresh process."""
    print("   district ...", end=" ", flush=True)
    district = measure_in_child("changning_district", 1.0, years)
    print(f"build {district['build_s']:.2f} s, run {district['run_s']:.2f} s", flush=True)
    singles = []
    for i in range(SINGLES):
        print(f"   single {i + 1}/{SINGLES} ...", end=" ", flush=True)
        singles.append(measure_in_child("xinhua_2013", 1.0, years))
        print(f"build {singles[-1]['build_s']:.2f} s, run {singles[-1]['run_s']:.2f} s", flush=True)
    return district, singles


def totals(district: dict, singles: list[dict]) -> dict[str, dict[str, float]]:
    """Figures of the district and of the ten singles together, for one round."""

    def of(runs: list[dict]) -> dict[str, float]:
        return {
            "build": sum(r["build_s"] for r in runs),
            "run": sum(r["run_s"] for r in runs),
            "total": sum(r["build_s"] + r["run_s"] + r["summary_s"] for r in runs),
            "cpu": sum(r["build_cpu"] + r["run_cpu"] for r in runs),
            "issues": sum(r["issues"] for r in runs),
            "residents": sum(r["residents"] for r in runs),
            "peak": max(r["rss_peak"] for r in runs),
        }

    return {"district": of([district]), "singles": of(singles)}


def main(argv: list[str] | None = None) -> None:
    """Measure, then print the comparison and the goal."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=1, help="rounds (default 1)")
    parser.add_argument("--years", type=int, default=1, help="simulated years (default 1)")
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    flags = " ".join(sys.argv[1:] if argv is None else argv)
    header("bench_district: one district model vs ten subdistricts", f"bench_district.py {flags}")
    started = time.perf_counter()
    rounds = []
    for i in range(args.repeats):
        print(f"round {i + 1}:")
        rounds.append(totals(*one_round(args.years)))
    keys = ("residents", "issues", "build", "run", "total", "cpu", "peak")
    rows = []
    for who, label in (("district", "one district model"), ("singles", f"{SINGLES} singles")):
        rows.append([label, *(median([r[who][k] for r in rounds]) for k in keys)])
    print(f"\nOne district vs {SINGLES} subdistricts, {args.years} yr, medians of {args.repeats}")
    print(
        table(
            ["", "residents", "issues", "build s", "run s", "total s", "CPU s", "peak MiB"],
            rows,
        )
    )
    ratio = median([r["district"]["total"] / r["singles"]["total"] for r in rounds])
    cpu_ratio = median([r["district"]["cpu"] / r["singles"]["cpu"] for r in rounds])
    per_issue = median(
        [
            (r["district"]["run"] / r["district"]["issues"])
            / (r["singles"]["run"] / r["singles"]["issues"])
            for r in rounds
        ]
    )
    status = "MET" if ratio <= 1.0 else "NOT MET"
    print(
        f"\nGoal (issue): a district's year costs no more than {SINGLES} subdistricts one by one\n"
        f"   district / singles, build + run + summary: {ratio:.2f}x -> {status}\n"
        f"   CPU time of build + run: {cpu_ratio:.2f}x; run time per issue: {per_issue:.2f}x"
    )
    footer(started)


if __name__ == "__main__":
    main()
