"""Charts of time courses and of the neighbourhood map, for a batch or for a single run.

Chart functions take tables (from :mod:`cogov.experiments.analysis.tables`) and return a matplotlib
:class:`~matplotlib.figure.Figure`; :func:`write_run_charts` draws and saves the charts of
one ``cogov run``. The map places the 17 neighbourhoods on the fixed schematic layout of
:func:`cogov.sim.space.layout` with the edges of :func:`cogov.sim.space.build_graph`, never
a computed layout, so every map of every report looks the same.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import matplotlib as mpl
import networkx as nx
import numpy as np
import pandas as pd
from matplotlib import patheffects
from matplotlib.colors import Normalize, TwoSlopeNorm
from matplotlib.figure import Figure
from matplotlib.patches import Circle

from cogov.experiments.analysis.tables import daily_bands, neighbourhood_table
from cogov.experiments.charts.style import (
    annotate,
    chart_style,
    new_figure,
    save_figure,
    scenario_styles,
)
from cogov.experiments.i18n import outcome_label, scenario_label, tr
from cogov.sim.outcomes import is_rate
from cogov.sim.space import build_graph, layout, neighbourhoods

__all__ = [
    "RUN_CHARTS",
    "MapPanel",
    "draw_run_chart",
    "legend_label",
    "map_figure",
    "time_course_figure",
    "write_run_charts",
]

_REFERENCE = (" (reference)", "（基准）")
_DAY = ("Simulated day (values at the end of each week)", "模拟天数（每周末的取值）")
_MEASURES = {
    "backlog": ("Open issues (count)", "未办结问题（件）", 1.0),
    "satisfaction": ("Satisfied, {w}-day share (%)", "近{w}天满意率（%）", 100.0),
    "trust_change": ("Change since day 1 (trust 0–1)", "较第1天的变化（信任度0–1）", 1.0),
}
#: display bounds of each measure (a t-interval of a count or share can cross them)
_BOUNDS = {"backlog": (0.0, np.inf), "satisfaction": (0.0, 100.0), "trust_change": (-1.0, 1.0)}
_MEASURE_TITLES = {
    "backlog": ("Backlog", "积压"),
    "satisfaction": ("Satisfaction", "满意度"),
    "trust_change": ("Residents' mean trust", "居民平均信任度"),
}
_NO_DATA = ("no data", "无数据")


def legend_label(scenario: str, reference: str | None, lang: str) -> str:
    """A scenario's name in legends, the reference marked."""
    label = scenario_label(scenario, lang)
    return label + tr(_REFERENCE, lang) if scenario == reference else label


def time_course_figure(
    bands: pd.DataFrame,
    scenarios: Sequence[str],
    reference: str | None,
    lang: str = "en",
    window: int = 7,
) -> Figure:
    """Backlog, satisfaction and trust by day: a line per scenario with its 95% band.

    Args:
        bands: from :func:`cogov.experiments.analysis.tables.daily_bands`.
        scenarios: scenarios in the order of the legend.
        reference: scenario drawn in black (or ``None``).
        lang: ``"en"`` or ``"zh"``.
        window: days of the satisfaction window (for the axis label).
    """
    styles = scenario_styles(scenarios, reference)
    fig = new_figure(9, 8)
    axes = fig.subplots(3, 1, sharex=True)
    for ax, measure in zip(axes, _MEASURES, strict=True):
        en, zh, factor = _MEASURES[measure]
        rows = bands[bands["measure"] == measure]
        for scenario in scenarios:
            st = styles[scenario]
            d = rows[rows["scenario"] == scenario].sort_values("day")
            if d.empty:
                continue
            x = d["day"].to_numpy(float) + 1  # day 0 ends after one simulated day
            low, high = (np.clip(factor * d[c], *_BOUNDS[measure]) for c in ("low", "high"))
            ax.fill_between(x, low, high, color=st.colour, alpha=0.12, lw=0)
            ax.plot(
                x,
                factor * d["mean"],
                color=st.colour,
                lw=st.linewidth,
                label=legend_label(scenario, reference, lang),
                zorder=3 if st.is_reference else 2,
            )
        ax.set_ylabel(tr((en, zh), lang, w=window))
        ax.set_title(tr(_MEASURE_TITLES[measure], lang), loc="left")
    axes[-1].set_xlabel(tr(_DAY, lang))
    axes[-1].set_xlim(left=0)
    if len(scenarios) > 1:
        handles, labels = axes[0].get_legend_handles_labels()
        fig.legend(handles, labels, loc="outside upper center", ncols=min(len(labels), 3))
    return fig


@dataclass(frozen=True, slots=True)
class MapPanel:
    """One map: a value per neighbourhood (by English name) and how to colour it."""

    values: Mapping[str, float]
    outcome: str
    title: str
    colourbar: str
    diverging: bool = False
    noise: frozenset[str] = frozenset()


def _norm(values: np.ndarray, diverging: bool) -> Normalize:
    finite = values[np.isfinite(values)]
    if diverging:
        span = float(np.max(np.abs(finite))) if finite.size else 1.0
        span = span or 1.0
        return TwoSlopeNorm(0.0, -span, span)
    if not finite.size:
        return Normalize(0.0, 1.0)
    lo, hi = float(finite.min()), float(finite.max())
    return Normalize(lo, hi if hi > lo else lo + 1e-9)


def subdistricts_of(values: Mapping[str, float]) -> int:
    """How many copies of the 17-committee map a run has (a district scenario has several)."""
    return max(1, math.ceil(len(values) / len(neighbourhoods())))


def _draw_map(ax, panel: MapPanel, lang: str, copies: int) -> None:
    graph = build_graph(subdistricts=copies)
    pos = nx.get_node_attributes(graph, "pos")
    for a, b in graph.edges:
        (xa, ya), (xb, yb) = pos[a], pos[b]
        ax.plot([xa, xb], [ya, yb], color="#bbbbbb", lw=2.5 / copies**0.5, zorder=1)
    nodes = sorted(graph.nodes)
    values = np.array([panel.values.get(graph.nodes[n]["name"], math.nan) for n in nodes])
    norm = _norm(values.astype(float), panel.diverging)
    cmap = mpl.colormaps["PuOr" if panel.diverging else "cividis"]
    halo = [patheffects.withStroke(linewidth=3, foreground="white")]
    for node, v in zip(nodes, values, strict=True):
        x, y = pos[node]
        known = math.isfinite(v)
        noise = graph.nodes[node]["name"] in panel.noise
        face = cmap(norm(v)) if known else "#eeeeee"
        if noise and known:  # faded: within noise of the average (or of zero)
            face = mpl.colors.to_rgba(face, 0.25)
        hatch = None if known else "///"
        ax.add_patch(
            Circle(
                (x, y),
                0.14,
                fc=face,
                ec="#333333",
                lw=0.8,
                ls="--" if noise else "-",
                zorder=2,
                hatch=hatch,
            )
        )
        if copies > 1:  # a district: too many committees to name; the copies are numbered
            continue
        r, g, b, alpha = mpl.colors.to_rgba(face)
        dark = 0.299 * r + 0.587 * g + 0.114 * b < 0.5 and alpha > 0.5
        ink = "white" if dark else "black"
        text = _short(panel.outcome, v, panel.diverging) if known else tr(_NO_DATA, lang)
        effects = None if known else halo  # readable over the hatching
        ax.text(
            x,
            y,
            text,
            ha="center",
            va="center",
            fontsize=9,
            color=ink,
            zorder=3,
            path_effects=effects,
        )
        name = graph.nodes[node]["name_zh" if lang == "zh" else "name"]
        ax.text(
            x,
            y + 0.165,
            name,
            ha="center",
            va="bottom",
            fontsize=9,
            zorder=4,
            fontweight="bold",
            path_effects=halo,
        )
    if copies > 1:  # each copy's number in the empty north-west corner of its grid
        per = len(neighbourhoods())
        for c in range(copies):
            xs, ys = zip(*(pos[c * per + i] for i in range(per)), strict=True)
            box = {"boxstyle": "round", "fc": "white", "ec": "#333333"}
            ax.text(min(xs), max(ys), str(c + 1), ha="center", va="center", bbox=box)
    xs, ys = zip(*pos.values(), strict=True)
    ax.set_xlim(min(xs) - 0.25, max(xs) + 0.25)
    ax.set_ylim(min(ys) - 0.22, max(ys) + 0.3)
    ax.set_aspect("equal")
    ax.set_axis_off()
    ax.set_title(panel.title)
    mappable = mpl.cm.ScalarMappable(norm=norm, cmap=cmap)
    bar = ax.figure.colorbar(mappable, ax=ax, orientation="horizontal", shrink=0.8, pad=0.02)
    bar.set_label(panel.colourbar)
    if is_rate(panel.outcome):
        bar.formatter = mpl.ticker.PercentFormatter(xmax=1.0, decimals=0)
        bar.update_ticks()


def _short(outcome: str, v: float, diverging: bool) -> str:
    """A value inside a map circle: the number only (the colour bar names the unit)."""
    if is_rate(outcome):
        v *= 100
    text = f"{v:+.1f}" if diverging else f"{v:.1f}"
    return text.replace("-", "−")


def map_figure(panels: Sequence[MapPanel], lang: str = "en") -> Figure:
    """The neighbourhood map, one panel per :class:`MapPanel`, side by side.

    A district run (several subdistricts) is drawn as its copies of the map side by side,
    numbered, without committee names.
    """
    copies = subdistricts_of(panels[0].values)
    xs, ys = zip(*layout(copies).values(), strict=True)
    aspect = (max(ys) - min(ys) + 0.6) / (max(xs) - min(xs) + 0.5)
    fig = new_figure(6.2 * len(panels), 6.2 * min(1.4, max(0.6, aspect)) + 0.6)
    axes = fig.subplots(1, len(panels), squeeze=False)[0]
    for ax, panel in zip(axes, panels, strict=True):
        _draw_map(ax, panel, lang, copies)
    return fig


_RUN_TITLE = ("{scenario}, seed {seed}", "{scenario}，随机种子 {seed}")
_MAP_OUTCOMES = ("mean_hours_to_close", "satisfaction_mean")


_RUN_CAPTIONS = {
    "time_courses": (
        "One run, values at the end of each week: open issues, the share of ratings that "
        "were satisfied that week, and residents' mean trust as its change since day 1.",
        "单次运行，每周末的取值：未办结问题数、当周评价中满意的比例，以及居民平均信任度较第1天的变化。",
    ),
    "map": (
        "One run: each neighbourhood's {a} and {b}. One run shows noise as well as "
        "geography: compare neighbourhoods over many runs with `cogov batch` and "
        "`cogov report`. Positions are schematic (west left, north up).",
        "单次运行：各居委会的{a}与{b}。单次运行中的差异既有地理因素也有噪声：请用 `cogov batch` 与"
        " `cogov report` 在多次运行上比较。位置为示意（西左北上）。",
    ),
}
_RUN_TITLES = {
    "time_courses": ("Backlog, satisfaction and trust: {title}", "积压、满意度与信任：{title}"),
    "map": ("Neighbourhoods: {title}", "各居委会：{title}"),
}


#: the charts of one run, in the order they are drawn
RUN_CHARTS = ("time_courses", "map")


def draw_run_chart(
    name: str,
    summary: dict,
    daily: dict,
    out_dir: Path,
    lang: str = "en",
    formats: Sequence[str] = ("png", "svg"),
) -> dict[str, Path]:
    """Draw and save one chart of a run (one of :data:`RUN_CHARTS`); return its files.

    Each chart is drawn on its own, so that ``cogov run`` can draw them in parallel.

    Raises:
        FontMissingError: for ``zh`` when no Chinese font is installed.
        ValueError: for a name not in :data:`RUN_CHARTS`.
    """
    if name not in RUN_CHARTS:
        raise ValueError(f"chart {name!r}: allowed: {', '.join(RUN_CHARTS)}")
    scenario = summary["scenario"]
    title = tr(_RUN_TITLE, lang, scenario=scenario_label(scenario, lang), seed=summary["seed"])
    with chart_style(lang):
        if name == "time_courses":
            frame = pd.DataFrame(daily).assign(key="run", scenario=scenario)
            fig = time_course_figure(daily_bands(frame), [scenario], None, lang)
            caption = tr(_RUN_CAPTIONS["time_courses"], lang)
        else:
            table = neighbourhood_table([summary]).set_index("neighbourhood")
            panels = [
                MapPanel(
                    table[o].to_dict(),
                    o,
                    outcome_label(o, lang),
                    outcome_label(o, lang, unit=True),
                )
                for o in _MAP_OUTCOMES
            ]
            fig = map_figure(panels, lang)
            a, b = (outcome_label(o, lang, unit=True) for o in _MAP_OUTCOMES)
            caption = tr(_RUN_CAPTIONS["map"], lang, a=a, b=b)
        annotate(fig, tr(_RUN_TITLES[name], lang, title=title), caption, lang)
        return save_figure(fig, out_dir, name, formats)


def write_run_charts(
    summary: dict,
    daily: dict,
    out_dir: Path,
    lang: str = "en",
    formats: Sequence[str] = ("png", "svg"),
) -> dict[str, dict[str, Path]]:
    """Draw and save the charts of one run: time courses and the neighbourhood map.

    Args:
        summary: the run's summary (``RunResult.summary``).
        daily: the run's daily table (``RunResult.daily``: column name -> values).
        out_dir: folder for ``time_courses.png/.svg`` and ``map.png/.svg``.
        lang: ``"en"`` or ``"zh"``.
        formats: the file formats written.

    Returns:
        Chart name -> {format: path}.

    Raises:
        FontMissingError: for ``zh`` when no Chinese font is installed.
    """
    return {
        name: draw_run_chart(name, summary, daily, out_dir, lang, formats) for name in RUN_CHARTS
    }
