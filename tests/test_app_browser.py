"""The app in a real browser: ``cogov serve`` on a free loopback port, headless chromium.

Debian's chromium, driven by Playwright (never ``playwright install``: no browser can be
downloaded here). The test skips only when chromium is absent; ``.ci/run`` installs it.
It presses Step and Play, checks that simulated time advances, the charts and the feed
update and the map is drawn, then pauses and saves a screenshot (under pytest's tmp_path).

``COGOV_DOCS_SCREENSHOT=1`` plays 120 days and also writes ``docs/img/app.png``;
``COGOV_BROWSER_TEST_SCALE`` sets the population scale (default 0.05, for speed).
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from browser import CHROMIUM, CHROMIUM_ARGS

from cogov.viz.lang import LEVER_TIPS_ZH, VIEW_TIPS_ZH

ROOT = Path(__file__).resolve().parent.parent
SCALE = os.environ.get("COGOV_BROWSER_TEST_SCALE", "0.05")
DOCS = bool(os.environ.get("COGOV_DOCS_SCREENSHOT"))
PLAY_DAYS = 120 if DOCS else 10  # the README's picture shows a few months
START_SECONDS = 90.0

pytestmark = pytest.mark.skipif(
    CHROMIUM is None,
    reason="chromium is not installed (apt-get install chromium); .ci/run installs it",
)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def server(tmp_path: Path) -> Iterator[str]:
    """``cogov serve`` on a free loopback port; yields its address, stops it afterwards."""
    port = _free_port()
    log = (tmp_path / "serve.log").open("w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "cogov", "serve", "--port", str(port), "--scale", SCALE],
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + START_SECONDS
        while True:
            if proc.poll() is not None:
                pytest.fail(f"cogov serve exited ({proc.returncode}):\n{_read(tmp_path)}")
            try:
                with urllib.request.urlopen(url, timeout=5) as response:
                    if response.status == 200:
                        break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            if time.monotonic() > deadline:
                pytest.fail(
                    f"cogov serve did not answer in {START_SECONDS:g} s:\n{_read(tmp_path)}"
                )
            time.sleep(0.3)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=15)
        log.close()


def _read(tmp_path: Path) -> str:
    return (tmp_path / "serve.log").read_text(errors="replace")[-4000:]


def test_the_app_steps_plays_and_draws(server: str, tmp_path: Path) -> None:
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
    from playwright.sync_api import expect, sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1600, "height": 1000})
            page.goto(server)
            the_map = page.locator("svg.cogov-map")
            charts = page.locator("svg.cogov-charts")
            feed = page.locator(".cogov-feed")
            expect(the_map).to_be_visible(timeout=60_000)

            # the map is drawn: 17 neighbourhoods, named, on the fixed layout, at time 0
            expect(the_map.locator("g.neighbourhood")).to_have_count(17)
            expect(the_map.locator("g.neighbourhood circle")).to_have_count(17)
            expect(the_map.get_by_text("Xinhua", exact=True)).to_be_visible()
            expect(the_map).to_have_attribute("data-time", "0")
            expect(charts).to_have_attribute("data-days", "0")

            # every change of simulated time, with the browser's clock, for the Pause check
            page.evaluate(_WATCH_TIME)

            # Step: one day (the default speed); the charts get their first point
            page.get_by_role("button", name="Step").click()
            expect(the_map).to_have_attribute("data-time", "24", timeout=20_000)
            expect(charts).to_have_attribute("data-days", "1", timeout=20_000)
            expect(feed).to_contain_text("Day 2, Tue 00:00 (+1 d)", timeout=20_000)

            # Play: time keeps advancing and the charts keep growing, then Pause
            page.evaluate("() => { window.cogovPlay = [window.cogovTimes.length, null]; }")
            page.get_by_role("button", name="Play").click()
            page.wait_for_function(
                f"() => +document.querySelector('svg.cogov-charts').dataset.days >= {PLAY_DAYS}",
                timeout=90_000 if DOCS else 60_000,
            )
            page.evaluate("() => { window.cogovPlay[1] = window.cogovTimes.length; }")
            page.get_by_role("button", name="Pause").click()
            # paused, as the server renders it: Play is back and Step can be pressed again
            expect(page.get_by_role("button", name="Play")).to_be_visible(timeout=60_000)
            expect(page.get_by_role("button", name="Step")).to_be_enabled(timeout=60_000)
            # A tick under way when Pause was pressed may still land; after it, time stands
            # still. "Still" is measured against this run's own pace: no change for three
            # times the longest gap between two ticks while playing (at least 2 s), so a
            # loaded machine waits longer instead of failing. If time keeps advancing, the
            # condition never holds and the wait fails.
            try:
                page.wait_for_function(_TIME_STANDS_STILL, timeout=120_000, polling=250)
            except PlaywrightTimeout:
                pytest.fail(f"time kept advancing after Pause: {page.evaluate(_TIMES)}")
            paused_at = float(the_map.get_attribute("data-time"))
            assert paused_at >= 24 * PLAY_DAYS
            # and paused means Step moves it by exactly one day, then it stands still again
            page.get_by_role("button", name="Step").click()
            expect(the_map).to_have_attribute("data-time", f"{paused_at + 24:g}", timeout=30_000)
            page.wait_for_function(_TIME_STANDS_STILL, timeout=120_000, polling=250)
            assert float(the_map.get_attribute("data-time")) == paused_at + 24

            days = int(charts.get_attribute("data-days"))
            assert days >= 10
            points = charts.locator("polyline.series").first.get_attribute("points")
            assert len(points.split()) == days  # open issues: one point per recorded day
            expect(feed.locator("li")).not_to_have_count(0)
            expect(page.locator("svg.cogov-departments g.department")).to_have_count(8)

            # participation and petitions: a point a day, titled panels, labelled day axes
            together = page.locator("svg.cogov-participation")
            expect(together).to_be_visible()
            assert int(together.get_attribute("data-days")) == days
            active = together.locator('polyline.series[data-label="active"]')
            assert len(active.get_attribute("points").split()) == days
            titles = together.locator("g.panel").evaluate_all("gs => gs.map(g => g.dataset.title)")
            assert titles == [
                "Active volunteers (count)",
                "Joined, left in the past 7 days (count)",
                "Groups, points, teams (count)",
                "Collective petitions: residents acting together (one dot each)",
            ]
            expect(together.locator("text.x-label")).to_have_count(4)
            _assert_volunteer_axis_reaches(page)
            expect(page.locator(".cogov-feed .feed-clock")).to_contain_text("volunteers active")

            # the map coloured by grievance, then trust: the legend says what the colour is
            page.get_by_role("button", name="grievance").click()
            expect(the_map).to_have_attribute("data-colour-by", "grievance", timeout=20_000)
            expect(the_map.locator("g.legend")).to_contain_text("mean grievance")
            expect(the_map.locator("text.petition-key")).to_contain_text("petition")
            page.get_by_role("button", name="trust").click()
            expect(the_map).to_have_attribute("data-colour-by", "trust", timeout=20_000)
            expect(the_map.locator("g.legend")).to_contain_text("mean trust")
            page.get_by_role("button", name="open issues").click()
            expect(the_map).to_have_attribute("data-colour-by", "open", timeout=20_000)

            shot = tmp_path / "app.png"
            page.screenshot(path=str(shot), full_page=True)
            assert shot.stat().st_size > 20_000
            if DOCS:
                docs = ROOT / "docs" / "img" / "app.png"
                docs.parent.mkdir(parents=True, exist_ok=True)
                page.screenshot(path=str(docs))

            # a page that asks for Chinese: declared so, and its lever tooltips in Chinese
            zh = browser.new_page(viewport={"width": 1600, "height": 1000})
            zh.goto(server + "?lang=zh")
            expect(zh.locator("svg.cogov-map")).to_be_visible(timeout=60_000)
            expect(zh.locator("html")).to_have_attribute("lang", "zh-CN", timeout=20_000)
            zh.get_by_text(re.compile(r"^Volunteers: [\d,]+$")).hover()
            expect(zh.get_by_text(LEVER_TIPS_ZH["volunteers"])).to_be_visible(timeout=20_000)
            # the new views' words in Chinese: the map's colour choice and the caption
            zh.get_by_role("button", name="grievance").hover()
            expect(zh.get_by_text(VIEW_TIPS_ZH["map_colour"])).to_be_visible(timeout=20_000)
            expect(zh.get_by_text(VIEW_TIPS_ZH["participation"])).to_be_visible()
        finally:
            browser.close()


#: record each change of the map's simulated time (data-time) with the browser's clock
_WATCH_TIME = """() => {
  window.cogovTimes = [];
  const read = () => {
    const el = document.querySelector("svg.cogov-map");
    const t = el ? el.getAttribute("data-time") : null;
    const seen = window.cogovTimes;
    if (t !== null && (!seen.length || seen[seen.length - 1][0] !== t)) {
      seen.push([t, performance.now()]);
    }
  };
  new MutationObserver(read).observe(document.body, {
    subtree: true, childList: true, attributes: true, attributeFilter: ["data-time"],
  });
  read();
}"""
#: true once simulated time has not changed for 3x the longest gap between two ticks while
#: playing (the changes recorded from Play to Pause), and for at least 2 s
_TIME_STANDS_STILL = """() => {
  const seen = window.cogovTimes, [from, to] = window.cogovPlay;
  let gap = 0;
  for (let i = from + 1; i < to; i++) gap = Math.max(gap, seen[i][1] - seen[i - 1][1]);
  return performance.now() - seen[seen.length - 1][1] > Math.max(2000, 3 * gap);
}"""
_TIMES = "() => window.cogovTimes.slice(-8)"


def _assert_volunteer_axis_reaches(page) -> None:
    """The active-volunteers axis tops at or above the count the feed reports now."""
    clock = page.locator(".cogov-feed .feed-clock").inner_text()
    active = int(re.search(r"([\d,]+) volunteers active", clock)[1].replace(",", ""))
    top = page.locator('svg.cogov-participation g.panel[data-title^="Active"]')
    assert float(top.get_attribute("data-y-top")) >= active > 0, (top, active)


def _accessible_names(page) -> list[str]:
    """Every visible button's accessible name (aria-label, else its text)."""
    return page.eval_on_selector_all(
        "button",
        "els => els.filter(e => e.offsetParent !== null)"
        ".map(e => (e.getAttribute('aria-label') || e.innerText || '').trim())",
    )


def test_the_app_is_readable_and_its_axes_reach_the_data(tmp_path: Path) -> None:
    """A short run (8 days at 5% scale) played to its end.

    Every button has a name in words, Mesa's raw controls are hidden, the escalations
    chart's axis reaches the feed's escalation count, and the end-of-run message appears.
    """
    from playwright.sync_api import expect, sync_playwright

    port = _free_port()
    log = (tmp_path / "serve.log").open("w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "cogov", "serve", "--port", str(port), "--scale", SCALE],
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        env={**os.environ, "COGOV_APP_DAYS": "8"},
    )
    url = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + START_SECONDS
        while True:
            try:
                urllib.request.urlopen(url, timeout=5).close()
                break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                if time.monotonic() > deadline or proc.poll() is not None:
                    pytest.fail(f"cogov serve did not start:\n{_read(tmp_path)}")
                time.sleep(0.3)
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                page = browser.new_page(viewport={"width": 1600, "height": 1000})
                page.goto(url)
                expect(page.locator("svg.cogov-map")).to_be_visible(timeout=60_000)
                page.wait_for_function(
                    "() => [...document.querySelectorAll('button')]"
                    ".some(b => b.getAttribute('aria-label') === 'Play')",
                    timeout=30_000,
                )
                names = _accessible_names(page)
                assert names and all(n and n not in ("▶", "❚❚") for n in names), names
                for raw in ("Play Interval (ms)", "Render Interval (steps)", "Use Threads"):
                    expect(page.get_by_text(raw, exact=True)).to_be_hidden()
                expect(page.get_by_text("Model Parameters", exact=True)).to_be_hidden()
                # the sidebar stays within the room Solara leaves for it: no view is covered
                drawer, room = page.evaluate(
                    "() => [document.querySelector('.v-navigation-drawer')"
                    ".getBoundingClientRect().width, parseFloat(getComputedStyle("
                    "document.querySelector('.v-main, main')).paddingLeft)]"
                )
                assert drawer <= room + 0.5, (drawer, room)
                page.get_by_role("button", name="1 week").click()
                page.get_by_role("button", name="Play").click()
                end = page.locator(".end-of-run")
                expect(end).to_be_visible(timeout=120_000)
                expect(end).to_contain_text("The run is over")
                feed = page.locator(".cogov-feed .feed-clock").inner_text()
                escalations = int(re.search(r"([\d,]+) escalations", feed)[1].replace(",", ""))
                panel = (
                    page.locator("svg.cogov-charts g.panel")
                    .filter(has=page.locator("text", has_text="escalations"))
                    .first
                )
                top = float(panel.get_attribute("data-y-top"))
                assert top >= escalations, (top, escalations)
                _assert_volunteer_axis_reaches(page)
                assert "Day 9, " in feed or "Day 8, " in feed
            finally:
                browser.close()
    finally:
        proc.terminate()
        proc.wait(timeout=15)
        log.close()
    assert "samesite" not in _read(tmp_path)  # no cookie warning on the first request
