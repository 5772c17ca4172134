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

Load results with ``pandas.read_parquet("DIR/runs.parquet")``.
"""

from __future__ import annotations

import json
import os
import platform
import sys
from datetime import UTC, datetime
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

import pandas as pd

from cogov.experiments.design import Experiment
from cogov.experiments.files import write_bytes_atomic, write_json
from cogov.experiments.runner import RunOutcome
from cogov.sim.errors import ExperimentError

__all__ = ["ResultsStore", "package_versions", "utc_now"]

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

    def __init__(self, folder: Path) -> None:
        """Use ``folder`` (created if needed)."""
        self.folder = Path(folder)
        self.journal = self.folder / "journal.jsonl"
        self.manifest_path = self.folder / "manifest.json"

    def open(self, experiment: Experiment, code: str, resume: bool) -> dict[str, dict]:
        """Prepare the folder for ``experiment`` and return finished runs by key.

        Raises:
            ExperimentError: if the folder holds another experiment's results, or holds
                results of this one and ``resume`` is false.
        """
        self.folder.mkdir(parents=True, exist_ok=True)
        manifest = self.read_manifest()
        entries = self.entries()
        if manifest is not None and manifest.get("experiment_sha256") != experiment.text_sha256:
            raise ExperimentError(
                f"{self.folder}: holds results of another experiment file "
                f"({manifest.get('experiment_file')}); allowed: an empty or new --out folder"
            )
        if entries and not resume:
            raise ExperimentError(
                f"{self.folder}: already holds {len(entries)} runs of this experiment; "
                "allowed: --resume to finish it, or another --out folder"
            )
        self._cut_torn_line()
        started = manifest.get("started") if manifest and resume else utc_now()
        self.write_manifest(experiment, code, started=started, finished=None, counts=None)
        return {k: e for k, e in entries.items() if e.get("status") == "ok"}

    def entries(self) -> dict[str, dict]:
        """The last journal entry of each run key (a torn final line is ignored)."""
        out: dict[str, dict] = {}
        if not self.journal.exists():
            return out
        for line in self.journal.read_text("utf-8").splitlines():
            try:
                entry = json.loads(line)
            except json.JSONDecodeError:
                continue  # a line cut short by a kill
            out[entry["key"]] = entry
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
        entries = [e for e in self.entries().values() if e["key"] in keys]
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
        """The manifest, if the folder has one."""
        if not self.manifest_path.exists():
            return None
        return json.loads(self.manifest_path.read_text("utf-8"))

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
                "experiment_file": str(experiment.path),
                "experiment_sha256": experiment.text_sha256,
                "experiment_text": experiment.path.read_text("utf-8"),
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
