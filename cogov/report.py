"""``cogov report``: an HTML report with charts of a results folder, for policymakers."""

from __future__ import annotations

import argparse
from pathlib import Path

from cogov.sim.outcomes import GROUP_OUTCOMES

__all__ = ["register"]


def _pair(text: str) -> tuple[str, str]:
    parts = text.split(",")
    if len(parts) != 2 or not all(parts):
        raise argparse.ArgumentTypeError(f"found {text!r}; allowed: two scenarios as A,B")
    return parts[0], parts[1]


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``report`` subcommand to the ``cogov`` parser."""
    p = sub.add_parser(
        "report",
        help="write an HTML report with charts of a results folder",
        description="Write a self-contained HTML report of a `cogov batch` results folder: "
        "findings computed from the results, a methods box, and charts (also written as PNG "
        "and SVG into FILE_STEM_charts/ beside the report). The chart of close times against "
        "deadlines re-runs one replicate per scenario.",
    )
    p.add_argument("folder", type=Path, metavar="DIR", help="a results folder of `cogov batch`")
    p.add_argument(
        "--out",
        type=Path,
        metavar="FILE",
        help="the HTML file (default: DIR/report.html, or DIR/report_zh.html with --lang zh)",
    )
    p.add_argument(
        "--lang", choices=("en", "zh"), default="en", help="language of the report (default: en)"
    )
    p.add_argument(
        "--map-outcome",
        choices=GROUP_OUTCOMES,
        default="mean_hours_to_close",
        help="what colours the neighbourhood map (default: mean_hours_to_close)",
    )
    p.add_argument("--map-scenario", metavar="NAME", help="the map's scenario (default: reference)")
    p.add_argument(
        "--map-diff",
        type=_pair,
        metavar="A,B",
        help="the difference map shows A minus B (default: first other scenario minus reference)",
    )
    p.add_argument(
        "--no-rerun",
        action="store_true",
        help="leave out the close-times chart (it re-runs one replicate per scenario)",
    )
    p.set_defaults(handler=cmd_report)


def cmd_report(args: argparse.Namespace) -> int:
    """Build the report."""
    from cogov.experiments.report.build import ReportOptions, build_report

    if args.lang == "zh":  # fail before writing anything, not after half the report
        from cogov.experiments.charts.style import cjk_family

        cjk_family()
    options = ReportOptions(
        lang=args.lang,
        map_outcome=args.map_outcome,
        map_scenario=args.map_scenario,
        map_diff=args.map_diff,
        rerun=not args.no_rerun,
    )
    report = build_report(args.folder, args.out, options)
    for sentence in report.findings:
        print(f"  {sentence}")
    chart_dir = next(iter(report.charts.values()))["png"].parent if report.charts else None
    print(f"cogov report: wrote {report.html} and {len(report.charts)} charts in {chart_dir}/")
    return 0
