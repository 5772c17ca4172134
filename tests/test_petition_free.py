"""scripts/petition_free.py --origins: where a batch's petitions came from, from run summaries."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from script_modules import load_script


@pytest.fixture(scope="module")
def petition_free():
    return load_script("petition_free")


def _run(folder, key, point, by_kind, by_nb):
    run = folder / "runs" / key
    run.mkdir(parents=True)
    summary = {
        "petitions": sum(v["petitions"] for v in by_kind.values()),
        "by_kind": by_kind,
        "by_neighbourhood": {n: {"petitions": p} for n, p in by_nb.items()},
    }
    (run / "summary.json").write_text(json.dumps(summary), encoding="utf-8")
    return {"key": key, "scenario": "metro_line_11", "point": point}


def test_origins_count_kinds_committees_and_unsolved_replies(petition_free, tmp_path):
    construction = {"petitions": 3, "closed": 10, "solved": 4}
    quiet = {"petitions": 0, "closed": 5, "solved": 5}
    rows = [
        _run(tmp_path, "a", 0, {"construction": construction, "lift": quiet}, {"X": 2, "Y": 1}),
        _run(
            tmp_path,
            "b",
            0,
            {"construction": {**construction, "petitions": 0}, "lift": quiet},
            {"X": 0, "Y": 0},
        ),
        _run(
            tmp_path,
            "c",
            1,
            {"construction": {**construction, "petitions": 1}, "lift": {**quiet, "petitions": 2}},
            {"X": 3},
        ),
    ]
    runs = pd.DataFrame(rows)
    first, second = petition_free.origins(runs, tmp_path, ["scenario", "point"])
    assert "with petitions 1;" in first and "{'construction': 3}" in first
    assert "a run that had any {2: 1}" in first  # run a: two committees; run b has none
    assert "unsolved construction replies a run 6.0" in first  # (10 - 4) in each of 2 runs
    assert "{'lift': 2, 'construction': 1}" in second and "{1: 1}" in second


def test_origins_is_chosen_on_the_command_line(petition_free, tmp_path, capsys):
    pd.DataFrame(
        [_run(tmp_path, "a", 0, {"k": {"petitions": 0, "closed": 1, "solved": 1}}, {"X": 0})]
    ).assign(petitions=0).to_parquet(tmp_path / "runs.parquet")
    assert petition_free.main([str(tmp_path), "--origins"]) == 0
    assert "with petitions 0" in capsys.readouterr().out
    assert petition_free.main([str(tmp_path / "missing")]) == 2
