"""Model behaviour: time, Little's law, the policies, feedback, reporting, and M/M/3."""

from __future__ import annotations

import gc
import math
import statistics

import pytest

from cogov.agents import Resident
from cogov.sim.errors import ScenarioError
from cogov.sim.issue import COMMUNITY_HANDLERS, IssueState
from cogov.sim.loader import SCENARIO_DIR, load_scenario
from cogov.sim.model import CoGovModel

COMMUNITY = {h.name.lower() for h in COMMUNITY_HANDLERS}
SCALE = 0.1


def run(name: str, days: int = 60, rng: int = 3, **overrides) -> CoGovModel:
    """Build a small model of ``name`` with dotted-key overrides and run it."""
    scenario = load_scenario(name, {"population.scale": SCALE, **overrides})
    model = CoGovModel(scenario, rng=rng)
    model.run_days(days)
    return model


@pytest.fixture(scope="module")
def cogovernance() -> dict:
    return run("xinhua_2013", days=120).result().summary


@pytest.fixture(scope="module")
def siloed() -> dict:
    return run("siloed", days=120).result().summary


# --- time ----------------------------------------------------------------------------------


@pytest.mark.parametrize("enabled", [True, False])
def test_the_build_pauses_the_cyclic_collector_and_restores_it(monkeypatch, enabled):
    import cogov.sim.model as model_module

    seen = []
    real = model_module.populate

    def populate(model):
        seen.append(gc.isenabled())
        real(model)

    monkeypatch.setattr(model_module, "populate", populate)
    was = gc.isenabled()
    (gc.enable if enabled else gc.disable)()
    try:
        CoGovModel("one_window", rng=1, scale=0.02)
        assert seen == [False]
        assert gc.isenabled() is enabled
        monkeypatch.setattr(model_module, "populate", lambda model: 1 / 0)
        with pytest.raises(ZeroDivisionError):
            CoGovModel("one_window", rng=1, scale=0.02)
        assert gc.isenabled() is enabled  # restored whatever happens in the build
    finally:
        (gc.enable if was else gc.disable)()


def test_step_advances_time_by_exactly_one_hour():
    model = CoGovModel("xinhua_2013", scale=0.05, rng=1)
    assert model.time == 0.0
    for hour in range(1, 49):
        model.step()
        assert model.time == float(hour)
    model.run_for(0.5)
    model.step()
    assert model.time == 49.5


def test_run_days_advances_whole_days():
    model = CoGovModel("xinhua_2013", scale=0.05, rng=1)
    model.run_days(3)
    assert model.time == 72.0
    assert len(model.metrics.daily) == 3


def test_scenario_seed_is_the_default_rng():
    scenario = load_scenario("xinhua_2013", {"population.scale": 0.05, "seed": 77})
    assert CoGovModel(scenario).run_seed == 77
    assert CoGovModel(scenario, rng=5).run_seed == 5


# --- Little's law --------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["xinhua_2013", "siloed", "one_window", "metro_line_11"])
def test_littles_law_identity_holds(name):
    s = run(name, days=45).result().summary
    assert s["issues_reported"] > 0
    assert s["time_avg_open_issues"] == pytest.approx(
        s["arrival_rate_per_hour"] * s["mean_hours_in_system"], rel=1e-9
    )


def test_littles_law_identity_holds_mid_run():
    model = CoGovModel("xinhua_2013", scale=SCALE, rng=8)
    model.run_for(24 * 10 + 0.5)  # not a whole day
    while model.metrics.open == 0:  # stop with issues open (queued, in work, on an agenda)
        model.step()
    s = model.result().summary
    assert s["backlog_end"] > 0
    assert s["time_avg_open_issues"] == pytest.approx(
        s["arrival_rate_per_hour"] * s["mean_hours_in_system"], rel=1e-9
    )


def test_littles_law_identity_holds_for_every_department_queue():
    model = CoGovModel("budget_cut", scale=SCALE, rng=2)
    model.run_for(24 * 30 + 15.25)  # a Wednesday afternoon
    departments = model.result().summary["departments"]
    assert sum(d["time_avg_queue"] for d in departments.values()) > 0  # not 0 == 0
    for name, d in departments.items():
        expected = d["arrivals"] / model.time * (d["mean_queue_hours"] or 0.0)
        assert d["time_avg_queue"] == pytest.approx(expected, rel=1e-9, abs=1e-12), name


# --- the policies --------------------------------------------------------------------------


def test_siloed_has_no_escalations(siloed):
    assert siloed["issues_closed"] > 0
    assert siloed["escalations"] == 0


def test_siloed_hands_nothing_to_community_actors(siloed):
    assert set(siloed["handled_by"]) == {"department"}
    assert siloed["meetings_held"] == 0
    assert siloed["consultations"] == 0
    # volunteers' hours go to visits only (sim/visits.py, every policy): none with visits off
    assert siloed["volunteer_hours"] > 0.0 and siloed["elderly_visits"] > 0
    assert run("siloed", days=120, **{"visits.enabled": False}).metrics.volunteer_hours == 0.0
    assert siloed["unit_hours"] == 0.0


def test_cogovernance_hands_issues_to_community_actors(cogovernance):
    handled = cogovernance["handled_by"]
    assert sum(handled.get(h, 0) for h in COMMUNITY) > 0
    assert handled["department"] > 0
    assert cogovernance["volunteer_hours"] + cogovernance["unit_hours"] > 0


def test_cogovernance_holds_meetings_and_consults(cogovernance):
    meetings = load_scenario("xinhua_2013").meetings
    assert meetings
    # each meeting first meets one interval in, then every interval; 120 days simulated
    assert cogovernance["meetings_held"] == sum(120 // m.interval_days for m in meetings)
    assert cogovernance["consultations"] > 0


def test_meetings_take_complex_issues_on_for_joint_action():
    # long-standing problems are rare (1 per 1,000 residents a year): raise their rate so a
    # small model has enough of them for the meetings to act on
    many = {"kinds.long_standing.rate_per_1000_per_year": 30.0}
    s = run("xinhua_2013", days=120, **many).result().summary
    assert s["handled_by"].get("joint", 0) > 0
    assert run("one_window", days=120, **many).result().summary["handled_by"].get("joint", 0) == 0


def test_one_window_escalates_but_has_no_community_channel():
    s = run("one_window", days=60).result().summary
    assert set(s["handled_by"]) == {"department"}
    assert s["meetings_held"] == 0
    assert s["consultations"] == 0
    assert s["escalations"] > 0  # deadlines are tracked


def test_edf_orders_departments_and_community_actors_stay_fcfs():
    # documented in cogov.sim.params.DispatchOrder: community actors always serve FCFS
    overrides = {"population.scale": 0.05, "intake.dispatch_order": "edf"}
    model = CoGovModel(load_scenario("xinhua_2013", overrides))
    assert all(d.pool.edf for d in model.departments.values())
    assert not any(pool.edf for c in model.committees for pool in c.pools.values())
    fcfs = CoGovModel("xinhua_2013", scale=0.05)
    assert not any(pool.edf for pool in fcfs.all_pools())


# --- feedback and reporting ----------------------------------------------------------------


def test_no_feedback_leaves_mean_trust_unchanged():
    model = CoGovModel(
        load_scenario("xinhua_2013", {"population.scale": SCALE, "feedback.enabled": False}), rng=4
    )
    before = model.mean_trust
    model.run_days(60)
    assert model.metrics.closed > 0
    assert model.mean_trust == before
    assert set(model.result().daily["trust_mean"]) == {before}


def test_feedback_moves_mean_trust():
    model = CoGovModel("xinhua_2013", scale=SCALE, rng=4)
    before = model.mean_trust
    model.run_days(60)
    assert model.mean_trust != before
    residents = model.agents_by_type[Resident]
    assert model.mean_trust == pytest.approx(statistics.fmean(r.trust for r in residents))


def test_certain_immediate_reporting_reports_every_issue_at_once():
    scenario = load_scenario(
        "xinhua_2013",
        {
            "population.scale": SCALE,
            "reporting.resident_propensity": 1.0,
            "reporting.unit_propensity": 1.0,
            "reporting.trust_effect": 0.0,
            "reporting.delay_hours": 0.0,
            "persistence.enabled": False,  # no repeat reports: one report per problem
        },
    )
    model = CoGovModel(scenario, rng=6)
    delays: dict[str, list[float]] = {}
    receive = model.center.receive

    def record(issue):
        delays.setdefault(issue.kind.id, []).append(issue.t_report - issue.t_arise)
        receive(issue)

    model.center.receive = record
    for _ in range(30 * 24):
        model.step()
        assert not any(i.state is IssueState.UNREPORTED for i in model.alive.values())
    m = model.metrics
    assert m.never_found == 0
    assert m.reported == m.arisen > 0
    for kind, row in zip(scenario.kinds, m.by_kind, strict=True):
        if not kind.inspectable:
            assert len(delays.get(kind.id, [])) == row[0]  # every arisen one was reported
            assert set(delays.get(kind.id, [0.0])) == {0.0}, kind.id


# --- construction-time checks --------------------------------------------------------------


@pytest.mark.parametrize("scale", [0.0, -1.0, 1000.0, float("nan")])
def test_scale_argument_is_checked_at_construction(scale):
    with pytest.raises(ScenarioError, match=r"key 'population\.scale'"):
        CoGovModel("xinhua_2013", scale=scale)
    with pytest.raises(ScenarioError, match=r"scale: found .*; allowed: a number from 0\.001"):
        CoGovModel(load_scenario("xinhua_2013"), scale=scale)


# --- the textbook M/M/3 queue --------------------------------------------------------------


# M/M/3 with arrival rate 2 and service rate 1 per hour (textbook/mmc.toml), worked by hand:
# offered load a = 2, utilisation rho = 2/3; P0 = 1 / (1 + 2 + 2 + (8/6) / (1 - 2/3)) = 1/9;
# Lq = P0 a^3 rho / (3! (1 - rho)^2) = (1/9) (8) (2/3) / (6/9) = 8/9 issues waiting on average;
# Wq = Lq / lambda = 4/9 hour (Erlang C).
MMC_MEAN_QUEUE = 8 / 9
MMC_MEAN_WAIT = 4 / 9


@pytest.fixture(scope="module")
def mmc_runs() -> list[dict]:
    scenario = load_scenario(SCENARIO_DIR / "textbook" / "mmc.toml")
    summaries = []
    for seed in range(5):
        model = CoGovModel(scenario, rng=seed)
        model.run_days(200)
        summaries.append(model.result().summary)
    return summaries


def _within_spread(values: list[float], target: float) -> None:
    """The replicates' mean lies within five standard errors (from their spread)."""
    se = statistics.stdev(values) / math.sqrt(len(values))
    assert abs(statistics.fmean(values) - target) < 5 * se, (values, target, se)


def test_mmc_arrival_rate_is_two_per_hour(mmc_runs):
    _within_spread([s["arrival_rate_per_hour"] for s in mmc_runs], 2.0)


def test_mmc_utilisation_is_two_thirds(mmc_runs):
    _within_spread([s["departments"]["desk"]["utilisation"] for s in mmc_runs], 2 / 3)


def test_mmc_mean_wait_is_erlang_c(mmc_runs):
    _within_spread([s["mean_wait_hours"] for s in mmc_runs], MMC_MEAN_WAIT)


def test_mmc_mean_queue_length_is_erlang_c(mmc_runs):
    _within_spread([s["departments"]["desk"]["time_avg_queue"] for s in mmc_runs], MMC_MEAN_QUEUE)
