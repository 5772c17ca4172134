"""Hours to close of every issue of one replicate per scenario, by re-running it.

Batch results keep per-run summaries, not per-issue close times (they would grow with
simulated time and replicates). To draw how long issues take against their deadlines, the
report re-runs ONE stored run per scenario — the first design point's replicate 0, with its
seed, parameters, scale and days — with ``keep_records=True``. Runs are pure functions of
their scenario, parameters and seed, so the re-run is the stored run again; this is checked
by comparing its count of closed issues with the stored one, and the chart's caption says
whether they match (they would not if the code changed since the batch). A full-scale year
takes about two seconds, so the cost is small; replicates differ in their close times, and
the caption says the chart shows one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from cogov.experiments.analysis.estimates import design_columns
from cogov.sim.loader import load_scenario, override_type

__all__ = ["RerunInfo", "close_times"]


@dataclass(frozen=True, slots=True)
class RerunInfo:
    """Which run was re-run for a scenario, and whether it reproduced the stored run."""

    scenario: str
    point: int
    replicate: int
    seed: int
    overrides: dict[str, Any]
    closed: int
    stored_closed: int

    @property
    def matches(self) -> bool:
        """Whether the re-run closed as many issues as the stored run."""
        return self.closed == self.stored_closed


def _plain(value: Any, name: str) -> Any:
    """A value from a DataFrame as the Python type the scenario parameter expects."""
    value = value.item() if hasattr(value, "item") else value
    tp = override_type(name)
    if tp is int and isinstance(value, float) and value.is_integer():
        return int(value)
    if tp is float and isinstance(value, int):
        return float(value)
    return value


def close_times(
    runs: pd.DataFrame, groups: Sequence[str], by: str = "scenario"
) -> tuple[pd.DataFrame, list[RerunInfo]]:
    """Re-run the first stored run of each group and return each closed issue's hours.

    Args:
        runs: successful runs (``runs.parquet``).
        groups: values of column ``by`` to re-run, in order (scenario names by default).
        by: the column that groups runs (e.g. a design-point label).

    Returns:
        A table with ``scenario`` (the group), ``kind``, ``deadline_hours``, ``hours``
        (report to close) and ``on_time`` (closed within the deadline counted from the report,
        the reporter's clock: ``on_time_from_report_rate``); and what was re-run per group.

    Raises:
        ScenarioError: if a scenario can no longer be loaded (e.g. a moved file).
    """
    from cogov.sim.model import CoGovModel  # the only part of the report that runs the model

    params = design_columns(runs)
    frames, infos = [], []
    for name in groups:
        mine = runs[runs[by] == name].sort_values(["point", "replicate"])
        if mine.empty:
            continue
        row = mine.iloc[0]
        overrides = {p: _plain(row[p], p) for p in params if pd.notna(row[p])}
        days = int(row["days"])
        scenario = load_scenario(row["scenario"], {**overrides, "days": days})
        model = CoGovModel(scenario, rng=int(row["seed"]), keep_records=True)
        model.run_days(days)
        kinds = model.params.kinds
        records = model.metrics.records or []
        frame = pd.DataFrame(
            {
                "scenario": name,
                "kind": [kinds[r[0]].id for r in records],
                "deadline_hours": [kinds[r[0]].deadline_hours for r in records],
                "hours": [r[4] - r[1] for r in records],
            }
        )
        # as the model counts it: a time comparison, so rounding cannot move a closure
        frame["on_time"] = [r[4] <= r[1] + kinds[r[0]].deadline_hours for r in records]
        frames.append(frame)
        infos.append(
            RerunInfo(
                scenario=name,
                point=int(row["point"]),
                replicate=int(row["replicate"]),
                seed=int(row["seed"]),
                overrides=overrides,
                closed=len(records),
                stored_closed=int(row["issues_closed"]),
            )
        )
    table = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
    return table, infos
