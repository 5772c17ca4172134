"""Faults injected into real batches: kills, signals, lost workers, a stopped Dask scheduler.

Every test starts its processes itself, bounds every wait, and kills what it started (checked
by PID). Runs are tiny (a small population over a few weeks) so the batches are short.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from cogov.experiments.batch import BatchStopError, run_batch
from cogov.experiments.design import load_experiment

pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux /proc")

EXPERIMENT = """
[experiment]
name = "faults"
scenarios = ["xinhua_2013"]
replicates = {replicates}
days = {days}
root_seed = 5
scale = {scale}
[design]
kind = "scenarios"
"""


def experiment(tmp_path: Path, replicates: int, days: int, scale: float = 0.03) -> Path:
    path = tmp_path / "faults.toml"
    path.write_text(EXPERIMENT.format(replicates=replicates, days=days, scale=scale))
    return path


def children(pid: int) -> set[int]:
    """Every live descendant of ``pid`` (from /proc)."""
    parents: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        parents.setdefault(ppid, []).append(int(entry.name))
    out, todo = set(), [pid]
    while todo:
        for child in parents.get(todo.pop(), []):
            out.add(child)
            todo.append(child)
    return out


def alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"  # a zombie has exited


def wait_for(condition, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {seconds} s waiting for {what}")
        time.sleep(0.1)


def journal_lines(out: Path) -> int:
    journal = out / "journal.jsonl"
    return len(journal.read_bytes().splitlines()) if journal.exists() else 0


def start_batch(path: Path, out: Path, *extra: str, env: dict | None = None) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "cogov", "batch", str(path), "--out", str(out), *extra],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, **(env or {})},
    )


def kill_all(pids: set[int]) -> None:
    for pid in pids:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)


def cogov(*args: str, timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "cogov", *args], capture_output=True, text=True, timeout=timeout
    )


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM])
def test_killed_runner_leaves_no_process_behind(tmp_path, sig):
    path = experiment(tmp_path, replicates=8, days=200, scale=0.05)
    out = tmp_path / "out"
    proc = start_batch(path, out, "--workers", "2")
    workers: set[int] = set()
    try:
        # the resource tracker and two workers, and a run in flight on each worker
        wait_for(lambda: len(children(proc.pid)) >= 3, 120, "the worker processes")
        wait_for(lambda: journal_lines(out) >= 1, 120, "a first finished run")
        workers = children(proc.pid)
        os.kill(proc.pid, sig)
        _, stderr = proc.communicate(timeout=60)
        wait_for(lambda: not any(alive(p) for p in workers), 10, f"workers {workers} to exit")
    finally:
        kill_all({proc.pid, *workers})
        proc.wait(timeout=30)
    if sig == signal.SIGTERM:
        assert proc.returncode == 143, stderr
        runs = pd.read_parquet(out / "runs.parquet")  # consolidated on the way out
        assert len(runs) >= 1 and set(runs["status"]) == {"ok"}


def test_sigterm_and_ctrl_c_end_with_one_line_and_resume(tmp_path):
    path = experiment(tmp_path, replicates=6, days=200, scale=0.05)
    for sig, status in ((signal.SIGTERM, 143), (signal.SIGINT, 130), (signal.SIGHUP, 129)):
        out = tmp_path / f"out_{sig.name}"
        proc = start_batch(path, out, "--workers", "1")
        try:
            wait_for(lambda out=out: journal_lines(out) >= 1, 120, "a first finished run")
            os.kill(proc.pid, sig)
            _, stderr = proc.communicate(timeout=60)
        finally:
            kill_all({proc.pid, *children(proc.pid)})
            proc.wait(timeout=30)
        assert proc.returncode == status, stderr
        lines = [line for line in stderr.splitlines() if line.strip()]
        assert len(lines) == 1 and "rerun with --resume" in lines[0], stderr
        assert (out / "runs.parquet").exists()
    resumed = cogov("batch", str(path), "--out", str(tmp_path / "out_SIGTERM"), "--resume")
    assert resumed.returncode == 0, resumed.stderr
    assert len(pd.read_parquet(tmp_path / "out_SIGTERM" / "runs.parquet")) == 6


def test_a_killed_local_worker_is_replaced_and_its_runs_requeued(tmp_path):
    path = experiment(tmp_path, replicates=6, days=200, scale=0.05)
    out = tmp_path / "out"
    proc = start_batch(path, out, "--workers", "2")
    try:
        wait_for(lambda: len(children(proc.pid)) >= 3, 120, "the worker processes")
        wait_for(lambda: journal_lines(out) >= 1, 120, "a first finished run")
        workers = sorted(p for p in children(proc.pid) if "resource_tracker" not in _cmd(p))
        os.kill(workers[-1], signal.SIGKILL)
        _, stderr = proc.communicate(timeout=300)
    finally:
        kill_all({proc.pid, *children(proc.pid)})
        proc.wait(timeout=30)
    assert proc.returncode == 0, stderr
    assert "Traceback" not in stderr and "re-queued" in stderr
    runs = pd.read_parquet(out / "runs.parquet")
    assert sorted(runs["index"]) == list(range(6)) and set(runs["status"]) == {"ok"}


def _cmd(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace")
    except OSError:
        return ""


def test_a_run_that_kills_its_worker_is_requeued_not_failed(tmp_path, monkeypatch):
    from batch_helpers import kill_worker_once

    monkeypatch.setenv("COGOV_TEST_MARKER", str(tmp_path / "killed"))
    path = experiment(tmp_path, replicates=4, days=10)
    report = run_batch(load_experiment(path), tmp_path / "out", workers=2, runner=kill_worker_once)
    assert (tmp_path / "killed").exists()
    assert (report.succeeded, report.failed, report.ok) == (4, 0, True)
    journal = (tmp_path / "out" / "journal.jsonl").read_text()
    assert "failed" not in journal and "BrokenProcessPool" not in journal


def test_a_run_that_always_kills_its_worker_stops_the_batch_resumably(tmp_path):
    from batch_helpers import always_kill_worker

    path = experiment(tmp_path, replicates=3, days=10)
    out = tmp_path / "out"
    with pytest.raises(BatchStopError, match=r"run 0 .*lost a local worker process 3 times"):
        run_batch(load_experiment(path), out, workers=1, runner=always_kill_worker)
    runs = pd.read_parquet(out / "runs.parquet")
    assert 0 not in set(runs["index"]) and set(runs["status"]) <= {"ok"}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_a_stopped_dask_scheduler_ends_the_batch_with_one_line(tmp_path):
    pytest.importorskip("distributed")
    path = experiment(tmp_path, replicates=8, days=200, scale=0.05)
    out = tmp_path / "out"
    port = _free_port()
    address = f"tcp://127.0.0.1:{port}"
    dask = str(Path(sys.executable).with_name("dask"))
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    scheduler = subprocess.Popen(
        [dask, "scheduler", "--host", "127.0.0.1", "--port", str(port), "--no-dashboard"], **quiet
    )
    worker = subprocess.Popen(
        [dask, "worker", address, "--nthreads", "1", "--no-dashboard", "--host", "127.0.0.1"],
        cwd=tmp_path,
        **quiet,
    )
    started = [scheduler, worker]
    proc = None
    try:
        from distributed import Client

        with Client(address, timeout="30s") as client:
            client.wait_for_workers(1, timeout=60)
        proc = start_batch(path, out, "--scheduler", address, env={"COGOV_SCHEDULER_GRACE": "5"})
        started.append(proc)
        wait_for(lambda: journal_lines(out) >= 1, 180, "a first finished run")
        scheduler.kill()
        scheduler.wait(timeout=30)
        _, stderr = proc.communicate(timeout=120)  # bounded: it must not wait forever
    finally:
        for p in reversed(started):
            kill_all({p.pid, *children(p.pid)})
        for p in started:
            p.wait(timeout=30)
    assert proc.returncode == 1, stderr
    lines = [line for line in stderr.splitlines() if line.strip()]
    stop = f"cogov batch: stopped: lost the scheduler at {address}; rerun with --resume"
    assert lines[-1] == stop
    assert "Traceback" not in stderr, stderr
    runs = pd.read_parquet(out / "runs.parquet")
    assert set(runs["status"]) == {"ok"}  # runs in flight were not journalled as failed
    resumed = cogov("batch", str(path), "--out", str(out), "--resume", "--workers", "2")
    assert resumed.returncode == 0, resumed.stderr
    assert sorted(pd.read_parquet(out / "runs.parquet")["index"]) == list(range(8))
