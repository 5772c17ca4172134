"""Plain sentences of findings, every number computed from the results tables.

A difference is called distinguishable from zero when its 95% interval excludes zero
(paired by seed when scenarios share seeds, as
:func:`cogov.experiments.analysis.estimates.summarize` does).
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Sequence

import numpy as np
import pandas as pd

from cogov.experiments.i18n import (
    fmt_diff,
    fmt_interval,
    fmt_value,
    outcome_label,
    parameter_label,
    scenario_label,
    tr,
)

__all__ = [
    "HIGHER_IS_BETTER",
    "best_scenario",
    "distinguishable",
    "scenario_findings",
    "sobol_findings",
    "sweep_findings",
]

#: direction of "better" for outcomes that have one
HIGHER_IS_BETTER = {
    "on_time_rate": True,
    "solved_rate": True,
    "satisfaction_mean": True,
    "mean_hours_to_close": False,
    "petitions": False,
}

_ON_TIME_BEST = (
    "{best} closes the most issues on time: {value} ({ci}), {diff} against the reference "
    "{ref} ({dci}); the difference is {verdict}.",
    "{best}的按时办结率最高：{value}（{ci}），比基准{ref}{diff}（{dci}），{verdict}。",
)
_ON_TIME_REF = (
    "No scenario closes more issues on time than the reference {ref}: {value} ({ci}).",
    "没有任何情景的按时办结率高于基准{ref}：{value}（{ci}）。",
)
_WORST = (
    "{worst} closes the fewest on time: {value} ({ci}), {diff} against the reference "
    "({dci}); {verdict}.",
    "{worst}的按时办结率最低：{value}（{ci}），与基准相比{diff}（{dci}），{verdict}。",
)
_BEST = (
    "{outcome}: best under {best}, {value} ({ci}); against the reference {diff} ({dci}), "
    "{verdict}.",
    "{outcome}：{best}最好，{value}（{ci}）；与基准相比{diff}（{dci}），{verdict}。",
)
_REF_BEST = (
    "{outcome}: no scenario does better than the reference, {value} ({ci}).",
    "{outcome}：没有情景优于基准，{value}（{ci}）。",
)
_COUNT = (
    "Differences from the reference whose 95% intervals exclude zero: {j} of {k} "
    "(over {m} key outcomes).",
    "在{m}项关键结果上与基准的{k}个差异中，有{j}个的95%置信区间不含零。",
)
_PER_SCENARIO = ("{scenario} against the reference: {items}.", "{scenario}与基准相比：{items}。")
_NONE = ("no difference distinguishable from zero", "没有与零可区分的差异")
_ITEM = ("{outcome} {diff} ({dci})", "{outcome}{diff}（{dci}）")
_YES = ("distinguishable from zero", "与零可区分（显著）")
_NO = (
    "not distinguishable from zero with {n} replicates",
    "在{n}次重复下与零无法区分",
)
_ONLY = ("{scenario}: {outcome} {value} ({ci}).", "{scenario}：{outcome} {value}（{ci}）。")


def distinguishable(row: pd.Series) -> bool:
    """Whether a difference's 95% interval excludes zero."""
    low, high = row.get("diff_low", math.nan), row.get("diff_high", math.nan)
    return bool((low > 0) or (high < 0))


def best_scenario(table: pd.DataFrame, outcome: str, reference: str | None) -> pd.Series:
    """The row of the scenario with the best mean of ``outcome`` (ties go to the reference).

    "Best" is the highest mean, or the lowest where :data:`HIGHER_IS_BETTER` says so.
    """
    rows = table[table["outcome"] == outcome].dropna(subset=["mean"])
    higher = HIGHER_IS_BETTER.get(outcome, True)
    best = rows["mean"].max() if higher else rows["mean"].min()
    tied = rows[rows["mean"] == best]
    ref = tied[tied["scenario"] == reference]
    return (ref if len(ref) else tied).iloc[0]


def _numbers(row: pd.Series, outcome: str, lang: str) -> dict[str, str]:
    n = int(row["n"])
    return {
        "value": fmt_value(outcome, row["mean"], lang),
        "ci": fmt_interval(outcome, row["ci_low"], row["ci_high"], lang),
        "diff": fmt_diff(outcome, row.get("diff"), lang),
        "dci": fmt_interval(outcome, row.get("diff_low"), row.get("diff_high"), lang, diff=True),
        "verdict": tr(_YES, lang) if distinguishable(row) else tr(_NO, lang, n=n),
    }


def scenario_findings(
    table: pd.DataFrame, outcomes: Sequence[str], reference: str | None, lang: str = "en"
) -> list[str]:
    """Sentences comparing scenarios with the reference.

    Args:
        table: from :func:`cogov.experiments.analysis.estimates.summarize` with
            ``reference`` (one design point per scenario).
        outcomes: the key outcomes covered.
        reference: the reference scenario.
        lang: ``"en"`` or ``"zh"``.
    """
    scenarios = list(dict.fromkeys(table["scenario"]))

    def label(scenario: str) -> str:
        return scenario_label(scenario, lang)

    if reference is None or len(scenarios) < 2:
        out = []
        for _, r in table[table["outcome"].isin(outcomes)].iterrows():
            nums = _numbers(r, r["outcome"], lang)
            name = outcome_label(r["outcome"], lang)
            out.append(tr(_ONLY, lang, scenario=label(r["scenario"]), outcome=name, **nums))
        return out
    out = []
    on_time = "on_time_rate"
    if on_time in outcomes:
        best = best_scenario(table, on_time, reference)
        nums = _numbers(best, on_time, lang)
        if best["scenario"] == reference:
            out.append(tr(_ON_TIME_REF, lang, ref=label(reference), **nums))
        else:
            out.append(
                tr(_ON_TIME_BEST, lang, best=label(best["scenario"]), ref=label(reference), **nums)
            )
        rows = table[(table["outcome"] == on_time) & (table["scenario"] != reference)]
        worst = rows.loc[rows["mean"].idxmin()] if rows["mean"].notna().any() else None
        if worst is not None and worst["scenario"] != best["scenario"]:
            out.append(
                tr(_WORST, lang, worst=label(worst["scenario"]), **_numbers(worst, on_time, lang))
            )
    for outcome in outcomes:
        if outcome == on_time or outcome not in HIGHER_IS_BETTER:
            continue
        best = best_scenario(table, outcome, reference)
        template = _REF_BEST if best["scenario"] == reference else _BEST
        out.append(
            tr(
                template,
                lang,
                outcome=outcome_label(outcome, lang),
                best=label(best["scenario"]),
                **_numbers(best, outcome, lang),
            )
        )
    diffs = table[(table["scenario"] != reference) & table["outcome"].isin(outcomes)]
    diffs = diffs.dropna(subset=["diff"])
    hits = diffs[[distinguishable(r) for _, r in diffs.iterrows()]]
    out.append(tr(_COUNT, lang, k=len(diffs), m=len(outcomes), j=len(hits)))
    sep = "; " if lang == "en" else "；"
    for scenario in scenarios:
        if scenario == reference:
            continue
        mine = hits[hits["scenario"] == scenario]
        items = sep.join(
            tr(
                _ITEM,
                lang,
                outcome=outcome_label(r["outcome"], lang),
                **_numbers(r, r["outcome"], lang),
            )
            for _, r in mine.iterrows()
        )
        out.append(
            tr(_PER_SCENARIO, lang, scenario=label(scenario), items=items or tr(_NONE, lang))
        )
    return out


_SWEEP = (
    "{outcome} varies most with {param}: from {lo} ({lo_ci}) at {xlo} to {hi} ({hi_ci}) at "
    "{xhi} (means over the other parameters' values; {scenario}).",
    "{outcome}随{param}变化最大：{xlo}时为{lo}（{lo_ci}），{xhi}时为{hi}（{hi_ci}）"
    "（对其他参数取平均；{scenario}）。",
)
_FLAT = (
    "{outcome} is the same at every parameter value tried ({value}; {scenario}).",
    "{outcome}在所有参数取值下都相同（{value}；{scenario}）。",
)
_SOBOL = (
    "{outcome}: the largest total Sobol index is that of {param}, ST = {st} ({ci}); "
    "first order S1 = {s1}.",
    "{outcome}：总效应Sobol指数最大的是{param}，ST = {st}（{ci}）；一阶指数 S1 = {s1}。",
)
_INDEX_CI = ("95% CI {lo} to {hi}", "95%置信区间 {lo} 至 {hi}")


def _idx(x: float) -> str:
    return f"{x:.2f}".replace("-", "−") if math.isfinite(x) else "–"


def _x(value: object) -> str:
    """A parameter value: 2000.0 as 2,000, 0.15 as 0.15."""
    if isinstance(value, numbers.Real) and not isinstance(value, bool | np.bool_):
        return f"{float(value):,.6g}"
    return str(value)


def sweep_findings(table: pd.DataFrame, outcomes: Sequence[str], lang: str = "en") -> list[str]:
    """For each outcome, the parameter whose values move its mean the most, and how far.

    The sentence gives the lowest and the highest mean over that parameter's values.

    Args:
        table: from :func:`cogov.experiments.analysis.tables.marginal_table`.
        outcomes: outcomes covered.
        lang: ``"en"`` or ``"zh"``.
    """
    out = []
    for (scenario, outcome), rows in table.groupby(["scenario", "outcome"], sort=False):
        if outcome not in outcomes or rows["mean"].isna().all():
            continue
        spans = rows.groupby("parameter", sort=False)["mean"].agg(lambda m: m.max() - m.min())
        name = outcome_label(outcome, lang)
        if not spans.max() > 0:
            value = fmt_value(outcome, rows["mean"].dropna().iloc[0], lang)
            out.append(
                tr(_FLAT, lang, outcome=name, value=value, scenario=scenario_label(scenario, lang))
            )
            continue
        param = spans.idxmax()
        d = rows[rows["parameter"] == param].dropna(subset=["mean"])
        lo, hi = d.loc[d["mean"].idxmin()], d.loc[d["mean"].idxmax()]
        out.append(
            tr(
                _SWEEP,
                lang,
                outcome=name,
                param=parameter_label(param, lang),
                lo=fmt_value(outcome, lo["mean"], lang),
                hi=fmt_value(outcome, hi["mean"], lang),
                lo_ci=fmt_interval(outcome, lo["low"], lo["high"], lang),
                hi_ci=fmt_interval(outcome, hi["low"], hi["high"], lang),
                xlo=_x(lo["x"]),
                xhi=_x(hi["x"]),
                scenario=scenario_label(scenario, lang),
            )
        )
    return out


def sobol_findings(table: pd.DataFrame, lang: str = "en") -> list[str]:
    """For each outcome, the parameter with the largest total Sobol index.

    Args:
        table: from :func:`cogov.experiments.analysis.estimates.sobol_table`.
        lang: ``"en"`` or ``"zh"``.
    """
    out = []
    for outcome, rows in table.groupby("outcome", sort=False):
        if rows["total_order"].isna().all():
            continue
        r = rows.loc[rows["total_order"].idxmax()]
        ci = tr(_INDEX_CI, lang, lo=_idx(r["total_low"]), hi=_idx(r["total_high"]))
        out.append(
            tr(
                _SOBOL,
                lang,
                outcome=outcome_label(outcome, lang),
                param=parameter_label(r["parameter"], lang),
                st=_idx(r["total_order"]),
                s1=_idx(r["first_order"]),
                ci=ci,
            )
        )
    return out
