"""Charts of the sensitivity analysis: Morris mu_star against sigma, Sobol S1/ST bars.

One panel per target, in a grid: rows are co-governance's levels, *co-governance - one
window* and *co-governance - siloed*; columns are the discovery outcomes. Each function
takes a table of :mod:`cogov.experiments.sensitivity` and returns a
:class:`matplotlib.figure.Figure`; :func:`write_sensitivity_chart` saves it as PNG and SVG.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from cogov.experiments.charts.style import OKABE_ITO, annotate, chart_style, new_figure, save_figure
from cogov.experiments.i18n import outcome_label, tr
from cogov.experiments.uncertainties import COMPARISONS, DISCOVERY_OUTCOMES, label

__all__ = ["morris_figure", "sobol_figure", "write_sensitivity_chart"]

_VS = {"one_window": ("one window", "单一窗口"), "siloed": ("siloed", "条块分割")}
_ROWS = (
    ("co-governance (level)", "共治（水平）"),
    *((f"co-governance - {_VS[b][0]}", f"共治 - {_VS[b][1]}") for _, b in COMPARISONS),
)
_MORRIS = (
    ("Morris screening: mean absolute effect μ* and its spread σ",
     "Morris筛选：平均绝对效应μ*及其离散σ"),
    ("Effect of moving each assumption across its whole explored range; high σ means the "
     "effect depends on the other assumptions (interactions or non-linearity).",
     "每个假设在其探索范围内变动的效应；σ高表示效应依赖于其他假设（交互或非线性）。"),
)  # fmt: skip
_SOBOL = (
    ("Sobol indices: first order S1 and total ST", "Sobol指数：一阶S1与总效应ST"),
    ("Share of each target's variance due to the assumption alone (S1) and with its "
     "interactions (ST); bars show 95% bootstrap intervals.",
     "各目标方差中由该假设单独（S1）及含交互（ST）解释的份额；误差线为95%自助区间。"),
)  # fmt: skip


def _panels(table: pd.DataFrame, fig: Figure, lang: str) -> Iterator[tuple[object, pd.DataFrame]]:
    """Each panel's axes and rows of ``table``, titled by outcome and comparison."""
    rows = [None, *(f"{p} - {b}" for p, b in COMPARISONS)]
    axes = fig.subplots(len(rows), len(DISCOVERY_OUTCOMES), squeeze=False)
    for r, contrast in enumerate(rows):
        for c, outcome in enumerate(DISCOVERY_OUTCOMES):
            ax = axes[r][c]
            target = outcome if contrast is None else f"{outcome}: {contrast}"
            ax.set_title(f"{outcome_label(outcome, lang)}\n{tr(_ROWS[r], lang)}", fontsize=9)
            yield ax, table[table["target"] == target]


def morris_figure(morris: pd.DataFrame, lang: str = "en", labelled: int = 3) -> Figure:
    """Morris mu_star (x) against sigma (y) per target; the ``labelled`` largest are named."""
    fig = new_figure(11.0, 10.0)
    for ax, t in _panels(morris, fig, lang):
        ax.scatter(t["mu_star"], t["sigma"], s=14, color=OKABE_ITO[4])
        for _, r in t.nlargest(labelled, "mu_star").iterrows():
            ax.annotate(label(r["parameter"], lang), (r["mu_star"], r["sigma"]), fontsize=7,
                        xytext=(3, 2), textcoords="offset points")  # fmt: skip
        ax.set_xlabel("μ*")
        ax.set_ylabel("σ")
        ax.set_xlim(left=0)
        ax.set_ylim(bottom=0)
    return annotate(fig, tr(_MORRIS[0], lang), tr(_MORRIS[1], lang), lang)


def sobol_figure(sobol: pd.DataFrame, lang: str = "en") -> Figure:
    """First-order (S1) and total (ST) Sobol indices per target, with 95% intervals."""
    names = list(dict.fromkeys(sobol["parameter"]))
    fig = new_figure(11.0, 1.0 + 3 * (1.2 + 0.35 * len(names)))
    y = np.arange(len(names))
    for ax, t in _panels(sobol, fig, lang):
        t = t.set_index("parameter").reindex(names)
        ax.barh(y - 0.2, t["S1"], 0.4, xerr=t["S1_conf"], color=OKABE_ITO[4], label="S1")
        ax.barh(y + 0.2, t["ST"], 0.4, xerr=t["ST_conf"], color=OKABE_ITO[5], label="ST")
        ax.set_yticks(y, [label(n, lang) for n in names], fontsize=7)
        ax.invert_yaxis()
        ax.axvline(0, color="#888888", linewidth=0.6)
    fig.axes[0].legend(loc="lower right")
    return annotate(fig, tr(_SOBOL[0], lang), tr(_SOBOL[1], lang), lang)


def write_sensitivity_chart(fig_of: object, table: pd.DataFrame, out: Path, name: str) -> list[str]:
    """Draw ``fig_of(table, lang)`` in English and Chinese as ``out/name[_zh].png/.svg``.

    Returns:
        The file stems written.
    """
    stems = []
    for lang in ("en", "zh"):
        with chart_style(lang):
            fig = fig_of(table, lang)
            stem = name if lang == "en" else f"{name}_zh"
            save_figure(fig, out, stem)
        stems.append(stem)
    return stems
