"""Re-run a cosmic-ray session's surviving mutants against a (newer or wider) test command.

After a run, tests are written for the survivors that are real gaps; this applies each
survivor again, one at a time, with ``cosmic-ray mutate-and-test`` and prints whether the
given test command now kills it, and by which test. Run it in the scratch folder of
``make mutants`` (the session's module paths are relative to it) after copying the new tests
there.

Usage: python scripts/mutant_rerun.py SESSION.sqlite "TEST COMMAND" [MODULE_SUBSTRING ...]
"""

from __future__ import annotations

import json
import re
import subprocess
import sys

from cosmic_ray.work_db import use_db
from cosmic_ray.work_item import TestOutcome

#: the first failing test in pytest's output (``-x`` stops there): the one that killed it
FAILED = re.compile(r"^(?:FAILED|ERROR) (\S+)", re.MULTILINE)


def survivors(session: str, only: list[str]) -> list[tuple[str, str, int, int]]:
    """(module, operator, occurrence, line) of every survivor, optionally filtered by module."""
    out = []
    with use_db(session) as db:
        for item, result in db.completed_work_items:
            if result.test_outcome != TestOutcome.SURVIVED:
                continue
            spec = item.mutations[0]
            module = str(spec.module_path)
            if only and not any(part in module for part in only):
                continue
            out.append((module, spec.operator_name, spec.occurrence, spec.start_pos[0]))
    return sorted(out)


def main(argv: list[str]) -> int:
    """Re-run the survivors; prints one line per survivor and a count of those now killed."""
    if len(argv) < 2:
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        return 2
    session, command, only = argv[0], argv[1], argv[2:]
    killed = 0
    found = survivors(session, only)
    for module, operator, occurrence, line in found:
        run = subprocess.run(
            ["cosmic-ray", "mutate-and-test", module, operator, str(occurrence), command],
            capture_output=True,
            text=True,
            check=False,
        )
        try:
            result = json.loads(run.stdout)
            outcome, output = result["test_outcome"], result.get("output") or ""
        except (ValueError, KeyError, TypeError):
            outcome, output = f"error: {run.stderr.strip().splitlines()[-1:]}", ""
        killed += outcome == "killed"
        by = FAILED.search(output)
        print(
            f"{outcome:>9} {module}:{line} {operator} {occurrence}"
            + (f" by {by.group(1)}" if outcome == "killed" and by else ""),
            flush=True,
        )
    print(f"now killed: {killed} of {len(found)} survivors")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
