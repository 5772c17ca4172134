"""Keep a seeded uniform random sample of a cosmic-ray session's pending mutants.

`make mutants SAMPLE=N SAMPLE_SEED=S` runs this after `cosmic-ray init` and
`cr-filter-operators`: of the work items that have no result yet (the ones the operator
filter did not skip), it keeps N chosen uniformly at random with the seed S and marks the
rest as skipped, so `cosmic-ray exec` runs only the sample and `cr-report` counts only it.

The items are put in a canonical order (module, operator, occurrence) before drawing, since
cosmic-ray's job ids are fresh random UUIDs at each `init`: the same code, configuration and
seed always give the same sample. `cosmic-ray exec` itself takes the pending items in random
order, so a run stopped part-way has still tested a uniform random subset of the sample.

Usage: python scripts/mutant_sample.py SESSION.sqlite SAMPLE SEED
"""

from __future__ import annotations

import random
import sys

from cosmic_ray.work_db import use_db
from cosmic_ray.work_item import WorkerOutcome, WorkResult


def _key(item) -> tuple[str, str, int]:
    """Canonical order of a work item: its first mutation's module, operator, occurrence."""
    spec = item.mutations[0]
    return (str(spec.module_path), spec.operator_name, spec.occurrence)


def sample(session: str, size: int, seed: int) -> tuple[int, int]:
    """Keep `size` pending items of `session` at random (seeded), skip the rest.

    Args:
        session: Path of the cosmic-ray session database.
        size: How many pending mutants to keep; all are kept when there are fewer.
        seed: Seed of the random draw.

    Returns:
        The number of pending mutants before sampling and the number kept.
    """
    with use_db(session) as db:
        pending = sorted(db.pending_work_items, key=_key)
        kept = random.Random(seed).sample(pending, min(size, len(pending)))
        kept_ids = {item.job_id for item in kept}
        dropped = [item.job_id for item in pending if item.job_id not in kept_ids]
        if dropped:
            db.set_multiple_results(
                dropped,
                WorkResult(
                    worker_outcome=WorkerOutcome.SKIPPED,
                    output=f"not in the random sample (size {size}, seed {seed})",
                ),
            )
    return len(pending), len(kept)


def main(argv: list[str]) -> int:
    """Command line: SESSION SAMPLE SEED; prints the population and sample sizes."""
    if len(argv) != 3 or not argv[1].isdigit() or not argv[2].lstrip("-").isdigit():
        print(
            "usage: mutant_sample.py SESSION.sqlite SAMPLE SEED "
            f"(SAMPLE a whole number >= 0, SEED a whole number; found {argv!r})",
            file=sys.stderr,
        )
        return 2
    total, kept = sample(argv[0], int(argv[1]), int(argv[2]))
    print(f"mutants after the operator filter: {total}; kept at random: {kept} (seed {argv[2]})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
