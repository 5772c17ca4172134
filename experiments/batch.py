"""Run an experiment's runs on interchangeable executors and store each as it finishes.

Executors sit behind :class:`concurrent.futures.Executor`: local processes by default
(``spawn`` context, set per pool rather than globally), or a Dask distributed cluster
(``Client.get_executor()``) when a scheduler address or ``"local"`` is given. Runs are pure
functions of their spec, so the executor and the worker count never change the results.

At most ``2 × workers`` runs are in flight at once; each finished run is recorded before
the next is submitted, so an interrupted batch loses at most the runs in flight.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import sys
import time
import traceback
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, Executor, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path

from cogov.experiments.design import Experiment, RunSpec
from cogov.experiments.runner import (
    RunOutcome,
    claim_process,
    code_version,
    failed_outcome,
    run_key,
    run_one,
)
from cogov.experiments.store import ResultsStore, utc_now
from cogov.sim.errors import ExperimentError
from cogov.sim.loader import scenario_fingerprint

__all__ = ["BatchReport", "make_executor", "progress_bar", "run_batch"]

DASK_HINT = "Dask is not installed; install it with: pip install 'dask[distributed]'"


@dataclass(frozen=True, slots=True)
class BatchReport:
    """How a batch went."""

    planned: int
    skipped: int
    succeeded: int
    failed: int
    seconds: float

    @property
    def ok(self) -> bool:
        """Whether every run of the experiment has succeeded."""
        return self.failed == 0 and self.skipped + self.succeeded == self.planned


@contextlib.contextmanager
def make_executor(workers: int, scheduler: str | None) -> Iterator[Executor]:
    """An executor: local processes, or a Dask cluster (``"local"`` starts a LocalCluster).

    Raises:
        ExperimentError: if Dask is asked for but not installed, or cannot be reached.
    """
    if scheduler is None:
        ctx = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(workers, mp_context=ctx, initializer=claim_process) as pool:
            yield pool
        return
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise ExperimentError(f"--scheduler {scheduler}: {DASK_HINT}") from None
    cluster = None
    try:
        if scheduler == "local":
            cluster = LocalCluster(
                n_workers=workers,
                threads_per_worker=1,
                processes=True,
                host="127.0.0.1",
                dashboard_address=None,
            )
            client = Client(cluster)
        else:
            client = Client(scheduler, timeout="10s")
    except OSError as exc:
        if cluster is not None:
            cluster.close()
        raise ExperimentError(f"--scheduler {scheduler}: cannot connect ({exc})") from None
    try:
        yield client.get_executor(pure=False)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def run_batch(
    experiment: Experiment,
    out: Path,
    workers: int | None = None,
    scheduler: str | None = None,
    resume: bool = False,
    progress: Callable[[int, int, int], None] | None = None,
    runner: Callable[[RunSpec, str, str], RunOutcome] = run_one,
) -> BatchReport:
    """Run every unfinished run of ``experiment``, storing results in ``out``.

    Args:
        experiment: the validated experiment.
        out: results folder.
        workers: local processes (default: the number of cores) or LocalCluster workers.
        scheduler: ``None`` for local processes, ``"local"`` or a Dask scheduler address.
        resume: continue a batch already in ``out``.
        progress: called as ``progress(done, failed, total)`` after each run.
        runner: the function run for each spec (must be importable by workers).

    Returns:
        Counts of the batch; ``runs.parquet`` and ``daily.parquet`` are written even when
        interrupted (Ctrl-C), from the runs finished so far.
    """
    started = time.perf_counter()
    workers = workers or os.cpu_count() or 1
    code = code_version()
    store = ResultsStore(out)
    done = store.open(experiment, code, resume)
    shas = {s: scenario_fingerprint(s) for s in experiment.scenarios}
    keys = [run_key(spec, shas[spec.scenario], code) for spec in experiment.runs]
    todo = [(spec, key) for spec, key in zip(experiment.runs, keys, strict=True) if key not in done]
    succeeded = failed = 0
    try:
        with make_executor(workers, scheduler) as executor:
            pending: dict[Future, tuple[RunSpec, str]] = {}
            queue = iter(todo)
            window = 2 * workers
            try:
                while True:
                    for spec, key in queue:
                        future = executor.submit(runner, spec, key, experiment.name)
                        pending[future] = (spec, key)
                        if len(pending) >= window:
                            break
                    if not pending:
                        break
                    finished, _ = wait(pending, return_when=FIRST_COMPLETED)
                    for future in finished:
                        spec, key = pending.pop(future)
                        outcome = _outcome(future, spec, key, experiment.name)
                        store.record(outcome)
                        if outcome.row["status"] == "ok":
                            succeeded += 1
                        else:
                            failed += 1
                        if progress is not None:
                            progress(succeeded + failed, failed, len(todo))
            except BaseException:
                for future in pending:  # do not wait for runs not yet started
                    future.cancel()
                raise
    finally:
        store.consolidate(set(keys))
        report = BatchReport(
            len(experiment.runs),
            len(experiment.runs) - len(todo),
            succeeded,
            failed,
            time.perf_counter() - started,
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
    return report


def _outcome(future: Future, spec: RunSpec, key: str, experiment: str) -> RunOutcome:
    """The run's outcome, or a failed row if the worker itself died or was lost."""
    try:
        return future.result()
    except Exception:
        return failed_outcome(spec, key, experiment, traceback.format_exc())


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
