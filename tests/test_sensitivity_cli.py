"""``cogov screen`` and ``cogov sobol``: the selection rule, common seeds, resuming, bad input."""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from cogov.cli import main
from cogov.experiments.ema import run_world
from cogov.experiments.screening import select_parameters
from cogov.experiments.sensitivity import (
    _values,
    design_results,
    morris_design,
    unique_points,
)
from cogov.experiments.uncertainties import POLICIES, UNCERTAINTIES

NAMES = [u.name for u in UNCERTAINTIES]
SMALL = ["--days", "5", "--scale", "0.05", "--workers", "2"]
SCREEN = ["--trajectories", "2", *SMALL]


def _morris(rows: list[tuple[str, str, float]]) -> pd.DataFrame:
    return pd.DataFrame(
        [{"target": t, "parameter": p, "mu_star": m, "sigma": 0.0} for t, p, m in rows]
    )


def test_selection_ranks_by_relative_effect_on_the_paired_differences() -> None:
    d1, d2 = "petitions: cogovernance - one_window", "solved_rate: cogovernance - siloed"
    morris = _morris([
        (d1, "a", 10.0), (d1, "b", 5.0), (d1, "c", 1.0), (d1, "d", 0.0),
        (d2, "a", 0.01), (d2, "b", 0.02), (d2, "c", 0.03), (d2, "d", 0.001),
        ("petitions", "d", 1e6),  # a level: ignored however large
    ])  # fmt: skip
    sel = select_parameters(morris, threshold=0.4, min_k=1, max_k=5)
    # score = max relative mu*: a = max(10/10, .01/.03) = 1, c = max(.1, 1) = 1,
    # b = max(.5, .667), d = 1/30; a and c tie at 1: mean a = (1 + 1/3)/2 > c = (.1 + 1)/2
    assert sel["parameter"].tolist() == ["a", "c", "b", "d"]
    assert sel["score"].tolist() == pytest.approx([1.0, 1.0, 2 / 3, 1 / 30])
    assert sel["mean"].tolist()[:2] == pytest.approx([2 / 3, 0.55])
    assert sel["target"].tolist()[:3] == [d1, d2, d2]
    assert sel["selected"].tolist() == [True, True, True, False]
    assert select_parameters(morris, threshold=0.9, min_k=1)["selected"].sum() == 2
    assert select_parameters(morris, threshold=0.9, min_k=3)["selected"].sum() == 3
    assert select_parameters(morris, threshold=0.01, max_k=2)["selected"].sum() == 2
    assert select_parameters(morris, top=1)["selected"].tolist() == [True, False, False, False]
    # the tie is broken by the mean, not the name: raise c's effect on d1 above a's mean
    morris.loc[(morris["target"] == d1) & (morris["parameter"] == "c"), "mu_star"] = 8.0
    assert select_parameters(morris)["parameter"].tolist()[:2] == ["c", "a"]
    with pytest.raises(ValueError, match="paired-difference"):
        select_parameters(morris[morris["target"] == "petitions"])


def test_unique_points_run_repeated_rows_once() -> None:
    names = ["community.max_queue_per_server", "demand.multiplier"]
    unit = np.array([[0.0, 0.5], [0.1, 0.5], [0.0, 0.5], [1.0, 0.0]])  # 0.0 and 0.1 -> 1
    points, index = unique_points(unit, names)
    assert index.tolist() == [0, 0, 0, 1]
    assert points == [
        {"community.max_queue_per_server": 1, "demand.multiplier": 1.1},
        {"community.max_queue_per_server": 4, "demand.multiplier": 0.7},
    ]


def _runs(seeds: dict[str, list[int]]) -> pd.DataFrame:
    rows = []
    for s, (policy, scenario) in enumerate(POLICIES.items()):
        for world, seed in enumerate(seeds[policy]):
            rows.append({"point": 3 * world + s, "scenario": scenario, "seed": seed,
                         "status": "ok", "satisfaction_mean": 0.5 + s, "solved_rate": 0.1,
                         "petitions": float(world)})  # fmt: skip
    return pd.DataFrame(rows)


def test_design_results_pair_policies_by_point_and_refuse_unpaired_seeds() -> None:
    same = {p: [7, 7] for p in POLICIES}
    out = design_results(_runs(same), np.array([1, 0, 1]))
    assert out["one_window"]["petitions"].tolist() == [1.0, 0.0, 1.0]
    assert out["siloed"]["satisfaction_mean"].tolist() == [2.5] * 3
    with pytest.raises(ValueError, match="different seeds"):
        design_results(_runs({**same, "siloed": [7, 8]}), np.array([0, 1]))
    runs = _runs(same)
    runs.loc[(runs["scenario"] == "one_window") & (runs["point"] == 4), "status"] = "failed"
    with pytest.raises(ValueError, match=r"no successful one_window run \(first: point 1"):
        design_results(runs, np.array([0, 1]))


@pytest.fixture(scope="module")
def screened(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("screen") / "screen"
    assert main(["screen", str(out), *SCREEN]) == 0
    return out


def test_screen_writes_its_tables_and_charts(screened: Path) -> None:
    folder = screened / "screening"
    for name in ("morris.csv", "selection.csv", "screening.json", "targets.csv", "morris.png",
                 "morris_zh.svg"):  # fmt: skip
        assert (folder / name).stat().st_size > 0
    morris = pd.read_csv(folder / "morris.csv")
    assert set(morris["parameter"]) == set(NAMES) and len(morris) == 9 * len(NAMES)
    summary = json.loads((folder / "screening.json").read_text())
    assert summary["design_rows"] == 2 * (len(NAMES) + 1)
    assert summary["runs"] == 3 * summary["points"]


def test_the_selection_follows_the_morris_ranking(screened: Path) -> None:
    morris = pd.read_csv(screened / "screening" / "morris.csv")
    summary = json.loads((screened / "screening" / "screening.json").read_text())
    diffs = morris[morris["target"].str.contains(" - ")]
    ratios: dict[str, list[float]] = {}
    for _, t in diffs.groupby("target"):
        top = t["mu_star"].max()
        for p, m in zip(t["parameter"], t["mu_star"], strict=True):
            ratios.setdefault(p, []).append(m / top if top > 0 else 0.0)
    score = {p: max(r) for p, r in ratios.items()}
    mean = {p: sum(r) / len(r) for p, r in ratios.items()}
    ranking = sorted(score, key=lambda p: (-score[p], -mean[p], p))
    assert summary["ranking"] == ranking
    k = min(max(sum(v >= summary["threshold"] for v in score.values()), 2), summary["max_k"])
    assert summary["selected"] == ranking[:k]


def test_paired_differences_come_from_one_common_seed(screened: Path) -> None:
    runs = pd.read_parquet(screened / "runs.parquet")
    assert runs["seed"].nunique() == 1
    table = pd.read_csv(screened / "screening" / "targets.csv")
    seed = int(runs["seed"].iloc[0])
    assert (table["seed"] == seed).all()
    _, index = unique_points(morris_design(NAMES, 2, 4, 0), NAMES)
    row = 5
    values = _values(morris_design(NAMES, 2, 4, 0)[row], NAMES)
    assert table.loc[row, "point"] == index[row]
    runs_of = {p: run_world(p, days=5, scale=0.05, seed=seed, **values) for p in POLICIES}
    for outcome in ("satisfaction_mean", "solved_rate", "petitions"):
        for baseline in ("one_window", "siloed"):
            want = runs_of["cogovernance"][outcome] - runs_of[baseline][outcome]
            got = table.loc[row, f"{outcome}: cogovernance - {baseline}"]
            # undefined in both (no case rated in a tiny run): NaN on both sides
            assert got == pytest.approx(want, abs=1e-12, nan_ok=True)
    # the seed matters here: another seed for the baseline gives another difference
    other = run_world("one_window", days=5, scale=0.05, seed=seed + 1, **values)
    assert other != runs_of["one_window"]


#: parameters no baseline reads (the real screen confirms it, docs/VALIDATION.md section 10;
#: the table's volunteers.activation and participation.* move the baselines too)
# (volunteers' and points' weekly hours are read under every policy: they visit, sim/visits.py)
COGOV_ONLY = ("supervision.strength",
              "community.max_queue_per_server", "community.group_hours_per_week",
              "units.team_hours_per_week",
              "deliberation.consult_hours", "deliberation.contact_effect")  # fmt: skip


def test_a_parameter_no_baseline_reads_moves_its_differences_as_its_level(screened) -> None:
    # With one seed per point, the baselines' runs do not change when a parameter they never
    # read moves, so its elementary effects on a difference are those on co-governance's level
    morris = pd.read_csv(screened / "screening" / "morris.csv").set_index(["target", "parameter"])
    shared = [u.name for u in UNCERTAINTIES if u.reads == tuple(POLICIES)]
    moved = 0
    for outcome in ("satisfaction_mean", "solved_rate", "petitions"):
        for p in COGOV_ONLY:
            level = morris.loc[(outcome, p), "mu_star"]
            for baseline in ("one_window", "siloed"):
                diff = morris.loc[(f"{outcome}: cogovernance - {baseline}", p), "mu_star"]
                assert diff == pytest.approx(level, abs=1e-12)
        for p in shared:
            level = morris.loc[(outcome, p), "mu_star"]
            diff = morris.loc[(f"{outcome}: cogovernance - one_window", p), "mu_star"]
            moved += diff != pytest.approx(level, abs=1e-12)
    assert moved > 0  # a parameter every policy reads moves the baseline too


def test_resume_runs_nothing_twice_and_a_rerun_without_it_is_refused(screened, capsys) -> None:
    journal = (screened / "journal.jsonl").read_bytes()
    assert main(["screen", str(screened), *SCREEN, "--resume", "--no-charts"]) == 0
    out = capsys.readouterr().out
    planned = re.search(r"(\d+) runs planned, (\d+) already done, 0 succeeded", out)
    assert planned and planned[1] == planned[2] and int(planned[1]) > 0  # every run was done
    assert (screened / "journal.jsonl").read_bytes() == journal
    assert main(["screen", str(screened), *SCREEN]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "--resume" in err
    assert main(["screen", str(screened), *SCREEN, "--days", "6"]) == 2  # another design
    assert "another experiment" in capsys.readouterr().err


def test_sobol_on_the_screens_selection(screened: Path, tmp_path: Path) -> None:
    out = tmp_path / "sobol"
    assert main(["sobol", str(out), "--from-screen", str(screened), "--samples", "2",
                 "--days", "3", "--workers", "2"]) == 0  # fmt: skip
    selected = json.loads((screened / "screening" / "screening.json").read_text())["selected"]
    table = pd.read_csv(out / "sobol" / "sobol.csv")
    assert list(dict.fromkeys(table["parameter"])) == selected
    assert len(table) == 9 * len(selected)
    summary = json.loads((out / "sobol" / "sobol.json").read_text())
    assert summary["scale"] == 0.05 and summary["days"] == 3  # scale from the screen
    assert summary["design_rows"] == 2 * (len(selected) + 2)
    assert (out / "sobol" / "sobol.png").exists() and (out / "sobol" / "sobol_zh.png").exists()


def test_bad_input_is_one_line_and_exit_2(screened: Path, tmp_path: Path, capsys) -> None:
    out = str(tmp_path / "o")
    assert main(["sobol", out, "--from-screen", str(tmp_path / "none")]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "--from-screen" in err and "cogov screen" in err
    assert main(["sobol", out, "--from-screen", str(screened), "--top", "99"]) == 2
    assert f"allowed: 1 to {len(UNCERTAINTIES)}" in capsys.readouterr().err
    assert main(["screen", out, "--scheduler", "nonsense"]) == 2
    assert len(capsys.readouterr().err.strip().splitlines()) == 1
    (tmp_path / "o").mkdir()
    (tmp_path / "o" / "notes.txt").write_text("mine")
    assert main(["screen", out, *SCREEN]) == 2
    assert "notes.txt" in capsys.readouterr().err
    refused = (
        ["sobol", out, "--from-screen", str(screened), "--samples", "3"],
        ["screen", out, "--scale", "0"],
        ["screen", out, "--trajectories", "0"],
    )
    for argv in refused:
        with pytest.raises(SystemExit) as exit_:
            main(argv)
        assert exit_.value.code == 2
        assert "allowed" in capsys.readouterr().err.splitlines()[-1]


def test_sensitivity_refuses_a_sobol_batch_over_several_scenarios(tmp_path, capsys) -> None:
    runs = pd.DataFrame({"status": ["ok"] * 2, "scenario": ["xinhua_2013", "siloed"],
                         "sobol_matrix": ["A"] * 2, "sobol_row": [0] * 2,
                         "petitions": [1, 2]})  # fmt: skip
    runs.to_parquet(tmp_path / "runs.parquet")
    manifest = {"design": "sobol", "parameters": ["demand.multiplier"]}
    (tmp_path / "manifest.json").write_text(json.dumps(manifest))
    assert main(["sensitivity", str(tmp_path)]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "over 2 scenarios" in err and "cogov screen" in err
