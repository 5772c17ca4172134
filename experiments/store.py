"""The results store: a folder that survives interruption and resumes without duplicates.

Layout of ``DIR``:

- ``journal.jsonl`` — one JSON line per finished run, appended and fsynced as soon as the run
  ends (so a killed batch loses only the runs in flight). A torn last line left by a kill is
  cut off when the store is reopened.
- ``runs/KEY/summary.json`` and ``runs/KEY/daily.parquet`` — each run's full summary and
  daily table, written atomically before its journal line.
- ``runs.parquet`` — one row per run (the last journal entry of each key), sorted by run index.
- ``daily.parquet`` — every run's daily table with ``key``, ``scenario``, ``point`` and
  ``replicate`` columns.
- ``manifest.json`` — the experiment file and its hash, code version, package versions,
  start and end times, counts.
- ``.lock`` — held (``flock``) by the batch writing the folder; it names the holder, and the
  system releases it when that process ends, however it ends.

The store trusts nothing it reads back: on opening, every run the journal calls finished
must still have its two files, and they must parse (missing or corrupt runs are re-run);
journal lines that are not a run's record are skipped with a warning; an unreadable manifest
is a one-line error. A folder that holds anything but a batch's results (a ``cogov run``
result, other files) is refused.

Load results with ``pandas.read_parquet("DIR/runs.parquet")``.
"""

from __future__ import annotations

import fcntl
import json
import os
import platform
import re
import socket
import sys
import tempfile
from collections.abc import Callable
from datetime import UTC, datetime
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

import pandas as pd

from cogov.experiments.design import Experiment
from cogov.experiments.files import write_bytes_atomic, write_json
from cogov.experiments.runner import RunOutcome
from cogov.sim.errors import ExperimentError

__all__ = ["ResultsStore", "package_versions", "probe_writable", "read_manifest", "utc_now"]

_KEY = re.compile(r"[0-9a-f]{24}\Z")
#: what a results folder may hold besides ``runs/`` (anything else: not a batch's folder)
_OWN = {
    "journal.jsonl",
    "manifest.json",
    "runs.parquet",
    "daily.parquet",
    "summary.csv",
    "sensitivity.csv",
    ".lock",
    "runs",
}


def _stderr(message: str) -> None:
    print(f"cogov: warning: {message}", file=sys.stderr, flush=True)


def probe_writable(folder: Path) -> None:
    """Create, write, sync and delete a small file in ``folder``; raise OSError if it fails.

    Called before any simulation starts, so a read-only or full disk is found in a second,
    not after a year of simulated time.
    """
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=".probe.", suffix=".tmp")
    try:
        os.write(fd, b"x" * 4096)
        os.fsync(fd)
    finally:
        os.close(fd)
        os.unlink(tmp)


def read_manifest(folder: Path) -> dict[str, Any] | None:
    """The manifest of a results folder, if it has one.

    Raises:
        ExperimentError: if it cannot be read or is not a JSON object (one line).
    """
    path = Path(folder) / "manifest.json"
    if not path.exists():
        return None
    try:
        data = json.loads(path.read_bytes().decode("utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ExperimentError(
            f"{path}: unreadable ({type(exc).__name__}: {exc}); allowed: the manifest "
            "`cogov batch` writes (move the folder aside and rerun the batch)"
        ) from None
    if not isinstance(data, dict):
        raise ExperimentError(f"{path}: found {type(data).__name__}; allowed: a JSON object")
    return data


_PACKAGES = ("mesa", "numpy", "scipy", "networkx", "pandas", "pyarrow", "dask", "distributed")


def package_versions() -> dict[str, str]:
    """Versions of Python and the packages results depend on."""
    out = {"python": platform.python_version()}
    for name in _PACKAGES:
        try:
            out[name] = version(name)
        except PackageNotFoundError:
            continue
    return out


def utc_now() -> str:
    """The current UTC time, to the second, in ISO 8601."""
    return datetime.now(UTC).isoformat(timespec="seconds")


class ResultsStore:
    """Results of one experiment in one folder."""

    def __init__(self, folder: Path, warn: Callable[[str], None] = _stderr) -> None:
        """Use ``folder`` (created if needed); ``warn`` receives warnings (default: stderr)."""
        self.folder = Path(folder)
        self.journal = self.folder / "journal.jsonl"
        self.manifest_path = self.folder / "manifest.json"
        self.warn = warn
        self.rerun = 0  # finished runs whose files were missing or corrupt on opening
        self._lock_fd: int | None = None

    def open(self, experiment: Experiment, code: str, resume: bool) -> dict[str, dict]:
        """Lock the folder, check it, and return the verified finished runs by key.

        Raises:
            ExperimentError: if another batch holds the folder, it holds something other
                than this experiment's results, or it holds them and ``resume`` is false.
        """
        if self.folder.exists() and not self.folder.is_dir():
            raise ExperimentError(f"{self.folder}: found a file; allowed: a results folder")
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            self._lock()
            probe_writable(self.folder)
        except OSError as exc:
            self.close()
            raise ExperimentError(
                f"{self.folder}: cannot write ({exc.strerror or exc}); allowed: a writable folder"
            ) from None
        try:
            return self._open(experiment, code, resume)
        except BaseException:
            self.close()
            raise

    def _open(self, experiment: Experiment, code: str, resume: bool) -> dict[str, dict]:
        manifest = self.read_manifest()
        if manifest is None:
            others = sorted(p.name for p in self.folder.iterdir() if not p.name.startswith("."))
            if others:
                what = (
                    "a `cogov run` result"
                    if {"summary.json", "daily.csv"} & set(others)
                    else "files that are not a batch's results"
                )
                raise ExperimentError(
                    f"{self.folder}: holds {what} ({', '.join(others[:4])}); allowed: an empty "
                    "or new --out folder, or one `cogov batch` wrote"
                )
        elif manifest.get("experiment_sha256") != experiment.text_sha256:
            raise ExperimentError(
                f"{self.folder}: holds results of another experiment file "
                f"({manifest.get('experiment_file')}); allowed: an empty or new --out folder"
            )
        else:
            strange = sorted(p.name for p in self.folder.iterdir() if p.name not in _OWN)
            strange = [n for n in strange if not n.startswith(".")]
            if {"summary.json", "daily.csv"} & set(strange):
                raise ExperimentError(
                    f"{self.folder}: a `cogov run` result was written into this batch's folder "
                    f"({', '.join(strange[:4])}); allowed: a folder only `cogov batch` writes"
                )
        entries = self.entries()
        if entries and not resume:
            raise ExperimentError(
                f"{self.folder}: already holds {len(entries)} runs of this experiment; "
                "allowed: --resume to finish it, or another --out folder"
            )
        self._cut_torn_line()
        started = manifest.get("started") if manifest and resume else utc_now()
        self.write_manifest(experiment, code, started=started, finished=None, counts=None)
        done = {}
        for key, e in entries.items():
            if e.get("status") != "ok":
                continue
            if self.run_files_ok(key):
                done[key] = e
            else:
                self.rerun += 1
        if self.rerun:
            self.warn(
                f"{self.folder}: {self.rerun} finished runs have missing or corrupt files in "
                "runs/; they will be re-run"
            )
        return done

    def close(self) -> None:
        """Release the folder's lock."""
        if self._lock_fd is not None:
            os.close(self._lock_fd)  # closing the descriptor releases the flock
            self._lock_fd = None

    def _lock(self) -> None:
        path = self.folder / ".lock"
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o666)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 500, 0).decode("utf-8", "replace").strip() or "unknown"
            os.close(fd)
            raise ExperimentError(
                f"{self.folder}: in use by another batch ({holder}); allowed: wait for it to "
                "end, or another --out folder"
            ) from None
        except OSError:
            os.close(fd)
            raise
        holder = f"pid {os.getpid()} on {socket.gethostname()} since {utc_now()}"
        os.ftruncate(fd, 0)
        os.pwrite(fd, holder.encode("utf-8"), 0)
        self._lock_fd = fd

    def run_files_ok(self, key: str) -> bool:
        """Whether run ``key`` has a summary that parses and a daily table that reads."""
        run_dir = self.folder / "runs" / key
        try:
            summary = json.loads((run_dir / "summary.json").read_bytes().decode("utf-8"))
            import pyarrow.parquet as pq

            pq.read_metadata(run_dir / "daily.parquet")
        except Exception:
            return False
        return isinstance(summary, dict)

    def entries(self, warn: bool = True) -> dict[str, dict]:
        """The last journal entry of each run key.

        A torn final line (a kill mid-write) is ignored quietly; any other line that is not
        a run's record (not UTF-8, not JSON, no key or index) is skipped with a warning.
        """
        out: dict[str, dict] = {}
        if not self.journal.exists():
            return out
        data = self.journal.read_bytes()
        lines = data.split(b"\n")
        lines.pop()  # the text after the last newline: empty, or a line torn by a kill
        bad = []
        for number, raw in enumerate(lines, start=1):
            try:
                entry = json.loads(raw.decode("utf-8"))
                ok = (
                    isinstance(entry, dict)
                    and isinstance(entry.get("key"), str)
                    and _KEY.match(entry["key"]) is not None
                    and isinstance(entry.get("index"), int)
                    and isinstance(entry.get("status"), str)
                )
            except (UnicodeDecodeError, json.JSONDecodeError):
                ok = False
            if not ok:
                bad.append(number)
                continue
            out[entry["key"]] = entry
        if bad and warn:
            shown = ", ".join(map(str, bad[:5])) + (" ..." if len(bad) > 5 else "")
            self.warn(
                f"{self.journal}: skipped {len(bad)} lines that are not a run's record "
                f"(line {shown}); those runs will be re-run"
            )
        return out

    def record(self, outcome: RunOutcome) -> None:
        """Store one finished run durably."""
        if outcome.summary is not None:
            run_dir = self.folder / "runs" / outcome.key
            write_json(run_dir / "summary.json", outcome.summary)
            frame = pd.DataFrame(outcome.daily)
            write_bytes_atomic(run_dir / "daily.parquet", frame.to_parquet(index=False))
        line = json.dumps(outcome.row, allow_nan=True, default=str) + "\n"
        with self.journal.open("a", encoding="utf-8") as fh:
            fh.write(line)
            fh.flush()
            os.fsync(fh.fileno())

    def consolidate(self, keys: set[str]) -> pd.DataFrame:
        """Write ``runs.parquet`` and ``daily.parquet`` from the journal; return the runs.

        Args:
            keys: the run keys of the experiment as it is now; journal entries of other keys
                (left by an older code version) are not included.
        """
        entries = [
            e
            for e in self.entries(warn=False).values()
            if e["key"] in keys and (e["status"] != "ok" or self.run_files_ok(e["key"]))
        ]
        entries.sort(key=lambda e: e["index"])
        runs = pd.DataFrame(entries)
        write_bytes_atomic(self.folder / "runs.parquet", runs.to_parquet(index=False))
        frames = []
        for e in entries:
            path = self.folder / "runs" / e["key"] / "daily.parquet"
            if e.get("status") == "ok" and path.exists():
                frame = pd.read_parquet(path)
                for col in ("replicate", "point", "scenario", "key"):
                    frame.insert(0, col, e[col])
                frames.append(frame)
        if frames:
            daily = pd.concat(frames, ignore_index=True)
            write_bytes_atomic(self.folder / "daily.parquet", daily.to_parquet(index=False))
        return runs

    def read_manifest(self) -> dict[str, Any] | None:
        """The manifest, if the folder has one (see :func:`read_manifest`)."""
        return read_manifest(self.folder)

    def write_manifest(
        self,
        experiment: Experiment,
        code: str,
        started: str | None,
        finished: str | None,
        counts: dict[str, int] | None,
    ) -> None:
        """Write ``manifest.json`` atomically."""
        write_json(
            self.manifest_path,
            {
                "experiment": experiment.name,
                "experiment_file": experiment.source,
                "experiment_sha256": experiment.text_sha256,
                "experiment_text": experiment.text,
                "design": experiment.kind,
                "scenarios": list(experiment.scenarios),
                "reference": experiment.reference,
                "parameters": list(experiment.parameters),
                "replicates": experiment.replicates,
                "days": experiment.days,
                "root_seed": experiment.root_seed,
                "samples": experiment.samples,
                "runs_planned": len(experiment.runs),
                "code_version": code,
                "versions": package_versions(),
                "platform": f"{platform.system()} {platform.machine()}",
                "argv": sys.argv,
                "started": started,
                "finished": finished,
                "counts": counts,
            },
        )

    def _cut_torn_line(self) -> None:
        if not self.journal.exists():
            return
        data = self.journal.read_bytes()
        if data and not data.endswith(b"\n"):
            keep = data[: data.rfind(b"\n") + 1]
            write_bytes_atomic(self.journal, keep)
