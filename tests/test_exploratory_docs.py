"""docs/EXPLORATORY.md shows the uncertainty table as the module states it."""

from pathlib import Path

from cogov.experiments.uncertainties import UNCERTAINTIES

DOC = Path(__file__).resolve().parent.parent / "docs" / "EXPLORATORY.md"
_READS = {
    ("cogovernance", "one_window", "siloed"): "all",
    ("cogovernance", "one_window"): "one window, co-governance",
    ("cogovernance",): "co-governance",
    ("siloed",): "siloed",
}


def test_doc_table_matches_the_module() -> None:
    rows = {}
    for line in DOC.read_text("utf-8").splitlines():
        if line.startswith("| `"):
            cells = [c.strip() for c in line.strip("|").split("|")]
            rows[cells[0].strip("`")] = cells
    assert set(rows) == {u.name for u in UNCERTAINTIES}
    for u in UNCERTAINTIES:
        _, low, high, reads, source = rows[u.name]
        assert (float(low), float(high)) == (u.low, u.high), u.name
        assert reads == _READS[u.reads], u.name
        # explored bounds are assumed, or a calibrated parameter's posterior interval
        assert source.startswith(("assumption", "calibrated")), u.name


def test_every_bound_lies_in_the_parameter_range_and_holds_the_default() -> None:
    from cogov.sim.loader import load_scenario

    base = load_scenario("xinhua_2013")
    for u in UNCERTAINTIES:
        assert u.low < u.high
        section, key = u.name.split(".")
        default = getattr(getattr(base, section), key)
        assert u.low <= default <= u.high, u.name
        load_scenario("xinhua_2013", {u.name: type(default)(u.low)})  # valid at both ends
        load_scenario("xinhua_2013", {u.name: type(default)(u.high)})
