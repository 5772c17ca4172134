"""Summarise a cosmic-ray session: counts, the score with a 95% Wilson interval, survivors.

`make mutants` prints cosmic-ray's own report; this adds what a sampled run needs to be read
as an estimate: how many mutants the population had (after the operator filter), how many
were sampled and tested, and the Wilson score interval of the killed share. Survivors are
listed as ``module:line operator occurrence`` with their diff, for classification.

Usage: python scripts/mutant_score.py SESSION.sqlite [--diffs]
"""

from __future__ import annotations

import sys

from cosmic_ray.work_db import use_db
from cosmic_ray.work_item import TestOutcome, WorkerOutcome
from scipy import stats

SAMPLE_NOTE = "not in the random sample"


def wilson(killed: int, n: int, z: float = 1.959964) -> tuple[float, float]:
    """The Wilson score interval of a proportion ``killed / n`` (95% for the default z)."""
    if n == 0:
        return (0.0, 1.0)
    level = 2.0 * stats.norm.cdf(z) - 1.0
    ci = stats.binomtest(killed, n).proportion_ci(level, method="wilson")
    return (ci.low, ci.high)


def summary(session: str, diffs: bool = False) -> list[str]:
    """Lines describing the session's outcome (see the module docstring)."""
    population = sampled = killed = survived = timeouts = incompetent = 0
    survivors = []
    with use_db(session) as db:
        done = {job: result for job, result in db.results}
        for item in db.work_items:
            result = done.get(item.job_id)
            if result is not None and result.worker_outcome == WorkerOutcome.SKIPPED:
                if SAMPLE_NOTE in (result.output or ""):
                    population += 1
                continue
            population += 1
            sampled += 1
            if result is None:
                continue
            outcome = result.test_outcome
            if outcome == TestOutcome.KILLED and result.output == "timeout":
                timeouts += 1  # cosmic-ray counts a test run past the timeout as killed
            elif outcome == TestOutcome.KILLED:
                killed += 1
            elif outcome == TestOutcome.SURVIVED:
                survived += 1
                survivors.append((item, result))
            else:
                incompetent += 1
    tested = killed + survived + timeouts + incompetent
    dead = killed + timeouts + incompetent
    lo, hi = wilson(dead, tested)
    lines = [
        f"population (after the operator filter): {population}",
        f"sample: {sampled}; tested so far: {tested}",
        f"killed: {killed}; timeouts: {timeouts}; incompetent: {incompetent}; survived: {survived}",
        f"score: {dead}/{tested} = {dead / tested:.1%} (95% Wilson {lo:.1%} to {hi:.1%})"
        if tested
        else "score: nothing tested yet",
    ]
    for item, result in sorted(survivors, key=lambda s: str(s[0].mutations[0].module_path)):
        spec = item.mutations[0]
        lines.append(
            f"SURVIVED {spec.module_path}:{spec.start_pos[0]} {spec.operator_name} "
            f"{spec.occurrence}"
        )
        if diffs:
            lines.append(result.diff or "")
    return lines


if __name__ == "__main__":
    args = sys.argv[1:]
    if not args or args[0].startswith("-"):
        print("usage: mutant_score.py SESSION.sqlite [--diffs]", file=sys.stderr)
        sys.exit(2)
    print("\n".join(summary(args[0], diffs="--diffs" in args)))
