"""Charts: a single run's charts, the tables they draw, sweep and Sobol reports, fonts."""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from cogov.experiments.analysis.estimates import load_runs, summarize
from cogov.experiments.analysis.tables import daily_bands, marginal_table
from cogov.experiments.batch import run_batch
from cogov.experiments.charts import style as chartstyle
from cogov.experiments.charts.run import MapPanel, map_figure, write_run_charts
from cogov.experiments.charts.style import OKABE_ITO, FontMissingError, chart_style, scenario_styles
from cogov.experiments.design import load_experiment
from cogov.experiments.i18n import fmt_diff, fmt_number, fmt_value, outcome_label, parameter_label
from cogov.experiments.report.build import ReportOptions, build_report
from cogov.experiments.report.findings import verdict
from cogov.sim.loader import load_scenario
from cogov.sim.model import CoGovModel
from cogov.sim.outcomes import REPORT_OUTCOMES

SWEEP = """\
[experiment]
name = "sweep_test"
scenarios = ["xinhua_2013"]
replicates = 2
days = 10
root_seed = 3
scale = 0.03

[design]
kind = "grid"

[design.parameters."volunteers.count"]
values = [300, 2000]
"""
SOBOL = """\
[experiment]
name = "sobol_test"
scenarios = ["xinhua_2013"]
replicates = 1
days = 10
root_seed = 4
scale = 0.03

[design]
kind = "sobol"
samples = 4

[design.parameters."budget.staff_factor"]
bounds = [0.6, 1.4]

[design.parameters."volunteers.activation"]
bounds = [0.2, 1.0]
"""

POINTS = """\
[experiment]
name = "points_test"
scenarios = ["xinhua_2013"]
replicates = 2
days = 10
root_seed = 5
scale = 0.03

[design]
kind = "points"
points = [{ "intake.policy" = "cogovernance" }, { "intake.policy" = "one_window" }]
"""


@pytest.fixture(scope="module")
def run():
    scenario = load_scenario("xinhua_2013", {"days": 20, "population.scale": 0.03})
    model = CoGovModel(scenario, rng=11)
    model.run_days(20)
    return model.result()


def _batch(tmp_path_factory: pytest.TempPathFactory, text: str) -> Path:
    root = tmp_path_factory.mktemp("charts")
    path = root / "experiment.toml"
    path.write_text(text, encoding="utf-8")
    assert run_batch(load_experiment(path), root / "results", workers=1).ok
    return root / "results"


@pytest.fixture(scope="module")
def sweep(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _batch(tmp_path_factory, SWEEP)


@pytest.fixture(scope="module")
def points(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _batch(tmp_path_factory, POINTS)


@pytest.fixture(scope="module")
def sobol(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _batch(tmp_path_factory, SOBOL)


def _write(run, folder: Path, lang: str) -> dict[str, list]:
    """The run's charts in ``lang``, and the glyph warnings drawing them gave."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        paths = write_run_charts(run.summary, run.daily, folder, lang)
    return {"paths": paths, "glyphs": [w for w in caught if "Glyph" in str(w.message)]}


# one fixture per language: the English tests must not need the Chinese font
@pytest.fixture(scope="module")
def written_en(run, tmp_path_factory: pytest.TempPathFactory) -> dict[str, list]:
    return _write(run, tmp_path_factory.mktemp("en"), "en")


@pytest.fixture(scope="module")
def written_zh(run, tmp_path_factory: pytest.TempPathFactory) -> dict[str, list]:
    return _write(run, tmp_path_factory.mktemp("zh"), "zh")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_run_charts_are_written_without_missing_glyphs(request, lang: str) -> None:
    written = request.getfixturevalue(f"written_{lang}")
    assert written["glyphs"] == []
    paths = written["paths"]
    assert set(paths) == {"time_courses", "map"}
    for name, files in paths.items():
        folder = files["png"].parent
        assert files == {"png": folder / f"{name}.png", "svg": folder / f"{name}.svg"}
        assert files["png"].stat().st_size > 10_000 and files["svg"].stat().st_size > 10_000


def test_run_charts_are_the_same_bytes_every_time(run, written_en, tmp_path: Path) -> None:
    again = write_run_charts(run.summary, run.daily, tmp_path)
    for name, files in written_en["paths"].items():
        for fmt, path in files.items():
            assert again[name][fmt].read_bytes() == path.read_bytes(), (name, fmt)


def test_english_charts_need_no_chinese_font(run, written_en, tmp_path: Path, monkeypatch) -> None:
    chartstyle.cjk_family.cache_clear()
    monkeypatch.setattr(chartstyle, "_has_family", lambda name: False)
    monkeypatch.setattr(chartstyle.font_manager, "findSystemFonts", lambda *a, **k: [])
    try:
        again = write_run_charts(run.summary, run.daily, tmp_path)
    finally:
        chartstyle.cjk_family.cache_clear()
    for name, files in written_en["paths"].items():
        for fmt, path in files.items():
            assert again[name][fmt].read_bytes() == path.read_bytes(), (name, fmt)


def test_daily_bands_are_t_intervals_across_runs() -> None:
    days = [0, 1, 0, 1]
    daily = pd.DataFrame(
        {
            "key": ["a", "a", "b", "b"],
            "scenario": "s",
            "day": days,
            "backlog": [2, 4, 4, 8],
            "satisfied": [1, 0, 2, 2],
            "rated": [2, 0, 2, 2],
            "trust_mean": [0.5, 0.6, 0.4, 0.45],
        }
    )
    bands = daily_bands(daily, window=7).set_index(["measure", "day"])
    half = stats.t.ppf(0.975, 1) * np.std([4, 8], ddof=1) / np.sqrt(2)
    day1 = bands.loc[("backlog", 1)]
    assert day1["mean"] == 6 and np.isclose(day1["high"] - day1["mean"], half)
    # satisfaction is a ratio of sums over the window: run a = 1/2, run b = 4/4 on day 1
    assert np.isclose(bands.loc[("satisfaction", 1), "mean"], (0.5 + 1.0) / 2)
    # trust is the change since the first day
    assert np.isclose(bands.loc[("trust_change", 1), "mean"], (0.1 + 0.05) / 2)
    assert ("backlog", 0) not in bands.index  # weekly: only the window's end and the last day
    daily_rows = daily_bands(daily, window=1).set_index(["measure", "day"])
    assert daily_rows.loc[("trust_change", 0), "mean"] == 0
    assert daily_rows.loc[("backlog", 0), "mean"] == 3


def test_the_reference_is_black_and_other_scenarios_differ() -> None:
    styles = scenario_styles(["a", "ref", "b", "c"], "ref")
    assert styles["ref"].colour == OKABE_ITO[0] and styles["ref"].is_reference
    others = [styles[s] for s in ("a", "b", "c")]
    assert len({s.colour for s in others}) == 3 and OKABE_ITO[0] not in {s.colour for s in others}
    assert len({s.marker for s in styles.values()}) == 4


def test_the_map_draws_neighbourhoods_without_data(tmp_path: Path) -> None:
    panel = MapPanel({"Panyu": 3.0, "Xinhua": float("nan")}, "mean_hours_to_close", "t", "h")
    with chart_style("zh"):
        diff = MapPanel({"Panyu": -1.0}, "on_time_rate", "d", "pp", True)
        fig = map_figure([panel, diff], lang="zh")
    texts = {t.get_text() for t in fig.axes[0].texts}
    assert {"番禺", "新华", "张家宅", "3.0", "无数据"} <= texts
    assert "−100.0" in {t.get_text() for t in fig.axes[1].texts}  # a rate diff in points


def test_a_missing_chinese_font_names_the_package(monkeypatch) -> None:
    chartstyle.cjk_family.cache_clear()
    monkeypatch.setattr(chartstyle, "_has_family", lambda name: False)
    monkeypatch.setattr(chartstyle.font_manager, "findSystemFonts", lambda *a, **k: [])
    try:
        with (
            pytest.raises(FontMissingError, match="apt-get install -y fonts-noto-cjk"),
            chart_style("zh"),
        ):
            pass
    finally:
        chartstyle.cjk_family.cache_clear()


def test_marginal_means_pool_the_other_parameters() -> None:
    runs = pd.DataFrame(
        {
            "scenario": "s",
            "p": [1, 1, 2, 2],
            "q": ["x", "y", "x", "y"],
            "on_time_rate": [0.5, 0.7, 0.9, 0.8],
        }
    )
    table = marginal_table(runs, ["p", "q"], ["on_time_rate"]).set_index(["parameter", "x"])
    assert np.isclose(table.loc[("p", 1), "mean"], 0.6)
    assert np.isclose(table.loc[("q", "y"), "mean"], 0.75)
    assert table.loc[("p", 2), "n"] == 2


def test_a_grid_sweep_report_draws_outcomes_against_parameters(sweep: Path) -> None:
    report = build_report(sweep, options=ReportOptions(rerun=False))
    assert set(report.charts) == {"sweep", "time_courses", "map", "departments"}
    runs = load_runs(sweep)
    for outcome in REPORT_OUTCOMES:
        means = runs.groupby("volunteers.count")[outcome].mean()
        if means.isna().any():
            continue
        sentence = next(s for s in report.findings if s.startswith(outcome_label(outcome)))
        if means[300] == means[2000]:
            assert "the same at every parameter value" in sentence
            continue
        (xlo, lo), (xhi, hi) = sorted(means.items(), key=lambda kv: kv[1])
        low, high = fmt_value(outcome, lo), fmt_value(outcome, hi)
        assert f"with {parameter_label('volunteers.count')}: from {low} (95% CI " in sentence
        assert f") at {xlo:,.0f} to {high} (95% CI " in sentence
        assert f") at {xhi:,.0f} (means" in sentence
    assert "varied: Volunteers" in report.html.read_text("utf-8")


def test_a_sobol_report_draws_the_indices(sobol: Path) -> None:
    report = build_report(sobol, options=ReportOptions(rerun=False, lang="zh"))
    assert "sobol" in report.charts and "sweep" not in report.charts
    assert report.charts["sobol"]["png"].stat().st_size > 10_000
    assert all("Sobol" in s for s in report.findings) and report.findings


def test_a_points_design_compares_each_point_with_the_first(points: Path) -> None:
    report = build_report(points, options=ReportOptions(map_diff=("#1", "#0")))
    assert "scenario_comparison" in report.charts and "deadlines" in report.charts
    html = report.html.read_text("utf-8")
    assert "<td>#1</td><td>intake.policy = one_window</td>" in html
    table = summarize(load_runs(points), ["on_time_rate"], reference_point=0)
    row = table[table["point"] == 1].iloc[0]
    sentence = next(s for s in report.findings if "intake.policy = one_window against" in s)
    if verdict(row) in ("better", "worse"):
        assert fmt_diff("on_time_rate", row["diff"]) in sentence
    assert f"<td>{fmt_number('on_time_rate', row['mean'])}<small>" in html  # the table
