"""Events per second: the cogov model, Mesa's bare event loop and a bare ``heapq`` loop.

All in one process, for the same number of events N (the events the model executes in the
chosen horizon). Usage::

    .venv/bin/python benchmarks/bench_events.py                  # scale 1, one year
    .venv/bin/python benchmarks/bench_events.py --scale 0.1 --days 30 --repeats 5

What is timed (medians of ``--repeats``; every figure includes scheduling *and* executing
each event, since the model pays both):

- model: ``model.run_days(days)`` (building the model is not timed here; see bench_model).
  Its events are counted from Mesa's event id counter (free; see ``_common.EventCount``)
  and checked against a second, untimed run whose ``Event.execute`` is wrapped to count and
  classify every event (that run uses Mesa's own loop, which calls ``Event.execute`` for
  every event; the model's lean loop gives the same events in the same order). The five
  loops are timed round-robin, one of each per repeat, so that load from other processes
  falls on all of them alike.
- Mesa "schedule all, then run": a bare ``mesa.Model``; ``schedule_event(noop, at=t)``
  N - H times at random instants in the horizon of H hours, then ``run_until(H)``; Mesa's
  own hourly heartbeat supplies the other H events, so exactly N execute.
- Mesa "hold": the same N events, but with the queue held at the model's mean number of
  pending events: each event, when it runs, schedules the next (the classic hold model).
  This matches the model's queue size, so it is the like-for-like floor.
- heapq "schedule all" / "hold": the same two patterns on a bare ``heapq`` of
  ``(time, seq, callable)`` tuples: the CPython floor.
"""

from __future__ import annotations

import argparse
import gc
import heapq
import itertools
import random
import sys
import time
from collections import Counter
from typing import Any

from _common import EventCount, events_created, footer, header, median, pending_events, table

HOURS_PER_DAY = 24


def noop() -> None:
    """The trivial event callback (a module-level function: Mesa keeps a weak reference)."""


class Hold:
    """A callback that, each time it runs, schedules itself once more on a Mesa model.

    Args:
        model: the bare Mesa model.
        budget: how many further events to schedule in all.
        delays: precomputed delays, cycled through (no random draws in the timed loop).
    """

    def __init__(self, model: Any, budget: int, delays: list[float]) -> None:
        self.model = model
        self.budget = budget
        self.delays = delays
        self.i = 0

    def __call__(self) -> None:
        """Run: schedule the next event unless the budget is spent."""
        if self.budget > 0:
            self.budget -= 1
            self.i = (self.i + 1) % len(self.delays)
            model = self.model
            model.schedule_event(self, at=model.time + self.delays[self.i])


def time_model(scale: float, days: float) -> tuple[float, float, int, int]:
    """Build a model (untimed), time its run; return (wall s, CPU s, events, issues)."""
    from cogov.sim.model import CoGovModel

    model = CoGovModel("xinhua_2013", scale=scale)
    gc.collect()
    count = EventCount(model)
    t, c = time.perf_counter(), time.process_time()
    model.run_days(days)
    wall, cpu = time.perf_counter() - t, time.process_time() - c
    events = count.executed()
    return wall, cpu, events, model.metrics.arisen


def classify_model_events(scale: float, days: float) -> tuple[Counter, float, int]:
    """Run the model once more with ``Event.execute`` wrapped (untimed).

    Returns:
        Events by kind, the mean number of pending events seen at each event, and the count.
    """
    from mesa.time.events import Event, EventGenerator

    from cogov.sim.mesa_adapter import event_heap_size
    from cogov.sim.model import CoGovModel

    # every event goes through Event.execute, on the lean time advance as on Mesa's own
    model = CoGovModel("xinhua_2013", scale=scale)
    kinds: Counter = Counter()
    pending_sum = 0
    original = Event.execute

    def counting_execute(event: Event) -> None:
        nonlocal pending_sum
        pending_sum += event_heap_size(model)
        fn = event.fn() if event.fn is not None else None
        owner = getattr(fn, "__self__", None)
        if fn is None:
            kinds["callback gone"] += 1
        elif isinstance(owner, EventGenerator):
            target = owner.function()
            kinds[f"recurring: {getattr(target, '__name__', repr(target))}"] += 1
        elif hasattr(fn, "_next"):  # an Issue: its pending lifecycle step
            kinds[f"issue: {getattr(fn._next, '__name__', 'none')}"] += 1
        else:
            kinds[f"{type(fn).__name__}: {getattr(fn, '__name__', '')}".rstrip(": ")] += 1
        original(event)

    Event.execute = counting_execute
    try:
        model.run_days(days)
    finally:
        Event.execute = original
    total = sum(kinds.values())
    return kinds, pending_sum / max(1, total), total


def time_mesa_all(n_events: int, horizon: float, seed: int) -> tuple[float, float, int]:
    """Bare Mesa: schedule N - H no-op events at random instants, then ``run_until(H)``."""
    import mesa

    rnd = random.Random(seed)
    heartbeats = int(horizon)
    times = [rnd.random() * horizon for _ in range(max(0, n_events - heartbeats))]
    model = mesa.Model(rng=seed)
    gc.collect()
    created = events_created() - pending_events(model)
    t, c = time.perf_counter(), time.process_time()
    for at in times:
        model.schedule_event(noop, at=at)
    model.run_until(horizon)
    wall, cpu = time.perf_counter() - t, time.process_time() - c
    return wall, cpu, events_created() - created - pending_events(model)


def time_mesa_hold(
    n_events: int, horizon: float, pending: int, seed: int
) -> tuple[float, float, int]:
    """Bare Mesa with ``pending`` events always queued; N events in all (heartbeat included)."""
    import mesa

    rnd = random.Random(seed)
    own = max(pending, n_events - int(horizon))
    mean_delay = 0.9 * horizon * pending / own  # all own events done before the horizon
    delays = [rnd.uniform(0.0, 2.0 * mean_delay) for _ in range(4096)]
    model = mesa.Model(rng=seed)
    hold = Hold(model, own - pending, delays)
    starts = [rnd.uniform(0.0, mean_delay) for _ in range(pending)]
    gc.collect()
    created = events_created() - pending_events(model)
    t, c = time.perf_counter(), time.process_time()
    for at in starts:
        model.schedule_event(hold, at=at)
    model.run_until(horizon)
    wall, cpu = time.perf_counter() - t, time.process_time() - c
    return wall, cpu, events_created() - created - pending_events(model)


def time_heapq_all(n_events: int, horizon: float, seed: int) -> tuple[float, float, int]:
    """Bare heapq: push N ``(time, seq, callable)`` entries, then pop and call each."""
    rnd = random.Random(seed)
    times = [rnd.random() * horizon for _ in range(n_events)]
    queue: list[tuple[float, int, Any]] = []
    seq = itertools.count()
    push, pop = heapq.heappush, heapq.heappop
    gc.collect()
    t, c = time.perf_counter(), time.process_time()
    for at in times:
        push(queue, (at, next(seq), noop))
    done = 0
    while queue:
        _, _, fn = pop(queue)
        fn()
        done += 1
    return time.perf_counter() - t, time.process_time() - c, done


def time_heapq_hold(n_events: int, pending: int, seed: int) -> tuple[float, float, int]:
    """Bare heapq with ``pending`` entries always queued: pop, call, push the next."""
    rnd = random.Random(seed)
    delays = [rnd.uniform(0.0, 2.0) for _ in range(4096)]
    queue = [(rnd.random(), i, noop) for i in range(pending)]
    heapq.heapify(queue)
    seq = itertools.count(pending)
    push, pop = heapq.heappush, heapq.heappop
    budget = n_events - pending
    i = 0
    done = 0
    gc.collect()
    t, c = time.perf_counter(), time.process_time()
    while queue:
        now, _, fn = pop(queue)
        fn()
        done += 1
        if budget > 0:
            budget -= 1
            i = (i + 1) % 4096
            push(queue, (now + delays[i], next(seq), fn))
    return time.perf_counter() - t, time.process_time() - c, done


def main(argv: list[str] | None = None) -> None:
    """Measure and print events per second for the three loops."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0, help="population scale (default 1)")
    parser.add_argument("--days", type=float, default=365.0, help="horizon in days (default 365)")
    parser.add_argument("--repeats", type=int, default=3, help="timed repeats (default 3)")
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    flags = " ".join(sys.argv[1:] if argv is None else argv)
    header("bench_events: events per second", f"bench_events.py {flags}".strip())
    started = time.perf_counter()
    horizon = args.days * HOURS_PER_DAY

    first = time_model(args.scale, args.days)  # also gives N; timed again in the rounds
    n_events, issues = first[2], first[3]
    kinds, mean_pending, counted = classify_model_events(args.scale, args.days)
    pending = max(1, round(mean_pending))

    print(
        f"Model: xinhua_2013 at scale {args.scale:g}, {args.days:g} days: {issues:,} issues; "
        f"N = {n_events:,} events executed, from Mesa's event id counter and queue\n"
        f"(a second, untimed run with Event.execute wrapped counted {counted:,}: "
        f"{'the same' if counted == n_events else 'DIFFERENT'})."
    )
    print(f"Mean events pending on the model's queue while it runs: {mean_pending:,.0f}.")
    print("\nWhat the model's events are (from the wrapped Event.execute)")
    print(
        table(
            ["event", "count", "share"],
            [[k, v, f"{100 * v / counted:.1f}%"] for k, v in kinds.most_common()],
        )
    )
    print(
        "(Not counted: cancelled events, which Mesa never executes - the deadline watches of\n"
        " issues closed before their deadline. 'callback gone', if listed: the weakly referenced\n"
        " callback was freed before its time; Mesa pops the event and skips it.)"
    )

    mesa_hold = f"Mesa: hold, {pending:,} pending"
    heap_hold = f"heapq: hold, {pending:,} pending"
    loops: dict[str, list[tuple[float, float, int]]] = {}
    for seed in range(args.repeats):  # round-robin, so a burst of load hits every loop alike
        for label, timed in (
            ("cogov model (run only)", time_model(args.scale, args.days)[:3]),
            ("Mesa: schedule all, then run_until", time_mesa_all(n_events, horizon, seed)),
            (mesa_hold, time_mesa_hold(n_events, horizon, pending, seed)),
            ("heapq: push all, then pop all", time_heapq_all(n_events, horizon, seed)),
            (heap_hold, time_heapq_hold(n_events, pending, seed)),
        ):
            loops.setdefault(label, []).append(timed)
    wall = {k: median([t[0] for t in v]) for k, v in loops.items()}
    cpu = {k: median([t[1] for t in v]) for k, v in loops.items()}
    count = {k: v[0][2] for k, v in loops.items()}

    print(f"\nEvents per second (medians of {args.repeats}; scheduling + executing every event)")
    print(
        table(
            ["loop", "events", "wall s", "CPU s", "events/s (CPU)", "us/event (CPU)"],
            [
                [k, count[k], wall[k], cpu[k], count[k] / cpu[k], 1e6 * cpu[k] / count[k]]
                for k in loops
            ],
        )
    )
    us = {k: 1e6 * cpu[k] / count[k] for k in loops}
    model = us["cogov model (run only)"]
    mesa_all = us["Mesa: schedule all, then run_until"]
    heap_all = us["heapq: push all, then pop all"]
    print("\nRatios of CPU time per event (above 1: the first is slower)")
    print(f"   model / Mesa schedule-all: {model / mesa_all:.2f}x")
    print(f"   model / Mesa hold (the model's queue size): {model / us[mesa_hold]:.2f}x")
    print(f"   Mesa / heapq, schedule-all: {mesa_all / heap_all:.2f}x")
    print(f"   Mesa / heapq, hold: {us[mesa_hold] / us[heap_hold]:.2f}x")
    print(
        f"   of the model's {model:.1f} us per event, Mesa's bare loop (hold) takes "
        f"{us[mesa_hold]:.1f} us and cogov's own work {model - us[mesa_hold]:.1f} us"
    )
    worst = model / min(mesa_all, us[mesa_hold])
    verdict = "MET" if worst <= 3.0 else "NOT MET"
    if args.scale != 1.0 or args.days != 365.0:
        verdict += " (but the goal is for scale 1, 365 days)"
    print(
        f"\nGoal (issue): the model within 3x of Mesa's bare event loop for the same events: "
        f"{worst:.2f}x against the faster Mesa loop -> {verdict}"
    )

    footer(started)


if __name__ == "__main__":
    main()
