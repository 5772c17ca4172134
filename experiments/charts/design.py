"""Charts of sampled and swept designs: outcomes against parameters, and Sobol indices.

Each function takes a table and returns a :class:`~matplotlib.figure.Figure`.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from cogov.experiments.charts.run import legend_label
from cogov.experiments.charts.style import OKABE_ITO, new_figure, scenario_styles
from cogov.experiments.i18n import outcome_label, parameter_label, tr
from cogov.sim.outcomes import is_rate

__all__ = ["sobol_figure", "sweep_figure"]


def sweep_figure(
    table: pd.DataFrame,
    parameters: Sequence[str],
    outcomes: Sequence[str],
    scenarios: Sequence[str],
    reference: str | None,
    lang: str = "en",
) -> Figure:
    """Each outcome (rows) against each varied parameter (columns): means and 95% intervals.

    Args:
        table: from :func:`cogov.experiments.analysis.tables.marginal_table`; at each value of one
            parameter the runs at all values of the others are pooled.
        parameters: varied parameters, one column each.
        outcomes: outcomes, one row each.
        scenarios: scenarios, a line each.
        reference: the reference scenario, or ``None``.
        lang: ``"en"`` or ``"zh"``.
    """
    styles = scenario_styles(scenarios, reference)
    fig = new_figure(3.3 * len(parameters) + 0.6, 2.3 * len(outcomes) + 0.8)
    axes = fig.subplots(len(outcomes), len(parameters), sharey="row", squeeze=False)
    for i, outcome in enumerate(outcomes):
        f = 100.0 if is_rate(outcome) else 1.0
        for j, param in enumerate(parameters):
            ax = axes[i, j]
            rows = table[(table["outcome"] == outcome) & (table["parameter"] == param)]
            categorical = any(isinstance(v, str | bool | np.bool_) for v in rows["x"])
            for scenario in scenarios:
                d = rows[rows["scenario"] == scenario]
                if d.empty:
                    continue
                st = styles[scenario]
                labels = list(d["x"])
                x = np.arange(len(d)) if categorical else d["x"].astype(float).to_numpy()
                err = np.nan_to_num(np.vstack([d["mean"] - d["low"], d["high"] - d["mean"]]))
                ax.errorbar(
                    x,
                    f * d["mean"],
                    yerr=f * err,
                    fmt="-" + st.marker,
                    color=st.colour,
                    lw=st.linewidth,
                    ms=5,
                    capsize=3,
                    label=legend_label(scenario, reference, lang),
                )
                if categorical:
                    ax.set_xticks(x, [str(v) for v in labels])
            if i == len(outcomes) - 1:
                ax.set_xlabel(parameter_label(param, lang))
            if j == 0:
                ax.set_ylabel(outcome_label(outcome, lang, unit=True))
    if len(scenarios) > 1:
        handles, labels = axes[0, 0].get_legend_handles_labels()
        fig.legend(handles, labels, loc="outside upper center", ncols=min(3, len(labels)))
    return fig


_FIRST = ("First order S1 (alone)", "一阶指数 S1（单独作用）")
_TOTAL = ("Total ST (with interactions)", "总效应指数 ST（含交互）")
_INDEX = ("Sobol index (share of variance)", "Sobol指数（方差占比）")


def sobol_figure(table: pd.DataFrame, lang: str = "en") -> Figure:
    """First-order and total Sobol indices with their 95% bootstrap intervals, per outcome.

    Args:
        table: from :func:`cogov.experiments.analysis.estimates.sobol_table`.
        lang: ``"en"`` or ``"zh"``.
    """
    outcomes = list(dict.fromkeys(table["outcome"]))
    params = list(dict.fromkeys(table["parameter"]))
    ncols = min(3, len(outcomes))
    nrows = -(-len(outcomes) // ncols)
    fig = new_figure(4.2 * ncols + 1.5, (0.5 * len(params) + 1.2) * nrows + 0.5)
    axes = fig.subplots(nrows, ncols, sharey=True, sharex=True, squeeze=False).ravel()
    y = np.arange(len(params))[::-1]
    h = 0.38
    for ax, outcome in zip(axes, outcomes, strict=False):
        d = table[table["outcome"] == outcome].set_index("parameter").reindex(params)
        for name, offset, colour, label in (
            ("total", -h / 2, OKABE_ITO[1], _TOTAL),
            ("first", h / 2, OKABE_ITO[4], _FIRST),
        ):
            col = "total_order" if name == "total" else "first_order"
            mean = d[col].to_numpy(float)
            err = np.vstack([mean - d[f"{name}_low"], d[f"{name}_high"] - mean])
            ax.barh(
                y + offset,
                mean,
                height=h,
                color=colour,
                xerr=np.clip(np.nan_to_num(err), 0, None),
                error_kw={"elinewidth": 1, "capsize": 2},
                label=tr(label, lang),
            )
        ax.axvline(0, color="black", lw=0.8)
        ax.set_title(outcome_label(outcome, lang), loc="left")
        ax.grid(axis="y", visible=False)
    for i, ax in enumerate(axes[len(outcomes) :], start=len(outcomes)):
        ax.set_visible(False)
        axes[i - ncols].xaxis.set_tick_params(labelbottom=True)  # the panel above keeps its axis
    # indices lie in [0, 1]; small samples scatter beyond, and their intervals more so
    axes[0].set_xlim(
        max(-1.0, min(-0.1, table["first_order"].min() - 0.1)),
        min(2.0, max(1.1, table["total_order"].max() + 0.1)),
    )
    axes[0].set_yticks(y, [parameter_label(p, lang) for p in params])
    fig.supxlabel(tr(_INDEX, lang), fontsize=10)
    handles, labels = axes[0].get_legend_handles_labels()
    fig.legend(handles[::-1], labels[::-1], loc="outside upper center", ncols=2)
    return fig
