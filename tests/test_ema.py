"""The model through the EMA Workbench adapter equals ``cogov run`` and the batch runner."""

import json
import math
import warnings

import pytest

from cogov.cli import main
from cogov.experiments.design import RunSpec, load_experiment, replicate_seeds
from cogov.experiments.runner import run_one
from cogov.experiments.uncertainties import (
    POLICIES,
    UNCERTAINTIES,
    identifier,
    outcome_names,
    uncertainty_bounds,
)

with warnings.catch_warnings():
    warnings.simplefilter("ignore", UserWarning)
    from ema_workbench import SequentialEvaluator, perform_experiments

from cogov.experiments.ema import cogov_model, make_model, policy_samples, run_world

DAYS, SCALE = 6, 0.02


def _num(x) -> float:
    return math.nan if x is None else float(x)


def _same(got, want) -> bool:
    got, want = _num(got), _num(want)
    return got == want or (math.isnan(got) and math.isnan(want))


def _dotted_values(row) -> dict:
    return {u.name: row[identifier(u.name)] for u in UNCERTAINTIES}


def _scenario_toml(policy: str, values: dict) -> str:
    tables: dict[str, list[str]] = {}
    for dotted, value in values.items():
        table, key = dotted.split(".")
        tables.setdefault(table, []).append(f"{key} = {value!r}")
    body = "".join(f"[{t}]\n" + "\n".join(lines) + "\n" for t, lines in tables.items())
    return f'base = "{POLICIES[policy]}"\nname = "ema_check"\n' + body


@pytest.fixture(scope="module")
def ema_results():
    model = make_model(days=DAYS, scale=SCALE)
    with SequentialEvaluator(model) as evaluator:
        return perform_experiments(
            model, scenarios=2, policies=policy_samples(), evaluator=evaluator
        )


def test_model_shape() -> None:
    assert [u.name for u in cogov_model.uncertainties] == [
        identifier(u.name) for u in UNCERTAINTIES
    ]
    assert [lv.name for lv in cogov_model.levers] == ["governance"]
    assert [o.name for o in cogov_model.outcomes] == list(outcome_names())
    queue = cogov_model.uncertainties["community__max_queue_per_server"]
    assert type(queue).__name__ == "IntegerParameter"
    assert (queue.lower_bound, queue.upper_bound) == (1, 4)


def test_perform_experiments_matches_runner_and_cli(ema_results, tmp_path) -> None:
    experiments, outcomes = ema_results
    assert len(experiments) == 2 * len(POLICIES)
    assert set(experiments["governance"]) == set(POLICIES)
    seed = replicate_seeds(0, 1)[0]
    checked_cli = set()
    for i, row in experiments.iterrows():
        values = _dotted_values(row)
        for u in UNCERTAINTIES:
            assert u.low <= values[u.name] <= u.high
        overrides = {**values, "population.scale": SCALE}
        spec = RunSpec(0, 0, POLICIES[row["governance"]], tuple(sorted(overrides.items())), 0,
                       seed, DAYS)  # fmt: skip
        runner_row = run_one(spec, "k", "ema_check").row
        assert runner_row["status"] == "ok", runner_row["error"]
        for name in outcome_names():
            assert _same(outcomes[name][i], runner_row[name]), name
        if row["governance"] in checked_cli:
            continue
        checked_cli.add(row["governance"])
        path = tmp_path / f"check_{row['governance']}.toml"
        path.write_text(_scenario_toml(row["governance"], values))
        out = tmp_path / f"out_{i}"
        argv = [str(path), "--days", str(DAYS), "--seed", str(seed), "--scale", str(SCALE)]
        assert main(["run", *argv, "--out", str(out), "--quiet", "--no-charts"]) == 0
        summary = json.loads((out / "summary.json").read_text())
        for name in outcome_names():
            assert _same(outcomes[name][i], summary[name]), name
    assert checked_cli == set(POLICIES)


def test_run_world_rejects_unknowns() -> None:
    with pytest.raises(ValueError, match="governance"):
        run_world(governance="anarchy", days=1, scale=0.01)
    with pytest.raises(ValueError, match="unknown uncertainties"):
        run_world(days=1, scale=0.01, reporting__nonsense=1.0)


def test_replicator_model_uses_replicate_seeds() -> None:
    model = make_model(days=2, scale=0.01, replications=3, root_seed=7)
    assert [r["seed"] for r in model.replications] == replicate_seeds(7, 3)


def test_explore_design_reads_the_one_table(tmp_path) -> None:
    path = tmp_path / "e.toml"
    path.write_text(
        '[experiment]\nscenarios = ["xinhua_2013", "one_window", "siloed"]\nreplicates = 2\n'
        'days = 2\nscale = 0.01\n[design]\nkind = "explore"\nsamples = 5\n'
    )
    exp = load_experiment(path)
    assert exp.kind == "explore"
    assert exp.parameters == tuple(uncertainty_bounds())
    assert len(exp.runs) == 5 * 3 * 2
    # each world runs under each policy with the same parameter values and seeds
    by_world: dict[int, set] = {}
    for run in exp.runs:
        key = (run.overrides, run.replicate, run.seed)
        by_world.setdefault(run.point // 3, set()).add((key, run.scenario))
    for runs in by_world.values():
        keys = {k for k, _ in runs}
        assert len(keys) == 2  # two replicates, shared by the three policies
        assert {s for _, s in runs} == set(POLICIES.values())
    for run in exp.runs:
        values = dict(run.overrides)
        for u in UNCERTAINTIES:
            assert u.low <= values[u.name] <= u.high
        assert isinstance(values["community.max_queue_per_server"], int)


def test_explore_design_rejects_parameters(tmp_path) -> None:
    from cogov.sim.errors import ExperimentError

    path = tmp_path / "e.toml"
    path.write_text(
        '[experiment]\nscenarios = ["xinhua_2013"]\n[design]\nkind = "explore"\nsamples = 5\n'
        '[design.parameters."volunteers.count"]\nbounds = [1, 2]\n'
    )
    with pytest.raises(ExperimentError, match=r"explore.*parameters"):
        load_experiment(path)
