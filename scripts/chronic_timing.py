"""When in the year the seeded chronic cases are solved (docs/VALIDATION.md, chronic cases).

Usage::

    .venv/bin/python scripts/chronic_timing.py [SCENARIO] [SEEDS]

Runs SCENARIO (default ``xinhua_2013``) at full scale for one year with seeds 1..SEEDS
(default 10) and prints, per seed, the day on which each chronic case was solved, then the
median and range over all of them. It watches the model's own replies (``Life.after_reply``)
and changes nothing in the run.
"""

from __future__ import annotations

import statistics
import sys

from cogov.sim.model import CoGovModel


def solve_days(scenario: str, seed: int) -> list[float]:
    """Days (from the start) on which the chronic cases of one run were solved."""
    model = CoGovModel(scenario, rng=seed)
    days: list[float] = []
    after_reply = model.life.after_reply

    def watch(issue) -> None:
        if issue.chronic and issue.solved:
            days.append(model.time / 24.0)
        after_reply(issue)

    model.life.after_reply = watch
    model.run_days(365)
    return sorted(days)


def main(argv: list[str]) -> None:
    """Print the solve days per seed and their summary."""
    scenario = argv[0] if argv else "xinhua_2013"
    seeds = int(argv[1]) if len(argv) > 1 else 10
    every: list[float] = []
    for seed in range(1, seeds + 1):
        days = solve_days(scenario, seed)
        every += days
        print(f"seed {seed}: {len(days)} solved, on days {', '.join(f'{d:.0f}' for d in days)}")
    if every:
        print(
            f"{scenario}: {len(every)} of {3 * seeds} solved; median day "
            f"{statistics.median(every):.0f}, first {min(every):.0f}, last {max(every):.0f}"
        )
    else:
        print(f"{scenario}: none of {3 * seeds} solved")


if __name__ == "__main__":
    main(sys.argv[1:])
