"""scripts/recruitment_table.py: the flatness verdict follows the data (synthetic sweeps)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from script_modules import load_script

from cogov.sim.loader import load_scenario


@pytest.fixture(scope="module")
def table():
    return load_script("recruitment_table")


def _sweep(folder: Path, solved_slope: float) -> None:
    """Five efforts × 8 seeds: volunteers rise with effort, solved by ``solved_slope``."""
    shipped = load_scenario("xinhua_2013").participation.contacts
    rng = np.random.default_rng(7)
    rows = []
    for point, effort in enumerate((0.0, 0.5, 1.0, 2.0, 4.0)):
        for seed in range(8):
            rows.append(
                {
                    "status": "ok",
                    "point": point,
                    "seed": seed,
                    "population_scale": 0.5,
                    "participation.contacts": shipped * effort,
                    "participation.group_contacts": 120 * effort,
                    "participation.point_contacts": 49 * effort,
                    "volunteers_active_end": 240 + 190 * effort + rng.normal(0, 10),
                    "solved_rate": 0.785 + solved_slope * effort + rng.normal(0, 0.003),
                }
            )
    folder.mkdir()
    pd.DataFrame(rows).to_parquet(folder / "runs.parquet")


def _verdicts(out: str) -> dict[str, str]:
    lines = [x for x in out.splitlines() if x.startswith("| ") and x.endswith("flat |")]
    return {x.split("|")[1].strip(): x.split("|")[-2].strip() for x in lines}


def test_a_rising_outcome_is_not_flat_and_a_constant_one_is(table, tmp_path, capsys):
    _sweep(tmp_path / "flat", solved_slope=0.0)
    assert table.main([str(tmp_path / "flat")]) == 0
    verdicts = _verdicts(capsys.readouterr().out)
    assert verdicts == {"volunteers at end": "not flat", "solved": "flat"}


def test_a_small_real_slope_is_found(table, tmp_path, capsys):
    _sweep(tmp_path / "slope", solved_slope=0.01)
    table.main([str(tmp_path / "slope")])
    out = capsys.readouterr().out
    assert _verdicts(out)["solved"] == "not flat"
    assert "scale 0.5, 8 paired replicates" in out


def test_slope_interval_holds_the_true_slope(table):
    x = np.repeat(np.arange(5.0), 20)
    y = 3.0 + 2.0 * x + np.random.default_rng(1).normal(0, 1, x.size)
    s, lo, hi = table.slope(x, y)
    assert lo < 2.0 < hi
    assert s == pytest.approx(2.0, abs=0.2)
