"""``RunResult``: the one way results leave a model — a summary dict and a daily table.

Rates are ``None`` when undefined (nothing closed or rated yet), so that ``summary.json``
stays valid JSON. Percentiles use linear interpolation (numpy's default).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from cogov.sim.calendar import working_hours_between
from cogov.sim.issue import IssueState, Stage
from cogov.sim.metrics import DAILY_COLUMNS, GROUP_FIELDS
from cogov.sim.space import attributes_of

if TYPE_CHECKING:
    from cogov.sim.model import CoGovModel

__all__ = ["RunResult", "build_result"]


@dataclass(frozen=True, slots=True)
class RunResult:
    """A run's outcomes: ``summary`` (JSON-ready) and ``daily`` (column name -> values)."""

    summary: dict[str, Any]
    daily: dict[str, list]


def _ratio(a: float, b: float) -> float | None:
    return float(a) / float(b) if b else None


def _group(row: list) -> dict[str, Any]:
    g = dict(zip(GROUP_FIELDS, row, strict=True))
    hours = g.pop("hours_to_close_sum")
    return {
        **{k: int(v) for k, v in g.items()},
        "on_time_rate": _ratio(g["closed_on_time"], g["closed"]),
        "solved_rate": _ratio(g["solved"], g["closed"]),
        "satisfaction_mean": _ratio(g["satisfied"], g["rated"]),
        "mean_hours_to_close": _ratio(hours, g["closed"]),
    }


def _place(model: CoGovModel, nb: int) -> dict[str, Any]:
    """A committee's own state at the end: trust, participation, whether it has a company."""
    people = len(model.residents_by_nb[nb])
    active = model.participation.active_by_nb[nb]
    g_sum, g_n = model.collective.grievance_by_nb[nb]
    return {
        "grievance_mean": _ratio(g_sum, g_n),
        "property_company": int(attributes_of(nb).property_company),
        "trust_mean": _ratio(model.metrics.trust_by_nb[nb], people),
        "volunteers": active,
        "participation": _ratio(active, people),
        "groups": len(model.committees[nb].groups),
        "points": len(model.committees[nb].points),
        "point_helpers": sum(len(p.helpers) for p in model.committees[nb].points),
        "teams": len(model.committees[nb].teams),
        "community_offered": model.committees[nb].offered,
        "community_declined": model.committees[nb].declined,
        "helped_by_adjacent": model.committees[nb].helped_by_adjacent,
        "helped_adjacent": model.committees[nb].helped_adjacent,
        "trust_heard": model.spill.heard_by_nb[nb],
        "grievance_heard": model.spill.grievance_by_nb[nb],
    }


def _actors(model: CoGovModel) -> dict[str, int]:
    """Groups, points and teams active at the end, formed and gone over the run."""
    groups = model.participation.groups
    teams = model.participation.teams
    out = dict.fromkeys(ACTOR_OUTCOMES, 0)
    if groups is not None:
        out.update(
            groups_active_end=groups.groups_active,
            groups_formed=groups.formed,
            groups_dissolved=groups.dissolved,
            group_members_end=groups.members,
            group_members_recruited=groups.recruited,
            group_members_left=groups.left + groups.released,
            points_active_end=groups.points_active,
            points_opened=groups.opened,
            points_closed=groups.closed,
            point_helpers_end=groups.helpers.active,
            point_helpers_joined=groups.helpers.joined,
            point_helpers_left=groups.helpers.left + groups.helpers.released,
        )
    if teams is not None:
        out.update(
            teams_active_end=teams.active,
            teams_committed=teams.committed,
            teams_withdrawn=teams.withdrawn,
        )
    return out


#: the outcomes of :func:`_actors`, in summary order
ACTOR_OUTCOMES = (
    "groups_active_end",
    "groups_formed",
    "groups_dissolved",
    "group_members_end",
    "group_members_recruited",
    "group_members_left",
    "points_active_end",
    "points_opened",
    "points_closed",
    "point_helpers_end",
    "point_helpers_joined",
    "point_helpers_left",
    "teams_active_end",
    "teams_committed",
    "teams_withdrawn",
)


def _cases(model: CoGovModel) -> list:
    """Open cases and the joint-task tickets in departments' queues or work."""
    out = []
    for issue in model.alive.values():
        if issue.state is not IssueState.OPEN:
            continue
        if issue.task is not None:
            out.extend(m for m in issue.task.members if m.task is not None)
        else:
            out.append(issue)
    return out


def _departments(model: CoGovModel) -> dict[str, Any]:
    now = model.time
    remaining: dict[int, float] = {}  # work still to do at ``now`` on issues in work
    waited: dict[int, float] = {}  # hours waited so far by issues still in a queue
    for issue in _cases(model):
        pool = issue.pool
        if pool is None:
            continue
        if issue.stage is Stage.IN_WORK:
            done = working_hours_between(issue.t_start, now, pool.office)
            remaining[id(pool)] = remaining.get(id(pool), 0.0) + max(0.0, issue.work_hours - done)
        elif issue.stage is Stage.QUEUED:
            waited[id(pool)] = waited.get(id(pool), 0.0) + now - issue.t_queue
    out = {}
    for dept_id, dept in model.departments.items():
        pool = dept.pool
        pool.advance(now)
        busy = pool.busy_hours - remaining.get(id(pool), 0.0)
        out[dept_id] = {
            "staff": pool.servers,
            "arrivals": pool.arrivals,
            "served": pool.served,
            "utilisation": _ratio(busy, pool.capacity_hours(0.0, now)),
            "mean_wait_hours": _ratio(pool.wait_hours, pool.served),
            "queued_end": pool.waiting,
            # Little's law for the queue: time_avg_queue = arrivals / T * mean_queue_hours
            "time_avg_queue": _ratio(pool.queue_area, now),
            "mean_queue_hours": _ratio(
                pool.wait_hours + pool.left_wait_hours + waited.get(id(pool), 0.0), pool.arrivals
            ),
            "effort_end": pool.effort,
            "care_end": dept.care,
            "passed_on": dept.passed,
            "closed_on_paper": dept.paper_closed,
        }
    return out


def build_result(model: CoGovModel) -> RunResult:
    """Summarise ``model`` at its current time."""
    m = model.metrics
    hours_in_system = m.finish(model)
    horizon = model.time
    close = np.asarray(m.close_hours, dtype=float)
    waits = np.asarray(m.wait_hours, dtype=float)
    s = model.params
    nb_names = [model.graph.nodes[n]["name"] for n in sorted(model.graph.nodes)]
    summary: dict[str, Any] = {
        "scenario": s.name,
        "seed": model.run_seed if isinstance(model.run_seed, int) else None,
        "days": horizon / 24.0,
        "policy": s.intake.policy.value,
        "dispatch_order": s.intake.dispatch_order.value,
        "population_scale": s.population.scale,
        "residents": m.residents,
        "issues_arisen": m.arisen,
        "issues_unreported": m.unreported,
        "issues_never_found": m.never_found,
        "issues_reported": m.reported,
        "issues_open_end": m.open,
        "issues_closed": m.closed,
        "issues_closed_on_time": m.closed_on_time,
        "issues_solved": m.solved,
        "issues_rated": m.rated,
        "on_time_rate": _ratio(m.closed_on_time, m.closed),
        "on_time_from_report_rate": _ratio(m.closed_on_time_from_report, m.closed),
        "solved_rate": _ratio(m.solved, m.closed),
        "satisfaction_mean": _ratio(m.satisfied, m.rated),
        "mean_hours_to_close": float(close.mean()) if close.size else None,
        "median_hours_to_close": float(np.percentile(close, 50)) if close.size else None,
        "p90_hours_to_close": float(np.percentile(close, 90)) if close.size else None,
        "mean_wait_hours": float(waits.mean()) if waits.size else None,
        "backlog_end": m.open,
        "escalations": m.escalations,
        "repeat_reports": m.repeat_reports,
        "passed_on": m.passed_on,
        "closed_unsolved": m.closed_unsolved,
        "closed_on_paper": m.closed_on_paper,
        "problems_open_end": m.problems_open,
        "problems_persisting_end": m.persisting,
        "problems_faded": m.faded,
        "chronic_cases": len(model.persistence.chronic),
        "chronic_solved": m.chronic_solved,
        "petitions": m.petitions,
        "consultations": m.consultations,
        "volunteer_hours": m.volunteer_hours,
        "unit_hours": m.unit_hours,
        "trust_mean_end": model.mean_trust,
        "arrival_rate_per_hour": _ratio(m.reported, horizon),
        "time_avg_open_issues": _ratio(m.open_area, horizon),
        "mean_hours_in_system": _ratio(hours_in_system, m.reported),
        "found_by": {k.lower(): v for k, v in m.found_by.items()},
        "handled_by": {k.lower(): m.handled_by[k] for k in sorted(m.handled_by)},
        "meetings_held": sum(x.held for x in model.mechanisms.meetings),
        "departments": _departments(model),
        "by_kind": {k.id: _group(row) for k, row in zip(s.kinds, m.by_kind, strict=True)},
        "petition_size_mean": _ratio(
            sum(model.collective.petition_sizes), len(model.collective.petition_sizes)
        ),
        "grievance_mean": _ratio(model.collective.grievance_sum, model.collective.grievance_n),
        "council_reached": model.collective.reached,
        "volunteers_active_end": len(model.volunteers),
        "volunteers_recruited": model.participation.recruited,
        "volunteers_left": model.participation.left,
        **_actors(model),
        "elderly_served": len(model.participation.elderly_served),
        "elderly_visits": model.visits.made,
        "elderly_needs_met_on_visits": model.visits.met,
        "elderly_needs_latent_end": model.visits.latent_now(),
        "volunteer_jobs_across": model.participation.helped_across,
        "team_jobs_across": model.participation.teams_across,
        "trust_heard": model.spill.heard,
        "community_offered": sum(c.offered for c in model.committees),
        "community_declined": sum(c.declined for c in model.committees),
        "by_neighbourhood": {
            n: {**_group(row), **_place(model, nb)}
            for nb, (n, row) in enumerate(zip(nb_names, m.by_nb, strict=True))
        },
    }
    columns = list(zip(*m.daily, strict=True)) if m.daily else [()] * len(DAILY_COLUMNS)
    daily = {name: list(col) for name, col in zip(DAILY_COLUMNS, columns, strict=True)}
    return RunResult(summary=summary, daily=daily)
