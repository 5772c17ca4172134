"""Mesa's private internals are reached only through ``cogov.sim.mesa_adapter``, and exist."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import mesa
import pytest
from mesa.time.events import EventList

from cogov.sim import mesa_adapter
from cogov.sim.mesa_adapter import missing_internals

ROOT = Path(__file__).resolve().parent.parent
ADAPTER = ROOT / "sim" / "mesa_adapter.py"

#: Mesa's private attributes (and internal public-looking ones) the speed-ups touch, and a
#: few more of Mesa's internals a shortcut would reach for
PRIVATE = (
    "_event_list",
    "_events",
    "_default_schedule",
    "_advance_time",
    "_canceled",
    "_ids",
    "_all_agents",
    "_agents_by_type",
    "_agents",
    "_mesa_cell",
    "_batch_context",
    "_datasets",
    "_HardKeyAgentSet",
    "_user_step",
    "_wrapped_step",
    "_do_step",
    "_event_generators",
    "_simulator",
    "_scenario",
    "_collection_steps",
    "_agent_records",
    "_agenttype_records",
    "private_name",
    "subscribers",
)
#: an attribute access (``model._event_list``) or a name in quotes (``getattr(m, "_events")``)
PATTERN = re.compile(r"(?:\.|[\"'])(?:" + "|".join(re.escape(n) for n in PRIVATE) + r")\b")


def test_every_mesa_internal_cogov_uses_is_where_it_was():
    missing = missing_internals()
    assert not missing, (
        f"Mesa {mesa.__version__} moved internals that cogov.sim.mesa_adapter uses: "
        + "; ".join(missing)
        + ". Adapt sim/mesa_adapter.py or install the Mesa pyproject.toml asks for."
    )


def test_the_check_names_an_internal_that_moved(monkeypatch):
    monkeypatch.delattr(mesa.Model, "_advance_time")
    monkeypatch.setattr(EventList, "compact", lambda self: None)  # still there: not reported
    monkeypatch.setattr(mesa_adapter, "_HARD_KEY_SET", list)
    missing = missing_internals()
    assert len(missing) == 2
    assert missing[0].startswith("mesa.Model._advance_time") and "AttributeError" in missing[0]
    assert missing[1] == "mesa.agentset._HardKeyAgentSet"


def code_files() -> list[Path]:
    folders = ("sim", "agents", "experiments", "viz", "cogov", "benchmarks", "tests")
    files = [p for f in folders for p in (ROOT / f).rglob("*.py")]
    files.append(ROOT / "app.py")
    return [p for p in files if p not in (ADAPTER, Path(__file__).resolve())]


def test_no_code_outside_the_adapter_names_a_mesa_internal():
    found = []
    for path in code_files():
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if PATTERN.search(line):
                found.append(f"{path.relative_to(ROOT)}:{n}: {line.strip()}")
    assert not found, "Mesa internals outside sim/mesa_adapter.py:\n" + "\n".join(found)


def test_the_grep_finds_what_it_looks_for():
    text = ADAPTER.read_text(encoding="utf-8")
    for name in ("_event_list", "_default_schedule", "_all_agents", "_mesa_cell", "_canceled"):
        assert re.search(rf"\b{name}\b", text) and PATTERN.search(f"model.{name}")


def test_mesa_is_pinned_to_the_series_the_adapter_is_tested_on():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    pins = [d for d in project["dependencies"] if d.startswith("mesa")]
    assert pins and all(d.endswith(">=3.5.1,<3.6") for d in pins), pins
    major, minor, patch = (int(x) for x in mesa.__version__.split(".")[:3])
    assert (major, minor) == (3, 5) and patch >= 1


@pytest.mark.parametrize("switch", ["LEAN_ADVANCE", "BULK_AGENTS"])
def test_the_speed_ups_are_on_by_default(switch):
    assert getattr(mesa_adapter, switch) is True
