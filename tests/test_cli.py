"""The ``cogov`` command, in-process (``cogov.cli.main``) and as a separate process."""

from __future__ import annotations

import argparse
import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest

from cogov.cli import build_parser, main
from cogov.sim.loader import SCENARIO_DIR

SUMMARY_KEYS = {
    "scenario",
    "seed",
    "days",
    "residents",
    "issues_arisen",
    "issues_reported",
    "issues_closed",
    "issues_closed_on_time",
    "issues_solved",
    "on_time_rate",
    "solved_rate",
    "satisfaction_mean",
    "mean_hours_to_close",
    "median_hours_to_close",
    "p90_hours_to_close",
    "mean_wait_hours",
    "backlog_end",
    "escalations",
    "petitions",
    "volunteer_hours",
    "arrival_rate_per_hour",
    "time_avg_open_issues",
    "mean_hours_in_system",
    "by_kind",
    "by_neighbourhood",
}
SCENARIO_FILES = sorted(p.stem for p in SCENARIO_DIR.glob("*.toml"))
SMALL_RUN = ["--scale", "0.05", "--days", "12", "--seed", "4", "--quiet"]


def subcommands() -> list[str]:
    parser = build_parser()
    (action,) = (a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return sorted(action.choices)


def bad_toml(folder: Path) -> Path:
    path = folder / "broken.toml"
    path.write_text("days = = 3\n", encoding="utf-8")
    return path


# Each bad input: the arguments after `cogov run` and a fragment the message must show.
BAD_INPUTS = {
    "unknown-scenario": (["no_such_scenario"], "no_such_scenario"),
    "bad-toml": (["{bad_toml}"], "not valid TOML"),
    "scale-zero": (["--scale", "0"], "--scale"),
    "scale-huge": (["--scale", "1000"], "--scale"),
    "scale-text": (["--scale", "lots"], "--scale"),
    "days-zero": (["--days", "0"], "--days"),
    "days-negative": (["--days", "-3"], "--days"),
    "days-text": (["--days", "ten"], "--days"),
    "days-fraction": (["--days", "1.5"], "--days"),
    "days-too-many": (["--days", "400000"], "'days'"),
}


def bad_args(case: str, folder: Path, out: Path) -> tuple[list[str], str]:
    args, fragment = BAD_INPUTS[case]
    args = [a.format(bad_toml=bad_toml(folder)) for a in args]
    return ["run", *args, "--out", str(out), "--quiet"], fragment


# --- in-process ----------------------------------------------------------------------------


def test_scenarios_lists_every_file(capsys):
    assert main(["scenarios"]) == 0
    out = capsys.readouterr().out
    listed = sorted(line.split()[0] for line in out.splitlines() if line.strip())
    assert listed == SCENARIO_FILES
    assert "invalid" not in out


@pytest.fixture(scope="module")
def run_out(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("cli") / "run"
    assert main(["run", "xinhua_2013", *SMALL_RUN, "--out", str(out)]) == 0
    return out


def test_run_writes_summary_with_the_documented_keys(run_out):
    summary = json.loads((run_out / "summary.json").read_text(encoding="utf-8"))
    assert set(summary) >= SUMMARY_KEYS
    assert summary["scenario"] == "xinhua_2013"
    assert summary["seed"] == 4
    assert summary["days"] == 12
    assert summary["residents"] == 3545
    assert set(summary["by_neighbourhood"]) >= {"Xizhen", "Dongzhen", "Hongzhuang"}
    assert len(summary["by_neighbourhood"]) == 17
    assert "safety_hazard" in summary["by_kind"]


def test_run_writes_one_daily_row_per_day(run_out):
    with (run_out / "daily.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert [int(r["day"]) for r in rows] == list(range(12))
    assert (run_out / "daily.parquet").stat().st_size > 0


def test_run_prints_a_summary_unless_quiet(tmp_path, capsys):
    out = tmp_path / "loud"
    args = ["run", "siloed", "--scale", "0.05", "--days", "3", "--out", str(out)]
    assert main(args) == 0
    printed = capsys.readouterr().out
    assert "siloed" in printed
    assert "summary.json" in printed
    assert main([*args, "--quiet"]) == 0
    assert capsys.readouterr().out == ""


@pytest.mark.parametrize("case", sorted(BAD_INPUTS))
def test_bad_input_exits_2_with_a_message_and_writes_nothing(tmp_path, capsys, case):
    out = tmp_path / "out"
    args, fragment = bad_args(case, tmp_path, out)
    try:
        status = main(args)
    except SystemExit as exc:  # argparse refuses bad options this way
        status = exc.code
    err = capsys.readouterr().err
    assert status == 2
    assert fragment in err
    assert "Traceback" not in err
    assert not out.exists()


@pytest.mark.parametrize("command", [[], *([c] for c in subcommands())])
def test_help_exits_0(command, capsys):
    with pytest.raises(SystemExit) as exc:
        main([*command, "--help"])
    assert exc.value.code == 0
    assert "usage: cogov" in capsys.readouterr().out


def test_no_command_is_an_error(capsys):
    with pytest.raises(SystemExit) as exc:
        main([])
    assert exc.value.code == 2
    assert "COMMAND" in capsys.readouterr().err


# --- as a separate process -----------------------------------------------------------------


def cogov(args: list[str], cwd: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "cogov", *args],
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


SUBPROCESS_BAD = ["unknown-scenario", "bad-toml", "scale-zero", "days-text"]


@pytest.fixture(scope="module")
def processes(tmp_path_factory) -> dict[str, tuple[int, str, str, Path]]:
    """Every subprocess case, started together: name -> (status, stdout, stderr, out)."""
    root = tmp_path_factory.mktemp("cli_processes")
    cases: dict[str, tuple[list[str], Path]] = {
        "scenarios": (["scenarios"], root / "none"),
        "help": (["--help"], root / "none"),
        "run": (["run", "one_window", *SMALL_RUN, "--out", str(root / "run")], root / "run"),
        "out-is-a-file": (
            ["run", "xinhua_2013", *SMALL_RUN, "--out", str(root / "a_file")],
            root / "a_file",
        ),
    }
    (root / "a_file").write_text("not a folder\n", encoding="utf-8")
    for case in SUBPROCESS_BAD:
        folder = root / case
        folder.mkdir()
        args, _ = bad_args(case, folder, folder / "out")
        cases[case] = (args, folder / "out")
    started = {name: (cogov(args, root), out) for name, (args, out) in cases.items()}
    results = {}
    for name, (proc, out) in started.items():
        stdout, stderr = proc.communicate(timeout=120)
        results[name] = (proc.returncode, stdout, stderr, out)
    return results


def test_subprocess_scenarios(processes):
    status, stdout, stderr, _ = processes["scenarios"]
    assert status == 0, stderr
    assert sorted(line.split()[0] for line in stdout.splitlines()) == SCENARIO_FILES


def test_subprocess_help(processes):
    status, stdout, _, _ = processes["help"]
    assert status == 0
    assert "usage: cogov" in stdout
    for command in subcommands():
        assert command in stdout


def test_subprocess_run(processes):
    status, stdout, stderr, out = processes["run"]
    assert status == 0, stderr
    assert stdout == ""  # --quiet
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert set(summary) >= SUMMARY_KEYS
    assert summary["scenario"] == "one_window"
    assert len((out / "daily.csv").read_text(encoding="utf-8").splitlines()) == 1 + 12


@pytest.mark.parametrize("case", SUBPROCESS_BAD)
def test_subprocess_bad_input(processes, case):
    status, stdout, stderr, out = processes[case]
    assert status == 2
    assert BAD_INPUTS[case][1] in stderr
    assert "Traceback" not in stderr
    assert stdout == ""
    assert not out.exists()


def test_subprocess_out_that_is_a_file_is_bad_input(processes):
    status, _, stderr, _ = processes["out-is-a-file"]
    assert "Traceback" not in stderr
    assert status == 2
    assert "--out" in stderr and "a folder" in stderr
