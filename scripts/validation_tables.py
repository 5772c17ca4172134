"""Print the Markdown tables of docs/VALIDATION.md from the results of scripts/validation_runs.sh.

Usage::

    .venv/bin/python scripts/validation_tables.py RESULTS_ROOT

RESULTS_ROOT holds the batch folders the runs script writes (``mechanisms``, ``metro_councils``,
``patterns_reach``, ``goodhart`` …). Every figure is computed here from ``runs.parquet``:
means with 95% Student-t intervals across replicates, the smallest and largest replicate
(the spread), and paired differences (both points of a pair share their seed); nothing is
typed in by hand. Missing folders are skipped with a note.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
from scipy import stats

from cogov.experiments.analysis.estimates import difference, load_runs, mean_ci


def _ci(values: np.ndarray, digits: int = 4) -> str:
    m, lo, hi, _ = mean_ci(np.asarray(values, dtype=float))
    if abs(m) >= 10**digits:  # e.g. 34,400 visits rather than 3.44e+04
        return f"{m:,.0f} [{lo:,.0f}, {hi:,.0f}]"
    return f"{m:.{digits}g} [{lo:.{digits}g}, {hi:.{digits}g}]"


def _spread(values: np.ndarray) -> str:
    v = np.asarray(values, dtype=float)
    v = v[~np.isnan(v)]  # e.g. the mean petition size of a run without petitions
    if not v.size:
        return "—"
    if v.max() >= 1e4:
        return f"{v.min():,.0f} – {v.max():,.0f}"
    return f"{v.min():.4g} – {v.max():.4g}"


def _wilson(k: int, n: int) -> str:
    """``k`` of ``n`` with its 95% Wilson interval (percent)."""
    if n == 0:
        return "—"
    ci = stats.binomtest(k, n).proportion_ci(0.95, method="wilson")
    lo, hi = 100 * ci.low, 100 * ci.high
    return f"{k} of {n} ({100 * k / n:.0f}%, 95% CI {lo:.0f}–{hi:.0f}%)"


def shipped(root: Path) -> None:
    """xinhua_2013 as shipped (mechanisms point 0) and one_window (point 1): patterns, counts."""
    runs = load_runs(root / "mechanisms")
    years = runs["days"] / 365
    runs = runs.assign(
        hotline_per_resident_year=runs["found_by.resident"] / runs["residents"] / years
    )
    rows = [
        ("on_time_rate", "≈ 0.99 (12345 99.5%; grid centre 100%)"),
        ("on_time_from_report_rate", "— (the reporter's clock)"),
        ("solved_rate", "≈ 0.80 (12345 82%; grid centre ~80%)"),
        ("satisfaction_mean", "0.75–0.93 (12345 93%; grid centre 75–80%)"),
        ("hotline_per_resident_year", "≈ 0.05 (12345, 2016)"),
        ("volunteers_active_end", "≈ 1,000 (report)"),
        ("groups_active_end", "130+ (report)"),
        ("group_members_end", "— (start: 130 × 6)"),
        ("points_active_end", "37 (report)"),
        ("teams_active_end", "137 (report)"),
        ("elderly_served", "600+ (report)"),
        ("elderly_visits", "— (weekly rounds)"),
        ("elderly_needs_met_on_visits", "—"),
        ("community_offered", "—"),
        ("community_declined", "—"),
        ("petitions", "—"),
        ("petition_size_mean", "—"),
        ("chronic_solved", "3 seeded"),
        ("repeat_reports", "—"),
        ("passed_on", "—"),
        ("closed_on_paper", "—"),
        ("trust_mean_end", "start 0.6"),
        ("grievance_mean", "—"),
    ]
    n = int((runs["point"] == 0).sum())
    print(f"### xinhua_2013 as shipped (mechanisms point 0) and one_window (1), {n} replicates\n")
    print(
        "| outcome | target / source | xinhua_2013 mean [95% CI] | spread (min – max) "
        "| one_window mean [95% CI] |"
    )
    print("| --- | --- | --- | --- | --- |")
    p0, p1 = runs[runs["point"] == 0], runs[runs["point"] == 1]
    for col, target in rows:
        if col not in runs:
            continue
        print(f"| `{col}` | {target} | {_ci(p0[col])} | {_spread(p0[col])} | {_ci(p1[col])} |")
    print()
    for frame, label in ((p0, "xinhua_2013"), (p1, "one_window")):
        zero = int((frame["petitions"] == 0).sum())
        print(f"- runs without a collective petition under {label}: {_wilson(zero, len(frame))}")
    for point, label in ((0, "xinhua_2013"), (1, "one_window"), (2, "siloed")):
        cs = runs.loc[runs["point"] == point, "chronic_solved"].to_numpy()
        print(
            f"- chronic cases solved under {label}: {int(cs.sum())} of {3 * len(cs)} "
            f"(runs with all three solved: {_wilson(int((cs == 3).sum()), len(cs))})"
        )
    print()


def metro(root: Path) -> None:
    """Metro Line 11 with and without councils: petitions, their size, zero-petition runs."""
    runs = load_runs(root / "metro_councils")
    on, off = runs[runs["point"] == 0], runs[runs["point"] == 1]
    print(f"### Metro Line 11, councils on / off, {len(on)} paired replicates\n")
    print("| outcome | councils (as shipped) | no councils | on − off (95% CI, paired) |")
    print("| --- | --- | --- | --- |")
    cols = ("petitions", "petition_size_mean", "grievance_mean", "council_reached", "consultations")
    for col in cols:
        if col not in runs:
            continue
        d, lo, hi, _ = difference(on, off, col)
        print(f"| `{col}` | {_ci(on[col])} | {_ci(off[col])} | {d:.4g} [{lo:.4g}, {hi:.4g}] |")
    print()
    for frame, label in ((on, "with councils"), (off, "without councils")):
        zero = int((frame["petitions"] == 0).sum())
        print(
            f"- runs with no collective petition, {label}: {_wilson(zero, len(frame))}; "
            f"petitions per run {_spread(frame['petitions'])}"
        )
    print()


def reach(root: Path) -> None:
    """What the paper-reply and passing assumptions can reach under one window."""
    runs = load_runs(root / "patterns_reach")
    params = [
        "paper.base",
        "paper.lateness",
        "passing.base",
        "passing.handover_hours",
        "routing.triage_accuracy",
    ]
    print(f"### Reach of the government-side assumptions (one_window, {len(runs)} worlds)\n")
    print(
        f"- on-time rate over the worlds: {_spread(runs['on_time_rate'])}; "
        f"solved rate: {_spread(runs['solved_rate'])}"
    )
    near = runs[runs["on_time_rate"] >= 0.985]
    if len(near):
        print(f"- worlds with on time ≥ 0.985: {len(near)}; solved {_spread(near['solved_rate'])}")
    else:
        print("- no world reaches on time ≥ 0.985")
    print(f"- worlds with solved ≥ 0.77: {int((runs['solved_rate'] >= 0.77).sum())}")
    x = runs[params].to_numpy(float)
    x = (x - x.mean(axis=0)) / x.std(axis=0)
    design = np.column_stack([np.ones(len(x)), x])
    print("\n| assumption (bounds) | effect on on-time (per SD) | effect on solved (per SD) |")
    print("| --- | --- | --- |")
    coef = {
        y: np.linalg.lstsq(design, runs[y].to_numpy(float), rcond=None)[0][1:]
        for y in ("on_time_rate", "solved_rate")
    }
    for i, p in enumerate(params):
        lo, hi = runs[p].min(), runs[p].max()
        on_time, solved = coef["on_time_rate"][i], coef["solved_rate"][i]
        print(f"| `{p}` ({lo:.3g}–{hi:.3g}) | {on_time:+.4f} | {solved:+.4f} |")
    print()
    best = runs.sort_values("on_time_rate", ascending=False).head(3)
    print("Three worlds with the highest on-time rate:\n")
    cols = [*params, "on_time_rate", "solved_rate", "closed_on_paper"]
    print("| " + " | ".join(f"`{c}`" for c in cols) + " |")
    print("| " + " | ".join("---" for _ in cols) + " |")
    for _, row in best.iterrows():
        print("| " + " | ".join(f"{row[c]:.3g}" for c in cols) + " |")
    print()


def dispersion_index(
    seen: np.ndarray, size: np.ndarray, labels: list[str] | None = None
) -> tuple[float, float, int]:
    """χ²/df of counts ``seen`` against one rate per unit of ``size`` (1 for Poisson counts).

    With ``labels``, one rate per label (the expected count of a place is its label's total
    shared by size), and one degree of freedom fewer per label. Returns (χ²/df, χ², df).
    """
    seen, size = np.asarray(seen, dtype=float), np.asarray(size, dtype=float)
    keys = np.asarray(labels if labels is not None else [""] * len(seen))
    expected = np.empty_like(seen)
    for k in np.unique(keys):
        m = keys == k
        expected[m] = seen[m].sum() * size[m] / size[m].sum()
    chi2 = float(((seen - expected) ** 2 / expected).sum())
    df = len(seen) - len(np.unique(keys))
    return chi2 / df, chi2, df


def places(root: Path) -> None:
    """Per-neighbourhood differences: dispersion against Poisson, the property-company gap."""
    import json

    from cogov.sim.model import CoGovModel

    folder = root / "mechanisms"
    runs = load_runs(folder)
    graph = CoGovModel("xinhua_2013").graph  # residents per neighbourhood at full scale
    residents = {graph.nodes[n]["name"]: graph.nodes[n]["residents"] for n in graph.nodes}

    def by_nb(key: str) -> dict:
        path = folder / "runs" / key / "summary.json"
        return json.loads(path.read_text("utf-8"))["by_neighbourhood"]

    from cogov.sim.space import neighbourhoods

    housing_of = {n.name: n.housing for n in neighbourhoods()}
    dispersion, within, worst_p = [], [], 0.0
    gaps: dict[int, dict[str, list[float]]] = {0: {}, 1: {}}
    cols = ("solved_rate", "satisfaction_mean", "mean_hours_to_close")
    for point in (0, 1):
        for _, row in runs[runs["point"] == point].sort_values("seed").iterrows():
            nb = by_nb(row["key"])
            if point == 0:
                seen = np.array([nb[n]["arisen"] for n in residents], dtype=float)
                size = np.array(list(residents.values()), dtype=float)
                index, chi2, df = dispersion_index(seen, size)
                dispersion.append(index)
                worst_p = max(worst_p, float(stats.chi2.sf(chi2, df)))
                # the same with one rate per resident within each housing type
                within.append(dispersion_index(seen, size, [housing_of[n] for n in residents])[0])
            without = [n for n in nb if not nb[n]["property_company"]]
            with_company = [n for n in nb if nb[n]["property_company"]]
            for col in cols:
                gap = np.mean([nb[n][col] for n in without]) - np.mean(
                    [nb[n][col] for n in with_company]
                )
                gaps[point].setdefault(col, []).append(float(gap))
    print("### Places (mechanisms points 0 and 1)\n")
    print(
        f"- problems arisen per neighbourhood against a Poisson baseline with one rate per "
        f"resident: dispersion index (χ²/df, 1 under the baseline) {_ci(dispersion)}; "
        f"largest p over the runs {worst_p:.2g}"
    )
    print(
        f"- the same with one rate per resident within each housing type (the attribute the "
        f"property-issue factor reads): {_ci(within)}"
    )
    print(f"- {len(without)} of {len(nb)} neighbourhoods have no property company\n")
    print("| outcome: no company − company | xinhua_2013 | one_window | difference (paired) |")
    print("| --- | --- | --- | --- |")
    for col in cols:
        a, b = np.array(gaps[0][col]), np.array(gaps[1][col])
        print(f"| `{col}` | {_ci(a)} | {_ci(b)} | {_ci(a - b)} |")
    print()
    housing(runs, residents, by_nb)


def housing(runs, residents: dict[str, int], by_nb) -> None:
    """Outcomes by the neighbourhoods' housing type: do they follow the attributes?

    For each run, the pooled rate over the committees of one housing type (problems arisen
    per 1,000 residents, solved and satisfied shares of their cases, groups and volunteers
    per 10,000 residents, mean trust at the end); then the mean over runs with its 95%
    interval.
    """
    from cogov.sim.space import neighbourhoods

    kind = {n.name: n.housing for n in neighbourhoods()}
    types = sorted({kind[n] for n in residents}, key=list(kind.values()).index)
    rows = (
        ("problems arisen per 1,000 residents", "arisen", None, 1000.0),
        ("solved share of closed cases", "solved", "closed", 1.0),
        ("satisfied share of rated cases", "satisfied", "rated", 1.0),
        ("groups per 10,000 residents (end)", "groups", None, 10000.0),
        ("volunteers per 10,000 residents (end)", "volunteers", None, 10000.0),
    )
    for point, label in ((0, "xinhua_2013"), (1, "one_window")):
        values: dict[tuple[str, str], list[float]] = {}
        for _, row in runs[runs["point"] == point].iterrows():
            nb = by_nb(row["key"])
            for t in types:
                names = [n for n in residents if kind[n] == t]
                people = sum(residents[n] for n in names)
                for name, num, den, per in rows:
                    top = sum(nb[n][num] for n in names)
                    bottom = sum(nb[n][den] for n in names) if den else people
                    values.setdefault((name, t), []).append(per * top / bottom)
                trust = sum(nb[n]["trust_mean"] * residents[n] for n in names) / people
                values.setdefault(("mean trust (end)", t), []).append(trust)
        counts = {t: sum(kind[n] == t for n in residents) for t in types}
        print(f"By housing type under {label} (mean over runs [95% CI]):\n")
        print("| outcome | " + " | ".join(f"{t} ({counts[t]})" for t in types) + " |")
        print("| --- |" + " --- |" * len(types))
        for name in [r[0] for r in rows] + ["mean trust (end)"]:
            print(f"| {name} | " + " | ".join(_ci(values[(name, t)]) for t in types) + " |")
        print()


def main(argv: list[str]) -> None:
    """Print every table whose results folder exists under ``argv[0]``."""
    root = Path(argv[0])
    tables = (
        ("mechanisms", shipped),
        ("mechanisms", places),
        ("metro_councils", metro),
        ("patterns_reach", reach),
    )
    for name, fn in tables:
        if (root / name / "runs.parquet").exists():
            fn(root)
        else:
            print(f"({root / name} not found: skipped)\n")


if __name__ == "__main__":
    main(sys.argv[1:])
