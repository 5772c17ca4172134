"""What each speed-up that reaches into Mesa's internals (or the collector) is worth.

Each variant turns one speed-up off and builds and runs ``xinhua_2013`` for a year in a fresh
child process; "all on" is the model as shipped. Variants run round-robin (every variant once,
then again), so a burst of load falls on all alike; figures are medians of ``--repeats``.
The cost of a variant is its CPU time of build + run minus that of "all on", as a share of
"all on". Every variant must give the same results: the script prints a hash of each run's
summary and daily rows and flags any that differ.

Usage::

    .venv/bin/python benchmarks/bench_speedups.py [--repeats 5] [--scale 1] [--days 365]
    .venv/bin/python benchmarks/bench_speedups.py --variants all,no_bulk --scale 30

The variants switch what the installed code has; a variant whose switch is absent (for
example one dropped since) is reported as "n/a". At commit 428b24c the script measured the
switches of that commit's code (``--base``: ``PYTHONPATH`` pointing at a build of it).
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import importlib
import json
import subprocess
import sys
import time
from typing import Any

from _common import footer, header, median, table

#: variant -> patches (module, attribute, value); a patch applies where the attribute exists.
#: Values "<noop1>" etc. are replaced by callables below.
VARIANTS: dict[str, list[tuple[str, str, Any]]] = {
    "all on": [],
    "no lean events": [
        ("cogov.sim.mesa_adapter", "LEAN_EVENTS", False),
        ("cogov.sim.model", "scheduler", "<checked_scheduler>"),
    ],
    "no lean advance": [
        ("cogov.sim.mesa_adapter", "LEAN_ADVANCE", False),
        ("cogov.sim.model", "advance", "<never>"),
    ],
    "hourly step event": [
        ("cogov.sim.mesa_adapter.LeanTimeModel", "stop_heartbeat", "<noop2>"),
        ("cogov.sim.model.CoGovModel", "_stop_heartbeat", "<noop1>"),
    ],
    "no bulk agents": [
        ("cogov.sim.mesa_adapter", "BULK_AGENTS", False),
        ("cogov.agents.bulk", "ENABLED", False),
    ],
    "no gc.freeze in run": [("cogov.sim.model", "_FROZEN_AT_START", -1)],
    "no gc.disable in build": [("cogov.sim.population", "_no_cyclic_gc", "<nullcontext>")],
    "freeze after build": [],  # gc.freeze() after the build, see the child
    "collector on in build": [],  # no build_paused() around the build, see the child
}


def _checked_scheduler(model: Any) -> Any:
    def at(time_: float, callback: Any) -> Any:
        return model.schedule_event(callback, at=time_)

    return at


SPECIAL = {
    "<checked_scheduler>": _checked_scheduler,
    "<never>": lambda *a: False,
    "<noop1>": lambda self: None,
    "<noop2>": lambda self, step: None,
    "<nullcontext>": contextlib.nullcontext,
}


def _resolve(path: str) -> Any | None:
    parts = path.split(".")
    for i in range(len(parts), 0, -1):
        try:
            obj: Any = importlib.import_module(".".join(parts[:i]))
        except ImportError:
            continue
        for name in parts[i:]:
            obj = getattr(obj, name, None)
        return obj
    return None


def apply(variant: str) -> int:
    """Apply ``variant``'s patches; return how many applied."""
    applied = 0
    for path, attr, value in VARIANTS[variant]:
        target = _resolve(path)
        if target is not None and hasattr(target, attr):
            setattr(target, attr, SPECIAL.get(value, value) if isinstance(value, str) else value)
            applied += 1
    return applied


def child(variant: str, scale: float, days: int) -> dict[str, Any]:
    """Build and run one model with ``variant`` applied; return times and a result hash."""
    import gc

    from cogov.sim.model import CoGovModel

    own = ("all on", "freeze after build", "collector on in build")
    if variant not in own and not apply(variant):
        return {"na": True}
    pause: Any = contextlib.nullcontext
    if variant != "collector on in build":
        try:  # the entry points' pause of the collector during the build (absent at 428b24c)
            from cogov.experiments.runner import build_paused, claim_process

            claim_process()
            pause = build_paused
        except ImportError:
            pass
    t, c = time.perf_counter(), time.process_time()
    with pause():
        model = CoGovModel("xinhua_2013", scale=scale)
    build_s, build_cpu = time.perf_counter() - t, time.process_time() - c
    t, c = time.perf_counter(), time.process_time()
    if variant == "freeze after build":
        gc.freeze()
    model.run_days(days)
    run_s, run_cpu = time.perf_counter() - t, time.process_time() - c
    result = model.result()
    digest = hashlib.sha256(
        json.dumps([result.summary, result.daily], sort_keys=True, default=str).encode()
    ).hexdigest()[:12]
    return {
        "build_s": build_s,
        "build_cpu": build_cpu,
        "run_s": run_s,
        "run_cpu": run_cpu,
        "hash": digest,
    }


def main(argv: list[str] | None = None) -> None:
    """Measure the variants in fresh child processes and print what each speed-up is worth."""
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] == "--child":
        print(json.dumps(child(argv[1], float(argv[2]), int(argv[3]))))
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--variants", default=",".join(VARIANTS), help="comma-separated")
    args = parser.parse_args(argv)
    variants = [v.strip() for v in args.variants.split(",")]
    header("bench_speedups: what each speed-up is worth", "bench_speedups.py " + " ".join(argv))
    started = time.perf_counter()
    runs: dict[str, list[dict]] = {v: [] for v in variants}
    for i in range(args.repeats):
        for v in variants:
            cmd = [sys.executable, __file__, "--child", v, str(args.scale), str(args.days)]
            done = subprocess.run(cmd, capture_output=True, text=True, check=False)
            if done.returncode != 0:
                raise RuntimeError(f"child {cmd} failed:\n{done.stderr}")
            runs[v].append(json.loads(done.stdout.strip().splitlines()[-1]))
        print(f"   round {i + 1} of {args.repeats} done", flush=True)
    base = runs.get("all on")
    ref_cpu = median([r["build_cpu"] + r["run_cpu"] for r in base]) if base else float("nan")
    ref_hash = base[0]["hash"] if base else None
    rows = []
    for v, done in runs.items():
        if done[0].get("na"):
            rows.append([v, *["n/a"] * 7])
            continue
        cpu = median([r["build_cpu"] + r["run_cpu"] for r in done])
        hashes = {r["hash"] for r in done}
        rows.append(
            [
                v,
                median([r["build_cpu"] for r in done]),
                median([r["run_cpu"] for r in done]),
                cpu,
                median([r["build_s"] + r["run_s"] for r in done]),
                f"{100 * (cpu - ref_cpu) / ref_cpu:+.1f}%",
                "same" if hashes == {ref_hash} else "DIFFERENT",
                len(done),
            ]
        )
    print(f"\nscale {args.scale:g}, {args.days} days; medians; cost = CPU vs 'all on'")
    heads = ["variant", "build CPU", "run CPU", "CPU", "wall", "cost", "results", "n"]
    print(table(heads, rows))
    footer(started)


if __name__ == "__main__":
    main()
