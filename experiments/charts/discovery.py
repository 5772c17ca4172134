"""Charts of scenario discovery: the peeling trajectory, the box limits, the difference map.

Each function takes the results of :mod:`cogov.experiments.analysis.discover` and returns a
:class:`matplotlib.figure.Figure`; :func:`write_discovery_charts` saves them as PNG and SVG.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from cogov.experiments.analysis.discover import Discovery
from cogov.experiments.charts.style import OKABE_ITO, chart_style, new_figure, save_figure
from cogov.experiments.i18n import outcome_label, tr
from cogov.experiments.uncertainties import UNCERTAINTIES, label

__all__ = ["box_figure", "difference_figure", "peeling_figure", "write_discovery_charts"]

_BOUNDS = {u.name: (float(u.low), float(u.high)) for u in UNCERTAINTIES}
_VS = {"one_window": ("one window", "单一窗口"), "siloed": ("siloed", "条块分割")}


def _title(d: Discovery, lang: str) -> str:
    vs = tr(_VS.get(d.baseline, (d.baseline, d.baseline)), lang)
    return tr(
        ("{o}: co-governance - {b}", "{o}：共治 - {b}"),
        lang,
        o=outcome_label(d.outcome, lang),
        b=vs,
    )


def peeling_figure(d: Discovery, lang: str = "en") -> Figure:
    """PRIM's peeling trajectory: density against coverage, coloured by restricted dimensions."""
    fig = new_figure(5.5, 4.0)
    ax = fig.add_subplot()
    t = d.trajectory
    if not t.empty:
        points = ax.scatter(t["coverage"], t["density"], c=t["res_dim"], cmap="viridis", s=18)
        fig.colorbar(points, ax=ax, label=tr(("restricted dimensions", "受限维度数"), lang))
        chosen = t.iloc[d.box_index]
        ax.scatter([chosen["coverage"]], [chosen["density"]], s=120, facecolors="none",
                   edgecolors=OKABE_ITO[5], linewidths=2,
                   label=tr(("box reported", "报告的框"), lang))  # fmt: skip
        ax.legend(loc="lower left")
    else:
        ax.text(0.5, 0.5, tr(("no box: nothing to separate", "无框：无可区分"), lang),
                ha="center", va="center", transform=ax.transAxes)  # fmt: skip
    ax.set_xlim(0, 1.02)
    ax.set_ylim(0, 1.02)
    ax.set_xlabel(tr(("coverage", "覆盖率"), lang))
    ax.set_ylabel(tr(("density", "密度"), lang))
    ax.set_title(_title(d, lang))
    return fig


def box_limits(d: Discovery) -> pd.DataFrame:
    """The box's restricted limits as shares of each parameter's explored range."""
    rows = []
    for name, (lo, hi) in d.limits.items():
        a, b = _BOUNDS.get(name, (lo, hi))
        span = (b - a) or 1.0
        rows.append({"parameter": name, "low": lo, "high": hi,
                     "low_share": (lo - a) / span, "high_share": (hi - a) / span})  # fmt: skip
    return pd.DataFrame(rows, columns=["parameter", "low", "high", "low_share", "high_share"])


def box_figure(d: Discovery, lang: str = "en") -> Figure:
    """The restricted dimensions of the box, each against its explored range."""
    table = box_limits(d)
    fig = new_figure(6.5, 1.4 + 0.6 * max(1, len(table)))
    ax = fig.add_subplot()
    for i, r in enumerate(table.itertuples()):
        ax.barh(i, 1.0, color="#eeeeee", height=0.5)
        ax.barh(i, r.high_share - r.low_share, left=r.low_share, color=OKABE_ITO[4], height=0.5)
        ax.text(r.low_share, i + 0.3, f"{r.low:.3g}", ha="right", va="bottom", fontsize=8)
        ax.text(r.high_share, i + 0.3, f"{r.high:.3g}", ha="left", va="bottom", fontsize=8)
    ax.set_ylim(-0.5, max(1, len(table)) - 0.1)
    ax.set_yticks(range(len(table)), [label(p, lang) for p in table["parameter"]])
    ax.set_xlim(0, 1)
    ax.set_xlabel(tr(("share of the explored range", "在探索范围中的位置"), lang))
    stats = tr(("coverage {c:.0%}, density {d:.0%}", "覆盖率{c:.0%}，密度{d:.0%}"), lang,
               c=d.coverage, d=d.density) if d.limits else tr(("no box", "无框"), lang)  # fmt: skip
    ax.set_title(_title(d, lang) + "\n" + stats)
    ax.grid(False)
    return fig


def difference_figure(
    worlds: pd.DataFrame, d: Discovery, pair: Sequence[str], lang: str = "en"
) -> Figure:
    """Each world's difference over the two most important assumptions, with the box."""
    rows = worlds[worlds["baseline"] == d.baseline]
    x_name, y_name = pair
    values = rows[d.outcome].to_numpy(dtype=float)
    limit = float(np.nanmax(np.abs(values))) if np.isfinite(values).any() else 1.0
    fig = new_figure(6.0, 4.6)
    ax = fig.add_subplot()
    points = ax.scatter(rows[x_name], rows[y_name], c=values, cmap="RdBu", s=28,
                        vmin=-limit or -1, vmax=limit or 1, edgecolors="#555555",
                        linewidths=0.3)  # fmt: skip
    fig.colorbar(points, ax=ax, label=tr(("difference", "差值"), lang))
    if x_name in d.limits or y_name in d.limits:
        xa, xb = d.limits.get(x_name, _BOUNDS.get(x_name, ax.get_xlim()))
        ya, yb = d.limits.get(y_name, _BOUNDS.get(y_name, ax.get_ylim()))
        ax.add_patch(Rectangle((xa, ya), xb - xa, yb - ya, fill=False, lw=1.5,
                               ls="--", ec=OKABE_ITO[5]))  # fmt: skip
    ax.set_xlabel(label(x_name, lang))
    ax.set_ylabel(label(y_name, lang))
    ax.set_title(_title(d, lang))
    return fig


def write_discovery_charts(
    out: Path,
    worlds: pd.DataFrame,
    discoveries: Sequence[Discovery],
    scores: dict[str, pd.DataFrame],
    lang: str = "en",
    baselines: Sequence[str] = ("one_window",),
) -> list[str]:
    """Write the three charts of each discovery against ``baselines`` into ``out``.

    Returns:
        The chart names (files ``NAME.png``/``.svg``, ``NAME_zh.*`` in Chinese).
    """
    names = []
    with chart_style(lang):
        for d in (d for d in discoveries if d.baseline in baselines):
            stem = f"{d.outcome}_vs_{d.baseline}"
            ranked = scores[d.baseline][d.outcome].sort_values(ascending=False).index[:2]
            figures = {
                f"peeling_{stem}": peeling_figure(d, lang),
                f"box_{stem}": box_figure(d, lang),
                f"map_{stem}": difference_figure(worlds, d, list(ranked), lang),
            }
            for name, fig in figures.items():
                save_figure(fig, out, f"{name}_{lang}" if lang != "en" else name)
                names.append(name)
    return names
