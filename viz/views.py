"""The app's views: the map, the daily charts, participation, department load and the feed.

The views take the model and ``tick``, the value of Mesa's ``update_counter``, which
SolaraViz's controller bumps after every tick: :func:`cogov.viz.page.Views` alone subscribes
to the counter and hands its value down, so a new tick redraws the five views in one render
pass. (Each view subscribing itself cost one pass over the whole page per view: at full
scale 32 ms of CPU per tick against 16 ms, ``benchmarks/bench_app.py``.)

Components are PascalCase, as Solara's and Mesa's are (hence ``noqa: N802``).
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

import solara

from cogov.viz.drawing import departments_svg, outcomes_svg
from cogov.viz.feed import FOUND_BY_LABELS, HANDLER_LABELS, clock
from cogov.viz.history import FeedEntry, history_for
from cogov.viz.lang import page_lang, view_tips
from cogov.viz.neighbourhood_map import PETITION_RED, map_svg
from cogov.viz.together import participation_svg

if TYPE_CHECKING:
    from cogov.sim.model import CoGovModel

__all__ = [
    "ChartsView",
    "DepartmentsView",
    "FeedView",
    "MapView",
    "ParticipationView",
    "run_is_over",
]

#: the map's colour choices as shown -> keys of cogov.viz.neighbourhood_map.COLOUR_BY
_COLOUR_LABELS = {
    "open issues": "open",
    "satisfaction": "satisfaction",
    "grievance": "grievance",
    "trust": "trust",
}


@solara.component
def MapView(model: CoGovModel, tick: int = 0) -> None:  # noqa: N802
    """The map of the 17 neighbourhoods on their fixed layout, coloured as chosen."""
    colour = solara.use_reactive("open issues")
    tips = view_tips(page_lang(solara.use_router().search))
    with solara.Card(margin=0, style={"overflow": "auto"}):
        with solara.Tooltip(tips["map_colour"]), solara.Row(style={"align-items": "center"}):
            solara.Text("Colour by")
            solara.ToggleButtonsSingle(value=colour, values=list(_COLOUR_LABELS), dense=True)
        solara.HTML(tag="div", unsafe_innerHTML=map_svg(model, _COLOUR_LABELS[colour.value]))


@solara.component
def ParticipationView(model: CoGovModel, tick: int = 0) -> None:  # noqa: N802
    """Active volunteers, who joined and left each week, and each petition with its size."""
    tips = view_tips(page_lang(solara.use_router().search))
    with solara.Card(margin=0, style={"overflow": "auto"}):
        solara.HTML(tag="div", unsafe_innerHTML=participation_svg(model))
        solara.Text(
            tips["participation"],
            classes=["participation-caption"],
            style={"font-size": "13px", "color": "#444"},
        )


@solara.component
def ChartsView(model: CoGovModel, tick: int = 0) -> None:  # noqa: N802
    """Daily charts of open issues, on-time and solved shares, satisfaction, trust, petitions."""
    with solara.Card(margin=0, style={"overflow": "auto"}):
        solara.HTML(tag="div", unsafe_innerHTML=outcomes_svg(model))


@solara.component
def DepartmentsView(model: CoGovModel, tick: int = 0) -> None:  # noqa: N802
    """Department utilisation over the last week, staff busy now and queue lengths."""
    loads = history_for(model).loads(model)
    with solara.Card(margin=0, style={"overflow": "auto"}):
        solara.HTML(tag="div", unsafe_innerHTML=departments_svg(loads))


def _feed_html(model: CoGovModel) -> str:
    history = history_for(model)
    history.update(model)
    t = history.totals
    on_time = f"{t.closed_on_time / t.closed:.0%}" if t.closed else "–"
    found = ", ".join(
        f"{n:,} by {label}" for label, n in zip(FOUND_BY_LABELS.values(), t.found_by, strict=True)
    )
    settled = ", ".join(
        f"{n:,} by {label}"
        for label, n in zip(HANDLER_LABELS.values(), t.handled_by, strict=True)
        if n
    )
    lines = "".join(_feed_line(e) for e in history.feed)
    sizes = model.collective.petition_sizes
    petitions = f"{t.petitions:,} petition{'' if t.petitions == 1 else 's'}"
    if sizes:
        petitions += f" (mean size {sum(sizes) / len(sizes):.1f} residents)"
    return (
        '<div class="cogov-feed" style="font-size:13px;line-height:1.45">'
        f'<div class="feed-clock"><b>Now: {html.escape(clock(model.time))}</b> · '
        f"{t.open:,} open · {t.arisen:,} arisen · {t.reported:,} reported ({found}) · "
        f"{t.closed:,} settled, {on_time} on time ({settled or 'none yet'}) · "
        f"{t.escalations:,} escalations · {petitions} · "
        f"{t.consultations:,} council consultations · {t.meetings:,} joint meetings · "
        f"{t.volunteers:,} volunteers active</div>"
        '<div style="margin-top:6px"><b>What just happened</b> (newest first)</div>'
        f'<ul class="feed-lines" style="margin:2px 0 0 0;padding-left:18px">'
        f"{lines or '<li>Press Step or Play.</li>'}</ul></div>"
    )


def _feed_line(entry: FeedEntry) -> str:
    """A line of the feed; a petition's line is marked in red with its size and place."""
    event = entry.petition
    if event is None:
        return f"<li>{html.escape(entry.text)}</li>"
    return (
        f'<li class="feed-petition" data-size="{event.size}" data-node="{event.neighbourhood}" '
        f'style="color:{PETITION_RED}">{html.escape(entry.text)}</li>'
    )


@solara.component
def FeedView(model: CoGovModel, tick: int = 0) -> None:  # noqa: N802
    """What happened in each recent tick, from counter differences, and running totals."""
    with solara.Card(margin=0, style={"overflow": "auto"}):
        if run_is_over(model):
            days = model.params.days
            solara.Success(
                f"The run is over: all {days} simulated days are done. Change the levers "
                "and press Reset to run again.",
                classes=["end-of-run"],
            )
        solara.HTML(tag="div", unsafe_innerHTML=_feed_html(model))


def run_is_over(model: CoGovModel) -> bool:
    """Whether the model has reached its scenario's last day (Play stops there)."""
    return model.time >= model.params.days * 24
