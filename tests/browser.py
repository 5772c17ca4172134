"""Debian's chromium for the browser tests: where it is and how to start it headless here."""

import shutil

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
#: flags for a headless chromium on a machine with no network but loopback (see the env notes)
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
