"""The brief's front matter: the headline box, caveats computed from the data, the glossary.

Every caveat is a test on the results (department utilisation, replicates, days, scale,
failed runs), so a caveat appears only when it holds for the batch at hand.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

import pandas as pd

from cogov.experiments.i18n import department_label, fmt_diff, outcome_label, scenario_label, tr
from cogov.sim.outcomes import outcome as registry

__all__ = ["UTILISATION_LOW", "caveat_box", "caveats", "glossary", "headline_box"]

#: below this share of staff hours busy, a staff cut barely lengthens queues
UTILISATION_LOW = 0.6
_FEW_REPLICATES = 10

_CAVEATS = {
    "slack": (
        "Every department is busy less than {low}% of its staff hours under {ref} (the "
        "busiest, {dept}, {busiest}%), so staff cuts show little effect: queues grow only "
        "when staff are nearly fully used.",
        "在{ref}下，每个部门的忙碌工时都不到在岗工时的{low}%（最忙的{dept}为{busiest}%），"
        "因此削减人员的影响很小：只有人员接近满负荷时排队才会变长。",
    ),
    "over": (
        "{depts} are busy more than 100% of their nominal staff hours under {ref}: their "
        "staff work faster under pressure (effort above 1), so queues there are long.",
        "在{ref}下，{depts}的忙碌工时超过名义在岗工时的100%：压力下人员加快工作（努力系数"
        "大于1），这些部门排队较长。",
    ),
    "few": (
        "Only {n} replicates per scenario: intervals are wide, and small effects cannot be "
        "told from noise.",
        "每个情景仅{n}次重复：置信区间较宽，小的效应无法与噪声区分。",
    ),
    "days": (
        "Each run covers {days} days, not a year: counts (petitions, escalations, hours) are "
        "totals over {days} days, and the first weeks, while queues fill, weigh more.",
        "每次运行仅{days}天而非一年：计数（上访、督办、时长）为{days}天的合计，且队列形成的"
        "最初几周占比更大。",
    ),
    "scale": (
        "The population is {scale}× the subdistrict's ({residents} residents): counts are "
        "that much smaller than the real subdistrict's.",
        "人口为全街道的{scale}倍（{residents}名居民）：各项计数相应小于真实街道。",
    ),
    "failed": (
        "{failed} of {planned} runs failed and are left out.",
        "{planned}次运行中有{failed}次失败，已排除。",
    ),
}


def _pct(x: float) -> str:
    return f"{100 * x:.0f}"


def caveats(
    runs: pd.DataFrame,
    all_runs: pd.DataFrame,
    manifest: dict,
    reference: str | None,
    lang: str = "en",
) -> list[str]:
    """Caveats that hold for these results, each computed from them.

    Args:
        runs: successful runs (``runs.parquet`` rows with status ok).
        all_runs: every run, failed ones included.
        manifest: the results folder's manifest.
        reference: the reference scenario (utilisation is read there, or over all runs).
        lang: ``"en"`` or ``"zh"``.
    """
    out = []
    mine = runs[runs["scenario"] == reference] if reference in set(runs["scenario"]) else runs
    util_cols = [
        c for c in runs.columns if c.startswith("departments.") and c.endswith(".utilisation")
    ]
    if util_cols and len(mine):
        means = pd.to_numeric(mine[util_cols].stack(), errors="coerce").groupby(level=1).mean()
        means = means.dropna()
        ref = scenario_label(reference, lang) if reference else "–"
        if len(means) and means.max() < UTILISATION_LOW:
            dept = means.idxmax().split(".")[1]
            out.append(
                tr(
                    _CAVEATS["slack"],
                    lang,
                    low=_pct(UTILISATION_LOW),
                    ref=ref,
                    dept=department_label(dept, lang),
                    busiest=_pct(means.max()),
                )
            )
        over = [department_label(c.split(".")[1], lang) for c, u in means.items() if u > 1.0]
        if over:
            joiner = ", " if lang == "en" else "、"
            out.append(tr(_CAVEATS["over"], lang, depts=joiner.join(over), ref=ref))
    replicates = int(manifest.get("replicates") or 0)
    if 0 < replicates < _FEW_REPLICATES:
        out.append(tr(_CAVEATS["few"], lang, n=replicates))
    days = runs["days"].dropna()
    if len(days) and days.max() < 365:
        out.append(tr(_CAVEATS["days"], lang, days=f"{days.max():g}"))
    scales = runs["population_scale"].dropna() if "population_scale" in runs else pd.Series()
    if len(scales) and scales.max() < 1:
        residents = f"{int(runs['residents'].max()):,}" if "residents" in runs else "?"
        out.append(tr(_CAVEATS["scale"], lang, scale=f"{scales.max():g}", residents=residents))
    failed = int((all_runs["status"] != "ok").sum())
    if failed:
        out.append(tr(_CAVEATS["failed"], lang, failed=failed, planned=len(all_runs)))
    return out


_HEAD = {
    "box": ("In short", "要点"),
    "caveats": ("Read with care", "注意事项"),
    "glossary": ("What the outcomes mean", "结果指标说明"),
    "outcome": ("Outcome", "指标"),
    "unit": ("Unit", "单位"),
    "meaning": ("What is counted", "含义"),
    "better": ("Better is", "更好的方向"),
    "threshold": ("Practical threshold", "实际意义阈值"),
    "higher": ("higher", "更高"),
    "lower": ("lower", "更低"),
    "neither": ("neither", "无"),
    "scenarios": ("Scenarios", "情景"),
    "threshold_note": (
        "A scenario is called better or worse than the reference only when the 95% "
        "interval of the difference excludes zero and the difference is at least the "
        "practical threshold. The thresholds are this project's assumption of the smallest "
        "difference a district office would act on.",
        "只有当差值的95%置信区间不含零且差值至少达到实际意义阈值时，才称某情景优于或劣于基准。"
        "阈值是本项目对区街道办公室会采取行动的最小差异的假设。",
    ),
}


def _e(text: object) -> str:
    return html.escape(str(text))


def headline_box(lines: Sequence[str], lang: str = "en") -> str:
    """The headline box (HTML): the three sentences of the answer, first on the page."""
    if not lines:
        return ""
    items = "".join(f"<p>{_e(line)}</p>" for line in lines)
    return (
        f'<section class="headline" id="headline" aria-label="{_e(tr(_HEAD["box"], lang))}">'
        f"<h2>{_e(tr(_HEAD['box'], lang))}</h2>{items}</section>"
    )


def caveat_box(lines: Sequence[str], lang: str = "en") -> str:
    """The caveats section (HTML), or nothing without caveats."""
    if not lines:
        return ""
    items = "".join(f"<li>{_e(line)}</li>" for line in lines)
    return (
        f'<section class="caveats" id="caveats"><h2>{_e(tr(_HEAD["caveats"], lang))}</h2>'
        f"<ul>{items}</ul></section>"
    )


def glossary(outcomes: Sequence[str], scenarios: Sequence[str], lang: str = "en") -> str:
    """The glossary (HTML): every outcome shown with its unit, meaning and threshold."""
    rows = []
    for name in outcomes:
        entry = registry(name)
        direction = {True: "higher", False: "lower", None: "neither"}[entry.higher_is_better]
        threshold = fmt_diff(name, entry.threshold, lang).lstrip("+") if entry.threshold else "–"
        rows.append(
            f"<tr><td>{_e(outcome_label(name, lang))}</td><td>{_e(entry.unit(lang) or '–')}</td>"
            f"<td>{_e(entry.definition(lang))}</td><td>{_e(tr(_HEAD[direction], lang))}</td>"
            f"<td>{_e(threshold)}</td></tr>"
        )
    head = "".join(
        f"<th>{_e(tr(_HEAD[k], lang))}</th>"
        for k in ("outcome", "unit", "meaning", "better", "threshold")
    )
    names = ", " if lang == "en" else "、"
    listed = names.join(
        f"{scenario_label(s, lang)} = {s}" for s in scenarios if scenario_label(s, lang) != s
    )
    key = f'<p class="note">{_e(tr(_HEAD["scenarios"], lang))}: {_e(listed)}</p>' if listed else ""
    return (
        f'<section class="glossary" id="glossary"><h2>{_e(tr(_HEAD["glossary"], lang))}</h2>'
        f'<table class="glossary"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}'
        f'</tbody></table><p class="note">{_e(tr(_HEAD["threshold_note"], lang))}</p>'
        f"{key}</section>"
    )
