"""Experiment files: validation, expansion into runs, seeds spawned from the root."""

from pathlib import Path

import numpy as np
import pytest

from cogov.experiments.design import builtin_experiments, load_experiment, replicate_seeds
from cogov.sim.errors import ExperimentError


def write(tmp_path: Path, text: str, name: str = "exp.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_builtin_experiments_load_and_have_required_sizes():
    names = builtin_experiments()
    assert {"policy_comparison", "participation_sweep", "deadline_sweep"} <= set(names)
    policy = load_experiment("policy_comparison")
    assert policy.replicates >= 30
    assert {"xinhua_2013", "siloed", "one_window"} <= set(policy.scenarios)
    assert len(policy.runs) == len(policy.scenarios) * policy.replicates


def test_seeds_depend_only_on_root_and_replicate():
    a = replicate_seeds(7, 5)
    assert a == replicate_seeds(7, 8)[:5]  # more replicates do not change earlier seeds
    assert len(set(a)) == 5
    assert a != replicate_seeds(8, 5)
    expected = np.random.SeedSequence(7).spawn(5)[3].generate_state(1, dtype=np.uint64)[0] >> 1
    assert a[3] == int(expected)


def test_grid_expands_product_with_common_seeds(tmp_path):
    path = write(
        tmp_path,
        """
[experiment]
scenarios = ["xinhua_2013", "siloed"]
replicates = 2
days = 5
root_seed = 3
[design]
kind = "grid"
[design.parameters."volunteers.count"]
values = [100, 200, 300]
""",
    )
    exp = load_experiment(path)
    assert len(exp.runs) == 3 * 2 * 2
    assert len({r.point for r in exp.runs}) == 6
    by_rep = {}
    for r in exp.runs:
        by_rep.setdefault(r.replicate, set()).add(r.seed)
    assert all(len(s) == 1 for s in by_rep.values())  # every point shares replicate seeds
    assert {dict(r.overrides)["volunteers.count"] for r in exp.runs} == {100, 200, 300}


def test_lhs_respects_bounds_and_integer_parameters(tmp_path):
    path = write(
        tmp_path,
        """
[experiment]
replicates = 1
[design]
kind = "lhs"
samples = 20
[design.parameters."volunteers.count"]
bounds = [10, 50]
[design.parameters."supervision.strength"]
bounds = [0.0, 2.0]
""",
    )
    exp = load_experiment(path)
    counts = [dict(r.overrides)["volunteers.count"] for r in exp.runs]
    strengths = [dict(r.overrides)["supervision.strength"] for r in exp.runs]
    assert all(isinstance(c, int) and 10 <= c <= 50 for c in counts)
    assert all(0.0 <= s <= 2.0 for s in strengths)
    # Latin hypercube: one sample in each of the 20 strata of every parameter
    strata = sorted(int(s / 2.0 * 20) for s in strengths)
    assert strata == list(range(20))


def test_sobol_design_has_saltelli_structure(tmp_path):
    path = write(
        tmp_path,
        """
[experiment]
replicates = 1
[design]
kind = "sobol"
samples = 8
[design.parameters."supervision.strength"]
bounds = [0.0, 2.0]
[design.parameters."escalation.effort_boost"]
bounds = [1.0, 2.0]
""",
    )
    exp = load_experiment(path)
    assert len(exp.runs) == 8 * (2 + 2)
    rows = {(r.sobol_matrix, r.sobol_row): dict(r.overrides) for r in exp.runs}
    for j in range(8):
        a, b, ab0 = rows[("A", j)], rows[("B", j)], rows[("AB0", j)]
        assert ab0["supervision.strength"] == b["supervision.strength"]
        assert ab0["escalation.effort_boost"] == a["escalation.effort_boost"]


@pytest.mark.parametrize(
    ("body", "match"),
    [
        (
            "[experiment]\nreplicates = 0\n",
            r"experiment\.replicates.*found 0.*allowed: a number from 1",
        ),
        ("[experiment]\nreplicates = 'x'\n", r"experiment\.replicates.*allowed: an integer"),
        ("[experiment]\nbogus = 1\n", r"experiment\.bogus.*allowed: keys of experiment"),
        ("[experiment]\nscenarios = ['nope']\n", r"experiment\.scenarios.*'nope'"),
        (
            "[experiment]\nscenarios = ['siloed']\nreference = 'xinhua_2013'\n",
            r"experiment\.reference.*one of experiment\.scenarios",
        ),
        ("[experiment]\n[design]\nkind = 'maze'\n", r"design\.kind.*'maze'.*allowed: one of"),
        (
            "[experiment]\n[design]\nkind = 'grid'\n[design.parameters.'volunteers.nope']\n"
            "values = [1]\n",
            r"volunteers\.nope.*no key 'nope'",
        ),
        (
            "[experiment]\n[design]\nkind = 'grid'\n[design.parameters.'population.scale']\n"
            "values = [500.0]\n",
            r"population\.scale.*500\.0.*from 0\.001 to 100",
        ),
        (
            "[experiment]\n[design]\nkind = 'sobol'\nsamples = 6\n"
            "[design.parameters.'supervision.strength']\nbounds = [0.0, 1.0]\n",
            r"design\.samples.*power of two",
        ),
        (
            "[experiment]\n[design]\nkind = 'lhs'\nsamples = 4\n"
            "[design.parameters.'supervision.strength']\nbounds = [1.0, 0.0]\n",
            r"bounds.*low < high",
        ),
        ("[experiment\n", r"not valid TOML"),
    ],
)
def test_bad_experiment_files_are_refused_with_file_and_key(tmp_path, body, match):
    path = write(tmp_path, body)
    with pytest.raises(ExperimentError, match=match) as info:
        load_experiment(path)
    assert str(path) in str(info.value)


def test_unknown_experiment_name_lists_builtins():
    with pytest.raises(ExperimentError, match="policy_comparison"):
        load_experiment("no_such_experiment")


# --- issue 12: run identity, duplicates, full checks at load, plan size, from a dict ---

SOBOL_INT = """
[experiment]
scenarios = ["xinhua_2013"]
replicates = 1
days = 5
[design]
kind = "sobol"
samples = 8
[design.parameters."units.team_capacity"]
bounds = [1, 3]
"""


def test_sobol_over_an_integer_gives_every_run_its_own_key(tmp_path):
    from cogov.experiments.runner import run_key

    exp = load_experiment(write(tmp_path, SOBOL_INT))
    assert len(exp.runs) == 8 * 3
    values = {dict(r.overrides)["units.team_capacity"] for r in exp.runs}
    assert len(values) == 3  # 24 runs over 3 values: many coincide
    keys = {run_key(r, "sha", "v1") for r in exp.runs}
    assert len(keys) == len(exp.runs)


def test_key_changes_with_every_design_coordinate():
    from dataclasses import replace

    from cogov.experiments.design import RunSpec
    from cogov.experiments.runner import run_key

    spec = RunSpec(0, 0, "xinhua_2013", (("volunteers.count", 1000),), 0, 7, 5, "A", 0)
    base = run_key(spec, "sha", "v1")
    for change in (
        {"point": 1},
        {"scenario": "siloed"},
        {"replicate": 1},
        {"sobol_matrix": "B"},
        {"sobol_row": 1},
        {"seed": 8},
        {"days": 6},
    ):
        assert run_key(replace(spec, **change), "sha", "v1") != base, change
    assert run_key(spec, "sha2", "v1") != base and run_key(spec, "sha", "v2") != base


@pytest.mark.parametrize(
    ("body", "match"),
    [
        (
            "[experiment]\n[design]\nkind = 'points'\npoints = [{'volunteers.count' = 1000}, "
            "{'volunteers.count' = 1000}, {'volunteers.count' = 500}]\n",
            r"design\.points\[1\].*repeats point 0",
        ),
        (
            "[experiment]\n[design]\nkind = 'grid'\n[design.parameters.'volunteers.count']\n"
            "values = [500, 500]\n",
            r"volunteers\.count\.values.*distinct values",
        ),
        ("[experiment]\nscenarios = ['siloed', 'siloed']\n", r"scenarios.*repeats 'siloed'"),
        (
            "[experiment]\n[design]\nkind = 'grid'\n[design.parameters.days]\nvalues = [5, 10]\n",
            r"design\.parameters\.days.*other than name, description, days, seed",
        ),
        (
            "[experiment]\n[design]\nkind = 'points'\npoints = [{seed = 3}]\n",
            r"design\.points\[0\]\.seed.*other than",
        ),
        (
            "[experiment]\n[design]\nkind = 'points'\npoints = [{name = 'x'}]\n",
            r"design\.points\[0\]\.name.*other than",
        ),
        ("[experiment]\noutcomes = ['on_time_rate']\n", r"experiment\.outcomes.*keys of"),
        (
            "[experiment]\n[design]\nkind = 'grid'\nsamples = 4\n"
            "[design.parameters.'volunteers.count']\nvalues = [1]\n",
            r"design\.samples.*keys of design \(kind = 'grid'\)",
        ),
        ("[experiment]\nname = '../../x'\n", r"experiment\.name.*'\.\./\.\./x'.*letters, digits"),
        ("[experiment]\nname = '/tmp/x'\n", r"experiment\.name.*'/tmp/x'"),
        ("[experiment]\nname = '..'\n", r"experiment\.name.*not only dots"),
        ("[experiment]\nname = '" + "a" * 5000 + "'\n", r"experiment\.name.*\.\.\..*1-100"),
        ('[experiment]\nname = "a\\u0000b"\n', r"experiment\.name"),
    ],
)
def test_hostile_or_silently_ignored_input_is_refused_at_load(tmp_path, body, match):
    path = write(tmp_path, body)
    with pytest.raises(ExperimentError, match=match) as info:
        load_experiment(path)
    assert str(path) in str(info.value)
    assert "\n" not in str(info.value)


def test_an_invalid_listed_scenario_is_refused_at_load(tmp_path):
    bad = write(tmp_path, 'base = "xinhua_2013"\n[volunteers]\ncount = -5\n', "bad.toml")
    path = write(tmp_path, f"[experiment]\nscenarios = ['xinhua_2013', '{bad}']\n")
    with pytest.raises(ExperimentError, match=r"experiment\.scenarios.*volunteers\.count"):
        load_experiment(path)


def test_points_are_checked_against_every_scenario(tmp_path):
    # edf dispatch is fine for xinhua_2013 but refused with the siloed policy? use a point
    # that only the second scenario's consistency rules refuse: supervision on under siloed
    body = (
        "[experiment]\nscenarios = ['xinhua_2013', 'siloed']\n[design]\nkind = 'points'\n"
        "points = [{'supervision.enabled' = true}]\n"
    )
    with pytest.raises(ExperimentError, match=r"design\.points\[0\].*siloed"):
        load_experiment(write(tmp_path, body))


def test_a_huge_plan_is_refused_before_it_is_checked_unless_allowed(tmp_path):
    grid = "\n".join(
        f"[design.parameters.'kinds.{k}.deadline_hours']\nvalues = {list(range(1, 101))}"
        for k in ("municipal_facility", "city_appearance", "neighbour_dispute")
    )
    path = write(tmp_path, f"[experiment]\nreplicates = 3\n[design]\nkind = 'grid'\n{grid}\n")
    with pytest.raises(ExperimentError, match=r"3,000,000 runs.*at most 20,000.*--max-runs"):
        load_experiment(path)
    sobol = SOBOL_INT.replace("samples = 8", "samples = 524288")
    with pytest.raises(ExperimentError, match=r"design\.samples.*1,572,864 runs"):
        load_experiment(write(tmp_path, sobol, "sobol.toml"))
    small = write(tmp_path, SOBOL_INT, "small.toml")
    with pytest.raises(ExperimentError, match="24 runs"):
        load_experiment(small, max_runs=10)
    assert len(load_experiment(small, max_runs=24).runs) == 24


def test_experiment_from_a_dict_matches_the_file(tmp_path):
    from cogov.experiments.design import Experiment, experiment_from_dict

    data = {
        "experiment": {"name": "d", "scenarios": ["xinhua_2013"], "replicates": 2, "days": 5},
        "design": {"kind": "grid", "parameters": {"volunteers.count": {"values": [100, 200]}}},
    }
    exp = experiment_from_dict(data)
    file = load_experiment(
        write(
            tmp_path,
            "[experiment]\nname = 'd'\nscenarios = ['xinhua_2013']\nreplicates = 2\ndays = 5\n"
            "[design]\nkind = 'grid'\n[design.parameters.'volunteers.count']\n"
            "values = [100, 200]\n",
        )
    )
    assert exp.runs == file.runs and exp.path is None and exp.text
    assert Experiment.from_dict(data).text_sha256 == exp.text_sha256
    with pytest.raises(ExperimentError, match=r"\(dict\): key 'experiment\.name'.*required"):
        experiment_from_dict({"experiment": {}})
    with pytest.raises(ExperimentError, match=r"mine: key 'experiment\.replicates'"):
        experiment_from_dict({"experiment": {"name": "x", "replicates": 0}}, source="mine")
