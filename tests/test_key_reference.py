"""The scenario key reference in docs/SCENARIOS.md states the loader's real bounds and defaults.

The reference tables ("Key reference": key, type, allowed, default, meaning) are written by
hand for users; the bounds the loader enforces and the defaults a file that omits a key gets
live in ``sim/params.py``. A bound narrowed or widened, or a default changed, in one place and
not the other tells users something false (a count of 100,000 refused although the reference
allows it; a scenario that omits ``demand.weekly_profile`` getting no arrivals at all). The
mutation run found such changes survived every other test (docs/TESTING.md).
"""

from __future__ import annotations

import dataclasses
import re
import tomllib
from pathlib import Path

import pytest

from cogov.sim import params
from cogov.sim.loader import load_scenario

REFERENCE = Path(__file__).resolve().parents[1] / "docs" / "SCENARIOS.md"
#: a section heading naming its dataclass, or the line introducing WorkTimeParams' table
SECTION = re.compile(r"^(?:### .*\(`(\w+)`\)|`(WorkTimeParams)` \(the inline tables)")
NUMBER = r"[-−]?[\d,]+(?:\.\d+)?(?:⁻⁶|⁶³−1)?"
#: "0–1,000", "each 0–1,000", "keys ...; values 0–1", "−50–50", "10⁻⁶–1", "0–2⁶³−1"
RANGE = re.compile(rf"(?:^|[ ;])({NUMBER})–({NUMBER})$")
REPEAT = re.compile(r"^(\d+) × `([^`]+)`")
SLASHED = re.compile(r"^[\d.]+(?: / [\d.]+)+$")


def _number(text: str) -> float:
    text = text.replace(",", "").replace("−", "-")
    if text == "2⁶³-1":
        return 2**63 - 1  # an int: as a float it would equal 2**63 too
    return 1e-6 if text == "10⁻⁶" else float(text)


def _rows() -> list[tuple[type, str, str, str]]:
    """(dataclass, key, allowed, default) of every row of the reference's tables."""
    rows = []
    cls = None
    for line in REFERENCE.read_text(encoding="utf-8").splitlines():
        if line.startswith("## ") and cls is not None and "Key reference" not in line:
            cls = None  # the reference ends at the next top-level section
        if m := SECTION.match(line):
            cls = getattr(params, m.group(1) or m.group(2), None)
            continue
        if cls is None or not line.startswith("| `"):
            continue
        cells = [c.strip() for c in line.strip("|").split("|")]
        if cls is params.Scenario and cells[0] == "`base`":
            continue  # read by the loader only, not a field
        rows.append((cls, cells[0].strip("`"), cells[2], cells[3]))
    return rows


ROWS = _rows()


def _field(cls: type, key: str) -> dataclasses.Field:
    by_name = {f.name: f for f in dataclasses.fields(cls)}
    assert key in by_name, f"{cls.__name__} has no field {key!r} although the reference names it"
    return by_name[key]


def _default(f: dataclasses.Field) -> object:
    if f.default_factory is not dataclasses.MISSING:
        return f.default_factory()
    return f.default


def _documented(text: str) -> object:
    """The reference's default as a value, or None where it is prose ("none", "must be set")."""
    text = text.strip().replace("−", "-")
    if SLASHED.match(text):  # a table's values in its keys' order: "1.5 / 1.5 / 1.0 / 0.6"
        return [float(v) for v in text.split(" / ")]
    if m := REPEAT.match(text):
        return (tomllib.loads(f"v = {m.group(2)}")["v"],) * int(m.group(1))
    if "(" in text:
        return None
    try:
        return tomllib.loads(f"v = {text.strip('`')}")["v"]
    except tomllib.TOMLDecodeError:
        return None


def test_the_reference_covers_every_bounded_field():
    documented = {(cls, key) for cls, key, _, _ in ROWS}
    bounded = [
        (cls, f.name)
        for cls in {cls for cls, _, _, _ in ROWS}
        for f in dataclasses.fields(cls)
        if f.metadata.get("min") is not None or f.metadata.get("max") is not None
    ]
    missing = [f"{cls.__name__}.{name}" for cls, name in bounded if (cls, name) not in documented]
    assert not missing, f"fields with bounds that the key reference does not list: {missing}"
    assert len(bounded) > 90  # the parse found the tables


def test_every_documented_range_is_the_one_enforced():
    checked = 0
    for cls, key, allowed, _ in ROWS:
        m = RANGE.match(allowed)
        if not m:
            continue
        meta = _field(cls, key).metadata
        lo, hi = _number(m.group(1)), _number(m.group(2))
        assert (meta.get("min"), meta.get("max")) == (lo, hi), (
            f"{cls.__name__}.{key}: the reference allows {allowed}, the code "
            f"{meta.get('min')}–{meta.get('max')}"
        )
        checked += 1
    assert checked > 85  # the parse found the tables


def test_every_documented_default_is_the_dataclass_default():
    checked = 0
    for cls, key, _, text in ROWS:
        value = _documented(text)
        if value is None:
            continue
        actual = _default(_field(cls, key))
        if dataclasses.is_dataclass(actual):
            actual = dataclasses.asdict(actual)
        if isinstance(actual, dict) and isinstance(value, list):
            actual = list(actual.values())
        if isinstance(actual, tuple):
            value = tuple(value) if isinstance(value, list) else value
        assert actual == value, f"{cls.__name__}.{key}: the reference says {text}, code {actual!r}"
        assert type(actual) is not float or type(value) in (int, float)
        checked += 1
    assert checked > 110  # the parse found the tables


@pytest.mark.parametrize(
    ("key", "allowed_top"),
    [("community.neighbour_points", 100_000), ("persistence.rereport_hours", 100_000.0)],
)
def test_the_loader_accepts_the_documented_top_and_refuses_above(key, allowed_top):
    # the loader reads the same bounds the reference states: the top is allowed, above it not
    assert load_scenario("xinhua_2013", {key: allowed_top}) is not None
    with pytest.raises(Exception, match=re.escape(key.split(".")[-1])):
        load_scenario("xinhua_2013", {key: allowed_top + 1})
