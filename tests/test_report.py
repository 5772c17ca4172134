"""``cogov report`` on a small real batch: chart files, embedded images, findings, browser.

One module-scoped batch (2 scenarios x 3 replicates, 20 days at 3% of the population) is
reported in English (by the library call) and in Chinese (through the command line).
"""

from __future__ import annotations

import base64
import re
import shutil
import subprocess
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from browser import CHROMIUM, CHROMIUM_ARGS

from cogov.cli import main
from cogov.experiments.analysis.estimates import load_runs, summarize
from cogov.experiments.batch import run_batch
from cogov.experiments.design import load_experiment, replicate_seeds
from cogov.experiments.i18n import (
    fmt_diff,
    fmt_interval,
    fmt_number,
    interval_digits,
    outcome_label,
    scenario_label,
)
from cogov.experiments.report.build import Report, ReportOptions, build_report
from cogov.experiments.report.closetimes import close_times
from cogov.experiments.report.findings import verdict
from cogov.experiments.store import ResultsStore
from cogov.sim.outcomes import REPORT_OUTCOMES
from cogov.sim.outcomes import outcome as registry

CHARTS = {"scenario_comparison", "time_courses", "map", "deadlines", "departments"}
REFERENCE = "xinhua_2013"
EXPERIMENT = """\
[experiment]
name = "report_test"
description = "Two policies, three replicates, for the report tests"
scenarios = ["xinhua_2013", "siloed"]
reference = "xinhua_2013"
replicates = 3
days = 20
root_seed = 7
scale = 0.03

[design]
kind = "scenarios"
"""


@pytest.fixture(scope="module")
def results(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A finished batch of 6 real runs."""
    root = tmp_path_factory.mktemp("report")
    path = root / "report_test.toml"
    path.write_text(EXPERIMENT, encoding="utf-8")
    report = run_batch(load_experiment(path), root / "results", workers=2)
    assert report.ok
    return root / "results"


@pytest.fixture(scope="module")
def report(results: Path) -> Report:
    return build_report(results)


@pytest.fixture(scope="module")
def html(report: Report) -> str:
    return report.html.read_text("utf-8")


@pytest.fixture(scope="module")
def zh_report(results: Path) -> tuple[Path, list[str]]:
    """The Chinese report through the command line; returns its path and any glyph warnings."""
    out = results.parent / "zh" / "报告.html"
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert main(["report", str(results), "--lang", "zh", "--out", str(out)]) == 0
    return out, [str(w.message) for w in caught if "Glyph" in str(w.message)]


@pytest.fixture(scope="module")
def table(results: Path):
    """The results table recomputed independently of the report."""
    return summarize(load_runs(results), list(REPORT_OUTCOMES), REFERENCE)


def test_every_chart_is_written_as_png_and_svg(report: Report) -> None:
    assert set(report.charts) == CHARTS
    folder = report.html.parent / "report_charts"
    for name in CHARTS:
        png, svg = folder / f"{name}.png", folder / f"{name}.svg"
        assert report.charts[name] == {"png": png, "svg": svg}
        assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        assert png.stat().st_size > 10_000
        assert "<svg" in svg.read_text("utf-8")[:2000]


def test_the_html_embeds_every_chart_and_needs_nothing_else(report: Report, html: str) -> None:
    embedded = re.findall(r'<img src="data:image/png;base64,([A-Za-z0-9+/=]+)"', html)
    assert len(embedded) == len(CHARTS)
    pngs = {report.charts[n]["png"].read_bytes() for n in CHARTS}
    assert {base64.b64decode(data) for data in embedded} == pngs
    assert not re.search(r'(src|href)="(https?:)?//', html)  # opens offline
    assert "@media print" in html and "<script" not in html


def test_the_headline_names_the_largest_practical_effect(report: Report, html: str, table) -> None:
    rows = [r for _, r in table.iterrows() if verdict(r) in ("better", "worse", "changed")]
    assert len(report.headline) in (2, 3)
    box = html.split('id="headline"')[1].split("</section>")[0]
    for line in report.headline:
        assert line.replace("'", "&#x27;") in box
    assert html.index('id="headline"') < html.index('id="findings"')
    if not rows:
        assert report.headline[0].startswith("No scenario changes any outcome")
        return

    def rank(r) -> tuple[bool, float]:  # outcomes with a direction first, then thresholds spanned
        entry = registry(r["outcome"])
        return entry.higher_is_better is not None, abs(r["diff"]) / entry.threshold

    top = max(rows, key=rank)
    assert scenario_label(top["scenario"]) in report.headline[0]
    assert outcome_label(top["outcome"]) in report.headline[0]
    assert fmt_diff(top["outcome"], top["diff"]) in report.headline[1]
    dci = fmt_interval(top["outcome"], top["diff_low"], top["diff_high"], diff=True)
    assert dci in report.headline[1]
    assert f"{len(rows)} of {len(table.dropna(subset=['diff']))} differences" in report.headline[2]


def test_findings_call_best_only_what_passes_noise_and_threshold(report: Report, table) -> None:
    text = "\n".join(report.findings)
    for outcome in REPORT_OUTCOMES:
        entry = registry(outcome)
        if entry.higher_is_better is None:
            continue
        rows = table[(table["outcome"] == outcome) & (table["scenario"] != REFERENCE)]
        better = [r for _, r in rows.iterrows() if verdict(r) == "better"]
        name = outcome_label(outcome)
        if better:
            assert f"{name}: clearly better than the reference only under" in text
        else:
            assert f"{name}: no scenario does clearly better than the reference" in text


def test_count_of_distinguishable_differences_matches(report: Report, table) -> None:
    diffs = table[table["scenario"] != REFERENCE].dropna(subset=["diff"])
    hits = int(((diffs["diff_low"] > 0) | (diffs["diff_high"] < 0)).sum())
    assert any(
        f"Of {len(diffs)} differences" in s and f", {hits} exclude zero" in s
        for s in report.findings
    )


def test_the_table_shows_every_mean_and_difference(html: str, table) -> None:
    section = html.split('id="outcomes"')[1].split("</section>")[0]
    for _, r in table.iterrows():
        assert f"<td>{fmt_number(r['outcome'], r['mean'])}<small>" in section
        digits = interval_digits(r["outcome"], r["ci_low"], r["ci_high"])
        low, high = (fmt_number(r["outcome"], r[c], digits=digits) for c in ("ci_low", "ci_high"))
        assert f"<small>{low} to {high}</small>" in section
        if r["scenario"] != REFERENCE:
            assert f"Δ {fmt_number(r['outcome'], r['diff'], sign=True)} (" in section


def test_the_methods_box_states_the_design(results: Path, html: str) -> None:
    manifest = ResultsStore(results).read_manifest()
    box = html.split('id="methods"')[1].split("</section>")[0]
    for text in (
        "Co-governance as in 2013 (reference)",
        "Separate departments",
        "3 per design point, 20 simulated days",
        "6 of 6 runs",
        "SeedSequence(7).spawn(3)[r]",
        f"r=0: {replicate_seeds(7, 3)[0]}",
        "scale 0.03 (",
        manifest["code_version"],
        "report_test",
    ):
        assert text in box, text


def test_the_close_time_rerun_reproduces_the_stored_runs(results: Path) -> None:
    runs = load_runs(results)
    times, infos = close_times(runs, [REFERENCE, "siloed"])
    assert [i.scenario for i in infos] == [REFERENCE, "siloed"]
    for info in infos:
        assert info.matches and info.replicate == 0
        stored = runs[(runs["scenario"] == info.scenario) & (runs["replicate"] == 0)].iloc[0]
        mine = times[times["scenario"] == info.scenario]
        assert np.isclose(mine["on_time"].mean(), stored["on_time_from_report_rate"])
        assert np.isclose(mine["hours"].mean(), stored["mean_hours_to_close"])


def test_the_chinese_report_has_chinese_text_and_every_glyph(zh_report) -> None:
    out, glyph_warnings = zh_report
    assert glyph_warnings == []  # matplotlib warns for each character its fonts lack
    html = out.read_text("utf-8")
    assert '<html lang="zh-Hans">' in html
    assert "主要发现" in html and "方法" in html and outcome_label("on_time_rate", "zh") in html
    assert "条块分割" in html  # the siloed scenario's Chinese name
    for name in CHARTS:
        assert (out.parent / "报告_charts" / f"{name}.svg").exists()


def test_bad_input_exits_2_with_a_message(tmp_path: Path, results: Path, capsys) -> None:
    assert main(["report", str(tmp_path)]) == 2
    assert "no manifest.json or runs.parquet" in capsys.readouterr().err
    assert main(["report", str(results), "--map-scenario", "nowhere"]) == 2
    assert "allowed: xinhua_2013, siloed" in capsys.readouterr().err


def _not_blank(png: Path) -> bool:
    from PIL import Image

    with Image.open(png) as image:
        low, high = image.convert("L").getextrema()
    return high - low > 100


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed; .ci/run installs it")
def test_the_report_renders_in_a_browser(report: Report, zh_report, tmp_path: Path) -> None:
    """Both languages: headline first; every image whole, in its column, with alt and caption."""
    pages = (report.html, zh_report[0])
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # without Playwright: chromium's own screenshot, checked not blank
        for i, path in enumerate(pages):
            shot = tmp_path / f"report{i}.png"
            subprocess.run(
                [
                    CHROMIUM,
                    *CHROMIUM_ARGS,
                    f"--user-data-dir={tmp_path / 'profile'}",
                    f"--screenshot={shot}",
                    "--window-size=1200,3000",
                    path.resolve().as_uri(),
                ],
                check=True,
                capture_output=True,
                timeout=120,
            )
            assert _not_blank(shot)
        return
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1200, "height": 3000})
            for i, path in enumerate(pages):
                page.goto(path.resolve().as_uri())
                widths = page.eval_on_selector_all("img", "els => els.map(e => e.naturalWidth)")
                assert len(widths) == len(CHARTS) and all(w > 0 for w in widths), widths
                # the headline box is the first thing after the title, on the first screen
                first = page.eval_on_selector("main > section", "e => e.id")
                assert first == "headline"
                box = page.locator("#headline").bounding_box()
                assert box is not None and box["y"] + box["height"] < 900
                # no image overflows its column or the page, and none is scaled up past
                # its own pixels (which would blur, or crop with max-width)
                checks = page.eval_on_selector_all(
                    "figure",
                    """els => els.map(f => {
                        const img = f.querySelector('img'), cap = f.querySelector('figcaption');
                        const r = img.getBoundingClientRect(), p = f.getBoundingClientRect();
                        return {alt: img.alt, caption: cap ? cap.innerText : '',
                                inside: r.left >= p.left - 1 && r.right <= p.right + 1,
                                whole: img.complete && r.width > 0 && r.height > 0};
                    })""",
                )
                for check in checks:
                    assert check["inside"] and check["whole"], check
                    assert len(check["alt"]) > 20 and len(check["caption"]) > 20, check
                overflow = page.evaluate(
                    "() => document.documentElement.scrollWidth"
                    " - document.documentElement.clientWidth"
                )
                assert overflow <= 0
                shot = tmp_path / f"report{i}.png"
                page.screenshot(path=str(shot), full_page=True)
                assert _not_blank(shot)
        finally:
            browser.close()


def test_a_brief_where_a_scenario_is_best_only_by_noise_calls_nothing_best(
    results: Path, tmp_path: Path
) -> None:
    """The stored batch, siloed's satisfaction made higher than the reference's by noise.

    Its runs are the reference's plus shifts of mean +0.4 points whose interval spans zero.
    """
    copy = tmp_path / "noisy"
    shutil.copytree(results, copy)
    runs = pd.read_parquet(copy / "runs.parquet")
    ref = runs[runs["scenario"] == REFERENCE].set_index("seed")["satisfaction_mean"]
    mine = runs["scenario"] == "siloed"
    shift = np.array([0.034, -0.022, 0.0])  # mean +0.4 points, interval spans zero
    runs.loc[mine, "satisfaction_mean"] = ref.loc[runs.loc[mine, "seed"]].to_numpy() + shift
    runs.to_parquet(copy / "runs.parquet")
    report = build_report(copy, options=ReportOptions(rerun=False))
    row = report.table.set_index(["scenario", "outcome"]).loc[("siloed", "satisfaction_mean")]
    assert row["diff"] > 0 and row["diff_low"] < 0 < row["diff_high"]
    name, outcome = scenario_label("siloed"), outcome_label("satisfaction_mean")
    for line in [*report.headline, *report.findings]:
        assert f"{outcome}: clearly better than the reference only under {name}" not in line
        if line.startswith(f"{name} against"):
            assert f"better on {outcome}" not in line
    html = report.html.read_text("utf-8")
    assert f"only under {name}" not in html


def test_no_chart_is_cut_at_its_edges(report: Report, zh_report) -> None:
    """Every chart keeps a white margin: no title, caption or label runs off the image."""
    from PIL import Image

    folders = (report.html.parent / "report_charts", zh_report[0].parent / "报告_charts")
    for folder in folders:
        for name in CHARTS:
            with Image.open(folder / f"{name}.png") as image:
                grey = np.asarray(image.convert("L"))
            frame = np.concatenate(
                [grey[:3].ravel(), grey[-3:].ravel(), grey[:, :3].ravel(), grey[:, -3:].ravel()]
            )
            assert frame.min() >= 250, (folder.name, name)
