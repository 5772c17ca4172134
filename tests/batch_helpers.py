"""Runner used by test_batch: importable by name in spawned worker processes."""

from dataclasses import replace

from cogov.experiments.runner import RunOutcome, run_one


def fail_replicate_one(spec, key: str, experiment: str) -> RunOutcome:
    """Run normally, except that replicate 1 fails inside the run (its scenario is missing)."""
    if spec.replicate == 1:
        spec = replace(spec, scenario="/nonexistent/scenario.toml")
    return run_one(spec, key, experiment)


def kill_worker_once(spec, key: str, experiment: str) -> RunOutcome:
    """Run normally, except that run 1 kills its own worker process the first time.

    The marker file named by ``COGOV_TEST_MARKER`` records that the kill happened.
    """
    import os
    import signal
    from pathlib import Path

    marker = Path(os.environ["COGOV_TEST_MARKER"])
    if spec.index == 1 and not marker.exists():
        marker.write_text(str(os.getpid()))
        os.kill(os.getpid(), signal.SIGKILL)
    return run_one(spec, key, experiment)


def always_kill_worker(spec, key: str, experiment: str) -> RunOutcome:
    """Run 0 kills its worker every time (a run that cannot be run on this machine)."""
    import os
    import signal

    if spec.index == 0:
        os.kill(os.getpid(), signal.SIGKILL)
    return run_one(spec, key, experiment)


def fail_always(spec, key: str, experiment: str) -> RunOutcome:
    """Every run fails inside the run (a recorded failure, not a lost worker)."""
    import traceback

    from cogov.experiments.runner import failed_outcome

    try:
        raise RuntimeError("broken on purpose")
    except RuntimeError:
        return failed_outcome(spec, key, experiment, traceback.format_exc())
