"""The loader: built-in scenarios, ``base`` merging, overrides, and refusal of bad input."""

from __future__ import annotations

import dataclasses
import re

import pytest

from cogov.sim.errors import ScenarioError
from cogov.sim.loader import SCENARIO_DIR, builtin_scenarios, load_scenario
from cogov.sim.params import DispatchOrder, Hours, IntakePolicy, Scenario

BUILTIN = sorted(builtin_scenarios())

MINIMAL = """
    name = "minimal"
    [departments.desk]
    staff = 1
    [kinds.job]
    department = "desk"
"""


def refused(path, key: str, found: str, allowed: str) -> str:
    """A pattern for a ScenarioError naming the file, the key, what was found and allowed."""
    return (
        re.escape(f"{path}: key '{key}': ")
        + ".*"
        + re.escape(found)
        + ".*allowed.*"
        + re.escape(allowed)
    )


def test_builtin_scenarios_are_the_toml_files():
    assert sorted(p.stem for p in SCENARIO_DIR.glob("*.toml")) == BUILTIN
    assert "xinhua_2013" in BUILTIN


@pytest.mark.parametrize("name", BUILTIN)
def test_every_builtin_scenario_loads(name):
    scenario = load_scenario(name)
    assert isinstance(scenario, Scenario)
    assert scenario.name == name
    assert scenario.departments
    assert scenario.kinds


def test_textbook_scenario_loads_by_path():
    scenario = load_scenario(SCENARIO_DIR / "textbook" / "mmc.toml")
    assert scenario.name == "textbook_mmc"
    assert [d.id for d in scenario.departments] == ["desk"]


def test_scenario_is_frozen():
    scenario = load_scenario("xinhua_2013")
    with pytest.raises(dataclasses.FrozenInstanceError):
        scenario.days = 1  # type: ignore[misc]


def test_minimal_file_gets_defaults(write_toml):
    scenario = load_scenario(write_toml("minimal", MINIMAL))
    assert scenario.days == 365
    assert scenario.intake.policy is IntakePolicy.COGOVERNANCE
    assert scenario.kinds[0].id == "job"
    assert scenario.departments[0].hours is Hours.OFFICE


# --- base merging ------------------------------------------------------------------------


def test_derived_scenario_overrides_one_key_and_keeps_the_rest(write_toml):
    base = load_scenario("xinhua_2013")
    path = write_toml(
        "derived",
        """
        base = "xinhua_2013"
        [intake]
        triage_hours = 2.0
        """,
    )
    derived = load_scenario(path)
    assert derived.intake.triage_hours == 2.0
    assert derived.intake == dataclasses.replace(base.intake, triage_hours=2.0)
    assert derived.name == "derived"  # the base's name is not inherited
    for field in dataclasses.fields(Scenario):
        if field.name not in ("name", "description", "intake"):
            assert getattr(derived, field.name) == getattr(base, field.name), field.name


def test_keyed_table_changes_one_department(write_toml):
    base = load_scenario("xinhua_2013")
    path = write_toml(
        "police10",
        """
        base = "xinhua_2013"
        [departments.police]
        staff = 10
        """,
    )
    derived = load_scenario(path)
    old = {d.id: d for d in base.departments}
    new = {d.id: d for d in derived.departments}
    assert list(new) == list(old)
    assert new["police"] == dataclasses.replace(old["police"], staff=10)
    assert old["police"].staff != 10
    for ident in old:
        if ident != "police":
            assert new[ident] == old[ident]
    assert derived.kinds == base.kinds


def test_derived_scenario_can_add_a_keyed_entry(write_toml):
    path = write_toml(
        "more",
        """
        base = "xinhua_2013"
        [departments.fire]
        staff = 3
        """,
    )
    ids = [d.id for d in load_scenario(path).departments]
    assert ids[-1] == "fire"
    assert len(ids) == len(load_scenario("xinhua_2013").departments) + 1


def test_base_is_looked_up_beside_the_file_first(write_toml):
    # a local file named like a built-in scenario shadows the built-in
    write_toml("siloed", "days = 7\n" + MINIMAL)
    child = load_scenario(
        write_toml(
            "child",
            """
            base = "siloed"
            seed = 3
            """,
        )
    )
    assert (child.days, child.seed, child.name) == (7, 3, "child")
    assert child.intake.policy is IntakePolicy.COGOVERNANCE  # not the built-in siloed


def test_base_can_be_a_path_relative_to_the_file(write_toml, tmp_path):
    (tmp_path / "sub").mkdir()
    write_toml("sub/parent", "days = 9\n" + MINIMAL)
    child = load_scenario(write_toml("child", 'base = "sub/parent.toml"\n'))
    assert (child.days, child.name, [k.id for k in child.kinds]) == (9, "child", ["job"])


def test_chained_bases_merge_in_order(write_toml):
    write_toml(
        "level1",
        """
        base = "siloed"
        days = 30
        """,
    )
    path = write_toml(
        "level2",
        """
        base = "level1"
        [population]
        scale = 0.5
        """,
    )
    s = load_scenario(path)
    assert s.intake.policy is IntakePolicy.SILOED  # from siloed
    assert s.days == 30  # from level1
    assert s.population.scale == 0.5  # from level2
    assert s.population.residents == 70_900  # from xinhua_2013


def test_overrides_are_applied_and_checked():
    s = load_scenario(
        "xinhua_2013",
        {"population.scale": 0.1, "departments.police.staff": 7, "intake.dispatch_order": "edf"},
    )
    assert s.population.scale == 0.1
    assert {d.id: d.staff for d in s.departments}["police"] == 7
    assert s.intake.dispatch_order is DispatchOrder.EDF
    path = builtin_scenarios()["xinhua_2013"]
    with pytest.raises(
        ScenarioError, match=refused(path, "population.scale", "-1.0", "0.001 to 100.0")
    ):
        load_scenario("xinhua_2013", {"population.scale": -1.0})
    with pytest.raises(ScenarioError, match=refused(path, "population.colour", "unknown", "scale")):
        load_scenario("xinhua_2013", {"population.colour": 1})


# --- refusals: the file, the key, what was found, what is allowed -------------------------

DERIVED_REFUSALS = [
    # unknown keys
    ("colour = 'red'", "colour", "unknown key", "days"),
    ("[population]\nresident = 5", "population.resident", "unknown key", "residents"),
    ("[departments.police]\nstaf = 3", "departments.police.staf", "unknown key", "staff"),
    # the fixed community split is gone (issue 14: who takes a case follows from capacity)
    (
        "[kinds.estate_repair]\ncommunity_share = 0.5",
        "kinds.estate_repair.community_share",
        "unknown key",
        "channel",
    ),
    (
        "[kinds.safety_hazard]\nwork = { mean = 1.0 }",
        "kinds.safety_hazard.work.mean",
        "unknown",
        "cv",
    ),
    # wrong types
    ("days = 'ten'", "days", "'ten' (str)", "an integer"),
    ("days = 10.5", "days", "10.5 (float)", "an integer"),
    ("seed = true", "seed", "True (bool)", "an integer"),
    ("[population]\nscale = 'big'", "population.scale", "'big' (str)", "a number"),
    ("[population]\nscale = true", "population.scale", "True (bool)", "a number"),
    ("[feedback]\nenabled = 1", "feedback.enabled", "1 (int)", "true or false"),
    ("[intake]\npolicy = 3", "intake.policy", "3 (int)", "one of 'siloed'"),
    ("[departments.police]\nname = 5", "departments.police.name", "5 (int)", "a string"),
    ("intake = 3", "intake", "3 (int)", "a table"),
    ("[demand]\ndaily_profile = 1.0", "demand.daily_profile", "1.0 (float)", "an array"),
    ("departments = [1, 2]", "departments", "[1, 2] (list)", "a table of tables"),
    ("[departments]\npolice = 3", "departments.police", "3 (int)", "a table"),
    ("[shocks.s]\nkinds = 'noise'", "shocks.s.kinds", "'noise' (str)", "an array"),
    # out of range
    ("days = 0", "days", "0 (int)", "a number from 1 to 365000"),
    ("[population]\nscale = 0.0", "population.scale", "0.0 (float)", "from 0.001 to 100.0"),
    ("[population]\nscale = 101", "population.scale", "101 (int)", "from 0.001 to 100.0"),
    ("[routing]\ntriage_accuracy = 1.5", "routing.triage_accuracy", "1.5", "1.0"),
    ("[demand]\nmultiplier = nan", "demand.multiplier", "nan (float)", "from 0.0 to 1000.0"),
    ("[demand]\nmultiplier = inf", "demand.multiplier", "inf (float)", "from 0.0 to 1000.0"),
    ("[departments.police]\nstaff = 0", "departments.police.staff", "0 (int)", "from 1 to"),
    # the councils' third step (residents bring their neighbours round, ODD 7.16)
    ("[deliberation]\nretell = -1", "deliberation.retell", "-1 (int)", "from 0 to 1000"),
    ("[collective]\nfixed_groups = 1", "collective.fixed_groups", "1 (int)", "true or false"),
    ("[deliberation]\nretell_steps = 1.5", "deliberation.retell_steps", "1.5", "an integer"),
    (
        "[kinds.safety_hazard]\ndeadline_hours = 0.5",
        "kinds.safety_hazard.deadline_hours",
        "0.5 (float)",
        "a number from 1.0 to 720.0",
    ),
    (
        "[volunteers]\nskills = { legal = 2.0 }",
        "volunteers.skills.legal",
        "2.0 (float)",
        "from 0.0 to 1.0",
    ),
    # bad enum values
    ("[intake]\npolicy = 'anarchy'", "intake.policy", "'anarchy'", "'one_window', 'cogovernance'"),
    ("[intake]\ndispatch_order = 'lifo'", "intake.dispatch_order", "'lifo'", "'fcfs', 'edf'"),
    ("[departments.police]\nhours = '9-5'", "departments.police.hours", "'9-5'", "'office', '24h'"),
    ("[kinds.safety_hazard]\nreporter = 'cat'", "kinds.safety_hazard.reporter", "'cat'", "'unit'"),
    ("[kinds.safety_hazard]\nchannel = 'x'", "kinds.safety_hazard.channel", "'x'", "'volunteer'"),
    (
        "[kinds.safety_hazard]\nwork = { dist = 'uniform' }",
        "kinds.safety_hazard.work.dist",
        "'uniform'",
        "'exponential', 'lognormal', 'gamma', 'deterministic'",
    ),
    (
        "[kinds.safety_hazard]\nskills = ['juggling']",
        "kinds.safety_hazard.skills[0]",
        "'juggling'",
        "one of 'legal', 'medical', 'financial', 'patrol', 'elderly_visits'",
    ),
    (
        "[kinds.safety_hazard]\nskills = 'legal'",
        "kinds.safety_hazard.skills",
        "'legal'",
        "an array",
    ),
    (
        "[volunteers]\nskills = { juggling = 0.5 }",
        "volunteers.skills.juggling",
        "'juggling'",
        "patrol",
    ),
    # wrong-length profiles
    ("[demand]\ndaily_profile = [1.0, 2.0]", "demand.daily_profile", "[1.0, 2.0]", "exactly 24"),
    (
        "[demand]\nweekly_profile = [1, 1, 1, 1, 1, 1]",
        "demand.weekly_profile",
        "(list)",
        "exactly 7",
    ),
    (
        "[demand]\nweekly_profile = [1, 1, 1, 1, 1, 1, -1]",
        "demand.weekly_profile[6]",
        "-1 (int)",
        "from 0.0 to 1000.0",
    ),
    # a department named by a kind but not defined
    (
        "[kinds.safety_hazard]\ndepartment = 'fire_brigade'",
        "kinds.safety_hazard.department",
        "'fire_brigade'",
        "one of city_management, civil_affairs",
    ),
    ("[kinds.new_kind]\nrate_per_1000_per_year = 1.0", "kinds.new_kind.department", "''", "one of"),
    # every inconsistent combination in sim/validation.py
    (
        "[kinds.vulnerable_support]\nskills = []",
        "kinds.vulnerable_support.skills",
        "[]",
        "at least one volunteer skill when channel = 'volunteer'",
    ),
    (
        "[population]\nhouseholds = 80000",
        "population.households",
        "80000",
        "at most residents (70900)",
    ),
    (
        "[population]\nchild_share = 0.8",
        "population.child_share",
        "0.8",
        "at most 1 - elderly_share (0.25)",
    ),
    (
        "[population]\nelderly_alone_share = 0.3",
        "population.elderly_alone_share",
        "0.3",
        "at most elderly_share (0.25)",
    ),
    ("[units]\nmember_units = 3000", "units.member_units", "3000", "at most units.count (2231)"),
    ("[units]\nservice_teams = 300", "units.service_teams", "300", "at most member_units (278)"),
    (
        "[volunteers]\nskills = { legal = 0.0, medical = 0.0, financial = 0.0, patrol = 0.0, "
        "elderly_visits = 0.0 }",
        "volunteers.skills",
        "'legal': 0.0",
        "shares with a positive sum",
    ),
    (
        "[intake]\npolicy = 'siloed'\ndispatch_order = 'edf'\n[supervision]\nenabled = false",
        "intake.dispatch_order",
        "'edf'",
        "'fcfs' under the siloed policy",
    ),
    (
        "[intake]\npolicy = 'siloed'",
        "supervision.enabled",
        "True",
        "false under the siloed policy",
    ),
    (
        "[shocks.s]\nkinds = ['meteor']\nstart_day = 1.0\nend_day = 2.0",
        "shocks.s.kinds",
        "'meteor'",
        "one of city_appearance",
    ),
    (
        "[shocks.s]\nneighbourhoods = ['Atlantis']\nstart_day = 1.0\nend_day = 2.0",
        "shocks.s.neighbourhoods",
        "'Atlantis'",
        "Dongzhen",
    ),
    (
        "[shocks.s]\nstart_day = 5.0\nend_day = 5.0",
        "shocks.s.end_day",
        "5.0",
        "after start_day (5.0)",
    ),
]


@pytest.mark.parametrize(
    ("body", "key", "found", "allowed"),
    DERIVED_REFUSALS,
    ids=[f"{i:02d}-{case[1]}" for i, case in enumerate(DERIVED_REFUSALS)],
)
def test_bad_value_is_refused_with_file_key_found_allowed(write_toml, body, key, found, allowed):
    path = write_toml("bad", 'base = "xinhua_2013"\n' + body + "\n")
    with pytest.raises(ScenarioError, match=refused(path, key, found, allowed)):
        load_scenario(path)


@pytest.mark.parametrize(
    ("text", "key", "found", "allowed"),
    [
        (
            "name = 'x'\n[kinds.job]\ndepartment = 'desk'\n",
            "departments",
            "no departments",
            "at least one [departments.ID] table",
        ),
        (
            "name = 'x'\n[departments.desk]\nstaff = 1\n",
            "kinds",
            "no issue kinds",
            "at least one [kinds.ID] table",
        ),
    ],
)
def test_scenario_without_departments_or_kinds_is_refused(write_toml, text, key, found, allowed):
    path = write_toml("empty", text)
    with pytest.raises(ScenarioError, match=refused(path, key, found, allowed)):
        load_scenario(path)


def test_invalid_toml_is_refused(write_toml):
    path = write_toml("broken", "days = = 3\n")
    with pytest.raises(ScenarioError, match=re.escape(f"{path}: not valid TOML")):
        load_scenario(path)


def test_invalid_toml_in_a_base_names_the_base(write_toml):
    bad_base = write_toml("bad_base", "[intake\n")
    path = write_toml("child", 'base = "bad_base"\n')
    with pytest.raises(ScenarioError, match=re.escape(f"{bad_base}: not valid TOML")):
        load_scenario(path)


def test_base_cycle_is_refused(write_toml):
    write_toml("a", 'base = "b"\n')
    path_b = write_toml("b", 'base = "a"\n')
    with pytest.raises(ScenarioError, match=r"key 'base': found a cycle of bases"):
        load_scenario(path_b)


def test_scenario_that_is_its_own_base_is_refused(write_toml):
    path = write_toml("selfish", 'base = "selfish"\n')
    with pytest.raises(ScenarioError, match=re.escape(f"{path}: key 'base': found a cycle")):
        load_scenario(path)


def test_base_of_wrong_type_is_refused(write_toml):
    path = write_toml("numbered", "base = 3\n")
    with pytest.raises(ScenarioError, match=refused(path, "base", "3", "a built-in scenario name")):
        load_scenario(path)


def test_missing_base_is_refused(write_toml):
    path = write_toml("orphan", 'base = "no_such_scenario"\n')
    with pytest.raises(
        ScenarioError, match=refused(path, "base", "'no_such_scenario'", "one_window, siloed")
    ):
        load_scenario(path)


def test_unknown_name_lists_the_builtins():
    with pytest.raises(ScenarioError, match=r"'no_such'.*built-in: budget_cut, .*xinhua_2013"):
        load_scenario("no_such")


def test_missing_file_is_refused(tmp_path):
    path = tmp_path / "absent.toml"
    with pytest.raises(ScenarioError, match=re.escape(f"{path}: no such scenario file")):
        load_scenario(path)


def test_id_key_inside_a_keyed_table_is_refused(write_toml):
    # an 'id' would rename the entry and could give two departments one id
    path = write_toml(
        "dup",
        """
        base = "xinhua_2013"
        [departments.extra]
        id = "market"
        staff = 50
        """,
    )
    with pytest.raises(
        ScenarioError, match=refused(path, "departments.extra.id", "'market'", "no 'id' key")
    ):
        load_scenario(path)


# --- issue 12: hostile files give one line, never a traceback or a path outside results ---


def _one_line_error(path, match: str) -> str:
    with pytest.raises(ScenarioError, match=match) as info:
        load_scenario(path)
    message = str(info.value)
    assert "\n" not in message and str(path) in message
    return message


def test_binary_scenario_file_is_one_line(tmp_path):
    path = tmp_path / "blob.toml"
    path.write_bytes(bytes(range(256)) * 4)
    _one_line_error(path, r"not a text file .*allowed: a UTF-8 TOML file")
    nul = tmp_path / "nul.toml"
    nul.write_bytes(b'name = "x"\n\x00\x00')
    _one_line_error(nul, r"not (a text file|valid TOML)")


def test_deep_toml_nesting_is_one_line(tmp_path):
    path = tmp_path / "deep.toml"
    path.write_text("x = " + "[" * 5000 + "]" * 5000 + "\n", encoding="utf-8")
    _one_line_error(path, r"nested")
    tables = tmp_path / "tables.toml"
    tables.write_text("[" + ".".join(["a"] * 40) + "]\nb = 1\n", encoding="utf-8")
    _one_line_error(tables, r"nested more than 20 deep; allowed: 20 levels")


def test_a_long_chain_of_bases_is_one_line(tmp_path):
    (tmp_path / "s0.toml").write_text('base = "xinhua_2013"\n', encoding="utf-8")
    for i in range(1, 1200):  # deep enough for the recursion limit before the check existed
        (tmp_path / f"s{i}.toml").write_text(f'base = "s{i - 1}"\n', encoding="utf-8")
    _one_line_error(tmp_path / "s1199.toml", r"key 'base': .*more than 20 base files")
    assert load_scenario(tmp_path / "s15.toml").name == "s15"  # a short chain still works


@pytest.mark.parametrize(
    "name", ["/tmp/x", "../../x", "..", "a/b", "a\x00b", "x" * 101, "", "sp ace", "名字"]
)
def test_unsafe_scenario_names_are_refused(tmp_path, name):
    path = tmp_path / "s.toml"
    path.write_text(f'base = "xinhua_2013"\nname = {name!r}\n'.replace("\\x00", "\\u0000"))
    _one_line_error(path, r"key 'name': found .*allowed: a name of 1-100 letters")


def test_a_file_name_that_is_not_safe_asks_for_a_name_key(tmp_path):
    path = tmp_path / "my scenario.toml"
    path.write_text('base = "xinhua_2013"\n', encoding="utf-8")
    _one_line_error(path, r"taken from the file name; set name = '...'")
    path.write_text('base = "xinhua_2013"\nname = "mine"\n', encoding="utf-8")
    assert load_scenario(path).name == "mine"


def test_one_range_check_from_the_metadata():
    from cogov.sim.ranges import check_param, out_of_range, param_range

    assert param_range("population.scale") == (0.001, 100.0)
    assert param_range("departments.police.staff")[0] is not None
    assert out_of_range(5, {"min": 1, "max": 10}) is None
    assert out_of_range(11, {"min": 1, "max": 10}) == "a number from 1 to 10"
    assert out_of_range(float("nan"), {"min": 1, "max": 10}) == "a number from 1 to 10"
    assert check_param("population.scale", 0.5) == 0.5
    with pytest.raises(
        ScenarioError, match=r"scale: found 2\.0; allowed: a number from 0\.01 to 1"
    ):
        check_param("population.scale", 2.0, "scale", within=(0.01, 1.0))
    with pytest.raises(ScenarioError, match="allowed: a number"):
        check_param("population.scale", True)
    with pytest.raises(ScenarioError, match="no key 'nope'"):
        check_param("population.nope", 1)


def test_the_app_sliders_lie_within_the_parameter_ranges():
    from cogov.sim.ranges import param_range
    from cogov.viz import settings

    sliders = {
        "volunteers.count": settings.VOLUNTEER_RANGE,
        "units.team_capacity": settings.TEAM_CAPACITY_RANGE,
        "supervision.strength": settings.STRENGTH_RANGE,
        "demand.multiplier": settings.DEMAND_RANGE,
        "population.scale": settings.SCALE_RANGE,
    }
    for name, (lo, hi, _) in sliders.items():
        p_lo, p_hi = param_range(name)
        assert p_lo <= lo and hi <= p_hi, name
    assert settings.check_scale(0.5) == 0.5
    with pytest.raises(
        ScenarioError, match=r"scale: found 2\.0; allowed: a number from 0\.01 to 1"
    ):
        settings.check_scale(2.0)
