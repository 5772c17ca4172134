"""A few SVG primitives: text, lines, colour scales, axis ticks and a small line-chart panel.

The page redraws every tick, a day of model time at full speed. Matplotlib needs 100-300 ms
a figure on this project's two-core machines (measured: map 160 ms, four charts 180 ms,
bars 100 ms), too slow to watch a year in a minute; SVG strings cost about a millisecond,
and the browser renders them crisply at any size. All text is escaped.
"""

from __future__ import annotations

import html
import math
from collections.abc import Sequence

from matplotlib.ticker import MaxNLocator

__all__ = [
    "RDYLGN",
    "YLORRD",
    "Panel",
    "colour_at",
    "document",
    "dot_panel",
    "line_panel",
    "nice_ticks",
    "text",
]

#: colour scales as stops from 0 to 1 (ColorBrewer YlOrRd and RdYlGn)
YLORRD = ("#ffffcc", "#ffeda0", "#fed976", "#feb24c", "#fd8d3c", "#fc4e2a", "#e31a1c", "#b10026")
RDYLGN = ("#a50026", "#d73027", "#f46d43", "#fdae61", "#fee08b", "#d9ef8b", "#66bd63", "#1a9850")
FONT = "Roboto, 'Helvetica Neue', Arial, sans-serif"


def _attrs(attrs: dict[str, str | int | float]) -> str:
    """Keyword arguments as SVG attributes: ``data_x`` -> ``data-x``, ``class_`` -> ``class``."""
    return "".join(
        f' {k.rstrip("_").replace("_", "-")}="{html.escape(str(v))}"' for k, v in attrs.items()
    )


def document(width: int, height: int, body: str, **attrs: str | int | float) -> str:
    """A complete ``<svg>`` element; ``attrs`` become its attributes (see :func:`_attrs`)."""
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="100%" style="max-width:{width}px;font-family:{FONT}"{_attrs(attrs)}>{body}</svg>'
    )


def text(x: float, y: float, content: str, size: float = 11, **attrs: str | int | float) -> str:
    """A ``<text>`` element; ``anchor`` sets text-anchor, other ``attrs`` pass through."""
    anchor = attrs.pop("anchor", "middle")
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" text-anchor="{anchor}"{_attrs(attrs)}>'
        f"{html.escape(content)}</text>"
    )


def colour_at(stops: Sequence[str], t: float) -> str:
    """The colour at ``t`` (0-1, clipped) on a scale interpolated linearly between stops."""
    t = min(1.0, max(0.0, t))
    pos = t * (len(stops) - 1)
    i = min(int(pos), len(stops) - 2)
    f = pos - i
    a, b = stops[i], stops[i + 1]
    rgb = [round(int(a[k : k + 2], 16) * (1 - f) + int(b[k : k + 2], 16) * f) for k in (1, 3, 5)]
    return "#{:02x}{:02x}{:02x}".format(*rgb)


def nice_ticks(lo: float, hi: float, count: int = 4) -> list[float]:
    """Round tick values covering ``[lo, hi]``, placed by matplotlib's ``MaxNLocator``.

    At most ``count`` intervals fall inside the range; the first tick is at or below
    ``lo`` and the last at or above ``hi``, so an axis that ends at its last tick never cuts
    the data off.

    Examples:
        >>> nice_ticks(0, 138)
        [0.0, 50.0, 100.0, 150.0]
    """
    if not hi > lo:
        hi = lo + 1.0
    locator = MaxNLocator(nbins=max(1, count), steps=[1, 2, 2.5, 5, 10])
    return [round(float(t), 10) for t in locator.tick_values(lo, hi)]


def _label(value: float, percent: bool) -> str:
    if percent:
        return f"{value:.0%}"
    if abs(value) >= 1000:
        return f"{value:,.0f}"
    return f"{value:g}"


class Panel:
    """Where a chart panel sits in its SVG, in pixels."""

    __slots__ = ("height", "width", "x", "y")

    def __init__(self, x: float, y: float, width: float, height: float) -> None:
        """Place a panel with its top-left corner at (x, y)."""
        self.x, self.y, self.width, self.height = x, y, width, height


def line_panel(
    panel: Panel,
    title: str,
    series: Sequence[tuple[str, str, Sequence[float]]],
    percent: bool = False,
    y_range: tuple[float, float] | None = None,
    x_label: str = "",
) -> str:
    """A titled line chart of daily series against day number (1, 2, …).

    Args:
        panel: where to draw.
        title: shown above the plot.
        series: ``(label, colour, values)``; NaN values leave gaps.
        percent: label the y axis as percentages.
        y_range: fixed y limits; by default from zero to the largest value (the axis
            then ends at the first tick at or above it, so no value is cut off).
        x_label: written under the day numbers.

    Returns:
        An SVG ``<g>`` element with one ``<polyline class="series">`` per run of values.
    """
    left, right, top, bottom = 46.0, 10.0, 26.0, 34.0 if x_label else 22.0
    x0, y0 = panel.x + left, panel.y + top
    w, h = panel.width - left - right, panel.height - top - bottom
    n = max((len(v) for _, _, v in series), default=0)
    finite = [x for _, _, v in series for x in v if not math.isnan(x)]
    lo, hi = y_range if y_range else (0.0, max([1.0, *finite]))
    yticks = nice_ticks(lo, hi, 4)
    lo, hi = (lo, hi) if y_range else (yticks[0], yticks[-1])
    xticks = [t for t in nice_ticks(1, max(n, 2), 5) if 1 <= t <= max(n, 2) and t == int(t)]
    x_span = max(n - 1, 1)

    def sx(i: float) -> float:
        return x0 + w * (i - 1) / x_span

    def sy(v: float) -> float:
        return y0 + h * (1 - (v - lo) / (hi - lo))

    parts = [
        f'<g class="panel" data-title="{html.escape(title)}" data-y-top="{hi:g}">',
        text(panel.x + 6, panel.y + 17, title, 14, anchor="start", font_weight="600"),
        f'<rect x="{x0:.1f}" y="{y0:.1f}" width="{w:.1f}" height="{h:.1f}" fill="#fafafa" '
        'stroke="#dddddd"/>',
    ]
    for t in yticks:
        if lo <= t <= hi:
            y = sy(t)
            parts.append(
                f'<line x1="{x0:.1f}" x2="{x0 + w:.1f}" y1="{y:.1f}" y2="{y:.1f}" '
                'stroke="#e4e4e4"/>'
            )
            parts.append(text(x0 - 4, y + 4, _label(t, percent), 12, anchor="end", fill="#555"))
    for t in xticks:
        parts.append(text(sx(t), y0 + h + 15, f"{t:g}", 12, fill="#555"))
    if x_label:
        parts.append(text(x0 + w / 2, y0 + h + 29, x_label, 12, fill="#555", class_="x-label"))
    parts.append(f'<g class="y-axis" data-top="{hi:g}" data-bottom="{lo:g}"></g>')
    legend_x = x0 + 6
    for label, colour, values in series:
        runs: list[list[str]] = [[]]
        for i, v in enumerate(values, start=1):
            if math.isnan(v):
                if runs[-1]:
                    runs.append([])
                continue
            runs[-1].append(f"{sx(i):.1f},{sy(min(max(v, lo), hi)):.1f}")
        for run in runs:
            if run:
                parts.append(
                    f'<polyline class="series" data-label="{html.escape(label)}" fill="none" '
                    f'stroke="{colour}" stroke-width="1.6" points="{" ".join(run)}"/>'
                )
        last = next((run[-1] for run in reversed(runs) if run), None)
        if last:  # the latest value, visible even while a series has a single point
            cx, cy = last.split(",")
            parts.append(f'<circle cx="{cx}" cy="{cy}" r="2.6" fill="{colour}"/>')
        if len(series) > 1:
            parts.append(
                f'<rect x="{legend_x:.1f}" y="{y0 + 5:.1f}" width="10" height="3" fill="{colour}"/>'
            )
            parts.append(text(legend_x + 13, y0 + 10, label, 11, anchor="start", fill="#333"))
            legend_x += 20 + 6.5 * len(label)
    parts.append("</g>")
    return "".join(parts)


def dot_panel(
    panel: Panel,
    title: str,
    points: Sequence[tuple[float, float]],
    days: float,
    colour: str,
    x_label: str = "day",
    empty: str = "",
) -> str:
    """A titled chart of events as dots: each ``(day, value)`` one dot, on a day axis.

    The y axis runs from zero to the first tick at or above the largest value, so no dot is
    cut off; the x axis from day 0 to ``days``.

    Returns:
        An SVG ``<g class="panel">`` with one ``<circle class="event">`` per point.
    """
    left, right, top, bottom = 46.0, 10.0, 26.0, 34.0
    x0, y0 = panel.x + left, panel.y + top
    w, h = panel.width - left - right, panel.height - top - bottom
    yticks = nice_ticks(0.0, max([1.0, *(v for _, v in points)]), 4)
    hi = yticks[-1]
    x_hi = max(float(days), 1.0)
    xticks = [t for t in nice_ticks(0.0, x_hi, 6) if t <= x_hi]

    def sx(d: float) -> float:
        return x0 + w * min(max(d, 0.0), x_hi) / x_hi

    def sy(v: float) -> float:
        return y0 + h * (1 - v / hi)

    parts = [
        f'<g class="panel" data-title="{html.escape(title)}" data-y-top="{hi:g}">',
        text(panel.x + 6, panel.y + 17, title, 14, anchor="start", font_weight="600"),
        f'<rect x="{x0:.1f}" y="{y0:.1f}" width="{w:.1f}" height="{h:.1f}" fill="#fafafa" '
        'stroke="#dddddd"/>',
    ]
    for t in yticks:
        y = sy(t)
        parts.append(
            f'<line x1="{x0:.1f}" x2="{x0 + w:.1f}" y1="{y:.1f}" y2="{y:.1f}" stroke="#e4e4e4"/>'
        )
        parts.append(text(x0 - 4, y + 4, _label(t, False), 12, anchor="end", fill="#555"))
    for t in xticks:
        parts.append(text(sx(t), y0 + h + 15, f"{t:g}", 12, fill="#555"))
    parts.append(text(x0 + w / 2, y0 + h + 29, x_label, 12, fill="#555", class_="x-label"))
    parts.append(f'<g class="y-axis" data-top="{hi:g}" data-bottom="0"></g>')
    for d, v in points:
        parts.append(
            f'<circle class="event" data-day="{d:.3f}" data-value="{v:g}" cx="{sx(d):.1f}" '
            f'cy="{sy(v):.1f}" r="4" fill="{colour}" fill-opacity="0.75" stroke="#ffffff"/>'
        )
    if not points and empty:
        parts.append(text(x0 + w / 2, y0 + h / 2, empty, 12, fill="#777"))
    parts.append("</g>")
    return "".join(parts)
