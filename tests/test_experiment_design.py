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
        ("[experiment]\nreplicates = 0\n", r"experiment\.replicates.*found 0.*allowed: from 1"),
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
