"""How long the interactive app takes to advance one simulated day and redraw, at full scale.

What a tick of Play costs the server, measured in this process over many simulated days:

- step: ``model.step()`` of the app's model (one tick = one day, 24 model hours);
- draw: the five views' content — map, charts, participation, department bars and feed (SVG and HTML
  strings from counters);
- re-render: Solara re-rendering the five views after SolaraViz's ``force_update`` (what
  the server does each tick, drawing included; sending the widgets to the browser is not);
- tick: step + re-render; a year at one day per tick then takes
  365 × (tick + Play Interval), which the last line prints.

``--browser`` also serves the app (``cogov serve``) on a free loopback port, opens it in
headless chromium, presses Play and prints the simulated days per wall-clock second that
the browser actually shows. Nothing is asserted.

Usage::

    .venv/bin/python benchmarks/bench_app.py                # full scale, 90 days timed
    .venv/bin/python benchmarks/bench_app.py --scale 0.1 --days 30
    .venv/bin/python benchmarks/bench_app.py --browser      # plus the end-to-end figure
"""

from __future__ import annotations

import argparse
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

from _common import footer, header, median, table

ROOT = Path(__file__).resolve().parent.parent
WARM_UP_DAYS = 30


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]


def measure_in_process(scale: float, days: int) -> None:
    """Time building, stepping, drawing and re-rendering; print a table."""
    import solara
    from mesa.visualization.utils import force_update

    from cogov.viz.appmodel import AppModel
    from cogov.viz.drawing import departments_svg, outcomes_svg
    from cogov.viz.history import history_for
    from cogov.viz.neighbourhood_map import map_svg
    from cogov.viz.page import PLAY_INTERVAL_MS, Views
    from cogov.viz.settings import build_scenario, settings_from_scenario
    from cogov.viz.together import participation_svg
    from cogov.viz.views import _feed_html

    t = time.perf_counter()
    scenario = build_scenario(settings_from_scenario("xinhua_2013", scale=scale))
    model = AppModel(scenario, 24)
    build = time.perf_counter() - t
    print(f"model: xinhua_2013 at scale {scale:g} ({model.metrics.residents:,} residents)")
    print(f"build: {build:.2f} s (once per page load and per Reset)\n")

    _, rc = solara.render(Views(model), handle_error=False)
    for _ in range(WARM_UP_DAYS):
        model.step()
        force_update()

    steps, draws, renders = [], [], []
    history = history_for(model)
    for _ in range(days):
        t = time.perf_counter()
        model.step()
        steps.append(time.perf_counter() - t)
        t = time.perf_counter()
        map_svg(model)
        outcomes_svg(model)
        participation_svg(model)
        departments_svg(history.loads(model))
        _feed_html(model)
        draws.append(time.perf_counter() - t)
        t = time.perf_counter()
        force_update()
        renders.append(time.perf_counter() - t)
    rc.close()
    ticks = [s + r for s, r in zip(steps, renders, strict=True)]
    rows = [
        (name, 1000 * median(v), 1000 * _p95(v), 1000 * max(v))
        for name, v in (
            ("step (one day)", steps),
            ("draw (5 views)", draws),
            ("re-render (5 views)", renders),
            ("tick = step + re-render", ticks),
        )
    ]
    print(f"{days} simulated days after {WARM_UP_DAYS} of warm-up; milliseconds:\n")
    print(table(("", "median", "p95", "max"), rows))
    tick = median(ticks)
    year = 365 * (tick + PLAY_INTERVAL_MS / 1000)
    print(
        f"\nadvance one simulated day and redraw: {1000 * tick:.0f} ms (median); "
        f"a year at one day per tick with the default {PLAY_INTERVAL_MS} ms Play Interval: "
        f"~{year:.0f} s plus the browser's share"
    )


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def measure_in_browser(scale: float, seconds: float) -> None:
    """Serve the app, press Play in headless chromium and count the days shown."""
    import urllib.request

    from playwright.sync_api import sync_playwright

    chromium = shutil.which("chromium")
    if chromium is None:
        print("\nbrowser: skipped, chromium is not installed (apt-get install chromium)")
        return
    port = _free_port()
    command = [sys.executable, "-m", "cogov", "serve", "--port", str(port), "--scale", f"{scale}"]
    proc = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                with urllib.request.urlopen(url, timeout=5):
                    break
            except OSError:
                if time.monotonic() > deadline or proc.poll() is not None:
                    print("\nbrowser: the server did not start")
                    return
                time.sleep(0.3)
        with sync_playwright() as pw:
            browser = pw.chromium.launch(
                executable_path=chromium,
                args=["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"],
            )
            page = browser.new_page(viewport={"width": 1600, "height": 1000})
            page.goto(url)
            the_map = page.locator("svg.cogov-map")
            the_map.wait_for(timeout=90_000)
            page.get_by_role("button", name="▶").click()
            t0 = time.perf_counter()
            page.wait_for_timeout(seconds * 1000)
            hours = float(the_map.get_attribute("data-time"))
            elapsed = time.perf_counter() - t0
            page.get_by_role("button", name="❚❚").click()
            browser.close()
        days = hours / 24
        print(
            f"\nbrowser (cogov serve + headless chromium, Play for {elapsed:.0f} s): "
            f"{days:.0f} days shown, {days / elapsed:.1f} days/s, "
            f"a year in ~{365 / (days / elapsed):.0f} s"
        )
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def main() -> None:
    """Parse arguments and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=1.0, help="population scale (default 1)")
    parser.add_argument("--days", type=int, default=90, help="simulated days timed (default 90)")
    parser.add_argument("--browser", action="store_true", help="also time Play in chromium")
    parser.add_argument("--seconds", type=float, default=15.0, help="Play time with --browser")
    args = parser.parse_args()
    started = time.perf_counter()
    header("cogov app: one simulated day and a redraw", " ".join(["bench_app.py", *sys.argv[1:]]))
    measure_in_process(args.scale, args.days)
    if args.browser:
        measure_in_browser(args.scale, args.seconds)
    footer(started)


if __name__ == "__main__":
    main()
