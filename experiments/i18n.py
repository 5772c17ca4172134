"""English and Chinese words of the charts and the report, and how numbers are written.

Every label a reader sees comes from here, so ``--lang zh`` changes all of them at once.
Names not listed (a scenario or parameter of a user's own file) are shown as they are.
"""

from __future__ import annotations

import math

from cogov.sim.outcomes import outcome as _outcome

__all__ = [
    "LANGS",
    "department_label",
    "fmt_diff",
    "fmt_interval",
    "fmt_number",
    "fmt_value",
    "interval_digits",
    "kind_label",
    "outcome_label",
    "outcome_unit",
    "parameter_label",
    "scenario_label",
    "tr",
]

LANGS = ("en", "zh")

#: scenario -> (English label, Chinese label) of the built-in scenarios
_SCENARIOS = {
    "xinhua_2013": ("Co-governance as in 2013", "2013年共治模式"),
    "one_window": ("One window only", "仅一口受理"),
    "siloed": ("Separate departments", "条块分割"),
    "metro_line_11": ("Metro Line 11 works", "轨交11号线施工"),
    "budget_cut": ("Budget cut (staff × 0.75)", "预算削减（人员×0.75）"),
    "volunteer_surge": ("More volunteers", "志愿者增加"),
    "changning_district": ("Ten subdistricts", "十个街道"),
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
    return _outcome(outcome).kind


def outcome_label(outcome: str, lang: str = "en", unit: bool = False) -> str:
    """An outcome's name, with its unit in brackets if ``unit`` (from the registry).

    Examples:
        >>> outcome_label("mean_hours_to_close", unit=True)
        'Mean hours to close (h)'
    """
    entry = _outcome(outcome)
    label = entry.label(lang)
    suffix = entry.unit(lang)
    if not unit or not suffix:
        return label
    return f"{label}（{suffix}）" if lang == "zh" else f"{label} ({suffix})"


def scenario_label(name: str, lang: str = "en") -> str:
    """A scenario's name as shown: plain words for the built-in scenarios.

    Examples:
        >>> scenario_label("siloed"), scenario_label("my_own")
        ('Separate departments', 'my_own')
    """
    return _pick(_SCENARIOS[name], lang) if name in _SCENARIOS else name


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


def _base_digits(kind: str) -> int:
    return 3 if kind == "index" else 1


def fmt_number(outcome: str, x: float | None, sign: bool = False, digits: int = 0) -> str:
    """A value of ``outcome`` without its unit (rates in percent), as in tables.

    Args:
        outcome: the outcome's name.
        x: the value (``None`` or NaN gives "–").
        sign: write a sign (for differences).
        digits: decimals beyond the outcome's usual ones.

    Examples:
        >>> fmt_number("on_time_rate", -0.0123, sign=True)
        '−1.2'
    """
    if x is None or not math.isfinite(x):
        return "–"
    kind = outcome_unit(outcome)
    x = 100 * x if kind == "rate" else x
    return _number(x, _base_digits(kind) + digits, sign=sign)


def fmt_value(outcome: str, x: float | None, lang: str = "en", digits: int = 0) -> str:
    """A value of ``outcome`` as written in the report, ``digits`` more decimals than usual.

    Examples:
        >>> fmt_value("on_time_rate", 0.9734)
        '97.3%'
        >>> fmt_value("mean_hours_to_close", 12.345, "zh")
        '12.3小时'
    """
    if x is None or not math.isfinite(x):
        return "–"
    kind = outcome_unit(outcome)
    text = fmt_number(outcome, x, digits=digits)
    if kind == "rate":
        return text + "%"
    if kind == "hours":
        return text + ("小时" if lang == "zh" else " h")
    return _with_noun(outcome, text, lang)


def _with_noun(outcome: str, text: str, lang: str) -> str:
    noun = _outcome(outcome).noun(lang)
    if not noun:
        return text
    return text + noun if lang == "zh" else f"{text} {noun}"


def fmt_diff(outcome: str, x: float | None, lang: str = "en", digits: int = 0) -> str:
    """A difference of ``outcome`` with its sign (rates in percentage points).

    Examples:
        >>> fmt_diff("on_time_rate", -0.0123)
        '−1.2 pp'
    """
    if x is None or not math.isfinite(x):
        return "–"
    kind = outcome_unit(outcome)
    text = fmt_number(outcome, x, sign=True, digits=digits)
    if kind == "rate":
        return text + ("个百分点" if lang == "zh" else " pp")
    if kind == "hours":
        return text + ("小时" if lang == "zh" else " h")
    return _with_noun(outcome, text, lang)


def interval_digits(outcome: str, *values: float | None, diff: bool = False) -> int:
    """Extra decimals (0-3) needed so that distinct ``values`` are written differently.

    An interval whose ends differ is thus never printed as "98.9% to 98.9%".

    Examples:
        >>> interval_digits("on_time_rate", 0.98912, 0.98938)
        1
    """
    finite = [v for v in values if v is not None and math.isfinite(v)]
    digits = 0
    while digits < 3:
        texts = [fmt_number(outcome, v, sign=diff, digits=digits) for v in finite]
        if len(set(texts)) == len(set(finite)):
            break
        digits += 1
    return digits


def fmt_interval(
    outcome: str, low: float | None, high: float | None, lang: str = "en", diff: bool = False
) -> str:
    """A 95% interval, e.g. ``95% CI 96.1% to 98.4%``, never collapsed to one number.

    Examples:
        >>> fmt_interval("on_time_rate", 0.961, 0.984)
        '95% CI 96.1% to 98.4%'
        >>> fmt_interval("on_time_rate", 0.989121, 0.989138)
        '95% CI 98.912% to 98.914%'
    """
    fmt = fmt_diff if diff else fmt_value
    digits = interval_digits(outcome, low, high, diff=diff)
    lo, hi = fmt(outcome, low, lang, digits), fmt(outcome, high, lang, digits)
    if lang == "zh":
        return f"95%置信区间 {lo} 至 {hi}"
    return f"95% CI {lo} to {hi}"
