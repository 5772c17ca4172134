"""Scenario parameters: one frozen, validated object per scenario file.

Every field carries its allowed range in ``metadata`` so that the loader can refuse bad
input with a message naming the key, what was found and what is allowed. The *sources* of
the default values live in the scenario files' comments and in ``docs/ODD.md``; this module
only states what each parameter means.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from cogov.sim.space import HOUSING_TYPES

__all__ = [
    "BudgetParams",
    "Channel",
    "ChronicParams",
    "CollectiveParams",
    "CommunityParams",
    "DeliberationParams",
    "DemandParams",
    "DepartmentParams",
    "DispatchOrder",
    "Distribution",
    "DistrictParams",
    "EscalationParams",
    "FeedbackParams",
    "Hours",
    "InspectorParams",
    "IntakeParams",
    "IntakePolicy",
    "IssueKindParams",
    "MeetingParams",
    "PaperParams",
    "ParticipationParams",
    "PassingParams",
    "PersistenceParams",
    "PlaceParams",
    "PopulationParams",
    "Reporter",
    "ReportingParams",
    "RoutingParams",
    "SatisfactionParams",
    "Scenario",
    "Score",
    "ShockParams",
    "Skill",
    "SupervisionParams",
    "UnitParams",
    "VisitsParams",
    "VolunteerParams",
    "WorkTimeParams",
]


def rng_(lo: float | None = None, hi: float | None = None, **extra: object) -> dict:
    """Field metadata: an inclusive numeric range and any extra constraints."""
    return {"min": lo, "max": hi, **extra}


class IntakePolicy(StrEnum):
    """How reported problems reach the people who settle them."""

    SILOED = "siloed"
    ONE_WINDOW = "one_window"
    COGOVERNANCE = "cogovernance"


class DispatchOrder(StrEnum):
    """Queue discipline at departments (community actors always serve first come first served)."""

    FCFS = "fcfs"
    EDF = "edf"


class Hours(StrEnum):
    """When a server works."""

    OFFICE = "office"
    ROUND_THE_CLOCK = "24h"


class Channel(StrEnum):
    """Community actor that can settle a kind of issue (cogovernance only)."""

    NONE = "none"
    SELF_GOVERNANCE = "self_governance"
    SERVICE_TEAM = "service_team"
    VOLUNTEER = "volunteer"
    NEIGHBOUR_POINT = "neighbour_point"


class Score(StrEnum):
    """What co-supervision scores departments by."""

    ON_TIME = "on_time"
    SATISFACTION = "satisfaction"


class Reporter(StrEnum):
    """Who experiences an issue and may report it."""

    RESIDENT = "resident"
    UNIT = "unit"


class Skill(StrEnum):
    """Volunteer skills named in the report."""

    LEGAL = "legal"
    MEDICAL = "medical"
    FINANCIAL = "financial"
    PATROL = "patrol"
    ELDERLY_VISITS = "elderly_visits"


class Distribution(StrEnum):
    """Work-time distribution families."""

    EXPONENTIAL = "exponential"
    LOGNORMAL = "lognormal"
    GAMMA = "gamma"
    DETERMINISTIC = "deterministic"


@dataclass(frozen=True, slots=True)
class WorkTimeParams:
    """Hands-on work time of one issue, in working hours of whoever does it."""

    dist: Distribution = Distribution.LOGNORMAL
    mean_hours: float = field(default=2.0, metadata=rng_(0.001, 2000.0))
    cv: float = field(default=1.0, metadata=rng_(0.0, 10.0))


@dataclass(frozen=True, slots=True)
class PopulationParams:
    """The residents and how they are generated."""

    residents: int = field(default=70_900, metadata=rng_(1, 10_000_000))
    households: int = field(default=23_000, metadata=rng_(1, 10_000_000))
    scale: float = field(default=1.0, metadata=rng_(0.001, 100.0))
    elderly_share: float = field(default=0.25, metadata=rng_(0.0, 1.0))
    elderly_alone_share: float = field(default=0.034, metadata=rng_(0.0, 1.0))
    child_share: float = field(default=0.1, metadata=rng_(0.0, 1.0))
    party_member_share: float = field(default=0.08, metadata=rng_(0.0, 1.0))
    trust_mean: float = field(default=0.6, metadata=rng_(0.01, 0.99))
    trust_concentration: float = field(default=10.0, metadata=rng_(0.1, 1e6))
    volunteer_propensity_mean: float = field(default=0.05, metadata=rng_(0.0, 1.0))
    propensity_concentration: float = field(default=10.0, metadata=rng_(0.1, 1e6))


@dataclass(frozen=True, slots=True)
class DistrictParams:
    """Several subdistricts in one model, sharing the district's departments."""

    subdistricts: int = field(default=1, metadata=rng_(1, 100))


@dataclass(frozen=True, slots=True)
class UnitParams:
    """Resident units (驻区单位), member units and their service teams."""

    count: int = field(default=2231, metadata=rng_(0, 1_000_000))
    member_units: int = field(default=278, metadata=rng_(0, 1_000_000))
    service_teams: int = field(default=137, metadata=rng_(0, 1_000_000))
    team_capacity: int = field(default=1, metadata=rng_(1, 100))
    team_hours: Hours = Hours.OFFICE
    team_hours_per_week: float = field(default=4.0, metadata=rng_(0.0, 168.0))
    help_adjacent: bool = False
    team_willingness: float = field(default=0.117, metadata=rng_(0.0, 1.0))


@dataclass(frozen=True, slots=True)
class VolunteerParams:
    """Volunteers: how many, their skills and time."""

    count: int = field(default=1000, metadata=rng_(0, 1_000_000))
    hours_per_week: float = field(default=2.0, metadata=rng_(0.0, 80.0))
    activation: float = field(default=0.6, metadata=rng_(0.0, 1.0))
    skills: dict[str, float] = field(
        default_factory=lambda: {
            "legal": 0.1,
            "medical": 0.1,
            "financial": 0.05,
            "patrol": 0.35,
            "elderly_visits": 0.4,
        },
        metadata={"keys": tuple(s.value for s in Skill), "min": 0.0, "max": 1.0},
    )


@dataclass(frozen=True, slots=True)
class CommunityParams:
    """The community channel: self-governance groups, neighbour points, service teams."""

    self_governance_groups: int = field(default=130, metadata=rng_(0, 100_000))
    neighbour_points: int = field(default=37, metadata=rng_(0, 100_000))
    group_hours: Hours = Hours.ROUND_THE_CLOCK
    group_hours_per_week: float = field(default=2.0, metadata=rng_(0.0, 168.0))
    point_host_hours_per_week: float = field(default=2.0, metadata=rng_(0.0, 168.0))
    point_helper_hours_per_week: float = field(default=1.0, metadata=rng_(0.0, 168.0))
    point_helpers: int = field(default=2, metadata=rng_(0, 10_000))
    point_helpers_max: int = field(default=4, metadata=rng_(0, 10_000))
    max_queue_per_server: int = field(default=2, metadata=rng_(0, 10_000))
    help_adjacent: bool = True
    group_size: int = field(default=6, metadata=rng_(1, 10_000))
    group_min_members: int = field(default=3, metadata=rng_(1, 10_000))


@dataclass(frozen=True, slots=True)
class ParticipationParams:
    """Recruitment and attrition of volunteers, group members, point hosts and helpers, teams.

    (:mod:`cogov.sim.participation`, :mod:`cogov.sim.groups`, :mod:`cogov.sim.teams`)
    """

    campaign_days: float = field(default=30.0, metadata=rng_(1.0, 3650.0))
    contacts: int = field(default=304, metadata=rng_(0, 10_000_000))
    party_factor: float = field(default=3.0, metadata=rng_(0.0, 1000.0))
    conditional: float = field(default=1.0, metadata=rng_(0.0, 100.0))
    reference_share: float = field(default=0.014, metadata=rng_(1e-6, 1.0))
    idle_weeks: float = field(default=8.0, metadata=rng_(0.0, 520.0))
    quit_idle: float = field(default=0.117, metadata=rng_(0.0, 1.0))
    trust_floor: float = field(default=0.2, metadata=rng_(0.0, 1.0))
    quit_base: float = field(default=0.008, metadata=rng_(0.0, 1.0))
    group_contacts: int = field(default=169, metadata=rng_(0, 10_000_000))
    point_contacts: int = field(default=5, metadata=rng_(0, 10_000_000))
    helper_contacts: int = field(default=26, metadata=rng_(0, 10_000_000))


@dataclass(frozen=True, slots=True)
class VisitsParams:
    """Visits to elderly people living alone that find their unreported needs (off by default).

    See :mod:`cogov.sim.visits`.
    """

    enabled: bool = False
    interval_days: float = field(default=14.0, metadata=rng_(1.0, 3650.0))
    hours_per_visit: float = field(default=1.0, metadata=rng_(0.01, 168.0))
    round_hour: float = field(default=62.0, metadata=rng_(0.0, 167.0))


@dataclass(frozen=True, slots=True)
class PlaceParams:
    """How a neighbourhood's housing type shapes its problems and its self-governance.

    Keys are housing types (:data:`cogov.sim.space.HOUSING_TYPES`); a type left out has
    factor 1. Both factors redistribute the subdistrict's totals over the committees: they
    change where problems and groups are, not how many there are in all.
    """

    property_issue_factor: dict[str, float] = field(
        default_factory=lambda: {
            "lane": 1.5,
            "old_estate": 1.5,
            "work_unit": 1.0,
            "commodity": 0.6,
        },
        metadata={"keys": HOUSING_TYPES, "min": 0.0, "max": 100.0},
    )
    group_factor: dict[str, float] = field(
        default_factory=lambda: {
            "lane": 2.0,
            "old_estate": 2.0,
            "work_unit": 1.0,
            "commodity": 0.3,
        },
        metadata={"keys": HOUSING_TYPES, "min": 0.0, "max": 100.0},
    )


@dataclass(frozen=True, slots=True)
class IntakeParams:
    """Intake and dispatch policy."""

    policy: IntakePolicy = IntakePolicy.COGOVERNANCE
    dispatch_order: DispatchOrder = DispatchOrder.FCFS
    triage_hours: float = field(default=0.5, metadata=rng_(0.0, 1000.0))


@dataclass(frozen=True, slots=True)
class RoutingParams:
    """Who a case goes to: residents' beliefs (siloed) and the center's triage (one window).

    The defaults are perfect knowledge: every reporter and the center know the lead department.
    """

    triage_accuracy: float = field(default=1.0, metadata=rng_(0.0, 1.0))
    belief_weight: float = field(default=1.0, metadata=rng_(0.0, 1.0))
    belief_spread: float = field(default=0.0, metadata=rng_(0.0, 10.0))
    learning_rate: float = field(default=0.0, metadata=rng_(0.0, 1.0))
    tell_probability: float = field(default=0.0, metadata=rng_(0.0, 1.0))


@dataclass(frozen=True, slots=True)
class PassingParams:
    """Passing on (推诿): a department hands a case to another (off by default)."""

    enabled: bool = False
    base: float = field(default=-4.0, metadata=rng_(-50.0, 50.0))
    ambiguity: float = field(default=4.0, metadata=rng_(0.0, 50.0))
    load: float = field(default=0.5, metadata=rng_(0.0, 50.0))
    handover_hours: float = field(default=24.0, metadata=rng_(0.0, 10_000.0))
    restart_clock: bool = False


@dataclass(frozen=True, slots=True)
class PersistenceParams:
    """Unsolved problems stay in the world and are reported again (off by default)."""

    enabled: bool = False
    rereport_hours: float = field(default=168.0, metadata=rng_(0.001, 100_000.0))
    fade_hours: float = field(default=2160.0, metadata=rng_(0.001, 10_000_000.0))


@dataclass(frozen=True, slots=True)
class PaperParams:
    """Closing on paper: replying at the deadline without solving (off by default)."""

    enabled: bool = False
    base: float = field(default=-3.0, metadata=rng_(-50.0, 50.0))
    lateness: float = field(default=3.0, metadata=rng_(0.0, 50.0))
    reward: float = field(default=2.0, metadata=rng_(0.0, 50.0))


@dataclass(frozen=True, slots=True)
class InspectorParams:
    """Grid inspectors who find problems on patrol."""

    count: int = field(default=19, metadata=rng_(0, 100_000))
    find_hours: float = field(default=24.0, metadata=rng_(0.001, 100_000.0))
    volunteer_patrol_weight: float = field(default=0.05, metadata=rng_(0.0, 10.0))


@dataclass(frozen=True, slots=True)
class ReportingParams:
    """Whether and when an affected resident or unit reports a problem."""

    resident_propensity: float = field(default=0.166, metadata=rng_(0.0, 1.0))
    unit_propensity: float = field(default=0.9, metadata=rng_(0.0, 1.0))
    trust_effect: float = field(default=1.0, metadata=rng_(0.0, 10.0))
    delay_hours: float = field(default=12.0, metadata=rng_(0.0, 10_000.0))


@dataclass(frozen=True, slots=True)
class FeedbackParams:
    """How experience moves residents' trust."""

    enabled: bool = True
    learning_rate: float = field(default=0.2, metadata=rng_(0.0, 1.0))
    spill_contacts: int = field(default=0, metadata=rng_(0, 10_000))
    spill_weight: float = field(default=0.0, metadata=rng_(0.0, 1.0))


@dataclass(frozen=True, slots=True)
class SatisfactionParams:
    """Logistic model of whether a reporter is satisfied with the reply."""

    intercept: float = field(default=-1.11, metadata=rng_(-50.0, 50.0))
    solved: float = field(default=3.0, metadata=rng_(-50.0, 50.0))
    on_time: float = field(default=1.0, metadata=rng_(-50.0, 50.0))
    trust: float = field(default=2.0, metadata=rng_(-50.0, 50.0))


@dataclass(frozen=True, slots=True)
class EscalationParams:
    """What a deadline breach sets off (one window and co-governance only)."""

    enabled: bool = True
    effort_boost: float = field(default=1.25, metadata=rng_(1.0, 10.0))


@dataclass(frozen=True, slots=True)
class DeliberationParams:
    """Party-member deliberation councils consulting on contentious issues first."""

    enabled: bool = True
    consult_hours: float = field(default=48.0, metadata=rng_(0.0, 10_000.0))
    reach_per_leader: int = field(default=10, metadata=rng_(0, 100_000))
    contact_effect: float = field(default=0.5, metadata=rng_(0.0, 1.0))
    retell: int = field(default=0, metadata=rng_(0, 1_000))
    retell_steps: int = field(default=1, metadata=rng_(0, 100))


@dataclass(frozen=True, slots=True)
class CollectiveParams:
    """Collective action of the residents a contentious problem affects (``sim/collective.py``)."""

    affected: int = field(default=60, metadata=rng_(0, 1_000_000))
    peer_weight: float = field(default=0.5, metadata=rng_(0.0, 100.0))
    cost: float = field(default=0.2, metadata=rng_(0.0, 100.0))
    min_size: int = field(default=5, metadata=rng_(1, 1_000_000))
    spill_share: float = field(default=0.0, metadata=rng_(0.0, 1.0))
    spill_days: float = field(default=30.0, metadata=rng_(0.001, 36_500.0))
    fixed_groups: bool = False


@dataclass(frozen=True, slots=True)
class SupervisionParams:
    """Co-supervision: evaluation teams score departments and move their effort."""

    enabled: bool = True
    interval_days: float = field(default=30.0, metadata=rng_(1.0, 3650.0))
    strength: float = field(default=0.5, metadata=rng_(0.0, 10.0))
    target_on_time: float = field(default=0.95, metadata=rng_(0.0, 1.0))
    score: Score = Score.ON_TIME
    target_satisfaction: float = field(default=0.85, metadata=rng_(0.0, 1.0))
    effort_min: float = field(default=1.0, metadata=rng_(0.1, 1.0))
    effort_max: float = field(default=1.5, metadata=rng_(1.0, 10.0))


@dataclass(frozen=True, slots=True)
class BudgetParams:
    """Scales departments' staff (a budget cut is a factor below 1)."""

    staff_factor: float = field(default=1.0, metadata=rng_(0.01, 100.0))


@dataclass(frozen=True, slots=True)
class DemandParams:
    """Arrival profiles and an overall demand level."""

    multiplier: float = field(default=1.0, metadata=rng_(0.0, 1000.0))
    daily_profile: tuple[float, ...] = field(
        default=(1.0,) * 24, metadata={"length": 24, "min": 0.0, "max": 1000.0}
    )
    weekly_profile: tuple[float, ...] = field(
        default=(1.0,) * 7, metadata={"length": 7, "min": 0.0, "max": 1000.0}
    )


@dataclass(frozen=True, slots=True)
class DepartmentParams:
    """One functional department."""

    id: str
    name: str = ""
    staff: int = field(default=4, metadata=rng_(1, 100_000))
    hours: Hours = Hours.OFFICE
    effort: float = field(default=1.0, metadata=rng_(0.1, 10.0))


@dataclass(frozen=True, slots=True)
class IssueKindParams:
    """One kind of issue: how often it arises, its deadline, who settles it."""

    id: str
    name: str = ""
    rate_per_1000_per_year: float = field(default=10.0, metadata=rng_(0.0, 1_000_000.0))
    deadline_hours: float = field(default=72.0, metadata=rng_(1.0, 720.0))
    department: str = ""
    reporter: Reporter = Reporter.RESIDENT
    affects_elderly_alone: bool = False
    inspectable: bool = False
    property_related: bool = False
    channel: Channel = Channel.NONE
    skills: tuple[str, ...] = field(default=(), metadata={"choices": tuple(s.value for s in Skill)})
    contentious: bool = False
    complex: bool = False
    p_solve: float = field(default=0.9, metadata=rng_(0.0, 1.0))
    jurisdiction: dict[str, float] = field(default_factory=dict, metadata=rng_(0.0, 1.0))
    hardship: float = field(default=0.0, metadata=rng_(0.0, 100.0))
    work: WorkTimeParams = field(default_factory=WorkTimeParams)
    community_work: WorkTimeParams = field(default_factory=WorkTimeParams)


@dataclass(frozen=True, slots=True)
class MeetingParams:
    """A recurring joint meeting that takes complex issues on (co-management)."""

    id: str
    name: str = ""
    interval_days: float = field(default=30.0, metadata=rng_(1.0, 3650.0))
    agenda: int = field(default=5, metadata=rng_(0, 100_000))
    effort: float = field(default=1.5, metadata=rng_(0.1, 10.0))


@dataclass(frozen=True, slots=True)
class ChronicParams:
    """A long-standing problem present at the start (the report's chronic cases)."""

    id: str
    name: str = ""
    kind: str = ""
    neighbourhood: str = ""
    age_years: float = field(default=1.0, metadata=rng_(0.0, 100.0))
    jurisdiction: dict[str, float] = field(default_factory=dict, metadata=rng_(0.0, 1.0))


@dataclass(frozen=True, slots=True)
class ShockParams:
    """A temporary rise in demand for some kinds in some neighbourhoods."""

    id: str
    name: str = ""
    kinds: tuple[str, ...] = ()
    neighbourhoods: tuple[str, ...] = ()
    start_day: float = field(default=0.0, metadata=rng_(0.0, 100_000.0))
    end_day: float = field(default=0.0, metadata=rng_(0.0, 100_000.0))
    multiplier: float = field(default=1.0, metadata=rng_(0.0, 1000.0))


@dataclass(frozen=True, slots=True)
class Scenario:
    """Everything one simulation needs, validated and frozen."""

    name: str
    description: str = ""
    days: int = field(default=365, metadata=rng_(1, 365_000))
    seed: int = field(default=0, metadata=rng_(0, 2**63 - 1))
    district: DistrictParams = field(default_factory=DistrictParams)
    population: PopulationParams = field(default_factory=PopulationParams)
    units: UnitParams = field(default_factory=UnitParams)
    volunteers: VolunteerParams = field(default_factory=VolunteerParams)
    community: CommunityParams = field(default_factory=CommunityParams)
    places: PlaceParams = field(default_factory=PlaceParams)
    participation: ParticipationParams = field(default_factory=ParticipationParams)
    visits: VisitsParams = field(default_factory=VisitsParams)
    intake: IntakeParams = field(default_factory=IntakeParams)
    routing: RoutingParams = field(default_factory=RoutingParams)
    passing: PassingParams = field(default_factory=PassingParams)
    persistence: PersistenceParams = field(default_factory=PersistenceParams)
    paper: PaperParams = field(default_factory=PaperParams)
    inspectors: InspectorParams = field(default_factory=InspectorParams)
    reporting: ReportingParams = field(default_factory=ReportingParams)
    feedback: FeedbackParams = field(default_factory=FeedbackParams)
    satisfaction: SatisfactionParams = field(default_factory=SatisfactionParams)
    escalation: EscalationParams = field(default_factory=EscalationParams)
    deliberation: DeliberationParams = field(default_factory=DeliberationParams)
    collective: CollectiveParams = field(default_factory=CollectiveParams)
    supervision: SupervisionParams = field(default_factory=SupervisionParams)
    budget: BudgetParams = field(default_factory=BudgetParams)
    demand: DemandParams = field(default_factory=DemandParams)
    departments: tuple[DepartmentParams, ...] = ()
    kinds: tuple[IssueKindParams, ...] = ()
    meetings: tuple[MeetingParams, ...] = ()
    shocks: tuple[ShockParams, ...] = ()
    chronic: tuple[ChronicParams, ...] = ()

    def department_index(self) -> dict[str, int]:
        """Map department id to its position in ``departments``."""
        return {d.id: i for i, d in enumerate(self.departments)}
