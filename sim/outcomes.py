"""The registry of outcomes a run reports: one entry per outcome, read everywhere.

The model defines what it outputs, so the list lives here, in the model core; the batch
layer, the charts, the HTML brief, the translations and the command line all read it
(:func:`outcome`, :data:`OUTCOMES`, :func:`key_outcomes`, ...) instead of keeping lists of
their own. Adding an outcome to ``RunResult.summary`` and one :class:`Outcome` entry to
:data:`OUTCOMES` is all it takes for the outcome to be summarised, labelled in English and
Chinese, formatted with its unit, explained in the brief's glossary and (if ``key``) shown
in printed summaries.

The practical thresholds are *assumptions* of this project (a judgement of the smallest
difference a district office would act on), stated in the brief: a scenario is called
better than the reference on an outcome only when the 95% interval of the difference
excludes zero AND the mean difference is at least the threshold in the better direction.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

__all__ = [
    "GROUP_OUTCOMES",
    "OUTCOMES",
    "REPORT_OUTCOMES",
    "Outcome",
    "is_rate",
    "key_outcomes",
    "outcome",
]

Kind = Literal["rate", "hours", "count", "index"]


@dataclass(frozen=True, slots=True)
class Outcome:
    """One outcome of a run.

    Attributes:
        name: the key in ``RunResult.summary`` (and a column of ``runs.parquet``).
        kind: how values are written: ``rate`` (a share 0-1, shown in percent),
            ``hours``, ``count`` (a total over the run), ``index`` (a 0-1 score).
        en: English label.
        zh: Chinese label.
        unit_en: the unit in English, as written after a value or in an axis label.
        unit_zh: the unit in Chinese.
        define_en: one sentence saying what is counted (the brief's glossary).
        define_zh: the same in Chinese.
        key: shown first in printed summaries and in the brief's table.
        higher_is_better: ``True``/``False``, or ``None`` where neither is better.
        threshold: the smallest difference called practically relevant, in the outcome's
            own units (a rate as a share: 0.01 is one percentage point); ``None`` without
            a direction.
        report: among the outcomes the brief compares scenarios on.
        group: also kept per issue kind and per neighbourhood (``by_kind``,
            ``by_neighbourhood`` of the summary), so the map can show it.
        noun_en: for a count, what is counted, written after a value ("16 petitions").
        noun_zh: the same in Chinese (a measure word: "16次").
    """

    name: str
    kind: Kind
    en: str
    zh: str
    unit_en: str
    unit_zh: str
    define_en: str
    define_zh: str
    key: bool = False
    higher_is_better: bool | None = None
    threshold: float | None = None
    report: bool = False
    group: bool = False
    noun_en: str = ""
    noun_zh: str = ""

    def label(self, lang: str = "en") -> str:
        """The label in ``lang`` (``"en"`` or ``"zh"``)."""
        return self.zh if lang == "zh" else self.en

    def unit(self, lang: str = "en") -> str:
        """The unit in ``lang``."""
        return self.unit_zh if lang == "zh" else self.unit_en

    def noun(self, lang: str = "en") -> str:
        """What a count counts, in ``lang`` (empty for other kinds)."""
        return self.noun_zh if lang == "zh" else self.noun_en

    def definition(self, lang: str = "en") -> str:
        """The glossary sentence in ``lang``."""
        return self.define_zh if lang == "zh" else self.define_en


def _o(*args: object, **kwargs: object) -> Outcome:
    return Outcome(*args, **kwargs)  # type: ignore[arg-type]


_RUN = "over the run (a year by default)"
_RUN_ZH = "整个运行期（默认一年）"

#: every outcome, key outcomes first in the order they are shown
# fmt: off
OUTCOMES: tuple[Outcome, ...] = (
    _o(
        "on_time_rate", "rate", "Closed on time", "按时办结率", "%", "%",
        "Share of closed issues closed within their kind's deadline, by the office's clock "
        "(it restarts when a department signs for a case passed on to it).",
        "已办结问题中在时限内办结的比例（按办理部门的计时：案件被转办后，从下一个部门签收时重新计时）。",
        key=True, higher_is_better=True, threshold=0.01, report=True, group=True,
    ),
    _o(
        "on_time_from_report_rate", "rate", "Closed on time, counted from the report",
        "按时办结率（自报告起算）", "%", "%",
        "Share of closed issues closed within their kind's deadline counted from the report "
        "(what the reporter waited, hand-overs included).",
        "已办结问题中自报告起在时限内办结的比例（即报告人实际等待的时间，含转办）。",
        higher_is_better=True, threshold=0.01,
    ),
    _o(
        "solved_rate", "rate", "Actually solved", "实际解决率", "%", "%",
        "Share of closed issues whose problem was really solved (not only closed on paper).",
        "已办结问题中问题确实得到解决（而非仅在形式上办结）的比例。",
        key=True, higher_is_better=True, threshold=0.01, report=True, group=True,
    ),
    _o(
        "satisfaction_mean", "rate", "Residents satisfied", "居民满意率", "%", "%",
        "Share of residents' ratings of closed issues that were 'satisfied'.",
        "居民对已办结问题的评价中“满意”的比例。",
        key=True, higher_is_better=True, threshold=0.01, report=True, group=True,
    ),
    _o(
        "mean_hours_to_close", "hours", "Mean hours to close", "平均办结时长", "h", "小时",
        "Mean hours from report to close, over closed issues (calendar hours).",
        "已办结问题从报告到办结的平均小时数（日历小时）。",
        key=True, higher_is_better=False, threshold=1.0, report=True, group=True,
    ),
    _o(
        "p90_hours_to_close", "hours", "90th percentile hours to close", "办结时长90分位",
        "h", "小时",
        "Hours from report to close within which 90% of closed issues were closed.",
        "90%的已办结问题在此小时数内办结。",
        key=True, higher_is_better=False, threshold=4.0,
    ),
    _o(
        "backlog_end", "count", "Open issues at end", "期末未办结问题", "issues", "件",
        "Issues reported but not yet closed on the last day.",
        "最后一天已报告但尚未办结的问题数。",
        key=True, higher_is_better=False, threshold=10.0, noun_en="issues", noun_zh="件",
    ),
    _o(
        "petitions", "count", "Collective petitions", "集体上访", f"petitions {_RUN}",
        f"次（{_RUN_ZH}）",
        "Issues that ended in a collective petition to a higher level, counted over the run.",
        "整个运行期内以集体上访告终的问题数。",
        key=True, higher_is_better=False, threshold=2.0, report=True,
        noun_en="petitions", noun_zh="次",
    ),
    _o(
        "escalations", "count", "Escalations", "督办升级", f"escalations {_RUN}",
        f"次（{_RUN_ZH}）",
        "Issues still open at their deadline and escalated for supervision, over the run.",
        "整个运行期内到期仍未办结而被提交督办的问题数。",
        key=True, higher_is_better=False, threshold=10.0, noun_en="escalations", noun_zh="次",
    ),
    _o(
        "repeat_reports", "count", "Repeat reports", "重复报告", f"reports {_RUN}",
        f"次（{_RUN_ZH}）",
        "Reports of a problem already reported and replied to without solving it, over the run.",
        "整个运行期内对已报告、已答复但未解决的问题再次报告的次数。",
        key=True, higher_is_better=False, threshold=10.0, noun_en="repeat reports", noun_zh="次",
    ),
    _o(
        "passed_on", "count", "Cases passed on", "推诿转办", f"hand-overs {_RUN}",
        f"次（{_RUN_ZH}）",
        "Hand-overs of a case from one department to another (推诿), over the run.",
        "整个运行期内案件在部门之间被转出（推诿）的次数。",
        key=True, higher_is_better=False, threshold=10.0, noun_en="hand-overs", noun_zh="次",
    ),
    _o(
        "closed_unsolved", "count", "Replies that left the problem", "答复未解决",
        f"replies {_RUN}", f"件（{_RUN_ZH}）",
        "Replies that closed a case while its problem stayed in the world, over the run.",
        "整个运行期内办结了案件但问题仍然存在的答复数。",
        key=True, higher_is_better=False, threshold=10.0, noun_en="replies", noun_zh="件",
    ),
    _o(
        "closed_on_paper", "count", "Closed on paper", "纸面结案", f"replies {_RUN}",
        f"件（{_RUN_ZH}）",
        "Replies given at the deadline without working the case (part of the unsolved replies).",
        "到期时未实际处理即作出的答复（属于未解决的答复）。",
        higher_is_better=False, threshold=5.0, noun_en="replies", noun_zh="件",
    ),
    _o(
        "problems_open_end", "count", "Problems still there at end", "期末仍存在的问题",
        "problems", "个",
        "Problems still in the world on the last day, reported or not.",
        "最后一天仍然存在的问题数（无论是否已报告）。",
        key=True, higher_is_better=False, threshold=10.0, noun_en="problems", noun_zh="个",
    ),
    _o(
        "problems_faded", "count", "Problems that faded", "自行消失的问题", f"problems {_RUN}",
        f"个（{_RUN_ZH}）",
        "Unsolved problems that went away by themselves (no longer affecting anyone).",
        "未经解决而自行消失（不再影响任何人）的问题数。",
        threshold=10.0, noun_en="problems", noun_zh="个",
    ),
    _o(
        "volunteers_active_end", "count", "Active volunteers at end", "期末在岗志愿者",
        "volunteers", "名",
        "Residents volunteering on the last day (recruited by campaigns, minus those who left).",
        "最后一天仍在参与志愿服务的居民数（经动员加入、减去退出者）。",
        key=True, higher_is_better=True, threshold=20.0, noun_en="volunteers", noun_zh="名",
    ),
    _o(
        "volunteers_recruited", "count", "Volunteers recruited", "新招募志愿者",
        f"volunteers {_RUN}", f"名（{_RUN_ZH}）",
        "Residents who joined as volunteers during the run (after the starting ones).",
        "运行期内新加入的志愿者人数（不含开始时的志愿者）。",
        threshold=20.0, noun_en="volunteers", noun_zh="名",
    ),
    _o(
        "volunteers_left", "count", "Volunteers who left", "退出的志愿者", f"volunteers {_RUN}",
        f"名（{_RUN_ZH}）",
        "Volunteers who stopped, unused for weeks or with trust below the floor, over the run.",
        "运行期内因长期闲置或信任过低而退出的志愿者人数。",
        higher_is_better=False, threshold=20.0, noun_en="volunteers", noun_zh="名",
    ),
    _o(
        "groups_active_end", "count", "Self-governance groups at end", "期末自治小组",
        "groups", "个",
        "Active self-governance groups on the last day (members recruited, minus those who "
        "left; a group below its minimum dissolves).",
        "最后一天仍在运作的自治小组数（成员经动员加入、减去退出者；人数低于下限即解散）。",
        higher_is_better=True, threshold=10.0, noun_en="groups", noun_zh="个",
    ),
    _o(
        "points_active_end", "count", "Neighbour points at end", "期末睦邻点", "points", "个",
        "Neighbour points open on the last day (each hosted by a Party-member household).",
        "最后一天仍在运作的睦邻点数（每个以党员家庭为中心）。",
        higher_is_better=True, threshold=10.0, noun_en="points", noun_zh="个",
    ),
    _o(
        "point_helpers_end", "count", "Neighbour-point helpers at end", "期末睦邻点帮手",
        "helpers", "名",
        "Residents helping at an open neighbour point on the last day, besides its host "
        "(recruited, minus those who left or whose point closed).",
        "最后一天在仍运作的睦邻点帮忙的居民人数（不含点主；经动员加入、减去退出者及所在点关闭者）。",
        higher_is_better=True, threshold=10.0, noun_en="helpers", noun_zh="名",
    ),
    _o(
        "point_helpers_joined", "count", "Point helpers recruited", "新招募睦邻点帮手",
        f"helpers {_RUN}", f"名（{_RUN_ZH}）",
        "Residents who joined a neighbour point as helpers during the run (after the "
        "starting ones).",
        "运行期内新加入睦邻点帮忙的居民人数（不含开始时的帮手）。",
        noun_en="helpers", noun_zh="名",
    ),
    _o(
        "point_helpers_left", "count", "Point helpers who left", "退出的睦邻点帮手",
        f"helpers {_RUN}", f"名（{_RUN_ZH}）",
        "Helpers who stopped (unused for weeks, trust below the floor, turnover) or whose "
        "point closed, over the run.",
        "运行期内因长期闲置、信任过低、自然流失或所在点关闭而退出的帮手人数。",
        noun_en="helpers", noun_zh="名",
    ),
    _o(
        "teams_active_end", "count", "Service teams at end", "期末服务队", "teams", "支",
        "Service teams member units have committed on the last day.",
        "最后一天成员单位仍在投入的服务队数。",
        higher_is_better=True, threshold=10.0, noun_en="teams", noun_zh="支",
    ),
    _o(
        "elderly_served", "count", "Elderly people helped", "受助老人", "people", "人",
        "Distinct elderly residents helped by neighbour points or volunteers over the run.",
        "运行期内得到邻里点或志愿者帮助的不同老人人数。",
        key=True, higher_is_better=True, threshold=10.0, noun_en="elderly people", noun_zh="人",
    ),
    _o(
        "elderly_visits", "count", "Visits to elderly people", "探访老人次数",
        f"visits {_RUN}", f"次（{_RUN_ZH}）",
        "Visits neighbour points and elderly-visit volunteers made to elderly people living "
        "alone over the run (weekly rounds).",
        "运行期内睦邻点和探访志愿者对独居老人的上门探访次数（每周一轮）。",
        noun_en="visits", noun_zh="次",
    ),
    _o(
        "elderly_needs_met_on_visits", "count", "Needs met on visits", "探访中解决的需求",
        f"needs {_RUN}", f"项（{_RUN_ZH}）",
        "Unreported needs of elderly people living alone that a visit found and met.",
        "独居老人未报告、在探访中发现并解决的需求数。",
        higher_is_better=True, threshold=10.0, noun_en="needs", noun_zh="项",
    ),
    _o(
        "elderly_needs_latent_end", "count", "Unmet unreported elderly needs at end",
        "期末未被发现的老人需求", "needs", "项",
        "Needs of elderly people living alone, never reported, neither met nor lapsed on the "
        "last day.",
        "最后一天仍未报告、未被满足也未自行消失的独居老人需求数。",
        higher_is_better=False, threshold=10.0, noun_en="needs", noun_zh="项",
    ),
    _o(
        "community_offered", "count", "Cases offered to the community", "转交社区的问题",
        f"issues {_RUN}", f"件（{_RUN_ZH}）",
        "Cases of kinds the community can settle, offered to their committee first "
        "(co-governance).",
        "可由社区处理的问题在共治模式下先交给所在居委会的件数。",
        noun_en="issues", noun_zh="件",
    ),
    _o(
        "community_declined", "count", "Cases the community had no capacity for",
        "社区无力承接的问题", f"issues {_RUN}", f"件（{_RUN_ZH}）",
        "Cases offered to the community that no group, point, team or volunteer was free and "
        "able to take (they went to a department).",
        "转交社区但没有自治小组、睦邻点、服务队或志愿者有空且能够承接、转由职能部门处理的件数。",
        noun_en="issues", noun_zh="件",
    ),
    _o(
        "team_jobs_across", "count", "Team jobs next door", "服务队跨居委会承接",
        f"issues {_RUN}", f"件（{_RUN_ZH}）",
        "Cases a member unit's service team of an adjacent committee took when the committee's "
        "own teams were not free and able (co-governance).",
        "本居委会服务队无空或无力承接时，由相邻居委会的服务队承接的件数（共治模式）。",
        noun_en="issues", noun_zh="件",
    ),
    _o(
        "petition_size_mean", "count", "Mean petition size", "平均上访人数", "people", "人",
        "Mean number of residents acting together in a collective petition (0 with none).",
        "集体上访中共同行动居民的平均人数（无上访时为0）。",
        higher_is_better=False, threshold=2.0, noun_en="people", noun_zh="人",
    ),
    _o(
        "grievance_mean", "index", "Mean grievance of the affected", "受影响居民平均不满",
        "index", "指数",
        "Mean grievance (hardship x distrust) of residents affected by contentious replies.",
        "受争议答复影响的居民的平均不满（困难程度×不信任）。",
        higher_is_better=False, threshold=0.02,
    ),
    _o(
        "chronic_solved", "count", "Chronic cases solved", "积年难题解决", "cases",
        "件",
        "Seeded long-standing cases (street market, podium dispute, old lifts) solved.",
        "预设的积年难题（马路菜场、裙房纠纷、老旧电梯）中得到解决的数量。",
        key=True, higher_is_better=True, threshold=1.0, noun_en="chronic cases", noun_zh="件",
    ),
    _o(
        "volunteer_hours", "hours", "Volunteer hours", "志愿服务时长", f"h {_RUN}",
        f"小时（{_RUN_ZH}）",
        "Hours volunteers spent handling issues, summed over all volunteers and the run "
        "(an input of effort, neither better nor worse).",
        "所有志愿者在整个运行期内处理问题的总小时数（投入量，无所谓好坏）。",
        key=True, threshold=100.0, report=True,
    ),
    _o(
        "trust_mean_end", "index", "Mean trust at end", "期末平均信任度", "0–1", "0–1",
        "Residents' mean trust in how issues are handled, on the last day (0 none, 1 full).",
        "最后一天居民对问题处理的平均信任度（0为毫无信任，1为完全信任）。",
        key=True, higher_is_better=True, threshold=0.01,
    ),
    _o(
        "median_hours_to_close", "hours", "Median hours to close", "办结时长中位数", "h", "小时",
        "Hours from report to close within which half the closed issues were closed.",
        "一半已办结问题在此小时数内办结。",
        higher_is_better=False, threshold=1.0,
    ),
    _o(
        "mean_wait_hours", "hours", "Mean hours in queue", "平均排队时长", "h", "小时",
        "Mean hours a closed issue waited in a department's queue before work began.",
        "已办结问题开始处理前在部门队列中的平均等待小时数。",
        higher_is_better=False, threshold=1.0,
    ),
    _o(
        "consultations", "count", "Consultations", "协商议事", f"issues {_RUN}", f"次（{_RUN_ZH}）",
        "Contentious issues taken to a community consultation, over the run.",
        "整个运行期内提交社区协商议事的争议性问题数。",
        noun_en="issues", noun_zh="件",
    ),
    _o(
        "unit_hours", "hours", "Member-unit hours", "成员单位服务时长", f"h {_RUN}",
        f"小时（{_RUN_ZH}）",
        "Hours member units (companies, schools) spent on issues, over the run.",
        "成员单位（企业、学校等）在整个运行期内处理问题的总小时数。",
    ),
    _o(
        "issues_reported", "count", "Issues reported", "报告问题数", f"issues {_RUN}",
        f"件（{_RUN_ZH}）",
        "Issues reported by residents or found by inspectors, volunteers or units.",
        "由居民报告或由网格员、志愿者、成员单位发现的问题数。",
        noun_en="issues", noun_zh="件",
    ),
    _o(
        "issues_closed", "count", "Issues closed", "办结问题数", f"issues {_RUN}",
        f"件（{_RUN_ZH}）",
        "Issues closed over the run.",
        "整个运行期内办结的问题数。",
        noun_en="issues", noun_zh="件",
    ),
    _o(
        "utilisation", "rate", "Staff utilisation", "人员利用率", "%", "%",
        "A department's busy staff hours over its staff hours on duty.",
        "部门忙碌工时占在岗工时的比例。",
    ),
)
# fmt: on

_BY_NAME = {o.name: o for o in OUTCOMES}

#: outcomes the brief compares scenarios on, in order
REPORT_OUTCOMES: tuple[str, ...] = tuple(o.name for o in OUTCOMES if o.report)
#: outcomes kept per issue kind and per neighbourhood
GROUP_OUTCOMES: tuple[str, ...] = tuple(o.name for o in OUTCOMES if o.group)


def outcome(name: str) -> Outcome:
    """The registry entry of ``name``; an unlisted name gets a plain count entry.

    A user's own column (e.g. ``found_by.resident``) is thus shown under its own name,
    without a unit or a direction.
    """
    found = _BY_NAME.get(name)
    if found is not None:
        return found
    return Outcome(name, "count", name, name, "", "", name, name)


def key_outcomes() -> tuple[str, ...]:
    """The key outcomes, in the order they are shown."""
    return tuple(o.name for o in OUTCOMES if o.key)


def is_rate(name: str) -> bool:
    """Whether ``name`` is a share (drawn and written as a percentage)."""
    return outcome(name).kind == "rate"
