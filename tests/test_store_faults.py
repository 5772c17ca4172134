"""A results store that verifies itself, folders that cannot be confused, one-line errors.

Corrupted and deleted per-run files, garbage journal lines, a torn manifest, two batches
on one folder, a batch into a `cogov run` folder, a read-only or full disk (a real tmpfs in
a private mount namespace where the machine allows it), bad command-line values.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from cogov.cli import main
from cogov.experiments.batch import run_batch
from cogov.experiments.design import load_experiment
from cogov.experiments.store import ResultsStore

TINY = """
[experiment]
name = "store"
scenarios = ["xinhua_2013", "siloed"]
replicates = 2
days = 5
root_seed = 3
scale = 0.03
"""


def cogov(*args: str, timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "cogov", *args], capture_output=True, text=True, timeout=timeout
    )


def one_line(stderr: str) -> str:
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "Traceback" not in stderr, stderr
    return lines[0]


@pytest.fixture
def finished(tmp_path) -> tuple[Path, Path]:
    path = tmp_path / "store.toml"
    path.write_text(TINY)
    out = tmp_path / "out"
    assert run_batch(load_experiment(path), out, workers=1).ok
    return path, out


def test_deleted_or_corrupt_run_files_are_rerun_on_resume(finished):
    path, out = finished
    keys = sorted(pd.read_parquet(out / "runs.parquet")["key"])
    (out / "runs" / keys[0] / "summary.json").unlink()
    (out / "runs" / keys[1] / "daily.parquet").write_bytes(b"not parquet at all")
    (out / "runs" / keys[2] / "summary.json").write_text("{ torn")
    warnings: list[str] = []
    report = run_batch(load_experiment(path), out, workers=1, resume=True, warn=warnings.append)
    assert (report.rerun, report.skipped, report.succeeded, report.failed) == (3, 1, 3, 0)
    assert any("3 finished runs have missing or corrupt files" in w for w in warnings)
    runs = pd.read_parquet(out / "runs.parquet")
    assert sorted(runs["key"]) == keys and set(runs["status"]) == {"ok"}
    assert set(pd.read_parquet(out / "daily.parquet")["key"]) == set(keys)


def test_bad_journal_lines_are_skipped_with_a_warning(finished):
    path, out = finished
    with (out / "journal.jsonl").open("ab") as fh:
        fh.write(b'{"status": "ok", "index": 0}\n')  # no key
        fh.write(b"\xff\xfe not utf-8\n")
        fh.write(b"[1, 2, 3]\n")
    warnings: list[str] = []
    report = run_batch(load_experiment(path), out, workers=1, resume=True, warn=warnings.append)
    assert report.ok and report.skipped == 4
    assert any("skipped 3 lines that are not a run's record" in w for w in warnings)


def test_a_torn_manifest_is_one_line(finished):
    path, out = finished
    text = (out / "manifest.json").read_text()
    (out / "manifest.json").write_text(text[: len(text) // 2])
    batch = cogov("batch", str(path), "--out", str(out), "--resume")
    assert batch.returncode == 2 and "manifest.json: unreadable" in one_line(batch.stderr)
    summary = cogov("summarize", str(out))
    assert summary.returncode == 2 and "manifest.json: unreadable" in one_line(summary.stderr)


def test_a_second_batch_on_one_folder_is_refused_naming_the_holder(tmp_path):
    path = tmp_path / "store.toml"
    path.write_text(TINY)
    exp = load_experiment(path)
    holder = ResultsStore(tmp_path / "out")
    holder.open(exp, "v", resume=False)
    try:
        batch = cogov("batch", str(path), "--out", str(tmp_path / "out"), "--resume")
        line = one_line(batch.stderr)
        assert batch.returncode == 2
        assert "in use by another batch (pid" in line and "since" in line
    finally:
        holder.close()
    assert run_batch(exp, tmp_path / "out", workers=1, resume=True).ok  # free again


def test_a_batch_refuses_a_run_folder_and_a_run_refuses_a_batch_folder(finished, tmp_path):
    path, out = finished
    run_dir = tmp_path / "run"
    ran = cogov(
        "run", "--scale", "0.03", "--days", "3", "--no-charts", "--quiet", "--out", str(run_dir)
    )
    assert ran.returncode == 0, ran.stderr
    before = (run_dir / "daily.parquet").read_bytes()
    batch = cogov("batch", str(path), "--out", str(run_dir))
    assert batch.returncode == 2 and "holds a `cogov run` result" in one_line(batch.stderr)
    assert (run_dir / "daily.parquet").read_bytes() == before
    daily = (out / "daily.parquet").read_bytes()
    into = cogov("run", "--scale", "0.03", "--days", "3", "--quiet", "--out", str(out))
    assert into.returncode == 2 and "holds the results of `cogov batch`" in one_line(into.stderr)
    assert (out / "daily.parquet").read_bytes() == daily


def _namespace_mount_works() -> bool:
    if shutil.which("unshare") is None:
        return False
    probe = subprocess.run(
        ["unshare", "-m", "sh", "-c", "mount -t tmpfs -o size=8k tmpfs /mnt"],
        capture_output=True,
        timeout=30,
    )
    return probe.returncode == 0


needs_mount = pytest.mark.skipif(
    not _namespace_mount_works(), reason="cannot mount a tmpfs in a private mount namespace here"
)


def _in_small_disk(folder: Path, size: str, command: str, read_only: bool = False) -> tuple:
    """Run ``command`` (a shell line) with ``folder`` a tmpfs of ``size``, in a namespace."""
    folder.mkdir(parents=True, exist_ok=True)
    remount = f" && mount -o remount,ro {folder}" if read_only else ""
    script = f"mount -t tmpfs -o size={size} tmpfs {folder}{remount} && {command}"
    done = subprocess.run(
        ["unshare", "-m", "sh", "-c", script], capture_output=True, text=True, timeout=300
    )
    return done.returncode, done.stderr


@needs_mount
def test_read_only_output_is_refused_before_simulating(tmp_path):
    cli = f"{sys.executable} -m cogov"
    ro = tmp_path / "ro"
    status, stderr = _in_small_disk(ro, "1m", f"{cli} run --days 3650 --out {ro}/r", True)
    assert status == 2 and "cannot write (Read-only file system)" in one_line(stderr)
    exp = tmp_path / "store.toml"
    exp.write_text(TINY)
    status, stderr = _in_small_disk(ro, "1m", f"{cli} batch {exp} --out {ro}/b", True)
    assert status == 2 and "cannot write (Read-only file system)" in one_line(stderr)


@needs_mount
def test_a_full_disk_is_one_line(tmp_path):
    cli = f"{sys.executable} -m cogov"
    full = tmp_path / "full"
    status, stderr = _in_small_disk(
        full, "24k", f"{cli} run --scale 0.03 --days 200 --no-charts --quiet --out {full}/r"
    )
    assert status == 1 and "No space left on device" in one_line(stderr)
    exp = tmp_path / "store.toml"
    exp.write_text(TINY.replace("days = 5", "days = 200"))
    status, stderr = _in_small_disk(full, "64k", f"{cli} batch {exp} --workers 1 --out {full}/b")
    line = one_line(stderr)
    assert status == 1 and "No space left on device" in line and "--resume" in line


def test_bad_scheduler_and_worker_counts(finished, tmp_path, capsys):
    path, _ = finished
    for bad in ("foo://127.0.0.1:8786", "http://127.0.0.1:8786", "127.0.0.1", "tcp://x"):
        assert main(["batch", str(path), "--scheduler", bad, "--out", str(tmp_path / "x")]) == 2
        assert "--scheduler: found" in one_line(capsys.readouterr().err)
    assert not (tmp_path / "x").exists()
    assert main(["batch", str(path), "--workers", "1000", "--out", str(tmp_path / "w")]) == 0
    err = capsys.readouterr().err
    assert "--workers 1000: using" in err and "the cores" in err


def test_summarize_and_sensitivity_refuse_names_that_are_not_there(finished, capsys):
    _, out = finished
    assert main(["summarize", str(out), "--reference", "nosuch"]) == 2
    assert "--reference: found 'nosuch'" in one_line(capsys.readouterr().err)
    assert not (out / "summary.csv").exists()


def test_sensitivity_refuses_unknown_outcomes(tmp_path, capsys):
    path = tmp_path / "sobol.toml"
    path.write_text(
        "[experiment]\nname = 'sob'\nreplicates = 1\ndays = 3\nscale = 0.03\n[design]\n"
        "kind = 'sobol'\nsamples = 2\n[design.parameters.'supervision.strength']\n"
        "bounds = [0.0, 1.0]\n"
    )
    assert run_batch(load_experiment(path), tmp_path / "out", workers=1).ok
    assert main(["sensitivity", str(tmp_path / "out"), "--outcomes", "nosuch"]) == 2
    assert "--outcomes: found 'nosuch'" in one_line(capsys.readouterr().err)


def test_no_run_succeeded_is_one_clear_line(tmp_path, capsys, monkeypatch):
    from batch_helpers import fail_always

    import cogov.experiments.batch as batch

    real = batch.run_batch
    monkeypatch.setattr(batch, "run_batch", lambda *a, **k: real(*a, **k, runner=fail_always))
    path = tmp_path / "store.toml"
    path.write_text(TINY)
    out = tmp_path / "out"
    assert main(["batch", str(path), "--workers", "1", "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert "no run succeeded; first error: RuntimeError: broken on purpose" in err
    assert main(["summarize", str(out)]) == 2
    assert "no run succeeded" in one_line(capsys.readouterr().err)


def test_chinese_output_without_the_font_fails_before_writing(
    finished, tmp_path, monkeypatch, capsys
):
    from cogov.experiments.charts import style

    style.cjk_family.cache_clear()
    monkeypatch.setattr(style, "_has_family", lambda name: False)
    monkeypatch.setattr(style.font_manager, "findSystemFonts", lambda *a, **k: [])
    try:
        _, out = finished
        before = sorted(p.name for p in out.iterdir())
        assert main(["report", str(out), "--lang", "zh", "--no-rerun"]) == 2
        assert "fonts-noto-cjk" in one_line(capsys.readouterr().err)
        assert sorted(p.name for p in out.iterdir()) == before
        run_out = tmp_path / "zh_run"
        assert (
            main(["run", "--days", "2", "--scale", "0.03", "--lang", "zh", "--out", str(run_out)])
            == 2
        )
        assert "fonts-noto-cjk" in one_line(capsys.readouterr().err)
        assert not run_out.exists()
    finally:
        style.cjk_family.cache_clear()


def test_manifest_keeps_the_experiment_text(finished):
    path, out = finished
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["experiment_text"] == path.read_text()
    assert manifest["experiment_file"] == str(path)
