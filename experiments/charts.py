"""Charts of time courses and of the neighbourhood map, for a batch or for a single run.

Chart functions take tables (from :mod:`experiments.report_data`) and return a matplotlib
:class:`~matplotlib.figure.Figure`; :func:`write_run_charts` draws and saves the charts of
one ``cogov run``. The map places the 17 neighbourhoods on the fixed schematic layout of
:func:`sim.space.layout` with the edges of :func:`sim.space.build_graph`, never a computed
layout, so every map of every report looks the same.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import matplotlib as mpl
import numpy as np
import pandas as pd
from matplotlib import patheffects
from matplotlib.colors import Normalize, TwoSlopeNorm
from matplotlib.figure import Figure
from matplotlib.patches import Circle

from experiments.chartstyle import chart_style, new_figure, save_figure, scenario_styles
from experiments.i18n import fmt_diff, fmt_value, outcome_label, scenario_label, tr
from experiments.report_data import daily_bands, neighbourhood_table
from sim.space import build_graph, neighbourhoods

__all__ = ["MapPanel", "map_figure", "time_course_figure", "write_run_charts"]

_REFERENCE = (" (reference)", "（基准）")
_DAY = ("Simulated day", "模拟天数（天）")
_MEASURES = {
    "backlog": ("Open issues (count)", "未办结问题（件）", 1.0),
    "satisfaction": ("Satisfied, {w}-day share (%)", "近{w}天满意率（%）", 100.0),
    "trust_mean": ("Residents' mean trust (0–1)", "居民平均信任度（0–1）", 1.0),
}
_MEASURE_TITLES = {
    "backlog": ("Backlog", "积压"),
    "satisfaction": ("Satisfaction", "满意度"),
    "trust_mean": ("Trust", "信任"),
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
        bands: from :func:`experiments.report_data.daily_bands`.
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
            ax.fill_between(
                x, factor * d["low"], factor * d["high"], color=st.colour, alpha=0.15, lw=0
            )
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


def _draw_map(ax, panel: MapPanel, lang: str) -> None:
    nbs = neighbourhoods()
    graph = build_graph()
    pos = {n.id: (n.x_km, n.y_km) for n in nbs}
    for a, b in graph.edges:
        (xa, ya), (xb, yb) = pos[a], pos[b]
        ax.plot([xa, xb], [ya, yb], color="#bbbbbb", lw=2.5, zorder=1, solid_capstyle="round")
    values = np.array([panel.values.get(n.name, math.nan) for n in nbs], dtype=float)
    norm = _norm(values, panel.diverging)
    cmap = mpl.colormaps["PuOr" if panel.diverging else "cividis"]
    fmt = fmt_diff if panel.diverging else fmt_value
    halo = [patheffects.withStroke(linewidth=3, foreground="white")]
    for n, v in zip(nbs, values, strict=True):
        x, y = pos[n.id]
        known = math.isfinite(v)
        face = cmap(norm(v)) if known else "#eeeeee"
        ax.add_patch(
            Circle(
                (x, y),
                0.14,
                facecolor=face,
                edgecolor="#333333",
                lw=0.8,
                zorder=2,
                hatch=None if known else "///",
            )
        )
        r, g, b, _ = mpl.colors.to_rgba(face)
        ink = "white" if 0.299 * r + 0.587 * g + 0.114 * b < 0.5 else "black"
        text = fmt(panel.outcome, v, lang) if known else tr(_NO_DATA, lang)
        ax.text(
            x,
            y,
            text.replace(" ", "\n", 1),
            ha="center",
            va="center",
            fontsize=7.5,
            color=ink,
            zorder=3,
        )
        name = n.name_zh if lang == "zh" else n.name
        ax.text(
            x,
            y + 0.165,
            name,
            ha="center",
            va="bottom",
            fontsize=8.5,
            zorder=4,
            fontweight="bold",
            path_effects=halo,
        )
    ax.set_xlim(-0.25, 1.85)
    ax.set_ylim(-0.22, 1.5)
    ax.set_aspect("equal")
    ax.set_axis_off()
    ax.set_title(panel.title)
    mappable = mpl.cm.ScalarMappable(norm=norm, cmap=cmap)
    bar = ax.figure.colorbar(mappable, ax=ax, orientation="horizontal", shrink=0.8, pad=0.02)
    bar.set_label(panel.colourbar)
    if outcome_is_rate(panel.outcome):
        bar.formatter = mpl.ticker.PercentFormatter(xmax=1.0, decimals=0)
        bar.update_ticks()


def outcome_is_rate(outcome: str) -> bool:
    """Whether an outcome is a share (drawn as a percentage)."""
    return outcome.endswith("_rate") or outcome == "satisfaction_mean"


def map_figure(panels: Sequence[MapPanel], lang: str = "en") -> Figure:
    """The neighbourhood map, one panel per :class:`MapPanel`, side by side."""
    fig = new_figure(6.2 * len(panels), 6.2)
    axes = fig.subplots(1, len(panels), squeeze=False)[0]
    for ax, panel in zip(axes, panels, strict=True):
        _draw_map(ax, panel, lang)
    return fig


_RUN_TITLE = ("{scenario}, seed {seed}", "{scenario}，随机种子 {seed}")
_MAP_OUTCOMES = ("mean_hours_to_close", "satisfaction_mean")


def write_run_charts(
    summary: dict, daily: dict, out_dir: Path, lang: str = "en"
) -> dict[str, dict[str, Path]]:
    """Draw and save the charts of one run: time courses and the neighbourhood map.

    Args:
        summary: the run's summary (``RunResult.summary``).
        daily: the run's daily table (``RunResult.daily``: column name -> values).
        out_dir: folder for ``time_courses.png/.svg`` and ``map.png/.svg``.
        lang: ``"en"`` or ``"zh"``.

    Returns:
        Chart name -> {"png": path, "svg": path}.

    Raises:
        FontMissingError: for ``zh`` when no Chinese font is installed.
    """
    scenario = summary["scenario"]
    frame = pd.DataFrame(daily).assign(key="run", scenario=scenario)
    title = tr(_RUN_TITLE, lang, scenario=scenario_label(scenario, lang), seed=summary["seed"])
    written = {}
    with chart_style(lang):
        fig = time_course_figure(daily_bands(frame), [scenario], None, lang)
        fig.suptitle(title)
        written["time_courses"] = save_figure(fig, out_dir, "time_courses")
        table = neighbourhood_table([summary]).set_index("neighbourhood")
        panels = [
            MapPanel(
                table[o].to_dict(), o, outcome_label(o, lang), outcome_label(o, lang, unit=True)
            )
            for o in _MAP_OUTCOMES
        ]
        fig = map_figure(panels, lang)
        fig.suptitle(title)
        written["map"] = save_figure(fig, out_dir, "map")
    return written
