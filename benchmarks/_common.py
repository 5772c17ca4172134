"""Helpers shared by the benchmark scripts: clocks, event counts, memory, tables.

Nothing here asserts anything about time: the scripts print figures for people to read.
"""

from __future__ import annotations

import gc
import os
import platform
import resource
import statistics
import sys
import time
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from cogov.sim.events import events_created, pending_events

__all__ = [
    "EventCount",
    "GcClock",
    "cancelled_events",
    "code_version",
    "events_created",
    "footer",
    "header",
    "median",
    "peak_rss_mb",
    "pending_events",
    "table",
]


def peak_rss_mb() -> float:
    """This process's peak resident set size so far, in MiB (``getrusage`` high-water mark)."""
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss / 2**20 if sys.platform == "darwin" else rss / 1024  # bytes on macOS, KiB on Linux


def cancelled_events(model: Any) -> int:
    """Events ``model`` has cancelled so far (Mesa never executes a cancelled event).

    cogov cancels the deadline watch of an issue that closes before its deadline
    (``model.events_cancelled``); Mesa's hourly step event, stopped when the model is built,
    is cancelled before any run.
    """
    return getattr(model, "events_cancelled", 0)


class EventCount:
    """Counts the events ``model`` executes between :meth:`start` and :meth:`stop`, for free.

    Executed = created meanwhile + live pending at the start - live pending at the end -
    cancelled meanwhile (``bench_events.py`` checks this against a run with
    ``Event.execute`` wrapped).
    """

    def __init__(self, model: Any) -> None:
        """Take the counts at the start."""
        self.model = model
        self.created = events_created()
        self.pending = pending_events(model)
        self.cancelled = cancelled_events(model)

    def executed(self) -> int:
        """Events executed since the start."""
        m = self.model
        return (
            events_created()
            - self.created
            + self.pending
            - pending_events(m)
            - (cancelled_events(m) - self.cancelled)
        )


class GcClock:
    """Adds up the wall time the cyclic garbage collector spends, via ``gc.callbacks``.

    The callback runs once per collection (hundreds of times a year of simulation), so it
    costs next to nothing.
    """

    def __init__(self) -> None:
        """Start at zero; call :meth:`install` to begin timing."""
        self.seconds = 0.0
        self.collections = [0, 0, 0]
        self._t0 = 0.0

    def _callback(self, phase: str, info: dict[str, Any]) -> None:
        if phase == "start":
            self._t0 = time.perf_counter()
        else:
            self.seconds += time.perf_counter() - self._t0
            self.collections[info["generation"]] += 1

    def install(self) -> GcClock:
        """Register the callback; returns self."""
        gc.callbacks.append(self._callback)
        return self

    def remove(self) -> None:
        """Unregister the callback."""
        if self._callback in gc.callbacks:
            gc.callbacks.remove(self._callback)


def median(values: Sequence[float]) -> float:
    """The median of ``values`` (NaN for none)."""
    return statistics.median(values) if values else float("nan")


def header(title: str, command: str) -> None:
    """Print what ran, where and when, so that every figure can be traced."""
    import mesa

    load = os.getloadavg() if hasattr(os, "getloadavg") else (float("nan"),) * 3
    now = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    print(f"== {title}")
    print(f"   command: {command} | code: {code_version()}")
    print(
        f"   date: {now} | Python {platform.python_version()} | Mesa {mesa.__version__} | "
        f"{os.cpu_count()} CPUs | load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}"
    )
    if load[0] > 0.5 * (os.cpu_count() or 1):
        print(
            "   note: other processes are using the CPUs; wall times are inflated. "
            "CPU-time columns are less affected."
        )
    print()


def footer(started: float) -> None:
    """Print how long the benchmark took and the load average at its end."""
    load = os.getloadavg() if hasattr(os, "getloadavg") else (float("nan"),) * 3
    print(
        f"\n(benchmark took {time.perf_counter() - started:.0f} s; "
        f"load average at the end {load[0]:.2f} {load[1]:.2f} {load[2]:.2f})"
    )


def code_version() -> str:
    """The git commit of the model code, and whether the model's files differ from it."""
    import subprocess
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    try:
        head = subprocess.run(
            ["git", "-C", str(root), "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "-C", str(root), "status", "--porcelain", "--", "sim", "agents", "scenarios"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown (not a git checkout)"
    return f"commit {head}" + (" + uncommitted changes to the model" if dirty else "")


def table(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    """Render rows as a right-aligned plain-text table (first column left-aligned)."""
    cells = [[str(h) for h in headers], *[[_cell(v) for v in r] for r in rows]]
    widths = [max(len(r[i]) for r in cells) for i in range(len(headers))]
    lines = []
    for n, r in enumerate(cells):
        rest = [v.rjust(w) for v, w in zip(r[1:], widths[1:], strict=True)]
        parts = [r[0].ljust(widths[0]), *rest]
        lines.append("  ".join(parts).rstrip())
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def _cell(value: Any) -> str:
    if isinstance(value, float):
        if value != value:
            return "-"
        if abs(value) >= 1000:
            return f"{value:,.0f}"
        if abs(value) >= 100:
            return f"{value:.0f}"
        if abs(value) >= 10:
            return f"{value:.1f}"
        return f"{value:.2f}" if abs(value) >= 0.1 or value == 0 else f"{value:.3f}"
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}"
    return str(value)
