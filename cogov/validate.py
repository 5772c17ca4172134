"""``cogov validate``: the model reduced to textbook queues, against theory."""

from __future__ import annotations

import argparse
import math

__all__ = ["register"]


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``validate`` to the ``cogov`` parser."""
    p = sub.add_parser(
        "validate",
        help="verify the model against queueing theory (Erlang C, M/M/1, M/G/inf, Little)",
        description="Run the model reduced to textbook queues and print, for each check, the "
        "theoretical value, the estimate with its 95%% interval and PASS or FAIL. Exit status "
        "0 only if all pass.",
    )
    p.add_argument(
        "--full",
        action="store_true",
        help="long runs and many replicates, so that an error of a few percent fails "
        "(several minutes); default: quick sizes for CI",
    )
    p.set_defaults(handler=cmd_validate)


def _fmt(x: float) -> str:
    return "-" if math.isnan(x) else f"{x:.4f}"


def cmd_validate(args: argparse.Namespace) -> int:
    """Run the verification checks."""
    from experiments.verify import run_checks

    head = f"{'check':22s} {'measure':26s} {'theory':>9s} {'estimate':>9s}"
    print(f"{head}  {'95% interval':22s} verdict")

    def show(c) -> None:
        interval = f"[{_fmt(c.low)}, {_fmt(c.high)}]" if not math.isnan(c.low) else ""
        verdict = "PASS" if c.passed else "FAIL"
        print(
            f"{c.name:22s} {c.measure:26s} {c.theory:9.4f} {c.estimate:9.4f}  {interval:22s} "
            f"{verdict}  ({c.note})",
            flush=True,
        )

    checks = run_checks(full=args.full, report=show)
    failed = [c for c in checks if not c.passed]
    print(f"{len(checks) - len(failed)} passed, {len(failed)} failed")
    return 0 if not failed else 1
