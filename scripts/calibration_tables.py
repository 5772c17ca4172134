"""Print docs/VALIDATION.md's calibration tables (sections 3 and 3.1) from a calibration record.

Usage::

    .venv/bin/python scripts/calibration_tables.py docs/calibration_participation.json

Reads the JSON that ``cogov calibrate`` writes and prints, as Markdown (for the collective
fit, :func:`collective_tables`: its posterior, the petition-free runs over slices of each
prior range and the check with and without councils; otherwise): the posterior of each
parameter (prior, mean, median, 95% interval, identified, centre, shipped value, the surrogate
fit and the plain rejection on the same runs for comparison), the posterior correlations, and
each target's and check's outcomes at the centre and over the posterior draws. Nothing is
computed here that the record does not hold, except rounding.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path


def _g(x: float, digits: int = 4) -> str:
    """``x`` to ``digits`` significant figures, thousands separated."""
    if abs(x) >= 1000:
        return f"{x:,.0f}" if x == int(x) else f"{x:,.1f}"
    return f"{x:.{digits}g}"


def _aim(o: dict) -> str:
    """A target as the table writes it: ``v ± tol``, or ``≥ v (tolerance tol)`` for "N+"."""
    if o.get("at_least"):
        return f"≥ {_g(o['target'])} (tolerance {_g(o['tolerance'])})"
    return f"{_g(o['target'])} ± {_g(o['tolerance'])}"


def parameter_table(record: dict) -> list[str]:
    """The posterior table, one row per calibrated parameter."""
    surrogate = record["surrogate_lsq"]["parameters"]
    rejection = record["rejection"]["parameters"]
    rows = [
        "| parameter | prior (assumed) | posterior mean | median | 95% interval | identified? "
        "| centre | shipped | surrogate LSQ fit [bootstrap 95%] | plain rejection 95% |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for name, p in record["parameters"].items():
        lo, hi = p["bounds"]
        s, r = surrogate[name], rejection[name]
        rows.append(
            f"| `{name}` | {_g(lo)}–{_g(hi)} | {_g(p['mean'])} | {_g(p['median'])} "
            f"| [{_g(p['ci_low'])}, {_g(p['ci_high'])}] "
            f"| {'yes' if p['identified'] else '**no**'} | {_g(p['centre'])} "
            f"| **{_g(p['value'])}** | {_g(s['value'])} [{_g(s['ci_low'])}, {_g(s['ci_high'])}] "
            f"| [{_g(r['ci_low'])}, {_g(r['ci_high'])}] |"
        )
    return rows


def correlation_line(record: dict) -> str:
    """The posterior's pairwise correlations, largest first."""
    pairs = sorted(
        ((k, v) for k, v in record["abc"]["correlations"].items() if v is not None),
        key=lambda kv: -abs(kv[1]),
    )
    short = [f"{k.replace('participation.', '').replace('units.', '')} {v:.2f}" for k, v in pairs]
    return "Posterior correlations (weighted, adjusted draws): " + ", ".join(short) + "."


def outcome_table(record: dict) -> list[str]:
    """Each target and check at the centre (fresh replicates) and over posterior draws."""
    design = record["design"]
    draws = max(p["n"] for p in record["predictive"].values())  # distinct draws actually run
    rows = [
        "| outcome | role | target ± tolerance | at the centre: "
        f"{design['check_replicates']} fresh replicates, mean [95% CI] | within tolerance "
        f"| posterior predictive: {draws} runs at posterior draws, "
        "mean [2.5–97.5%] | mean within tolerance | target in the range |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for name, o in record["outcomes"].items():
        p = record["predictive"][name]
        rows.append(
            f"| `{name}` | {'fitted' if o['fitted'] else '**check, not fitted**'} "
            f"| {_aim(o)} ({o['source']}) "
            f"| {_g(o['mean'])} [{_g(o['ci_low'])}, {_g(o['ci_high'])}] "
            f"| {'yes' if o['within_tolerance'] else '**no**'} "
            f"| {_g(p['mean'])} [{_g(p['low'])}, {_g(p['high'])}] "
            f"| {'yes' if p['within_tolerance'] else '**no**'} "
            f"| {'yes' if p['target_in_range'] else '**no**'} |"
        )
    return rows


def collective_tables(record: dict) -> list[str]:
    """The collective fit (exact-match rejection): posterior, acceptance by slice, check."""
    abc, design = record["abc"], record["design"]
    rows = [
        f"{abc['accepted']} of {abc['draws']} runs accepted ({record['datum']['outcome']} == "
        f"{record['datum']['value']}), code {record['code_version']}, created "
        f"{record['created']}",
        "",
        "| parameter | prior (assumed) | posterior mean | median | 95% interval | identified? "
        "| side set by the prior | centre | shipped |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for name, p in record["parameters"].items():
        lo, hi = p["bounds"]
        if p.get("value") is None:
            rows.append(f"| `{name}` | {_g(lo)}–{_g(hi)} | no run matched the datum |")
            continue
        rows.append(
            f"| `{name}` | {_g(lo)}–{_g(hi)} | {_g(p['mean'])} | {_g(p['median'])} "
            f"| [{_g(p['ci_low'])}, {_g(p['ci_high'])}] "
            f"| {'yes' if p['identified'] else '**no**'} "
            f"| {', '.join(p['prior_bound_side']) or '—'} | {_g(p['centre'])} "
            f"| **{_g(p['value'])}** |"
        )
    rows += ["", "| parameter | slice | runs | petition-free |", "| --- | --- | --- | --- |"]
    for name, p in abc["parameters"].items():
        for sl in p["acceptance_by_slice"]:
            rows.append(
                f"| `{name}` | {_g(sl['from'])}–{_g(sl['to'])} | {sl['runs']} | {sl['accepted']} |"
            )
    rows += [
        "",
        f"| at the centre, {design['check_replicates']} paired replicates | petition-free "
        "years (Wilson 95%) | petitions a year, mean [95% CI] | most in a year |",
        "| --- | --- | --- | --- |",
    ]
    for arm, a in record["predictive"].items():
        rows.append(
            f"| {arm.replace('_', ' ')} | {a['petition_free']} of {a['runs']} = "
            f"{a['share']:.0%} ({a['wilson_low']:.0%}–{a['wilson_high']:.0%}) "
            f"| {_g(a['petitions_mean'])} [{_g(a['petitions_ci_low'])}, "
            f"{_g(a['petitions_ci_high'])}] | {_g(a['petitions_max'])} |"
        )
    return rows


def main(argv: list[str] | None = None) -> None:
    """Print the tables of the record named on the command line."""
    args = sys.argv[1:] if argv is None else argv
    record = json.loads(Path(args[0]).read_text(encoding="utf-8"))
    if record.get("fit") == "collective":
        print("\n".join(collective_tables(record)))
        return
    abc = record["abc"]
    print(
        f"{abc['accepted']} of {abc['draws']} runs accepted, epsilon {abc['epsilon']:.3g} "
        f"tolerances; code {record['code_version']}; created {record['created']}\n"
    )
    print("\n".join(parameter_table(record)))
    print()
    print(correlation_line(record))
    print()
    print("\n".join(outcome_table(record)))


if __name__ == "__main__":
    main()
