"""The command line's help, ``--version``, ``cogov experiments`` and the summarize table."""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from cogov.batch import format_summary_table
from cogov.cli import EXAMPLES, build_parser, main
from cogov.experiments.analysis.estimates import summarize
from cogov.experiments.design import builtin_experiments


def _subcommands() -> dict[str, argparse.ArgumentParser]:
    parser = build_parser()
    action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return dict(action.choices)


@pytest.mark.parametrize("name", sorted(_subcommands()))
def test_every_subcommand_has_an_example_and_no_doubled_percent(name: str, capsys) -> None:
    with pytest.raises(SystemExit) as exit_:
        main([name, "--help"])
    assert exit_.value.code == 0
    text = capsys.readouterr().out
    assert "%%" not in text
    assert "example" in text and f"cogov {name}" in text.split("example", 1)[1]


def test_every_subcommand_is_listed_in_the_examples() -> None:
    assert set(_subcommands()) <= set(EXAMPLES)


def test_version_prints_the_installed_version(capsys) -> None:
    from importlib.metadata import version

    with pytest.raises(SystemExit) as exit_:
        main(["--version"])
    assert exit_.value.code == 0
    assert capsys.readouterr().out.strip() == f"cogov {version('cogov')}"


def test_experiments_lists_every_built_in_experiment(capsys) -> None:
    assert main(["experiments"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split()[0] for line in lines] == list(builtin_experiments())
    policy = next(line for line in lines if line.startswith("policy_comparison"))
    assert "(180 runs)" in policy  # 6 scenarios x 30 replicates


def test_the_summarize_table_has_headers_labels_and_percent() -> None:
    seeds = list(range(5))
    rng = np.random.default_rng(1)
    base = 0.9 + rng.normal(0, 0.01, 5)
    runs = pd.DataFrame(
        {
            "scenario": ["xinhua_2013"] * 5 + ["siloed"] * 5,
            "point": [0] * 5 + [1] * 5,
            "seed": seeds * 2,
            "on_time_rate": np.concatenate([base, base - 0.07]),
        }
    )
    table = summarize(runs, ["on_time_rate"], "xinhua_2013")
    text = format_summary_table(table, ["on_time_rate"], "xinhua_2013")
    lines = text.splitlines()
    assert lines[0].split()[:3] == ["Outcome", "(unit)", "Scenario"]
    assert set(lines[1]) <= {"-", " "}
    assert (
        lines[2].startswith("Closed on time (%)")
        and "Co-governance as in 2013 (reference)" in lines[2]
    )
    siloed = lines[3]
    assert siloed.strip().startswith("Separate departments")
    mean = 100 * table.set_index("scenario").loc["siloed", "mean"]
    assert f"{mean:.1f}" in siloed and "−7.0" in siloed  # percent, and points of difference
    assert "Rates in percent" in text


def test_summarize_prints_the_table(tmp_path: Path, capsys) -> None:
    from cogov.experiments.files import write_bytes_atomic

    runs = pd.DataFrame(
        {
            "key": [f"k{i}" for i in range(4)],
            "scenario": ["xinhua_2013", "xinhua_2013", "one_window", "one_window"],
            "point": [0, 0, 1, 1],
            "replicate": [0, 1, 0, 1],
            "seed": [1, 2, 1, 2],
            "status": "ok",
            "on_time_rate": [0.9, 0.92, 0.91, 0.95],
        }
    )
    runs.to_parquet(tmp_path / "runs.parquet")
    write_bytes_atomic(tmp_path / "manifest.json", b'{"reference": "xinhua_2013"}')
    assert main(["summarize", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "Closed on time (%)" in out and "One window only" in out and "Vs reference" in out
