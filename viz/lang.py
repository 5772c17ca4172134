"""The language of a page of the app (English, or Chinese on request) and its lever tooltips.

A page is in Chinese when its address asks for it (``http://127.0.0.1:8765/?lang=zh``), or,
for every page a server serves, when the server was started with ``COGOV_APP_LANG=zh`` in
its environment (``cogov serve --lang zh`` sets it). An address's ``lang`` wins over the
server's; anything but ``zh`` (or ``zh-CN``, ``zh-Hans``, ...) is English. The language
decides the lever tooltips (:func:`cogov.viz.components.lever_tips`) and the ``lang``
attribute of the page (:mod:`cogov.viz.a11y`), so that screen readers read it as Chinese.
"""

from __future__ import annotations

import os
from urllib.parse import parse_qs

__all__ = [
    "ENV_LANG",
    "HTML_LANG",
    "LEVER_TIPS",
    "LEVER_TIPS_ZH",
    "VIEW_TIPS",
    "VIEW_TIPS_ZH",
    "lever_tips",
    "page_lang",
    "view_tips",
]

#: the server-wide default language of the pages (``en`` or ``zh``)
ENV_LANG = "COGOV_APP_LANG"
#: the value of ``<html lang>`` for each language
HTML_LANG = {"en": "en", "zh": "zh-CN"}


def _lang(text: str | None) -> str | None:
    if not text:
        return None
    text = text.strip().lower()
    return "zh" if text == "zh" or text.startswith("zh-") else "en"


def page_lang(search: str | None) -> str:
    """``"zh"`` or ``"en"``: from the address's query string (``lang=zh``), else the server's.

    Args:
        search: the query string of the page's address, without ``?`` (Solara's
            ``use_router().search``), or ``None``.
    """
    asked = parse_qs(search or "").get("lang")
    return _lang(asked[-1] if asked else None) or _lang(os.environ.get(ENV_LANG)) or "en"


#: what each lever does, in plain words (the tooltips)
LEVER_TIPS = {
    "scenario": "A ready-made set of levers from the 2013 report or a what-if; the levers "
    "below start from it.",
    "policy": "Co-governance: a one-stop window and the residents' committees, volunteers "
    "and member units all settle issues. One window: only the window, no community. "
    "Separate departments: no window and no deadlines tracked.",
    "dispatch_order": "First come, first served: departments take issues in the order "
    "they arrived. Nearest deadline first: the issue whose deadline comes soonest.",
    "volunteers": "Residents who patrol and help with small problems each week.",
    "member_units": "Companies, schools and offices in the area that have joined the "
    "co-governance council and help with issues near them.",
    "team_capacity": "How many jobs each member unit's service team works on at the same time.",
    "supervision": "How hard the supervising office pushes departments to work faster on "
    "late issues: 0 = not at all, higher = harder.",
    "meetings": "How often the joint meetings of departments and committees happen: "
    "more often settles long-standing problems sooner.",
    "deliberation": "Disputed issues (e.g. construction noise) go first to a residents' "
    "council, which makes a collective petition less likely.",
    "demand": "How many problems arise compared with 2013: 2 = twice as many.",
    "scale": "The share of the subdistrict's 70,900 residents simulated. Smaller runs "
    "faster; counts shrink with it.",
    "seed": "The number that fixes the random draws: the same levers and seed always give "
    "the same run.",
}

#: the same in Chinese, for a page in Chinese (:mod:`cogov.viz.lang`)
LEVER_TIPS_ZH = {
    "scenario": "一套现成的杠杆设定，来自2013年的报告或一个假设情景；下面的杠杆从它开始。",
    "policy": "共治：一口受理窗口与居委会、志愿者和成员单位一起办理问题。仅一口受理：只有"
    "窗口，没有社区参与。条块分割：没有窗口，也不跟踪办理时限。",
    "dispatch_order": "先到先办：各部门按问题到达的先后办理。时限最近优先：先办办理时限最早"
    "到期的问题。",
    "volunteers": "每周巡查、帮助处理小问题的居民志愿者人数。",
    "member_units": "加入共治理事会、帮助处理附近问题的辖区企业、学校和机关。",
    "team_capacity": "每个成员单位的服务队同时办理的事项数。",
    "supervision": "督办部门催促各部门加快办理超期问题的力度：0 = 不催促，数值越大催得越紧。",
    "meetings": "部门与居委会联席会议的频率：开得越勤，长期遗留的问题解决得越快。",
    "deliberation": "有争议的问题（如施工噪声）先交居民议事会协商，集体信访因此更少发生。",
    "demand": "问题发生的数量是2013年的几倍：2 = 两倍。",
    "scale": "模拟新华路街道70,900名居民中的多大比例。比例越小运行越快；各项计数随之缩小。",
    "seed": "固定随机抽样的数字：相同的杠杆和种子总是得到相同的运行。",
}


def lever_tips(lang: str = "en") -> dict[str, str]:
    """The lever tooltips in the page's language (``"zh"`` or ``"en"``)."""
    return LEVER_TIPS_ZH if lang == "zh" else LEVER_TIPS


#: what the views' own controls and captions say, in plain words
VIEW_TIPS = {
    "map_colour": "What the colour of each committee shows. Open issues: reported and not yet "
    "settled. Satisfaction: the share of replies that satisfied. Grievance: how aggrieved "
    "the residents hit by disputed problems (construction, long-standing problems) were, "
    "the problem's hardship times their distrust, from 0 (none) up. Trust: residents' mean "
    "trust now, from 0 to 1. A red badge counts the collective petitions from a committee.",
    "participation": "Volunteers are residents who join when their committee's monthly "
    "campaign asks them and leave when their help goes unused or their trust falls; "
    "self-governance groups (of residents), neighbour points (hosted by Party members) and "
    "member units' service teams form and go the same way. Each "
    "red dot is a collective petition: residents hit by the same problem acting together; "
    "its height is how many acted.",
}

#: the same in Chinese
VIEW_TIPS_ZH = {
    "map_colour": "每个居委会的颜色表示什么。未办结问题：已反映、尚未办结的问题数。满意度："
    "答复中令人满意的比例。怨气：受争议问题（施工、长期遗留问题）影响的居民有多不满，即问题"
    "的困难程度乘以他们的不信任程度，从0（没有）往上。信任：居民现在的平均信任度，从0到1。"
    "红色圆标记该居委会至今发生的集体上访次数。",
    "participation": "志愿者是居民：居委会每月动员时应邀加入，帮助无用武之地或信任下降时退出；"
    "自治小组（由居民组成）、睦邻点（由党员家庭主持）和成员单位的服务队也同样组建和解散。"
    "每个红点是一次集体上访：受同一问题影响的居民一起行动；红点的高度是参与行动的人数。",
}


def view_tips(lang: str = "en") -> dict[str, str]:
    """The views' tooltips and captions in the page's language (``"zh"`` or ``"en"``)."""
    return VIEW_TIPS_ZH if lang == "zh" else VIEW_TIPS
