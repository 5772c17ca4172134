"""Batches: executors give identical results; interrupted batches resume; failures recorded."""

import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from cogov.experiments.batch import run_batch
from cogov.experiments.design import load_experiment
from cogov.sim.errors import ExperimentError

TINY = """
[experiment]
name = "tiny"
scenarios = ["xinhua_2013", "siloed"]
replicates = {replicates}
days = {days}
root_seed = 11
scale = 0.03
[design]
kind = "scenarios"
"""


LOOPBACK = ("--host", "127.0.0.1")


def experiment_file(tmp_path: Path, replicates: int = 3, days: int = 20) -> Path:
    path = tmp_path / "tiny.toml"
    path.write_text(TINY.format(replicates=replicates, days=days), encoding="utf-8")
    return path


def comparable(folder: Path) -> pd.DataFrame:
    runs = pd.read_parquet(folder / "runs.parquet")
    return runs.drop(columns=["wall_seconds"]).sort_values("index").reset_index(drop=True)


def cogov(*args: str, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "cogov", *args], capture_output=True, text=True, **kwargs
    )


@pytest.fixture(scope="module")
def local_reference(tmp_path_factory) -> tuple[Path, Path]:
    tmp = tmp_path_factory.mktemp("local")
    path = experiment_file(tmp)
    report = run_batch(load_experiment(path), tmp / "out", workers=2)
    assert report.ok and report.succeeded == 6
    return path, tmp / "out"


def test_local_batch_writes_one_row_per_run_and_a_manifest(local_reference):
    _, out = local_reference
    runs = comparable(out)
    assert sorted(runs["index"]) == list(range(6))
    assert set(runs["status"]) == {"ok"}
    assert {"on_time_rate", "solved_rate", "satisfaction_mean", "seed", "replicate"} <= set(
        runs.columns
    )
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["counts"]["succeeded"] == 6
    assert manifest["experiment_sha256"] and manifest["code_version"]
    assert {"python", "mesa", "numpy"} <= set(manifest["versions"])
    daily = pd.read_parquet(out / "daily.parquet")
    assert len(daily) == 6 * 20
    assert set(daily["key"]) == set(runs["key"])


def test_worker_count_does_not_change_results(local_reference, tmp_path):
    path, out = local_reference
    run_batch(load_experiment(path), tmp_path / "one", workers=1)
    pd.testing.assert_frame_equal(comparable(tmp_path / "one"), comparable(out))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_dask_cluster_on_loopback_gives_identical_rows(local_reference, tmp_path):
    pytest.importorskip("distributed")
    path, out = local_reference
    port = _free_port()
    address = f"tcp://127.0.0.1:{port}"
    dask = str(Path(sys.executable).with_name("dask"))
    procs = [
        subprocess.Popen(
            [dask, "scheduler", "--host", "127.0.0.1", "--port", str(port), "--no-dashboard"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
    ]
    try:
        for _ in range(2):
            procs.append(
                subprocess.Popen(
                    [dask, "worker", address, "--nthreads", "1", "--no-dashboard", *LOOPBACK],
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                    cwd=tmp_path,
                )
            )
        from distributed import Client

        with Client(address, timeout="30s") as client:
            client.wait_for_workers(2, timeout=60)
        result = cogov("batch", str(path), "--out", str(tmp_path / "dask"), "--scheduler", address)
        assert result.returncode == 0, result.stderr
    finally:
        for p in reversed(procs):
            p.terminate()
        for p in procs:
            p.wait(timeout=30)
    pd.testing.assert_frame_equal(comparable(tmp_path / "dask"), comparable(out))


def test_local_dask_cluster_gives_identical_rows(local_reference, tmp_path):
    pytest.importorskip("distributed")
    path, out = local_reference
    run_batch(load_experiment(path), tmp_path / "lc", workers=2, scheduler="local")
    pd.testing.assert_frame_equal(comparable(tmp_path / "lc"), comparable(out))


def test_killed_batch_resumes_with_every_run_once(tmp_path):
    path = experiment_file(tmp_path, replicates=5, days=60)
    out = tmp_path / "killed"
    proc = subprocess.Popen(
        [sys.executable, "-m", "cogov", "batch", str(path), "--out", str(out), "--workers", "1"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    journal = out / "journal.jsonl"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if journal.exists() and len(journal.read_text().splitlines()) >= 2:
            break
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGKILL)  # the runner and its worker processes
    proc.wait()
    done_before = len(journal.read_text().splitlines())
    assert 2 <= done_before < 10, "the kill should land part-way through the batch"

    again = cogov("batch", str(path), "--out", str(out))
    assert again.returncode == 2 and "--resume" in again.stderr  # refuses to start over

    resumed = cogov("batch", str(path), "--out", str(out), "--resume")
    assert resumed.returncode == 0, resumed.stderr
    assert f"{done_before} already done" in resumed.stdout
    runs = comparable(out)
    assert sorted(runs["index"]) == list(range(10))
    assert runs["key"].is_unique

    clean = tmp_path / "clean"
    run_batch(load_experiment(path), clean, workers=2)
    pd.testing.assert_frame_equal(runs, comparable(clean))


def test_failed_run_is_recorded_and_batch_continues(tmp_path):
    from batch_helpers import fail_replicate_one

    path = experiment_file(tmp_path, replicates=3, days=10)
    out = tmp_path / "failing"
    report = run_batch(load_experiment(path), out, workers=2, runner=fail_replicate_one)
    assert (report.succeeded, report.failed, report.ok) == (4, 2, False)
    runs = pd.read_parquet(out / "runs.parquet")
    failed = runs[runs["status"] == "failed"]
    assert set(failed["replicate"]) == {1}
    assert all("Traceback" in e and "ScenarioError" in e for e in failed["error"])
    # resuming retries only the failed runs
    report = run_batch(load_experiment(path), out, workers=1, resume=True)
    assert (report.skipped, report.succeeded, report.failed) == (4, 2, 0)
    assert set(pd.read_parquet(out / "runs.parquet")["status"]) == {"ok"}


def test_results_folder_of_another_experiment_is_refused(local_reference, tmp_path):
    _, out = local_reference
    other = experiment_file(tmp_path, replicates=2)
    with pytest.raises(ExperimentError, match="another experiment"):
        run_batch(load_experiment(other), out, workers=1, resume=True)


def test_batch_cli_exit_status_and_summarize(local_reference, tmp_path):
    path, out = local_reference
    bad = cogov("batch", str(tmp_path / "missing.toml"))
    assert bad.returncode == 2 and "Traceback" not in bad.stderr
    nowhere = "tcp://127.0.0.1:1"
    dask = cogov("batch", str(path), "--scheduler", nowhere, "--out", str(tmp_path / "x"))
    assert dask.returncode == 2 and "cannot connect" in dask.stderr
    summary = cogov("summarize", str(out))
    assert summary.returncode == 0, summary.stderr
    table = pd.read_csv(out / "summary.csv")
    siloed = table[(table["scenario"] == "siloed") & (table["outcome"] == "on_time_rate")]
    assert bool(siloed["paired"].item())
    runs = comparable(out)
    x = runs[runs["scenario"] == "xinhua_2013"].set_index("seed")["on_time_rate"]
    s = runs[runs["scenario"] == "siloed"].set_index("seed")["on_time_rate"]
    assert siloed["diff"].item() == pytest.approx((s - x).mean())
    assert siloed["mean"].item() == pytest.approx(s.mean())
