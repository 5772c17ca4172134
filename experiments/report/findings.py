"""Plain sentences of findings, every number computed from the results tables.

A difference from the reference is *clear of noise* when its 95% interval excludes zero
(paired by seed when scenarios share seeds, as
:func:`cogov.experiments.analysis.estimates.summarize` does), and *practical* when its mean
is at least the outcome's threshold of :mod:`cogov.sim.outcomes`. A scenario is called
better (or worse) than the reference only when the difference is both; "best" only ever
names such a scenario.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Sequence
from typing import Literal

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
from cogov.sim.outcomes import outcome as registry

__all__ = [
    "Verdict",
    "best_scenario",
    "distinguishable",
    "headline",
    "scenario_findings",
    "sobol_findings",
    "sweep_findings",
    "verdict",
]

Verdict = Literal["better", "worse", "changed", "small", "noise", "none"]


def distinguishable(row: pd.Series) -> bool:
    """Whether a difference's 95% interval excludes zero."""
    low, high = row.get("diff_low", math.nan), row.get("diff_high", math.nan)
    return bool((low > 0) or (high < 0))


def verdict(row: pd.Series) -> Verdict:
    """What a difference from the reference says about the row's scenario.

    Returns:
        ``"better"``/``"worse"``: clear of noise, at least the threshold, in that direction;
        ``"changed"``: clear and at least the threshold on an outcome with no direction;
        ``"small"``: clear of noise but below the threshold; ``"noise"``: the interval
        includes zero; ``"none"``: no difference (the reference itself, or undefined).
    """
    diff = row.get("diff", math.nan)
    if diff is None or not math.isfinite(diff):
        return "none"
    if not distinguishable(row):
        return "noise"
    entry = registry(row["outcome"])
    threshold = entry.threshold if entry.threshold is not None else 0.0
    if abs(diff) < threshold:
        return "small"
    if entry.higher_is_better is None:
        return "changed"
    return "better" if (diff > 0) == entry.higher_is_better else "worse"


def _size(row: pd.Series) -> float:
    """How many thresholds a difference spans (its size where no threshold is set)."""
    threshold = registry(row["outcome"]).threshold or 1.0
    return abs(float(row["diff"])) / threshold


def best_scenario(table: pd.DataFrame, outcome: str, reference: str | None) -> pd.Series | None:
    """The row of the scenario clearly better than the reference on ``outcome``, or ``None``.

    Among scenarios whose difference is :func:`verdict` ``"better"``, the largest
    improvement; ``None`` when no scenario passes (then the reference is not beaten).
    """
    rows = table[(table["outcome"] == outcome) & (table["scenario"] != reference)]
    better = [r for _, r in rows.iterrows() if verdict(r) == "better"]
    return max(better, key=_size) if better else None


def _numbers(row: pd.Series, outcome: str, lang: str) -> dict[str, str]:
    n = int(row["n"])
    return {
        "value": fmt_value(outcome, row["mean"], lang),
        "ci": fmt_interval(outcome, row["ci_low"], row["ci_high"], lang),
        "diff": fmt_diff(outcome, row.get("diff"), lang),
        "dci": fmt_interval(outcome, row.get("diff_low"), row.get("diff_high"), lang, diff=True),
        "n": str(n),
    }


def _threshold(outcome: str, lang: str) -> str:
    value = registry(outcome).threshold
    return fmt_diff(outcome, value, lang).lstrip("+") if value else "0"


_BEST = (
    "{outcome}: clearly better than the reference only under {best}, {value} ({ci}); "
    "{diff} ({dci}), beyond the practical threshold of {threshold}.",
    "{outcome}：仅{best}明显优于基准，{value}（{ci}）；差值{diff}（{dci}），超过实际意义阈值"
    "{threshold}。",
)
_NOT_BEATEN = (
    "{outcome}: no scenario does clearly better than the reference {ref} ({value}, {ci}); "
    "every other difference is within noise, smaller than {threshold}, or worse.",
    "{outcome}：没有情景明显优于基准{ref}（{value}，{ci}）；其他差异或在噪声范围内，或小于"
    "{threshold}，或更差。",
)
_PER_SCENARIO = ("{scenario} against the reference: {items}.", "{scenario}与基准相比：{items}。")
_GROUPS = {
    "worse": ("worse on {items}", "{items}更差"),
    "better": ("better on {items}", "{items}更好"),
    "changed": ("changed on {items}", "{items}有变化"),
}
_QUIET = (
    "no practical difference on {items} (within noise or below the thresholds)",
    "{items}无实际差异（在噪声范围内或低于阈值）",
)
_ALL_QUIET = (
    "no difference beyond noise and the practical thresholds",
    "没有超出噪声与实际意义阈值的差异",
)
_ITEM = ("{outcome} {diff} ({dci})", "{outcome}{diff}（{dci}）")
_COUNT = (
    "Of {k} differences from the reference (over {m} outcomes), {j} exclude zero from their "
    "95% interval and {p} of those are also at least the practical threshold.",
    "在{m}项结果上与基准的{k}个差异中，{j}个的95%置信区间不含零，其中{p}个同时达到实际意义阈值。",
)
_ONLY = ("{scenario}: {outcome} {value} ({ci}).", "{scenario}：{outcome} {value}（{ci}）。")


def _sep(lang: str) -> str:
    return "; " if lang == "en" else "；"


def scenario_findings(
    table: pd.DataFrame, outcomes: Sequence[str], reference: str | None, lang: str = "en"
) -> list[str]:
    """Sentences comparing scenarios with the reference, none calling noise a winner.

    Args:
        table: from :func:`cogov.experiments.analysis.estimates.summarize` with
            ``reference`` (one design point per scenario).
        outcomes: the outcomes covered.
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
    sep = _sep(lang)
    for scenario in scenarios:
        if scenario == reference:
            continue
        mine = table[(table["scenario"] == scenario) & table["outcome"].isin(outcomes)]
        groups: dict[str, list[str]] = {"worse": [], "better": [], "changed": [], "quiet": []}
        for _, r in mine.iterrows():
            v = verdict(r)
            name = outcome_label(r["outcome"], lang)
            if v in ("better", "worse", "changed"):
                nums = _numbers(r, r["outcome"], lang)
                groups[v].append(tr(_ITEM, lang, outcome=name, **nums))
            elif v in ("small", "noise"):
                groups["quiet"].append(name)
        parts = [
            tr(_GROUPS[k], lang, items=sep.join(groups[k]))
            for k in ("worse", "better", "changed")
            if groups[k]
        ]
        if groups["quiet"]:
            joiner = ", " if lang == "en" else "、"
            parts.append(tr(_QUIET, lang, items=joiner.join(groups["quiet"])))
        items = sep.join(parts) if parts else tr(_ALL_QUIET, lang)
        out.append(tr(_PER_SCENARIO, lang, scenario=label(scenario), items=items))
    ref_rows = table[table["scenario"] == reference].set_index("outcome")
    for outcome in outcomes:
        entry = registry(outcome)
        if entry.higher_is_better is None or outcome not in ref_rows.index:
            continue
        best = best_scenario(table, outcome, reference)
        name = outcome_label(outcome, lang)
        threshold = _threshold(outcome, lang)
        if best is None:
            nums = _numbers(ref_rows.loc[outcome].copy(), outcome, lang)
            out.append(
                tr(
                    _NOT_BEATEN,
                    lang,
                    outcome=name,
                    ref=label(reference),
                    threshold=threshold,
                    **nums,
                )
            )
        else:
            nums = _numbers(best, outcome, lang)
            out.append(
                tr(
                    _BEST,
                    lang,
                    outcome=name,
                    best=label(best["scenario"]),
                    threshold=threshold,
                    **nums,
                )
            )
    diffs = table[(table["scenario"] != reference) & table["outcome"].isin(outcomes)]
    diffs = diffs.dropna(subset=["diff"])
    verdicts = [verdict(r) for _, r in diffs.iterrows()]
    clear = sum(v in ("better", "worse", "changed", "small") for v in verdicts)
    practical = sum(v in ("better", "worse", "changed") for v in verdicts)
    out.append(tr(_COUNT, lang, k=len(diffs), m=len(outcomes), j=clear, p=practical))
    return out


_HEAD_WHAT = (
    "Biggest change: {scenario} instead of {ref} moves {outcome} from {ref_value} to "
    "{value}{word}.",
    "最大的变化：以{scenario}代替{ref}，{outcome}从{ref_value}变为{value}{word}。",
)
_HEAD_HOW = (
    "By how much: {diff} ({dci}){more}.",
    "变化幅度：{diff}（{dci}）{more}。",
)
_WORDS = {
    "better": (", better", "，更好"),
    "worse": (", worse", "，更差"),
    "changed": ("", ""),
}
_HEAD_MORE = ("; with it {items}", "；同时{items}")
_HEAD_NONE = (
    "No scenario changes any outcome by more than its practical threshold against {ref}.",
    "与{ref}相比，没有情景使任何结果的变化超过其实际意义阈值。",
)
_HEAD_LARGEST = (
    "By how much: the largest difference is {scenario}'s {outcome}, {diff} ({dci}).",
    "变化幅度：最大的差异是{scenario}的{outcome}，{diff}（{dci}）。",
)
_HEAD_SURE = (
    "How sure: {n} replicates per scenario on shared seeds; {p} of {k} differences are "
    "clear of noise and beyond the practical thresholds{quiet}.",
    "把握程度：每个情景{n}次重复，共用随机种子；{k}个差异中有{p}个超出噪声且达到实际意义阈值{quiet}。",
)
_HEAD_QUIET = (
    "; {names} show no such difference",
    "；{names}没有这样的差异",
)


def headline(
    table: pd.DataFrame, outcomes: Sequence[str], reference: str | None, lang: str = "en"
) -> list[str]:
    """Three plain sentences for the top of the brief: what changes, by how much, how sure.

    The change named is the practical difference (clear of noise and beyond its threshold)
    that spans the most thresholds; without any, the sentences say so.

    Args:
        table: as for :func:`scenario_findings`.
        outcomes: the outcomes covered.
        reference: the reference scenario (no headline without one).
        lang: ``"en"`` or ``"zh"``.
    """
    scenarios = list(dict.fromkeys(table["scenario"]))
    if reference is None or len(scenarios) < 2:
        return []
    diffs = table[(table["scenario"] != reference) & table["outcome"].isin(outcomes)]
    diffs = diffs.dropna(subset=["diff"])
    rows = [(r, verdict(r)) for _, r in diffs.iterrows()]
    practical = [r for r, v in rows if v in ("better", "worse", "changed")]
    ref_rows = table[table["scenario"] == reference].set_index("outcome")
    ref = scenario_label(reference, lang)
    n = int(ref_rows["n"].max()) if len(ref_rows) else 0
    quiet = [
        scenario_label(s, lang)
        for s in scenarios
        if s != reference and not any(r["scenario"] == s for r in practical)
    ]
    joiner = ", " if lang == "en" else "、"
    quiet_text = tr(_HEAD_QUIET, lang, names=joiner.join(quiet)) if quiet else ""
    sure = tr(_HEAD_SURE, lang, n=n, p=len(practical), k=len(rows), quiet=quiet_text)
    if not practical:
        largest = max((r for r, _ in rows), key=_size, default=None)
        lines = [tr(_HEAD_NONE, lang, ref=ref)]
        if largest is not None:
            o = largest["outcome"]
            nums = _numbers(largest, o, lang)
            lines.append(
                tr(
                    _HEAD_LARGEST,
                    lang,
                    scenario=scenario_label(largest["scenario"], lang),
                    outcome=outcome_label(o, lang),
                    diff=nums["diff"],
                    dci=nums["dci"],
                )
            )
        return [*lines, sure]
    top = max(
        practical, key=lambda r: (registry(r["outcome"]).higher_is_better is not None, _size(r))
    )
    o = top["outcome"]
    nums = _numbers(top, o, lang)
    what = tr(
        _HEAD_WHAT,
        lang,
        scenario=scenario_label(top["scenario"], lang),
        ref=ref,
        outcome=outcome_label(o, lang),
        ref_value=fmt_value(o, ref_rows.loc[o, "mean"], lang) if o in ref_rows.index else "–",
        value=nums["value"],
        word=tr(_WORDS[verdict(top)], lang),
    )
    others = [r for r in practical if r["scenario"] == top["scenario"] and r["outcome"] != o]
    items = (", " if lang == "en" else "，").join(
        f"{outcome_label(r['outcome'], lang)} {fmt_diff(r['outcome'], r['diff'], lang)}"
        for r in sorted(others, key=_size, reverse=True)[:3]
    )
    more = tr(_HEAD_MORE, lang, items=items) if items else ""
    how = tr(_HEAD_HOW, lang, diff=nums["diff"], dci=nums["dci"], more=more)
    return [what, how, sure]


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
