"""English and Chinese words of the charts and the report, and how numbers are written.

Every label a reader sees comes from here, so ``--lang zh`` changes all of them at once.
Names not listed (a scenario or parameter of a user's own file) are shown as they are.
"""

from __future__ import annotations

import math

__all__ = [
    "LANGS",
    "department_label",
    "fmt_diff",
    "fmt_interval",
    "fmt_number",
    "fmt_value",
    "kind_label",
    "outcome_label",
    "outcome_unit",
    "parameter_label",
    "scenario_label",
    "tr",
]

LANGS = ("en", "zh")

#: outcome -> (English label, Chinese label, how its values are written)
_OUTCOMES: dict[str, tuple[str, str, str]] = {
    "on_time_rate": ("Closed on time", "按时办结率", "rate"),
    "solved_rate": ("Actually solved", "实际解决率", "rate"),
    "satisfaction_mean": ("Residents satisfied", "居民满意率", "rate"),
    "mean_hours_to_close": ("Mean hours to close", "平均办结时长", "hours"),
    "median_hours_to_close": ("Median hours to close", "办结时长中位数", "hours"),
    "p90_hours_to_close": ("90th percentile hours to close", "办结时长90分位", "hours"),
    "mean_wait_hours": ("Mean hours in queue", "平均排队时长", "hours"),
    "petitions": ("Collective petitions", "集体上访", "count"),
    "escalations": ("Escalations", "督办升级", "count"),
    "backlog_end": ("Open issues at end", "期末未办结问题", "count"),
    "volunteer_hours": ("Volunteer hours", "志愿服务时长", "hours"),
    "trust_mean_end": ("Mean trust at end (0–1)", "期末平均信任度（0–1）", "index"),
    "utilisation": ("Staff utilisation", "人员利用率", "rate"),
}

_SCENARIOS = {
    "xinhua_2013": "新华路2013（共治）",
    "one_window": "一口受理",
    "siloed": "条块分割",
    "metro_line_11": "轨交11号线施工",
    "budget_cut": "预算削减",
    "volunteer_surge": "志愿者增加",
}

_DEPARTMENTS = {
    "city_management": ("City management", "城管"),
    "police": ("Police station", "派出所"),
    "housing": ("Housing management", "房管"),
    "municipal": ("Municipal works", "市政绿化"),
    "market": ("Market supervision", "市场监管"),
    "utilities": ("Utilities repair", "公用事业抢修"),
    "civil_affairs": ("Civil affairs", "民政与社区服务"),
    "economic": ("Enterprise service", "经济服务"),
}

_KINDS = {
    "safety_hazard": ("safety hazards", "安全隐患"),
    "municipal_facility": ("municipal facilities", "市政设施"),
    "city_appearance": ("city appearance", "市容环境"),
    "environment_noise": ("environment and noise", "环境与噪声"),
    "construction_disturbance": ("construction disturbance", "施工扰民"),
    "consumer_complaint": ("consumer complaints", "消费投诉"),
    "estate_repair": ("estate repairs", "小区维修"),
    "neighbour_dispute": ("neighbour disputes", "邻里纠纷"),
    "elderly_needs": ("elderly living alone", "独居老人需求"),
    "vulnerable_support": ("help for vulnerable people", "困难群众帮扶"),
    "enterprise_request": ("enterprise requests", "企业诉求"),
    "long_standing": ("long-standing problems", "疑难积案"),
}

_PARAMETERS = {
    "volunteers.count": ("Volunteers", "志愿者人数"),
    "units.member_units": ("Member units", "成员单位数"),
    "supervision.strength": ("Supervision strength", "监督强度"),
    "reporting.resident_propensity": ("Residents' propensity to report", "居民报告倾向"),
    "inspectors.find_hours": ("Hours for inspectors to find an issue", "网格员发现时长（小时）"),
    "budget.staff_factor": ("Department staff factor", "部门人员系数"),
    "escalation.effort_boost": ("Effort boost on escalation", "督办后工作加速"),
    "volunteers.activation": ("Share of volunteers active", "志愿者活跃比例"),
    "intake.dispatch_order": ("Dispatch order", "派单顺序"),
    "population.scale": ("Population scale", "人口规模系数"),
}


def tr(pair: tuple[str, str], lang: str, **values: object) -> str:
    """The English or Chinese text of ``(en, zh)``, formatted with ``values``.

    Examples:
        >>> tr(("{n} days", "{n}天"), "zh", n=30)
        '30天'
    """
    text = pair[1] if lang == "zh" else pair[0]
    return text.format(**values) if values else text


_pick = tr


def outcome_unit(outcome: str) -> str:
    """How an outcome's values are written: ``rate``, ``hours``, ``count`` or ``index``."""
    return _OUTCOMES.get(outcome, ("", "", "count"))[2]


def outcome_label(outcome: str, lang: str = "en", unit: bool = False) -> str:
    """An outcome's name, with its unit in brackets if ``unit``.

    Examples:
        >>> outcome_label("mean_hours_to_close", unit=True)
        'Mean hours to close (h)'
    """
    en, zh, kind = _OUTCOMES.get(outcome, (outcome, outcome, "count"))
    label = zh if lang == "zh" else en
    if not unit:
        return label
    suffix = {
        "rate": "%",
        "hours": "小时" if lang == "zh" else "h",
        "count": "每次运行" if lang == "zh" else "per run",
    }.get(kind)
    if suffix is None:
        return label
    return f"{label}（{suffix}）" if lang == "zh" else f"{label} ({suffix})"


def scenario_label(name: str, lang: str = "en") -> str:
    """A scenario's name as shown (Chinese names for the built-in scenarios)."""
    return _SCENARIOS.get(name, name) if lang == "zh" else name


def department_label(dept: str, lang: str = "en") -> str:
    """A department's short name."""
    return _pick(_DEPARTMENTS[dept], lang) if dept in _DEPARTMENTS else dept


def kind_label(kind: str, lang: str = "en") -> str:
    """An issue kind's short name."""
    return _pick(_KINDS[kind], lang) if kind in _KINDS else kind


def parameter_label(dotted: str, lang: str = "en") -> str:
    """A varied parameter's name; the dotted key is kept in English for reference."""
    if dotted not in _PARAMETERS:
        return dotted
    return _pick(_PARAMETERS[dotted], lang) + ("" if lang == "en" else f"（{dotted}）")


def _number(x: float, digits: int = 1, sign: bool = False) -> str:
    """``x`` with ``digits`` decimals, more for small non-zero values (never "−0.0").

    Examples:
        >>> _number(-0.0412, sign=True), _number(0.0), _number(1234.56)
        ('−0.04', '0.0', '1,234.6')
    """
    while digits < 4 and x != 0 and abs(x) < 0.5 * 10.0**-digits:
        digits += 1
    text = f"{x:+,.{digits}f}" if sign else f"{x:,.{digits}f}"
    return text.replace("-", "−")  # a true minus sign


def fmt_number(outcome: str, x: float | None, sign: bool = False) -> str:
    """A value of ``outcome`` without its unit (rates in percent), as in tables.

    Examples:
        >>> fmt_number("on_time_rate", -0.0123, sign=True)
        '−1.2'
    """
    if x is None or not math.isfinite(x):
        return "–"
    kind = outcome_unit(outcome)
    x = 100 * x if kind == "rate" else x
    return _number(x, 3 if kind == "index" else 1, sign=sign)


def fmt_value(outcome: str, x: float | None, lang: str = "en") -> str:
    """A value of ``outcome`` as written in the report.

    Examples:
        >>> fmt_value("on_time_rate", 0.9734)
        '97.3%'
        >>> fmt_value("mean_hours_to_close", 12.345, "zh")
        '12.3小时'
    """
    if x is None or not math.isfinite(x):
        return "–"
    kind = outcome_unit(outcome)
    if kind == "rate":
        return _number(100 * x) + "%"
    if kind == "hours":
        return _number(x) + ("小时" if lang == "zh" else " h")
    if kind == "index":
        return _number(x, 3)
    return _number(x)


def fmt_diff(outcome: str, x: float | None, lang: str = "en") -> str:
    """A difference of ``outcome`` with its sign (rates in percentage points).

    Examples:
        >>> fmt_diff("on_time_rate", -0.0123)
        '−1.2 pp'
    """
    if x is None or not math.isfinite(x):
        return "–"
    kind = outcome_unit(outcome)
    if kind == "rate":
        return _number(100 * x, sign=True) + ("个百分点" if lang == "zh" else " pp")
    if kind == "hours":
        return _number(x, sign=True) + ("小时" if lang == "zh" else " h")
    if kind == "index":
        return _number(x, 3, sign=True)
    return _number(x, sign=True)


def fmt_interval(
    outcome: str, low: float | None, high: float | None, lang: str = "en", diff: bool = False
) -> str:
    """A 95% interval, e.g. ``95% CI 96.1% to 98.4%``.

    Examples:
        >>> fmt_interval("on_time_rate", 0.961, 0.984)
        '95% CI 96.1% to 98.4%'
    """
    fmt = fmt_diff if diff else fmt_value
    lo, hi = fmt(outcome, low, lang), fmt(outcome, high, lang)
    if lang == "zh":
        return f"95%置信区间 {lo} 至 {hi}"
    return f"95% CI {lo} to {hi}"
