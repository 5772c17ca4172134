"""Run an experiment's runs on interchangeable executors and store each as it finishes.

Executors sit behind :class:`concurrent.futures.Executor`: local processes by default
(``spawn`` context, set per pool rather than globally), or a Dask distributed cluster
(``Client.get_executor()``) when a scheduler address or ``"local"`` is given. Runs are pure
functions of their spec, so the executor and the worker count never change the results.

At most ``2 × workers`` runs are in flight at once; each finished run is recorded before
the next is submitted, so an interrupted batch loses at most the runs in flight.

What the runner survives (README, "What happens when..."):

- its own death: local workers ask the kernel to kill them when their parent dies
  (``prctl(PR_SET_PDEATHSIG)`` on Linux, a watching thread elsewhere) and ignore Ctrl-C, which
  the parent handles; SIGTERM and SIGHUP are turned into :class:`Terminated`, handled like
  Ctrl-C (results consolidated, the workers stopped);
- a worker's death: a run whose worker died is never journalled as failed; it is re-queued
  (the broken local pool is rebuilt), to the back of the queue and from then on alone, up to
  :data:`MAX_ATTEMPTS` times before the batch stops
  with one line;
- a lost Dask scheduler: after ``pools.SCHEDULER_GRACE_SECONDS`` without it the batch stops
  with one line, resumable.

The executors themselves live in :mod:`cogov.experiments.pools`.
"""

from __future__ import annotations

import sys
import time
from collections import Counter, deque
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, CancelledError, Future, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cogov.experiments.design import Experiment, RunSpec
from cogov.experiments.pools import (
    DaskPool,
    LocalPool,
    Terminated,
    check_scheduler,
    cores,
    signals_as_interrupts,
)
from cogov.experiments.runner import RunOutcome, code_version, run_key, run_one
from cogov.experiments.store import ResultsStore, utc_now
from cogov.sim.loader import scenario_fingerprint

__all__ = [
    "MAX_ATTEMPTS",
    "BatchReport",
    "BatchStopError",
    "Terminated",
    "check_scheduler",
    "cores",
    "progress_bar",
    "run_batch",
    "signals_as_interrupts",
]

#: how many times a run may lose its worker before the batch stops
MAX_ATTEMPTS = 3
_POLL_SECONDS = 1.0


class BatchStopError(Exception):
    """The batch stopped for a reason outside its runs (its message is one line)."""


@dataclass(frozen=True, slots=True)
class BatchReport:
    """How a batch went."""

    planned: int
    skipped: int
    succeeded: int
    failed: int
    seconds: float
    workers: int = 1
    rerun: int = 0  # finished runs re-run because their files were missing or corrupt

    @property
    def ok(self) -> bool:
        """Whether every run of the experiment has succeeded."""
        return self.failed == 0 and self.skipped + self.succeeded == self.planned


def run_batch(
    experiment: Experiment,
    out: Path,
    workers: int | None = None,
    scheduler: str | None = None,
    resume: bool = False,
    progress: Callable[[int, int, int], None] | None = None,
    runner: Callable[[RunSpec, str, str], RunOutcome] = run_one,
    force_workers: bool = False,
    warn: Callable[[str], None] | None = None,
) -> BatchReport:
    """Run every unfinished run of ``experiment``, storing results in ``out``.

    Args:
        experiment: the validated experiment.
        out: results folder.
        workers: local processes or LocalCluster workers (default: the cores; more than
            the cores only with ``force_workers``).
        scheduler: ``None`` for local processes, ``"local"`` or a Dask scheduler address.
        resume: continue a batch already in ``out``.
        progress: called as ``progress(done, failed, total)`` after each run.
        runner: the function run for each spec (must be importable by workers).
        force_workers: use ``workers`` even if it exceeds the cores.
        warn: receives one-line warnings (default: printed to stderr).

    Returns:
        Counts of the batch; ``runs.parquet`` and ``daily.parquet`` are written even when
        interrupted (Ctrl-C, SIGTERM, SIGHUP) or stopped, from the runs finished so far.

    Raises:
        ExperimentError: bad input (the folder, the scheduler address).
        BatchStopError: workers kept dying or the scheduler was lost (one line; resumable).
    """
    started = time.perf_counter()
    if scheduler is not None:
        check_scheduler(scheduler)
    store = ResultsStore(out, warn) if warn else ResultsStore(out)
    code = code_version()
    done = store.open(experiment, code, resume)
    try:
        shas = {s: scenario_fingerprint(s) for s in experiment.scenarios}
        keys = [run_key(spec, shas[spec.scenario], code) for spec in experiment.runs]
        todo = [(s, k) for s, k in zip(experiment.runs, keys, strict=True) if k not in done]
        wanted = workers or cores()
        if scheduler in (None, "local") and not force_workers and wanted > cores():
            store.warn(f"--workers {wanted}: using {cores()}, the cores (--force-workers: more)")
            wanted = cores()
        if scheduler is None:
            wanted = max(1, min(wanted, len(todo)))
        counts = Counter()
        try:
            if todo:
                _run(experiment, todo, wanted, scheduler, runner, store, counts, progress)
        finally:
            store.consolidate(set(keys))
            report = BatchReport(
                len(experiment.runs),
                len(experiment.runs) - len(todo),
                counts["ok"],
                counts["failed"],
                time.perf_counter() - started,
                wanted,
                store.rerun,
            )
            manifest = store.read_manifest() or {}
            store.write_manifest(
                experiment,
                code,
                started=manifest.get("started"),
                finished=utc_now(),
                counts={
                    "planned": report.planned,
                    "skipped_finished": report.skipped,
                    "succeeded": report.succeeded,
                    "failed": report.failed,
                },
            )
    finally:
        store.close()
    return report


def _run(
    experiment: Experiment,
    todo: list[tuple[RunSpec, str]],
    workers: int,
    scheduler: str | None,
    runner: Callable,
    store: ResultsStore,
    counts: Counter,
    progress: Callable[[int, int, int], None] | None,
) -> None:
    """Submit, collect and record runs; re-queue runs whose worker was lost."""
    pool = LocalPool(workers) if scheduler is None else DaskPool(workers, scheduler)
    queue = deque(todo)
    pending: dict[Future, tuple[RunSpec, str, int]] = {}
    attempts: Counter = Counter()
    #: runs lost with a worker, each run alone from then on so that one that kills its worker
    #: cannot take others down with it (and is the one named if it does so again)
    suspects: set[str] = set()
    window = 2 * workers
    aborted = True
    try:
        while queue or pending:
            while queue and len(pending) < window:
                spec, key = queue[0]
                if key in suspects and pending:
                    break  # a suspect waits until nothing else is in flight
                try:
                    future = pool.submit(runner, spec, key, experiment.name)
                except Exception as exc:
                    pool.lost(BrokenProcessPool(str(exc)), pool.generation)
                    _stop_if_unhealthy(pool)
                    attempts[key] += 1
                    _check_attempts(spec, attempts[key], exc, pool)
                    continue
                queue.popleft()
                pending[future] = (spec, key, pool.generation)
                if key in suspects:
                    break  # and nothing goes alongside it
            finished, _ = wait(pending, timeout=_POLL_SECONDS, return_when=FIRST_COMPLETED)
            _stop_if_unhealthy(pool)
            lost = []
            for future in finished:
                spec, key, generation = pending.pop(future)
                try:
                    outcome = future.result()
                except (Exception, CancelledError) as exc:  # the worker, not the run
                    lost.append((spec, key, generation, exc))
                    continue
                store.record(outcome)
                counts["ok" if outcome.row["status"] == "ok" else "failed"] += 1
                if progress is not None:
                    progress(counts["ok"] + counts["failed"], counts["failed"], len(todo))
            if lost:
                _stop_if_unhealthy(pool, lost=True)
                # every run in flight is lost with a worker, the culprit and those queued
                # behind it alike: each goes to the back of the queue as a suspect, to run
                # alone, so the rest of the batch goes on; in order of index, so the same
                # batch stops the same way
                lost.sort(key=lambda item: item[0].index)
                for spec, key, generation, exc in lost:
                    attempts[key] += 1
                    _check_attempts(spec, attempts[key], exc, pool)
                    pool.lost(exc, generation)
                    suspects.add(key)
                    queue.append((spec, key))
                store.warn(
                    f"lost {pool.lost_what} ({type(lost[0][3]).__name__}); "
                    f"re-queued {len(lost)} runs"
                )
        aborted = False
    finally:
        for future in pending:  # do not wait for runs not yet started
            future.cancel()
        pool.close(abort=aborted)


def _stop_if_unhealthy(pool: LocalPool | DaskPool, lost: bool = False) -> None:
    reason = pool.health()
    if reason is None and lost and not pool.connected():
        reason = f"lost the scheduler at {pool.scheduler}; rerun with --resume"
    if reason:
        raise BatchStopError(reason)


def _check_attempts(spec: RunSpec, attempt: int, exc: BaseException, pool: Any) -> None:
    if attempt >= MAX_ATTEMPTS:
        raise BatchStopError(
            f"run {spec.index} ({spec.scenario}, point {spec.point}, replicate "
            f"{spec.replicate}) lost {pool.lost_what} {attempt} times (last: "
            f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}); "
            "rerun with --resume"
        )


def progress_bar() -> Callable[[int, int, int], None]:
    """A tqdm progress bar (quiet when stderr is not a terminal) as a progress callback.

    It shows runs done, failed, and the time left.
    """
    from tqdm import tqdm

    bar = None

    def update(done: int, failed: int, total: int) -> None:
        nonlocal bar
        if bar is None:
            bar = tqdm(total=total, unit="run", disable=not sys.stderr.isatty())
        bar.update(done - bar.n)
        bar.set_postfix(failed=failed, refresh=False)
        if done >= total:
            bar.close()

    return update
