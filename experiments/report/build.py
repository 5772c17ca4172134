"""A self-contained HTML report of a batch for policymakers, with its charts beside it.

:func:`build_report` reads a results folder of ``cogov batch``, draws the charts (PNG and
SVG into ``STEM_charts/`` beside the HTML file), computes the findings and writes one HTML
file with the PNGs embedded (base64), so it opens offline and prints (a print stylesheet).
The report holds no date of its own: the same results give the same report.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from cogov.experiments.analysis.estimates import load_runs
from cogov.experiments.analysis.tables import (
    NEIGHBOURHOOD_OUTCOMES,
    Groups,
    daily_bands,
    department_table,
    group_runs,
    load_summaries,
)
from cogov.experiments.charts.compare import deadline_figure, department_figure
from cogov.experiments.charts.run import time_course_figure
from cogov.experiments.charts.style import annotate, chart_style, save_figure
from cogov.experiments.files import write_bytes_atomic
from cogov.experiments.i18n import LANGS, tr
from cogov.experiments.report.closetimes import close_times
from cogov.experiments.report.findings import headline
from cogov.experiments.report.front import caveat_box, caveats, glossary, headline_box
from cogov.experiments.report.page import methods_box, outcome_table, page, points_table
from cogov.experiments.report.robust import robustness_block
from cogov.experiments.report.sections import deadline_caption, design_charts, map_chart
from cogov.experiments.report.text import CAPTIONS, TITLES
from cogov.experiments.store import ResultsStore
from cogov.sim.errors import ExperimentError
from cogov.sim.outcomes import REPORT_OUTCOMES

__all__ = ["Report", "ReportOptions", "build_report", "default_output"]

_WINDOW = 7


@dataclass(frozen=True, slots=True)
class ReportOptions:
    """What the report shows.

    Attributes:
        lang: ``"en"`` or ``"zh"``.
        map_outcome: the neighbourhood outcome the map is coloured by.
        map_scenario: the map's scenario (default: the reference); in a ``points`` design,
            a design point as ``#k``.
        map_diff: ``(a, b)``: the difference map shows a minus b (default: the first
            non-reference scenario, or design point, minus the reference).
        rerun: re-run one replicate per scenario (or design point) for the deadline chart.
    """

    lang: str = "en"
    map_outcome: str = "mean_hours_to_close"
    map_scenario: str | None = None
    map_diff: tuple[str, str] | None = None
    rerun: bool = True


@dataclass(frozen=True, slots=True)
class Report:
    """What :func:`build_report` wrote."""

    html: Path
    charts: dict[str, dict[str, Path]]
    findings: list[str]
    table: pd.DataFrame | None = field(default=None)
    headline: list[str] = field(default_factory=list)
    caveats: list[str] = field(default_factory=list)


def default_output(folder: Path, lang: str = "en") -> Path:
    """``DIR/report.html`` (English) or ``DIR/report_zh.html`` (Chinese)."""
    return Path(folder) / ("report.html" if lang == "en" else f"report_{lang}.html")


def _check(folder: Path, options: ReportOptions) -> tuple[dict, pd.DataFrame, pd.DataFrame]:
    if options.lang not in LANGS:
        raise ExperimentError(f"--lang {options.lang}: allowed: {', '.join(LANGS)}")
    if options.map_outcome not in NEIGHBOURHOOD_OUTCOMES:
        allowed = ", ".join(NEIGHBOURHOOD_OUTCOMES)
        raise ExperimentError(f"--map-outcome {options.map_outcome}: allowed: {allowed}")
    manifest = ResultsStore(folder).read_manifest()
    if manifest is None or not (folder / "runs.parquet").exists():
        raise ExperimentError(
            f"{folder}: no manifest.json or runs.parquet; allowed: a results folder of "
            "`cogov batch`"
        )
    all_runs = load_runs(folder, ok_only=False)
    runs = all_runs[all_runs["status"] == "ok"].reset_index(drop=True)
    if runs.empty:
        raise ExperimentError(f"{folder}: no successful runs to report on")
    return manifest, runs, all_runs


def _group(name: str, groups: Groups) -> str:
    """The group a map option names: a scenario, or a design point as ``#k``."""
    for label in groups.order:
        if name == label or label.startswith(f"{name} "):
            return label
    shown = [g.split(" ", 1)[0] if groups.points else g for g in groups.order]
    raise ExperimentError(f"map scenario {name!r}: allowed: {', '.join(shown)}")


def _map_groups(
    groups: Groups, options: ReportOptions, grouped: pd.DataFrame
) -> tuple[str, tuple[str, str] | None]:
    """The first map's group and the difference map's pair.

    By default the difference map shows the group whose mean of the map's outcome is
    furthest from the reference's, minus the reference: the largest effect.
    """
    base = groups.reference or groups.order[0]
    chosen = _group(options.map_scenario, groups) if options.map_scenario else base
    if options.map_diff:
        return chosen, (_group(options.map_diff[0], groups), _group(options.map_diff[1], groups))
    others = [g for g in groups.order if g != base]
    if not others:
        return chosen, None
    means = grouped.groupby("group")[options.map_outcome].mean()
    gap = {g: abs(means.get(g, float("nan")) - means.get(base, float("nan"))) for g in others}
    largest = max(others, key=lambda g: gap[g] if gap[g] == gap[g] else -1.0)
    return chosen, (largest, base)


def build_report(
    folder: Path, out: Path | None = None, options: ReportOptions | None = None
) -> Report:
    """Write the HTML report of the results in ``folder`` and its charts.

    Args:
        folder: a results folder of ``cogov batch``.
        out: the HTML file (default: :func:`default_output`); charts go to
            ``out.parent / (out.stem + "_charts")``.
        options: what to show (default: :class:`ReportOptions`).

    Returns:
        The paths written and the findings.

    Raises:
        ExperimentError: if ``folder`` is not a results folder or an option is not allowed.
        FontMissingError: for Chinese when no Chinese font is installed.
    """
    options = options or ReportOptions()
    folder = Path(folder)
    manifest, runs, all_runs = _check(folder, options)
    groups = group_runs(runs, manifest)
    grouped = runs.assign(group=runs["key"].map(groups.by_key))
    chosen, pair = _map_groups(groups, options, grouped)
    lang = options.lang
    out = Path(out) if out is not None else default_output(folder, lang)
    chart_dir = out.parent / f"{out.stem}_charts"
    outcomes = [o for o in REPORT_OUTCOMES if o in runs.columns]
    swept = manifest.get("design") in ("grid", "lhs", "sobol")  # groups span design points
    pooled = tr(CAPTIONS["pooled"], lang) if swept else ""
    charts: dict[str, dict[str, Path]] = {}
    figures: list[tuple[str, str]] = []  # (chart name, caption)

    def add(name: str, fig, caption: str) -> None:
        annotate(fig, tr(TITLES[name], lang), caption, lang)
        charts[name] = save_figure(fig, chart_dir, name)
        figures.append((name, caption))

    with chart_style(lang):
        findings, table, first = design_charts(manifest, runs, groups, outcomes, lang)
        for chart in first:
            add(*chart)
        daily = pd.read_parquet(folder / "daily.parquet")
        daily = daily[daily["key"].isin(groups.by_key)]
        daily = daily.assign(scenario=daily["key"].map(groups.by_key))
        fig = time_course_figure(
            daily_bands(daily, _WINDOW), groups.order, groups.reference, lang, _WINDOW
        )
        add("time_courses", fig, tr(CAPTIONS["time_courses"], lang, window=_WINDOW, pooled=pooled))
        summaries = load_summaries(folder, runs["key"])
        summaries = [s | {"scenario": groups.by_key[k]} for k, s in summaries.items()]
        add(*map_chart(summaries, groups, options.map_outcome, chosen, pair, lang))
        if options.rerun:
            times, infos = close_times(grouped, groups.order, by="group")
            if len(times):
                fig = deadline_figure(times, groups.order, groups.reference, lang)
                add("deadlines", fig, deadline_caption(infos, lang))
        fig = department_figure(
            department_table(grouped.assign(scenario=grouped["group"])),
            groups.order,
            groups.reference,
            lang,
        )
        add("departments", fig, tr(CAPTIONS["departments"], lang, pooled=pooled))
    lines = headline(table, outcomes, groups.reference, lang) if table is not None else []
    notes = caveats(runs, all_runs, manifest, groups.reference, lang)
    extra = [points_table(groups.points, lang)] if groups.points else []
    if table is not None and groups.reference is not None:
        shown = list(dict.fromkeys(table["outcome"]))
        extra.append(outcome_table(table, shown, groups.order, groups.reference, lang))
    shown_figures = [
        (tr(TITLES[name], lang), _data_uri(charts[name]["png"]), caption, name)
        for name, caption in figures
    ]
    robust = robustness_block(folder, lang)  # after `cogov discover DIR`: its sentences
    if robust is not None:
        extra.insert(0, robust[0])
        shown_figures += [(t, _data_uri(png), c, fid) for t, png, c, fid in robust[1]]
    text = page(
        manifest=manifest,
        lang=lang,
        findings=findings,
        methods=methods_box(manifest, runs, all_runs, lang),
        extra=extra,
        figures=shown_figures,
        chart_dir=chart_dir.name,
        front=headline_box(lines, lang),
        back=caveat_box(notes, lang) + glossary(_glossary_outcomes(outcomes), groups.order, lang),
    )
    write_bytes_atomic(out, text.encode("utf-8"))
    return Report(
        html=out, charts=charts, findings=findings, table=table, headline=lines, caveats=notes
    )


def _glossary_outcomes(outcomes: list[str]) -> list[str]:
    """The outcomes the brief shows: compared ones, then the map's and the charts' own."""
    return list(dict.fromkeys([*outcomes, *NEIGHBOURHOOD_OUTCOMES, "utilisation"]))


def _data_uri(png: Path) -> str:
    return "data:image/png;base64," + base64.b64encode(png.read_bytes()).decode("ascii")
