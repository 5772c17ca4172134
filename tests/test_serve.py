"""``cogov serve``: closed sessions freed, sessions capped, exposure warned of, clean Ctrl-C.

The session test opens the page in Debian's headless chromium, closes it, and watches
Solara's ``/resourcez`` until the server holds no session (kernel) any more.
"""

from __future__ import annotations

import json
import signal
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

from cogov.cli import main

ROOT = Path(__file__).resolve().parent.parent
IDLE = ("--idle-minutes", "0.1")


@pytest.fixture
def no_server(monkeypatch) -> list:
    """Replace Solara's server with a recorder of its arguments."""
    from solara.__main__ import run

    calls: list = []
    monkeypatch.setattr(run, "main", lambda args, **kw: calls.append(args))
    return calls


def test_sessions_are_culled_after_idle_minutes_and_capped(no_server, capsys):
    import solara.server.settings as solara_settings

    assert main(["serve", "--scale", "0.05"]) == 0
    assert solara_settings.kernel.cull_timeout == "180s"  # Solara's own default is 24 h
    assert solara_settings.kernel.max_count == 8
    assert main(["serve", "--scale", "0.05", "--idle-minutes", "1", "--max-sessions", "3"]) == 0
    assert solara_settings.kernel.cull_timeout == "60s" and solara_settings.kernel.max_count == 3
    assert "warning" not in capsys.readouterr().err


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.5", "::", "example.org"])
def test_binding_beyond_loopback_is_warned_of(no_server, capsys, host):
    assert main(["serve", "--scale", "0.05", "--host", host]) == 0
    err = capsys.readouterr().err
    assert f"warning: listening on {host}: anyone who can reach this machine" in err


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "::1", "127.0.0.2"])
def test_loopback_is_not_warned_of(no_server, capsys, host):
    assert main(["serve", "--scale", "0.05", "--host", host]) == 0
    assert "warning" not in capsys.readouterr().err


@pytest.mark.parametrize(
    ("flag", "value"), [("--idle-minutes", "0"), ("--idle-minutes", "x"), ("--max-sessions", "0")]
)
def test_bad_session_limits_are_refused(no_server, capsys, flag, value):
    with pytest.raises(SystemExit) as info:
        main(["serve", flag, value])
    assert info.value.code == 2 and flag in capsys.readouterr().err


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> bytes | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read()
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


@pytest.fixture
def served(tmp_path) -> Iterator[tuple[str, subprocess.Popen]]:
    port = _free_port()
    log = (tmp_path / "serve.log").open("w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "cogov", "serve", "--port", str(port), "--scale", "0.05", *IDLE],
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 90
        while _get(url) is None:
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail("cogov serve did not start:\n" + (tmp_path / "serve.log").read_text())
            time.sleep(0.3)
        yield url, proc
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait(timeout=30)
        log.close()


def _kernels(url: str) -> int:
    body = _get(url + "resourcez")
    assert body is not None
    return int(json.loads(body)["kernels"]["total"])


def test_ctrl_c_stops_the_server_without_a_traceback(served, tmp_path):
    _, proc = served
    proc.send_signal(signal.SIGINT)
    proc.wait(timeout=60)
    log = (tmp_path / "serve.log").read_text()
    assert "Traceback" not in log, log
    assert proc.returncode in (0, 130) and "cogov serve: stopped" in log


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (apt-get install chromium)")
def test_a_closed_page_is_freed_within_the_idle_time(served):
    from playwright.sync_api import expect, sync_playwright

    url, _ = served
    assert _kernels(url) == 0
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            page.goto(url)
            expect(page.locator("svg.cogov-map")).to_be_visible(timeout=60_000)
            assert _kernels(url) == 1  # the page's session holds its model
            page.close()
        finally:
            browser.close()
    deadline = time.monotonic() + 60  # idle time 6 s; the bound only guards against a hang
    while _kernels(url) and time.monotonic() < deadline:
        time.sleep(0.5)
    assert _kernels(url) == 0, "the closed page's session was not freed"
