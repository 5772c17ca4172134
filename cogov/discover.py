"""``cogov discover DIR``: scenario discovery on an exploratory batch (``design.kind = "explore"``).

Writes ``DIR/discovery/``: ``worlds.parquet`` (per sampled world the paired policy
differences), ``boxes.json`` (per outcome and baseline the PRIM box: restricted dimensions,
coverage, density, mass, worlds and share where co-governance wins), ``trajectories.csv``,
``feature_scores.csv``, ``robustness.json`` (the sentences in English and Chinese) and the
charts (peeling trajectory, box limits, difference map), each written atomically.
"""

from __future__ import annotations

import argparse
import math
from pathlib import Path

from cogov.argtypes import bounded

__all__ = ["register", "run_discovery"]


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``discover`` to the ``cogov`` parser."""
    p = sub.add_parser(
        "discover",
        help="scenario discovery (PRIM) on an exploratory batch",
        description="Find with PRIM (EMA Workbench) the boxes of assumptions where "
        "co-governance fails to beat one window (and siloed departments) on satisfaction, "
        "solved rate and petitions; score which assumptions matter; write DIR/discovery/.",
    )
    p.add_argument("folder", type=Path, metavar="DIR", help="results of an explore batch")
    p.add_argument(
        "--min-density",
        type=bounded(0.0, 1.0, "a number in (0, 1]", open_low=True),
        default=0.8,
        help="report the first box on the peeling trajectory this dense (default: 0.8)",
    )
    p.add_argument("--no-charts", action="store_true", help="skip the charts")
    p.set_defaults(handler=cmd_discover)


def run_discovery(folder: Path, min_density: float = 0.8, charts: bool = True) -> dict[str, object]:
    """Run scenario discovery on ``folder`` and write ``folder/discovery``.

    Returns:
        ``{"boxes": [...], "robustness": {"en": ..., "zh": ...}}`` as written.

    Raises:
        ExperimentError: if ``folder`` is not the results of an exploratory batch.
    """
    import pandas as pd

    from cogov.experiments.analysis.discover import discover, feature_scores, world_differences
    from cogov.experiments.analysis.estimates import load_runs
    from cogov.experiments.analysis.robustness import robustness_section
    from cogov.experiments.files import write_bytes_atomic, write_json
    from cogov.experiments.store import ResultsStore
    from cogov.experiments.uncertainties import COMPARISONS, DISCOVERY_OUTCOMES
    from cogov.sim.errors import ExperimentError

    manifest = ResultsStore(folder).read_manifest() if folder.is_dir() else None
    if manifest is None or not (folder / "runs.parquet").exists():
        raise ExperimentError(f"{folder}: no runs.parquet; allowed: a folder of `cogov batch`")
    if manifest.get("design") not in ("explore", "lhs"):
        raise ExperimentError(
            f"{folder}: design {manifest.get('design')!r}; allowed: 'explore' or 'lhs' "
            "(each sampled world under each policy)"
        )
    parameters = list(manifest.get("parameters") or [])
    try:
        worlds = world_differences(load_runs(folder), manifest["scenarios"], parameters)
    except (ValueError, KeyError) as exc:
        raise ExperimentError(f"{folder}: {exc}") from None
    out = folder / "discovery"
    out.mkdir(exist_ok=True)
    write_bytes_atomic(out / "worlds.parquet", worlds.to_parquet(index=False))
    discoveries, trajectories, scores = [], [], {}
    for _, baseline in COMPARISONS:
        scores[baseline] = feature_scores(worlds, parameters, baseline)
        for outcome in DISCOVERY_OUTCOMES:
            d = discover(worlds, parameters, outcome, baseline, min_density=min_density)
            discoveries.append(d)
            trajectories.append(d.trajectory.assign(outcome=outcome, baseline=baseline))
    score_table = pd.concat(
        [s.rename_axis("parameter").reset_index().assign(baseline=b) for b, s in scores.items()]
    )
    write_bytes_atomic(out / "feature_scores.csv", score_table.to_csv(index=False).encode())
    write_bytes_atomic(
        out / "trajectories.csv", pd.concat(trajectories).to_csv(index_label="step").encode()
    )
    boxes = [
        {
            "outcome": d.outcome,
            "baseline": d.baseline,
            "worlds": d.worlds,
            "failing": d.failing,
            "share_beats": _finite(d.share_beats),
            "restricted": list(d.limits),
            "limits": {k: list(v) for k, v in d.limits.items()},
            "coverage": _finite(d.coverage),
            "density": _finite(d.density),
            "mass": _finite(d.mass),
            "box_index": d.box_index,
        }
        for d in discoveries
    ]
    section = {lang: robustness_section(discoveries, lang) for lang in ("en", "zh")}
    for lang in section:
        section[lang]["rows"] = boxes
    write_json(out / "boxes.json", {"min_density": min_density, "boxes": boxes})
    write_json(out / "robustness.json", section)
    if charts:
        from cogov.experiments.charts.discovery import write_discovery_charts

        for lang in ("en", "zh"):
            write_discovery_charts(out, worlds, discoveries, scores, lang)
    return {"boxes": boxes, "robustness": section}


def _finite(x: float) -> float | None:
    return None if x is None or math.isnan(x) else float(x)


def cmd_discover(args: argparse.Namespace) -> int:
    """Run scenario discovery and print the sentences."""
    result = run_discovery(args.folder, args.min_density, charts=not args.no_charts)
    for text in result["robustness"]["en"]["sentences"]:
        print(text)
    print(f"wrote {args.folder}/discovery/ (boxes.json, worlds.parquet, robustness.json)")
    return 0
