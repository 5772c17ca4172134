"""Participation stocks year by year: volunteers (and patrols), groups, points, teams, trust.

Runs one scenario for ``years`` years and prints, at the end of each, the active volunteers
(of them on patrol), self-governance groups and their members, neighbour points, service
teams and the mean trust, read from the model's own lists (nothing polls the residents); and,
for the groups' campaigns, the residents approached and those who joined in the year, and the
adult Party members holding no role at the end (whom campaigns approach first; counted from
the model's per-committee index of Party members).

    python scripts/participation_years.py [--scenario xinhua_2013] [--years 10] [--scale 0.5]
        [--seed 1]
"""

from __future__ import annotations

import argparse

from cogov.agents.resident import AgeGroup
from cogov.sim.model import CoGovModel
from cogov.sim.params import Skill


def main(argv: list[str] | None = None) -> int:
    """Run and print one line a year."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scenario", default="xinhua_2013")
    ap.add_argument("--years", type=int, default=10)
    ap.add_argument("--scale", type=float, default=0.5)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args(argv)
    model = CoGovModel(args.scenario, rng=args.seed, scale=args.scale)
    part = model.participation
    print(
        "| year | volunteers | of them patrol | groups | group members | approached for groups "
        "| joined groups | free Party members | points | teams | mean trust |"
    )
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    approached = joined = 0
    for year in range(1, args.years + 1):
        model.run_days(365)
        patrol = sum(v.skill is Skill.PATROL for v in model.volunteers)
        g = part.groups
        groups = g.groups_active if g else 0
        points = g.points_active if g else 0
        members = g.members if g else 0
        teams = part.teams.active if part.teams else 0
        free = sum(
            1
            for here in part.party_by_nb
            for r in here
            if r.role is None and r.age_group is not AgeGroup.CHILD
        )
        a, j = (g.approached, g.recruited) if g else (0, 0)
        print(
            f"| {year} | {len(model.volunteers)} | {patrol} | {groups} | {members} "
            f"| {a - approached} | {j - joined} | {free} | {points} | {teams} "
            f"| {model.mean_trust:.3f} |"
        )
        approached, joined = a, j
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
