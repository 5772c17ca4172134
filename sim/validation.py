"""Checks across keys: combinations that parse but cannot describe a real system."""

from __future__ import annotations

from cogov.sim.errors import ScenarioError
from cogov.sim.params import Channel, DispatchOrder, IntakePolicy, Scenario
from cogov.sim.space import neighbourhoods, scaled

__all__ = ["check_consistency"]


def check_consistency(s: Scenario, source: str) -> None:
    """Refuse inconsistent combinations of otherwise valid values.

    Args:
        s: the scenario built from ``source``.
        source: the file it came from, for messages.

    Raises:
        ScenarioError: naming the file, the key, what was found and what is allowed.
    """

    def fail(key: str, found: object, allowed: str) -> None:
        raise ScenarioError(f"{source}: key {key!r}: found {found!r}; allowed: {allowed}")

    if not s.departments:
        fail("departments", "no departments", "at least one [departments.ID] table")
    if not s.kinds:
        fail("kinds", "no issue kinds", "at least one [kinds.ID] table")
    dept_ids = {d.id for d in s.departments}
    for k in s.kinds:
        if k.department not in dept_ids:
            fail(f"kinds.{k.id}.department", k.department, "one of " + ", ".join(sorted(dept_ids)))
        if k.channel is Channel.VOLUNTEER and not k.skills:
            fail(
                f"kinds.{k.id}.skills",
                [],
                "at least one volunteer skill when channel = 'volunteer'",
            )
        _check_jurisdiction(fail, f"kinds.{k.id}.jurisdiction", k.jurisdiction, dept_ids)
        if k.jurisdiction and k.jurisdiction.get(k.department, 0.0) < max(k.jurisdiction.values()):
            fail(
                f"kinds.{k.id}.jurisdiction",
                dict(k.jurisdiction),
                f"the lead department ({k.department!r}) holding the largest share",
            )
    p = s.population
    copies = s.district.subdistricts
    n_nb = len(neighbourhoods()) * copies
    for key, total in (("residents", p.residents), ("households", p.households)):
        if scaled(total * copies, p.scale) < n_nb:
            fail(
                f"population.{key}",
                total,
                f"at least {n_nb // copies} after population.scale ({p.scale}): "
                "one per neighbourhood",
            )
    for key, profile in (
        ("daily_profile", s.demand.daily_profile),
        ("weekly_profile", s.demand.weekly_profile),
    ):
        if not any(v > 0 for v in profile):
            fail(f"demand.{key}", list(profile), "at least one positive value")
    c = s.community
    if c.group_min_members > c.group_size:
        fail(
            "community.group_min_members",
            c.group_min_members,
            f"at most community.group_size ({c.group_size})",
        )
    if c.point_helpers > c.point_helpers_max:
        fail(
            "community.point_helpers",
            c.point_helpers,
            f"at most community.point_helpers_max ({c.point_helpers_max})",
        )
    if p.households > p.residents:
        fail("population.households", p.households, f"at most residents ({p.residents})")
    if p.elderly_share + p.child_share > 1.0:
        fail(
            "population.child_share",
            p.child_share,
            f"at most 1 - elderly_share ({p.elderly_share})",
        )
    if p.elderly_alone_share > p.elderly_share:
        fail(
            "population.elderly_alone_share",
            p.elderly_alone_share,
            f"at most elderly_share ({p.elderly_share})",
        )
    u = s.units
    if u.member_units > u.count:
        fail("units.member_units", u.member_units, f"at most units.count ({u.count})")
    if u.service_teams > u.member_units:
        fail("units.service_teams", u.service_teams, f"at most member_units ({u.member_units})")
    if s.volunteers.count > 0 and sum(s.volunteers.skills.values()) <= 0.0:
        fail("volunteers.skills", s.volunteers.skills, "shares with a positive sum")
    if s.intake.policy is IntakePolicy.SILOED:
        if s.intake.dispatch_order is DispatchOrder.EDF:
            fail(
                "intake.dispatch_order",
                "edf",
                "'fcfs' under the siloed policy, which tracks no deadlines",
            )
        if s.supervision.enabled:
            fail("supervision.enabled", True, "false under the siloed policy (no one-window)")
    names = {n.name for n in neighbourhoods()}
    kind_ids = {k.id for k in s.kinds}
    for c in s.chronic:
        if c.kind not in kind_ids:
            fail(f"chronic.{c.id}.kind", c.kind, "one of " + ", ".join(sorted(kind_ids)))
        if c.neighbourhood and c.neighbourhood not in names:
            fail(
                f"chronic.{c.id}.neighbourhood",
                c.neighbourhood,
                "one of " + ", ".join(sorted(names)),
            )
        _check_jurisdiction(fail, f"chronic.{c.id}.jurisdiction", c.jurisdiction, dept_ids)
    for sh in s.shocks:
        for kid in sh.kinds:
            if kid not in kind_ids:
                fail(f"shocks.{sh.id}.kinds", kid, "one of " + ", ".join(sorted(kind_ids)))
        for nb in sh.neighbourhoods:
            if nb not in names:
                fail(f"shocks.{sh.id}.neighbourhoods", nb, "one of " + ", ".join(sorted(names)))
        if sh.end_day <= sh.start_day:
            fail(f"shocks.{sh.id}.end_day", sh.end_day, f"after start_day ({sh.start_day})")


def _check_jurisdiction(fail, key: str, table: dict[str, float], dept_ids: set[str]) -> None:
    """Shares name departments and add up to 1 (an empty table means the lead's alone)."""
    if not table:
        return
    for dept in table:
        if dept not in dept_ids:
            fail(f"{key}.{dept}", dept, "one of " + ", ".join(sorted(dept_ids)))
    total = sum(table.values())
    if abs(total - 1.0) > 1e-6:
        fail(key, dict(table), f"shares adding up to 1 (they add up to {total:g})")
