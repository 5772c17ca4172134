"""Regenerate the README's screenshots: the brief's first screen and the app (twice).

Usage (from the repository root, after ``make run`` has written the brief)::

    .venv/bin/python scripts/screenshots.py                       # both pictures
    .venv/bin/python scripts/screenshots.py --brief results/policy_comparison/report.html
    .venv/bin/python scripts/screenshots.py --only app --days 120

The brief is opened in headless Debian chromium (driven by Playwright) at 1200 x 900 and
its first screen saved as ``docs/img/brief.png``. For the app, ``cogov serve`` is started
on a free loopback port with a run of ``--days`` simulated days, played to its end and
saved as ``docs/img/app.png`` (with the end-of-run message). A second run, the Metro Line
11 works with the residents' councils turned off and the map coloured by grievance, shows
collective petitions on the map, in the participation view and in the feed:
``docs/img/app_petitions.png``. Nothing is downloaded: chromium must be installed
(``apt-get install chromium``).
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def _chromium() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path is None:
        sys.exit("screenshots: chromium is not installed; apt-get install chromium")
    return path


def brief(html: Path, out: Path, width: int = 1200, height: int = 900) -> Path:
    """Save the first screen of the brief ``html`` as ``out``."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=_chromium(), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": width, "height": height})
            page.goto(html.resolve().as_uri())
            out.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(out))
        finally:
            browser.close()
    return out


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def app(
    out: Path,
    days: int = 120,
    scale: str = "0.2",
    scenario: str = "xinhua_2013",
    councils: bool = True,
    colour: str | None = None,
) -> Path:
    """Play a run of ``days`` simulated days to its end and save the page as ``out``.

    Args:
        out: the picture's path.
        days: simulated days played.
        scale: population scale.
        scenario: the scenario the app starts from.
        councils: if false, the residents' councils lever is turned off and Reset pressed
            before playing; the new model runs the scenario's own days, so Play is paused
            once ``days`` have passed (a tick or two may land after).
        colour: the map's colour choice to click before playing ("grievance", ...), if any.
    """
    from playwright.sync_api import sync_playwright

    port = _free_port()
    proc = subprocess.Popen(
        [
            *(sys.executable, "-m", "cogov", "serve", "--port", str(port)),
            *("--scale", scale, "--scenario", scenario),
        ],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        stdin=subprocess.DEVNULL,
        env={**os.environ, "COGOV_APP_DAYS": str(days)},
    )
    url = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                urllib.request.urlopen(url, timeout=5).close()
                break
            except OSError:
                if time.monotonic() > deadline or proc.poll() is not None:
                    sys.exit("screenshots: cogov serve did not start")
                time.sleep(0.5)
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=_chromium(), args=CHROMIUM_ARGS)
            try:
                page = browser.new_page(viewport={"width": 1600, "height": 1000})
                page.goto(url)
                page.locator("svg.cogov-map").wait_for(timeout=90_000)
                if not councils:
                    page.get_by_text("Residents' councils discuss disputed issues first").click()
                    page.locator(".lever-pending").wait_for(timeout=30_000)
                    page.get_by_role("button", name="Reset").click()
                    page.locator(".lever-ok").wait_for(timeout=60_000)
                if colour:
                    page.get_by_role("button", name=colour, exact=True).click()
                page.get_by_role("button", name="Play").click(timeout=90_000)
                if councils:
                    # the run is made to end at ``days`` (COGOV_APP_DAYS): no Pause to race
                    page.locator(".end-of-run").wait_for(timeout=900_000)
                else:
                    # Reset built a model with the scenario's own horizon: pause at ``days``
                    page.wait_for_function(
                        "() => +document.querySelector('svg.cogov-map').dataset.time"
                        f" >= {24 * days}",
                        timeout=900_000,
                    )
                    page.get_by_role("button", name="Pause").click()
                time.sleep(1.0)
                out.parent.mkdir(parents=True, exist_ok=True)
                page.screenshot(path=str(out), full_page=True)
            finally:
                browser.close()
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    return out


def main() -> None:
    """Parse the arguments and write the pictures."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--brief",
        type=Path,
        default=ROOT / "results" / "policy_comparison" / "report.html",
        help="the brief to photograph (default: results/policy_comparison/report.html)",
    )
    parser.add_argument("--only", choices=("brief", "app"), help="one picture only")
    parser.add_argument("--days", type=int, default=120, help="days the app plays (default 120)")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "img", help="folder")
    args = parser.parse_args()
    if args.only in (None, "brief"):
        if not args.brief.exists():
            sys.exit(f"screenshots: {args.brief}: not found; run `make run` first")
        print(brief(args.brief, args.out / "brief.png"))
    if args.only in (None, "app"):
        print(app(args.out / "app.png", args.days))
        print(
            app(
                args.out / "app_petitions.png",
                args.days,
                scenario="metro_line_11",
                councils=False,
                colour="grievance",
            )
        )


if __name__ == "__main__":
    main()
