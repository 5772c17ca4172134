"""Pattern-oriented hypotheses: verdict logic and evaluation on a small real batch."""

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from cogov.experiments.analysis.hypotheses import HYPOTHESES, Hypothesis, evaluate
from cogov.experiments.batch import run_batch
from cogov.experiments.design import load_experiment

SMALL = Path(__file__).resolve().parent.parent / "experiments" / "mechanisms.toml"


@pytest.fixture(scope="module")
def mechanisms_batch(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("mech")
    text = SMALL.read_text().replace("replicates = 30", "replicates = 3")
    text = text.replace("days = 365", "days = 30\nscale = 0.05")
    path = tmp / "mechanisms.toml"
    path.write_text(text)
    assert run_batch(load_experiment(path), tmp / "out", workers=2).ok
    return tmp / "out"


def test_every_hypothesis_is_evaluated_with_a_paired_interval(mechanisms_batch):
    table = evaluate(mechanisms_batch)
    assert list(table["claim"]) == [h.claim for h in HYPOTHESES]
    assert set(table["verdict"]) <= {"held", "contradicted", "not distinguishable"}
    assert table["paired"].all()
    runs = pd.read_parquet(mechanisms_batch / "runs.parquet")
    row = table[table["outcome"] == "petitions"].iloc[0]
    a = runs[runs["point"] == 0].set_index("seed")["petitions"]
    b = runs[runs["point"] == 3].set_index("seed")["petitions"]
    assert row["diff"] == pytest.approx((a - b).mean())


def test_verdicts_follow_the_interval(monkeypatch, mechanisms_batch):
    import cogov.experiments.analysis.hypotheses as patterns

    claims = (
        Hypothesis("up", "on_time_rate", 0, 1, +1),
        Hypothesis("down", "on_time_rate", 0, 1, -1),
    )
    monkeypatch.setattr(patterns, "HYPOTHESES", claims)
    monkeypatch.setattr(patterns, "difference", lambda a, b, col, level: (0.1, 0.05, 0.15, True))
    table = evaluate(mechanisms_batch)
    assert list(table["verdict"]) == ["held", "contradicted"]
    monkeypatch.setattr(patterns, "difference", lambda a, b, col, level: (0.1, -0.05, 0.15, True))
    assert set(evaluate(mechanisms_batch)["verdict"]) == {"not distinguishable"}


def test_hypotheses_command(mechanisms_batch, tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "cogov", "hypotheses", str(mechanisms_batch)],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    assert "| claim |" in done.stdout and (mechanisms_batch / "hypotheses.csv").exists()
    other = subprocess.run(
        [sys.executable, "-m", "cogov", "hypotheses", str(tmp_path)], capture_output=True, text=True
    )
    assert other.returncode == 2 and "mechanisms" in other.stderr
