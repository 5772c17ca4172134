"""Scenario discovery: paired world differences, PRIM boxes, feature scores, sentences, CLI."""

import json

import numpy as np
import pandas as pd
import pytest

from cogov.cli import main
from cogov.experiments.analysis.discover import (
    Discovery,
    discover,
    failing,
    feature_scores,
    world_differences,
    worse,
)
from cogov.experiments.analysis.robustness import box_clause, robustness_section, sentence

PARAMS = ["demand.multiplier", "supervision.strength", "population.trust_mean"]
SCENARIOS = ["xinhua_2013", "one_window", "siloed"]


def synthetic_worlds(n: int = 400, seed: int = 3) -> pd.DataFrame:
    """Worlds with a known box of failures on satisfaction (demand > 1.2, supervision < 0.5).

    Both baselines get the same table.
    """
    rng = np.random.default_rng(seed)
    x = pd.DataFrame(
        {
            "demand.multiplier": rng.uniform(0.7, 1.5, n),
            "supervision.strength": rng.uniform(0.0, 1.5, n),
            "population.trust_mean": rng.uniform(0.4, 0.8, n),
        }
    )
    inside = (x["demand.multiplier"] > 1.2) & (x["supervision.strength"] < 0.5)
    frames = []
    for baseline in ("one_window", "siloed"):
        f = x.copy()
        f["world"] = range(n)
        f["policy"], f["baseline"], f["n"] = "cogovernance", baseline, 1
        f["satisfaction_mean"] = np.where(inside, -0.05, 0.05) + rng.normal(0, 0.005, n)
        f["solved_rate"] = 0.01 * x["population.trust_mean"]  # always beats
        f["petitions"] = np.zeros(n)  # ties: never beats
        frames.append(f)
    return pd.concat(frames, ignore_index=True)


def test_failing_direction_and_ties() -> None:
    diff = np.array([-1.0, 0.0, 1.0])
    assert failing(diff, "satisfaction_mean").tolist() == [True, True, False]
    assert failing(diff, "petitions").tolist() == [False, True, True]


def test_prim_finds_the_known_box() -> None:
    worlds = synthetic_worlds()
    d = discover(worlds, PARAMS, "satisfaction_mean", "one_window")
    inside = (worlds["baseline"] == "one_window") & (worlds["satisfaction_mean"] <= 0)
    assert d.worlds == 400 and d.failing == int(inside.sum())
    assert set(d.limits) == {"demand.multiplier", "supervision.strength"}
    lo_demand = d.limits["demand.multiplier"][0]
    hi_supervision = d.limits["supervision.strength"][1]
    # the reported box is the first at density >= 0.8: it holds the true box, a little wider
    assert 1.0 < lo_demand <= 1.25
    assert 0.45 <= hi_supervision < 0.8
    assert d.coverage >= 0.8 and d.density >= 0.8
    # coverage and density tallied independently from the box limits
    rows = worlds[worlds["baseline"] == "one_window"]
    in_box = np.ones(len(rows), dtype=bool)
    for name, (lo, hi) in d.limits.items():
        in_box &= (rows[name] >= lo).to_numpy() & (rows[name] <= hi).to_numpy()
    fails = (rows["satisfaction_mean"] <= 0).to_numpy()
    assert d.density == pytest.approx((fails & in_box).sum() / in_box.sum())
    assert d.coverage == pytest.approx((fails & in_box).sum() / fails.sum())
    assert d.mass == pytest.approx(in_box.mean())
    assert d.trajectory.iloc[d.box_index]["density"] >= 0.8
    assert d.share_beats == pytest.approx(1 - d.failing / 400)


def test_prim_reports_no_box_when_nothing_separates() -> None:
    worlds = synthetic_worlds()
    always = discover(worlds, PARAMS, "solved_rate", "one_window")
    assert always.failing == 0 and always.limits == {} and always.share_beats == 1.0
    never = discover(worlds, PARAMS, "petitions", "one_window")
    assert never.failing == 400 and never.limits == {} and never.share_beats == 0.0


def test_feature_scores_rank_the_box_dimensions_first() -> None:
    scores = feature_scores(synthetic_worlds(), PARAMS, "one_window")
    top = scores["satisfaction_mean"].sort_values(ascending=False).index[:2]
    assert set(top) == {"demand.multiplier", "supervision.strength"}
    assert scores["satisfaction_mean"].sum() == pytest.approx(1.0)


def test_an_outcome_no_world_defines_gets_no_scores_and_the_others_still_do() -> None:
    worlds = synthetic_worlds()
    worlds["petitions"] = np.nan  # e.g. a short run in which nothing could be compared
    worlds.loc[worlds.index[0], "petitions"] = 1.0  # one world is not enough either
    scores = feature_scores(worlds, PARAMS, "one_window")
    assert scores["petitions"].isna().all()
    assert scores["satisfaction_mean"].sum() == pytest.approx(1.0)


def _runs() -> pd.DataFrame:
    """Two worlds x three policies x two replicates, outcomes chosen by hand."""
    rows = []
    for world, demand in enumerate((0.9, 1.3)):
        for s_index, scenario in enumerate(SCENARIOS):
            for rep in range(2):
                rows.append(
                    {
                        "point": world * 3 + s_index,
                        "scenario": scenario,
                        "replicate": rep,
                        "demand.multiplier": demand,
                        "satisfaction_mean": 0.5 + 0.1 * s_index + 0.01 * rep + world,
                        "solved_rate": 0.8 - 0.05 * s_index,
                        "petitions": 2.0 * s_index + rep,
                    }
                )
    return pd.DataFrame(rows)


def test_world_differences_pair_by_world_and_replicate() -> None:
    table = world_differences(_runs(), SCENARIOS, ["demand.multiplier"])
    assert len(table) == 4  # two worlds x two baselines
    ow = table[table["baseline"] == "one_window"].set_index("world")
    si = table[table["baseline"] == "siloed"].set_index("world")
    # tally by hand: co-governance (index 0) minus baseline (index 1 or 2), same replicate
    assert ow["satisfaction_mean"].tolist() == pytest.approx([-0.1, -0.1])
    assert si["solved_rate"].tolist() == pytest.approx([0.1, 0.1])
    assert ow["petitions"].tolist() == pytest.approx([-2.0, -2.0])
    assert ow["demand.multiplier"].tolist() == [0.9, 1.3]
    assert ow["n"].tolist() == [2, 2]


def test_world_differences_refuse_mixed_worlds() -> None:
    runs = _runs()
    runs.loc[0, "demand.multiplier"] = 5.0
    with pytest.raises(ValueError, match="differ"):
        world_differences(runs, SCENARIOS, ["demand.multiplier"])


def test_sentences_match_the_discovery() -> None:
    d = Discovery(
        "satisfaction_mean",
        "one_window",
        worlds=50,
        failing=14,
        limits={"demand.multiplier": (1.2, 1.5), "supervision.strength": (0.0, 0.5)},
        coverage=0.857,
        density=0.9,
    )
    en = sentence(d, "en")
    assert en == (
        "Co-governance beats one window on satisfaction in 72% of sampled worlds (36 of 50); "
        "it fails where Demand multiplier > 1.2 and Supervision strength < 0.5 "
        "(coverage 86%, density 90%)."
    )
    zh = sentence(d, "zh")
    assert zh.startswith("在抽样的50个世界中，共治在满意度上优于单一窗口的占72%（36个）")
    assert "需求倍数 > 1.2，且监督强度 < 0.5" in zh and "覆盖率86%，密度90%" in zh
    assert box_clause({"population.trust_mean": (0.5, 0.7)}) == "0.5 < Initial trust < 0.7"
    section = robustness_section([d], "zh")
    assert section["rows"][0]["beats"] == 36 and section["sentences"] == [zh]
    assert "共治" in section["caveat"]


def test_sentences_without_a_box() -> None:
    everywhere = Discovery("petitions", "siloed", worlds=10, failing=10)
    assert sentence(everywhere).endswith(
        "in 0% of sampled worlds (0 of 10); it fails in every sampled world."
    )
    nowhere = Discovery("solved_rate", "one_window", worlds=10, failing=0)
    assert sentence(nowhere, "zh").endswith("没有不占优的世界。")


def test_ties_are_not_called_failures() -> None:
    """Worlds where both policies give the same value (no petition under either) are ties."""
    ties = Discovery(
        "petitions",
        "one_window",
        worlds=200,
        failing=56,
        limits={"population.trust_mean": (0.52, 0.8)},
        coverage=0.91,
        density=0.82,
        worse=0,
    )
    en = sentence(ties)
    assert "fails" not in en
    assert en.endswith(
        "in 72% of sampled worlds (144 of 200); it is worse in none, and ties (the same value "
        "under both) where Initial trust > 0.52 (coverage 91%, density 82%)."
    )
    assert "在任何世界中都不更差" in sentence(ties, "zh")
    some_worse = Discovery(
        "petitions",
        "one_window",
        worlds=10,
        failing=4,
        worse=3,
        limits={"population.trust_mean": (0.52, 0.8)},
        coverage=1.0,
        density=0.9,
    )
    assert "it fails where" in sentence(some_worse) and "; it is worse in 3." in sentence(
        some_worse
    )
    no_box = Discovery("petitions", "siloed", worlds=10, failing=3, worse=0)
    assert sentence(no_box).endswith("; it is worse in none and ties in 3.")
    assert robustness_section([ties])["rows"][0]["worse"] == 0
    lone = Discovery(
        "solved_rate",
        "siloed",
        worlds=200,
        failing=1,
        worse=1,
        limits={"population.trust_mean": (0.62, 0.77)},
        coverage=1.0,
        density=0.1,
    )
    assert sentence(lone).endswith(
        "; it does not beat it in 1 (worse in 1), which no box of assumptions isolates."
    )


def test_worse_is_strict_and_follows_the_outcome_direction() -> None:
    diff = pd.Series([-2.0, 0.0, 3.0])
    assert worse(diff, "petitions").tolist() == [False, False, True]  # fewer is better
    assert worse(diff, "satisfaction_mean").tolist() == [True, False, False]
    assert failing(diff, "petitions").tolist() == [False, True, True]  # ties do not beat


def test_discover_end_to_end_on_a_tiny_batch(tmp_path) -> None:
    exp = tmp_path / "tiny.toml"
    exp.write_text(
        '[experiment]\nname = "tiny_explore"\nscenarios = ["xinhua_2013", "one_window", "siloed"]\n'
        # 10 days, not 4: with 45 parameters a 4-day world could leave satisfaction undefined
        # in every pair of a baseline (no case rated), and feature scoring had no sample
        "replicates = 2\ndays = 10\nscale = 0.02\nroot_seed = 5\n"
        '[design]\nkind = "explore"\nsamples = 6\n'
    )
    out = tmp_path / "res"
    assert main(["batch", str(exp), "--out", str(out), "--workers", "1"]) == 0
    assert main(["discover", str(out)]) == 0
    folder = out / "discovery"
    worlds = pd.read_parquet(folder / "worlds.parquet")
    assert len(worlds) == 6 * 2 and set(worlds["n"]) == {2}
    boxes = json.loads((folder / "boxes.json").read_text())["boxes"]
    assert len(boxes) == 6
    for box in boxes:
        rows = worlds[worlds["baseline"] == box["baseline"]]
        assert box["failing"] == int(failing(rows[box["outcome"]], box["outcome"]).sum())
        assert set(box["restricted"]) == set(box["limits"])
    sentences = json.loads((folder / "robustness.json").read_text())
    assert len(sentences["en"]["sentences"]) == len(sentences["zh"]["sentences"]) == 6
    for stem in ("peeling", "box", "map"):
        assert (folder / f"{stem}_satisfaction_mean_vs_one_window.png").stat().st_size > 0
        assert (folder / f"{stem}_satisfaction_mean_vs_one_window_zh.svg").stat().st_size > 0
    scores = pd.read_csv(folder / "feature_scores.csv")
    assert set(scores["baseline"]) == {"one_window", "siloed"}


def test_discover_refuses_other_designs(tmp_path, capsys) -> None:
    assert main(["discover", str(tmp_path / "nothing")]) == 2
    assert "no runs.parquet" in capsys.readouterr().err


def test_discover_refuses_a_batch_of_another_design(tmp_path, capsys) -> None:
    exp = tmp_path / "plain.toml"
    exp.write_text(
        '[experiment]\nscenarios = ["xinhua_2013", "one_window"]\nreplicates = 1\ndays = 1\n'
        "scale = 0.01\n"
    )
    out = tmp_path / "res"
    assert main(["batch", str(exp), "--out", str(out), "--workers", "1"]) == 0
    assert main(["discover", str(out)]) == 2
    err = capsys.readouterr().err
    assert "design 'scenarios'" in err and "allowed: 'explore'" in err
    assert not (out / "discovery").exists()  # nothing half-written
