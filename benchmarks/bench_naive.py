"""The naive time-stepped alternative: every resident polled every hour, as in Mesa's tutorial.

70,900 ``Resident`` agents (``xinhua_2013`` at scale 1); each hour ``model.step()`` calls
``self.agents.shuffle_do("step")`` and every resident draws whether a problem arises for
them, with probability equal to the per-resident hourly rate of all of ``xinhua_2013``'s
issue kinds together (the sum of ``rate_per_1000_per_year`` times ``demand.multiplier``,
shaped by the same weekly and daily profiles as ``cogov.sim.arrivals``). This is *only* the
arrivals: the naive model does none of the rest of the issue's life, so the comparison
flatters it.

A few simulated days are timed and extrapolated to a year, then compared with the
event-driven model's full year (build + run, medians of ``--repeats``, in this process, timed
in turn with the naive days so that load from other processes falls on both alike). The
naive model's agents stay alive meanwhile, which if anything slows the event-driven build.

Usage::

    .venv/bin/python benchmarks/bench_naive.py             # 2 simulated days of the naive model
    .venv/bin/python benchmarks/bench_naive.py --days 7    # a longer sample
"""

from __future__ import annotations

import argparse
import gc
import sys
import time

import mesa
import numpy as np
from _common import footer, header, median

from cogov.sim.loader import load_scenario
from cogov.sim.params import Scenario

HOURS_PER_DAY = 24
DAYS_PER_YEAR = 365


class Resident(mesa.Agent):
    """A resident who, every hour, may find that a problem has arisen."""

    def step(self) -> None:
        """Draw whether a problem arises for this resident this hour."""
        if self.random.random() < self.model.p_hour:
            self.model.issues += 1


class NaiveModel(mesa.Model):
    """Residents polled every hour; the hourly probability follows the scenario's profiles.

    Args:
        scenario: the scenario whose population and issue rates to copy.
        seed: the random seed.
    """

    def __init__(self, scenario: Scenario, seed: int = 1) -> None:
        super().__init__(rng=seed)
        s = scenario
        residents = round(s.population.residents * s.population.scale)
        per_year = sum(k.rate_per_1000_per_year for k in s.kinds) / 1000.0 * s.demand.multiplier
        self.base_p = per_year / (DAYS_PER_YEAR * HOURS_PER_DAY)  # per resident per hour
        daily = np.asarray(s.demand.daily_profile, dtype=float)
        weekly = np.asarray(s.demand.weekly_profile, dtype=float)
        self.hour_factor = (daily * 24.0 / daily.sum()).tolist()  # mean 1 over a day
        self.week_factor = (weekly * 7.0 / weekly.sum()).tolist()  # mean 1 over a week
        self.residents = residents
        self.expected = 0.0  # expected issues so far, for a sanity check of the rate
        self.p_hour = 0.0
        self.issues = 0
        self.hour = 0
        for _ in range(residents):
            Resident(self)

    def step(self) -> None:
        """One hour: set this hour's probability, then poll every resident."""
        day, hour = divmod(self.hour, HOURS_PER_DAY)
        self.p_hour = self.base_p * self.week_factor[day % 7] * self.hour_factor[hour]
        self.expected += self.p_hour * self.residents
        self.agents.shuffle_do("step")
        self.hour += 1


def time_event_driven_once() -> tuple[dict[str, float], int]:
    """Build ``CoGovModel`` at full scale and run one year; return its times and issues."""
    from cogov.sim.model import CoGovModel

    gc.collect()
    t, c = time.perf_counter(), time.process_time()
    model = CoGovModel("xinhua_2013", scale=1.0)
    build, build_cpu = time.perf_counter() - t, time.process_time() - c
    t, c = time.perf_counter(), time.process_time()
    model.run_days(DAYS_PER_YEAR)
    run, run_cpu = time.perf_counter() - t, time.process_time() - c
    times = {"build": build, "run": run, "build_cpu": build_cpu, "run_cpu": run_cpu}
    return times, model.metrics.arisen


def time_naive_day(naive: NaiveModel) -> tuple[float, float]:
    """Run the naive model for one simulated day (24 steps); return wall and CPU seconds."""
    t, c = time.perf_counter(), time.process_time()
    for _ in range(HOURS_PER_DAY):
        naive.step()
    return time.perf_counter() - t, time.process_time() - c


def main(argv: list[str] | None = None) -> None:
    """Time the naive model for a few days and compare a year of it with the event model."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=int, default=2, help="simulated days to time (default 2)")
    parser.add_argument("--repeats", type=int, default=3, help="event-model repeats (default 3)")
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    flags = " ".join(sys.argv[1:] if argv is None else argv)
    header("bench_naive: hourly polling vs events", f"bench_naive.py {flags}".strip())
    started = time.perf_counter()

    scenario = load_scenario("xinhua_2013", {"population.scale": 1.0})
    t, c = time.perf_counter(), time.process_time()
    naive = NaiveModel(scenario)
    build, build_cpu = time.perf_counter() - t, time.process_time() - c
    hours = args.days * HOURS_PER_DAY
    days: list[tuple[float, float]] = []
    ev_runs: list[dict[str, float]] = []
    ev_issues = 0
    # interleaved (a naive day, an event-driven year, ...) so that load from other
    # processes falls on both alike
    for i in range(max(args.days, args.repeats)):
        if i < args.days:
            days.append(time_naive_day(naive))
        if i < args.repeats:
            times, ev_issues = time_event_driven_once()
            ev_runs.append(times)
    ev = {k: median([r[k] for r in ev_runs]) for k in ev_runs[0]}
    per_day = [d[0] for d in days]
    run, run_cpu = sum(d[0] for d in days), sum(d[1] for d in days)
    year = DAYS_PER_YEAR / args.days

    print(
        f"Naive model: {len(naive.agents):,} residents polled every hour with "
        f"agents.shuffle_do('step'); hourly probability per resident {naive.base_p:.3g} "
        f"on average."
    )
    print(
        f"   build {build:.2f} s; {hours} steps ({args.days} days) in {run:.2f} s wall, "
        f"{run_cpu:.2f} s CPU ({run / hours * 1000:.0f} ms per step; per day: "
        f"{', '.join(f'{d:.2f}' for d in per_day)} s)"
    )
    print(
        f"   issues arisen: {naive.issues} in {args.days} days "
        f"(expected {naive.expected:.0f}: a sanity check of the rate)"
    )
    print(
        f"   extrapolated to {DAYS_PER_YEAR} days: build + run = {build:.2f} + {run * year:.0f} "
        f"= {build + run * year:.0f} s wall ({build_cpu + run_cpu * year:.0f} s CPU)"
    )
    ev_total, ev_cpu = ev["build"] + ev["run"], ev["build_cpu"] + ev["run_cpu"]
    print(
        f"\nEvent-driven CoGovModel, scale 1, {DAYS_PER_YEAR} days, all mechanisms on "
        f"(median of {args.repeats}): build + run = {ev['build']:.2f} + {ev['run']:.2f} "
        f"= {ev_total:.2f} s wall ({ev_cpu:.2f} s CPU); {ev_issues:,} issues arisen, each "
        f"taken through its whole life"
    )
    speed = (build + run * year) / ev_total
    speed_cpu = (build_cpu + run_cpu * year) / ev_cpu
    speed_run = run * year / ev["run"]
    print("\nSpeed-up of the event-driven model's year over the naive model's year")
    print(
        f"   build + run: {speed:,.0f}x wall, {speed_cpu:,.0f}x CPU; "
        f"run only: {speed_run:,.0f}x wall"
    )
    verdict = "MET" if min(speed, speed_cpu) >= 300 else "NOT MET"
    print(
        f"\nGoal (issue): at least 300x faster than the naive model: "
        f"{min(speed, speed_cpu):,.0f}x (build + run, the lower of wall and CPU) -> {verdict}"
    )

    footer(started)


if __name__ == "__main__":
    main()
