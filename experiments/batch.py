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
  (the broken local pool is rebuilt), up to :data:`MAX_ATTEMPTS` times before the batch stops
  with one line;
- a lost Dask scheduler: after :data:`SCHEDULER_GRACE_SECONDS` without it the batch stops
  with one line, resumable.
"""

from __future__ import annotations

import contextlib
import ctypes
import logging
import multiprocessing
import os
import re
import signal
import sys
import threading
import time
from collections import Counter, deque
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, CancelledError, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cogov.experiments.design import Experiment, RunSpec
from cogov.experiments.runner import RunOutcome, code_version, run_key, run_one
from cogov.experiments.store import ResultsStore, utc_now
from cogov.sim.errors import ExperimentError
from cogov.sim.loader import scenario_fingerprint

__all__ = [
    "MAX_ATTEMPTS",
    "SCHEDULER_GRACE_SECONDS",
    "BatchReport",
    "BatchStopError",
    "Terminated",
    "check_scheduler",
    "cores",
    "progress_bar",
    "run_batch",
    "signals_as_interrupts",
]

DASK_HINT = "Dask is not installed; install it with: pip install 'dask[distributed]'"
#: how many times a run may lose its worker before the batch stops
MAX_ATTEMPTS = 3
#: how long a Dask scheduler may be unreachable before the batch stops
SCHEDULER_GRACE_SECONDS = float(os.environ.get("COGOV_SCHEDULER_GRACE", "20"))
_POLL_SECONDS = 1.0
_SCHEDULER = re.compile(r"(local|((tcp|tls|ucx|ws|wss|inproc)://)?[A-Za-z0-9_.\-\[\]:]+:\d{1,5})\Z")


class BatchStopError(Exception):
    """The batch stopped for a reason outside its runs (its message is one line)."""


class Terminated(BaseException):
    """SIGTERM or SIGHUP arrived; raised in the main thread like KeyboardInterrupt."""

    def __init__(self, signum: int) -> None:
        super().__init__(signal.Signals(signum).name)
        self.signum = signum


@contextlib.contextmanager
def signals_as_interrupts() -> Iterator[None]:
    """Within the block, SIGTERM and SIGHUP raise :class:`Terminated` (main thread only)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def handler(signum: int, _frame: Any) -> None:
        for s in (signal.SIGTERM, signal.SIGHUP):  # a second signal must not cut consolidation
            signal.signal(s, signal.SIG_IGN)
        raise Terminated(signum)

    old = {s: signal.signal(s, handler) for s in (signal.SIGTERM, signal.SIGHUP)}
    try:
        yield
    finally:
        for s, h in old.items():
            signal.signal(s, h)


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


def cores() -> int:
    """The cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def check_scheduler(scheduler: str) -> str:
    """Return ``scheduler`` if it is ``local`` or a Dask address, else raise ExperimentError."""
    if not _SCHEDULER.match(scheduler):
        raise ExperimentError(
            f"--scheduler: found {scheduler!r}; allowed: 'local' or a Dask scheduler address "
            "such as tcp://127.0.0.1:8786 (schemes tcp, tls, ucx, ws, wss, inproc)"
        )
    return scheduler


def _worker_init(parent: int) -> None:
    """Make a local worker die with its parent and leave Ctrl-C to the parent."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    armed = False
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            pr_set_pdeathsig = 1
            libc = ctypes.CDLL(None, use_errno=True)
            armed = libc.prctl(pr_set_pdeathsig, signal.SIGKILL, 0, 0, 0) == 0
    if os.getppid() != parent:  # the parent died before the kernel was asked
        os._exit(1)
    if not armed:
        threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()


def _watch_parent(parent: int) -> None:  # pragma: no cover - used where prctl is missing
    while os.getppid() == parent:
        time.sleep(1.0)
    os._exit(1)


class _LocalPool:
    """Local worker processes, rebuilt when one dies."""

    def __init__(self, workers: int) -> None:
        self.workers = workers
        self.generation = 0
        self.lost_what = "a local worker process"
        self._new()

    def _new(self) -> None:
        self.executor = ProcessPoolExecutor(
            max_workers=self.workers,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_worker_init,
            initargs=(os.getpid(),),
        )

    def submit(self, fn: Callable, *args: Any) -> Future:
        return self.executor.submit(fn, *args)

    def health(self) -> str | None:
        return None

    def lost(self, exc: BaseException, generation: int) -> None:
        """A run's worker was lost: rebuild the pool once per breakage."""
        if isinstance(exc, BrokenProcessPool) and generation == self.generation:
            self._kill()
            self.generation += 1
            self._new()

    def _kill(self) -> None:
        # the pool's processes (a private attribute of concurrent.futures): terminate them
        # rather than wait for the runs in flight
        for proc in list((getattr(self.executor, "_processes", None) or {}).values()):
            with contextlib.suppress(Exception):
                proc.kill()
        self.executor.shutdown(wait=False, cancel_futures=True)

    def close(self, abort: bool) -> None:
        if abort:
            self._kill()
        else:
            self.executor.shutdown(wait=True)


class _DaskPool:
    """A Dask cluster: a LocalCluster (``"local"``) or a scheduler's address."""

    def __init__(self, workers: int, scheduler: str) -> None:
        try:
            from distributed import Client, LocalCluster
        except ImportError:
            raise ExperimentError(f"--scheduler {scheduler}: {DASK_HINT}") from None
        self.scheduler = scheduler
        self.generation = 0
        self.lost_what = "a Dask worker"
        self.cluster = None
        self._down_since: float | None = None
        try:
            if scheduler == "local":
                self.cluster = LocalCluster(
                    n_workers=workers,
                    threads_per_worker=1,
                    processes=True,
                    host="127.0.0.1",
                    dashboard_address=None,
                )
                self.client = Client(self.cluster)
            else:
                self.client = Client(scheduler, timeout="10s")
        except (OSError, ValueError, TypeError) as exc:
            if self.cluster is not None:
                self.cluster.close()
            raise ExperimentError(f"--scheduler {scheduler}: cannot connect ({exc})") from None
        self.executor = self.client.get_executor(pure=False)

    def submit(self, fn: Callable, *args: Any) -> Future:
        return self.executor.submit(fn, *args)

    def health(self) -> str | None:
        """A one-line reason to stop if the scheduler has been gone too long."""
        status = str(getattr(self.client, "status", "running"))
        if status == "running":
            self._down_since = None
            return None
        now = time.monotonic()
        if self._down_since is None:
            self._down_since = now
        if status in ("closed", "failed") or now - self._down_since > SCHEDULER_GRACE_SECONDS:
            return f"lost the scheduler at {self.scheduler}; rerun with --resume"
        return None

    def lost(self, exc: BaseException, generation: int) -> None:
        return None  # Dask reschedules work of a lost worker itself

    def close(self, abort: bool) -> None:
        if abort:
            # closing a client whose scheduler is gone logs tracebacks from Dask's event loop
            # thread, some after close() returns; the batch has said in one line why it
            # stops, so the client's log stays quiet from here on
            logging.getLogger("distributed.client").setLevel(logging.CRITICAL + 1)
        with contextlib.suppress(Exception):
            self.client.close(timeout=5 if abort else None)
        if self.cluster is not None:
            with contextlib.suppress(Exception):
                self.cluster.close(timeout=10)


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
    pool = _LocalPool(workers) if scheduler is None else _DaskPool(workers, scheduler)
    queue = deque(todo)
    pending: dict[Future, tuple[RunSpec, str, int]] = {}
    attempts: Counter = Counter()
    window = 2 * workers
    aborted = True
    try:
        while queue or pending:
            while queue and len(pending) < window:
                spec, key = queue[0]
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
                for spec, key, generation, exc in lost:
                    attempts[key] += 1
                    _check_attempts(spec, attempts[key], exc, pool)
                    pool.lost(exc, generation)
                    queue.appendleft((spec, key))
                store.warn(
                    f"lost {pool.lost_what} ({type(lost[0][3]).__name__}); "
                    f"re-queued {len(lost)} runs"
                )
        aborted = False
    finally:
        for future in pending:  # do not wait for runs not yet started
            future.cancel()
        pool.close(abort=aborted)


def _stop_if_unhealthy(pool: _LocalPool | _DaskPool, lost: bool = False) -> None:
    reason = pool.health()
    if reason is None and lost and isinstance(pool, _DaskPool) and pool.client.status != "running":
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
