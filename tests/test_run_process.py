"""What ``cogov run`` does to its process: what it imports, and the garbage collector.

The speed of ``cogov run`` is measured in benchmarks/README.md; these tests keep the two
things that bought it from silently coming undone, without timing anything.
"""

from __future__ import annotations

import gc
import json
import subprocess
import sys
from pathlib import Path

from cogov.cli import main
from cogov.experiments import runner

SMALL = ["--scale", "0.05", "--days", "5", "--seed", "3", "--quiet"]

_PROBE = """
import json, sys
from cogov.cli import main
status = main(sys.argv[1:])
print(json.dumps({"status": status, "modules": sorted(sys.modules)}))
"""


def test_run_with_charts_imports_neither_scipy_stats_nor_the_app(tmp_path: Path) -> None:
    out = tmp_path / "run"
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, "run", *SMALL, "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    seen = json.loads(done.stdout.splitlines()[-1])
    assert seen["status"] == 0
    assert (out / "map.png").exists() and (out / "time_courses.png").exists()
    modules = set(seen["modules"])
    assert "matplotlib" in modules  # the probe sees what was imported: the charts were drawn
    for heavy in ("scipy.stats", "solara", "cogov.viz", "matplotlib.pyplot"):
        assert heavy not in modules, heavy


def test_run_pauses_the_collector_for_the_charts_and_restores_it(tmp_path, monkeypatch):
    from cogov.experiments.charts import run as charts

    seen = []
    draw = charts.write_run_charts

    def spy(*args, **kwargs):
        seen.append(gc.isenabled())
        return draw(*args, **kwargs)

    monkeypatch.setattr(charts, "write_run_charts", spy)
    monkeypatch.setattr(runner, "_OWN_PROCESS", False)  # as main() finds a fresh process
    assert gc.isenabled()
    assert main(["run", *SMALL, "--out", str(tmp_path / "run")]) == 0
    assert seen == [False]  # paused while the charts were drawn
    assert gc.isenabled()  # and given back
    gc.disable()
    try:
        assert main(["run", *SMALL, "--no-charts", "--out", str(tmp_path / "off")]) == 0
        assert not gc.isenabled()  # a collector the caller had switched off stays off
    finally:
        gc.enable()
