"""Runner used by test_batch: importable by name in spawned worker processes."""

from dataclasses import replace

from cogov.experiments.runner import RunOutcome, run_one


def fail_replicate_one(spec, key: str, experiment: str) -> RunOutcome:
    """Run normally, except that replicate 1 fails inside the run (its scenario is missing)."""
    if spec.replicate == 1:
        spec = replace(spec, scenario="/nonexistent/scenario.toml")
    return run_one(spec, key, experiment)
