"""Charts that compare scenarios: key outcomes, department load, close times against deadlines.

Each function takes a table and returns a :class:`~matplotlib.figure.Figure`. Scenarios are
drawn in the fixed styles of :func:`cogov.experiments.charts.style.scenario_styles`: the reference
in black with a diamond, its mean also drawn as a dashed line across each panel.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import FixedLocator, NullLocator

from cogov.experiments.charts.run import legend_label
from cogov.experiments.charts.style import new_figure, scenario_styles
from cogov.experiments.i18n import department_label, fmt_value, kind_label, outcome_label, tr
from cogov.sim.outcomes import is_rate
from cogov.sim.outcomes import outcome as registry

__all__ = ["comparison_figure", "deadline_figure", "department_figure"]


def _scale(outcome: str) -> float:
    return 100.0 if is_rate(outcome) else 1.0


_DIFF_AXIS = ("difference ({unit})", "差值（{unit}）")
_REF_TITLE = ("{outcome} — reference {value}", "{outcome}——基准{value}")
_BAND = ("within the practical threshold", "实际意义阈值以内")
_NOISE = ("hollow: interval includes zero (noise)", "空心：区间含零（噪声）")


def _diff_unit(outcome: str, lang: str) -> str:
    entry = registry(outcome)
    zh = lang == "zh"
    if entry.kind == "rate":
        return "百分点" if zh else "percentage points"
    if entry.kind == "hours":
        return "小时" if zh else "h"
    if entry.kind == "index":
        return "0–1"
    return entry.noun(lang) or ("数量" if zh else "count")


def comparison_figure(
    table: pd.DataFrame,
    outcomes: Sequence[str],
    scenarios: Sequence[str],
    reference: str | None,
    lang: str = "en",
) -> Figure:
    """Each scenario's difference from the reference, with its 95% interval, per outcome.

    Panels of outcomes with the same unit share one scale (a 0.3-point gap looks as small
    as it is next to a 7-point gap); a grey band marks the outcome's practical threshold
    and hollow markers the differences whose interval includes zero. Without a reference,
    each scenario's mean is drawn instead.

    Args:
        table: from :func:`cogov.experiments.analysis.estimates.summarize` (one point per
            scenario), with differences when there is a reference.
        outcomes: outcomes, one panel each (three to a row).
        scenarios: scenarios, top to bottom.
        reference: the reference scenario, or ``None``.
        lang: ``"en"`` or ``"zh"``.
    """
    styles = scenario_styles(scenarios, reference)
    diffs = reference is not None and "diff" in table
    shown = [s for s in scenarios if s != reference] if diffs else list(scenarios)
    ncols = min(3, len(outcomes))
    nrows = -(-len(outcomes) // ncols)
    fig = new_figure(4.2 * ncols, 0.42 * max(2, len(shown)) * nrows + 1.5 * nrows)
    axes = fig.subplots(nrows, ncols, sharey=True, squeeze=False).ravel()
    ys = np.arange(len(shown))[::-1]
    cols = ("diff", "diff_low", "diff_high") if diffs else ("mean", "ci_low", "ci_high")
    spans: dict[str, float] = {}
    for ax, outcome in zip(axes, outcomes, strict=False):
        f = _scale(outcome)
        rows = table[table["outcome"] == outcome].set_index("scenario")
        entry = registry(outcome)
        for y, scenario in zip(ys, shown, strict=True):
            if scenario not in rows.index:
                continue
            r, st = rows.loc[scenario], styles[scenario]
            mid, low, high = (float(r[c]) for c in cols)
            err = np.nan_to_num(np.array([[mid - low], [high - mid]]) * f)
            noise = diffs and not (low > 0 or high < 0)
            ax.errorbar(
                f * mid,
                y,
                xerr=err,
                fmt=st.marker,
                color=st.colour,
                mfc="white" if noise else st.colour,
                ms=7,
                elinewidth=2,
                capsize=3,
            )
            if diffs:
                spans[entry.unit_en] = max(
                    [spans.get(entry.unit_en, 0.0), *(abs(f * v) for v in (low, high) if v == v)]
                )
        if diffs:
            ax.axvline(0, color="black", lw=1.2, zorder=0)
            if entry.threshold:
                t = f * entry.threshold
                ax.axvspan(-t, t, color="#e8e8e8", lw=0, zorder=0, label=tr(_BAND, lang))
                spans[entry.unit_en] = max(spans.get(entry.unit_en, 0.0), t)
            value = rows.loc[reference, "mean"] if reference in rows.index else None
            ax.set_title(
                tr(
                    _REF_TITLE,
                    lang,
                    outcome=outcome_label(outcome, lang),
                    value=fmt_value(outcome, value, lang),
                ),
                loc="left",
                fontsize=10,
            )
            ax.set_xlabel(tr(_DIFF_AXIS, lang, unit=_diff_unit(outcome, lang)))
        else:
            ax.set_title(outcome_label(outcome, lang), loc="left")
            ax.set_xlabel(outcome_label(outcome, lang, unit=True))
            ax.margins(x=0.15)
        ax.grid(axis="y", visible=False)
    if diffs:  # one symmetric scale per unit, so equal gaps look equal
        for ax, outcome in zip(axes, outcomes, strict=False):
            span = spans.get(registry(outcome).unit_en) or 1.0
            ax.set_xlim(-1.12 * span, 1.12 * span)
    for ax in axes[len(outcomes) :]:
        ax.set_visible(False)
    axes[0].set_yticks(ys, [legend_label(s, reference, lang) for s in shown])
    axes[0].set_ylim(-0.6, len(shown) - 0.4)
    if diffs:
        band = Patch(color="#e8e8e8", label=tr(_BAND, lang))
        hollow = Line2D(
            [], [], marker="o", mfc="white", color="#555555", ls="", label=tr(_NOISE, lang)
        )
        fig.legend(handles=[band, hollow], loc="outside upper center", ncols=2, fontsize=8.5)
    return fig


_DEPT_FIELDS = {
    "utilisation": ("Staff utilisation (%)", "人员利用率（%）"),
    "mean_wait_hours": ("Mean hours in queue (h)", "平均排队时长（小时）"),
}


def department_figure(
    table: pd.DataFrame, scenarios: Sequence[str], reference: str | None, lang: str = "en"
) -> Figure:
    """Utilisation and queue waits per department: a dot and 95% interval per scenario.

    Args:
        table: from :func:`cogov.experiments.analysis.tables.department_table`.
        scenarios: scenarios in legend order.
        reference: the reference scenario, or ``None``.
        lang: ``"en"`` or ``"zh"``.
    """
    styles = scenario_styles(scenarios, reference)
    depts = list(dict.fromkeys(table["department"]))
    fig = new_figure(11, 1.2 + 0.22 * len(depts) * max(3, len(scenarios)))
    axes = fig.subplots(1, 2, sharey=True)
    step = 0.7 / max(1, len(scenarios))
    for ax, (field, label) in zip(axes, _DEPT_FIELDS.items(), strict=True):
        f = 100.0 if field == "utilisation" else 1.0
        rows = table[table["field"] == field]
        for i, scenario in enumerate(scenarios):
            st = styles[scenario]
            d = rows[rows["scenario"] == scenario].set_index("department").reindex(depts)
            y = np.arange(len(depts))[::-1] + 0.35 - step / 2 - i * step
            err = np.nan_to_num(np.vstack([d["mean"] - d["low"], d["high"] - d["mean"]])) * f
            ax.errorbar(
                f * d["mean"],
                y,
                xerr=err,
                fmt=st.marker,
                color=st.colour,
                ms=5,
                capsize=2,
                label=legend_label(scenario, reference, lang),
            )
        for k in range(0, len(depts), 2):  # bands guide the eye across a department's row
            ax.axhspan(len(depts) - 1 - k - 0.5, len(depts) - 1 - k + 0.5, color="#f3f3f3", lw=0)
        ax.set_xlabel(tr(label, lang))
        ax.set_xlim(left=0)
        ax.grid(axis="y", visible=False)
    axes[0].set_yticks(np.arange(len(depts))[::-1], [department_label(d, lang) for d in depts])
    axes[0].set_ylim(-0.5, len(depts) - 0.5)
    handles, labels = axes[0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="outside upper center", ncols=min(3, len(labels)))
    return fig


_HOURS = ("Hours from report to close (log scale)", "从报告到办结的小时数（对数刻度）")
_SHARE = ("Closed within x hours (%)", "x小时内办结的比例（%）")
_DEADLINE = ("deadline {h:g} h", "时限 {h:g} 小时")
_TIER = ("{h:g} h deadline: {kinds}", "时限{h:g}小时：{kinds}")
_TICKS = (0.25, 1, 4, 24, 72, 168, 720, 2160)  # sparse: a log axis crowds its labels


def deadline_figure(
    times: pd.DataFrame, scenarios: Sequence[str], reference: str | None, lang: str = "en"
) -> Figure:
    """Cumulative distribution of hours to close, a panel per deadline tier, deadlines marked.

    Args:
        times: from :func:`cogov.experiments.report.closetimes.close_times`.
        scenarios: scenarios in legend order.
        reference: the reference scenario, or ``None``.
        lang: ``"en"`` or ``"zh"``.
    """
    styles = scenario_styles(scenarios, reference)
    tiers = sorted(times["deadline_hours"].unique())
    ncols = min(3, len(tiers))
    nrows = -(-len(tiers) // ncols)
    fig = new_figure(4.0 * ncols, 3.3 * nrows + 0.6)
    axes = fig.subplots(nrows, ncols, sharey=True, squeeze=False).ravel()
    lo = max(0.05, float(times["hours"].min())) if len(times) else 0.1
    longest = float(times["hours"].max()) if len(times) else 1.0
    hi = max(longest, 2.5 * max(tiers, default=1.0)) * 1.2  # room for the deadline labels
    for ax, tier in zip(axes, tiers, strict=False):
        rows = times[times["deadline_hours"] == tier]
        for scenario in scenarios:
            hours = np.sort(rows.loc[rows["scenario"] == scenario, "hours"].to_numpy(float))
            if hours.size == 0:
                continue
            st = styles[scenario]
            share = 100.0 * np.arange(0, hours.size + 1) / hours.size
            hours = np.concatenate([hours[:1], hours])  # rise from 0% at the first close
            ax.step(
                np.clip(hours, lo, None),
                share,
                where="post",
                color=st.colour,
                lw=st.linewidth,
                label=legend_label(scenario, reference, lang),
            )
        ax.axvline(tier, color="#555555", ls="--", lw=1.2)
        ax.text(
            tier * 1.12,
            98,
            tr(_DEADLINE, lang, h=tier),
            rotation=90,
            va="top",
            fontsize=8,
            color="#555555",
            zorder=6,
            bbox={"fc": "white", "ec": "none", "alpha": 0.85, "pad": 1},
        )
        kinds = ", " if lang == "en" else "、"
        names = kinds.join(kind_label(k, lang) for k in dict.fromkeys(rows["kind"]))
        ax.set_title(
            "\n".join(
                textwrap.wrap(tr(_TIER, lang, h=tier, kinds=names), 44 if lang == "en" else 22)
            ),
            loc="left",
            fontsize=9.5,
        )
        ax.set_xscale("log")
        ax.set_xlim(lo, hi)
        ax.xaxis.set_major_locator(FixedLocator([t for t in _TICKS if lo <= t <= hi]))
        ax.xaxis.set_minor_locator(NullLocator())
        ax.xaxis.set_major_formatter(lambda x, _: f"{x:g}")
        ax.set_ylim(0, 101)
    for ax in axes[len(tiers) :]:
        ax.set_visible(False)
    for ax in axes[::ncols]:
        ax.set_ylabel(tr(_SHARE, lang))
    fig.supxlabel(tr(_HOURS, lang), fontsize=10)
    handles, labels = axes[0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="outside upper center", ncols=min(3, len(labels)))
    return fig
