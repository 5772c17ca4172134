"""The app's participation view, grievance map and petition events, against independent tallies.

The app reads counters and a petition log (:mod:`cogov.viz.records`); these tests count the
same things another way — the model's own result, a wrapper on the metrics' closing hook,
the volunteers' list — and check that the views show what the model did.
"""

from __future__ import annotations

import itertools
import math
import re

import pytest

from cogov.sim.loader import load_scenario
from cogov.sim.model import CoGovModel
from cogov.sim.params import Channel
from cogov.viz.appmodel import AppModel
from cogov.viz.history import history_for
from cogov.viz.measures import (
    grievance_by_neighbourhood,
    petitions_by_neighbourhood,
    trust_by_neighbourhood,
)
from cogov.viz.neighbourhood_map import COLOUR_BY, map_svg
from cogov.viz.records import records_of
from cogov.viz.together import (
    ACTORS_TITLE,
    PETITION_TITLE,
    WINDOW_DAYS,
    participation_svg,
    past_week,
)
from cogov.viz.views import _feed_html

SCALE = 0.05
#: the Metro works without councils, three times the problems and petitioning made easy:
#: petitions of varied sizes in several neighbourhoods within 90 days at 5% scale (at seed
#: 0 when written: 27 in 6 neighbourhoods, and 18 in 8 with main's model of 21:05 UTC)
EASY_PETITIONS = {
    "population.scale": SCALE,
    "deliberation.enabled": False,
    "demand.multiplier": 3.0,
    "collective.cost": 0.0,
    "collective.peer_weight": 0.3,
    "collective.affected": 60,
    # groups drawn anew: a kept group petitions again and again with the same size in the same
    # committee, and the feed test below tells petitions apart by their line and size
    "collective.fixed_groups": False,
}


@pytest.fixture(scope="module")
def petitioning() -> tuple[AppModel, list[int], list[str]]:
    """A model run 90 days, a day a tick; each petition's place; the feed of every tick.

    The places are tallied on the metrics' closing hook: the neighbourhood of each closed
    case that ended in a petition.
    """
    model = AppModel(load_scenario("metro_line_11", EASY_PETITIONS), 24)
    tally: list[int] = []
    on_close = model.metrics.on_close

    def counted(issue: object, now: float) -> None:
        if issue.petitioned:
            tally.append(issue.neighbourhood)
        on_close(issue, now)

    model.metrics.on_close = counted
    feeds = []
    for _ in range(90):
        model.step()
        feeds.append(_feed_html(model))
    return model, tally, feeds


# --- the records do not change the run ----------------------------------------------------
def test_recording_leaves_the_run_as_the_plain_model_runs_it() -> None:
    scenario = load_scenario("metro_line_11", EASY_PETITIONS)
    app, plain = AppModel(scenario, 24), CoGovModel(scenario)
    app.run_days(30)
    plain.run_days(30)
    assert app.metrics.daily == plain.metrics.daily
    assert app.result().summary == plain.result().summary
    assert records_of(plain) is None  # only the app's model keeps records


# --- participation over time --------------------------------------------------------------
def test_participation_is_read_once_a_day_and_adds_up(petitioning: tuple) -> None:
    model, _, _ = petitioning
    days = model.records.days
    assert [d.day for d in days] == list(range(1, 91))
    assert days[-1].active == len(model.volunteers) == sum(model.participation.active_by_nb)
    start = model.params.volunteers.count * SCALE
    assert abs(days[0].active - start) <= 17  # the starting volunteers, split over 17
    # every change in the active count is a join minus a leave (an independent tally)
    for before, after in itertools.pairwise(days):
        joined = after.recruited - before.recruited
        left = after.left - before.left
        assert after.active - before.active == joined - left
    summary = model.result().summary
    assert (days[-1].recruited, days[-1].left) == (
        summary["volunteers_recruited"],
        summary["volunteers_left"],
    )


def test_groups_points_and_teams_are_read_once_a_day_as_the_model_counts_them(
    petitioning: tuple,
) -> None:
    model, _, _ = petitioning
    days = model.records.days
    summary = model.result().summary
    last = days[-1]
    assert (last.groups, last.points, last.teams) == (
        summary["groups_active_end"],
        summary["points_active_end"],
        summary["teams_active_end"],
    )
    # an independent tally: the committees' pools have one server per point, one per group
    # actor, and the member units that run a team are the committed ones
    committees = model.committees
    assert last.points == sum(c.pools[Channel.NEIGHBOUR_POINT].servers for c in committees)
    assert last.groups == sum(c.pools[Channel.SELF_GOVERNANCE].servers for c in committees)
    assert last.teams == sum(1 for units in model.units_by_nb for u in units if u.has_team)
    assert min(d.groups for d in days) > 0 and min(d.teams for d in days) > 0


def test_joined_and_left_are_counted_over_the_past_week(petitioning: tuple) -> None:
    model, _, _ = petitioning
    days = model.records.days
    joined = past_week(days, "recruited")
    for i in range(len(days)):
        first = max(0, i - WINDOW_DAYS + 1)
        daily = [
            days[j].recruited - (days[j - 1].recruited if j else 0) for j in range(first, i + 1)
        ]
        assert joined[i] == sum(daily)


def test_the_participation_chart_draws_every_day_and_its_axes_reach_the_data(
    petitioning: tuple,
) -> None:
    model, _, _ = petitioning
    svg = participation_svg(model)
    days = model.records.days
    assert 'data-days="90"' in svg
    panels = dict(re.findall(r'<g class="panel" data-title="([^"]+)" data-y-top="([\d.]+)"', svg))
    assert set(panels) == {
        "Active volunteers (count)",
        f"Joined, left in the past {WINDOW_DAYS} days (count)",
        ACTORS_TITLE,
        PETITION_TITLE,
    }
    actors = [v for d in days for v in (d.groups, d.points, d.teams)]
    assert float(panels[ACTORS_TITLE]) >= max(actors)
    for label in ("groups", "points", "teams"):
        line = re.search(
            rf'<polyline class="series" data-label="{label}"[^>]*points="([^"]+)"', svg
        )
        assert len(line[1].split()) == 90, label
    assert float(panels["Active volunteers (count)"]) >= max(d.active for d in days)
    week = [*past_week(days, "recruited"), *past_week(days, "left")]
    assert float(panels[f"Joined, left in the past {WINDOW_DAYS} days (count)"]) >= max(week)
    assert float(panels[PETITION_TITLE]) >= max(e.size for e in model.records.petitions)
    dots = re.findall(r'<circle class="event" data-day="([\d.]+)" data-value="(\d+)"', svg)
    assert [(float(d), int(v)) for d, v in dots] == [
        (round(e.time / 24, 3), e.size) for e in model.records.petitions
    ]
    active = re.search(r'<polyline class="series" data-label="active"[^>]*points="([^"]+)"', svg)
    assert len(active[1].split()) == 90
    assert svg.count('class="x-label"') == 4  # every panel labels its x axis


def test_before_the_first_day_the_chart_says_when_points_appear() -> None:
    model = AppModel(load_scenario("xinhua_2013", {"population.scale": 0.02}), 24)
    svg = participation_svg(model)
    assert 'data-days="0"' in svg and "end of day 1" in svg
    assert "No collective petition yet." in svg


# --- petitions as events with their size ------------------------------------------------
def test_every_petition_is_logged_with_the_size_and_place_the_model_recorded(
    petitioning: tuple,
) -> None:
    model, tally, _ = petitioning
    log = model.records.petitions
    assert len(log) >= 5 and len({e.size for e in log}) > 1  # the test sees varied sizes
    assert len(log) == model.metrics.petitions == len(tally)
    assert [e.size for e in log] == model.collective.petition_sizes
    assert sorted(e.neighbourhood for e in log) == sorted(tally)
    per_nb = [0] * 17
    for nb in tally:
        per_nb[nb] += 1
    assert petitions_by_neighbourhood(model) == per_nb
    assert all(e.size >= model.params.collective.min_size for e in log)
    assert [e.time for e in log] == sorted(e.time for e in log)


def test_the_feed_shows_each_petition_once_with_its_size_and_neighbourhood(
    petitioning: tuple,
) -> None:
    model, _, feeds = petitioning
    shown: dict[tuple[str, str], str] = {}
    for feed in feeds:
        for size, node, line in re.findall(
            r'<li class="feed-petition" data-size="(\d+)" data-node="(\d+)"[^>]*>([^<]+)</li>',
            feed,
        ):
            shown.setdefault((line, size), node)
    log = model.records.petitions
    assert len(shown) == len(log)
    for e in log:
        name = model.graph.nodes[e.neighbourhood]["name"].replace("'", "&#x27;")
        line = next(line for line, size in shown if size == str(e.size) and name in line)
        assert f"{e.size} residents acted together" in line
        assert shown[(line, str(e.size))] == str(e.neighbourhood)
    total = model.metrics.petitions
    mean = sum(model.collective.petition_sizes) / total
    assert f"{total} petitions (mean size {mean:.1f} residents)" in feeds[-1]


def test_the_feed_lists_a_petition_under_its_tick() -> None:
    model = AppModel(load_scenario("metro_line_11", EASY_PETITIONS), 24)
    history = history_for(model)
    while not model.records.petitions:
        model.step()
    newest = history.update(model)
    assert newest.petition is None and "collective petitions" in newest.text
    petition = history.feed[1]
    assert petition.petition is model.records.petitions[-1]
    assert petition.tick is newest.tick


# --- the map: grievance, trust and where petitions happened ------------------------------
def test_the_grievance_map_shows_each_neighbourhoods_mean_grievance(petitioning: tuple) -> None:
    model, _, _ = petitioning
    svg = map_svg(model, "grievance")
    shown = re.findall(r'"neighbourhood" data-node=[^>]*>.*?font-weight="600"[^>]*>([^<]+)<', svg)
    means = grievance_by_neighbourhood(model)
    assert len(shown) == 17
    for (total, n), label, mean in zip(model.collective.grievance_by_nb, shown, means, strict=True):
        if n == 0:
            assert math.isnan(mean) and label == "–"
        else:
            assert label == f"{total / n:.2f}"
    # the legend runs from 0 to the largest grievance possible (hardest problem, no trust)
    hardest = max(k.hardship for k in model.params.kinds if k.contentious)
    assert re.search(rf">0\.00</text>.*>{hardest:.2f}</text>", svg)
    assert COLOUR_BY["grievance"] in svg


def test_the_trust_map_shows_mean_trust_per_neighbourhood(petitioning: tuple) -> None:
    model, _, _ = petitioning
    trust = trust_by_neighbourhood(model)
    people = sum(len(r) for r in model.residents_by_nb)
    weighted = sum(t * len(r) for t, r in zip(trust, model.residents_by_nb, strict=True))
    assert weighted / people == pytest.approx(model.mean_trust)
    svg = map_svg(model, "trust")
    assert all(f">{t:.2f}</text>" in svg for t in trust)


def test_the_map_marks_where_petitions_happened(petitioning: tuple) -> None:
    model, tally, _ = petitioning
    for colour_by in COLOUR_BY:
        svg = map_svg(model, colour_by)
        marks = dict(
            re.findall(r'class="petition-mark" data-node="(\d+)" data-petitions="(\d+)"', svg)
        )
        assert {int(n): int(c) for n, c in marks.items()} == {nb: tally.count(nb) for nb in tally}
        assert f"({len(tally)} in all)" in svg
    largest = max(e.size for e in model.records.petitions)
    assert f"the largest: {largest} residents acting together" in svg


def test_a_map_without_petitions_says_so() -> None:
    model = AppModel(load_scenario("xinhua_2013", {"population.scale": 0.02}), 24)
    svg = map_svg(model, "grievance")
    assert "petition-mark" not in svg and "no collective petitions yet" in svg
    assert svg.count(">–</text>") == 17  # no grievance yet anywhere
