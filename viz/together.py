"""The participation view: volunteers, groups, points and teams over time, and each petition.

Drawn from the app's :class:`~cogov.viz.records.Records` of the running model (counters read
once a simulated day, and the petitions as the model decided them), so a redraw costs the
same at any population:

- active volunteers at the end of each day;
- volunteers who joined (recruitment campaigns) and who left (the weekly renewal) in the
  seven days up to each day — campaigns are monthly and renewals weekly, so a daily count
  would be mostly zeros;
- self-governance groups, neighbour points and service teams active at the end of each day
  (recruited and lost like the volunteers);
- every collective petition as a dot at its day, as high as the number of residents who
  acted together.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from cogov.sim.calendar import HOURS_PER_DAY
from cogov.viz.records import ParticipationDay, records_of
from cogov.viz.svg import Panel, document, dot_panel, line_panel, text

if TYPE_CHECKING:
    from cogov.sim.model import CoGovModel

__all__ = ["ACTORS_TITLE", "PETITION_TITLE", "WINDOW_DAYS", "participation_svg", "past_week"]

#: the window of the joined and left counts, in days
WINDOW_DAYS = 7
PETITION_TITLE = "Collective petitions: residents acting together (one dot each)"
ACTORS_TITLE = "Groups, points, teams (count)"


def past_week(days: list[ParticipationDay], field: str) -> list[float]:
    """For each day, how much the cumulative ``field`` rose over the last ``WINDOW_DAYS`` days.

    Before the first record the count is taken as 0 (a model's counters start at 0).

    Examples:
        >>> ds = [ParticipationDay(d, 0, r, 0) for d, r in enumerate([0, 5, 5, 9], start=1)]
        >>> past_week(ds, "recruited")
        [0.0, 5.0, 5.0, 9.0]
    """
    totals = [getattr(d, field) for d in days]
    return [
        float(total - (totals[i - WINDOW_DAYS] if i >= WINDOW_DAYS else 0))
        for i, total in enumerate(totals)
    ]


def participation_svg(model: CoGovModel) -> str:
    """Four charts: volunteers, joined and left, groups/points/teams, petitions by size."""
    records = records_of(model)
    days = records.days if records else []
    petitions = records.petitions if records else []
    width, height = 780, 440
    pw, ph = width / 3, height / 2
    body = [
        f'<rect width="{width}" height="{height}" fill="#ffffff"/>',
        line_panel(
            Panel(0, 0, pw, ph),
            "Active volunteers (count)",
            [("active", "#1e8449", [float(d.active) for d in days])],
            x_label="day",
        ),
        line_panel(
            Panel(pw, 0, pw, ph),
            f"Joined, left in the past {WINDOW_DAYS} days (count)",
            [
                ("joined", "#2471a3", past_week(days, "recruited")),
                ("left", "#cb4335", past_week(days, "left")),
            ],
            x_label="day",
        ),
        line_panel(
            Panel(2 * pw, 0, pw, ph),
            ACTORS_TITLE,
            [
                ("groups", "#7d3c98", [float(d.groups) for d in days]),
                ("points", "#d68910", [float(d.points) for d in days]),
                ("teams", "#117a65", [float(d.teams) for d in days]),
            ],
            x_label="day",
        ),
        dot_panel(
            Panel(0, ph, width, ph),
            PETITION_TITLE,
            [(e.time / HOURS_PER_DAY, float(e.size)) for e in petitions],
            days=model.time / HOURS_PER_DAY,
            colour="#b10026",
            empty="No collective petition yet.",
        ),
    ]
    if not days:
        body.append(text(pw / 2, ph / 2 + 10, "The first points appear at the end of day 1.", 13))
    return document(
        width,
        height,
        "".join(body),
        class_="cogov-participation",
        data_days=len(days),
        data_petitions=len(petitions),
    )
