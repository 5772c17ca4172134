"""A wheel built from the repository runs anywhere: `cogov run`, `batch` and `serve`.

The wheel is built (``pip wheel --no-deps``) and installed (``--no-deps``) into a fresh
virtual environment without system site packages. Its dependencies are not installed again
(that takes minutes on a loaded machine): one ``.pth`` line makes this environment's
site-packages visible after the fresh one's own (it holds no ``cogov`` package, the
development install being editable, so ``cogov`` resolves to the wheel's copy, which the
test checks); links to its ``etc/jupyter`` and ``share/jupyter``/``share/solara`` folders
give the app's widgets their front-end files; and ``pip check`` confirms that the wheel's
declared requirements are met. Every command runs from a temporary folder that holds a
user's own ``agents.py`` and ``sim.py``.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import sysconfig
import time
import urllib.request
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
TINY = """\
[experiment]
name = "tiny"
description = "Two scenarios, two replicates of three days at a fiftieth of the population"
scenarios = ["xinhua_2013", "siloed"]
reference = "xinhua_2013"
replicates = 2
days = 3
scale = 0.02
root_seed = 1

[design]
kind = "scenarios"
"""

pytestmark = [
    pytest.mark.wheel,
    pytest.mark.skipif(not (ROOT / "pyproject.toml").is_file(), reason="needs the repository"),
]


def run(cmd: list[str], cwd: Path, timeout: float = 120) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    done = subprocess.run(
        cmd, cwd=cwd, capture_output=True, text=True, timeout=timeout, check=False, env=env
    )
    assert done.returncode == 0, f"{cmd} failed:\n{done.stdout}\n{done.stderr}"
    return done


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    """(the wheel, the fresh environment's bin folder, a user's folder to run from)."""
    base = tmp_path_factory.mktemp("wheel")
    dist = base / "dist"
    run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(dist), str(ROOT)], base)
    (wheel,) = dist.glob("cogov-*.whl")
    env = base / "fresh"
    run([sys.executable, "-m", "venv", str(env)], base)
    bin_dir = env / "bin"
    run([str(bin_dir / "pip"), "install", "--no-deps", "-q", str(wheel)], base)
    fresh_site = run(
        [str(bin_dir / "python"), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
        base,
    ).stdout.strip()
    (Path(fresh_site) / "_dependencies.pth").write_text(sysconfig.get_path("purelib") + "\n")
    for data in ("etc/jupyter", "share/jupyter", "share/solara"):  # front-end data files
        if (Path(sys.prefix) / data).is_dir():
            (env / data).parent.mkdir(parents=True, exist_ok=True)
            (env / data).symlink_to(Path(sys.prefix) / data)
    user = base / "user"
    user.mkdir()
    (user / "agents.py").write_text('WHO = "the user\'s agents.py"\n')
    (user / "sim.py").write_text('WHO = "the user\'s sim.py"\n')
    return wheel, bin_dir, user


def test_the_wheel_installs_one_name_with_its_data(installed):
    wheel, _, _ = installed
    names = zipfile.ZipFile(wheel).namelist()
    assert {n.split("/")[0] for n in names if ".dist-info/" not in n} == {"cogov"}
    for folder, package in (("scenarios", "scenarios"), ("experiments", "experiments")):
        for path in (ROOT / folder).rglob("*.toml"):
            inside = f"cogov/{package}/{path.relative_to(ROOT / folder).as_posix()}"
            assert inside in names, f"{inside} is not in the wheel"


def test_cogov_comes_from_the_wheel_beside_a_users_agents_and_sim(installed):
    _, bin_dir, user = installed
    code = (
        "import agents, sim, cogov, cogov.sim.model, cogov.agents.bulk\n"
        "print(cogov.__file__); print(agents.WHO); print(sim.WHO)"
    )
    out = run([str(bin_dir / "python"), "-c", code], user).stdout.splitlines()
    assert Path(out[0]).is_relative_to(bin_dir.parent)
    assert out[1:] == ["the user's agents.py", "the user's sim.py"]
    run([str(bin_dir / "pip"), "check"], user)


def test_run_and_batch_work_from_any_folder(installed):
    _, bin_dir, user = installed
    cogov = str(bin_dir / "cogov")
    run([cogov, "run", "--days", "3", "--scale", "0.05", "--no-charts", "--out", "r"], user)
    assert (user / "r" / "summary.json").is_file() and (user / "r" / "daily.parquet").is_file()
    (user / "tiny.toml").write_text(TINY)
    run([cogov, "batch", "tiny.toml", "--out", "b", "--workers", "1"], user, timeout=180)
    assert any((user / "b").iterdir())
    code = (
        "from cogov.experiments.design import load_experiment\n"
        "e = load_experiment('policy_comparison'); print(e.name, len(e.runs))"
    )
    assert run([str(bin_dir / "python"), "-c", code], user).stdout.split() == [
        "policy_comparison",
        "180",
    ]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_serve_answers_on_the_loopback_address(installed):
    _, bin_dir, user = installed
    port = _free_port()
    server = subprocess.Popen(
        [str(bin_dir / "cogov"), "serve", "--port", str(port), "--scale", "0.02"],
        cwd=user,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    status, deadline = None, time.monotonic() + 90
    try:
        while status is None and time.monotonic() < deadline:
            assert server.poll() is None, server.stderr.read().decode() if server.stderr else ""
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as reply:
                    status = reply.status
            except OSError:
                time.sleep(0.5)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
    assert status == 200
