"""The one table of deep uncertainties: assumed parameters, their bounds and sources.

Every exploratory tool reads this table and nothing else for its ranges: the EMA Workbench
adapter (:mod:`cogov.experiments.ema`), the exploratory batch (``design.kind = "explore"``
in an experiment file, e.g. ``experiments/robustness.toml``) and scenario discovery
(``cogov discover``). Adding a parameter (for instance one that the mechanism issues add) is
one :class:`Uncertainty` line below; its name is a dotted scenario key as in experiment files.

Bounds are assumptions around the ``xinhua_2013`` defaults: no published figure pins any of
them (the scenario file marks each default *assumption*). ``reads`` says which intake
policies the model reads the parameter under: a parameter that only co-governance reads can
only move co-governance's results, so a box of scenario discovery restricted on it shows an
advantage that holds by construction, not one the agents' behaviour produced.

The outcome list is taken from the project's outcome registry (:mod:`cogov.sim.outcomes`)
through one function, :func:`outcome_names`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

__all__ = [
    "COMPARISONS",
    "DISCOVERY_OUTCOMES",
    "POLICIES",
    "REFERENCE_POLICY",
    "UNCERTAINTIES",
    "Uncertainty",
    "identifier",
    "label",
    "outcome_names",
    "outcome_values",
    "uncertainty_bounds",
]

_ALL = ("cogovernance", "one_window", "siloed")
_COGOV = ("cogovernance",)
_WINDOW = ("cogovernance", "one_window")
_SILOED = ("siloed",)


@dataclass(frozen=True, slots=True)
class Uncertainty:
    """One assumed parameter and the range explored.

    Attributes:
        name: dotted scenario key (``"reporting.delay_hours"``).
        low: lowest value explored.
        high: highest value explored.
        source: where the range comes from (``assumption: ...``).
        reads: the intake policies under which the model reads the parameter.
        en: its name in English.
        zh: its name in Chinese.
    """

    name: str
    low: float
    high: float
    source: str
    reads: tuple[str, ...] = _ALL
    en: str = ""
    zh: str = ""

    @property
    def by_construction(self) -> bool:
        """Whether only co-governance reads it (its effect on a contrast is by assumption)."""
        return self.reads == _COGOV


#: the assumed parameters explored, with bounds, sources and labels (defaults:
#: scenarios/xinhua_2013.toml); "as sensitivity_sobol" = the bounds of that experiment file
# fmt: off
UNCERTAINTIES: tuple[Uncertainty, ...] = (
    Uncertainty("population.trust_mean", 0.4, 0.8, "assumption: default 0.6 +/- 0.2",
                _ALL, "Initial trust", "初始信任"),
    Uncertainty("demand.multiplier", 0.7, 1.5, "assumption: demand -30% to +50%",
                _ALL, "Demand multiplier", "需求倍数"),
    Uncertainty("reporting.trust_effect", 0.0, 2.0, "assumption: default 1.0, off to double",
                _ALL, "Effect of trust on reporting", "信任对报告的影响"),
    Uncertainty("reporting.delay_hours", 4.0, 48.0, "assumption: default 12 h, 4 h to 2 days",
                _ALL, "Hours before a resident reports", "居民报告延迟（小时）"),
    Uncertainty("inspectors.find_hours", 8.0, 72.0, "assumption: as sensitivity_sobol",
                _ALL, "Hours for inspectors to find an issue", "网格员发现时长（小时）"),
    Uncertainty("intake.triage_hours", 0.25, 2.0, "assumption: default 0.5 h",
                _WINDOW, "Triage hours at the window", "分拨时长（小时）"),
    Uncertainty("budget.staff_factor", 0.6, 1.4, "assumption: as sensitivity_sobol",
                _ALL, "Department staff factor", "部门人员系数"),
    Uncertainty("escalation.effort_boost", 1.0, 2.0, "assumption: as sensitivity_sobol",
                _WINDOW, "Effort boost on escalation", "督办后工作加速"),
    Uncertainty("feedback.learning_rate", 0.05, 0.4, "assumption: default 0.2",
                _ALL, "Trust learning rate", "信任学习率"),
    Uncertainty("volunteers.activation", 0.2, 1.0, "assumption: as sensitivity_sobol",
                _ALL, "Share of volunteers active", "志愿者活跃比例"),
    Uncertainty("volunteers.hours_per_week", 1.0, 4.0, "assumption: default 2 h",
                _ALL, "Volunteer hours a week", "志愿者每周小时数"),
    Uncertainty("community.max_queue_per_server", 1, 4, "assumption: default 2",
                _COGOV, "Community queue limit", "社区队列上限"),
    Uncertainty("deliberation.consult_hours", 12.0, 96.0, "assumption: default 48 h",
                _COGOV, "Consultation hours", "协商时长（小时）"),
    Uncertainty("supervision.strength", 0.0, 1.5, "assumption: as sensitivity_sobol",
                _COGOV, "Supervision strength", "监督强度"),
    # the community side (issue 14, in part): participation and collective action
    Uncertainty("participation.contacts", 183, 358,
                "calibrated: the 95% ABC posterior interval around the default 304 "
                "(docs/calibration_participation.json)",
                _ALL, "Residents approached per campaign", "每次动员接触的居民数"),
    Uncertainty("participation.conditional", 0.0, 2.0, "assumption: default 1",
                _ALL, "Conditional cooperation in joining", "加入志愿的条件合作强度"),
    Uncertainty("participation.quit_idle", 0.011, 0.198,
                "calibrated, not identified: the 95% ABC posterior interval around the "
                "default 0.117",
                _ALL, "Weekly chance an idle volunteer quits", "闲置志愿者每周退出概率"),
    # groups, points and teams recruited and lost (issue 14 point 1)
    Uncertainty("participation.group_contacts", 110, 190,
                "calibrated: the 95% ABC posterior interval around the default 169",
                _ALL, "Residents approached for groups per campaign",
                "每次动员自治小组接触的居民数"),
    Uncertainty("participation.point_contacts", 0, 13,
                "calibrated: the 95% ABC posterior interval around the default 5",
                _ALL, "Party members asked to host a point per campaign",
                "每次动员邀请主持睦邻点的党员数"),
    Uncertainty("participation.helper_contacts", 12, 131,
                "calibrated, not identified: the 95% ABC posterior interval around the "
                "default 26",
                _ALL, "Residents asked to help at a point per campaign",
                "每次动员邀请到睦邻点帮忙的居民数"),
    Uncertainty("units.team_willingness", 0.038, 0.163,
                "calibrated: the 95% ABC posterior interval around the default 0.117",
                _ALL, "Member units' willingness to commit a team", "成员单位组建服务队的意愿"),
    Uncertainty("participation.quit_base", 0.004, 0.016,
                "assumption: half to double the outside default 0.008 (CNCS 2007)",
                _ALL, "Weekly turnover of every role", "各类参与者每周流失概率"),
    Uncertainty("community.group_size", 4, 10, "assumption: default 6",
                _ALL, "Members of a new self-governance group", "新自治小组的成员数"),
    # community capacity (issue 14 point 2): the hours the actors give a week bind who takes a case
    Uncertainty("community.group_hours_per_week", 0.5, 6.0, "assumption: default 2 h",
                _COGOV, "Hours a group gives a week", "每个自治团队每周小时数"),
    Uncertainty("community.point_host_hours_per_week", 0.5, 5.0, "assumption: default 2 h",
                _ALL, "Hours a neighbour point's host gives a week", "每个邻里点点主每周小时数"),
    Uncertainty("community.point_helper_hours_per_week", 0.25, 2.5, "assumption: default 1 h",
                _ALL, "Hours a neighbour-point helper gives a week", "每名邻里点帮手每周小时数"),
    # elderly people's needs found on visits (sim/visits.py): points and volunteers visit
    # under every policy, from the hours the week's cases left them
    Uncertainty("visits.interval_days", 7.0, 30.0,
                "assumption: default 14 days (outside: Shanghai's Old Partners visit fortnightly)",
                _ALL, "Days between visits to an elderly person", "探访独居老人的间隔天数"),
    Uncertainty("visits.hours_per_visit", 0.5, 2.0,
                "assumption: default 1 h (outside: 'at least an hour', Pudong Chatting Team)",
                _ALL, "Hours a visit takes", "每次探访的小时数"),
    Uncertainty("visits.round_hour", 14.0, 158.0,
                "assumption: default 62 h after Monday 00:00 (Wednesday 14:00)",
                _ALL, "When in the week the visiting round runs", "每周探访的时间（小时）"),
    Uncertainty("units.team_hours_per_week", 1.0, 10.0, "assumption: default 4 h",
                _COGOV, "Hours a service team gives a week", "每支服务队每周小时数"),
    Uncertainty("collective.cost", 0.05, 0.4, "assumption: default 0.2",
                _ALL, "Felt cost of petitioning", "上访的感知成本"),
    Uncertainty("collective.peer_weight", 0.2, 0.8, "assumption: default 0.5",
                _ALL, "Pull of others acting", "他人行动的带动作用"),
    Uncertainty("deliberation.contact_effect", 0.2, 0.8, "assumption: default 0.5",
                _COGOV, "Grievance cut by a council's contact", "协商接触降低的不满"),
    Uncertainty("deliberation.reach_per_leader", 5, 20, "assumption: default 10 (1+10 schemes)",
                _COGOV, "Affected each council leader reaches", "每名党员骨干联系的受影响居民"),
    Uncertainty("deliberation.retell", 0, 3, "assumption: default 1",
                _COGOV, "Neighbours a reached resident brings round", "被联系居民转告的邻居数"),
    # the graph acts (issue 14 point 4): trust and grievance spill along edges, every policy
    Uncertainty("feedback.spill_contacts", 0, 3, "assumption: default 1",
                _ALL, "Residents next door who hear of a reply", "相邻居委会得知答复的居民数"),
    Uncertainty("feedback.spill_weight", 0.0, 0.5, "assumption: default 0.25",
                _ALL, "Weight of an experience heard of", "耳闻经历的权重"),
    Uncertainty("collective.spill_share", 0.0, 0.3, "assumption: default 0.1",
                _ALL, "Share of grievance heard next door", "相邻居委会传来的不满比例"),
    Uncertainty("collective.spill_days", 7.0, 90.0, "assumption: default 30 days",
                _ALL, "Days grievance heard next door lasts", "传来的不满持续天数"),
    # the government-side mechanisms (issue 13): read under every policy unless marked
    Uncertainty("routing.triage_accuracy", 0.7, 0.99, "assumption: default 0.9",
                _WINDOW, "Triage accuracy at the window", "受理中心分拨准确率"),
    Uncertainty("routing.belief_weight", 0.2, 0.8, "assumption: default 0.5",
                _SILOED, "Weight of residents' prior belief", "居民先验判断的权重"),
    Uncertainty("passing.ambiguity", 2.0, 6.0, "assumption: default 4",
                _ALL, "Passing on: effect of ambiguity", "推诿：职责模糊的影响"),
    Uncertainty("passing.load", 0.2, 1.0, "assumption: default 0.5",
                _ALL, "Passing on: effect of load", "推诿：工作负荷的影响"),
    Uncertainty("passing.handover_hours", 8.0, 72.0, "assumption: default 24 h",
                _ALL, "Hours a hand-over takes", "转办时长（小时）"),
    Uncertainty("persistence.rereport_hours", 72.0, 336.0, "assumption: default 168 h",
                _ALL, "Mean hours before a repeat report", "重复报告间隔（小时）"),
    Uncertainty("paper.lateness", 1.5, 4.5, "assumption: default 3",
                _WINDOW, "Closing on paper: effect of lateness", "纸面结案：超时的影响"),
    Uncertainty("paper.reward", 1.0, 3.0, "assumption: default 2",
                _WINDOW, "Closing on paper: effect of on-time scoring", "纸面结案：按时考核的影响"),
)
# fmt: on

#: the policies (EMA levers) and the scenario that runs each; every other value is shared
POLICIES: dict[str, str] = {
    "cogovernance": "xinhua_2013",
    "one_window": "one_window",
    "siloed": "siloed",
}
REFERENCE_POLICY = "cogovernance"
#: paired contrasts stored per world: (policy, baseline), difference = policy - baseline
COMPARISONS: tuple[tuple[str, str], ...] = (
    ("cogovernance", "one_window"),
    ("cogovernance", "siloed"),
)
#: outcomes of scenario discovery and the direction in which co-governance "beats" a baseline
DISCOVERY_OUTCOMES: dict[str, str] = {
    "satisfaction_mean": "higher",
    "solved_rate": "higher",
    "petitions": "lower",
}


def label(name: str, lang: str = "en") -> str:
    """The name of an uncertainty (or any dotted key) in English or Chinese."""
    for u in UNCERTAINTIES:
        if u.name == name:
            return (u.zh if lang == "zh" else u.en) or name
    return name


def uncertainty_bounds() -> dict[str, dict[str, list[Any]]]:
    """The table as an experiment file's ``design.parameters``: ``{name: {"bounds": [lo, hi]}}``."""
    return {u.name: {"bounds": [u.low, u.high]} for u in UNCERTAINTIES}


def outcome_names() -> tuple[str, ...]:
    """The outcomes exploratory tools report: the key outcomes of the outcome registry."""
    from cogov.sim.outcomes import key_outcomes

    return key_outcomes()


def outcome_values(summary: dict[str, Any]) -> dict[str, float]:
    """The values of :func:`outcome_names` in a run summary (as flattened for ``runs.parquet``)."""
    from cogov.experiments.runner import flatten_summary

    flat = flatten_summary(summary)
    return {name: _number(flat.get(name)) for name in outcome_names()}


def identifier(dotted: str) -> str:
    """A Python identifier for a dotted key (EMA names must be identifiers): ``.`` -> ``__``."""
    return dotted.replace(".", "__")


def _number(value: Any) -> float:
    return float("nan") if value is None else float(value)
