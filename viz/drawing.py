"""Drawings of a running model as SVG: the outcome charts and department load.

Every number comes from counters (:mod:`cogov.viz.measures`) or the model's daily
``DataCollector`` series, so a drawing costs about a millisecond at any population. The map
is drawn by :mod:`cogov.viz.neighbourhood_map`, the participation view by
:mod:`cogov.viz.together`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from cogov.viz.measures import DepartmentLoad
from cogov.viz.svg import Panel, document, line_panel, text

if TYPE_CHECKING:
    from cogov.sim.model import CoGovModel

__all__ = ["departments_svg", "outcomes_svg"]


def outcomes_svg(model: CoGovModel) -> str:
    """Four daily charts: open issues, on time and solved, satisfaction and trust, petitions.

    The fourth chart also shows escalations. The series are those of the model's own
    ``DataCollector``, which collects once a simulated day, at its end.
    """
    data = model.datacollector.model_vars
    days = len(data.get("open_issues", []))

    def col(key: str) -> list[float]:
        return [float(v) for v in data.get(key, [])]

    width, height = 640, 440
    pw, ph = width / 2, height / 2
    body = [
        f'<rect width="{width}" height="{height}" fill="#ffffff"/>',
        line_panel(
            Panel(0, 0, pw, ph),
            "Open issues (count)",
            [("open", "#c0392b", col("open_issues"))],
            x_label="day",
        ),
        line_panel(
            Panel(pw, 0, pw, ph),
            "Closed on time / solved (% of closed)",
            [
                ("on time", "#2471a3", col("on_time_rate")),
                ("solved", "#7d3c98", col("solved_rate")),
            ],
            percent=True,
            y_range=(0.0, 1.0),
        ),
        line_panel(
            Panel(0, ph, pw, ph),
            "Satisfied (% of ratings), trust (0–1)",
            [
                ("satisfied", "#239b56", col("satisfaction")),
                ("mean trust", "#b9770e", col("trust")),
            ],
            percent=True,
            y_range=(0.0, 1.0),
            x_label="day",
        ),
        line_panel(
            Panel(pw, ph, pw, ph),
            "Petitions, escalations (running total)",
            [
                ("petitions", "#cb4335", col("petitions")),
                ("escalations", "#566573", col("escalations")),
            ],
            x_label="day",
        ),
    ]
    if not days:
        body.append(text(width / 2, height / 2, "The first points appear at the end of day 1.", 13))
    return document(width, height, "".join(body), class_="cogov-charts", data_days=days)


def departments_svg(loads: list[DepartmentLoad], window_label: str = "last 7 days") -> str:
    """Department utilisation as bars, with staff busy now and issues queued."""
    width, row = 640, 28
    left, top = 150.0, 40.0
    height = int(top + row * len(loads) + 30)
    bar_w = 230.0
    shares = [d.utilisation for d in loads]
    top_share = max([1.0, *(s for s in shares if s is not None)])
    parts = [
        f'<rect width="{width}" height="{height}" fill="#ffffff"/>',
        text(
            6, 18, f"Department utilisation, {window_label}", 14, anchor="start", font_weight="600"
        ),
    ]
    x100 = left + bar_w / top_share
    parts.append(
        f'<line x1="{x100:.1f}" x2="{x100:.1f}" y1="{top - 6}" y2="{top + row * len(loads)}" '
        'stroke="#777777" stroke-dasharray="3,3"/>'
    )
    parts.append(text(x100, top - 10, "100%", 11, fill="#555555"))
    for i, d in enumerate(loads):
        y = top + row * i
        share = d.utilisation
        w = 0.0 if share is None else bar_w * max(0.0, share) / top_share
        colour = "#cb4335" if share is not None and share >= 0.85 else "#2471a3"
        pct = "–" if share is None else f"{share:.0%}"
        parts.append(
            f'<g class="department" data-id="{d.id}">'
            + text(left - 8, y + 17, d.id.replace("_", " "), 13, anchor="end")
            + f'<rect x="{left}" y="{y + 5:.1f}" width="{w:.1f}" height="{row - 10}" '
            f'fill="{colour}"/>'
            + text(
                left + bar_w + 12,
                y + 17,
                f"{pct} · {d.busy}/{d.staff} busy · {d.queued:,} queued",
                13,
                anchor="start",
            )
            + "</g>"
        )
    parts.append(
        text(
            4,
            height - 8,
            "utilisation: hours of work started ÷ staff working hours; over 100%: "
            "staff under pressure work faster than their normal pace",
            11,
            anchor="start",
            fill="#666666",
        )
    )
    return document(width, height, "".join(parts), class_="cogov-departments")
