"""The interactive app in-process: levers, reset, the fixed map, the feed and the measures."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator

import ipyvuetify as v
import numpy as np
import pytest
import solara
import solara.widgets

from cogov.sim.loader import builtin_scenarios, load_scenario
from cogov.sim.params import IntakePolicy, Scenario
from cogov.sim.space import layout
from cogov.viz.appmodel import AppModel
from cogov.viz.components import ORDER_NAMES, POLICY_NAMES, SCENARIO_NAMES, apply_settings
from cogov.viz.drawing import outcomes_svg
from cogov.viz.feed import describe, diff, snapshot
from cogov.viz.history import History, history_for
from cogov.viz.measures import open_by_neighbourhood, satisfaction_by_neighbourhood
from cogov.viz.neighbourhood_map import COLOUR_BY, map_positions, map_svg, to_pixels
from cogov.viz.page import ENV_SCALE, Page
from cogov.viz.settings import Settings, build_scenario, settings_from_scenario

SCALE = 0.02


@pytest.fixture
def small() -> Scenario:
    return build_scenario(settings_from_scenario("xinhua_2013", scale=SCALE))


@pytest.fixture
def model(small: Scenario) -> AppModel:
    return AppModel(small, 24)


# --- levers -> scenario ---------------------------------------------------------------------
@pytest.mark.parametrize("name", sorted(builtin_scenarios()))
def test_levers_read_from_a_scenario_rebuild_exactly_that_scenario(name: str) -> None:
    assert build_scenario(settings_from_scenario(name)) == load_scenario(name)


def test_each_lever_reaches_its_parameter() -> None:
    s = settings_from_scenario("xinhua_2013", scale=SCALE).replace(
        policy="one_window",
        dispatch_order="edf",
        volunteers=2500,
        member_units=139,
        team_capacity=3,
        supervision_strength=1.2,
        meeting_cadence=2.0,
        deliberation=False,
        demand=1.5,
        seed=7,
    )
    base, got = load_scenario("xinhua_2013"), build_scenario(s)
    assert got.intake.policy is IntakePolicy.ONE_WINDOW
    assert got.intake.dispatch_order.value == "edf"
    assert got.volunteers.count == 2500
    assert got.units.member_units == 139
    assert got.units.service_teams == round(base.units.service_teams * 139 / 278)
    assert got.units.team_capacity == 3
    assert got.supervision.strength == 1.2
    assert [m.interval_days for m in got.meetings] == [2 * m.interval_days for m in base.meetings]
    assert got.deliberation.enabled is False
    assert got.demand.multiplier == 1.5
    assert got.population.scale == SCALE
    assert got.seed == 7


def test_an_invalid_lever_is_shown_and_not_applied(small: Scenario) -> None:
    settings = solara.reactive(settings_from_scenario("xinhua_2013", scale=SCALE))
    applied = solara.reactive(small)
    error = solara.reactive(None)
    weekly_too_often = settings.value.replace(meeting_cadence=0.1)  # 0.7 days < 1 day
    apply_settings(weekly_too_often, settings, applied, error)
    assert settings.value.meeting_cadence == 0.1
    assert applied.value is small
    assert re.search(r"meetings\.directors_weekly\.interval_days.*0\.7", error.value)
    assert "/" not in error.value.split(":")[0]  # no absolute path, just the file name
    apply_settings(settings.value.replace(meeting_cadence=1.5), settings, applied, error)
    assert error.value is None
    assert applied.value.meetings[0].interval_days == 1.5 * small.meetings[0].interval_days


# --- the page in-process: change a control, press Reset ---------------------------------------
@pytest.fixture
def page(monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[object, list[AppModel]]]:
    """The whole page (inside an AppLayout, so the sidebar renders) and every model built."""
    monkeypatch.setenv(ENV_SCALE, str(SCALE))
    built: list[AppModel] = []
    original = AppModel.__init__

    @functools.wraps(original)  # SolaraViz inspects the constructor's signature
    def spy(self: AppModel, *args: object, **kwargs: object) -> None:
        original(self, *args, **kwargs)
        built.append(self)

    monkeypatch.setattr(AppModel, "__init__", spy)
    _, rc = solara.render(solara.AppLayout(children=[Page()]), handle_error=False)
    yield rc, built
    rc.close()


def _button(rc: object, label: str) -> v.Btn:
    return rc.find(v.Btn, children=[label]).widget


def _select(rc: object, label: str) -> v.Select:
    return rc.find(v.Select, label=label).widget


def _alerts(rc: object) -> str:
    return " ".join(str(w.children) for w in rc.find(v.Alert).widgets)


def _map(rc: object) -> str:
    html = [w.unsafe_innerHTML for w in rc.find(solara.widgets.HTML).widgets]
    return next(h for h in html if "cogov-map" in h)


SCENARIO = "Starting point (scenario)"
POLICY = "How issues reach those who settle them"
ORDER = "Which issue a department takes next"


def test_reset_rebuilds_the_model_with_a_changed_lever(page: tuple) -> None:
    rc, built = page
    assert len(built) == 1 and built[0].params.intake.policy is IntakePolicy.COGOVERNANCE
    assert "uses these levers" in _alerts(rc)
    _select(rc, POLICY).v_model = POLICY_NAMES["one_window"]
    assert "press Reset" in _alerts(rc)
    assert len(built) == 1  # nothing is rebuilt until Reset
    _button(rc, "Reset").click()
    assert len(built) == 2
    assert built[-1].params.intake.policy is IntakePolicy.ONE_WINDOW
    assert built[-1].params.population.scale == SCALE
    assert "uses these levers" in _alerts(rc)


def test_the_scenario_picker_loads_a_scenarios_values(page: tuple) -> None:
    rc, built = page
    _select(rc, SCENARIO).v_model = SCENARIO_NAMES["siloed"]
    assert _select(rc, POLICY).v_model == POLICY_NAMES["siloed"]
    _button(rc, "Reset").click()
    assert built[-1].params == build_scenario(settings_from_scenario("siloed", scale=SCALE))


def test_an_invalid_combination_is_shown_and_reset_keeps_the_last_valid(page: tuple) -> None:
    rc, built = page
    _select(rc, POLICY).v_model = POLICY_NAMES["siloed"]
    _select(rc, ORDER).v_model = ORDER_NAMES["edf"]
    alerts = _alerts(rc)
    assert "Not applied: Which issue a department takes next: nearest deadline first" in alerts
    assert "intake.dispatch_order" not in alerts and ".toml" not in alerts
    _button(rc, "Reset").click()
    assert built[-1].params.intake.policy is IntakePolicy.SILOED
    assert built[-1].params.intake.dispatch_order.value == "fcfs"


def test_step_advances_a_day_and_redraws_the_map(page: tuple) -> None:
    rc, _ = page
    assert 'data-time="0"' in _map(rc)
    _button(rc, "Step").click()
    assert 'data-time="24"' in _map(rc)
    speed = next(w for w in rc.find(v.BtnToggle).widgets if "1 hour" in str(w.children))
    speed.v_model = 0  # the first choice, "1 hour" (a BtnToggle's value is an index)
    _button(rc, "Step").click()
    assert 'data-time="25"' in _map(rc)
    colour = next(w for w in rc.find(v.BtnToggle).widgets if "satisfaction" in str(w.children))
    colour.v_model = 1
    assert 'data-colour-by="satisfaction"' in _map(rc)
    for index, key in enumerate(COLOUR_BY):  # every colour the map offers can be chosen
        colour.v_model = index
        assert f'data-colour-by="{key}"' in _map(rc)


# --- the model the app runs -----------------------------------------------------------------
def test_app_model_ticks_by_the_speed_and_stops_at_the_horizon() -> None:
    scenario = load_scenario("xinhua_2013", {"population.scale": SCALE, "days": 2})
    speed = solara.reactive(24)
    model = AppModel(scenario, speed)
    model.step()
    assert model.time == 24 and model.running
    speed.set(6)
    model.step()
    assert model.time == 30
    for _ in range(10):
        if model.running:
            model.step()
    assert model.time == 48 and not model.running


# --- the map: fixed layout ------------------------------------------------------------------
def test_map_positions_are_the_fixed_layout(model: AppModel) -> None:
    assert map_positions(model) == layout()
    svg = map_svg(model)
    drawn = {
        int(n): (float(x), float(y))
        for n, x, y in re.findall(
            r'data-node="(\d+)" data-x-km="([\d.]+)" data-y-km="([\d.]+)"', svg
        )
    }
    assert drawn == layout()
    circles = re.findall(r'<circle cx="([\d.]+)" cy="([\d.]+)"', svg)
    pixels = to_pixels(layout())
    assert [(float(x), float(y)) for x, y in circles] == [
        (round(pixels[n][0], 1), round(pixels[n][1], 1)) for n in sorted(pixels)
    ]
    model.run_days(5)
    assert re.findall(r'<circle cx="([\d.]+)" cy="([\d.]+)"', map_svg(model)) == circles


@pytest.mark.parametrize("colour_by", sorted(COLOUR_BY))
def test_map_names_every_neighbourhood(model: AppModel, colour_by: str) -> None:
    model.run_days(3)
    svg = map_svg(model, colour_by)
    assert svg.count('class="neighbourhood"') == 17
    for n in model.graph.nodes:
        assert f">{model.graph.nodes[n]['name'].replace(chr(39), '&#x27;')}<" in svg


def test_map_refuses_an_unknown_colour(model: AppModel) -> None:
    with pytest.raises(ValueError, match="colour_by"):
        map_svg(model, "noise")


# --- measures, feed and history -------------------------------------------------------------
def test_per_neighbourhood_open_issues_add_up_to_the_open_total(model: AppModel) -> None:
    model.run_days(10)
    assert sum(open_by_neighbourhood(model)) == model.open_issues
    assert all(0.0 <= s <= 1.0 for s in satisfaction_by_neighbourhood(model) if s == s)


def test_feed_is_the_difference_of_counters(model: AppModel) -> None:
    model.run_days(3)
    before = snapshot(model)
    model.run_days(1)
    tick = diff(before, snapshot(model))
    assert tick.end - tick.start == 24
    assert tick.reported == sum(tick.found_by.values())
    assert tick.closed == sum(tick.handled_by.values())
    line = describe(tick)
    assert line.startswith("Day 5, Fri 00:00 (+1 d)") and f"{tick.reported} reported" in line


def test_history_records_a_tick_once_and_measures_utilisation(model: AppModel) -> None:
    history = history_for(model)
    assert history_for(model) is history and isinstance(history, History)
    assert history.update(model) is None
    for _ in range(10):
        model.step()
        first = history.update(model)
        assert history.update(model) is first  # a redraw without time passing adds nothing
    assert sum(e.petition is None for e in history.feed) == 10  # a line a tick (+ petitions)
    loads = history.loads(model)
    assert [d.id for d in loads] == list(model.departments)
    assert all(d.utilisation is None or 0.0 <= d.utilisation < 5.0 for d in loads)


def test_charts_show_one_point_per_day(model: AppModel) -> None:
    # two weeks at scale 0.02: enough for a rated reply (all seven series); eight days were
    # enough for one random stream but not for another (no reply rated by day 8)
    model.run_days(14)
    svg = outcomes_svg(model)
    assert 'data-days="14"' in svg
    # open; on time, solved; satisfied, mean trust; petitions, escalations
    assert svg.count('class="series"') == 7


def test_settings_defaults_describe_the_default_scenario() -> None:
    assert Settings().member_units == load_scenario("xinhua_2013").units.member_units


# --- cogov serve ------------------------------------------------------------------------------
def test_serve_binds_to_loopback_unless_told() -> None:
    from cogov.cli import build_parser
    from cogov.serve import solara_args

    args = build_parser().parse_args(["serve"])
    assert (args.host, args.port) == ("127.0.0.1", 8765)
    command = solara_args(args)
    assert command[command.index("--host") + 1] == "127.0.0.1"
    assert "--production" in command and "--no-check-version" in command
    told = build_parser().parse_args(["serve", "--host", "0.0.0.0", "--port", "9000"])
    assert solara_args(told)[1:5] == ["--host", "0.0.0.0", "--port", "9000"]


def test_serve_refuses_bad_input_before_starting(capsys: pytest.CaptureFixture[str]) -> None:
    from cogov.cli import main

    assert main(["serve", "--scenario", "nope"]) == 2
    assert "not a built-in scenario" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exc:
        main(["serve", "--scale", "2"])
    assert exc.value.code == 2
    assert "range of the app's slider" in capsys.readouterr().err


def test_axis_ticks_reach_the_maximum_of_138() -> None:
    from cogov.viz.svg import nice_ticks

    ticks = nice_ticks(0, 138, 4)
    assert ticks[0] == 0 and ticks[-1] >= 138
    assert ticks == [0.0, 50.0, 100.0, 150.0]


def test_axis_ticks_cover_every_range_like_maxnlocator() -> None:
    from matplotlib.ticker import MaxNLocator

    from cogov.viz.svg import nice_ticks

    rng = np.random.default_rng(5)
    for i in range(2000):
        lo = 0.0 if i % 2 else float(rng.uniform(-100, 100))
        hi = lo + float(10 ** rng.uniform(-3, 5))
        for count in (3, 4, 5):
            ticks = nice_ticks(lo, hi, count)
            assert ticks[0] <= lo + 1e-9 and ticks[-1] >= hi - 1e-9, (lo, hi, count)
            inside = [t for t in ticks if lo <= t <= hi]
            assert len(inside) <= count + 1
            steps = np.diff(ticks)
            assert np.allclose(steps, steps[0])
            mpl = MaxNLocator(nbins=count, steps=[1, 2, 2.5, 5, 10]).tick_values(lo, hi)
            assert np.allclose(ticks, mpl)
