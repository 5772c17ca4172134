"""The report's design-specific charts, its map and captions: tables in, figures out.

Which first chart a report has depends on the design: ``scenarios`` and ``points`` designs
compare groups (scenarios, or design points against point 0), ``grid`` and ``lhs`` designs
show outcomes against the varied parameters, and ``sobol`` designs their Sobol indices.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence

import pandas as pd
from matplotlib.figure import Figure
from scipy.stats import DegenerateDataWarning

from cogov.experiments.analysis.estimates import sobol_table, summarize
from cogov.experiments.analysis.tables import (
    Groups,
    marginal_table,
    neighbourhood_intervals,
    neighbourhood_table,
)
from cogov.experiments.charts.compare import comparison_figure
from cogov.experiments.charts.design import sobol_figure, sweep_figure
from cogov.experiments.charts.run import MapPanel, map_figure
from cogov.experiments.i18n import outcome_label, scenario_label, tr
from cogov.experiments.report.closetimes import RerunInfo
from cogov.experiments.report.findings import scenario_findings, sobol_findings, sweep_findings
from cogov.experiments.report.text import CAPTIONS

__all__ = ["deadline_caption", "design_charts", "map_chart"]

Chart = tuple[str, Figure, str]  # (name, figure, caption)


def design_charts(
    manifest: dict, runs: pd.DataFrame, groups: Groups, outcomes: Sequence[str], lang: str
) -> tuple[list[str], pd.DataFrame | None, list[Chart]]:
    """The findings, the results table and the first charts, by the kind of design.

    Returns:
        ``(findings, summary table with a group label as "scenario" or None, charts)``.
    """
    design = manifest.get("design", "scenarios")
    params = list(manifest.get("parameters") or [])
    outcomes = list(outcomes)
    if design in ("scenarios", "points"):
        if design == "points":
            table = summarize(runs, outcomes, reference_point=min(groups.by_point))
            table["scenario"] = table["point"].map(groups.by_point)
        else:
            table = summarize(runs, outcomes, groups.reference)
        key = "points_comparison" if design == "points" else "scenario_comparison"
        reference = groups.reference or "–"
        caption = tr(
            CAPTIONS[key],
            lang,
            replicates=manifest["replicates"],
            reference=scenario_label(reference, lang),
        )
        fig = comparison_figure(table, outcomes, groups.order, groups.reference, lang)
        findings = scenario_findings(table, outcomes, groups.reference, lang)
        return findings, table, [("scenario_comparison", fig, caption)]
    if design == "sobol":
        sobol = _sobol(runs, params, outcomes)
        if sobol.empty:
            return [], None, []
        caption = tr(CAPTIONS["sobol"], lang, runs=len(runs))
        return sobol_findings(sobol, lang), None, [("sobol", sobol_figure(sobol, lang), caption)]
    marginal = marginal_table(runs, params, outcomes)
    fig = sweep_figure(marginal, params, outcomes, groups.order, groups.reference, lang)
    findings = sweep_findings(marginal, outcomes, lang)
    return findings, None, [("sweep", fig, tr(CAPTIONS["sweep"], lang))]


def _sobol(runs: pd.DataFrame, params: list[str], outcomes: list[str]) -> pd.DataFrame:
    """Sobol indices of the outcomes that are defined in every run and vary.

    Outcomes undefined in some run, or the same in every run (no variance to apportion),
    are left out. With few samples the bootstrap can be degenerate; scipy's warnings about
    it are silenced here and the interval is then missing from the chart.
    """
    frames = []
    for outcome in outcomes:
        if not runs[outcome].notna().all() or runs[outcome].nunique() < 2:
            continue
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            warnings.simplefilter("ignore", DegenerateDataWarning)
            try:
                frames.append(sobol_table(runs, params, [outcome]))
            except ValueError:
                continue
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()


def map_chart(
    summaries: Sequence[dict],
    groups: Groups,
    outcome: str,
    chosen: str,
    pair: tuple[str, str] | None,
    lang: str,
) -> Chart:
    """The map of ``outcome`` for group ``chosen`` and of the difference ``pair[0] - pair[1]``.

    Args:
        summaries: per-run summaries whose ``scenario`` is the run's group label.
        groups: the report's groups.
        outcome: a neighbourhood outcome.
        chosen: the group of the first map.
        pair: the groups of the difference map, or ``None`` for no difference map.
        lang: ``"en"`` or ``"zh"``.
    """
    table = neighbourhood_table(summaries)
    values = {s: g.set_index("neighbourhood")[outcome] for s, g in table.groupby("scenario")}
    label = outcome_label(outcome, lang)

    def noise(group: str, reference: str | None = None) -> frozenset[str]:
        cells = neighbourhood_intervals(summaries, outcome, group, reference)
        return frozenset(cells.loc[cells["noise"], "neighbourhood"])

    first_noise = noise(chosen)
    panels = [
        MapPanel(
            values[chosen].to_dict(),
            outcome,
            f"{label}: {scenario_label(chosen, lang)}",
            outcome_label(outcome, lang, unit=True),
            noise=first_noise,
        )
    ]
    diff_text = ""
    count = len(values[chosen])
    if pair is not None:
        a, b = (scenario_label(s, lang) for s in pair)
        diff_noise = noise(pair[0], pair[1])
        panels.append(
            MapPanel(
                (values[pair[0]] - values[pair[1]]).to_dict(),
                outcome,
                f"{a} − {b}",
                tr(("difference: {x}", "差值：{x}"), lang, x=outcome_label(outcome, lang, True)),
                diverging=True,
                noise=diff_noise,
            )
        )
        diff_text = tr(CAPTIONS["map_diff"], lang, a=a, b=b, k=len(diff_noise), n=count)
    caption = tr(
        CAPTIONS["map"],
        lang,
        outcome=label,
        scenario=scenario_label(chosen, lang),
        runs=int(table.loc[table["scenario"] == chosen, "runs"].max()),
        diff_text=diff_text,
        k=len(first_noise),
        n=count,
    )
    return "map", map_figure(panels, lang), caption


def deadline_caption(infos: Sequence[RerunInfo], lang: str) -> str:
    """The caption of the close-times chart: which runs were re-run and whether they matched."""
    bad = [scenario_label(i.scenario, lang) for i in infos if not i.matches]
    if bad:
        check = tr(CAPTIONS["check_bad"], lang, scenarios=", ".join(bad))
    else:
        closed = ", ".join(f"{scenario_label(i.scenario, lang)} {i.closed:,}" for i in infos)
        check = tr(CAPTIONS["check_ok"], lang, closed=closed)
    replicate = infos[0].replicate if infos else 0
    return tr(CAPTIONS["deadlines"], lang, replicate=replicate, check=check)
