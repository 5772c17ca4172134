"""One run of an experiment: a pure function of its ``RunSpec``, safe to send to any worker.

``run_one`` never raises: a run that fails returns a row with ``status = "failed"`` and the
traceback, so one bad run does not stop a batch.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import json
import os
import platform
import subprocess
import time
import traceback
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from cogov.experiments.design import RunSpec

__all__ = [
    "RunOutcome",
    "build_paused",
    "claim_process",
    "code_version",
    "failed_outcome",
    "flatten_summary",
    "provenance",
    "run_key",
    "run_one",
]

_REPO = Path(__file__).resolve().parent.parent

#: whether this process belongs to cogov (``cogov run``, a local batch worker): only then may
#: the garbage collector be paused; never in a host process such as a threaded server
_OWN_PROCESS = False


def claim_process() -> None:
    """Mark this process as cogov's own (the CLI, or a local batch worker's initializer)."""
    global _OWN_PROCESS
    _OWN_PROCESS = True


@contextlib.contextmanager
def build_paused() -> Iterator[None]:
    """In cogov's own process, pause the cyclic garbage collector while a model is built.

    Building creates tens of thousands of long-lived agents, and each full collection on the
    way walks them all again (about 5 % of a full-scale year, ``benchmarks/README.md``).
    ``cogov run`` also pauses it while it imports the model's libraries (objects that live
    to the end) and while it draws its charts (matplotlib's many small objects would set off
    full collections that walk the finished model again); its process ends soon after. The
    collector is a process-wide setting, so this does nothing unless :func:`claim_process`
    was called; the previous state is restored.
    """
    pause = _OWN_PROCESS and gc.isenabled()
    if pause:
        gc.disable()
    try:
        yield
    finally:
        if pause:
            gc.enable()


@dataclass(frozen=True, slots=True)
class RunOutcome:
    """What a worker sends back: the row for ``runs.parquet``, the summary and the daily table."""

    key: str
    row: dict[str, Any]
    summary: dict[str, Any] | None = None
    daily: dict[str, list] | None = field(default=None)


def code_version() -> str:
    """The git commit of this checkout (``+dirty`` if modified), else the package version."""
    try:
        commit = subprocess.run(
            ["git", "-C", str(_REPO), "rev-parse", "HEAD"],
            capture_output=True,
            text=True,
            check=True,
            timeout=10,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "-C", str(_REPO), "status", "--porcelain", "--untracked-files=no"],
            capture_output=True,
            text=True,
            check=True,
            timeout=10,
        ).stdout.strip()
        return commit + ("+dirty" if dirty else "")
    except (OSError, subprocess.SubprocessError):
        from importlib.metadata import PackageNotFoundError, version

        try:
            return "cogov-" + version("cogov")
        except PackageNotFoundError:
            return "unknown"


def provenance() -> dict[str, str]:
    """When, from which code and on what machine a record was made (for JSON records)."""
    return {
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "code_version": code_version(),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}",
    }


def run_key(spec: RunSpec, scenario_sha: str, version: str) -> str:
    """Key of a run: its content and every coordinate of the design.

    Content: scenario content, parameters, seed, days and code version (a changed scenario
    or code re-runs). Coordinates: scenario, design point, Sobol matrix and row, replicate, so
    two runs never share a key even when their parameter values coincide (an integer
    parameter in a sampled design), and every planned run gets its own row.
    """
    payload = json.dumps(
        [
            scenario_sha,
            [list(kv) for kv in spec.overrides],
            spec.seed,
            spec.days,
            version,
            spec.scenario,
            spec.point,
            spec.sobol_matrix,
            spec.sobol_row,
            spec.replicate,
        ],
        sort_keys=True,
        default=str,
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:24]


def flatten_summary(summary: dict[str, Any]) -> dict[str, Any]:
    """Scalar outcomes of a summary, nested tables flattened as ``table.key[.field]``.

    Per-kind and per-neighbourhood breakdowns stay in the per-run summary files.
    """
    flat: dict[str, Any] = {}
    for key, value in summary.items():
        if key in ("by_kind", "by_neighbourhood", "scenario", "seed", "days"):
            continue
        if isinstance(value, dict):
            for sub, inner in value.items():
                if isinstance(inner, dict):
                    for name, x in inner.items():
                        flat[f"{key}.{sub}.{name}"] = x
                else:
                    flat[f"{key}.{sub}"] = inner
        else:
            flat[key] = value
    return flat


def _row(spec: RunSpec, key: str, experiment: str) -> dict[str, Any]:
    return {
        "key": key,
        "experiment": experiment,
        "index": spec.index,
        "point": spec.point,
        "scenario": spec.scenario,
        **dict(spec.overrides),
        "replicate": spec.replicate,
        "seed": spec.seed,
        "days": spec.days,
        "sobol_matrix": spec.sobol_matrix,
        "sobol_row": spec.sobol_row,
    }


def failed_outcome(spec: RunSpec, key: str, experiment: str, error: str) -> RunOutcome:
    """The outcome of a run that failed with ``error`` (a traceback)."""
    row = _row(spec, key, experiment)
    row.update(status="failed", error=error, wall_seconds=0.0)
    return RunOutcome(key, row)


def run_one(spec: RunSpec, key: str, experiment: str) -> RunOutcome:
    """Run one simulation and return its outcome (never raises)."""
    started = time.perf_counter()
    row = _row(spec, key, experiment)
    try:
        from cogov.sim.loader import load_scenario
        from cogov.sim.model import CoGovModel

        scenario = load_scenario(spec.scenario, {**dict(spec.overrides), "days": spec.days})
        with build_paused():
            model = CoGovModel(scenario, rng=spec.seed)
        model.run_days(spec.days)
        result = model.result()
    except Exception:
        return failed_outcome(spec, key, experiment, traceback.format_exc())
    row.update(flatten_summary(result.summary))
    row.update(status="ok", error="", wall_seconds=time.perf_counter() - started)
    return RunOutcome(key, row, result.summary, result.daily)
