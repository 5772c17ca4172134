"""What the app's four daily charts cost to redraw: hand-written SVG against libraries.

The app redraws its charts on every tick of Play (a simulated day). This times, for the
same four panels (open issues; on time and solved; satisfaction and trust; petitions and
escalations) over ``--days`` days of a real run:

- svg: :func:`cogov.viz.drawing.outcomes_svg`, the hand-written SVG the app uses;
- matplotlib: the same four panels as a matplotlib figure saved to an SVG string (what a
  matplotlib component of SolaraViz does each redraw);
- altair: the same panels as an Altair (Vega-Lite) chart turned into its JSON spec (the
  server's share; the browser then renders it with vega-embed).

Nothing is asserted. Usage::

    .venv/bin/python benchmarks/bench_app_charts.py               # scale 0.2, 365 days
    .venv/bin/python benchmarks/bench_app_charts.py --days 120 --repeat 5
"""

from __future__ import annotations

import argparse
import io
import time

from _common import footer, header, median, table

SERIES = (
    ("open_issues",),
    ("on_time_rate", "solved_rate"),
    ("satisfaction", "trust"),
    ("petitions", "escalations"),
)


def _matplotlib(data: dict[str, list[float]]) -> str:
    from matplotlib.figure import Figure

    fig = Figure(figsize=(6.4, 4.4))
    axes = fig.subplots(2, 2).ravel()
    for ax, keys in zip(axes, SERIES, strict=True):
        for key in keys:
            ax.plot(data[key], label=key)
        ax.set_xlabel("day")
        ax.legend(fontsize=7)
    buf = io.StringIO()
    fig.savefig(buf, format="svg")
    return buf.getvalue()


def _altair(data: dict[str, list[float]]) -> dict:
    import altair as alt
    import pandas as pd

    frame = pd.DataFrame(data).reset_index(names="day")
    panels = []
    for keys in SERIES:
        long = frame.melt(id_vars="day", value_vars=list(keys))
        panels.append(
            alt.Chart(long).mark_line().encode(x="day:Q", y="value:Q", color="variable:N")
        )
    return ((panels[0] | panels[1]) & (panels[2] | panels[3])).to_dict()


def main() -> None:
    """Run a model, then time each way of drawing its charts."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=0.2)
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--repeat", type=int, default=9)
    args = parser.parse_args()
    started = time.perf_counter()
    from cogov.viz.appmodel import AppModel
    from cogov.viz.drawing import outcomes_svg
    from cogov.viz.settings import build_scenario, settings_from_scenario

    model = AppModel(build_scenario(settings_from_scenario("xinhua_2013", scale=args.scale)))
    for _ in range(args.days):
        model.step()
    data = {k: [float(v) for v in vs] for k, vs in model.datacollector.model_vars.items()}
    data = {k: data[k] for keys in SERIES for k in keys}
    ways = {
        "svg (hand-written, in use)": lambda: outcomes_svg(model),
        "matplotlib figure -> SVG": lambda: _matplotlib(data),
        "altair -> Vega-Lite spec": lambda: _altair(data),
    }
    header(
        f"app charts, {args.days} days of data, scale {args.scale:g}",
        f"benchmarks/bench_app_charts.py --days {args.days} --scale {args.scale:g}",
    )
    rows = []
    for name, draw in ways.items():
        draw()  # warm up: imports, font cache
        times = []
        for _ in range(args.repeat):
            t = time.perf_counter()
            draw()
            times.append(time.perf_counter() - t)
        rows.append((name, f"{1000 * median(times):.1f} ms"))
    print(table(("way of drawing", "median per redraw"), rows))
    footer(started)


if __name__ == "__main__":
    main()
