"""The structural test: one window against siloed with every parameter equal.

``experiments/structural_contrasts.toml`` changes only the policy switches; run at small size
here, the contrast must still appear, produced by behaviour (beliefs against triage, passing
on, deadlines). The full-size figures with intervals are in docs/VALIDATION.md.
"""

from __future__ import annotations

import dataclasses

import pytest

from cogov.experiments.design import load_experiment
from cogov.sim.loader import load_scenario
from cogov.sim.model import CoGovModel
from cogov.sim.params import IntakePolicy

POLICY_SWITCHES = {"intake.policy", "supervision.enabled"}


@pytest.fixture(scope="module")
def experiment():
    return load_experiment("structural_contrasts")


def points(experiment) -> dict[str, dict]:
    out = {}
    for spec in experiment.runs:
        over = {k: v for k, v in spec.overrides if k != "population.scale"}
        out[over["intake.policy"]] = over
    return out


def test_points_differ_in_the_policy_switches_only(experiment):
    pts = points(experiment)
    assert set(pts) == {"one_window", "siloed"}
    for over in pts.values():
        assert set(over) <= POLICY_SWITCHES
    one = load_scenario(experiment.scenarios[0], pts["one_window"])
    silo = load_scenario(experiment.scenarios[0], pts["siloed"])
    assert one.intake.policy is IntakePolicy.ONE_WINDOW
    assert silo.intake.policy is IntakePolicy.SILOED
    # with the policy fields put back, the two scenarios are the same in every parameter
    same = dataclasses.replace(silo, intake=one.intake, supervision=one.supervision)
    assert same == one


def test_the_contrast_appears_at_small_size(experiment, tally):
    pts = points(experiment)
    # four seeds: the on-time contrast here is about half a point a run against a run-to-run
    # spread of about one point, so two seeds' sums could tie or flip by chance
    seeds = sorted({spec.seed for spec in experiment.runs})[:4]
    sums: dict[str, dict[str, float]] = {}
    for policy, over in pts.items():
        for seed in seeds:
            scenario = load_scenario("xinhua_2013", {**over, "population.scale": 0.1})
            model = CoGovModel(scenario, rng=seed, keep_records=True)
            model.run_days(180)
            tally(model)
            s = model.result().summary
            acc = sums.setdefault(policy, {})
            for key in ("passed_on", "mean_hours_to_close", "on_time_rate", "closed_on_paper"):
                acc[key] = acc.get(key, 0.0) + s[key]
    one, silo = sums["one_window"], sums["siloed"]
    assert silo["passed_on"] > 1.5 * one["passed_on"]  # reporters' beliefs route worse
    assert silo["mean_hours_to_close"] > one["mean_hours_to_close"]
    assert silo["on_time_rate"] < one["on_time_rate"]
    assert silo["closed_on_paper"] == 0 < one["closed_on_paper"]  # nobody watches deadlines


@pytest.mark.parametrize("name", ["siloed", "one_window"])
def test_counterfactual_scenarios_differ_from_xinhua_in_policy_switches_only(name):
    base = load_scenario("xinhua_2013")
    other = load_scenario(name)
    same = dataclasses.replace(
        other,
        name=base.name,
        description=base.description,
        intake=base.intake,
        supervision=base.supervision,
    )
    assert same == base
    # and within the policy tables, only the switches differ
    assert (
        dataclasses.replace(
            other.intake, policy=base.intake.policy, dispatch_order=base.intake.dispatch_order
        )
        == base.intake
    )
    assert dataclasses.replace(other.supervision, enabled=True) == base.supervision
