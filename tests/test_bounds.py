"""Input bounds, written out by hand: every probability refuses 1.5, every count refuses -1.

The lists below are typed from the meaning of each key, not generated from the parameters'
metadata (which is what is under test): a bound that is widened by mistake — ``p_solve``
accepting 1.5, say — is then refused here. A key added to the scenario must be added here
by hand too.
"""

from __future__ import annotations

import pytest

from cogov.sim.errors import ScenarioError
from cogov.sim.loader import load_scenario

#: (TOML table, key): shares and probabilities, each at most 1
PROBABILITIES = [
    ("population", "elderly_share"),
    ("population", "elderly_alone_share"),
    ("population", "child_share"),
    ("population", "party_member_share"),
    ("population", "trust_mean"),
    ("population", "volunteer_propensity_mean"),
    ("volunteers", "activation"),
    ("routing", "triage_accuracy"),
    ("routing", "belief_weight"),
    ("routing", "learning_rate"),
    ("routing", "tell_probability"),
    ("reporting", "resident_propensity"),
    ("reporting", "unit_propensity"),
    ("feedback", "learning_rate"),
    ("deliberation", "contact_effect"),
    ("participation", "reference_share"),
    ("participation", "quit_idle"),
    ("participation", "trust_floor"),
    ("supervision", "target_on_time"),
    ("kinds.safety_hazard", "p_solve"),
    ("kinds.long_standing", "p_solve"),
]

#: (TOML table, key): counts of people, things or days, and durations; none is negative
COUNTS = [
    ("", "days"),
    ("", "seed"),
    ("district", "subdistricts"),
    ("population", "residents"),
    ("population", "households"),
    ("units", "count"),
    ("units", "member_units"),
    ("units", "service_teams"),
    ("units", "team_capacity"),
    ("volunteers", "count"),
    ("community", "self_governance_groups"),
    ("community", "neighbour_points"),
    ("community", "max_queue_per_server"),
    ("inspectors", "count"),
    ("departments.police", "staff"),
    ("meetings.directors_weekly", "agenda"),
    ("participation", "contacts"),
    ("deliberation", "reach_per_leader"),
    ("deliberation", "retell"),
    ("deliberation", "retell_steps"),
    ("collective", "affected"),
    ("collective", "min_size"),
    # durations and rates: a negative one makes no sense either
    ("volunteers", "hours_per_week"),
    ("community", "group_hours_per_week"),
    ("community", "point_host_hours_per_week"),
    ("community", "point_helper_hours_per_week"),
    ("units", "team_hours_per_week"),
    ("intake", "triage_hours"),
    ("passing", "handover_hours"),
    ("persistence", "rereport_hours"),
    ("persistence", "fade_hours"),
    ("chronic.yunyang_street_market", "age_years"),
    # weights that only push one way (their sign is the rule's direction): never negative
    ("routing", "belief_spread"),
    ("passing", "ambiguity"),
    ("passing", "load"),
    ("paper", "lateness"),
    ("paper", "reward"),
    ("inspectors", "find_hours"),
    ("reporting", "delay_hours"),
    ("deliberation", "consult_hours"),
    ("demand", "multiplier"),
    ("participation", "campaign_days"),
    ("participation", "idle_weeks"),
    ("participation", "party_factor"),
    ("participation", "conditional"),
    ("collective", "peer_weight"),
    ("collective", "cost"),
    ("kinds.construction_disturbance", "hardship"),
    ("kinds.long_standing", "hardship"),
    ("kinds.safety_hazard", "rate_per_1000_per_year"),
    ("kinds.safety_hazard", "deadline_hours"),
]


def toml(table: str, key: str, value: object) -> str:
    body = f"{key} = {value}\n"
    return 'base = "xinhua_2013"\n' + (f"[{table}]\n" + body if table else body)


def dotted(table: str, key: str) -> str:
    return f"{table}.{key}" if table else key


def current(scenario, table: str, key: str):
    """The value of ``table.key`` in ``scenario`` (a keyed entry by its id)."""
    node = scenario
    if table:
        head, _, ident = table.partition(".")
        node = getattr(node, head)
        if ident:
            node = next(entry for entry in node if entry.id == ident)
    return getattr(node, key)


def test_the_lists_name_real_keys_whose_own_values_are_accepted():
    base = load_scenario("xinhua_2013")
    for table, key in PROBABILITIES + COUNTS:
        value = current(base, table, key)
        again = load_scenario("xinhua_2013", {dotted(table, key): value})
        assert current(again, table, key) == value


@pytest.mark.parametrize(("table", "key"), PROBABILITIES, ids=[dotted(*c) for c in PROBABILITIES])
def test_a_probability_of_one_and_a_half_is_refused(write_toml, table, key):
    path = write_toml("bad", toml(table, key, 1.5))
    with pytest.raises(ScenarioError, match=rf"key '{dotted(table, key)}': found 1\.5"):
        load_scenario(path)
    with pytest.raises(ScenarioError, match=rf"'{dotted(table, key)}': found 1\.5"):
        load_scenario("xinhua_2013", {dotted(table, key): 1.5})


@pytest.mark.parametrize(("table", "key"), COUNTS, ids=[dotted(*c) for c in COUNTS])
def test_a_negative_count_is_refused(write_toml, table, key):
    path = write_toml("bad", toml(table, key, -1))
    with pytest.raises(ScenarioError, match=rf"key '{dotted(table, key)}': found -1"):
        load_scenario(path)


@pytest.mark.parametrize("skill", ["legal", "medical", "financial", "patrol", "elderly_visits"])
def test_a_volunteer_skill_share_above_one_is_refused(write_toml, skill):
    path = write_toml("bad", toml("volunteers", "skills", f"{{ {skill} = 1.5 }}"))
    with pytest.raises(ScenarioError, match=rf"key 'volunteers\.skills\.{skill}': found 1\.5"):
        load_scenario(path)


@pytest.mark.parametrize("factor", ["property_issue_factor", "group_factor"])
@pytest.mark.parametrize("housing", ["lane", "old_estate", "work_unit", "commodity"])
def test_a_negative_place_factor_is_refused(write_toml, factor, housing):
    path = write_toml("bad", toml("places", factor, f"{{ {housing} = -1 }}"))
    with pytest.raises(ScenarioError, match=rf"key 'places\.{factor}\.{housing}': found -1"):
        load_scenario(path)


@pytest.mark.parametrize(
    ("table", "dept"),
    [("kinds.safety_hazard", "police"), ("chronic.yunyang_street_market", "police")],
)
def test_a_jurisdiction_share_above_one_is_refused(write_toml, table, dept):
    body = f"jurisdiction = {{ {dept} = 1.5 }}"
    path = write_toml("bad", 'base = "xinhua_2013"\n' + f"[{table}]\n{body}\n")
    with pytest.raises(ScenarioError, match=rf"key '{table}\.jurisdiction\.{dept}': found 1\.5"):
        load_scenario(path)
