"""Where runs execute: local worker processes or a Dask cluster, and what they survive.

- Local workers (:class:`LocalPool`) ask the kernel to kill them when their parent dies
  (``prctl(PR_SET_PDEATHSIG)`` on Linux, a watching thread elsewhere) and ignore Ctrl-C, which
  the parent handles; a pool broken by a dying worker is rebuilt.
- A Dask cluster (:class:`DaskPool`) reports a lost scheduler once it has been gone for
  :data:`SCHEDULER_GRACE_SECONDS`, and closes quietly after the batch has said why it stops.
- :func:`signals_as_interrupts` turns SIGTERM and SIGHUP into :class:`Terminated`, so they
  end a batch like Ctrl-C.
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
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from cogov.experiments.runner import claim_process
from cogov.sim.errors import ExperimentError

__all__ = [
    "SCHEDULER_GRACE_SECONDS",
    "DaskPool",
    "LocalPool",
    "Terminated",
    "check_scheduler",
    "cores",
    "signals_as_interrupts",
]

DASK_HINT = "Dask is not installed; install it with: pip install 'dask[distributed]'"
#: how long a Dask scheduler may be unreachable before the batch stops
SCHEDULER_GRACE_SECONDS = float(os.environ.get("COGOV_SCHEDULER_GRACE", "20"))
_SCHEDULER = re.compile(r"(local|((tcp|tls|ucx|ws|wss|inproc)://)?[A-Za-z0-9_.\-\[\]:]+:\d{1,5})\Z")


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
    """Make a local worker cogov's own process, dying with its parent, Ctrl-C left to it."""
    claim_process()  # the worker may pause the collector while it builds a model
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


class LocalPool:
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
        """Run ``fn(*args)`` on a worker."""
        return self.executor.submit(fn, *args)

    def health(self) -> str | None:
        """A reason to stop the batch, if any (local processes: never)."""
        return None

    def connected(self) -> bool:
        """Whether runs can be sent (local processes: always)."""
        return True

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
        """Shut down: kill the workers if ``abort``, else wait for them."""
        if abort:
            self._kill()
        else:
            self.executor.shutdown(wait=True)


class DaskPool:
    """A Dask cluster: a LocalCluster (``"local"``) or a scheduler's address."""

    def __init__(self, workers: int, scheduler: str) -> None:
        try:
            from distributed import Client, LocalCluster
        except ImportError:
            raise ExperimentError(f"--scheduler {scheduler}: {DASK_HINT}") from None
        # a lost connection to the scheduler is logged by Tornado's event loop as a traceback,
        # sometimes before the batch notices; the batch reports a lost scheduler in one line
        # of its own, so that log stays quiet
        logging.getLogger("tornado.application").setLevel(logging.CRITICAL + 1)
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
        """Run ``fn(*args)`` on the cluster."""
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
        """A run's worker was lost: nothing to do, Dask reschedules its work itself."""
        return None

    def connected(self) -> bool:
        """Whether the client is connected to its scheduler now."""
        return str(getattr(self.client, "status", "running")) == "running"

    def close(self, abort: bool) -> None:
        """Close the client (and a LocalCluster); quietly if ``abort``."""
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
