"""`make test` on a fresh machine: the system packages are installed, or the tests say why not.

The packages cannot be removed from this machine (others need them), so the install logic is
driven through the script's test hooks: ``COGOV_ASSUME_MISSING`` (pretend a package is
missing), ``COGOV_APT`` (print apt's commands instead of running them), ``COGOV_NO_INSTALL``
(pretend nothing may be installed).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / ".ci" / "system-packages"


def script(**env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(SCRIPT)], capture_output=True, text=True, timeout=120, env={**os.environ, **env}
    )


def test_missing_packages_are_installed_through_apt():
    done = script(COGOV_ASSUME_MISSING="chromium fonts-noto-cjk", COGOV_APT="echo apt-get")
    assert done.returncode == 0, done.stderr
    assert "apt-get update -qq" in done.stderr
    assert "apt-get install -y -qq chromium fonts-noto-cjk" in done.stderr
    assert done.stdout.strip() == ""  # nothing left missing: no test will skip


def test_only_the_missing_package_is_installed():
    done = script(COGOV_ASSUME_MISSING="fonts-noto-cjk", COGOV_APT="echo apt-get")
    assert "apt-get install -y -qq fonts-noto-cjk" in done.stderr
    assert "chromium" not in done.stderr


def test_where_nothing_can_be_installed_it_says_so_loudly():
    done = script(COGOV_ASSUME_MISSING="chromium fonts-noto-cjk", COGOV_NO_INSTALL="1")
    assert done.returncode == 0
    assert done.stdout.split() == ["chromium", "fonts-noto-cjk"]
    assert "MISSING chromium fonts-noto-cjk" in done.stderr
    assert "sudo apt-get install -y chromium fonts-noto-cjk" in done.stderr


def test_a_failing_apt_is_reported_not_fatal():
    done = script(COGOV_ASSUME_MISSING="fonts-noto-cjk", COGOV_APT="false")
    assert done.returncode == 0 and done.stdout.split() == ["fonts-noto-cjk"]
    assert "will SKIP" in done.stderr


def test_nothing_missing_means_nothing_to_do():
    done = script()
    present = subprocess.run(["dpkg", "-s", "fonts-noto-cjk"], capture_output=True).returncode == 0
    if present and done.stdout.strip() == "":
        assert done.stderr == ""


def test_make_test_runs_the_script_and_passes_its_answer_to_pytest():
    dry = subprocess.run(
        ["make", "-n", "test"], cwd=ROOT, capture_output=True, text=True, timeout=60
    ).stdout
    assert 'COGOV_MISSING="$(.ci/system-packages)"' in dry and "pytest" in dry


def test_a_font_failure_skips_only_when_make_test_could_not_install_the_font():
    case = str(ROOT / "tests" / "font_missing_case.py")
    base = [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-rs", case]
    env = {k: v for k, v in os.environ.items() if k != "COGOV_MISSING"}
    skipped = subprocess.run(
        base,
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
        env={**env, "COGOV_MISSING": "fonts-noto-cjk"},
    )
    assert skipped.returncode == 0 and "1 skipped" in skipped.stdout, skipped.stdout
    assert "fonts-noto-cjk is not installed" in skipped.stdout
    failed = subprocess.run(base, capture_output=True, text=True, cwd=ROOT, timeout=120, env=env)
    assert failed.returncode == 1 and "1 failed" in failed.stdout
